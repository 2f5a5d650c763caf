package discordtest

import (
	"slices"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"
)

// timeLayout is the ISO8601 format Discord uses for timestamps.
const timeLayout = "2006-01-02T15:04:05.000000+00:00"

// wireUser is Discord's user object.
type wireUser struct {
	ID            string  `json:"id"`
	Username      string  `json:"username"`
	Discriminator string  `json:"discriminator"`
	GlobalName    *string `json:"global_name"`
	Avatar        *string `json:"avatar"`
	Bot           bool    `json:"bot,omitempty"`
	PublicFlags   int     `json:"public_flags"`
}

// wireMember is Discord's guild member object; User is omitted inside messages.
type wireMember struct {
	User                       *wireUser `json:"user,omitempty"`
	Nick                       *string   `json:"nick"`
	Avatar                     *string   `json:"avatar"`
	Roles                      []string  `json:"roles"`
	JoinedAt                   string    `json:"joined_at"`
	PremiumSince               *string   `json:"premium_since"`
	Deaf                       bool      `json:"deaf"`
	Mute                       bool      `json:"mute"`
	Flags                      int       `json:"flags"`
	Pending                    bool      `json:"pending"`
	CommunicationDisabledUntil *string   `json:"communication_disabled_until"`
	GuildID                    string    `json:"guild_id,omitempty"`
}

// wireRoleTags is Discord's role tags object.
type wireRoleTags struct {
	BotID string `json:"bot_id,omitempty"`
}

// wireRole is Discord's role object.
type wireRole struct {
	ID           string        `json:"id"`
	Name         string        `json:"name"`
	Color        int           `json:"color"`
	Hoist        bool          `json:"hoist"`
	Icon         *string       `json:"icon"`
	UnicodeEmoji *string       `json:"unicode_emoji"`
	Position     int           `json:"position"`
	Permissions  string        `json:"permissions"`
	Managed      bool          `json:"managed"`
	Mentionable  bool          `json:"mentionable"`
	Flags        int           `json:"flags"`
	Tags         *wireRoleTags `json:"tags,omitempty"`
}

// wireChannel is Discord's channel object (guild text/voice/category channels and DMs).
type wireChannel struct {
	ID                   string                           `json:"id"`
	Type                 discordgo.ChannelType            `json:"type"`
	GuildID              string                           `json:"guild_id,omitempty"`
	Position             *int                             `json:"position,omitempty"`
	PermissionOverwrites []*discordgo.PermissionOverwrite `json:"permission_overwrites,omitempty"`
	Name                 *string                          `json:"name,omitempty"`
	Topic                *string                          `json:"topic,omitempty"`
	NSFW                 bool                             `json:"nsfw,omitempty"`
	LastMessageID        *string                          `json:"last_message_id"`
	RateLimitPerUser     *int                             `json:"rate_limit_per_user,omitempty"`
	ParentID             *string                          `json:"parent_id,omitempty"`
	Recipients           []*wireUser                      `json:"recipients,omitempty"`
	Flags                int                              `json:"flags"`
}

// wireGuild is Discord's guild object, with the GUILD_CREATE extra fields when they are set.
type wireGuild struct {
	ID                          string         `json:"id"`
	Name                        string         `json:"name"`
	Icon                        *string        `json:"icon"`
	Splash                      *string        `json:"splash"`
	DiscoverySplash             *string        `json:"discovery_splash"`
	OwnerID                     string         `json:"owner_id"`
	AFKChannelID                *string        `json:"afk_channel_id"`
	AFKTimeout                  int            `json:"afk_timeout"`
	VerificationLevel           int            `json:"verification_level"`
	DefaultMessageNotifications int            `json:"default_message_notifications"`
	ExplicitContentFilter       int            `json:"explicit_content_filter"`
	Roles                       []*wireRole    `json:"roles"`
	Emojis                      []struct{}     `json:"emojis"`
	Features                    []string       `json:"features"`
	MFALevel                    int            `json:"mfa_level"`
	ApplicationID               *string        `json:"application_id"`
	SystemChannelID             *string        `json:"system_channel_id"`
	SystemChannelFlags          int            `json:"system_channel_flags"`
	RulesChannelID              *string        `json:"rules_channel_id"`
	VanityURLCode               *string        `json:"vanity_url_code"`
	Description                 *string        `json:"description"`
	Banner                      *string        `json:"banner"`
	PremiumTier                 int            `json:"premium_tier"`
	PreferredLocale             string         `json:"preferred_locale"`
	PublicUpdatesChannelID      *string        `json:"public_updates_channel_id"`
	NSFWLevel                   int            `json:"nsfw_level"`
	Stickers                    []struct{}     `json:"stickers"`
	PremiumProgressBarEnabled   bool           `json:"premium_progress_bar_enabled"`
	JoinedAt                    string         `json:"joined_at,omitempty"`
	Large                       *bool          `json:"large,omitempty"`
	Unavailable                 *bool          `json:"unavailable,omitempty"`
	MemberCount                 int            `json:"member_count,omitempty"`
	Members                     []*wireMember  `json:"members,omitempty"`
	Channels                    []*wireChannel `json:"channels,omitempty"`
	Threads                     *[]struct{}    `json:"threads,omitempty"`
	Presences                   *[]struct{}    `json:"presences,omitempty"`
	VoiceStates                 *[]struct{}    `json:"voice_states,omitempty"`
	StageInstances              *[]struct{}    `json:"stage_instances,omitempty"`
	ApproximateMemberCount      int            `json:"approximate_member_count,omitempty"`
}

