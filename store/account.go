package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"
)

// Field is one profile metadata row.
type Field struct {
	Name       string     `json:"name"`
	Value      string     `json:"value"` // HTML
	Source     string     `json:"source,omitempty"`
	VerifiedAt *time.Time `json:"verified_at,omitempty"`
}

// Emoji is a custom emoji referenced from text (a remote account's name, a status).
type Emoji struct {
	Shortcode string `json:"shortcode"`
	URL       string `json:"url"`
	StaticURL string `json:"static_url,omitempty"`
	// Path is the local copy of a remote account's emoji image, relative
	// to the media folder; "" until one is made.
	Path string `json:"path,omitempty"`
}

// Account is a local or remote actor.
type Account struct {
	ID              ID
	Username        string
	Domain          string // "" for local accounts
	ActorType       string
	DisplayName     string
	Note            string
	NoteSource      string
	Fields          []Field
	AvatarMediaID   *ID
	HeaderMediaID   *ID
	AvatarRemoteURL string
	HeaderRemoteURL string
	Locked          bool
	Bot             bool
	Discoverable    bool
	Indexable       bool
	HideCollections bool
	URI             string
	URL             string
	InboxURL        string
	SharedInboxURL  string
	OutboxURL       string
	FollowersURL    string
	FollowingURL    string
	FeaturedURL     string
	FeaturedTagsURL string
	PublicKeyID     string
	PublicKeyPEM    string
	PrivateKeyPEM   string
	AlsoKnownAs     []string
	MovedToID       *ID
	Emojis          []Emoji
	FollowersCount  int
	FollowingCount  int
	StatusesCount   int
	LastStatusAt    *time.Time
	CreatedAt       time.Time
	UpdatedAt       time.Time
	FetchedAt       *time.Time
	BackfilledAt    *time.Time
	SuspendedAt     *time.Time
	SilencedAt      *time.Time
}

// Local reports whether the account lives on this instance.
func (a *Account) Local() bool { return a.Domain == "" }

// Acct is the handle as Mastodon's API shows it: "user" or "user@domain".
func (a *Account) Acct() string {
	if a.Local() {
		return a.Username
	}
	return a.Username + "@" + a.Domain
}

const accountColumns = `id, username, domain, actor_type, display_name, note, note_source, fields,
	avatar_media_id, header_media_id, avatar_remote_url, header_remote_url, locked, bot, discoverable,
	indexable, hide_collections, uri, url, inbox_url, shared_inbox_url, outbox_url, followers_url,
	following_url, featured_url, featured_tags_url, public_key_id, public_key_pem, private_key_pem,
	also_known_as, moved_to_id, emojis, followers_count, following_count, statuses_count, last_status_at,
	created_at, updated_at, fetched_at, backfilled_at, suspended_at, silenced_at`

type scanner interface{ Scan(dest ...any) error }

func scanAccount(row scanner) (*Account, error) { return scanAccountAnd(row) }

// scanAccountAnd scans an account followed by extra columns (a page cursor).
func scanAccountAnd(row scanner, extra ...any) (*Account, error) {
	var a Account
	var fields, aka, emojis string
	var lastStatus, fetched, backfilled, suspended, silenced *int64
	var created, updated int64
	dest := append(make([]any, 0, 42+len(extra)), &a.ID, &a.Username, &a.Domain, &a.ActorType, &a.DisplayName, &a.Note, &a.NoteSource, &fields,
		&a.AvatarMediaID, &a.HeaderMediaID, &a.AvatarRemoteURL, &a.HeaderRemoteURL, &a.Locked, &a.Bot, &a.Discoverable,
		&a.Indexable, &a.HideCollections, &a.URI, &a.URL, &a.InboxURL, &a.SharedInboxURL, &a.OutboxURL, &a.FollowersURL,
		&a.FollowingURL, &a.FeaturedURL, &a.FeaturedTagsURL, &a.PublicKeyID, &a.PublicKeyPEM, &a.PrivateKeyPEM,
		&aka, &a.MovedToID, &emojis, &a.FollowersCount, &a.FollowingCount, &a.StatusesCount, &lastStatus,
		&created, &updated, &fetched, &backfilled, &suspended, &silenced)
	err := row.Scan(append(dest, extra...)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	jsonListInto(fields, &a.Fields)
	jsonListInto(aka, &a.AlsoKnownAs)
	jsonListInto(emojis, &a.Emojis)
	a.CreatedAt, a.UpdatedAt = FromMillis(created), FromMillis(updated)
	a.LastStatusAt, a.FetchedAt, a.BackfilledAt = nullMillis(lastStatus), nullMillis(fetched), nullMillis(backfilled)
	a.SuspendedAt, a.SilencedAt = nullMillis(suspended), nullMillis(silenced)
	return &a, nil
}

// jsonListInto decodes a stored JSON list; the common empty one costs nothing.
func jsonListInto[T any](s string, v *[]T) {
	if s == "" || s == "[]" {
		return
	}
	json.Unmarshal([]byte(s), v)
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only called with plain data types
	}
	return string(b)
}

