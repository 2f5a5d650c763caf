package main

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/appcmd"
	"cogd/internal/discordtest"
	"cogd/internal/store/storetest"
)

// emuVars are the settings that point cogd at emu, with database db
// (a DATABASE_URL; "" means a new SQLite file).
func emuVars(t *testing.T, emu *discordtest.Server, db string, extra map[string]string) map[string]string {
	t.Helper()
	vars := map[string]string{"DISCORD_TOKEN": emu.Token(), "DISCORD_API_URL": emu.APIURL(), "METRICS_ADDR": "",
		"GEOCODING_API_URL": "http://127.0.0.1:9/v1", "WEATHER_API_URL": "http://127.0.0.1:9/v1", "CURRENCY_API_URL": "http://127.0.0.1:9/v1"}
	if db == "" {
		db = sqliteURL(t)
	}
	vars["DATABASE_URL"] = db
	for k, v := range extra {
		vars[k] = v
	}
	return vars
}

// sqliteURL is a DATABASE_URL for a new SQLite file.
func sqliteURL(t *testing.T) string {
	return "sqlite:" + t.TempDir() + "/cogd.db"
}

// cogd runs one subcommand to its end and returns the exit code and
// what it printed.
func cogd(t *testing.T, vars map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	env, out, errOut := testEnv(t, args, vars)
	code = Main(context.Background(), env)
	return code, out.String(), errOut.String()
}

func TestCommandsSyncRegistersOnceInBulk(t *testing.T) {
	emu := discordtest.NewTB(t, discordtest.Options{})
	emu.SeedDemo()
	vars := emuVars(t, emu, "", nil)
	code, out, errOut := cogd(t, vars, "commands", "sync")
	if code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	registered := emu.Commands("")
	if st := emu.CommandStats(""); st.Puts != 1 || st.Posts+st.Patches+st.Deletes != 0 {
		t.Fatalf("stats %+v, want exactly one bulk PUT", st)
	}
	if want := "global: registered " + strconv.Itoa(len(registered)) + " commands\n"; !strings.HasPrefix(out, want) {
		t.Errorf("stdout does not start with %q:\n%s", want, out)
	}
	for _, c := range registered {
		if !strings.Contains(out, "\n  "+appcmd.DisplayName(c)+"\n") {
			t.Errorf("stdout does not name %s:\n%s", appcmd.DisplayName(c), out)
		}
	}
	for _, want := range []string{"/ping", "/warn", "/help"} {
		if !strings.Contains(out, "  "+want+"\n") {
			t.Errorf("%s was not registered:\n%s", want, out)
		}
	}
	// sync is mode always: a second one PUTs again.
	if code, out, errOut := cogd(t, vars, "commands", "sync"); code != exitOK || emu.CommandStats("").Puts != 2 {
		t.Fatalf("second sync: exit %d, %d PUTs\n%s%s", code, emu.CommandStats("").Puts, out, errOut)
	}
}

func TestCommandsSyncDryRun(t *testing.T) {
	emu := discordtest.NewTB(t, discordtest.Options{})
	emu.SeedDemo()
	vars := emuVars(t, emu, "", nil)
	code, out, errOut := cogd(t, vars, "commands", "sync", "--dry-run")
	if code != exitOK || emu.CommandStats("").Puts != 0 {
		t.Fatalf("dry run: exit %d, %d PUTs\n%s%s", code, emu.CommandStats("").Puts, out, errOut)
	}
	if !strings.Contains(out, "to add, 0 to change, 0 to remove (dry run: nothing registered)") || !strings.Contains(out, "  + /ping\n") {
		t.Errorf("dry run on an empty scope:\n%s", out)
	}
	if code, _, errOut := cogd(t, vars, "commands", "sync"); code != exitOK {
		t.Fatalf("sync: exit %d %s", code, errOut)
	}
	code, out, _ = cogd(t, vars, "commands", "--dry-run", "sync")
	if code != exitOK || !strings.HasPrefix(out, "global: up to date (") || emu.CommandStats("").Puts != 1 {
		t.Errorf("dry run after sync: exit %d, %d PUTs\n%s", code, emu.CommandStats("").Puts, out)
	}
	// Only utility: the other cogs' commands would be removed, none changed.
	code, out, _ = cogd(t, emuVars(t, emu, vars["DATABASE_URL"], map[string]string{"COGS": "utility"}), "commands", "sync", "--dry-run")
	if code != exitOK || !strings.Contains(out, "0 to add, 0 to change, ") || !strings.Contains(out, "  - /warn\n") || strings.Contains(out, "- /ping") {
		t.Errorf("dry run with COGS=utility: exit %d\n%s", code, out)
	}
	if st := emu.CommandStats(""); st.Puts != 1 {
		t.Errorf("a dry run registered: %+v", st)
	}
}

