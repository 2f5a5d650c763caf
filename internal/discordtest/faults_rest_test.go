package discordtest

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// rawGet sends GET path (under /api/v9) to srv without discordgo and
// returns the status, headers and body.
func rawGet(t *testing.T, srv *Server, path string) (int, http.Header, string) {
	t.Helper()
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	req, _ := http.NewRequest(http.MethodGet, srv.APIURL()+path, nil)
	req.Header.Set("Authorization", "Bot "+srv.Token())
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

func TestRateLimitFaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		kind       RateLimitKind
		headers    map[string]string // "" = must be absent
		bodyPrefix string
	}{
		{RateLimitRoute, map[string]string{"Retry-After": "2", "X-RateLimit-Scope": "user", "X-RateLimit-Reset-After": "1.500", "X-RateLimit-Global": ""}, `{"message":"You are being rate limited."`},
		{RateLimitGlobal, map[string]string{"Retry-After": "2", "X-RateLimit-Global": "true", "X-RateLimit-Scope": "global", "X-RateLimit-Reset-After": "", "X-RateLimit-Bucket": ""}, `{"message":"You are being rate limited.","retry_after":1.5,"global":true}`},
		{RateLimitShared, map[string]string{"Retry-After": "2", "X-RateLimit-Scope": "shared", "X-RateLimit-Reset-After": "1.500"}, `{"message"`},
		{RateLimitHTML, map[string]string{"Retry-After": "2", "Content-Type": "text/html; charset=UTF-8", "X-RateLimit-Scope": "", "X-RateLimit-Bucket": ""}, "<!DOCTYPE html>"},
	}
	for _, tt := range tests {
		srv := NewTB(t, Options{})
		srv.FailRESTRateLimit("GET", "/users/", 1, tt.kind, 1500*time.Millisecond)
		status, h, body := rawGet(t, srv, "/users/@me")
		if status != http.StatusTooManyRequests || !strings.HasPrefix(body, tt.bodyPrefix) {
			t.Fatalf("kind %d: %d %q", tt.kind, status, body)
		}
		for k, want := range tt.headers {
			if got := h.Get(k); got != want {
				t.Errorf("kind %d: %s = %q, want %q", tt.kind, k, got, want)
			}
		}
		if status, _, _ := rawGet(t, srv, "/users/@me"); status != http.StatusOK {
			t.Fatalf("kind %d: fault not used up: %d", tt.kind, status)
		}
		if rs := srv.Requests(); rs[0].Status != http.StatusTooManyRequests {
			t.Fatalf("kind %d: recorded status %d", tt.kind, rs[0].Status)
		}
	}
}

func TestServerErrorFaults(t *testing.T) {
	t.Parallel()
	srv := NewTB(t, Options{})
	for _, code := range []int{500, 502, 503, 504} {
		srv.FailREST("GET", "/users/", 1, code, 0)
		status, _, body := rawGet(t, srv, "/users/@me")
		var e apiError
		if status != code || json.Unmarshal([]byte(body), &e) != nil || !strings.HasPrefix(e.Message, http.StatusText(code)[:3]) && !strings.Contains(e.Message, http.StatusText(code)) {
			t.Fatalf("%d: got %d %q", code, status, body)
		}
	}
}

func TestResumeGatewayURL(t *testing.T) {
	t.Parallel()
	for _, on := range []bool{true, false} {
		srv := NewTB(t, Options{})
		srv.SeedDemo()
		srv.SetResumeGatewayURL(on)
		urls := make(chan string, 4)
		openSession(t, srv, allIntents, func(dg *discordgo.Session) {
			dg.AddHandler(func(_ *discordgo.Session, e *discordgo.Event) {
				if e.Type == "READY" {
					var r map[string]any
					_ = json.Unmarshal(e.RawData, &r)
					u, _ := r["resume_gateway_url"].(string)
					urls <- u
				}
			})
		})
		want := ""
		if on {
			want = srv.ResumeGatewayURL()
		}
		if got := recv(t, urls); got != want {
			t.Fatalf("on=%v: resume_gateway_url %q, want %q", on, got, want)
		}
		if p := srv.ConnectionPaths(); len(p) != 1 || p[0] != "/gateway/" { // discordgo adds the slash
			t.Fatalf("paths = %q", p)
		}
	}
}

func TestInvalidSessionResumableFrames(t *testing.T) {
	t.Parallel()
	for _, resumable := range []bool{true, false} {
		srv := NewTB(t, Options{})
		srv.SeedDemo()
		dg := openSession(t, srv, allIntents, nil)
		srv.SendInvalidSession(resumable)
		waitFor(t, srv, "op 9 recorded", func() bool {
			for _, f := range srv.Frames() {
				if f.Out && f.Op == opInvalidSession && string(f.Raw) == string(opFrame(opInvalidSession, strconv.FormatBool(resumable))) {
					return true
				}
			}
			return false
		})
		_ = dg
	}
}
