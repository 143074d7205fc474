package awsconfig

import (
	"fmt"
	"strings"

	"github.com/ssox/ssox/internal/visible"
)

// CheckRegion refuses a string that is not an AWS region name as AWS writes
// them (us-east-1, us-gov-west-1, cn-north-1, eu-isoe-west-1,
// eusc-de-east-1): a word of two or more lower-case letters, one or more
// words of letters, a number — the shape of every partition's regionRegex
// in the SDK's partitions.json. A region ends up in hosts (the console's,
// the SDK's endpoints), in the child's environment and in config blocks, so
// anything else (a '#', '/', ';', '.' or a newline) is refused wherever a
// region enters ssox: a profile's region, a session's sso_region,
// --region, SSOX_REGION, --sso-region, and AWS_REGION or
// AWS_DEFAULT_REGION when ssox passes them on.
//
// It is a small function rather than a regular expression, which would be
// compiled at start-up before every command.
func CheckRegion(region string) error {
	if !isRegion(region) {
		return fmt.Errorf(`"%s" is not an AWS region name (like us-east-1)`, visible.String(region))
	}
	return nil
}

func isRegion(s string) bool {
	parts := strings.Split(s, "-")
	if len(parts) < 3 || len(parts[0]) < 2 || !lowerLetters(parts[0]) {
		return false
	}
	last := parts[len(parts)-1]
	if last == "" || strings.Trim(last, "0123456789") != "" {
		return false
	}
	for _, w := range parts[1 : len(parts)-1] {
		if w == "" || !lowerLetters(w) {
			return false
		}
	}
	return true
}

func lowerLetters(s string) bool { return strings.Trim(s, "abcdefghijklmnopqrstuvwxyz") == "" }
