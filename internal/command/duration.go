package command

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// A duration as users type it (ParseDuration) is one or more parts, each a
// number and a unit, written from the largest unit to the smallest with
// each unit at most once:
//
//	duration = part { [space] part }
//	part     = number [space] unit
//	number   = digits [ "." digits ]
//	unit     = s | sec | secs | second | seconds
//	         | m | min | mins | minute | minutes
//	         | h | hr | hrs | hour | hours
//	         | d | day | days
//	         | w | wk | wks | week | weeks
//
// Units are case-insensitive. "90s", "10 minutes", "10mins", "1.5h",
// "1h30m", "1h 30m", "2d12h" and "1 week" are durations; months and years
// are refused (their length varies), and so is a number without a unit.
// The result is rounded to the nearest second.
//
// On a prefix command line the words of a duration are separated by
// spaces like any other arguments; a Duration parameter takes the next
// word and then as many following words (one or two at a time) as keep
// the text a well-formed duration. So "!timeout bob 10 minutes spam" and
// "!timeout bob 1h 30m spam" read "10 minutes" and "1h 30m", while in
// "!ban bob 1h 7 spam" the 7 is left to the next parameter. Because units
// must descend, two durations in a row ("10s 1h") stay two arguments.

// DurationError says why ParseDuration refused its input. Reason finishes
// a sentence about the input, e.g. "must be positive".
type DurationError struct {
	// Input is the text that was refused.
	Input  string
	Reason string
	// Malformed reports that the text does not have a duration's form, as
	// opposed to a duration-shaped text with a refused value (zero, too
	// long, in months). A Duration parameter joins words into one argument
	// only while they are not malformed.
	Malformed bool
	// Final reports that the text was meant as a duration (a known unit, a
	// duration-shaped value), so an optional parameter must not pass it on.
	Final bool
}

// Error returns the reason.
func (e *DurationError) Error() string { return "duration " + e.Reason }

// UserMessage is a sentence about the input, e.g. “0s” must be positive.
func (e *DurationError) UserMessage() string {
	msg := quoteInput(e.Input) + " " + e.Reason
	if strings.HasSuffix(msg, "?") {
		return msg
	}
	return msg + "."
}

// Kind is KindUser.
func (e *DurationError) Kind() string { return KindUser }

func notDurationError() *DurationError {
	return &DurationError{Reason: "is not a duration (examples: 10m, 1h30m, 2d)", Malformed: true}
}

// ParseDuration parses a user-typed duration of the grammar above, such as
// "90s", "10 minutes", "1.5h", "1h30m" or "2d12h". It fails with a
// *DurationError on anything else, on 0, on less than a second and on
// durations that overflow.
func ParseDuration(s string) (time.Duration, error) {
	d, err := scanDuration(s)
	if err != nil {
		err.Input = s
		return 0, err
	}
	return d, nil
}

// scanDuration is ParseDuration with a typed error.
func scanDuration(s string) (time.Duration, *DurationError) {
	p := durationParser{s: s}
	for parts := 0; ; parts++ {
		p.space()
		if p.i >= len(p.s) {
			if parts == 0 {
				return 0, notDurationError()
			}
			return p.finish()
		}
		if err := p.part(parts); err != nil {
			return 0, err
		}
	}
}

// durationParser reads the parts of a duration left to right.
type durationParser struct {
	s     string
	i     int
	total time.Duration
	// last is the unit of the previous part, 0 before the first.
	last time.Duration
}

// part reads one number and its unit; n counts the parts read before.
func (p *durationParser) part(n int) *DurationError {
	whole, frac, ok := p.number()
	if !ok {
		return notDurationError()
	}
	p.space()
	word := strings.ToLower(p.letters())
	if word == "" {
		return p.noUnit(n, whole, frac)
	}
	unit, known := durationUnit(word)
	switch {
	case !known && calendarUnit(word):
		return &DurationError{Reason: "uses months or years, whose length varies: use days or weeks (e.g. 30d, 52w)", Final: true}
	case !known:
		return notDurationError()
	case p.last != 0 && unit >= p.last:
		return &DurationError{Reason: "is not a duration: write the units from largest to smallest, each once (e.g. 1h30m)", Malformed: true, Final: true}
	}
	p.last = unit
	return p.add(whole, frac, unit)
}

// noUnit is the error for a number with no unit after it: a bare number is
// not guessed at, a number after other parts gets a suggestion.
func (p *durationParser) noUnit(n int, whole, frac string) *DurationError {
	num := whole + dotted(frac)
	if p.i < len(p.s) {
		return notDurationError()
	}
	if n == 0 {
		return &DurationError{Reason: "has no unit: add one, " + num + "m? " + num + "s?", Malformed: true}
	}
	reason := "is missing a unit after " + num
	if next, ok := smallerUnit(p.last); ok {
		reason += ": did you mean " + Escape(strings.TrimSpace(p.s)) + next + "?"
	}
	return &DurationError{Reason: reason, Malformed: true, Final: true}
}

