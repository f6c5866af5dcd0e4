-- When a remote status's replies collection was last read (thread
-- backfill), so a thread viewed often is not refetched each time.
ALTER TABLE statuses ADD COLUMN replies_fetched_at INTEGER;
