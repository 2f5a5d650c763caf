package chaos_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"

	"cogd/cogs/moderation"
	"cogd/cogs/moderation/modstore"
	"cogd/cogs/utility"
	"cogd/internal/bot"
	"cogd/internal/bot/bottest"
	"cogd/internal/discordtest"
	"cogd/internal/store"
	"cogd/internal/store/storetest"
)

// TestChaos runs the scenarios once per seed (CHAOS_SEED=1,2,3 replays
// those; unset: three random seeds, printed). It is `make chaos` and is
// skipped unless COGD_CHAOS=1.
func TestChaos(t *testing.T) {
	if os.Getenv("COGD_CHAOS") != "1" {
		t.Skip("make chaos (COGD_CHAOS=1) runs it")
	}
	rounds := 60
	if n, err := strconv.Atoi(os.Getenv("CHAOS_ROUNDS")); err == nil && n > 0 {
		rounds = n
	}
	for _, seed := range seeds(t) {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			t.Logf("CHAOS_SEED=%d CHAOS_ROUNDS=%d (replay: make chaos CHAOS_SEED=%d)", seed, rounds, seed)
			runSeed(t, seed, rounds)
		})
	}
}

// seeds are CHAOS_SEED's comma-separated seeds, or three random ones.
func seeds(t *testing.T) []uint64 {
	var out []uint64
	if s := os.Getenv("CHAOS_SEED"); s != "" {
		for _, f := range strings.Split(s, ",") {
			n, err := strconv.ParseUint(strings.TrimSpace(f), 10, 64)
			if err != nil {
				t.Fatalf("CHAOS_SEED: %q is not a number", f)
			}
			out = append(out, n)
		}
		return out
	}
	for range 3 {
		out = append(out, rand.Uint64()%1_000_000)
	}
	return out
}

// world is one seed's emulator, proxy, store and bot.
type world struct {
	t     *testing.T
	rng   *rand.Rand
	emu   *discordtest.Server
	w     discordtest.Demo
	st    *modstore.Store
	h     *bottest.Harness
	slow  *slowProxy
	tally map[string]int // faults injected and outcomes, for the summary
}

func runSeed(t *testing.T, seed uint64, rounds int) {
	// Registered first, so it runs last: after the bot, the proxy, the
	// store and the emulator have stopped.
	ignore := goleak.IgnoreCurrent() // a snapshot of the goroutines before the bot
	t.Cleanup(func() { goleak.VerifyNone(t, ignore) })
	ww := newWorld(t, seed)
	var rssWarm, heapWarm uint64
	var violations []string
	warnsSent, warnCases := 0, map[int64]bool{}
	for i := range rounds {
		if i == rounds/5 {
			rssWarm, heapWarm = memory()
		}
		kind := ww.rng.IntN(5)
		fault := ww.injectFault(kind < 3)
		o := ww.command(kind)
		if os.Getenv("CHAOS_VERBOSE") != "" || o.kind == "unanswered" || o.kind == "untyped" {
			t.Logf("round %d: %s, then %s: %s %q", i, fault, o.cmd, o.kind, tail(o.text, 1))
		}
		ww.tally["outcome "+o.kind]++
		if o.kind == "unanswered" || o.kind == "untyped" {
			violations = append(violations, fmt.Sprintf("round %d %s: %s %q", i, o.kind, o.cmd, o.text))
		}
		if o.warn {
			warnsSent++
			if n := caseNumber(o.text); n > 0 {
				if warnCases[n] {
					violations = append(violations, fmt.Sprintf("round %d: case #%d reported twice", i, n))
				}
				warnCases[n] = true
			}
		}
	}
	ww.calm()
	violations = append(violations, ww.checkCases(warnsSent, warnCases)...)
	rssEnd, heapEnd := memory()
	t.Logf("injected and seen: %v", ww.tally)
	t.Logf("warns sent %d, cases reported %d; RSS %d → %d MiB, heap %d → %d MiB (after warm-up → end)",
		warnsSent, len(warnCases), rssWarm>>20, rssEnd>>20, heapWarm>>20, heapEnd>>20)
	if heapEnd > 2*heapWarm+16<<20 {
		violations = append(violations, fmt.Sprintf("heap grew from %d to %d MiB", heapWarm>>20, heapEnd>>20))
	}
	if rssEnd > rssWarm+rssWarm/2+32<<20 {
		violations = append(violations, fmt.Sprintf("RSS grew from %d to %d MiB", rssWarm>>20, rssEnd>>20))
	}
	for _, v := range violations {
		t.Error(v)
	}
	if len(violations) > 0 {
		t.Logf("bot logs:\n%s", tail(ww.h.Logs.String(), 60))
	}
}

