package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"
)

// CogStatus is one cog's state, for the owner's `cogs` command.
type CogStatus struct {
	Name        string
	Description string
	Loaded      bool
	Err         string // why the last load failed, if it did
}

// ReloadResult is the outcome of reloading one cog.
type ReloadResult struct {
	Cog    string
	Action string // "reloaded", or "loaded"/"unloaded" when COGS changed
	Err    error  // nil: done
}

// Controller is what the owner cog may do to the running bot.
type Controller interface {
	Cogs() []CogStatus
	Reload(ctx context.Context, names ...string) ([]ReloadResult, error)
	LoadCog(ctx context.Context, name string) error
	UnloadCog(ctx context.Context, name string) error
	Shutdown()
}

// cogManager owns which cog registrations serve. Changes are serialised;
// each builds a new routes snapshot and swaps it in, so commands already
// running finish on the registration they started with, and an old
// registration is torn down only once its last command has finished.
type cogManager struct {
	mu      sync.Mutex
	list    []CogInfo                // every known cog, in list order
	active  map[string]*registration // by lower-case name
	errs    map[string]string
	core    *registration // the bot's own commands (help)
	host    func(ctx context.Context) *host
	swap    func(regs []*registration) (*routes, error)
	base    context.Context // parent of background tasks
	log     *slog.Logger
	retired sync.WaitGroup
	drain   time.Duration
}

func newCogManager(list []CogInfo) *cogManager {
	return &cogManager{list: list, active: map[string]*registration{}, errs: map[string]string{}}
}

// info finds a known cog by name, case-insensitively.
func (m *cogManager) info(name string) (CogInfo, bool) {
	i := slices.IndexFunc(m.list, func(c CogInfo) bool { return strings.EqualFold(c.Name, name) })
	if i < 0 {
		return CogInfo{}, false
	}
	return m.list[i], true
}

// loadInitial sets up the enabled cogs at start-up: a cog whose Setup
// fails is logged and left out; a registration mistake or a clash between
// cogs' commands is an error.
func (m *cogManager) loadInitial(ctx context.Context, enabled []CogInfo) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	next := map[string]*registration{}
	for _, c := range enabled {
		reg, err := m.setup(ctx, c)
		var re *RegistrationError
		switch {
		case errors.As(err, &re):
			m.teardownAll(ctx, next)
			return err
		case err != nil:
			m.log.Error("cog failed to load; continuing without it", "cog", c.Name, "err", err)
			continue
		}
		next[key(c.Name)] = reg
	}
	return m.commit(ctx, next, values(next), nil)
}

// teardownAll tears down registrations that never served.
func (m *cogManager) teardownAll(ctx context.Context, regs map[string]*registration) {
	for _, reg := range regs {
		reg.teardown(context.WithoutCancel(ctx))
	}
}

// setup runs one cog's Setup and records the outcome for `cogs`.
func (m *cogManager) setup(ctx context.Context, c CogInfo) (*registration, error) {
	reg, err := setupCog(c, m.host(ctx))
	if err != nil {
		m.errs[key(c.Name)] = err.Error()
		return nil, err
	}
	delete(m.errs, key(c.Name))
	return reg, nil
}

// ordered lists regs in cog-list order, after the bot's own commands.
func (m *cogManager) ordered(regs map[string]*registration) []*registration {
	out := []*registration{m.core}
	for _, c := range m.list {
		if reg, ok := regs[key(c.Name)]; ok {
			out = append(out, reg)
		}
	}
	return out
}

// activeNames lists the serving cogs in list order.
func (m *cogManager) activeNames() []string {
	var out []string
	for _, c := range m.list {
		if _, ok := m.active[key(c.Name)]; ok {
			out = append(out, c.Name)
		}
	}
	return out
}

// Cogs lists every known cog and whether it serves.
func (m *cogManager) Cogs() []CogStatus {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]CogStatus, 0, len(m.list))
	for _, c := range m.list {
		_, loaded := m.active[key(c.Name)]
		out = append(out, CogStatus{Name: c.Name, Description: c.Description, Loaded: loaded, Err: m.errs[key(c.Name)]})
	}
	return out
}

// errUnknownCog names the cogs there are.
func (m *cogManager) errUnknownCog(name string) error {
	return fmt.Errorf("there is no cog called %q (cogs: %s)", name, strings.Join(cogNames(m.list), ", "))
}

