package actions

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"net/mail"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"

	"roost/store"
)

var usernamePattern = regexp.MustCompile(`^[A-Za-z0-9_]{1,30}$`)

// CreateAccountArgs describes a new local user.
type CreateAccountArgs struct {
	Username string
	Email    string
	Password string
	Role     string // user (default), moderator, admin
	// Approved users can sign in at once; otherwise they wait in the approval queue.
	Approved bool
	Reason   string
	Locale   string
	// InviteCode signs up through an invite link: allowed even when
	// registrations are closed, approved at once, one use of the link.
	InviteCode string
}

// CreateAccount makes a local account and its user, with a fresh RSA keypair
// for signing its activities.
func (a *Actions) CreateAccount(ctx context.Context, args CreateAccountArgs) (*store.Account, *store.User, error) {
	if !usernamePattern.MatchString(args.Username) {
		return nil, nil, invalid("username", "must be 1 to 30 letters, digits or underscores")
	}
	email, err := checkEmail(args.Email)
	if err != nil {
		return nil, nil, err
	}
	if err := checkPassword(args.Password); err != nil {
		return nil, nil, err
	}
	if utf8.RuneCountInString(args.Reason) > 1000 {
		return nil, nil, invalid("reason", "is too long (maximum is 1000 characters)")
	}
	role := args.Role
	if role == "" {
		role = store.RoleUser
	}
	if role != store.RoleUser && role != store.RoleModerator && role != store.RoleAdmin {
		return nil, nil, invalid("role", "must be one of user, moderator, admin")
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(args.Password), a.Config.BcryptCost)
	if err != nil {
		return nil, nil, err
	}
	keyPEM, pubPEM, err := newKeyPair()
	if err != nil {
		return nil, nil, err
	}
	now := time.Now()
	acct := &store.Account{
		ID: a.DB.NewID(), Username: args.Username, ActorType: "Person",
		URI: a.Paths.Actor(args.Username), URL: a.Paths.Profile(args.Username),
		InboxURL: a.Paths.Inbox(args.Username), SharedInboxURL: a.Paths.SharedInbox(),
		OutboxURL: a.Paths.Outbox(args.Username), FollowersURL: a.Paths.Followers(args.Username),
		FollowingURL: a.Paths.Following(args.Username), FeaturedURL: a.Paths.Featured(args.Username),
		FeaturedTagsURL: a.Paths.FeaturedTags(args.Username), PublicKeyID: a.Paths.KeyID(args.Username),
		PublicKeyPEM: pubPEM, PrivateKeyPEM: keyPEM, Discoverable: true, Indexable: true,
		CreatedAt: now,
	}
	locale := args.Locale
	if locale == "" {
		locale = "en"
	}
	user := &store.User{
		ID: a.DB.NewID(), AccountID: acct.ID, Email: email, PasswordHash: string(hash), Role: role,
		Locale: locale, SignupReason: args.Reason, CreatedAt: now, ConfirmedAt: &now,
		Settings: store.UserSettings{DefaultPrivacy: "public"},
	}
	if args.Approved || args.InviteCode != "" {
		user.ApprovedAt = &now
	}
	err = a.DB.Write(ctx, func(tx *store.Tx) error {
		if args.InviteCode != "" {
			if err := tx.UseInvite(args.InviteCode, now); errors.Is(err, store.ErrNotFound) {
				return invalid("invite", "is invalid, expired or used up")
			} else if err != nil {
				return err
			}
		}
		if taken, err := tx.EmailTaken(email); err != nil {
			return err
		} else if taken {
			return invalid("email", "is already taken")
		}
		if err := tx.InsertAccount(acct); err != nil {
			if errors.Is(err, store.ErrConflict) {
				return invalid("username", "is already taken")
			}
			return err
		}
		return tx.InsertUser(user)
	})
	if err != nil {
		return nil, nil, err
	}
	return acct, user, nil
}

func checkEmail(email string) (string, error) {
	email = strings.TrimSpace(email)
	addr, err := mail.ParseAddress(email)
	if err != nil || addr.Address != email || !strings.Contains(email[strings.LastIndex(email, "@")+1:], ".") && !strings.HasSuffix(email, "@localhost") {
		return "", invalid("email", "is not a valid address")
	}
	return email, nil
}

