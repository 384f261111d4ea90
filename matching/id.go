package matching

import (
	"crypto/sha256"
	"encoding/hex"
)

// shortHash is the first 10 hex digits of SHA-256: short enough for an
// organizer to read out on a call, long enough that a pod of thousands never
// sees a collision in practice.
func shortHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:5])
}

// IdentityKey is the key members are deduplicated by: the email, else the
// phone number's digits, else the name, with case and white space folded.
func IdentityKey(email, phone, name string) string {
	if e := Fold(email); e != "" {
		return "email:" + e
	}
	var digits []byte
	for i := 0; i < len(phone); i++ {
		if phone[i] >= '0' && phone[i] <= '9' {
			digits = append(digits, phone[i])
		}
	}
	if len(digits) > 0 {
		return "phone:" + string(digits)
	}
	return "name:" + Fold(name)
}

// NewMemberID derives a member's stable ID from their identity key.
func NewMemberID(identityKey string) MemberID {
	return MemberID("M-" + shortHash(identityKey))
}
