package appcmd

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/command"
)

// optionType maps a parameter's converter to its option type; greedy
// parameters are STRING whatever their type.
func optionType(t command.ParamType) (discordgo.ApplicationCommandOptionType, bool) {
	switch t {
	case command.TypeCustom, command.TypeString, command.TypeDuration:
		return discordgo.ApplicationCommandOptionString, true
	case command.TypeInt:
		return discordgo.ApplicationCommandOptionInteger, true
	case command.TypeFloat:
		return discordgo.ApplicationCommandOptionNumber, true
	case command.TypeBool:
		return discordgo.ApplicationCommandOptionBoolean, true
	case command.TypeMember, command.TypeUser:
		return discordgo.ApplicationCommandOptionUser, true
	case command.TypeRole:
		return discordgo.ApplicationCommandOptionRole, true
	case command.TypeTextChannel:
		return discordgo.ApplicationCommandOptionChannel, true
	}
	return 0, false
}

// paramOptions maps cmd's parameters, in order.
func paramOptions(cmd *command.Command, owner string) ([]*discordgo.ApplicationCommandOption, error) {
	out := make([]*discordgo.ApplicationCommandOption, 0, len(cmd.Params))
	optional := ""
	for _, p := range cmd.Params {
		in := p.Info()
		if !in.Optional && optional != "" {
			return nil, defErr(owner, "required parameter %q comes after optional %q (Discord needs required options first)", in.Name, optional)
		}
		if in.Optional && optional == "" {
			optional = in.Name
		}
		opt, err := paramOption(owner, in)
		if err != nil {
			return nil, err
		}
		out = append(out, opt)
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, checkOptionNames(owner, out)
}

// paramOption maps one parameter.
func paramOption(owner string, in command.ParamInfo) (*discordgo.ApplicationCommandOption, error) {
	name := command.SlashName(in.Name)
	what := "option " + strconv.Quote(name)
	if err := checkChatName(owner, "option", name); err != nil {
		return nil, err
	}
	desc := paramDescription(in)
	if err := checkDescription(owner, what, desc); err != nil {
		return nil, err
	}
	typ, ok := optionType(in.Type)
	if !ok {
		return nil, defErr(owner, "%s has a parameter type the mapping does not know (%d)", what, in.Type)
	}
	if in.Greedy {
		typ = discordgo.ApplicationCommandOptionString
	}
	opt := &discordgo.ApplicationCommandOption{Type: typ, Name: name, Description: desc, Required: !in.Optional}
	if err := limitOption(owner, what, opt, in); err != nil {
		return nil, err
	}
	if in.Autocomplete {
		if len(opt.Choices) > 0 {
			return nil, defErr(owner, "%s has both choices and autocomplete (Discord allows one)", what)
		}
		switch typ {
		case discordgo.ApplicationCommandOptionString, discordgo.ApplicationCommandOptionInteger, discordgo.ApplicationCommandOptionNumber:
			opt.Autocomplete = true
		default:
			return nil, defErr(owner, "%s cannot autocomplete (only text and numbers can)", what)
		}
	}
	return opt, nil
}

// paramDescription is the parameter's description, or its kind and limits
// ("whole number, 1 to 10"), or "several, separated by spaces" for a
// greedy parameter.
func paramDescription(in command.ParamInfo) string {
	desc := strings.TrimSpace(in.Description)
	if desc == "" {
		desc = in.Kind
		if in.Limits != "" {
			desc += ", " + in.Limits
		}
	}
	if in.Greedy && in.Description == "" {
		desc += " (several, separated by spaces)"
	}
	return desc
}

// limitOption fills in bounds, channel types and choices.
func limitOption(owner, what string, opt *discordgo.ApplicationCommandOption, in command.ParamInfo) error {
	switch opt.Type {
	case discordgo.ApplicationCommandOptionString:
		if !in.Greedy && in.Type == command.TypeString {
			if err := lengthBounds(owner, what, opt, in); err != nil {
				return err
			}
		}
	case discordgo.ApplicationCommandOptionInteger, discordgo.ApplicationCommandOptionNumber:
		if err := valueBounds(owner, what, opt, in); err != nil {
			return err
		}
	case discordgo.ApplicationCommandOptionChannel:
		opt.ChannelTypes = append([]discordgo.ChannelType(nil), in.ChannelTypes...)
	}
	return choices(owner, what, opt, in)
}

// lengthBounds sets min_length and max_length (0 to 6000; max at least 1).
func lengthBounds(owner, what string, opt *discordgo.ApplicationCommandOption, in command.ParamInfo) error {
	if in.MinLen < 0 || in.MinLen > maxStringLen || in.MaxLen < 0 || in.MaxLen > maxStringLen {
		return defErr(owner, "%s length bounds must be within 0 to %d", what, maxStringLen)
	}
	if in.MinLen > 0 {
		n := in.MinLen
		opt.MinLength = &n
	}
	opt.MaxLength = in.MaxLen
	return nil
}

// valueBounds sets min_value and max_value. discordgo drops a max_value of
// 0 (omitempty): such a bound is then enforced by cogd's own check only.
func valueBounds(owner, what string, opt *discordgo.ApplicationCommandOption, in command.ParamInfo) error {
	for _, b := range []*float64{in.Min, in.Max} {
		if b != nil && (math.Abs(*b) > maxSafeInteger || math.IsNaN(*b)) {
			return defErr(owner, "%s bound %v is beyond ±2^53", what, *b)
		}
	}
	if in.Min != nil {
		v := *in.Min
		opt.MinValue = &v
	}
	if in.Max != nil {
		opt.MaxValue = *in.Max
	}
	return nil
}

// choices maps a closed set: at most 25, names and string values of 1 to
// 100 characters, numbers for INTEGER and NUMBER options.
func choices(owner, what string, opt *discordgo.ApplicationCommandOption, in command.ParamInfo) error {
	if len(in.Choices) == 0 {
		return nil
	}
	if in.Greedy || in.Type == command.TypeBool || opt.Type != discordgo.ApplicationCommandOptionString &&
		opt.Type != discordgo.ApplicationCommandOptionInteger && opt.Type != discordgo.ApplicationCommandOptionNumber {
		return defErr(owner, "%s cannot have choices", what)
	}
	if len(in.Choices) > maxChoices {
		return defErr(owner, "%s has %d choices (Discord allows %d)", what, len(in.Choices), maxChoices)
	}
	for _, c := range in.Choices {
		ch, err := choice(owner, what, opt.Type, c)
		if err != nil {
			return err
		}
		opt.Choices = append(opt.Choices, ch)
	}
	return nil
}

func choice(owner, what string, typ discordgo.ApplicationCommandOptionType, c string) (*discordgo.ApplicationCommandOptionChoice, error) {
	if n := utf8.RuneCountInString(c); n == 0 || n > maxChoiceValueLen {
		return nil, defErr(owner, "%s choice %q is not 1 to %d characters", what, c, maxChoiceValueLen)
	}
	if typ == discordgo.ApplicationCommandOptionString {
		return &discordgo.ApplicationCommandOptionChoice{Name: c, Value: c}, nil
	}
	v, err := strconv.ParseFloat(c, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > maxSafeInteger ||
		(typ == discordgo.ApplicationCommandOptionInteger && v != math.Trunc(v)) {
		return nil, defErr(owner, "%s choice %q is not a number of the option's kind", what, c)
	}
	return &discordgo.ApplicationCommandOptionChoice{Name: c, Value: v}, nil
}
