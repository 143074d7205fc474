package fakeidc

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// bearer returns the session token a portal call carries, if it is valid.
func (s *Server) bearer(r *http.Request, rec *Request) (*accessToken, *apiError) {
	t := s.access[r.Header.Get("x-amz-sso_bearer_token")]
	if t == nil || t.revoked || t.session.loggedOut || !s.opts.Now().Before(t.expires) {
		return nil, &apiError{http.StatusUnauthorized, "UnauthorizedException", "Session token not found or invalid"}
	}
	rec.ClientID = t.clientID
	return t, nil
}

func (s *Server) account(id string) *Account {
	for i := range s.opts.Accounts {
		if s.opts.Accounts[i].ID == id {
			return &s.opts.Accounts[i]
		}
	}
	return nil
}

// noAccess is what the portal says about accounts and roles the user is
// not assigned.
var noAccess = &apiError{http.StatusForbidden, "ForbiddenException", "No access"}

func (s *Server) getRoleCredentials(r *http.Request, _ *input, rec *Request) reply {
	if _, e := s.bearer(r, rec); e != nil {
		return reply{err: e}
	}
	if rec.AccountID == "" || rec.RoleName == "" {
		return fail(http.StatusBadRequest, "InvalidRequestException", "account_id and role_name are required")
	}
	if a := s.account(rec.AccountID); a == nil || !slices.Contains(a.Roles, rec.RoleName) {
		return reply{err: noAccess}
	}
	type creds struct {
		AccessKeyID     string `json:"accessKeyId"`
		SecretAccessKey string `json:"secretAccessKey"`
		SessionToken    string `json:"sessionToken"`
		Expiration      int64  `json:"expiration"` // epoch milliseconds, unlike most AWS APIs
	}
	c := creds{
		AccessKeyID:     "ASIA" + rand.Text()[:16],
		SecretAccessKey: s.record("fakeidc" + randomText(25)[:33]), // 40 characters, like a real one
		SessionToken:    s.secret("fakeidc-st-", 96),
		Expiration:      s.opts.Now().Add(s.opts.RoleCredentialsTTL).UnixMilli(),
	}
	p := ssoPrincipal(rec.AccountID, rec.RoleName)
	p.secret, p.token, p.expires = c.SecretAccessKey, c.SessionToken, time.UnixMilli(c.Expiration)
	s.remember(c.AccessKeyID, p)
	return reply{body: struct {
		RoleCredentials creds `json:"roleCredentials"`
	}{c}}
}

func (s *Server) listAccounts(r *http.Request, _ *input, rec *Request) reply {
	if _, e := s.bearer(r, rec); e != nil {
		return reply{err: e}
	}
	accts := s.opts.Accounts
	from, to, next, e := s.page(r.Form, "accounts", len(accts))
	if e != nil {
		return reply{err: e}
	}
	type info struct {
		AccountID    string `json:"accountId"`
		AccountName  string `json:"accountName"`
		EmailAddress string `json:"emailAddress"`
	}
	out := struct {
		AccountList []info `json:"accountList"`
		NextToken   string `json:"nextToken,omitempty"`
	}{AccountList: []info{}, NextToken: next}
	for _, a := range accts[from:to] {
		out.AccountList = append(out.AccountList, info{a.ID, a.Name, a.Email})
	}
	return reply{body: out}
}

func (s *Server) listAccountRoles(r *http.Request, _ *input, rec *Request) reply {
	if _, e := s.bearer(r, rec); e != nil {
		return reply{err: e}
	}
	if rec.AccountID == "" {
		return fail(http.StatusBadRequest, "InvalidRequestException", "account_id is required")
	}
	a := s.account(rec.AccountID)
	if a == nil {
		return reply{err: noAccess}
	}
	from, to, next, e := s.page(r.Form, "roles/"+a.ID, len(a.Roles))
	if e != nil {
		return reply{err: e}
	}
	type info struct {
		AccountID string `json:"accountId"`
		RoleName  string `json:"roleName"`
	}
	out := struct {
		RoleList  []info `json:"roleList"`
		NextToken string `json:"nextToken,omitempty"`
	}{RoleList: []info{}, NextToken: next}
	for _, role := range a.Roles[from:to] {
		out.RoleList = append(out.RoleList, info{a.ID, role})
	}
	return reply{body: out}
}

// page works out which of n items a list call returns, and the token for
// the rest. Tokens name the list they belong to, so one list's token is
// refused by another.
func (s *Server) page(q url.Values, list string, n int) (from, to int, next string, e *apiError) {
	size := s.opts.PageSize
	if mr := q.Get("max_result"); mr != "" {
		v, err := strconv.Atoi(mr)
		if err != nil || v < 1 {
			return 0, 0, "", &apiError{http.StatusBadRequest, "InvalidRequestException", "max_result must be a positive integer"}
		}
		size = min(size, v)
	}
	if tok := q.Get("next_token"); tok != "" {
		raw, _ := base64.RawURLEncoding.DecodeString(tok)
		l, off, _ := strings.Cut(string(raw), "|")
		var err error
		if from, err = strconv.Atoi(off); err != nil || l != list || from <= 0 || from >= n {
			return 0, 0, "", &apiError{http.StatusBadRequest, "InvalidRequestException", "invalid next_token"}
		}
	}
	to = min(from+size, n)
	if to < n {
		next = base64.RawURLEncoding.EncodeToString([]byte(list + "|" + strconv.Itoa(to)))
	}
	return from, to, next, nil
}

// logout ends the session the token belongs to, so its access and refresh
// tokens all stop working.
func (s *Server) logout(r *http.Request, _ *input, rec *Request) reply {
	t, e := s.bearer(r, rec)
	if e != nil {
		return reply{err: e}
	}
	t.session.loggedOut = true
	return reply{}
}
