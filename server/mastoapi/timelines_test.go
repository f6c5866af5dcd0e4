package mastoapi_test

import (
	"strings"
	"testing"
)

func TestHomeTimeline(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob", "carol", "dave")
	alice, carol, dave := w.ids["alice"], w.ids["carol"], w.ids["dave"]
	w.call(t, "bob", "POST", "/api/v1/accounts/"+alice+"/follow", nil).expect(t, 200)
	w.call(t, "bob", "POST", "/api/v1/accounts/"+carol+"/follow", map[string]any{"reblogs": false}).expect(t, 200)
	w.call(t, "bob", "POST", "/api/v1/accounts/"+dave+"/follow", nil).expect(t, 200)

	own := w.post(t, "bob", map[string]any{"status": "mine"})
	followed := w.post(t, "alice", map[string]any{"status": "followers", "visibility": "private"})
	stranger := w.post(t, "alice", map[string]any{"status": "dm to carol @carol", "visibility": "direct"})
	hiddenReblog := w.call(t, "carol", "POST", "/api/v1/statuses/"+own+"/reblog", nil).expect(t, 200).object(t)["id"].(string)
	reblog := w.call(t, "alice", "POST", "/api/v1/statuses/"+w.post(t, "carol", map[string]any{"status": "by carol"})+"/reblog", nil).expect(t, 200).object(t)["id"].(string)
	muted := w.post(t, "dave", map[string]any{"status": "muted soon"})
	w.call(t, "bob", "POST", "/api/v1/accounts/"+dave+"/mute", nil).expect(t, 200)
	w.call(t, "alice", "POST", "/api/v1/statuses/"+muted+"/reblog", nil).expect(t, 200)

	home := w.call(t, "bob", "GET", "/api/v1/timelines/home", nil).expect(t, 200).list(t)
	got := ids(home)
	for _, want := range []string{own, followed, reblog} {
		if !containsID(home, want) {
			t.Errorf("home lacks %s: %v", want, got)
		}
	}
	for _, not := range []string{stranger, hiddenReblog, muted} {
		if containsID(home, not) {
			t.Errorf("home shows %s: %v", not, got)
		}
	}
	// The reblog of a muted account's status is hidden too.
	for _, s := range home {
		if rb, ok := s["reblog"].(map[string]any); ok && rb["account"].(map[string]any)["id"] == dave {
			t.Errorf("home shows a reblog of muted dave")
		}
	}
	w.call(t, "", "GET", "/api/v1/timelines/home", nil).expect(t, 401)
}

func TestPublicAndTagTimelines(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob")
	pub := w.post(t, "alice", map[string]any{"status": "public #Cats"})
	unl := w.post(t, "alice", map[string]any{"status": "unlisted #cats", "visibility": "unlisted"})
	priv := w.post(t, "alice", map[string]any{"status": "private #cats", "visibility": "private"})
	w.call(t, "bob", "POST", "/api/v1/statuses/"+pub+"/reblog", nil).expect(t, 200)

	for _, path := range []string{"/api/v1/timelines/public", "/api/v1/timelines/public?local=true", "/api/v1/timelines/tag/cats", "/api/v1/timelines/tag/CATS?local=1"} {
		got := ids(w.call(t, "", "GET", path, nil).expect(t, 200).list(t))
		if strings.Join(got, ",") != pub {
			t.Errorf("%s = %v, want only %s (not unlisted %s, private %s, or the reblog)", path, got, pub, unl, priv)
		}
	}
	if got := w.call(t, "", "GET", "/api/v1/timelines/public?remote=true", nil).expect(t, 200).list(t); len(got) != 0 {
		t.Errorf("remote timeline = %v", ids(got))
	}
	if got := w.call(t, "", "GET", "/api/v1/timelines/public?only_media=true", nil).expect(t, 200).list(t); len(got) != 0 {
		t.Errorf("only_media timeline = %v", ids(got))
	}
	if got := w.call(t, "", "GET", "/api/v1/timelines/tag/nothing", nil).expect(t, 200).list(t); len(got) != 0 {
		t.Errorf("unknown tag = %v", ids(got))
	}
}

func TestPaginationLinks(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice")
	var posted []string
	for i := 0; i < 5; i++ {
		posted = append(posted, w.post(t, "alice", map[string]any{"status": "n"}))
	}
	r := w.call(t, "alice", "GET", "/api/v1/timelines/home?limit=2", nil).expect(t, 200)
	got := ids(r.list(t))
	if strings.Join(got, ",") != posted[4]+","+posted[3] {
		t.Fatalf("first page = %v", got)
	}
	link := r.header.Get("Link")
	if !strings.Contains(link, "max_id="+posted[3]) || !strings.Contains(link, `rel="next"`) ||
		!strings.Contains(link, "min_id="+posted[4]) || !strings.Contains(link, `rel="prev"`) || !strings.Contains(link, "limit=2") {
		t.Fatalf("Link = %q", link)
	}
	next := strings.TrimPrefix(strings.SplitN(strings.SplitN(link, ">", 2)[0], w.in.URL, 2)[1], "")
	page2 := ids(w.call(t, "alice", "GET", next, nil).expect(t, 200).list(t))
	if strings.Join(page2, ",") != posted[2]+","+posted[1] {
		t.Fatalf("next page = %v", page2)
	}
	if l := w.call(t, "alice", "GET", "/api/v1/timelines/home?limit=1000", nil).list(t); len(l) != 5 {
		t.Fatalf("limit clamp page = %d", len(l))
	}
	if h := w.call(t, "alice", "GET", "/api/v1/timelines/home?max_id="+posted[0], nil).header.Get("Link"); h != "" {
		t.Fatalf("empty page has Link %q", h)
	}
}
