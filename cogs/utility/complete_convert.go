package utility

import (
	"context"
	"slices"
	"strings"

	"cogd/internal/command"
)

// maxChoices is how many autocomplete choices Discord shows.
const maxChoices = 25

// completeCurrency suggests currency codes from the currency service's
// list (cached for a day): codes starting with what was typed first, then
// currencies whose name contains it ("dollar" finds AUD, CAD, USD …). A
// failure of the service is returned, and the dispatcher answers no
// choices.
func (c *Cog) completeCurrency(ctx context.Context, _ *command.Context, typed string) ([]command.Choice, error) {
	names, err := c.money.currencies(ctx)
	if err != nil {
		return nil, err
	}
	return currencyChoices(names, typed), nil
}

// currencyChoices ranks names (code → name) for typed: code prefix
// matches, then name matches, each in code order, at most maxChoices.
func currencyChoices(names map[string]string, typed string) []command.Choice {
	typed = strings.TrimSpace(typed)
	upper, lower := strings.ToUpper(typed), strings.ToLower(typed)
	codes := make([]string, 0, len(names))
	for code := range names {
		codes = append(codes, code)
	}
	slices.Sort(codes)
	var byCode, byName []command.Choice
	for _, code := range codes {
		ch := command.Choice{Name: code + " — " + names[code], Value: code}
		switch {
		case strings.HasPrefix(code, upper):
			byCode = append(byCode, ch)
		case lower != "" && strings.Contains(strings.ToLower(names[code]), lower):
			byName = append(byName, ch)
		}
	}
	out := append(byCode, byName...)
	return out[:min(len(out), maxChoices)]
}
