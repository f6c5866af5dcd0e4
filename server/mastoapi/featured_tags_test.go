package mastoapi_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestFeaturedTags(t *testing.T) {
	w := newWorld(t, "alice", "bob")
	w.post(t, "alice", map[string]any{"status": "first #Roost post"})
	w.post(t, "alice", map[string]any{"status": "again #roost and #go"})
	w.post(t, "alice", map[string]any{"status": "a secret #roost", "visibility": "private"})
	w.post(t, "bob", map[string]any{"status": "bob's #roost does not count"})

	sugg := w.call(t, "alice", "GET", "/api/v1/featured_tags/suggestions", nil).expect(t, 200).list(t)
	if len(sugg) != 2 || !strings.EqualFold(sugg[0]["name"].(string), "roost") || sugg[0]["url"] == nil {
		t.Fatalf("suggestions %v", sugg)
	}

	tests := []struct {
		name, tag string
		code      int
	}{
		{"feature", "roost", 200},
		{"with a hash", "#go", 200},
		{"twice", "ROOST", 422},
		{"blank", "", 422},
		{"digits only", "123", 422},
		{"markup", "<b>x</b>", 422},
		{"spaces", "two words", 422},
		{"never used", "unused", 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := w.call(t, "alice", "POST", "/api/v1/featured_tags", url.Values{"name": {tt.tag}})
			if r.code != tt.code {
				t.Fatalf("status %d, want %d: %s", r.code, tt.code, r.body)
			}
			if tt.code == 422 && r.object(t)["error"] == nil {
				t.Errorf("no error: %s", r.body)
			}
		})
	}
	mine := w.call(t, "alice", "GET", "/api/v1/featured_tags", nil).expect(t, 200).list(t)
	byName := map[string]map[string]any{}
	for _, f := range mine {
		byName[strings.ToLower(f["name"].(string))] = f
	}
	roost := byName["roost"]
	if len(mine) != 3 || roost == nil || roost["statuses_count"] != 2.0 || roost["last_status_at"] == nil ||
		!strings.HasSuffix(roost["url"].(string), "/@alice/tagged/Roost") {
		t.Fatalf("featured tags %v", mine)
	}
	if byName["unused"]["statuses_count"] != 0.0 || byName["unused"]["last_status_at"] != nil {
		t.Errorf("unused tag %v", byName["unused"])
	}
	if day := roost["last_status_at"].(string); len(day) != len("2006-01-02") {
		t.Errorf("last_status_at %q is not a date", day)
	}
	// Anyone sees an account's featured tags; suggestions leave featured ones out.
	public := w.call(t, "", "GET", "/api/v1/accounts/"+w.ids["alice"]+"/featured_tags", nil).expect(t, 200).list(t)
	if len(public) != 3 {
		t.Errorf("public featured tags %v", public)
	}
	w.call(t, "", "GET", "/api/v1/accounts/12345/featured_tags", nil).expect(t, 404)
	if sugg := w.call(t, "alice", "GET", "/api/v1/featured_tags/suggestions", nil).expect(t, 200).list(t); len(sugg) != 0 {
		t.Errorf("suggestions after featuring %v", sugg)
	}

	// The featuredTags collection and the actor list them as Hashtags.
	coll := activity(t, w.in.URL+"/users/alice/collections/tags")
	items := coll["orderedItems"].([]any)
	if coll["totalItems"] != 3.0 || len(items) != 3 || items[0].(map[string]any)["type"] != "Hashtag" ||
		!strings.HasPrefix(items[0].(map[string]any)["name"].(string), "#") {
		t.Errorf("featuredTags collection %v", coll)
	}
	actor := activity(t, w.in.URL+"/users/alice")
	hashtags := 0
	for _, tag := range actor["tag"].([]any) {
		if tag.(map[string]any)["type"] == "Hashtag" {
			hashtags++
		}
	}
	if hashtags != 3 || actor["featuredTags"] != w.in.URL+"/users/alice/collections/tags" {
		t.Errorf("actor tags %v", actor["tag"])
	}

	// Delete: only one's own.
	id := roost["id"].(string)
	w.call(t, "bob", "DELETE", "/api/v1/featured_tags/"+id, nil).expect(t, 404)
	w.call(t, "alice", "DELETE", "/api/v1/featured_tags/"+id, nil).expect(t, 200)
	w.call(t, "alice", "DELETE", "/api/v1/featured_tags/"+id, nil).expect(t, 404)
	if mine := w.call(t, "alice", "GET", "/api/v1/featured_tags", nil).expect(t, 200).list(t); len(mine) != 2 {
		t.Errorf("after delete %v", mine)
	}
	w.call(t, "", "GET", "/api/v1/featured_tags", nil).expect(t, 401)
}

func TestFeaturedTagsLimit(t *testing.T) {
	w := newWorld(t, "alice")
	for i := 0; i < 10; i++ {
		w.call(t, "alice", "POST", "/api/v1/featured_tags", url.Values{"name": {"tag" + string(rune('a'+i))}}).expect(t, 200)
	}
	r := w.call(t, "alice", "POST", "/api/v1/featured_tags", url.Values{"name": {"eleventh"}}).expect(t, 422)
	if !strings.Contains(string(r.body), "maximum") {
		t.Errorf("error %s", r.body)
	}
}

// activity fetches an ActivityPub document unsigned.
func activity(t *testing.T, u string) map[string]any {
	t.Helper()
	var m map[string]any
	fetchActivity(t, u, &m)
	return m
}

// fetchActivity fetches an ActivityPub document unsigned into v.
func fetchActivity(t *testing.T, u string, v any) {
	t.Helper()
	req, _ := http.NewRequest("GET", u, nil)
	req.Header.Set("Accept", "application/activity+json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d", u, resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}
