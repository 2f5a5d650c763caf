package discordtest

import (
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// closeWait is how long the server waits for the client's answer to its close frame.
const closeWait = 3 * time.Second

// gwConn is one gateway websocket connection. The handler goroutine reads; a writer
// goroutine drains an unbounded ordered queue so that dispatching never blocks on a slow client.
type gwConn struct {
	id   int
	ws   *websocket.Conn
	sess *session // guarded by Server.mu

	// closeCode is the code of a close frame the server initiated (guarded by Server.mu).
	closeCode int

	mu      sync.Mutex
	queue   []outFrame
	stopped bool
	wake    chan struct{}
	done    chan struct{}
}

// outFrame is a queued text frame, or a close frame when closeCode is set.
type outFrame struct {
	raw       []byte
	closeCode int
	closeText string
}

// newGWConn wraps ws.
func newGWConn(id int, ws *websocket.Conn) *gwConn {
	return &gwConn{id: id, ws: ws, wake: make(chan struct{}, 1), done: make(chan struct{})}
}

// send queues a text frame.
func (c *gwConn) send(raw []byte) { c.enqueue(outFrame{raw: raw}) }

// sendClose queues a close frame; frames queued before it are written first.
func (c *gwConn) sendClose(code int, text string) {
	c.enqueue(outFrame{closeCode: code, closeText: text})
}

// enqueue appends f to the queue and wakes the writer.
func (c *gwConn) enqueue(f outFrame) {
	c.mu.Lock()
	if !c.stopped {
		c.queue = append(c.queue, f)
	}
	c.mu.Unlock()
	c.signal()
}

// signal wakes the writer without blocking.
func (c *gwConn) signal() {
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// stop makes the writer exit after its current frame and waits for it.
func (c *gwConn) stop() {
	c.mu.Lock()
	c.stopped = true
	c.queue = nil
	c.mu.Unlock()
	c.signal()
	<-c.done
}

// drop closes the TCP connection abruptly, without a close frame.
func (c *gwConn) drop() { _ = c.ws.Close() }

// take returns the queued frames, or ok=false once stopped.
func (c *gwConn) take() (frames []outFrame, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	frames, c.queue = c.queue, nil
	return frames, !c.stopped
}

// writeLoop writes queued frames in order until stop.
func (c *gwConn) writeLoop() {
	defer close(c.done)
	for range c.wake {
		frames, ok := c.take()
		if !ok {
			return
		}
		if err := c.writeAll(frames); err != nil {
			c.drop()
		}
	}
}

// writeAll writes frames; after a close frame it stops writing and bounds the wait for the
// client's answer.
func (c *gwConn) writeAll(frames []outFrame) error {
	for _, f := range frames {
		if f.closeCode != 0 {
			msg := websocket.FormatCloseMessage(f.closeCode, f.closeText)
			_ = c.ws.WriteControl(websocket.CloseMessage, msg, time.Now().Add(closeWait))
			_ = c.ws.SetReadDeadline(time.Now().Add(closeWait))
			c.discard()
			return nil
		}
		if err := c.ws.WriteMessage(websocket.TextMessage, f.raw); err != nil {
			return err
		}
	}
	return nil
}

// discard drops everything queued after a close frame.
func (c *gwConn) discard() {
	c.mu.Lock()
	c.stopped = true
	c.queue = nil
	c.mu.Unlock()
}
