package command

import (
	"context"
	"sync"
	"time"
)

// BucketType says whose uses a cooldown counts together.
type BucketType int

// The cooldown buckets.
const (
	// BucketUser counts per user, across guilds and DMs.
	BucketUser BucketType = iota
	// BucketMember counts per user per guild (per DM channel outside guilds).
	BucketMember
	// BucketChannel counts per channel.
	BucketChannel
	// BucketGuild counts per guild (per DM channel outside guilds).
	BucketGuild
	// BucketGlobal counts every use together.
	BucketGlobal
)

// String returns the bucket's name as help shows it ("user", "member", …).
func (b BucketType) String() string {
	switch b {
	case BucketUser:
		return "user"
	case BucketMember:
		return "member"
	case BucketChannel:
		return "channel"
	case BucketGuild:
		return "server"
	case BucketGlobal:
		return "everyone"
	}
	return "bucket"
}

// Cooldown allows Rate uses per Per in each bucket, and at most
// MaxConcurrency simultaneous runs per bucket (0 = unlimited). Rate 0
// disables the rate limit.
type Cooldown struct {
	Rate           int
	Per            time.Duration
	Bucket         BucketType
	MaxConcurrency int
}

// key returns the bucket key of an invocation.
func (cd Cooldown) key(c *Context) string {
	m := c.Origin
	author := ""
	if m.Author != nil {
		author = m.Author.ID
	}
	place := m.GuildID
	if place == "" {
		place = "dm:" + m.ChannelID
	}
	switch cd.Bucket {
	case BucketUser:
		return author
	case BucketMember:
		return place + "/" + author
	case BucketChannel:
		return m.ChannelID
	case BucketGuild:
		return place
	}
	return ""
}

// CooldownManager holds the buckets of one command's cooldown. Buckets idle
// for longer than Per are evicted, so memory is bounded by the number of
// buckets active within the last two Per periods. It is safe for
// concurrent use.
type CooldownManager struct {
	cd  Cooldown
	now func() time.Time

	mu        sync.Mutex
	buckets   map[string]*bucket
	lastSweep time.Time
}

// bucket is a fixed window of Rate uses starting at start, plus the number
// of runs in progress.
type bucket struct {
	start   time.Time
	used    int
	running int
}

// NewCooldownManager returns a manager for cd; now is the clock (nil = time.Now).
func NewCooldownManager(cd Cooldown, now func() time.Time) *CooldownManager {
	if now == nil {
		now = time.Now
	}
	return &CooldownManager{cd: cd, now: now, buckets: make(map[string]*bucket)}
}

// Acquire takes one use from the bucket key. It returns a release func to
// call when the run ends, or a *CooldownError / *ConcurrencyError. With
// bypassRate (owners) only MaxConcurrency applies.
func (m *CooldownManager) Acquire(key string, bypassRate bool) (release func(), err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	m.sweep(now)
	b := m.buckets[key]
	if b == nil {
		b = &bucket{start: now}
		m.buckets[key] = b
	}
	if m.cd.MaxConcurrency > 0 && b.running >= m.cd.MaxConcurrency {
		return nil, &ConcurrencyError{Limit: m.cd.MaxConcurrency}
	}
	if !bypassRate {
		if err := m.take(b, now); err != nil {
			return nil, err
		}
	}
	b.running++
	return m.releaser(b), nil
}

// take consumes one use of b's window, starting a new window when the old
// one has passed.
func (m *CooldownManager) take(b *bucket, now time.Time) error {
	if m.cd.Rate <= 0 {
		return nil
	}
	if !now.Before(b.start.Add(m.cd.Per)) {
		b.start, b.used = now, 0
	}
	if b.used >= m.cd.Rate {
		return &CooldownError{RetryAfter: b.start.Add(m.cd.Per).Sub(now)}
	}
	if b.used == 0 {
		b.start = now
	}
	b.used++
	return nil
}

func (m *CooldownManager) releaser(b *bucket) func() {
	var once sync.Once
	return func() {
		once.Do(func() {
			m.mu.Lock()
			b.running--
			m.mu.Unlock()
		})
	}
}

// sweep evicts idle buckets at most once per Per.
func (m *CooldownManager) sweep(now time.Time) {
	per := m.cd.Per
	if per <= 0 {
		per = time.Minute
	}
	if now.Sub(m.lastSweep) < per {
		return
	}
	m.lastSweep = now
	for k, b := range m.buckets {
		if b.running == 0 && !now.Before(b.start.Add(per)) {
			delete(m.buckets, k)
		}
	}
}

// Len returns the number of buckets held.
func (m *CooldownManager) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.buckets)
}

// Middleware returns the cooldown step of a command's chain: owners bypass
// the rate (not MaxConcurrency).
func (m *CooldownManager) Middleware() Middleware {
	return func(next RunFunc) RunFunc {
		return func(ctx context.Context, c *Context) error {
			release, err := m.Acquire(m.cd.key(c), c.AuthorIsOwner())
			if err != nil {
				return err
			}
			defer release()
			return next(ctx, c)
		}
	}
}
