package moderation

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"cogd/cogs/moderation/modstore"
	"cogd/internal/command"
)

// caseChoices is how many cases the case-number autocomplete suggests
// (Discord shows 25).
const caseChoices = 25

// caseScan is how many matching cases a filtered suggestion looks at.
const caseScan = 100

// completeCase suggests case numbers for /case and /reason: the guild's
// newest cases whose number starts with the digits typed ("#" and spaces
// ignored), labelled "#12 ban bob — spam". Only callers with Moderate
// Members see any (the commands' own permission); other text suggests
// nothing.
func (c *Cog) completeCase(ctx context.Context, cx *command.Context, typed string) ([]command.Choice, error) {
	return c.completeCases(ctx, cx, typed, nil)
}

// completeWarning suggests, for /unwarn, the warnings that can still be
// revoked, as completeCase does.
func (c *Cog) completeWarning(ctx context.Context, cx *command.Context, typed string) ([]command.Choice, error) {
	return c.completeCases(ctx, cx, typed, func(k modstore.Case) bool { return k.Action == modstore.ActionWarn && !k.Revoked() })
}

// completeCases suggests the cases keep accepts (nil: all) among the
// newest matching ones.
func (c *Cog) completeCases(ctx context.Context, cx *command.Context, typed string, keep func(modstore.Case) bool) ([]command.Choice, error) {
	s := c.svc.Load()
	if s == nil || cx.GuildID() == "" {
		return nil, nil
	}
	digits := strings.TrimPrefix(strings.TrimSpace(typed), "#")
	if strings.Trim(digits, "0123456789") != "" {
		return nil, nil
	}
	if perms, err := cx.AuthorPermissions(ctx, s.now()); err != nil || perms&permModerate == 0 {
		return nil, err
	}
	limit := caseChoices
	if keep != nil {
		limit = caseScan
	}
	cases, err := s.store.CasesNumbered(ctx, cx.GuildID(), digits, limit)
	if err != nil {
		return nil, err
	}
	if keep != nil {
		cases = slices.DeleteFunc(cases, func(k modstore.Case) bool { return !keep(k) })
		cases = cases[:min(len(cases), caseChoices)]
	}
	names, err := s.targetNames(ctx, cases)
	if err != nil {
		return nil, err
	}
	out := make([]command.Choice, len(cases))
	for i, k := range cases {
		out[i] = command.Choice{Name: caseLabel(k, names[k.TargetID]), Value: fmt.Sprint(k.Number)}
	}
	return out, nil
}

// targetNames maps the cases' targets to the names their modlog entries
// showed, else to their current usernames (the bot's cache first).
func (s *service) targetNames(ctx context.Context, cases []modstore.Case) (map[string]string, error) {
	ids := make([]int64, len(cases))
	for i, k := range cases {
		ids[i] = k.ID
	}
	entries, err := s.store.CaseEntries(ctx, ids)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, k := range cases {
		if e, ok := entries[k.ID]; ok && e.TargetName != "" && names[k.TargetID] == "" {
			names[k.TargetID] = e.TargetName
		}
	}
	for _, k := range cases {
		if _, ok := names[k.TargetID]; !ok && k.TargetID != "" && ctx.Err() == nil {
			names[k.TargetID] = ""
			if u := s.userOrNil(ctx, k.TargetID); u != nil {
				names[k.TargetID] = u.Username
			}
		}
	}
	return names, nil
}

// caseLabel is how a case is offered: "#12 ban bob — spam"; the target's
// ID stands in for an unknown name, and a case without a target (a purge)
// names none.
func caseLabel(k modstore.Case, target string) string {
	label := fmt.Sprintf("#%d %s", k.Number, k.Action)
	switch {
	case target != "":
		label += " " + target
	case k.TargetID != "":
		label += " " + k.TargetID
	}
	if reason := strings.Join(strings.Fields(k.Reason), " "); reason != "" {
		label += " — " + reason
	}
	return command.Truncate(label, 100)
}
