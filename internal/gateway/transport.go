package gateway

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"cogd/internal/restpolicy"
)

// discordAPIPrefix is where discordgo sends every REST request: its
// Endpoint* variables are fixed at init to https://discord.com/api/v9/.
const discordAPIPrefix = "/api/v9"

// Rewriter is an http.RoundTripper that sends discordgo's REST requests to
// the configured API base (DISCORD_API_URL) instead of discord.com. It is
// installed per session, so discordgo's package globals stay untouched and
// sessions pointing at different APIs can live in one process.
type Rewriter struct {
	base *url.URL
	next http.RoundTripper
}

// NewRewriter returns a Rewriter to apiURL (e.g. http://127.0.0.1:8080/api/v9)
// over next (http.DefaultTransport when nil).
func NewRewriter(apiURL string, next http.RoundTripper) (*Rewriter, error) {
	u, err := url.Parse(strings.TrimRight(apiURL, "/"))
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("api url %q: want an absolute http(s) URL", apiURL)
	}
	if next == nil {
		next = http.DefaultTransport
	}
	return &Rewriter{base: u, next: next}, nil
}

// RoundTrip rewrites scheme, host and path prefix of requests for
// discord.com's API, then passes them on.
func (r *Rewriter) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Host != "discord.com" || !strings.HasPrefix(req.URL.Path, discordAPIPrefix+"/") {
		return r.next.RoundTrip(req)
	}
	out := req.Clone(req.Context())
	out.URL.Scheme = r.base.Scheme
	out.URL.Host = r.base.Host
	out.URL.Path = r.base.Path + strings.TrimPrefix(req.URL.Path, discordAPIPrefix)
	if req.URL.RawPath != "" {
		out.URL.RawPath = r.base.EscapedPath() + strings.TrimPrefix(req.URL.RawPath, discordAPIPrefix)
	}
	out.Host = r.base.Host
	return r.next.RoundTrip(out)
}

// NewHTTPClient returns the REST client for sessions talking to apiURL,
// with a REST policy of default options; see NewRESTClient.
func NewHTTPClient(apiURL string, timeout time.Duration) (*http.Client, error) {
	c, _, err := NewRESTClient(apiURL, timeout, restpolicy.Options{})
	return c, err
}

// NewRESTClient returns the REST client for sessions talking to apiURL and
// the REST policy every request of it goes through: the policy (limits,
// retries, typed errors; opts.Next is ignored) over the rewriting
// transport over a connection pool sized for a busy bot. The policy sees
// discordgo's discord.com URLs, before the rewrite. timeout bounds a
// request including the policy's waits and retries; a caller's context
// deadline that is sooner wins.
func NewRESTClient(apiURL string, timeout time.Duration, opts restpolicy.Options) (*http.Client, *restpolicy.Policy, error) {
	base := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          256,
		MaxIdleConnsPerHost:   64,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
	rw, err := NewRewriter(apiURL, base)
	if err != nil {
		return nil, nil, err
	}
	opts.Next = rw
	p := restpolicy.New(opts)
	return &http.Client{Timeout: timeout, Transport: p}, p, nil
}

// CloseIdleConnections closes the idle connections of the transport
// beneath, when it has any.
func (r *Rewriter) CloseIdleConnections() {
	if c, ok := r.next.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}
