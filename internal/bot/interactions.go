package bot

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/command"
)

// autocompleteTimeout bounds an autocomplete answer: Discord waits 3 s.
const autocompleteTimeout = 2500 * time.Millisecond

// maxChoices is how many autocomplete choices Discord shows.
const maxChoices = 25

// menuRoute is a context-menu command: its synthetic Command (for logs,
// metrics and checks) and its prepared chain.
type menuRoute struct {
	cog string
	cmd *command.Command
	run command.RunFunc
}

// OnInteraction handles INTERACTION_CREATE: application commands (chat
// input, user and message commands), autocomplete and message components,
// each in its own goroutine.
func (d *Dispatcher) OnInteraction(ic *discordgo.InteractionCreate, shard int) {
	if ic == nil || ic.Interaction == nil || !d.start() {
		return
	}
	go d.interact(ic.Interaction, shard)
}

func (d *Dispatcher) interact(i *discordgo.Interaction, shard int) {
	defer d.done()
	rt := d.routes.Load()
	rt.inflight.Add(1)
	defer rt.inflight.Add(-1)
	switch i.Type {
	case discordgo.InteractionApplicationCommand:
		d.applicationCommand(rt, i, shard)
	case discordgo.InteractionApplicationCommandAutocomplete:
		d.autocomplete(rt, i, shard)
	case discordgo.InteractionMessageComponent:
		d.component(rt, i, shard)
	}
}

// applicationCommand runs a slash or context-menu command: the same
// chain as its prefix form (checks ► bind options ► cooldown ► Run),
// answered through an interactionResponder that defers by itself when the
// command is slow.
func (d *Dispatcher) applicationCommand(rt *routes, i *discordgo.Interaction, shard int) {
	resp := newInteractionResponder(d.interactions, d.out, i, d.tokenNow, d.log)
	c := d.interactionContext(i, resp, shard)
	data := i.ApplicationCommandData()
	run, err := d.route(rt, c, &data)
	ctx, cancel := context.WithTimeout(d.base, d.timeoutOf(c.Command))
	defer cancel()
	stop := d.autoDefer(ctx, resp)
	if err == nil {
		err = run(ctx, c)
	}
	stop()
	if err != nil {
		d.errs.Handle(ctx, c, err)
	}
	if !resp.answeredYet() {
		// A command that answered nothing still owes Discord a response.
		_ = c.ReplyPrivate(context.WithoutCancel(ctx), "Done.")
	}
}

// route finds the chain of the command the interaction names and how its
// arguments are bound.
func (d *Dispatcher) route(rt *routes, c *command.Context, data *discordgo.ApplicationCommandInteractionData) (command.RunFunc, error) {
	c.Invoked = data.Name
	if data.CommandType == discordgo.UserApplicationCommand || data.CommandType == discordgo.MessageApplicationCommand {
		m, ok := rt.menus[data.Name]
		if !ok {
			return nil, &command.NotFoundError{Name: data.Name}
		}
		c.Command = m.cmd
		c.Bind = func(_ context.Context, c *command.Context) error { return command.BindTarget(c, data) }
		return m.run, nil
	}
	cmd, opts, err := rt.table.FindInteraction(data.Name, data.Options)
	if err != nil {
		return nil, err
	}
	c.Command = cmd
	c.Bind = func(ctx context.Context, c *command.Context) error {
		return command.BindOptions(ctx, c, c.Command, opts, data.Resolved)
	}
	return rt.runs[cmd], nil
}

// autoDefer defers the response when the command has not answered within
// the dispatcher's defer delay (Discord invalidates an interaction that
// gets no response within 3 s). The returned function stops the timer.
func (d *Dispatcher) autoDefer(ctx context.Context, r *interactionResponder) func() {
	t := time.AfterFunc(d.deferAfter, func() {
		if err := r.Defer(ctx, false); err != nil {
			d.log.Warn("could not defer a slow interaction", "interaction", r.i.ID, "err", err)
		}
	})
	return func() { t.Stop() }
}

// interactionContext is the invocation of an interaction: who and where,
// with the permissions Discord computed for the channel.
func (d *Dispatcher) interactionContext(i *discordgo.Interaction, resp command.Responder, shard int) *command.Context {
	o := command.Origin{GuildID: i.GuildID, ChannelID: i.ChannelID, Member: i.Member, Author: i.User}
	if i.Member != nil {
		perms := i.Member.Permissions
		o.Author, o.AuthorPermissions = i.Member.User, &perms
	}
	if i.GuildID != "" {
		app := i.AppPermissions
		o.BotPermissions = &app
	}
	return &command.Context{Origin: o, Responder: resp, Prefix: "/", Discord: d.discord, IsOwner: d.isOwner, Shard: shard}
}

