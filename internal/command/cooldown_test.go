package command

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// fakeClock is a settable clock.
type fakeClock struct{ t time.Time }

func (c *fakeClock) Now() time.Time          { return c.t }
func (c *fakeClock) Advance(d time.Duration) { c.t = c.t.Add(d) }

func newClock() *fakeClock { return &fakeClock{t: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)} }

func TestCooldownRate(t *testing.T) {
	clk := newClock()
	m := NewCooldownManager(Cooldown{Rate: 2, Per: 10 * time.Second}, clk.Now)
	steps := []struct {
		advance time.Duration
		key     string
		retry   time.Duration // 0 = allowed
	}{
		{0, "a", 0},
		{time.Second, "a", 0},
		{time.Second, "a", 8 * time.Second},
		{0, "b", 0},
		{7 * time.Second, "a", time.Second},
		{time.Second, "a", 0},
		{0, "a", 0},
		{0, "a", 10 * time.Second},
	}
	for i, s := range steps {
		clk.Advance(s.advance)
		release, err := m.Acquire(s.key, false)
		var ce *CooldownError
		switch {
		case s.retry == 0 && err != nil:
			t.Fatalf("step %d: %v", i, err)
		case s.retry != 0 && (!errors.As(err, &ce) || ce.RetryAfter != s.retry):
			t.Fatalf("step %d: err = %v; want retry after %v", i, err, s.retry)
		}
		if release != nil {
			release()
		}
	}
}

func TestCooldownBypassAndConcurrency(t *testing.T) {
	clk := newClock()
	m := NewCooldownManager(Cooldown{Rate: 1, Per: time.Minute, MaxConcurrency: 1}, clk.Now)
	r1, err := m.Acquire("a", false)
	if err != nil {
		t.Fatal(err)
	}
	var ce *ConcurrencyError
	if _, err := m.Acquire("a", true); !errors.As(err, &ce) || ce.Limit != 1 {
		t.Fatalf("second concurrent run: %v", err)
	}
	r1()
	r1() // idempotent
	r2, err := m.Acquire("a", true)
	if err != nil {
		t.Fatalf("owner bypass: %v", err)
	}
	r2()
	if _, err := m.Acquire("a", false); err == nil {
		t.Fatal("rate not applied to non-owner")
	}
}

func TestCooldownEvictsIdleBuckets(t *testing.T) {
	clk := newClock()
	m := NewCooldownManager(Cooldown{Rate: 1, Per: time.Second}, clk.Now)
	for i := 0; i < 1000; i++ {
		release, err := m.Acquire(fmt.Sprint(i), false)
		if err != nil {
			t.Fatal(err)
		}
		release()
	}
	busy, _ := m.Acquire("busy", false)
	clk.Advance(2 * time.Second)
	if _, err := m.Acquire("new", false); err != nil {
		t.Fatal(err)
	}
	if n := m.Len(); n != 2 {
		t.Errorf("after a period, %d buckets held; want 2 (busy, new)", n)
	}
	busy()
}

func TestCooldownBuckets(t *testing.T) {
	msg := &discordgo.Message{ChannelID: "c", GuildID: "g", Author: &discordgo.User{ID: "u"}}
	dm := &discordgo.Message{ChannelID: "d", Author: &discordgo.User{ID: "u"}}
	tests := []struct {
		b       BucketType
		msg     *discordgo.Message
		want    string
		display string
	}{
		{BucketUser, msg, "u", "user"},
		{BucketMember, msg, "g/u", "member"},
		{BucketMember, dm, "dm:d/u", "member"},
		{BucketChannel, msg, "c", "channel"},
		{BucketGuild, msg, "g", "server"},
		{BucketGuild, dm, "dm:d", "server"},
		{BucketGlobal, msg, "", "everyone"},
	}
	for _, tt := range tests {
		if got := (Cooldown{Bucket: tt.b}).key(&Context{Origin: Origin{GuildID: tt.msg.GuildID, ChannelID: tt.msg.ChannelID, Author: tt.msg.Author}}); got != tt.want || tt.b.String() != tt.display {
			t.Errorf("%v key = %q; want %q", tt.b, got, tt.want)
		}
	}
}

func TestPrepareCooldownPerCommand(t *testing.T) {
	clk := newClock()
	f := newFake()
	runs := 0
	cmd := &Command{Name: "x", Cooldown: &Cooldown{Rate: 1, Per: time.Minute, Bucket: BucketUser},
		Run: func(context.Context, *Context) error { runs++; return nil }}
	first, second := PrepareWith(cmd, Options{Now: clk.Now}), PrepareWith(cmd, Options{Now: clk.Now})
	alice := testUser(aliceID, "alice")
	ctx := context.Background()
	if err := first(ctx, newContext(f, cmd, alice, "")); err != nil {
		t.Fatal(err)
	}
	var ce *CooldownError
	if err := first(ctx, newContext(f, cmd, alice, "")); !errors.As(err, &ce) || ce.RetryAfter != time.Minute {
		t.Fatalf("second use: %v", err)
	}
	if err := second(ctx, newContext(f, cmd, alice, "")); err != nil {
		t.Fatalf("separately prepared chain shares state: %v", err)
	}
	owner := newContext(f, cmd, alice, "")
	owner.IsOwner = func(id string) bool { return id == aliceID }
	if err := first(ctx, owner); err != nil {
		t.Fatalf("owner not exempt: %v", err)
	}
	if runs != 3 {
		t.Errorf("runs = %d; want 3", runs)
	}
}

// TestCooldownIsUsedByRunsOnly: a typo (failed parse) or a refused check
// does not use up the cooldown; a run does.
func TestCooldownIsUsedByRunsOnly(t *testing.T) {
	clk := newClock()
	f := newFake()
	cmd := &Command{Name: "x", Cooldown: &Cooldown{Rate: 1, Per: time.Minute, Bucket: BucketUser},
		Params: []Param{Int("n", "a number")},
		Checks: []Check{Predicate("even", "no", func(_ context.Context, c *Context) bool { return c.RawArgs != "13" })},
		Run:    func(context.Context, *Context) error { return nil }}
	run := PrepareWith(cmd, Options{Now: clk.Now})
	alice := testUser(aliceID, "alice")
	ctx := context.Background()
	var conv *ConversionError
	if err := run(ctx, newContext(f, cmd, alice, "seven")); !errors.As(err, &conv) {
		t.Fatalf("typo: %v", err)
	}
	var ck *CheckError
	if err := run(ctx, newContext(f, cmd, alice, "13")); !errors.As(err, &ck) {
		t.Fatalf("refused check: %v", err)
	}
	if err := run(ctx, newContext(f, cmd, alice, "7")); err != nil {
		t.Fatalf("first real run after a typo and a refusal: %v", err)
	}
	var cd *CooldownError
	if err := run(ctx, newContext(f, cmd, alice, "8")); !errors.As(err, &cd) {
		t.Fatalf("second run: %v, want the cooldown", err)
	}
}