// wireUnavailableGuild is the guild stub in READY.
type wireUnavailableGuild struct {
	ID          string `json:"id"`
	Unavailable bool   `json:"unavailable"`
}

// strPtr returns nil for "" and &s otherwise (Discord's nullable strings).
func strPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// timePtr formats t as a nullable Discord timestamp (nil for the zero time).
func timePtr(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(timeLayout)
	return &s
}

// wireUserOf converts u.
func wireUserOf(u *User) *wireUser {
	return &wireUser{ID: u.ID, Username: u.Username, Discriminator: "0", GlobalName: strPtr(u.GlobalName), Bot: u.Bot}
}

// userLocked returns the wire form of user id (a placeholder for unknown IDs).
func (s *Server) userLocked(id string) *wireUser {
	if u, ok := s.w.users[id]; ok {
		return wireUserOf(u)
	}
	return &wireUser{ID: id, Username: "unknown-" + id, Discriminator: "0"}
}

// memberLocked returns the wire form of m; withUser adds the user object.
func (s *Server) memberLocked(m *member, withUser bool) *wireMember {
	wm := &wireMember{
		Nick:     strPtr(m.nick),
		Roles:    slices.Clone(m.roles),
		JoinedAt: m.joinedAt.UTC().Format(timeLayout),
	}
	if wm.Roles == nil {
		wm.Roles = []string{}
	}
	if m.timeout.After(time.Now()) {
		wm.CommunicationDisabledUntil = timePtr(m.timeout)
	}
	if withUser {
		wm.User = s.userLocked(m.userID)
	}
	return wm
}

// wireRoleOf converts r.
func wireRoleOf(r *Role) *wireRole {
	wr := &wireRole{
		ID: r.ID, Name: r.Name, Color: r.Color, Hoist: r.Hoist, Position: r.Position,
		Permissions: strconv.FormatInt(r.Permissions, 10), Managed: r.managed,
	}
	if r.botID != "" {
		wr.Tags = &wireRoleTags{BotID: r.botID}
	}
	return wr
}

// wireChannelOf converts c (guild channel or DM).
func (s *Server) channelLocked(c *channel) *wireChannel {
	wc := &wireChannel{ID: c.ID, Type: c.Type, LastMessageID: strPtr(c.lastMsgID)}
	if c.recipientID != "" {
		wc.Recipients = []*wireUser{s.userLocked(c.recipientID)}
		return wc
	}
	pos, rate := c.position, 0
	wc.GuildID, wc.Position, wc.Name = c.guildID, &pos, &c.Name
	wc.Topic, wc.RateLimitPerUser = strPtr(c.Topic), &rate
	wc.PermissionOverwrites = make([]*discordgo.PermissionOverwrite, 0, len(c.Overwrites))
	for _, o := range c.Overwrites {
		cp := *o
		wc.PermissionOverwrites = append(wc.PermissionOverwrites, &cp)
	}
	if wc.Topic == nil {
		wc.Topic = new(string)
	}
	return wc
}

// guildLocked returns the REST form of g (roles, no members or channels).
func (s *Server) guildLocked(g *guild) *wireGuild {
	wg := &wireGuild{
		ID: g.ID, Name: g.Name, OwnerID: g.OwnerID, PreferredLocale: "en-US",
		Emojis: []struct{}{}, Features: []string{}, Stickers: []struct{}{},
	}
	for _, r := range g.sortedRoles() {
		wg.Roles = append(wg.Roles, wireRoleOf(r))
	}
	if len(g.channelIDs) > 0 {
		wg.SystemChannelID = strPtr(g.channelIDs[0])
	}
	return wg
}

// guildCreateLocked returns the GUILD_CREATE payload of g.
func (s *Server) guildCreateLocked(g *guild) *wireGuild {
	wg := s.guildLocked(g)
	f, empty := false, []struct{}{}
	wg.Large, wg.Unavailable = &f, &f
	wg.MemberCount = len(g.members)
	wg.Threads, wg.Presences, wg.VoiceStates, wg.StageInstances = &empty, &empty, &empty, &empty
	if bm, ok := g.members[s.opts.BotID]; ok {
		wg.JoinedAt = bm.joinedAt.UTC().Format(timeLayout)
	}
	wg.Members = []*wireMember{}
	for _, id := range g.memberIDs {
		if s.opts.FullMemberList || id == s.opts.BotID {
			wg.Members = append(wg.Members, s.memberLocked(g.members[id], true))
		}
	}
	wg.Channels = []*wireChannel{}
	for _, id := range g.channelIDs {
		wc := s.channelLocked(s.w.channels[id])
		wc.GuildID = ""
		wg.Channels = append(wg.Channels, wc)
	}
	return wg
}
