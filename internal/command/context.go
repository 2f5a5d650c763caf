package command

import (
	"context"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Context is one invocation of a command.
type Context struct {
	// Message is the invoking message: GuildID is "" in DMs; Member is
	// partial, as sent by the gateway.
	Message *discordgo.Message
	// Prefix is the prefix actually used ("!" or "<@id> ").
	Prefix string
	// Invoked is the name or alias as typed.
	Invoked string
	// Command is the (sub)command being run.
	Command *Command
	// RawArgs is the text after the (sub)command name, as typed.
	RawArgs string
	// Discord is the bot's view of Discord.
	Discord Discord
	// IsOwner reports whether a user is one of the bot's owners; nil means nobody.
	IsOwner func(userID string) bool
	// Shard is the gateway shard that delivered the message.
	Shard int

	args []boundArg
}

// boundArg is one parsed parameter value.
type boundArg struct {
	name  string
	value any
	given bool
}

// Reply sends content to the invoking message's channel as a reply to it.
func (c *Context) Reply(ctx context.Context, content string) error {
	_, err := c.Send(ctx, &discordgo.MessageSend{Content: content, Reference: c.reference()})
	return err
}

// ReplyEmbed sends an embed as a reply to the invoking message.
func (c *Context) ReplyEmbed(ctx context.Context, e *discordgo.MessageEmbed) error {
	_, err := c.Send(ctx, &discordgo.MessageSend{Embeds: []*discordgo.MessageEmbed{e}, Reference: c.reference()})
	return err
}

// Send sends m to the invoking message's channel. Without an explicit
// AllowedMentions, nothing in m may ping.
func (c *Context) Send(ctx context.Context, m *discordgo.MessageSend) (*discordgo.Message, error) {
	if m.AllowedMentions == nil {
		m.AllowedMentions = &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
	}
	return c.Discord.Send(ctx, c.Message.ChannelID, m)
}

func (c *Context) reference() *discordgo.MessageReference {
	if c.Message.ID == "" {
		return nil
	}
	return c.Message.SoftReference()
}

// GuildID returns the guild the command was used in, "" in DMs.
func (c *Context) GuildID() string { return c.Message.GuildID }

// Author returns the invoking user.
func (c *Context) Author() *discordgo.User { return c.Message.Author }

// AuthorIsOwner reports whether the invoker is one of the bot's owners.
func (c *Context) AuthorIsOwner() bool {
	return c.IsOwner != nil && c.Message.Author != nil && c.IsOwner(c.Message.Author.ID)
}

// Value returns the value of parameter name: (value, true) when the user
// gave it, (default, false) when an optional parameter was omitted, and
// (zero, false) when c has no such parameter of type T. A greedy
// parameter's type is []T.
func Value[T any](c *Context, name string) (T, bool) {
	for _, a := range c.args {
		if a.name == name {
			v, ok := a.value.(T)
			return v, ok && a.given
		}
	}
	var zero T
	return zero, false
}

// Values returns the values of a greedy parameter.
func Values[T any](c *Context, name string) []T {
	v, _ := Value[[]T](c, name)
	return v
}

// Has reports whether the user gave parameter name (an omitted optional
// parameter reports false).
func (c *Context) Has(name string) bool {
	for _, a := range c.args {
		if a.name == name {
			return a.given
		}
	}
	return false
}

// SetValue stores a parameter value as Parse would; it is meant for tests
// of handlers that skip parsing.
func (c *Context) SetValue(name string, value any) {
	for i := range c.args {
		if c.args[i].name == name {
			c.args[i] = boundArg{name: name, value: value, given: true}
			return
		}
	}
	c.args = append(c.args, boundArg{name: name, value: value, given: true})
}

func get[T any](c *Context, name string) T {
	v, _ := Value[T](c, name)
	return v
}

// String returns a text parameter's value.
func (c *Context) String(name string) string { return get[string](c, name) }

// Int returns a whole-number parameter's value.
func (c *Context) Int(name string) int { return get[int](c, name) }

// Float returns a number parameter's value.
func (c *Context) Float(name string) float64 { return get[float64](c, name) }

// Bool returns a yes/no parameter's value.
func (c *Context) Bool(name string) bool { return get[bool](c, name) }

// Duration returns a duration parameter's value.
func (c *Context) Duration(name string) time.Duration { return get[time.Duration](c, name) }

// Member returns a member parameter's value (nil when omitted).
func (c *Context) Member(name string) *discordgo.Member { return get[*discordgo.Member](c, name) }

// User returns a user parameter's value (nil when omitted).
func (c *Context) User(name string) *discordgo.User { return get[*discordgo.User](c, name) }

// Role returns a role parameter's value (nil when omitted).
func (c *Context) Role(name string) *discordgo.Role { return get[*discordgo.Role](c, name) }

// Channel returns a channel parameter's value (nil when omitted).
func (c *Context) Channel(name string) *discordgo.Channel { return get[*discordgo.Channel](c, name) }
