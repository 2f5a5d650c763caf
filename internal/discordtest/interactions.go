package discordtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Interaction deadlines: the first callback within 3 s, followups and edits for 15 min.
const (
	InteractionCallbackDeadline = 3 * time.Second
	InteractionTokenLifetime    = 15 * time.Minute
)

// Interaction types.
const (
	ixPing               = 1
	ixApplicationCommand = 2
	ixMessageComponent   = 3
	ixAutocomplete       = 4
	ixModalSubmit        = 5
)

// dmAppPermissions are the bot's permissions in a DM, as Discord reports them.
const dmAppPermissions int64 = discordgo.PermissionViewChannel | discordgo.PermissionSendMessages |
	discordgo.PermissionEmbedLinks | discordgo.PermissionAttachFiles | discordgo.PermissionReadMessageHistory |
	discordgo.PermissionAddReactions | discordgo.PermissionUseExternalEmojis

// Errors of the interaction helpers.
var (
	// ErrUnknownCommand means no command of that name and type is registered for the channel.
	ErrUnknownCommand = errors.New("unknown application command")
	// ErrCommandHidden means Discord would not offer the command to that user there
	// (default_member_permissions or contexts).
	ErrCommandHidden = errors.New("command not available to this user here")
	// ErrBadOption means an option value does not fit the command's definition.
	ErrBadOption = errors.New("invalid option")
	// ErrNoSession means no gateway session would receive the interaction.
	ErrNoSession = errors.New("no gateway session connected")
	// ErrUnknownComponent means the message has no enabled component with that custom_id.
	ErrUnknownComponent = errors.New("unknown component")
)

// appState is the application's commands and interactions; guarded by Server.mu.
type appState struct {
	now     func() time.Time
	quota   int
	scopes  map[string]*cmdScope
	byID    map[string]*interaction
	byToken map[string]*interaction
	private map[string]*discordgo.Message // ephemeral messages by ID
}

// interaction is the server side of one dispatched interaction.
type interaction struct {
	id, token          string
	kind, cmdType      int
	guildID, channelID string
	userID             string
	created            time.Time
	acked              bool
	ackType            int
	ephemeral          bool   // the response (or deferral) was ephemeral
	pendingDefer       bool   // deferred (type 5), the loading message not yet edited
	sourceID           string // the component's message
	originalID         string // the message @original names
	msgIDs             map[string]bool
	events             []Response
}

// appLocked returns the application state, creating it.
func (s *Server) appLocked() *appState {
	if s.app == nil {
		s.app = &appState{
			now: time.Now, quota: DefaultCommandCreateQuota, scopes: map[string]*cmdScope{},
			byID: map[string]*interaction{}, byToken: map[string]*interaction{},
			private: map[string]*discordgo.Message{},
		}
	}
	return s.app
}

