package mastoapi

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/store"
)

// VerifyCredentials serves GET /api/v1/accounts/verify_credentials.
func (api *API) VerifyCredentials(c echo.Context) error {
	creds, err := api.Actions.VerifyCredentials(c.Request().Context(), viewerAccount(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, api.credentialAccount(creds))
}

// UpdateCredentials serves PATCH /api/v1/accounts/update_credentials.
func (api *API) UpdateCredentials(c echo.Context) error {
	api.limitUpload(c)
	p, err := readParams(c)
	if err != nil {
		return err
	}
	args := actions.UpdateCredentialsArgs{
		Locked: p.Bool("locked"), Bot: p.Bool("bot"), Discoverable: p.Bool("discoverable"),
		Indexable: p.Bool("indexable"), HideCollections: p.Bool("hide_collections"),
		Sensitive: p.Bool("source[sensitive]"),
	}
	optional := func(name string) *string {
		if s, ok := p.optString(name); ok {
			return &s
		}
		return nil
	}
	args.DisplayName, args.Note = optional("display_name"), optional("note")
	args.Privacy, args.Language = optional("source[privacy]"), optional("source[language]")
	if src, ok := p.json["source"].(map[string]any); ok {
		sub := &params{json: src}
		if s, ok := sub.optString("privacy"); ok {
			args.Privacy = &s
		}
		if s, ok := sub.optString("language"); ok {
			args.Language = &s
		}
		args.Sensitive = sub.Bool("sensitive")
	}
	if fields, ok := p.Objects("fields_attributes"); ok {
		args.Fields = []actions.FieldInput{}
		for _, f := range fields {
			args.Fields = append(args.Fields, actions.FieldInput{Name: f["name"], Value: f["value"]})
		}
	}
	if args.Avatar, err = readFile(c, "avatar"); err != nil {
		return err
	}
	if args.Header, err = readFile(c, "header"); err != nil {
		return err
	}
	creds, err := api.Actions.UpdateCredentials(c.Request().Context(), viewerAccount(c), args)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, api.credentialAccount(creds))
}

// GetAccount serves GET /api/v1/accounts/:id.
func (api *API) GetAccount(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	acct, err := api.Actions.Account(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, api.account(acct))
}

// LookupAccount serves GET /api/v1/accounts/lookup?acct=.
func (api *API) LookupAccount(c echo.Context) error {
	acct, err := api.Actions.LookupAccount(c.Request().Context(), c.QueryParam("acct"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, api.account(acct))
}

// SearchAccounts serves GET /api/v1/accounts/search?q=.
func (api *API) SearchAccounts(c echo.Context) error {
	q := c.QueryParams()
	args := actions.AccountSearchArgs{Query: q.Get("q"), Resolve: truthy(q.Get("resolve")), Following: truthy(q.Get("following")),
		Limit: 40, Offset: offset(c)}
	if n, err := strconv.Atoi(q.Get("limit")); err == nil {
		args.Limit = min(max(n, 1), 80)
	}
	list, err := api.Actions.SearchAccounts(c.Request().Context(), viewerAccount(c), args)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, api.accounts(list))
}

// AccountStatuses serves GET /api/v1/accounts/:id/statuses.
func (api *API) AccountStatuses(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	q := c.QueryParams()
	f := store.AccountFilter{Pinned: truthy(q.Get("pinned")), OnlyMedia: truthy(q.Get("only_media")),
		ExcludeReplies: truthy(q.Get("exclude_replies")), ExcludeReblogs: truthy(q.Get("exclude_reblogs"))}
	list, err := api.Actions.AccountStatuses(c.Request().Context(), viewerAccount(c), id, f, q.Get("tagged"), page(c))
	if err != nil {
		return err
	}
	return api.renderStatuses(c, list)
}

// Followers serves GET /api/v1/accounts/:id/followers.
func (api *API) Followers(c echo.Context) error { return api.accountList(c, api.Actions.Followers) }

// Following serves GET /api/v1/accounts/:id/following.
func (api *API) Following(c echo.Context) error { return api.accountList(c, api.Actions.Following) }