func newWorld(t *testing.T, seed uint64) *world {
	emu := discordtest.NewTB(t, discordtest.Options{HeartbeatInterval: 500 * time.Millisecond})
	ww := &world{t: t, rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), emu: emu, w: emu.SeedDemo(), tally: map[string]int{}}
	ww.slow = newSlowProxy(t, emu.Addr())
	db := storetest.MustOpenConfig(t, store.Config{Path: filepath.Join(t.TempDir(), "cogd.db"),
		Migrations: []store.MigrationSet{store.CoreMigrations(), modstore.Migrations()}})
	ww.st = modstore.New(db)
	mod := moderation.Info
	mod.New = func() bot.Cog { return moderation.New(moderation.Options{SchedulerEvery: 200 * time.Millisecond}) }
	o := bottest.Options(emu, mod, utility.Info)
	o.APIURL = ww.slow.url + "/api/v9"
	bottest.UseStore(&o, db)
	o.DrainTimeout = 5 * time.Second
	o.CommandTimeout = 15 * time.Second
	ww.h = bottest.Start(t, emu, o)
	return ww
}

// injectFault picks this round's fault, injects it and names it. REST
// faults go to POST /channels/ (messages), which a prefix command's answer
// is sure to use, so that they are used up within the round: at most five
// failures, which the command and its error reply (four attempts each)
// absorb between them. Before a slash command, a REST fault becomes slow
// responses instead (interaction callbacks are exempt from the global limit,
// and a fault there could outlast Discord's 3 s; see README "Chaos").
func (ww *world) injectFault(prefix bool) string {
	ra := time.Duration(50+ww.rng.IntN(400)) * time.Millisecond
	n := 1 + ww.rng.IntN(5) // 5 outlasts the REST policy's 3 retries: a typed refusal
	const at = "/channels/"
	rest := func(name string, inject func()) string {
		ww.tally[name]++
		inject()
		return fmt.Sprintf("%s ×%d on %s (%s)", name, n, at, ra)
	}
	f := ww.rng.IntN(13)
	if !prefix && f >= 5 && f <= 10 {
		f = 11
	}
	switch f {
	case 2:
		return ww.gateway("dropped connection", ww.emu.DropConnections)
	case 3:
		return ww.gateway("RECONNECT", ww.emu.SendReconnect)
	case 4:
		resumable := ww.rng.IntN(2) == 0
		return ww.gateway(fmt.Sprintf("INVALID_SESSION d:%v", resumable), func() { ww.emu.SendInvalidSession(resumable) })
	case 5:
		return rest("429 route", func() { ww.emu.FailRESTRateLimit("POST", at, n, discordtest.RateLimitRoute, ra) })
	case 6:
		return rest("429 global", func() { ww.emu.FailRESTRateLimit("POST", at, n, discordtest.RateLimitGlobal, ra) })
	case 7:
		return rest("429 shared", func() { ww.emu.FailRESTRateLimit("POST", at, n, discordtest.RateLimitShared, ra) })
	case 8:
		return rest("429 HTML", func() { ww.emu.FailRESTRateLimit("POST", at, n, discordtest.RateLimitHTML, ra) })
	case 9, 10:
		status := []int{500, 502, 503, 504}[ww.rng.IntN(4)]
		return rest(strconv.Itoa(status), func() { ww.emu.FailREST("POST", at, n, status, 0) })
	case 11:
		k, d := int32(1+ww.rng.IntN(4)), time.Duration(100+ww.rng.IntN(900))*time.Millisecond
		ww.tally["slow responses"]++
		ww.slow.slowNext(k, d)
		return fmt.Sprintf("slow responses ×%d (%s)", k, d)
	case 12:
		name := ww.gateway("zombie (no heartbeat ACKs)", func() { ww.emu.SetHeartbeatAcks(false) })
		ww.emu.SetHeartbeatAcks(true)
		return name
	}
	ww.tally["none"]++
	return "none"
}

