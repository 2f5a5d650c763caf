package utility

import "time"

// The ECB publishes its reference rates around 16:00 CET on working days,
// and Frankfurter serves them shortly after.
const (
	ratesUpdateHour = 16
	// staleRetry is how long a rate is kept when it is older than the
	// last publication should have made it (Frankfurter not updated yet,
	// or a bank holiday): long enough to spare the upstream, short enough
	// to pick up the new rate soon.
	staleRetry = 10 * time.Minute
)

// cet is Central European Time, the zone of the ECB's publication time.
func cet() *time.Location { return time.FixedZone("CET", 3600) }

// nextRatesUpdate returns the first working-day 16:00 CET after now.
func nextRatesUpdate(now time.Time) time.Time {
	t := now.In(cet())
	next := time.Date(t.Year(), t.Month(), t.Day(), ratesUpdateHour, 0, 0, 0, cet())
	if !next.After(t) {
		next = next.AddDate(0, 0, 1)
	}
	for isWeekend(next) {
		next = next.AddDate(0, 0, 1)
	}
	return next
}

// lastRatesUpdate returns the last working-day 16:00 CET at or before now.
func lastRatesUpdate(now time.Time) time.Time {
	t := now.In(cet())
	last := time.Date(t.Year(), t.Month(), t.Day(), ratesUpdateHour, 0, 0, 0, cet())
	if last.After(t) {
		last = last.AddDate(0, 0, -1)
	}
	for isWeekend(last) {
		last = last.AddDate(0, 0, -1)
	}
	return last
}

// isWeekend reports whether t falls on a Saturday or Sunday.
func isWeekend(t time.Time) bool {
	return t.Weekday() == time.Saturday || t.Weekday() == time.Sunday
}

// ratesTTL is how long a rate for date, fetched at now, stays cached: until
// the next publication, or staleRetry when the rate predates the last one.
func ratesTTL(now, date time.Time) time.Duration {
	ttl := nextRatesUpdate(now).Sub(now)
	last := lastRatesUpdate(now)
	lastDay := time.Date(last.Year(), last.Month(), last.Day(), 0, 0, 0, 0, time.UTC)
	if date.Before(lastDay) {
		return min(ttl, staleRetry)
	}
	return ttl
}
