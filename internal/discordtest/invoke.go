package discordtest

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// Option is an option value a user fills in: Value is a string, bool, int or float
// (INTEGER/NUMBER), or an ID for USER, CHANNEL, ROLE and MENTIONABLE options. A SUB_COMMAND
// or SUB_COMMAND_GROUP option carries its own Options instead of a value. Focused marks the
// option being typed in an autocomplete interaction; its value is then sent as a string.
type Option struct {
	// Name is the option's name in the command definition.
	Name string
	// Value is the value typed or picked (unused for subcommands and groups).
	Value any
	// Focused marks the option being typed (autocomplete only).
	Focused bool
	// Options are a subcommand's or group's own options.
	Options []Option
}

// Slash is a chat-input command invocation. Channel is a guild channel or the user's DM
// channel (DMChannel); Guild, when set, must be the channel's guild.
type Slash struct {
	// Guild (optional), Channel and User say where and by whom the command is invoked.
	Guild, Channel, User string
	// Name is the command name; Options its option values (subcommands nest).
	Name    string
	Options []Option
	// Locale is the user's locale; default "en-US".
	Locale string
	// Override lets the user invoke a command its default_member_permissions would hide,
	// as if a server admin had allowed it in the Integrations settings.
	Override bool
}

// ContextMenu is a user or message command invocation on Target (a user ID, or a message
// ID in Channel).
type ContextMenu struct {
	// Guild (optional), Channel and User say where and by whom the command is invoked.
	Guild, Channel, User string
	// Name is the command name; Target the user or message it is used on.
	Name, Target string
	// Locale is the user's locale; default "en-US".
	Locale string
	// Override ignores default_member_permissions, as Slash.Override does.
	Override bool
}

// wireCommandData is the data of an APPLICATION_COMMAND or AUTOCOMPLETE interaction.
type wireCommandData struct {
	ID       string             `json:"id"`
	Name     string             `json:"name"`
	Type     int                `json:"type"`
	GuildID  string             `json:"guild_id,omitempty"`
	TargetID string             `json:"target_id,omitempty"`
	Resolved *wireResolved      `json:"resolved,omitempty"`
	Options  []*wireOptionValue `json:"options,omitempty"`
}

// wireOptionValue is one filled-in option.
type wireOptionValue struct {
	Name    string             `json:"name"`
	Type    int                `json:"type"`
	Value   any                `json:"value,omitempty"`
	Options []*wireOptionValue `json:"options,omitempty"`
	Focused bool               `json:"focused,omitempty"`
}

// wireResolved is the resolved data of an interaction.
type wireResolved struct {
	Users    map[string]*wireUser            `json:"users,omitempty"`
	Members  map[string]*wireIxMember        `json:"members,omitempty"`
	Roles    map[string]*wireRole            `json:"roles,omitempty"`
	Channels map[string]*wireResolvedChannel `json:"channels,omitempty"`
	Messages map[string]*wireMessage         `json:"messages,omitempty"`
}

// wireResolvedChannel is a resolved channel with the invoking member's permissions in it.
type wireResolvedChannel struct {
	ID          string                `json:"id"`
	Name        string                `json:"name"`
	Type        discordgo.ChannelType `json:"type"`
	Permissions string                `json:"permissions"`
}

// resolver fills resolved data for one interaction; s.mu must be held while it runs.
type resolver struct {
	s       *Server
	g       *guild // nil in DMs
	c       *channel
	invoker *member
	out     wireResolved
	empty   bool
}

// InvokeSlash sends a CHAT_INPUT interaction for a command registered in the channel's
// guild scope or globally, with option types taken from the definition and resolved
// users, members, roles and channels filled. It waits (until ctx ends) for a connected
// gateway session that receives the channel's events, then returns without waiting for
// the bot's answer (use Interaction.Await).
func (s *Server) InvokeSlash(ctx context.Context, in Slash) (*Interaction, error) {
	return s.invokeChat(ctx, in, ixApplicationCommand)
}

// Autocomplete sends an AUTOCOMPLETE interaction; exactly one option should be Focused
// (its value is sent as a string, even for INTEGER and NUMBER options).
func (s *Server) Autocomplete(ctx context.Context, in Slash) (*Interaction, error) {
	return s.invokeChat(ctx, in, ixAutocomplete)
}

