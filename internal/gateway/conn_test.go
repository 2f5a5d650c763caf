package gateway

import (
	"bytes"
	"errors"
	"io"
	"net"
	"os"
	"testing"
	"time"
)

// chunkConn is a net.Conn that serves a fixed byte stream in chunks.
type chunkConn struct {
	net.Conn
	r     *bytes.Reader
	chunk int
}

func (c *chunkConn) Read(b []byte) (int, error) {
	if c.chunk > 0 && len(b) > c.chunk {
		b = b[:c.chunk]
	}
	return c.r.Read(b)
}
func (c *chunkConn) Write(b []byte) (int, error)      { return len(b), nil }
func (c *chunkConn) SetReadDeadline(time.Time) error  { return nil }
func (c *chunkConn) SetWriteDeadline(time.Time) error { return nil }
func (c *chunkConn) Close() error                     { return nil }

// readThrough reads stream through a watchConn and returns what came out.
func readThrough(t testing.TB, stream []byte, chunk int, ready bool) ([]byte, *Watch) {
	t.Helper()
	w := NewWatch(nil)
	wc := newWatchConn(&chunkConn{r: bytes.NewReader(stream), chunk: max(chunk%64, 0)}, w, 0, nil)
	wc.upgraded = true
	w.ready.Store(ready)
	var out []byte
	buf := make([]byte, 17)
	for {
		n, err := wc.Read(buf)
		out = append(out, buf[:n]...)
		if err != nil {
			return out, w
		}
	}
}

func TestWatchConnPassesBytesAndLearns(t *testing.T) {
	var stream []byte
	stream = append(stream, frame(wsText, []byte(`{"op":10,"d":{"heartbeat_interval":45000}}`))...)
	stream = append(stream, frame(wsText, append([]byte(`{"op":0,"t":"READY","d":"`), bytes.Repeat([]byte("x"), 5000)...))...)
	stream = append(stream, frame(wsText, []byte(`{"op":11}`))...)
	stream = append(stream, frame(wsClose, []byte{0x0f, 0xae, 'b', 'y', 'e'})...)
	for _, chunk := range []int{1, 3, 17, 0} {
		got, w := readThrough(t, stream, chunk, false)
		if !bytes.Equal(got, stream) {
			t.Fatalf("chunk %d: stream changed (%d of %d bytes)", chunk, len(got), len(stream))
		}
		if w.HeartbeatInterval() != 45*time.Second || !w.Ready() || w.CloseCode() != 4014 || w.Dispatches() != 1 {
			t.Fatalf("chunk %d: watch = interval %v ready %v close %d dispatches %d", chunk,
				w.HeartbeatInterval(), w.Ready(), w.CloseCode(), w.Dispatches())
		}
	}
}

func TestWatchConnSkipsUpgradeResponse(t *testing.T) {
	upgrade := "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"
	stream := append([]byte(upgrade), frame(wsText, []byte(`{"op":10,"d":{"heartbeat_interval":1000}}`))...)
	for _, chunk := range []int{1, 5, 0} {
		w := NewWatch(nil)
		wc := newWatchConn(&chunkConn{r: bytes.NewReader(stream), chunk: chunk}, w, 0, nil)
		got, err := io.ReadAll(wc)
		if err != nil || !bytes.Equal(got, stream) || w.HeartbeatInterval() != time.Second {
			t.Fatalf("chunk %d: err %v, same %v, interval %v", chunk, err, bytes.Equal(got, stream), w.HeartbeatInterval())
		}
	}
}

func TestWatchConnReconnectBeforeReady(t *testing.T) {
	stream := append(frame(wsText, []byte(`{"op":10,"d":{"heartbeat_interval":45000}}`)),
		frame(wsText, []byte(`{"op":7,"d":null}`))...)
	w := NewWatch(nil)
	wc := newWatchConn(&chunkConn{r: bytes.NewReader(stream)}, w, 0, nil)
	wc.upgraded = true
	_, err := io.ReadAll(wc)
	if !errors.Is(err, ErrReconnectBeforeReady) {
		t.Fatalf("err = %v, want ErrReconnectBeforeReady", err)
	}
}

func TestWatchConnReconnectAfterReadyPasses(t *testing.T) {
	stream := frame(wsText, []byte(`{"op":7,"d":null}`))
	got, _ := readThrough(t, stream, 0, true)
	if !bytes.Equal(got, stream) {
		t.Fatalf("op 7 after READY must reach discordgo")
	}
}

func TestWatchConnInvalidSession(t *testing.T) {
	tests := []struct {
		d       string
		wantErr error // what discordgo's read gets
		pass    bool  // the frame reaches discordgo (which re-identifies)
	}{
		{d: "true", wantErr: ErrResumableInvalidSession},
		{d: "false", pass: true},
	}
	for _, tt := range tests {
		var got []bool
		stream := frame(wsText, []byte(`{"op":9,"d":`+tt.d+`}`))
		wc := newWatchConn(&chunkConn{r: bytes.NewReader(stream)}, NewWatch(nil), 0, func(r bool) { got = append(got, r) })
		wc.upgraded = true
		out, err := io.ReadAll(wc)
		if !errors.Is(err, tt.wantErr) || bytes.Equal(out, stream) != tt.pass {
			t.Fatalf("d: %s: err = %v, passed = %v; want %v, %v", tt.d, err, bytes.Equal(out, stream), tt.wantErr, tt.pass)
		}
		if len(got) != 1 || got[0] != (tt.d == "true") {
			t.Fatalf("d: %s: hook calls = %v", tt.d, got)
		}
	}
}

func TestClientCloseFrame(t *testing.T) {
	f := clientCloseFrame(4000)
	h, ok := parseHeader(f)
	if !ok || h.opcode != wsClose || !h.masked || h.payload != 2 || closeCode(h.unmask(f[h.hdrLen:])) != 4000 {
		t.Fatalf("frame %x: header %+v", f, h)
	}
}

func TestWatchConnStartupDeadline(t *testing.T) {
	client, server := net.Pipe()
	defer server.Close()
	w := NewWatch(nil)
	wc := newWatchConn(client, w, 50*time.Millisecond, nil)
	defer wc.Close()
	// discordgo clears deadlines after the handshake; the start-up one stays.
	if err := wc.SetDeadline(time.Time{}); err != nil {
		t.Fatal(err)
	}
	_, err := wc.Read(make([]byte, 10))
	if !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("err = %v, want deadline exceeded", err)
	}
}

func TestWatchZombie(t *testing.T) {
	now := time.Unix(1000, 0)
	w := NewWatch(func() time.Time { return now })
	w.connected()
	w.interval.Store(int64(time.Second))
	if w.Zombie() {
		t.Fatal("not ready yet: not a zombie")
	}
	w.ready.Store(true)
	now = now.Add(1500 * time.Millisecond)
	if w.Zombie() {
		t.Fatal("1.5 intervals without ACK is not yet a zombie")
	}
	w.sent()
	now = now.Add(100 * time.Millisecond)
	w.acked()
	if w.Latency() != 100*time.Millisecond {
		t.Fatalf("latency = %v", w.Latency())
	}
	now = now.Add(2100 * time.Millisecond)
	if !w.Zombie() {
		t.Fatal("2.1 intervals without ACK is a zombie")
	}
}
