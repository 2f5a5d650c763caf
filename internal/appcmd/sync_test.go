package appcmd_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/appcmd"
	"cogd/internal/command"
	"cogd/internal/gateway"
)

const appID = "500000000000000001"

// fakeDiscord plays Discord's command routes: it keeps each scope's
// commands, records every request and can answer 429.
type fakeDiscord struct {
	mu        sync.Mutex
	requests  []string
	scopes    map[string][]*discordgo.ApplicationCommand
	limited   bool
	lastBody  []byte
	putStatus int
}

func (f *fakeDiscord) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests = append(f.requests, r.Method+" "+r.URL.Path)
	w.Header().Set("Content-Type", "application/json")
	if f.limited {
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusTooManyRequests)
		io.WriteString(w, `{"message": "You are being rate limited.", "retry_after": 3600.5, "global": false}`)
		return
	}
	scope := strings.TrimPrefix(r.URL.Path, "/api/v9/applications/"+appID)
	switch r.Method {
	case http.MethodPut:
		body, _ := io.ReadAll(r.Body)
		f.lastBody = body
		var cmds []*discordgo.ApplicationCommand
		if err := json.Unmarshal(body, &cmds); err != nil {
			http.Error(w, `{"message": "bad json", "code": 50109}`, http.StatusBadRequest)
			return
		}
		for i, c := range cmds {
			c.ID, c.ApplicationID, c.Version = "6000000000000000"+string(rune('0'+i%10)), appID, "1"
		}
		f.scopes[scope] = cmds
		json.NewEncoder(w).Encode(cmds)
	case http.MethodGet:
		json.NewEncoder(w).Encode(f.scopes[scope])
	default:
		http.NotFound(w, r)
	}
}

func (f *fakeDiscord) count(method string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, r := range f.requests {
		if strings.HasPrefix(r, method+" ") {
			n++
		}
	}
	return n
}

// memHashes is an in-memory HashStore.
type memHashes struct {
	mu     sync.Mutex
	hashes map[string]string
	err    error
}

func (m *memHashes) LastHash(_ context.Context, s appcmd.Scope) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.hashes[s.Key()], m.err
}

func (m *memHashes) SaveHash(_ context.Context, s appcmd.Scope, h string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.hashes[s.Key()] = h
	return nil
}

// newSyncer returns a Syncer whose session talks to a fresh fakeDiscord.
func newSyncer(t *testing.T) (*appcmd.Syncer, *fakeDiscord, *memHashes) {
	t.Helper()
	fake := &fakeDiscord{scopes: map[string][]*discordgo.ApplicationCommand{}}
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	base := &http.Transport{}
	t.Cleanup(base.CloseIdleConnections)
	rw, err := gateway.NewRewriter(srv.URL+"/api/v9", base)
	if err != nil {
		t.Fatal(err)
	}
	s, err := discordgo.New("Bot test")
	if err != nil {
		t.Fatal(err)
	}
	s.Client = &http.Client{Transport: rw, Timeout: 5 * time.Second}
	hashes := &memHashes{hashes: map[string]string{}}
	return &appcmd.Syncer{API: s, AppID: appID, Hashes: hashes}, fake, hashes
}

