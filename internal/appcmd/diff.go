package appcmd

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"github.com/bwmarrin/discordgo"
)

// Diff is what a sync would change in a scope, by display name ("/warn",
// "user:User info", "message:Report"), each list sorted.
type Diff struct {
	Added, Changed, Removed []string
}

// Empty reports whether nothing would change.
func (d Diff) Empty() bool {
	return len(d.Added) == 0 && len(d.Changed) == 0 && len(d.Removed) == 0
}

// Compare returns the difference between the commands Discord has
// (current, as listed) and desired. Fields Discord adds (IDs, versions,
// defaults it fills in) are ignored.
func Compare(current, desired []*discordgo.ApplicationCommand) Diff {
	have := make(map[string][]byte, len(current))
	for _, c := range current {
		have[DisplayName(c)] = canonical(c)
	}
	var d Diff
	for _, c := range desired {
		name := DisplayName(c)
		old, ok := have[name]
		switch {
		case !ok:
			d.Added = append(d.Added, name)
		case !bytes.Equal(old, canonical(c)):
			d.Changed = append(d.Changed, name)
		}
		delete(have, name)
	}
	for name := range have {
		d.Removed = append(d.Removed, name)
	}
	slices.Sort(d.Added)
	slices.Sort(d.Changed)
	slices.Sort(d.Removed)
	return d
}

// DisplayName names a command for operators: "/name" for chat input,
// "user:Name" and "message:Name" for context menus.
func DisplayName(c *discordgo.ApplicationCommand) string {
	switch c.Type {
	case discordgo.UserApplicationCommand:
		return "user:" + c.Name
	case discordgo.MessageApplicationCommand:
		return "message:" + c.Name
	}
	return "/" + c.Name
}

// canonCommand and canonOption are the fields that make a command what it
// is, in a form where "absent" and Discord's defaults compare equal.
type canonCommand struct {
	Type        discordgo.ApplicationCommandType
	Name        string
	Description string
	Permissions string
	Contexts    []discordgo.InteractionContextType
	Options     []canonOption
}

type canonOption struct {
	Type         discordgo.ApplicationCommandOptionType
	Name         string
	Description  string
	Required     bool
	Autocomplete bool
	ChannelTypes []discordgo.ChannelType
	Choices      []string
	MinValue     string
	MaxValue     float64
	MinLength    string
	MaxLength    int
	Options      []canonOption
}

// canonical renders c's canonical form as JSON.
func canonical(c *discordgo.ApplicationCommand) []byte {
	cc := canonCommand{Type: c.Type, Name: c.Name, Description: c.Description, Options: canonOptions(c.Options)}
	if cc.Type == 0 {
		cc.Type = discordgo.ChatApplicationCommand
	}
	if c.DefaultMemberPermissions != nil {
		cc.Permissions = strconv.FormatInt(*c.DefaultMemberPermissions, 10)
	}
	if c.Contexts != nil {
		cc.Contexts = *c.Contexts
	}
	b, _ := json.Marshal(cc) // plain structs of strings and numbers: cannot fail
	return b
}

func canonOptions(opts []*discordgo.ApplicationCommandOption) []canonOption {
	var out []canonOption
	for _, o := range opts {
		co := canonOption{Type: o.Type, Name: o.Name, Description: o.Description, Required: o.Required,
			Autocomplete: o.Autocomplete, ChannelTypes: o.ChannelTypes, MaxValue: o.MaxValue, MaxLength: o.MaxLength,
			Options: canonOptions(o.Options)}
		if o.MinValue != nil {
			co.MinValue = strconv.FormatFloat(*o.MinValue, 'g', -1, 64)
		}
		if o.MinLength != nil && *o.MinLength != 0 {
			co.MinLength = strconv.Itoa(*o.MinLength)
		}
		for _, ch := range o.Choices {
			co.Choices = append(co.Choices, ch.Name+"="+fmt.Sprint(ch.Value))
		}
		if len(co.ChannelTypes) == 0 {
			co.ChannelTypes = nil
		}
		out = append(out, co)
	}
	return out
}
