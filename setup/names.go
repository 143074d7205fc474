package setup

import (
	"fmt"
	"net/url"
	"reflect"
	"strings"

	"github.com/ssox/ssox/internal/tmpl"
)

// NameFields are what a --profile-name template sees of an account and
// role the portal lists.
type NameFields struct {
	// AccountName is the account's name as a profile name (lower case
	// letters, digits, '.', '_' and '-'), its id when it has none.
	AccountName string
	AccountID   string
	// RoleName is the role's name as a profile name.
	RoleName string
	// Session is the sso-session's name.
	Session string
	// OnlyRole is whether it is the only role of the account you can
	// reach.
	OnlyRole bool
}

// DefaultProfileName names a profile after its account, with the role when
// the account has several: "sandbox", "ui-dev-readonlyaccess".
const DefaultProfileName = "{{.AccountName}}{{if not .OnlyRole}}-{{.RoleName}}{{end}}"

// Names is a parsed --profile-name.
type Names struct {
	t    *tmpl.Template
	text string
}

// String is the template as given.
func (n *Names) String() string { return n.text }

// maxName bounds a rendered name; a profile name is a [section] header
// people type.
const maxName = 128

// ParseNames parses a --profile-name template, and refuses one that names
// an unknown field or that makes no name of a sample account and role.
func ParseNames(text string) (*Names, error) {
	t, err := tmpl.Parse("profile-name", text, reflect.TypeFor[NameFields](), maxName)
	if err != nil {
		return nil, err
	}
	n := &Names{t, text}
	for _, only := range []bool{true, false} {
		sample := NameFields{AccountName: "sandbox", AccountID: "111122223333", RoleName: "administratoraccess", Session: "my-org", OnlyRole: only}
		name, err := n.execute(sample)
		if err != nil {
			return nil, err
		}
		if name == "" {
			return nil, fmt.Errorf("it makes no profile name of account sandbox, role AdministratorAccess")
		}
	}
	return n, nil
}

// execute renders the template for f, as a profile name: lower case
// letters, digits, '.', '_' and '-', any run of other characters one dash.
func (n *Names) execute(f NameFields) (string, error) {
	s, err := n.t.Execute(f)
	switch err {
	case tmpl.ErrTooLong:
		return "", fmt.Errorf("it makes a name longer than %d bytes", maxName)
	case tmpl.ErrTooManySteps:
		return "", fmt.Errorf("it takes more than %d steps (loop iterations and template calls) or calls templates more than %d deep", tmpl.MaxSteps, tmpl.MaxDepth)
	}
	return slug(s), err
}

// fieldsOf is what a template sees of a.
func fieldsOf(a Assignment, session string, onlyRole bool) NameFields {
	f := NameFields{AccountName: slug(a.AccountName), AccountID: a.AccountID, RoleName: slug(a.RoleName), Session: session, OnlyRole: onlyRole}
	if f.AccountName == "" {
		f.AccountName = a.AccountID
	}
	return f
}

// name is the profile name the template makes of f, "" when it fails on
// f's values or makes nothing.
func (n *Names) name(f NameFields) string {
	name, err := n.execute(f)
	if err != nil {
		return ""
	}
	return name
}

// sessionFromURL is the name the setup guide has people give an
// sso-session: the first label of the start URL's host ("njoitaws" for
// https://njoitaws.awsapps.com/start).
func sessionFromURL(startURL string) string {
	u, err := url.Parse(startURL)
	if err != nil {
		return ""
	}
	label, _, _ := strings.Cut(u.Hostname(), ".")
	return label
}
