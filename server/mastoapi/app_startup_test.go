package mastoapi_test

// The requests popular Mastodon apps make right after sign-in and when they
// open the home timeline and the notifications, replayed with the same
// query parameters, and the fields each app's parser refuses to go without.
// TestStartupEndpoints (startup_test.go) checks that every start-up
// endpoint answers and is guarded; this file checks what the apps read in
// the answers, on a server with data in it, so an empty list cannot hide a
// missing field.
//
// Sources read (sequence of calls and non-nullable model fields):
//   - tuskyapp/Tusky app/src/main/java/com/keylesspalace/tusky/network/MastodonApi.kt
//     (custom_emojis, instance, filters, timelines/home with max_id/since_id/limit,
//     notifications with limit and exclude_types[], markers with timeline[]=notifications)
//   - tuskyapp/Tusky app/src/main/java/com/keylesspalace/tusky/entity/{Account,Status,Notification,Instance}.kt
//     (Kotlin non-null: account url/avatar/header/note, source privacy/sensitive/note;
//     status content, created_at, emojis, counts, reblogged/favourited/bookmarked,
//     sensitive, spoiler_text, visibility, media_attachments, mentions; mention
//     id/url/acct/username; instance domain/version/configuration/rules)
//   - Dimillian/IceCubesApp Packages/Env/Sources/Env/CurrentAccount.swift (verify_credentials,
//     instance/peers, lists, followed_tags, follow_requests in parallel after sign-in)
//   - Dimillian/IceCubesApp Packages/Env/Sources/Env/CurrentInstance.swift (instance forced to v2;
//     grouped notifications when version >= 4.3)
//   - Dimillian/IceCubesApp Packages/NetworkClient/Sources/NetworkClient/Endpoint/{Timelines,Markers}.swift
//     (timelines/home with limit; markers with timeline[]=home&timeline[]=notifications)
//   - Dimillian/IceCubesApp Packages/Models/Sources/Models/{Account,Status,Instance,Notification}.swift
//     (Swift Codable non-optionals: account avatar/header as URL, created_at, fields, locked,
//     emojis, bot; status replies_count, tags; instance title, registrations, thumbnail,
//     contact.email as a String)
//   - mastodon/mastodon-android mastodon/src/main/java/org/joinmastodon/android/model/
//     {Account,Status,Instance,InstanceV2,Notification,NotificationGroup}.java
//     (@RequiredField: account id/username/acct/url/display_name/note/avatar/header/created_at;
//     status id/uri/created_at/account/visibility/spoiler_text/media_attachments/mentions/tags/emojis;
//     v1 instance uri/title/description/email/version; v2 domain/registrations;
//     notification id/created_at; group group_key/most_recent_notification_id/sample_account_ids;
//     FilterResult filter)
//   - pachli/pachli-android core/network/src/main/kotlin/app/pachli/core/network/model/
//     {Status,TimelineAccount,Account,InstanceV1,InstanceV2,Attachment,Poll,Notification,Filter,
//     FilterResult,MastoList,Emoji}.kt (Moshi: every non-null Kotlin field must be there)
//   - Dimillian/IceCubesApp Packages/Models/Sources/Models/{Tag,List,ServerFilter,Filter,Poll,
//     MediaAttachment,ServerPreferences}.swift
//   - mastodon/mastodon-ios MastodonSDK (read as search excerpts, paths not resolved):
//     Mastodon.API.Instance.translationLanguages, and MastodonAuthentication's
//     InstanceConfiguration.fromEndpointV2(V2.Instance, TranslationLanguages)
//   - elk-zone/elk app/composables/users.ts (loginTo: nodeinfo/2.0, verify_credentials with
//     preferences, push subscription whose 404 it catches; instance v2 for the character limit)
//   - cheeaun/phanpy src/utils/api.js (initInstance: v2 instance then v1, streaming URL from
//     configuration.urls.streaming; initAccount: verify_credentials; initPreferences)

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"roost/server/actions"
	"roost/server/media/mediatest"
)

// startupCall is one request an app makes and what its parser requires of
// the answer: "path.to.field:type", where [] walks every element of a list
// and type is one of string, url, date, number, bool, array, object. A
// key ending in ? may be null or absent (a status's poll); when present,
// what is under it is checked.
type startupCall struct {
	path   string
	fields []string
	status int // 0 for 200
}

