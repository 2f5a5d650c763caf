package command

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

const (
	day  = 24 * time.Hour
	week = 7 * day
)

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"90s", 90 * time.Second}, {"10m", 10 * time.Minute}, {"1h30m", 90 * time.Minute}, {"2d", 2 * day},
		{"1w", week}, {"1W2D", 9 * day}, {"10 minutes", 10 * time.Minute}, {"10mins", 10 * time.Minute},
		{"10 min", 10 * time.Minute}, {"1.5h", 90 * time.Minute}, {"2d12h", 60 * time.Hour}, {"1 week", week},
		{"2w", 2 * week}, {"1h 30m", 90 * time.Minute}, {"1 hour 30 minutes", 90 * time.Minute},
		{"3 Days", 3 * day}, {"1 HR", time.Hour}, {"2hrs", 2 * time.Hour}, {"45sec", 45 * time.Second},
		{"1 second", time.Second}, {"2 wks", 2 * week}, {"0.5m", 30 * time.Second}, {"1.25 hours", 75 * time.Minute},
		{"1m0s", time.Minute}, {"  5m  ", 5 * time.Minute}, {"1.4s", time.Second}, {"0.5s", time.Second},
		{"15250w", 15250 * week},
	}
	for _, tt := range tests {
		if got, err := ParseDuration(tt.in); err != nil || got != tt.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestParseDurationErrors(t *testing.T) {
	tests := []struct {
		in, msg string
		final   bool
	}{
		{"", "“” is not a duration (examples: 10m, 1h30m, 2d).", false},
		{"soon", "“soon” is not a duration (examples: 10m, 1h30m, 2d).", false},
		{"m", "“m” is not a duration (examples: 10m, 1h30m, 2d).", false},
		{"1x", "“1x” is not a duration (examples: 10m, 1h30m, 2d).", false},
		{"-5m", "“\\-5m” is not a duration (examples: 10m, 1h30m, 2d).", false},
		{"1.h", "“1.h” is not a duration (examples: 10m, 1h30m, 2d).", false},
		{"10 5m", "“10 5m” is not a duration (examples: 10m, 1h30m, 2d).", false},
		{"30", "“30” has no unit: add one, 30m? 30s?", false},
		{"0s", "“0s” must be positive.", true},
		{"0 minutes", "“0 minutes” must be positive.", true},
		{"0.1s", "“0.1s” must be at least 1 second.", true},
		{"1h30", "“1h30” is missing a unit after 30: did you mean 1h30m?", true},
		{"1m30", "“1m30” is missing a unit after 30: did you mean 1m30s?", true},
		{"1s5", "“1s5” is missing a unit after 5.", true},
		{"1h1h", "“1h1h” is not a duration: write the units from largest to smallest, each once (e.g. 1h30m).", true},
		{"30m1h", "“30m1h” is not a duration: write the units from largest to smallest, each once (e.g. 1h30m).", true},
		{"2 months", "“2 months” uses months or years, whose length varies: use days or weeks (e.g. 30d, 52w).", true},
		{"1y", "“1y” uses months or years, whose length varies: use days or weeks (e.g. 30d, 52w).", true},
		{"15251w", "“15251w” is too long.", true},
		{"99999999999999999999w", "“99999999999999999999w” is too long.", true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := ParseDuration(tt.in)
			var de *DurationError
			if !errors.As(err, &de) {
				t.Fatalf("ParseDuration(%q) error = %v (%T)", tt.in, err, err)
			}
			if got := de.UserMessage(); got != tt.msg {
				t.Errorf("message\n got %q\nwant %q", got, tt.msg)
			}
			if de.Final != tt.final {
				t.Errorf("Final = %v, want %v", de.Final, tt.final)
			}
		})
	}
}

// banLike has the parameters of moderation's ban: an optional duration
// followed by an optional day count and a free-text reason.
func banLike() []Param {
	return []Param{Member("member", ""), Duration("duration", "").Optional(0),
		Int("days", "").Optional(0).Min(0).Max(7), String("reason", "").Optional("").Rest()}
}