// invokeChat builds and dispatches a chat-input or autocomplete interaction.
func (s *Server) invokeChat(ctx context.Context, in Slash, kind int) (*Interaction, error) {
	s.mu.Lock()
	data, err := s.chatDataLocked(in, kind)
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return s.dispatchInteraction(ctx, ixInput{kind: kind, channelID: in.Channel, userID: in.User,
		locale: in.Locale, data: data, cmdType: cmdChatInput})
}

// chatDataLocked resolves the command and its options.
func (s *Server) chatDataLocked(in Slash, kind int) (*wireCommandData, error) {
	cmd, r, err := s.commandForLocked(in.Guild, in.Channel, in.User, cmdChatInput, in.Name, in.Override)
	if err != nil {
		return nil, err
	}
	opts, err := r.options(cmd.Options, in.Options, kind == ixAutocomplete)
	if err != nil {
		return nil, fmt.Errorf("discordtest: /%s: %w", in.Name, err)
	}
	return &wireCommandData{ID: cmd.ID, Name: cmd.Name, Type: cmdChatInput, GuildID: cmd.GuildID,
		Resolved: r.result(), Options: opts}, nil
}

// InvokeUserCommand sends a USER command interaction on the user Target.
func (s *Server) InvokeUserCommand(ctx context.Context, in ContextMenu) (*Interaction, error) {
	return s.invokeMenu(ctx, in, cmdUser)
}

// InvokeMessageCommand sends a MESSAGE command interaction on message Target in Channel.
func (s *Server) InvokeMessageCommand(ctx context.Context, in ContextMenu) (*Interaction, error) {
	return s.invokeMenu(ctx, in, cmdMessage)
}

// invokeMenu builds and dispatches a context-menu interaction.
func (s *Server) invokeMenu(ctx context.Context, in ContextMenu, typ int) (*Interaction, error) {
	s.mu.Lock()
	data, err := s.menuDataLocked(in, typ)
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return s.dispatchInteraction(ctx, ixInput{kind: ixApplicationCommand, channelID: in.Channel,
		userID: in.User, locale: in.Locale, data: data, cmdType: typ})
}

// menuDataLocked resolves a context-menu command and its target.
func (s *Server) menuDataLocked(in ContextMenu, typ int) (*wireCommandData, error) {
	cmd, r, err := s.commandForLocked(in.Guild, in.Channel, in.User, typ, in.Name, in.Override)
	if err != nil {
		return nil, err
	}
	if typ == cmdUser {
		err = r.user(in.Target)
	} else {
		err = r.message(in.Target)
	}
	if err != nil {
		return nil, fmt.Errorf("discordtest: %q: %w", in.Name, err)
	}
	return &wireCommandData{ID: cmd.ID, Name: cmd.Name, Type: typ, GuildID: cmd.GuildID,
		TargetID: in.Target, Resolved: r.result()}, nil
}

// commandForLocked finds the command (guild scope first, then global), checks that Discord
// would offer it to the user in the channel, and returns a resolver for its data.
func (s *Server) commandForLocked(guildID, channelID, userID string, typ int, name string, override bool) (*wireCommand, *resolver, error) {
	c := s.w.channels[channelID]
	if c == nil {
		return nil, nil, fmt.Errorf("discordtest: command in %s: %w", channelID, ErrUnknownChannel)
	}
	if guildID != "" && guildID != c.guildID {
		return nil, nil, fmt.Errorf("discordtest: channel %s is not in guild %s: %w", channelID, guildID, ErrUnknownChannel)
	}
	r := &resolver{s: s, c: c, g: s.w.guilds[c.guildID], empty: true}
	if r.g != nil {
		r.invoker = r.g.members[userID]
		if r.invoker == nil {
			return nil, nil, fmt.Errorf("discordtest: command by %s: %w", userID, ErrNotMember)
		}
	}
	var cmd *wireCommand
	for _, scope := range []string{c.guildID, ""} {
		if sc := s.appLocked().scopes[scope]; sc != nil && (scope == "" || c.guildID != "") {
			if i := sc.find(typ, name); i >= 0 && cmd == nil {
				cmd = sc.cmds[i]
			}
		}
	}
	if cmd == nil {
		return nil, nil, fmt.Errorf("discordtest: command %q (type %d): %w", name, typ, ErrUnknownCommand)
	}
	if err := r.available(cmd, override); err != nil {
		return nil, nil, fmt.Errorf("discordtest: command %q: %w", name, err)
	}
	return cmd, r, nil
}