func jsonList[T any](v []T) string {
	if v == nil {
		return "[]"
	}
	return mustJSON(v)
}

// Account returns the account with id.
func (db *DB) Account(ctx context.Context, id ID) (*Account, error) {
	return scanAccount(db.reader.QueryRowContext(ctx, "SELECT "+accountColumns+" FROM accounts WHERE id = ?", id))
}

// Account reads an account inside a write transaction.
func (tx *Tx) Account(id ID) (*Account, error) {
	return scanAccount(tx.QueryRowContext(tx.ctx, "SELECT "+accountColumns+" FROM accounts WHERE id = ?", id))
}

// AccountByHandle finds an account by username and domain ("" for local), ignoring case.
func (db *DB) AccountByHandle(ctx context.Context, username, domain string) (*Account, error) {
	return scanAccount(db.reader.QueryRowContext(ctx, "SELECT "+accountColumns+
		" FROM accounts WHERE username = ? COLLATE NOCASE AND domain = ? COLLATE NOCASE", username, strings.ToLower(domain)))
}

// AccountByURI finds an account by its ActivityPub id.
func (db *DB) AccountByURI(ctx context.Context, uri string) (*Account, error) {
	return scanAccount(db.reader.QueryRowContext(ctx, "SELECT "+accountColumns+" FROM accounts WHERE uri = ?", uri))
}

// AccountByKeyID finds the account owning an HTTP-signature key id.
func (db *DB) AccountByKeyID(ctx context.Context, keyID string) (*Account, error) {
	return scanAccount(db.reader.QueryRowContext(ctx, "SELECT "+accountColumns+" FROM accounts WHERE public_key_id = ? LIMIT 1", keyID))
}

// AccountsByIDs returns the accounts with these ids, keyed by id.
func (db *DB) AccountsByIDs(ctx context.Context, ids []ID) (map[ID]*Account, error) {
	out := make(map[ID]*Account, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := db.reader.QueryContext(ctx, "SELECT "+accountColumns+" FROM accounts WHERE id IN ("+placeholders(len(ids))+")", idArgs(ids)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, err
		}
		out[a.ID] = a
	}
	return out, rows.Err()
}

func placeholders(n int) string {
	if n == 0 {
		return ""
	}
	return strings.Repeat("?,", n-1) + "?"
}

func idArgs(ids []ID) []any {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return args
}

// InsertAccount stores a new account; the id must be set. It returns
// ErrConflict when the handle or uri is taken.
func (tx *Tx) InsertAccount(a *Account) error {
	now := time.Now()
	if a.CreatedAt.IsZero() {
		a.CreatedAt = now
	}
	a.UpdatedAt = now
	if a.ActorType == "" {
		a.ActorType = "Person"
	}
	_, err := tx.ExecContext(tx.ctx, "INSERT INTO accounts ("+accountColumns+`) VALUES
		(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`, a.args()...)
	return conflict(err)
}

