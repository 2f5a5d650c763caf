package discordtest

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// Application command types, option types and the limits Discord enforces on them.
const (
	cmdChatInput = 1
	cmdUser      = 2
	cmdMessage   = 3

	optSubCommand      = 1
	optSubCommandGroup = 2
	optString          = 3
	optInteger         = 4
	optBoolean         = 5
	optUser            = 6
	optChannel         = 7
	optRole            = 8
	optMentionable     = 9
	optNumber          = 10
	optAttachment      = 11

	maxOptions      = 25
	maxChoices      = 25
	maxChatInput    = 100
	maxContextMenus = 15
	maxSafeInteger  = 1 << 53
)

// chatInputName is Discord's CHAT_INPUT command and option name pattern,
// ^[-_\p{L}\p{N}]{1,32}$, as a rune test: the compiled regexp would hold
// 0.7 MB of heap in every process that links the emulator (cogd's demo).
var chatInputName = runePattern(func(r rune) bool { return r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r) })

// runePattern matches 1 to 32 runes that all pass its test.
type runePattern func(rune) bool

// MatchString reports whether s is 1 to 32 runes that all pass p (an
// invalid UTF-8 byte is U+FFFD, as for regexp).
func (p runePattern) MatchString(s string) bool {
	n := 0
	for _, r := range s {
		if n++; n > 32 || !p(r) {
			return false
		}
	}
	return n > 0
}

// wireCommand is Discord's application command object.
type wireCommand struct {
	ID                       string            `json:"id"`
	Type                     int               `json:"type"`
	ApplicationID            string            `json:"application_id"`
	GuildID                  string            `json:"guild_id,omitempty"`
	Name                     string            `json:"name"`
	NameLocalizations        map[string]string `json:"name_localizations,omitempty"`
	Description              string            `json:"description"`
	DescriptionLocalizations map[string]string `json:"description_localizations,omitempty"`
	Options                  []*wireOption     `json:"options,omitempty"`
	DefaultMemberPermissions json.RawMessage   `json:"default_member_permissions"`
	DMPermission             *bool             `json:"dm_permission,omitempty"`
	NSFW                     bool              `json:"nsfw,omitempty"`
	IntegrationTypes         []int             `json:"integration_types,omitempty"`
	Contexts                 []int             `json:"contexts"`
	Version                  string            `json:"version"`
}

// wireOption is Discord's application command option object.
type wireOption struct {
	Type                     int               `json:"type"`
	Name                     string            `json:"name"`
	NameLocalizations        map[string]string `json:"name_localizations,omitempty"`
	Description              string            `json:"description"`
	DescriptionLocalizations map[string]string `json:"description_localizations,omitempty"`
	Required                 bool              `json:"required,omitempty"`
	Choices                  []*wireChoice     `json:"choices,omitempty"`
	Options                  []*wireOption     `json:"options,omitempty"`
	ChannelTypes             []int             `json:"channel_types,omitempty"`
	MinValue                 *float64          `json:"min_value,omitempty"`
	MaxValue                 *float64          `json:"max_value,omitempty"`
	MinLength                *int              `json:"min_length,omitempty"`
	MaxLength                *int              `json:"max_length,omitempty"`
	Autocomplete             bool              `json:"autocomplete,omitempty"`
}

// wireChoice is one choice of a STRING, INTEGER or NUMBER option.
type wireChoice struct {
	Name              string            `json:"name"`
	NameLocalizations map[string]string `json:"name_localizations,omitempty"`
	Value             any               `json:"value"`
}

// CommandError is a command definition Discord would reject: Path names the field
// ("0.options.1.name"), Code and Message are Discord's error code and sentence.
type CommandError struct {
	// Path is the dotted field path inside the request body.
	Path string
	// Code is Discord's field error code, e.g. "APPLICATION_COMMAND_INVALID_NAME".
	Code string
	// Message is Discord's error message.
	Message string
}

// Error implements error.
func (e *CommandError) Error() string {
	return fmt.Sprintf("invalid application command at %s: %s (%s)", e.Path, e.Message, e.Code)
}

// cmdErr builds a CommandError at the joined path.
func cmdErr(path []string, code, format string, args ...any) *CommandError {
	return &CommandError{Path: strings.Join(path, "."), Code: code, Message: fmt.Sprintf(format, args...)}
}

