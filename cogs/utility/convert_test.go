package utility

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"cogd/cogs/utility/frankfurter"
	"cogd/internal/command"
)

// cetTime returns a time in CET, the zone the rates schedule is written in.
func cetTime(day, hour, minute int) time.Time {
	return time.Date(2026, 11, day, hour, minute, 0, 0, cet())
}

func TestNextAndLastRatesUpdate(t *testing.T) {
	t.Parallel()
	// 2026-11-26 is a Thursday.
	tests := []struct {
		name       string
		now        time.Time
		next, last time.Time
	}{
		{"Thursday morning", cetTime(26, 9, 0), cetTime(26, 16, 0), cetTime(25, 16, 0)},
		{"Thursday at 16:00", cetTime(26, 16, 0), cetTime(27, 16, 0), cetTime(26, 16, 0)},
		{"Thursday evening", cetTime(26, 18, 30), cetTime(27, 16, 0), cetTime(26, 16, 0)},
		{"Friday evening", cetTime(27, 17, 0), cetTime(30, 16, 0), cetTime(27, 16, 0)},
		{"Saturday", cetTime(28, 12, 0), cetTime(30, 16, 0), cetTime(27, 16, 0)},
		{"Sunday night", cetTime(29, 23, 59), cetTime(30, 16, 0), cetTime(27, 16, 0)},
		{"Monday morning", cetTime(30, 8, 0), cetTime(30, 16, 0), cetTime(27, 16, 0)},
		{"given in UTC", time.Date(2026, 11, 26, 15, 30, 0, 0, time.UTC), cetTime(27, 16, 0), cetTime(26, 16, 0)},
		{"given in Tokyo", time.Date(2026, 11, 26, 23, 30, 0, 0, time.FixedZone("JST", 9*3600)), cetTime(26, 16, 0), cetTime(25, 16, 0)},
	}
	for _, tt := range tests {
		if got := nextRatesUpdate(tt.now); !got.Equal(tt.next) {
			t.Errorf("%s: nextRatesUpdate = %v, want %v", tt.name, got, tt.next)
		}
		if got := lastRatesUpdate(tt.now); !got.Equal(tt.last) {
			t.Errorf("%s: lastRatesUpdate = %v, want %v", tt.name, got, tt.last)
		}
	}
}

func TestRatesTTL(t *testing.T) {
	t.Parallel()
	day := func(d int) time.Time { return time.Date(2026, 11, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name string
		now  time.Time
		date time.Time
		want time.Duration
	}{
		{"fresh, before today's update", cetTime(26, 12, 0), day(25), 4 * time.Hour},
		{"fresh, after today's update", cetTime(26, 17, 0), day(26), 23 * time.Hour},
		{"weekend keeps Friday's rate", cetTime(28, 16, 0), day(27), 48 * time.Hour},
		{"not updated yet after 16:00", cetTime(26, 16, 5), day(25), staleRetry},
		{"stale, but the update is close", cetTime(26, 15, 55), day(24), 5 * time.Minute},
	}
	for _, tt := range tests {
		if got := ratesTTL(tt.now, tt.date); got != tt.want {
			t.Errorf("%s: ratesTTL = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestParseAmount(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"100", 100, true},
		{"1000", 1000, true},
		{"1,000", 1000, true},
		{"1,000.50", 1000.5, true},
		{"12,345,678.9", 12345678.9, true},
		{"0.5", 0.5, true},
		{".5", 0.5, true},
		{"5.", 5, true},
		{"+5", 5, true},
		{"-5", -5, true},
		{"0", 0, true},
		{"", 0, false},
		{".", 0, false},
		{"1,5", 0, false},
		{"1,0000", 0, false},
		{",100", 0, false},
		{"1000,000", 0, false},
		{"1.000,50", 0, false},
		{"1e5", 0, false},
		{"0x10", 0, false},
		{"1_000", 0, false},
		{"Inf", 0, false},
		{"NaN", 0, false},
		{"five", 0, false},
		{"1.2.3", 0, false},
		{"--5", 0, false},
		{strings.Repeat("9", 400), 0, false},
	}
	for _, tt := range tests {
		got, err := parseAmount(tt.in)
		if (err == nil) != tt.ok || (tt.ok && got != tt.want) {
			t.Errorf("parseAmount(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestConvertAmountRejects(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"0":                           "is not more than 0",
		"-3":                          "is not more than 0",
		"0.00":                        "is not more than 0",
		"abc":                         "is not an amount (write it like 100, 1000.50 or 1,000.50)",
		"1e9":                         "is not an amount (write it like 100, 1000.50 or 1,000.50)",
		"2e1000":                      "is not an amount (write it like 100, 1000.50 or 1,000.50)",
		"1" + strings.Repeat("0", 16): "is too large",
	}
	for in, want := range tests {
		_, err := convertAmount(context.Background(), nil, in)
		var ce *command.ConversionError
		if !errors.As(err, &ce) || ce.Reason != want {
			t.Errorf("convertAmount(%q) = %v, want %q", in, err, want)
		}
	}
}

func TestFormatting(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"whole amount", formatAmount(100), "100"},
		{"grouped amount", formatAmount(1000.5), "1,000.50"},
		{"long amount", formatAmount(1234567.125), "1,234,567.125"},
		{"money", formatMoney(108.23), "108.23"},
		{"money rounds", formatMoney(1082.3456), "1,082.35"},
		{"money below 1", formatMoney(0.5), "0.50"},
		{"tiny money", formatMoney(0.006154), "0.006154"},
		{"tinier money", formatMoney(0.0000123456), "0.00001235"},
		{"rate", formatRate(1.0823), "1.0823"},
		{"conversion", conversionText(100, frankfurter.Rate{Base: "EUR", Target: "USD", Rate: 1.0823,
			Date: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)}), "100 EUR = 108.23 USD (rate 1.0823, ECB, 2026-11-26)"},
		{"conversion of thousands", conversionText(1000.5, frankfurter.Rate{Base: "USD", Target: "JPY", Rate: 155.42,
			Date: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)}), "1,000.50 USD = 155,497.71 JPY (rate 155.42, ECB, 2026-11-26)"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

// FuzzParseAmount checks that parsing never panics, accepts only finite
// numbers, and reads back what formatAmount writes.
func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"100", "1,000.50", ".5", "-1", "1e5", "1,5", "", "९"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := parseAmount(s)
		if err != nil {
			return
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("parseAmount(%q) = %v", s, v)
		}
		v = math.Abs(v)
		back, err := parseAmount(formatAmount(v))
		if err != nil || back != v {
			t.Fatalf("formatAmount(%v) = %q reads back as %v, %v", v, formatAmount(v), back, err)
		}
	})
}

func TestCurrenciesCachedForADay(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t)
	clock := newFakeClock(testStart)
	c, _ := loadedCog(t, f, clock, time.Second)
	for range 3 {
		names, err := c.money.currencies(context.Background())
		if err != nil || names["EUR"] != "Euro" {
			t.Fatalf("currencies = %v, %v", names, err)
		}
	}
	clock.Advance(currenciesTTL - time.Minute)
	_, _ = c.money.currencies(context.Background())
	if n := f.count("/v1/currencies"); n != 1 {
		t.Fatalf("%d upstream calls within a day, want 1", n)
	}
	clock.Advance(time.Minute)
	_, _ = c.money.currencies(context.Background())
	if n := f.count("/v1/currencies"); n != 2 {
		t.Errorf("%d upstream calls after a day, want 2", n)
	}
}

