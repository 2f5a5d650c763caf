package logging

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"
)

// fakeToken is shaped like a bot token; it is not a real one.
const fakeToken = "MTAxMjM0NTY3ODkwMTIzNDU2.GabcDE.abcdefghijklmnopqrstuvwxyz0123456789ab"

func TestRedactString(t *testing.T) {
	r := newRedactor([]string{"Bot s3cr3t-value", "hunter2", ""})
	tests := []struct {
		name, in, want string
	}{
		{"clean", "connected to gateway", "connected to gateway"},
		{"empty", "", ""},
		{"secret with prefix", "auth Bot s3cr3t-value ok", "auth [REDACTED] ok"},
		{"bare token", "token=s3cr3t-value", "token=[REDACTED]"},
		{"every occurrence", "hunter2 hunter2", "[REDACTED] [REDACTED]"},
		{"token shape", "got " + fakeToken + " back", "got [REDACTED] back"},
		{"token shape with Bot", "Bot " + fakeToken, "Bot [REDACTED]"},
		{"short dotted text", "v1.2.3 of a.b.c", "v1.2.3 of a.b.c"},
		{"header line", "Authorization: Bot abc.def\nnext", "Authorization: [REDACTED]\nnext"},
		{"header lower case", "authorization=Bearer xyz", "authorization=[REDACTED]"},
		{"http.Header", "map[Authorization:[Bot abc] User-Agent:[x]]", "map[Authorization:[[REDACTED]] User-Agent:[x]]"},
		{"json", `{"Authorization":"Bot abc","x":1}`, `{"Authorization":"[REDACTED]","x":1}`},
		{"escaped json", `{\"authorization\": \"Bot abc\"}`, `{\"authorization\": \"[REDACTED]\"}`},
		{"single quotes", `{'AUTHORIZATION': 'Basic dXNlcjpwYXNz'}`, `{'AUTHORIZATION': '[REDACTED]'}`},
		{"word only", "missing authorization header", "missing authorization header"},
		{"empty header", "Authorization: \n", "Authorization: \n"},
		{"value before a bracket", "AuthoriZAtion:abcd]", "AuthoriZAtion:[REDACTED]]"},
		{"already redacted", "AuthoriZAtion:[REDACTED]]", "AuthoriZAtion:[REDACTED]]"},
		{"redacted then more", "Authorization:[REDACTEDabc", "Authorization:[[REDACTED]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, changed := r.string(tt.in)
			if got != tt.want || changed != (tt.in != tt.want) {
				t.Errorf("string(%q) = %q, %v; want %q", tt.in, got, changed, tt.want)
			}
		})
	}
}

// stringer is a fmt.Stringer for tests.
type stringer string

// String returns s.
func (s stringer) String() string { return string(s) }

// valuer is a slog.LogValuer for tests.
type valuer string

// LogValue returns v as a string.
func (v valuer) LogValue() slog.Value { return slog.StringValue(string(v)) }

// creds hides a secret behind a pointer, which %+v prints as an address
// but JSON follows.
type creds struct {
	Inner *struct{ Token string }
}

// textLogger returns a debug-level redacting text logger without times.
func textLogger(buf *bytes.Buffer, secrets ...string) *slog.Logger {
	h := slog.NewTextHandler(buf, &slog.HandlerOptions{
		Level: slog.LevelDebug,
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey && len(groups) == 0 {
				return slog.Attr{}
			}
			return a
		},
	})
	return slog.New(NewRedactHandler(h, secrets...))
}

