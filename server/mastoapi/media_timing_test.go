package mastoapi_test

import (
	"reflect"
	"testing"

	"roost/server/media/mediatest"
)

// TestStreamMetaOnUpload: an uploaded video's or audio file's meta.original
// gives its size, frame rate, length and bitrate as read from its container;
// a video's Note federates width, height and an ISO 8601 duration, as
// Mastodon's does.
func TestStreamMetaOnUpload(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice")
	cases := []struct {
		name, file string
		data       []byte
		want       map[string]any
	}{
		{"mp4", "v.mp4", mediatest.TimedMP4(320, 240), map[string]any{"width": 320.0, "height": 240.0, "size": "320x240",
			"aspect": 1.3333, "frame_rate": "30000/1001", "duration": 2.5, "bitrate": float64(len(mediatest.TimedMP4(320, 240)) * 16 / 5)}},
		{"webm", "v.webm", mediatest.TimedWebM(640, 360), map[string]any{"width": 640.0, "height": 360.0, "size": "640x360",
			"aspect": 1.7778, "frame_rate": "25/1", "duration": 1.5, "bitrate": float64(int(float64(len(mediatest.TimedWebM(640, 360))) * 8 / 1.5))}},
		{"mp3", "a.mp3", mediatest.CBRMP3(10), map[string]any{"duration": 0.261, "bitrate": 128000.0}},
		{"ogg vorbis", "a.ogg", mediatest.VorbisOgg(), map[string]any{"duration": 2.0, "bitrate": 96000.0}},
		{"unreadable headers", "b.mp4", mediatest.MP4(), nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := w.upload(t, "alice", "POST", "/api/v2/media", nil, map[string]file{"file": {c.file, c.data}}).expect(t, 200).object(t)
			orig, _ := m["meta"].(map[string]any)["original"].(map[string]any)
			if c.want == nil && orig != nil || c.want != nil && !reflect.DeepEqual(orig, c.want) {
				t.Errorf("meta.original = %v, want %v", orig, c.want)
			}
		})
	}

	m := w.uploadOK(t, "alice", mediatest.TimedMP4(320, 240), nil)
	st := w.call(t, "alice", "POST", "/api/v1/statuses", map[string]any{"status": "a clip", "media_ids": []string{m["id"].(string)}}).
		expect(t, 200).object(t)
	var note struct {
		Attachment []struct {
			Width    int    `json:"width"`
			Height   int    `json:"height"`
			Duration string `json:"duration"`
		} `json:"attachment"`
	}
	fetchActivity(t, st["uri"].(string), &note)
	if len(note.Attachment) != 1 {
		t.Fatalf("note %+v", note)
	}
	if d := note.Attachment[0]; d.Width != 320 || d.Height != 240 || d.Duration != "PT2.5S" {
		t.Errorf("federated document %+v", d)
	}
}
