package awsconfig

import (
	"fmt"
	"strings"

	"github.com/ssox/ssox/internal/visible"
)

// CheckRegion refuses a string that is not an AWS region name as AWS writes
// them (us-east-1, us-gov-west-1, cn-north-1, eu-isoe-west-1): two
// letters, one or more words of letters, a number. A region ends up in
// URL hosts (the console's, the SDK's endpoints), the child's AWS_REGION
// and config blocks, so anything else (a '#', '/', ';' or a newline) must
// be refused where a region enters ssox.
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
	if len(parts) < 3 || len(parts[0]) != 2 || !lowerLetters(parts[0]) {
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
