package utility

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"cogd/cogs/utility/frankfurter"
	"cogd/internal/cache"
	"cogd/internal/command"
)

// currenciesTTL is how long the list of supported currencies is kept.
const currenciesTTL = 24 * time.Hour

// ratesCapacity bounds the cached currency pairs.
const ratesCapacity = 1000

// currencyPair is a rates cache key.
type currencyPair struct {
	from, to string
}

// currencyService answers conversions through caches and a circuit
// breaker in front of Frankfurter.
type currencyService struct {
	api   *frankfurter.Client
	up    *upstream
	now   func() time.Time
	names *cache.Cache[struct{}, map[string]string]
	rates *cache.Cache[currencyPair, frankfurter.Rate]
}

// newCurrencyService returns a service with empty caches on clock now.
func newCurrencyService(api *frankfurter.Client, log *slog.Logger, now func() time.Time, hook func(string) func(bool)) *currencyService {
	return &currencyService{
		api: api,
		up:  newUpstream("frankfurter", "currency service", log),
		now: now,
		names: cache.New[struct{}, map[string]string](cache.Options{
			Name: "currencies", Capacity: 1, TTL: currenciesTTL, Now: now, OnLookup: hook("currencies"),
		}),
		rates: cache.New[currencyPair, frankfurter.Rate](cache.Options{
			Name: "rates", Capacity: ratesCapacity, Now: now, OnLookup: hook("rates"),
		}),
	}
}

// currencies returns the supported currencies (code → name), cached for a day.
func (s *currencyService) currencies(ctx context.Context) (map[string]string, error) {
	return s.names.GetOrLoad(ctx, struct{}{}, func(ctx context.Context) (map[string]string, error) {
		var names map[string]string
		err := s.up.call(ctx, "currencies", func(ctx context.Context) error {
			var err error
			names, err = s.api.Currencies(ctx)
			return err
		})
		return names, err
	})
}

// rate returns the latest rate from p.from to p.to, cached until the next
// daily publication.
func (s *currencyService) rate(ctx context.Context, p currencyPair) (frankfurter.Rate, error) {
	if r, ok := s.rates.Get(p); ok {
		return r, nil
	}
	var r frankfurter.Rate
	err := s.up.call(ctx, "latest", func(ctx context.Context) error {
		var err error
		r, err = s.api.Latest(ctx, p.from, p.to)
		return err
	})
	if err != nil {
		return frankfurter.Rate{}, err
	}
	s.rates.SetTTL(p, r, ratesTTL(s.now(), r.Date))
	return r, nil
}

// checkKnown returns a UserError when code is not a supported currency.
func checkKnown(code string, names map[string]string) error {
	if _, ok := names[code]; ok {
		return nil
	}
	codes := make([]string, 0, len(names))
	for c := range names {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	return command.Errorf("I don't know the currency “%s”. I know %s.", code, strings.Join(codes, ", "))
}

// convertCommand declares convert.
func (c *Cog) convertCommand() *command.Command {
	return &command.Command{
		Name:        "convert",
		Aliases:     []string{"currency"},
		Description: "Converts an amount between currencies at the European Central Bank's daily rate.",
		Examples:    []string{"convert 100 EUR USD", "convert 1,000.50 usd jpy"},
		Params: []command.Param{
			command.Custom("amount", "how much, e.g. 100 or 1,000.50", convertAmount).Kind("amount"),
			command.Custom("from", "the currency to convert from, e.g. EUR", convertCurrencyCode).Kind("currency code").
				Complete(c.completeCurrency),
			command.Custom("to", "the currency to convert to, e.g. USD", convertCurrencyCode).Kind("currency code").
				Complete(c.completeCurrency),
		},
		Cooldown: &command.Cooldown{Rate: 5, Per: 30 * time.Second, Bucket: command.BucketUser},
		Timeout:  2*DefaultHTTPTimeout + time.Second,
		Run:      c.runConvert,
	}
}

// convertCurrencyCode reads a three-letter code in any case.
func convertCurrencyCode(_ context.Context, _ *command.Context, arg string) (string, error) {
	code := strings.ToUpper(strings.TrimSpace(arg))
	if !frankfurter.IsCode(code) {
		return "", command.BadArgument("is not a currency code (three letters, like EUR or USD)")
	}
	return code, nil
}

// runConvert answers "100 EUR = 108.23 USD (rate 1.0823, ECB, 2026-11-26)".
func (c *Cog) runConvert(ctx context.Context, cx *command.Context) error {
	amount, _ := command.Value[float64](cx, "amount")
	from, _ := command.Value[string](cx, "from")
	to, _ := command.Value[string](cx, "to")
	if from == to {
		return command.Errorf("Pick two different currencies: 1 %s is always 1 %s.", from, to)
	}
	names, err := c.money.currencies(ctx)
	if err != nil {
		return err
	}
	for _, code := range []string{from, to} {
		if err := checkKnown(code, names); err != nil {
			return err
		}
	}
	r, err := c.money.rate(ctx, currencyPair{from: from, to: to})
	if err != nil {
		return err
	}
	return cx.Reply(ctx, conversionText(amount, r))
}

// conversionText renders a conversion of amount at r.
func conversionText(amount float64, r frankfurter.Rate) string {
	return fmt.Sprintf("%s %s = %s %s (rate %s, ECB, %s)", formatAmount(amount), r.Base,
		formatMoney(amount*r.Rate), r.Target, formatRate(r.Rate), r.Date.Format(frankfurter.DateLayout))
}
