package bot

import (
	"context"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"log/slog"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"cogd/internal/command"
)

type fnCog func(r *Registrar) error

func (f fnCog) Setup(r *Registrar) error { return f(r) }

func testHost() *host { return &host{ctx: context.Background(), log: discardLog(), now: time.Now} }

func TestCogListRejectsDuplicatesAndBlanks(t *testing.T) {
	t.Parallel()
	mk := func(name string) CogInfo { return CogInfo{Name: name, New: func() Cog { return fnCog(nil) }} }
	tests := []struct {
		list []CogInfo
		want string
	}{
		{[]CogInfo{mk("a"), mk("A")}, `two cogs are called "A"`},
		{[]CogInfo{mk("")}, "bad cog name"},
		{[]CogInfo{mk("a b")}, "bad cog name"},
		{[]CogInfo{{Name: "x"}}, "no constructor"},
		{[]CogInfo{mk("bot")}, "the bot's own command group"},
	}
	for _, tt := range tests {
		if _, err := selectCogs(tt.list, nil); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("selectCogs(%v) = %v, want %q", tt.list, err, tt.want)
		}
	}
	if _, err := selectCogs([]CogInfo{mk("a")}, []string{"b"}); err == nil || !strings.Contains(err.Error(), "unknown cog") {
		t.Errorf("unknown COGS name: %v", err)
	}
	optIn := mk("example")
	optIn.OptIn = true
	got, err := selectCogs([]CogInfo{mk("a"), optIn}, nil)
	if err != nil || len(got) != 1 || got[0].Name != "a" {
		t.Errorf("default selection = %v, %v; want the opt-in cog left out", got, err)
	}
	if got, _ := selectCogs([]CogInfo{mk("a"), optIn}, []string{"example"}); len(got) != 1 || got[0].Name != "example" {
		t.Errorf("COGS=example = %v", got)
	}
}

// TestFailedSetupRunsCleanups: whatever makes Setup fail (an error, a
// panic, a registration mistake), the cleanups registered so far run, in
// reverse order, and no background task starts.
func TestFailedSetupRunsCleanups(t *testing.T) {
	t.Parallel()
	tests := map[string]func(r *Registrar) error{
		"error": func(*Registrar) error { return errors.New("no") },
		"panic": func(*Registrar) error { panic("no") },
		"mistake": func(r *Registrar) error {
			r.Listen(On(func(context.Context, int) error { return nil }))
			return nil
		},
	}
	for name, fail := range tests {
		var order []int
		started := false
		_, err := setupCog(CogInfo{Name: "c", New: func() Cog {
			return fnCog(func(r *Registrar) error {
				r.Cleanup(func(context.Context) error { order = append(order, 1); return nil })
				r.Cleanup(func(context.Context) error { order = append(order, 2); return nil })
				r.Go("t", func(context.Context) error { started = true; return nil })
				return fail(r)
			})
		}}, testHost())
		if err == nil || !reflect.DeepEqual(order, []int{2, 1}) || started {
			t.Errorf("%s: err %v, cleanups %v, task started %v", name, err, order, started)
		}
	}
}

// TestTasksAreCancelledAndAwaited: teardown cancels a task and waits for
// it before the cleanups run.
func TestTasksAreCancelledAndAwaited(t *testing.T) {
	t.Parallel()
	var events []string
	done := make(chan struct{})
	reg, err := setupCog(CogInfo{Name: "c", New: func() Cog {
		return fnCog(func(r *Registrar) error {
			r.Go("loop", func(ctx context.Context) error {
				<-ctx.Done()
				time.Sleep(10 * time.Millisecond) // a slow exit must still be awaited
				events = append(events, "task ended")
				close(done)
				return nil
			})
			r.Cleanup(func(context.Context) error { events = append(events, "cleanup"); return nil })
			return nil
		})
	}}, testHost())
	if err != nil {
		t.Fatal(err)
	}
	reg.start(context.Background())
	reg.teardown(context.Background())
	<-done
	if !reflect.DeepEqual(events, []string{"task ended", "cleanup"}) {
		t.Fatalf("events = %v", events)
	}
}

// TestGrantsGuardPrivilegedDependencies: REST and Control need a grant.
func TestGrantsGuardPrivilegedDependencies(t *testing.T) {
	t.Parallel()
	r := &Registrar{info: CogInfo{Name: "plain"}, host: testHost(), reg: &registration{}}
	if _, err := r.REST(); err == nil || !strings.Contains(err.Error(), "GrantREST") {
		t.Errorf("REST without the grant: %v", err)
	}
	if _, err := r.Control(); err == nil || !strings.Contains(err.Error(), "GrantControl") {
		t.Errorf("Control without the grant: %v", err)
	}
	r.info.Grants = GrantREST | GrantControl
	if _, err := r.REST(); err != nil {
		t.Error(err)
	}
	if _, err := r.Control(); err != nil {
		t.Error(err)
	}
}

// TestDeliveredEventsMatchDiscordgo: every event type discordgo v0.29.0
// decodes (its eventhandlers.go) can be listened to, and nothing else
// beyond its connection events.
func TestDeliveredEventsMatchDiscordgo(t *testing.T) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/bwmarrin/discordgo").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(strings.TrimSpace(string(out)), "eventhandlers.go"), nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"Connect": true, "Disconnect": true, "RateLimit": true}
	ast.Inspect(f, func(n ast.Node) bool {
		// func (eh xHandler) New() interface{} { return &X{} }
		if u, ok := n.(*ast.UnaryExpr); ok && u.Op == token.AND {
			if cl, ok := u.X.(*ast.CompositeLit); ok {
				if id, ok := cl.Type.(*ast.Ident); ok {
					want[id.Name] = true
				}
			}
		}
		return true
	})
	got := map[string]bool{}
	for typ := range deliveredEvents {
		got[typ.Elem().Name()] = true
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("delivered events differ from discordgo's: got %d, want %d", len(got), len(want))
	}
}

// TestCooldownsSurviveASwap: a registration keeps its prepared chains, so
// rebuilding the routes (another cog's reload) reuses them.
func TestCooldownsSurviveASwap(t *testing.T) {
	t.Parallel()
	reg, err := setupCog(CogInfo{Name: "c", New: func() Cog {
		return fnCog(func(r *Registrar) error {
			r.Command(&command.Command{Name: "x", Description: "x", Run: func(context.Context, *command.Context) error { return nil }})
			return nil
		})
	}}, testHost())
	if err != nil {
		t.Fatal(err)
	}
	wraps := 0
	wrap := func(run command.RunFunc) command.RunFunc { wraps++; return run }
	for range 3 {
		if _, err := buildRoutes([]*registration{reg}, wrap); err != nil {
			t.Fatal(err)
		}
	}
	if wraps != 1 {
		t.Fatalf("the chain was prepared %d times, want once", wraps)
	}
}

func discardLog() *slog.Logger { return slog.New(slog.DiscardHandler) }
