package httpsig

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	sfv "github.com/dunglas/httpsfv"
)

// The RFC 9421 subset written here, and only it:
//   - signing: rsa-v1_5-sha256 over ("@method" "@target-uri" ["content-digest"])
//     with created, keyid and alg, label "sig1", Content-Digest sha-256 (RFC 9530);
//   - verifying: the first signature in Signature-Input, algorithms
//     rsa-v1_5-sha256 (the default for an RSA key) and rsa-pss-sha512;
//     derived components @method, @target-uri, @authority, @scheme,
//     @request-target, @path and @query; header fields without parameters;
//     parameters created, expires, keyid, alg, nonce and tag.
//   - refused with ErrPolicy: @query-param, @status, component parameters
//     (sf, bs, key, req, tr), other algorithms.
// We parse the structured fields with dunglas/httpsfv (RFC 8941) rather
// than by hand. We did not take a whole RFC 9421 library: the one our proxy
// serves builds @target-uri from URL.RawPath without the query, so it cannot
// verify what Mastodon signs, and it cannot be told our public scheme
// behind a TLS-terminating proxy.

const (
	algRSAv15   = "rsa-v1_5-sha256"
	algRSAPSS   = "rsa-pss-sha512"
	signLabel   = "sig1"
	maxSigInput = 8 << 10
)

// messageSignature is one parsed entry of Signature-Input and its Signature.
type messageSignature struct {
	Label      string
	Input      sfv.InnerList
	Components []string
	KeyID      string
	Alg        string
	Created    time.Time
	Expires    time.Time // zero when absent
	Signature  []byte
}

// SignRFC9421 signs req as Mastodon 4.5 does. It sets Content-Digest for a body.
func SignRFC9421(req *http.Request, keyID string, key *rsa.PrivateKey, body []byte) error {
	prepareHeaders(req)
	components := []string{"@method", "@target-uri"}
	if hasBody(req, body) {
		req.Header.Set("Content-Digest", ContentDigest(body))
		components = append(components, "content-digest")
	}
	input := sfv.InnerList{Params: sfv.NewParams()}
	for _, c := range components {
		input.Items = append(input.Items, sfv.NewItem(c))
	}
	input.Params.Add("created", time.Now().Unix())
	input.Params.Add("keyid", keyID)
	input.Params.Add("alg", algRSAv15)
	base, err := signatureBase(req, "", components, input)
	if err != nil {
		return err
	}
	digest := sha256.Sum256(base)
	signature, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, digest[:])
	if err != nil {
		return fmt.Errorf("httpsig: rfc9421 sign: %w", err)
	}
	inputs, sigs := sfv.NewDictionary(), sfv.NewDictionary()
	inputs.Add(signLabel, input)
	sigs.Add(signLabel, sfv.NewItem(signature))
	inputHeader, err := sfv.Marshal(inputs)
	if err != nil {
		return fmt.Errorf("httpsig: rfc9421 sign: %w", err)
	}
	sigHeader, err := sfv.Marshal(sigs)
	if err != nil {
		return fmt.Errorf("httpsig: rfc9421 sign: %w", err)
	}
	req.Header.Set("Signature-Input", inputHeader)
	req.Header.Set("Signature", sigHeader)
	return nil
}

// ContentDigest is the RFC 9530 Content-Digest value for body, with SHA-256.
func ContentDigest(body []byte) string {
	sum := sha256.Sum256(body)
	return "sha-256=:" + base64.StdEncoding.EncodeToString(sum[:]) + ":"
}

// VerifyRFC9421 verifies an RFC 9421 signature. Like Mastodon 4.5 it
// requires created and keyid, and covers @method and @target-uri, plus
// content-digest when there is a body.
func (v *Verifier) VerifyRFC9421(req *http.Request, body []byte, lookup KeyLookup) (Result, error) {
	sig, err := parseSignatureInput(req.Header.Get("Signature-Input"), req.Header.Get("Signature"))
	if err != nil {
		return Result{}, err
	}
	required := []string{"@method", "@target-uri"}
	if hasBody(req, body) {
		required = append(required, "content-digest")
	}
	for _, c := range required {
		if !slices.Contains(sig.Components, c) {
			return Result{}, fmt.Errorf("%w: %q is not covered", ErrPolicy, c)
		}
	}
	if sig.KeyID == "" {
		return Result{}, fmt.Errorf("%w: no keyid", ErrPolicy)
	}
	if sig.Created.IsZero() {
		return Result{}, fmt.Errorf("%w: no created", ErrPolicy)
	}
	if err := v.checkTime(sig.Created, "created"); err != nil {
		return Result{}, err
	}
	if !sig.Expires.IsZero() && v.now().After(sig.Expires) {
		return Result{}, fmt.Errorf("%w: signature expired at %s", ErrClock, sig.Expires.UTC().Format(time.RFC3339))
	}
	if slices.Contains(sig.Components, "content-digest") {
		if err := checkContentDigest(req.Header.Values("Content-Digest"), body); err != nil {
			return Result{}, err
		}
	}
	base, err := signatureBase(req, v.scheme(), sig.Components, sig.Input)
	if err != nil {
		return Result{}, err
	}
	key, owner, err := lookupKey(req.Context(), lookup, sig.KeyID)
	if err != nil {
		return Result{}, err
	}
	if err := verifyBase(sig.Alg, key, base, sig.Signature); err != nil {
		return Result{}, fmt.Errorf("%w: %s: %v", ErrBadSignature, sig.KeyID, err)
	}
	return Result{Scheme: RFC9421, KeyID: sig.KeyID, Owner: owner}, nil
}

