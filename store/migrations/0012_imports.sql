-- CSV imports in Mastodon's formats (settings, Import). A job is one
-- uploaded file; its rows are stored whole at upload so that the worker
-- resumes after a restart at the first row it has not finished: processed
-- is the cursor (rows are numbered from 0).
CREATE TABLE import_jobs (
	id          INTEGER PRIMARY KEY,
	account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	kind        TEXT NOT NULL,              -- following, blocking, muting, domain_blocking, bookmarks, lists
	overwrite   INTEGER NOT NULL DEFAULT 0, -- 1: what the file does not list is removed first
	file_name   TEXT NOT NULL DEFAULT '',
	total       INTEGER NOT NULL,
	processed   INTEGER NOT NULL DEFAULT 0,
	failed      INTEGER NOT NULL DEFAULT 0,
	prepared    INTEGER NOT NULL DEFAULT 0, -- 1: the overwrite clean-up is done
	created_at  INTEGER NOT NULL,
	finished_at INTEGER                     -- NULL: still to do
) STRICT;
CREATE INDEX import_jobs_account ON import_jobs(account_id, id);
CREATE INDEX import_jobs_pending ON import_jobs(id) WHERE finished_at IS NULL;

-- One row of a job's file, read into the columns its kind uses: target is
-- the account address, domain or status URL.
CREATE TABLE import_rows (
	job_id             INTEGER NOT NULL REFERENCES import_jobs(id) ON DELETE CASCADE,
	position           INTEGER NOT NULL,
	target             TEXT NOT NULL,
	list_name          TEXT NOT NULL DEFAULT '',
	show_reblogs       INTEGER NOT NULL DEFAULT 1,
	notify             INTEGER NOT NULL DEFAULT 0,
	hide_notifications INTEGER NOT NULL DEFAULT 1,
	error              TEXT NOT NULL DEFAULT '', -- why the row failed, once done
	PRIMARY KEY (job_id, position)
) STRICT, WITHOUT ROWID;
