package actions

import (
	"context"
	"errors"
	"strconv"
	"strings"
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
)

// InstanceSettings are the instance's effective name, description and
// registrations mode.
type InstanceSettings struct {
	Name          string
	Description   string
	Registrations string
	// ShowDomainBlocks publishes the domain blocks (with their public
	// comments) on the about page and /api/v1/instance/domain_blocks.
	ShowDomainBlocks bool
}

// InstanceSettings reads the effective settings: a value an admin saved
// wins over the configuration's default.
func (a *Actions) InstanceSettings(ctx context.Context) (*InstanceSettings, error) {
	s := &InstanceSettings{Name: a.Config.InstanceName, Description: a.Config.Description,
		Registrations: a.Config.Registrations}
	for key, dst := range map[string]*string{settingName: &s.Name, settingDescription: &s.Description,
		settingRegistrations: &s.Registrations} {
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
	switch s.Registrations {
	case RegistrationsOpen, RegistrationsApproval, RegistrationsClosed:
	default:
		return invalid("registrations", "must be open, approval or closed")
	}
	return a.DB.Write(ctx, func(tx *store.Tx) error {
		for key, v := range map[string]string{settingName: s.Name, settingDescription: s.Description,
			settingRegistrations: s.Registrations, settingShowDomainBlocks: strconv.FormatBool(s.ShowDomainBlocks)} {
			if err := tx.SetSetting(key, v); err != nil {
				return err
			}
		}
		return nil
	})
}
