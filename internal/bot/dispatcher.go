package bot

import (
	"context"
	"fmt"
	"log/slog"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/command"
)

// routes is one immutable snapshot of what the bot serves; reloads swap
// the whole snapshot, so a command already running finishes on the
// registration it started with.
type routes struct {
	inflight   atomic.Int64 // commands and listeners running on this snapshot
	table      *command.Table
	runs       map[*command.Command]command.RunFunc
	listeners  map[reflect.Type][]boundListener
	menus      map[string]menuRoute      // context-menu commands by name
	menuList   []command.ContextMenu     // the same, in registration order
	components map[string]componentRoute // component handlers by name
}

// buildRoutes makes the serving snapshot for regs: the command table
// (duplicate names or aliases are an error naming both cogs), each
// command's chain (kept by its registration, so cooldowns survive swaps),
// and the listeners by event type.
func buildRoutes(regs []*registration, wrap func(command.RunFunc) command.RunFunc) (*routes, error) {
	groups := make([]command.Group, len(regs))
	for i, reg := range regs {
		groups[i] = reg.group()
	}
	table, err := command.NewTable(groups)
	if err != nil {
		return nil, fmt.Errorf("register commands: %w", err)
	}
	rt := &routes{table: table, runs: map[*command.Command]command.RunFunc{}, listeners: map[reflect.Type][]boundListener{},
		menus: map[string]menuRoute{}, components: map[string]componentRoute{}}
	for i, g := range table.Groups() {
		for _, cmd := range g.Commands {
			addRuns(rt.runs, cmd, regs[i], wrap)
		}
	}
	for _, reg := range regs {
		for _, l := range reg.listeners {
			rt.listeners[l.eventType()] = append(rt.listeners[l.eventType()], boundListener{cog: reg.info.Name, l: l})
		}
		if err := rt.addMenus(reg, wrap); err != nil {
			return nil, err
		}
		if err := rt.addComponents(reg); err != nil {
			return nil, err
		}
	}
	return rt, nil
}

// addMenus adds reg's context-menu commands; a name used twice (in one
// menu type, as Discord scopes them) is an error naming both cogs.
func (rt *routes) addMenus(reg *registration, wrap func(command.RunFunc) command.RunFunc) error {
	for _, m := range reg.menus {
		if other, dup := rt.menus[m.Name]; dup {
			return fmt.Errorf("register commands: context menu %q of %s clashes with %s", m.Name, reg.info.Name, other.cog)
		}
		rt.menus[m.Name] = reg.menuRoute(m, wrap)
		rt.menuList = append(rt.menuList, m)
	}
	return nil
}

func addRuns(runs map[*command.Command]command.RunFunc, cmd *command.Command, reg *registration, wrap func(command.RunFunc) command.RunFunc) {
	runs[cmd] = reg.run(cmd, wrap)
	for _, sub := range cmd.Subcommands {
		addRuns(runs, sub, reg, wrap)
	}
}

type boundListener struct {
	cog string
	l   Listener
}

// Dispatcher routes gateway events to listeners and prefix commands to
// their commands, each run in its own goroutine under a timeout, behind a
// recover, with errors going to one ErrorHandler.
type Dispatcher struct {
	routes  atomic.Pointer[routes]
	botID   string
	prefix  func(guildID string) string
	unknown func(guildID string) UnknownPolicy // nil: UnknownSuggest everywhere
	discord command.Discord
	out     Outbox
	// interactions answers interactions (a session with its own limiter).
	interactions InteractionAPI
	tokenNow     func() time.Time // the clock of interaction tokens
	deferAfter   time.Duration    // a slow interaction is deferred after this
	log          *slog.Logger
	isOwner      func(userID string) bool
	errs         *ErrorHandler
	timeout      time.Duration
	base         context.Context
	gate         sync.RWMutex // orders start against Drain (WaitGroup rule)
	running      sync.WaitGroup
	inflight     atomic.Int64
	draining     atomic.Bool
}

