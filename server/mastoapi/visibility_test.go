package mastoapi_test

import (
	"net/url"
	"testing"
)

// TestVisibilityMatrixOverHTTP is the visibility rule in one place: for
// each visibility and each viewer, every path that shows a status shows it
// exactly when Mastodon would. The rule itself (actions.CanSee and
// store.VisibleTo) is checked on its own in actions' TestVisibilityMatrix.
//
// The world: author posts a public root, then one reply to it per
// visibility, each mentioning @mentioned and @blocked and carrying
// #matrix and the word matrixword, then a public reply to each of those.
// follower follows author (and asked to be notified of posts); blocked
// followed author but author blocked it; stranger has nothing to do with
// author.
func TestVisibilityMatrixOverHTTP(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "author", "follower", "mentioned", "stranger", "blocked")
	author := w.ids["author"]
	w.call(t, "follower", "POST", "/api/v1/accounts/"+author+"/follow", map[string]any{"notify": true}).expect(t, 200)
	w.call(t, "blocked", "POST", "/api/v1/accounts/"+author+"/follow", nil).expect(t, 200)
	w.call(t, "author", "POST", "/api/v1/accounts/"+w.ids["blocked"]+"/block", nil).expect(t, 200)
	// The matrix is about visibility, not the notification policy: let
	// the stranger's private mention through.
	w.call(t, "mentioned", "PATCH", "/api/v2/notifications/policy", map[string]any{"for_private_mentions": "accept"}).expect(t, 200)
	root := w.post(t, "author", map[string]any{"status": "root"})

	visibilities := []string{"public", "unlisted", "private", "direct"}
	statuses, replies := map[string]string{}, map[string]string{}
	for _, v := range visibilities {
		statuses[v] = w.post(t, "author", map[string]any{"status": "@mentioned @blocked #matrix matrixword " + v, "visibility": v, "in_reply_to_id": root})
		replies[v] = w.post(t, "author", map[string]any{"status": "reply to " + v, "in_reply_to_id": statuses[v]})
	}
	sees := map[string]map[string]bool{
		"author":    {"public": true, "unlisted": true, "private": true, "direct": true},
		"follower":  {"public": true, "unlisted": true, "private": true},
		"mentioned": {"public": true, "unlisted": true, "private": true, "direct": true},
		"stranger":  {"public": true, "unlisted": true},
		"":          {"public": true, "unlisted": true},
		"blocked":   {},
	}
	for viewer, want := range sees {
		name := viewer
		if name == "" {
			name = "anonymous"
		}
		t.Run(name, func(t *testing.T) {
			paths := w.surfaces(t, viewer, root)
			for _, v := range visibilities {
				id, ok := statuses[v], want[v]
				code := 404
				if ok {
					code = 200
				}
				w.call(t, viewer, "GET", "/api/v1/statuses/"+id, nil).expect(t, code)
				check(t, v, "context descendants", paths.descendants[id], ok)
				ancestors := w.context(t, viewer, replies[v])["ancestors"]
				check(t, v, "context ancestors", containsID(objects(ancestors), id), ok)
				check(t, v, "account statuses", containsID(paths.profile, id), ok)
				// Unlisted is never in the public or tag timelines.
				check(t, v, "public timeline", containsID(paths.public, id), ok && v == "public")
				check(t, v, "tag timeline", containsID(paths.tag, id), ok && v == "public")
				if viewer == "" {
					check(t, v, "search (anonymous: no statuses)", containsID(paths.search, id), false)
					continue
				}
				// Search finds what the viewer may see, and of that, beyond
				// the viewer's own and what mentions it, only public posts
				// of authors who opted in (indexable; local default).
				check(t, v, "search", containsID(paths.search, id),
					ok && (v == "public" || viewer == "author" || viewer == "mentioned"))
				// Home is the viewer's own statuses and those of whom it follows.
				check(t, v, "home", containsID(paths.home, id), ok && (viewer == "author" || viewer == "follower"))
				check(t, v, "notifications", paths.notified[id], ok && notifiedOf(viewer, v))
				w.call(t, viewer, "POST", "/api/v1/statuses/"+id+"/favourite", nil).expect(t, code)
				w.call(t, viewer, "POST", "/api/v1/statuses/"+id+"/bookmark", nil).expect(t, code)
			}
			if viewer == "" {
				return
			}
			favourites := w.call(t, viewer, "GET", "/api/v1/favourites", nil).expect(t, 200).list(t)
			bookmarks := w.call(t, viewer, "GET", "/api/v1/bookmarks", nil).expect(t, 200).list(t)
			for _, v := range visibilities {
				check(t, v, "favourites", containsID(favourites, statuses[v]), want[v])
				check(t, v, "bookmarks", containsID(bookmarks, statuses[v]), want[v])
			}
		})
	}

	// A follower who stops following loses the private status everywhere,
	// including in what it favourited and bookmarked while it could see it.
	t.Run("follower after unfollowing", func(t *testing.T) {
		w.call(t, "follower", "POST", "/api/v1/accounts/"+author+"/unfollow", nil).expect(t, 200)
		private := statuses["private"]
		w.call(t, "follower", "GET", "/api/v1/statuses/"+private, nil).expect(t, 404)
		paths := w.surfaces(t, "follower", root)
		favourites := w.call(t, "follower", "GET", "/api/v1/favourites", nil).expect(t, 200).list(t)
		bookmarks := w.call(t, "follower", "GET", "/api/v1/bookmarks", nil).expect(t, 200).list(t)
		for surface, shown := range map[string]bool{
			"context": paths.descendants[private], "account statuses": containsID(paths.profile, private),
			"search": containsID(paths.search, private), "notifications": paths.notified[private],
			"favourites": containsID(favourites, private), "bookmarks": containsID(bookmarks, private),
		} {
			check(t, "private", surface, shown, false)
		}
		if !containsID(favourites, statuses["public"]) {
			t.Errorf("public status left the favourites too")
		}
	})
}

