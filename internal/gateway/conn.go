package gateway

import (
	"bytes"
	"errors"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// ErrReconnectBeforeReady is returned by a watched connection when Discord
// sends RECONNECT (op 7) before READY. discordgo would deadlock handling it
// inside Open, so the watcher turns it into a read error instead.
var ErrReconnectBeforeReady = errors.New("gateway: RECONNECT before READY")

// ErrResumableInvalidSession is returned by a watched connection when
// Discord sends INVALID_SESSION (op 9) with d: true. discordgo would answer
// any op 9 with a new IDENTIFY, losing the missed events and spending a
// session start; as a read error it makes the supervisor reconnect, and
// discordgo's Open RESUMEs the session it still holds.
var ErrResumableInvalidSession = errors.New("gateway: INVALID_SESSION, resumable")

// zombieCloseCode is the close code cogd sends to a connection Discord
// stopped answering: not 1000/1001, so the session stays resumable.
const zombieCloseCode = 4000

// watchConn is a net.Conn that reads Discord's frames as they pass. Small
// frames (control payloads) are held until complete and inspected before
// discordgo sees them; large ones stream through untouched. Until READY it
// also enforces a read deadline, so a gateway that stops talking during
// start-up cannot hang discordgo's Open, which holds the session lock.
type watchConn struct {
	net.Conn
	w         *Watch
	startup   time.Time            // read deadline until ready
	onInvalid func(resumable bool) // op 9 arrived (blocking hook)
	mu        sync.Mutex           // guards deadline bookkeeping
	writeMu   sync.Mutex           // one frame at a time (gorilla writes a client frame per Write)
	asked     time.Time            // read deadline discordgo asked for
	pending   []byte               // raw bytes not yet examined
	release   []byte               // examined bytes to hand out
	skip      int64                // bytes of a large frame left to stream
	upgraded  bool                 // the HTTP upgrade response has passed
	dead      atomic.Bool          // reads failed or the conn was closed
	filter    *MessageFilter       // drops unwanted MESSAGE_CREATEs (nil: off)
	seq       *int64               // discordgo's sequence number (set with filter)
	big       []byte               // grown read buffer, kept for reuse
	buf       [4096]byte           // first buffer for reads
}

func newWatchConn(c net.Conn, w *Watch, startup time.Duration, onInvalid func(bool)) *watchConn {
	wc := &watchConn{Conn: c, w: w, onInvalid: onInvalid}
	w.connected()
	if startup > 0 {
		wc.startup = w.now().Add(startup)
		_ = c.SetReadDeadline(wc.startup)
	}
	return wc
}

// Write records when cogd last sent a frame (for heartbeat latency).
//
// Writes to a dead connection pretend to succeed: after a disconnect,
// discordgo's old heartbeat goroutine may still write once to the old
// connection, and on an error it would close the *new* connection with
// 1000, ending the session.
func (c *watchConn) Write(b []byte) (int, error) {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	if c.dead.Load() {
		return len(b), nil
	}
	if len(b) > 0 && b[0]&0x0f == wsClose {
		// cogd is closing this connection: no ACKs are due any more.
		c.w.ready.Store(false)
	}
	c.w.sent()
	return c.Conn.Write(b)
}

// Close marks the connection dead and closes it.
func (c *watchConn) Close() error {
	c.dead.Store(true)
	return c.Conn.Close()
}

// abort ends the connection with a close frame carrying code (not 1000,
// which would end the session), then drops it without waiting for
// Discord's answer. Later writes from discordgo are swallowed (see Write).
func (c *watchConn) abort(code int) {
	c.w.ready.Store(false)
	c.writeMu.Lock()
	if !c.dead.Swap(true) {
		_ = c.Conn.SetWriteDeadline(c.w.now().Add(time.Second))
		_, _ = c.Conn.Write(clientCloseFrame(code))
	}
	c.writeMu.Unlock()
	_ = c.Close()
}

// SetDeadline keeps the start-up read deadline in force until READY.
func (c *watchConn) SetDeadline(t time.Time) error {
	if err := c.Conn.SetWriteDeadline(t); err != nil {
		return err
	}
	return c.SetReadDeadline(t)
}

// SetReadDeadline records discordgo's wish and applies the earlier of it and
// the start-up deadline.
func (c *watchConn) SetReadDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.asked = t
	return c.Conn.SetReadDeadline(c.effective())
}

func (c *watchConn) effective() time.Time {
	if c.w.ready.Load() || c.startup.IsZero() {
		return c.asked
	}
	if c.asked.IsZero() || c.startup.Before(c.asked) {
		return c.startup
	}
	return c.asked
}

// Read hands out bytes frame by frame, inspecting small frames first.
func (c *watchConn) Read(b []byte) (int, error) {
	for {
		if len(c.release) > 0 {
			n := copy(b, c.release)
			c.release = c.release[n:]
			return n, nil
		}
		if c.skip > 0 {
			return c.stream(b)
		}
		done, err := c.next()
		if err == nil && !done {
			err = c.fill()
		}
		if err != nil {
			c.dead.Store(true)
			return 0, err
		}
	}
}

