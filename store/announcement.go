package store

import (
	"context"
	"time"
)

// Announcement is a message from the instance's admins to every user.
// StartsAt and EndsAt bound when it shows (nil: open-ended); it shows only
// once published.
type Announcement struct {
	ID          ID
	Text        string // as the admin typed it
	Content     string // HTML
	StartsAt    *time.Time
	EndsAt      *time.Time
	AllDay      bool
	PublishedAt *time.Time
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Active reports whether the announcement shows to users at now.
func (a *Announcement) Active(now time.Time) bool {
	return a.PublishedAt != nil && (a.StartsAt == nil || !a.StartsAt.After(now)) && (a.EndsAt == nil || a.EndsAt.After(now))
}

const announcementColumns = "id, text, content, starts_at, ends_at, all_day, published_at, created_at, updated_at"

func scanAnnouncement(row scanner) (*Announcement, error) {
	var a Announcement
	var starts, ends, published *int64
	var created, updated int64
	if err := row.Scan(&a.ID, &a.Text, &a.Content, &starts, &ends, &a.AllDay, &published, &created, &updated); err != nil {
		return nil, notFound(err)
	}
	a.StartsAt, a.EndsAt, a.PublishedAt = nullMillis(starts), nullMillis(ends), nullMillis(published)
	a.CreatedAt, a.UpdatedAt = FromMillis(created), FromMillis(updated)
	return &a, nil
}

// InsertAnnouncement stores a new announcement.
func (tx *Tx) InsertAnnouncement(a *Announcement) error {
	_, err := tx.ExecContext(tx.ctx, "INSERT INTO announcements ("+announcementColumns+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		a.ID, a.Text, a.Content, optMillis(a.StartsAt), optMillis(a.EndsAt), a.AllDay, optMillis(a.PublishedAt),
		Millis(a.CreatedAt), Millis(a.UpdatedAt))
	return err
}

// UpdateAnnouncement saves an edited announcement.
func (tx *Tx) UpdateAnnouncement(a *Announcement) error {
	_, err := tx.ExecContext(tx.ctx, `UPDATE announcements SET text = ?, content = ?, starts_at = ?, ends_at = ?, all_day = ?,
		published_at = ?, updated_at = ? WHERE id = ?`, a.Text, a.Content, optMillis(a.StartsAt), optMillis(a.EndsAt), a.AllDay,
		optMillis(a.PublishedAt), Millis(a.UpdatedAt), a.ID)
	return err
}

// DeleteAnnouncement removes an announcement with its reactions and dismissals.
func (tx *Tx) DeleteAnnouncement(id ID) (bool, error) {
	return tx.insertOnce("DELETE FROM announcements WHERE id = ?", id)
}

// Announcement returns one announcement, or ErrNotFound.
func (db *DB) Announcement(ctx context.Context, id ID) (*Announcement, error) {
	return scanAnnouncement(db.reader.QueryRowContext(ctx, "SELECT "+announcementColumns+" FROM announcements WHERE id = ?", id))
}

// Announcements lists every announcement, newest first (the admin's view).
func (db *DB) Announcements(ctx context.Context) ([]*Announcement, error) {
	return db.announcements(ctx, "SELECT "+announcementColumns+" FROM announcements ORDER BY id DESC")
}

// ActiveAnnouncements lists the published announcements showing at now,
// oldest first, as Mastodon orders them.
func (db *DB) ActiveAnnouncements(ctx context.Context, now time.Time) ([]*Announcement, error) {
	ms := Millis(now)
	return db.announcements(ctx, "SELECT "+announcementColumns+` FROM announcements WHERE published_at IS NOT NULL
		AND (starts_at IS NULL OR starts_at <= ?) AND (ends_at IS NULL OR ends_at > ?) ORDER BY COALESCE(starts_at, published_at), id`, ms, ms)
}

func (db *DB) announcements(ctx context.Context, query string, args ...any) ([]*Announcement, error) {
	rows, err := db.reader.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Announcement
	for rows.Next() {
		a, err := scanAnnouncement(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// DismissAnnouncement marks an announcement read by account (idempotently).
func (tx *Tx) DismissAnnouncement(announcement, account ID) error {
	_, err := tx.ExecContext(tx.ctx, "INSERT INTO announcement_dismissals (announcement_id, account_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
		announcement, account)
	return err
}

// DismissedAnnouncements is the set of announcements account dismissed.
func (db *DB) DismissedAnnouncements(ctx context.Context, account ID) (map[ID]bool, error) {
	ids, err := queryIDs(ctx, db.reader, "SELECT announcement_id FROM announcement_dismissals WHERE account_id = ?", account)
	out := map[ID]bool{}
	for _, id := range ids {
		out[id] = true
	}
	return out, err
}

// InsertAnnouncementReaction adds account's reaction; it reports false when it existed.
func (tx *Tx) InsertAnnouncementReaction(announcement, account ID, name string) (bool, error) {
	return tx.insertOnce("INSERT INTO announcement_reactions (announcement_id, account_id, name) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
		announcement, account, name)
}

// DeleteAnnouncementReaction removes account's reaction; it reports whether there was one.
func (tx *Tx) DeleteAnnouncementReaction(announcement, account ID, name string) (bool, error) {
	return tx.insertOnce("DELETE FROM announcement_reactions WHERE announcement_id = ? AND account_id = ? AND name = ?",
		announcement, account, name)
}

// Reaction is one emoji's tally on an announcement.
type Reaction struct {
	Name  string
	Count int
	Me    bool // the viewer reacted with it
}

// AnnouncementReactions tallies the reactions of each announcement, by
// name; Me is set for viewer's own.
func (db *DB) AnnouncementReactions(ctx context.Context, viewer ID, ids []ID) (map[ID][]Reaction, error) {
	out := map[ID][]Reaction{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := db.reader.QueryContext(ctx, `SELECT announcement_id, name, COUNT(*), MAX(account_id = ?) FROM announcement_reactions
		WHERE announcement_id IN (`+placeholders(len(ids))+`) GROUP BY announcement_id, name ORDER BY name`,
		append([]any{viewer}, idArgs(ids)...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id ID
		var r Reaction
		if err := rows.Scan(&id, &r.Name, &r.Count, &r.Me); err != nil {
			return nil, err
		}
		out[id] = append(out[id], r)
	}
	return out, rows.Err()
}

// ReactionCount counts the accounts that reacted to announcement with name.
func (tx *Tx) ReactionCount(announcement ID, name string) (int, error) {
	var n int
	err := tx.QueryRowContext(tx.ctx, "SELECT COUNT(*) FROM announcement_reactions WHERE announcement_id = ? AND name = ?", announcement, name).Scan(&n)
	return n, err
}

// CustomEmoji is an emoji of this or another instance, by shortcode.
type CustomEmoji struct {
	ID        ID
	Shortcode string
	Domain    string
	URL       string // image: remote URL, or media path for local ones
	Path      string
}

// LocalCustomEmoji returns this instance's enabled emoji with shortcode, or ErrNotFound.
func (db *DB) LocalCustomEmoji(ctx context.Context, shortcode string) (*CustomEmoji, error) {
	var e CustomEmoji
	err := db.reader.QueryRowContext(ctx, `SELECT id, shortcode, domain, image_remote_url, media_path FROM custom_emojis
		WHERE shortcode = ? AND domain = '' AND disabled = 0`, shortcode).Scan(&e.ID, &e.Shortcode, &e.Domain, &e.URL, &e.Path)
	return &e, notFound(err)
}

// NextAnnouncementChange is the earliest start or end of a published
// announcement after t, or nil when none is coming.
func (db *DB) NextAnnouncementChange(ctx context.Context, t time.Time) (*time.Time, error) {
	var next *int64
	ms := Millis(t)
	err := db.reader.QueryRowContext(ctx, `SELECT MIN(x) FROM (
		SELECT starts_at AS x FROM announcements WHERE published_at IS NOT NULL AND starts_at > ?
		UNION ALL SELECT ends_at FROM announcements WHERE published_at IS NOT NULL AND ends_at > ?)`, ms, ms).Scan(&next)
	return nullMillis(next), err
}
