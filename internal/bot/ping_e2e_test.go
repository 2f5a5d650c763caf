package bot_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"cogd/internal/discordtest"
)

// gatewayRequests counts GET /gateway and GET /gateway/bot requests.
func gatewayRequests(emu *discordtest.Server) int {
	n := 0
	for _, r := range emu.Requests() {
		if r.Method == http.MethodGet && strings.HasPrefix(r.Path, "/api/v9/gateway") {
			n++
		}
	}
	return n
}

func TestPingMakesNoRESTRequestOfItsOwn(t *testing.T) {
	t.Parallel()
	h := start(t, discordtest.Options{})
	before, requests := gatewayRequests(h.emu), len(h.emu.Requests())
	got := h.one(h.world.Alice, "!ping")
	if !strings.Contains(got, "REST round trip: ") || strings.Contains(got, "REST round trip: not measured yet") {
		t.Fatalf("ping reply = %q, want a measured REST round trip (start-up made requests)", got)
	}
	// The emulator records a request after answering it: wait for the reply's POST.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := h.emu.WaitFor(ctx, func() bool { return len(h.emu.Requests()) > requests }); err != nil {
		t.Fatal(err)
	}
	if after := gatewayRequests(h.emu); after != before {
		t.Fatalf("!ping made %d GET /gateway requests", after-before)
	}
	if n := len(h.emu.Requests()) - requests; n != 1 {
		t.Fatalf("!ping made %d REST requests, want 1 (the reply): %v", n, h.emu.Requests()[requests:])
	}
}
