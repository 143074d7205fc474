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
# A first build downloads and compiles the AWS SDK, which takes minutes: say so
# before it starts rather than sit silent.
echo "building ssox $version (the first build downloads and compiles the AWS SDK: a few minutes; later ones take seconds)"
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
	# The line that puts it there, for the user's shell; both kinds when the
	# shell is not known. fish keeps the path itself (a universal variable).
	echo "$dir is not on your PATH."
	shell=${SHELL:-}
	shell=${shell##*/}
	# shellcheck disable=SC2088 # the file's name, shown to the user
	case $shell in
	zsh) rc='~/.zshrc' ;;
	bash) rc='~/.bashrc' ;;
	*) rc="your shell's rc file (~/.profile, ~/.bashrc or ~/.zshrc)" ;;
	esac
	# The folder quoted: in double quotes for sh, in single quotes for fish.
	if [ "$shell" != fish ]; then
		echo "Add this line to $rc, then open a new shell:"
		# shellcheck disable=SC2016 # $PATH is for the rc file, unexpanded
		printf '  export PATH="%s:$PATH"\n' "$(printf '%s' "$dir" | sed 's/[\\"$`]/\\&/g')"
	fi
	case $shell in
	zsh | bash) ;;
	*) printf "In fish, run this once:\n  fish_add_path '%s'\n" "$(printf '%s' "$dir" | sed "s/[\\\\']/\\\\&/g")" ;;
	esac
	;;
esac

if [ "${1:-}" = --demo ]; then
	exec ./scripts/demo.sh "$dir/ssox"
fi
