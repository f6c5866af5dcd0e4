-- Accounts a user dismissed from their follow suggestions
-- (DELETE /api/v1/suggestions/:account_id); they are not suggested again.
CREATE TABLE suggestion_dismissals (
	account_id        INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	target_account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	PRIMARY KEY (account_id, target_account_id)
) STRICT, WITHOUT ROWID;
