package matching

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// shortHash is the first 10 hex digits of SHA-256: short enough for an
// organizer to read out on a call, long enough that a pod of thousands never
// sees a collision in practice.
func shortHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:5])
}

// phoneDigits is every digit of a phone number, in order.
func phoneDigits(phone string) string {
	var digits []byte
	for i := 0; i < len(phone); i++ {
		if phone[i] >= '0' && phone[i] <= '9' {
			digits = append(digits, phone[i])
		}
	}
	return string(digits)
}

// NormalizePhone is a phone number as members are told apart by it: its
// digits only, without the North American country code 1 when the number
// shows one, either written as "+1" or as the first of eleven digits. So
// "555-0111", "(555) 0111" and "+1 555 0111" are one number, and
// "1 (212) 555-0111" is "212 555-0111". Other country codes are kept.
func NormalizePhone(phone string) string {
	d := phoneDigits(phone)
	switch {
	case len(d) > 1 && strings.HasPrefix(strings.TrimSpace(phone), "+1"):
		return d[1:]
	case len(d) == 11 && d[0] == '1':
		return d[1:]
	}
	return d
}

// IdentityKey is the key one response is known by: the email, else the
// normalized phone number, else the name, with case and white space folded.
// A person who answered more than once may have several (see
// Link, which links them); a new member's ID is derived from
// the key of their earliest response.
func IdentityKey(email, phone, name string) string {
	if e := Fold(email); e != "" {
		return "email:" + e
	}
	if p := NormalizePhone(phone); p != "" {
		return "phone:" + p
	}
	return "name:" + Fold(name)
}

// IdentityKeys is IdentityKey followed by any other key earlier versions of
// podsync derived from the same answers (before the country code was
// dropped, a phone key held every digit), so that a Member ID already on
// the Members tab is still recognized.
func IdentityKeys(email, phone, name string) []string {
	k := IdentityKey(email, phone, name)
	keys := []string{k}
	if strings.HasPrefix(k, "phone:") {
		if old := "phone:" + phoneDigits(phone); old != k {
			keys = append(keys, old)
		}
	}
	return keys
}

// NewMemberID derives a member's stable ID from their identity key.
func NewMemberID(identityKey string) MemberID {
	return MemberID("M-" + shortHash(identityKey))
}