// at returns path extended by elems, never sharing path's backing array.
func at(path []string, elems ...any) []string {
	out := make([]string, 0, len(path)+len(elems))
	out = append(out, path...)
	for _, e := range elems {
		out = append(out, fmt.Sprint(e))
	}
	return out
}

// ValidateCommands checks a scope's whole command list the way Discord checks a bulk
// overwrite (names, descriptions, options, choices, nesting, caps, duplicates); it
// returns a *CommandError naming the first offending field, or nil. Use it to test
// command definitions without a running server.
func ValidateCommands(cmds []*discordgo.ApplicationCommand) error {
	raw, err := json.Marshal(cmds)
	if err != nil {
		return fmt.Errorf("discordtest: encode commands: %w", err)
	}
	var wcs []*wireCommand
	if err := json.Unmarshal(raw, &wcs); err != nil {
		return fmt.Errorf("discordtest: decode commands: %w", err)
	}
	if ce := validateCommandList(wcs); ce != nil {
		return ce
	}
	return nil
}

// validateCommandList checks every command of a bulk overwrite and the per-scope caps.
func validateCommandList(cmds []*wireCommand) *CommandError {
	seen := map[string]bool{}
	counts := map[int]int{}
	for i, c := range cmds {
		if c == nil {
			return cmdErr(at(nil, i), "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType")
		}
		if ce := validateCommand(at(nil, i), c); ce != nil {
			return ce
		}
		key := fmt.Sprintf("%d/%s", c.Type, c.Name)
		if seen[key] {
			return cmdErr(at(nil, i, "name"), "APPLICATION_COMMANDS_DUPLICATE_NAME", "Application command names must be unique")
		}
		seen[key] = true
		counts[c.Type]++
	}
	return checkCaps(counts)
}

// checkCaps enforces 100 CHAT_INPUT, 15 USER and 15 MESSAGE commands per scope.
func checkCaps(counts map[int]int) *CommandError {
	caps := map[int]int{cmdChatInput: maxChatInput, cmdUser: maxContextMenus, cmdMessage: maxContextMenus}
	for typ, n := range counts {
		if n > caps[typ] {
			return &CommandError{Code: "30032", Message: fmt.Sprintf("Maximum number of application commands reached (%d)", caps[typ])}
		}
	}
	return nil
}

// validateCommand checks one command, defaulting its type to CHAT_INPUT.
func validateCommand(path []string, c *wireCommand) *CommandError {
	if c.Type == 0 {
		c.Type = cmdChatInput
	}
	switch c.Type {
	case cmdChatInput:
		if ce := checkChatName(at(path, "name"), c.Name); ce != nil {
			return ce
		}
		if ce := checkDescription(at(path, "description"), c.Description); ce != nil {
			return ce
		}
		if ce := validateOptions(at(path, "options"), c.Options, 0); ce != nil {
			return ce
		}
	case cmdUser, cmdMessage:
		if ce := validateContextMenu(path, c); ce != nil {
			return ce
		}
	default:
		return cmdErr(at(path, "type"), "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3}.")
	}
	if ce := checkPermissions(at(path, "default_member_permissions"), c.DefaultMemberPermissions); ce != nil {
		return ce
	}
	return checkContexts(path, c)
}

