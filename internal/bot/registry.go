package bot

import (
	"context"
	"fmt"
	"log/slog"
	"reflect"
	"slices"
	"strings"

	"cogd/internal/command"
)

// CheckProvider is implemented by cogs whose every command shares checks
// (cog-level checks).
type CheckProvider interface {
	Checks() []command.Check
}

// selectCogs returns the cogs of list named in enabled (all when enabled is
// nil), in list order; an unknown name is an error naming the choices.
func selectCogs(list []Cog, enabled []string) ([]Cog, error) {
	if enabled == nil {
		return list, nil
	}
	byName := map[string]Cog{}
	var names []string
	for _, c := range list {
		byName[strings.ToLower(c.Name())] = c
		names = append(names, c.Name())
	}
	var out []Cog
	for _, n := range enabled {
		if _, ok := byName[strings.ToLower(n)]; !ok {
			return nil, fmt.Errorf("COGS: unknown cog %q (available: %s)", n, strings.Join(names, ", "))
		}
	}
	for _, c := range list {
		if slices.ContainsFunc(enabled, func(n string) bool { return strings.EqualFold(n, c.Name()) }) {
			out = append(out, c)
		}
	}
	return out, nil
}

func loadCog(ctx context.Context, c Cog, deps Deps) error {
	l, ok := c.(Loader)
	if !ok {
		return nil
	}
	return recovered(func() error { return l.Load(ctx, deps) })
}

// unloadCogs runs each cog's Unload in reverse load order.
func unloadCogs(ctx context.Context, cogs []Cog, log *slog.Logger) {
	for i := len(cogs) - 1; i >= 0; i-- {
		u, ok := cogs[i].(Unloader)
		if !ok {
			continue
		}
		if err := recovered(func() error { return u.Unload(ctx) }); err != nil {
			log.Warn("cog failed to unload", "cog", cogs[i].Name(), "err", err)
		}
	}
}

// buildRoutes makes the serving snapshot for cogs: the command table
// (duplicate names or aliases are an error), each command's middleware
// chain built once, and the listeners by event type.
func buildRoutes(cogs []Cog, wrap func(command.RunFunc) command.RunFunc) (*routes, error) {
	groups := make([]command.Group, 0, len(cogs))
	for _, c := range cogs {
		g := command.Group{Name: c.Name(), Description: c.Description(), Commands: c.Commands()}
		if cp, ok := c.(CheckProvider); ok {
			g.Checks = cp.Checks()
		}
		groups = append(groups, g)
	}
	table, err := command.NewTable(groups)
	if err != nil {
		return nil, fmt.Errorf("register commands: %w", err)
	}
	rt := &routes{table: table, runs: map[*command.Command]command.RunFunc{}, listeners: listenersOf(cogs)}
	for _, cmd := range table.Commands() {
		addRuns(rt.runs, cmd, wrap)
	}
	return rt, nil
}

func addRuns(runs map[*command.Command]command.RunFunc, cmd *command.Command, wrap func(command.RunFunc) command.RunFunc) {
	runs[cmd] = wrap(command.Prepare(cmd))
	for _, sub := range cmd.Subcommands {
		addRuns(runs, sub, wrap)
	}
}

func listenersOf(cogs []Cog) map[reflect.Type][]boundListener {
	out := map[reflect.Type][]boundListener{}
	for _, c := range cogs {
		lp, ok := c.(ListenerProvider)
		if !ok {
			continue
		}
		for _, l := range lp.Listeners() {
			out[l.eventType()] = append(out[l.eventType()], boundListener{cog: c.Name(), l: l})
		}
	}
	return out
}
