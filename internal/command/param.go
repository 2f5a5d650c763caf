package command

import (
	"cmp"
	"context"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// Param is a declared command parameter. Values come from the typed
// constructors (String, Int, Member, Custom, …); the interface is sealed.
type Param interface {
	// Info describes the parameter for usage lines and help.
	Info() ParamInfo
	// bind reads the parameter's text from sc and converts it.
	bind(ctx context.Context, c *Context, sc *scanner) (any, error)
	// fallback is the value of an omitted optional parameter.
	fallback() any
	// bindOption converts an application-command option's value.
	bindOption(ctx context.Context, c *Context, v optionValue) (any, error)
}

// ParamInfo describes a parameter for usage lines and help.
type ParamInfo struct {
	// Name and Description are as declared.
	Name, Description string
	// Kind names the converter: "text", "whole number", "member", ….
	Kind string
	// Optional, Rest and Greedy are the declared flags.
	Optional, Rest, Greedy bool
	// Default is the default rendered for users ("" when none is worth showing).
	Default string
	// Limits describes bounds, e.g. "1 to 10" or "at most 100 characters".
	Limits string
	// Type is the built-in converter the parameter uses (TypeCustom for
	// Custom); the application-command mapping picks the option type from it.
	Type ParamType
	// MinLen and MaxLen are a text parameter's length bounds (0 = none).
	MinLen, MaxLen int
	// Min and Max are a whole or decimal number parameter's bounds (nil =
	// none); durations keep theirs to themselves (they travel as text).
	Min, Max *float64
	// Choices is the closed set of values offered to users, as they would
	// type them (nil = open).
	Choices []string
	// ChannelTypes are the channel types a channel parameter accepts.
	ChannelTypes []discordgo.ChannelType
	// Autocomplete reports whether the parameter suggests values as the
	// user types (Complete).
	Autocomplete bool
}

// Choice is one suggestion of an autocomplete: Name is shown, Value is
// what the option then holds (as the user would type it).
type Choice struct {
	Name, Value string
}

// CompleteFunc suggests values for what the user has typed so far (maybe
// nothing). It must answer fast: Discord waits at most 3 s; at most 25
// choices are shown. An error shows no choices.
type CompleteFunc func(ctx context.Context, c *Context, typed string) ([]Choice, error)

// Completion returns p's autocomplete function, nil when it has none.
func Completion(p Param) CompleteFunc {
	if cp, ok := p.(interface{ completion() CompleteFunc }); ok {
		return cp.completion()
	}
	return nil
}

// ParamType names a parameter's built-in converter.
type ParamType int

// The parameter types.
const (
	// TypeCustom is a Custom parameter: text converted by its own function.
	TypeCustom ParamType = iota
	// TypeString is String.
	TypeString
	// TypeInt is Int.
	TypeInt
	// TypeFloat is Float.
	TypeFloat
	// TypeBool is Bool.
	TypeBool
	// TypeDuration is Duration.
	TypeDuration
	// TypeMember is Member.
	TypeMember
	// TypeUser is User.
	TypeUser
	// TypeRole is Role.
	TypeRole
	// TypeTextChannel is TextChannel.
	TypeTextChannel
)

// ConvertFunc converts one argument's text into a T. Return BadArgument
// (or a *ConversionError / *UserError) to reject the input with a message
// for the user; any other error is treated as an internal failure.
type ConvertFunc[T any] func(ctx context.Context, c *Context, arg string) (T, error)

// Arg is a typed parameter. Its builder methods configure it in place at
// declaration time and return it for chaining; Get reads its value.
type Arg[T any] struct {
	info    ParamInfo
	def     T
	convert ConvertFunc[T]
	verify  func(T) error
	show    func(T) string
	// resolve takes a Discord object from an interaction's resolved data;
	// nil for parameters that are not Discord objects.
	resolve resolveFunc[T]
	// complete suggests values on the slash transport; nil for none.
	complete CompleteFunc
	// take reads the argument's text from a command line; nil reads one
	// word (Duration reads "10 minutes" as one argument).
	take func(sc *scanner) (Token, bool, error)
}

func newArg[T any](name, desc, kind string, conv ConvertFunc[T], show func(T) string) *Arg[T] {
	return &Arg[T]{info: ParamInfo{Name: name, Description: desc, Kind: kind}, convert: conv, show: show}
}

// typed sets the parameter's ParamType; constructors call it.
func (a *Arg[T]) typed(t ParamType) *Arg[T] {
	a.info.Type = t
	return a
}

// Custom declares a parameter converted by fn, e.g. a colour or an enum.
func Custom[T any](name, description string, fn ConvertFunc[T]) *Arg[T] {
	return newArg(name, description, "value", fn, showAny[T]).typed(TypeCustom)
}

// showAny renders a custom default with fmt, showing nothing for nil.
func showAny[T any](v T) string {
	if s := fmt.Sprint(v); s != "<nil>" {
		return s
	}
	return ""
}

// Info describes the parameter.
func (a *Arg[T]) Info() ParamInfo { return a.info }

// Optional makes the parameter optional with default def.
func (a *Arg[T]) Optional(def T) *Arg[T] {
	a.info.Optional, a.def = true, def
	a.info.Default = a.show(def)
	return a
}

// Rest makes the parameter take the rest of the line as typed (trimmed;
// quotes removed only when the whole rest is one quoted string).
func (a *Arg[T]) Rest() *Arg[T] {
	a.info.Rest = true
	return a
}

// Greedy makes the parameter take as many arguments as convert, as a []T.
// A required greedy parameter needs at least one.
func (a *Arg[T]) Greedy() *Arg[T] {
	a.info.Greedy = true
	return a
}

// Kind overrides the converter's name shown in help.
func (a *Arg[T]) Kind(kind string) *Arg[T] {
	a.info.Kind = kind
	return a
}

// Choices declares the closed set of values users pick from, as they would
// type them ("timeout", "kick", …). Slash commands offer them as choices;
// the converter still decides what is valid on both transports (so prefix
// users may type an alias the converter accepts).
func (a *Arg[T]) Choices(values ...string) *Arg[T] {
	a.info.Choices = append([]string(nil), values...)
	return a
}

// Complete makes the parameter suggest values as the user types a slash
// command (Discord's autocomplete).
func (a *Arg[T]) Complete(fn CompleteFunc) *Arg[T] {
	a.complete, a.info.Autocomplete = fn, fn != nil
	return a
}

func (a *Arg[T]) completion() CompleteFunc { return a.complete }

// Get returns the parameter's value in c: the converted argument, the
// default when omitted, or the zero value when c has no such parameter.
// A greedy parameter is read with GetAll.
func (a *Arg[T]) Get(c *Context) T {
	v, _ := Value[T](c, a.info.Name)
	return v
}

// GetAll returns a greedy parameter's values in c.
func (a *Arg[T]) GetAll(c *Context) []T { return Values[T](c, a.info.Name) }

func (a *Arg[T]) fallback() any {
	if a.info.Greedy {
		return []T(nil)
	}
	return a.def
}

// one converts a single argument and applies the bounds.
func (a *Arg[T]) one(ctx context.Context, c *Context, text string) (T, error) {
	v, err := a.convert(ctx, c, text)
	if err != nil {
		return v, describe(err, a.info.Name, text)
	}
	if a.verify != nil {
		if err := a.verify(v); err != nil {
			return v, describe(err, a.info.Name, text)
		}
	}
	return v, nil
}

func (a *Arg[T]) bind(ctx context.Context, c *Context, sc *scanner) (any, error) {
	switch {
	case a.info.Rest:
		return a.bindRest(ctx, c, sc)
	case a.info.Greedy:
		return a.bindGreedy(ctx, c, sc)
	}
	tok, ok, err := a.next(sc)
	if err != nil || !ok {
		return nil, orMissing(err, a.info.Name)
	}
	return a.one(ctx, c, tok.Text)
}

func (a *Arg[T]) bindRest(ctx context.Context, c *Context, sc *scanner) (any, error) {
	text, ok := sc.rest()
	if !ok {
		return nil, orMissing(nil, a.info.Name)
	}
	return a.one(ctx, c, text)
}

// bindGreedy converts arguments until one is not of its kind; that one is
// left unread. A wrong value (out of range, ambiguous) is an error.
func (a *Arg[T]) bindGreedy(ctx context.Context, c *Context, sc *scanner) (any, error) {
	var out []T
	for {
		save := *sc
		tok, ok, err := a.next(sc)
		if err != nil || !ok {
			*sc = save
			if len(out) == 0 {
				return nil, orMissing(err, a.info.Name)
			}
			return out, nil
		}
		v, err := a.one(ctx, c, tok.Text)
		if err != nil {
			*sc = save
			if len(out) == 0 || !skippable(err) {
				return nil, err
			}
			return out, nil
		}
		out = append(out, v)
	}
}

// next reads the parameter's next argument from sc.
func (a *Arg[T]) next(sc *scanner) (Token, bool, error) {
	if a.take != nil {
		return a.take(sc)
	}
	return sc.next()
}

// orMissing returns err, or a MissingArgument error when err is nil.
func orMissing(err error, name string) error {
	if err != nil {
		return err
	}
	return &UsageError{Problem: MissingArgument, Param: name}
}

// StringParam is a text parameter with optional length bounds (in characters).
type StringParam struct {
	Arg[string]
	minLen, maxLen int
}

// String declares a text parameter.
func String(name, description string) *StringParam {
	p := &StringParam{Arg: *newArg(name, description, "text", convertString, func(s string) string { return s }).typed(TypeString)}
	p.verify = p.checkLen
	return p
}

// Optional makes the parameter optional with default def.
func (p *StringParam) Optional(def string) *StringParam { p.Arg.Optional(def); return p }

// Rest makes the parameter take the rest of the line as typed.
func (p *StringParam) Rest() *StringParam { p.Arg.Rest(); return p }

// Greedy makes the parameter take every remaining argument as a []string.
func (p *StringParam) Greedy() *StringParam { p.Arg.Greedy(); return p }

// Choices declares the closed set of values offered (see Arg.Choices).
func (p *StringParam) Choices(values ...string) *StringParam { p.Arg.Choices(values...); return p }

// Complete is Arg.Complete.
func (p *StringParam) Complete(fn CompleteFunc) *StringParam { p.Arg.Complete(fn); return p }

// MinLen requires at least n characters.
func (p *StringParam) MinLen(n int) *StringParam {
	p.minLen, p.info.MinLen = n, n
	p.info.Limits = lengthLimits(p.minLen, p.maxLen)
	return p
}

// MaxLen allows at most n characters.
func (p *StringParam) MaxLen(n int) *StringParam {
	p.maxLen, p.info.MaxLen = n, n
	p.info.Limits = lengthLimits(p.minLen, p.maxLen)
	return p
}

func (p *StringParam) checkLen(s string) error {
	n := utf8.RuneCountInString(s)
	switch {
	case p.minLen > 0 && n < p.minLen:
		return finalError("is too short (at least %d characters)", p.minLen)
	case p.maxLen > 0 && n > p.maxLen:
		return finalError("is too long (at most %d characters)", p.maxLen)
	}
	return nil
}

func lengthLimits(minLen, maxLen int) string {
	switch {
	case minLen > 0 && maxLen > 0:
		return fmt.Sprintf("%d to %d characters", minLen, maxLen)
	case minLen > 0:
		return fmt.Sprintf("at least %d characters", minLen)
	case maxLen > 0:
		return fmt.Sprintf("at most %d characters", maxLen)
	}
	return ""
}

// NumberParam is a number-like parameter (int, float64, time.Duration)
// with optional bounds.
type NumberParam[T cmp.Ordered] struct {
	Arg[T]
	min, max       T
	hasMin, hasMax bool
	// words renders a bound for an error sentence ("28 days"); nil uses
	// the short form of help.
	words func(T) string
}

func newNumber[T cmp.Ordered](name, desc, kind string, t ParamType, conv ConvertFunc[T], show func(T) string) *NumberParam[T] {
	p := &NumberParam[T]{Arg: *newArg(name, desc, kind, conv, show).typed(t)}
	p.verify = p.checkRange
	return p
}

// Int declares a whole-number parameter.
func Int(name, description string) *NumberParam[int] {
	return newNumber(name, description, "whole number", TypeInt, convertInt, func(v int) string { return fmt.Sprint(v) })
}

// Float declares a decimal-number parameter.
func Float(name, description string) *NumberParam[float64] {
	return newNumber(name, description, "number", TypeFloat, convertFloat, func(v float64) string { return fmt.Sprint(v) })
}

// Duration declares a duration parameter such as 90s, 10m, 10 minutes,
// 1.5h, 1h30m, 2d12h or 1w (the grammar is ParseDuration's). On a command
// line it may span words ("10 minutes", "1h 30m"); out of range it says
// the range in words ("must be between 1 minute and 28 days").
func Duration(name, description string) *NumberParam[time.Duration] {
	p := newNumber(name, description, "duration", TypeDuration, convertDuration, FormatDuration)
	p.take = takeDuration
	p.words = durationWords
	return p
}

// Optional makes the parameter optional with default def.
func (p *NumberParam[T]) Optional(def T) *NumberParam[T] { p.Arg.Optional(def); return p }

// Greedy makes the parameter take as many numbers as follow, as a []T.
func (p *NumberParam[T]) Greedy() *NumberParam[T] { p.Arg.Greedy(); return p }

// Choices declares the closed set of values offered (see Arg.Choices).
func (p *NumberParam[T]) Choices(values ...string) *NumberParam[T] {
	p.Arg.Choices(values...)
	return p
}

// Min requires values ≥ v.
func (p *NumberParam[T]) Min(v T) *NumberParam[T] {
	p.min, p.hasMin = v, true
	p.info.Min = numericBound(v)
	p.info.Limits = p.limits()
	return p
}

// Max requires values ≤ v.
func (p *NumberParam[T]) Max(v T) *NumberParam[T] {
	p.max, p.hasMax = v, true
	p.info.Max = numericBound(v)
	p.info.Limits = p.limits()
	return p
}

// numericBound is v as a float64 bound for ParamInfo: whole and decimal
// numbers only (a duration's bound is not a number of the slash form).
func numericBound[T cmp.Ordered](v T) *float64 {
	var f float64
	switch x := any(v).(type) {
	case int:
		f = float64(x)
	case float64:
		f = x
	default:
		return nil
	}
	return &f
}

func (p *NumberParam[T]) limits() string {
	switch {
	case p.hasMin && p.hasMax:
		return p.show(p.min) + " to " + p.show(p.max)
	case p.hasMin:
		return "at least " + p.show(p.min)
	case p.hasMax:
		return "at most " + p.show(p.max)
	}
	return ""
}

func (p *NumberParam[T]) checkRange(v T) error {
	if (p.hasMin && v < p.min) || (p.hasMax && v > p.max) {
		if p.words != nil {
			return finalError("is out of range: must be %s", p.rangeWords())
		}
		return finalError("is out of range (%s)", p.limits())
	}
	return nil
}

// rangeWords states the bounds for a sentence: "between 1 minute and 28
// days", "at least 1 second", "at most 7 days".
func (p *NumberParam[T]) rangeWords() string {
	switch {
	case p.hasMin && p.hasMax:
		return "between " + p.words(p.min) + " and " + p.words(p.max)
	case p.hasMin:
		return "at least " + p.words(p.min)
	}
	return "at most " + p.words(p.max)
}

// Bool declares a yes/no parameter (yes/no, on/off, true/false, 1/0,
// enable/disable).
func Bool(name, description string) *Arg[bool] {
	return newArg(name, description, "yes/no", convertBool, func(v bool) string {
		if v {
			return "yes"
		}
		return "no"
	}).typed(TypeBool)
}
