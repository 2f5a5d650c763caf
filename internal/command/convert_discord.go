package command

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// searchLimit is how many members a REST name search asks for.
const searchLimit = 25

// Member declares a guild-member parameter: a mention, an ID, or a
// username, global name or nickname (exact match first, then a unique
// prefix).
func Member(name, description string) *Arg[*discordgo.Member] {
	return newArg(name, description, "member", convertMember, showNil[*discordgo.Member]).typed(TypeMember).resolving(resolveMember)
}

// User declares a user parameter: like Member, but a mention or ID may name
// a user outside the guild.
func User(name, description string) *Arg[*discordgo.User] {
	return newArg(name, description, "user", convertUser, showNil[*discordgo.User]).typed(TypeUser).resolving(resolveUser)
}

// Role declares a role parameter: a role mention, an ID or a name.
func Role(name, description string) *Arg[*discordgo.Role] {
	return newArg(name, description, "role", convertRole, showNil[*discordgo.Role]).typed(TypeRole).resolving(resolveRole)
}

// TextChannel declares a text-channel parameter: a channel mention, an ID or
// a name (with or without #). Threads and announcement channels count.
func TextChannel(name, description string) *Arg[*discordgo.Channel] {
	a := newArg(name, description, "text channel", convertTextChannel, showNil[*discordgo.Channel]).typed(TypeTextChannel)
	a.info.ChannelTypes = textChannelTypes()
	return a.resolving(resolveChannel)
}

// showNil renders a pointer default: nothing (defaults of Discord
// objects are not shown).
func showNil[T any](T) string { return "" }

// mentionID extracts the ID of a mention <pfx ID> for one of the prefixes,
// or of a bare snowflake when bare is true.
func mentionID(s string, bare bool, prefixes ...string) (string, bool) {
	if bare && isSnowflake(s) {
		return s, true
	}
	if !strings.HasSuffix(s, ">") {
		return "", false
	}
	for _, p := range prefixes {
		if id, ok := strings.CutPrefix(s[:len(s)-1], "<"+p); ok && isSnowflake(id) {
			return id, true
		}
	}
	return "", false
}

// isSnowflake reports whether s looks like a Discord ID: 15 to 21 digits.
func isSnowflake(s string) bool {
	return len(s) >= 15 && len(s) <= 21 && isDigits(s)
}

// isDigits reports whether s is one or more ASCII digits.
func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func needGuild(c *Context, what string) error {
	if c.Origin.GuildID == "" {
		return finalError("can't be a %s outside a server", what)
	}
	return nil
}

func convertMember(ctx context.Context, c *Context, arg string) (*discordgo.Member, error) {
	if err := needGuild(c, "member"); err != nil {
		return nil, err
	}
	if id, ok := mentionID(arg, true, "@!", "@"); ok {
		return memberByID(ctx, c, id, !isSnowflake(arg))
	}
	return memberByName(ctx, c, arg)
}

func memberByID(ctx context.Context, c *Context, id string, mention bool) (*discordgo.Member, error) {
	m, err := c.Discord.Member(ctx, c.Origin.GuildID, id)
	switch {
	case errors.Is(err, ErrNotFound) && mention:
		return nil, finalError("is not a member of this server")
	case errors.Is(err, ErrNotFound):
		return nil, BadArgument("is not a member of this server")
	case err != nil:
		return nil, fmt.Errorf("member %s: %w", id, err)
	}
	return m, nil
}

// memberByName matches the cached members. Without the presences intent
// the cache holds only members seen since start-up, so unless it is
// complete, Discord's member search is asked too and both are matched
// together (an ambiguity hidden by a partial cache is still reported).
// All-digit text is never searched: it is far more often a number meant
// for the next parameter than a name.
func memberByName(ctx context.Context, c *Context, arg string) (*discordgo.Member, error) {
	if arg == "" {
		return nil, BadArgument("is not a member of this server")
	}
	g, err := c.Discord.Guild(ctx, c.Origin.GuildID)
	if err != nil {
		return nil, fmt.Errorf("guild %s: %w", c.Origin.GuildID, err)
	}
	candidates := g.Members
	if !membersComplete(g) && !isDigits(arg) {
		found, err := c.Discord.SearchMembers(ctx, c.Origin.GuildID, searchQuery(arg), searchLimit)
		if err != nil {
			return nil, fmt.Errorf("search members: %w", err)
		}
		candidates = mergeMembers(g.Members, found)
	}
	if m, ok, err := pick(collect(candidates, arg, scoreMember), memberLabel, "members"); ok {
		return m, err
	}
	return nil, BadArgument("is not a member of this server")
}

// membersComplete reports whether the cached member list is the whole
// guild.
func membersComplete(g *discordgo.Guild) bool {
	return g.MemberCount > 0 && len(g.Members) >= g.MemberCount
}

// mergeMembers returns cached plus the found members not already in it.
func mergeMembers(cached, found []*discordgo.Member) []*discordgo.Member {
	if len(found) == 0 {
		return cached
	}
	seen := make(map[string]bool, len(cached))
	out := make([]*discordgo.Member, 0, len(cached)+len(found))
	for _, m := range cached {
		if m != nil && m.User != nil {
			seen[m.User.ID] = true
		}
		out = append(out, m)
	}
	for _, m := range found {
		if m != nil && m.User != nil && !seen[m.User.ID] {
			out = append(out, m)
		}
	}
	return out
}

// searchQuery drops a legacy "#1234" discriminator before a REST search.
func searchQuery(arg string) string {
	if i := strings.LastIndexByte(arg, '#'); i > 0 && len(arg)-i == 5 {
		return arg[:i]
	}
	return arg
}

