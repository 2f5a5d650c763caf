package logging

import (
	"crypto/rand"
	"encoding/base32"
)

// refAlphabet is the RFC 4648 base32 alphabet in lower case; without 0 and
// 1, an o or l cannot be misread.
const refAlphabet = "abcdefghijklmnopqrstuvwxyz234567"

// NewRefID returns a random 8-character reference ID, such as "k3xq7mza",
// to show a user next to an internal error and to log with it. It holds 40
// random bits from crypto/rand.
func NewRefID() string {
	var b [5]byte
	_, _ = rand.Read(b[:]) // never fails: crypto/rand.Read crashes the program instead
	return base32.NewEncoding(refAlphabet).WithPadding(base32.NoPadding).EncodeToString(b[:])
}
