// Package actions holds every Roost operation, written once and called by the
// web UI, the Mastodon API, the ActivityPub inbox and the admin CLI alike.
// Operations take typed arguments (never an *http.Request) and return typed
// errors (never HTTP codes).
package actions

import (
	"log/slog"
	"sync"
	"time"

	"roost/federation/ap"
	"roost/federation/fetch"
	"roost/federation/loop"
	"roost/server/events"
	"roost/server/media"
	"roost/store"
)

// Registration modes.
const (
	RegistrationsOpen     = "open"
	RegistrationsApproval = "approval"
	RegistrationsClosed   = "closed"
)

// Config is what operations need to know about the instance.
type Config struct {
	Host          string
	Protocol      string
	Registrations string
	InstanceName  string
	Description   string
	ContactEmail  string
	// MaxStatusChars bounds a status's text.
	MaxStatusChars int
	// BcryptCost is the password hashing cost; tests lower it.
	BcryptCost int
	// DefaultAvatar is the absolute URL of the picture of accounts without
	// their own (push messages show it).
	DefaultAvatar string
	// SMTP sends password-reset mail; an empty host means no mail.
	SMTP SMTPConfig
	// AllowPrivate lets link verification reach private addresses (tests).
	AllowPrivate bool
	// LinkTimeout bounds fetching a profile link's page; 0 means 10 s.
	LinkTimeout time.Duration
	// UserAgent is sent with every outgoing fetch.
	UserAgent string
	// Media bounds uploads.
	Media MediaConfig
	// MaxPollOptions is the most options a local poll may have; 0 means 4.
	MaxPollOptions int
	// BackfillPosts is how many of a remote account's newest posts are
	// fetched from its outbox when it is first met; 0 turns backfill off.
	BackfillPosts int
	// AllowlistOnly federates only with the domains the admins allowed
	// (federation mode "allowlist").
	AllowlistOnly bool
}

// Actions is the set of operations over one instance's store.
type Actions struct {
	DB     *store.DB
	Config Config
	Paths  ap.Paths
	Log    *slog.Logger
	// Wake tells the delivery worker that activities were queued; the
	// server sets it to the worker's Wake. Nil: rows wait for its next poll.
	Wake func()
	// Events is the real-time hub that streaming connections subscribe to.
	Events *events.Hub
	// WakePush, when set, tells the Web Push worker that messages were queued.
	WakePush func()

	attempts   *attempts
	challenges *challenges
	linkQueue  chan store.ID
	// announceWake wakes the announcement schedule after a change.
	announceWake chan struct{}
	// scheduleWake tells RunScheduler that the next due time may have moved.
	scheduleWake chan struct{}
	// pollWake tells RunPollExpiry that a new poll may end sooner.
	pollWake chan struct{}
	linkOnce sync.Once
	links    *fetch.Client
	// Fetch gets remote actors and objects (signed by the instance actor)
	// and WebFinger documents.
	Fetch *fetch.Client
	// Files holds uploaded and cached media.
	Files media.Storage
	// MediaWorker processes images one at a time; the server starts it.
	MediaWorker *media.Worker
	// RemoteMedia downloads remote files for the local cache, and
	// RemoteMediaWorker runs those downloads one at a time; nil: no caching.
	RemoteMedia       *fetch.Client
	RemoteMediaWorker *media.Worker
	remoteTries       remoteTries
	// BackfillWorker reads outboxes and reply collections in the
	// background, one at a time; nil: no backfill. The server starts it.
	BackfillWorker *media.Worker
	backfill       *domainBudget
	// CardClient fetches the pages of link previews and CardWorker runs
	// those fetches one at a time; nil: no previews. CardJitter bounds the
	// random delay before a remote post's link is previewed.
	CardClient *fetch.Client
	CardWorker *media.Worker
	CardJitter time.Duration
	cards      cardQueue
	archives   archiveStarts
	trends     trendsCache
	// ImportWorker runs RunImports, which applies CSV imports row by row;
	// the server starts it. importBudget paces its fetches per domain.
	ImportWorker *loop.Loop
	importBudget *domainBudget
}

// New returns the operations for one instance.
func New(db *store.DB, cfg Config, log *slog.Logger) *Actions {
	if cfg.BcryptCost == 0 {
		cfg.BcryptCost = 11
	}
	return &Actions{DB: db, Config: cfg, Paths: ap.NewPaths(cfg.Protocol, cfg.Host), Log: log,
		Events: events.NewHub(), attempts: newAttempts(), challenges: newChallenges(),
		linkQueue: make(chan store.ID, linkQueueSize), announceWake: make(chan struct{}, 1),
		scheduleWake: make(chan struct{}, 1), pollWake: make(chan struct{}, 1), Fetch: newFetcher(cfg), backfill: newDomainBudget(backfillPerDomain, time.Minute),
		ImportWorker: loop.New(), importBudget: newDomainBudget(importPerDomain, time.Minute)}
}
