package actions

import (
	"context"
	"regexp"
	"time"

	"roost/store"
)

// localePattern accepts BCP 47-ish tags like "en", "pt-BR", "zh-Hant".
var localePattern = regexp.MustCompile(`^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8}){0,2}$`)

// RegisterArgs is a sign-up made through an app (POST /api/v1/accounts).
type RegisterArgs struct {
	Username  string
	Email     string
	Password  string
	Agreement bool
	Locale    string
	Reason    string
	// AppID and Scopes come from the app's client_credentials token; the new
	// user's token is issued to the same app with the same scopes.
	AppID     *store.ID
	Scopes    []string
	UserAgent string
	IP        string
}

// Register creates an account as the registrations mode allows and signs
// it in. In approval mode the account waits unapproved: its token exists,
// but user endpoints refuse it until a moderator approves.
func (a *Actions) Register(ctx context.Context, args RegisterArgs) (*IssuedToken, error) {
	mode := a.Config.Registrations
	if mode != RegistrationsOpen && mode != RegistrationsApproval {
		return nil, &ErrRefused{Reason: "Registrations are closed on this server"}
	}
	if !args.Agreement {
		return nil, invalid("agreement", "must be accepted")
	}
	if len([]rune(args.Reason)) > 1000 {
		return nil, invalid("reason", "is too long (maximum is 1000 characters)")
	}
	if args.Locale != "" && !localePattern.MatchString(args.Locale) {
		return nil, invalid("locale", "is not a valid language tag")
	}
	_, user, err := a.CreateAccount(ctx, CreateAccountArgs{Username: args.Username, Email: args.Email,
		Password: args.Password, Approved: mode == RegistrationsOpen, Reason: args.Reason, Locale: args.Locale})
	if err != nil {
		return nil, err
	}
	scopes := args.Scopes
	if len(scopes) == 0 {
		scopes = []string{"read"}
	}
	issued := &IssuedToken{Secret: randomToken(), Token: &store.Token{ID: a.DB.NewID(), AppID: args.AppID,
		UserID: &user.ID, Scopes: scopes, UserAgent: truncate(args.UserAgent, 300), IP: args.IP, CreatedAt: time.Now()}}
	if err := a.DB.Write(ctx, func(tx *store.Tx) error { return tx.InsertToken(issued.Token, issued.Secret) }); err != nil {
		return nil, err
	}
	return issued, nil
}
