// Package golden compares test output with golden files, for the tests of
// the matching packages only: no other code imports it.
//
// Run a package's tests with -update (or PODSYNC_UPDATE_GOLDEN=1) to
// rewrite its golden files.
package golden

import (
	"flag"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/matching")

// Check compares got with the file at path (relative to the test's package
// directory), rewriting the file first when asked to.
func Check(t *testing.T, path, got string) {
	t.Helper()
	if *update || os.Getenv("PODSYNC_UPDATE_GOLDEN") != "" {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if string(want) != got {
		t.Fatalf("result differs from %s:\n%s", path, got)
	}
}
