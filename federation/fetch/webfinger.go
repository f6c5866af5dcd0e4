package fetch

import (
	"context"
	"encoding/json"
	"fmt"
	"mime"
	"net/url"
	"strings"
)

// jrd is the part of a WebFinger JSON Resource Descriptor (RFC 7033) we read.
type jrd struct {
	Subject string `json:"subject"`
	Links   []struct {
		Rel  string `json:"rel"`
		Type string `json:"type"`
		Href string `json:"href"`
	} `json:"links"`
}

// ParseAcct splits "user@domain", "@user@domain" or "acct:user@domain".
func ParseAcct(acct string) (user, domain string, err error) {
	acct = strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(acct), "acct:"), "@")
	user, domain, ok := strings.Cut(acct, "@")
	if !ok || user == "" || domain == "" || strings.ContainsAny(acct[len(user)+1:], "@/?#\\ ") {
		return "", "", fmt.Errorf("%w: %q is not user@domain", ErrBadURL, acct)
	}
	return user, strings.ToLower(domain), nil
}

// WebFinger resolves acct ("user@domain") to its ActivityPub actor URL: the
// "self" link of type application/activity+json, or application/ld+json
// with the ActivityStreams profile.
func (c *Client) WebFinger(ctx context.Context, acct string) (string, error) {
	user, domain, err := ParseAcct(acct)
	if err != nil {
		return "", err
	}
	u := url.URL{Scheme: c.cfg.WebFingerScheme, Host: domain, Path: "/.well-known/webfinger",
		RawQuery: url.Values{"resource": {"acct:" + user + "@" + domain}}.Encode()}
	resp, err := c.Get(ctx, u.String(), "application/jrd+json, application/json", nil)
	if err != nil {
		return "", err
	}
	var doc jrd
	if err := json.Unmarshal(resp.Body, &doc); err != nil {
		return "", fmt.Errorf("%w: webfinger for %s: %v", ErrContentType, acct, err)
	}
	for _, link := range doc.Links {
		if link.Rel == "self" && isActivityType(link.Type) && link.Href != "" {
			return link.Href, nil
		}
	}
	return "", fmt.Errorf("%w: %s", ErrNoActor, acct)
}

func isActivityType(t string) bool {
	media, params, err := mime.ParseMediaType(t)
	if err != nil {
		return false
	}
	switch media {
	case "application/activity+json":
		return true
	case "application/ld+json":
		return params["profile"] == "https://www.w3.org/ns/activitystreams"
	}
	return false
}
