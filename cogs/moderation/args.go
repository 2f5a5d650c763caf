package moderation

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"cogd/internal/command"
)

// The parameters of the sanctions whose prefix form could be misread.
// An optional typed parameter normally gives an argument that is not of
// its kind to the next parameter (discord.py style); here an argument that
// LOOKS like a mistyped value of it (“1h30”, “0s”, “3x”) or that could be
// read two ways (a bare “7” after the user of a ban) is refused with the
// usage, and nothing is done.

// banLength is a ban's duration: 0 is a permanent ban.
type banLength time.Duration

// String renders the length for usage lines ("permanent" for 0).
func (b banLength) String() string {
	if b == 0 {
		return "permanent"
	}
	return command.FormatDuration(time.Duration(b))
}

// dayCount is how many days of a banned user's messages to delete.
type dayCount int

// String renders the count for usage lines.
func (d dayCount) String() string { return strconv.Itoa(int(d)) }

// deleteDaysChoices are the values the slash form offers for delete_days.
var deleteDaysChoices = []string{"0", "1", "2", "3", "4", "5", "6", "7"}

// argRefusal is an argument refused because it could be misread: the
// sentence, with the usage line. Nothing was done.
type argRefusal struct{ msg string }

func (e *argRefusal) Error() string { return e.msg }

// UserMessage is the refusal and the usage.
func (e *argRefusal) UserMessage() string { return e.msg }

// Kind is user_error.
func (e *argRefusal) Kind() string { return command.KindUser }

// refuse builds the refusal of c's command line: the sentence, "Nothing
// was done." and the command's usage.
func refuse(c *command.Context, sentence string) error {
	msg := sentence + " Nothing was done."
	if c != nil && c.Command != nil {
		msg += "\nUsage: `" + c.Command.Usage(c.Prefix) + "` — see `" + c.Prefix + "help " + c.Command.QualifiedName() + "`."
	}
	return &argRefusal{msg: msg}
}

// quoted is user input for a refusal: shortened, escaped, in quotes.
func quoted(s string) string { return "“" + command.Escape(command.Truncate(s, 60)) + "”" }

// shape is what a word looks like to the duration and day-count parameters.
type shape int

// The shapes of a word.
const (
	shapeOther     shape = iota // not a number of any kind: free text
	shapeNumber                 // a bare whole number, "7"
	shapeDuration               // a valid positive duration, "1h30m"
	shapeZero                   // a duration of zero, "0s", "0h0m"
	shapeNegative               // "-1h", "-3"
	shapeLookalike              // starts like a number but is no duration: "1h30", "10mins", "1.5h", "3x"
)

// durationForm is the grammar ParseDuration reads (numbers with units).
var durationForm = regexp.MustCompile(`(?i)^([0-9]+[smhdw])+$`)

// unitMissing is a duration whose last number lacks its unit, "1h30".
var unitMissing = regexp.MustCompile(`(?i)^([0-9]+[smhdw])+[0-9]+$`)

// classify says what word looks like, and its duration when valid.
func classify(word string) (time.Duration, shape) {
	if d, err := command.ParseDuration(word); err == nil {
		return d, shapeDuration
	}
	switch {
	case word == "" || strings.IndexFunc(word, unicode.IsSpace) >= 0:
		return 0, shapeOther // a quoted phrase is text
	case isDigits(word):
		return 0, shapeNumber
	case durationForm.MatchString(word) && strings.Trim(word, "0smhdwSMHDW") == "":
		return 0, shapeZero
	case (word[0] == '-' || word[0] == '+') && len(word) > 1 && isDigit(word[1]):
		return 0, shapeNegative
	case isDigit(word[0]) || (word[0] == '.' && len(word) > 1 && isDigit(word[1])):
		return 0, shapeLookalike
	}
	return 0, shapeOther
}

// isDigits reports whether s is one or more ASCII digits.
func isDigits(s string) bool {
	return s != "" && strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }) < 0
}

// lastRune is s's last character, "" for "".
func lastRune(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return ""
	}
	return string(r[len(r)-1])
}

// isDigit reports whether b is an ASCII digit.
func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// durationHint suggests the duration the user probably meant: "1h30" →
// "try 1h30m"; otherwise the forms.
func durationHint(word string) string {
	if unitMissing.MatchString(word) {
		last := strings.LastIndexFunc(word, unicode.IsLetter)
		if next, ok := smallerUnit[unicode.ToLower(rune(word[last]))]; ok {
			return "try " + word + string(next)
		}
	}
	return "try 90s, 10m, 1h30m, 2d or 1w"
}

// smallerUnit is the unit after each unit: the one a trailing number
// most likely meant.
var smallerUnit = map[rune]rune{'w': 'd', 'd': 'h', 'h': 'm', 'm': 's'}

// lookalikeDuration is the refusal of a word that looks like a duration.
func lookalikeDuration(c *command.Context, word string) error {
	return refuse(c, quoted(word)+" looks like a duration but isn't one ("+durationHint(word)+").")
}

// banDurationParam is ban's optional duration: permanent when left out.
func banDurationParam() *command.Arg[banLength] {
	return command.Custom("duration", "how long (permanent without)", convertBanLength(false)).
		Kind("duration").Optional(0)
}

// tempbanDurationParam is tempban's required duration.
func tempbanDurationParam() *command.Arg[banLength] {
	return command.Custom("duration", "how long the ban lasts", convertBanLength(true)).Kind("duration")
}

