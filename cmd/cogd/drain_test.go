package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"cogd/cogs/moderation/modstore"
	"cogd/internal/discordtest"
	"cogd/internal/store"
)

// TestShutdownDrainsBeforeClosingTheDatabase: a kick in flight when the
// stop signal arrives (held in its DM until then) still finishes, and the
// database is still open for its last write: the case ends done, not
// pending, and the moderator gets the case reply.
func TestShutdownDrainsBeforeClosingTheDatabase(t *testing.T) {
	emu := discordtest.NewTB(t, discordtest.Options{Token: sentinel, HeartbeatInterval: 200 * time.Millisecond})
	w := emu.SeedDemo()
	held, release := make(chan struct{}), make(chan struct{})
	proxy := holdingProxy(t, emu.Addr(), "/users/@me/channels", held, release)
	dbPath := filepath.Join(t.TempDir(), "cogd.db")
	stop, stderr := runAgainst(t, emu, map[string]string{"DISCORD_API_URL": proxy + "/api/v9", "DATABASE_URL": "sqlite:" + dbPath, "COGS": "moderation"})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := emu.WaitFor(ctx, func() bool { return emu.Heartbeats() > 0 }); err != nil {
		t.Fatalf("bot never connected: %v\n%s", err, stderr.String())
	}
	m, err := emu.SendMessage(w.General, w.Moderator, "!kick <@"+w.Bob+"> drain test")
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-held:
	case <-ctx.Done():
		t.Fatalf("the kick never asked for the DM channel\n%s", stderr.String())
	}
	exit := make(chan int, 1)
	go func() { exit <- stop() }() // the signal, with the kick in flight
	close(release)
	if code := <-exit; code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	r, err := emu.WaitMessage(ctx, w.General, m.ID)
	if err != nil || !strings.Contains(r.Content, "Case #1") {
		t.Fatalf("kick answered %v, %v\n%s", r, err, stderr.String())
	}
	st, err := store.Open(ctx, store.Config{Driver: store.DriverSQLite, Path: dbPath})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	c, err := modstore.New(st).Case(ctx, w.Guild, 1)
	if err != nil || c.State != modstore.StateDone {
		t.Fatalf("case #1 = %+v, %v; want done\n%s", c, err, stderr.String())
	}
}

// holdingProxy forwards to the emulator at addr, holding the first POST
// whose path ends in suffix: it closes held, then waits for release.
func holdingProxy(t *testing.T, addr, suffix string, held chan<- struct{}, release <-chan struct{}) string {
	rp := httputil.NewSingleHostReverseProxy(&url.URL{Scheme: "http", Host: addr})
	tr := &http.Transport{}
	rp.Transport = tr
	var once sync.Once
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, suffix) {
			once.Do(func() { close(held); <-release })
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(func() { srv.Close(); tr.CloseIdleConnections() })
	return srv.URL
}
