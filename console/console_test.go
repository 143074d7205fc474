package console

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ssox/ssox/creds"
	"github.com/ssox/ssox/internal/awsapi"
	"github.com/ssox/ssox/internal/debuglog"
	"github.com/ssox/ssox/internal/errs"
	"github.com/ssox/ssox/internal/golden"
)

// Every place the console can land, in every partition: the hosts, the
// region in the host and the query, global services without one.
func TestDestinations(t *testing.T) {
	t.Parallel()
	var out strings.Builder
	for _, region := range []string{"", "us-east-1", "eu-west-1", "us-gov-west-1", "us-gov-east-1", "cn-north-1", "cn-northwest-1"} {
		p, err := PartitionOf(region)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct{ service, dest string }{
			{"", ""}, {"s3", ""}, {"ec2", ""}, {"cfn", ""}, {"iam", ""}, {"route53", ""}, {"r53", ""},
			{"", "ec2/home#Instances:instanceState=running"}, {"", "/cloudwatch/home?region=eu-west-1#alarmsV2:"},
			{"", "https://s3.console." + p.Domain + "/s3/buckets/my-bucket?region=eu-west-1&tab=objects"},
		} {
			d, err := Destination(p, region, c.service, c.dest)
			if err != nil {
				t.Fatalf("%q %+v: %v", region, c, err)
			}
			fmt.Fprintf(&out, "%-14s %-10s service=%-8s dest=%-30.30s %s\n", region, p.Name, c.service, c.dest, d)
		}
	}
	golden.Check(t, "testdata/destinations.golden", out.String())
}

func TestDestinationRefusals(t *testing.T) {
	t.Parallel()
	aws, _ := PartitionOf("eu-west-1")
	for _, tc := range []struct{ region, service, dest, want string }{
		{"eu-west-1", "", "http://eu-west-1.console.aws.amazon.com/", `--destination "http://eu-west-1.console.aws.amazon.com/" is not https: give a console URL (https://…console.aws.amazon.com/…) or a path (ec2/home#Instances)`},
		{"eu-west-1", "", "https://evil.example/", `--destination "https://evil.example/" is not on the aws console: give a console URL (https://…console.aws.amazon.com/…) or a path (ec2/home#Instances)`},
		{"eu-west-1", "", "https://console.aws.amazon.com.evil.example/", `--destination "https://console.aws.amazon.com.evil.example/" is not on the aws console: give a console URL (https://…console.aws.amazon.com/…) or a path (ec2/home#Instances)`},
		{"eu-west-1", "", "https://console.amazonaws.cn/", `--destination "https://console.amazonaws.cn/" is not on the aws console: give a console URL (https://…console.aws.amazon.com/…) or a path (ec2/home#Instances)`},
		{"eu-west-1", "", "https://x@console.aws.amazon.com/", `--destination "https://x@console.aws.amazon.com/" names a user or a port: give a console URL (https://…console.aws.amazon.com/…) or a path (ec2/home#Instances)`},
		{"eu-west-1", "", "ec2/home\n#x", `--destination "ec2/home\x0a#x" holds a space or a control character: give a console URL (https://…console.aws.amazon.com/…) or a path (ec2/home#Instances)`},
		{"eu-west-1", "S3", "", `"S3" is not the name of a console service (like s3, ec2, cloudformation)`},
		{"eu-west-1", "s3/../x", "", `"s3/../x" is not the name of a console service (like s3, ec2, cloudformation)`},
		{"evil.example#", "", "", `"evil.example#" is not an AWS region name (like us-east-1)`},
		{"us-east-1.evil.example", "s3", "", `"us-east-1.evil.example" is not an AWS region name (like us-east-1)`},
	} {
		if _, err := Destination(aws, tc.region, tc.service, tc.dest); err == nil || err.Error() != tc.want {
			t.Errorf("%+v: %v", tc, err)
		}
	}
	for region, want := range map[string]string{
		"evil.example#":  `"evil.example#" is not an AWS region name (like us-east-1)`,
		"us-iso-east-1":  "ssox knows the consoles of the aws, aws-us-gov and aws-cn partitions, not the one of region us-iso-east-1",
		"eusc-de-east-1": "ssox knows the consoles of the aws, aws-us-gov and aws-cn partitions, not the one of region eusc-de-east-1",
	} {
		if _, err := PartitionOf(region); err == nil || err.Error() != want {
			t.Errorf("%s: %v", region, err)
		}
	}
}

