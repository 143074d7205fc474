package awsapi

import (
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"time"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// Class is the kind of failure a call met, which decides what the user can
// do about it.
type Class int

// The classes of failed calls.
const (
	Unreachable    Class = iota + 1 // no connection, or it broke
	Timeout                         // no answer in time
	Throttled                       // HTTP 429 or a throttling error code
	ServerError                     // HTTP 5xx, or an answer that cannot be read
	Unauthorized                    // HTTP 401: the token or client is refused
	Forbidden                       // HTTP 403: no access
	InvalidRequest                  // any other HTTP 4xx
)

func (c Class) String() string {
	switch c {
	case Unreachable:
		return "unreachable"
	case Timeout:
		return "timeout"
	case Throttled:
		return "throttled"
	case ServerError:
		return "server error"
	case Unauthorized:
		return "unauthorized"
	case Forbidden:
		return "forbidden"
	case InvalidRequest:
		return "invalid request"
	}
	return "unknown"
}

// Hint is the fix of the classes whose fix does not depend on what was
// asked; errs.HintOf uses it when the caller gave no hint. The others (unauthorized, forbidden) get their hint from the
// caller, who knows which login or which profile key would fix them.
func (c Class) Hint() string {
	switch c {
	case Unreachable:
		return "check the network connection and any proxy (HTTPS_PROXY), then try again"
	case Timeout:
		return "check the network connection and any proxy, then try again; SSOX_TIMEOUT=2m waits longer"
	case Throttled:
		return "too many requests in a short time: wait a minute, then try again"
	case ServerError:
		return "the service failed, not your configuration: try again in a few minutes"
	case InvalidRequest:
		return "run the command again with --debug to see the service's answer"
	}
	return ""
}

// Error is a failed call, described in one line without the SDK's text
// (which --debug logs). It wraps the SDK's error, so errors.As still finds
// the service's exception types.
type Error struct {
	Class    Class
	Op       string // e.g. GetRoleCredentials
	Endpoint string // scheme://host of the last attempt
	Status   int    // HTTP status, 0 when there was no answer
	Code     string // the service's error code, sanitised
	Detail   string // what happened, for Unreachable, Timeout and unreadable answers
	Err      error
}

func (e *Error) Error() string {
	where := e.Endpoint
	if e.Op != "" {
		where += " (" + e.Op + ")"
	}
	status := fmt.Sprintf("HTTP %d", e.Status)
	if e.Code != "" {
		status += ", " + e.Code
	}
	switch e.Class {
	case Unreachable:
		return fmt.Sprintf("cannot reach %s: %s", where, e.Detail)
	case Timeout:
		return fmt.Sprintf("%s %s", where, e.Detail)
	case Throttled:
		return fmt.Sprintf("%s is throttling requests (%s)", where, status)
	case ServerError:
		if e.Detail != "" {
			return fmt.Sprintf("%s %s (HTTP %d)", where, e.Detail, e.Status)
		}
		return fmt.Sprintf("%s failed (%s)", where, status)
	case Unauthorized:
		return fmt.Sprintf("%s refused the sign-in (%s)", where, status)
	case Forbidden:
		return fmt.Sprintf("%s denied access (%s)", where, status)
	}
	return fmt.Sprintf("%s rejected the request (%s)", where, status)
}

func (e *Error) Unwrap() error { return e.Err }

// Hint is the class's fix, when it does not depend on what was asked.
func (e *Error) Hint() string { return e.Class.Hint() }

// Clean returns the *Error inside the SDK's operation error, whose text
// would repeat the service and operation ahead of it; other errors are
// returned as they are. The *Error still wraps the SDK's error, so
// errors.As finds the service's exception types through it. Every call
// site passes its error through Clean.
func Clean(err error) error {
	var op *smithy.OperationError
	var e *Error
	if errors.As(err, &op) && errors.As(op.Err, &e) {
		return e
	}
	return err
}

// ClassOf returns the class of a failed call in err's chain, or 0.
func ClassOf(err error) Class {
	var e *Error
	if errors.As(err, &e) {
		return e.Class
	}
	return 0
}

// classify describes err, the failure of op at endpoint; last is the
// status of the last answer, if any; timedOut says the call's own deadline
// ended it.
func classify(err error, op, endpoint string, last int, timedOut bool, timeout time.Duration) error {
	e := &Error{Op: op, Endpoint: endpoint, Err: err}
	var re *smithyhttp.ResponseError
	switch {
	case errors.As(err, &re) && re.Response != nil:
		e.Status = re.HTTPStatusCode()
	case timedOut && last >= 400:
		// The deadline ended a wait between retries: the last answer
		// tells what went wrong.
		e.Status = last
	}
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		e.Code = sanitizeCode(apiErr.ErrorCode())
	}
	var de *smithy.DeserializationError
	switch {
	case timedOut && e.Status == 0:
		// Out of time with an answer in hand (throttled, retried until
		// the deadline), the answer says more than the deadline.
		e.Class, e.Detail = Timeout, fmt.Sprintf("did not answer within %s", timeout)
	case errors.Is(err, io.ErrUnexpectedEOF) && e.Status != 0:
		e.Class, e.Detail = ServerError, "broke off its answer"
	case errors.As(err, &de) && e.Status < 300:
		e.Class, e.Detail = ServerError, "sent an answer ssox cannot read"
	case e.Status == 429 || throttling(e.Code):
		e.Class = Throttled
	case e.Status >= 500:
		e.Class = ServerError
	case e.Status == 401:
		e.Class = Unauthorized
	case e.Status == 403:
		e.Class = Forbidden
	case e.Status >= 400:
		e.Class = InvalidRequest
	default:
		e.Class, e.Detail = Unreachable, netDetail(err)
	}
	if e.Code == "UnknownError" {
		e.Code = ""
	}
	return e
}

func throttling(code string) bool {
	switch code {
	case "TooManyRequestsException", "ThrottlingException", "Throttling", "RequestLimitExceeded":
		return true
	}
	return false
}

// sanitizeCode keeps an error code to the characters codes are made of: it
// comes from the network and is printed.
func sanitizeCode(code string) string {
	var b strings.Builder
	for _, r := range code {
		if b.Len() >= 64 {
			break
		}
		if r == '.' || r == '_' || r == ':' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// netDetail names a connection failure in a few words.
func netDetail(err error) string {
	var dnsErr *net.DNSError
	var unknownCA x509.UnknownAuthorityError
	var certErr x509.CertificateInvalidError
	var hostErr x509.HostnameError
	switch {
	case errors.As(err, &dnsErr):
		return "no such host " + dnsErr.Name
	case isAny(err, errRefused):
		return "connection refused"
	case isAny(err, errClosed), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "the connection was closed before an answer"
	case isAny(err, errUnreachable):
		return "network unreachable"
	case errors.As(err, &unknownCA), errors.As(err, &certErr), errors.As(err, &hostErr):
		return "its TLS certificate is not trusted (AWS_CA_BUNDLE names extra CAs)"
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return "the connection timed out"
	}
	return "the request failed"
}

func isAny(err error, targets []error) bool {
	for _, target := range targets {
		if errors.Is(err, target) {
			return true
		}
	}
	return false
}

func slowMessage(op, endpoint string, timeout time.Duration) string {
	if op != "" {
		endpoint += " (" + op + ")"
	}
	return fmt.Sprintf("still waiting for %s; giving up after %s (Ctrl-C stops)", endpoint, timeout)
}
