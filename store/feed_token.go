package store

import (
	"context"
	"time"
)

// TokenKindFeed marks the secret of a private feed address: it reads the
// user's home timeline as a feed and nothing else.
const TokenKindFeed = "feed"

// FeedTokenBySecret finds a live feed token by the secret in its address.
func (db *DB) FeedTokenBySecret(ctx context.Context, secret string) (*Token, error) {
	return scanToken(db.reader.QueryRowContext(ctx, "SELECT "+tokenColumns+
		" FROM oauth_tokens WHERE token_hash = ? AND kind = 'feed' AND revoked_at IS NULL", HashSecret(secret)))
}

// UserFeedToken returns the user's live feed token (ErrNotFound: none).
func (db *DB) UserFeedToken(ctx context.Context, userID ID) (*Token, error) {
	return scanToken(db.reader.QueryRowContext(ctx, "SELECT "+tokenColumns+
		" FROM oauth_tokens WHERE user_id = ? AND kind = 'feed' AND revoked_at IS NULL ORDER BY id DESC LIMIT 1", userID))
}

// RevokeUserFeedTokens revokes every feed token of a user.
func (tx *Tx) RevokeUserFeedTokens(userID ID) error {
	_, err := tx.ExecContext(tx.ctx, "UPDATE oauth_tokens SET revoked_at = ? WHERE user_id = ? AND kind = 'feed' AND revoked_at IS NULL",
		Millis(time.Now()), userID)
	return err
}
