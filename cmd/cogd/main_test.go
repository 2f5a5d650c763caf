package main

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"go.uber.org/goleak"

	"cogd/internal/discordtest"
	"cogd/internal/logging"
)

func TestMain(m *testing.M) {
	// The SIGTERM test runs this test binary as cogd itself.
	if os.Getenv("COGD_TEST_RUN_MAIN") == "1" {
		os.Args = []string{"cogd", "run", "-env", "testdata/none.env"}
		if args := os.Getenv("COGD_TEST_ARGS"); args != "" {
			os.Args = append([]string{"cogd"}, strings.Fields(args)...)
		}
		main()
	}
	goleak.VerifyTestMain(m)
}

// lockedBuffer collects output written from several goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// testEnv returns an Env with vars as the whole environment and no .env;
// the database is a temporary file unless vars name one.
func testEnv(t *testing.T, args []string, vars map[string]string) (Env, *lockedBuffer, *lockedBuffer) {
	out, errOut := &lockedBuffer{}, &lockedBuffer{}
	if _, ok := vars["DATABASE_URL"]; !ok {
		// A temporary database, and weather/currency upstreams on loopback
		// where nothing listens: no test reaches a real host.
		local := "http://127.0.0.1:9/v1"
		all := map[string]string{"DATABASE_URL": "sqlite:" + filepath.Join(t.TempDir(), "cogd.db"),
			"GEOCODING_API_URL": local, "WEATHER_API_URL": local, "CURRENCY_API_URL": local}
		for k, v := range vars {
			all[k] = v
		}
		vars = all
	}
	return Env{
		Args: append(args, "-env", "testdata/none.env"), Stdin: strings.NewReader(""), Stdout: out, Stderr: errOut,
		Lookup: func(k string) (string, bool) { v, ok := vars[k]; return v, ok },
	}, out, errOut
}

const sentinel = "SENTINEL.token-value.do-not-print"

