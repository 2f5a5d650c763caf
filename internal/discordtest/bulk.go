package discordtest

import (
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"
)

// BulkGuild describes a guild for AddBulkGuild: a populated server built in
// one step, for benchmarks that need many guilds and members.
type BulkGuild struct {
	// Name is the guild name.
	Name string
	// Channels is the number of text channels (#chat-1 …); at least one.
	Channels int
	// Roles is the number of roles besides @everyone and the bot's (level-1 …).
	Roles int
	// Members is the number of new users added as members, besides the
	// owner and the bot. Member i has role i mod (Roles+1) (none for 0),
	// every tenth has a nickname.
	Members int
}

// BulkWorld holds the IDs AddBulkGuild created.
type BulkWorld struct {
	Guild    string
	Channels []string
	Roles    []string
	Members  []string // user IDs, in the order added
}

// AddBulkGuild creates a guild with b's channels, roles and members under
// one lock. Each member gets a new user (username "member<i>-<guild>",
// display name "Member <i>"). Sessions connected at the time receive
// GUILD_CREATE with everything (as when the bot joins a populated guild);
// no per-member, per-role or per-channel events are sent.
func (s *Server) AddBulkGuild(b BulkGuild) BulkWorld {
	w := BulkWorld{Guild: s.ids.next()}
	s.mu.Lock()
	defer s.mu.Unlock()
	owner := s.opts.OwnerID
	s.ensureUserLocked(owner, "owner")
	now := time.Now()
	g := &guild{Guild: Guild{ID: w.Guild, Name: b.Name, OwnerID: owner}, created: now,
		roles: map[string]*Role{}, members: make(map[string]*member, b.Members+2), bans: map[string]*ban{}}
	g.roles[g.ID] = &Role{ID: g.ID, Name: "@everyone", Permissions: DefaultEveryonePermissions}
	for i := range b.Roles {
		r := &Role{ID: s.ids.next(), Name: "level-" + strconv.Itoa(i+1), Position: i + 1, Color: 0x3498db + i}
		g.roles[r.ID], w.Roles = r, append(w.Roles, r.ID)
	}
	g.botRoleID = s.ids.next()
	g.roles[g.botRoleID] = &Role{ID: g.botRoleID, Name: s.opts.BotName, Permissions: DefaultBotPermissions,
		Position: b.Roles + 1, managed: true, botID: s.opts.BotID}
	g.memberIDs = make([]string, 0, b.Members+2)
	g.addMember(&member{userID: owner, joinedAt: now})
	g.addMember(&member{userID: s.opts.BotID, roles: []string{g.botRoleID}, joinedAt: now})
	w.Members = s.addBulkMembersLocked(g, b, w.Roles, now)
	for i := range max(b.Channels, 1) {
		c := &channel{Channel: Channel{ID: s.ids.next(), Name: "chat-" + strconv.Itoa(i+1)}, guildID: g.ID, position: i}
		s.w.channels[c.ID], g.channelIDs = c, append(g.channelIDs, c.ID)
		w.Channels = append(w.Channels, c.ID)
	}
	s.w.guilds[g.ID] = g
	s.w.guildIDs = append(s.w.guildIDs, g.ID)
	if len(s.sessions) > 0 {
		s.dispatchLocked(event{typ: "GUILD_CREATE", guildID: g.ID, intent: discordgo.IntentGuilds, data: mustJSON(s.guildCreateLocked(g))})
	}
	return w
}

// addBulkMembersLocked creates b.Members users and makes them members of g.
func (s *Server) addBulkMembersLocked(g *guild, b BulkGuild, roles []string, now time.Time) []string {
	ids := make([]string, 0, b.Members)
	for i := range b.Members {
		n := strconv.Itoa(i + 1)
		u := &User{ID: s.ids.next(), Username: "member" + n + "-" + g.ID[len(g.ID)-4:], GlobalName: "Member " + n}
		s.w.users[u.ID] = u
		m := &member{userID: u.ID, joinedAt: now}
		if k := i % (len(roles) + 1); k > 0 {
			m.roles = []string{roles[k-1]}
		}
		if i%10 == 0 {
			m.nick = "nick " + n
		}
		g.addMember(m)
		ids = append(ids, u.ID)
	}
	return ids
}
