package awsconfig

import (
	"slices"
	"testing"
)

func TestClosest(t *testing.T) {
	t.Parallel()
	profiles := []string{"ui-dev", "dol-prod", "prod-admin", "sandbox", "legacy", "ui"}
	for _, tc := range []struct {
		name string
		want []string
	}{
		{"ui-deb", []string{"ui-dev"}},                         // a typo
		{"UI-DEV", []string{"ui-dev"}},                         // another case
		{"sand", []string{"sandbox"}},                          // a prefix
		{"prod", []string{"dol-prod", "prod-admin"}},           // a suffix and a prefix, nearer first
		{"dol-prod-admin", []string{"prod-admin", "dol-prod"}}, // inside it
		{"dev", []string{"ui-dev"}},
		{"xy", []string{"ui"}}, // two letters: by edit distance alone
		{"zzzzz", nil},
	} {
		if got := Closest(tc.name, profiles); !slices.Equal(got, tc.want) {
			t.Errorf("Closest(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}
