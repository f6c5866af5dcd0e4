package ap

import "testing"

// TestDurations: attachment lengths as Mastodon and others federate them,
// both ways.
func TestDurations(t *testing.T) {
	cases := []struct {
		in   string
		want float64
	}{
		{"PT88.654S", 88.654},
		{"PT1M28.5S", 88.5},
		{"PT1H2M3S", 3723},
		{"PT2M", 120},
		{"", 0},
		{"P1D", 0},
		{"PT", 0},
		{"PTS", 0},
		{"PT-5S", 0},
		{"PT1e3S", 0},
		{"PTNaNS", 0},
		{"PT5S1M", 0},
		{"PT25H", 0},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			if got := isoSeconds(c.in); got != c.want {
				t.Errorf("isoSeconds(%q) = %v, want %v", c.in, got, c.want)
			}
		})
	}
	docs := attachmentDocs([]Attachment{{Kind: "video", URL: "https://h.example/v.mp4", Duration: 2.5}})
	if docs[0].Duration != "PT2.5S" || isoSeconds(docs[0].Duration) != 2.5 {
		t.Errorf("emitted %q", docs[0].Duration)
	}
}
