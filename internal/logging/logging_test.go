package logging

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestNewFormats(t *testing.T) {
	tests := []struct {
		name   string
		opts   Options
		prefix string
	}{
		{"default is text", Options{}, "time="},
		{"text", Options{Format: "text"}, "time="},
		{"json", Options{Format: "json"}, `{"time":`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			tt.opts.Stderr = &buf
			l, c, err := New(tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			l.Info("hello")
			if !strings.HasPrefix(buf.String(), tt.prefix) {
				t.Errorf("output %q, want prefix %q", buf.String(), tt.prefix)
			}
		})
	}
}

func TestNewUnknownFormat(t *testing.T) {
	_, _, err := New(Options{Format: "xml"})
	if err == nil || err.Error() != `logging: unknown format "xml" (want text or json)` {
		t.Errorf("err = %v", err)
	}
}

func TestNewLevel(t *testing.T) {
	tests := []struct {
		name  string
		level slog.Leveler
		want  []string
	}{
		{"nil is info", nil, []string{"INFO", "WARN"}},
		{"debug", slog.LevelDebug, []string{"DEBUG", "INFO", "WARN"}},
		{"warn", slog.LevelWarn, []string{"WARN"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			l, _, err := New(Options{Level: tt.level, Format: "json", Stderr: &buf})
			if err != nil {
				t.Fatal(err)
			}
			l.Debug("d")
			l.Info("i")
			l.Warn("w")
			if got := levels(t, buf.String()); strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("levels %v, want %v", got, tt.want)
			}
		})
	}
}

// levels returns the level of each JSON log line in out.
func levels(t *testing.T, out string) []string {
	t.Helper()
	var ls []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var rec struct{ Level string }
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("bad line %q: %v", line, err)
		}
		ls = append(ls, rec.Level)
	}
	return ls
}

func TestNewFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "logs", "sub", "cogd.log")
	for i, msg := range []string{"first", "second Bot secret-1234567"} {
		l, c, err := New(Options{File: path, Format: "json", Secrets: []string{"Bot secret-1234567"}})
		if err != nil {
			t.Fatalf("run %d: %v", i, err)
		}
		l.Info(msg)
		if err := c.Close(); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(string(data), "\n"); got != 2 || strings.Contains(string(data), "secret-") {
		t.Errorf("file holds %d lines (want 2, appended, redacted):\n%s", got, data)
	}
	assertMode(t, path, 0o600)
	assertMode(t, filepath.Dir(path), 0o700|os.ModeDir)
}

// assertMode fails unless path has exactly mode (umask permitting).
func assertMode(t *testing.T, path string, mode os.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode() != mode {
		t.Errorf("%s mode %v, want %v", path, fi.Mode(), mode)
	}
}

func TestNewFileErrors(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "file")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path, prefix string
	}{
		{"directory is a file", filepath.Join(blocker, "cogd.log"), "logging: create log directory: "},
		{"path is a directory", dir, "logging: open log file: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := New(Options{File: tt.path})
			if err == nil || !strings.HasPrefix(err.Error(), tt.prefix) {
				t.Errorf("err = %v, want prefix %q", err, tt.prefix)
			}
		})
	}
}