func TestRatesCachedUntilNextUpdate(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t)
	clock := newFakeClock(cetTime(26, 17, 0)) // Thursday after the update; the fixture is Thursday's rate
	c, _ := loadedCog(t, f, clock, time.Second)
	pair := currencyPair{from: "EUR", to: "USD"}
	steps := []struct {
		advance time.Duration
		calls   int
	}{
		{0, 1},
		{0, 1},
		{22*time.Hour + 59*time.Minute, 1}, // Friday 15:59
		{time.Minute, 2},                   // Friday 16:00: refetched, still Thursday's rate, so stale
		{staleRetry - time.Second, 2},
		{time.Second, 3},
	}
	for i, s := range steps {
		clock.Advance(s.advance)
		r, err := c.money.rate(context.Background(), pair)
		if err != nil || r.Rate != 1.0823 {
			t.Fatalf("step %d: rate = %+v, %v", i, r, err)
		}
		if n := f.count("/v1/latest"); n != s.calls {
			t.Fatalf("step %d (%s): %d upstream calls, want %d", i, clock.Now().In(cet()).Format(time.DateTime), n, s.calls)
		}
	}
}

func TestConvertUpstreamFailures(t *testing.T) {
	t.Parallel()
	for _, tt := range upstreamFailures {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeAPI(t)
			f.handle("/v1/latest", failing(t, tt.handler))
			c, logs := loadedCog(t, f, newFakeClock(testStart), failureTimeout(tt.handler))
			_, err := c.money.rate(context.Background(), currencyPair{from: "EUR", to: "USD"})
			want := strings.Replace(tt.reply, "weather service", "currency service", 1)
			var ue *command.UpstreamError
			if !errors.As(err, &ue) || ue.Msg != want {
				t.Fatalf("err = %v, want UpstreamError %q", err, want)
			}
			if !strings.Contains(logs.String(), "upstream=frankfurter") {
				t.Errorf("failure not logged:\n%s", logs)
			}
		})
	}
}

func TestCheckKnown(t *testing.T) {
	t.Parallel()
	names := map[string]string{"EUR": "Euro", "USD": "United States Dollar", "GBP": "British Pound"}
	if err := checkKnown("EUR", names); err != nil {
		t.Errorf("EUR: %v", err)
	}
	err := checkKnown("XYZ", names)
	if err == nil || err.Error() != "I don't know the currency “XYZ”. I know EUR, GBP, USD." {
		t.Errorf("XYZ: %v", err)
	}
}
