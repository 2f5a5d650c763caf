package command

import (
	"context"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Origin says who invoked a command and where, whatever the transport.
type Origin struct {
	// GuildID is "" in direct messages.
	GuildID string
	// ChannelID is the channel the command was used in.
	ChannelID string
	// Author is the invoking user.
	Author *discordgo.User
	// Member is the invoker as a guild member, partial as the gateway or the
	// interaction sent it; nil in direct messages or when not sent.
	Member *discordgo.Member
	// MessageID is the invoking message on the prefix transport; "" for an
	// interaction.
	MessageID string
	// AuthorPermissions and BotPermissions are the permissions Discord
	// computed for the invoker and for the bot in the channel (interactions
	// carry them as member.permissions and app_permissions); nil means
	// compute them from the guild, channel and member.
	AuthorPermissions *int64
	BotPermissions    *int64
}

// Responder answers one invocation over its transport: a reply to the
// invoking message, or the response to an interaction. Every message it
// sends passes cogd's output safety (allowed_mentions, Discord's limits).
type Responder interface {
	// Respond answers the invocation. private asks for an answer only the
	// invoker can see (ephemeral on interactions; the prefix transport
	// replies in the channel, the only way it has).
	Respond(ctx context.Context, m *discordgo.MessageSend, private bool) (*discordgo.Message, error)
	// Send posts a new message in the invocation's channel.
	Send(ctx context.Context, m *discordgo.MessageSend) (*discordgo.Message, error)
	// Edit changes a message this invocation sent.
	Edit(ctx context.Context, messageID string, e *discordgo.MessageEdit) (*discordgo.Message, error)
	// Defer says the answer will take a while: a typing indicator on the
	// prefix transport, a deferred response on interactions.
	Defer(ctx context.Context, private bool) error
}

// Context is one invocation of a command, by a prefix message or by an
// interaction: who and where (Origin), what (Command, the parsed
// arguments) and how to answer (the Responder behind Reply, Send, Edit and
// Defer).
type Context struct {
	// Origin is who invoked the command and where.
	Origin Origin
	// Responder answers the invocation; Reply, Send, Edit and Defer use it.
	Responder Responder
	// Prefix is the prefix to show in usage lines ("!"; "/" for
	// application commands).
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
	// Shard is the gateway shard that delivered the invocation.
	Shard int
	// Bind, when set, fills the arguments instead of parsing RawArgs: the
	// interaction transport binds its options (BindOptions). It runs where
	// parsing would, after the checks and before the cooldown.
	Bind func(ctx context.Context, c *Context) error

	args []boundArg
}

// boundArg is one parsed parameter value.
type boundArg struct {
	name  string
	value any
	given bool
}

// Reply answers the invocation with text.
func (c *Context) Reply(ctx context.Context, content string) error {
	_, err := c.Responder.Respond(ctx, &discordgo.MessageSend{Content: content}, false)
	return err
}

// ReplyPrivate answers with text only the invoker can see where the
// transport allows it (interactions); errors are answered this way.
func (c *Context) ReplyPrivate(ctx context.Context, content string) error {
	_, err := c.Responder.Respond(ctx, &discordgo.MessageSend{Content: content}, true)
	return err
}

// ReplyEmbed answers the invocation with an embed.
func (c *Context) ReplyEmbed(ctx context.Context, e *discordgo.MessageEmbed) error {
	_, err := c.Responder.Respond(ctx, &discordgo.MessageSend{Embeds: []*discordgo.MessageEmbed{e}}, false)
	return err
}

// Respond answers the invocation with a whole message.
func (c *Context) Respond(ctx context.Context, m *discordgo.MessageSend) (*discordgo.Message, error) {
	return c.Responder.Respond(ctx, m, false)
}

// Send posts m as a new message in the invocation's channel.
func (c *Context) Send(ctx context.Context, m *discordgo.MessageSend) (*discordgo.Message, error) {
	return c.Responder.Send(ctx, m)
}

// Edit changes a message this invocation sent.
func (c *Context) Edit(ctx context.Context, messageID string, e *discordgo.MessageEdit) (*discordgo.Message, error) {
	return c.Responder.Edit(ctx, messageID, e)
}

// Defer says the answer will take a while (typing, or a deferred
// interaction response).
func (c *Context) Defer(ctx context.Context) error { return c.Responder.Defer(ctx, false) }

// GuildID returns the guild the command was used in, "" in DMs.
func (c *Context) GuildID() string { return c.Origin.GuildID }

// ChannelID returns the channel the command was used in.
func (c *Context) ChannelID() string { return c.Origin.ChannelID }

// MessageID returns the invoking message's ID ("" for interactions).
func (c *Context) MessageID() string { return c.Origin.MessageID }

// Author returns the invoking user.
func (c *Context) Author() *discordgo.User { return c.Origin.Author }

// AuthorIsOwner reports whether the invoker is one of the bot's owners.
func (c *Context) AuthorIsOwner() bool {
	return c.IsOwner != nil && c.Origin.Author != nil && c.IsOwner(c.Origin.Author.ID)
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
