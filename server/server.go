// Package server wires Roost's three surfaces (the Mastodon client API, the
// web UI and the ActivityPub endpoints) to one set of operations. Every
// route is on this one screen.
package server

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"roost/federation"
	"roost/federation/deliver"
	"roost/federation/fetch"
	"roost/federation/httpsig"
	"roost/federation/webpush"
	"roost/server/actions"
	"roost/server/apub"
	"roost/server/mastoapi"
	"roost/server/media"
	"roost/server/oauth"
	"roost/server/web"
	"roost/store"
)

// Server is one running Roost instance.
type Server struct {
	cfg     Config
	log     *slog.Logger
	db      *store.DB
	actions *actions.Actions
	echo    *echo.Echo
	web     *web.Handlers
	http    *http.Server
	// deliver drains the outbox; Serve starts it and stops it on shutdown.
	deliver *deliver.Worker
	push    *webpush.Worker
	proxies proxies
}

// New builds the server over an open database; nothing listens yet.
func New(cfg Config, db *store.DB, log *slog.Logger) (*Server, error) {
	acts := NewActions(cfg, db, log)
	if _, err := acts.EnsureInstanceActor(context.Background()); err != nil {
		return nil, err
	}
	renderer, err := web.NewRenderer()
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, log: log, db: db, actions: acts, echo: echo.New(),
		web: &web.Handlers{Actions: acts, Renderer: renderer}}
	ranges, err := cfg.TrustedProxyRanges()
	if err != nil {
		return nil, err
	}
	s.proxies = proxies{ranges: ranges}
	// The client address (sign-in limits, the sessions list) comes from
	// X-Forwarded-For only when a configured proxy sent it.
	s.echo.IPExtractor = s.proxies.clientIP()
	s.deliver = deliver.New(db, deliver.Config{
		Workers: cfg.Federation.Workers, AllowPrivate: cfg.Federation.AllowPrivate, Logger: log,
		AllowlistOnly: cfg.Federation.Mode == federation.ModeAllowlist,
		UserAgent:     fetch.UserAgent(actions.Version, cfg.Scheme()+"://"+cfg.Host),
	})
	acts.Wake = s.deliver.Wake
	if _, err := acts.EnsureVAPIDKey(context.Background()); err != nil {
		return nil, err
	}
	s.push = webpush.New(db, webpush.Config{AllowPrivate: cfg.Federation.AllowPrivate,
		Subscriber: cfg.Scheme() + "://" + cfg.Host + "/", Logger: log})
	acts.WakePush = s.push.Wake
	acts.Config.DefaultAvatar = s.staticURL("avatar.png")
	s.echo.HideBanner, s.echo.HidePort = true, true
	s.echo.HTTPErrorHandler = s.handleError
	s.routes()
	return s, nil
}

// NewActions builds the operations from the configuration; the admin CLI
// uses it to act on the same database without starting a server.
func NewActions(cfg Config, db *store.DB, log *slog.Logger) *actions.Actions {
	maxImage, _ := ParseSize(cfg.Media.MaxImageSize) // checked by Validate
	maxVideo, _ := ParseSize(cfg.Media.MaxVideoSize)
	acts := actions.New(db, actions.Config{
		Host: cfg.Host, Protocol: cfg.Scheme(), Registrations: cfg.Registrations,
		InstanceName: cfg.Instance.Name, Description: cfg.Instance.Description, ContactEmail: cfg.Instance.Contact,
		MaxStatusChars: cfg.Limits.MaxStatusChars,
		MaxPollOptions: cfg.Limits.MaxPollOptions,
		SMTP:           cfg.SMTP, AllowPrivate: cfg.Federation.AllowPrivate, BackfillPosts: cfg.Federation.BackfillPosts,
		AllowlistOnly: cfg.Federation.Mode == federation.ModeAllowlist,
		Media:         actions.MediaConfig{MaxImageBytes: maxImage, MaxVideoBytes: maxVideo, MaxPixels: int64(cfg.Media.MaxPixels)},
	}, log)
	acts.Files = media.Folder{Dir: cfg.MediaDir()}
	// A queue of 8 bounds the uploads held in memory while they wait.
	acts.MediaWorker = media.NewWorker(8, time.Hour, func(ctx context.Context) {
		if n, err := acts.PruneUploads(ctx); err != nil {
			log.Warn("media: pruning unattached uploads", "err", err)
		} else if n > 0 {
			log.Info("media: pruned unattached uploads", "count", n)
		}
	})
	acts.RemoteMedia = fetch.New(fetch.Config{AllowPrivate: cfg.Federation.AllowPrivate, MaxBody: maxImage,
		UserAgent: fetch.UserAgent(actions.Version, cfg.Scheme()+"://"+cfg.Host)})
	acts.RemoteMediaWorker = media.NewWorker(32, 0, nil)
	// Backfill reads one outbox at a time; a full queue drops the request
	// (the account is backfilled the next time someone looks).
	acts.BackfillWorker = media.NewWorker(64, 0, nil)
	// Link previews: 1 MiB of a page at most (its head is what counts),
	// 10 s, one page at a time. Remote posts' links wait up to a minute at
	// random; instances allowed private addresses are test instances.
	acts.CardClient = fetch.New(fetch.Config{AllowPrivate: cfg.Federation.AllowPrivate, MaxBody: 1 << 20,
		Timeout: 10 * time.Second, UserAgent: fetch.UserAgent(actions.Version, cfg.Scheme()+"://"+cfg.Host)})
	acts.CardWorker = media.NewWorker(64, 0, nil)
	acts.CardJitter = time.Minute
	if cfg.Federation.AllowPrivate {
		acts.CardJitter = 50 * time.Millisecond
	}
	return acts
}

