package fetch

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"strings"
	"testing"
	"time"

	"roost/federation/httpsig"
)

func TestPublicAddress(t *testing.T) {
	tests := []struct {
		addr string
		want bool
	}{
		{"127.0.0.1", false}, {"127.8.9.10", false}, {"10.1.2.3", false}, {"172.16.0.1", false},
		{"192.168.1.1", false}, {"169.254.169.254", false}, {"0.0.0.0", false}, {"100.64.0.1", false},
		{"224.0.0.1", false}, {"255.255.255.255", false}, {"::1", false}, {"::", false}, {"fe80::1", false},
		{"fc00::1", false}, {"ff02::1", false}, {"::ffff:127.0.0.1", false}, {"::ffff:10.0.0.1", false},
		{"64:ff9b::a00:1", false}, {"2002:a00:1::", false},
		{"93.184.216.34", true}, {"2606:4700::6810:84e5", true}, {"::ffff:93.184.216.34", true},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			if got := PublicAddress(netip.MustParseAddr(tt.addr)); got != tt.want {
				t.Errorf("PublicAddress(%s) = %v, want %v", tt.addr, got, tt.want)
			}
		})
	}
}

// TestDialControlRefuses calls the connect-time check directly for ranges
// no test may send a packet to.
func TestDialControlRefuses(t *testing.T) {
	control := dialControl(PublicAddress)
	for _, addr := range []string{"10.0.0.1:80", "169.254.169.254:80", "[::1]:443", "127.0.0.1:8080", "[fe80::1]:80", "0.0.0.0:80"} {
		t.Run(addr, func(t *testing.T) {
			if err := control("tcp", addr, nil); !errors.Is(err, ErrPrivateAddress) {
				t.Errorf("control(%s) = %v, want ErrPrivateAddress", addr, err)
			}
		})
	}
	if err := control("tcp", "93.184.216.34:443", nil); err != nil {
		t.Errorf("public address refused: %v", err)
	}
}

func TestRefusesLoopback(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Error("request reached the server")
	}))
	defer srv.Close()
	urls := []string{srv.URL, strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)}
	if l, err := net.Listen("tcp", "[::1]:0"); err == nil {
		v6 := &httptest.Server{Listener: l, Config: srv.Config}
		v6.Start()
		defer v6.Close()
		urls = append(urls, v6.URL)
	} else if os.Getenv("CI") == "true" {
		t.Fatalf("no IPv6 loopback: %v", err)
	}
	client := New(Config{})
	for _, u := range urls {
		t.Run(u, func(t *testing.T) {
			_, err := client.GetActivity(context.Background(), u+"/users/alice", nil)
			if !errors.Is(err, ErrPrivateAddress) {
				t.Fatalf("err = %v, want ErrPrivateAddress", err)
			}
		})
	}
}

// TestRedirectToPrivate treats 127.0.0.1 as "the public internet" and checks
// that a redirect to any other private address is refused at connect time.
func TestRedirectToPrivate(t *testing.T) {
	// Only loopback targets: if the check ever broke, no packet may leave the machine.
	targets := []string{"http://127.0.0.2:9/", "http://[::1]:9/x", "http://127.1.2.3:9/latest/meta-data"}
	for _, target := range targets {
		t.Run(target, func(t *testing.T) {
			srv := httptest.NewServer(http.RedirectHandler(target, http.StatusFound))
			defer srv.Close()
			onlyOne := func(a netip.Addr) bool { return a == netip.MustParseAddr("127.0.0.1") }
			client := newClient(Config{}, onlyOne)
			_, err := client.GetActivity(context.Background(), srv.URL, nil)
			if !errors.Is(err, ErrPrivateAddress) {
				t.Fatalf("err = %v, want ErrPrivateAddress", err)
			}
		})
	}
}

func jsonHandler(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/activity+json")
		io.WriteString(w, body)
	}
}