// notifiedOf says whether viewer is notified of the author's status of a
// visibility it can see: mentioned accounts always; a follower who asked
// to hear of posts, of everything its home shows (not direct messages).
func notifiedOf(viewer, visibility string) bool {
	switch viewer {
	case "mentioned":
		return true
	case "follower":
		return visibility != "direct"
	}
	return false
}

// surfaces is what a viewer sees on the list paths of the matrix.
type surfaces struct {
	descendants                        map[string]bool
	profile, public, tag, home, search []map[string]any
	notified                           map[string]bool
}

func (w *world) surfaces(t *testing.T, viewer, root string) surfaces {
	t.Helper()
	s := surfaces{descendants: map[string]bool{}, notified: map[string]bool{}}
	for _, d := range w.context(t, viewer, root)["descendants"] {
		s.descendants[d.(map[string]any)["id"].(string)] = true
	}
	s.profile = w.call(t, viewer, "GET", "/api/v1/accounts/"+w.ids["author"]+"/statuses?limit=40", nil).expect(t, 200).list(t)
	s.public = w.call(t, viewer, "GET", "/api/v1/timelines/public?limit=40", nil).expect(t, 200).list(t)
	s.tag = w.call(t, viewer, "GET", "/api/v1/timelines/tag/matrix", nil).expect(t, 200).list(t)
	s.search = objects(w.call(t, viewer, "GET", "/api/v2/search?"+url.Values{"q": {"matrixword"}, "type": {"statuses"}}.Encode(), nil).
		expect(t, 200).object(t)["statuses"].([]any))
	if viewer == "" {
		return s
	}
	s.home = w.call(t, viewer, "GET", "/api/v1/timelines/home?limit=40", nil).expect(t, 200).list(t)
	for _, n := range w.call(t, viewer, "GET", "/api/v1/notifications?types[]=mention&types[]=status", nil).expect(t, 200).list(t) {
		if st, _ := n["status"].(map[string]any); st != nil {
			s.notified[st["id"].(string)] = true
		}
	}
	grouped := w.call(t, viewer, "GET", "/api/v2/notifications?types[]=mention&types[]=status", nil).expect(t, 200).object(t)
	for _, g := range grouped["notification_groups"].([]any) {
		if id, ok := g.(map[string]any)["status_id"].(string); ok && !s.notified[id] {
			t.Errorf("grouped notifications name status %s that the plain list does not", id)
		}
	}
	return s
}

// context is a thread around one of author's public statuses, which every
// viewer sees but the one author blocks.
func (w *world) context(t *testing.T, viewer, id string) map[string][]any {
	t.Helper()
	code := 200
	if viewer == "blocked" {
		code = 404
	}
	r := w.call(t, viewer, "GET", "/api/v1/statuses/"+id+"/context", nil).expect(t, code)
	out := map[string][]any{}
	if code == 200 {
		for k, v := range r.object(t) {
			out[k] = v.([]any)
		}
	}
	return out
}

func objects(list []any) []map[string]any {
	out := make([]map[string]any, 0, len(list))
	for _, x := range list {
		out = append(out, x.(map[string]any))
	}
	return out
}

func check(t *testing.T, vis, surface string, got, want bool) {
	t.Helper()
	if got != want {
		t.Errorf("%s status in %s: shown %v, want %v", vis, surface, got, want)
	}
}
