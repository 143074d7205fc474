// Package timeleft writes how long a token or credentials have left, the
// one way every ssox command and the prompt say it.
package timeleft

import (
	"strconv"
	"time"
)

// Format writes secs seconds left: "expired" at zero or less, whole
// minutes under an hour ("47m", "0m" for under a minute), hours and
// two-digit minutes under a day ("2h05m"), whole days beyond ("3d").
// Every unit rounds down, as the shell prompts (which count with builtins)
// do.
func Format(secs int64) string {
	switch {
	case secs <= 0:
		return "expired"
	case secs < 3600:
		return strconv.FormatInt(secs/60, 10) + "m"
	case secs < 86400:
		m := secs % 3600 / 60
		pad := ""
		if m < 10 {
			pad = "0"
		}
		return strconv.FormatInt(secs/3600, 10) + "h" + pad + strconv.FormatInt(m, 10) + "m"
	}
	return strconv.FormatInt(secs/86400, 10) + "d"
}

// Until writes the time from now to exp, counted in whole seconds on both
// sides as the prompt counts SSOX_EXPIRES, so that every command rounds the
// same instant alike.
func Until(exp, now time.Time) string {
	return Format(exp.Unix() - now.Unix())
}

// Since writes how long ago exp was, for what has expired ("2h05m").
func Since(exp, now time.Time) string {
	return Format(now.Unix() - exp.Unix())
}
