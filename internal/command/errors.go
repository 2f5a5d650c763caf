package command

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// ErrSilent tells the dispatcher the command handled its failure itself:
// reply nothing and log nothing.
var ErrSilent error = silentError{}

// silentError is ErrSilent's type: a user-facing error with nothing to say.
type silentError struct{}

func (silentError) Error() string       { return "command: silent" }
func (silentError) UserMessage() string { return "" }
func (silentError) Kind() string        { return KindUser }

// The kinds of user-facing errors, as logs and metrics name them.
const (
	// KindUser is the user's doing: bad input, a refused check, a cooldown.
	KindUser = "user_error"
	// KindUpstream is a service the bot depends on failing (a weather or
	// currency API, or Discord itself): answered, and counted apart.
	KindUpstream = "upstream_error"
)

// UserFacing is implemented by every error that is answered to the user
// instead of being logged as the bot's failure. The error says what it is:
// the error handler asks it, and keeps no list of types.
type UserFacing interface {
	error
	// UserMessage is the sentence to show the user, safe to show (escaped);
	// "" answers nothing.
	UserMessage() string
	// Kind is KindUser or KindUpstream.
	Kind() string
}

// contextual is implemented by user-facing errors whose message depends on
// the invocation (the prefix, the command's usage line).
type contextual interface {
	userMessageFor(c *Context) string
}

// AsUserFacing finds the first user-facing error in err's chain.
func AsUserFacing(err error) (UserFacing, bool) {
	var uf UserFacing
	if err == nil || !errors.As(err, &uf) {
		return nil, false
	}
	return uf, true
}

// UserMessage is the reply to c for a user-facing error: the error's own
// message, with the usage line or the prefix where the error asks for them.
func UserMessage(c *Context, uf UserFacing) string {
	if cx, ok := uf.(contextual); ok && c != nil {
		return cx.userMessageFor(c)
	}
	return uf.UserMessage()
}

// withUsage appends the command's usage line to text.
func withUsage(c *Context, text string) string {
	if c.Command == nil {
		return text
	}
	return fmt.Sprintf("%s\nUsage: `%s` — see `%shelp %s`.", text, c.Command.Usage(c.Prefix), c.Prefix, c.Command.QualifiedName())
}

// inputQuoteLimit is how many characters of user input an error message quotes.
const inputQuoteLimit = 60

// quoteInput renders user input for an error message: shortened, escaped
// and wrapped in typographic quotes.
func quoteInput(s string) string {
	return "“" + Escape(Truncate(s, inputQuoteLimit)) + "”"
}

// UsageKind says what is wrong with the shape of a command line.
type UsageKind int

// The kinds of UsageError.
const (
	// MissingArgument: a required parameter got no text.
	MissingArgument UsageKind = iota + 1
	// TooManyArguments: text was left over after the last parameter.
	TooManyArguments
	// UnclosedQuote: a quoted word never ends.
	UnclosedQuote
	// MissingSubcommand: a group command without Run was called without a subcommand.
	MissingSubcommand
)

// String returns the kind's name, e.g. "missing argument".
func (k UsageKind) String() string {
	switch k {
	case MissingArgument:
		return "missing argument"
	case TooManyArguments:
		return "too many arguments"
	case UnclosedQuote:
		return "unclosed quote"
	case MissingSubcommand:
		return "missing subcommand"
	}
	return "usage error " + strconv.Itoa(int(k))
}

// UsageError reports a command line of the wrong shape (Problem). Param names the
// parameter (MissingArgument); Detail holds the extra text (TooManyArguments)
// or the opening quote character (UnclosedQuote); Pos is the 0-based
// character (rune) offset of the opening quote in the text given to Split
// and Quoted the text from the opening quote to the end (UnclosedQuote).
type UsageError struct {
	Problem UsageKind
	Param   string
	Detail  string
	Pos     int
	Quoted  string
}

// Error returns a sentence safe to show to the user.
func (e *UsageError) Error() string {
	switch e.Problem {
	case MissingArgument:
		return "Missing argument: " + e.Param + "."
	case TooManyArguments:
		return "Too many arguments: " + quoteInput(e.Detail) + " was not expected."
	case UnclosedQuote:
		return e.unclosedQuote()
	case MissingSubcommand:
		return "This command needs a subcommand."
	}
	return "Invalid command usage."
}

// unclosedQuote shows the quoted text that never ends and how to fix it:
// Unclosed quote: “"unterminated” is never closed — add a closing " or
// remove the opening one.
func (e *UsageError) unclosedQuote() string {
	text := e.Quoted
	if text == "" {
		text = e.Detail
	}
	open, _ := utf8.DecodeRuneInString(e.Detail)
	closing, ok := closeQuote(open)
	if !ok {
		closing = open
	}
	return "Unclosed quote: " + quoteInput(text) + " is never closed — add a closing " + Escape(string(closing)) + " or remove the opening one."
}

