package fetch

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"
)

// blockedPrefixes are ranges net/netip's predicates do not name but that are
// never a fediverse server: "this network", carrier-grade NAT, IETF protocol
// assignments, benchmarking, reserved and broadcast, NAT64 and 6to4 (which
// embed an IPv4 address that may be private), documentation ranges.
var blockedPrefixes = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("192.0.2.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("198.51.100.0/24"),
	netip.MustParsePrefix("203.0.113.0/24"),
	netip.MustParsePrefix("240.0.0.0/4"),
	netip.MustParsePrefix("64:ff9b::/96"),
	netip.MustParsePrefix("64:ff9b:1::/48"),
	netip.MustParsePrefix("2002::/16"),
	netip.MustParsePrefix("2001:db8::/32"),
}

// PublicAddress reports whether addr is a public unicast address that
// federation may connect to.
func PublicAddress(addr netip.Addr) bool {
	addr = addr.Unmap()
	if !addr.IsValid() || addr.IsLoopback() || addr.IsPrivate() || addr.IsUnspecified() ||
		addr.IsLinkLocalUnicast() || addr.IsLinkLocalMulticast() || addr.IsInterfaceLocalMulticast() ||
		addr.IsMulticast() {
		return false
	}
	for _, p := range blockedPrefixes {
		if p.Contains(addr) {
			return false
		}
	}
	return true
}

// dialControl refuses, at connect time, any address allow rejects. Checking
// the address actually being dialled (after DNS) is what defeats DNS
// rebinding: a name that resolved to a public address for a check and to
// 127.0.0.1 for the connection is still refused.
func dialControl(allow func(netip.Addr) bool) func(network, address string, _ syscall.RawConn) error {
	return func(network, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return fmt.Errorf("%w: %s", ErrPrivateAddress, address)
		}
		if !allow(ap.Addr()) {
			return fmt.Errorf("%w: %s", ErrPrivateAddress, ap.Addr())
		}
		return nil
	}
}

// NewTransport returns an http.Transport whose every connection goes
// through the address check, unless allowPrivate. It never uses a proxy
// from the environment: a proxy would be the only address checked.
func NewTransport(allowPrivate bool) *http.Transport {
	allow := PublicAddress
	if allowPrivate {
		allow = func(netip.Addr) bool { return true }
	}
	return newTransport(allow)
}

func newTransport(allow func(netip.Addr) bool) *http.Transport {
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second, Control: dialControl(allow)}
	return &http.Transport{
		Proxy: nil,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			return dialer.DialContext(ctx, network, addr)
		},
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: 20 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
}
