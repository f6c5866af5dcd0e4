-- Quote posts (FEP-044f quote, Misskey's _misskey_quote, Fedibird's
-- quoteUri): the ActivityPub id of the post a status quotes, '' for none.
-- The quoted post is resolved lazily and looked up by this uri.
ALTER TABLE statuses ADD COLUMN quote_uri TEXT NOT NULL DEFAULT '';
