package store

import "context"

// TokenKindSession marks a web sign-in: a row in oauth_tokens whose secret
// lives in the browser's session cookie and never works as a bearer token.
const TokenKindSession = "session"

// SessionBySecret finds a live (unrevoked) web session by its cookie secret.
func (db *DB) SessionBySecret(ctx context.Context, secret string) (*Token, error) {
	return scanToken(db.reader.QueryRowContext(ctx, "SELECT "+tokenColumns+
		" FROM oauth_tokens WHERE token_hash = ? AND kind = 'session' AND revoked_at IS NULL", HashSecret(secret)))
}
