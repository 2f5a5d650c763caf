package discordtest

import (
	"slices"
	"sort"
	"time"

	"github.com/bwmarrin/discordgo"
)

// User describes a Discord user in the emulated world.
type User struct {
	// ID is the user's snowflake; generated when empty.
	ID string
	// Username is the unique username; defaults to "user<ID>".
	Username string
	// GlobalName is the display name; empty means null.
	GlobalName string
	// Bot marks a bot account.
	Bot bool
	// DMsClosed makes the bot's DMs to this user fail with 403 50007.
	DMsClosed bool
}

// Guild describes a guild (server) in the emulated world.
type Guild struct {
	// ID is the guild's snowflake; generated when empty.
	ID string
	// Name is the guild name.
	Name string
	// OwnerID is the owner's user ID; defaults to Options.OwnerID.
	OwnerID string
}

// Role describes a guild role.
type Role struct {
	// ID is the role's snowflake; generated when empty.
	ID string
	// Name is the role name.
	Name string
	// Permissions is the permission bit set (serialised as a string).
	Permissions int64
	// Position orders roles; higher is more powerful. @everyone is 0.
	Position int
	// Color is the RGB colour.
	Color int
	// Hoist shows the role separately in the member list.
	Hoist bool
	// Managed and BotID are set for a bot's own integration role.
	managed bool
	botID   string
}

// Channel describes a guild channel.
type Channel struct {
	// ID is the channel's snowflake; generated when empty.
	ID string
	// Name is the channel name.
	Name string
	// Type is the channel type; the zero value is a text channel.
	Type discordgo.ChannelType
	// Overwrites are the permission overwrites for roles and members.
	Overwrites []*discordgo.PermissionOverwrite
	// Topic is the channel topic.
	Topic string
}

// world is the emulated Discord state; every field is guarded by Server.mu.
type world struct {
	users    map[string]*User
	guilds   map[string]*guild
	guildIDs []string
	channels map[string]*channel
	dms      map[string]string // recipient user ID → DM channel ID
}

// guild is the stored form of a guild.
type guild struct {
	Guild
	created    time.Time
	roles      map[string]*Role
	channelIDs []string
	members    map[string]*member
	memberIDs  []string
	bans       map[string]*ban
	botRoleID  string
}

// member is a user's membership in a guild.
type member struct {
	userID   string
	roles    []string
	nick     string
	joinedAt time.Time
	timeout  time.Time
}

// ban is a guild ban.
type ban struct {
	userID string
	reason string
}

// channel is the stored form of a guild or DM channel.
type channel struct {
	Channel
	guildID     string
	position    int
	recipientID string
	lastMsgID   string
	msgs        []*discordgo.Message
	allowed     map[string]*discordgo.MessageAllowedMentions // bot messages' allowed_mentions
}

// newWorld returns an empty world.
func newWorld() world {
	return world{
		users:    map[string]*User{},
		guilds:   map[string]*guild{},
		channels: map[string]*channel{},
		dms:      map[string]string{},
	}
}

// sortedRoles returns the guild's roles ordered by position, then ID.
func (g *guild) sortedRoles() []*Role {
	out := make([]*Role, 0, len(g.roles))
	for _, r := range g.roles {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Position != out[j].Position {
			return out[i].Position < out[j].Position
		}
		return idLess(out[i].ID, out[j].ID)
	})
	return out
}

// addMember stores m unless the user is already a member; it reports whether it was added.
func (g *guild) addMember(m *member) bool {
	if _, ok := g.members[m.userID]; ok {
		return false
	}
	g.members[m.userID] = m
	g.memberIDs = append(g.memberIDs, m.userID)
	return true
}

// removeMember deletes the member with userID; it reports whether there was one.
func (g *guild) removeMember(userID string) bool {
	if _, ok := g.members[userID]; !ok {
		return false
	}
	delete(g.members, userID)
	g.memberIDs = slices.DeleteFunc(g.memberIDs, func(id string) bool { return id == userID })
	return true
}

// highestPosition returns the highest role position of m (0 for @everyone only).
func (g *guild) highestPosition(m *member) int {
	top := 0
	for _, id := range m.roles {
		if r, ok := g.roles[id]; ok && r.Position > top {
			top = r.Position
		}
	}
	return top
}

// findMessage returns the index of message id in c, or -1.
func (c *channel) findMessage(id string) int {
	i := sort.Search(len(c.msgs), func(i int) bool { return !idLess(c.msgs[i].ID, id) })
	if i < len(c.msgs) && c.msgs[i].ID == id {
		return i
	}
	return -1
}

// appendMessage stores m, dropping the oldest messages beyond the channel cap.
func (c *channel) appendMessage(m *discordgo.Message) {
	c.msgs = append(c.msgs, m)
	c.lastMsgID = m.ID
	if len(c.msgs) > channelMessageCap+channelMessageCap/4 {
		drop := len(c.msgs) - channelMessageCap
		for _, old := range c.msgs[:drop] {
			delete(c.allowed, old.ID)
		}
		c.msgs = slices.Clone(c.msgs[drop:])
	}
}