func verifyBase(alg string, key *rsa.PublicKey, base, signature []byte) error {
	switch alg {
	case "", algRSAv15:
		digest := sha256.Sum256(base)
		return rsa.VerifyPKCS1v15(key, crypto.SHA256, digest[:], signature)
	case algRSAPSS:
		digest := sha512.Sum512(base)
		return rsa.VerifyPSS(key, crypto.SHA512, digest[:], signature, &rsa.PSSOptions{SaltLength: 64, Hash: crypto.SHA512})
	}
	return fmt.Errorf("algorithm %q", alg)
}

// parseSignatureInput parses the Signature-Input and Signature dictionaries
// and returns the first signature, which is the one we verify.
func parseSignatureInput(inputHeader, sigHeader string) (messageSignature, error) {
	var sig messageSignature
	if inputHeader == "" || sigHeader == "" {
		return sig, fmt.Errorf("%w: Signature-Input and Signature must both be present", ErrMalformed)
	}
	if len(inputHeader) > maxSigInput || len(sigHeader) > maxSigInput {
		return sig, fmt.Errorf("%w: signature headers longer than %d bytes", ErrMalformed, maxSigInput)
	}
	inputs, err := sfv.UnmarshalDictionary([]string{inputHeader})
	if err != nil {
		return sig, fmt.Errorf("%w: Signature-Input: %v", ErrMalformed, err)
	}
	sigs, err := sfv.UnmarshalDictionary([]string{sigHeader})
	if err != nil {
		return sig, fmt.Errorf("%w: Signature: %v", ErrMalformed, err)
	}
	labels := inputs.Names()
	if len(labels) == 0 {
		return sig, fmt.Errorf("%w: empty Signature-Input", ErrMalformed)
	}
	sig.Label = labels[0]
	member, _ := inputs.Get(sig.Label)
	list, ok := member.(sfv.InnerList)
	if !ok {
		return sig, fmt.Errorf("%w: Signature-Input %q is not an inner list", ErrMalformed, sig.Label)
	}
	sig.Input = list
	if sig.Components, err = componentNames(list); err != nil {
		return sig, err
	}
	if err := readSignatureParams(&sig, list.Params); err != nil {
		return sig, err
	}
	member, ok = sigs.Get(sig.Label)
	if !ok {
		return sig, fmt.Errorf("%w: no Signature for label %q", ErrMalformed, sig.Label)
	}
	item, ok := member.(sfv.Item)
	if !ok {
		return sig, fmt.Errorf("%w: Signature %q is not an item", ErrMalformed, sig.Label)
	}
	if sig.Signature, ok = item.Value.([]byte); !ok || len(sig.Signature) == 0 {
		return sig, fmt.Errorf("%w: Signature %q is not a byte sequence", ErrMalformed, sig.Label)
	}
	return sig, nil
}

func componentNames(list sfv.InnerList) ([]string, error) {
	var names []string
	for _, item := range list.Items {
		name, ok := item.Value.(string)
		if !ok {
			return nil, fmt.Errorf("%w: component %v is not a string", ErrMalformed, item.Value)
		}
		if name == "" || name != strings.ToLower(name) {
			return nil, fmt.Errorf("%w: component %q must be lower case", ErrMalformed, clip(name))
		}
		if item.Params != nil && len(item.Params.Names()) > 0 {
			return nil, fmt.Errorf("%w: component parameters on %q are not supported", ErrPolicy, clip(name))
		}
		if slices.Contains(names, name) {
			return nil, fmt.Errorf("%w: component %q repeated", ErrMalformed, clip(name))
		}
		names = append(names, name)
	}
	return names, nil
}

