package fakeidc

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Role is a role the fake STS treats specially. Any other well-formed role
// ARN (arn:PARTITION:iam::ACCOUNT:role/NAME) may be assumed by any caller.
type Role struct {
	ARN string
	// ExternalID, when set, must be sent as ExternalId, as a role whose
	// trust policy has an sts:ExternalId condition demands.
	ExternalID string
	// Deny refuses every AssumeRole of the role with AccessDenied.
	Deny bool
}

// SSOUser is the user whose name the portal's role sessions carry.
const SSOUser = "user@example.com"

// stsVersion is the only API version STS speaks.
const stsVersion = "2011-06-15"

// principal is whoever holds a set of credentials the fake issued: a role
// session from GetRoleCredentials or from AssumeRole.
type principal struct {
	secret, token string
	account       string
	arn           string // arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION
	userID        string // ROLEID:SESSION
	expires       time.Time
	// chained marks a role assumed with role-session credentials (every
	// AssumeRole here): role chaining.
	chained bool
	// rejected, when set, is the error STS answers every call signed with
	// these credentials (RejectCredentials).
	rejected string
}

// remember records credentials the fake issued, so STS can tell who signed
// a call with them. The caller holds s.mu.
func (s *Server) remember(akid string, p *principal) {
	if s.principals == nil {
		s.principals = map[string]*principal{}
	}
	s.principals[akid] = p
	s.credentials = append(s.credentials, Credentials{AccessKeyID: akid, SecretAccessKey: p.secret, SessionToken: p.token,
		AccountID: p.account, ARN: p.arn, Expiration: p.expires})
}

