package mastoapi_test

import (
	"net/url"
	"strings"
	"testing"
)

func TestAccountNote(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob")
	w.addUser(t, "reader", "read")
	note := func(who, id string, comment string) response {
		return w.call(t, who, "POST", "/api/v1/accounts/"+id+"/note", url.Values{"comment": {comment}})
	}
	rel := note("alice", w.ids["bob"], "met at the fair").expect(t, 200).object(t)
	if rel["note"] != "met at the fair" || rel["id"] != w.ids["bob"] {
		t.Fatalf("relationship after note: %v", rel)
	}
	cases := []struct {
		name string
		who  string
		id   string
		want string // Relationship.note seen by who
	}{
		{"the author sees the note", "alice", w.ids["bob"], "met at the fair"},
		{"nobody else sees it", "bob", w.ids["bob"], ""},
		{"a note on someone else is empty", "alice", w.ids["reader"], ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			list := w.call(t, c.who, "GET", "/api/v1/accounts/relationships?id[]="+c.id, nil).expect(t, 200).list(t)
			if len(list) != 1 || list[0]["note"] != c.want {
				t.Fatalf("relationships: %v", list)
			}
		})
	}
	t.Run("an empty comment removes it", func(t *testing.T) {
		if rel := note("alice", w.ids["bob"], "").expect(t, 200).object(t); rel["note"] != "" {
			t.Fatalf("note %v", rel["note"])
		}
	})
	errors := []struct {
		name, who, id, comment string
		code                   int
	}{
		{"too long", "alice", w.ids["bob"], strings.Repeat("x", 2001), 422},
		{"unknown account", "alice", "999999", "hi", 404},
		{"anonymous", "", w.ids["bob"], "hi", 401},
		{"token without write:accounts", "reader", w.ids["bob"], "hi", 403},
	}
	for _, c := range errors {
		t.Run(c.name, func(t *testing.T) { note(c.who, c.id, c.comment).expect(t, c.code) })
	}
}

func TestEndorsements(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob", "carol", "dave")
	w.addUser(t, "reader", "read")
	for _, who := range []string{"bob", "carol"} {
		w.call(t, "alice", "POST", "/api/v1/accounts/"+w.ids[who]+"/follow", nil).expect(t, 200)
	}
	for _, who := range []string{"bob", "carol"} {
		rel := w.call(t, "alice", "POST", "/api/v1/accounts/"+w.ids[who]+"/pin", nil).expect(t, 200).object(t)
		if rel["endorsed"] != true {
			t.Fatalf("pin %s: %v", who, rel)
		}
	}
	t.Run("listed newest first, paginated with Link", func(t *testing.T) {
		first := w.call(t, "alice", "GET", "/api/v1/endorsements?limit=1", nil).expect(t, 200)
		if got := ids(first.list(t)); len(got) != 1 || got[0] != w.ids["carol"] {
			t.Fatalf("first page %v", got)
		}
		next := nextLink(t, first)
		if next == "" {
			t.Fatal("no next Link")
		}
		if got := ids(w.call(t, "alice", "GET", next, nil).expect(t, 200).list(t)); len(got) != 1 || got[0] != w.ids["bob"] {
			t.Fatalf("second page %v", got)
		}
	})
	t.Run("others' endorsements are their own", func(t *testing.T) {
		if got := w.call(t, "bob", "GET", "/api/v1/endorsements", nil).expect(t, 200).list(t); len(got) != 0 {
			t.Fatalf("bob's endorsements %v", ids(got))
		}
	})
	t.Run("unpin takes it off", func(t *testing.T) {
		rel := w.call(t, "alice", "POST", "/api/v1/accounts/"+w.ids["carol"]+"/unpin", nil).expect(t, 200).object(t)
		if rel["endorsed"] != false {
			t.Fatalf("unpin: %v", rel)
		}
	})
	t.Run("unfollowing ends the endorsement", func(t *testing.T) {
		w.call(t, "alice", "POST", "/api/v1/accounts/"+w.ids["bob"]+"/unfollow", nil).expect(t, 200)
		if got := w.call(t, "alice", "GET", "/api/v1/endorsements", nil).expect(t, 200).list(t); len(got) != 0 {
			t.Fatalf("endorsements after unfollow %v", ids(got))
		}
	})
	errors := []struct {
		name, who, method, path string
		code                    int
	}{
		{"only followed accounts", "alice", "POST", "/api/v1/accounts/" + w.ids["dave"] + "/pin", 422},
		{"unknown account", "alice", "POST", "/api/v1/accounts/999999/pin", 404},
		{"unknown account unpin", "alice", "POST", "/api/v1/accounts/999999/unpin", 404},
		{"anonymous pin", "", "POST", "/api/v1/accounts/" + w.ids["carol"] + "/pin", 401},
		{"anonymous list", "", "GET", "/api/v1/endorsements", 401},
		{"token without write:accounts", "reader", "POST", "/api/v1/accounts/" + w.ids["carol"] + "/pin", 403},
	}
	for _, c := range errors {
		t.Run(c.name, func(t *testing.T) { w.call(t, c.who, c.method, c.path, nil).expect(t, c.code) })
	}
}

