package sso

import (
	"testing"

	"github.com/ssox/ssox/browser"
	"github.com/ssox/ssox/internal/environ"
)

func TestUseDeviceCode(t *testing.T) {
	tests := []struct {
		name          string
		env           environ.Env
		goos          string
		legacy, asked bool
		want          bool
	}{
		{"desktop linux", environ.Env{"DISPLAY": ":0"}, "linux", false, false, false},
		{"asked", environ.Env{"DISPLAY": ":0"}, "linux", false, true, true},
		{"legacy profile", environ.Env{"DISPLAY": ":0"}, "darwin", true, false, true},
		{"ssh", environ.Env{"SSH_CONNECTION": "1 2 3 4", "DISPLAY": ":10"}, "linux", false, false, true},
		{"headless linux", environ.Env{}, "linux", false, false, true},
		{"headless with BROWSER", environ.Env{"BROWSER": "/bin/browser"}, "linux", false, false, false},
		{"mac", environ.Env{}, "darwin", false, false, false},
	}
	for _, tt := range tests {
		if got := useDeviceCode(&browser.Opener{Env: tt.env, GOOS: tt.goos}, tt.legacy, tt.asked); got != tt.want {
			t.Errorf("%s: useDeviceCode = %v, want %v", tt.name, got, tt.want)
		}
	}
}
