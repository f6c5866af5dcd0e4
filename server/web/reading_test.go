package web_test

import (
	"context"
	"encoding/xml"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"roost/server/actions"
	"roost/server/servertest"
)

var feedAddress = regexp.MustCompile(`value="(http[^"]+/feeds/home/([^"]+)\.rss)"`)

func TestHomeFeed(t *testing.T) {
	in := servertest.Start(t)
	ctx := context.Background()
	alice, _ := in.CreateUser(t, "alice")
	reader, _ := in.CreateUser(t, "reader")
	in.CreateUser(t, "stranger")
	if _, err := in.Actions().Follow(ctx, reader, alice.ID, actions.FollowArgs{}); err != nil {
		t.Fatal(err)
	}
	post(t, in, alice, actions.PostStatusArgs{Text: "for followers only", Visibility: "private"})
	post(t, in, alice, actions.PostStatusArgs{Text: "hello everyone", Visibility: "public"})

	b := newBrowser(t, in)
	b.signIn("reader")
	made := b.submit("/settings/reading", "/settings/feed", url.Values{})
	m := feedAddress.FindStringSubmatch(made.Body)
	if made.Code != http.StatusOK || m == nil {
		t.Fatalf("no feed address shown (%d)", made.Code)
	}
	feedURL, secret := m[1], m[2]
	path := strings.TrimPrefix(feedURL, in.URL)
	if strings.Contains(b.get("/settings/reading").Body, secret) {
		t.Error("the feed address is shown again")
	}
	anon := newBrowser(t, in)
	feed := anon.get(path)
	if feed.Code != http.StatusOK || !strings.HasPrefix(feed.Header.Get("Content-Type"), "application/rss+xml") {
		t.Fatalf("feed: %d %s", feed.Code, feed.Header.Get("Content-Type"))
	}
	var doc struct {
		Channel struct {
			Items []struct {
				Description string `xml:"description"`
			} `xml:"item"`
		} `xml:"channel"`
	}
	if err := xml.Unmarshal([]byte(feed.Body), &doc); err != nil {
		t.Fatalf("not valid RSS: %v\n%s", err, feed.Body)
	}
	var bodies []string
	for _, it := range doc.Channel.Items {
		bodies = append(bodies, it.Description)
	}
	all := strings.Join(bodies, "\n")
	if !strings.Contains(all, "for followers only") || !strings.Contains(all, "hello everyone") {
		t.Errorf("feed items = %v", bodies)
	}
	// The feed secret is no bearer token.
	req, _ := http.NewRequest(http.MethodGet, in.URL+"/api/v1/timelines/home", nil)
	req.Header.Set("Authorization", "Bearer "+secret)
	if p := anon.do(req); p.Code != http.StatusUnauthorized {
		t.Errorf("feed secret as bearer token: %d", p.Code)
	}

	tests := []struct {
		name, path string
	}{
		{"wrong secret", "/feeds/home/" + strings.Repeat("A", len(secret)) + ".rss"},
		{"no suffix", "/feeds/home/" + secret},
		{"empty", "/feeds/home/.rss"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if p := anon.get(tc.path); p.Code != http.StatusNotFound {
				t.Errorf("%s: %d", tc.path, p.Code)
			}
		})
	}
	if p := b.submit("/settings/reading", "/settings/feed/revoke", url.Values{}); p.Code != http.StatusSeeOther {
		t.Fatalf("revoke: %d", p.Code)
	}
	if p := anon.get(path); p.Code != http.StatusNotFound {
		t.Errorf("after revoke: %d", p.Code)
	}
}

func TestFollowTagFromItsPage(t *testing.T) {
	in := servertest.Start(t)
	alice, _ := in.CreateUser(t, "alice")
	in.CreateUser(t, "reader")
	post(t, in, alice, actions.PostStatusArgs{Text: "seedlings #gardening", Visibility: "public"})
	b := newBrowser(t, in)
	if strings.Contains(b.get("/tags/gardening").Body, "/tags/gardening/follow") {
		t.Error("a signed-out visitor gets a follow button")
	}
	b.signIn("reader")
	if p := b.submit("/tags/gardening", "/tags/gardening/follow", url.Values{}); p.Code != http.StatusSeeOther {
		t.Fatalf("follow: %d", p.Code)
	}
	if !strings.Contains(b.get("/tags/gardening").Body, "/tags/gardening/unfollow") {
		t.Error("no unfollow button after following")
	}
	if !strings.Contains(b.get("/home").Body, "seedlings") {
		t.Error("the followed tag's post is not in home")
	}
	if !strings.Contains(b.get("/settings/reading").Body, "#gardening") {
		t.Error("settings do not list the followed tag")
	}
	p := b.submit("/settings/reading", "/tags/gardening/unfollow", url.Values{"from": {"settings"}})
	if p.Code != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/settings/reading") {
		t.Fatalf("unfollow: %d %s", p.Code, p.Location)
	}
	if strings.Contains(b.get("/home").Body, "seedlings") {
		t.Error("the unfollowed tag's post is still in home")
	}
}
