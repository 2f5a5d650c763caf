package command

import (
	"github.com/bwmarrin/discordgo"
)

// resolveMember takes a member from resolved data: Discord sends the
// member without its user, which is in Users. A user resolved without a
// member is not in the server.
func resolveMember(c *Context, id string, r *Resolved) (*discordgo.Member, bool, error) {
	if err := needGuild(c, "member"); err != nil {
		return nil, false, err
	}
	u := r.Users[id]
	m := r.Members[id]
	switch {
	case m == nil && u == nil:
		return nil, false, nil
	case m == nil:
		return nil, false, &ConversionError{Input: u.Username, Reason: "is not a member of this server", final: true}
	}
	cp := *m
	if u != nil {
		uc := *u
		cp.User = &uc
	}
	if cp.User == nil {
		return nil, false, nil
	}
	cp.GuildID = c.GuildID()
	return &cp, true, nil
}

// resolveUser takes a user from resolved data.
func resolveUser(_ *Context, id string, r *Resolved) (*discordgo.User, bool, error) {
	u := r.Users[id]
	if u == nil {
		return nil, false, nil
	}
	cp := *u
	return &cp, true, nil
}

// resolveRole takes a role from resolved data.
func resolveRole(c *Context, id string, r *Resolved) (*discordgo.Role, bool, error) {
	if err := needGuild(c, "role"); err != nil {
		return nil, false, err
	}
	role := r.Roles[id]
	if role == nil {
		return nil, false, nil
	}
	cp := *role
	return &cp, true, nil
}

// resolveChannel takes a channel from resolved data (Discord sends a
// partial channel: ID, name, type, parent and permissions) and checks that
// it is a text channel, as the converter does.
func resolveChannel(c *Context, id string, r *Resolved) (*discordgo.Channel, bool, error) {
	if err := needGuild(c, "channel"); err != nil {
		return nil, false, err
	}
	ch := r.Channels[id]
	if ch == nil {
		return nil, false, nil
	}
	cp := *ch
	if cp.GuildID == "" {
		cp.GuildID = c.GuildID()
	}
	v, err := textOnly(&cp)
	if err != nil {
		return nil, false, &ConversionError{Input: "#" + cp.Name, Reason: "is not a text channel", final: true}
	}
	return v, true, nil
}

// Names under which BindTarget stores a context-menu command's target.
const (
	targetUser    = "target user"
	targetMember  = "target member"
	targetMessage = "target message"
)

// BindTarget stores the target of a user or message context-menu
// interaction in c, taken from data.TargetID and data.Resolved: the user
// and (in a server, when Discord sent it) the member for a user command,
// the message for a message command. A target missing from resolved is a
// *ConversionError.
func BindTarget(c *Context, data *discordgo.ApplicationCommandInteractionData) error {
	c.args = c.args[:0]
	r := data.Resolved
	if r == nil {
		r = &Resolved{}
	}
	switch MenuType(data.CommandType) {
	case UserMenu:
		return bindUserTarget(c, data.TargetID, r)
	case MessageMenu:
		m := r.Messages[data.TargetID]
		if m == nil {
			return &ConversionError{Param: "message", Input: data.TargetID, Reason: "was not sent with the interaction", final: true}
		}
		cp := *m
		c.SetValue(targetMessage, &cp)
		return nil
	}
	return &ConversionError{Param: "target", Input: data.Name, Reason: "is not a context-menu command", final: true}
}

func bindUserTarget(c *Context, id string, r *Resolved) error {
	u, ok, _ := resolveUser(c, id, r)
	if !ok {
		return &ConversionError{Param: "user", Input: id, Reason: "was not sent with the interaction", final: true}
	}
	c.SetValue(targetUser, u)
	if c.GuildID() == "" {
		return nil
	}
	if m, ok, err := resolveMember(c, id, r); err == nil && ok {
		c.SetValue(targetMember, m)
	}
	return nil
}

// TargetUser returns the user a user context-menu command was used on.
func TargetUser(c *Context) *discordgo.User { return get[*discordgo.User](c, targetUser) }

// TargetMember returns the member a user context-menu command was used
// on, or nil when the user is not a member of the server (or in a DM).
func TargetMember(c *Context) *discordgo.Member { return get[*discordgo.Member](c, targetMember) }

// TargetMessage returns the message a message context-menu command was
// used on.
func TargetMessage(c *Context) *discordgo.Message { return get[*discordgo.Message](c, targetMessage) }