// federation is a stand-in federation endpoint that records what
// getSigninToken was asked and answers with a fixed token, or status.
type federation struct {
	mu     sync.Mutex
	asked  []url.Values
	status []int // answers in order; 200 once they run out
}

func (f *federation) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.asked = append(f.asked, r.URL.Query())
	status := 200
	if len(f.status) > 0 {
		status, f.status = f.status[0], f.status[1:]
	}
	if status != 200 {
		http.Error(w, "no", status)
		return
	}
	w.Write([]byte(`{"SigninToken":"tok+en/1="}`))
}

var keys = &creds.Credentials{AccessKeyID: "ASIAKEY", SecretAccessKey: "secret+/=", SessionToken: "token&x"}

// Every shape of sign-in URL: the partition's sign-in host, the us-east-1
// host and its logout redirect when the browser is shared, the override's
// host, SessionDuration where AWS takes it.
func TestSignInURLs(t *testing.T) {
	t.Parallel()
	fed := &federation{}
	srv := httptest.NewServer(fed)
	defer srv.Close()
	var out strings.Builder
	for _, tc := range []struct {
		region, override string
		logoutFirst      bool
		duration         time.Duration
		chained          bool
	}{
		{region: "eu-west-1"},
		{region: "eu-west-1", logoutFirst: true},
		{region: "eu-west-1", duration: 12 * time.Hour},
		{region: "eu-west-1", logoutFirst: true, duration: 15 * time.Minute},
		{region: "eu-west-1", duration: time.Hour, chained: true},
		{region: "us-gov-west-1", logoutFirst: true},
		{region: "us-gov-west-1", duration: 2 * time.Hour},
		{region: "cn-north-1", logoutFirst: true},
		{region: "cn-north-1"},
		{region: "eu-west-1", override: "https://proxy.example/aws/federation"},
		{region: "eu-west-1", override: "https://proxy.example/aws/federation", logoutFirst: true},
	} {
		p, err := PartitionOf(tc.region)
		if err != nil {
			t.Fatal(err)
		}
		e, err := EndpointsFor(p, tc.override, tc.logoutFirst)
		if err != nil {
			t.Fatal(err)
		}
		dest, _ := Destination(p, tc.region, "", "")
		// The stand-in answers in place of every endpoint.
		real := e.Federation
		e2 := e
		e2.Federation = srv.URL + "/federation"
		u, err := SignInURL(context.Background(), &awsapi.Net{}, nil, e2, Request{Profile: "p", Credentials: keys, Destination: dest, Duration: tc.duration, Chained: tc.chained})
		if err != nil {
			t.Fatal(err)
		}
		u = strings.ReplaceAll(u, url.QueryEscape(srv.URL+"/federation"), url.QueryEscape(real))
		u = strings.ReplaceAll(u, srv.URL+"/federation", real)
		fed.mu.Lock()
		asked := fed.asked[len(fed.asked)-1]
		fed.mu.Unlock()
		var session map[string]string
		if json.Unmarshal([]byte(asked.Get("Session")), &session) != nil || session["sessionId"] != "ASIAKEY" || session["sessionKey"] != "secret+/=" || session["sessionToken"] != "token&x" || asked.Get("Action") != "getSigninToken" {
			t.Fatalf("getSigninToken was asked %v", asked)
		}
		fmt.Fprintf(&out, "%s logoutFirst=%v duration=%s chained=%v override=%s\n  getSigninToken SessionDuration=%q\n  %s\n",
			tc.region, tc.logoutFirst, tc.duration, tc.chained, tc.override, asked.Get("SessionDuration"), u)
	}
	golden.Check(t, "testdata/signin-urls.golden", out.String())
}

