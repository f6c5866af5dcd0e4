package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"roost/server/actions"
	"roost/server/servertest"
)

// BenchmarkHomePage renders a signed-in home timeline page of 40 statuses
// over real HTTP: session lookup, the timeline operation and the template.
// The budget is 10 ms on the 2-core machine; run with
// go test ./server/web -run - -bench HomePage -benchtime 200x.
func BenchmarkHomePage(b *testing.B) {
	in := servertest.Start(b)
	ctx := context.Background()
	me, _ := in.CreateUser(b, "reader")
	for i := 0; i < 10; i++ {
		friend, _ := in.CreateUser(b, fmt.Sprintf("friend%d", i))
		if _, err := in.Actions().Follow(ctx, me, friend.ID, actions.FollowArgs{Reblogs: true}); err != nil {
			b.Fatal(err)
		}
		for j := 0; j < 6; j++ {
			text := fmt.Sprintf("Post %d of @reader's friend %d, with a #tag and https://example.com/a/link", j, i)
			if _, err := in.Actions().PostStatus(ctx, friend, actions.PostStatusArgs{Text: text, Visibility: "public",
				SpoilerText: map[bool]string{true: "cw"}[j == 0]}); err != nil {
				b.Fatal(err)
			}
		}
	}
	br := newBrowser(b, in)
	br.signIn("reader")
	p := br.get("/home?limit=40")
	if p.Code != http.StatusOK || strings.Count(p.Body, `<article class="status`) != 40 {
		b.Fatalf("home: %d, %d statuses", p.Code, strings.Count(p.Body, `<article class="status`))
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if p := br.get("/home?limit=40"); p.Code != http.StatusOK {
			b.Fatal(p.Code)
		}
	}
}