// Field requirements shared by the apps, as their models declare them.
var (
	tuskyAccount = []string{"id:string", "username:string", "acct:string", "note:string", "url:url",
		"avatar:url", "header:url", "locked:bool", "followers_count:number", "following_count:number",
		"statuses_count:number", "bot:bool", "emojis:array", "fields:array"}
	tuskyStatus = []string{"id:string", "content:string", "created_at:date", "emojis:array",
		"reblogs_count:number", "favourites_count:number", "replies_count:number", "reblogged:bool",
		"favourited:bool", "bookmarked:bool", "sensitive:bool", "spoiler_text:string", "visibility:string",
		"media_attachments:array", "mentions:array", "tags:array"}
	iceCubesAccount = []string{"id:string", "username:string", "acct:string", "avatar:url", "header:url",
		"note:string", "created_at:date", "fields:array", "locked:bool", "emojis:array", "bot:bool"}
	iceCubesStatus = []string{"id:string", "content:string", "created_at:date", "media_attachments:array",
		"mentions:array", "replies_count:number", "reblogs_count:number", "favourites_count:number",
		"emojis:array", "visibility:string", "spoiler_text:string", "sensitive:bool", "tags:array"}
	androidAccount = []string{"id:string", "username:string", "acct:string", "url:url", "display_name:string",
		"note:string", "avatar:url", "header:url", "created_at:date"}
	androidStatus = []string{"id:string", "uri:string", "created_at:date", "visibility:string",
		"spoiler_text:string", "media_attachments:array", "mentions:array", "tags:array", "emojis:array"}
	mention = []string{"id:string", "url:url", "acct:string", "username:string"}
	emoji   = []string{"shortcode:string", "url:url", "static_url:url", "visible_in_picker:bool"}
	// Tusky's Attachment needs preview_url; the others only id, type, url.
	attachment = []string{"id:string", "type:string", "url:url", "preview_url:url"}
	// Tusky needs voted and votes_count, mastodon-android own_votes and
	// emojis, Ice Cubes votes_count. An option's votes_count is null while
	// hide_totals hides it, on Mastodon too.
	poll = []string{"id:string", "expired:bool", "multiple:bool", "votes_count:number", "voted:bool",
		"own_votes:array", "emojis:array", "options.[].title:string"}
	hashtag = []string{"name:string", "url:url"}
	// A status caught by a "warn" filter: Ice Cubes, Pachli and
	// mastodon-android all decode filtered[].filter.
	filterResult = []string{"filter.id:string", "filter.title:string", "filter.context:array",
		"filter.filter_action:string", "keyword_matches:array"}
	// Pachli's Moshi models fail on any missing non-null field.
	pachliAccount = []string{"id:string", "username:string", "acct:string", "url:string", "avatar:string",
		"note:string", "header:string"}
	pachliStatus = []string{"id:string", "content:string", "created_at:date", "emojis:array", "reblogs_count:number",
		"favourites_count:number", "replies_count:number", "reblogged:bool", "favourited:bool", "bookmarked:bool",
		"sensitive:bool", "spoiler_text:string", "visibility:string", "media_attachments:array", "mentions:array"}
)

// statusParts is what every app walks into inside each status of a list.
func statusParts(prefix string) []string {
	return join(under(prefix+".mentions.[]", mention), under(prefix+".emojis.[]", emoji),
		under(prefix+".media_attachments.[]", attachment), under(prefix+".poll?", poll),
		under(prefix+".tags.[]", hashtag), under(prefix+".filtered?.[]", filterResult))
}

// under prefixes every field of fields with a path.
func under(prefix string, fields ...[]string) []string {
	var out []string
	for _, list := range fields {
		for _, f := range list {
			out = append(out, prefix+"."+f)
		}
	}
	return out
}

