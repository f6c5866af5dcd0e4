package actions

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"image/png"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
	"golang.org/x/crypto/bcrypt"

	"roost/store"
)

const (
	recoveryCodeCount = 10
	totpPeriod        = 30
	// challengeLifetime is how long the code prompt waits after a right
	// password before the sign-in must start again.
	challengeLifetime = 5 * time.Minute
)

// ErrSecondFactor means the password was right and the account has
// two-factor sign-in on: the sign-in goes on with a code, under Challenge,
// which stands for the checked password so it is never sent again.
type ErrSecondFactor struct{ Challenge string }

func (e *ErrSecondFactor) Error() string { return "A two-factor authentication code is required" }

// ErrChallengeExpired means the code prompt is too old or unknown: sign in
// again from the password.
var ErrChallengeExpired = errors.New("The sign-in has expired; enter your password again")

// errWrongCode is the answer to a wrong, used or expired code.
func errWrongCode() error { return invalid("code", "is wrong or was already used") }

// challenges are half-done sign-ins waiting for a code, in memory: a
// restart only means typing the password again.
type challenges struct {
	mu      sync.Mutex
	byToken map[string]challenge
}

type challenge struct {
	userID  store.ID
	expires time.Time
}

func newChallenges() *challenges { return &challenges{byToken: map[string]challenge{}} }

func (c *challenges) start(userID store.ID, now time.Time) string {
	token := randomToken()
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.byToken) > 10000 {
		for k, ch := range c.byToken {
			if now.After(ch.expires) {
				delete(c.byToken, k)
			}
		}
	}
	c.byToken[token] = challenge{userID: userID, expires: now.Add(challengeLifetime)}
	return token
}

func (c *challenges) user(token string, now time.Time) (store.ID, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch, ok := c.byToken[token]
	if !ok || now.After(ch.expires) {
		delete(c.byToken, token)
		return 0, false
	}
	return ch.userID, true
}

func (c *challenges) end(token string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.byToken, token)
}

// checkSignIn is the password step of every sign-in form (web and OAuth),
// under one set of failure limits per account and per client address.
func (a *Actions) checkSignIn(ctx context.Context, login, password, ip string) (*store.User, error) {
	now := time.Now()
	login = strings.TrimSpace(login)
	known, err := a.userByLogin(ctx, login)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	key := accountKey(known, login)
	if err := a.attempts.check(addressKey(ip), maxAddressFailures, now); err != nil {
		return nil, err
	}
	if err := a.attempts.check(key, maxPasswordFailures, now); err != nil {
		return nil, err
	}
	u, err := a.Authenticate(ctx, login, password)
	if errors.Is(err, ErrUnauthorized) {
		a.attempts.fail(now, addressKey(ip), key)
	}
	if err != nil {
		return nil, err
	}
	a.attempts.forgive(key)
	return u, nil
}

// passwordThenCode runs the password step; for an account with two-factor
// sign-in it stops with ErrSecondFactor.
func (a *Actions) passwordThenCode(ctx context.Context, login, password, ip string) (*store.User, error) {
	u, err := a.checkSignIn(ctx, login, password, ip)
	if err != nil {
		return nil, err
	}
	if u.TOTPEnabledAt != nil {
		return nil, &ErrSecondFactor{Challenge: a.challenges.start(u.ID, time.Now())}
	}
	return u, nil
}

