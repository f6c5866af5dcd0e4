-- When the current run of delivery failures to a host began, so that a host
-- is marked unavailable only after failing for long enough, not after one
-- burst of failures during a short outage. NULL while the host answers.
ALTER TABLE hosts ADD COLUMN failing_since INTEGER;
