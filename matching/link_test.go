package matching

import (
	"reflect"
	"testing"
)

func TestLink(t *testing.T) {
	id := IdentityOf
	cases := []struct {
		name string
		in   []Identity
		want [][]int
	}{
		{"same email, any case", []Identity{id("Ana@Example.org", "", "Ana"), id("ana@example.org ", "", "Ana R")}, [][]int{{0, 1}}},
		{"phone written two ways", []Identity{id("", "555-0111", "Bo"), id("", "+1 (555) 0111", "Bo")}, [][]int{{0, 1}}},
		{"email added later joins by phone", []Identity{id("", "555-0112", "Cy"), id("cy@example.org", "555 0112", "Cy")}, [][]int{{0, 1}}},
		{"different emails stay apart on a shared phone", []Identity{id("a@example.org", "555-0113", "Dee"), id("b@example.org", "555-0113", "Eve")}, [][]int{{0}, {1}}},
		{"shared phone, no email, one name fits", []Identity{id("a@example.org", "555-0114", "Dee"), id("b@example.org", "555-0114", "Eve"), id("", "555-0114", "eve")}, [][]int{{0}, {1, 2}}},
		{"shared phone, no email, no name fits", []Identity{id("a@example.org", "555-0115", "Dee"), id("b@example.org", "555-0115", "Eve"), id("", "555-0115", "Fay"), id("", "555-0115", "Gus")}, [][]int{{0}, {1}, {2, 3}}},
		{"name alone links only name-only answers", []Identity{id("", "", "Hana"), id("", "555-0116", "Hana"), id("", "", " hana ")}, [][]int{{0, 2}, {1}}},
		{"people in order of their first answer", []Identity{id("", "", "Ivan"), id("j@example.org", "", "Jo"), id("", "", "Ivan")}, [][]int{{0, 2}, {1}}},
	}
	for _, tc := range cases {
		if got := Link(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: Link = %v, want %v", tc.name, got, tc.want)
		}
	}
}
