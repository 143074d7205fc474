package creds

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/internal/testmode"
)

func TestAssumeRoleCachePathMatchesBotocore(t *testing.T) {
	// Hashes computed in CPython with botocore's recipe:
	// sha1(json.dumps(args, sort_keys=True).encode('utf-8')).hexdigest().
	for _, tc := range []struct {
		role awsconfig.Role
		want string
	}{
		{awsconfig.Role{ARN: "arn:aws:iam::222233334444:role/Deploy"}, "3e250895b081421546d09f47a722203fe19f44de"},
		{awsconfig.Role{ARN: "arn:aws:iam::333344445555:role/team/Admin", SessionName: "alice", ExternalID: "ext-123", DurationSeconds: 900},
			"0b30d4417ecd0097e05e9b1c44bb995703c1bb2f"},
	} {
		if got, want := AssumeRoleCachePath("/h", tc.role), filepath.FromSlash("/h/.aws/cli/cache/"+tc.want+".json"); got != want {
			t.Errorf("%+v: %s, want %s", tc.role, got, want)
		}
	}
}

func TestAssumeRoleCacheShape(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cache", "x.json")
	c := &Credentials{AccessKeyID: "ASIAX", SecretAccessKey: "sk", SessionToken: "st", Expiration: time.Date(2026, 11, 26, 7, 0, 0, 0, time.UTC), AccountID: "222233334444"}
	a := &assumed{creds: c, arn: "arn:aws:sts::222233334444:assumed-role/Deploy/s", roleID: "AROAX:s", requestID: "r-1", status: 200,
		headers: map[string]string{"x-amzn-requestid": "r-1", "content-type": "text/xml", "content-length": "10", "date": "Thu, 26 Nov 2026 06:00:00 GMT", "other": "x"}}
	if err := writeAssumeRoleCache(path, a); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	want := `{"Credentials": {"AccessKeyId": "ASIAX", "SecretAccessKey": "sk", "SessionToken": "st", "Expiration": "2026-11-26T07:00:00UTC"}, ` +
		`"AssumedRoleUser": {"AssumedRoleId": "AROAX:s", "Arn": "arn:aws:sts::222233334444:assumed-role/Deploy/s"}, ` +
		`"ResponseMetadata": {"RequestId": "r-1", "HTTPStatusCode": 200, "HTTPHeaders": {"x-amzn-requestid": "r-1", "content-type": "text/xml", "content-length": "10", "date": "Thu, 26 Nov 2026 06:00:00 GMT"}, "RetryAttempts": 0}}`
	if string(data) != want {
		t.Fatalf("file\n%s\nwant\n%s", data, want)
	}
	testmode.Check(t, path, 0o600)
	back, err := ReadAssumeRoleCache(path)
	if err != nil || !reflect.DeepEqual(back, c) {
		t.Fatalf("read back %+v, %v", back, err)
	}
}

func TestSTSRegionalEndpoints(t *testing.T) {
	// sts_regional_endpoints = legacy sends the legacy regions to the global
	// endpoint, as botocore does; regional (the AWS CLI v2's default) never.
	for _, tc := range []struct {
		region string
		global bool
		want   string
	}{
		{"eu-west-1", false, "https://sts.eu-west-1.amazonaws.com"},
		{"eu-west-1", true, "https://sts.amazonaws.com"},
		{"us-east-1", true, "https://sts.amazonaws.com"},
		{"af-south-1", true, "https://sts.af-south-1.amazonaws.com"},
	} {
		var r sts.EndpointResolverV2 = sts.NewDefaultEndpointResolverV2()
		if tc.global {
			r = globalEndpoint{r}
		}
		e, err := r.ResolveEndpoint(context.Background(), sts.EndpointParameters{Region: aws.String(tc.region), UseFIPS: aws.Bool(false), UseDualStack: aws.Bool(false)})
		if err != nil || e.URI.String() != tc.want {
			t.Errorf("%s global=%v: %s %v, want %s", tc.region, tc.global, e.URI.String(), err, tc.want)
		}
	}
}
