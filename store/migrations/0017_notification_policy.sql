-- Notification filtering (Mastodon 4.3's policy and requests). A filtered
-- notification is stored but kept out of the normal lists until its
-- request is accepted.
ALTER TABLE notifications ADD COLUMN filtered INTEGER NOT NULL DEFAULT 0;
CREATE INDEX notifications_filtered ON notifications(account_id, from_account_id) WHERE filtered = 1;

-- One row per account that changed its policy; absent means Mastodon's defaults.
CREATE TABLE notification_policies (
	account_id           INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
	for_not_following    TEXT NOT NULL CHECK (for_not_following IN ('accept', 'filter', 'drop')),
	for_not_followers    TEXT NOT NULL CHECK (for_not_followers IN ('accept', 'filter', 'drop')),
	for_new_accounts     TEXT NOT NULL CHECK (for_new_accounts IN ('accept', 'filter', 'drop')),
	for_private_mentions TEXT NOT NULL CHECK (for_private_mentions IN ('accept', 'filter', 'drop')),
	for_limited_accounts TEXT NOT NULL CHECK (for_limited_accounts IN ('accept', 'filter', 'drop'))
) STRICT;

-- Filtered notifications gathered per sender, awaiting accept or dismiss.
CREATE TABLE notification_requests (
	id              INTEGER PRIMARY KEY,
	account_id      INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	from_account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	last_status_id  INTEGER REFERENCES statuses(id) ON DELETE SET NULL,
	created_at      INTEGER NOT NULL,
	updated_at      INTEGER NOT NULL,
	UNIQUE (account_id, from_account_id)
) STRICT;

-- Senders whose request the account accepted: never filtered again.
CREATE TABLE notification_permissions (
	account_id      INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	from_account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	created_at      INTEGER NOT NULL,
	PRIMARY KEY (account_id, from_account_id)
) STRICT, WITHOUT ROWID;
