package discordtest

import (
	"strconv"
	"sync/atomic"
	"time"
)

// snowflakes generates strictly increasing Discord snowflake IDs whose timestamp part is the
// current time.
type snowflakes struct {
	last atomic.Int64
}

// next returns a new snowflake as a string.
func (g *snowflakes) next() string {
	return strconv.FormatInt(g.nextInt(time.Now()), 10)
}

// nextInt returns a new snowflake for time t, greater than every earlier one.
func (g *snowflakes) nextInt(t time.Time) int64 {
	want := snowflakeAt(t)
	for {
		last := g.last.Load()
		id := max(want, last+1)
		if g.last.CompareAndSwap(last, id) {
			return id
		}
	}
}

// snowflakeAt returns the smallest snowflake for time t.
func snowflakeAt(t time.Time) int64 {
	return (t.UnixMilli() - discordEpochMillis) << 22
}

// SnowflakeTime returns the creation time encoded in a snowflake ID, or the zero time when
// id is not a number.
func SnowflakeTime(id string) time.Time {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return time.Time{}
	}
	return time.UnixMilli(n>>22 + discordEpochMillis)
}

// Snowflake returns a snowflake ID for time t, e.g. to craft a message ID older than 14 days.
func Snowflake(t time.Time) string {
	return strconv.FormatInt(snowflakeAt(t), 10)
}

// idLess reports whether snowflake a sorts before snowflake b (numerically).
func idLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

// itoa64 formats n in base 10.
func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