// Actions exposes the operations (for the admin CLI and tests).
func (s *Server) Actions() *actions.Actions { return s.actions }

// Handler is the whole HTTP surface.
func (s *Server) Handler() http.Handler { return s.echo }

func (s *Server) routes() {
	e := s.echo
	// Rails ignores a trailing slash and apps rely on it: Mastodon.py asks
	// for /api/v1/instance/.
	e.Pre(middleware.RemoveTrailingSlash(), s.proxies.dropForgedForwarding)
	e.Use(s.logRequests, s.baselineHeaders, s.recoverPanics, corsForApps())

	// Probes for supervisors and load balancers (server/health.go).
	e.Match([]string{http.MethodGet, http.MethodHead}, livenessPath, s.live)
	e.Match([]string{http.MethodGet, http.MethodHead}, readinessPath, s.ready)

	api := &mastoapi.API{Actions: s.actions}
	api.DefaultAvatar, api.DefaultHeader = s.staticURL("avatar.png"), s.staticURL("header.png")
	a := e.Group("/api", api.Authenticate)
	read, user := mastoapi.UserScope("read"), mastoapi.UserScope
	a.GET("/v1/instance", api.InstanceV1)
	a.GET("/v2/instance", api.InstanceV2)
	a.POST("/v1/apps", api.CreateApp)
	a.GET("/v1/apps/verify_credentials", api.VerifyAppCredentials)
	a.POST("/v1/accounts", api.Register, mastoapi.Scope("write:accounts"))
	a.GET("/v1/preferences", api.Preferences, user("read:accounts"))
	a.GET("/v1/markers", api.Markers, user("read:statuses"))
	a.POST("/v1/markers", api.SaveMarkers, user("write:statuses"))

	// What apps ask at start-up, answered without a token, as Mastodon does.
	a.GET("/v1/streaming/health", api.StreamingHealth)
	a.GET("/v1/instance/peers", api.InstancePeers)
	a.GET("/v1/instance/activity", api.InstanceActivity)
	a.GET("/v1/instance/extended_description", api.ExtendedDescription)
	a.GET("/v1/instance/privacy_policy", api.PrivacyPolicy)
	a.GET("/v1/instance/languages", api.InstanceLanguages)
	a.GET("/v1/instance/translation_languages", api.TranslationLanguages)
	a.GET("/v1/custom_emojis", api.CustomEmojis)

	// Trends, suggestions and the directory, from local activity.
	a.GET("/v1/trends", api.TrendingTags)
	a.GET("/v1/trends/tags", api.TrendingTags)
	a.GET("/v1/trends/statuses", api.TrendingStatuses)
	a.GET("/v1/trends/links", api.TrendingLinks)
	a.GET("/v1/directory", api.Directory)
	a.GET("/v1/suggestions", api.SuggestionsV1, read)
	a.DELETE("/v1/suggestions/:account_id", api.DismissSuggestion, read) // Mastodon asks for read here
	a.GET("/v2/suggestions", api.SuggestionsV2, read)
	a.GET("/v1/endorsements", api.Endorsements, user("read:accounts"))

	o := oauth.NewHandlers(s.actions, s.web)
	// A person signed in to the web UI authorizes apps without typing the password again.
	o.SessionUser = func(c echo.Context) (*store.User, error) { return web.SessionUser(c), nil }
	e.GET("/oauth/authorize", o.Authorize, s.web.Sessions)
	e.POST("/oauth/authorize", o.SubmitAuthorization, s.web.Sessions)
	e.POST("/oauth/token", o.CreateToken)
	e.POST("/oauth/revoke", o.RevokeToken)
	e.GET("/.well-known/oauth-authorization-server", o.ServerMetadata)

	anyone := mastoapi.ScopeIfToken
	a.GET("/v1/accounts/verify_credentials", api.VerifyCredentials, user("read:accounts"))
	a.PATCH("/v1/accounts/update_credentials", api.UpdateCredentials, user("write:accounts"))
	a.GET("/v1/accounts/relationships", api.Relationships, user("read:follows"))
	a.GET("/v1/accounts/lookup", api.LookupAccount, anyone("read:accounts"))
	a.GET("/v1/accounts/search", api.SearchAccounts, user("read:accounts"))
	a.GET("/v1/accounts/familiar_followers", api.FamiliarFollowers, user("read:follows"))
	a.GET("/v1/accounts", api.GetAccounts, anyone("read:accounts"))
	a.GET("/v1/accounts/:id", api.GetAccount, anyone("read:accounts"))
	a.GET("/v1/accounts/:id/statuses", api.AccountStatuses, anyone("read:statuses"))
	a.GET("/v1/accounts/:id/followers", api.Followers, anyone("read:accounts"))
	a.GET("/v1/accounts/:id/following", api.Following, anyone("read:accounts"))
	a.GET("/v1/accounts/:id/featured_tags", api.AccountFeaturedTags, anyone("read:accounts"))
	a.GET("/v1/featured_tags", api.FeaturedTags, user("read:accounts"))
	a.POST("/v1/featured_tags", api.FeatureTag, user("write:accounts"))
	a.DELETE("/v1/featured_tags/:id", api.UnfeatureTag, user("write:accounts"))
	a.GET("/v1/featured_tags/suggestions", api.FeaturedTagSuggestions, user("read:accounts"))
	a.POST("/v1/accounts/:id/follow", api.Follow, user("write:follows"))
	a.POST("/v1/accounts/:id/unfollow", api.Unfollow, user("write:follows"))
	a.POST("/v1/accounts/:id/block", api.Block, user("write:blocks"))
	a.POST("/v1/accounts/:id/unblock", api.Unblock, user("write:blocks"))
	a.POST("/v1/accounts/:id/mute", api.Mute, user("write:mutes"))
	a.POST("/v1/accounts/:id/unmute", api.Unmute, user("write:mutes"))
	a.POST("/v1/accounts/:id/note", api.SetAccountNote, user("write:accounts"))
	a.POST("/v1/accounts/:id/pin", api.Endorse, user("write:accounts"))
	a.POST("/v1/accounts/:id/unpin", api.Unendorse, user("write:accounts"))
	a.POST("/v1/accounts/:id/remove_from_followers", api.RemoveFromFollowers, user("write:follows"))
	a.DELETE("/v1/profile/avatar", api.DeleteAvatar, user("write:accounts"))
	a.DELETE("/v1/profile/header", api.DeleteHeader, user("write:accounts"))
	a.GET("/v1/accounts/:id/lists", api.AccountLists, user("read:lists"))
	a.GET("/v1/mutes", api.Mutes, user("read:mutes"))
	a.GET("/v1/blocks", api.Blocks, user("read:blocks"))
	a.GET("/v1/domain_blocks", api.DomainBlocks, user("read:blocks"))
	a.POST("/v1/domain_blocks", api.BlockDomain, user("write:blocks"))
	a.DELETE("/v1/domain_blocks", api.UnblockDomain, user("write:blocks"))
	a.POST("/v1/reports", api.FileReport, user("write:reports"))
	a.GET("/v1/instance/domain_blocks", api.InstanceDomainBlocks)
	a.GET("/v1/instance/rules", api.InstanceRules)
	a.GET("/v1/admin/domain_blocks", api.AdminDomainBlocks, user("admin:read:domain_blocks"))
	a.GET("/v1/admin/domain_blocks/:id", api.AdminDomainBlock, user("admin:read:domain_blocks"))
	a.POST("/v1/admin/domain_blocks", api.CreateAdminDomainBlock, user("admin:write:domain_blocks"))
	a.PUT("/v1/admin/domain_blocks/:id", api.UpdateAdminDomainBlock, user("admin:write:domain_blocks"))
	a.DELETE("/v1/admin/domain_blocks/:id", api.DeleteAdminDomainBlock, user("admin:write:domain_blocks"))
	a.GET("/v1/admin/domain_allows", api.AdminDomainAllows, user("admin:read:domain_allows"))
	a.GET("/v1/admin/domain_allows/:id", api.AdminDomainAllow, user("admin:read:domain_allows"))
	a.POST("/v1/admin/domain_allows", api.CreateAdminDomainAllow, user("admin:write:domain_allows"))
	a.DELETE("/v1/admin/domain_allows/:id", api.DeleteAdminDomainAllow, user("admin:write:domain_allows"))
	a.GET("/v1/follow_requests", api.FollowRequests, user("read:follows"))
	a.POST("/v1/follow_requests/:id/authorize", api.AuthorizeFollowRequest, user("write:follows"))
	a.POST("/v1/follow_requests/:id/reject", api.RejectFollowRequest, user("write:follows"))

	a.POST("/v1/statuses", api.CreateStatus, user("write:statuses"))
	a.GET("/v1/statuses", api.GetStatuses, anyone("read:statuses"))
	a.GET("/v1/statuses/:id", api.GetStatus, anyone("read:statuses"))
	a.GET("/v1/polls/:id", api.GetPoll, anyone("read:statuses"))
	a.POST("/v1/polls/:id/votes", api.VotePoll, user("write:statuses"))
	a.PUT("/v1/statuses/:id", api.EditStatus, user("write:statuses"))
	a.DELETE("/v1/statuses/:id", api.DeleteStatus, user("write:statuses"))
	a.GET("/v1/statuses/:id/context", api.StatusContext, anyone("read:statuses"))
	a.GET("/v1/statuses/:id/history", api.StatusHistory, anyone("read:statuses"))
	a.GET("/v1/statuses/:id/card", api.StatusCard, anyone("read:statuses"))
	a.GET("/v1/statuses/:id/source", api.StatusSource, user("read:statuses"))
	a.GET("/v1/statuses/:id/favourited_by", api.FavouritedBy, anyone("read:accounts"))
	a.GET("/v1/statuses/:id/reblogged_by", api.RebloggedBy, anyone("read:accounts"))
	a.POST("/v1/statuses/:id/favourite", api.Favourite, user("write:favourites"))
	a.POST("/v1/statuses/:id/unfavourite", api.Unfavourite, user("write:favourites"))
	a.POST("/v1/statuses/:id/reblog", api.Reblog, user("write:statuses"))
	a.POST("/v1/statuses/:id/unreblog", api.Unreblog, user("write:statuses"))
	a.POST("/v1/statuses/:id/bookmark", api.Bookmark, user("write:bookmarks"))
	a.POST("/v1/statuses/:id/unbookmark", api.Unbookmark, user("write:bookmarks"))
	a.POST("/v1/statuses/:id/pin", api.Pin, user("write:accounts"))
	a.POST("/v1/statuses/:id/unpin", api.Unpin, user("write:accounts"))
	a.POST("/v1/statuses/:id/mute", api.MuteConversation, user("write:mutes"))
	a.POST("/v1/statuses/:id/unmute", api.UnmuteConversation, user("write:mutes"))
	a.GET("/v1/bookmarks", api.Bookmarks, user("read:bookmarks"))
	a.GET("/v1/announcements", api.Announcements, user("read"))
	a.POST("/v1/announcements/:id/dismiss", api.DismissAnnouncement, user("write:accounts"))
	a.PUT("/v1/announcements/:id/reactions/:name", api.AddAnnouncementReaction, user("write:favourites"))
	a.DELETE("/v1/announcements/:id/reactions/:name", api.RemoveAnnouncementReaction, user("write:favourites"))
	a.GET("/v1/conversations", api.Conversations, user("read:statuses"))
	a.POST("/v1/conversations/:id/read", api.ReadConversation, user("write:conversations"))
	a.DELETE("/v1/conversations/:id", api.RemoveConversation, user("write:conversations"))
	a.GET("/v1/favourites", api.Favourites, user("read:favourites"))

	a.POST("/v1/media", api.CreateMedia(false), user("write:media"))
	a.POST("/v2/media", api.CreateMedia(true), user("write:media"))
	a.GET("/v1/media/:id", api.GetMedia, user("write:media"))
	a.PUT("/v1/media/:id", api.UpdateMedia, user("write:media"))

	a.GET("/v1/timelines/home", api.HomeTimeline, user("read:statuses"))
	a.GET("/v1/timelines/public", api.PublicTimeline, anyone("read:statuses"))
	a.GET("/v1/timelines/tag/:hashtag", api.TagTimeline, anyone("read:statuses"))
	a.GET("/v1/timelines/link", api.LinkTimeline, anyone("read:statuses"))
	a.GET("/v1/timelines/list/:id", api.ListTimeline, user("read:lists"))

	a.GET("/v1/lists", api.Lists, user("read:lists"))
	a.POST("/v1/lists", api.CreateList, user("write:lists"))
	a.GET("/v1/lists/:id", api.GetList, user("read:lists"))
	a.PUT("/v1/lists/:id", api.UpdateList, user("write:lists"))
	a.DELETE("/v1/lists/:id", api.DeleteList, user("write:lists"))
	a.GET("/v1/lists/:id/accounts", api.ListAccounts, user("read:lists"))
	a.POST("/v1/lists/:id/accounts", api.AddListAccounts, user("write:lists"))
	a.DELETE("/v1/lists/:id/accounts", api.RemoveListAccounts, user("write:lists"))

	a.GET("/v2/filters", api.Filters, user("read:filters"))
	a.POST("/v2/filters", api.CreateFilter, user("write:filters"))
	a.GET("/v2/filters/keywords/:id", api.GetFilterKeyword, user("read:filters"))
	a.PUT("/v2/filters/keywords/:id", api.UpdateFilterKeyword, user("write:filters"))
	a.DELETE("/v2/filters/keywords/:id", api.DeleteFilterKeyword, user("write:filters"))
	a.GET("/v2/filters/statuses/:id", api.GetFilterStatus, user("read:filters"))
	a.DELETE("/v2/filters/statuses/:id", api.DeleteFilterStatus, user("write:filters"))
	a.GET("/v2/filters/:id", api.GetFilter, user("read:filters"))
	a.PUT("/v2/filters/:id", api.UpdateFilter, user("write:filters"))
	a.DELETE("/v2/filters/:id", api.DeleteFilter, user("write:filters"))
	a.GET("/v2/filters/:id/keywords", api.FilterKeywords, user("read:filters"))
	a.POST("/v2/filters/:id/keywords", api.AddFilterKeyword, user("write:filters"))
	a.GET("/v2/filters/:id/statuses", api.FilterStatuses, user("read:filters"))
	a.POST("/v2/filters/:id/statuses", api.AddFilterStatus, user("write:filters"))
	a.GET("/v1/filters", api.V1Filters, user("read:filters"))
	a.POST("/v1/filters", api.CreateV1Filter, user("write:filters"))
	a.GET("/v1/filters/:id", api.GetV1Filter, user("read:filters"))
	a.PUT("/v1/filters/:id", api.UpdateV1Filter, user("write:filters"))
	a.DELETE("/v1/filters/:id", api.DeleteV1Filter, user("write:filters"))

	a.GET("/v1/scheduled_statuses", api.ScheduledStatuses, user("read:statuses"))
	a.GET("/v1/scheduled_statuses/:id", api.GetScheduledStatus, user("read:statuses"))
	a.PUT("/v1/scheduled_statuses/:id", api.RescheduleStatus, user("write:statuses"))
	a.DELETE("/v1/scheduled_statuses/:id", api.CancelScheduledStatus, user("write:statuses"))

	a.POST("/v1/push/subscription", api.CreatePushSubscription, user("push"))
	a.GET("/v1/push/subscription", api.PushSubscription, user("push"))
	a.PUT("/v1/push/subscription", api.UpdatePushSubscription, user("push"))
	a.DELETE("/v1/push/subscription", api.DeletePushSubscription, user("push"))
	a.GET("/v2/search", api.Search, anyone("read:search"))
	a.GET("/v1/tags/:name", api.GetTag)
	a.POST("/v1/tags/:name/follow", api.FollowTag, user("write:follows"))
	a.POST("/v1/tags/:name/unfollow", api.UnfollowTag, user("write:follows"))
	a.GET("/v1/followed_tags", api.FollowedTags, user("read:follows"))

	a.GET("/v1/notifications", api.Notifications, user("read:notifications"))
	a.POST("/v1/notifications/clear", api.ClearNotifications, user("write:notifications"))
	a.GET("/v1/notifications/unread_count", api.UnreadCount, user("read:notifications"))
	a.GET("/v1/notifications/policy", api.NotificationPolicyV1, user("read:notifications"))
	a.GET("/v1/notifications/requests", api.NotificationRequests, user("read:notifications"))
	a.GET("/v1/notifications/requests/merged", api.NotificationRequestsMerged, user("read:notifications"))
	a.POST("/v1/notifications/requests/accept", api.AcceptNotificationRequests, user("write:notifications"))
	a.POST("/v1/notifications/requests/dismiss", api.DismissNotificationRequests, user("write:notifications"))
	a.GET("/v1/notifications/requests/:id", api.NotificationRequest, user("read:notifications"))
	a.POST("/v1/notifications/requests/:id/accept", api.AcceptNotificationRequest, user("write:notifications"))
	a.POST("/v1/notifications/requests/:id/dismiss", api.DismissNotificationRequest, user("write:notifications"))
	a.GET("/v1/notifications/:id", api.Notification, user("read:notifications"))
	a.POST("/v1/notifications/:id/dismiss", api.DismissNotification, user("write:notifications"))
	a.GET("/v2/notifications", api.GroupedNotifications, user("read:notifications"))
	a.GET("/v2/notifications/unread_count", api.GroupedUnreadCount, user("read:notifications"))
	a.GET("/v2/notifications/policy", api.NotificationPolicyV2, user("read:notifications"))
	a.PATCH("/v2/notifications/policy", api.UpdateNotificationPolicyV2, user("write:notifications"))
	a.GET("/v2/notifications/:group_key", api.NotificationGroup, user("read:notifications"))
	a.GET("/v2/notifications/:group_key/accounts", api.NotificationGroupAccounts, user("read:notifications"))
	a.POST("/v2/notifications/:group_key/dismiss", api.DismissNotificationGroup, user("write:notifications"))

	// Inboxes: the signature is verified before anything else; see apub.Inbox.
	inbox := &apub.Inbox{Actions: s.actions, Verifier: httpsig.Verifier{PublicScheme: s.cfg.Scheme()}}
	e.POST("/inbox", inbox.Receive)
	e.POST("/users/:username/inbox", inbox.Receive)
	e.POST("/actor/inbox", inbox.Receive)

	// Streaming checks its scopes per stream: public streams need no token.
	// /api/v1/streaming is the WebSocket (or SSE with ?stream=); the others are SSE.
	a.GET("/v1/streaming", api.Streaming)
	a.GET("/v1/streaming/user", api.StreamingEvents("user"))
	a.GET("/v1/streaming/user/notification", api.StreamingEvents("user:notification"))
	a.GET("/v1/streaming/public", api.StreamingEvents("public"))
	a.GET("/v1/streaming/public/local", api.StreamingEvents("public:local"))
	a.GET("/v1/streaming/public/remote", api.StreamingEvents("public:remote"))
	a.GET("/v1/streaming/hashtag", api.StreamingEvents("hashtag"))
	a.GET("/v1/streaming/hashtag/local", api.StreamingEvents("hashtag:local"))
	a.GET("/v1/streaming/list", api.StreamingEvents("list"))
	a.GET("/v1/streaming/direct", api.StreamingEvents("direct"))

	w := s.web
	e.GET("/static/:hash/:name", w.Renderer.ServeStatic)
	e.GET("/system/media/*", mediaFiles(s.actions.Files))
	// Every HTML page knows who is signed in and checks the CSRF token of
	// its forms. Groups are per prefix: a group's middleware also runs for
	// its unknown paths, so a "" group would capture the whole site's 404s.
	pages := []echo.MiddlewareFunc{w.Sessions, w.CSRF}
	e.GET("/", w.Landing, pages...)
	auth := e.Group("/auth", pages...)
	auth.GET("/sign_in", w.SignInForm)
	auth.POST("/sign_in", w.SignIn)
	auth.POST("/sign_in/code", w.SignInCode)
	auth.GET("/password/forgot", w.ForgotPassword)
	auth.POST("/password/forgot", w.SendPasswordReset)
	auth.GET("/password/reset", w.ResetPasswordForm)
	auth.POST("/password/reset", w.ResetPassword)
	auth.POST("/sign_out", w.SignOut)
	auth.GET("/sign_up", w.SignUpForm)
	auth.POST("/sign_up", w.SignUp)
	e.GET("/invite/:code", w.InviteSignUp, pages...)

	// The import upload is bounded before the CSRF check reads the form.
	e.POST("/settings/import", w.CreateImport, w.Sessions, w.LimitBody(actions.ImportMaxBytes+64<<10, "import_too_big"), w.CSRF, w.RequireSignIn)
	settings := e.Group("/settings", slices.Concat(pages, []echo.MiddlewareFunc{w.RequireSignIn})...)
	settings.GET("", redirectTo("/settings/profile"))
	settings.GET("/profile", w.ProfileSettings)
	settings.POST("/profile", w.UpdateProfile)
	settings.GET("/preferences", w.Preferences)
	settings.POST("/preferences", w.UpdatePreferences)
	settings.GET("/password", w.PasswordSettings)
	settings.POST("/password", w.ChangePassword)
	settings.GET("/two_factor", w.TwoFactorSettings)
	settings.POST("/two_factor/confirm", w.ConfirmTwoFactor)
	settings.POST("/two_factor/disable", w.DisableTwoFactor)
	settings.GET("/sessions", w.SignIns)
	settings.POST("/sessions/:id/revoke", w.RevokeSession)
	settings.POST("/apps/:id/revoke", w.RevokeApp)
	settings.GET("/featured_tags", w.FeaturedTagsSettings)
	settings.POST("/featured_tags", w.FeatureTag)
	settings.POST("/featured_tags/:id/delete", w.UnfeatureTag)
	settings.GET("/reading", w.ReadingSettings)
	settings.POST("/feed", w.CreateHomeFeed)
	settings.POST("/feed/revoke", w.RevokeHomeFeed)
	settings.GET("/filters", w.Filters)
	settings.POST("/filters", w.CreateFilter)
	settings.GET("/filters/:id", w.EditFilter)
	settings.POST("/filters/:id", w.UpdateFilter)
	settings.POST("/filters/:id/delete", w.DeleteFilter)
	settings.GET("/mutes", w.MutesAndBlocks)
	settings.GET("/invites", w.Invites)
	settings.GET("/migration", w.MigrationSettings)
	settings.POST("/migration/aliases", w.AddAlias)
	settings.POST("/migration/aliases/delete", w.RemoveAlias)
	settings.POST("/migration/move", w.MoveAccount)
	settings.GET("/export", w.ExportPage)
	settings.GET("/export/:file", w.ExportCSV)
	settings.POST("/export/archive", w.ExportArchive)
	settings.GET("/import", w.ImportPage)
	settings.POST("/invites", w.CreateInvite)
	settings.POST("/invites/:id/delete", w.DeleteInvite)
	settings.POST("/domain_blocks", w.BlockDomain)
	settings.GET("/applications", w.Applications)
	settings.POST("/applications", w.CreateApplication)
	settings.POST("/domain_blocks/delete", w.UnblockDomain)

	// Public pages: anyone may read them; a signed-in reader gets buttons.
	s.activityPubRoutes(w.Profile, w.Thread, pages)
	e.GET("/@:acct/with_replies", w.Profile, pages...)
	e.GET("/@:acct/media", w.Profile, pages...)
	e.GET("/@:acct/tagged/:tag", w.Profile, pages...)
	e.GET("/@:acct/followers", w.People, pages...)
	e.GET("/@:acct/following", w.People, pages...)
	e.GET("/tags/:name", w.TagTimeline, pages...)
	// A feed reader holds no session: the secret in the address is the key.
	e.GET("/feeds/home/:token", w.HomeFeed)
	e.GET("/public/local", w.LocalTimeline, pages...)
	e.GET("/public", w.FederatedTimeline, pages...)

	signedIn := slices.Concat(pages, []echo.MiddlewareFunc{w.RequireSignIn})
	e.GET("/home", w.HomeTimeline, signedIn...)
	e.GET("/notifications", w.Notifications, signedIn...)
	e.GET("/notifications/requests", w.NotificationRequests, signedIn...)
	e.POST("/notifications/requests/:id/:answer", w.AnswerNotificationRequest, signedIn...)
	e.POST("/notifications/policy", w.UpdateNotificationPolicy, signedIn...)
	// The web UI's live updates: the streaming hub, signed in by cookie.
	e.GET("/web/stream", w.Stream, signedIn...)
	e.GET("/conversations", w.Conversations, signedIn...)
	e.GET("/bookmarks", w.Bookmarks, signedIn...)
	e.POST("/tags/:name/follow", w.FollowTag, signedIn...)
	e.POST("/tags/:name/unfollow", w.UnfollowTag, signedIn...)
	e.GET("/favourites", w.Favourites, signedIn...)
	e.GET("/search", w.Search, pages...)
	e.GET("/follow_requests", w.FollowRequests, signedIn...)
	e.POST("/follow_requests/:id/:answer", w.AnswerFollowRequest, signedIn...)
	e.POST("/announcements/:id/dismiss", w.DismissAnnouncement, signedIn...)
	e.GET("/compose", w.Compose, signedIn...)
	statuses := e.Group("/statuses", signedIn...)
	statuses.POST("", w.CreateStatus)
	statuses.GET("/:id/edit", w.EditStatusForm)
	statuses.GET("/:id/fragment", w.StatusFragment)
	statuses.POST("/:id/edit", w.EditStatus)
	statuses.POST("/:id/redraft", w.RedraftStatus)
	statuses.POST("/:id/:action", w.StatusAction)
	e.POST("/polls/:id/votes", w.Vote, signedIn...)
	e.GET("/accounts/:id/report", w.ReportForm, signedIn...)
	e.POST("/accounts/:id/report", w.FileReport, signedIn...)
	e.POST("/accounts/:id/:action", w.AccountAction, signedIn...)
	lists := e.Group("/lists", signedIn...)
	lists.GET("", w.Lists)
	lists.POST("", w.CreateList)
	lists.GET("/:id", w.ListTimeline)
	lists.POST("/:id", w.UpdateList)
	lists.POST("/:id/delete", w.DeleteList)
	lists.POST("/:id/:action", w.ChangeListMember)
	scheduled := e.Group("/scheduled", signedIn...)
	scheduled.GET("", w.ScheduledStatuses)
	scheduled.POST("/:id/cancel", w.CancelScheduledStatus)

	admin := e.Group("/admin", slices.Concat(pages, []echo.MiddlewareFunc{w.RequireSignIn, w.RequireStaff})...)
	admin.GET("", redirectTo("/admin/users"))
	admin.GET("/users", w.AdminUsers)
	admin.POST("/users/:username/approve", w.ApproveUser)
	admin.POST("/users/:username/reject", w.RejectUser)
	admin.POST("/users/:username/suspend", w.SuspendUser)
	admin.POST("/users/:username/unsuspend", w.UnsuspendUser)
	admin.POST("/users/:username/role", w.ChangeRole, w.RequireAdmin)
	admin.GET("/settings", w.InstanceSettings, w.RequireAdmin)
	admin.POST("/settings", w.UpdateInstanceSettings, w.RequireAdmin)
	admin.GET("/reports", w.AdminReports)
	admin.POST("/reports/:id/assign", w.AssignReport)
	admin.POST("/reports/:id/action", w.ActOnReport)
	admin.GET("/moderation", w.AdminModeration, w.RequireAdmin)
	admin.POST("/rules", w.AddRule, w.RequireAdmin)
	admin.POST("/rules/:id/delete", w.DeleteRule, w.RequireAdmin)
	admin.POST("/domain_blocks", w.BlockInstanceDomain, w.RequireAdmin)
	admin.POST("/domain_blocks/:id/delete", w.UnblockInstanceDomain, w.RequireAdmin)
	admin.POST("/domain_allows", w.AllowInstanceDomain, w.RequireAdmin)
	admin.POST("/domain_allows/:id/delete", w.DisallowInstanceDomain, w.RequireAdmin)
	admin.GET("/announcements", w.AdminAnnouncements, w.RequireAdmin)
	admin.POST("/announcements", w.SaveAnnouncement, w.RequireAdmin)
	admin.GET("/announcements/:id/edit", w.EditAnnouncementForm, w.RequireAdmin)
	admin.POST("/announcements/:id", w.SaveAnnouncement, w.RequireAdmin)
	admin.POST("/announcements/:id/delete", w.DeleteAnnouncement, w.RequireAdmin)
	admin.GET("/emojis", w.AdminEmojis, w.RequireAdmin)
	admin.POST("/emojis", w.AddEmoji, w.RequireAdmin)
	admin.POST("/emojis/:id/delete", w.DeleteEmoji, w.RequireAdmin)
	admin.GET("/federation", w.AdminFederation, w.RequireAdmin)
	admin.GET("/relays", w.AdminRelays, w.RequireAdmin)
	admin.POST("/relays", w.AddRelay, w.RequireAdmin)
	admin.POST("/relays/:id/delete", w.RemoveRelay, w.RequireAdmin)
}

