package discordtest

import (
	"encoding/json"
	"net/url"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"
)

// maxBanDeleteSeconds is the largest delete_message_seconds Discord accepts (7 days).
const maxBanDeleteSeconds = 604800

// wireBan is Discord's ban object.
type wireBan struct {
	Reason *string   `json:"reason"`
	User   *wireUser `json:"user"`
}

// banSeconds reads delete_message_seconds from the body or the query (or the legacy
// delete_message_days query parameter discordgo sends).
func (c *call) banSeconds() (int, answer) {
	var body struct {
		Seconds *int `json:"delete_message_seconds"`
		Days    *int `json:"delete_message_days"`
	}
	if len(c.body) > 0 && json.Unmarshal(c.body, &body) != nil {
		return 0, apiErr(400, 50109, "The request body contains invalid JSON.")
	}
	secs, q := 0, c.r.URL.Query()
	switch {
	case body.Seconds != nil:
		secs = *body.Seconds
	case body.Days != nil:
		secs = *body.Days * 86400
	case q.Has("delete_message_seconds"):
		secs, _ = strconv.Atoi(q.Get("delete_message_seconds"))
	case q.Has("delete_message_days"):
		days, _ := strconv.Atoi(q.Get("delete_message_days"))
		secs = days * 86400
	}
	if secs < 0 || secs > maxBanDeleteSeconds {
		return 0, formErr("delete_message_seconds", "NUMBER_TYPE_MAX", "int value should be less than or equal to 604800.")
	}
	return secs, nil
}

// auditReason returns the URL-decoded X-Audit-Log-Reason (or the legacy reason query).
func (c *call) auditReason() string {
	raw := c.r.Header.Get("X-Audit-Log-Reason")
	if raw == "" {
		return c.r.URL.Query().Get("reason")
	}
	if r, err := url.PathUnescape(raw); err == nil {
		return r
	}
	return raw
}

// createBan answers PUT /guilds/{guild}/bans/{user} (BAN_MEMBERS, hierarchy for members;
// users outside the guild can be banned too). Emits GUILD_BAN_ADD, GUILD_MEMBER_REMOVE and
// deletes the user's recent messages.
func (s *Server) createBan(c *call) {
	secs, fail := c.banSeconds()
	if fail != nil {
		fail(c)
		return
	}
	reason := c.auditReason()
	s.locked(c, func() answer {
		g, fail := s.botGuildLocked(c.param("guild"), discordgo.PermissionBanMembers)
		if fail != nil {
			return fail
		}
		userID := c.param("user")
		if s.w.users[userID] == nil {
			return unknownUser()
		}
		if m := g.members[userID]; m != nil && !s.botOutranksLocked(g, m) {
			return missingPermissions()
		}
		s.banLocked(g, userID, reason, time.Duration(secs)*time.Second)
		return noContent()
	})
}

// banLocked stores the ban, removes the member and deletes their messages newer than window.
func (s *Server) banLocked(g *guild, userID, reason string, window time.Duration) {
	g.bans[userID] = &ban{userID: userID, reason: reason}
	d := mustJSON(memberRemove{GuildID: g.ID, User: s.userLocked(userID)})
	s.dispatchLocked(event{typ: "GUILD_BAN_ADD", guildID: g.ID, intent: discordgo.IntentGuildModeration, data: d})
	if g.removeMember(userID) {
		s.memberRemoveEventLocked(g, userID)
	}
	if window > 0 {
		s.purgeUserLocked(g, userID, time.Now().Add(-window))
	}
}

// purgeUserLocked deletes userID's messages newer than since in every channel of g.
func (s *Server) purgeUserLocked(g *guild, userID string, since time.Time) {
	for _, id := range g.channelIDs {
		ch := s.w.channels[id]
		var ids []string
		for _, m := range ch.msgs {
			if m.Author.ID == userID && m.Timestamp.After(since) {
				ids = append(ids, m.ID)
			}
		}
		if len(ids) > 0 {
			s.deleteMessagesLocked(ch, ids, true)
		}
	}
}

// removeBan answers DELETE /guilds/{guild}/bans/{user}. Emits GUILD_BAN_REMOVE.
func (s *Server) removeBan(c *call) {
	s.locked(c, func() answer {
		g, fail := s.botGuildLocked(c.param("guild"), discordgo.PermissionBanMembers)
		if fail != nil {
			return fail
		}
		userID := c.param("user")
		if g.bans[userID] == nil {
			return unknownBan()
		}
		delete(g.bans, userID)
		d := mustJSON(memberRemove{GuildID: g.ID, User: s.userLocked(userID)})
		s.dispatchLocked(event{typ: "GUILD_BAN_REMOVE", guildID: g.ID, intent: discordgo.IntentGuildModeration, data: d})
		return noContent()
	})
}

// listBans answers GET /guilds/{guild}/bans.
func (s *Server) listBans(c *call) {
	s.locked(c, func() answer {
		g, fail := s.botGuildLocked(c.param("guild"), discordgo.PermissionBanMembers)
		if fail != nil {
			return fail
		}
		out := []*wireBan{}
		for _, b := range g.bans {
			out = append(out, &wireBan{Reason: strPtr(b.reason), User: s.userLocked(b.userID)})
		}
		return ok(out)
	})
}

// getBan answers GET /guilds/{guild}/bans/{user}.
func (s *Server) getBan(c *call) {
	s.locked(c, func() answer {
		g, fail := s.botGuildLocked(c.param("guild"), discordgo.PermissionBanMembers)
		if fail != nil {
			return fail
		}
		b := g.bans[c.param("user")]
		if b == nil {
			return unknownBan()
		}
		return ok(&wireBan{Reason: strPtr(b.reason), User: s.userLocked(b.userID)})
	})
}

// Ban reports whether userID is banned from guildID and the recorded reason.
func (s *Server) Ban(guildID, userID string) (reason string, banned bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if g := s.w.guilds[guildID]; g != nil && g.bans[userID] != nil {
		return g.bans[userID].reason, true
	}
	return "", false
}
