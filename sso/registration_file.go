package sso

import (
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/internal/awscache"
)

// ErrNoRegistration is returned when no client registration is cached.
var ErrNoRegistration = errors.New("no cached client registration")

// RegistrationPath is the cache file of the client registration a login to
// s uses (the AWS CLI's name for it).
func RegistrationPath(home string, s awsconfig.Session) string {
	return registrationPath(home, s, s.Scopes())
}

// RegistrationExpiry reads a cached client registration and returns when it
// expires: ErrNoRegistration when there is none, an error saying what is
// wrong when it cannot be used.
func RegistrationExpiry(path string) (time.Time, error) {
	r, err := loadRegistration(path)
	if err != nil {
		return time.Time{}, err
	}
	return r.expires, nil
}

func loadRegistration(path string) (*registration, error) {
	o, err := awscache.Read(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNoRegistration
	}
	if err != nil {
		return nil, fmt.Errorf("client registration %s: %w", path, err)
	}
	r := &registration{
		ClientID:     o.String("clientId"),
		ClientSecret: o.String("clientSecret"),
		ExpiresAt:    o.String("expiresAt"),
		Scopes:       o.Strings("scopes"),
		GrantTypes:   o.Strings("grantTypes"),
	}
	r.expires = o.Time("expiresAt")
	if err := o.Err(); err != nil {
		return nil, fmt.Errorf("client registration %s: %w", path, err)
	}
	if r.ClientID == "" || r.ClientSecret == "" || r.expires.IsZero() {
		return nil, fmt.Errorf("client registration %s is incomplete", path)
	}
	return r, nil
}
