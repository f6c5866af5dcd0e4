package httpsig

import (
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	gofed "github.com/go-fed/httpsig"
)

// cavageSignature is the parsed Signature header of draft-cavage-12.
type cavageSignature struct {
	KeyID     string
	Algorithm string
	Headers   []string
	Signature string
	Created   int64 // the (created) parameter, 0 when absent
}

// SignCavage signs req with draft-cavage-http-signatures-12 the way Mastodon
// does: rsa-sha256 over "(request-target) host date digest" for a body, and
// "(request-target) host date accept" for a GET. It sets Host, Date and
// (for a body) Digest itself.
func SignCavage(req *http.Request, keyID string, key *rsa.PrivateKey, body []byte) error {
	headers := []string{gofed.RequestTarget, "host", "date"}
	prepareHeaders(req)
	if hasBody(req, body) {
		headers = append(headers, "digest")
		if body == nil {
			body = []byte{}
		}
	} else {
		body = nil
		if req.Header.Get("Accept") != "" {
			headers = append(headers, "accept")
		}
	}
	req.Header.Del("Digest")
	signer, _, err := gofed.NewSigner([]gofed.Algorithm{gofed.RSA_SHA256}, gofed.DigestSha256, headers, gofed.Signature, 0)
	if err != nil {
		return fmt.Errorf("httpsig: cavage signer: %w", err)
	}
	if err := signer.SignRequest(key, keyID, req, body); err != nil {
		return fmt.Errorf("httpsig: cavage sign: %w", err)
	}
	// go-fed names the algorithm hs2019; Mastodon sends, and some older
	// servers only accept, rsa-sha256. The parameter is not signed.
	sig := req.Header.Get("Signature")
	req.Header.Set("Signature", strings.Replace(sig, `algorithm="hs2019"`, `algorithm="rsa-sha256"`, 1))
	return nil
}

// prepareHeaders sets the Host and Date headers that both schemes may cover.
// Go's client sends req.Host, so the header copy only feeds the signature.
func prepareHeaders(req *http.Request) {
	if req.Host == "" {
		req.Host = req.URL.Host
	}
	req.Header.Set("Host", req.Host)
	if req.Header.Get("Date") == "" {
		req.Header.Set("Date", time.Now().UTC().Format(http.TimeFormat))
	}
}

// VerifyCavage verifies a draft-cavage signature: it must cover
// (request-target), host and date (and digest when there is a body), the
// date must be inside the window, and the Digest must match body.
func (v *Verifier) VerifyCavage(req *http.Request, body []byte, lookup KeyLookup) (Result, error) {
	raw := req.Header.Get("Signature")
	if raw == "" {
		return Result{}, ErrNoSignature
	}
	sig, err := parseSignatureHeader(raw)
	if err != nil {
		return Result{}, err
	}
	switch strings.ToLower(sig.Algorithm) {
	case "", "rsa-sha256", "hs2019":
	default:
		return Result{}, fmt.Errorf("%w: algorithm %q is not supported", ErrPolicy, sig.Algorithm)
	}
	required := []string{"(request-target)", "host"}
	if hasBody(req, body) {
		required = append(required, "digest")
	}
	for _, h := range required {
		if !slices.Contains(sig.Headers, h) {
			return Result{}, fmt.Errorf("%w: %q is not signed", ErrPolicy, h)
		}
	}
	if err := v.checkCavageTime(req, sig); err != nil {
		return Result{}, err
	}
	if slices.Contains(sig.Headers, "digest") {
		if err := checkDigest(req.Header.Get("Digest"), body); err != nil {
			return Result{}, err
		}
	}
	key, owner, err := lookupKey(req.Context(), lookup, sig.KeyID)
	if err != nil {
		return Result{}, err
	}
	// go-fed rebuilds the signing string from the request's headers; a
	// server request keeps Host outside the header map, so put it back.
	if req.Header.Get("Host") == "" && req.Host != "" {
		req.Header.Set("Host", req.Host)
	}
	verifier, err := gofed.NewVerifier(req)
	if err != nil {
		return Result{}, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if verifier.KeyId() != sig.KeyID {
		return Result{}, fmt.Errorf("%w: ambiguous keyId", ErrMalformed)
	}
	if err := verifier.Verify(key, gofed.RSA_SHA256); err != nil {
		return Result{}, fmt.Errorf("%w: %s: %v", ErrBadSignature, sig.KeyID, err)
	}
	return Result{Scheme: Cavage, KeyID: sig.KeyID, Owner: owner}, nil
}

// checkCavageTime checks the signed Date header or, for hs2019 signatures
// that sign (created) instead (as Mastodon also accepts), the created time.
func (v *Verifier) checkCavageTime(req *http.Request, sig cavageSignature) error {
	switch {
	case slices.Contains(sig.Headers, "date"):
		date, err := http.ParseTime(req.Header.Get("Date"))
		if err != nil {
			return fmt.Errorf("%w: Date header: %v", ErrMalformed, err)
		}
		return v.checkTime(date, "Date")
	case slices.Contains(sig.Headers, "(created)") && sig.Created > 0:
		return v.checkTime(time.Unix(sig.Created, 0), "created")
	}
	return fmt.Errorf("%w: neither date nor (created) is signed", ErrPolicy)
}

// checkDigest compares a draft-cavage Digest header ("SHA-256=base64",
// possibly several, comma-separated) with body. Every known algorithm given
// must match, and at least one must be known.
func checkDigest(header string, body []byte) error {
	if header == "" {
		return fmt.Errorf("%w: no Digest header", ErrDigest)
	}
	known := 0
	for part := range strings.SplitSeq(header, ",") {
		alg, value, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return fmt.Errorf("%w: Digest %q", ErrMalformed, part)
		}
		want, err := base64.StdEncoding.DecodeString(value)
		if err != nil {
			return fmt.Errorf("%w: Digest is not base64", ErrMalformed)
		}
		var got []byte
		switch strings.ToUpper(alg) {
		case "SHA-256":
			sum := sha256.Sum256(body)
			got = sum[:]
		case "SHA-512":
			sum := sha512.Sum512(body)
			got = sum[:]
		default:
			continue
		}
		known++
		if subtle.ConstantTimeCompare(got, want) != 1 {
			return fmt.Errorf("%w: %s", ErrDigest, alg)
		}
	}
	if known == 0 {
		return fmt.Errorf("%w: no SHA-256 or SHA-512 in Digest", ErrDigest)
	}
	return nil
}

