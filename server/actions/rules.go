package actions

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"unicode/utf8"

	"roost/store"
)

// settingRules holds the instance rules, a JSON list in the admins' order.
// They are few and read with the instance description, so a setting is
// enough; a table would add nothing.
const settingRules = "instance.rules"

// maxRules and the lengths below keep the about page readable.
const (
	maxRules    = 50
	maxRuleText = 300
	maxRuleHint = 1000
)

// Rule is one instance rule, shown on the about page and at sign-up.
type Rule struct {
	ID   store.ID `json:"id"`
	Text string   `json:"text"`
	Hint string   `json:"hint"`
}

// InstanceRules lists the rules in the admins' order.
func (a *Actions) InstanceRules(ctx context.Context) ([]Rule, error) {
	v, err := a.DB.Setting(ctx, settingRules)
	if errors.Is(err, store.ErrNotFound) {
		return []Rule{}, nil
	}
	if err != nil {
		return nil, err
	}
	rules := []Rule{}
	if err := json.Unmarshal([]byte(v), &rules); err != nil {
		return nil, err
	}
	return rules, nil
}

// AddRule appends a rule.
func (a *Actions) AddRule(ctx context.Context, by *store.User, text, hint string) (*Rule, error) {
	r := Rule{ID: a.DB.NewID(), Text: strings.TrimSpace(text), Hint: strings.TrimSpace(hint)}
	if err := checkRule(r); err != nil {
		return nil, err
	}
	err := a.changeRules(ctx, by, func(rules []Rule) ([]Rule, error) {
		if len(rules) >= maxRules {
			return nil, invalid("text", "too many rules")
		}
		return append(rules, r), nil
	})
	return &r, err
}

// DeleteRule removes a rule; an unknown one is ErrNotFound.
func (a *Actions) DeleteRule(ctx context.Context, by *store.User, id store.ID) error {
	return a.changeRules(ctx, by, func(rules []Rule) ([]Rule, error) {
		i := slices.IndexFunc(rules, func(r Rule) bool { return r.ID == id })
		if i < 0 {
			return nil, ErrNotFound
		}
		return slices.Delete(rules, i, i+1), nil
	})
}

func checkRule(r Rule) error {
	if r.Text == "" || utf8.RuneCountInString(r.Text) > maxRuleText {
		return invalid("text", "must be 1 to 300 characters")
	}
	if utf8.RuneCountInString(r.Hint) > maxRuleHint {
		return invalid("hint", "is too long (maximum is 1000 characters)")
	}
	return nil
}

// changeRules reads, changes and writes the list in one transaction, so
// that two admins editing at once do not lose a rule.
func (a *Actions) changeRules(ctx context.Context, by *store.User, change func([]Rule) ([]Rule, error)) error {
	if !IsAdmin(by) {
		return ErrForbidden
	}
	return a.DB.Write(ctx, func(tx *store.Tx) error {
		rules := []Rule{}
		v, err := tx.Setting(settingRules)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if v != "" {
			if err := json.Unmarshal([]byte(v), &rules); err != nil {
				return err
			}
		}
		if rules, err = change(rules); err != nil {
			return err
		}
		b, err := json.Marshal(rules)
		if err != nil {
			return err
		}
		return tx.SetSetting(settingRules, string(b))
	})
}
