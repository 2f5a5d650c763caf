package bot_test

import (
	"testing"

	"cogd/internal/bot"
)

func TestLooksLikeCommand(t *testing.T) {
	tests := []struct {
		word string
		want bool
	}{
		{"wran", true}, {"WRAN", true}, {"nyone", true}, {"größe", true}, {"ab", true},
		{"", false}, {"!", false}, {"a", false}, {"é", false}, {"12", false}, {"wr4n", false},
		{"here?", false}, {"!!", false}, {"-", false}, {"x_y", false},
	}
	for _, tt := range tests {
		if got := bot.LooksLikeCommand(tt.word); got != tt.want {
			t.Errorf("LooksLikeCommand(%q) = %v, want %v", tt.word, got, tt.want)
		}
	}
}

func TestAnswersUnknown(t *testing.T) {
	close := []string{"warn"}
	tests := []struct {
		name        string
		policy      bot.UnknownPolicy
		word        string
		mentioned   bool
		suggestions []string
		want        bool
	}{
		{"suggest: typo", bot.UnknownSuggest, "wran", false, close, true},
		{"suggest: no close match", bot.UnknownSuggest, "zzzzzz", false, nil, false},
		{"suggest: not a word", bot.UnknownSuggest, "!", false, nil, false},
		{"suggest: one letter with a match", bot.UnknownSuggest, "h", false, []string{"help"}, false},
		{"suggest: mentioned", bot.UnknownSuggest, "zzzzzz", true, nil, true},
		{"reply: no close match", bot.UnknownReply, "zzzzzz", false, nil, true},
		{"reply: not a word", bot.UnknownReply, "!", false, nil, false},
		{"reply: digits", bot.UnknownReply, "123", false, nil, false},
		{"silent: typo", bot.UnknownSilent, "wran", false, close, false},
		{"silent: mentioned", bot.UnknownSilent, "wran", true, close, true},
		{"silent: mentioned, not a word", bot.UnknownSilent, "!!", true, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := bot.AnswersUnknown(tt.policy, tt.word, tt.mentioned, tt.suggestions); got != tt.want {
				t.Errorf("AnswersUnknown = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestParseUnknownPolicy(t *testing.T) {
	tests := []struct {
		in   string
		want bot.UnknownPolicy
		ok   bool
	}{
		{"", bot.UnknownSuggest, true}, {"suggest", bot.UnknownSuggest, true}, {"Reply", bot.UnknownReply, true},
		{"SILENT", bot.UnknownSilent, true}, {"bogus", bot.UnknownSuggest, false}, {"off", bot.UnknownSuggest, false},
	}
	for _, tt := range tests {
		if got, ok := bot.ParseUnknownPolicy(tt.in); got != tt.want || ok != tt.ok {
			t.Errorf("ParseUnknownPolicy(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
