// Package proxies runs the reverse-proxy examples in docs/ (nginx.conf and
// Caddyfile), lightly adapted to free loopback ports and a throw-away
// certificate, in front of a real Roost, and checks what the docs promise:
// requests arrive, and Roost learns the real client address from the proxy
// while a client's forged X-Forwarded-For is ignored.
package proxies

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"roost/server/servertest"
)

// need skips when a proxy is not installed on a developer's machine, and
// fails in CI, where .ci/install provides both.
func need(t *testing.T, tool string) string {
	t.Helper()
	path, err := exec.LookPath(tool)
	if err == nil {
		return path
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is not installed (bash .ci/install)", tool)
	}
	t.Skipf("%s is not installed (bash .ci/install)", tool)
	return ""
}

func freePort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
}

func readDoc(t *testing.T, name string) string {
	b, err := os.ReadFile(filepath.Join("..", "..", "docs", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// startProxy runs cmd until the test ends and waits for the proxy to pass
// requests through to Roost.
func startProxy(t *testing.T, cmd *exec.Cmd, client *http.Client, base string) {
	logs, err := os.Create(filepath.Join(t.TempDir(), "proxy.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = logs, logs
	// nginx forks workers: stop the whole process group.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		cmd.Wait()
		logs.Close()
	})
	deadline := time.Now().Add(8 * time.Second)
	for {
		resp, err := client.Get(base + "/api/v1/instance")
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == 200 && strings.Contains(string(body), `"version"`) {
				return
			}
			err = fmt.Errorf("status %d: %.200s", resp.StatusCode, body)
		}
		if time.Now().After(deadline) {
			out, _ := os.ReadFile(logs.Name())
			t.Fatalf("the proxy never passed /api/v1/instance through: %v\n%s", err, out)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// clientFrom is an HTTPS client (trusting any certificate) whose
// connections come from the loopback address local, so that the proxy sees
// a client other than itself.
func clientFrom(local string) *http.Client {
	dialer := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(local)}, Timeout: 5 * time.Second}
	jar, _ := cookiejar.New(nil)
	return &http.Client{
		Jar:     jar,
		Timeout: 10 * time.Second,
		Transport: &http.Transport{
			TLSClientConfig: &tls.Config{InsecureSkipVerify: true},
			DialContext: func(ctx context.Context, _, addr string) (net.Conn, error) {
				return dialer.DialContext(ctx, "tcp4", addr)
			},
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// signInIP signs alice in through the proxy with a forged X-Forwarded-For
// and returns the address Roost recorded for the session.
func signInIP(t *testing.T, in *servertest.Instance, client *http.Client, base string) string {
	resp, err := client.Get(base + "/auth/sign_in")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	token := regexp.MustCompile(`name="csrf_token" value="([^"]+)"`).FindSubmatch(page)
	if token == nil {
		t.Fatalf("no CSRF token on the sign-in page (%d)", resp.StatusCode)
	}
	form := url.Values{"login": {"alice"}, "password": {servertest.Password}, "csrf_token": {string(token[1])}}
	req, _ := http.NewRequest(http.MethodPost, base+"/auth/sign_in", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", "203.0.113.9")
	req.Header.Set("X-Real-IP", "203.0.113.9")
	resp, err = client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in through the proxy: %d", resp.StatusCode)
	}
	var ip string
	if err := in.DB.R().QueryRowContext(context.Background(), "SELECT ip FROM oauth_tokens WHERE kind = 'session'").Scan(&ip); err != nil {
		t.Fatal(err)
	}
	return ip
}

// checkThroughProxy checks the docs' promises: the probes answer the board
// itself but nobody else, and Roost learns the client's real address from
// the proxy while ignoring what the client claims.
func checkThroughProxy(t *testing.T, in *servertest.Instance, base string) {
	local, remote := clientFrom("127.0.0.1"), clientFrom(clientAddr)
	probes := []struct {
		name   string
		client *http.Client
		path   string
		want   int
	}{
		{"liveness from the board", local, "/livez", 200},
		{"readiness from the board", local, "/readyz", 200},
		{"liveness from elsewhere", remote, "/livez", 403},
		{"readiness from elsewhere", remote, "/readyz", 403},
	}
	for _, p := range probes {
		resp, err := p.client.Get(base + p.path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != p.want {
			t.Errorf("%s: %d, want %d", p.name, resp.StatusCode, p.want)
		}
	}
	if ip := signInIP(t, in, remote, base); ip != clientAddr {
		t.Errorf("session recorded from %q, want the client's %s", ip, clientAddr)
	}
}

// The client connects from 127.0.0.2: not one of Roost's trusted proxies,
// so only the proxy's own account of the client can put it in the session.
const clientAddr = "127.0.0.2"

func TestNginxExample(t *testing.T) {
	nginx := need(t, "nginx")
	in := servertest.Start(t)
	in.CreateUser(t, "alice")
	dir := t.TempDir()
	cert, key := selfSigned(t, dir)
	httpPort, httpsPort := freePort(t), freePort(t)
	site := readDoc(t, "nginx.conf")
	var kept []string
	for _, line := range strings.Split(site, "\n") {
		if !strings.Contains(line, "[::]") { // a CI container may have no IPv6
			kept = append(kept, line)
		}
	}
	site = strings.NewReplacer(
		"listen 80;", "listen 127.0.0.1:"+httpPort+";",
		"listen 443 ssl", "listen 127.0.0.1:"+httpsPort+" ssl",
		"/etc/letsencrypt/live/social.example.org/fullchain.pem", cert,
		"/etc/letsencrypt/live/social.example.org/privkey.pem", key,
		"127.0.0.1:8080", in.Host,
	).Replace(strings.Join(kept, "\n"))
	os.WriteFile(filepath.Join(dir, "site.conf"), []byte(site), 0o644)
	user := ""
	if os.Geteuid() == 0 {
		user = "user root;"
	}
	main := user + `
pid DIR/nginx.pid;
error_log stderr warn;
events {}
http {
    access_log off;
    client_body_temp_path DIR/body;
    proxy_temp_path DIR/proxy;
    fastcgi_temp_path DIR/fastcgi;
    uwsgi_temp_path DIR/uwsgi;
    scgi_temp_path DIR/scgi;
    include DIR/site.conf;
}
`
	os.WriteFile(filepath.Join(dir, "nginx.conf"), []byte(strings.ReplaceAll(main, "DIR", dir)), 0o644)
	client := clientFrom(clientAddr)
	base := "https://localhost:" + httpsPort
	startProxy(t, exec.Command(nginx, "-p", dir, "-c", filepath.Join(dir, "nginx.conf"), "-g", "daemon off;"), client, base)
	checkThroughProxy(t, in, base)
}

func TestCaddyExample(t *testing.T) {
	caddy := need(t, "caddy")
	in := servertest.Start(t)
	in.CreateUser(t, "alice")
	dir := t.TempDir()
	httpPort, httpsPort := freePort(t), freePort(t)
	global := "{\n\tadmin off\n\thttp_port " + httpPort + "\n\thttps_port " + httpsPort +
		"\n\tlocal_certs\n\tskip_install_trust\n\tstorage file_system " + filepath.Join(dir, "storage") + "\n}\n\n"
	site := strings.NewReplacer(
		"social.example.org {", "localhost {",
		"127.0.0.1:8080", in.Host,
	).Replace(readDoc(t, "Caddyfile"))
	os.WriteFile(filepath.Join(dir, "Caddyfile"), []byte(global+site), 0o644)
	cmd := exec.Command(caddy, "run", "--config", filepath.Join(dir, "Caddyfile"), "--adapter", "caddyfile")
	cmd.Env = append(os.Environ(), "HOME="+dir, "XDG_DATA_HOME="+dir, "XDG_CONFIG_HOME="+dir)
	client := clientFrom(clientAddr)
	base := "https://localhost:" + httpsPort
	startProxy(t, cmd, client, base)
	checkThroughProxy(t, in, base)
}

// selfSigned writes a throw-away certificate for localhost.
func selfSigned(t *testing.T, dir string) (certFile, keyFile string) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "localhost"},
		DNSNames: []string{"localhost"}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600)
	return certFile, keyFile
}