func payload(t *testing.T, desc string) []*discordgo.ApplicationCommand {
	t.Helper()
	cmds, err := appcmd.Build([]*command.Command{
		{Name: "ping", Description: desc, Run: run},
		{Name: "warn", Description: "Warns.", Params: []command.Param{command.Member("member", "who")}, Run: run},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return cmds
}

func TestSyncSkipsUnchanged(t *testing.T) {
	s, fake, _ := newSyncer(t)
	ctx := context.Background()
	guild := appcmd.Scope{GuildID: "100000000000000001"}
	for i, want := range []appcmd.Action{appcmd.Registered, appcmd.Unchanged, appcmd.Unchanged} {
		res, err := s.Sync(ctx, guild, payload(t, "Pong."), appcmd.ModeAuto)
		if err != nil || res.Action != want {
			t.Fatalf("sync %d: %v %v, want %v", i, res.Action, err, want)
		}
	}
	if n := fake.count("PUT"); n != 1 {
		t.Fatalf("%d PUTs for unchanged definitions, want 1 (the first)", n)
	}
	if fake.requests[0] != "PUT /api/v9/applications/"+appID+"/guilds/100000000000000001/commands" {
		t.Errorf("request %q", fake.requests[0])
	}
}

func TestSyncChangedPutsOncePerScope(t *testing.T) {
	s, fake, _ := newSyncer(t)
	ctx := context.Background()
	scopes := []appcmd.Scope{{}, {GuildID: "100000000000000001"}, {GuildID: "100000000000000002"}}
	for _, desc := range []string{"Pong.", "Pong!"} {
		for _, sc := range scopes {
			if _, err := s.Sync(ctx, sc, payload(t, desc), appcmd.ModeAuto); err != nil {
				t.Fatal(err)
			}
		}
	}
	if n := fake.count("PUT"); n != 2*len(scopes) {
		t.Fatalf("%d PUTs, want one per scope per change (%d)", n, 2*len(scopes))
	}
	if fake.count("POST")+fake.count("PATCH")+fake.count("DELETE") != 0 {
		t.Fatalf("requests other than the bulk overwrite: %v", fake.requests)
	}
	if !strings.Contains(fake.requests[0], "/applications/"+appID+"/commands") {
		t.Errorf("global scope went to %q", fake.requests[0])
	}
}

func TestSyncModes(t *testing.T) {
	s, fake, hashes := newSyncer(t)
	ctx := context.Background()
	if res, err := s.Sync(ctx, appcmd.Scope{}, payload(t, "Pong."), appcmd.ModeOff); err != nil || res.Action != appcmd.Skipped {
		t.Fatalf("off: %v %v", res.Action, err)
	}
	if n := len(fake.requests); n != 0 {
		t.Fatalf("off sent %d requests", n)
	}
	for range 2 {
		if _, err := s.Sync(ctx, appcmd.Scope{}, payload(t, "Pong."), appcmd.ModeAlways); err != nil {
			t.Fatal(err)
		}
	}
	if n := fake.count("PUT"); n != 2 {
		t.Fatalf("always sent %d PUTs, want 2", n)
	}
	hashes.err = errors.New("db down")
	if _, err := s.Sync(ctx, appcmd.Scope{}, payload(t, "Pong?"), appcmd.ModeAuto); err == nil || !strings.Contains(err.Error(), "db down") {
		t.Fatalf("a failing hash store: %v", err)
	}
	if n := fake.count("PUT"); n != 2 {
		t.Fatalf("a failing hash store still led to a PUT")
	}
}

func TestSyncRateLimited(t *testing.T) {
	s, fake, hashes := newSyncer(t)
	fake.limited = true
	_, err := s.Sync(context.Background(), appcmd.Scope{}, payload(t, "Pong."), appcmd.ModeAuto)
	var rl *appcmd.RateLimitedError
	if !errors.As(err, &rl) {
		t.Fatalf("error %v, want *RateLimitedError", err)
	}
	if rl.RetryAfter < time.Hour || rl.RetryAfter > time.Hour+time.Second {
		t.Errorf("retry after %v, want about 1h", rl.RetryAfter)
	}
	if !strings.Contains(err.Error(), "retry after 1h0m0.5s") {
		t.Errorf("message %q does not give the retry time", err)
	}
	if n := len(fake.requests); n != 1 {
		t.Fatalf("%d requests after a 429, want exactly 1 (no retry loop)", n)
	}
	if len(hashes.hashes) != 0 {
		t.Errorf("hash saved after a failed sync")
	}
}

func TestDryRunAndList(t *testing.T) {
	s, fake, _ := newSyncer(t)
	ctx := context.Background()
	if _, err := s.Sync(ctx, appcmd.Scope{}, payload(t, "Pong."), appcmd.ModeAuto); err != nil {
		t.Fatal(err)
	}
	listed, err := s.List(ctx, appcmd.Scope{})
	if err != nil || len(listed) != 2 {
		t.Fatalf("list: %v %v", listed, err)
	}
	if d := appcmd.Compare(listed, payload(t, "Pong.")); !d.Empty() {
		t.Fatalf("listed commands differ from what was registered: %+v", d)
	}
	next, err := appcmd.Build([]*command.Command{{Name: "ping", Description: "Pong!", Run: run}, {Name: "help", Description: "Help.", Run: run}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	puts := fake.count("PUT")
	d, err := s.DryRun(ctx, appcmd.Scope{}, next)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(d.Added, ",") != "/help" || strings.Join(d.Changed, ",") != "/ping" || strings.Join(d.Removed, ",") != "/warn" {
		t.Errorf("diff %+v", d)
	}
	if fake.count("PUT") != puts {
		t.Error("dry run sent a PUT")
	}
}

func TestHashDeterministic(t *testing.T) {
	a, _ := appcmd.Hash(appID, payload(t, "Pong."))
	b, _ := appcmd.Hash(appID, payload(t, "Pong."))
	c, _ := appcmd.Hash(appID, payload(t, "Pong!"))
	d, _ := appcmd.Hash("other", payload(t, "Pong."))
	if a != b || a == c || a == d || len(a) != 64 {
		t.Errorf("hashes %s %s %s %s", a, b, c, d)
	}
}

func TestParseMode(t *testing.T) {
	for in, want := range map[string]appcmd.Mode{"": appcmd.ModeAuto, "auto": appcmd.ModeAuto, "always": appcmd.ModeAlways, "off": appcmd.ModeOff} {
		if got, err := appcmd.ParseMode(in); err != nil || got != want {
			t.Errorf("ParseMode(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := appcmd.ParseMode("sometimes"); err == nil || !strings.Contains(err.Error(), "COMMAND_SYNC") {
		t.Errorf("bad mode: %v", err)
	}
}
