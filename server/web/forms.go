package web

import (
	"errors"

	"roost/server/actions"
)

// formErrors are validation messages by form field; "" is the form as a
// whole. Messages are catalogue ids (an operation's reason text is one).
type formErrors map[string]string

// formError turns an operation's validation failure into messages next to
// its fields; any other error is not the form's to show and is returned.
func formError(err error, fields ...string) (formErrors, error) {
	var inv *actions.ErrInvalid
	if !errors.As(err, &inv) {
		return nil, err
	}
	for _, f := range fields {
		if f == inv.Field {
			return formErrors{f: inv.Reason}, nil
		}
	}
	return formErrors{"": inv.Error()}, nil
}

// checked reads an HTML checkbox.
func checked(v string) bool { return v == "1" || v == "on" || v == "true" }