func TestCommandsSyncGuildAndList(t *testing.T) {
	emu := discordtest.NewTB(t, discordtest.Options{})
	demo := emu.SeedDemo()
	vars := emuVars(t, emu, "", nil)
	if code, out, errOut := cogd(t, vars, "commands", "sync", "--guild", demo.Guild); code != exitOK || !strings.HasPrefix(out, "guild:"+demo.Guild+": registered ") {
		t.Fatalf("sync --guild: exit %d\n%s%s", code, out, errOut)
	}
	if g, global := emu.CommandStats(demo.Guild), emu.CommandStats(""); g.Puts != 1 || global.Puts != 0 {
		t.Fatalf("guild stats %+v, global %+v: want one PUT to the guild only", g, global)
	}
	code, out, errOut := cogd(t, vars, "commands", "list", "--guild", demo.Guild)
	if code != exitOK {
		t.Fatalf("list: exit %d %s", code, errOut)
	}
	cmds := emu.Commands(demo.Guild)
	if !strings.HasPrefix(out, "guild:"+demo.Guild+": "+strconv.Itoa(len(cmds))+" commands\n") {
		t.Errorf("list header:\n%s", out)
	}
	lines := map[string]string{}
	for _, l := range strings.Split(out, "\n") {
		f := strings.Fields(l)
		if len(f) >= 2 {
			lines[f[0]] = l
		}
	}
	for _, c := range cmds {
		if c.Type == discordgo.ChatApplicationCommand && !strings.Contains(lines[c.Name], "chat_input") || !strings.Contains(out, c.Description) {
			t.Errorf("list does not show %s (chat_input, %q):\n%s", c.Name, c.Description, out)
		}
	}
	if !strings.Contains(out, "  NAME ") || !strings.Contains(out, " user ") {
		t.Errorf("list has no header or no user command:\n%s", out)
	}
	if code, out, _ := cogd(t, vars, "commands", "list"); code != exitOK || out != "global: 0 commands\n" {
		t.Errorf("global list: exit %d %q", code, out)
	}
}

func TestCommandsRateLimitedPrintsRetryTime(t *testing.T) {
	emu := discordtest.NewTB(t, discordtest.Options{})
	emu.SeedDemo()
	emu.SetCommandCreateQuota(0)
	code, out, errOut := cogd(t, emuVars(t, emu, "", nil), "commands", "sync")
	if code != exitFailure {
		t.Fatalf("exit %d, want 1\n%s%s", code, out, errOut)
	}
	if !strings.HasPrefix(errOut, "cogd: commands sync global: Discord is rate-limiting command requests; retry after ") ||
		strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "retry after 2") {
		t.Errorf("stderr = %q, want one line with the retry time of the daily quota (about 24h)", errOut)
	}
	if st := emu.CommandStats(""); st.Puts != 0 {
		t.Errorf("stats %+v after a 429", st)
	}
}

func TestCommandsUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"commands"}, `cogd: commands: want sync or list, got ""`},
		{[]string{"commands", "push"}, `cogd: commands: want sync or list, got "push"`},
		{[]string{"commands", "sync", "list"}, `cogd: commands: want sync or list, got "sync list"`},
		{[]string{"commands", "list", "--dry-run"}, "cogd: commands: --dry-run goes with sync"},
		{[]string{"commands", "sync", "--guild", "dev"}, `cogd: commands: --guild "dev" is not a guild ID`},
		{[]string{"commands", "sync"}, "cogd: config: DISCORD_TOKEN: is not set"},
		{[]string{"invite"}, "cogd: config: DISCORD_TOKEN: is not set"},
		{[]string{"invite", "now"}, `cogd: invite: unexpected argument "now"`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, out, errOut := cogd(t, nil, tt.args...)
			if code != exitConfig || !strings.HasPrefix(errOut, tt.want) || strings.Count(errOut, "\n") != 1 || out != "" {
				t.Errorf("exit %d stderr %q stdout %q, want exit 2 and %q", code, errOut, out, tt.want)
			}
		})
	}
}