// commonPasswords are refused outright; a small list catches the worst.
var commonPasswords = map[string]bool{
	"password": true, "password1": true, "password123": true, "12345678": true, "123456789": true,
	"1234567890": true, "qwertyuiop": true, "qwerty123": true, "iloveyou": true, "sunshine": true,
	"princess": true, "football": true, "baseball": true, "welcome1": true, "abc12345": true,
	"11111111": true, "00000000": true, "letmein1": true, "trustno1": true, "passw0rd": true,
	"mastodon": true, "roostroost": true, "qwertyui": true, "asdfghjk": true, "87654321": true,
}

func checkPassword(p string) error {
	if len(p) < 8 {
		return invalid("password", "is too short (minimum is 8 characters)")
	}
	if len(p) > 72 {
		return invalid("password", "is too long (maximum is 72 bytes)")
	}
	if commonPasswords[strings.ToLower(p)] {
		return invalid("password", "is too common; choose another")
	}
	return nil
}

// newKeyPair makes the RSA key an actor signs its activities with.
func newKeyPair() (privatePEM, publicPEM string, err error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return "", "", err
	}
	priv := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: mustPKCS8(key)})
	pubDER, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		return "", "", err
	}
	pub := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER})
	return string(priv), string(pub), nil
}

func mustPKCS8(key *rsa.PrivateKey) []byte {
	b, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		panic(err) // cannot fail for an RSA key
	}
	return b
}

// localUser finds a local user and account by username.
func (a *Actions) localUser(ctx context.Context, username string) (*store.User, error) {
	u, err := a.DB.UserByUsername(ctx, username)
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrNotFound
	}
	return u, err
}

// SetPassword replaces a local user's password and signs out every session.
func (a *Actions) SetPassword(ctx context.Context, username, password string) error {
	if err := checkPassword(password); err != nil {
		return err
	}
	u, err := a.localUser(ctx, username)
	if err != nil {
		return err
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), a.Config.BcryptCost)
	if err != nil {
		return err
	}
	u.PasswordHash = string(hash)
	return a.DB.Write(ctx, func(tx *store.Tx) error {
		if err := tx.UpdateUser(u); err != nil {
			return err
		}
		return tx.RevokeUserTokens(u.ID)
	})
}

// SetSuspended suspends or lifts the suspension of a local account. A
// suspended account cannot sign in and its tokens stop working.
func (a *Actions) SetSuspended(ctx context.Context, username string, suspended bool) error {
	u, err := a.localUser(ctx, username)
	if err != nil {
		return err
	}
	var at *time.Time
	if suspended {
		now := time.Now()
		at = &now
	}
	return a.DB.Write(ctx, func(tx *store.Tx) error {
		if err := tx.SetAccountSuspended(u.AccountID, at); err != nil {
			return err
		}
		if suspended {
			return tx.RevokeUserTokens(u.ID)
		}
		return nil
	})
}

// Authenticate checks a sign-in by username or email and password.
func (a *Actions) Authenticate(ctx context.Context, login, password string) (*store.User, error) {
	u, err := a.userByLogin(ctx, login)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	if u == nil {
		// Spend the same time as a real check so timing does not reveal who exists.
		bcrypt.CompareHashAndPassword([]byte("$2a$10$7EqJtq98hPqEX7fNZaFWoOhi5BWX4Z1oZ1oZ1oZ1oZ1oZ1oZ1oZ1o"), []byte(password))
		return nil, ErrUnauthorized
	}
	if bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(password)) != nil {
		return nil, ErrUnauthorized
	}
	acct, err := a.DB.Account(ctx, u.AccountID)
	if err != nil {
		return nil, err
	}
	if acct.SuspendedAt != nil || u.DisabledAt != nil {
		return nil, ErrForbidden
	}
	return u, nil
}

// userByLogin finds a user by what a sign-in form calls the login: an
// email or a username.
func (a *Actions) userByLogin(ctx context.Context, login string) (*store.User, error) {
	if strings.Contains(login, "@") {
		return a.DB.UserByEmail(ctx, login)
	}
	return a.DB.UserByUsername(ctx, login)
}
