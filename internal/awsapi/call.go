package awsapi

import (
	"context"
	"sync"
	"time"

	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/ssox/ssox/internal/interrupt"
)

// call is what one operation learns on its way: its name and the endpoint
// its attempts went to, for the messages about it.
type call struct {
	mu       sync.Mutex
	op       string
	endpoint string
	status   int // of the last answer, 0 before one
}

func (c *call) names() (op, endpoint string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	endpoint = c.endpoint
	if endpoint == "" {
		endpoint = "the service"
	}
	return c.op, endpoint
}

type callKey struct{}

func (n *Net) addMiddleware(stack *middleware.Stack) error {
	if err := stack.Initialize.Add(middleware.InitializeMiddlewareFunc("ssoxBoundCall", n.bound), middleware.Before); err != nil {
		return err
	}
	return stack.Deserialize.Add(middleware.DeserializeMiddlewareFunc("ssoxObserveAttempt", n.observe), middleware.Before)
}

// bound runs the whole call, retries included, under Timeout; tells Slow
// when it lasts; and turns its failure into an *Error. An error of the
// caller's own context (Ctrl-C, the login's deadline) is returned as the
// context's error, so callers recognise it.
func (n *Net) bound(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
	interrupt.Arm(ctx) // a call may wait: from now on Ctrl-C ends the run
	c := &call{op: middleware.GetOperationName(ctx)}
	timeout := n.timeout()
	cctx, cancel := context.WithTimeout(context.WithValue(ctx, callKey{}, c), timeout)
	defer cancel()
	if n != nil && n.Slow != nil {
		t := time.AfterFunc(n.slowAfter(), func() {
			op, endpoint := c.names()
			n.Slow(slowMessage(op, endpoint, timeout))
		})
		defer t.Stop()
	}
	out, md, err := next.HandleInitialize(cctx, in)
	if err == nil {
		return out, md, nil
	}
	if n != nil {
		n.Log.Printf("%s: %v", c.op, err)
	}
	if ctx.Err() != nil {
		return out, md, ctx.Err()
	}
	op, endpoint := c.names()
	c.mu.Lock()
	last := c.status
	c.mu.Unlock()
	return out, md, classify(err, op, endpoint, last, cctx.Err() != nil, timeout)
}

// observe records where each attempt goes and checks the answer's Date.
func (n *Net) observe(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
	endpoint := ""
	if req, ok := in.Request.(*smithyhttp.Request); ok && req.URL != nil {
		endpoint = req.URL.Scheme + "://" + req.URL.Host
		if c, ok := ctx.Value(callKey{}).(*call); ok {
			c.mu.Lock()
			c.endpoint = endpoint
			c.mu.Unlock()
		}
	}
	out, md, err := next.HandleDeserialize(ctx, in)
	if resp, ok := out.RawResponse.(*smithyhttp.Response); ok && resp.Response != nil {
		n.checkSkew(resp.Header.Get("Date"), endpoint)
		if c, ok := ctx.Value(callKey{}).(*call); ok {
			c.mu.Lock()
			c.status = resp.StatusCode
			c.mu.Unlock()
		}
	}
	return out, md, err
}

// checkSkew warns, once per run, when the service's clock and ours differ
// by more than SkewLimit: credentials' expiry times are the service's.
func (n *Net) checkSkew(date, endpoint string) {
	if n == nil || n.Warn == nil || date == "" {
		return
	}
	server, err := time.Parse(time.RFC1123, date)
	if err != nil {
		return
	}
	skew := n.now().Sub(server)
	if skew < SkewLimit && skew > -SkewLimit {
		return
	}
	n.skewOnce.Do(func() {
		dir := "ahead of"
		if skew < 0 {
			dir, skew = "behind", -skew
		}
		n.Warn("the local clock is %s %s the clock of %s; credentials will look expired too early or too late: set the clock right (enable NTP)",
			skew.Round(time.Minute), dir, endpoint)
	})
}
