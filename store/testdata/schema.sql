CREATE TRIGGER status_fts_delete AFTER DELETE ON statuses WHEN old.reblog_of_id IS NULL BEGIN
	DELETE FROM status_fts WHERE rowid = old.id;
END;

CREATE TABLE account_notes (
	account_id        INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	target_account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	comment           TEXT NOT NULL,
	updated_at        INTEGER NOT NULL,
	PRIMARY KEY (account_id, target_account_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE accounts (
	id               INTEGER PRIMARY KEY,
	username         TEXT NOT NULL,
	domain           TEXT NOT NULL DEFAULT '',
	actor_type       TEXT NOT NULL DEFAULT 'Person', -- Person, Service, Application, Group
	display_name     TEXT NOT NULL DEFAULT '',
	note             TEXT NOT NULL DEFAULT '',       -- HTML, sanitised
	note_source      TEXT NOT NULL DEFAULT '',       -- what a local user typed
	fields           TEXT NOT NULL DEFAULT '[]',     -- JSON [{name, value, verified_at}]
	avatar_media_id  INTEGER,
	header_media_id  INTEGER,
	avatar_remote_url TEXT NOT NULL DEFAULT '',
	header_remote_url TEXT NOT NULL DEFAULT '',
	locked           INTEGER NOT NULL DEFAULT 0,
	bot              INTEGER NOT NULL DEFAULT 0,
	discoverable     INTEGER NOT NULL DEFAULT 1,
	indexable        INTEGER NOT NULL DEFAULT 0,
	hide_collections INTEGER NOT NULL DEFAULT 0,
	memorial         INTEGER NOT NULL DEFAULT 0,
	uri              TEXT NOT NULL,                  -- ActivityPub id
	url              TEXT NOT NULL DEFAULT '',       -- profile page
	inbox_url        TEXT NOT NULL DEFAULT '',
	shared_inbox_url TEXT NOT NULL DEFAULT '',
	outbox_url       TEXT NOT NULL DEFAULT '',
	followers_url    TEXT NOT NULL DEFAULT '',
	following_url    TEXT NOT NULL DEFAULT '',
	featured_url     TEXT NOT NULL DEFAULT '',
	featured_tags_url TEXT NOT NULL DEFAULT '',
	public_key_id    TEXT NOT NULL DEFAULT '',
	public_key_pem   TEXT NOT NULL DEFAULT '',
	private_key_pem  TEXT NOT NULL DEFAULT '',       -- local accounts only
	also_known_as    TEXT NOT NULL DEFAULT '[]',     -- JSON array of actor URIs
	moved_to_id      INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
	emojis           TEXT NOT NULL DEFAULT '[]',     -- JSON, remote custom emojis used in name/note
	followers_count  INTEGER NOT NULL DEFAULT 0,
	following_count  INTEGER NOT NULL DEFAULT 0,
	statuses_count   INTEGER NOT NULL DEFAULT 0,
	last_status_at   INTEGER,
	created_at       INTEGER NOT NULL,
	updated_at       INTEGER NOT NULL,
	fetched_at       INTEGER,                        -- remote: last refresh
	backfilled_at    INTEGER,                        -- remote: last outbox backfill
	suspended_at     INTEGER,
	silenced_at      INTEGER
) STRICT;

CREATE TABLE announcement_dismissals (
	announcement_id INTEGER NOT NULL REFERENCES announcements(id) ON DELETE CASCADE,
	account_id      INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	PRIMARY KEY (announcement_id, account_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE announcement_reactions (
	announcement_id INTEGER NOT NULL REFERENCES announcements(id) ON DELETE CASCADE,
	account_id      INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	name            TEXT NOT NULL,
	PRIMARY KEY (announcement_id, account_id, name)
) STRICT, WITHOUT ROWID;

CREATE TABLE announcements (
	id           INTEGER PRIMARY KEY,
	text         TEXT NOT NULL,
	content      TEXT NOT NULL,
	starts_at    INTEGER,
	ends_at      INTEGER,
	all_day      INTEGER NOT NULL DEFAULT 0,
	published_at INTEGER,
	created_at   INTEGER NOT NULL,
	updated_at   INTEGER NOT NULL
) STRICT;

CREATE TABLE blocks (
	id                INTEGER PRIMARY KEY,
	account_id        INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	target_account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	uri               TEXT NOT NULL DEFAULT '',
	created_at        INTEGER NOT NULL,
	UNIQUE (account_id, target_account_id)
) STRICT;

CREATE TABLE bookmarks (
	id         INTEGER PRIMARY KEY,
	account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	status_id  INTEGER NOT NULL REFERENCES statuses(id) ON DELETE CASCADE,
	created_at INTEGER NOT NULL,
	UNIQUE (account_id, status_id)
) STRICT;

CREATE TABLE conversation_mutes (
	account_id      INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	conversation_id INTEGER NOT NULL,
	created_at      INTEGER NOT NULL,
	PRIMARY KEY (account_id, conversation_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE conversations (
	id              INTEGER PRIMARY KEY,
	account_id      INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	conversation_id INTEGER NOT NULL,
	last_status_id  INTEGER REFERENCES statuses(id) ON DELETE SET NULL,
	participant_ids TEXT NOT NULL DEFAULT '[]',
	unread          INTEGER NOT NULL DEFAULT 1,
	updated_at      INTEGER NOT NULL,
	UNIQUE (account_id, conversation_id)
) STRICT;

CREATE TABLE custom_emojis (
	id                INTEGER PRIMARY KEY,
	shortcode         TEXT NOT NULL,
	domain            TEXT NOT NULL DEFAULT '',
	uri               TEXT NOT NULL DEFAULT '',
	image_remote_url  TEXT NOT NULL DEFAULT '',
	media_path        TEXT NOT NULL DEFAULT '',
	content_type      TEXT NOT NULL DEFAULT '',
	category          TEXT NOT NULL DEFAULT '',
	visible_in_picker INTEGER NOT NULL DEFAULT 1,
	disabled          INTEGER NOT NULL DEFAULT 0,
	created_at        INTEGER NOT NULL,
	updated_at        INTEGER NOT NULL
, cached_at INTEGER) STRICT;

CREATE TABLE deliveries (
	id           INTEGER PRIMARY KEY,
	kind         TEXT NOT NULL DEFAULT 'activitypub', -- activitypub, webpush
	sender_id    INTEGER REFERENCES accounts(id) ON DELETE CASCADE,
	target_url   TEXT NOT NULL,
	host         TEXT NOT NULL,
	payload      BLOB NOT NULL,
	attempts     INTEGER NOT NULL DEFAULT 0,
	next_at      INTEGER NOT NULL,
	last_error   TEXT NOT NULL DEFAULT '',
	created_at   INTEGER NOT NULL
, push_subscription_id INTEGER REFERENCES push_subscriptions(id) ON DELETE CASCADE) STRICT;

CREATE TABLE endorsements (
	id                INTEGER PRIMARY KEY,
	account_id        INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	target_account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	created_at        INTEGER NOT NULL,
	UNIQUE (account_id, target_account_id)
) STRICT;

CREATE TABLE favourites (
	id         INTEGER PRIMARY KEY,
	account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	status_id  INTEGER NOT NULL REFERENCES statuses(id) ON DELETE CASCADE,
	uri        TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	UNIQUE (account_id, status_id)
) STRICT;

CREATE TABLE featured_tags (
	id         INTEGER PRIMARY KEY,
	account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	tag_id     INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
	created_at INTEGER NOT NULL,
	UNIQUE (account_id, tag_id)
) STRICT;

CREATE TABLE filter_keywords (
	id         INTEGER PRIMARY KEY,
	filter_id  INTEGER NOT NULL REFERENCES filters(id) ON DELETE CASCADE,
	keyword    TEXT NOT NULL,
	whole_word INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE filter_statuses (
	id        INTEGER PRIMARY KEY,
	filter_id INTEGER NOT NULL REFERENCES filters(id) ON DELETE CASCADE,
	status_id INTEGER NOT NULL REFERENCES statuses(id) ON DELETE CASCADE
) STRICT;

CREATE TABLE filters (
	id           INTEGER PRIMARY KEY,
	account_id   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	title        TEXT NOT NULL,
	contexts     TEXT NOT NULL,                     -- space-separated: home notifications public thread account
	action       TEXT NOT NULL DEFAULT 'warn' CHECK (action IN ('warn', 'hide', 'blur')),
	expires_at   INTEGER,
	created_at   INTEGER NOT NULL
) STRICT;

CREATE TABLE follow_requests (
	id                INTEGER PRIMARY KEY,
	account_id        INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	target_account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	uri               TEXT NOT NULL DEFAULT '',
	show_reblogs      INTEGER NOT NULL DEFAULT 1,
	notify            INTEGER NOT NULL DEFAULT 0,
	created_at        INTEGER NOT NULL, languages TEXT NOT NULL DEFAULT '',
	UNIQUE (account_id, target_account_id)
) STRICT;

CREATE TABLE followed_tags (
	account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	tag_id     INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
	created_at INTEGER NOT NULL,
	PRIMARY KEY (account_id, tag_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE follows (
	id                INTEGER PRIMARY KEY,
	account_id        INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	target_account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	uri               TEXT NOT NULL DEFAULT '',
	show_reblogs      INTEGER NOT NULL DEFAULT 1,
	notify            INTEGER NOT NULL DEFAULT 0,
	languages         TEXT NOT NULL DEFAULT '',
	created_at        INTEGER NOT NULL,
	UNIQUE (account_id, target_account_id)
) STRICT;

CREATE TABLE hosts (
	host              TEXT PRIMARY KEY,
	failures          INTEGER NOT NULL DEFAULT 0,
	unavailable_since INTEGER,
	signature_scheme  TEXT NOT NULL DEFAULT '',     -- '', rfc9421, cavage
	software          TEXT NOT NULL DEFAULT '',
	updated_at        INTEGER NOT NULL
, failing_since INTEGER) STRICT;

CREATE TABLE idempotency_keys (
	account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	key        TEXT NOT NULL,
	status_id  INTEGER NOT NULL REFERENCES statuses(id) ON DELETE CASCADE,
	created_at INTEGER NOT NULL,
	PRIMARY KEY (account_id, key)
) STRICT, WITHOUT ROWID;

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

CREATE TABLE import_rows (
	job_id             INTEGER NOT NULL REFERENCES import_jobs(id) ON DELETE CASCADE,
	position           INTEGER NOT NULL,
	target             TEXT NOT NULL,
	list_name          TEXT NOT NULL DEFAULT '',
	show_reblogs       INTEGER NOT NULL DEFAULT 1,
	notify             INTEGER NOT NULL DEFAULT 0,
	hide_notifications INTEGER NOT NULL DEFAULT 1,
	error              TEXT NOT NULL DEFAULT '', languages TEXT NOT NULL DEFAULT '', -- why the row failed, once done
	PRIMARY KEY (job_id, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE inbox_seen (
	activity_uri TEXT PRIMARY KEY,
	seen_at      INTEGER NOT NULL
) STRICT;

CREATE TABLE instance_domain_allows (
	domain     TEXT PRIMARY KEY,
	created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE instance_domain_blocks (
	domain          TEXT PRIMARY KEY,
	severity        TEXT NOT NULL CHECK (severity IN ('silence', 'suspend', 'noop')),
	reject_media    INTEGER NOT NULL DEFAULT 0,
	public_comment  TEXT NOT NULL DEFAULT '',
	private_comment TEXT NOT NULL DEFAULT '',
	created_at      INTEGER NOT NULL
) STRICT;

CREATE TABLE invites (
	id         INTEGER PRIMARY KEY,
	code       TEXT NOT NULL UNIQUE,
	user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	max_uses   INTEGER,          -- NULL: no limit
	uses       INTEGER NOT NULL DEFAULT 0,
	expires_at INTEGER,          -- NULL: never
	created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE link_cards (
	url        TEXT PRIMARY KEY,
	card       TEXT NOT NULL DEFAULT '',  -- JSON preview card, '' when the page gave none
	fetched_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE list_accounts (
	list_id    INTEGER NOT NULL REFERENCES lists(id) ON DELETE CASCADE,
	account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	PRIMARY KEY (list_id, account_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE lists (
	id             INTEGER PRIMARY KEY,
	account_id     INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	title          TEXT NOT NULL,
	replies_policy TEXT NOT NULL DEFAULT 'list' CHECK (replies_policy IN ('followed', 'list', 'none')),
	exclusive      INTEGER NOT NULL DEFAULT 0,
	created_at     INTEGER NOT NULL
) STRICT;

CREATE TABLE markers (
	account_id   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	timeline     TEXT NOT NULL CHECK (timeline IN ('home', 'notifications')),
	last_read_id INTEGER NOT NULL,
	version      INTEGER NOT NULL DEFAULT 0,
	updated_at   INTEGER NOT NULL,
	PRIMARY KEY (account_id, timeline)
) STRICT, WITHOUT ROWID;

CREATE TABLE media_attachments (
	id              INTEGER PRIMARY KEY,
	account_id      INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	status_id       INTEGER REFERENCES statuses(id) ON DELETE SET NULL,
	position        INTEGER NOT NULL DEFAULT 0,
	kind            TEXT NOT NULL DEFAULT 'image',  -- image, gifv, video, audio, unknown
	content_type    TEXT NOT NULL DEFAULT '',
	file_path       TEXT NOT NULL DEFAULT '',       -- relative to the media folder; '' if not cached
	thumbnail_path  TEXT NOT NULL DEFAULT '',
	remote_url      TEXT NOT NULL DEFAULT '',
	description     TEXT NOT NULL DEFAULT '',
	blurhash        TEXT NOT NULL DEFAULT '',
	focus_x         REAL NOT NULL DEFAULT 0,
	focus_y         REAL NOT NULL DEFAULT 0,
	meta            TEXT NOT NULL DEFAULT '{}',     -- JSON: original/small sizes, duration
	file_size       INTEGER NOT NULL DEFAULT 0,
	processing      INTEGER NOT NULL DEFAULT 0,
	created_at      INTEGER NOT NULL,
	cached_at       INTEGER
) STRICT;

CREATE TABLE mentions (
	status_id  INTEGER NOT NULL REFERENCES statuses(id) ON DELETE CASCADE,
	account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	PRIMARY KEY (status_id, account_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE mutes (
	id                 INTEGER PRIMARY KEY,
	account_id         INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	target_account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	hide_notifications INTEGER NOT NULL DEFAULT 1,
	expires_at         INTEGER,
	created_at         INTEGER NOT NULL,
	UNIQUE (account_id, target_account_id)
) STRICT;

CREATE TABLE notification_permissions (
	account_id      INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	from_account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	created_at      INTEGER NOT NULL,
	PRIMARY KEY (account_id, from_account_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE notification_policies (
	account_id           INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
	for_not_following    TEXT NOT NULL CHECK (for_not_following IN ('accept', 'filter', 'drop')),
	for_not_followers    TEXT NOT NULL CHECK (for_not_followers IN ('accept', 'filter', 'drop')),
	for_new_accounts     TEXT NOT NULL CHECK (for_new_accounts IN ('accept', 'filter', 'drop')),
	for_private_mentions TEXT NOT NULL CHECK (for_private_mentions IN ('accept', 'filter', 'drop')),
	for_limited_accounts TEXT NOT NULL CHECK (for_limited_accounts IN ('accept', 'filter', 'drop'))
) STRICT;

CREATE TABLE notification_requests (
	id              INTEGER PRIMARY KEY,
	account_id      INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	from_account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	last_status_id  INTEGER REFERENCES statuses(id) ON DELETE SET NULL,
	created_at      INTEGER NOT NULL,
	updated_at      INTEGER NOT NULL,
	UNIQUE (account_id, from_account_id)
) STRICT;

CREATE TABLE notifications (
	id              INTEGER PRIMARY KEY,
	account_id      INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	from_account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	type            TEXT NOT NULL,
	status_id       INTEGER REFERENCES statuses(id) ON DELETE CASCADE,
	group_key       TEXT NOT NULL DEFAULT '',
	created_at      INTEGER NOT NULL,
	dismissed_at    INTEGER
, filtered INTEGER NOT NULL DEFAULT 0) STRICT;

CREATE TABLE oauth_apps (
	id            INTEGER PRIMARY KEY,
	name          TEXT NOT NULL,
	website       TEXT NOT NULL DEFAULT '',
	redirect_uris TEXT NOT NULL,                     -- newline-separated
	scopes        TEXT NOT NULL,                     -- space-separated
	client_id     TEXT NOT NULL UNIQUE,
	client_secret TEXT NOT NULL,
	created_at    INTEGER NOT NULL
) STRICT;

CREATE TABLE oauth_codes (
	code_hash             TEXT PRIMARY KEY,
	app_id                INTEGER NOT NULL REFERENCES oauth_apps(id) ON DELETE CASCADE,
	user_id               INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	redirect_uri          TEXT NOT NULL,
	scopes                TEXT NOT NULL,
	code_challenge        TEXT NOT NULL DEFAULT '',
	code_challenge_method TEXT NOT NULL DEFAULT '',
	created_at            INTEGER NOT NULL,
	expires_at            INTEGER NOT NULL
) STRICT;

CREATE TABLE oauth_tokens (
	id           INTEGER PRIMARY KEY,
	token_hash   TEXT NOT NULL UNIQUE,               -- sha256 of the bearer token
	app_id       INTEGER REFERENCES oauth_apps(id) ON DELETE CASCADE,
	user_id      INTEGER REFERENCES users(id) ON DELETE CASCADE, -- NULL: client_credentials
	scopes       TEXT NOT NULL,
	kind         TEXT NOT NULL DEFAULT 'oauth' CHECK (kind IN ('oauth', 'session', 'feed')),
	user_agent   TEXT NOT NULL DEFAULT '',
	ip           TEXT NOT NULL DEFAULT '',
	created_at   INTEGER NOT NULL,
	last_used_at INTEGER,
	revoked_at   INTEGER
) STRICT;

CREATE TABLE password_resets (
	token_hash TEXT PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL
) STRICT;

CREATE TABLE pins (
	account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	status_id  INTEGER NOT NULL REFERENCES statuses(id) ON DELETE CASCADE,
	created_at INTEGER NOT NULL,
	PRIMARY KEY (account_id, status_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE poll_votes (
	poll_id    INTEGER NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
	account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	choice     INTEGER NOT NULL,
	uri        TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	PRIMARY KEY (poll_id, account_id, choice)
) STRICT, WITHOUT ROWID;

CREATE TABLE polls (
	id          INTEGER PRIMARY KEY,
	status_id   INTEGER NOT NULL UNIQUE REFERENCES statuses(id) ON DELETE CASCADE,
	options     TEXT NOT NULL,                      -- JSON [{title, votes_count}]
	multiple    INTEGER NOT NULL DEFAULT 0,
	hide_totals INTEGER NOT NULL DEFAULT 0,
	votes_count INTEGER NOT NULL DEFAULT 0,
	voters_count INTEGER NOT NULL DEFAULT 0,
	expires_at  INTEGER,
	closed_at   INTEGER,
	notified_at INTEGER
) STRICT;

CREATE TABLE push_subscriptions (
	id         INTEGER PRIMARY KEY,
	token_id   INTEGER NOT NULL UNIQUE REFERENCES oauth_tokens(id) ON DELETE CASCADE,
	endpoint   TEXT NOT NULL,
	p256dh     TEXT NOT NULL,
	auth       TEXT NOT NULL,
	alerts     TEXT NOT NULL DEFAULT '{}',
	policy     TEXT NOT NULL DEFAULT 'all',
	created_at INTEGER NOT NULL
, access_token TEXT NOT NULL DEFAULT '') STRICT;

CREATE TABLE recovery_codes (
	user_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	code_hash TEXT NOT NULL,
	used_at   INTEGER,
	PRIMARY KEY (user_id, code_hash)
) STRICT;

CREATE TABLE relays (
	id         INTEGER PRIMARY KEY,
	url        TEXT NOT NULL UNIQUE,  -- as the admin gave it
	kind       TEXT NOT NULL CHECK (kind IN ('litepub', 'mastodon')),
	inbox_url  TEXT NOT NULL,
	actor_uri  TEXT NOT NULL DEFAULT '',
	state      TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'accepted', 'rejected')),
	follow_uri TEXT NOT NULL UNIQUE,
	created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE reports (
	id                INTEGER PRIMARY KEY,
	account_id        INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	target_account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	status_ids        TEXT NOT NULL DEFAULT '[]',
	comment           TEXT NOT NULL DEFAULT '',
	category          TEXT NOT NULL DEFAULT 'other',
	forwarded         INTEGER NOT NULL DEFAULT 0,
	uri               TEXT NOT NULL DEFAULT '',
	assigned_to_id    INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
	action_taken_at   INTEGER,
	created_at        INTEGER NOT NULL
, rule_ids TEXT NOT NULL DEFAULT '[]') STRICT;

CREATE TABLE scheduled_statuses (
	id           INTEGER PRIMARY KEY,
	account_id   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	scheduled_at INTEGER NOT NULL,
	params       TEXT NOT NULL,                     -- JSON of the status to post
	created_at   INTEGER NOT NULL
) STRICT;

CREATE TABLE schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;

CREATE TABLE status_edits (
	id           INTEGER PRIMARY KEY,
	status_id    INTEGER NOT NULL REFERENCES statuses(id) ON DELETE CASCADE,
	content      TEXT NOT NULL,
	spoiler_text TEXT NOT NULL DEFAULT '',
	sensitive    INTEGER NOT NULL DEFAULT 0,
	media_ids    TEXT NOT NULL DEFAULT '[]',
	poll_options TEXT NOT NULL DEFAULT '',
	created_at   INTEGER NOT NULL
) STRICT;

CREATE TABLE status_emojis (
	status_id INTEGER NOT NULL REFERENCES statuses(id) ON DELETE CASCADE,
	emoji_id  INTEGER NOT NULL REFERENCES custom_emojis(id) ON DELETE CASCADE,
	PRIMARY KEY (status_id, emoji_id)
) STRICT, WITHOUT ROWID;

CREATE VIRTUAL TABLE status_fts USING fts5(body, spoiler, content = '', contentless_delete = 1,
	tokenize = 'unicode61 remove_diacritics 2');

CREATE TABLE 'status_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;

CREATE TABLE 'status_fts_data'(id INTEGER PRIMARY KEY, block BLOB);

CREATE TABLE 'status_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB, origin INTEGER);

CREATE TABLE 'status_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;

CREATE TABLE status_tags (
	status_id INTEGER NOT NULL REFERENCES statuses(id) ON DELETE CASCADE,
	tag_id    INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
	PRIMARY KEY (tag_id, status_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE statuses (
	id                     INTEGER PRIMARY KEY,
	uri                    TEXT NOT NULL UNIQUE,
	url                    TEXT NOT NULL DEFAULT '',
	account_id             INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	local                  INTEGER NOT NULL DEFAULT 0,
	in_reply_to_id         INTEGER REFERENCES statuses(id) ON DELETE SET NULL,
	in_reply_to_account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
	in_reply_to_uri        TEXT NOT NULL DEFAULT '',  -- kept when the parent is not (yet) known
	reblog_of_id           INTEGER REFERENCES statuses(id) ON DELETE CASCADE,
	conversation_id        INTEGER,
	visibility             TEXT NOT NULL CHECK (visibility IN ('public', 'unlisted', 'private', 'direct')),
	text                   TEXT NOT NULL DEFAULT '',  -- source as typed (local)
	content                TEXT NOT NULL DEFAULT '',  -- HTML
	spoiler_text           TEXT NOT NULL DEFAULT '',
	sensitive              INTEGER NOT NULL DEFAULT 0,
	language               TEXT NOT NULL DEFAULT '',
	poll_id                INTEGER,
	card                   TEXT NOT NULL DEFAULT '',  -- JSON preview card, '' when none
	application_id         INTEGER REFERENCES oauth_apps(id) ON DELETE SET NULL,
	replies_count          INTEGER NOT NULL DEFAULT 0,
	reblogs_count          INTEGER NOT NULL DEFAULT 0,
	favourites_count       INTEGER NOT NULL DEFAULT 0,
	created_at             INTEGER NOT NULL,
	edited_at              INTEGER,
	fetched_at             INTEGER
, replies_fetched_at INTEGER, quote_uri TEXT NOT NULL DEFAULT '') STRICT;

CREATE TABLE suggestion_dismissals (
	account_id        INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	target_account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	PRIMARY KEY (account_id, target_account_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE tags (
	id         INTEGER PRIMARY KEY,
	name       TEXT NOT NULL,
	created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE user_domain_blocks (
	account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	domain     TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	PRIMARY KEY (account_id, domain)
) STRICT, WITHOUT ROWID;

CREATE TABLE users (
	id              INTEGER PRIMARY KEY,
	account_id      INTEGER NOT NULL UNIQUE REFERENCES accounts(id) ON DELETE CASCADE,
	email           TEXT NOT NULL,
	password_hash   TEXT NOT NULL,
	role            TEXT NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'moderator', 'admin')),
	locale          TEXT NOT NULL DEFAULT 'en',
	signup_reason   TEXT NOT NULL DEFAULT '',
	settings        TEXT NOT NULL DEFAULT '{}',       -- JSON: default privacy, sensitive, language, ...
	totp_secret     TEXT NOT NULL DEFAULT '',
	totp_enabled_at INTEGER,
	totp_last_step  INTEGER NOT NULL DEFAULT 0,       -- refuses a code replayed in its window
	created_at      INTEGER NOT NULL,
	confirmed_at    INTEGER,
	approved_at     INTEGER,
	disabled_at     INTEGER,
	last_sign_in_at INTEGER
) STRICT;

CREATE INDEX accounts_domain ON accounts(domain);

CREATE UNIQUE INDEX accounts_handle ON accounts(username COLLATE NOCASE, domain COLLATE NOCASE);

CREATE UNIQUE INDEX accounts_uri ON accounts(uri);

CREATE INDEX blocks_target ON blocks(target_account_id);

CREATE INDEX custom_emojis_cached ON custom_emojis(cached_at) WHERE domain != '' AND media_path != '';

CREATE UNIQUE INDEX custom_emojis_shortcode ON custom_emojis(shortcode, domain);

CREATE INDEX deliveries_due ON deliveries(next_at);

CREATE INDEX deliveries_push ON deliveries(kind, next_at);

CREATE INDEX favourites_status ON favourites(status_id);

CREATE INDEX follow_requests_target ON follow_requests(target_account_id, id);

CREATE INDEX follows_target ON follows(target_account_id, account_id);

CREATE INDEX import_jobs_account ON import_jobs(account_id, id);

CREATE INDEX import_jobs_pending ON import_jobs(id) WHERE finished_at IS NULL;

CREATE INDEX inbox_seen_at ON inbox_seen(seen_at);

CREATE INDEX invites_user ON invites(user_id, id);

CREATE INDEX lists_account ON lists(account_id);

CREATE INDEX media_status ON media_attachments(status_id, position);

CREATE INDEX media_unattached ON media_attachments(created_at) WHERE status_id IS NULL;

CREATE INDEX mentions_account ON mentions(account_id, status_id);

CREATE INDEX notifications_account ON notifications(account_id, id);

CREATE INDEX notifications_filtered ON notifications(account_id, from_account_id) WHERE filtered = 1;

CREATE INDEX notifications_group ON notifications(account_id, group_key, id);

CREATE INDEX oauth_tokens_user ON oauth_tokens(user_id);

CREATE INDEX password_resets_user ON password_resets(user_id);

CREATE INDEX polls_expiry ON polls(expires_at) WHERE notified_at IS NULL;

CREATE INDEX relays_actor ON relays(actor_uri) WHERE actor_uri <> '';

CREATE INDEX scheduled_statuses_due ON scheduled_statuses(scheduled_at);

CREATE INDEX status_edits_status ON status_edits(status_id, id);

CREATE INDEX status_tags_status ON status_tags(status_id);

CREATE INDEX statuses_account ON statuses(account_id, id);

CREATE INDEX statuses_card_url ON statuses (json_extract(card, '$.url')) WHERE card != '';

CREATE INDEX statuses_in_reply_to_uri ON statuses(in_reply_to_uri) WHERE in_reply_to_uri != '';

CREATE INDEX statuses_public ON statuses(visibility, local, id) WHERE reblog_of_id IS NULL;

CREATE INDEX statuses_reblog ON statuses(reblog_of_id);

CREATE INDEX statuses_reply ON statuses(in_reply_to_id);

CREATE UNIQUE INDEX tags_name ON tags(name COLLATE NOCASE);

CREATE UNIQUE INDEX users_email ON users(email COLLATE NOCASE);

