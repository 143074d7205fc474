package awsapi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/ssox/ssox/internal/interrupt"
	"github.com/ssox/ssox/internal/visible"
)

// maxAnswer bounds an answer Get reads: a sign-in token is a few KB.
const maxAnswer = 1 << 20

// Get asks rawURL for op, an AWS call outside the SDK's models (the
// console's federation endpoint), through the same HTTP client, bounds and
// messages as every SDK call: AWS_CA_BUNDLE and the proxy variables, the
// connect and call timeouts, the terminal's "still waiting", Ctrl-C, the
// clock check, and a failure as one *Error of its class. It returns the
// body of a 2xx answer.
//
// rawURL may hold secrets in its query: it never reaches the error or the
// debug log, which name only the scheme and host.
func (n *Net) Get(ctx context.Context, op, rawURL string) ([]byte, error) {
	interrupt.Arm(ctx)
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("%s: the endpoint is not a URL", op)
	}
	endpoint := u.Scheme + "://" + u.Host
	client, err := n.httpClient(n.env().Get("AWS_CA_BUNDLE"))
	if err != nil {
		return nil, err
	}
	timeout := n.timeout()
	cctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if n != nil && n.Slow != nil {
		t := time.AfterFunc(n.slowAfter(), func() { n.Slow(slowMessage(op, endpoint, timeout)) })
		defer t.Stop()
	}
	req, err := http.NewRequestWithContext(cctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %s is not a URL", op, endpoint)
	}
	fail := func(err error, status int) error {
		if n != nil {
			n.Log.Printf("%s: %v", op, err)
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return classify(err, op, endpoint, status, cctx.Err() != nil, timeout)
	}
	resp, err := client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // its text holds the URL
		}
		return nil, fail(err, 0)
	}
	defer resp.Body.Close()
	if n != nil {
		n.checkSkew(resp.Header.Get("Date"), endpoint)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return nil, fail(err, resp.StatusCode)
	}
	if resp.StatusCode/100 != 2 {
		// The same error the SDK returns for an answer with this status,
		// so one classification serves both.
		return nil, fail(&smithyhttp.ResponseError{
			Response: &smithyhttp.Response{Response: resp},
			Err:      fmt.Errorf("HTTP %d: %s", resp.StatusCode, visible.String(string(body[:min(len(body), 300)]))),
		}, resp.StatusCode)
	}
	return body, nil
}
