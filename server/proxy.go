package server

import (
	"net"
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"
)

// forwardingHeaders are what a reverse proxy tells us about the client.
// Echo's c.Scheme() reads several of them, and echo's default RealIP()
// believes X-Forwarded-For from anyone.
var forwardingHeaders = []string{
	echo.HeaderXForwardedFor, echo.HeaderXRealIP, echo.HeaderXForwardedProto, echo.HeaderXForwardedProtocol,
	echo.HeaderXForwardedSsl, echo.HeaderXUrlScheme, "X-Forwarded-Host", "Forwarded",
}

// proxies knows which peers are our reverse proxies.
type proxies struct {
	ranges []*net.IPNet
}

func (p proxies) trusts(remoteAddr string) bool {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		host = remoteAddr
	}
	ip := net.ParseIP(host)
	return ip != nil && slices.ContainsFunc(p.ranges, func(r *net.IPNet) bool { return r.Contains(ip) })
}

// dropForgedForwarding removes the forwarding headers of a request that did
// not come from a trusted proxy, so that nothing later (c.Scheme(), a
// handler reading X-Forwarded-Proto) can be fooled by a client.
func (p proxies) dropForgedForwarding(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		if !p.trusts(req.RemoteAddr) {
			for _, h := range forwardingHeaders {
				req.Header.Del(h)
			}
		}
		return next(c)
	}
}

// clientIP is the extractor behind c.RealIP(): the nearest address in
// X-Forwarded-For that is not one of our proxies, else X-Real-IP, both only
// when the peer itself is a trusted proxy; otherwise the peer's address.
// Echo's built-in trust of loopback and private networks is switched off:
// on a shared board, another local program is not a proxy.
func (p proxies) clientIP() echo.IPExtractor {
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, r := range p.ranges {
		opts = append(opts, echo.TrustIPRange(r))
	}
	fromXFF, fromRealIP := echo.ExtractIPFromXFFHeader(opts...), echo.ExtractIPFromRealIPHeader(opts...)
	return func(req *http.Request) string {
		if req.Header.Get(echo.HeaderXForwardedFor) != "" {
			return fromXFF(req)
		}
		return fromRealIP(req)
	}
}
