package discordtest

import (
	"encoding/json"
	"slices"
	"time"

	"github.com/bwmarrin/discordgo"
)

// maxTimeout is the longest timeout Discord accepts.
const maxTimeout = 28 * 24 * time.Hour

// memberPatch is the PATCH /guilds/{guild}/members/{user} body.
type memberPatch struct {
	Nick    *string    `json:"nick"`
	Roles   []string   `json:"roles"`
	Timeout *time.Time `json:"communication_disabled_until"`
}

// editMember answers PATCH /guilds/{guild}/members/{user}: nick (MANAGE_NICKNAMES), roles
// (MANAGE_ROLES, below the bot's highest role) and communication_disabled_until
// (MODERATE_MEMBERS, at most 28 days ahead, not on administrators), all under the role
// hierarchy. Emits GUILD_MEMBER_UPDATE.
func (s *Server) editMember(c *call) {
	var present map[string]json.RawMessage
	var body memberPatch
	if !c.decode(&present) || !c.decode(&body) {
		return
	}
	if _, ok := present["communication_disabled_until"]; ok && body.Timeout != nil && time.Until(*body.Timeout) > maxTimeout {
		c.invalidForm("communication_disabled_until", "BASE_TYPE_BAD_TIME", "Timeout must be less than 28 days in the future.")
		return
	}
	s.locked(c, func() answer {
		g, fail := s.botGuildLocked(c.param("guild"), 0)
		if fail != nil {
			return fail
		}
		m, fail := memberOfLocked(g, c.param("user"))
		if fail != nil {
			return fail
		}
		if fail := s.checkMemberPatchLocked(g, m, present, &body); fail != nil {
			return fail
		}
		applyMemberPatch(m, present, &body)
		s.memberEventLocked("GUILD_MEMBER_UPDATE", g, m)
		return ok(s.memberLocked(m, true))
	})
}

// checkMemberPatchLocked returns the error answer a member edit earns, or nil.
func (s *Server) checkMemberPatchLocked(g *guild, m *member, present map[string]json.RawMessage, body *memberPatch) answer {
	need := int64(0)
	if _, ok := present["nick"]; ok {
		need |= discordgo.PermissionManageNicknames
	}
	if _, ok := present["roles"]; ok {
		need |= discordgo.PermissionManageRoles
	}
	_, timeout := present["communication_disabled_until"]
	if timeout {
		need |= discordgo.PermissionModerateMembers
	}
	perms := s.botGuildPermsLocked(g)
	switch {
	case perms&need != need:
		return missingPermissions()
	case need != 0 && m.userID != s.opts.BotID && !s.botOutranksLocked(g, m):
		return missingPermissions()
	case timeout && s.basePermissionsLocked(g, m)&discordgo.PermissionAdministrator != 0:
		return missingPermissions()
	}
	return s.checkRolesLocked(g, m, present, body)
}

// checkRolesLocked checks that every role added or removed exists, is not managed and is
// below the bot's highest role.
func (s *Server) checkRolesLocked(g *guild, m *member, present map[string]json.RawMessage, body *memberPatch) answer {
	if _, ok := present["roles"]; !ok {
		return nil
	}
	top := g.highestPosition(g.members[s.opts.BotID])
	for _, id := range symmetricDiff(m.roles, body.Roles) {
		r := g.roles[id]
		switch {
		case r == nil:
			return unknownRole()
		case g.OwnerID != s.opts.BotID && (r.managed || r.Position >= top):
			return missingPermissions()
		}
	}
	return nil
}

// symmetricDiff returns the IDs in exactly one of a and b.
func symmetricDiff(a, b []string) []string {
	var out []string
	for _, id := range a {
		if !slices.Contains(b, id) {
			out = append(out, id)
		}
	}
	for _, id := range b {
		if !slices.Contains(a, id) {
			out = append(out, id)
		}
	}
	return out
}

// applyMemberPatch writes the present fields to m.
func applyMemberPatch(m *member, present map[string]json.RawMessage, body *memberPatch) {
	if _, ok := present["nick"]; ok {
		m.nick = ""
		if body.Nick != nil {
			m.nick = *body.Nick
		}
	}
	if _, ok := present["roles"]; ok {
		m.roles = slices.Clone(body.Roles)
	}
	if _, ok := present["communication_disabled_until"]; ok {
		m.timeout = time.Time{}
		if body.Timeout != nil {
			m.timeout = *body.Timeout
		}
	}
}

// addMemberRole answers PUT /guilds/{guild}/members/{user}/roles/{role}.
func (s *Server) addMemberRole(c *call) { s.changeMemberRole(c, true) }

// removeMemberRole answers DELETE /guilds/{guild}/members/{user}/roles/{role}.
func (s *Server) removeMemberRole(c *call) { s.changeMemberRole(c, false) }

// changeMemberRole adds or removes one role like a roles PATCH.
func (s *Server) changeMemberRole(c *call, add bool) {
	s.locked(c, func() answer {
		g, fail := s.botGuildLocked(c.param("guild"), discordgo.PermissionManageRoles)
		if fail != nil {
			return fail
		}
		m, fail := memberOfLocked(g, c.param("user"))
		if fail != nil {
			return fail
		}
		role := c.param("role")
		roles := slices.DeleteFunc(slices.Clone(m.roles), func(id string) bool { return id == role })
		if add {
			roles = append(roles, role)
		}
		patch := memberPatch{Roles: roles}
		present := map[string]json.RawMessage{"roles": nil}
		if fail := s.checkMemberPatchLocked(g, m, present, &patch); fail != nil {
			return fail
		}
		applyMemberPatch(m, present, &patch)
		s.memberEventLocked("GUILD_MEMBER_UPDATE", g, m)
		return noContent()
	})
}

// kickMember answers DELETE /guilds/{guild}/members/{user} (KICK_MEMBERS, hierarchy).
// Emits GUILD_MEMBER_REMOVE.
func (s *Server) kickMember(c *call) {
	s.locked(c, func() answer {
		g, fail := s.botGuildLocked(c.param("guild"), discordgo.PermissionKickMembers)
		if fail != nil {
			return fail
		}
		m, fail := memberOfLocked(g, c.param("user"))
		if fail != nil {
			return fail
		}
		if !s.botOutranksLocked(g, m) {
			return missingPermissions()
		}
		g.removeMember(m.userID)
		s.memberRemoveEventLocked(g, m.userID)
		return noContent()
	})
}
