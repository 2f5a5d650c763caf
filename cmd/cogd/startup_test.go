package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestStartupErrorsNameTheConfiguredAPI runs `cogd run` against APIs that
// refuse, hang and answer HTML: the one error line names DISCORD_API_URL's
// host (not discord.com), STARTUP_TIMEOUT, and the content type.
func TestStartupErrorsNameTheConfiguredAPI(t *testing.T) {
	hang := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	defer hang.Close()
	html := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte("<html><body>captive portal</body></html>"))
	}))
	defer html.Close()
	host := func(s *httptest.Server) string { return strings.TrimPrefix(s.URL, "http://") }
	tests := []struct{ name, api, timeout, want string }{
		{"refused", "http://127.0.0.1:1/api/v9", "10s", "cogd: cannot reach 127.0.0.1:1 (DISCORD_API_URL): GET /users/@me: dial tcp 127.0.0.1:1: connect: connection refused"},
		{"hangs", hang.URL + "/api/v9", "1s", "cogd: no answer from " + host(hang) + " within STARTUP_TIMEOUT=1s (GET /users/@me)"},
		{"html", html.URL + "/api/v9", "10s", "cogd: expected JSON from " + host(html) + ", got text/html (GET /users/@me answered 200 OK)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env, _, stderr := testEnv(t, []string{"run"}, map[string]string{"DISCORD_TOKEN": sentinel,
				"DISCORD_API_URL": tt.api, "STARTUP_TIMEOUT": tt.timeout, "METRICS_ADDR": ""})
			if code := Main(context.Background(), env); code != exitFailure {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			got := stderr.String()
			if !strings.Contains(got, tt.want) || strings.Contains(got, "discord.com/api/v9/users") {
				t.Errorf("stderr = %q\nwant a line starting %q", got, tt.want)
			}
		})
	}
}