func TestBadConfigIsOneLineAndExit2(t *testing.T) {
	tests := []struct {
		name string
		vars map[string]string
		want string
	}{
		{"missing token", map[string]string{}, "cogd: config: DISCORD_TOKEN: is not set"},
		{"short token", map[string]string{"DISCORD_TOKEN": "abc"}, "cogd: config: DISCORD_TOKEN: is too short"},
		{"prefix with space", map[string]string{"DISCORD_TOKEN": sentinel, "COMMAND_PREFIX": "a b"}, "cogd: config: COMMAND_PREFIX:"},
		{"bad shard list", map[string]string{"DISCORD_TOKEN": sentinel, "SHARD_IDS": "0-x"}, "cogd: config: SHARD_IDS:"},
		{"bad database", map[string]string{"DISCORD_TOKEN": sentinel, "DATABASE_URL": "mysql://x"}, "cogd: config: DATABASE_URL:"},
		{"bad log level", map[string]string{"DISCORD_TOKEN": sentinel, "LOG_LEVEL": "loud"}, "cogd: config: LOG_LEVEL:"},
		{"bad metrics addr", map[string]string{"DISCORD_TOKEN": sentinel, "METRICS_ADDR": "nope"}, "cogd: config: METRICS_ADDR:"},
		{"bad api url", map[string]string{"DISCORD_TOKEN": sentinel, "DISCORD_API_URL": "ftp://x"}, "cogd: config: DISCORD_API_URL:"},
		{"bad timeout", map[string]string{"DISCORD_TOKEN": sentinel, "COMMAND_TIMEOUT": "forever"}, "cogd: config: COMMAND_TIMEOUT:"},
		{"unknown cog", map[string]string{"DISCORD_TOKEN": sentinel, "COGS": "utility,nosuch"}, `cogd: COGS: unknown cog "nosuch"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env, _, stderr := testEnv(t, []string{"run"}, tt.vars)
			code := Main(context.Background(), env)
			got := stderr.String()
			if code != exitConfig {
				t.Errorf("exit code %d, want %d", code, exitConfig)
			}
			if strings.Count(got, "\n") != 1 || !strings.HasPrefix(got, tt.want) {
				t.Errorf("stderr = %q, want one line starting %q", got, tt.want)
			}
			if strings.Contains(got, sentinel) {
				t.Errorf("the token was printed: %q", got)
			}
		})
	}
}

func TestSubcommandHelpAndVersion(t *testing.T) {
	for _, args := range [][]string{{"run", "-h"}, {"demo", "-h"}, {"version", "-h"}, {"-h"}} {
		env, stdout, _ := testEnv(t, nil, nil)
		env.Args = args
		if code := Main(context.Background(), env); code != exitOK || !strings.Contains(stdout.String(), "usage: cogd") {
			t.Errorf("%v: exit %d, stdout %q", args, code, stdout.String())
		}
	}
	env, stdout, _ := testEnv(t, nil, nil)
	env.Args = []string{"version"}
	if code := Main(context.Background(), env); code != exitOK || !strings.HasPrefix(stdout.String(), "cogd ") {
		t.Errorf("version: exit %d, stdout %q", code, stdout.String())
	}
	env, _, stderr := testEnv(t, []string{"frobnicate"}, nil)
	if code := Main(context.Background(), env); code != exitConfig || !strings.Contains(stderr.String(), "unknown subcommand") {
		t.Errorf("unknown subcommand: exit %d, %q", code, stderr.String())
	}
}

// runAgainst runs `cogd run` against emu until stop is called.
func runAgainst(t *testing.T, emu *discordtest.Server, vars map[string]string) (stop func() int, stderr *lockedBuffer) {
	t.Helper()
	all := map[string]string{"DISCORD_TOKEN": emu.Token(), "DISCORD_API_URL": emu.APIURL(), "STARTUP_TIMEOUT": "10s",
		"METRICS_ADDR": "127.0.0.1:0"}
	for k, v := range vars {
		all[k] = v
	}
	env, _, stderr := testEnv(t, []string{"run"}, all)
	// Only the tests that run `cogd run` against an emulator install
	// discordgo's package logger, as main does; they are not parallel.
	env.InstallDiscordLog = func(l *slog.Logger) { discordgo.Logger = logging.DiscordgoLogger(l) }
	ctx, cancel := context.WithCancel(context.Background())
	code := make(chan int, 1)
	go func() { code <- Main(ctx, env) }()
	var once sync.Once
	exit := 0
	return func() int {
		once.Do(func() { cancel(); exit = <-code })
		return exit
	}, stderr
}

func TestTokenNeverLoggedAtDebug(t *testing.T) {
	emu := discordtest.NewTB(t, discordtest.Options{Token: sentinel, HeartbeatInterval: 200 * time.Millisecond})
	w := emu.SeedDemo()
	stop, stderr := runAgainst(t, emu, map[string]string{"LOG_LEVEL": "debug"})
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := emu.WaitFor(ctx, func() bool { return emu.Heartbeats() > 0 }); err != nil {
		t.Fatalf("bot never connected: %v\n%s", err, stderr.String())
	}
	for _, text := range []string{"!ping", "!help", "!pnig"} { // !pnig: an unknown command that is answered (a typo of ping)
		m, err := emu.SendMessage(w.General, w.Alice, text)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := emu.WaitMessage(ctx, w.General, m.ID); err != nil {
			t.Fatalf("%s: no reply: %v", text, err)
		}
	}
	emu.SendReconnect() // makes discordgo log its reconnect at info level
	if err := emu.WaitFor(ctx, func() bool { return emu.Resumes() > 0 }); err != nil {
		t.Fatal(err)
	}
	if code := stop(); code != exitOK {
		t.Fatalf("exit %d:\n%s", code, stderr.String())
	}
	logs := stderr.String()
	if !strings.Contains(logs, "component=discordgo") || !strings.Contains(logs, "msg=command") {
		t.Fatalf("expected command and discordgo lines in the log:\n%s", logs)
	}
	if strings.Contains(logs, sentinel) || strings.Contains(logs, "do-not-print") {
		t.Fatalf("the token appears in the log:\n%s", logs)
	}
}

func TestFatalCloseAtStartupExitsNonZero(t *testing.T) {
	emu := discordtest.NewTB(t, discordtest.Options{Token: sentinel})
	emu.SeedDemo()
	emu.FailIdentify(4004)
	env, _, stderr := testEnv(t, []string{"run"}, map[string]string{"DISCORD_TOKEN": emu.Token(), "DISCORD_API_URL": emu.APIURL(), "METRICS_ADDR": ""})
	code := Main(context.Background(), env)
	if code == exitOK || !strings.Contains(stderr.String(), "4004") || !strings.Contains(stderr.String(), "authentication failed") {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
	if emu.Identifies() != 1 {
		t.Errorf("%d identifies, want 1", emu.Identifies())
	}
}

func TestDemoPipedInput(t *testing.T) {
	env, stdout, stderr := testEnv(t, []string{"demo", "-data", t.TempDir()}, nil)
	env.Stdin = strings.NewReader("!ping\n!help\n/as alice\n!help ping\n/join carol\n/as carol\n!ping\n/as nobody\n/users\n/quit\n!never\n")
	if code := Main(context.Background(), env); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{"Pong! Gateway heartbeat", "COMMANDS", "you are now alice", "!ping",
		"carol joined Demo Server", "you are now carol", `no user "nobody"`, "users: alice, bob, carol, mod, you"} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q:\n%s", want, out)
		}
	}
	if strings.Count(out, "Pong!") != 2 {
		t.Errorf("want 2 pongs (none after /quit):\n%s", out)
	}
}

func TestMetricsAndReadiness(t *testing.T) {
	emu := discordtest.NewTB(t, discordtest.Options{})
	w := emu.SeedDemo()
	stop, stderr := runAgainst(t, emu, nil)
	defer stop()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	addr := ""
	for addr == "" && ctx.Err() == nil {
		_, rest, ok := strings.Cut(stderr.String(), `msg="metrics server listening" addr=`)
		if ok {
			addr, _, _ = strings.Cut(rest, "\n")
		}
		time.Sleep(5 * time.Millisecond)
	}
	base := "http://" + addr
	for status(t, base+"/readyz") != http.StatusOK {
		if ctx.Err() != nil {
			t.Fatalf("/readyz never became ready (addr %q, exit %d):\n%s", addr, stop(), stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if got := status(t, base+"/healthz"); got != http.StatusOK {
		t.Fatalf("/healthz = %d", got)
	}
	for _, text := range []string{"!ping", "!ping", "!pnig"} { // !pnig: an unknown command that is answered (a typo of ping)
		m, err := emu.SendMessage(w.General, w.Alice, text)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := emu.WaitMessage(ctx, w.General, m.ID); err != nil {
			t.Fatal(err)
		}
	}
	// A command is counted when it returns, just after its reply is sent.
	pingOK := map[string]string{"command": "ping", "outcome": "ok"}
	families := scrape(t, base+"/metrics")
	for counter(families["cogd_commands_total"], pingOK) < 2 && ctx.Err() == nil {
		time.Sleep(10 * time.Millisecond)
		families = scrape(t, base+"/metrics")
	}
	if got := counter(families["cogd_commands_total"], pingOK); got != 2 {
		t.Errorf("cogd_commands_total{command=ping,outcome=ok} = %v, want 2", got)
	}
	if got := counter(families["cogd_gateway_events_total"], map[string]string{"type": "MESSAGE_CREATE"}); got < 3 {
		t.Errorf("MESSAGE_CREATE events = %v", got)
	}
	if families["cogd_command_duration_seconds"] == nil {
		t.Error("no command duration histogram")
	}
}

func status(t *testing.T, url string) int {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

func scrape(t *testing.T, url string) map[string]*dto.MetricFamily {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	p := expfmt.NewTextParser(model.UTF8Validation)
	families, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("/metrics does not parse: %v", err)
	}
	return families
}

// counter is the value of the series of f whose labels include want.
func counter(f *dto.MetricFamily, want map[string]string) float64 {
	if f == nil {
		return -1
	}
	for _, m := range f.GetMetric() {
		match := 0
		for _, l := range m.GetLabel() {
			if want[l.GetName()] == l.GetValue() {
				match++
			}
		}
		if match == len(want) {
			return m.GetCounter().GetValue()
		}
	}
	return 0
}

func TestMigrateSubcommand(t *testing.T) {
	db := map[string]string{"DATABASE_URL": "sqlite:" + filepath.Join(t.TempDir(), "m.db")}
	env, stdout, _ := testEnv(t, nil, db)
	env.Args = []string{"migrate", "-env", "testdata/none.env"}
	if code := Main(context.Background(), env); code != exitOK || !strings.HasPrefix(stdout.String(), "applied ") ||
		!strings.Contains(stdout.String(), "00001_guild_settings.sql") || !strings.Contains(stdout.String(), "00004_case_state.sql") {
		t.Fatalf("up: exit %d\n%s", code, stdout.String())
	}
	env, stdout, stderr := testEnv(t, nil, db)
	env.Args = []string{"migrate", "-env", "testdata/none.env", "status"}
	if code := Main(context.Background(), env); code != exitOK || strings.Contains(stdout.String(), "pending") {
		t.Fatalf("status after: exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
	env, _, stderr = testEnv(t, nil, db)
	env.Args = []string{"migrate", "-env", "testdata/none.env", "sideways"}
	if code := Main(context.Background(), env); code != exitConfig || !strings.Contains(stderr.String(), `unknown action "sideways"`) {
		t.Fatalf("bad action: exit %d %q", code, stderr.String())
	}
}

// TestSIGTERMLetsASlowCommandFinish runs cogd as a real process, sends it
// SIGTERM while a command waits on a slow upstream, and expects the
// command's reply and exit code 0.
func TestSIGTERMLetsASlowCommandFinish(t *testing.T) {
	emu := discordtest.NewTB(t, discordtest.Options{})
	w := emu.SeedDemo()
	entered, release := make(chan struct{}, 1), make(chan struct{})
	upstream := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		entered <- struct{}{}
		<-release
		rw.Header().Set("Content-Type", "application/json")
		_, _ = rw.Write([]byte(`{"results":[]}`))
	}))
	defer upstream.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "COGD_TEST_RUN_MAIN=1", "DISCORD_TOKEN="+emu.Token(), "DISCORD_API_URL="+emu.APIURL(),
		"GEOCODING_API_URL="+upstream.URL+"/v1", "WEATHER_API_URL="+upstream.URL+"/v1", "CURRENCY_API_URL="+upstream.URL+"/v1",
		"DATABASE_URL=sqlite:"+filepath.Join(t.TempDir(), "c.db"), "METRICS_ADDR=")
	var logs lockedBuffer
	cmd.Stderr = &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := emu.WaitFor(ctx, func() bool { return emu.Heartbeats() > 0 }); err != nil {
		_ = cmd.Process.Kill()
		t.Fatalf("cogd did not connect: %v\n%s", err, logs.String())
	}
	m, err := emu.SendMessage(w.General, w.Alice, "!weather Atlantis")
	if err != nil {
		t.Fatal(err)
	}
	<-entered
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond) // the signal is being handled; the command still waits
	close(release)
	reply, err := emu.WaitMessage(ctx, w.General, m.ID)
	if err != nil || !strings.Contains(reply.Content, "Atlantis") {
		t.Fatalf("reply = %v, %v\n%s", reply, err, logs.String())
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("cogd exited with %v\n%s", err, logs.String())
	}
}