func (a *Account) args() []any {
	return []any{a.ID, a.Username, strings.ToLower(a.Domain), a.ActorType, a.DisplayName, a.Note, a.NoteSource, jsonList(a.Fields),
		a.AvatarMediaID, a.HeaderMediaID, a.AvatarRemoteURL, a.HeaderRemoteURL, a.Locked, a.Bot, a.Discoverable,
		a.Indexable, a.HideCollections, a.URI, a.URL, a.InboxURL, a.SharedInboxURL, a.OutboxURL, a.FollowersURL,
		a.FollowingURL, a.FeaturedURL, a.FeaturedTagsURL, a.PublicKeyID, a.PublicKeyPEM, a.PrivateKeyPEM,
		jsonList(a.AlsoKnownAs), a.MovedToID, jsonList(a.Emojis), a.FollowersCount, a.FollowingCount, a.StatusesCount,
		optMillis(a.LastStatusAt), a.CreatedAt.UnixMilli(), a.UpdatedAt.UnixMilli(), optMillis(a.FetchedAt),
		optMillis(a.BackfilledAt), optMillis(a.SuspendedAt), optMillis(a.SilencedAt)}
}

// UpdateAccount rewrites every column of an existing account (id and
// counters excepted: those change through their own statements).
func (tx *Tx) UpdateAccount(a *Account) error {
	a.UpdatedAt = time.Now()
	_, err := tx.ExecContext(tx.ctx, `UPDATE accounts SET display_name=?, note=?, note_source=?, fields=?,
		avatar_media_id=?, header_media_id=?, avatar_remote_url=?, header_remote_url=?, locked=?, bot=?,
		discoverable=?, indexable=?, hide_collections=?, actor_type=?, url=?, inbox_url=?, shared_inbox_url=?,
		outbox_url=?, followers_url=?, following_url=?, featured_url=?, featured_tags_url=?, public_key_id=?,
		public_key_pem=?, also_known_as=?, moved_to_id=?, emojis=?, updated_at=?, fetched_at=?, backfilled_at=?,
		suspended_at=?, silenced_at=? WHERE id=?`,
		a.DisplayName, a.Note, a.NoteSource, jsonList(a.Fields), a.AvatarMediaID, a.HeaderMediaID, a.AvatarRemoteURL,
		a.HeaderRemoteURL, a.Locked, a.Bot, a.Discoverable, a.Indexable, a.HideCollections, a.ActorType, a.URL,
		a.InboxURL, a.SharedInboxURL, a.OutboxURL, a.FollowersURL, a.FollowingURL, a.FeaturedURL, a.FeaturedTagsURL,
		a.PublicKeyID, a.PublicKeyPEM, jsonList(a.AlsoKnownAs), a.MovedToID, jsonList(a.Emojis), a.UpdatedAt.UnixMilli(),
		optMillis(a.FetchedAt), optMillis(a.BackfilledAt), optMillis(a.SuspendedAt), optMillis(a.SilencedAt), a.ID)
	return err
}

// SetAccountSuspended suspends (t non-nil) or unsuspends an account.
func (tx *Tx) SetAccountSuspended(id ID, t *time.Time) error {
	_, err := tx.ExecContext(tx.ctx, "UPDATE accounts SET suspended_at = ?, updated_at = ? WHERE id = ?", optMillis(t), Millis(time.Now()), id)
	return err
}

// LocalAccountCount counts local, unsuspended people (not the instance actor).
func (db *DB) LocalAccountCount(ctx context.Context) (int, error) {
	var n int
	err := db.reader.QueryRowContext(ctx, `SELECT COUNT(*) FROM accounts a JOIN users u ON u.account_id = a.id
		WHERE a.domain = '' AND a.suspended_at IS NULL`).Scan(&n)
	return n, err
}

// KnownDomainCount counts remote hosts we have accounts from.
func (db *DB) KnownDomainCount(ctx context.Context) (int, error) {
	var n int
	err := db.reader.QueryRowContext(ctx, "SELECT COUNT(DISTINCT domain) FROM accounts WHERE domain != ''").Scan(&n)
	return n, err
}

// conflict maps SQLite's unique-constraint failure to ErrConflict.
func conflict(err error) error {
	if err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed") {
		return errors.Join(ErrConflict, err)
	}
	return err
}

// MarkBackfilled records when a remote account's outbox was last read; it
// returns false, changing nothing, when that was after since: another
// backfill got there first, and an outbox is read once per refresh period.
func (tx *Tx) MarkBackfilled(account ID, now, since time.Time) (bool, error) {
	res, err := tx.ExecContext(tx.ctx, "UPDATE accounts SET backfilled_at = ? WHERE id = ? AND domain != '' AND (backfilled_at IS NULL OR backfilled_at < ?)",
		Millis(now), account, Millis(since))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}