// Reload replaces each named loaded cog (all loaded cogs when none are
// named) with a fresh instance: the new one is set up first, and only when
// every set-up and the new command table succeed are the routes swapped
// and the old registrations torn down. A cog whose set-up fails keeps its
// previous instance; the other cogs are not touched at all. The error is
// for a change that could not be applied at all.
func (m *cogManager) Reload(ctx context.Context, names ...string) ([]ReloadResult, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	targets, err := m.targets(names)
	if err != nil {
		return nil, err
	}
	next := clone(m.active)
	var results []ReloadResult
	var added, replaced []*registration
	for _, c := range targets {
		reg, err := m.setup(ctx, c)
		results = append(results, ReloadResult{Cog: c.Name, Action: "reloaded", Err: err})
		if err != nil {
			continue
		}
		replaced = append(replaced, next[key(c.Name)])
		next[key(c.Name)] = reg
		added = append(added, reg)
	}
	return results, m.commit(ctx, next, added, replaced)
}

// commit swaps in the routes for next and starts the added registrations;
// on failure the added ones are torn down and nothing changes.
func (m *cogManager) commit(ctx context.Context, next map[string]*registration, added, replaced []*registration) error {
	old, err := m.swap(m.ordered(next))
	if err != nil {
		for _, reg := range added {
			reg.teardown(context.WithoutCancel(ctx))
		}
		return err
	}
	m.active = next
	for _, reg := range added {
		reg.start(m.base)
	}
	m.retire(old, replaced)
	return nil
}

// retire tears registrations down once the routes snapshot they served has
// no command or listener left running (bounded by the drain time).
func (m *cogManager) retire(old *routes, regs []*registration) {
	if len(regs) == 0 {
		return
	}
	m.retired.Add(1)
	go func() {
		defer m.retired.Done()
		deadline := time.Now().Add(m.drain)
		for old != nil && old.inflight.Load() > 0 && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		ctx, cancel := context.WithTimeout(context.Background(), m.drain)
		defer cancel()
		for _, reg := range regs {
			reg.teardown(ctx)
		}
	}()
}

// targets resolves names to loaded cogs; none (or "all") means every
// loaded cog.
func (m *cogManager) targets(names []string) ([]CogInfo, error) {
	if len(names) == 0 || (len(names) == 1 && strings.EqualFold(names[0], "all")) {
		var out []CogInfo
		for _, c := range m.list {
			if _, ok := m.active[key(c.Name)]; ok {
				out = append(out, c)
			}
		}
		return out, nil
	}
	var out []CogInfo
	for _, n := range names {
		c, ok := m.info(n)
		if !ok {
			return nil, m.errUnknownCog(n)
		}
		if _, ok := m.active[key(c.Name)]; !ok {
			return nil, fmt.Errorf("cog %q is not loaded (use load)", n)
		}
		if !slices.ContainsFunc(out, func(o CogInfo) bool { return o.Name == c.Name }) {
			out = append(out, c)
		}
	}
	return out, nil
}

// LoadCog starts serving a known cog that is not loaded.
func (m *cogManager) LoadCog(ctx context.Context, name string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.info(name)
	if !ok {
		return m.errUnknownCog(name)
	}
	if _, ok := m.active[key(c.Name)]; ok {
		return fmt.Errorf("cog %q is already loaded", name)
	}
	reg, err := m.setup(ctx, c)
	if err != nil {
		return fmt.Errorf("load %s: %w", name, err)
	}
	next := clone(m.active)
	next[key(c.Name)] = reg
	return m.commit(ctx, next, []*registration{reg}, nil)
}

// UnloadCog stops serving a loaded cog.
func (m *cogManager) UnloadCog(ctx context.Context, name string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.info(name)
	if !ok {
		return m.errUnknownCog(name)
	}
	reg, ok := m.active[key(c.Name)]
	if !ok {
		return fmt.Errorf("cog %q is not loaded", name)
	}
	if c.Permanent {
		return errors.New("this cog cannot be unloaded (it would lock the owner out)")
	}
	next := clone(m.active)
	delete(next, key(c.Name))
	return m.commit(ctx, next, nil, []*registration{reg})
}

// unloadAll tears down every active cog at shutdown, after waiting for
// retiring ones, in reverse list order.
func (m *cogManager) unloadAll(ctx context.Context) {
	m.retired.Wait()
	m.mu.Lock()
	defer m.mu.Unlock()
	regs := m.ordered(m.active)
	for i := len(regs) - 1; i >= 1; i-- { // regs[0] is the bot's own group
		regs[i].teardown(ctx)
	}
	m.active = map[string]*registration{}
}

func key(name string) string { return strings.ToLower(name) }

func clone(m map[string]*registration) map[string]*registration {
	out := make(map[string]*registration, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func values(m map[string]*registration) []*registration {
	out := make([]*registration, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}