func join(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

func appSequences() map[string][]startupCall {
	instanceConfig := []string{"configuration.statuses.max_characters:number",
		"configuration.statuses.max_media_attachments:number", "configuration.polls.max_options:number",
		"configuration.polls.max_characters_per_option:number", "configuration.polls.min_expiration:number",
		"configuration.polls.max_expiration:number"}
	return map[string][]startupCall{
		"Tusky": {
			{path: "/api/v1/accounts/verify_credentials", fields: join(tuskyAccount,
				[]string{"source.privacy:string", "source.sensitive:bool", "source.note:string", "source.fields:array"})},
			{path: "/api/v2/instance", fields: join([]string{"domain:string", "version:string", "rules:array",
				"configuration.statuses.characters_reserved_per_url:number",
				"configuration.media_attachments.image_size_limit:number",
				"configuration.media_attachments.image_matrix_limit:number",
				"configuration.media_attachments.video_size_limit:number",
				"configuration.media_attachments.video_matrix_limit:number",
				"configuration.media_attachments.video_frame_rate_limit:number",
				"configuration.accounts.max_featured_tags:number", "configuration.translation.enabled:bool"},
				instanceConfig)},
			{path: "/api/v1/custom_emojis", fields: under("[]", emoji)},
			{path: "/api/v1/filters", fields: []string{"[].id:string", "[].phrase:string", "[].context:array",
				"[].irreversible:bool", "[].whole_word:bool"}},
			{path: "/api/v2/filters", fields: []string{"[].id:string", "[].title:string", "[].context:array",
				"[].filter_action:string", "[].keywords:array"}},
			{path: "/api/v1/announcements", fields: []string{"[].id:string", "[].content:string", "[].all_day:bool",
				"[].published_at:date", "[].updated_at:date", "[].read:bool", "[].mentions:array",
				"[].statuses:array", "[].tags:array", "[].emojis:array", "[].reactions:array"}},
			{path: "/api/v1/lists", fields: []string{"[].id:string", "[].title:string"}},
			{path: "/api/v1/timelines/home?limit=30", fields: join(under("[]", tuskyStatus), under("[].account", tuskyAccount),
				statusParts("[]"), statusParts("[].reblog?"))},
			{path: "/api/v1/notifications?limit=30&exclude_types[]=follow_request&exclude_types[]=admin.sign_up",
				fields: join([]string{"[].id:string", "[].type:string", "[].created_at:date"}, under("[].account", tuskyAccount))},
			{path: "/api/v1/markers?timeline[]=notifications", fields: []string{"notifications.last_read_id:string",
				"notifications.version:number", "notifications.updated_at:date"}},
		},
		// Pachli is a Tusky fork: the same start-up calls, with Moshi
		// models that refuse a null where Kotlin says non-null.
		"Pachli": {
			{path: "/api/v1/accounts/verify_credentials", fields: pachliAccount},
			{path: "/api/v2/instance", fields: join([]string{"domain:string", "title:string", "version:string", "source_url:string",
				"description:string", "usage.users:object", "thumbnail.url:url", "languages:array",
				"configuration.urls:object", "configuration.accounts.max_featured_tags:number",
				"configuration.media_attachments.supported_mime_types:array", "configuration.translation.enabled:bool",
				"registrations.enabled:bool", "registrations.approval_required:bool", "contact.email:string", "rules:array"},
				instanceConfig)},
			{path: "/api/v1/instance", fields: []string{"uri:string", "version:string"}},
			{path: "/api/v1/custom_emojis", fields: []string{"[].shortcode:string", "[].url:url", "[].static_url:url"}},
			{path: "/api/v2/filters", fields: []string{"[].id:string", "[].title:string", "[].context:array", "[].filter_action:string"}},
			{path: "/api/v1/lists", fields: []string{"[].id:string", "[].title:string"}},
			{path: "/api/v1/announcements", fields: []string{"[].id:string", "[].content:string", "[].published_at:date"}},
			{path: "/api/v1/timelines/home?limit=30", fields: join(under("[]", pachliStatus), under("[].account", pachliAccount),
				statusParts("[]"), statusParts("[].reblog?"))},
			{path: "/api/v1/notifications?limit=30&exclude_types[]=admin.sign_up&exclude_types[]=admin.report",
				fields: join([]string{"[].id:string", "[].type:string", "[].created_at:date"}, under("[].account", pachliAccount))},
			{path: "/api/v1/markers?timeline[]=notifications", fields: []string{"notifications.last_read_id:string"}},
		},
		// Elk and Phanpy parse with masto.js, which checks nothing: they
		// break where their code dereferences a field.
		"Elk": {
			{path: "/nodeinfo/2.0", fields: []string{"software.name:string", "software.version:string"}},
			{path: "/api/v1/accounts/verify_credentials", fields: []string{"id:string", "acct:string",
				"emojis:array", "fields:array", "avatar:url"}},
			{path: "/api/v1/preferences", fields: []string{"reading:expand:spoilers:bool", "reading:expand:media:string"}},
			// Elk catches the 404 of an account without a subscription.
			{path: "/api/v1/push/subscription", status: 404},
			{path: "/api/v2/instance", fields: []string{"domain:string", "version:string",
				"configuration.statuses.max_characters:number", "configuration.urls.streaming:string"}},
			{path: "/api/v1/timelines/home?limit=20", fields: join(under("[]", iceCubesStatus), statusParts("[]"))},
			{path: "/api/v2/notifications?limit=20", fields: []string{"notification_groups.[].group_key:string",
				"notification_groups.[].sample_account_ids:array", "accounts.[].id:string"}},
		},
		"Phanpy": {
			{path: "/api/v2/instance", fields: []string{"domain:string", "configuration.urls.streaming:string",
				"api_versions:object"}},
			{path: "/api/v1/accounts/verify_credentials", fields: []string{"id:string", "acct:string"}},
			{path: "/api/v1/preferences", fields: []string{"posting:default:visibility:string"}},
			{path: "/api/v1/timelines/home?limit=20", fields: join(under("[]", iceCubesStatus), statusParts("[]"))},
			{path: "/api/v1/markers?timeline[]=notifications", fields: []string{"notifications.last_read_id:string"}},
			{path: "/api/v2/notifications?limit=40&expand_accounts=partial_avatars", fields: []string{
				"notification_groups.[].group_key:string", "notification_groups.[].latest_page_notification_at:date"}},
			{path: "/api/v2/notifications/policy", fields: []string{"summary.pending_requests_count:number"}},
		},
		"Ice Cubes": {
			{path: "/api/v1/accounts/verify_credentials", fields: join(iceCubesAccount,
				[]string{"source.sensitive:bool", "source.note:string", "source.fields:array"})},
			{path: "/api/v1/instance/peers"},
			{path: "/api/v1/lists", fields: []string{"[].id:string", "[].title:string"}},
			{path: "/api/v1/followed_tags", fields: []string{"[].name:string", "[].url:url", "[].following:bool", "[].history:array"}},
			{path: "/api/v1/follow_requests"},
			{path: "/api/v2/instance", fields: join([]string{"title:string", "domain:string", "version:string",
				"registrations.enabled:bool", "thumbnail:object", "contact:object", "contact.email:string"}, instanceConfig)},
			{path: "/api/v1/preferences"},
			{path: "/api/v1/custom_emojis"},
			{path: "/api/v2/filters", fields: []string{"[].id:string", "[].title:string", "[].keywords.[].id:string",
				"[].keywords.[].keyword:string", "[].keywords.[].whole_word:bool", "[].filter_action:string", "[].context:array"}},
			{path: "/api/v1/timelines/home?limit=40", fields: join(under("[]", iceCubesStatus), under("[].account", iceCubesAccount),
				statusParts("[]"), statusParts("[].reblog?"))},
			{path: "/api/v1/markers?timeline[]=home&timeline[]=notifications", fields: []string{"home.last_read_id:string",
				"notifications.last_read_id:string"}},
			{path: "/api/v2/notifications?grouped_types[]=favourite&grouped_types[]=reblog&grouped_types[]=follow",
				fields: join([]string{"notification_groups.[].group_key:string", "notification_groups.[].type:string",
					"notification_groups.[].notifications_count:number", "notification_groups.[].most_recent_notification_id:string",
					"notification_groups.[].sample_account_ids:array", "statuses:array"},
					under("accounts.[]", iceCubesAccount))},
		},
		// Only the instance calls could be traced in mastodon-ios: it keeps
		// the v2 instance together with its translation languages.
		"Mastodon for iOS": {
			{path: "/api/v2/instance", fields: []string{"domain:string", "version:string",
				"configuration.translation.enabled:bool", "configuration.statuses.characters_reserved_per_url:number"}},
			{path: "/api/v1/instance/translation_languages", fields: []string{":object"}},
		},
		"Mastodon for Android": {
			{path: "/api/v1/accounts/verify_credentials", fields: androidAccount},
			{path: "/api/v1/instance", fields: []string{"uri:string", "title:string", "description:string", "email:string",
				"version:string", "rules:array", "thumbnail:url"}},
			{path: "/api/v2/instance", fields: []string{"domain:string", "registrations:object", "registrations.enabled:bool",
				"registrations.approval_required:bool"}},
			{path: "/api/v1/custom_emojis", fields: under("[]", emoji)},
			{path: "/api/v1/lists", fields: []string{"[].id:string", "[].title:string"}},
			{path: "/api/v1/followed_tags", fields: under("[]", hashtag)},
			{path: "/api/v2/filters", fields: []string{"[].id:string", "[].title:string", "[].context:array"}},
			{path: "/api/v1/markers?timeline[]=home&timeline[]=notifications", fields: []string{"home.last_read_id:string"}},
			{path: "/api/v1/timelines/home?limit=20", fields: join(under("[]", androidStatus), under("[].account", androidAccount),
				statusParts("[]"), statusParts("[].reblog?"))},
			{path: "/api/v1/notifications?limit=20", fields: join([]string{"[].id:string", "[].created_at:date"},
				under("[].account", androidAccount))},
			{path: "/api/v2/notifications?limit=20&expand_accounts=full", fields: []string{"notification_groups.[].group_key:string",
				"notification_groups.[].most_recent_notification_id:string", "notification_groups.[].sample_account_ids.[]:string"}},
			{path: "/api/v2/notifications/unread_count", fields: []string{"count:number"}},
		},
	}
}

// TestAppStartupSequences signs in as each app would (a user token with the
// scopes it asks for), replays its start-up requests and checks every field
// its parser needs is present, not null and of the right type.
func TestAppStartupSequences(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "bob")
	w.addUser(t, "alice", "read", "write", "follow", "push")
	seedStartupWorld(t, w)
	// The optional parts of a status (poll?, filtered?, reblog?) are only
	// checked where present: make sure the home timeline has each.
	home := w.call(t, "alice", "GET", "/api/v1/timelines/home?limit=40", nil).expect(t, 200).list(t)
	for _, part := range []string{"poll", "reblog", "filtered"} {
		if !slices.ContainsFunc(home, func(s map[string]any) bool {
			list, isList := s[part].([]any)
			return s[part] != nil && (!isList || len(list) > 0)
		}) {
			t.Fatalf("no status with a %s in the home timeline to check", part)
		}
	}
	for app, calls := range appSequences() {
		t.Run(app, func(t *testing.T) {
			for _, c := range calls {
				r := w.call(t, "alice", "GET", c.path, nil)
				if c.status != 0 && r.code == c.status {
					continue
				}
				if r.code != 200 || c.status != 0 {
					t.Errorf("%s: status %d: %s", c.path, r.code, r.body)
					continue
				}
				var body any
				r.json(t, &body)
				for _, problem := range checkFields(body, c.fields) {
					t.Errorf("%s: %s", c.path, problem)
				}
			}
		})
	}
}