// passChallenge finishes a sign-in that stopped at ErrSecondFactor.
func (a *Actions) passChallenge(ctx context.Context, token, code string) (*store.User, error) {
	id, ok := a.challenges.user(token, time.Now())
	if !ok {
		return nil, ErrChallengeExpired
	}
	u, err := a.DB.User(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := a.CheckSecondFactor(ctx, u, code); err != nil {
		return nil, err
	}
	a.challenges.end(token)
	return u, nil
}

// CheckSecondFactor accepts a current one-time code not used before, or an
// unused recovery code (which it uses up). Wrong codes count against the
// account: a few per quarter hour, then ErrTooManyAttempts.
func (a *Actions) CheckSecondFactor(ctx context.Context, u *store.User, code string) error {
	now := time.Now()
	if err := a.attempts.check(codeKey(u.ID), maxCodeFailures, now); err != nil {
		return err
	}
	code = normaliseCode(code)
	var ok bool
	var err error
	if len(code) == 6 {
		ok, err = a.acceptTOTP(ctx, u, u.TOTPSecret, code, now)
	} else if u.TOTPEnabledAt != nil {
		ok, err = a.useRecoveryCode(ctx, u, code)
	}
	if err != nil {
		return err
	}
	if !ok {
		a.attempts.fail(now, codeKey(u.ID))
		return errWrongCode()
	}
	a.attempts.forgive(codeKey(u.ID))
	return nil
}

func normaliseCode(code string) string {
	return strings.ToLower(strings.NewReplacer(" ", "", "-", "", "\t", "").Replace(code))
}

var totpOptions = totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// acceptTOTP checks a code against the previous, current and next time
// steps (clocks drift), and records its step so it cannot be used again.
func (a *Actions) acceptTOTP(ctx context.Context, u *store.User, secret, code string, now time.Time) (bool, error) {
	if secret == "" {
		return false, nil
	}
	current := now.Unix() / totpPeriod
	for _, step := range []int64{current - 1, current, current + 1} {
		want, err := totp.GenerateCodeCustom(secret, time.Unix(step*totpPeriod, 0), totpOptions)
		if err != nil {
			return false, err
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) != 1 {
			continue
		}
		var fresh bool
		err = a.DB.Write(ctx, func(tx *store.Tx) error {
			fresh, err = tx.AdvanceTOTPStep(u.ID, step)
			return err
		})
		if fresh {
			u.TOTPLastStep = step
		}
		return fresh, err
	}
	return false, nil
}

// Recovery codes are stored as salt$sha256(salt+code): each has its own
// salt, and they are long random strings, so a fast hash is enough.
func hashRecoveryCode(salt, code string) string {
	sum := sha256.Sum256([]byte(salt + code))
	return salt + "$" + hex.EncodeToString(sum[:])
}

func (a *Actions) useRecoveryCode(ctx context.Context, u *store.User, code string) (bool, error) {
	hashes, err := a.DB.RecoveryCodeHashes(ctx, u.ID)
	if err != nil {
		return false, err
	}
	for _, h := range hashes {
		salt, _, _ := strings.Cut(h, "$")
		if subtle.ConstantTimeCompare([]byte(hashRecoveryCode(salt, code)), []byte(h)) != 1 {
			continue
		}
		var used bool
		err := a.DB.Write(ctx, func(tx *store.Tx) error {
			used, err = tx.UseRecoveryCode(u.ID, h)
			return err
		})
		return used, err
	}
	return false, nil
}

// newRecoveryCodes makes codes like "k3x9q-7mw2p" and their hashes.
func newRecoveryCodes() (codes, hashes []string) {
	enc := base32.StdEncoding.WithPadding(base32.NoPadding)
	for range recoveryCodeCount {
		b := make([]byte, 7)
		rand.Read(b)
		c := strings.ToLower(enc.EncodeToString(b))[:10]
		codes = append(codes, c[:5]+"-"+c[5:])
		salt := make([]byte, 8)
		rand.Read(salt)
		hashes = append(hashes, hashRecoveryCode(hex.EncodeToString(salt), c))
	}
	return codes, hashes
}

// TOTPSetup is what an authenticator app needs: the key written out, the
// otpauth URL, and that URL as a QR code PNG.
type TOTPSetup struct {
	Secret string
	URL    string
	QRCode []byte
}

// EnableTOTP starts two-factor set-up: it gives the user a key (the same
// one until confirmed, so reloading the page does not change the code the
// app already shows). Nothing changes at sign-in until ConfirmTOTP.
func (a *Actions) EnableTOTP(ctx context.Context, u *store.User, username string) (*TOTPSetup, error) {
	if u.TOTPEnabledAt != nil {
		return nil, invalid("code", "two-factor authentication is already on")
	}
	if u.TOTPSecret == "" {
		key, err := totp.Generate(totp.GenerateOpts{Issuer: a.Config.Host, AccountName: username})
		if err != nil {
			return nil, err
		}
		u.TOTPSecret = key.Secret()
		if err := a.DB.Write(ctx, func(tx *store.Tx) error { return tx.UpdateUser(u) }); err != nil {
			return nil, err
		}
	}
	q := url.Values{"secret": {u.TOTPSecret}, "issuer": {a.Config.Host}, "algorithm": {"SHA1"},
		"digits": {"6"}, "period": {"30"}}
	link := url.URL{Scheme: "otpauth", Host: "totp", Path: "/" + a.Config.Host + ":" + username, RawQuery: q.Encode()}
	key, err := otp.NewKeyFromURL(link.String())
	if err != nil {
		return nil, err
	}
	img, err := key.Image(240, 240)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return &TOTPSetup{Secret: u.TOTPSecret, URL: key.String(), QRCode: buf.Bytes()}, nil
}

// ConfirmTOTP turns two-factor sign-in on once the user shows a code from
// the new key, and returns ten recovery codes, to be shown this once.
func (a *Actions) ConfirmTOTP(ctx context.Context, u *store.User, code string) ([]string, error) {
	if u.TOTPEnabledAt != nil {
		return nil, invalid("code", "two-factor authentication is already on")
	}
	if u.TOTPSecret == "" {
		return nil, invalid("code", "set-up has not started")
	}
	if err := a.CheckSecondFactor(ctx, u, code); err != nil {
		return nil, err
	}
	codes, hashes := newRecoveryCodes()
	now := time.Now()
	u.TOTPEnabledAt = &now
	err := a.DB.Write(ctx, func(tx *store.Tx) error {
		if err := tx.UpdateUser(u); err != nil {
			return err
		}
		return tx.ReplaceRecoveryCodes(u.ID, hashes)
	})
	if err != nil {
		return nil, err
	}
	return codes, nil
}

// DisableTOTP turns two-factor sign-in off; it takes the password and a
// code (or a recovery code), so a browser left signed in is not enough.
func (a *Actions) DisableTOTP(ctx context.Context, u *store.User, password, code string) error {
	if u.TOTPEnabledAt == nil {
		return invalid("code", "two-factor authentication is not on")
	}
	now := time.Now()
	key := accountKey(u, "")
	if err := a.attempts.check(key, maxPasswordFailures, now); err != nil {
		return err
	}
	if bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(password)) != nil {
		a.attempts.fail(now, key)
		return invalid("current_password", "is wrong")
	}
	if err := a.CheckSecondFactor(ctx, u, code); err != nil {
		return err
	}
	return a.clearTOTP(ctx, u)
}

// DisableTOTPFor turns two-factor sign-in off for a locked-out user (the
// admin CLI).
func (a *Actions) DisableTOTPFor(ctx context.Context, username string) error {
	u, err := a.localUser(ctx, username)
	if err != nil {
		return err
	}
	return a.clearTOTP(ctx, u)
}

func (a *Actions) clearTOTP(ctx context.Context, u *store.User) error {
	u.TOTPSecret, u.TOTPEnabledAt = "", nil
	return a.DB.Write(ctx, func(tx *store.Tx) error {
		if err := tx.UpdateUser(u); err != nil {
			return err
		}
		return tx.DeleteRecoveryCodes(u.ID)
	})
}

// RecoveryCodesLeft counts a user's unused recovery codes.
func (a *Actions) RecoveryCodesLeft(ctx context.Context, u *store.User) (int, error) {
	hashes, err := a.DB.RecoveryCodeHashes(ctx, u.ID)
	return len(hashes), err
}
