package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

var _ Controller = (*Bot)(nil)

// Cogs lists every known cog and whether it serves.
func (b *Bot) Cogs() []CogStatus { return b.mgr.Cogs() }

// Reload reloads the named cogs, or with none (or "all") re-reads the
// reloadable settings and reloads every cog.
func (b *Bot) Reload(ctx context.Context, names ...string) ([]ReloadResult, error) {
	all := len(names) == 0 || (len(names) == 1 && strings.EqualFold(names[0], "all"))
	if !all || b.opts.Settings == nil {
		return b.mgr.Reload(ctx, names...)
	}
	s, err := b.opts.Settings()
	if err != nil {
		return nil, fmt.Errorf("settings: %w", err)
	}
	b.applySettings(s)
	res, err := b.mgr.Reload(ctx)
	if err != nil {
		return res, err
	}
	return append(res, b.applyEnabled(ctx, s.EnabledCogs)...), nil
}

// applySettings installs a re-read prefix, owner list and log level.
func (b *Bot) applySettings(s Settings) {
	if s.Prefix != "" {
		b.prefix.Store(&s.Prefix)
	}
	b.setOwners(s.OwnerIDs)
	if b.opts.LogLevel != nil {
		b.opts.LogLevel.Set(s.LogLevel)
	}
}

// applyEnabled loads cogs newly enabled and unloads those no longer
// enabled.
func (b *Bot) applyEnabled(ctx context.Context, enabled []string) []ReloadResult {
	var out []ReloadResult
	selected, err := selectCogs(b.opts.Cogs, enabled)
	if err != nil {
		return []ReloadResult{{Cog: "COGS", Action: "applied", Err: err}}
	}
	for _, st := range b.mgr.Cogs() {
		want := slices.ContainsFunc(selected, func(c CogInfo) bool { return strings.EqualFold(c.Name, st.Name) })
		switch {
		case want && !st.Loaded:
			out = append(out, ReloadResult{Cog: st.Name, Action: "loaded", Err: b.mgr.LoadCog(ctx, st.Name)})
		case !want && st.Loaded:
			out = append(out, ReloadResult{Cog: st.Name, Action: "unloaded", Err: b.mgr.UnloadCog(ctx, st.Name)})
		}
	}
	return out
}

// LoadCog starts serving a known cog.
func (b *Bot) LoadCog(ctx context.Context, name string) error { return b.mgr.LoadCog(ctx, name) }

// UnloadCog stops serving a cog.
func (b *Bot) UnloadCog(ctx context.Context, name string) error { return b.mgr.UnloadCog(ctx, name) }

// Shutdown stops the bot gracefully, as SIGTERM does.
func (b *Bot) Shutdown() {
	if b.stop != nil {
		b.stop()
	}
}