func TestRemoveFromFollowers(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob", "carol")
	w.addUser(t, "reader", "read")
	w.call(t, "bob", "POST", "/api/v1/accounts/"+w.ids["alice"]+"/follow", nil).expect(t, 200)
	rel := w.call(t, "alice", "POST", "/api/v1/accounts/"+w.ids["bob"]+"/remove_from_followers", nil).expect(t, 200).object(t)
	if rel["followed_by"] != false || rel["id"] != w.ids["bob"] {
		t.Fatalf("relationship %v", rel)
	}
	if got := w.call(t, "alice", "GET", "/api/v1/accounts/"+w.ids["alice"]+"/followers", nil).expect(t, 200).list(t); len(got) != 0 {
		t.Fatalf("followers %v", ids(got))
	}
	me := w.call(t, "alice", "GET", "/api/v1/accounts/verify_credentials", nil).expect(t, 200).object(t)
	if me["followers_count"] != 0.0 {
		t.Fatalf("followers_count %v", me["followers_count"])
	}
	errors := []struct {
		name, who, id string
		code          int
	}{
		{"not a follower: nothing to do", "alice", w.ids["carol"], 200},
		{"unknown account", "alice", "999999", 404},
		{"anonymous", "", w.ids["bob"], 401},
		{"token without write:follows", "reader", w.ids["bob"], 403},
	}
	for _, c := range errors {
		t.Run(c.name, func(t *testing.T) {
			w.call(t, c.who, "POST", "/api/v1/accounts/"+c.id+"/remove_from_followers", nil).expect(t, c.code)
		})
	}
}

func TestFamiliarFollowers(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob", "carol", "dave", "erin")
	w.addUser(t, "reader", "read:accounts")
	follow := func(who, whom string) {
		w.call(t, who, "POST", "/api/v1/accounts/"+w.ids[whom]+"/follow", nil).expect(t, 200)
	}
	follow("alice", "bob")
	follow("alice", "carol")
	follow("bob", "dave")
	follow("carol", "dave")
	follow("bob", "erin")
	// carol hides her network: she is not shown as a familiar follower.
	w.call(t, "carol", "PATCH", "/api/v1/accounts/update_credentials", url.Values{"hide_collections": {"true"}}).expect(t, 200)
	// erin hides hers: nobody learns who follows her.
	w.call(t, "erin", "PATCH", "/api/v1/accounts/update_credentials", url.Values{"hide_collections": {"true"}}).expect(t, 200)
	r := w.call(t, "alice", "GET", "/api/v1/accounts/familiar_followers?id[]="+w.ids["dave"]+"&id[]="+w.ids["erin"]+"&id[]=999999", nil).expect(t, 200)
	var got []struct {
		ID       string
		Accounts []struct{ ID string }
	}
	r.json(t, &got)
	cases := []struct {
		name  string
		index int
		id    string
		want  []string
	}{
		{"followed followers, hiders left out", 0, w.ids["dave"], []string{w.ids["bob"]}},
		{"an account hiding its network shows none", 1, w.ids["erin"], nil},
	}
	if len(got) != 2 {
		t.Fatalf("answer %s", r.body)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := got[c.index]
			var accts []string
			for _, a := range e.Accounts {
				accts = append(accts, a.ID)
			}
			if e.ID != c.id || strings.Join(accts, ",") != strings.Join(c.want, ",") {
				t.Fatalf("entry %+v, want %s %v", e, c.id, c.want)
			}
		})
	}
	if !strings.Contains(string(r.body), `"accounts":[]`) {
		t.Errorf("an empty entry must carry accounts: [], got %s", r.body)
	}
	t.Run("anonymous", func(t *testing.T) {
		w.call(t, "", "GET", "/api/v1/accounts/familiar_followers?id[]="+w.ids["dave"], nil).expect(t, 401)
	})
	t.Run("token without read:follows", func(t *testing.T) {
		w.call(t, "reader", "GET", "/api/v1/accounts/familiar_followers?id[]="+w.ids["dave"], nil).expect(t, 403)
	})
}
