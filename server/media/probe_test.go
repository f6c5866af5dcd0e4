package media_test

import (
	"testing"

	"roost/server/media"
	"roost/server/media/mediatest"
)

// TestProbe reads the headers of each container Roost keeps as uploaded.
func TestProbe(t *testing.T) {
	cases := []struct {
		name string
		data []byte
		want media.Timing
	}{
		{"mp4", mediatest.TimedMP4(320, 240), media.Timing{Width: 320, Height: 240, Duration: 2.5, FrameRate: "30000/1001",
			Bitrate: int64(len(mediatest.TimedMP4(320, 240))) * 8 * 2 / 5}},
		{"webm", mediatest.TimedWebM(640, 360), media.Timing{Width: 640, Height: 360, Duration: 1.5, FrameRate: "25/1",
			Bitrate: int64(float64(len(mediatest.TimedWebM(640, 360))) * 8 / 1.5)}},
		{"cbr mp3", mediatest.CBRMP3(10), media.Timing{Duration: 0.261, Bitrate: 128000}},
		{"vbr mp3", mediatest.VBRMP3(100), media.Timing{Duration: 2.612, Bitrate: 1277}},
		{"vorbis", mediatest.VorbisOgg(), media.Timing{Duration: 2, Bitrate: 96000}},
		{"opus", mediatest.OpusOgg(), media.Timing{Duration: 3, Bitrate: int64(len(mediatest.OpusOgg())) * 8 / 3}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			typ, err := media.Detect(c.data)
			if err != nil {
				t.Fatalf("detect: %v", err)
			}
			got, err := media.Probe(c.data, typ)
			if err != nil || got != c.want {
				t.Errorf("Probe = %+v, %v; want %+v", got, err, c.want)
			}
		})
	}
}

// TestProbeRefusesJunk: truncated or foreign bytes give an error, not a guess.
func TestProbeRefusesJunk(t *testing.T) {
	cases := []struct {
		name string
		data []byte
		ext  string
	}{
		{"mp4 without moov", mediatest.MP4(), ".mp4"},
		{"webm header only", mediatest.WebM()[:8], ".webm"},
		{"mp3 tag only", mediatest.MP3(), ".mp3"},
		{"ogg page only", mediatest.OGG(), ".ogg"},
		{"image", mediatest.PNG(2, 2), ".png"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got, err := media.Probe(c.data, media.Type{Ext: c.ext}); err == nil {
				t.Errorf("Probe = %+v, want an error", got)
			}
		})
	}
}

// FuzzProbe: no input makes a parser panic, loop or report nonsense.
func FuzzProbe(f *testing.F) {
	for _, seed := range [][]byte{mediatest.TimedMP4(16, 16), mediatest.TimedWebM(16, 16), mediatest.CBRMP3(2),
		mediatest.VBRMP3(9), mediatest.VorbisOgg(), mediatest.OpusOgg(), mediatest.MP4(), mediatest.WebM()} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, ext := range []string{".mp4", ".webm", ".mp3", ".ogg"} {
			got, err := media.Probe(data, media.Type{Ext: ext})
			if err != nil {
				continue
			}
			if got.Duration < 0 || got.Width < 0 || got.Height < 0 || got.Bitrate < 0 {
				t.Fatalf("%s: %+v", ext, got)
			}
		}
	})
}