func TestRedactHandler(t *testing.T) {
	const secret = "Bot s3cr3t-value"
	inner := &struct{ Token string }{"s3cr3t-value"}
	tests := []struct {
		name string
		log  func(l *slog.Logger)
		want string
	}{
		{"clean", func(l *slog.Logger) { l.Info("hi", "n", 1) }, `level=INFO msg=hi n=1`},
		{"message", func(l *slog.Logger) { l.Info("using " + secret) }, `level=INFO msg="using [REDACTED]"`},
		{"string attr", func(l *slog.Logger) { l.Debug("x", "tok", "s3cr3t-value") }, `level=DEBUG msg=x tok=[REDACTED]`},
		{"attr key", func(l *slog.Logger) { l.Info("x", "s3cr3t-value", 1) }, `level=INFO msg=x [REDACTED]=1`},
		{"group", func(l *slog.Logger) { l.Info("x", slog.Group("g", "a", 1, "b", secret)) }, `level=INFO msg=x g.a=1 g.b=[REDACTED]`},
		{"nested group", func(l *slog.Logger) {
			l.Info("x", slog.Group("g", slog.Group("h", "b", secret)))
		}, `level=INFO msg=x g.h.b=[REDACTED]`},
		{"error", func(l *slog.Logger) {
			l.Error("x", "err", fmt.Errorf("identify: %w", errors.New("bad token s3cr3t-value")))
		}, `level=ERROR msg=x err="identify: bad token [REDACTED]"`},
		{"stringer", func(l *slog.Logger) { l.Info("x", "s", stringer("s3cr3t-value")) }, `level=INFO msg=x s=[REDACTED]`},
		{"log valuer", func(l *slog.Logger) { l.Info("x", "v", valuer("s3cr3t-value")) }, `level=INFO msg=x v=[REDACTED]`},
		{"struct", func(l *slog.Logger) { l.Info("x", "s", struct{ T string }{"s3cr3t-value"}) }, `level=INFO msg=x s={T:[REDACTED]}`},
		{"pointer in struct", func(l *slog.Logger) { l.Info("x", "c", creds{inner}) }, `level=INFO msg=x c="{\"Inner\":{\"Token\":\"[REDACTED]\"}}"`},
		{"bytes", func(l *slog.Logger) { l.Info("x", "b", []byte("s3cr3t-value")) }, `level=INFO msg=x b=[REDACTED]`},
		{"http header", func(l *slog.Logger) {
			l.Info("req", "h", http.Header{"Authorization": {"Bot other"}})
		}, `level=INFO msg=req h=map[Authorization:[[REDACTED]]]`},
		{"authorization attr", func(l *slog.Logger) { l.Info("req", "Authorization", "Bot other") }, `level=INFO msg=req Authorization=[REDACTED]`},
		{"token shape", func(l *slog.Logger) { l.Warn("x", "t", fakeToken) }, `level=WARN msg=x t=[REDACTED]`},
		{"with attrs", func(l *slog.Logger) { l.With("tok", secret).Info("x") }, `level=INFO msg=x tok=[REDACTED]`},
		{"with group", func(l *slog.Logger) { l.WithGroup("s3cr3t-value").Info("x", "a", 1) }, `level=INFO msg=x [REDACTED].a=1`},
		{"printf message", func(l *slog.Logger) {
			l.Debug(fmt.Sprintf("Identify Packet: %#v", struct{ Token string }{secret}))
		}, `level=DEBUG msg="Identify Packet: struct { Token string }{Token:\"[REDACTED]\"}"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			tt.log(textLogger(&buf, secret))
			if got := strings.TrimSuffix(buf.String(), "\n"); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestSentinelNeverLogged(t *testing.T) {
	const bare = "SENTINEL-9f2c1d7e"
	const secret = "Bot " + bare
	for _, format := range []string{"text", "json"} {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			l, _, err := New(Options{Level: slog.LevelDebug, Format: format, Stderr: &buf, Secrets: []string{secret}})
			if err != nil {
				t.Fatal(err)
			}
			logEverywhere(l, secret)
			logEverywhere(l, bare)
			out := buf.String()
			if strings.Contains(out, "SENTINEL") {
				t.Errorf("sentinel logged:\n%s", out)
			}
			if n := strings.Count(out, Redacted); n < 20 {
				t.Errorf("only %d redactions:\n%s", n, out)
			}
		})
	}
}

// logEverywhere logs s in every place a record can carry it.
func logEverywhere(l *slog.Logger, s string) {
	ctx := context.Background()
	l.Debug("token " + s)
	l.Info("x", "k", s, "e", errors.New(s), "st", stringer(s), "v", valuer(s), "b", []byte(s))
	l.Warn("x", slog.Group("g", slog.Any("m", map[string]string{"t": s}), slog.Any("p", &struct{ S string }{s})))
	l.With("w", s).WithGroup(s).Error("x", s, s)
	l.LogAttrs(ctx, slog.LevelDebug, "x", slog.Any("h", http.Header{"Authorization": {s}}))
	l.Debug("x", "list", []string{s}, "err", fmt.Errorf("wrapped: %w", errors.New(s)))
}

func TestRedactHandlerEnabled(t *testing.T) {
	h := NewRedactHandler(slog.NewTextHandler(&bytes.Buffer{}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	if h.Enabled(context.Background(), slog.LevelInfo) || !h.Enabled(context.Background(), slog.LevelWarn) {
		t.Error("Enabled does not follow the wrapped handler")
	}
}

func BenchmarkRedactHandler(b *testing.B) {
	var discard bytes.Buffer
	inner := slog.NewJSONHandler(&discard, nil)
	secrets := []string{"Bot " + fakeToken, "hunter2"}
	cases := []struct {
		name string
		h    slog.Handler
		log  func(l *slog.Logger)
	}{
		{"baseline/clean", inner, logClean},
		{"redact/clean", NewRedactHandler(inner, secrets...), logClean},
		{"baseline/secret", inner, logSecret},
		{"redact/secret", NewRedactHandler(inner, secrets...), logSecret},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			l := slog.New(c.h)
			b.ReportAllocs()
			for b.Loop() {
				discard.Reset()
				c.log(l)
			}
		})
	}
}

// logClean logs a typical record with nothing to redact.
func logClean(l *slog.Logger) {
	l.Info("command ran", "command", "weather", "guild", "80351110224678912", "took_ms", 12, "ok", true)
}

// logSecret logs a record whose error text holds the token.
func logSecret(l *slog.Logger) {
	l.Info("command ran", "command", "weather", "guild", "80351110224678912", "err", "401 for Bot "+fakeToken)
}
