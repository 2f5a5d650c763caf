package gateway

import (
	"bytes"
	"encoding/binary"
)

// WebSocket opcodes that the watcher cares about (RFC 6455 §5.2).
const (
	wsText  = 0x1
	wsClose = 0x8
)

// smallFrame is the largest payload the watcher holds back to inspect.
// Gateway control payloads (HELLO, ACK, RECONNECT, INVALID_SESSION, close
// frames) are far below it; larger frames are dispatches and stream through.
const smallFrame = 1024

// frameHeader is the decoded head of one WebSocket frame.
type frameHeader struct {
	opcode  byte
	fin     bool // the last (here: only) frame of its message
	hdrLen  int
	payload int64
	masked  bool
	maskKey [4]byte
}

// parseHeader decodes the frame header at the start of b. ok is false when
// b does not yet hold the whole header.
func parseHeader(b []byte) (h frameHeader, ok bool) {
	if len(b) < 2 {
		return h, false
	}
	h.opcode = b[0] & 0x0f
	h.fin = b[0]&0x80 != 0
	h.masked = b[1]&0x80 != 0
	n := int64(b[1] & 0x7f)
	h.hdrLen = 2
	switch n {
	case 126:
		if len(b) < 4 {
			return h, false
		}
		n = int64(binary.BigEndian.Uint16(b[2:4]))
		h.hdrLen = 4
	case 127:
		if len(b) < 10 {
			return h, false
		}
		n = int64(binary.BigEndian.Uint64(b[2:10]) & (1<<63 - 1))
		h.hdrLen = 10
	}
	if h.masked {
		if len(b) < h.hdrLen+4 {
			return h, false
		}
		copy(h.maskKey[:], b[h.hdrLen:h.hdrLen+4])
		h.hdrLen += 4
	}
	h.payload = n
	return h, true
}

// unmask returns the payload in clear text (server frames are never masked,
// but a proxy in between is allowed to be odd).
func (h frameHeader) unmask(p []byte) []byte {
	if !h.masked {
		return p
	}
	out := make([]byte, len(p))
	for i := range p {
		out[i] = p[i] ^ h.maskKey[i%4]
	}
	return out
}

// gatewayOp returns the value of the top-level "op" key of a gateway
// payload, or -1 when there is none.
func gatewayOp(p []byte) int {
	i := bytes.Index(p, []byte(`"op":`))
	if i < 0 {
		return -1
	}
	return leadingInt(p[i+len(`"op":`):])
}

// leadingInt parses the integer at the start of p after optional spaces; -1
// when there is none.
func leadingInt(p []byte) int {
	p = bytes.TrimLeft(p, " ")
	n, digits := 0, 0
	for _, c := range p {
		if c < '0' || c > '9' || digits > 9 {
			break
		}
		n = n*10 + int(c-'0')
		digits++
	}
	if digits == 0 {
		return -1
	}
	return n
}

// helloInterval extracts heartbeat_interval (milliseconds) from a HELLO
// payload; 0 when absent.
func helloInterval(p []byte) int {
	i := bytes.Index(p, []byte(`"heartbeat_interval":`))
	if i < 0 {
		return 0
	}
	n := leadingInt(p[i+len(`"heartbeat_interval":`):])
	if n < 0 {
		return 0
	}
	return n
}

// closeCode extracts the status code of a close frame's payload; 1005 (no
// status) when the payload carries none.
func closeCode(p []byte) int {
	if len(p) < 2 {
		return 1005
	}
	return int(binary.BigEndian.Uint16(p[:2]))
}

// clientCloseFrame returns a masked close frame carrying code, as a
// client must send it (RFC 6455 §5.3; the mask key is fixed because it
// protects nothing here).
func clientCloseFrame(code int) []byte {
	key := [4]byte{0x6b, 0x3a, 0x91, 0x2e}
	f := []byte{0x80 | wsClose, 0x80 | 2, key[0], key[1], key[2], key[3], byte(code >> 8), byte(code)}
	for i := range 2 {
		f[6+i] ^= key[i%4]
	}
	return f
}

// gatewayBool reports whether the payload's "d" is the literal true (op 9's
// "resumable" flag).
func gatewayBool(p []byte) bool {
	i := bytes.Index(p, []byte(`"d":`))
	if i < 0 {
		return false
	}
	return bytes.HasPrefix(bytes.TrimLeft(p[i+len(`"d":`):], " "), []byte("true"))
}
