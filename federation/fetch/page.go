package fetch

import (
	"context"
	"fmt"
	"io"
)

// GetPage fetches a web page for a link preview: redirects are followed
// and checked like Get's, a response whose Content-Type wanted refuses
// ends with ErrContentType before its body is read, and only the first
// MaxBody bytes are read (Truncated then says so) instead of failing, since
// what a preview needs sits in the page's <head>.
func (c *Client) GetPage(ctx context.Context, rawURL, accept string, wanted func(contentType string) bool) (*Response, error) {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	current := rawURL
	for hop := 0; ; hop++ {
		resp, err := c.once(ctx, current, accept, nil)
		if err != nil {
			return nil, err
		}
		if !isRedirect(resp.StatusCode) {
			defer resp.Body.Close()
			if resp.StatusCode < 200 || resp.StatusCode > 299 {
				return nil, &ErrStatus{Code: resp.StatusCode, URL: current}
			}
			ct := resp.Header.Get("Content-Type")
			if !wanted(ct) {
				return nil, fmt.Errorf("%w: %s is %q", ErrContentType, current, ct)
			}
			body, err := io.ReadAll(io.LimitReader(resp.Body, c.cfg.MaxBody+1))
			if err != nil {
				return nil, fmt.Errorf("fetch %s: %w", current, err)
			}
			out := &Response{Body: body, FinalURL: current, ContentType: ct}
			if int64(len(body)) > c.cfg.MaxBody {
				out.Body, out.Truncated = body[:c.cfg.MaxBody], true
			}
			return out, nil
		}
		resp.Body.Close()
		if hop == MaxRedirects {
			return nil, fmt.Errorf("%w: from %s", ErrTooManyRedirects, rawURL)
		}
		next, err := resp.Request.URL.Parse(resp.Header.Get("Location"))
		if err != nil {
			return nil, fmt.Errorf("%w: redirect to %q", ErrBadURL, resp.Header.Get("Location"))
		}
		current = next.String()
	}
}
