#!/bin/sh
# Build ssox from this checkout and install it; never needs sudo.
#
#   ./install.sh           install to ${SSOX_INSTALL_DIR:-$HOME/.local/bin}
#   ./install.sh --demo    install, then run the demo against the bundled
#                          fake Identity Center (no AWS account needed)
set -eu

cd "$(dirname "$0")"
dir=${SSOX_INSTALL_DIR:-$HOME/.local/bin}

command -v go >/dev/null 2>&1 || { echo "install.sh: Go is needed to build ssox (https://go.dev/dl/)" >&2; exit 1; }

version=$(git describe --tags --always --dirty 2>/dev/null || echo dev)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)

mkdir -p "$dir"
# Build to a temporary name and rename, so a running ssox is never half-replaced.
# CGO_ENABLED=0: pure-Go user lookup and resolver, no C start-up, one static binary.
CGO_ENABLED=0 go build -trimpath -tags urfave_cli_no_docs \
	-ldflags "-s -w -X github.com/ssox/ssox/cli.version=$version -X github.com/ssox/ssox/cli.commit=$commit" \
	-o "$dir/.ssox.new" .
mv -f "$dir/.ssox.new" "$dir/ssox"

"$dir/ssox" --version
echo "installed $dir/ssox"
case ":$PATH:" in
*":$dir:"*) ;;
*)
	# shellcheck disable=SC2016 # $PATH is for the user's rc file, unexpanded
	printf '%s is not on your PATH; add this to your shell rc file:\n  export PATH="%s:$PATH"\n' "$dir" "$dir" ;;
esac

if [ "${1:-}" = --demo ]; then
	exec ./scripts/demo.sh "$dir/ssox"
fi