// seedStartupWorld gives alice something in every list an app opens on:
// a followed account's posts (a mention with a custom emoji, a picture, a
// poll, a boost), a list, a followed tag, filters, an announcement,
// notifications of several types and read markers.
func seedStartupWorld(t *testing.T, w *world) {
	t.Helper()
	alice, bob := w.ids["alice"], w.ids["bob"]
	if _, err := w.in.Actions().AddCustomEmoji(context.Background(), actions.AddEmojiArgs{Shortcode: "blobcat",
		Data: mediatest.PNG(8, 8)}); err != nil {
		t.Fatal(err)
	}
	w.call(t, "alice", "POST", "/api/v1/accounts/"+bob+"/follow", nil).expect(t, 200)
	w.call(t, "bob", "POST", "/api/v1/accounts/"+alice+"/follow", nil).expect(t, 200)
	own := w.post(t, "alice", map[string]any{"status": "Good morning #roost", "language": "en"})
	w.post(t, "bob", map[string]any{"status": "@alice have a look at #roost :blobcat:", "language": "en"})
	media := w.uploadOK(t, "bob", mediatest.PNG(20, 10), map[string]string{"description": "a picture"})["id"].(string)
	w.post(t, "bob", map[string]any{"status": "A picture", "media_ids": []string{media}})
	w.post(t, "bob", map[string]any{"status": "Tea or coffee?", "poll": map[string]any{"options": []string{"tea", "coffee"},
		"expires_in": 3600}})
	w.post(t, "bob", map[string]any{"status": "Secret ballot", "poll": map[string]any{"options": []string{"yes", "no"},
		"expires_in": 3600, "hide_totals": true}})
	boosted := w.post(t, "bob", map[string]any{"status": "Worth a boost", "spoiler_text": "cw", "sensitive": true})
	w.call(t, "alice", "POST", "/api/v1/statuses/"+boosted+"/reblog", nil).expect(t, 200)
	w.call(t, "bob", "POST", "/api/v1/statuses/"+own+"/favourite", nil).expect(t, 200)
	w.call(t, "bob", "POST", "/api/v1/statuses/"+own+"/reblog", nil).expect(t, 200)
	w.call(t, "alice", "POST", "/api/v1/lists", map[string]any{"title": "Friends"}).expect(t, 200)
	w.call(t, "alice", "POST", "/api/v1/tags/roost/follow", nil).expect(t, 200)
	w.call(t, "alice", "POST", "/api/v1/filters", url.Values{"phrase": {"spoilers"}, "context[]": {"home"}}).expect(t, 200)
	w.call(t, "alice", "POST", "/api/v2/filters", url.Values{"title": {"Sports"}, "context[]": {"home", "public"},
		"keywords_attributes[][keyword]": {"football"}}).expect(t, 200)
	w.post(t, "bob", map[string]any{"status": "What a football match"})
	announce(t, w, actions.AnnouncementArgs{Text: "Welcome to #roost :blobcat:", Publish: true})
	w.call(t, "alice", "POST", "/api/v1/markers", url.Values{"home[last_read_id]": {own},
		"notifications[last_read_id]": {"1"}}).expect(t, 200)
}

