package discordtest

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// requestMembers is the REQUEST_GUILD_MEMBERS (op 8) payload; discordgo sends guild_id as
// an array.
type requestMembers struct {
	GuildID json.RawMessage `json:"guild_id"`
	Query   *string         `json:"query"`
	Limit   int             `json:"limit"`
	UserIDs []string        `json:"user_ids"`
	Nonce   string          `json:"nonce"`
}

// membersChunk is the GUILD_MEMBERS_CHUNK payload.
type membersChunk struct {
	GuildID    string        `json:"guild_id"`
	Members    []*wireMember `json:"members"`
	ChunkIndex int           `json:"chunk_index"`
	ChunkCount int           `json:"chunk_count"`
	NotFound   []string      `json:"not_found,omitempty"`
	Nonce      string        `json:"nonce,omitempty"`
}

// guildIDs decodes guild_id as a string or an array of strings.
func (r *requestMembers) guildIDs() []string {
	var one string
	if json.Unmarshal(r.GuildID, &one) == nil {
		return []string{one}
	}
	var many []string
	_ = json.Unmarshal(r.GuildID, &many)
	return many
}

// requestMembersLocked answers op 8 with one GUILD_MEMBERS_CHUNK per guild.
func (s *Server) requestMembersLocked(c *gwConn, raw json.RawMessage) {
	ss := c.sess
	if ss == nil {
		s.closeLocked(c, 4003)
		return
	}
	var r requestMembers
	if err := json.Unmarshal(raw, &r); err != nil {
		s.closeLocked(c, 4002)
		return
	}
	if len(r.UserIDs) == 0 && (r.Query == nil || *r.Query == "") && ss.intents&discordgo.IntentGuildMembers == 0 {
		s.closeLocked(c, 4014)
		return
	}
	for _, id := range r.guildIDs() {
		if g := s.w.guilds[id]; g != nil && ss.handles(id) {
			s.deliverLocked(ss, ss.push("GUILD_MEMBERS_CHUNK", mustJSON(s.chunkLocked(g, &r))))
		}
	}
}

// chunkLocked selects the members r asks for.
func (s *Server) chunkLocked(g *guild, r *requestMembers) *membersChunk {
	out := &membersChunk{GuildID: g.ID, Members: []*wireMember{}, ChunkCount: 1, Nonce: r.Nonce}
	if len(r.UserIDs) > 0 {
		for _, id := range r.UserIDs {
			if m := g.members[id]; m != nil {
				out.Members = append(out.Members, s.memberLocked(m, true))
			} else {
				out.NotFound = append(out.NotFound, id)
			}
		}
		return out
	}
	query := ""
	if r.Query != nil {
		query = *r.Query
	}
	for _, m := range s.searchMembersLocked(g, query, r.Limit) {
		out.Members = append(out.Members, s.memberLocked(m, true))
	}
	return out
}

// searchMembersLocked returns up to limit (0 = all) members whose username, global name or
// nick starts with query, case-insensitively.
func (s *Server) searchMembersLocked(g *guild, query string, limit int) []*member {
	query = strings.ToLower(query)
	var out []*member
	for _, id := range g.memberIDs {
		m := g.members[id]
		if query == "" || s.memberMatches(m, query) {
			out = append(out, m)
		}
		if limit > 0 && len(out) >= limit {
			break
		}
	}
	return out
}

// memberMatches reports whether a name of m starts with the lower-case query.
func (s *Server) memberMatches(m *member, query string) bool {
	names := []string{m.nick}
	if u := s.w.users[m.userID]; u != nil {
		names = append(names, u.Username, u.GlobalName)
	}
	return slices.ContainsFunc(names, func(n string) bool {
		return n != "" && strings.HasPrefix(strings.ToLower(n), query)
	})
}