// DispatcherOptions configure a Dispatcher.
type DispatcherOptions struct {
	BotID   string
	Prefix  func(guildID string) string // the guild's prefix (cached lookup)
	Discord command.Discord
	Out     Outbox // where replies leave (output safety applied there)
	// Interactions answers interactions; TokenNow is the clock of their
	// tokens (nil: time.Now); DeferAfter is how long a slow command may
	// run before its interaction is deferred (0: 2 s).
	Interactions InteractionAPI
	TokenNow     func() time.Time
	DeferAfter   time.Duration
	Log          *slog.Logger
	IsOwner      func(userID string) bool
	Errors       *ErrorHandler
	Timeout      time.Duration   // per command and per listener call
	Base         context.Context // the process context every run derives from
	// Unknown is the guild's unknown-command policy (cached lookup); nil:
	// UnknownSuggest everywhere.
	Unknown func(guildID string) UnknownPolicy
}

// NewDispatcher returns a Dispatcher with no routes yet.
func NewDispatcher(o DispatcherOptions) *Dispatcher {
	if o.TokenNow == nil {
		o.TokenNow = time.Now
	}
	if o.DeferAfter <= 0 {
		o.DeferAfter = 2 * time.Second
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	d := &Dispatcher{botID: o.BotID, prefix: o.Prefix, discord: o.Discord, out: o.Out, isOwner: o.IsOwner,
		interactions: o.Interactions, tokenNow: o.TokenNow, deferAfter: o.DeferAfter, log: o.Log,
		errs: o.Errors, timeout: o.Timeout, base: o.Base, unknown: o.Unknown}
	d.routes.Store(&routes{table: emptyTable(), runs: map[*command.Command]command.RunFunc{}, menus: map[string]menuRoute{},
		components: map[string]componentRoute{}})
	return d
}

func emptyTable() *command.Table {
	t, _ := command.NewTable(nil)
	return t
}

// Table is the command table being served.
func (d *Dispatcher) Table() *command.Table { return d.routes.Load().table }

// OnMessage is the MESSAGE_CREATE hot path for commands. Messages that are
// not commands (bots, itself, no prefix) return without allocating.
// Listeners of *discordgo.MessageCreate get every message through OnEvent.
func (d *Dispatcher) OnMessage(m *discordgo.Message, shard int) {
	if m == nil || m.Author == nil || m.Author.Bot || m.Author.ID == d.botID {
		return
	}
	n := d.prefixLen(m)
	if n == 0 || !d.start() {
		return
	}
	go d.invoke(m, n, shard)
}

// start counts one more running command or listener, unless the
// dispatcher is draining.
func (d *Dispatcher) start() bool {
	d.gate.RLock()
	defer d.gate.RUnlock()
	if d.draining.Load() {
		return false
	}
	d.running.Add(1)
	d.inflight.Add(1)
	return true
}

func (d *Dispatcher) done() {
	d.inflight.Add(-1)
	d.running.Done()
}

// Idle waits until no command or listener is running (or ctx ends).
func (d *Dispatcher) Idle(ctx context.Context) error {
	t := time.NewTicker(2 * time.Millisecond)
	defer t.Stop()
	for d.inflight.Load() > 0 {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
	return nil
}

// prefixLen returns how many bytes of the content are prefix (the guild's
// prefix, or a mention of the bot and the space after it), or 0.
func (d *Dispatcher) prefixLen(m *discordgo.Message) int {
	c := m.Content
	if p := d.prefix(m.GuildID); p != "" && strings.HasPrefix(c, p) {
		return len(p)
	}
	if n := mentionLen(c, d.botID); n > 0 {
		return n + leadingSpace(c[n:])
	}
	return 0
}

// mentionLen is the length of a leading <@id> or <@!id> of the bot.
func mentionLen(c, id string) int {
	if id == "" || !strings.HasPrefix(c, "<@") {
		return 0
	}
	i := 2
	if len(c) > i && c[i] == '!' {
		i++
	}
	if !strings.HasPrefix(c[i:], id) || len(c) <= i+len(id) || c[i+len(id)] != '>' {
		return 0
	}
	return i + len(id) + 1
}

func leadingSpace(s string) int {
	n := 0
	for n < len(s) {
		r, size := utf8.DecodeRuneInString(s[n:])
		if !unicode.IsSpace(r) {
			break
		}
		n += size
	}
	return n
}

// invoke parses and runs one command.
func (d *Dispatcher) invoke(m *discordgo.Message, prefixLen, shard int) {
	defer d.done()
	rt := d.routes.Load()
	rt.inflight.Add(1)
	defer rt.inflight.Add(-1)
	c := d.newContext(m, prefixLen)
	c.Shard = shard
	cmd, err := d.lookup(rt, c, m.Content, prefixLen)
	if cmd == nil && err == nil {
		return
	}
	ctx, cancel := context.WithTimeout(d.base, d.timeoutOf(cmd))
	defer cancel()
	if err == nil {
		err = rt.runs[cmd](ctx, c)
	}
	if err != nil {
		d.errs.Handle(ctx, c, err)
	}
}

// timeoutOf is the command's own timeout, else the dispatcher's.
func (d *Dispatcher) timeoutOf(cmd *command.Command) time.Duration {
	if cmd != nil && cmd.Timeout > 0 {
		return cmd.Timeout
	}
	return d.timeout
}

func (d *Dispatcher) newContext(m *discordgo.Message, prefixLen int) *command.Context {
	return &command.Context{
		Origin:    command.Origin{GuildID: m.GuildID, ChannelID: m.ChannelID, Author: m.Author, Member: m.Member, MessageID: m.ID},
		Responder: &messageResponder{out: d.out, guildID: m.GuildID, channelID: m.ChannelID, messageID: m.ID},
		Prefix:    d.displayPrefix(m, prefixLen), Discord: d.discord, IsOwner: d.isOwner,
	}
}

// displayPrefix is the prefix to show in usage lines: the guild's text
// prefix, even when the bot was invoked by mention.
func (d *Dispatcher) displayPrefix(m *discordgo.Message, prefixLen int) string {
	if p := d.prefix(m.GuildID); p != "" {
		return p
	}
	return m.Content[:prefixLen]
}

// lookup resolves the command named by the content after its prefix,
// filling c. A bare mention of the bot answers with the prefix; an unknown
// name is a NotFoundError, or nothing when the guild's unknown-command
// policy says to stay silent (notFound).
func (d *Dispatcher) lookup(rt *routes, c *command.Context, content string, prefixLen int) (*command.Command, error) {
	text := strings.TrimLeftFunc(content[prefixLen:], unicode.IsSpace)
	name, rest := firstWord(text)
	if name == "" {
		if mentionLen(content, d.botID) > 0 {
			return nil, &command.UserError{Msg: fmt.Sprintf("My prefix here is `%s` — try `%shelp`.", c.Prefix, c.Prefix)}
		}
		return nil, nil
	}
	cmd := rt.table.Find(name)
	if cmd == nil {
		return nil, d.notFound(rt, c.GuildID(), name, content)
	}
	c.Invoked = name
	c.Command, c.RawArgs = rt.table.Resolve(cmd, rest)
	return c.Command, nil
}

// firstWord splits text at the first whitespace.
func firstWord(s string) (word, rest string) {
	i := strings.IndexFunc(s, unicode.IsSpace)
	if i < 0 {
		return s, ""
	}
	return s[:i], s[i:]
}

// OnEvent hands any other gateway event to the listeners registered for
// its type, each in its own goroutine.
func (d *Dispatcher) OnEvent(ev any, shard int) {
	rt := d.routes.Load()
	ls := rt.listeners[reflect.TypeOf(ev)]
	if len(ls) == 0 {
		return
	}
	ev = detach(ev)
	for _, bl := range ls {
		if !d.start() {
			return
		}
		rt.inflight.Add(1)
		go d.runListener(rt, bl, ev, shard)
	}
}

func (d *Dispatcher) runListener(rt *routes, bl boundListener, ev any, shard int) {
	defer d.done()
	defer rt.inflight.Add(-1)
	ctx, cancel := context.WithTimeout(context.WithValue(d.base, shardKey{}, shard), d.timeout)
	defer cancel()
	err := recovered(func() error { return bl.l.handle(ctx, ev) })
	if err != nil {
		d.errs.Listener(ctx, bl.cog, bl.l.Event(), err)
	}
}

// Drain stops taking new commands and events and waits, at most until ctx
// ends, for the running ones to finish.
func (d *Dispatcher) Drain(ctx context.Context) error {
	d.gate.Lock()
	d.draining.Store(true)
	d.gate.Unlock()
	done := make(chan struct{})
	go func() { d.running.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// shardKey is the context key of the shard that delivered an event.
type shardKey struct{}

// ShardOf returns the gateway shard that delivered the event a listener
// is handling (0 outside listeners).
func ShardOf(ctx context.Context) int {
	id, _ := ctx.Value(shardKey{}).(int)
	return id
}
