-- Grouped notifications (GET /api/v2/notifications) count and sample each
-- group's members by key; without this index every page would read all of
-- an account's notifications.
CREATE INDEX notifications_group ON notifications(account_id, group_key, id);
