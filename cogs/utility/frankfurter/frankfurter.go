// Package frankfurter is a small client for the keyless Frankfurter
// exchange-rate API (v1), which serves the European Central Bank's daily
// reference rates.
//
// Answers are checked, not trusted: a missing rate, a bad date, an HTML
// page or an empty body is an error wrapping httpjson.ErrMalformed.
package frankfurter

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strings"
	"time"

	"cogd/cogs/utility/internal/httpjson"
)

// DefaultURL is the default API base, as in CURRENCY_API_URL.
const DefaultURL = "https://api.frankfurter.dev/v1"

// DateLayout is the layout of the rates' date.
const DateLayout = "2006-01-02"

// Client calls Frankfurter. Its fields are read-only once in use; the zero
// value is not usable.
type Client struct {
	// HTTP sends the requests; its Timeout bounds each one.
	HTTP *http.Client
	// BaseURL is the API base, without a trailing slash.
	BaseURL string
}

// Rate is the price of one unit of Base in Target on Date.
type Rate struct {
	// Base and Target are ISO 4217 codes, upper case.
	Base, Target string
	// Rate is how many Target one Base buys.
	Rate float64
	// Date is the ECB working day the rate is for (UTC midnight).
	Date time.Time
}

// latestAnswer is the /latest answer as sent.
type latestAnswer struct {
	Amount float64            `json:"amount"`
	Base   string             `json:"base"`
	Date   string             `json:"date"`
	Rates  map[string]float64 `json:"rates"`
}

// Latest returns the latest rate from base to target.
func (c *Client) Latest(ctx context.Context, base, target string) (Rate, error) {
	base, target = strings.ToUpper(base), strings.ToUpper(target)
	q := url.Values{"base": {base}, "symbols": {target}}
	var ans latestAnswer
	if err := httpjson.Get(ctx, c.HTTP, c.BaseURL+"/latest?"+q.Encode(), &ans); err != nil {
		return Rate{}, fmt.Errorf("latest %s/%s: %w", base, target, err)
	}
	r, err := ans.rate(base, target)
	if err != nil {
		return Rate{}, fmt.Errorf("latest %s/%s: %w", base, target, err)
	}
	return r, nil
}

// rate checks the answer and picks target's rate.
func (a latestAnswer) rate(base, target string) (Rate, error) {
	if !strings.EqualFold(a.Base, base) {
		return Rate{}, fmt.Errorf("%w: base %q, asked for %s", httpjson.ErrMalformed, a.Base, base)
	}
	amount := a.Amount
	if amount == 0 {
		amount = 1
	}
	v, ok := a.Rates[target]
	if !ok || v <= 0 || amount < 0 || math.IsInf(v/amount, 0) {
		return Rate{}, fmt.Errorf("%w: no usable rate for %s", httpjson.ErrMalformed, target)
	}
	date, err := time.Parse(DateLayout, a.Date)
	if err != nil {
		return Rate{}, fmt.Errorf("%w: date %q", httpjson.ErrMalformed, a.Date)
	}
	return Rate{Base: base, Target: target, Rate: v / amount, Date: date}, nil
}

// Currencies returns the supported currencies: ISO code → English name.
func (c *Client) Currencies(ctx context.Context) (map[string]string, error) {
	var ans map[string]string
	if err := httpjson.Get(ctx, c.HTTP, c.BaseURL+"/currencies", &ans); err != nil {
		return nil, fmt.Errorf("currencies: %w", err)
	}
	out := make(map[string]string, len(ans))
	for code, name := range ans {
		if IsCode(code) {
			out[code] = name
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("currencies: %w: no currency codes", httpjson.ErrMalformed)
	}
	return out, nil
}

// IsCode reports whether s looks like an ISO 4217 code: three ASCII
// upper-case letters.
func IsCode(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := range len(s) {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}
