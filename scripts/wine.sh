#!/usr/bin/env bash
# Runs ssox's Windows build under Wine: Debian 12's wine64 (8.0) and a
# bcryptprimitives.dll built here with mingw, which Go programs need and
# Wine 8 lacks (scripts/bcryptprimitives.c). Nothing is downloaded.
#
#   scripts/wine.sh prepare        make the Wine prefix (idempotent; about 15 s
#                                  the first time) and start Wine's server
#   scripts/wine.sh exec [NAME=VALUE...] PROG [ARG...]
#                                  run the Windows program PROG in the prefix
#                                  with a clean environment, as Windows sets it
#                                  (USERPROFILE, APPDATA, PATH, COMSPEC, ...):
#                                  the runner for `go test -exec`; a NAME=VALUE
#                                  is added to the Unix environment of Wine,
#                                  which a Unix program it starts sees
#   scripts/wine.sh test ARGS      GOOS=windows go test ARGS, through that
#                                  runner, with the overlay below
#   scripts/wine.sh overlay        print the path of the `go -overlay` file
#   scripts/wine.sh stop           end Wine's server of the prefix and every
#                                  program in it (the next program starts it
#                                  again)
#
# Wine 8 answers STATUS_NOT_IMPLEMENTED to FileDispositionInformationEx, and
# os.RemoveAll (so every t.TempDir clean-up) gives up on that status instead
# of taking its fallback. The overlay adds the status to the fallback's list,
# in a copy of the Go source of the Go that builds the tests, made at each
# run. ssox itself never calls os.RemoveAll.
#
# SSOX_WINE_DIR (default ~/.cache/ssox-wine) holds the prefix and the
# overlay. Exit status 3: wine64 or mingw is not installed.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
dir=${SSOX_WINE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ssox-wine}
prefix=$dir/prefix
# Debian's wine64 package: the loader and server by their own paths, so
# that no wine32 is looked for (the /usr/bin/wine wrapper wants one).
loader=/usr/lib/wine/wine64
server=/usr/lib/wine/wineserver64
cc=x86_64-w64-mingw32-gcc

# The whole environment of a Windows program, before Wine adds Windows' own
# variables. mscoree and mshtml are disabled so that Wine never offers to
# download Mono or Gecko.
wine_env=(
	"WINEPREFIX=$prefix"
	"WINELOADER=$loader"
	"WINEDEBUG=-all"
	"WINEDLLOVERRIDES=mscoree,mshtml="
)

# Wine gives a file the access list its Unix mode stands for, and Wine's
# server, which sets a new file's mode, keeps the umask it started with. A
# file in a Windows user's profile folder is the user's alone (with
# SYSTEM's and the Administrators'); umask 077 makes every new file so here.
umask 077

die() {
	echo "scripts/wine.sh: $*" >&2
	exit 1
}

# The packages that supply what is missing (exit 3), for the caller to say.
check_installed() {
	local missing=()
	[[ -x $loader ]] || missing+=(wine64)
	command -v "$cc" >/dev/null 2>&1 || missing+=(gcc-mingw-w64-x86-64-win32)
	if ((${#missing[@]})); then
		echo "scripts/wine.sh: not installed: ${missing[*]} (apt-get install ${missing[*]})" >&2
		exit 3
	fi
}

prepare() {
	check_installed
	mkdir -p "$dir"
	# One preparation at a time: parallel test binaries all call this.
	exec 9>"$dir/lock"
	flock 9
	if [[ ! -f $prefix/system.reg ]]; then
		rm -rf "$prefix"
		env -i "${wine_env[@]}" WINEARCH=win64 "$loader" wineboot --init >/dev/null 2>&1 ||
			die "wineboot --init failed in $prefix"
		env -i "${wine_env[@]}" "$server" -w
	fi
	local dll=$prefix/drive_c/windows/system32/bcryptprimitives.dll
	local src=$root/scripts/bcryptprimitives.c
	if [[ ! -f $dll || $src -nt $dll ]]; then
		"$cc" -shared -O2 -s -nostdlib -Wl,--entry,DllMain -o "$dll.tmp" "$src" -ladvapi32
		mv "$dll.tmp" "$dll"
	fi
	exec 9>&-
	# Wine's server, with the services its first program starts, takes
	# some 4 s to come up; asked to stay 30 s after the last program, it
	# stays, with two of its driver hosts (winedevice.exe), until `stop`,
	# and each program starts in a fraction of a second.
	# (Already running: exit status 2, nothing changes.) The services are
	# started here, by a program whose output goes nowhere: started by a
	# caller's program, they would hold the caller's pipes open.
	env -i "${wine_env[@]}" "$server" -p 30 </dev/null >/dev/null 2>&1 || true
	env -i "${wine_env[@]}" "$loader" cmd.exe /c exit </dev/null >/dev/null 2>&1
}

# overlay writes the -overlay file for the Go on PATH and prints its path.
overlay() {
	local goroot src out
	goroot=$(go env GOROOT)
	src=$goroot/src/internal/syscall/windows/at_windows.go
	out=$dir/overlay/$(go env GOVERSION)
	[[ $goroot != *[\"\\]* && $out != *[\"\\]* ]] || die "a quote or backslash in $goroot or $out"
	mkdir -p "$out"
	if grep -q 'STATUS_NOT_IMPLEMENTED' "$src"; then
		# This Go already falls back on Wine's answer.
		echo '{"Replace":{}}' >"$out/overlay.json"
	else
		sed 's|^\(\t\tSTATUS_NOT_SUPPORTED\):|\1, NTStatus(0xC0000002) /* STATUS_NOT_IMPLEMENTED: Wine */:|' "$src" >"$out/at_windows.go"
		grep -q 'STATUS_NOT_IMPLEMENTED: Wine' "$out/at_windows.go" ||
			die "$src has changed: no STATUS_NOT_SUPPORTED case to add Wine's STATUS_NOT_IMPLEMENTED to"
		printf '{"Replace":{"%s":"%s"}}\n' "$src" "$out/at_windows.go" >"$out/overlay.json"
	fi
	echo "$out/overlay.json"
}

cmd=${1:-}
shift || true
case $cmd in
prepare)
	prepare
	;;
exec)
	while (($#)) && [[ $1 == [A-Za-z_]*=* ]]; do
		wine_env+=("$1")
		shift
	done
	(($#)) || die "usage: scripts/wine.sh exec [NAME=VALUE...] PROG [ARGS...]"
	exec env -i "${wine_env[@]}" "$loader" "$@"
	;;
test)
	prepare
	ov=$(overlay)
	GOOS=windows GOARCH=amd64 exec go test -overlay "$ov" -exec "'$root/scripts/wine.sh' exec" "$@"
	;;
overlay)
	overlay
	;;
stop)
	[[ -x $server ]] || exit 0
	env -i "${wine_env[@]}" "$server" -k 2>/dev/null || true
	;;
*)
	die "usage: scripts/wine.sh prepare | exec [NAME=VALUE...] PROG [ARGS...] | test [GO TEST ARGS...] | overlay | stop"
	;;
esac
