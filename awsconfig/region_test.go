package awsconfig

import "testing"

func TestCheckRegion(t *testing.T) {
	t.Parallel()
	for _, r := range []string{"us-east-1", "us-gov-west-1", "cn-north-1", "eu-central-2", "ap-southeast-12", "eu-isoe-west-1", "us-isob-east-1", "il-central-1", "eusc-de-east-1", "mx-central-1"} {
		if err := CheckRegion(r); err != nil {
			t.Errorf("%s: %v", r, err)
		}
	}
	for _, r := range []string{"", "us-east", "useast-1", "us--1", "US-east-1", "US-EAST-1", "us east 1", "us-east-1a", "u-east-1",
		"us-east-1\n[x]", "evil.example#", "us-east-1;id", "evil.com#", "us-east-1.evil.com", "us-east-1/x", "us-east-1#", "us-east-١"} {
		if err := CheckRegion(r); err == nil {
			t.Errorf("%q accepted", r)
		}
	}
	if err := CheckRegion("x\n[default]"); err == nil || err.Error() != `"x\x0a[default]" is not an AWS region name (like us-east-1)` {
		t.Fatalf("err %v", err)
	}
}
