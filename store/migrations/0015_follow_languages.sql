-- Per-follow languages (Mastodon's follows.languages): a follow request
-- carries them until it is accepted, and a CSV import row until it is
-- applied. The codes are stored comma-separated, '' meaning all languages,
-- as follows.languages already is.
ALTER TABLE follow_requests ADD COLUMN languages TEXT NOT NULL DEFAULT '';
ALTER TABLE import_rows ADD COLUMN languages TEXT NOT NULL DEFAULT '';