// stream passes through the rest of a large frame.
func (c *watchConn) stream(b []byte) (int, error) {
	if len(c.pending) > 0 {
		take := min(int64(len(c.pending)), c.skip)
		c.release, c.pending = c.pending[:take], c.pending[take:]
		c.skipped(take)
		n := copy(b, c.release)
		c.release = c.release[n:]
		return n, nil
	}
	n, err := c.Conn.Read(b[:min(int64(len(b)), c.skip)])
	c.skipped(int64(n))
	if err != nil {
		c.dead.Store(true)
	}
	return n, err
}

func (c *watchConn) skipped(n int64) {
	c.skip -= n
	if c.skip == 0 {
		c.dispatched()
	}
}

// next releases the HTTP upgrade response, then frame after frame.
func (c *watchConn) next() (bool, error) {
	if c.upgraded {
		return c.nextFrame()
	}
	i := bytes.Index(c.pending, []byte("\r\n\r\n"))
	if i < 0 {
		return false, nil
	}
	c.upgraded = true
	c.release, c.pending = c.pending[:i+4], c.pending[i+4:]
	return true, nil
}

// nextFrame examines the frame at the head of pending. done is false when
// more bytes are needed.
func (c *watchConn) nextFrame() (done bool, err error) {
	h, ok := parseHeader(c.pending)
	if !ok {
		return false, nil
	}
	filter := c.filtering(h)
	held := h.payload > smallFrame && filter
	if h.payload > smallFrame && !held {
		c.release, c.pending = c.pending[:h.hdrLen], c.pending[h.hdrLen:]
		c.skip = h.payload
		return true, nil
	}
	total := h.hdrLen + int(h.payload)
	if len(c.pending) < total {
		return false, nil
	}
	p := c.pending[h.hdrLen:total]
	if filter && c.dropped(p) {
		c.pending = c.pending[total:]
		return true, nil
	}
	if held {
		c.dispatched() // large frames are dispatches, as when they stream
	} else if err := c.inspect(h, h.unmask(p)); err != nil {
		return false, err
	}
	c.release, c.pending = c.pending[:total], c.pending[total:]
	return true, nil
}

// filtering reports whether the frame with header h is one the message
// filter reads: a whole unmasked text frame of a ready connection, small
// enough to hold, while nothing wants every message.
func (c *watchConn) filtering(h frameHeader) bool {
	return c.filter != nil && h.fin && h.opcode == wsText && !h.masked && h.payload <= maxFiltered &&
		c.w.ready.Load() && !c.filter.WantAll()
}

// dropped drops payload p when it is a MESSAGE_CREATE nobody wants: the
// frame never reaches discordgo, and its sequence number goes where
// discordgo would have stored it (discordgo reads frames on this
// goroutine, one at a time, so the order of stores is the wire's).
func (c *watchConn) dropped(p []byte) bool {
	seq, id, v := c.filter.classify(p)
	if v != drop {
		return false
	}
	atomic.StoreInt64(c.seq, seq)
	c.dispatched()
	c.w.filtered.Add(1)
	if c.filter.OnDrop != nil {
		c.filter.OnDrop(id)
	}
	return true
}

// fill reads more bytes from the network into pending.
func (c *watchConn) fill() error {
	if len(c.pending) == 0 {
		c.pending = c.back()[:0]
	} else if cap(c.pending)-len(c.pending) < 512 {
		c.pending = c.room(c.pending)
	}
	n, err := c.Conn.Read(c.pending[len(c.pending):cap(c.pending)])
	c.pending = c.pending[:len(c.pending)+n]
	if n > 0 {
		return nil
	}
	return err
}

// back is the read buffer: the grown one once a frame needed it.
func (c *watchConn) back() []byte {
	if c.big != nil {
		return c.big
	}
	return c.buf[:]
}

// room moves the unread bytes p to the start of the read buffer, growing
// it when that leaves too little room (release is empty when fill runs,
// so nothing else points into the buffer).
func (c *watchConn) room(p []byte) []byte {
	back := c.back()
	if cap(back)-len(p) < 512 {
		c.big = make([]byte, 2*cap(back)+len(c.buf))
		back = c.big
	}
	return back[:copy(back[:cap(back)], p)]
}

// inspect reacts to one complete small frame.
func (c *watchConn) inspect(h frameHeader, p []byte) error {
	switch h.opcode {
	case wsClose:
		c.w.closeCode.Store(int32(closeCode(p)))
	case wsText:
		return c.inspectText(p)
	}
	return nil
}

func (c *watchConn) inspectText(p []byte) error {
	switch gatewayOp(p) {
	case 0:
		c.dispatched()
	case 7:
		if !c.w.ready.Load() {
			return ErrReconnectBeforeReady
		}
	case 9:
		resumable := gatewayBool(p)
		if c.onInvalid != nil {
			c.onInvalid(resumable)
		}
		if resumable {
			return ErrResumableInvalidSession
		}
	case 10:
		c.w.interval.Store(int64(helloInterval(p)) * int64(time.Millisecond))
	case 11:
		c.w.acked()
	}
	return nil
}

// dispatched notes a dispatch frame; the first one on a connection is READY
// or RESUMED, which lifts the start-up deadline.
func (c *watchConn) dispatched() {
	c.w.dispatch.Add(1)
	if c.w.ready.Swap(true) {
		return
	}
	c.mu.Lock()
	_ = c.Conn.SetReadDeadline(c.asked)
	c.mu.Unlock()
}