func TestInvitePrintsTheOAuthURL(t *testing.T) {
	emu := discordtest.NewTB(t, discordtest.Options{})
	emu.SeedDemo()
	code, out, errOut := cogd(t, emuVars(t, emu, "", nil), "invite")
	if code != exitOK || strings.Count(out, "\n") != 1 {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	u, err := url.Parse(strings.TrimSpace(out))
	if err != nil || u.Scheme != "https" || u.Host != "discord.com" || u.Path != "/oauth2/authorize" {
		t.Fatalf("not the authorize URL: %q (%v)", out, err)
	}
	q := u.Query()
	if q.Get("client_id") != emu.BotID() || q.Get("scope") != "bot applications.commands" {
		t.Errorf("client_id %q scope %q", q.Get("client_id"), q.Get("scope"))
	}
	perms, err := strconv.ParseInt(q.Get("permissions"), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	for name, bit := range map[string]int64{"send": discordgo.PermissionSendMessages, "ban (moderation)": discordgo.PermissionBanMembers,
		"timeout (moderation)": discordgo.PermissionModerateMembers} {
		if perms&bit == 0 {
			t.Errorf("permissions %d lack %s", perms, name)
		}
	}
	// Fewer cogs, fewer permissions: the number comes from the loaded cogs.
	_, out, _ = cogd(t, emuVars(t, emu, "", map[string]string{"COGS": "utility"}), "invite")
	u, _ = url.Parse(strings.TrimSpace(out))
	if few, _ := strconv.ParseInt(u.Query().Get("permissions"), 10, 64); few&discordgo.PermissionBanMembers != 0 || few == 0 {
		t.Errorf("COGS=utility asks for %d", few)
	}
}

// TestRestartRegistersOnlyWhatChanged runs `cogd run` three times on one
// database: the first start registers with one bulk PUT, a restart with
// the same definitions sends none, and a start whose definitions changed
// (COGS) sends exactly one more.
func TestRestartRegistersOnlyWhatChanged(t *testing.T) {
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			db := b.NewDatabase(t)
			dbURL := db.DSN
			if b.Driver == "sqlite" {
				dbURL = "sqlite:" + db.Path
			}
			emu := discordtest.NewTB(t, discordtest.Options{})
			emu.SeedDemo()
			steps := []struct {
				vars   map[string]string
				puts   int
				action string
			}{
				{map[string]string{}, 1, "action=registered"},
				{map[string]string{}, 1, "action=unchanged"},
				{map[string]string{"COGS": "utility,owner"}, 2, "action=registered"},
				{map[string]string{"COGS": "utility,owner"}, 2, "action=unchanged"},
			}
			for i, st := range steps {
				st.vars["DATABASE_URL"] = dbURL
				stop, stderr := runAgainst(t, emu, st.vars)
				waitLog(t, stderr, `msg="bot ready"`, stop)
				if code := stop(); code != exitOK {
					t.Fatalf("start %d: exit %d\n%s", i+1, code, stderr.String())
				}
				if got := emu.CommandStats(""); got.Puts != st.puts || got.Posts+got.Patches+got.Deletes != 0 {
					t.Fatalf("after start %d: %+v, want %d bulk PUTs in all\n%s", i+1, got, st.puts, stderr.String())
				}
				if !strings.Contains(stderr.String(), st.action) {
					t.Errorf("start %d: no %s in the log\n%s", i+1, st.action, stderr.String())
				}
			}
		})
	}
}

// TestCommandsSyncThenRunRegistersNothing: `cogd commands sync` stores the
// hash it registered, so the next `cogd run` sends no PUT.
func TestCommandsSyncThenRunRegistersNothing(t *testing.T) {
	emu := discordtest.NewTB(t, discordtest.Options{})
	emu.SeedDemo()
	db := sqliteURL(t)
	if code, out, errOut := cogd(t, emuVars(t, emu, db, nil), "commands", "sync"); code != exitOK {
		t.Fatalf("sync: exit %d\n%s%s", code, out, errOut)
	}
	stop, stderr := runAgainst(t, emu, map[string]string{"DATABASE_URL": db})
	waitLog(t, stderr, `msg="bot ready"`, stop)
	stop()
	if st := emu.CommandStats(""); st.Puts != 1 || !strings.Contains(stderr.String(), "action=unchanged") {
		t.Errorf("cogd run after commands sync: %+v\n%s", st, stderr.String())
	}
}

// TestRequireIntentsRefusesToStart: REQUIRE_INTENTS reaches the preflight;
// an intent the application lacks stops `cogd run` with exit 1, naming the
// switch in the Developer Portal.
func TestRequireIntentsRefusesToStart(t *testing.T) {
	tests := []struct {
		name, require string
		flags         int
		want          string
	}{
		{"presences", "guild_presences", 0, "Presence"},
		{"message content", "message_content", discordtest.FlagGatewayPresence, "Message Content"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			emu := discordtest.NewTB(t, discordtest.Options{ApplicationFlags: tt.flags})
			emu.SeedDemo()
			code, out, errOut := cogd(t, emuVars(t, emu, "", map[string]string{"REQUIRE_INTENTS": tt.require, "STARTUP_TIMEOUT": "10s"}), "run")
			if code != exitFailure || !strings.Contains(errOut, tt.want) || !strings.Contains(errOut, "Developer Portal") {
				t.Errorf("exit %d, want 1 naming %s and the Developer Portal\n%s%s", code, tt.want, out, errOut)
			}
		})
	}
}