// RejectCredentials makes STS refuse every set of role credentials issued
// so far, though they have not expired, as AWS does after a session is
// revoked, a permission set changed or the clock jumped: code is
// "ExpiredToken" (400) or "InvalidClientTokenId" (403, a key AWS no longer
// knows).
func (s *Server) RejectCredentials(code string) error {
	if code != "ExpiredToken" && code != "InvalidClientTokenId" {
		return fmt.Errorf("fakeidc: cannot reject credentials with %q (expected: ExpiredToken, InvalidClientTokenId)", code)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.principals {
		p.rejected = code
	}
	return nil
}

// ssoPrincipal is the identity of the portal's role credentials: a session
// of the permission set's AWSReservedSSO_ role, named after the user.
func ssoPrincipal(account, role string) *principal {
	name := "AWSReservedSSO_" + role + "_" + roleSuffix(account+"/"+role)
	return &principal{
		account: account,
		arn:     "arn:aws:sts::" + account + ":assumed-role/" + name + "/" + SSOUser,
		userID:  roleID(account+"/"+name) + ":" + SSOUser,
	}
}

// roleSuffix and roleID are stable per role, as AWS's are.
func roleSuffix(key string) string {
	sum := sha256.Sum256([]byte("suffix/" + key))
	return hex.EncodeToString(sum[:8])
}

func roleID(key string) string {
	sum := sha256.Sum256([]byte("id/" + key))
	return "AROA" + strings.ToUpper(hex.EncodeToString(sum[:8]))
}

var (
	roleARN     = regexp.MustCompile(`^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):role/(?:[\w+=,.@-]+/)*([\w+=,.@-]{1,64})$`)
	sessionName = regexp.MustCompile(`^[\w+=,.@-]{2,64}$`)
)

// stsError is an STS error in its query-protocol shape.
type stsError struct {
	status    int
	typ, code string
	msg       string
}

func stsFail(status int, code, format string, args ...any) *stsError {
	typ := "Sender"
	if status >= 500 {
		typ = "Receiver"
	}
	return &stsError{status: status, typ: typ, code: code, msg: fmt.Sprintf(format, args...)}
}

// serveSTS answers the STS query protocol (form-encoded POST to /, with
// Action and Version), as the SDKs reach it through AWS_ENDPOINT_URL_STS.
func (s *Server) serveSTS(w http.ResponseWriter, r *http.Request) {
	rec := Request{Time: s.opts.Now(), Method: r.Method, Path: r.URL.Path, Op: "Unknown"}
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, 1<<20))
	var form url.Values
	if err == nil {
		form, err = url.ParseQuery(string(body))
	}
	var out any
	var e *stsError
	switch {
	case err != nil:
		e = stsFail(http.StatusBadRequest, "MalformedQueryString", "the request body is not a form")
	case r.Method != http.MethodPost:
		e = stsFail(http.StatusMethodNotAllowed, "InvalidAction", "%s is not supported", r.Method)
	default:
		rec.Op = form.Get("Action")
		sleep(r.Context(), s.opts.Latency)
		if rep, hit := s.fault(r.Context(), route{op: rec.Op}); hit {
			if rep.wire != "" {
				rec.ErrorType = rep.wire
				s.mu.Lock()
				s.log = append(s.log, rec)
				s.mu.Unlock()
				actOut(w, r, rep)
				return
			}
			e = stsFail(rep.err.status, rep.err.typ, "%s", rep.err.msg)
			break
		}
		s.mu.Lock()
		out, e = s.stsCall(r, body, form, &rec)
		s.mu.Unlock()
	}
	rec.Status = http.StatusOK
	if e != nil {
		rec.Status, rec.ErrorType = e.status, e.code
	}
	s.mu.Lock()
	s.log = append(s.log, rec)
	s.mu.Unlock()
	if s.opts.OnRequest != nil {
		s.opts.OnRequest(rec)
	}
	reqID := newRequestID()
	w.Header().Set("X-Amzn-Requestid", reqID)
	w.Header().Set("Content-Type", "text/xml")
	if e != nil {
		w.WriteHeader(e.status)
		writeXML(w, struct {
			XMLName xml.Name `xml:"https://sts.amazonaws.com/doc/2011-06-15/ ErrorResponse"`
			Type    string   `xml:"Error>Type"`
			Code    string   `xml:"Error>Code"`
			Message string   `xml:"Error>Message"`
			ID      string   `xml:"RequestId"`
		}{Type: e.typ, Code: e.code, Message: e.msg, ID: reqID})
		return
	}
	name := rec.Op + "Response"
	writeXML(w, struct {
		XMLName xml.Name
		Result  any    `xml:",any"`
		ID      string `xml:"ResponseMetadata>RequestId"`
	}{XMLName: xml.Name{Space: "https://sts.amazonaws.com/doc/2011-06-15/", Local: name}, Result: out, ID: reqID})
}

func writeXML(w io.Writer, v any) {
	b, err := xml.Marshal(v)
	if err != nil {
		panic(err) // only fixed types are marshalled
	}
	io.WriteString(w, xml.Header)
	w.Write(b)
}

