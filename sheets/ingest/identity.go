package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
)

// idHash derives a stable ID from a sequence of strings, each length-framed
// so that ("ab","c") and ("a","bc") differ.
type idHash struct{ h hash.Hash }

func newIDHash() *idHash { return &idHash{h: sha256.New()} }

func (x *idHash) add(s string) {
	var n [8]byte
	l := len(s)
	for i := range n {
		n[i] = byte(l >> (8 * i))
	}
	x.h.Write(n[:])
	x.h.Write([]byte(s))
}

// sum is 12 hex digits: stable, short enough to read, and collision-free
// in practice for the responses of even a large network.
func (x *idHash) sum() string { return hex.EncodeToString(x.h.Sum(nil)[:6]) }
