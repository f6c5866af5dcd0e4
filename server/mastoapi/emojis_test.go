package mastoapi_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"strings"
	"testing"

	"roost/server/actions"
)

func TestCustomEmojis(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice")
	var buf bytes.Buffer
	png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 8, 8)))
	a := w.in.Actions()
	ctx := context.Background()
	if _, err := a.AddCustomEmoji(ctx, actions.AddEmojiArgs{Shortcode: "blobcat", Category: "cats", Data: buf.Bytes()}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.AddCustomEmoji(ctx, actions.AddEmojiArgs{Shortcode: "blobcat", Data: buf.Bytes()}); err == nil {
		t.Error("a duplicate shortcode was accepted")
	}
	if _, err := a.AddCustomEmoji(ctx, actions.AddEmojiArgs{Shortcode: "text", Data: []byte("GIF89a but not really")}); err == nil {
		t.Error("a broken file was accepted")
	}

	list := w.call(t, "", "GET", "/api/v1/custom_emojis", nil).expect(t, 200).list(t)
	if len(list) != 1 || list[0]["shortcode"] != "blobcat" || list[0]["category"] != "cats" ||
		!strings.HasSuffix(list[0]["url"].(string), ".png") || list[0]["visible_in_picker"] != true {
		t.Fatalf("custom_emojis = %v", list)
	}
	img := w.call(t, "", "GET", strings.TrimPrefix(list[0]["url"].(string), w.in.URL), nil).expect(t, 200)
	if !bytes.Equal(img.body, buf.Bytes()) {
		t.Error("the emoji's file is not served as uploaded")
	}

	s := w.call(t, "alice", "POST", "/api/v1/statuses", map[string]any{"status": "hi :blobcat: and :nosuchemoji:",
		"spoiler_text": "cw :blobcat:"}).expect(t, 200).object(t)
	emojis := s["emojis"].([]any)
	if len(emojis) != 1 || emojis[0].(map[string]any)["shortcode"] != "blobcat" {
		t.Errorf("emojis = %v", emojis)
	}
	if !strings.Contains(s["content"].(string), ":nosuchemoji:") {
		t.Errorf("unknown shortcode not left as text: %v", s["content"])
	}
	plain := w.call(t, "alice", "POST", "/api/v1/statuses", map[string]any{"status": "no emoji here"}).expect(t, 200).object(t)
	if len(plain["emojis"].([]any)) != 0 {
		t.Errorf("emojis on a plain status: %v", plain["emojis"])
	}

	me := w.call(t, "alice", "PATCH", "/api/v1/accounts/update_credentials", map[string]any{
		"display_name": "Alice :blobcat:", "note": "bio :nosuchemoji:"}).expect(t, 200).object(t)
	if em := me["emojis"].([]any); len(em) != 1 || em[0].(map[string]any)["shortcode"] != "blobcat" {
		t.Errorf("account emojis = %v", me["emojis"])
	}
}
