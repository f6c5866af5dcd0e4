-- Private notes one account keeps on another (Relationship.note).
CREATE TABLE account_notes (
	account_id        INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	target_account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	comment           TEXT NOT NULL,
	updated_at        INTEGER NOT NULL,
	PRIMARY KEY (account_id, target_account_id)
) STRICT, WITHOUT ROWID;

-- Accounts featured on a profile (Mastodon's endorsements, "account pins");
-- the id orders and pages the list.
CREATE TABLE endorsements (
	id                INTEGER PRIMARY KEY,
	account_id        INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	target_account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	created_at        INTEGER NOT NULL,
	UNIQUE (account_id, target_account_id)
) STRICT;

-- Threads (statuses.conversation_id) whose notifications an account silenced.
CREATE TABLE conversation_mutes (
	account_id      INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	conversation_id INTEGER NOT NULL,
	created_at      INTEGER NOT NULL,
	PRIMARY KEY (account_id, conversation_id)
) STRICT, WITHOUT ROWID;
