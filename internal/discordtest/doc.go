// Package discordtest is a local Discord emulator for tests, the `cogd demo` console and
// benchmarks. It serves Discord's REST API under /api/v9 and /api/v10 and the gateway
// websocket on 127.0.0.1, so the real discordgo client connects to it over real sockets.
//
// The server holds a world (users, guilds, roles with positions, channels with permission
// overwrites, members, bans, timeouts, messages). REST calls mutate it with Discord's
// permission and hierarchy rules (403 code 50013) and validation errors (400 code 50035),
// and emit the gateway events Discord would, filtered by intents and sharding. Every request
// and frame is recorded; unknown routes get Discord's 404 JSON and are listed by
// UnknownRoutes. Faults can be injected: dropped connections, RECONNECT, INVALID_SESSION,
// close codes, missing heartbeat ACKs, failing IDENTIFY, 429 and 5xx answers.
//
// # Using it in a test
//
//	func TestPing(t *testing.T) {
//		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
//		defer cancel()
//		srv := discordtest.NewTB(t, discordtest.Options{})
//		demo := srv.SeedDemo()
//
//		dg, _ := discordgo.New("Bot " + srv.Token())
//		dg.Client = &http.Client{Transport: srv.Transport()} // rewrites https://discord.com/api/v9/...
//		dg.Identify.Intents = discordgo.IntentsGuildMessages | discordgo.IntentMessageContent
//		// ... register handlers, then:
//		if err := srv.Open(ctx, dg); err != nil { // dg.Open + wait for the first heartbeat
//			t.Fatal(err)
//		}
//		t.Cleanup(func() { dg.Close() })
//
//		sent, _ := srv.SendMessage(demo.General, demo.Alice, "!ping")
//		reply, err := srv.WaitMessage(ctx, demo.General, sent.ID)
//		// assert on reply.Content, srv.Requests(), srv.UnknownRoutes(), ...
//	}
//
// NewSession does the discordgo set-up in one call. The session's Close waits one second
// (discordgo's own sleep), so share a server per test and run tests in parallel.
//
// Open the session with srv.Open(ctx, dg) rather than dg.Open(): it also waits for the
// session's first heartbeat. discordgo sends that heartbeat from a goroutine started after
// Open returns; if the session or connection is closed before it, the failed write makes
// discordgo reconnect in a loop that outlives the test (goleak reports it). When the code
// under test opens its own sessions, wait for srv.Heartbeats() to reach the number of
// sessions before stopping it.
//
// A bot configured through DISCORD_API_URL can use APIURL() directly: GET {APIURL}/gateway
// returns the websocket URL of the same server.
//
// # Differences from Discord
//
// RESUMED is sent before the replayed dispatches (carrying the client's last sequence
// number), because discordgo reads exactly one frame after RESUME and expects READY or
// RESUMED. Frames are plain-text JSON (no zlib). The server does not close connections that
// stop heartbeating. Rate limits are only simulated through FailREST.
package discordtest