func readSignatureParams(sig *messageSignature, params *sfv.Params) error {
	if params == nil {
		return nil
	}
	for _, name := range params.Names() {
		value, _ := params.Get(name)
		var ok bool
		switch name {
		case "created", "expires":
			var n int64
			if n, ok = value.(int64); ok && n > 0 {
				if name == "created" {
					sig.Created = time.Unix(n, 0)
				} else {
					sig.Expires = time.Unix(n, 0)
				}
			}
			ok = ok && n > 0
		case "keyid":
			sig.KeyID, ok = value.(string)
		case "alg":
			sig.Alg, ok = value.(string)
			if ok && sig.Alg != algRSAv15 && sig.Alg != algRSAPSS {
				return fmt.Errorf("%w: algorithm %q is not supported", ErrPolicy, clip(sig.Alg))
			}
		case "nonce", "tag":
			_, ok = value.(string)
		default:
			ok = true // unknown parameters are covered by the signature; ignore them
		}
		if !ok {
			return fmt.Errorf("%w: signature parameter %q has the wrong type", ErrMalformed, name)
		}
	}
	return nil
}

// signatureBase builds RFC 9421 §2.5's signature base. scheme is our public
// scheme for a server-side request; an outgoing request has an absolute URL.
func signatureBase(req *http.Request, scheme string, components []string, input sfv.InnerList) ([]byte, error) {
	var b strings.Builder
	for _, name := range components {
		value, err := componentValue(req, scheme, name)
		if err != nil {
			return nil, err
		}
		if strings.ContainsAny(value, "\r\n") {
			return nil, fmt.Errorf("%w: component %q has a line break", ErrMalformed, name)
		}
		fmt.Fprintf(&b, "%q: %s\n", name, value)
	}
	params, err := sfv.Marshal(input)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	b.WriteString(`"@signature-params": ` + params)
	return []byte(b.String()), nil
}

func componentValue(req *http.Request, scheme, name string) (string, error) {
	switch name {
	case "@method":
		return req.Method, nil
	case "@target-uri":
		return targetURI(req, scheme), nil
	case "@authority":
		return strings.ToLower(authority(req)), nil
	case "@scheme":
		if req.URL.IsAbs() {
			return req.URL.Scheme, nil
		}
		return scheme, nil
	case "@request-target":
		return req.URL.RequestURI(), nil
	case "@path":
		return req.URL.EscapedPath(), nil
	case "@query":
		return "?" + req.URL.RawQuery, nil
	}
	if strings.HasPrefix(name, "@") {
		return "", fmt.Errorf("%w: derived component %q is not supported", ErrPolicy, clip(name))
	}
	if name == "host" {
		return authority(req), nil
	}
	values := req.Header.Values(name)
	if len(values) == 0 {
		return "", fmt.Errorf("%w: covered header %q is missing", ErrMalformed, clip(name))
	}
	for i, v := range values {
		values[i] = strings.TrimSpace(v)
	}
	return strings.Join(values, ", "), nil
}

func authority(req *http.Request) string {
	if req.Host != "" {
		return req.Host
	}
	return req.URL.Host
}

// targetURI is the absolute URI the client asked for, without fragment.
func targetURI(req *http.Request, scheme string) string {
	if req.URL.IsAbs() {
		u := *req.URL
		u.Fragment, u.RawFragment = "", ""
		return u.String()
	}
	return scheme + "://" + authority(req) + req.URL.RequestURI()
}

// checkContentDigest compares RFC 9530 Content-Digest values with body:
// every sha-256 or sha-512 entry must match, and one must be there.
func checkContentDigest(values []string, body []byte) error {
	if len(values) == 0 {
		return fmt.Errorf("%w: no Content-Digest header", ErrDigest)
	}
	dict, err := sfv.UnmarshalDictionary(values)
	if err != nil {
		return fmt.Errorf("%w: Content-Digest: %v", ErrMalformed, err)
	}
	known := 0
	for _, alg := range dict.Names() {
		var got []byte
		switch alg {
		case "sha-256":
			sum := sha256.Sum256(body)
			got = sum[:]
		case "sha-512":
			sum := sha512.Sum512(body)
			got = sum[:]
		default:
			continue
		}
		member, _ := dict.Get(alg)
		item, ok := member.(sfv.Item)
		want, isBytes := item.Value.([]byte)
		if !ok || !isBytes {
			return fmt.Errorf("%w: Content-Digest %s is not a byte sequence", ErrMalformed, alg)
		}
		known++
		if subtle.ConstantTimeCompare(got, want) != 1 {
			return fmt.Errorf("%w: %s", ErrDigest, alg)
		}
	}
	if known == 0 {
		return fmt.Errorf("%w: no sha-256 or sha-512 in Content-Digest", ErrDigest)
	}
	return nil
}