func newRequestID() string {
	b := make([]byte, 16)
	rand.Read(b)
	h := hex.EncodeToString(b)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// stsCall authenticates the caller and runs the action. The caller holds s.mu.
func (s *Server) stsCall(r *http.Request, body []byte, form url.Values, rec *Request) (any, *stsError) {
	if v := form.Get("Version"); v != stsVersion {
		return nil, stsFail(http.StatusBadRequest, "InvalidAction", "Could not find operation %s for version %s", rec.Op, v)
	}
	switch rec.Op {
	case "AssumeRole", "GetCallerIdentity":
	default:
		return nil, stsFail(http.StatusBadRequest, "InvalidAction", "Could not find operation %s for version %s", rec.Op, stsVersion)
	}
	caller, e := s.authenticate(r, body, rec)
	if e != nil {
		return nil, e
	}
	rec.Caller = caller.arn
	if rec.Op == "GetCallerIdentity" {
		return struct {
			XMLName xml.Name `xml:"GetCallerIdentityResult"`
			Arn     string
			UserID  string `xml:"UserId"`
			Account string
		}{Arn: caller.arn, UserID: caller.userID, Account: caller.account}, nil
	}
	return s.assumeRole(form, caller, rec)
}

func (s *Server) assumeRole(form url.Values, caller *principal, rec *Request) (any, *stsError) {
	arn, session := form.Get("RoleArn"), form.Get("RoleSessionName")
	rec.RoleARN, rec.SessionName, rec.ExternalID = arn, session, form.Get("ExternalId")
	m := roleARN.FindStringSubmatch(arn)
	if m == nil {
		return nil, stsFail(http.StatusBadRequest, "ValidationError", "%s is not a valid role ARN", arn)
	}
	rec.AccountID, rec.RoleName = m[2], m[3]
	if !sessionName.MatchString(session) {
		return nil, stsFail(http.StatusBadRequest, "ValidationError",
			"1 validation error detected: Value '%s' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*", session)
	}
	duration := time.Hour
	if d := form.Get("DurationSeconds"); d != "" {
		n, err := strconv.Atoi(d)
		switch {
		case err != nil:
			return nil, stsFail(http.StatusBadRequest, "ValidationError", "DurationSeconds %q is not a number", d)
		case n < 900:
			return nil, stsFail(http.StatusBadRequest, "ValidationError",
				"1 validation error detected: Value '%d' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900", n)
		case n > 43200:
			return nil, stsFail(http.StatusBadRequest, "ValidationError",
				"1 validation error detected: Value '%d' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200", n)
		}
		rec.DurationSeconds = n
		duration = time.Duration(n) * time.Second
	}
	// Every caller here holds a role session (from the portal or from
	// AssumeRole), so every AssumeRole is role chaining.
	if duration > s.opts.ChainedSessionLimit {
		return nil, stsFail(http.StatusBadRequest, "ValidationError",
			"The requested DurationSeconds exceeds the %s session limit for roles assumed by role chaining.", hours(s.opts.ChainedSessionLimit))
	}
	var role Role
	for _, r := range s.opts.Roles {
		if r.ARN == arn {
			role = r
		}
	}
	// A trust policy without an sts:ExternalId condition takes any.
	if role.Deny || role.ExternalID != "" && role.ExternalID != form.Get("ExternalId") {
		return nil, stsFail(http.StatusForbidden, "AccessDenied",
			"User: %s is not authorized to perform: sts:AssumeRole on resource: %s", caller.arn, arn)
	}
	name := m[3]
	p := &principal{
		secret:  s.record("fakeidc" + randomText(25)[:33]),
		token:   s.secret("fakeidc-sts-", 96),
		account: m[2],
		arn:     "arn:" + m[1] + ":sts::" + m[2] + ":assumed-role/" + name + "/" + session,
		userID:  roleID(m[2]+"/"+name) + ":" + session,
		expires: s.opts.Now().Add(duration),
		chained: true,
	}
	akid := "ASIA" + rand.Text()[:16]
	s.remember(akid, p)
	type creds struct {
		AccessKeyID     string `xml:"AccessKeyId"`
		SecretAccessKey string
		SessionToken    string
		Expiration      string
	}
	return struct {
		XMLName         xml.Name `xml:"AssumeRoleResult"`
		AssumedRoleUser struct {
			Arn           string
			AssumedRoleID string `xml:"AssumedRoleId"`
		}
		Credentials creds
	}{
		AssumedRoleUser: struct {
			Arn           string
			AssumedRoleID string `xml:"AssumedRoleId"`
		}{p.arn, p.userID},
		Credentials: creds{akid, p.secret, p.token, p.expires.UTC().Format(time.RFC3339)},
	}, nil
}

// hours says a limit as STS does ("1 hour").
func hours(d time.Duration) string {
	if d%time.Hour == 0 {
		return fmt.Sprintf("%d hour", d/time.Hour)
	}
	return d.String()
}

// authenticate finds who signed the request: the SigV4 Authorization
// header names the access key; the signature must be right for its secret
// and the session token must be the one issued with it.
func (s *Server) authenticate(r *http.Request, body []byte, rec *Request) (*principal, *stsError) {
	auth := r.Header.Get("Authorization")
	if auth == "" {
		return nil, stsFail(http.StatusForbidden, "MissingAuthenticationToken", "Request is missing Authentication Token")
	}
	sig, ok := parseSigV4(auth)
	if !ok {
		return nil, stsFail(http.StatusBadRequest, "IncompleteSignature", "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders'")
	}
	if parts := strings.Split(sig.scope, "/"); len(parts) == 4 {
		rec.SigningRegion = parts[1]
	}
	p := s.principals[sig.akid]
	if p == nil || r.Header.Get("X-Amz-Security-Token") != p.token {
		return nil, stsFail(http.StatusForbidden, "InvalidClientTokenId", "The security token included in the request is invalid.")
	}
	if !s.opts.Now().Before(p.expires) || p.rejected == "ExpiredToken" {
		return nil, stsFail(http.StatusBadRequest, "ExpiredToken", "The security token included in the request is expired")
	}
	if p.rejected != "" {
		return nil, stsFail(http.StatusForbidden, "InvalidClientTokenId", "The security token included in the request is invalid.")
	}
	if want := sig.expected(r, body, p.secret); !hmac.Equal([]byte(want), []byte(sig.signature)) {
		return nil, stsFail(http.StatusForbidden, "SignatureDoesNotMatch",
			"The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.")
	}
	return p, nil
}

type sigV4 struct {
	akid, scope, signature string
	signed                 []string
}

// parseSigV4 reads "AWS4-HMAC-SHA256 Credential=AKID/DATE/REGION/SERVICE/aws4_request,
// SignedHeaders=a;b, Signature=HEX".
func parseSigV4(h string) (sigV4, bool) {
	rest, ok := strings.CutPrefix(h, "AWS4-HMAC-SHA256 ")
	if !ok {
		return sigV4{}, false
	}
	var sig sigV4
	for _, part := range strings.Split(rest, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "Credential":
			sig.akid, sig.scope, _ = strings.Cut(v, "/")
		case "SignedHeaders":
			sig.signed = strings.Split(v, ";")
		case "Signature":
			sig.signature = v
		}
	}
	return sig, sig.akid != "" && strings.Count(sig.scope, "/") == 3 && sig.signature != "" && len(sig.signed) > 0
}

