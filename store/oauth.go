package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"strings"
	"time"
)

// App is a registered OAuth2 client.
type App struct {
	ID           ID
	Name         string
	Website      string
	RedirectURIs []string
	Scopes       []string
	ClientID     string
	ClientSecret string
	CreatedAt    time.Time
}

// Token is an access token; the bearer string itself is never stored.
type Token struct {
	ID         ID
	AppID      *ID
	UserID     *ID // nil for client_credentials tokens
	Scopes     []string
	Kind       string // oauth, session, feed
	UserAgent  string
	IP         string
	CreatedAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

// HashSecret is how bearer tokens and codes are stored: a SHA-256 of the
// random secret, so a leaked database does not leak working tokens.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

const appColumns = "id, name, website, redirect_uris, scopes, client_id, client_secret, created_at"

func scanApp(row scanner) (*App, error) {
	var a App
	var redirects, scopes string
	var created int64
	err := row.Scan(&a.ID, &a.Name, &a.Website, &redirects, &scopes, &a.ClientID, &a.ClientSecret, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	a.RedirectURIs = strings.Fields(redirects)
	a.Scopes = strings.Fields(scopes)
	a.CreatedAt = FromMillis(created)
	return &a, nil
}

// InsertApp stores a new client app.
func (tx *Tx) InsertApp(a *App) error {
	if a.CreatedAt.IsZero() {
		a.CreatedAt = time.Now()
	}
	_, err := tx.ExecContext(tx.ctx, "INSERT INTO oauth_apps ("+appColumns+") VALUES (?,?,?,?,?,?,?,?)",
		a.ID, a.Name, a.Website, strings.Join(a.RedirectURIs, "\n"), strings.Join(a.Scopes, " "),
		a.ClientID, a.ClientSecret, a.CreatedAt.UnixMilli())
	return conflict(err)
}

// App returns the app with id.
func (db *DB) App(ctx context.Context, id ID) (*App, error) {
	return scanApp(db.reader.QueryRowContext(ctx, "SELECT "+appColumns+" FROM oauth_apps WHERE id = ?", id))
}

// AppsByIDs returns the apps with these ids, keyed by id: the names
// statuses show as posted "via" an app.
func (db *DB) AppsByIDs(ctx context.Context, ids []ID) (map[ID]*App, error) {
	out := make(map[ID]*App, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := db.reader.QueryContext(ctx, "SELECT "+appColumns+" FROM oauth_apps WHERE id IN ("+placeholders(len(ids))+")", idArgs(ids)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		a, err := scanApp(rows)
		if err != nil {
			return nil, err
		}
		out[a.ID] = a
	}
	return out, rows.Err()
}

// AppByClientID finds an app by its public client id.
func (db *DB) AppByClientID(ctx context.Context, clientID string) (*App, error) {
	return scanApp(db.reader.QueryRowContext(ctx, "SELECT "+appColumns+" FROM oauth_apps WHERE client_id = ?", clientID))
}

const tokenColumns = "id, app_id, user_id, scopes, kind, user_agent, ip, created_at, last_used_at, revoked_at"

func scanToken(row scanner) (*Token, error) {
	var t Token
	var scopes string
	var created int64
	var lastUsed, revoked *int64
	err := row.Scan(&t.ID, &t.AppID, &t.UserID, &scopes, &t.Kind, &t.UserAgent, &t.IP, &created, &lastUsed, &revoked)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	t.Scopes = strings.Fields(scopes)
	t.CreatedAt = FromMillis(created)
	t.LastUsedAt, t.RevokedAt = nullMillis(lastUsed), nullMillis(revoked)
	return &t, nil
}

// InsertToken stores a token under the hash of its secret.
func (tx *Tx) InsertToken(t *Token, secret string) error {
	if t.CreatedAt.IsZero() {
		t.CreatedAt = time.Now()
	}
	if t.Kind == "" {
		t.Kind = "oauth"
	}
	_, err := tx.ExecContext(tx.ctx, "INSERT INTO oauth_tokens (token_hash, "+tokenColumns+") VALUES (?,?,?,?,?,?,?,?,?,?,?)",
		HashSecret(secret), t.ID, t.AppID, t.UserID, strings.Join(t.Scopes, " "), t.Kind, t.UserAgent, t.IP,
		t.CreatedAt.UnixMilli(), optMillis(t.LastUsedAt), optMillis(t.RevokedAt))
	return conflict(err)
}

// TokenBySecret finds a live (unrevoked) token by the bearer string. Web
// sessions and feed tokens are left out: a session cookie or the secret in
// a feed address must never work as a bearer token.
func (db *DB) TokenBySecret(ctx context.Context, secret string) (*Token, error) {
	return scanToken(db.reader.QueryRowContext(ctx, "SELECT "+tokenColumns+
		" FROM oauth_tokens WHERE token_hash = ? AND kind = 'oauth' AND revoked_at IS NULL", HashSecret(secret)))
}

// RevokeToken marks a token revoked.
func (tx *Tx) RevokeToken(id ID) error {
	_, err := tx.ExecContext(tx.ctx, "UPDATE oauth_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", Millis(time.Now()), id)
	return err
}

// RevokeUserTokens revokes every token of a user (password change, suspension).
func (tx *Tx) RevokeUserTokens(userID ID) error {
	_, err := tx.ExecContext(tx.ctx, "UPDATE oauth_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", Millis(time.Now()), userID)
	return err
}

// AuthCode is an authorization code waiting to be exchanged for a token.
// Like tokens, only the hash of the code is stored.
type AuthCode struct {
	AppID               ID
	UserID              ID
	RedirectURI         string
	Scopes              []string
	CodeChallenge       string
	CodeChallengeMethod string
	CreatedAt           time.Time
	ExpiresAt           time.Time
}

// InsertAuthCode stores a code under the hash of its secret, dropping
// codes that expired unused on the way so the table stays small.
func (tx *Tx) InsertAuthCode(c *AuthCode, secret string) error {
	if c.CreatedAt.IsZero() {
		c.CreatedAt = time.Now()
	}
	if _, err := tx.ExecContext(tx.ctx, "DELETE FROM oauth_codes WHERE expires_at < ?", Millis(c.CreatedAt)); err != nil {
		return err
	}
	_, err := tx.ExecContext(tx.ctx, `INSERT INTO oauth_codes (code_hash, app_id, user_id, redirect_uri, scopes,
		code_challenge, code_challenge_method, created_at, expires_at) VALUES (?,?,?,?,?,?,?,?,?)`,
		HashSecret(secret), c.AppID, c.UserID, c.RedirectURI, strings.Join(c.Scopes, " "), c.CodeChallenge,
		c.CodeChallengeMethod, c.CreatedAt.UnixMilli(), c.ExpiresAt.UnixMilli())
	return conflict(err)
}

// TakeAuthCode deletes the code with this secret and returns it, so a code
// can be exchanged once at most; ErrNotFound when there is none. Expiry is
// the caller's to check.
func (tx *Tx) TakeAuthCode(secret string) (*AuthCode, error) {
	var c AuthCode
	var scopes string
	var created, expires int64
	err := tx.QueryRowContext(tx.ctx, `DELETE FROM oauth_codes WHERE code_hash = ? RETURNING app_id, user_id,
		redirect_uri, scopes, code_challenge, code_challenge_method, created_at, expires_at`, HashSecret(secret)).
		Scan(&c.AppID, &c.UserID, &c.RedirectURI, &scopes, &c.CodeChallenge, &c.CodeChallengeMethod, &created, &expires)
	if err != nil {
		return nil, notFound(err)
	}
	c.Scopes = strings.Fields(scopes)
	c.CreatedAt, c.ExpiresAt = FromMillis(created), FromMillis(expires)
	return &c, nil
}
