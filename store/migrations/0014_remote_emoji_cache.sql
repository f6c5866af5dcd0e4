-- Remote custom emojis get a local copy (media_path) when first shown;
-- cached_at is when it was made, so `roost admin media prune
-- --remote-older-than` can drop old copies.
ALTER TABLE custom_emojis ADD COLUMN cached_at INTEGER;
CREATE INDEX custom_emojis_cached ON custom_emojis(cached_at) WHERE domain != '' AND media_path != '';
