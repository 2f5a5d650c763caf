package discordtest

import (
	"time"

	"github.com/bwmarrin/discordgo"
)

// AddUser stores u (replacing a user with the same ID) and returns its ID.
func (s *Server) AddUser(u User) string {
	if u.ID == "" {
		u.ID = s.ids.next()
	}
	if u.Username == "" {
		u.Username = "user" + u.ID
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.w.users[u.ID] = &u
	return u.ID
}

// ensureUserLocked creates a placeholder user for id when it is unknown.
func (s *Server) ensureUserLocked(id, name string) {
	if _, ok := s.w.users[id]; !ok {
		s.w.users[id] = &User{ID: id, Username: name}
	}
}

// AddGuild creates a guild with an @everyone role (ID = guild ID, DefaultEveryonePermissions),
// the owner as a member, and the bot as a member with a managed bot role (position 1,
// DefaultBotPermissions). When a session is connected it receives GUILD_CREATE. It returns
// the guild ID.
func (s *Server) AddGuild(g Guild) string {
	if g.ID == "" {
		g.ID = s.ids.next()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if g.OwnerID == "" {
		g.OwnerID = s.opts.OwnerID
	}
	s.ensureUserLocked(g.OwnerID, "owner")
	stored := &guild{Guild: g, created: time.Now(), roles: map[string]*Role{}, members: map[string]*member{}, bans: map[string]*ban{}}
	stored.roles[g.ID] = &Role{ID: g.ID, Name: "@everyone", Permissions: DefaultEveryonePermissions}
	stored.botRoleID = s.ids.next()
	stored.roles[stored.botRoleID] = &Role{ID: stored.botRoleID, Name: s.opts.BotName, Permissions: DefaultBotPermissions, Position: 1, managed: true, botID: s.opts.BotID}
	stored.addMember(&member{userID: g.OwnerID, joinedAt: stored.created})
	stored.addMember(&member{userID: s.opts.BotID, roles: []string{stored.botRoleID}, joinedAt: stored.created})
	s.w.guilds[g.ID] = stored
	s.w.guildIDs = append(s.w.guildIDs, g.ID)
	s.dispatchLocked(event{typ: "GUILD_CREATE", guildID: g.ID, intent: discordgo.IntentGuilds, data: mustJSON(s.guildCreateLocked(stored))})
	return g.ID
}

// roleEvent is the GUILD_ROLE_CREATE/UPDATE payload.
type roleEvent struct {
	GuildID string    `json:"guild_id"`
	Role    *wireRole `json:"role"`
}

// AddRole creates or replaces a role in guildID and returns its ID ("" for an unknown
// guild). Position 0 means 1 (just above @everyone). Emits GUILD_ROLE_CREATE or
// GUILD_ROLE_UPDATE.
func (s *Server) AddRole(guildID string, r Role) string {
	if r.ID == "" {
		r.ID = s.ids.next()
	}
	if r.Position == 0 && r.ID != guildID {
		r.Position = 1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.w.guilds[guildID]
	if g == nil {
		return ""
	}
	typ := "GUILD_ROLE_CREATE"
	if old, ok := g.roles[r.ID]; ok {
		typ, r.managed, r.botID = "GUILD_ROLE_UPDATE", old.managed, old.botID
	}
	g.roles[r.ID] = &r
	s.dispatchLocked(event{typ: typ, guildID: guildID, intent: discordgo.IntentGuilds, data: mustJSON(roleEvent{GuildID: guildID, Role: wireRoleOf(&r)})})
	return r.ID
}

// BotRole returns the ID of the bot's managed role in guildID.
func (s *Server) BotRole(guildID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if g := s.w.guilds[guildID]; g != nil {
		return g.botRoleID
	}
	return ""
}

// Role returns a copy of a role of guildID.
func (s *Server) Role(guildID, roleID string) (Role, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if g := s.w.guilds[guildID]; g != nil && g.roles[roleID] != nil {
		return *g.roles[roleID], true
	}
	return Role{}, false
}

// AddChannel creates a guild channel (type 0 text by default) and returns its ID ("" for an
// unknown guild). Emits CHANNEL_CREATE.
func (s *Server) AddChannel(guildID string, c Channel) string {
	if c.ID == "" {
		c.ID = s.ids.next()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.w.guilds[guildID]
	if g == nil {
		return ""
	}
	stored := &channel{Channel: c, guildID: guildID, position: len(g.channelIDs)}
	s.w.channels[c.ID] = stored
	g.channelIDs = append(g.channelIDs, c.ID)
	s.dispatchLocked(event{typ: "CHANNEL_CREATE", guildID: guildID, intent: discordgo.IntentGuilds, data: mustJSON(s.channelLocked(stored))})
	return c.ID
}

// AddMember adds userID to guildID with roles and nick (a placeholder user is created for an
// unknown ID). Emits GUILD_MEMBER_ADD, or GUILD_MEMBER_UPDATE when the user already is a member.
func (s *Server) AddMember(guildID, userID string, roleIDs []string, nick string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.w.guilds[guildID]
	if g == nil {
		return
	}
	s.ensureUserLocked(userID, "user"+userID)
	if m := g.members[userID]; m != nil {
		m.roles, m.nick = append([]string(nil), roleIDs...), nick
		s.memberEventLocked("GUILD_MEMBER_UPDATE", g, m)
		return
	}
	m := &member{userID: userID, roles: append([]string(nil), roleIDs...), nick: nick, joinedAt: time.Now()}
	g.addMember(m)
	s.memberEventLocked("GUILD_MEMBER_ADD", g, m)
}

// RemoveMember removes userID from guildID, as if they left. Emits GUILD_MEMBER_REMOVE.
func (s *Server) RemoveMember(guildID, userID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if g := s.w.guilds[guildID]; g != nil && g.removeMember(userID) {
		s.memberRemoveEventLocked(g, userID)
	}
}

// SetTimeout sets a member's communication_disabled_until (the zero time clears it).
// Emits GUILD_MEMBER_UPDATE.
func (s *Server) SetTimeout(guildID, userID string, until time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.w.guilds[guildID]
	if g == nil || g.members[userID] == nil {
		return
	}
	m := g.members[userID]
	m.timeout = until
	s.memberEventLocked("GUILD_MEMBER_UPDATE", g, m)
}

// memberEventLocked dispatches GUILD_MEMBER_ADD/UPDATE for m.
func (s *Server) memberEventLocked(typ string, g *guild, m *member) {
	wm := s.memberLocked(m, true)
	wm.GuildID = g.ID
	s.dispatchLocked(event{typ: typ, guildID: g.ID, intent: discordgo.IntentGuildMembers, data: mustJSON(wm)})
}

// memberRemove is the GUILD_MEMBER_REMOVE and GUILD_BAN_ADD/REMOVE payload.
type memberRemove struct {
	GuildID string    `json:"guild_id"`
	User    *wireUser `json:"user"`
}

// memberRemoveEventLocked dispatches GUILD_MEMBER_REMOVE.
func (s *Server) memberRemoveEventLocked(g *guild, userID string) {
	d := mustJSON(memberRemove{GuildID: g.ID, User: s.userLocked(userID)})
	s.dispatchLocked(event{typ: "GUILD_MEMBER_REMOVE", guildID: g.ID, intent: discordgo.IntentGuildMembers, data: d})
}

// DMChannel returns the ID of the DM channel between the bot and userID, creating it.
func (s *Server) DMChannel(userID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dmLocked(userID).ID
}

// dmLocked returns the DM channel with userID, creating it.
func (s *Server) dmLocked(userID string) *channel {
	if id, ok := s.w.dms[userID]; ok {
		return s.w.channels[id]
	}
	c := &channel{Channel: Channel{ID: s.ids.next(), Type: discordgo.ChannelTypeDM}, recipientID: userID}
	s.w.channels[c.ID] = c
	s.w.dms[userID] = c.ID
	return c
}
