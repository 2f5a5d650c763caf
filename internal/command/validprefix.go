package command

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxPrefixLen is the longest command prefix, in characters.
const MaxPrefixLen = 10

// PrefixRule states the rule ValidPrefix applies, for docs and messages.
const PrefixRule = "1 to 10 characters, no whitespace, not only letters or digits, without @, # or `"

// PrefixError reports a command prefix that breaks the rule (PrefixRule).
// Reason says which part, e.g. "contains whitespace".
type PrefixError struct {
	Prefix string
	Reason string
}

// Error is one line for logs and start-up errors:
// "a b" contains whitespace (a prefix is 1 to 10 characters, …).
func (e *PrefixError) Error() string {
	return strconv.Quote(e.Prefix) + " " + e.Reason + " (a prefix is " + PrefixRule + ")"
}

// UserMessage is the sentence for chat, with the input escaped.
func (e *PrefixError) UserMessage() string {
	return "That can't be the prefix: " + quoteInput(e.Prefix) + " " + strings.ReplaceAll(e.Reason, "`", "\\`") +
		". A prefix is 1 to 10 characters, no spaces, not only letters or digits, without @, # or \\` (e.g. `!`, `?`, `cogd!`, `>>`)."
}

// Kind is KindUser.
func (e *PrefixError) Kind() string { return KindUser }

// ValidPrefix checks a command prefix against the one rule for the
// default prefix (COMMAND_PREFIX) and guild prefixes: 1 to 10 characters,
// no whitespace, not only letters or digits (so a chat line starting with
// a word is never read as a command), and no @, # or ` (which start
// mentions, channel links and code). "!", "?", "cogd!" and ">>" pass; "a",
// "ab", "12" and "a b" do not. The error is a *PrefixError.
func ValidPrefix(p string) error {
	if reason := prefixProblem(p); reason != "" {
		return &PrefixError{Prefix: p, Reason: reason}
	}
	return nil
}

func prefixProblem(p string) string {
	switch n := utf8.RuneCountInString(p); {
	case n == 0:
		return "is empty"
	case n > MaxPrefixLen:
		return "is too long"
	case strings.IndexFunc(p, unicode.IsSpace) >= 0:
		return "contains whitespace"
	case strings.ContainsAny(p, "@#`"):
		return "contains @, # or `"
	case strings.IndexFunc(p, notLetterOrDigit) < 0:
		return "is only letters or digits"
	case !utf8.ValidString(p):
		return "is not valid text"
	}
	return ""
}

func notLetterOrDigit(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) }