// SetClock replaces the clock of the interaction deadlines (3 s, 15 min) and of the command
// create quota; nil restores time.Now. Use internal/fakeclock's Clock.Now in tests.
func (s *Server) SetClock(now func() time.Time) {
	if now == nil {
		now = time.Now
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.appLocked().now = now
}

// Interaction is a dispatched interaction: its identifiers and a view of everything the
// bot answered (callback, followups, edits, deletes).
type Interaction struct {
	// ID and Token identify the interaction (the callback route's {id}/{token}).
	ID, Token string
	// ApplicationID is the bot's application ID.
	ApplicationID string
	// GuildID is empty in DMs; ChannelID and UserID are where and by whom it was invoked.
	GuildID, ChannelID, UserID string
	// Payload is the INTERACTION_CREATE "d" object as sent.
	Payload []byte
	s       *Server
}

// ixInput is what every interaction payload is built from.
type ixInput struct {
	kind      int
	channelID string
	userID    string
	locale    string
	data      any
	message   *discordgo.Message
	sourceID  string
	cmdType   int
}

// wireInteraction is Discord's interaction object.
type wireInteraction struct {
	ID                           string            `json:"id"`
	ApplicationID                string            `json:"application_id"`
	Type                         int               `json:"type"`
	Data                         any               `json:"data,omitempty"`
	GuildID                      string            `json:"guild_id,omitempty"`
	Guild                        *wireIxGuild      `json:"guild,omitempty"`
	Channel                      *wireChannel      `json:"channel"`
	ChannelID                    string            `json:"channel_id"`
	Member                       *wireIxMember     `json:"member,omitempty"`
	User                         *wireUser         `json:"user,omitempty"`
	Token                        string            `json:"token"`
	Version                      int               `json:"version"`
	Message                      *wireMessage      `json:"message,omitempty"`
	AppPermissions               string            `json:"app_permissions"`
	Locale                       string            `json:"locale"`
	GuildLocale                  string            `json:"guild_locale,omitempty"`
	Entitlements                 []any             `json:"entitlements"`
	AuthorizingIntegrationOwners map[string]string `json:"authorizing_integration_owners"`
	Context                      int               `json:"context"`
	AttachmentSizeLimit          int               `json:"attachment_size_limit"`
}

// wireIxGuild is the partial guild of an interaction.
type wireIxGuild struct {
	ID       string   `json:"id"`
	Locale   string   `json:"locale"`
	Features []string `json:"features"`
}

// wireIxMember is a member with its permissions in the interaction's channel.
type wireIxMember struct {
	wireMember
	Permissions string `json:"permissions"`
}

// dispatchInteraction builds the payload, stores the interaction and sends
// INTERACTION_CREATE, after waiting (until ctx ends) for a session that would receive it.
func (s *Server) dispatchInteraction(ctx context.Context, in ixInput) (*Interaction, error) {
	if err := s.waitReceiver(ctx, in.channelID); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.w.channels[in.channelID]
	if c == nil {
		return nil, fmt.Errorf("discordtest: interaction in %s: %w", in.channelID, ErrUnknownChannel)
	}
	a := s.appLocked()
	ix := &interaction{
		id: s.ids.next(), token: newInteractionToken(), kind: in.kind, cmdType: in.cmdType,
		guildID: c.guildID, channelID: c.ID, userID: in.userID, created: a.now(),
		sourceID: in.sourceID, msgIDs: map[string]bool{},
	}
	wi, err := s.wireInteractionLocked(ix, c, in)
	if err != nil {
		return nil, err
	}
	a.byID[ix.id], a.byToken[ix.token] = ix, ix
	raw := mustJSON(wi)
	s.dispatchLocked(event{typ: "INTERACTION_CREATE", guildID: c.guildID, data: raw})
	s.changedLocked()
	return &Interaction{ID: ix.id, Token: ix.token, ApplicationID: s.opts.BotID, GuildID: c.guildID,
		ChannelID: c.ID, UserID: in.userID, Payload: raw, s: s}, nil
}

// waitReceiver waits until a connected session would receive events of the channel's guild.
func (s *Server) waitReceiver(ctx context.Context, channelID string) error {
	err := s.WaitFor(ctx, func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		c := s.w.channels[channelID]
		if c == nil {
			return true
		}
		for _, ss := range s.sessions {
			if ss.conn != nil && ss.handles(c.guildID) {
				return true
			}
		}
		return false
	})
	if err != nil {
		return fmt.Errorf("discordtest: dispatch interaction: %w: %w", ErrNoSession, err)
	}
	return nil
}

// wireInteractionLocked builds the INTERACTION_CREATE payload: member with per-channel
// permissions (user in DMs), app_permissions, locales and context.
func (s *Server) wireInteractionLocked(ix *interaction, c *channel, in ixInput) (*wireInteraction, error) {
	u := s.w.users[in.userID]
	if u == nil {
		return nil, fmt.Errorf("discordtest: interaction by %s: %w", in.userID, ErrUnknownUser)
	}
	locale := in.locale
	if locale == "" {
		locale = "en-US"
	}
	wi := &wireInteraction{
		ID: ix.id, ApplicationID: s.opts.BotID, Type: in.kind, Data: in.data, Channel: s.channelLocked(c),
		ChannelID: c.ID, Token: ix.token, Version: 1, Locale: locale, Entitlements: []any{},
		AttachmentSizeLimit: 10 << 20,
	}
	if in.message != nil {
		wi.Message = s.wireMessageLocked(in.message, false)
	}
	if c.guildID == "" {
		wi.User, wi.Context = wireUserOf(u), 1
		wi.AppPermissions = itoa64(dmAppPermissions)
		wi.AuthorizingIntegrationOwners = map[string]string{"0": "0"}
		return wi, nil
	}
	g := s.w.guilds[c.guildID]
	m := g.members[in.userID]
	if m == nil {
		return nil, fmt.Errorf("discordtest: interaction by %s: %w", in.userID, ErrNotMember)
	}
	wi.GuildID, wi.GuildLocale, wi.Context = g.ID, "en-US", 0
	wi.Guild = &wireIxGuild{ID: g.ID, Locale: "en-US", Features: []string{}}
	wi.Member = &wireIxMember{wireMember: *s.memberLocked(m, true), Permissions: itoa64(s.channelPermissionsLocked(g, c, m))}
	wi.AppPermissions = itoa64(s.botChannelPermsLocked(c))
	wi.AuthorizingIntegrationOwners = map[string]string{"0": g.ID}
	return wi, nil
}

// newInteractionToken returns a random interaction token.
func newInteractionToken() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return "aW50ZXJhY3Rpb24" + hex.EncodeToString(b[:])
}

// interactionLocked returns the stored interaction of a handle.
func (s *Server) interactionLocked(id string) *interaction {
	return s.appLocked().byID[id]
}

// Interactions returns the number of interactions dispatched so far.
func (s *Server) Interactions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.appLocked().byID)
}
