package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"

	"cogd/internal/command"
)

// registration is what one instance of a cog registered: it serves from
// the moment its routes are swapped in until it is torn down. Prepared
// command chains (and so their cooldowns) live here, so a reload of another
// cog leaves them alone.
type registration struct {
	info       CogInfo
	commands   []*command.Command
	checks     []command.Check
	listeners  []Listener
	menus      []command.ContextMenu
	components map[string]ComponentFunc
	cleanups   []func(context.Context) error
	tasks      []task
	errs       []error

	mu         sync.Mutex
	runs       map[string]command.RunFunc // by qualified command name
	menuRoutes map[string]menuRoute       // by context-menu name

	cancel context.CancelFunc
	wg     sync.WaitGroup
	log    *slog.Logger
}

// task is a background task of a cog.
type task struct {
	name string
	run  func(ctx context.Context) error
}

// RegistrationError is a mistake in what a cog registered (a listener that
// could never fire): a bug in the cog, so it stops start-up instead of
// leaving the cog out.
type RegistrationError struct {
	Cog string
	Err error
}

// Error names the cog and the mistakes.
func (e *RegistrationError) Error() string { return fmt.Sprintf("cog %s: %v", e.Cog, e.Err) }

// Unwrap returns the mistakes.
func (e *RegistrationError) Unwrap() error { return e.Err }

// setupCog makes a fresh instance of info's cog and runs its Setup. On
// failure the cleanups registered so far have run.
func setupCog(info CogInfo, h *host) (*registration, error) {
	reg := &registration{info: info, runs: map[string]command.RunFunc{}, log: h.log.With("cog", info.Name)}
	err := recovered(func() error {
		c := info.New()
		if c == nil {
			return errors.New("New returned nil")
		}
		return c.Setup(&Registrar{info: info, host: h, reg: reg})
	})
	if err == nil && len(reg.errs) > 0 {
		err = &RegistrationError{Cog: info.Name, Err: errors.Join(reg.errs...)}
	}
	if err != nil {
		reg.runCleanups(context.WithoutCancel(h.ctx))
		return nil, err
	}
	return reg, nil
}

// group is the registration's commands as a command table group.
func (reg *registration) group() command.Group {
	return command.Group{Name: reg.info.Name, Description: reg.info.Description, Commands: reg.commands, Checks: reg.checks}
}

// run returns the prepared chain of cmd (a table copy of one of this
// registration's commands), building it on first use.
func (reg *registration) run(cmd *command.Command, wrap func(command.RunFunc) command.RunFunc) command.RunFunc {
	reg.mu.Lock()
	defer reg.mu.Unlock()
	key := cmd.QualifiedName()
	if r, ok := reg.runs[key]; ok {
		return r
	}
	r := wrap(command.Prepare(cmd))
	reg.runs[key] = r
	return r
}

// menuRoute returns the route of context menu m, building it on first use.
func (reg *registration) menuRoute(m command.ContextMenu, wrap func(command.RunFunc) command.RunFunc) menuRoute {
	reg.mu.Lock()
	defer reg.mu.Unlock()
	if r, ok := reg.menuRoutes[m.Name]; ok {
		return r
	}
	if reg.menuRoutes == nil {
		reg.menuRoutes = map[string]menuRoute{}
	}
	cmd := menuCommand(m, reg.checks)
	r := menuRoute{cog: reg.info.Name, cmd: cmd, run: wrap(command.Prepare(cmd))}
	reg.menuRoutes[m.Name] = r
	return r
}

// start runs the background tasks.
func (reg *registration) start(base context.Context) {
	ctx, cancel := context.WithCancel(base)
	reg.cancel = cancel
	for _, t := range reg.tasks {
		reg.wg.Add(1)
		go func() {
			defer reg.wg.Done()
			if err := recovered(func() error { return t.run(ctx) }); err != nil && !errors.Is(err, context.Canceled) {
				reg.log.Error("background task failed", "task", t.name, "err", err)
			}
		}()
	}
}

// teardown cancels and awaits the background tasks, then runs the cleanups
// in reverse order.
func (reg *registration) teardown(ctx context.Context) {
	if reg.cancel != nil {
		reg.cancel()
	}
	reg.wg.Wait()
	reg.runCleanups(ctx)
}

func (reg *registration) runCleanups(ctx context.Context) {
	for i := len(reg.cleanups) - 1; i >= 0; i-- {
		if err := recovered(func() error { return reg.cleanups[i](ctx) }); err != nil {
			reg.log.Warn("cog cleanup failed", "err", err)
		}
	}
	reg.cleanups = nil
}

// selectCogs returns the cogs of list named in enabled (when enabled is
// nil, every cog that is not OptIn), in list order; an unknown name is an
// error naming the choices, as are two cogs with one name.
func selectCogs(list []CogInfo, enabled []string) ([]CogInfo, error) {
	if err := checkCogList(list); err != nil {
		return nil, err
	}
	if enabled == nil {
		return slices.DeleteFunc(slices.Clone(list), func(c CogInfo) bool { return c.OptIn }), nil
	}
	names := cogNames(list)
	for _, n := range enabled {
		if !slices.ContainsFunc(list, func(c CogInfo) bool { return strings.EqualFold(c.Name, n) }) {
			return nil, fmt.Errorf("COGS: unknown cog %q (available: %s)", n, strings.Join(names, ", "))
		}
	}
	var out []CogInfo
	for _, c := range list {
		if slices.ContainsFunc(enabled, func(n string) bool { return strings.EqualFold(n, c.Name) }) {
			out = append(out, c)
		}
	}
	return out, nil
}

// checkCogList rejects a cog list with an empty or repeated name, or a cog
// without a constructor.
func checkCogList(list []CogInfo) error {
	seen := map[string]bool{}
	for _, c := range list {
		key := strings.ToLower(c.Name)
		switch {
		case key == "" || strings.ContainsAny(key, " ,"):
			return fmt.Errorf("cog list: bad cog name %q", c.Name)
		case seen[key]:
			return fmt.Errorf("cog list: two cogs are called %q", c.Name)
		case c.New == nil:
			return fmt.Errorf("cog list: cog %q has no constructor", c.Name)
		case key == coreGroup:
			return fmt.Errorf("cog list: %q is the bot's own command group", c.Name)
		}
		seen[key] = true
	}
	return nil
}

func cogNames(list []CogInfo) []string {
	names := make([]string, len(list))
	for i, c := range list {
		names[i] = c.Name
	}
	return names
}
