package command

import (
	"errors"
	"testing"
)

func TestValidPrefix(t *testing.T) {
	for _, p := range []string{"!", "?", "cogd!", ">>", "$", "..", "123456789!", "é!", "!!!!!!!!!!"} {
		if err := ValidPrefix(p); err != nil {
			t.Errorf("ValidPrefix(%q) = %v, want nil", p, err)
		}
	}
	tests := []struct{ in, reason string }{
		{"", "is empty"}, {"a", "is only letters or digits"}, {"ab", "is only letters or digits"},
		{"12", "is only letters or digits"}, {"a1", "is only letters or digits"}, {"éé", "is only letters or digits"},
		{"a b", "contains whitespace"}, {"!\t", "contains whitespace"}, {"!!!!!!!!!!!", "is too long"},
		{"@bot", "contains @, # or `"}, {"#", "contains @, # or `"}, {"`", "contains @, # or `"},
		{"!\xff", "is not valid text"},
	}
	for _, tt := range tests {
		err := ValidPrefix(tt.in)
		var pe *PrefixError
		if !errors.As(err, &pe) || pe.Reason != tt.reason {
			t.Errorf("ValidPrefix(%q) = %v, want reason %q", tt.in, err, tt.reason)
		}
	}
}

func TestPrefixErrorMessages(t *testing.T) {
	err := ValidPrefix("a b").(*PrefixError)
	if got, want := err.Error(), `"a b" contains whitespace (a prefix is 1 to 10 characters, no whitespace, not only letters or digits, without @, # or `+"`)"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	want := "That can't be the prefix: “a b” contains whitespace. A prefix is 1 to 10 characters, no spaces, not only letters or digits, without @, # or \\` (e.g. `!`, `?`, `cogd!`, `>>`)."
	if got := err.UserMessage(); got != want {
		t.Errorf("UserMessage() = %q, want %q", got, want)
	}
}