func TestGetActivitySigned(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	const keyID = "http://roost.example/actor#main-key"
	lookup := func(_ context.Context, id string) (*rsa.PublicKey, string, error) {
		return &key.PublicKey, "http://roost.example/actor", nil
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/old", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/users/alice", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/users/alice", func(w http.ResponseWriter, r *http.Request) {
		v := httpsig.Verifier{PublicScheme: "http"}
		if _, err := v.VerifyRequest(r, nil, lookup); err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		if r.Header.Get("Accept") != ActivityAccept || !strings.HasPrefix(r.UserAgent(), "Roost/0.1.0 (+https://roost.example/)") {
			http.Error(w, "bad headers", http.StatusBadRequest)
			return
		}
		jsonHandler(`{"id":"x"}`)(w, r)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	client := New(Config{AllowPrivate: true, UserAgent: UserAgent("0.1.0", "https://roost.example")})
	for _, scheme := range []httpsig.Scheme{httpsig.Cavage, httpsig.RFC9421} {
		t.Run(string(scheme), func(t *testing.T) {
			resp, err := client.GetActivity(context.Background(), srv.URL+"/old", &Signer{KeyID: keyID, Key: key, Scheme: scheme})
			if err != nil {
				t.Fatal(err)
			}
			if string(resp.Body) != `{"id":"x"}` || resp.FinalURL != srv.URL+"/users/alice" {
				t.Errorf("got %q from %s", resp.Body, resp.FinalURL)
			}
		})
	}
}

func TestGetRefuses(t *testing.T) {
	big := strings.Repeat("x", 2<<20)
	mux := http.NewServeMux()
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.(http.Flusher).Flush() // chunked: no Content-Length to trust
		io.WriteString(w, big)
	})
	mux.HandleFunc("/declared", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(len(big)))
		io.WriteString(w, big)
	})
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "gone", http.StatusGone) })
	mux.HandleFunc("/html", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "<html></html>") })
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	client := New(Config{AllowPrivate: true, Timeout: 300 * time.Millisecond})
	tests := []struct {
		path string
		want error
	}{
		{"/big", ErrTooLarge},
		{"/declared", ErrTooLarge},
		{"/gone", &ErrStatus{}},
		{"/html", ErrContentType},
		{"/loop", ErrTooManyRedirects},
		{"/slow", context.DeadlineExceeded},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			_, err := client.GetActivity(context.Background(), srv.URL+tt.path, nil)
			var status *ErrStatus
			if _, wantStatus := tt.want.(*ErrStatus); wantStatus {
				if !errors.As(err, &status) || status.Code != http.StatusGone {
					t.Fatalf("err = %v, want ErrStatus 410", err)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
	if _, err := client.Get(context.Background(), "file:///etc/passwd", "*/*", nil); !errors.Is(err, ErrBadURL) {
		t.Errorf("file URL: %v", err)
	}
}

func TestWebFinger(t *testing.T) {
	docs := map[string]string{
		"alice": `{"subject":"acct:alice@h","links":[{"rel":"http://webfinger.net/rel/profile-page","type":"text/html","href":"http://h/@alice"},{"rel":"self","type":"application/activity+json","href":"http://h/users/alice"}]}`,
		"bob":   `{"links":[{"rel":"self","type":"application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"","href":"http://h/bob"}]}`,
		"carol": `{"links":[{"rel":"self","type":"text/html","href":"http://h/carol"}]}`,
	}
	var gotResource string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotResource = r.URL.Query().Get("resource")
		user := strings.TrimPrefix(strings.Split(gotResource, "@")[0], "acct:")
		doc, ok := docs[user]
		if r.URL.Path != "/.well-known/webfinger" || !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/jrd+json")
		io.WriteString(w, doc)
	}))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	client := New(Config{AllowPrivate: true, WebFingerScheme: "http"})
	tests := []struct {
		acct, want string
		err        error
	}{
		{acct: "alice@" + host, want: "http://h/users/alice"},
		{acct: "@bob@" + host, want: "http://h/bob"},
		{acct: "acct:carol@" + host, err: ErrNoActor},
		{acct: "dave@" + host, err: &ErrStatus{}},
		{acct: "nobody", err: ErrBadURL},
		{acct: "a@b/c", err: ErrBadURL},
	}
	for _, tt := range tests {
		t.Run(tt.acct, func(t *testing.T) {
			got, err := client.WebFinger(context.Background(), tt.acct)
			var status *ErrStatus
			switch {
			case tt.err == nil && err != nil:
				t.Fatal(err)
			case tt.err == nil && got != tt.want:
				t.Errorf("got %q, want %q", got, tt.want)
			case tt.err != nil && !errors.Is(err, tt.err) && !errors.As(err, &status):
				t.Errorf("err = %v, want %v", err, tt.err)
			}
		})
	}
	if want := "acct:alice@" + host; !strings.HasPrefix(gotResource, "acct:") {
		t.Errorf("resource = %q, want like %q", gotResource, want)
	}
}
