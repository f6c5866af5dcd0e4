package servertest

import (
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// Codes hands out one-time codes from a TOTP key as an authenticator app
// would, each for a later time step than the last, so that a test can sign
// in several times in a row without waiting 30 seconds: the server accepts
// the previous, current and next steps, and refuses a step used before.
type Codes struct {
	Secret string
	last   int64
}

// Next is a fresh code the server will accept.
func (c *Codes) Next(t testing.TB) string {
	t.Helper()
	step := time.Now().Unix()/30 - 1
	if step <= c.last {
		step = c.last + 1
	}
	if step > time.Now().Unix()/30+1 {
		t.Fatal("servertest: no unused TOTP step left in the window; use a recovery code")
	}
	c.last = step
	return c.At(t, step)
}

// At is the code of one time step.
func (c *Codes) At(t testing.TB, step int64) string {
	t.Helper()
	code, err := totp.GenerateCodeCustom(c.Secret, time.Unix(step*30, 0),
		totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// Last is the code Next handed out last, for replay tests.
func (c *Codes) Last(t testing.TB) string { return c.At(t, c.last) }
