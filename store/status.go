package store

import (
	"context"
	"time"
)

// Visibilities, in Mastodon's words.
const (
	VisibilityPublic   = "public"
	VisibilityUnlisted = "unlisted"
	VisibilityPrivate  = "private" // followers only
	VisibilityDirect   = "direct"  // mentioned accounts only
)

// Status is a post, local or remote. A reblog is a Status whose ReblogOfID is set.
type Status struct {
	ID                 ID
	URI                string
	URL                string
	AccountID          ID
	Local              bool
	InReplyToID        *ID
	InReplyToAccountID *ID
	InReplyToURI       string
	ReblogOfID         *ID
	ConversationID     *ID
	Visibility         string
	Text               string // source, as typed (local statuses)
	Content            string // HTML
	SpoilerText        string
	Sensitive          bool
	Language           string
	PollID             *ID
	Card               string // JSON preview card, "" when none
	ApplicationID      *ID
	RepliesCount       int
	ReblogsCount       int
	FavouritesCount    int
	CreatedAt          time.Time
	EditedAt           *time.Time
	FetchedAt          *time.Time
	// QuoteURI is the ActivityPub id of the post this one quotes, "" for none.
	QuoteURI string
}

const statusColumns = `id, uri, url, account_id, local, in_reply_to_id, in_reply_to_account_id, in_reply_to_uri,
	reblog_of_id, conversation_id, visibility, text, content, spoiler_text, sensitive, language, poll_id, card,
	application_id, replies_count, reblogs_count, favourites_count, created_at, edited_at, fetched_at, quote_uri`

func scanStatus(row scanner) (*Status, error) { return scanStatusAnd(row) }

// scanStatusAnd scans a status followed by extra columns (a page cursor),
// in one Scan call with one argument list.
func scanStatusAnd(row scanner, extra ...any) (*Status, error) {
	var s Status
	var created int64
	var edited, fetched *int64
	dest := append(make([]any, 0, 26+len(extra)), &s.ID, &s.URI, &s.URL, &s.AccountID, &s.Local, &s.InReplyToID, &s.InReplyToAccountID, &s.InReplyToURI,
		&s.ReblogOfID, &s.ConversationID, &s.Visibility, &s.Text, &s.Content, &s.SpoilerText, &s.Sensitive, &s.Language,
		&s.PollID, &s.Card, &s.ApplicationID, &s.RepliesCount, &s.ReblogsCount, &s.FavouritesCount, &created, &edited, &fetched, &s.QuoteURI)
	if err := row.Scan(append(dest, extra...)...); err != nil {
		return nil, notFound(err)
	}
	s.CreatedAt = FromMillis(created)
	s.EditedAt, s.FetchedAt = nullMillis(edited), nullMillis(fetched)
	return &s, nil
}

// InsertStatus stores a new status; the id must be set.
func (tx *Tx) InsertStatus(s *Status) error {
	if s.CreatedAt.IsZero() {
		s.CreatedAt = time.Now()
	}
	_, err := tx.ExecContext(tx.ctx, "INSERT INTO statuses ("+statusColumns+`) VALUES
		(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		s.ID, s.URI, s.URL, s.AccountID, s.Local, s.InReplyToID, s.InReplyToAccountID, s.InReplyToURI,
		s.ReblogOfID, s.ConversationID, s.Visibility, s.Text, s.Content, s.SpoilerText, s.Sensitive, s.Language,
		s.PollID, s.Card, s.ApplicationID, s.RepliesCount, s.ReblogsCount, s.FavouritesCount,
		s.CreatedAt.UnixMilli(), optMillis(s.EditedAt), optMillis(s.FetchedAt), s.QuoteURI)
	if err != nil {
		return conflict(err)
	}
	return tx.indexStatus(s)
}

// Status returns the status with id.
func (db *DB) Status(ctx context.Context, id ID) (*Status, error) {
	return scanStatus(db.reader.QueryRowContext(ctx, "SELECT "+statusColumns+" FROM statuses WHERE id = ?", id))
}

// StatusByURI finds a status by its ActivityPub id.
func (db *DB) StatusByURI(ctx context.Context, uri string) (*Status, error) {
	return scanStatus(db.reader.QueryRowContext(ctx, "SELECT "+statusColumns+" FROM statuses WHERE uri = ?", uri))
}

// Status reads a status inside a write transaction.
func (tx *Tx) Status(id ID) (*Status, error) {
	return scanStatus(tx.QueryRowContext(tx.ctx, "SELECT "+statusColumns+" FROM statuses WHERE id = ?", id))
}

// LocalStatusCount counts statuses posted on this instance (reblogs excluded).
func (db *DB) LocalStatusCount(ctx context.Context) (int, error) {
	var n int
	err := db.reader.QueryRowContext(ctx, "SELECT COUNT(*) FROM statuses WHERE local = 1 AND reblog_of_id IS NULL").Scan(&n)
	return n, err
}