// available checks contexts (and dm_permission) and default_member_permissions.
func (r *resolver) available(cmd *wireCommand, override bool) error {
	ctxType := 0
	if r.g == nil {
		ctxType = 1
	}
	if cmd.Contexts != nil && !slices.Contains(cmd.Contexts, ctxType) {
		return fmt.Errorf("%w: contexts %v exclude %d", ErrCommandHidden, cmd.Contexts, ctxType)
	}
	if r.g == nil && cmd.Contexts == nil && cmd.DMPermission != nil && !*cmd.DMPermission {
		return fmt.Errorf("%w: dm_permission is false", ErrCommandHidden)
	}
	var need string
	if r.g == nil || override || json.Unmarshal(cmd.DefaultMemberPermissions, &need) != nil || need == "" {
		return nil
	}
	bits, err := strconv.ParseInt(need, 10, 64)
	if err != nil {
		return nil
	}
	perms := r.s.channelPermissionsLocked(r.g, r.c, r.invoker)
	if (bits == 0 && perms&discordgo.PermissionAdministrator == 0) || perms&bits != bits {
		return fmt.Errorf("%w: default_member_permissions %s", ErrCommandHidden, need)
	}
	return nil
}

// options converts the filled-in options against their definitions.
func (r *resolver) options(defs []*wireOption, in []Option, autocomplete bool) ([]*wireOptionValue, error) {
	var out []*wireOptionValue
	for _, o := range in {
		i := slices.IndexFunc(defs, func(d *wireOption) bool { return d.Name == o.Name })
		if i < 0 {
			return nil, fmt.Errorf("%w: no option %q", ErrBadOption, o.Name)
		}
		v, err := r.option(defs[i], o, autocomplete)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if autocomplete {
		return out, nil
	}
	for _, d := range defs {
		if d.Required && !slices.ContainsFunc(in, func(o Option) bool { return o.Name == d.Name }) {
			return nil, fmt.Errorf("%w: required option %q missing", ErrBadOption, d.Name)
		}
	}
	return out, nil
}

// option converts one option value.
func (r *resolver) option(def *wireOption, o Option, autocomplete bool) (*wireOptionValue, error) {
	v := &wireOptionValue{Name: def.Name, Type: def.Type}
	if def.Type == optSubCommand || def.Type == optSubCommandGroup {
		subs, err := r.options(def.Options, o.Options, autocomplete)
		v.Options = subs
		return v, err
	}
	if o.Focused {
		v.Value, v.Focused = fmt.Sprint(o.Value), true
		return v, nil
	}
	val, err := r.value(def, o.Value)
	if err != nil {
		return nil, fmt.Errorf("%w %q: %w", ErrBadOption, def.Name, err)
	}
	v.Value = val
	return v, nil
}

// value checks and converts a non-focused option value, resolving IDs.
func (r *resolver) value(def *wireOption, v any) (any, error) {
	switch def.Type {
	case optString:
		return stringValue(def, v)
	case optInteger, optNumber:
		return numberValue(def, v)
	case optBoolean:
		if b, ok := v.(bool); ok {
			return b, nil
		}
		return nil, fmt.Errorf("want a bool, got %T", v)
	case optUser:
		return v, r.user(fmt.Sprint(v))
	case optRole:
		return v, r.role(fmt.Sprint(v))
	case optChannel:
		return v, r.channel(fmt.Sprint(v), def.ChannelTypes)
	case optMentionable:
		if r.role(fmt.Sprint(v)) == nil {
			return v, nil
		}
		return v, r.user(fmt.Sprint(v))
	}
	return nil, fmt.Errorf("option type %d is not supported by the emulator", def.Type)
}

// stringValue checks a STRING value against lengths and choices.
func stringValue(def *wireOption, v any) (any, error) {
	str, ok := v.(string)
	if !ok {
		return nil, fmt.Errorf("want a string, got %T", v)
	}
	n := utf8.RuneCountInString(str)
	if (def.MinLength != nil && n < *def.MinLength) || (def.MaxLength != nil && n > *def.MaxLength) {
		return nil, fmt.Errorf("length %d outside the allowed range", n)
	}
	return str, checkChoice(def, str)
}

// numberValue checks an INTEGER or NUMBER value against its bounds and choices.
func numberValue(def *wireOption, v any) (any, error) {
	var f float64
	switch n := v.(type) {
	case int:
		f = float64(n)
	case int64:
		f = float64(n)
	case float64:
		f = n
	default:
		return nil, fmt.Errorf("want a number, got %T", v)
	}
	if def.Type == optInteger && (f != math.Trunc(f) || math.Abs(f) > maxSafeInteger) {
		return nil, fmt.Errorf("%v is not an integer", v)
	}
	if (def.MinValue != nil && f < *def.MinValue) || (def.MaxValue != nil && f > *def.MaxValue) {
		return nil, fmt.Errorf("%v outside the allowed range", v)
	}
	return f, checkChoice(def, f)
}

// checkChoice checks that v is one of the option's choices, when it has any.
func checkChoice(def *wireOption, v any) error {
	if len(def.Choices) == 0 || slices.ContainsFunc(def.Choices, func(c *wireChoice) bool { return c.Value == v }) {
		return nil
	}
	return fmt.Errorf("%v is not one of the choices", v)
}

// user resolves a user (and member, with permissions in the channel).
func (r *resolver) user(id string) error {
	u := r.s.w.users[id]
	if u == nil {
		return fmt.Errorf("user %s: %w", id, ErrUnknownUser)
	}
	r.touch()
	if r.out.Users == nil {
		r.out.Users = map[string]*wireUser{}
	}
	r.out.Users[id] = wireUserOf(u)
	if r.g == nil {
		return nil
	}
	if m := r.g.members[id]; m != nil {
		if r.out.Members == nil {
			r.out.Members = map[string]*wireIxMember{}
		}
		r.out.Members[id] = &wireIxMember{wireMember: *r.s.memberLocked(m, false),
			Permissions: itoa64(r.s.channelPermissionsLocked(r.g, r.c, m))}
	}
	return nil
}

// role resolves a guild role.
func (r *resolver) role(id string) error {
	if r.g == nil || r.g.roles[id] == nil {
		return fmt.Errorf("role %s: %w", id, ErrBadOption)
	}
	r.touch()
	if r.out.Roles == nil {
		r.out.Roles = map[string]*wireRole{}
	}
	r.out.Roles[id] = wireRoleOf(r.g.roles[id])
	return nil
}

// channel resolves a channel of the guild, checking the option's channel types.
func (r *resolver) channel(id string, types []int) error {
	c := r.s.w.channels[id]
	if c == nil || r.g == nil || c.guildID != r.g.ID {
		return fmt.Errorf("channel %s: %w", id, ErrUnknownChannel)
	}
	if len(types) > 0 && !slices.Contains(types, int(c.Type)) {
		return fmt.Errorf("channel %s has type %d, not one of %v: %w", id, c.Type, types, ErrBadOption)
	}
	r.touch()
	if r.out.Channels == nil {
		r.out.Channels = map[string]*wireResolvedChannel{}
	}
	var perms int64
	if r.invoker != nil {
		perms = r.s.channelPermissionsLocked(r.g, c, r.invoker)
	}
	r.out.Channels[id] = &wireResolvedChannel{ID: id, Name: c.Name, Type: c.Type, Permissions: itoa64(perms)}
	return nil
}

// message resolves a message of the invocation channel (and its author).
func (r *resolver) message(id string) error {
	i := r.c.findMessage(id)
	if i < 0 {
		return fmt.Errorf("message %s: %w", id, ErrBadOption)
	}
	r.touch()
	if r.out.Messages == nil {
		r.out.Messages = map[string]*wireMessage{}
	}
	r.out.Messages[id] = r.s.wireMessageLocked(r.c.msgs[i], false)
	return nil
}

// touch marks the resolved data as non-empty.
func (r *resolver) touch() { r.empty = false }

// result returns the resolved data, nil when nothing was resolved.
func (r *resolver) result() *wireResolved {
	if r.empty {
		return nil
	}
	return &r.out
}