// gateway injects a gateway fault and waits until the bot has sent its
// next IDENTIFY or RESUME (an event sent while no session exists would be
// lost on real Discord too, which is not what this checks).
func (ww *world) gateway(name string, inject func()) string {
	ww.tally[name]++
	before := ww.emu.Identifies() + ww.emu.Resumes()
	inject()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := ww.emu.WaitFor(ctx, func() bool { return ww.emu.Identifies()+ww.emu.Resumes() > before }); err != nil {
		ww.t.Errorf("%s: the bot did not reconnect: %v", name, err)
	}
	select {
	case <-ww.h.Bot.Ready():
	case <-ctx.Done():
	}
	return name
}

// outcome is how one command ended.
type outcome struct {
	cmd, text string
	kind      string // answered, refused (typed), unanswered, untyped
	warn      bool
}

// command sends this round's command (kinds 0–2 prefix, 3–4 slash) and
// classifies the answer.
func (ww *world) command(kind int) outcome {
	switch kind {
	case 0:
		return ww.prefix(ww.w.Alice, "!ping", false, "Pong!")
	case 1:
		return ww.prefix(ww.w.Moderator, "!warn <@"+ww.w.Bob+"> chaos", true, "Case #")
	case 2:
		return ww.prefix(ww.w.Moderator, "!warnings <@"+ww.w.Bob+">", false, "")
	case 3:
		return ww.slash(ww.w.Alice, "ping", nil, false, "Pong!")
	default:
		return ww.slash(ww.w.Moderator, "warn", []discordtest.Option{{Name: "member", Value: ww.w.Bob}, {Name: "reason", Value: "chaos"}}, true, "Case #")
	}
}

