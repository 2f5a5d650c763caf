package moderation

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"cogd/cogs/moderation/modstore"
	"cogd/internal/command"
)

func TestClassify(t *testing.T) {
	t.Parallel()
	tests := []struct {
		word string
		want shape
		d    time.Duration
	}{
		{"1h30m", shapeDuration, 90 * time.Minute},
		{"2d", shapeDuration, 48 * time.Hour},
		{"7", shapeNumber, 0},
		{"0", shapeNumber, 0},
		{"0s", shapeZero, 0},
		{"0h0m", shapeZero, 0},
		{"00S", shapeZero, 0},
		{"-1h", shapeNegative, 0},
		{"+3", shapeNegative, 0},
		{"1h30", shapeLookalike, 0},
		{"10mins", shapeDuration, 10 * time.Minute}, // the forms people write are durations
		{"1.5h", shapeDuration, 90 * time.Minute},
		{".5h", shapeLookalike, 0},
		{"3x", shapeLookalike, 0},
		{"3rd", shapeLookalike, 0},
		{"3rd strike", shapeOther, 0}, // a quoted phrase
		{"spam", shapeOther, 0},
		{"", shapeOther, 0},
		{"-", shapeOther, 0},
		{"h1", shapeOther, 0},
	}
	for _, tt := range tests {
		if d, got := classify(tt.word); got != tt.want || d != tt.d {
			t.Errorf("classify(%q) = %v, %v; want %v, %v", tt.word, d, got, tt.d, tt.want)
		}
	}
}

func TestDurationHint(t *testing.T) {
	t.Parallel()
	for word, want := range map[string]string{
		"1h30": "try 1h30m", "2d12": "try 2d12h", "1w3": "try 1w3d", "5m30": "try 5m30s",
		"10mins": "try 90s, 10m, 1h30m, 2d or 1w", "1s5": "try 90s, 10m, 1h30m, 2d or 1w",
	} {
		if got := durationHint(word); got != want {
			t.Errorf("durationHint(%q) = %q, want %q", word, got, want)
		}
	}
}

// ctxFor is a context of the ban command from the prefix transport, or an
// interaction (no message ID).
func ctxFor(t *testing.T, interaction bool) *command.Context {
	t.Helper()
	var ban *command.Command
	for _, c := range New(Options{}).Commands() {
		if c.Name == "ban" {
			ban = c
		}
	}
	cx := &command.Context{Command: ban, Prefix: "!", Origin: command.Origin{MessageID: "1"}}
	if interaction {
		cx.Origin.MessageID, cx.Prefix = "", "/"
	}
	return cx
}

func TestConvertDeleteDays(t *testing.T) {
	t.Parallel()
	tests := []struct {
		word        string
		interaction bool
		want        dayCount
		refused     string // "" accepts; "skip" gives the word on
	}{
		{"days:7", false, 7, ""},
		{"DAYS=3", false, 3, ""},
		{"delete:0", false, 0, ""},
		{"days:8", false, 0, "delete_days must be 0 to 7"},
		{"days:30", false, 0, "delete_days must be 0 to 7"},
		{"7", false, 0, "could mean two things"},
		{"7", true, 7, ""},
		{"8", true, 0, "delete_days must be 0 to 7"},
		{"2h", false, 0, "second duration"},
		{"3x", false, 0, "looks like a number"},
		{"spam", false, 0, "skip"},
	}
	for _, tt := range tests {
		got, err := convertDeleteDays(context.Background(), ctxFor(t, tt.interaction), tt.word)
		switch {
		case tt.refused == "" && (err != nil || got != tt.want):
			t.Errorf("%q (interaction %v) = %v, %v; want %v", tt.word, tt.interaction, got, err, tt.want)
		case tt.refused == "skip" && !isBadArgument(err):
			t.Errorf("%q = %v, %v; want a skippable BadArgument", tt.word, got, err)
		case tt.refused != "" && tt.refused != "skip" && !refusedWith(err, tt.refused):
			t.Errorf("%q = %v, %v; want a refusal with %q", tt.word, got, err, tt.refused)
		}
	}
	if maxDeleteDays != 7 {
		t.Fatalf("maxDeleteDays = %d: Discord deletes at most 7 days of messages", maxDeleteDays)
	}
}

func TestConvertBanLength(t *testing.T) {
	t.Parallel()
	optional, required := convertBanLength(false), convertBanLength(true)
	cx := ctxFor(t, false)
	if got, err := optional(context.Background(), cx, "1h30m"); err != nil || got != banLength(90*time.Minute) {
		t.Errorf("1h30m = %v, %v", got, err)
	}
	for _, word := range []string{"7", "spam"} {
		if _, err := optional(context.Background(), cx, word); !isBadArgument(err) {
			t.Errorf("optional %q: %v, want a skip to the next parameter", word, err)
		}
		if _, err := required(context.Background(), cx, word); !refusedWith(err, "Nothing was done.") {
			t.Errorf("required %q: %v, want a refusal", word, err)
		}
	}
	if _, err := optional(context.Background(), cx, "1h30"); !refusedWith(err, "“1h30” looks like a duration but isn't one (try 1h30m). Nothing was done.\nUsage: `!ban ") {
		t.Errorf("1h30: %v", err)
	}
	if banLength(0).String() != "permanent" || banLength(time.Hour).String() != "1h" {
		t.Errorf("banLength strings: %q %q", banLength(0), banLength(time.Hour))
	}
}

func TestActorIsTarget(t *testing.T) {
	t.Parallel()
	c := modstore.Case{Number: 4, TargetID: "u1", ModeratorID: "m"}
	if err := actorIsTarget(c, "u1"); err == nil || !strings.Contains(err.Error(), "Case #4 is about you") {
		t.Errorf("target acting: %v", err)
	}
	if err := actorIsTarget(c, "m"); err != nil {
		t.Errorf("moderator acting: %v", err)
	}
	if err := actorIsTarget(modstore.Case{Number: 5}, ""); err != nil {
		t.Errorf("a case without target: %v", err)
	}
}

// isBadArgument reports whether err lets an optional parameter pass the
// word on.
func isBadArgument(err error) bool {
	var ce *command.ConversionError
	return errors.As(err, &ce)
}

// refusedWith reports whether err is a refusal containing text.
func refusedWith(err error, text string) bool {
	var r *argRefusal
	return errors.As(err, &r) && strings.Contains(r.UserMessage(), text)
}

// FuzzClassify: classify never panics, and a word it calls a duration
// parses as one.
func FuzzClassify(f *testing.F) {
	for _, s := range []string{"1h30", "0s", "-1h", "7", "1.5h", "days:7", "", "+", "9999999999999w"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, word string) {
		d, sh := classify(word)
		if sh == shapeDuration {
			if got, err := command.ParseDuration(word); err != nil || got != d || d <= 0 {
				t.Fatalf("classify(%q) = %v duration, ParseDuration = %v, %v", word, d, got, err)
			}
		}
		_ = durationHint(word)
		_, _ = convertDeleteDays(context.Background(), nil, word)
	})
}
