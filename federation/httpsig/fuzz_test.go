package httpsig

import (
	"errors"
	"testing"
)

func FuzzParseSignatureHeader(f *testing.F) {
	for _, seed := range []string{
		`keyId="https://a.example/u#k",algorithm="rsa-sha256",headers="(request-target) host date digest",signature="AAAA"`,
		`keyId="k", signature="QUJD", created=1618884473`,
		`keyId="a\"b",signature="AA=="`,
		`keyId=`, `=`, `,`, `keyId="unterminated`, ``,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sig, err := parseSignatureHeader(s)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error %v is not ErrMalformed", err)
			}
			return
		}
		if sig.KeyID == "" || sig.Signature == "" || len(sig.Headers) == 0 {
			t.Fatalf("accepted incomplete signature %+v", sig)
		}
	})
}

func FuzzParseSignatureInput(f *testing.F) {
	f.Add(`sig1=("@method" "@target-uri" "content-digest");created=1618884473;keyid="k";alg="rsa-v1_5-sha256"`, `sig1=:AAAA:`)
	f.Add(`sig-b21=();created=1618884473;keyid="test-key-rsa-pss";nonce="b3k2pp5k7z-50gnwp.yemd"`, `sig-b21=:d2pm:`)
	f.Add(`a=("@query-param";name="x"), b=1`, `a=?1`)
	f.Add(`sig1=(`, `sig1=:`)
	f.Fuzz(func(t *testing.T, input, signature string) {
		sig, err := parseSignatureInput(input, signature)
		if err != nil {
			if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrPolicy) {
				t.Fatalf("error %v is neither ErrMalformed nor ErrPolicy", err)
			}
			return
		}
		if len(sig.Signature) == 0 || sig.Label == "" {
			t.Fatalf("accepted incomplete signature %+v", sig)
		}
	})
}