// maxHeader bounds the signature headers we parse.
const maxHeader = 8 << 10

// parseSignatureHeader parses `keyId="…",algorithm="…",headers="…",signature="…"`.
// Values are quoted strings (a backslash escapes the next character) or, for
// created and expires, bare numbers. Unknown parameters are ignored, as the
// draft asks.
func parseSignatureHeader(s string) (cavageSignature, error) {
	var sig cavageSignature
	if len(s) > maxHeader {
		return sig, fmt.Errorf("%w: Signature header longer than %d bytes", ErrMalformed, maxHeader)
	}
	params := map[string]string{}
	rest := strings.TrimSpace(s)
	for rest != "" {
		name, value, remaining, err := nextParam(rest)
		if err != nil {
			return sig, err
		}
		if _, dup := params[name]; dup {
			return sig, fmt.Errorf("%w: parameter %q repeated", ErrMalformed, name)
		}
		params[name] = value
		rest = remaining
	}
	sig.KeyID, sig.Algorithm, sig.Signature = params["keyid"], params["algorithm"], params["signature"]
	if sig.KeyID == "" {
		return sig, fmt.Errorf("%w: no keyId", ErrMalformed)
	}
	if sig.Signature == "" {
		return sig, fmt.Errorf("%w: no signature", ErrMalformed)
	}
	if _, err := base64.StdEncoding.DecodeString(sig.Signature); err != nil {
		return sig, fmt.Errorf("%w: signature is not base64", ErrMalformed)
	}
	if created, ok := params["created"]; ok {
		n, err := strconv.ParseInt(created, 10, 64)
		if err != nil || n <= 0 {
			return sig, fmt.Errorf("%w: created %q is not a time", ErrMalformed, clip(created))
		}
		sig.Created = n
	}
	headers := params["headers"]
	if headers == "" {
		headers = "date" // the draft's default
	}
	sig.Headers = strings.Fields(strings.ToLower(headers))
	return sig, nil
}

// nextParam reads one `name=value` and the separator after it.
func nextParam(s string) (name, value, rest string, err error) {
	eq := strings.IndexByte(s, '=')
	if eq <= 0 {
		return "", "", "", fmt.Errorf("%w: expected name=value at %q", ErrMalformed, clip(s))
	}
	name = strings.ToLower(strings.TrimSpace(s[:eq]))
	if strings.ContainsAny(name, " \t\",") {
		return "", "", "", fmt.Errorf("%w: bad parameter name %q", ErrMalformed, clip(name))
	}
	s = strings.TrimLeft(s[eq+1:], " \t")
	if strings.HasPrefix(s, `"`) {
		var b strings.Builder
		i := 1
		for ; i < len(s) && s[i] != '"'; i++ {
			if s[i] == '\\' && i+1 < len(s) {
				i++
			}
			b.WriteByte(s[i])
		}
		if i >= len(s) {
			return "", "", "", fmt.Errorf("%w: unterminated quote in %q", ErrMalformed, name)
		}
		value, s = b.String(), s[i+1:]
	} else {
		end := strings.IndexByte(s, ',')
		if end < 0 {
			end = len(s)
		}
		value, s = strings.TrimSpace(s[:end]), s[end:]
	}
	s = strings.TrimLeft(s, " \t")
	if s != "" {
		if s[0] != ',' {
			return "", "", "", fmt.Errorf("%w: expected ',' after %q", ErrMalformed, name)
		}
		s = strings.TrimLeft(s[1:], " \t")
	}
	return name, value, s, nil
}

// clip shortens input quoted in an error message.
func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
