package actions

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"time"

	"golang.org/x/crypto/bcrypt"

	"roost/store"
)

// SessionLifetime is how long a web sign-in lasts without signing in again.
const SessionLifetime = 365 * 24 * time.Hour

// ErrPendingApproval refuses a sign-in while an admin has not yet approved
// the sign-up; it is an ErrForbidden so every surface maps it alike.
var ErrPendingApproval = fmt.Errorf("%w: your account is pending approval", ErrForbidden)

// Session is a signed-in browser: its token row, user and account.
type Session struct {
	Token   *store.Token
	User    *store.User
	Account *store.Account
}

// SignInArgs is a sign-in attempt from a browser.
type SignInArgs struct {
	Login     string // username or email
	Password  string
	UserAgent string
	IP        string
}

// SignIn checks the credentials and opens a web session. The secret it
// returns goes into the session cookie; only its hash is stored. An account
// with two-factor sign-in gets ErrSecondFactor: SignInWithCode goes on.
// Failures are limited per account and per IP (ErrTooManyAttempts).
func (a *Actions) SignIn(ctx context.Context, args SignInArgs) (string, *Session, error) {
	u, err := a.passwordThenCode(ctx, args.Login, args.Password, args.IP)
	if err != nil {
		return "", nil, err
	}
	return a.StartSession(ctx, u, args.UserAgent, args.IP)
}

// SecondFactorArgs is the code step of a sign-in.
type SecondFactorArgs struct {
	Challenge string // from ErrSecondFactor
	Code      string // a one-time code or a recovery code
	UserAgent string
	IP        string
}

// SignInWithCode finishes a sign-in that stopped at ErrSecondFactor.
func (a *Actions) SignInWithCode(ctx context.Context, args SecondFactorArgs) (string, *Session, error) {
	u, err := a.passChallenge(ctx, args.Challenge, args.Code)
	if err != nil {
		return "", nil, err
	}
	return a.StartSession(ctx, u, args.UserAgent, args.IP)
}

// StartSession opens a web session for a user who has already proved who
// they are (a sign-in, a fresh sign-up, a password change).
func (a *Actions) StartSession(ctx context.Context, u *store.User, userAgent, ip string) (string, *Session, error) {
	if u.ApprovedAt == nil {
		return "", nil, ErrPendingApproval
	}
	acct, err := a.DB.Account(ctx, u.AccountID)
	if err != nil {
		return "", nil, err
	}
	if acct.SuspendedAt != nil || u.DisabledAt != nil {
		return "", nil, ErrForbidden
	}
	secret, err := newSecret()
	if err != nil {
		return "", nil, err
	}
	now := time.Now()
	if len(userAgent) > 300 {
		userAgent = userAgent[:300]
	}
	tok := &store.Token{ID: a.DB.NewID(), UserID: &u.ID, Kind: store.TokenKindSession,
		UserAgent: userAgent, IP: ip, CreatedAt: now, LastUsedAt: &now}
	u.LastSignInAt = &now
	err = a.DB.Write(ctx, func(tx *store.Tx) error {
		if err := tx.InsertToken(tok, secret); err != nil {
			return err
		}
		return tx.UpdateUser(u)
	})
	if err != nil {
		return "", nil, err
	}
	return secret, &Session{Token: tok, User: u, Account: acct}, nil
}

// SessionBySecret resolves a session cookie. ErrUnauthorized means the
// session is gone: revoked, expired, or its user can no longer sign in.
func (a *Actions) SessionBySecret(ctx context.Context, secret string) (*Session, error) {
	tok, err := a.DB.SessionBySecret(ctx, secret)
	if errors.Is(err, store.ErrNotFound) || err == nil && (tok.UserID == nil || time.Since(tok.CreatedAt) > SessionLifetime) {
		return nil, ErrUnauthorized
	}
	if err != nil {
		return nil, err
	}
	u, err := a.DB.User(ctx, *tok.UserID)
	if err != nil {
		return nil, err
	}
	acct, err := a.DB.Account(ctx, u.AccountID)
	if err != nil {
		return nil, err
	}
	if acct.SuspendedAt != nil || u.DisabledAt != nil || u.ApprovedAt == nil {
		return nil, ErrUnauthorized
	}
	if err := a.touch(ctx, tok); err != nil {
		return nil, err
	}
	return &Session{Token: tok, User: u, Account: acct}, nil
}

// SignOut ends one web session.
func (a *Actions) SignOut(ctx context.Context, s *Session) error {
	return a.DB.Write(ctx, func(tx *store.Tx) error { return tx.RevokeToken(s.Token.ID) })
}

