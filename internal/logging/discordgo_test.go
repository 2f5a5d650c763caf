package logging

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// record is one decoded JSON log line.
type record struct {
	Level     string
	Msg       string
	Component string
	Source    struct {
		File string
		Line int
	}
}

// bridgeLogger returns a DiscordgoLogger over a debug-level JSON logger
// with source locations, and the buffer it writes to.
func bridgeLogger() (func(int, int, string, ...interface{}), *bytes.Buffer) {
	var buf bytes.Buffer
	h := slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug, AddSource: true})
	return DiscordgoLogger(slog.New(h)), &buf
}

// decode returns the single record in buf.
func decode(t *testing.T, buf *bytes.Buffer) record {
	t.Helper()
	var r record
	if err := json.Unmarshal(buf.Bytes(), &r); err != nil {
		t.Fatalf("decode %q: %v", buf, err)
	}
	return r
}

func TestDiscordgoLoggerLevels(t *testing.T) {
	tests := []struct {
		msgL int
		want string
	}{
		{discordgo.LogError, "ERROR"},
		{discordgo.LogWarning, "WARN"},
		{discordgo.LogInformational, "INFO"},
		{discordgo.LogDebug, "DEBUG"},
		{-1, "ERROR"},
		{9, "DEBUG"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			log, buf := bridgeLogger()
			log(tt.msgL, 1, "heartbeat %d\n", 7)
			r := decode(t, buf)
			if r.Level != tt.want || r.Msg != "heartbeat 7" || r.Component != "discordgo" {
				t.Errorf("got %+v", r)
			}
		})
	}
}

func TestDiscordgoLoggerBadArgs(t *testing.T) {
	tests := []struct {
		name, format string
		args         []interface{}
		want         string
	}{
		{"missing", "a %s %d", []interface{}{"x"}, "a x %!d(MISSING)"},
		{"extra", "a", []interface{}{1}, "a%!(EXTRA int=1)"},
		{"wrong type", "%d", []interface{}{"x"}, "%!d(string=x)"},
		{"nil", "%s", []interface{}{nil}, "%!s(<nil>)"},
		{"panicking stringer", "%s", []interface{}{panicker{}}, "%!s(PANIC=String method: boom)"},
		{"no args", "100%", nil, "100%!(NOVERB)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			log, buf := bridgeLogger()
			log(discordgo.LogError, 1, tt.format, tt.args...)
			if r := decode(t, buf); r.Msg != tt.want {
				t.Errorf("msg %q, want %q", r.Msg, tt.want)
			}
		})
	}
}

// panicker is a fmt.Stringer that panics.
type panicker struct{}

// String panics.
func (panicker) String() string { panic("boom") }

// fakeMsglog stands in for discordgo's msglog, which calls Logger.
//
//go:noinline
func fakeMsglog(log func(int, int, string, ...interface{}), msgL, caller int, format string, a ...interface{}) {
	log(msgL, caller, format, a...)
}

// fakeSessionLog stands in for discordgo's Session.log, which calls msglog
// with caller 2.
//
//go:noinline
func fakeSessionLog(log func(int, int, string, ...interface{}), msgL int, format string) {
	fakeMsglog(log, msgL, 2, format)
}

func TestDiscordgoLoggerSource(t *testing.T) {
	log, buf := bridgeLogger()
	_, file, line, _ := runtime.Caller(0)
	fakeSessionLog(log, discordgo.LogWarning, "called") // line+1
	r := decode(t, buf)
	if filepath.Base(r.Source.File) != filepath.Base(file) || r.Source.Line != line+1 {
		t.Errorf("source %s:%d, want %s:%d", r.Source.File, r.Source.Line, file, line+1)
	}
}

func TestDiscordgoLoggerFiltersAndNil(t *testing.T) {
	var buf bytes.Buffer
	log := DiscordgoLogger(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelWarn})))
	log(discordgo.LogInformational, 1, "called")
	log(discordgo.LogDebug, 1, "Op: %d", 1)
	if buf.Len() != 0 {
		t.Errorf("logged below the level: %s", buf.String())
	}
	DiscordgoLogger(nil)(discordgo.LogError, 1, "dropped %d", 1)
}

func TestDiscordgoLoggerRedacts(t *testing.T) {
	var buf bytes.Buffer
	l, _, err := New(Options{Level: slog.LevelDebug, Stderr: &buf, Secrets: []string{"Bot SENTINEL-42"}})
	if err != nil {
		t.Fatal(err)
	}
	payload := struct{ Token string }{"Bot SENTINEL-42"}
	DiscordgoLogger(l)(discordgo.LogDebug, 1, "Identify Packet: \n%#v", payload)
	if strings.Contains(buf.String(), "SENTINEL") || !strings.Contains(buf.String(), Redacted) {
		t.Errorf("not redacted: %s", buf.String())
	}
}

func TestDiscordgoLevel(t *testing.T) {
	tests := []struct {
		level slog.Level
		want  int
	}{
		{slog.LevelDebug - 4, discordgo.LogInformational},
		{slog.LevelDebug, discordgo.LogInformational},
		{slog.LevelInfo, discordgo.LogWarning},
		{slog.LevelWarn, discordgo.LogWarning},
		{slog.LevelError, discordgo.LogError},
		{slog.LevelError + 4, discordgo.LogError},
	}
	for _, tt := range tests {
		t.Run(tt.level.String(), func(t *testing.T) {
			got := DiscordgoLevel(tt.level)
			if got != tt.want {
				t.Errorf("DiscordgoLevel(%v) = %d, want %d", tt.level, got, tt.want)
			}
			if got == discordgo.LogDebug {
				t.Error("LogDebug prints the identify payload")
			}
		})
	}
}
