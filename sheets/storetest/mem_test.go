package storetest_test

import (
	"testing"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/storetest"
)

// The in-memory store passes the suite every backend passes, so tests that
// use it as a stand-in test against a faithful fake.
func TestMemStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) sheets.Store { return storetest.NewMem() })
}