// activityPubRoutes mounts discovery and the ActivityPub objects. Profile
// and status URLs answer browsers with HTML and servers with AS2 JSON.
func (s *Server) activityPubRoutes(profilePage, statusPage echo.HandlerFunc, pages []echo.MiddlewareFunc) {
	e := s.echo
	h := &apub.Handlers{Actions: s.actions, AuthorizedFetch: s.cfg.Federation.SignedFetchesOnly(),
		Verifier: httpsig.Verifier{PublicScheme: s.cfg.Scheme()}}
	e.GET("/.well-known/webfinger", h.WebFinger)
	e.GET("/.well-known/host-meta", h.HostMeta)
	e.GET("/.well-known/nodeinfo", h.NodeInfoLinks)
	e.GET("/nodeinfo/2.0", h.NodeInfo)
	e.GET("/nodeinfo/2.1", h.NodeInfo)
	e.GET("/actor", h.InstanceActor)

	signed := h.Signed
	// The web UI's profile and status pages take the HTML side of these two.
	e.GET("/@:acct", apub.Negotiate(profilePage, signed(h.Actor)), pages...)
	e.GET("/@:acct/:id", apub.Negotiate(statusPage, signed(h.Note)), pages...)

	u := e.Group("/users/:username")
	u.GET("", apub.Negotiate(apub.ProfileRedirect, signed(h.Actor)))
	u.GET("/outbox", signed(h.Outbox))
	u.GET("/followers", signed(h.Followers))
	u.GET("/following", signed(h.Following))
	u.GET("/collections/featured", signed(h.Featured))
	u.GET("/collections/tags", signed(h.FeaturedTags))
	u.GET("/statuses/:id", apub.Negotiate(apub.ProfileRedirect, signed(h.Note)))
	u.GET("/statuses/:id/activity", signed(h.Activity))
	u.GET("/statuses/:id/replies", signed(h.Replies))
}

