package discordtest

import (
	"slices"

	"github.com/bwmarrin/discordgo"
)

// botGuildLocked returns guild id when the bot is a member holding the permissions need,
// or the error answer.
func (s *Server) botGuildLocked(id string, need int64) (*guild, answer) {
	g := s.w.guilds[id]
	if g == nil {
		return nil, unknownGuild()
	}
	if g.members[s.opts.BotID] == nil {
		return nil, missingAccess()
	}
	if s.botGuildPermsLocked(g)&need != need {
		return nil, missingPermissions()
	}
	return g, nil
}

// getGuild answers GET /guilds/{guild}.
func (s *Server) getGuild(c *call) {
	s.locked(c, func() answer {
		g, fail := s.botGuildLocked(c.param("guild"), 0)
		if fail != nil {
			return fail
		}
		wg := s.guildLocked(g)
		if c.r.URL.Query().Get("with_counts") == "true" {
			wg.ApproximateMemberCount = len(g.members)
		}
		return ok(wg)
	})
}

// getGuildChannels answers GET /guilds/{guild}/channels.
func (s *Server) getGuildChannels(c *call) {
	s.locked(c, func() answer {
		g, fail := s.botGuildLocked(c.param("guild"), 0)
		if fail != nil {
			return fail
		}
		out := []*wireChannel{}
		for _, id := range g.channelIDs {
			out = append(out, s.channelLocked(s.w.channels[id]))
		}
		return ok(out)
	})
}

// getGuildRoles answers GET /guilds/{guild}/roles.
func (s *Server) getGuildRoles(c *call) {
	s.locked(c, func() answer {
		g, fail := s.botGuildLocked(c.param("guild"), 0)
		if fail != nil {
			return fail
		}
		out := []*wireRole{}
		for _, r := range g.sortedRoles() {
			out = append(out, wireRoleOf(r))
		}
		return ok(out)
	})
}

// getMember answers GET /guilds/{guild}/members/{user}.
func (s *Server) getMember(c *call) {
	s.locked(c, func() answer {
		g, fail := s.botGuildLocked(c.param("guild"), 0)
		if fail != nil {
			return fail
		}
		m := g.members[c.param("user")]
		if m == nil {
			return unknownMember()
		}
		return ok(s.memberLocked(m, true))
	})
}

// membersLimit reads the limit query parameter (1..1000, default 1).
func (c *call) membersLimit() (int, answer) {
	limit := c.queryInt("limit", 1)
	if limit < 1 || limit > 1000 {
		return 0, formErr("limit", "NUMBER_TYPE_MAX", "int value should be less than or equal to 1000.")
	}
	return limit, nil
}

// listMembers answers GET /guilds/{guild}/members?limit&after, ordered by user ID; it needs
// the GUILD_MEMBERS privileged intent to be enabled for the application.
func (s *Server) listMembers(c *call) {
	limit, fail := c.membersLimit()
	if fail != nil {
		fail(c)
		return
	}
	after := c.r.URL.Query().Get("after")
	s.locked(c, func() answer {
		g, fail := s.botGuildLocked(c.param("guild"), 0)
		if fail != nil {
			return fail
		}
		if s.opts.allowedIntents()&discordgo.IntentGuildMembers == 0 {
			return missingAccess()
		}
		ids := slices.Clone(g.memberIDs)
		slices.SortFunc(ids, func(a, b string) int { return compareIDs(a, b) })
		out := []*wireMember{}
		for _, id := range ids {
			if len(out) < limit && idLess(after, id) {
				out = append(out, s.memberLocked(g.members[id], true))
			}
		}
		return ok(out)
	})
}

// compareIDs orders snowflakes numerically.
func compareIDs(a, b string) int {
	switch {
	case idLess(a, b):
		return -1
	case idLess(b, a):
		return 1
	}
	return 0
}

// searchMembers answers GET /guilds/{guild}/members/search?query&limit.
func (s *Server) searchMembers(c *call) {
	limit, fail := c.membersLimit()
	if fail != nil {
		fail(c)
		return
	}
	q := c.r.URL.Query()
	if !q.Has("query") {
		c.invalidForm("query", "BASE_TYPE_REQUIRED", "This field is required")
		return
	}
	s.locked(c, func() answer {
		g, fail := s.botGuildLocked(c.param("guild"), 0)
		if fail != nil {
			return fail
		}
		out := []*wireMember{}
		for _, m := range s.searchMembersLocked(g, q.Get("query"), limit) {
			out = append(out, s.memberLocked(m, true))
		}
		return ok(out)
	})
}

// memberOfLocked returns a member of g or the Unknown Member answer.
func memberOfLocked(g *guild, userID string) (*member, answer) {
	if m := g.members[userID]; m != nil {
		return m, nil
	}
	return nil, unknownMember()
}