func dotted(frac string) string {
	if frac == "" {
		return ""
	}
	return "." + frac
}

// add adds whole.frac units to the total, refusing overflow.
func (p *durationParser) add(whole, frac string, unit time.Duration) *DurationError {
	n, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || n > int64(math.MaxInt64/unit) {
		return tooLongError()
	}
	v := time.Duration(n) * unit
	if frac != "" {
		f, _ := strconv.ParseFloat("0."+frac, 64)
		v += time.Duration(f * float64(unit))
	}
	if v < 0 || p.total > math.MaxInt64-v {
		return tooLongError()
	}
	p.total += v
	return nil
}

func tooLongError() *DurationError {
	return &DurationError{Reason: "is too long", Final: true}
}

// finish checks and rounds the total.
func (p *durationParser) finish() (time.Duration, *DurationError) {
	if p.total == 0 {
		return 0, &DurationError{Reason: "must be positive", Final: true}
	}
	d := p.total.Round(time.Second)
	if d == 0 {
		return 0, &DurationError{Reason: "must be at least 1 second", Final: true}
	}
	return d, nil
}

// number reads digits with an optional decimal part.
func (p *durationParser) number() (whole, frac string, ok bool) {
	start := p.i
	p.digits()
	whole = p.s[start:p.i]
	if whole == "" {
		return "", "", false
	}
	if p.i < len(p.s) && p.s[p.i] == '.' {
		p.i++
		fs := p.i
		p.digits()
		if frac = p.s[fs:p.i]; frac == "" {
			return "", "", false
		}
	}
	return whole, frac, true
}

func (p *durationParser) digits() {
	for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
		p.i++
	}
}

func (p *durationParser) letters() string {
	start := p.i
	for p.i < len(p.s) && isASCIILetter(p.s[p.i]) {
		p.i++
	}
	return p.s[start:p.i]
}

func (p *durationParser) space() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t') {
		p.i++
	}
}

func isASCIILetter(c byte) bool {
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

// durationUnit maps a lower-case unit word to its length.
func durationUnit(word string) (time.Duration, bool) {
	switch word {
	case "s", "sec", "secs", "second", "seconds":
		return time.Second, true
	case "m", "min", "mins", "minute", "minutes":
		return time.Minute, true
	case "h", "hr", "hrs", "hour", "hours":
		return time.Hour, true
	case "d", "day", "days":
		return 24 * time.Hour, true
	case "w", "wk", "wks", "week", "weeks":
		return 7 * 24 * time.Hour, true
	}
	return 0, false
}

// calendarUnit reports unit words of months and years.
func calendarUnit(word string) bool {
	switch word {
	case "mo", "mon", "mons", "month", "months", "y", "yr", "yrs", "year", "years":
		return true
	}
	return false
}

// smallerUnit is the letter of the unit after u, for suggestions.
func smallerUnit(u time.Duration) (string, bool) {
	switch u {
	case 7 * 24 * time.Hour:
		return "d", true
	case 24 * time.Hour:
		return "h", true
	case time.Hour:
		return "m", true
	case time.Minute:
		return "s", true
	}
	return "", false
}

// takeDuration reads a Duration parameter's words from sc: the next word,
// then following words while the text stays a well-formed duration (see
// the grammar above). A quoted word is taken alone.
func takeDuration(sc *scanner) (Token, bool, error) {
	tok, ok, err := sc.next()
	if err != nil || !ok || tok.Quoted {
		return tok, ok, err
	}
	for extendDuration(sc, &tok) {
	}
	return tok, true, nil
}

// extendDuration joins the next one or two unquoted words to tok when the
// joined text is a well-formed duration; it reports whether it did.
func extendDuration(sc *scanner, tok *Token) bool {
	save := *sc
	text := tok.Text
	for range 2 {
		next, ok, err := sc.next()
		if err != nil || !ok || next.Quoted {
			break
		}
		text += " " + next.Text
		if _, derr := scanDuration(text); derr == nil || !derr.Malformed {
			tok.Text, tok.End = text, next.End
			return true
		}
	}
	*sc = save
	return false
}

// durationWords renders d for sentences, largest unit first, without
// weeks: "28 days", "1 hour 30 minutes", "1 second".
func durationWords(d time.Duration) string {
	if d < time.Second {
		return "0 seconds"
	}
	var parts []string
	for _, u := range []struct {
		unit time.Duration
		name string
	}{{24 * time.Hour, "day"}, {time.Hour, "hour"}, {time.Minute, "minute"}, {time.Second, "second"}} {
		if n := d / u.unit; n > 0 {
			parts = append(parts, plural(int64(n), u.name))
			d -= n * u.unit
		}
	}
	return strings.Join(parts, " ")
}

func plural(n int64, name string) string {
	s := strconv.FormatInt(n, 10) + " " + name
	if n != 1 {
		s += "s"
	}
	return s
}

func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
