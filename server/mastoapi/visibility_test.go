package mastoapi_test

import (
	"testing"
)

// TestVisibilityMatrixOverHTTP checks every surface that shows statuses —
// get, context, account statuses, home, public and tag timelines,
// notifications — against the one rule, for each viewer and visibility.
func TestVisibilityMatrixOverHTTP(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "author", "follower", "mentioned", "stranger", "blocked")
	author := w.ids["author"]
	w.call(t, "follower", "POST", "/api/v1/accounts/"+author+"/follow", nil).expect(t, 200)
	w.call(t, "blocked", "POST", "/api/v1/accounts/"+author+"/follow", nil).expect(t, 200)
	w.call(t, "author", "POST", "/api/v1/accounts/"+w.ids["blocked"]+"/block", nil).expect(t, 200)
	root := w.post(t, "stranger", map[string]any{"status": "root"})

	statuses := map[string]string{}
	for _, v := range []string{"public", "unlisted", "private", "direct"} {
		statuses[v] = w.post(t, "author", map[string]any{"status": "@mentioned @blocked #matrix " + v, "visibility": v, "in_reply_to_id": root})
	}
	visible := map[string]map[string]bool{
		"author":    {"public": true, "unlisted": true, "private": true, "direct": true},
		"follower":  {"public": true, "unlisted": true, "private": true},
		"mentioned": {"public": true, "unlisted": true, "private": true, "direct": true},
		"stranger":  {"public": true, "unlisted": true},
		"":          {"public": true, "unlisted": true},
		"blocked":   {},
	}
	for viewer, want := range visible {
		name := viewer
		if name == "" {
			name = "anonymous"
		}
		t.Run(name, func(t *testing.T) {
			descendants := w.call(t, viewer, "GET", "/api/v1/statuses/"+root+"/context", nil).expect(t, 200).object(t)["descendants"].([]any)
			inContext := map[string]bool{}
			for _, d := range descendants {
				inContext[d.(map[string]any)["id"].(string)] = true
			}
			profile := w.call(t, viewer, "GET", "/api/v1/accounts/"+author+"/statuses", nil).expect(t, 200).list(t)
			public := w.call(t, viewer, "GET", "/api/v1/timelines/public", nil).expect(t, 200).list(t)
			tag := w.call(t, viewer, "GET", "/api/v1/timelines/tag/matrix", nil).expect(t, 200).list(t)
			var home, notes []map[string]any
			if viewer != "" {
				home = w.call(t, viewer, "GET", "/api/v1/timelines/home", nil).expect(t, 200).list(t)
				notes = w.call(t, viewer, "GET", "/api/v1/notifications", nil).expect(t, 200).list(t)
			}
			for vis, id := range statuses {
				ok := want[vis]
				code := 404
				if ok {
					code = 200
				}
				w.call(t, viewer, "GET", "/api/v1/statuses/"+id, nil).expect(t, code)
				check(t, vis, "context", inContext[id], ok)
				check(t, vis, "account statuses", containsID(profile, id), ok)
				// Unlisted is never in public or tag timelines.
				check(t, vis, "public timeline", containsID(public, id), ok && vis == "public")
				check(t, vis, "tag timeline", containsID(tag, id), ok && vis == "public")
				if viewer == "author" || viewer == "follower" {
					check(t, vis, "home", containsID(home, id), ok)
				}
				if viewer == "mentioned" || viewer == "blocked" {
					var notified bool
					for _, n := range notes {
						if st, _ := n["status"].(map[string]any); st != nil && st["id"] == id {
							notified = true
						}
					}
					check(t, vis, "notifications", notified, ok)
				}
			}
		})
	}
}

func check(t *testing.T, vis, surface string, got, want bool) {
	t.Helper()
	if got != want {
		t.Errorf("%s status in %s: shown %v, want %v", vis, surface, got, want)
	}
}
