package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/command"
)

// discordAPI is cogd's view of Discord for commands: the gateway state of
// the shard that owns a guild first (members from the member cache), REST
// second (members cached back).
// Every message leaves through Send, which applies the safety defaults.
type discordAPI struct {
	rest    *discordgo.Session                    // any session: REST is shared
	state   func(guildID string) *discordgo.State // state of the owning shard
	all     func() []*discordgo.State             // every shard's state
	count   *memberCounts                         // member counts, read safely
	members *memberCache                          // every member seen, in place of the state's
	latency interface{ Latency() time.Duration }  // rolling REST round trip (the REST policy)
}

var _ command.Discord = (*discordAPI)(nil)

// BotUser is the bot's own user.
func (d *discordAPI) BotUser() *discordgo.User {
	st := d.state("")
	st.RLock()
	defer st.RUnlock()
	if st.User != nil {
		u := *st.User
		return &u
	}
	return &discordgo.User{}
}

// Send posts m to channelID with allowed_mentions forced to an empty parse
// list unless set, embeds clamped and long content split. It returns the
// last message sent.
func (d *discordAPI) Send(ctx context.Context, channelID string, m *discordgo.MessageSend) (*discordgo.Message, error) {
	var last *discordgo.Message
	for _, part := range safeMessage(m) {
		msg, err := sendOne(ctx, d.rest, channelID, part)
		if err != nil {
			return last, err
		}
		last = msg
	}
	return last, nil
}

// Edit edits a message with the same safety as Send: allowed_mentions
// forced to an empty parse list unless set, content and embeds clamped.
func (d *discordAPI) Edit(ctx context.Context, channelID, messageID string, e *discordgo.MessageEdit) (*discordgo.Message, error) {
	safeEdit(e)
	e.Channel, e.ID = channelID, messageID
	msg, err := d.rest.ChannelMessageEditComplex(e, discordgo.WithContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("edit message %s in %s: %w", messageID, channelID, err)
	}
	return msg, nil
}

// Typing shows the bot typing in channelID.
func (d *discordAPI) Typing(ctx context.Context, channelID string) error {
	return d.rest.ChannelTyping(channelID, discordgo.WithContext(ctx))
}

// Guild returns the guild from state, else from REST.
func (d *discordAPI) Guild(ctx context.Context, guildID string) (*discordgo.Guild, error) {
	st := d.state(guildID)
	if g, err := st.Guild(guildID); err == nil {
		cp := guildSnapshot(st, g, d.count)
		cp.Members = d.members.members(guildID)
		return cp, nil
	}
	g, err := d.rest.Guild(guildID, discordgo.WithContext(ctx))
	if err != nil {
		return nil, notFound(fmt.Sprintf("guild %s", guildID), err)
	}
	return g, nil
}

// Channel returns the channel from state, else from REST.
func (d *discordAPI) Channel(ctx context.Context, channelID string) (*discordgo.Channel, error) {
	for _, st := range d.all() {
		if c, err := st.Channel(channelID); err == nil {
			return channelSnapshot(st, c), nil
		}
	}
	c, err := d.rest.Channel(channelID, discordgo.WithContext(ctx))
	if err != nil {
		return nil, notFound(fmt.Sprintf("channel %s", channelID), err)
	}
	return c, nil
}

// Member returns a guild member. Without the presences intent Discord
// sends almost no members at GUILD_CREATE, so a miss in the cache is
// normal: the member is fetched by REST and cached for next time (when
// the guild is one of the bot's).
func (d *discordAPI) Member(ctx context.Context, guildID, userID string) (*discordgo.Member, error) {
	if m, ok := d.members.member(guildID, userID); ok {
		return m, nil
	}
	m, err := d.fetchMember(ctx, guildID, userID)
	if err != nil {
		return nil, err
	}
	d.members.add(guildID, m) // the cache keeps its own compact copy
	return m, nil
}

// fetchMember is GET /guilds/{g}/members/{u} done by hand: discordgo's
// GuildMember panics on an empty (204) body.
func (d *discordAPI) fetchMember(ctx context.Context, guildID, userID string) (*discordgo.Member, error) {
	ep := discordgo.EndpointGuildMember(guildID, userID)
	body, err := d.rest.RequestWithBucketID(http.MethodGet, ep, nil, discordgo.EndpointGuildMember(guildID, ""), discordgo.WithContext(ctx))
	if err != nil {
		return nil, notFound(fmt.Sprintf("member %s", userID), err)
	}
	var m discordgo.Member
	if len(body) == 0 {
		return nil, fmt.Errorf("member %s: empty answer: %w", userID, command.ErrNotFound)
	}
	if err := json.Unmarshal(body, &m); err != nil || m.User == nil {
		return nil, fmt.Errorf("member %s: malformed answer: %w", userID, command.ErrNotFound)
	}
	m.GuildID = guildID
	return &m, nil
}

// User returns any Discord user by ID.
func (d *discordAPI) User(ctx context.Context, userID string) (*discordgo.User, error) {
	u, err := d.rest.User(userID, discordgo.WithContext(ctx))
	if err != nil {
		return nil, notFound(fmt.Sprintf("user %s", userID), err)
	}
	return u, nil
}

// SearchMembers finds members whose name starts with query, over REST.
func (d *discordAPI) SearchMembers(ctx context.Context, guildID, query string, limit int) ([]*discordgo.Member, error) {
	ms, err := d.rest.GuildMembersSearch(guildID, query, limit, discordgo.WithContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("search members of %s: %w", guildID, err)
	}
	return ms, nil
}

// RESTLatency is the rolling round trip of the REST requests the bot has
// made anyway; it sends none of its own. It is 0 before the first response
// (ping then says "not measured yet").
func (d *discordAPI) RESTLatency(context.Context) (time.Duration, error) {
	return d.latency.Latency(), nil
}

// notFound wraps 404 answers with command.ErrNotFound so callers can tell
// "no such thing" from "Discord is down".
func notFound(what string, err error) error {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil && re.Response.StatusCode == http.StatusNotFound {
		return fmt.Errorf("%s: %w", what, command.ErrNotFound)
	}
	return fmt.Errorf("%s: %w", what, err)
}