// UserMessage is Error.
func (e *UsageError) UserMessage() string { return e.Error() }

// Kind is KindUser.
func (e *UsageError) Kind() string { return KindUser }

func (e *UsageError) userMessageFor(c *Context) string { return withUsage(c, e.Error()) }

// ConversionError reports an argument that could not be converted. Param
// names the parameter, Input is the text the user typed, Reason finishes the
// sentence (“is not a whole number”), Candidates lists up to 5 matches when
// the input was ambiguous.
type ConversionError struct {
	Param      string
	Input      string
	Reason     string
	Candidates []string

	// final marks errors where the input had the right form but a wrong
	// value (out of range, ambiguous): an optional parameter is then not
	// skipped.
	final bool
}

// BadArgument returns the error a Custom converter returns to reject its
// input with a reason safe to show, e.g. BadArgument("is not a colour").
// Parse fills in Param and Input.
func BadArgument(reason string) error {
	return &ConversionError{Reason: reason}
}

// Error returns a sentence safe to show to the user.
func (e *ConversionError) Error() string {
	reason := e.Reason
	if reason == "" {
		reason = "is not valid"
	}
	msg := "Bad value for " + e.Param + ": " + quoteInput(e.Input) + " " + reason
	if len(e.Candidates) > 0 {
		esc := make([]string, len(e.Candidates))
		for i, c := range e.Candidates {
			esc[i] = Escape(Truncate(c, 40))
		}
		msg += ": " + strings.Join(esc, ", ")
	}
	if strings.HasSuffix(msg, "?") {
		return msg
	}
	return msg + "."
}

// UserMessage is Error.
func (e *ConversionError) UserMessage() string { return e.Error() }

// Kind is KindUser.
func (e *ConversionError) Kind() string { return KindUser }

func (e *ConversionError) userMessageFor(c *Context) string { return withUsage(c, e.Error()) }

// Names of the built-in checks, used in CheckError.Check.
const (
	CheckGuildOnly = "guild_only"
	CheckOwner     = "is_owner"
)

// CheckError reports a failed check. Check names the check (CheckGuildOnly,
// CheckOwner or a custom name) and Reason is a sentence safe to show.
type CheckError struct {
	Check  string
	Reason string
}

// Error returns Reason, or a generic refusal when it is empty.
func (e *CheckError) Error() string {
	if e.Reason == "" {
		return "You can't use this command here."
	}
	return e.Reason
}

// UserMessage is Error.
func (e *CheckError) UserMessage() string { return e.Error() }

// Kind is KindUser.
func (e *CheckError) Kind() string { return KindUser }

// NotOwnerError returns the CheckError of the is_owner check.
func NotOwnerError() *CheckError {
	return &CheckError{Check: CheckOwner, Reason: "Only the bot's owners can use this command."}
}

// GuildOnlyError returns the CheckError of the guild_only check.
func GuildOnlyError() *CheckError {
	return &CheckError{Check: CheckGuildOnly, Reason: "This command can only be used in a server."}
}

// MissingPermissionsError reports Discord permissions the invoker lacks in
// the channel.
type MissingPermissionsError struct {
	Missing int64
}

// Error lists the missing permissions in words.
func (e *MissingPermissionsError) Error() string {
	return "You need these permissions: " + strings.Join(PermissionNames(e.Missing), ", ") + "."
}

// UserMessage is Error.
func (e *MissingPermissionsError) UserMessage() string { return e.Error() }

// Kind is KindUser.
func (e *MissingPermissionsError) Kind() string { return KindUser }

// BotMissingPermissionsError reports Discord permissions the bot lacks in
// the channel.
type BotMissingPermissionsError struct {
	Missing int64
}

// Error lists the missing permissions in words.
func (e *BotMissingPermissionsError) Error() string {
	return "I need these permissions: " + strings.Join(PermissionNames(e.Missing), ", ") + "."
}

// UserMessage is Error.
func (e *BotMissingPermissionsError) UserMessage() string { return e.Error() }

// Kind is KindUser.
func (e *BotMissingPermissionsError) Kind() string { return KindUser }

// CooldownError reports a command used too often; RetryAfter says when the
// bucket has a use again.
type CooldownError struct {
	RetryAfter time.Duration
}

// Error says how long to wait.
func (e *CooldownError) Error() string {
	return "This command is on cooldown. Try again in " + FormatRetry(e.RetryAfter) + "."
}

