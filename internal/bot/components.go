package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/command"
)

// ComponentFunc handles a click on a button (or a select menu) whose
// custom_id is "name:arg", as made by ComponentID. It answers through cx:
// Reply updates the clicked message (the buttons are usually replaced by
// the outcome), ReplyPrivate answers only the clicker. An error is
// answered like a command's, privately.
type ComponentFunc func(ctx context.Context, cx *command.Context, click Click) error

// Click is one component interaction.
type Click struct {
	// Arg is the custom_id after "name:".
	Arg string
	// Values are a select menu's chosen values.
	Values []string
	// Message is the message the component is on.
	Message *discordgo.Message
}

// ComponentID is the custom_id of a component handled by the
// ComponentFunc registered under name; Discord allows 100 characters.
func ComponentID(name, arg string) string { return name + ":" + arg }

// componentRoute is a registered component handler.
type componentRoute struct {
	cog string
	fn  ComponentFunc
}

// Component registers fn for components whose custom_id starts with
// "name:" (ComponentID). Names must be unique across cogs.
func (r *Registrar) Component(name string, fn ComponentFunc) {
	if name == "" || strings.Contains(name, ":") || fn == nil {
		r.fail(fmt.Errorf("component %q: a name without ':' and a handler are needed", name))
		return
	}
	if r.reg.components == nil {
		r.reg.components = map[string]ComponentFunc{}
	}
	if _, dup := r.reg.components[name]; dup {
		r.fail(fmt.Errorf("component %q registered twice", name))
		return
	}
	r.reg.components[name] = fn
}

// addComponents adds reg's component handlers; a name another cog uses is
// an error naming both.
func (rt *routes) addComponents(reg *registration) error {
	for name, fn := range reg.components {
		if other, dup := rt.components[name]; dup {
			return fmt.Errorf("register commands: component %q of %s clashes with %s", name, reg.info.Name, other.cog)
		}
		rt.components[name] = componentRoute{cog: reg.info.Name, fn: fn}
	}
	return nil
}

// component runs the handler of a clicked component with the same
// recover, timeout and error path as commands. A click nobody handles (a
// button from before a reload) is answered privately.
func (d *Dispatcher) component(rt *routes, i *discordgo.Interaction, shard int) {
	resp := newInteractionResponder(d.interactions, d.out, i, d.tokenNow, d.log)
	resp.update = true
	c := d.interactionContext(i, resp, shard)
	data := i.MessageComponentData()
	name, arg, _ := strings.Cut(data.CustomID, ":")
	route, ok := rt.components[name]
	ctx, cancel := context.WithTimeout(d.base, d.timeout)
	defer cancel()
	stop := d.autoDefer(ctx, resp)
	var err error
	if !ok {
		err = &command.UserError{Msg: "This button no longer works; run the command again."}
	} else {
		err = recovered(func() error { return route.fn(ctx, c, Click{Arg: arg, Values: data.Values, Message: i.Message}) })
	}
	stop()
	if err != nil {
		d.errs.Handle(ctx, c, err)
	}
	if !resp.answeredYet() {
		_ = resp.Defer(context.WithoutCancel(ctx), false) // acknowledge: nothing to change
	}
}
