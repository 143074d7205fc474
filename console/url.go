package console

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/internal/visible"
)

// Partition is an AWS partition's console: where its federation endpoint
// and its console pages are.
type Partition struct {
	// Name is the partition's ID: aws, aws-us-gov, aws-cn.
	Name string
	// Domain is the parent domain of its console and sign-in hosts.
	Domain string
	// Signin is its federation endpoint's host.
	Signin string
	// LogoutSignin is the sign-in host whose logout page redirects to a
	// sign-in URL on the same host; "" where none is known to. AWS's
	// global sign-in host ignores the redirect; us-east-1's honours it.
	LogoutSignin string
}

// partitions are the partitions whose consoles ssox knows.
var partitions = []Partition{
	{Name: "aws", Domain: "aws.amazon.com", Signin: "signin.aws.amazon.com", LogoutSignin: "us-east-1.signin.aws.amazon.com"},
	{Name: "aws-us-gov", Domain: "amazonaws-us-gov.com", Signin: "signin.amazonaws-us-gov.com"},
	{Name: "aws-cn", Domain: "amazonaws.cn", Signin: "signin.amazonaws.cn"},
}

// PartitionOf returns the partition of region ("" is aws). It refuses a
// region that is not an AWS region name, and the partitions whose consoles
// are not public (the ISO clouds) or not known to ssox (the European
// Sovereign Cloud).
func PartitionOf(region string) (Partition, error) {
	if region == "" {
		return partitions[0], nil
	}
	if err := awsconfig.CheckRegion(region); err != nil {
		return Partition{}, err
	}
	words := strings.Split(region, "-")
	switch {
	case words[0] == "cn":
		return partitions[2], nil
	case words[0] == "us" && words[1] == "gov":
		return partitions[1], nil
	case strings.HasPrefix(words[1], "iso") || len(words[0]) != 2:
		return Partition{}, fmt.Errorf("ssox knows the consoles of the aws, aws-us-gov and aws-cn partitions, not the one of region %s", region)
	}
	return partitions[0], nil
}

// Console is the partition's console host, "console.aws.amazon.com", or
// the region's ("eu-west-1.console.aws.amazon.com").
func (p Partition) Console(region string) string {
	if region == "" {
		return "console." + p.Domain
	}
	return region + ".console." + p.Domain
}

// globalService reports a console service that has no region: its pages
// are on the partition's console host, without ?region=. (Switches, not
// maps: a package-level map is built at start-up, before every command.)
func globalService(s string) bool {
	switch s {
	case "iam", "organizations", "billing", "costmanagement", "cloudfront", "route53", "support", "trustedadvisor", "globalaccelerator", "singlesignon":
		return true
	}
	return false
}

// serviceAlias is the console path of a name people type for a service
// whose path is another; the name itself otherwise.
func serviceAlias(s string) string {
	switch s {
	case "cfn":
		return "cloudformation"
	case "ddb", "dynamodb":
		return "dynamodbv2"
	case "r53":
		return "route53"
	case "sfn":
		return "states"
	case "ssm":
		return "systems-manager"
	case "sso":
		return "singlesignon"
	}
	return s
}

// CheckService refuses a --service that cannot be a console path: words
// of lower-case letters and digits joined by '-'.
func CheckService(s string) error {
	ok := s != "" && !strings.HasPrefix(s, "-") && !strings.HasSuffix(s, "-") && !strings.Contains(s, "--")
	for _, r := range s {
		ok = ok && ('a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == '-')
	}
	if !ok {
		return fmt.Errorf(`"%s" is not the name of a console service (like s3, ec2, cloudformation)`, visible.String(s))
	}
	return nil
}

// Destination is the console page to land on: dest when given (a console
// URL of the partition, or a path on the region's console host), else the
// service's home page in region (no region for a global service), else the
// console's home page in region.
func Destination(p Partition, region, service, dest string) (string, error) {
	if region != "" {
		// It becomes part of a host.
		if err := awsconfig.CheckRegion(region); err != nil {
			return "", err
		}
	}
	if dest != "" {
		return destinationOf(p, region, dest)
	}
	if service == "" {
		u := "https://" + p.Console(region) + "/console/home"
		if region != "" {
			u += "?region=" + region
		}
		return u, nil
	}
	if err := CheckService(service); err != nil {
		return "", err
	}
	service = serviceAlias(service)
	if globalService(service) || region == "" {
		return "https://" + p.Console("") + "/" + service + "/home", nil
	}
	return "https://" + p.Console(region) + "/" + service + "/home?region=" + region, nil
}

func destinationOf(p Partition, region, dest string) (string, error) {
	bad := func(why string) error {
		return fmt.Errorf(`--destination "%s" %s: give a console URL (https://…console.%s/…) or a path (ec2/home#Instances)`, visible.String(dest), why, p.Domain)
	}
	for _, r := range dest {
		if r <= ' ' || r == 0x7f {
			return "", bad("holds a space or a control character")
		}
	}
	if strings.Contains(dest, "://") {
		u, err := url.Parse(dest)
		switch {
		case err != nil:
			return "", bad("is not a URL")
		case u.Scheme != "https":
			return "", bad("is not https")
		case u.User != nil || u.Port() != "":
			return "", bad("names a user or a port")
		case u.Hostname() != p.Domain && !strings.HasSuffix(u.Hostname(), "."+p.Domain):
			return "", bad("is not on the " + p.Name + " console")
		}
		return u.String(), nil
	}
	u, err := url.Parse("https://" + p.Console(region) + "/" + strings.TrimLeft(dest, "/"))
	if err != nil || u.Host != p.Console(region) {
		return "", bad("is not a path")
	}
	return u.String(), nil
}
