package fetch

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"
)

func wantHTML(ct string) bool { return strings.HasPrefix(ct, "text/html") }

func TestGetPage(t *testing.T) {
	t.Parallel()
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte("<title>hi</title>"))
	})
	mux.HandleFunc("/huge", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<title>big</title>"))
		w.Write([]byte(strings.Repeat("x", 3<<20)))
	})
	mux.HandleFunc("/png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write(make([]byte, 3<<20))
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	// 127.0.0.2 stands for a private address: this client may reach only 127.0.0.1.
	port := srv.URL[strings.LastIndex(srv.URL, ":"):]
	mux.HandleFunc("/to-private", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://127.0.0.2"+port+"/page", http.StatusFound)
	})
	onlyLoopbackOne := func(a netip.Addr) bool { return a == netip.MustParseAddr("127.0.0.1") }
	c := newClient(Config{MaxBody: 1 << 20, Timeout: 500 * time.Millisecond}, onlyLoopbackOne)
	tests := []struct {
		name, path string
		err        error // nil: success
		truncated  bool
	}{
		{"page", "/page", nil, false},
		{"huge page is cut, not refused", "/huge", nil, true},
		{"not HTML: refused before reading", "/png", ErrContentType, false},
		{"slow", "/slow", context.DeadlineExceeded, false},
		{"redirect loop", "/loop", ErrTooManyRedirects, false},
		{"redirect to a private address", "/to-private", ErrPrivateAddress, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			resp, err := c.GetPage(context.Background(), srv.URL+tc.path, "text/html", wantHTML)
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("err %v, want %v", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if resp.Truncated != tc.truncated || int64(len(resp.Body)) > 1<<20 {
				t.Errorf("truncated %v, %d bytes", resp.Truncated, len(resp.Body))
			}
		})
	}
	t.Run("direct private address", func(t *testing.T) {
		_, err := New(Config{}).GetPage(context.Background(), srv.URL+"/page", "text/html", wantHTML)
		if !errors.Is(err, ErrPrivateAddress) {
			t.Fatalf("err %v", err)
		}
	})
}
