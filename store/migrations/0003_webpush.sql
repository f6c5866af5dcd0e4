-- Web Push. A queued push message names its subscription, so that the
-- worker can encrypt it with the subscription's keys and so that a
-- subscription's pending messages go when it does (the push service
-- answered 404/410, or the app unsubscribed).
ALTER TABLE deliveries ADD COLUMN push_subscription_id INTEGER REFERENCES push_subscriptions(id) ON DELETE CASCADE;
CREATE INDEX deliveries_push ON deliveries(kind, next_at);
-- Mastodon's push message carries the bearer token it was subscribed
-- with, so that a multi-account app knows whose notification it is.
-- Tokens are stored hashed, so the subscription keeps its own copy; it
-- goes with the subscription, and a revoked token's subscription is not
-- sent to.
ALTER TABLE push_subscriptions ADD COLUMN access_token TEXT NOT NULL DEFAULT '';