// ChangePasswordArgs is a signed-in user replacing their own password.
type ChangePasswordArgs struct {
	Session   *Session
	Current   string
	New       string
	UserAgent string
	IP        string
}

// ChangePassword checks the current password, sets the new one and signs
// out every session and app token, as a stolen password calls for; the
// browser that made the change gets a fresh session so it stays signed in.
func (a *Actions) ChangePassword(ctx context.Context, args ChangePasswordArgs) (string, *Session, error) {
	u := args.Session.User
	if err := a.confirmPassword(u, args.Current); err != nil {
		return "", nil, err
	}
	if err := a.SetPassword(ctx, args.Session.Account.Username, args.New); err != nil {
		return "", nil, err
	}
	u, err := a.DB.User(ctx, u.ID)
	if err != nil {
		return "", nil, err
	}
	return a.StartSession(ctx, u, args.UserAgent, args.IP)
}

// confirmPassword checks the password a signed-in user types again
// before a change that a stolen session alone must not make.
func (a *Actions) confirmPassword(u *store.User, current string) error {
	now, key := time.Now(), accountKey(u, "")
	if err := a.attempts.check(key, maxPasswordFailures, now); err != nil {
		return err
	}
	if bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(current)) != nil {
		// A stolen session must not be a way to guess the password at speed.
		a.attempts.fail(now, key)
		return invalid("current_password", "is wrong")
	}
	return nil
}

// newSecret is a random 32-byte secret, URL-safe so it fits a cookie.
func newSecret() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// touchInterval bounds how often a session's last use is written: a page
// view should not cost a write every time.
const touchInterval = 5 * time.Minute

// touch records that a session was used, at most once per touchInterval.
func (a *Actions) touch(ctx context.Context, tok *store.Token) error {
	now := time.Now()
	if tok.LastUsedAt != nil && now.Sub(*tok.LastUsedAt) < touchInterval {
		return nil
	}
	tok.LastUsedAt = &now
	return a.DB.Write(ctx, func(tx *store.Tx) error { return tx.TouchToken(tok.ID, now) })
}

// AppGrant is an app holding tokens for the user.
type AppGrant struct {
	AppID    store.ID
	Name     string
	Scopes   []string
	Since    time.Time
	LastUsed *time.Time
}

// SignIns are where a user is signed in: browsers and authorised apps.
type SignIns struct {
	Sessions []*store.Token
	Apps     []AppGrant
}

// ListSignIns lists the user's live web sessions and the apps holding
// tokens, one line per app however many tokens it has.
func (a *Actions) ListSignIns(ctx context.Context, u *store.User) (*SignIns, error) {
	tokens, err := a.DB.UserTokens(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	out := &SignIns{}
	byApp := map[store.ID]int{}
	for _, ut := range tokens {
		t := ut.Token
		if t.Kind == store.TokenKindSession {
			out.Sessions = append(out.Sessions, t)
			continue
		}
		if t.AppID == nil {
			continue
		}
		i, ok := byApp[*t.AppID]
		if !ok {
			byApp[*t.AppID] = len(out.Apps)
			out.Apps = append(out.Apps, AppGrant{AppID: *t.AppID, Name: ut.AppName, Since: t.CreatedAt})
			i = len(out.Apps) - 1
		}
		g := &out.Apps[i]
		for _, s := range t.Scopes {
			if !slices.Contains(g.Scopes, s) {
				g.Scopes = append(g.Scopes, s)
			}
		}
		if t.CreatedAt.Before(g.Since) {
			g.Since = t.CreatedAt
		}
		if t.LastUsedAt != nil && (g.LastUsed == nil || t.LastUsedAt.After(*g.LastUsed)) {
			g.LastUsed = t.LastUsedAt
		}
	}
	return out, nil
}

// RevokeSession signs one of the user's browsers out.
func (a *Actions) RevokeSession(ctx context.Context, u *store.User, tokenID store.ID) error {
	return a.revoke(ctx, func(tx *store.Tx) (bool, error) { return tx.RevokeUserToken(u.ID, tokenID) })
}

// RevokeApp takes every token the user gave an app away from it.
func (a *Actions) RevokeApp(ctx context.Context, u *store.User, appID store.ID) error {
	return a.revoke(ctx, func(tx *store.Tx) (bool, error) { return tx.RevokeUserAppTokens(u.ID, appID) })
}

func (a *Actions) revoke(ctx context.Context, f func(tx *store.Tx) (bool, error)) error {
	var found bool
	err := a.DB.Write(ctx, func(tx *store.Tx) error {
		var err error
		found, err = f(tx)
		return err
	})
	if err == nil && !found {
		return ErrNotFound
	}
	return err
}
