package gateway

import (
	"sync/atomic"
	"time"
)

// Watch is what the frame watcher learns about one shard's gateway
// connections. discordgo keeps close codes, the heartbeat interval and
// ACK timing to itself (or behind unexported locks), so cogd reads them off
// the wire. All fields are safe for concurrent use.
type Watch struct {
	now       func() time.Time
	closeCode atomic.Int32
	interval  atomic.Int64 // heartbeat interval, ns
	lastWrite atomic.Int64 // unix ns of the last frame cogd sent
	lastAck   atomic.Int64 // unix ns of the last heartbeat ACK
	latency   atomic.Int64 // ns between the last send and its ACK
	ready     atomic.Bool
	dispatch  atomic.Int64 // dispatch frames received
	filtered  atomic.Int64 // MESSAGE_CREATEs the message filter dropped
}

// NewWatch returns a Watch that reads time from now.
func NewWatch(now func() time.Time) *Watch {
	if now == nil {
		now = time.Now
	}
	return &Watch{now: now}
}

// CloseCode is the code of the last close frame Discord sent, or 0.
func (w *Watch) CloseCode() int { return int(w.closeCode.Load()) }

// HeartbeatInterval is the interval announced in the last HELLO.
func (w *Watch) HeartbeatInterval() time.Duration { return time.Duration(w.interval.Load()) }

// Latency is the time between the last frame sent and the last heartbeat
// ACK: the gateway round trip.
func (w *Watch) Latency() time.Duration { return time.Duration(w.latency.Load()) }

// LastAck is when the last heartbeat ACK arrived (or the connection opened).
func (w *Watch) LastAck() time.Time { return time.Unix(0, w.lastAck.Load()) }

// Ready reports whether the current connection has received READY/RESUMED.
func (w *Watch) Ready() bool { return w.ready.Load() }

// Dispatches counts the dispatch frames received over all connections.
func (w *Watch) Dispatches() int64 { return w.dispatch.Load() }

// Filtered counts the MESSAGE_CREATE dispatches the message filter kept
// from discordgo (they are counted in Dispatches too).
func (w *Watch) Filtered() int64 { return w.filtered.Load() }

// connected resets the per-connection state when a new connection opens.
func (w *Watch) connected() {
	w.closeCode.Store(0)
	w.ready.Store(false)
	w.lastAck.Store(w.now().UnixNano())
}

func (w *Watch) sent() { w.lastWrite.Store(w.now().UnixNano()) }

func (w *Watch) acked() {
	t := w.now().UnixNano()
	w.lastAck.Store(t)
	if sent := w.lastWrite.Load(); sent > 0 && t >= sent {
		w.latency.Store(t - sent)
	}
}

// Zombie reports whether the connection has gone two heartbeat intervals
// without an ACK: Discord is not listening any more and the connection
// must be replaced (and resumed).
func (w *Watch) Zombie() bool {
	iv := w.interval.Load()
	if iv <= 0 || !w.ready.Load() {
		return false
	}
	return w.now().UnixNano()-w.lastAck.Load() > 2*iv
}
