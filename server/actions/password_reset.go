package actions

import (
	"context"
	"errors"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"

	"roost/store"
)

const (
	resetLifetime = time.Hour
	// maxResetMails bounds reset mails per address per quarter hour, so the
	// form cannot be used to flood someone's inbox.
	maxResetMails = 3
)

// ErrResetInvalid means a reset link is unknown, expired or already used.
var ErrResetInvalid = errors.New("This reset link is invalid, expired or already used")

// MailEnabled reports whether the instance can send password-reset mail.
func (a *Actions) MailEnabled() bool { return a.Config.SMTP.Enabled() }

// RequestPasswordReset mails a single-use link to choose a new password.
// An unknown address gets the same answer as a known one, so the form does
// not tell who has an account here.
func (a *Actions) RequestPasswordReset(ctx context.Context, email string) error {
	if !a.MailEnabled() {
		return ErrMailDisabled
	}
	email = strings.TrimSpace(email)
	now := time.Now()
	key := "reset:" + strings.ToLower(email)
	if err := a.attempts.check(key, maxResetMails, now); err != nil {
		return err
	}
	a.attempts.fail(now, key)
	u, err := a.DB.UserByEmail(ctx, email)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	secret := randomToken()
	err = a.DB.Write(ctx, func(tx *store.Tx) error {
		return tx.InsertPasswordReset(u.ID, secret, now, now.Add(resetLifetime))
	})
	if err != nil {
		return err
	}
	link := a.Config.Protocol + "://" + a.Config.Host + "/auth/password/reset?token=" + secret
	body := "Someone (hopefully you) asked to reset the password of your account on " + a.Config.Host + ".\n\n" +
		"To choose a new password, open this link within an hour:\n\n" + link + "\n\n" +
		"It works once. If you did not ask for this, ignore this mail: your password stays as it is.\n"
	return a.Config.SMTP.send(ctx, u.Email, "Reset your password on "+a.Config.Host, body)
}

// CheckPasswordReset reports whether a reset link still works.
func (a *Actions) CheckPasswordReset(ctx context.Context, secret string) error {
	if _, err := a.DB.PasswordResetValid(ctx, secret, time.Now()); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return ErrResetInvalid
		}
		return err
	}
	return nil
}

// ResetPassword sets a new password with a reset link, which it uses up,
// and signs out every session and app, as for a password change.
func (a *Actions) ResetPassword(ctx context.Context, secret, password string) error {
	if err := checkPassword(password); err != nil {
		return err
	}
	if err := a.CheckPasswordReset(ctx, secret); err != nil {
		return err
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), a.Config.BcryptCost)
	if err != nil {
		return err
	}
	return a.DB.Write(ctx, func(tx *store.Tx) error {
		userID, expires, err := tx.TakePasswordReset(secret)
		if errors.Is(err, store.ErrNotFound) || err == nil && time.Now().After(expires) {
			return ErrResetInvalid
		}
		if err != nil {
			return err
		}
		if err := tx.SetPasswordHash(userID, string(hash)); err != nil {
			return err
		}
		if err := tx.DeletePasswordResets(userID); err != nil {
			return err
		}
		return tx.RevokeUserTokens(userID)
	})
}
