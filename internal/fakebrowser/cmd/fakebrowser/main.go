// Command fakebrowser plays the user's browser for tests and the demo; see
// package fakebrowser.
package main

import "github.com/ssox/ssox/internal/fakebrowser"

func main() { fakebrowser.Main() }
