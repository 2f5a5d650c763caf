package appcmd

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Discord's limits on application commands.
const (
	maxNameLen        = 32
	maxDescriptionLen = 100
	maxOptions        = 25
	maxChoices        = 25
	maxChoiceValueLen = 100
	maxStringLen      = 6000
	maxCommandChars   = 4000
	maxChatCommands   = 100
	maxMenuCommands   = 15
	maxSafeInteger    = 1 << 53
)

// chatName is the pattern of CHAT_INPUT command, subcommand and option
// names, ^[-_\p{L}\p{N}]{1,32}$ (lower case is checked separately). A
// rune test, not a regexp: compiling those Unicode classes costs 0.7 MB
// of heap for the life of the process.
var chatName = RunePattern(func(r rune) bool { return r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r) })

// RunePattern matches 1 to 32 runes that all pass its test: the shape of
// Discord's command and option names, ^[class]{1,32}$ without the heap a
// compiled Unicode-class regexp keeps.
type RunePattern func(rune) bool

// MatchString reports whether s is 1 to 32 runes that all pass p (an
// invalid UTF-8 byte is U+FFFD, as for regexp).
func (p RunePattern) MatchString(s string) bool {
	n := 0
	for _, r := range s {
		if n++; n > 32 || !p(r) {
			return false
		}
	}
	return n > 0
}

// DefinitionError is a command definition Discord would reject. Command
// names it ("/config prefix", or the context menu's name) and Reason says
// what is wrong.
type DefinitionError struct {
	Command string
	Reason  string
}

// Error returns "application command /warn: …".
func (e *DefinitionError) Error() string {
	return "application command " + e.Command + ": " + e.Reason
}

// defErr returns a *DefinitionError for the command called name.
func defErr(name, format string, args ...any) *DefinitionError {
	return &DefinitionError{Command: name, Reason: fmt.Sprintf(format, args...)}
}

// checkChatName checks a CHAT_INPUT command, subcommand or option name.
func checkChatName(owner, what, name string) error {
	if !chatName.MatchString(name) || strings.ToLower(name) != name {
		return defErr(owner, "%s name %q is not 1 to 32 lower-case letters, digits, - or _", what, name)
	}
	return nil
}

// checkDescription checks a CHAT_INPUT description: 1 to 100 characters.
func checkDescription(owner, what, desc string) error {
	switch n := utf8.RuneCountInString(desc); {
	case strings.TrimSpace(desc) == "":
		return defErr(owner, "%s has an empty description", what)
	case n > maxDescriptionLen:
		return defErr(owner, "%s description is %d characters (Discord allows %d)", what, n, maxDescriptionLen)
	}
	return nil
}
