-- ActivityPub relays the instance actor subscribes to. A Mastodon-style
-- relay is known by its inbox and followed with a Follow of Public; a
-- LitePub relay is known by its actor, which the Follow names. actor_uri is
-- the relay's actor once known (a Mastodon-style relay's, from its Accept):
-- only an accepted relay's actor is trusted to pass on others' public posts.
CREATE TABLE relays (
	id         INTEGER PRIMARY KEY,
	url        TEXT NOT NULL UNIQUE,  -- as the admin gave it
	kind       TEXT NOT NULL CHECK (kind IN ('litepub', 'mastodon')),
	inbox_url  TEXT NOT NULL,
	actor_uri  TEXT NOT NULL DEFAULT '',
	state      TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'accepted', 'rejected')),
	follow_uri TEXT NOT NULL UNIQUE,
	created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX relays_actor ON relays(actor_uri) WHERE actor_uri <> '';
