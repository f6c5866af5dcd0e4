package actions

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"roost/store"
)

// Keys of the instance settings an admin can change; each overrides the
// configuration file's value once set.
const (
	settingName          = "instance.name"
	settingDescription   = "instance.description"
	settingRegistrations = "instance.registrations"
	// settingShowDomainBlocks is "true" when anyone may read the list of
	// blocked domains and their public comments.
	settingShowDomainBlocks = "instance.show_domain_blocks"
	settingPrivacyPolicy    = "instance.privacy_policy"
	// updatedSuffix names the companion key holding when a text setting
	// last changed (Unix milliseconds): the updated_at of
	// /api/v1/instance/extended_description and privacy_policy.
	updatedSuffix = ".updated_at"
)

// MaxPrivacyPolicyChars bounds the privacy policy an admin writes.
const MaxPrivacyPolicyChars = 20000

// InstanceSettings are the instance's effective name, description and
// registrations mode.
type InstanceSettings struct {
	Name          string
	Description   string
	Registrations string
	// ShowDomainBlocks publishes the domain blocks (with their public
	// comments) on the about page and /api/v1/instance/domain_blocks.
	ShowDomainBlocks bool
	// PrivacyPolicy is plain text (blank lines part paragraphs); until an
	// admin writes one, DefaultPrivacyPolicy.
	PrivacyPolicy string
}

// InstanceSettings reads the effective settings: a value an admin saved
// wins over the configuration's default.
func (a *Actions) InstanceSettings(ctx context.Context) (*InstanceSettings, error) {
	s := &InstanceSettings{Name: a.Config.InstanceName, Description: a.Config.Description,
		Registrations: a.Config.Registrations, PrivacyPolicy: DefaultPrivacyPolicy}
	for key, dst := range map[string]*string{settingName: &s.Name, settingDescription: &s.Description,
		settingRegistrations: &s.Registrations, settingPrivacyPolicy: &s.PrivacyPolicy} {
		v, err := a.DB.Setting(ctx, key)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		*dst = v
	}
	show, err := a.DB.Setting(ctx, settingShowDomainBlocks)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	s.ShowDomainBlocks = show == "true"
	return s, nil
}

// UpdateInstanceSettings saves an admin's instance settings.
func (a *Actions) UpdateInstanceSettings(ctx context.Context, by *store.User, s InstanceSettings) error {
	if !IsAdmin(by) {
		return ErrForbidden
	}
	s.Name, s.Description = strings.TrimSpace(s.Name), strings.TrimSpace(s.Description)
	if s.Name == "" || utf8.RuneCountInString(s.Name) > 100 {
		return invalid("name", "must be 1 to 100 characters")
	}
	if utf8.RuneCountInString(s.Description) > 2000 {
		return invalid("description", "is too long (maximum is 2000 characters)")
	}
	s.PrivacyPolicy = strings.TrimSpace(s.PrivacyPolicy)
	if s.PrivacyPolicy == "" {
		s.PrivacyPolicy = DefaultPrivacyPolicy
	}
	if utf8.RuneCountInString(s.PrivacyPolicy) > MaxPrivacyPolicyChars {
		return invalid("privacy_policy", "is too long (maximum is 20000 characters)")
	}
	switch s.Registrations {
	case RegistrationsOpen, RegistrationsApproval, RegistrationsClosed:
	default:
		return invalid("registrations", "must be open, approval or closed")
	}
	return a.DB.Write(ctx, func(tx *store.Tx) error {
		for key, v := range map[string]string{settingName: s.Name, settingDescription: s.Description,
			settingRegistrations: s.Registrations, settingShowDomainBlocks: strconv.FormatBool(s.ShowDomainBlocks),
			settingPrivacyPolicy: s.PrivacyPolicy} {
			if err := setTracked(tx, key, v); err != nil {
				return err
			}
		}
		return nil
	})
}

// setTracked saves a setting and, when its value changes, when it did.
func setTracked(tx *store.Tx, key, value string) error {
	old, err := tx.Setting(key)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	if err == nil && old == value {
		return nil
	}
	if err := tx.SetSetting(key, value); err != nil {
		return err
	}
	return tx.SetSetting(key+updatedSuffix, strconv.FormatInt(time.Now().UnixMilli(), 10))
}
