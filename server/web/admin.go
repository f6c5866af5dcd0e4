package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/store"
)

type adminUsersPage struct {
	Users []store.LocalUser
	Roles []string
}

// AdminUsers lists the local users for moderators and admins.
func (h *Handlers) AdminUsers(c echo.Context) error {
	users, err := h.Actions.ListUsers(c.Request().Context(), SessionUser(c))
	if err != nil {
		return err
	}
	return h.render(c, http.StatusOK, "admin_users", adminUsersPage{Users: users,
		Roles: []string{store.RoleUser, store.RoleModerator, store.RoleAdmin}})
}

func backToUsers(c echo.Context) error {
	return c.Redirect(http.StatusSeeOther, "/admin/users?notice=user_updated")
}

// RejectUser turns down a pending sign-up.
func (h *Handlers) RejectUser(c echo.Context) error {
	if err := h.Actions.RejectUser(c.Request().Context(), SessionUser(c), c.Param("username")); err != nil {
		return err
	}
	return backToUsers(c)
}

// ApproveUser lets a pending sign-up in.
func (h *Handlers) ApproveUser(c echo.Context) error {
	if err := h.Actions.ApproveUser(c.Request().Context(), SessionUser(c), c.Param("username")); err != nil {
		return err
	}
	return backToUsers(c)
}

// SuspendUser suspends an account.
func (h *Handlers) SuspendUser(c echo.Context) error {
	if err := h.Actions.SuspendUser(c.Request().Context(), SessionUser(c), c.Param("username"), true); err != nil {
		return err
	}
	return backToUsers(c)
}

// UnsuspendUser lifts a suspension.
func (h *Handlers) UnsuspendUser(c echo.Context) error {
	if err := h.Actions.SuspendUser(c.Request().Context(), SessionUser(c), c.Param("username"), false); err != nil {
		return err
	}
	return backToUsers(c)
}

// ChangeRole makes a user a moderator, an admin, or a user again.
func (h *Handlers) ChangeRole(c echo.Context) error {
	err := h.Actions.SetRole(c.Request().Context(), SessionUser(c), c.Param("username"), c.FormValue("role"))
	if err != nil {
		return err
	}
	return backToUsers(c)
}

type instanceSettingsPage struct {
	Settings actions.InstanceSettings
	Modes    []string
	Errors   formErrors
}

func registrationModes() []string {
	return []string{actions.RegistrationsOpen, actions.RegistrationsApproval, actions.RegistrationsClosed}
}

// InstanceSettings shows the instance settings form to admins.
func (h *Handlers) InstanceSettings(c echo.Context) error {
	s, err := h.Actions.InstanceSettings(c.Request().Context())
	if err != nil {
		return err
	}
	return h.render(c, http.StatusOK, "admin_settings", instanceSettingsPage{Settings: *s, Modes: registrationModes()})
}

// UpdateInstanceSettings saves the instance settings form.
func (h *Handlers) UpdateInstanceSettings(c echo.Context) error {
	page := instanceSettingsPage{Modes: registrationModes(), Settings: actions.InstanceSettings{
		Name: c.FormValue("name"), Description: c.FormValue("description"), Registrations: c.FormValue("registrations"),
		ShowDomainBlocks: c.FormValue("show_domain_blocks") == "true", PrivacyPolicy: c.FormValue("privacy_policy")}}
	err := h.Actions.UpdateInstanceSettings(c.Request().Context(), SessionUser(c), page.Settings)
	if err != nil {
		if page.Errors, err = formError(err, "name", "description", "registrations", "privacy_policy"); err != nil {
			return err
		}
		return h.render(c, http.StatusUnprocessableEntity, "admin_settings", page)
	}
	return c.Redirect(http.StatusSeeOther, "/admin/settings?notice=saved")
}
