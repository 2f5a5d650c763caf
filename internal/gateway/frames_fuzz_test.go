package gateway

import (
	"encoding/binary"
	"encoding/json"
	"testing"
)

// encodeHeader is a reference RFC 6455 §5.2 frame-header encoder.
func encodeHeader(opcode byte, masked bool, n uint64, key [4]byte) []byte {
	b := []byte{0x80 | opcode&0x0f, 0}
	switch {
	case n < 126:
		b[1] = byte(n)
	case n <= 0xffff:
		b[1] = 126
		b = binary.BigEndian.AppendUint16(b, uint16(n))
	default:
		b[1] = 127
		b = binary.BigEndian.AppendUint64(b, n)
	}
	if masked {
		b[1] |= 0x80
		b = append(b, key[:]...)
	}
	return b
}

// FuzzParseHeader checks parseHeader against the reference encoder, and
// that any bytes at all neither panic it nor give an impossible header.
func FuzzParseHeader(f *testing.F) {
	f.Add(byte(wsText), false, uint64(5), uint32(0), []byte{0x81, 0x05})
	f.Add(byte(wsClose), true, uint64(2), uint32(0x6b3a912e), []byte{0x88, 0xfe, 0x01})
	f.Add(byte(0x2), false, uint64(70000), uint32(7), []byte{0x82, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, opcode byte, masked bool, n uint64, key uint32, raw []byte) {
		n &= 1<<63 - 1
		var k [4]byte
		binary.BigEndian.PutUint32(k[:], key)
		enc := encodeHeader(opcode, masked, n, k)
		for cut := range enc {
			if _, ok := parseHeader(enc[:cut]); ok {
				t.Fatalf("header complete after %d of %d bytes", cut, len(enc))
			}
		}
		h, ok := parseHeader(append(enc, raw...))
		if !ok || h.opcode != opcode&0x0f || h.masked != masked || h.payload != int64(n) || h.hdrLen != len(enc) || (masked && h.maskKey != k) {
			t.Fatalf("parseHeader(%x) = %+v, %v; want opcode %d masked %v payload %d header %d", enc, h, ok, opcode&0x0f, masked, n, len(enc))
		}
		if masked {
			p := []byte("payload")
			if got := string(h.unmask(h.unmask(p))); got != "payload" {
				t.Fatalf("unmask is not its own inverse: %q", got)
			}
		}
		if h, ok := parseHeader(raw); ok && (h.hdrLen > len(raw) || h.payload < 0) {
			t.Fatalf("parseHeader(%x) = %+v beyond its input", raw, h)
		}
	})
}

// FuzzGatewayPayload checks the watcher's payload readers on payloads
// shaped as Discord sends them ({"t":…,"s":…,"op":…,"d":…}), and that
// arbitrary bytes do not panic them.
func FuzzGatewayPayload(f *testing.F) {
	f.Add("", uint32(9), true, uint32(41250), []byte(`{"t":null,"s":null,"op":9,"d":false}`))
	f.Add("READY", uint32(0), false, uint32(0), []byte(`{"op":10,"d":{"heartbeat_interval":`))
	f.Fuzz(func(t *testing.T, event string, op uint32, d bool, interval uint32, raw []byte) {
		op %= 1_000_000_000
		type payload struct {
			T  *string `json:"t"`
			S  *int    `json:"s"`
			Op uint32  `json:"op"`
			D  any     `json:"d"`
		}
		var tp *string
		if event != "" {
			tp = &event
		}
		p, err := json.Marshal(payload{T: tp, Op: op, D: d})
		if err != nil {
			t.Skip()
		}
		if got := gatewayOp(p); got != int(op) {
			t.Fatalf("gatewayOp(%s) = %d, want %d", p, got, op)
		}
		if got := gatewayBool(p); got != d {
			t.Fatalf("gatewayBool(%s) = %v, want %v", p, got, d)
		}
		interval %= 1_000_000_000
		hello, _ := json.Marshal(payload{T: tp, Op: 10, D: map[string]uint32{"heartbeat_interval": interval}})
		if got := helloInterval(hello); got != int(interval) {
			t.Fatalf("helloInterval(%s) = %d, want %d", hello, got, interval)
		}
		if code := closeCode(raw); code < 0 || code > 0xffff {
			t.Fatalf("closeCode(%x) = %d", raw, code)
		}
		_, _, _ = gatewayOp(raw), gatewayBool(raw), helloInterval(raw)
	})
}
