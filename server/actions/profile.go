package actions

import (
	"context"
	"html"
	"strings"
	"unicode/utf8"

	"roost/store"
)

// Profile limits, as Mastodon enforces them.
const (
	MaxDisplayNameChars = 30
	MaxNoteChars        = 500
)

// ProfileArgs changes a local account's profile; a nil field stays as it is.
type ProfileArgs struct {
	DisplayName  *string
	Note         *string // plain text as typed; stored as source and as HTML
	Locked       *bool
	Bot          *bool
	Discoverable *bool
}

// UpdateProfile changes the profile of a local account.
func (a *Actions) UpdateProfile(ctx context.Context, accountID store.ID, args ProfileArgs) (*store.Account, error) {
	if args.DisplayName != nil {
		name := strings.TrimSpace(*args.DisplayName)
		if utf8.RuneCountInString(name) > MaxDisplayNameChars {
			return nil, invalid("display_name", "is too long (maximum is 30 characters)")
		}
		args.DisplayName = &name
	}
	if args.Note != nil {
		note := strings.TrimSpace(strings.ReplaceAll(*args.Note, "\r\n", "\n"))
		if utf8.RuneCountInString(note) > MaxNoteChars {
			return nil, invalid("note", "is too long (maximum is 500 characters)")
		}
		args.Note = &note
	}
	var acct *store.Account
	err := a.DB.Write(ctx, func(tx *store.Tx) error {
		var err error
		if acct, err = tx.Account(accountID); err != nil {
			return err
		}
		if !acct.Local() {
			return ErrForbidden
		}
		if args.DisplayName != nil {
			acct.DisplayName = *args.DisplayName
		}
		if args.Note != nil {
			acct.NoteSource, acct.Note = *args.Note, noteHTML(*args.Note)
		}
		setIf(&acct.Locked, args.Locked)
		setIf(&acct.Bot, args.Bot)
		setIf(&acct.Discoverable, args.Discoverable)
		if acct.Bot {
			acct.ActorType = "Service"
		} else {
			acct.ActorType = "Person"
		}
		return tx.UpdateAccount(acct)
	})
	if err != nil {
		return nil, err
	}
	return acct, nil
}

func setIf(dst *bool, v *bool) {
	if v != nil {
		*dst = *v
	}
}

// noteHTML turns a typed bio into the HTML other servers and apps show:
// escaped text, paragraphs on blank lines, line breaks kept.
func noteHTML(text string) string {
	if text == "" {
		return ""
	}
	var b strings.Builder
	for _, para := range strings.Split(text, "\n\n") {
		para = strings.TrimSpace(para)
		if para == "" {
			continue
		}
		b.WriteString("<p>")
		b.WriteString(strings.ReplaceAll(html.EscapeString(para), "\n", "<br>"))
		b.WriteString("</p>")
	}
	return b.String()
}
