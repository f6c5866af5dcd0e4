-- Full-text index of statuses (not reblogs) for search. Contentless: the
-- indexed text is the status without its HTML markup, which SQLite cannot
-- compute, so the store writes it (InsertStatus, UpdateStatusContent,
-- UpdateRemoteStatus) in the transaction of the write; the trigger below
-- covers every delete, including ON DELETE CASCADE from accounts.
CREATE VIRTUAL TABLE status_fts USING fts5(body, spoiler, content = '', contentless_delete = 1,
	tokenize = 'unicode61 remove_diacritics 2');

CREATE TRIGGER status_fts_delete AFTER DELETE ON statuses WHEN old.reblog_of_id IS NULL BEGIN
	DELETE FROM status_fts WHERE rowid = old.id;
END;

-- Backfill. Local statuses keep their typed source; remote ones only have
-- HTML, of which the common paragraph and break tags are dropped here; the
-- rest is reindexed cleanly by the store on the status's next update.
INSERT INTO status_fts (rowid, body, spoiler)
SELECT id,
	CASE WHEN text != '' THEN text ELSE
		replace(replace(replace(replace(replace(replace(content, '<p>', ' '), '</p>', ' '), '<br>', ' '),
			'<br />', ' '), '<br/>', ' '), '</a>', ' ')
	END,
	spoiler_text
FROM statuses WHERE reblog_of_id IS NULL;