// expected computes the signature the request should carry.
func (sig sigV4) expected(r *http.Request, body []byte, secret string) string {
	var canon strings.Builder
	canon.WriteString(r.Method + "\n" + canonicalPath(r.URL.EscapedPath()) + "\n" + canonicalQuery(r.URL.Query()) + "\n")
	for _, h := range sig.signed {
		var vals []string
		switch h {
		case "host":
			vals = []string{r.Host}
		case "content-length":
			vals = []string{strconv.FormatInt(r.ContentLength, 10)}
		default:
			vals = r.Header.Values(h)
		}
		for i, v := range vals {
			vals[i] = strings.Join(strings.Fields(v), " ")
		}
		canon.WriteString(h + ":" + strings.Join(vals, ",") + "\n")
	}
	payload := sha256.Sum256(body)
	canon.WriteString("\n" + strings.Join(sig.signed, ";") + "\n" + hex.EncodeToString(payload[:]))
	creq := sha256.Sum256([]byte(canon.String()))
	toSign := "AWS4-HMAC-SHA256\n" + r.Header.Get("X-Amz-Date") + "\n" + sig.scope + "\n" + hex.EncodeToString(creq[:])
	parts := strings.Split(sig.scope, "/") // date, region, service, aws4_request
	key := []byte("AWS4" + secret)
	for _, p := range parts {
		key = hmacSHA256(key, p)
	}
	return hex.EncodeToString(hmacSHA256(key, toSign))
}

func hmacSHA256(key []byte, data string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(data))
	return m.Sum(nil)
}

func canonicalPath(p string) string {
	if p == "" {
		return "/"
	}
	return p
}

func canonicalQuery(q url.Values) string {
	var pairs []string
	for k, vs := range q {
		for _, v := range vs {
			pairs = append(pairs, awsEscape(k)+"="+awsEscape(v))
		}
	}
	sort.Strings(pairs)
	return strings.Join(pairs, "&")
}

func awsEscape(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}
