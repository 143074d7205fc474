package shells

import (
	"errors"
	"strings"
	"testing"

	"github.com/ssox/ssox/internal/environ"
)

func TestUpdateWrite(t *testing.T) {
	u := Update{Save: []string{"B", "A$(x)", "A"}, SaveIfSwitched: true, Unset: []string{"AWS_SSO_X$(touch pwned)", "OLD"},
		Set: environ.Env{"K": "it's"}, RetryAt: 42, Watch: "/h/a b.json"}
	for shell, want := range map[string]string{
		"zsh":  "_ssox_save -s A B\nunset OLD\nexport K='it'\\''s'\n_ssox_next 42 '/h/a b.json'\n",
		"bash": "_ssox_save -s A B\nunset OLD\nexport K='it'\\''s'\n_ssox_next 42 '/h/a b.json'\n",
		"fish": "__ssox_save -s A B;\nset -e -g OLD;\nset -gx K 'it\\'s';\n__ssox_next 42 '/h/a b.json';\n",
	} {
		var b strings.Builder
		if err := u.Write(&b, shell); err != nil || b.String() != want {
			t.Errorf("%s: %v\n%s\nwant\n%s", shell, err, b.String(), want)
		}
	}
	var b strings.Builder
	if err := (Update{Set: environ.Env{"A B": "x"}}).Write(&b, "zsh"); err == nil {
		t.Error("a name with a space was written")
	}
	if err := (Update{}).Write(&b, "tcsh"); !errors.Is(err, ErrUnknownShell) {
		t.Errorf("tcsh: %v", err)
	}
}