// checkFields lists what in body breaks the "path:type" requirements.
// A path that reaches no value at all (an empty list) is a problem too:
// the check would prove nothing; only under an optional key may a path
// reach nothing.
func checkFields(body any, fields []string) []string {
	var problems []string
	for _, f := range fields {
		i := strings.LastIndex(f, ":")
		path, kind := f[:i], f[i+1:]
		found := 0
		var segs []string // "" is the body itself
		if path != "" {
			segs = strings.Split(path, ".")
		}
		for _, l := range walk(body, segs, "") {
			found++
			if !l.present {
				problems = append(problems, l.where+" is missing")
			} else if l.value == nil {
				problems = append(problems, l.where+" is null")
			} else if !hasKind(l.value, kind) {
				problems = append(problems, fmt.Sprintf("%s is %T %v, want %s", l.where, l.value, l.value, kind))
			}
		}
		if found == 0 && !strings.Contains(path, "?") {
			problems = append(problems, path+": nothing to check (empty list)")
		}
	}
	return problems
}

type leaf struct {
	where   string
	value   any
	present bool
}

func walk(v any, segs []string, where string) []leaf {
	if len(segs) == 0 {
		return []leaf{{where, v, true}}
	}
	if segs[0] == "[]" {
		list, ok := v.([]any)
		if !ok {
			return []leaf{{where + "[]", nil, false}}
		}
		var out []leaf
		for i, e := range list {
			out = append(out, walk(e, segs[1:], fmt.Sprintf("%s[%d]", where, i))...)
		}
		return out
	}
	key, optional := strings.CutSuffix(segs[0], "?")
	where = strings.TrimPrefix(where+"."+key, ".")
	obj, ok := v.(map[string]any)
	if !ok {
		return []leaf{{where, nil, false}}
	}
	x, ok := obj[key]
	if optional && x == nil {
		return nil
	}
	if !ok {
		return []leaf{{where, nil, false}}
	}
	return walk(x, segs[1:], where)
}

func hasKind(v any, kind string) bool {
	switch kind {
	case "string":
		_, ok := v.(string)
		return ok
	case "url":
		s, ok := v.(string)
		u, err := url.Parse(s)
		return ok && err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
	case "date":
		s, ok := v.(string)
		_, err := time.Parse(time.RFC3339, s)
		return ok && err == nil
	case "number":
		_, ok := v.(float64)
		return ok
	case "bool":
		_, ok := v.(bool)
		return ok
	case "array":
		_, ok := v.([]any)
		return ok
	case "object":
		_, ok := v.(map[string]any)
		return ok
	}
	panic("unknown kind " + kind)
}
