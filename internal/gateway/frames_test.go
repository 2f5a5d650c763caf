package gateway

import (
	"encoding/binary"
	"testing"
)

// frame builds an unmasked server frame.
func frame(opcode byte, payload []byte) []byte {
	b := []byte{0x80 | opcode}
	switch n := len(payload); {
	case n < 126:
		b = append(b, byte(n))
	case n <= 0xffff:
		b = append(b, 126, 0, 0)
		binary.BigEndian.PutUint16(b[2:], uint16(n))
	default:
		b = append(b, 127, 0, 0, 0, 0, 0, 0, 0, 0)
		binary.BigEndian.PutUint64(b[2:], uint64(n))
	}
	return append(b, payload...)
}

func TestParseHeader(t *testing.T) {
	big := make([]byte, 70000)
	tests := []struct {
		name    string
		in      []byte
		ok      bool
		hdr     int
		payload int64
	}{
		{"empty", nil, false, 0, 0},
		{"one byte", []byte{0x81}, false, 0, 0},
		{"small", frame(wsText, []byte("hi")), true, 2, 2},
		{"16-bit", frame(wsText, make([]byte, 300)), true, 4, 300},
		{"16-bit short", frame(wsText, make([]byte, 300))[:3], false, 0, 0},
		{"64-bit", frame(wsText, big), true, 10, 70000},
		{"masked", []byte{0x81, 0x82, 1, 2, 3, 4, 'h' ^ 1, 'i' ^ 2}, true, 6, 2},
		{"masked short", []byte{0x81, 0x82, 1, 2}, false, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, ok := parseHeader(tt.in)
			if ok != tt.ok || (ok && (h.hdrLen != tt.hdr || h.payload != tt.payload)) {
				t.Fatalf("parseHeader = %+v, %v; want hdr %d payload %d ok %v", h, ok, tt.hdr, tt.payload, tt.ok)
			}
		})
	}
}

func TestUnmask(t *testing.T) {
	in := []byte{0x81, 0x82, 1, 2, 3, 4, 'h' ^ 1, 'i' ^ 2}
	h, _ := parseHeader(in)
	if got := string(h.unmask(in[h.hdrLen:])); got != "hi" {
		t.Fatalf("unmask = %q", got)
	}
}

func TestGatewayPayloadFields(t *testing.T) {
	tests := []struct {
		in        string
		op, hb    int
		resumable bool
	}{
		{`{"op":10,"d":{"heartbeat_interval":41250}}`, 10, 41250, false},
		{`{"t":null,"s":null,"op":11,"d":null}`, 11, 0, false},
		{`{"op": 9, "d": true}`, 9, 0, true},
		{`{"op":9,"d":false}`, 9, 0, false},
		{`{"d":{}}`, -1, 0, false},
		{`{"op":"x"}`, -1, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			p := []byte(tt.in)
			if got := gatewayOp(p); got != tt.op {
				t.Errorf("op = %d, want %d", got, tt.op)
			}
			if got := helloInterval(p); got != tt.hb {
				t.Errorf("interval = %d, want %d", got, tt.hb)
			}
			if got := gatewayBool(p); got != tt.resumable {
				t.Errorf("resumable = %v, want %v", got, tt.resumable)
			}
		})
	}
}

func TestCloseCode(t *testing.T) {
	if got := closeCode([]byte{0x0f, 0xa4, 'x'}); got != 4004 {
		t.Fatalf("closeCode = %d", got)
	}
	if got := closeCode(nil); got != 1005 {
		t.Fatalf("closeCode(nil) = %d", got)
	}
}

func FuzzWatchConnTransparent(f *testing.F) {
	f.Add(frame(wsText, []byte(`{"op":10,"d":{"heartbeat_interval":100}}`)), 7)
	f.Add(append(frame(wsText, make([]byte, 3000)), frame(wsClose, []byte{0x0f, 0xa4})...), 1)
	f.Fuzz(func(t *testing.T, stream []byte, chunk int) {
		got, _ := readThrough(t, stream, chunk, false)
		if len(got) > len(stream) || string(got) != string(stream[:len(got)]) {
			t.Fatalf("watcher changed the byte stream")
		}
	})
}
