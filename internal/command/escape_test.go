package command

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text", "plain text"},
		{"@everyone", "@\u200beveryone"},
		{"@here and <@123> <@!123> <@&456>", "@\u200bhere and <@\u200b123> <@\u200b!123> <@\u200b&456>"},
		{"<#789>", "<#\u200b789>"},
		{"**bold** _it_ ~~s~~ `code` ||spoiler||", `\*\*bold\*\* \_it\_ \~\~s\~\~ \` + "`" + `code\` + "`" + ` \|\|spoiler\|\|`},
		{"# heading", `\# heading`},
		{"> quote\n  - item", "\\> quote\n  \\- item"},
		{"a > b - c # d", "a > b - c # d"},
		{`[link](https://x)`, `\[link\](https://x)`},
		{`back\slash`, `back\\slash`},
	}
	for _, tt := range tests {
		if got := Escape(tt.in); got != tt.want {
			t.Errorf("Escape(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"hello", 5, "hello"},
		{"hello", 4, "hel…"},
		{"hello", 1, "…"},
		{"hello", 0, ""},
		{"héllo wörld", 6, "héllo…"},
		{"🎉🎉🎉", 2, "🎉…"},
		{"", 3, ""},
	}
	for _, tt := range tests {
		got := Truncate(tt.in, tt.n)
		if got != tt.want || !utf8.ValidString(got) || utf8.RuneCountInString(got) > max(tt.n, 0) {
			t.Errorf("Truncate(%q, %d) = %q; want %q", tt.in, tt.n, got, tt.want)
		}
	}
}

func TestFormatRetry(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{-time.Second, "0s"},
		{420 * time.Millisecond, "0.5s"},
		{3 * time.Second, "3s"},
		{12*time.Second + time.Millisecond, "13s"},
		{185 * time.Second, "3m 5s"},
		{2*time.Hour + 10*time.Minute, "2h 10m"},
	}
	for _, tt := range tests {
		if got := FormatRetry(tt.d); got != tt.want {
			t.Errorf("FormatRetry(%v) = %q; want %q", tt.d, got, tt.want)
		}
	}
}

func TestErrorMessages(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{&MissingPermissionsError{Missing: 1<<2 | 1<<13}, "You need these permissions: Ban Members, Manage Messages."},
		{&BotMissingPermissionsError{Missing: 1 << 40}, "I need these permissions: Timeout Members."},
		{&CooldownError{RetryAfter: 2500 * time.Millisecond}, "This command is on cooldown. Try again in 2.5s."},
		{&ConcurrencyError{Limit: 1}, "This command is already running. Try again when it has finished."},
		{NotOwnerError(), "Only the bot's owners can use this command."},
		{GuildOnlyError(), "This command can only be used in a server."},
		{&CheckError{Check: "x"}, "You can't use this command here."},
		{Errorf("No tag %s (%d).", "@everyone", 3), "No tag @\u200beveryone (3)."},
		{&NotFoundError{Name: "wran", Suggestions: []string{"warn"}}, "There is no command called “wran”. Did you mean warn?"},
		{&NotFoundError{Name: strings.Repeat("x", 100)}, "There is no command called “" + strings.Repeat("x", 59) + "…”."},
		{&UsageError{Problem: MissingSubcommand}, "This command needs a subcommand."},
		{&ConversionError{Param: "c", Input: "zz", Reason: "matches 9 things, including", Candidates: []string{"a_b", "@c"}},
			"Bad value for c: “zz” matches 9 things, including: a\\_b, @\u200bc."},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("%T.Error() = %q; want %q", tt.err, got, tt.want)
		}
	}
}

func TestPermissionNames(t *testing.T) {
	got := strings.Join(PermissionNames(1<<0|1<<3|1<<28|1<<49|1<<60), ", ")
	want := "Create Invite, Administrator, Manage Roles, Create Polls, Permission 60"
	if got != want {
		t.Errorf("PermissionNames = %q; want %q", got, want)
	}
	if got := PermissionNames(AllPermissions); len(got) != 1 || got[0] != "All Permissions" {
		t.Errorf("PermissionNames(All) = %q", got)
	}
	for bit := 0; bit <= 50; bit++ {
		if bit == 47 || bit == 48 {
			continue
		}
		if name := PermissionNames(1 << bit)[0]; strings.HasPrefix(name, "Permission ") {
			t.Errorf("bit %d has no name", bit)
		}
	}
}
