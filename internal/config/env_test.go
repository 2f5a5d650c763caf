package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/joho/godotenv"
)

// writeFile writes content to a new file in a temporary directory.
func writeFile(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), ".env")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestEnvironment(t *testing.T) {
	file := "COMMAND_PREFIX=?\nLOG_LEVEL=debug\nMETRICS_ADDR=:1\nCOGS='owner'\n"
	real := map[string]string{"LOG_LEVEL": "error", "METRICS_ADDR": ""}
	tests := []struct {
		key, want string
		ok        bool
	}{
		{"COMMAND_PREFIX", "?", true}, // only in the file
		{"LOG_LEVEL", "error", true},  // real environment wins
		{"METRICS_ADDR", "", true},    // set but empty still wins
		{"COGS", "owner", true},       // quotes removed
		{"LOG_FILE", "", false},       // in neither
	}
	lookup, err := Environment(writeFile(t, file), lookupMap(real))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			if v, ok := lookup(tt.key); v != tt.want || ok != tt.ok {
				t.Errorf("lookup = %q, %v; want %q, %v", v, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestEnvironmentMissingFile(t *testing.T) {
	lookup, err := Environment(filepath.Join(t.TempDir(), "nope.env"), lookupMap(map[string]string{"A": "1"}))
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := lookup("A"); v != "1" || !ok {
		t.Errorf("lookup = %q, %v", v, ok)
	}
}

func TestEnvironmentUnreadable(t *testing.T) {
	_, err := Environment(t.TempDir(), lookupMap(nil)) // a directory
	if err == nil || !strings.HasPrefix(err.Error(), "config: read ") {
		t.Errorf("err = %v", err)
	}
}

func TestEnvironmentMalformed(t *testing.T) {
	const sentinel = "SENTINELzzzz"
	tests := []struct {
		name, content string
		line          int
		problem       string
	}{
		{"unterminated quote", "A=1\nDISCORD_TOKEN=\"" + sentinel + "\nB=2\n", 2, "unterminated quoted value"},
		{"space in key", "# c\n\nA=1\nBot " + sentinel + "=x\n", 4, "whitespace in key (want KEY=value)"},
		{"bad key char", "A-B=" + sentinel, 1, `unexpected character "-" in key (want KEY=value)`},
		{"no equals", "A=1\n" + sentinel + "\nB=2\n", 2, "missing '=' (want KEY=value)"},
		{"no equals at end", "A=1\r\n" + sentinel, 2, "missing '=' (want KEY=value)"},
		{"after multi-line value", "A=\"x\ny\nz\"\nB=1\n?=" + sentinel + "\n", 5, `unexpected character "?" in key (want KEY=value)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, tt.content)
			_, err := Environment(path, lookupMap(nil))
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v, want *FileError", err)
			}
			want := &FileError{Path: path, Line: tt.line, Problem: tt.problem}
			if *fe != *want {
				t.Errorf("got  %v\nwant %v", fe, want)
			}
			if strings.Contains(err.Error(), sentinel[:5]) || strings.Contains(err.Error(), "\n") {
				t.Errorf("error quotes the file or spans lines: %q", err)
			}
		})
	}
}

func TestLoadEnvironmentMissingFile(t *testing.T) {
	// Reads the test process's environment, which must hold valid values
	// (or none) for cogd's keys; the file is missing.
	if _, err := LoadEnvironment(filepath.Join(t.TempDir(), ".env")); err != nil {
		t.Skipf("environment has a bad cogd setting: %v", err)
	}
}

// examplePath is the documented example next to go.mod.
const examplePath = "../../.env.example"

func TestEnvExampleListsExactlyTheKeys(t *testing.T) {
	example, err := godotenv.Read(examplePath)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for k := range example {
		got = append(got, k)
	}
	want := Keys()
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf(".env.example keys %v\nLoad keys          %v", got, want)
	}
	for k, def := range Defaults() {
		if example[k] != def {
			t.Errorf(".env.example %s=%q, default is %q", k, example[k], def)
		}
	}
}

func TestEnvExampleOrderAndComments(t *testing.T) {
	src, err := os.ReadFile(examplePath)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	var order []string
	for i, line := range lines {
		key, _, ok := strings.Cut(line, "=")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		order = append(order, key)
		if i == 0 || !strings.HasPrefix(lines[i-1], "# ") {
			t.Errorf("%s has no comment line above it", key)
		}
	}
	if !slices.Equal(order, Keys()) {
		t.Errorf("order %v\nwant  %v", order, Keys())
	}
}

func TestEnvExampleLoadsAsDefaults(t *testing.T) {
	lookup, err := Environment(examplePath, lookupMap(nil))
	if err != nil {
		t.Fatal(err)
	}
	got, err := LoadLookup(lookup)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := LoadLookup(lookupMap(nil))
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %v\nwant %v", got, want)
	}
}
