package store

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// DB is the gorm handle for a cog's own queries: inside Tx the transaction,
// otherwise the write pool (on SQLite its single connection). Use it for
// writes and for reads that must see the caller's own writes.
func (s *Store) DB(ctx context.Context) *gorm.DB { return s.write.WithContext(ctx) }

// ReadDB is the gorm handle for reads outside a transaction: the read pool
// (inside Tx, the transaction).
func (s *Store) ReadDB(ctx context.Context) *gorm.DB { return s.read.WithContext(ctx) }

// Now reads the store's clock (Config.Now) in UTC at microsecond precision,
// the form the store writes times in.
func (s *Store) Now() time.Time { return s.nowUTC() }

// UTC converts t to the form the store writes and compares times in: UTC
// at microsecond precision.
func UTC(t time.Time) time.Time { return utc(t) }

// NullTime maps the zero time to NULL and any other time to its UTC form.
func NullTime(t time.Time) *time.Time { return nullTime(t) }

// FromNull maps NULL to the zero time.
func FromNull(t *time.Time) time.Time { return fromNull(t) }
