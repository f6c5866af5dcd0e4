package actions

import (
	"errors"
	"fmt"
)

// Typed errors every operation returns; server/errors.go maps them to
// Mastodon's JSON error, an HTML page or a plain ActivityPub response.
var (
	ErrNotFound     = errors.New("Record not found")
	ErrForbidden    = errors.New("This action is not allowed")
	ErrUnauthorized = errors.New("The access token is invalid")
	ErrRateLimited  = errors.New("Too many requests")
)

// ErrInvalid is a validation failure on one input field.
type ErrInvalid struct {
	Field  string
	Reason string
}

func (e *ErrInvalid) Error() string {
	if e.Field == "" {
		return "Validation failed: " + e.Reason
	}
	return fmt.Sprintf("Validation failed: %s %s", e.Field, e.Reason)
}

// invalid is shorthand for a validation error.
func invalid(field, reason string) error { return &ErrInvalid{Field: field, Reason: reason} }
