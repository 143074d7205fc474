package sso

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"html"
	"net/http"

	"github.com/ssox/ssox/internal/visible"
)

type callbackResult struct {
	code string
	// oauthErr is the OAuth error the portal sent back, if any.
	oauthErr string
	err      error
}

// callbackHandler answers the browser's redirect and sends the outcome of
// the first request that carries the login's state. Anyone on the machine
// can reach the port, so a request without that state is answered 400 and
// changes nothing; what the redirect carries is shown with its control
// characters as visible escapes.
func callbackHandler(state, session string, results chan<- callbackResult) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/oauth/callback", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(state)) != 1 {
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprintf(w, page, "Not this login", "This page does not belong to the login ssox is waiting for. Return to the terminal.")
			return
		}
		var res callbackResult
		switch {
		case q.Get("error") != "":
			res.oauthErr = clip(visible.String(q.Get("error")))
			res.err = fmt.Errorf("the login was refused: %s", describe(res.oauthErr, clip(visible.String(q.Get("error_description")))))
		case q.Get("code") == "":
			res.err = errors.New("the login redirect carried no authorization code")
		default:
			res.code = q.Get("code")
		}
		if res.err != nil {
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprintf(w, page, "Login failed", html.EscapeString(res.err.Error())+". Return to the terminal.")
		} else {
			fmt.Fprintf(w, page, "Logged in", "ssox is logged in to "+html.EscapeString(session)+". You can close this tab.")
		}
		select {
		case results <- res:
		default:
		}
	})
	return mux
}

// clip bounds text from the redirect to what a message line can hold.
func clip(s string) string {
	if r := []rune(s); len(r) > 200 {
		return string(r[:200]) + "..."
	}
	return s
}

const page = `<!doctype html><html><head><meta charset="utf-8"><title>ssox</title></head>` +
	`<body style="font-family:sans-serif;margin:4em"><h1>%s</h1><p>%s</p></body></html>`

func describe(code, desc string) string {
	if desc != "" {
		return code + " (" + desc + ")"
	}
	return code
}
