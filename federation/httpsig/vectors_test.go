package httpsig

import (
	"bufio"
	"bytes"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"io"
	"net/http"
	"os"
	"testing"
)

// TestRFC9421Vectors checks the signature base and signature of RFC 9421's
// appendix B.2 requests signed with test-key-rsa-pss (B.1.2). The appendix
// has no rsa-v1_5-sha256 example; that algorithm is covered by round trips.
func TestRFC9421Vectors(t *testing.T) {
	pemBytes, err := os.ReadFile("testdata/rfc9421-test-key-rsa-pss.pub")
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(pemBytes)
	pub, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	key := pub.(*rsa.PublicKey)
	for _, name := range []string{"b.2.1", "b.2.3"} {
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile("testdata/rfc9421-" + name + "-signed.txt")
			if err != nil {
				t.Fatal(err)
			}
			wantBase, err := os.ReadFile("testdata/rfc9421-" + name + "-sigbase.txt")
			if err != nil {
				t.Fatal(err)
			}
			req, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(raw)))
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(req.Body)
			sig, err := parseSignatureInput(req.Header.Get("Signature-Input"), req.Header.Get("Signature"))
			if err != nil {
				t.Fatal(err)
			}
			base, err := signatureBase(req, "https", sig.Components, sig.Input)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(base, wantBase) {
				t.Fatalf("signature base:\n%s\nwant:\n%s", base, wantBase)
			}
			if err := verifyBase(algRSAPSS, key, base, sig.Signature); err != nil {
				t.Errorf("verify: %v", err)
			}
			if err := checkContentDigest(req.Header.Values("Content-Digest"), body); err != nil {
				t.Errorf("content digest: %v", err)
			}
			if sig.KeyID != "test-key-rsa-pss" || sig.Created.Unix() != 1618884473 {
				t.Errorf("params = %q %v", sig.KeyID, sig.Created.Unix())
			}
		})
	}
}