// scoreMember matches a query against a member's username (optionally
// with its legacy #discriminator), global name and nickname.
func scoreMember(m *discordgo.Member, q string) matchKind {
	if m == nil || m.User == nil {
		return noMatch
	}
	best := max(nameMatch(m.User.Username, q), nameMatch(m.User.GlobalName, q), nameMatch(m.Nick, q))
	if best != exactMatch && legacyTag(m.User, q) {
		return exactMatch
	}
	return best
}

func legacyTag(u *discordgo.User, q string) bool {
	d := u.Discriminator
	return d != "" && d != "0" && len(q) == len(u.Username)+1+len(d) &&
		strings.EqualFold(q[:len(u.Username)], u.Username) && q[len(u.Username)] == '#' &&
		q[len(u.Username)+1:] == d
}

// memberLabel names a member in an ambiguity list: "nick (username)".
func memberLabel(m *discordgo.Member) string {
	display := m.Nick
	if display == "" {
		display = m.User.GlobalName
	}
	if display == "" || display == m.User.Username {
		return m.User.Username
	}
	return display + " (" + m.User.Username + ")"
}

func convertUser(ctx context.Context, c *Context, arg string) (*discordgo.User, error) {
	if id, ok := mentionID(arg, true, "@!", "@"); ok {
		u, err := c.Discord.User(ctx, id)
		switch {
		case errors.Is(err, ErrNotFound) && !isSnowflake(arg):
			return nil, finalError("is not a known user")
		case errors.Is(err, ErrNotFound):
			return nil, BadArgument("is not a known user")
		case err != nil:
			return nil, fmt.Errorf("user %s: %w", id, err)
		}
		return u, nil
	}
	if c.Origin.GuildID == "" {
		return nil, BadArgument("is not a user mention or ID")
	}
	m, err := memberByName(ctx, c, arg)
	if err != nil {
		return nil, err
	}
	return m.User, nil
}

func convertRole(ctx context.Context, c *Context, arg string) (*discordgo.Role, error) {
	if err := needGuild(c, "role"); err != nil {
		return nil, err
	}
	g, err := c.Discord.Guild(ctx, c.Origin.GuildID)
	if err != nil {
		return nil, fmt.Errorf("guild %s: %w", c.Origin.GuildID, err)
	}
	if id, ok := mentionID(arg, true, "@&"); ok {
		for _, r := range g.Roles {
			if r.ID == id {
				return r, nil
			}
		}
		return nil, BadArgument("is not a role of this server")
	}
	query := strings.TrimPrefix(arg, "@")
	if r, found, err := pick(collect(g.Roles, query, scoreRole), roleLabel, "roles"); found {
		return r, err
	}
	return nil, BadArgument("is not a role of this server")
}

func scoreRole(r *discordgo.Role, q string) matchKind {
	if q == "" {
		return noMatch
	}
	return max(nameMatch(r.Name, q), nameMatch(strings.TrimPrefix(r.Name, "@"), q))
}

func roleLabel(r *discordgo.Role) string { return r.Name }

func convertTextChannel(ctx context.Context, c *Context, arg string) (*discordgo.Channel, error) {
	if err := needGuild(c, "channel"); err != nil {
		return nil, err
	}
	g, err := c.Discord.Guild(ctx, c.Origin.GuildID)
	if err != nil {
		return nil, fmt.Errorf("guild %s: %w", c.Origin.GuildID, err)
	}
	if id, ok := mentionID(arg, true, "#"); ok {
		return channelByID(ctx, c, g, id)
	}
	query := strings.TrimPrefix(arg, "#")
	if ch, found, err := pick(collect(g.Channels, query, scoreTextChannel), channelLabel, "channels"); found {
		return ch, err
	}
	return nil, BadArgument("is not a text channel of this server")
}

func channelByID(ctx context.Context, c *Context, g *discordgo.Guild, id string) (*discordgo.Channel, error) {
	for _, ch := range g.Channels {
		if ch.ID == id {
			return textOnly(ch)
		}
	}
	ch, err := c.Discord.Channel(ctx, id)
	switch {
	case errors.Is(err, ErrNotFound):
		return nil, BadArgument("is not a text channel of this server")
	case err != nil:
		return nil, fmt.Errorf("channel %s: %w", id, err)
	case ch.GuildID != g.ID:
		return nil, finalError("is not a text channel of this server")
	}
	return textOnly(ch)
}

func textOnly(ch *discordgo.Channel) (*discordgo.Channel, error) {
	if !isTextChannel(ch) {
		return nil, finalError("is not a text channel")
	}
	return ch, nil
}

// textChannelTypes are the channel types TextChannel accepts: text,
// announcement and the three thread types.
func textChannelTypes() []discordgo.ChannelType {
	return []discordgo.ChannelType{
		discordgo.ChannelTypeGuildText, discordgo.ChannelTypeGuildNews,
		discordgo.ChannelTypeGuildNewsThread, discordgo.ChannelTypeGuildPublicThread, discordgo.ChannelTypeGuildPrivateThread,
	}
}

func isTextChannel(ch *discordgo.Channel) bool {
	return ch.Type == discordgo.ChannelTypeGuildText || ch.Type == discordgo.ChannelTypeGuildNews || ch.IsThread()
}

func scoreTextChannel(ch *discordgo.Channel, q string) matchKind {
	if q == "" || !isTextChannel(ch) {
		return noMatch
	}
	return nameMatch(ch.Name, q)
}

func channelLabel(ch *discordgo.Channel) string { return "#" + ch.Name }