// convertBanLength converts a ban's duration. For the optional form, a
// word that is no duration at all goes on to the next parameter; one that
// looks like a mistyped duration, or zero, is refused.
func convertBanLength(required bool) command.ConvertFunc[banLength] {
	return func(_ context.Context, c *command.Context, word string) (banLength, error) {
		d, sh := classify(word)
		switch {
		case sh == shapeDuration:
			return banLength(d), nil
		case (sh == shapeZero || sh == shapeNegative) && required:
			return 0, refuse(c, quoted(word)+": a ban duration must be positive (ban without one bans permanently).")
		case sh == shapeZero || sh == shapeNegative:
			return 0, refuse(c, quoted(word)+": a ban duration must be positive; leave it out for a permanent ban.")
		case sh == shapeLookalike:
			return 0, lookalikeDuration(c, word)
		}
		if !required {
			return 0, command.BadArgument("is not a duration")
		}
		return 0, notADuration(c, word, sh)
	}
}

// notADuration refuses a word where a duration is required; a bare
// number is told to take a unit.
func notADuration(c *command.Context, word string, sh shape) error {
	if sh == shapeNumber {
		return refuse(c, quoted(word)+" needs a unit: "+word+"d is "+word+" days, "+word+"h "+word+" hours.")
	}
	return refuse(c, quoted(word)+" is not a duration (try 90s, 10m, 1h30m, 2d or 1w).")
}

// timeoutDurationParam is timeout's required duration, 1 s to 28 days.
func timeoutDurationParam() *command.Arg[time.Duration] {
	return command.Custom("duration", "how long (up to 28 days)", convertTimeoutLength).Kind("duration")
}

// convertTimeoutLength converts a timeout's duration.
func convertTimeoutLength(_ context.Context, c *command.Context, word string) (time.Duration, error) {
	d, sh := classify(word)
	switch sh {
	case shapeDuration:
		if d > maxTimeout {
			return 0, refuse(c, quoted(word)+" is out of range: Discord times members out for at most 28 days (4w).")
		}
		return d, nil
	case shapeZero, shapeNegative:
		return 0, refuse(c, quoted(word)+": a timeout must be positive.")
	case shapeLookalike:
		return 0, lookalikeDuration(c, word)
	}
	return 0, notADuration(c, word, sh)
}

// deleteDaysParam is ban's optional day count of messages to delete,
// written days:N on the prefix form (a bare number could be a duration
// missing its unit) and picked from 0–7 on the slash form.
func deleteDaysParam() *command.Arg[dayCount] {
	return command.Custom("delete_days", "days of their messages to delete (days:N, 0 to 7)", convertDeleteDays).
		Kind("days:N").Choices(deleteDaysChoices...).Optional(0)
}

// daysForm is the prefix form of delete_days: days:3, days=3, delete:3.
var daysForm = regexp.MustCompile(`(?i)^(?:days|delete|delete_days)[:=]([0-9]{1,6})$`)

// convertDeleteDays converts delete_days; see deleteDaysParam.
func convertDeleteDays(_ context.Context, c *command.Context, word string) (dayCount, error) {
	if m := daysForm.FindStringSubmatch(word); m != nil {
		return boundDays(c, m[1])
	}
	_, sh := classify(word)
	switch {
	case sh == shapeNumber && isInteraction(c):
		return boundDays(c, word)
	case sh == shapeNumber:
		return 0, refuse(c, quoted(word)+" could mean two things: write `"+word+"d` for a "+word+"-day ban, or `days:"+word+
			"` to delete their messages of the last "+word+" days.")
	case sh == shapeDuration:
		return 0, refuse(c, quoted(word)+" is a second duration; a ban takes one.")
	case sh != shapeOther:
		return 0, refuse(c, quoted(word)+" looks like a number but isn't one (write `days:N` to delete N days of messages).")
	}
	return 0, command.BadArgument("is not a day count")
}

// boundDays parses a day count and keeps it within 0–maxDeleteDays.
func boundDays(c *command.Context, digits string) (dayCount, error) {
	n, err := strconv.Atoi(digits)
	if err != nil || n < 0 || n > maxDeleteDays {
		return 0, refuse(c, "delete_days must be 0 to "+strconv.Itoa(maxDeleteDays)+" (Discord deletes at most 7 days of messages), not "+quoted(digits)+".")
	}
	return dayCount(n), nil
}

// isInteraction reports whether c came by an application command (whose
// options are typed, so a bare number is unambiguous).
func isInteraction(c *command.Context) bool { return c != nil && c.Origin.MessageID == "" }

// unbanUserParam is unban's user: an ID, a mention or a name, looked up in
// the guild's ban list (not among the members).
func unbanUserParam() *command.Arg[string] {
	return command.Custom("user", "the banned user: ID, mention or name", func(_ context.Context, _ *command.Context, word string) (string, error) {
		return word, nil
	}).Kind("banned user")
}

// pointsLookalike refuses a warn whose reason starts with a word that
// looks like a mistyped number of points (“3x”, “2pts”) on the prefix form,
// where points were not given.
func pointsLookalike(cx *command.Context) error {
	if isInteraction(cx) || cx.Has("points") {
		return nil
	}
	word, _, _ := strings.Cut(cx.String("reason"), " ")
	if word == "" || strings.ContainsAny(lastRune(strings.TrimSpace(cx.RawArgs)), `"'”`) {
		return nil // a quoted reason: the moderator meant the words as typed
	}
	if _, sh := classify(word); sh == shapeLookalike || sh == shapeNegative || sh == shapeZero || sh == shapeDuration {
		return refuse(cx, quoted(word)+" looks like a number of points but isn't one (points are a whole number, 1 to "+
			strconv.Itoa(maxPoints)+"; quote the reason to start it with that word).")
	}
	return nil
}
