package config

import (
	"errors"
	"strings"
	"testing"
)

// FuzzLoad feeds one value to one key (by its index in Keys, so keys added
// later are fuzzed too), with a known token set: Load must not panic, and a
// refusal is one *Error line naming that key that never quotes the token.
func FuzzLoad(f *testing.F) {
	for i, v := range []string{"", "0-7", "auto", "postgres://u:p@h/db", "sqlite:x.db", "30s", "debug", "json", "127.0.0.1:0", "http://127.0.0.1:1/v9", "a,b", "\x00", "1e9h"} {
		f.Add(uint(i), v)
	}
	keys := Keys()
	f.Fuzz(func(t *testing.T, k uint, value string) {
		key := keys[k%uint(len(keys))]
		env := map[string]string{KeyToken: testToken, key: value}
		_, err := Load(getenvMap(env))
		if err == nil {
			return
		}
		var ce *Error
		if !errors.As(err, &ce) {
			t.Fatalf("%s=%q: error %T %q is not a *config.Error", key, value, err, err)
		}
		msg := err.Error()
		if strings.Contains(msg, "\n") || !strings.HasPrefix(msg, "config: ") {
			t.Fatalf("%s=%q: error not one config line: %q", key, value, msg)
		}
		if key != KeyToken && ce.Key != key {
			t.Fatalf("%s=%q: error names %s", key, value, ce.Key)
		}
		if strings.Contains(msg, strings.TrimPrefix(testToken, "Bot ")) {
			t.Fatalf("error quotes the token: %q", msg)
		}
	})
}

// FuzzDotEnv parses arbitrary .env files: no panic, and a refusal is one
// *FileError line that quotes nothing of the file.
func FuzzDotEnv(f *testing.F) {
	for _, s := range []string{"A=1\n", "DISCORD_TOKEN=" + testToken + "\n", "A='x\n", "A B=1\n", "=1\n", "export A=\"q\"\r\n# c\n", "A"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		m, err := parseDotEnv(".env", src)
		if err == nil {
			for k := range m {
				if k == "" || strings.ContainsAny(k, " \t\n") {
					t.Fatalf("key %q accepted", k)
				}
			}
			return
		}
		var fe *FileError
		if !errors.As(err, &fe) {
			t.Fatalf("error %T is not a *FileError", err)
		}
		if lines := strings.Count(string(src), "\n") + 1; fe.Line < 1 || fe.Line > lines {
			t.Fatalf("line %d of a %d-line file", fe.Line, lines)
		}
		if strings.Contains(fe.Problem, "\n") || (len(src) > 12 && strings.Contains(fe.Problem, string(src))) {
			t.Fatalf("problem quotes the file: %q", fe.Problem)
		}
	})
}
