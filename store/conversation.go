package store

import (
	"context"
	"encoding/json"
	"time"
)

// Conversation is one local account's view of a direct-message thread
// (Mastodon's conversations API): the thread's newest direct status the
// account may see, the other participants, and whether it is unread.
type Conversation struct {
	ID             ID
	AccountID      ID
	ConversationID ID
	LastStatusID   ID
	ParticipantIDs []ID // everyone in the thread but the account itself
	Unread         bool
	UpdatedAt      time.Time
}

const conversationColumns = "c.id, c.account_id, c.conversation_id, c.last_status_id, c.participant_ids, c.unread, c.updated_at"

func scanConversation(row scanner) (*Conversation, error) {
	var c Conversation
	var participants string
	var updated int64
	var last *ID
	if err := row.Scan(&c.ID, &c.AccountID, &c.ConversationID, &last, &participants, &c.Unread, &updated); err != nil {
		return nil, notFound(err)
	}
	if last != nil {
		c.LastStatusID = *last
	}
	c.UpdatedAt = FromMillis(updated)
	return &c, json.Unmarshal([]byte(participants), &c.ParticipantIDs)
}

// UpsertConversation records that status is the newest of account's
// direct thread conversationID, creating the row on its first status. A
// removed conversation comes back with the next status, as in Mastodon.
func (tx *Tx) UpsertConversation(id, account, conversationID, status ID, participants []ID, unread bool) (ID, error) {
	var got ID
	err := tx.QueryRowContext(tx.ctx, `INSERT INTO conversations (id, account_id, conversation_id, last_status_id, participant_ids, unread, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (account_id, conversation_id) DO UPDATE SET
			last_status_id = MAX(COALESCE(conversations.last_status_id, 0), excluded.last_status_id),
			participant_ids = excluded.participant_ids, unread = excluded.unread, updated_at = excluded.updated_at
		RETURNING id`, id, account, conversationID, status, jsonList(participants), unread, Millis(time.Now())).Scan(&got)
	return got, err
}

// Conversations lists account's conversations, newest last status first,
// cut on the last status id (as Mastodon paginates them). A conversation
// whose last status the account can no longer see is left out.
func (db *DB) Conversations(ctx context.Context, account ID, p Page) ([]*Conversation, []ID, error) {
	vis, visArgs := VisibleTo(account)
	bounds, boundArgs, tail := p.bounds("c.last_status_id")
	query := "SELECT " + conversationColumns + " FROM conversations c JOIN statuses s ON s.id = c.last_status_id WHERE c.account_id = ? AND " +
		vis + " AND " + bounds + tail
	rows, err := db.reader.QueryContext(ctx, query, append(append([]any{account}, visArgs...), boundArgs...)...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var list []*Conversation
	var cursors []ID
	for rows.Next() {
		c, err := scanConversation(rows)
		if err != nil {
			return nil, nil, err
		}
		list = append(list, c)
		cursors = append(cursors, c.LastStatusID)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	list, cursors = finish(p, list, cursors)
	return list, cursors, nil
}

// Conversation returns one of account's conversations by its id, or ErrNotFound.
func (db *DB) Conversation(ctx context.Context, account, id ID) (*Conversation, error) {
	return scanConversation(db.reader.QueryRowContext(ctx, "SELECT "+conversationColumns+
		" FROM conversations c WHERE c.account_id = ? AND c.id = ? AND c.last_status_id IS NOT NULL", account, id))
}

// ConversationOf returns account's row for a thread, or ErrNotFound.
func (db *DB) ConversationOf(ctx context.Context, account, conversationID ID) (*Conversation, error) {
	return scanConversation(db.reader.QueryRowContext(ctx, "SELECT "+conversationColumns+
		" FROM conversations c WHERE c.account_id = ? AND c.conversation_id = ?", account, conversationID))
}

// MarkConversationRead clears a conversation's unread flag; it reports whether the row exists.
func (tx *Tx) MarkConversationRead(account, id ID) (bool, error) {
	if _, err := tx.ExecContext(tx.ctx, "UPDATE conversations SET unread = 0 WHERE account_id = ? AND id = ?", account, id); err != nil {
		return false, err
	}
	return tx.exists("SELECT 1 FROM conversations WHERE account_id = ? AND id = ?", account, id)
}

// DeleteConversation removes a conversation from account's list; it reports whether there was one.
func (tx *Tx) DeleteConversation(account, id ID) (bool, error) {
	return tx.insertOnce("DELETE FROM conversations WHERE account_id = ? AND id = ?", account, id)
}

// RewindConversations points every conversation whose last status is
// status at the newest other direct status of its thread that the
// conversation's owner wrote or was mentioned in; call it before the
// status is deleted. A conversation left with no status keeps a NULL
// last status and drops out of the list.
func (tx *Tx) RewindConversations(status ID) error {
	_, err := tx.ExecContext(tx.ctx, `UPDATE conversations SET last_status_id = (
			SELECT MAX(s.id) FROM statuses s WHERE s.conversation_id = conversations.conversation_id
			AND s.visibility = 'direct' AND s.id != ?
			AND (s.account_id = conversations.account_id
				OR EXISTS (SELECT 1 FROM mentions m WHERE m.status_id = s.id AND m.account_id = conversations.account_id)))
		WHERE last_status_id = ?`, status, status)
	return err
}

// LocalAccountIDs keeps the ids of local accounts among ids.
func (tx *Tx) LocalAccountIDs(ids []ID) ([]ID, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	return queryIDs(tx.ctx, tx, "SELECT id FROM accounts WHERE domain = '' AND id IN ("+placeholders(len(ids))+") ORDER BY id", idArgs(ids)...)
}