// UserMessage is Error.
func (e *CooldownError) UserMessage() string { return e.Error() }

// Kind is KindUser.
func (e *CooldownError) Kind() string { return KindUser }

func (e *CooldownError) userMessageFor(c *Context) string {
	if c.Command == nil {
		return e.Error()
	}
	return fmt.Sprintf("Slow down: you can use `%s%s` again in %s.", c.Prefix, c.Command.QualifiedName(), FormatRetry(e.RetryAfter))
}

// ConcurrencyError reports that Cooldown.MaxConcurrency invocations of the
// command are already running in the caller's bucket.
type ConcurrencyError struct {
	Limit int
}

// Error says the command is busy.
func (e *ConcurrencyError) Error() string {
	if e.Limit == 1 {
		return "This command is already running. Try again when it has finished."
	}
	return fmt.Sprintf("This command is already running %d times. Try again when one has finished.", e.Limit)
}

// UserMessage is Error.
func (e *ConcurrencyError) UserMessage() string { return e.Error() }

// Kind is KindUser.
func (e *ConcurrencyError) Kind() string { return KindUser }

// UserError carries a message written for the user by a command; it is
// answered, not logged as a failure.
type UserError struct {
	Msg string
}

// Error returns Msg.
func (e *UserError) Error() string { return e.Msg }

// UserMessage is Msg.
func (e *UserError) UserMessage() string { return e.Msg }

// Kind is KindUser.
func (e *UserError) Kind() string { return KindUser }

// UpstreamError is a service the command depends on failing (a weather or
// currency API being down, slow or unreadable): answered with Msg, counted
// as an upstream error rather than the user's or the bot's fault.
type UpstreamError struct {
	Msg string
}

// Error returns Msg.
func (e *UpstreamError) Error() string { return e.Msg }

// UserMessage is Msg.
func (e *UpstreamError) UserMessage() string { return e.Msg }

// Kind is KindUpstream.
func (e *UpstreamError) Kind() string { return KindUpstream }

// Errorf formats a UserError like fmt.Sprintf. String, []byte, error and
// fmt.Stringer arguments are passed through Escape, so echoing user input
// cannot mention anyone or inject markdown.
func Errorf(format string, args ...any) *UserError {
	esc := make([]any, len(args))
	for i, a := range args {
		esc[i] = escapeArg(a)
	}
	return &UserError{Msg: fmt.Sprintf(format, esc...)}
}

func escapeArg(a any) any {
	switch v := a.(type) {
	case string:
		return Escape(v)
	case []byte:
		return Escape(string(v))
	case error:
		return Escape(v.Error())
	case fmt.Stringer:
		return Escape(v.String())
	}
	return a
}

// NotFoundError reports an unknown command; the dispatcher fills
// Suggestions from Table.Suggest.
type NotFoundError struct {
	Name        string
	Suggestions []string
}

// Error names the unknown command and the suggestions, if any.
func (e *NotFoundError) Error() string {
	msg := "There is no command called " + quoteInput(e.Name) + "."
	if len(e.Suggestions) > 0 {
		msg += " Did you mean " + strings.Join(e.Suggestions, ", ") + "?"
	}
	return msg
}

// UserMessage is Error.
func (e *NotFoundError) UserMessage() string { return e.Error() }

// Kind is KindUser.
func (e *NotFoundError) Kind() string { return KindUser }

func (e *NotFoundError) userMessageFor(c *Context) string {
	var b strings.Builder
	fmt.Fprintf(&b, "I don't know the command “%s”.", Escape(Truncate(e.Name, 40)))
	if len(e.Suggestions) > 0 {
		fmt.Fprintf(&b, " Did you mean `%s%s`?", c.Prefix, e.Suggestions[0])
	}
	fmt.Fprintf(&b, " Type `%shelp` for the list of commands.", c.Prefix)
	return b.String()
}

// FormatRetry renders a wait for users: "0.5s", "12s", "3m 5s", "2h 10m".
func FormatRetry(d time.Duration) string {
	switch {
	case d < 0:
		d = 0
	case d < 10*time.Second:
		tenths := (d + 99*time.Millisecond) / (100 * time.Millisecond)
		return strconv.FormatFloat(float64(tenths)/10, 'f', -1, 64) + "s"
	}
	secs := int64((d + time.Second - 1) / time.Second)
	switch {
	case secs < 60:
		return fmt.Sprintf("%ds", secs)
	case secs < 3600:
		return fmt.Sprintf("%dm %ds", secs/60, secs%60)
	}
	return fmt.Sprintf("%dh %dm", secs/3600, (secs%3600)/60)
}
