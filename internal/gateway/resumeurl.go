package gateway

import (
	"encoding/json"
	"errors"
	"net/url"
	"reflect"
	"strings"
	"unsafe"

	"github.com/bwmarrin/discordgo"
)

// errNoGatewayField means discordgo no longer keeps its gateway URL where
// v0.29.0 does; the shard then reconnects on discordgo's URL.
var errNoGatewayField = errors.New("discordgo.Session has no string field \"gateway\"")

// gatewayField returns discordgo's unexported Session.gateway, the URL
// Open dials (with "?v=…&encoding=json" appended). v0.29.0 offers no
// setter and ignores READY's resume_gateway_url, so the supervisor writes
// it before each reconnect; the caller holds the session lock, which Open
// also holds while it reads the field.
func gatewayField(s *discordgo.Session) (reflect.Value, error) {
	f := reflect.ValueOf(s).Elem().FieldByName("gateway")
	if !f.IsValid() || f.Kind() != reflect.String {
		return reflect.Value{}, errNoGatewayField
	}
	return reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem(), nil
}

// dialURL adds what discordgo adds to the URL from GET /gateway: a "/"
// path when there is none, and the version and encoding query.
func dialURL(u string) string {
	if u == "" || strings.Contains(u, "?") {
		return u
	}
	if p, err := url.Parse(u); err == nil && p.Path == "" {
		u += "/"
	}
	return u + "?v=" + discordgo.APIVersion + "&encoding=json"
}

// readyResumeURL returns READY's resume_gateway_url ("" when absent).
func readyResumeURL(raw json.RawMessage) string {
	var r struct {
		ResumeGatewayURL string `json:"resume_gateway_url"`
	}
	if json.Unmarshal(raw, &r) != nil {
		return ""
	}
	return r.ResumeGatewayURL
}

// onRawEvent remembers READY's resume_gateway_url, and that the shard
// has a session. It runs on discordgo's
// read goroutine, inside Open with the session lock held: it only stores.
func (sh *Shard) onRawEvent(_ *discordgo.Session, e *discordgo.Event) {
	if e.Type != "READY" {
		return
	}
	u := readyResumeURL(e.RawData)
	sh.resumeURL.Store(&u)
	sh.identified.Store(true)
}

// pointGateway sets the URL of the next connection: READY's
// resume_gateway_url when the last READY carried one, else the main
// gateway URL (discordgo's own, from GET /gateway).
func (sh *Shard) pointGateway() {
	s := sh.Session
	s.Lock()
	defer s.Unlock()
	f, err := gatewayField(s)
	if err != nil {
		sh.log.Warn("cannot resume on resume_gateway_url", "err", err)
		return
	}
	if !sh.overridden {
		sh.mainURL, sh.overridden = f.String(), true
	}
	want := sh.mainURL
	if u := sh.resumeURL.Load(); u != nil && *u != "" {
		want = dialURL(*u)
	}
	f.SetString(want)
}

// GatewayURL is the URL the next connection will dial ("" until discordgo
// has asked GET /gateway).
func (sh *Shard) GatewayURL() string {
	sh.Session.RLock()
	defer sh.Session.RUnlock()
	f, err := gatewayField(sh.Session)
	if err != nil {
		return ""
	}
	return f.String()
}