// autocomplete answers the focused option's suggestions (type 8). A
// failure answers no choices, never an error.
func (d *Dispatcher) autocomplete(rt *routes, i *discordgo.Interaction, shard int) {
	ctx, cancel := context.WithTimeout(d.base, autocompleteTimeout)
	defer cancel()
	data := i.ApplicationCommandData()
	choices := d.suggest(ctx, rt, i, &data, shard)
	// Sent as its own small body: discordgo's InteractionResponseData
	// drops an empty choices list (omitempty) and adds message fields.
	body := autocompleteResult{Type: discordgo.InteractionApplicationCommandAutocompleteResult}
	body.Data.Choices = choices
	ep := discordgo.EndpointInteractionResponse(i.ID, i.Token)
	_, err := d.interactions.RequestWithBucketID(http.MethodPost, ep, body, ep, discordgo.WithContext(context.WithoutCancel(ctx)))
	if err != nil {
		d.log.Warn("could not answer autocomplete", "command", data.Name, "err", err)
	}
}

// autocompleteResult is the callback of an autocomplete (type 8).
type autocompleteResult struct {
	Type discordgo.InteractionResponseType `json:"type"`
	Data struct {
		Choices []*discordgo.ApplicationCommandOptionChoice `json:"choices"`
	} `json:"data"`
}

// suggest runs the focused parameter's CompleteFunc.
func (d *Dispatcher) suggest(ctx context.Context, rt *routes, i *discordgo.Interaction, data *discordgo.ApplicationCommandInteractionData, shard int) []*discordgo.ApplicationCommandOptionChoice {
	out := []*discordgo.ApplicationCommandOptionChoice{}
	cmd, _, err := rt.table.FindInteraction(data.Name, data.Options)
	if err != nil {
		return out
	}
	name, typed, ok := command.Focused(data.Options)
	p := paramNamed(cmd, name)
	if !ok || p == nil || command.Completion(p) == nil {
		return out
	}
	c := d.interactionContext(i, nil, shard)
	c.Command = cmd
	list, err := recoveredChoices(func() ([]command.Choice, error) { return command.Completion(p)(ctx, c, typed) })
	if err != nil {
		d.log.Warn("autocomplete failed; answering no choices", "command", cmd.QualifiedName(), "option", name, "err", err)
		return out
	}
	return choicesFor(p.Info().Type, list)
}

func recoveredChoices(fn func() ([]command.Choice, error)) (list []command.Choice, err error) {
	err = recovered(func() error {
		var ferr error
		list, ferr = fn()
		return ferr
	})
	return list, err
}

// paramNamed is cmd's parameter whose option name is name.
func paramNamed(cmd *command.Command, name string) command.Param {
	for _, p := range cmd.Params {
		if command.SlashName(p.Info().Name) == name {
			return p
		}
	}
	return nil
}

// choicesFor turns suggestions into Discord's choices: at most 25, names
// and values cut to 100 characters, values as numbers for numeric options
// (suggestions that are not numbers are dropped there).
func choicesFor(t command.ParamType, list []command.Choice) []*discordgo.ApplicationCommandOptionChoice {
	out := make([]*discordgo.ApplicationCommandOptionChoice, 0, min(len(list), maxChoices))
	for _, ch := range list {
		if len(out) == maxChoices {
			break
		}
		v, ok := choiceValue(t, command.Truncate(ch.Value, 100))
		if !ok || ch.Name == "" {
			continue
		}
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: command.Truncate(ch.Name, 100), Value: v})
	}
	return out
}

func choiceValue(t command.ParamType, s string) (any, bool) {
	switch t {
	case command.TypeInt:
		n, err := strconv.ParseInt(s, 10, 64)
		return n, err == nil
	case command.TypeFloat:
		f, err := strconv.ParseFloat(s, 64)
		return f, err == nil
	}
	return s, true
}

// menuCommand is the Command a context menu runs as: its checks, with the
// cog's, and no parameters (the target is bound by BindTarget).
func menuCommand(m command.ContextMenu, cogChecks []command.Check) *command.Command {
	return &command.Command{Name: m.Name, Description: fmt.Sprintf("the %q context-menu command", m.Name),
		Permissions: m.Permissions, BotPermissions: m.BotPermissions, GuildOnly: m.GuildOnly,
		Checks: append(append([]command.Check(nil), cogChecks...), m.Checks...), Run: m.Run, Slash: command.SlashOff, Hidden: true}
}
