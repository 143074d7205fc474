#!/bin/sh
# Show ssox's main job with no AWS account: a fake IAM Identity Center on
# 127.0.0.1, a temporary HOME holding the setup guide's ~/.aws/config, and a
# BROWSER that plays the user approving the login.
#
#   scripts/demo.sh [PATH-TO-SSOX]
set -eu

cd "$(dirname "$0")/.."
ssox=${1:-}
work=$(mktemp -d "${TMPDIR:-/tmp}/ssox-demo.XXXXXX")
fake_pid=
cleanup() {
	[ -n "$fake_pid" ] && kill "$fake_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

mkdir -p "$work/bin"
if [ -z "$ssox" ]; then
	go build -o "$work/bin/ssox" .
	ssox=$work/bin/ssox
fi
ln -s "$ssox" "$work/bin/ssox" 2>/dev/null || true
. scripts/fakeenv.sh
fake_env "$work" -log

# Everything below runs as a newcomer would, in the isolated HOME.
export PATH="$work/bin:$PATH"
unset AWS_PROFILE AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN SSOX_PROFILE

# Bold commands on a terminal only: a log or a pipe gets plain text.
bold='' plain=''
if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then
	bold=$(printf '\033[1m') plain=$(printf '\033[0m')
fi
step() { printf '\n%s$ %s%s\n' "$bold" "$*" "$plain"; }
# shellcheck disable=SC2016 # expanded by the sh that ssox starts, not here
show='echo "profile $SSOX_PROFILE, account $AWS_ACCOUNT_ID, role $SSOX_ROLE_NAME, region $AWS_REGION, key $AWS_ACCESS_KEY_ID (expires $AWS_CREDENTIAL_EXPIRATION)"'

echo "ssox demo: fake IAM Identity Center at $url, HOME=$HOME"
step "ssox list"
ssox list
step "ssox ui-dev -- sh -c '...'     # no token yet: one browser login, then the command"
ssox ui-dev -- sh -c "$show"
step "ssox dol-prod -- sh -c '...'   # same sso-session: no new login"
ssox dol-prod -- sh -c "$show"
step "ssox ui-dev -- ssox prompt     # the prompt segment"
ssox ui-dev -- ssox prompt
step "ssox list"
ssox list
printf '\nrequests the fake Identity Center saw:\n'
sed 's/^/  /' "$work/fake.log"
