package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
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

// cogManager owns which cog instances serve. Changes are serialised; each
// one builds a new routes snapshot and swaps it in, so commands already
// running finish on the registration they started with, and an old
// instance is unloaded only once its last command has finished.
type cogManager struct {
	mu      sync.Mutex
	order   []string       // every known cog, in list order
	known   map[string]Cog // the instance to load next (lower-case name)
	active  map[string]Cog
	errs    map[string]string
	fresh   func(name string) Cog // new instance for a reload; nil reuses
	deps    func() Deps
	swap    func(cogs []Cog) (*routes, error)
	log     *slog.Logger
	retired sync.WaitGroup
	drain   time.Duration
}

func newCogManager(list []Cog) *cogManager {
	m := &cogManager{known: map[string]Cog{}, active: map[string]Cog{}, errs: map[string]string{}}
	for _, c := range list {
		key := strings.ToLower(c.Name())
		m.order = append(m.order, key)
		m.known[key] = c
	}
	return m
}

// loadInitial loads the enabled cogs at start-up: failures are logged and
// skipped; a duplicate command is an error.
func (m *cogManager) loadInitial(ctx context.Context, enabled []Cog) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, c := range enabled {
		if err := m.load(ctx, c); err != nil {
			m.log.Error("cog failed to load; continuing without it", "cog", c.Name(), "err", err)
		}
	}
	if _, err := m.swap(m.activeList()); err != nil {
		unloadCogs(context.WithoutCancel(ctx), m.activeList(), m.log)
		return err
	}
	return nil
}

func (m *cogManager) load(ctx context.Context, c Cog) error {
	key := strings.ToLower(c.Name())
	if err := loadCog(ctx, c, m.deps()); err != nil {
		m.errs[key] = err.Error()
		return err
	}
	delete(m.errs, key)
	m.active[key] = c
	return nil
}

func (m *cogManager) activeList() []Cog {
	var out []Cog
	for _, k := range m.order {
		if c, ok := m.active[k]; ok {
			out = append(out, c)
		}
	}
	return out
}

// Cogs lists every known cog and whether it serves.
func (m *cogManager) Cogs() []CogStatus {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]CogStatus, 0, len(m.order))
	for _, k := range m.order {
		c := m.known[k]
		_, loaded := m.active[k]
		out = append(out, CogStatus{Name: c.Name(), Description: c.Description(), Loaded: loaded, Err: m.errs[k]})
	}
	return out
}

// errUnknownCog names the cogs there are.
func (m *cogManager) errUnknownCog(name string) error {
	return fmt.Errorf("there is no cog called %q (cogs: %s)", name, strings.Join(m.order, ", "))
}

// Reload replaces each named loaded cog (all loaded cogs when none are
// named) with a fresh instance: the new one is loaded first, and only when
// every load and the new command table succeed are the routes swapped and
// the old instances unloaded. A cog whose Load fails keeps its previous
// instance. The error is for a change that could not be applied at all.
func (m *cogManager) Reload(ctx context.Context, names ...string) ([]ReloadResult, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	targets, err := m.targets(names)
	if err != nil {
		return nil, err
	}
	next := maps.Clone(m.active)
	var results []ReloadResult
	var replaced, added []Cog
	for _, key := range targets {
		old := m.active[key]
		c := m.instance(key)
		if c == old {
			unloadCogs(ctx, []Cog{old}, m.log) // same instance: Unload, then Load
		}
		if err := loadCog(ctx, c, m.deps()); err != nil {
			results = append(results, ReloadResult{Cog: old.Name(), Action: "reloaded", Err: err})
			if c == old {
				delete(next, key)
			}
			continue
		}
		results = append(results, ReloadResult{Cog: c.Name(), Action: "reloaded"})
		next[key] = c
		added = append(added, c)
		if c != old {
			replaced = append(replaced, old)
		}
	}
	return results, m.commit(ctx, next, added, replaced)
}

// commit swaps in the routes for next; on failure the newly loaded
// instances are unloaded and nothing changes.
func (m *cogManager) commit(ctx context.Context, next map[string]Cog, added, replaced []Cog) error {
	prev := m.active
	m.active = next
	old, err := m.swap(m.activeList())
	if err != nil {
		m.active = prev
		unloadCogs(ctx, added, m.log)
		return err
	}
	m.retire(old, replaced)
	return nil
}

// retire unloads instances once the routes snapshot they served has no
// command or listener left running (bounded by the drain time).
func (m *cogManager) retire(old *routes, cogs []Cog) {
	if len(cogs) == 0 {
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
		unloadCogs(ctx, cogs, m.log)
	}()
}

func (m *cogManager) instance(key string) Cog {
	if m.fresh != nil {
		if c := m.fresh(key); c != nil {
			return c
		}
	}
	return m.active[key]
}

// targets resolves names to loaded cogs; none means every loaded cog.
func (m *cogManager) targets(names []string) ([]string, error) {
	if len(names) == 0 || (len(names) == 1 && strings.EqualFold(names[0], "all")) {
		var keys []string
		for _, k := range m.order {
			if _, ok := m.active[k]; ok {
				keys = append(keys, k)
			}
		}
		return keys, nil
	}
	var keys []string
	for _, n := range names {
		key := strings.ToLower(n)
		if _, ok := m.known[key]; !ok {
			return nil, m.errUnknownCog(n)
		}
		if _, ok := m.active[key]; !ok {
			return nil, fmt.Errorf("cog %q is not loaded (use load)", n)
		}
		if !slices.Contains(keys, key) {
			keys = append(keys, key)
		}
	}
	return keys, nil
}

// LoadCog starts serving a known cog that is not loaded.
func (m *cogManager) LoadCog(ctx context.Context, name string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	key := strings.ToLower(name)
	if _, ok := m.known[key]; !ok {
		return m.errUnknownCog(name)
	}
	if _, ok := m.active[key]; ok {
		return fmt.Errorf("cog %q is already loaded", name)
	}
	c := m.known[key]
	if m.fresh != nil {
		c = m.fresh(key)
	}
	if err := loadCog(ctx, c, m.deps()); err != nil {
		m.errs[key] = err.Error()
		return fmt.Errorf("load %s: %w", name, err)
	}
	delete(m.errs, key)
	next := maps.Clone(m.active)
	next[key] = c
	m.known[key] = c
	return m.commit(ctx, next, []Cog{c}, nil)
}

// UnloadCog stops serving a loaded cog.
func (m *cogManager) UnloadCog(ctx context.Context, name string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	key := strings.ToLower(name)
	c, ok := m.active[key]
	if !ok {
		if _, known := m.known[key]; !known {
			return m.errUnknownCog(name)
		}
		return fmt.Errorf("cog %q is not loaded", name)
	}
	if p, ok := c.(interface{ Permanent() bool }); ok && p.Permanent() {
		return errors.New("this cog cannot be unloaded (it would lock the owner out)")
	}
	next := maps.Clone(m.active)
	delete(next, key)
	return m.commit(ctx, next, nil, []Cog{c})
}

// unloadAll unloads every active cog at shutdown, after waiting for
// retiring instances.
func (m *cogManager) unloadAll(ctx context.Context) {
	m.retired.Wait()
	m.mu.Lock()
	defer m.mu.Unlock()
	unloadCogs(ctx, m.activeList(), m.log)
	m.active = map[string]Cog{}
}