func (api *API) accountList(c echo.Context, op func(context.Context, *store.Account, store.ID, store.Page) (*actions.Accounts, error)) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	list, err := op(c.Request().Context(), viewerAccount(c), id, pageOf(c, accountLimits))
	return api.renderAccounts(c, list, err)
}

// Relationships serves GET /api/v1/accounts/relationships?id[]=.
func (api *API) Relationships(c echo.Context) error {
	ids, err := queryIDs(c)
	if err != nil {
		return err
	}
	rels, err := api.Actions.Relationships(c.Request().Context(), viewerAccount(c), ids)
	if err != nil {
		return err
	}
	out := make([]*Relationship, 0, len(rels))
	for i := range rels {
		out = append(out, relationship(&rels[i]))
	}
	return c.JSON(http.StatusOK, out)
}

// relationshipAction runs a graph operation on :id and renders the Relationship.
func (api *API) relationshipAction(c echo.Context, op func(context.Context, *store.Account, store.ID) (*store.Relationship, error)) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	rel, err := op(c.Request().Context(), viewerAccount(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, relationship(rel))
}

// Follow serves POST /api/v1/accounts/:id/follow.
func (api *API) Follow(c echo.Context) error {
	p, err := readParams(c)
	if err != nil {
		return err
	}
	args := actions.FollowArgs{Reblogs: p.BoolOr("reblogs", true), Notify: p.BoolOr("notify", false)}
	if languages, ok := p.optStrings("languages"); ok {
		args.Languages = &languages
	}
	return api.relationshipAction(c, func(ctx context.Context, viewer *store.Account, id store.ID) (*store.Relationship, error) {
		return api.Actions.Follow(ctx, viewer, id, args)
	})
}

// Unfollow serves POST /api/v1/accounts/:id/unfollow.
func (api *API) Unfollow(c echo.Context) error {
	return api.relationshipAction(c, api.Actions.Unfollow)
}

// Block serves POST /api/v1/accounts/:id/block.
func (api *API) Block(c echo.Context) error { return api.relationshipAction(c, api.Actions.Block) }

// Unblock serves POST /api/v1/accounts/:id/unblock.
func (api *API) Unblock(c echo.Context) error { return api.relationshipAction(c, api.Actions.Unblock) }

// Mute serves POST /api/v1/accounts/:id/mute.
func (api *API) Mute(c echo.Context) error {
	p, err := readParams(c)
	if err != nil {
		return err
	}
	args := actions.MuteArgs{Notifications: p.BoolOr("notifications", true)}
	if n, err := strconv.Atoi(p.String("duration")); err == nil && n > 0 {
		args.Duration = time.Duration(min(n, actions.MaxExpirySeconds)) * time.Second
	}
	return api.relationshipAction(c, func(ctx context.Context, viewer *store.Account, id store.ID) (*store.Relationship, error) {
		return api.Actions.Mute(ctx, viewer, id, args)
	})
}

// Unmute serves POST /api/v1/accounts/:id/unmute.
func (api *API) Unmute(c echo.Context) error { return api.relationshipAction(c, api.Actions.Unmute) }

// FollowRequests serves GET /api/v1/follow_requests.
func (api *API) FollowRequests(c echo.Context) error {
	list, err := api.Actions.FollowRequests(c.Request().Context(), viewerAccount(c), pageOf(c, accountLimits))
	return api.renderAccounts(c, list, err)
}

// AuthorizeFollowRequest serves POST /api/v1/follow_requests/:id/authorize.
func (api *API) AuthorizeFollowRequest(c echo.Context) error {
	return api.relationshipAction(c, func(ctx context.Context, viewer *store.Account, id store.ID) (*store.Relationship, error) {
		return api.Actions.AnswerFollowRequest(ctx, viewer, id, true)
	})
}

// RejectFollowRequest serves POST /api/v1/follow_requests/:id/reject.
func (api *API) RejectFollowRequest(c echo.Context) error {
	return api.relationshipAction(c, func(ctx context.Context, viewer *store.Account, id store.ID) (*store.Relationship, error) {
		return api.Actions.AnswerFollowRequest(ctx, viewer, id, false)
	})
}
