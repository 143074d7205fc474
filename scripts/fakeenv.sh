# shellcheck shell=sh
# Sourced by scripts/demo.sh and bench/run.sh: an isolated HOME holding the
# setup guide's ~/.aws/config, a fake IAM Identity Center on 127.0.0.1, and a
# BROWSER that approves logins.
#
#   fake_env WORK [FAKEIDC-FLAGS...]
#
# builds fakeidc and fakebrowser into WORK/bin, starts the fake (its stderr
# goes to WORK/fake.log), sets fake_pid and url, and exports HOME,
# AWS_ENDPOINT_URL_SSO, AWS_ENDPOINT_URL_SSO_OIDC and BROWSER. Run it from
# the repository root, after any other go build: the new HOME has no Go cache.

fake_env() {
	fe_work=$1
	shift
	mkdir -p "$fe_work/bin" "$fe_work/home/.aws"
	go build -o "$fe_work/bin/fakeidc" ./internal/fakeidc/cmd/fakeidc
	go build -o "$fe_work/bin/fakebrowser" ./internal/fakebrowser/cmd/fakebrowser
	"$fe_work/bin/fakeidc" -start-url https://njoitaws.awsapps.com/start -guide-config "$fe_work/home/.aws/config" -url-file "$fe_work/url" "$@" >/dev/null 2>"$fe_work/fake.log" &
	# shellcheck disable=SC2034 # the caller stops it
	fake_pid=$!
	fe_i=0
	while [ ! -s "$fe_work/url" ]; do
		fe_i=$((fe_i + 1))
		[ "$fe_i" -gt 100 ] && { echo "the fake Identity Center did not start" >&2; return 1; }
		sleep 0.05
	done
	url=$(cat "$fe_work/url")
	export HOME="$fe_work/home" AWS_ENDPOINT_URL_SSO="$url" AWS_ENDPOINT_URL_SSO_OIDC="$url"
	export BROWSER="$fe_work/bin/fakebrowser"
}
