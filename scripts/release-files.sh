#!/usr/bin/env bash
# Writes the files a release archive carries beside the binary and the
# checkout's own README.md and LICENSE, into build/release/ (GoReleaser's
# before-hook runs it; .goreleaser.yaml lists what it writes):
#
#   THIRD_PARTY_NOTICES   the license and NOTICE files of every module
#                         compiled into ssox on any release target, and Go's
#   shell/ssox.zsh, shell/ssox.bash, shell/ssox.fish
#                         what `ssox init SHELL` prints (prompt segment and
#                         completion) for the ssox found on PATH
set -euo pipefail
cd "$(dirname "$0")/.."

out=build/release
rm -rf "$out"
mkdir -p "$out/shell"

go run scripts/render-shells.go "$out/shell"

# Modules in the release binary: the union over the release targets, built
# with the release's tags.
modules=$(for goos in linux darwin windows; do
	for goarch in amd64 arm64; do
		GOOS=$goos GOARCH=$goarch CGO_ENABLED=0 go list -deps -tags urfave_cli_no_docs \
			-f '{{with .Module}}{{if not .Main}}{{.Path}} {{.Version}}{{end}}{{end}}' .
	done
done | sort -u)

# Modules sharing a license text (the AWS SDK's many modules) are listed
# together above one copy of it; NOTICE files are kept per module.
declare -A text_of modules_of notice_of
order=()
while read -r path version; do
	dir=$(go list -m -f '{{.Dir}}' "$path")
	licenses=$(find "$dir" -maxdepth 1 -type f \( -iname 'LICENSE*' -o -iname 'LICENCE*' -o -iname 'COPYING*' \) | sort)
	if [[ -z $licenses ]]; then
		echo "release-files: $path $version has no license file in $dir" >&2
		exit 1
	fi
	for lic in $licenses; do
		sum=$(sha256sum <"$lic")
		sum=${sum%% *}
		if [[ -z ${text_of[$sum]+set} ]]; then
			text_of[$sum]=$lic
			order+=("$sum")
		fi
		modules_of[$sum]+="$path $version"$'\n'
	done
	notices=$(find "$dir" -maxdepth 1 -type f -iname 'NOTICE*' | sort)
	[[ -z $notices ]] || notice_of[$path $version]=$notices
done <<<"$modules"

rule='================================================================================'
{
	echo "ssox is licensed under the Apache License 2.0 (LICENSE). Its binary also"
	echo "contains the following software, under the licenses and notices below."
	echo
	echo "$rule"
	echo "The Go standard library and runtime ($(go env GOVERSION))"
	echo "$rule"
	cat "$(go env GOROOT)/LICENSE"
	for sum in "${order[@]}"; do
		echo
		echo "$rule"
		printf '%s' "${modules_of[$sum]}"
		echo "$rule"
		cat "${text_of[$sum]}"
	done
	for module in $(printf '%s\n' "${!notice_of[@]}" | tr ' ' '@' | sort); do
		echo
		echo "$rule"
		echo "NOTICE of ${module/@/ }"
		echo "$rule"
		for n in ${notice_of[${module/@/ }]}; do cat "$n"; done
	done
} >"$out/THIRD_PARTY_NOTICES"
