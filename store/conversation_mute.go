package store

import (
	"context"
	"time"
)

// MuteConversation silences the notifications of a thread for account.
func (tx *Tx) MuteConversation(account, conversation ID) error {
	_, err := tx.ExecContext(tx.ctx, `INSERT INTO conversation_mutes (account_id, conversation_id, created_at) VALUES (?, ?, ?)
		ON CONFLICT DO NOTHING`, account, conversation, Millis(time.Now()))
	return err
}

// UnmuteConversation lets a thread's notifications through again.
func (tx *Tx) UnmuteConversation(account, conversation ID) error {
	_, err := tx.ExecContext(tx.ctx, "DELETE FROM conversation_mutes WHERE account_id = ? AND conversation_id = ?", account, conversation)
	return err
}

// ConversationMutedFor reports whether account muted the thread status belongs to.
func (tx *Tx) ConversationMutedFor(account, status ID) (bool, error) {
	return tx.exists(`SELECT 1 FROM statuses s JOIN conversation_mutes m ON m.conversation_id = s.conversation_id
		WHERE s.id = ? AND m.account_id = ?`, status, account)
}

// TakesPartIn reports whether account wrote a status of the thread or is
// mentioned in one.
func (db *DB) TakesPartIn(ctx context.Context, account, conversation ID) (bool, error) {
	var ok bool
	err := db.reader.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM statuses WHERE conversation_id = ?1 AND account_id = ?2)
		OR EXISTS (SELECT 1 FROM statuses s JOIN mentions m ON m.status_id = s.id WHERE s.conversation_id = ?1 AND m.account_id = ?2)`,
		conversation, account).Scan(&ok)
	return ok, err
}
