package actions

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"roost/store"
)

func TestParseImport(t *testing.T) {
	row := func(target string) store.ImportRow {
		return store.ImportRow{Target: target, ShowReblogs: true, HideNotifications: true}
	}
	tests := []struct {
		name, kind, data string
		want             []store.ImportRow
		reason           string
	}{
		{"following with Mastodon's header", store.ImportFollowing,
			"Account address,Show boosts,Notify on new posts,Languages\nbob@a.example,false,true,\"en, fr\"\n@carol@b.example,,,\n",
			[]store.ImportRow{{Target: "bob@a.example", Notify: true, HideNotifications: true, Languages: []string{"en", "fr"}}, row("carol@b.example")}, ""},
		{"following in the old one-column format", store.ImportFollowing, "bob@a.example\n\n  carol@b.example  \n",
			[]store.ImportRow{row("bob@a.example"), row("carol@b.example")}, ""},
		{"columns in another order, extra ones ignored", store.ImportFollowing, "Account address,Extra,Notify on new posts\nbob@a.example,x,TRUE\n",
			[]store.ImportRow{{Target: "bob@a.example", ShowReblogs: true, Notify: true, HideNotifications: true}}, ""},
		{"mutes", store.ImportMuting, "Account address,Hide notifications\nbob@a.example,false\n",
			[]store.ImportRow{{Target: "bob@a.example", ShowReblogs: true}}, ""},
		{"blocks without header", store.ImportBlocking, "bob@a.example\n", []store.ImportRow{row("bob@a.example")}, ""},
		{"domain blocks", store.ImportDomainBlocking, "spam.example\r\nads.example\r\n",
			[]store.ImportRow{row("spam.example"), row("ads.example")}, ""},
		{"bookmarks", store.ImportBookmarks, "https://a.example/@bob/1\n", []store.ImportRow{row("https://a.example/@bob/1")}, ""},
		{"lists", store.ImportLists, "Friends,bob@a.example\n\"Work, mostly\",carol@b.example\n",
			[]store.ImportRow{{Target: "bob@a.example", ListName: "Friends", ShowReblogs: true, HideNotifications: true},
				{Target: "carol@b.example", ListName: "Work, mostly", ShowReblogs: true, HideNotifications: true}}, ""},
		{"byte order mark", store.ImportBlocking, "\xef\xbb\xbfbob@a.example\n", []store.ImportRow{row("bob@a.example")}, ""},
		{"empty", store.ImportFollowing, "\n \n", nil, importEmpty},
		{"unterminated quote", store.ImportFollowing, "\"bob@a.example\n", nil, importMalformed},
		{"bare quote", store.ImportFollowing, "bo\"b@a.example\n", nil, importMalformed},
		{"not UTF-8", store.ImportFollowing, "\xff\xfe\x00b\n", nil, importMalformed},
		{"another kind's header", store.ImportBlocking, "#domain\nspam.example\n", nil, importWrongKind},
		{"lists header without the account column", store.ImportLists, "List name\nFriends\n", nil, importWrongKind},
		{"too many rows", store.ImportBlocking, strings.Repeat("bob@a.example\n", ImportMaxRows+1), nil, importTooManyRows},
		{"too big", store.ImportBlocking, strings.Repeat("x", ImportMaxBytes+1), nil, importTooBig},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseImport(tt.kind, []byte(tt.data))
			var inv *ErrInvalid
			switch {
			case tt.reason != "":
				if !errors.As(err, &inv) || inv.Reason != tt.reason {
					t.Fatalf("err = %v, want %s", err, tt.reason)
				}
			case err != nil:
				t.Fatal(err)
			case !reflect.DeepEqual(got, tt.want):
				t.Fatalf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}