// prefix sends a prefix command and waits for the bot's answer.
func (ww *world) prefix(author, content string, warn bool, want string) outcome {
	o := outcome{cmd: content, warn: warn}
	m, err := ww.emu.SendMessage(ww.w.General, author, content)
	if err != nil {
		ww.t.Fatalf("send %q: %v", content, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	r, err := ww.emu.WaitMessage(ctx, ww.w.General, m.ID)
	if err != nil {
		o.kind = "unanswered"
		return o
	}
	o.text = bottest.Text(r)
	o.kind = classify(o.text, want)
	return o
}

// slash invokes an application command and waits for its answer.
func (ww *world) slash(user, name string, opts []discordtest.Option, warn bool, want string) outcome {
	o := outcome{cmd: "/" + name, warn: warn}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ix, err := ww.emu.InvokeSlash(ctx, discordtest.Slash{Channel: ww.w.General, User: user, Name: name, Options: opts, Override: true})
	if err != nil {
		o.kind, o.text = "unanswered", err.Error()
		return o
	}
	r, err := ix.AwaitReply(ctx)
	if err != nil {
		o.kind, o.text = "unanswered", err.Error()
		return o
	}
	o.text = r.Content
	for _, e := range r.Embeds {
		o.text += "\n" + e.Title + "\n" + e.Description
	}
	o.kind = classify(o.text, want)
	return o
}

// typed are the answers of the typed upstream errors.
var typed = []string{"Discord is rate-limiting me", "Discord is having trouble", "took too long"}

// classify sorts an answer: the expected one, a typed refusal, or the
// generic answer of an unknown error.
func classify(text, want string) string {
	for _, s := range typed {
		if strings.Contains(text, s) {
			return "refused"
		}
	}
	if strings.Contains(text, "Something went wrong") {
		return "untyped"
	}
	if want != "" && !strings.Contains(text, want) {
		return "untyped"
	}
	return "answered"
}

var caseRe = regexp.MustCompile(`Case #(\d+)`)

// caseNumber is the case number an answer reports, 0 when none.
func caseNumber(text string) int64 {
	m := caseRe.FindStringSubmatch(text)
	if m == nil {
		return 0
	}
	n, _ := strconv.ParseInt(m[1], 10, 64)
	return n
}

// calm stops injecting and lets pending work settle: the faults still
// queued are used up by a few pings.
func (ww *world) calm() {
	for range 3 {
		ww.prefix(ww.w.Alice, "!ping", false, "Pong!")
	}
}

// checkCases: case numbers are gapless per guild, every reported case
// exists (a warn by the moderator against bob, done), and there are no
// more warn cases than warns sent.
func (ww *world) checkCases(warnsSent int, reported map[int64]bool) []string {
	ctx := context.Background()
	cases, total, err := ww.st.CasesForTarget(ctx, ww.w.Guild, ww.w.Bob, 1, 10_000)
	if err != nil {
		return []string{"list cases: " + err.Error()}
	}
	var v []string
	byNumber := map[int64]modstore.Case{}
	warns := 0
	for _, c := range cases {
		if _, dup := byNumber[c.Number]; dup {
			v = append(v, fmt.Sprintf("case #%d stored twice", c.Number))
		}
		byNumber[c.Number] = c
		if c.Action == modstore.ActionWarn {
			warns++
		}
		if c.State == modstore.StatePending {
			v = append(v, fmt.Sprintf("case #%d still pending", c.Number))
		}
	}
	for n := int64(1); n <= total; n++ {
		if _, ok := byNumber[n]; !ok {
			v = append(v, fmt.Sprintf("case numbers have a gap at #%d (of %d)", n, total))
		}
	}
	for n := range reported {
		if c, ok := byNumber[n]; !ok || c.Action != modstore.ActionWarn {
			v = append(v, fmt.Sprintf("reported case #%d lost", n))
		}
	}
	if warns > warnsSent || warns < len(reported) {
		v = append(v, fmt.Sprintf("%d warn cases stored for %d warns sent, %d reported", warns, warnsSent, len(reported)))
	}
	ww.tally["cases stored"] = len(cases)
	return v
}

// memory is the process's RSS and, after a GC, its heap in use.
func memory() (rss, heap uint64) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b, err := os.ReadFile("/proc/self/status")
	if err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
				kb, _ := strconv.ParseUint(f[1], 10, 64)
				rss = kb << 10
			}
		}
	}
	return rss, ms.HeapInuse
}

// slowProxy forwards REST to the emulator, delaying the next n requests.
type slowProxy struct {
	url   string
	left  atomic.Int32
	delay atomic.Int64
}

func newSlowProxy(t *testing.T, emuAddr string) *slowProxy {
	p := &slowProxy{}
	target := &url.URL{Scheme: "http", Host: emuAddr}
	tr := &http.Transport{}
	rp := httputil.NewSingleHostReverseProxy(target)
	rp.Transport = tr
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p.left.Add(-1) >= 0 {
			select {
			case <-time.After(time.Duration(p.delay.Load())):
			case <-r.Context().Done():
			}
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(func() { srv.Close(); tr.CloseIdleConnections() })
	p.url = srv.URL
	return p
}

// slowNext delays the next n requests by d each.
func (p *slowProxy) slowNext(n int32, d time.Duration) {
	p.delay.Store(int64(d))
	p.left.Store(n)
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
