-- Invite links: /invite/CODE lets someone sign up even when registrations
-- are closed, until the link expires or has been used max_uses times.
CREATE TABLE invites (
	id         INTEGER PRIMARY KEY,
	code       TEXT NOT NULL UNIQUE,
	user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	max_uses   INTEGER,          -- NULL: no limit
	uses       INTEGER NOT NULL DEFAULT 0,
	expires_at INTEGER,          -- NULL: never
	created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX invites_user ON invites(user_id, id);
