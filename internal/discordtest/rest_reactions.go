package discordtest

import (
	"strings"

	"github.com/bwmarrin/discordgo"
)

// reactionEvent is the MESSAGE_REACTION_ADD/REMOVE payload.
type reactionEvent struct {
	UserID    string           `json:"user_id"`
	ChannelID string           `json:"channel_id"`
	MessageID string           `json:"message_id"`
	GuildID   string           `json:"guild_id,omitempty"`
	Emoji     *discordgo.Emoji `json:"emoji"`
}

// parseEmoji turns a path emoji ("👍" or "name:id") into an emoji object.
func parseEmoji(s string) *discordgo.Emoji {
	name, id, _ := strings.Cut(s, ":")
	return &discordgo.Emoji{Name: name, ID: id}
}

// react answers PUT /channels/{channel}/messages/{message}/reactions/{emoji}/@me.
func (s *Server) react(c *call) { s.setReaction(c, true) }

// unreact answers DELETE /channels/{channel}/messages/{message}/reactions/{emoji}/@me.
func (s *Server) unreact(c *call) { s.setReaction(c, false) }

// setReaction adds or removes the bot's reaction (ADD_REACTIONS and READ_MESSAGE_HISTORY in
// guilds). Emits MESSAGE_REACTION_ADD or MESSAGE_REACTION_REMOVE.
func (s *Server) setReaction(c *call, add bool) {
	s.locked(c, func() answer {
		need := int64(discordgo.PermissionViewChannel | discordgo.PermissionReadMessageHistory)
		if add {
			need |= discordgo.PermissionAddReactions
		}
		ch, fail := s.botChannelLocked(c.param("channel"), need)
		if fail != nil {
			return fail
		}
		i := ch.findMessage(c.param("message"))
		if i < 0 {
			return unknownMessage()
		}
		emoji := parseEmoji(c.param("emoji"))
		m := *ch.msgs[i]
		m.Reactions = withReaction(m.Reactions, emoji, add)
		ch.msgs[i] = &m
		typ, intent := "MESSAGE_REACTION_REMOVE", discordgo.IntentGuildMessageReactions
		if add {
			typ = "MESSAGE_REACTION_ADD"
		}
		if ch.guildID == "" {
			intent = discordgo.IntentDirectMessageReactions
		}
		d := mustJSON(reactionEvent{UserID: s.opts.BotID, ChannelID: ch.ID, MessageID: m.ID, GuildID: ch.guildID, Emoji: emoji})
		s.dispatchLocked(event{typ: typ, guildID: ch.guildID, intent: intent, data: d})
		return noContent()
	})
}

// withReaction returns a copy of rs with the bot's reaction to emoji added or removed.
func withReaction(rs []*discordgo.MessageReactions, emoji *discordgo.Emoji, add bool) []*discordgo.MessageReactions {
	out := make([]*discordgo.MessageReactions, 0, len(rs)+1)
	found := false
	for _, r := range rs {
		cp := *r
		if r.Emoji != nil && r.Emoji.Name == emoji.Name && r.Emoji.ID == emoji.ID {
			found = true
			if add && !cp.Me {
				cp.Count, cp.Me = cp.Count+1, true
			} else if !add && cp.Me {
				cp.Count, cp.Me = cp.Count-1, false
			}
		}
		if cp.Count > 0 {
			out = append(out, &cp)
		}
	}
	if add && !found {
		out = append(out, &discordgo.MessageReactions{Count: 1, Me: true, Emoji: emoji})
	}
	return out
}