// A refused getSigninToken is retried once with fresh credentials; what
// still fails is one line with a fix, and never shows the credentials,
// the sign-in token or the URL.
func TestSignInFailures(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		status   []int
		fresh    bool
		duration time.Duration
		msg      string
		hint     string
		calls    int
	}{
		{"403, fresh credentials work", []int{403}, true, 0, "", "", 2},
		{"403 twice", []int{403, 403}, true, 0, "URL (GetSigninToken) denied access (HTTP 403): it refuses fresh credentials of profile p",
			"a proxy between here and URL may block it (HTTPS_PROXY); run the command again with --debug to see its answer", 2},
		{"403 without a way to renew", []int{403}, false, 0, "URL (GetSigninToken) denied access (HTTP 403): it refuses the credentials of profile p",
			"a proxy between here and URL may block it (HTTPS_PROXY); run the command again with --debug to see its answer", 1},
		{"400 with a duration", []int{400}, true, time.Hour, "URL (GetSigninToken) rejected the request (HTTP 400)",
			"the federation endpoint may refuse --duration for these credentials: run the command without --duration", 1},
		{"400", []int{400}, true, 0, "URL (GetSigninToken) rejected the request (HTTP 400)", "run the command again with --debug to see the service's answer", 1},
		{"500", []int{500}, true, 0, "URL (GetSigninToken) failed (HTTP 500)", "the service failed, not your configuration: try again in a few minutes", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fed := &federation{status: tc.status}
			srv := httptest.NewServer(fed)
			defer srv.Close()
			var debug bytes.Buffer
			log := debuglog.New(&debug)
			log.Secret(keys.SecretAccessKey, keys.SessionToken)
			r := Request{Profile: "p", Credentials: keys, Destination: "https://console.aws.amazon.com/console/home", Duration: tc.duration}
			if tc.fresh {
				r.Fresh = func(context.Context) (*creds.Credentials, error) {
					return &creds.Credentials{AccessKeyID: "ASIAFRESH", SecretAccessKey: "s2", SessionToken: "t2"}, nil
				}
			}
			u, err := SignInURL(context.Background(), &awsapi.Net{}, log, Endpoints{Federation: srv.URL + "/federation"}, r)
			if len(fed.asked) != tc.calls {
				t.Fatalf("%d calls", len(fed.asked))
			}
			if tc.msg == "" {
				if err != nil || !strings.Contains(u, "SigninToken=tok%2Ben%2F1%3D") {
					t.Fatalf("%q %v", u, err)
				}
				if fed.asked[1].Get("Session") != `{"sessionId":"ASIAFRESH","sessionKey":"s2","sessionToken":"t2"}` {
					t.Fatalf("retried with %v", fed.asked[1])
				}
				return
			}
			fedURL := srv.URL + "/federation"
			msg, hint := strings.ReplaceAll(tc.msg, "URL", srv.URL), strings.ReplaceAll(tc.hint, "URL", fedURL)
			if err == nil || err.Error() != msg || errs.HintOf(err) != hint {
				t.Fatalf("%q\nhint %q\nwant %q\nhint %q", err, errs.HintOf(err), msg, hint)
			}
			for _, s := range []string{"secret", "token&x", "token%26x", "tok+en", "Session="} {
				if strings.Contains(err.Error()+debug.String(), s) {
					t.Fatalf("%q shows %s:\n%s", err, s, debug.String())
				}
			}
		})
	}
}

func TestEndpointsForAnOverride(t *testing.T) {
	t.Parallel()
	p, _ := PartitionOf("eu-west-1")
	for _, bad := range []string{"signin.example/federation", "ftp://x/federation", "https:///federation", "https://x/federation?a=b"} {
		if _, err := EndpointsFor(p, bad, false); err == nil || errs.HintOf(err) == "" {
			t.Errorf("%q: %v", bad, err)
		}
	}
}
