package config

import (
	"os"
	"strings"
	"testing"

	"cogd/internal/command"
)

// TestPrefixRuleDocumented: .env.example states the rule COMMAND_PREFIX is
// checked against, word for word.
func TestPrefixRuleDocumented(t *testing.T) {
	src, err := os.ReadFile(examplePath)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	for i, line := range lines {
		if strings.HasPrefix(line, KeyPrefix+"=") {
			if i == 0 || !strings.Contains(lines[i-1], command.PrefixRule) {
				t.Errorf("the comment above %s does not state the rule %q", KeyPrefix, command.PrefixRule)
			}
			return
		}
	}
	t.Fatalf("%s not in %s", KeyPrefix, examplePath)
}

// TestPrefixAcceptedLikeGuildPrefixes: COMMAND_PREFIX takes exactly what
// command.ValidPrefix takes.
func TestPrefixAcceptedLikeGuildPrefixes(t *testing.T) {
	for _, p := range []string{"!", "?", "cogd!", ">>", "a", "ab", "12", "a b", "@x", "!!!!!!!!!!!"} {
		_, err := LoadLookup(lookupMap(map[string]string{KeyPrefix: p}))
		if (err == nil) != (command.ValidPrefix(p) == nil) {
			t.Errorf("COMMAND_PREFIX=%q: Load error %v, ValidPrefix %v", p, err, command.ValidPrefix(p))
		}
	}
}
