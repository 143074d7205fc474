// Package console turns role credentials into a sign-in URL for the AWS
// console, through the federation endpoint's getSigninToken.
package console

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/ssox/ssox/creds"
)

// Endpoint is the federation endpoint of region's partition.
func Endpoint(region string) string {
	switch {
	case strings.HasPrefix(region, "us-gov-"):
		return "https://signin.amazonaws-us-gov.com/federation"
	case strings.HasPrefix(region, "cn-"):
		return "https://signin.amazonaws.cn/federation"
	}
	return "https://signin.aws.amazon.com/federation"
}

// Destination is the console home page for region.
func Destination(region string) string {
	host := "console.aws.amazon.com"
	switch {
	case strings.HasPrefix(region, "us-gov-"):
		host = "console.amazonaws-us-gov.com"
	case strings.HasPrefix(region, "cn-"):
		host = "console.amazonaws.cn"
	}
	if region == "" {
		return "https://" + host + "/"
	}
	return fmt.Sprintf("https://%s.%s/console/home?region=%s", region, host, url.QueryEscape(region))
}

// LoginURL asks endpoint for a sign-in token for c and returns the URL that
// signs the browser in and lands on destination.
func LoginURL(ctx context.Context, client *http.Client, endpoint, destination string, c *creds.Credentials) (string, error) {
	session, err := json.Marshal(map[string]string{"sessionId": c.AccessKeyID, "sessionKey": c.SecretAccessKey, "sessionToken": c.SessionToken})
	if err != nil {
		return "", err
	}
	q := url.Values{"Action": {"getSigninToken"}, "Session": {string(session)}}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint+"?"+q.Encode(), nil)
	if err != nil {
		return "", err
	}
	resp, err := client.Do(req)
	if err != nil {
		// The URL holds the credentials: never let it reach an error message.
		return "", fmt.Errorf("ask %s for a sign-in token: %w", endpoint, unwrapURLError(err))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("ask %s for a sign-in token: %s", endpoint, resp.Status)
	}
	var out struct{ SigninToken string }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.SigninToken == "" {
		return "", fmt.Errorf("%s returned no sign-in token", endpoint)
	}
	login := url.Values{"Action": {"login"}, "Issuer": {"ssox"}, "Destination": {destination}, "SigninToken": {out.SigninToken}}
	return endpoint + "?" + login.Encode(), nil
}

func unwrapURLError(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}