// validateContextMenu checks a USER or MESSAGE command: any-case name of 1–32 characters,
// empty description, no options.
func validateContextMenu(path []string, c *wireCommand) *CommandError {
	if n := utf8.RuneCountInString(c.Name); n < 1 || n > 32 {
		return cmdErr(at(path, "name"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 32 in length.")
	}
	if c.Description != "" {
		return cmdErr(at(path, "description"), "APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION_NOT_EMPTY", "Context menu commands cannot have description")
	}
	if len(c.Options) > 0 {
		return cmdErr(at(path, "options"), "APPLICATION_COMMAND_CONTEXT_MENU_OPTIONS", "Context menu commands cannot have options")
	}
	return nil
}

// checkChatName checks a CHAT_INPUT command or option name.
func checkChatName(path []string, name string) *CommandError {
	if n := utf8.RuneCountInString(name); n < 1 || n > 32 {
		return cmdErr(path, "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 32 in length.")
	}
	if !chatInputName.MatchString(name) || strings.ToLower(name) != name {
		return cmdErr(path, "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
	}
	return nil
}

// checkDescription checks a CHAT_INPUT command or option description (1–100 characters).
func checkDescription(path []string, d string) *CommandError {
	if n := utf8.RuneCountInString(d); n < 1 || n > 100 {
		return cmdErr(path, "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
	}
	return nil
}

// checkPermissions checks default_member_permissions: null or a string bit set.
func checkPermissions(path []string, raw json.RawMessage) *CommandError {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		if _, err := strconv.ParseUint(s, 10, 64); err == nil {
			return nil
		}
	}
	return cmdErr(path, "NUMBER_TYPE_COERCE", "Value %s is not a valid permission bit set.", string(raw))
}

// checkContexts checks contexts (0 GUILD, 1 BOT_DM, 2 PRIVATE_CHANNEL) and
// integration_types (0 guild install, 1 user install).
func checkContexts(path []string, c *wireCommand) *CommandError {
	for i, v := range c.Contexts {
		if v < 0 || v > 2 {
			return cmdErr(at(path, "contexts", i), "BASE_TYPE_CHOICES", "Value must be one of {0, 1, 2}.")
		}
	}
	for i, v := range c.IntegrationTypes {
		if v < 0 || v > 1 {
			return cmdErr(at(path, "integration_types", i), "BASE_TYPE_CHOICES", "Value must be one of {0, 1}.")
		}
	}
	return nil
}

// validateOptions checks an option list at nesting depth (0 = command, 1 = subcommand or
// group, 2 = subcommand in a group).
func validateOptions(path []string, opts []*wireOption, depth int) *CommandError {
	if len(opts) > maxOptions {
		return cmdErr(path, "BASE_TYPE_MAX_LENGTH", "Must be %d or fewer in length.", maxOptions)
	}
	names := map[string]bool{}
	optional, subs, plain := false, 0, 0
	for i, o := range opts {
		p := at(path, i)
		if o == nil {
			return cmdErr(p, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType")
		}
		if ce := validateOption(p, o, depth); ce != nil {
			return ce
		}
		if names[o.Name] {
			return cmdErr(at(p, "name"), "APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS", "Option name %s is already used in these options", o.Name)
		}
		names[o.Name] = true
		if o.Type == optSubCommand || o.Type == optSubCommandGroup {
			subs++
		} else {
			plain++
		}
		if o.Required && optional {
			return cmdErr(p, "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID", "Required options must be placed before non-required options")
		}
		optional = optional || !o.Required
	}
	if subs > 0 && plain > 0 {
		return cmdErr(path, "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Sub-command and sub-command group option types are mutually exclusive to all other types")
	}
	return nil
}

// validateOption checks one option: name, description, type and nesting, choices, bounds.
func validateOption(path []string, o *wireOption, depth int) *CommandError {
	if ce := checkChatName(at(path, "name"), o.Name); ce != nil {
		return ce
	}
	if ce := checkDescription(at(path, "description"), o.Description); ce != nil {
		return ce
	}
	if ce := checkNesting(path, o, depth); ce != nil {
		return ce
	}
	if ce := checkChoices(path, o); ce != nil {
		return ce
	}
	return checkBounds(path, o)
}

// checkNesting checks the option type and where subcommands and groups may appear:
// groups only at the top, subcommands at the top or in a group, groups hold only
// subcommands, and subcommands and groups are never required.
func checkNesting(path []string, o *wireOption, depth int) *CommandError {
	if o.Type < optSubCommand || o.Type > optAttachment {
		return cmdErr(at(path, "type"), "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}.")
	}
	nested := func() *CommandError {
		return cmdErr(at(path, "type"), "APPLICATION_COMMAND_OPTION_TYPE_INVALID_NESTING", "Sub-command and sub-command group option types cannot be nested here")
	}
	switch o.Type {
	case optSubCommandGroup:
		if depth != 0 {
			return nested()
		}
		for i, sub := range o.Options {
			if sub != nil && sub.Type != optSubCommand {
				return cmdErr(at(path, "options", i, "type"), "APPLICATION_COMMAND_OPTION_TYPE_INVALID_NESTING", "Sub-command groups may only contain sub-commands")
			}
		}
	case optSubCommand:
		if depth > 1 {
			return nested()
		}
	default:
		if len(o.Options) > 0 {
			return cmdErr(at(path, "options"), "APPLICATION_COMMAND_OPTIONS_NOT_ALLOWED", "Only sub-command and sub-command group options can have options")
		}
		return nil
	}
	if o.Required {
		return cmdErr(at(path, "required"), "APPLICATION_COMMAND_SUBCOMMAND_REQUIRED", "Sub-commands and sub-command groups cannot be required")
	}
	return validateOptions(at(path, "options"), o.Options, depth+1)
}

// checkChoices checks choices: only on STRING, INTEGER and NUMBER, at most 25, not with
// autocomplete, names of 1–100 characters and values of the option's type.
func checkChoices(path []string, o *wireOption) *CommandError {
	if len(o.Choices) == 0 {
		return nil
	}
	if o.Type != optString && o.Type != optInteger && o.Type != optNumber {
		return cmdErr(at(path, "choices"), "APPLICATION_COMMAND_OPTION_CHOICES_NOT_ALLOWED", "Choices are not allowed for this option type")
	}
	if len(o.Choices) > maxChoices {
		return cmdErr(at(path, "choices"), "BASE_TYPE_MAX_LENGTH", "Must be %d or fewer in length.", maxChoices)
	}
	if o.Autocomplete {
		return cmdErr(at(path, "autocomplete"), "APPLICATION_COMMAND_AUTOCOMPLETE_CHOICES", "Autocomplete cannot be set with choices")
	}
	for i, ch := range o.Choices {
		p := at(path, "choices", i)
		if ch == nil {
			return cmdErr(p, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType")
		}
		if n := utf8.RuneCountInString(ch.Name); n < 1 || n > 100 {
			return cmdErr(at(p, "name"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
		}
		if ce := checkChoiceValue(at(p, "value"), o.Type, ch.Value); ce != nil {
			return ce
		}
	}
	return nil
}

// checkChoiceValue checks that a choice value has the option's type.
func checkChoiceValue(path []string, typ int, v any) *CommandError {
	switch typ {
	case optString:
		s, ok := v.(string)
		if !ok {
			return cmdErr(path, "BASE_TYPE_STRING", "This field must be a string.")
		}
		if n := utf8.RuneCountInString(s); n < 1 || n > 100 {
			return cmdErr(path, "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
		}
	case optInteger:
		f, ok := v.(float64)
		if !ok || f != math.Trunc(f) || math.Abs(f) > maxSafeInteger {
			return cmdErr(path, "NUMBER_TYPE_COERCE", "Value is not int.")
		}
	default:
		if _, ok := v.(float64); !ok {
			return cmdErr(path, "NUMBER_TYPE_COERCE", "Value is not a valid number.")
		}
	}
	return nil
}

// checkBounds checks min/max values (INTEGER and NUMBER), min/max lengths (STRING,
// 0–6000), channel types (CHANNEL) and autocomplete (STRING, INTEGER, NUMBER).
func checkBounds(path []string, o *wireOption) *CommandError {
	numeric := o.Type == optInteger || o.Type == optNumber
	if (o.MinValue != nil || o.MaxValue != nil) && !numeric {
		return cmdErr(at(path, "min_value"), "APPLICATION_COMMAND_OPTION_MIN_MAX_NOT_ALLOWED", "Min and max values are only allowed for number options")
	}
	if o.MinValue != nil && o.MaxValue != nil && *o.MinValue > *o.MaxValue {
		return cmdErr(at(path, "max_value"), "NUMBER_TYPE_MIN", "max_value must be at least min_value")
	}
	if (o.MinLength != nil || o.MaxLength != nil) && o.Type != optString {
		return cmdErr(at(path, "min_length"), "APPLICATION_COMMAND_OPTION_LENGTH_NOT_ALLOWED", "Min and max lengths are only allowed for string options")
	}
	for _, l := range []struct {
		name string
		v    *int
		min  int
	}{{"min_length", o.MinLength, 0}, {"max_length", o.MaxLength, 1}} {
		if l.v != nil && (*l.v < l.min || *l.v > 6000) {
			return cmdErr(at(path, l.name), "NUMBER_TYPE_MAX", "int value should be between %d and 6000.", l.min)
		}
	}
	if len(o.ChannelTypes) > 0 && o.Type != optChannel {
		return cmdErr(at(path, "channel_types"), "APPLICATION_COMMAND_OPTION_CHANNEL_TYPES_NOT_ALLOWED", "Channel types are only allowed for channel options")
	}
	if o.Autocomplete && o.Type != optString && !numeric {
		return cmdErr(at(path, "autocomplete"), "APPLICATION_COMMAND_AUTOCOMPLETE_NOT_ALLOWED", "Autocomplete is only allowed for string, integer and number options")
	}
	return nil
}