func TestParseDurationWords(t *testing.T) {
	tests := []struct{ args, want string }{
		{"bob 10 minutes spam", `member=bob* duration=10m0s* days=0 reason="spam"*`},
		{"bob 1h 30m spam", `member=bob* duration=1h30m0s* days=0 reason="spam"*`},
		{"bob 1 hour 30 minutes", `member=bob* duration=1h30m0s* days=0 reason=""`},
		{"bob 2d12h 3 raid", `member=bob* duration=60h0m0s* days=3* reason="raid"*`},
		{"bob 1h 7 spam", `member=bob* duration=1h0m0s* days=7* reason="spam"*`},
		{"bob 1.5h", `member=bob* duration=1h30m0s* days=0 reason=""`},
		{"bob 1 week minutes", `member=bob* duration=168h0m0s* days=0 reason="minutes"*`},
		{`bob "2 days" spam`, `member=bob* duration=48h0m0s* days=0 reason="spam"*`},
		{"bob 10s 1h", `member=bob* duration=10s* days=0 reason="1h"*`},
		{"bob spam", `member=bob* duration=0s days=0 reason="spam"*`},
		{"bob 3 spam", `member=bob* duration=0s days=3* reason="spam"*`},
	}
	for _, tt := range tests {
		t.Run(tt.args, func(t *testing.T) {
			cmd := &Command{Name: "ban", Params: banLike()}
			c := newContext(peopleFake(), cmd, testUser(aliceID, "alice"), tt.args)
			if err := Parse(context.Background(), c); err != nil {
				t.Fatalf("Parse(%q): %v", tt.args, err)
			}
			if got := describeArgs(c); got != tt.want {
				t.Errorf("Parse(%q)\n got %s\nwant %s", tt.args, got, tt.want)
			}
		})
	}
}

func TestParseDurationArgErrors(t *testing.T) {
	timeoutLike := []Param{Member("member", ""), Duration("duration", "").Min(time.Minute).Max(28 * day),
		String("reason", "").Optional("").Rest()}
	tests := []struct {
		name, args string
		params     []Param
		msg        string
	}{
		{"zero", "bob 0s", timeoutLike, "Bad value for duration: “0s” must be positive."},
		{"zero words", "bob 0 minutes spam", timeoutLike, "Bad value for duration: “0 minutes” must be positive."},
		{"too long", "bob 29d", timeoutLike, "Bad value for duration: “29d” is out of range: must be between 1 minute and 28 days."},
		{"too short", "bob 30s", timeoutLike, "Bad value for duration: “30s” is out of range: must be between 1 minute and 28 days."},
		{"bare number", "bob 30", timeoutLike, "Bad value for duration: “30” has no unit: add one, 30m? 30s?"},
		{"garbage", "bob soon", timeoutLike, "Bad value for duration: “soon” is not a duration (examples: 10m, 1h30m, 2d)."},
		{"months", "bob 1 month", timeoutLike, "Bad value for duration: “1 month” uses months or years, whose length varies: use days or weeks (e.g. 30d, 52w)."},
		{"months one word", "bob 1mo", timeoutLike, "Bad value for duration: “1mo” uses months or years, whose length varies: use days or weeks (e.g. 30d, 52w)."},
		{"optional zero is not skipped", "bob 0s spam", banLike(), "Bad value for duration: “0s” must be positive."},
		{"optional mistyped is not skipped", "bob 1h30 spam", banLike(), "Bad value for duration: “1h30” is missing a unit after 30: did you mean 1h30m?"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := &Command{Name: "timeout", Params: tt.params}
			c := newContext(peopleFake(), cmd, testUser(aliceID, "alice"), tt.args)
			err := Parse(context.Background(), c)
			var ce *ConversionError
			if !errors.As(err, &ce) {
				t.Fatalf("Parse(%q) = %v (%T)", tt.args, err, err)
			}
			if err.Error() != tt.msg {
				t.Errorf("message\n got %q\nwant %q", err.Error(), tt.msg)
			}
		})
	}
}

func TestDurationWords(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{time.Second, "1 second"}, {28 * day, "28 days"}, {90 * time.Minute, "1 hour 30 minutes"}, {0, "0 seconds"},
		{week + 2*time.Second, "7 days 2 seconds"},
	}
	for _, tt := range tests {
		if got := durationWords(tt.d); got != tt.want {
			t.Errorf("durationWords(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"90s", "10 minutes", "1.5h", "1h 30m", "2d12h", "1 week", "0s", "30", "1h30", "1mo", "15251w", "1.", ".5h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDuration(s)
		if err != nil {
			var de *DurationError
			if !errors.As(err, &de) || de.Reason == "" || de.UserMessage() == "" {
				t.Fatalf("ParseDuration(%q): bad error %#v", s, err)
			}
			return
		}
		if d < time.Second || d%time.Second != 0 {
			t.Fatalf("ParseDuration(%q) = %v: not whole positive seconds", s, d)
		}
		if back, err := ParseDuration(FormatDuration(d)); err != nil || back != d {
			t.Fatalf("round trip %q → %v → %q → %v, %v", s, d, FormatDuration(d), back, err)
		}
		if back, err := ParseDuration(strings.ToUpper(s)); err != nil || back != d {
			t.Fatalf("upper case %q → %v, %v; want %v", s, back, err, d)
		}
		if back, err := ParseDuration(strings.Join(strings.Fields(s), "")); err != nil || back != d {
			t.Fatalf("without spaces %q → %v, %v; want %v", s, back, err, d)
		}
	})
}
