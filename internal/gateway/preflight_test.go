package gateway

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// preflightAgainst runs Preflight with its REST requests sent to apiURL
// the way the bot sends them (NewHTTPClient's Rewriter).
func preflightAgainst(t *testing.T, apiURL string, timeout time.Duration) (Identity, error) {
	t.Helper()
	s, err := discordgo.New("Bot test-token")
	if err != nil {
		t.Fatal(err)
	}
	if s.Client, err = NewHTTPClient(apiURL, 20*time.Second); err != nil {
		t.Fatal(err)
	}
	defer s.Client.CloseIdleConnections()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	return Preflight(ctx, s, discordgo.IntentsGuildMessages)
}

func TestPreflightErrorsNameTheConfiguredHost(t *testing.T) {
	hang := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	defer hang.Close()
	html := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte("<!DOCTYPE html><html><body>It works!</body></html>"))
	}))
	defer html.Close()
	notFound := httptest.NewServer(http.NotFoundHandler()) // text/plain 404
	defer notFound.Close()
	badToken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"message": "401: Unauthorized", "code": 0}`))
	}))
	defer badToken.Close()
	host := func(s *httptest.Server) string { return strings.TrimPrefix(s.URL, "http://") }

	tests := []struct {
		name    string
		api     string
		timeout time.Duration
		want    string
		is      error
	}{
		{"refused", "http://127.0.0.1:1/api/v9", 10 * time.Second,
			"cannot reach 127.0.0.1:1 (DISCORD_API_URL): GET /users/@me: dial tcp 127.0.0.1:1: connect: connection refused", nil},
		{"hangs", hang.URL + "/api/v9", time.Second,
			"no answer from " + host(hang) + " within STARTUP_TIMEOUT=1s (GET /users/@me); is DISCORD_API_URL right?", context.DeadlineExceeded},
		{"html", html.URL + "/api/v9", 10 * time.Second,
			"expected JSON from " + host(html) + ", got text/html (GET /users/@me answered 200 OK); DISCORD_API_URL must be the API's base URL, like https://discord.com/api/v9", discordgo.ErrJSONUnmarshal},
		{"404 text", notFound.URL, 10 * time.Second,
			"expected JSON from " + host(notFound) + ", got text/plain (GET /users/@me answered 404 Not Found)", nil},
		{"bad token", badToken.URL + "/api/v9", 10 * time.Second, ErrBadToken.Error(), ErrBadToken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := preflightAgainst(t, tt.api, tt.timeout)
			if err == nil {
				t.Fatal("Preflight succeeded")
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error = %q\nwant prefix %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "discord.com/api/v9/") {
				t.Errorf("error names discord.com, not the configured API: %q", err)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("errors.Is(%v, %v) = false", err, tt.is)
			}
		})
	}
}

func TestPreflightAcceptsAJSONAPI(t *testing.T) {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/api/v9/users/@me":
			_, _ = w.Write([]byte(`{"id": "1", "username": "cogd", "bot": true}`))
		case "/api/v9/oauth2/applications/@me":
			_, _ = w.Write([]byte(`{"id": "2", "name": "cogd", "flags": 0, "owner": {"id": "3", "username": "owner"}}`))
		default:
			http.NotFound(w, r)
		}
	}))
	defer api.Close()
	id, err := preflightAgainst(t, api.URL+"/api/v9", 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if id.User.Username != "cogd" || len(id.Owners()) != 1 || id.Owners()[0] != "3" {
		t.Errorf("identity = %+v, owners %v", id.User, id.Owners())
	}
}

func TestMediaType(t *testing.T) {
	for in, want := range map[string]string{"text/html; charset=utf-8": "text/html", "": "no Content-Type",
		"application/json": "application/json", "weird;;": "weird;;"} {
		if got := mediaType(in); got != want {
			t.Errorf("mediaType(%q) = %q, want %q", in, got, want)
		}
	}
}
