-- Link previews fetched from the web, shared by every status linking the
-- same URL, so that a link many posts carry is fetched once per TTL. A
-- failed fetch is kept too (card = ''), so a bad URL is not retried at
-- every view.
CREATE TABLE link_cards (
	url        TEXT PRIMARY KEY,
	card       TEXT NOT NULL DEFAULT '',  -- JSON preview card, '' when the page gave none
	fetched_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