// redirectTo answers with a redirect to a fixed page.
func redirectTo(path string) echo.HandlerFunc {
	return func(c echo.Context) error { return c.Redirect(http.StatusSeeOther, path) }
}

// staticURL is the absolute, content-addressed URL of a static file; the
// API hands it to apps, which need absolute image URLs.
func (s *Server) staticURL(name string) string {
	path, err := s.web.Renderer.StaticURL(name)
	if err != nil {
		panic(err) // the file is embedded; a typo here fails every test at start-up
	}
	return s.cfg.Scheme() + "://" + s.cfg.Host + path
}

// Serve listens on cfg.Listen (or the given listener) until ctx is done,
// then shuts down gracefully: in-flight requests get up to 10 seconds, then
// the delivery worker stops (deliveries it held are due again at once, so
// nothing queued is lost).
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	// The worker outlives ctx until requests have drained: a request
	// finishing during shutdown may still queue an activity.
	s.deliver.Start(context.WithoutCancel(ctx))
	defer s.deliver.Stop()
	s.http = &http.Server{
		Handler:           s.echo,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	s.push.Start(context.WithoutCancel(ctx))
	defer s.push.Stop()
	s.actions.MediaWorker.Start(context.WithoutCancel(ctx))
	defer s.actions.MediaWorker.Stop()
	s.actions.RemoteMediaWorker.Start(context.WithoutCancel(ctx))
	defer s.actions.RemoteMediaWorker.Stop()
	s.actions.BackfillWorker.Start(context.WithoutCancel(ctx))
	defer s.actions.BackfillWorker.Stop()
	s.actions.CardWorker.Start(context.WithoutCancel(ctx))
	defer s.actions.CardWorker.Stop()
	// CSV imports resume where they stopped; the row in hand when the
	// server stops is done again on the next start.
	s.actions.ImportWorker.Start(context.WithoutCancel(ctx), s.actions.RunImports)
	defer s.actions.ImportWorker.Stop()
	// Streaming connections never go idle on their own: closing the hub ends them.
	s.http.RegisterOnShutdown(s.actions.Events.Close)
	errc := make(chan error, 1)
	go func() { errc <- s.http.Serve(ln) }()
	// The link verifier (rel=me checks) lives exactly as long as the server.
	linkCtx, stopLinks := context.WithCancel(ctx)
	linksDone := make(chan struct{})
	go func() { s.actions.RunLinkVerifier(linkCtx); close(linksDone) }()
	defer func() { stopLinks(); <-linksDone }()
	// So does the announcement schedule (streaming events at start and end times).
	annCtx, stopAnnouncements := context.WithCancel(ctx)
	annDone := make(chan struct{})
	go func() { s.actions.RunAnnouncementSchedule(annCtx); close(annDone) }()
	defer func() { stopAnnouncements(); <-annDone }()
	// So does the scheduler, which publishes scheduled statuses when due.
	schedCtx, stopScheduler := context.WithCancel(ctx)
	schedDone := make(chan struct{})
	go func() { s.actions.RunScheduler(schedCtx); close(schedDone) }()
	defer func() { stopScheduler(); <-schedDone }()
	// And the poll watcher, which tells authors and voters when polls end.
	pollCtx, stopPolls := context.WithCancel(ctx)
	pollsDone := make(chan struct{})
	go func() { s.actions.RunPollExpiry(pollCtx); close(pollsDone) }()
	defer func() { stopPolls(); <-pollsDone }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := s.http.Shutdown(shutdownCtx)
	if serveErr := <-errc; serveErr != nil && !errors.Is(serveErr, http.ErrServerClosed) {
		return serveErr
	}
	return err
}
