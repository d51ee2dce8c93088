#!/usr/bin/env bash
# custom-gcl.sh builds a custom golangci-lint with runtruth's module plugin:
# it runs `golangci-lint custom` on the .custom-gcl.yml of the current
# directory, and needs no network access beyond the Go module proxy.
#
#   cd REPO && golangci/custom-gcl.sh [-v]   # as `golangci-lint custom [-v]`
#
# `golangci-lint custom` git-clones https://github.com/golangci/golangci-lint.git
# at the configured version, adds the plugins' imports to
# cmd/golangci-lint/plugins.go, adds a replace directive for each plugin
# given by path (go get for one given by version), runs go mod tidy and
# go build. This script lets it do exactly that, but serves the clone from
# a local git repository made from the golangci-lint module that the Go
# module proxy ships for the same version (git's url.<base>.insteadOf).
#
# Environment:
#   GOLANGCI_LINT   a golangci-lint binary of the configured version to run
#                   `custom` with (default: go install it once into the cache)
#   RUNTRUTH_CACHE  cache directory (default: $XDG_CACHE_HOME/runtruth or
#                   ~/.cache/runtruth)
set -euo pipefail

config=.custom-gcl.yml
[ -f "$config" ] || config=.custom-gcl.yaml
if [ ! -f "$config" ]; then
	echo "custom-gcl.sh: no .custom-gcl.yml in $(pwd)" >&2
	exit 2
fi
version=$(sed -n 's/^version:[[:space:]]*["'\'']\{0,1\}\([^"'\''[:space:]#]*\).*/\1/p' "$config" | head -n 1)
case "$version" in
v2.*) ;;
*)
	echo "custom-gcl.sh: $config: version must be a golangci-lint v2 release such as v2.15.0, not '$version'" >&2
	exit 2
	;;
esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cache=${RUNTRUTH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/runtruth}

# 1. golangci-lint itself, at the configured version.
gcl=${GOLANGCI_LINT:-}
if [ -z "$gcl" ]; then
	dir="$cache/golangci-lint-$version-$(go env GOVERSION)"
	gcl="$dir/golangci-lint"
	if [ ! -x "$gcl" ]; then
		GOBIN="$work/bin" go install "github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$version"
		mkdir -p "$dir"
		cp "$work/bin/golangci-lint" "$gcl.$$"
		mv -f "$gcl.$$" "$gcl"
	fi
fi

# 2. A local git repository of golangci-lint at that version, from the
# module proxy.
src=$(go mod download -json "github.com/golangci/golangci-lint/v2@$version" |
	sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
if [ -z "$src" ] || [ ! -d "$src" ]; then
	echo "custom-gcl.sh: go mod download github.com/golangci/golangci-lint/v2@$version gave no source directory" >&2
	exit 1
fi
mirror="$work/golangci-lint"
cp -R "$src" "$mirror"
chmod -R u+w "$mirror"
git -C "$mirror" init -q
git -C "$mirror" add -A
git -C "$mirror" -c user.name=custom-gcl -c user.email=custom-gcl@localhost -c commit.gpgsign=false \
	commit -q -m "golangci-lint $version from the Go module proxy"
git -C "$mirror" -c tag.gpgsign=false tag "$version"

# 3. golangci-lint custom, with its clone redirected to the local
# repository. golangci-lint passes GIT_CONFIG_COUNT/KEY/VALUE to git.
n=${GIT_CONFIG_COUNT:-0}
export GIT_CONFIG_COUNT=$((n + 1))
export "GIT_CONFIG_KEY_$n=url.$mirror.insteadOf"
export "GIT_CONFIG_VALUE_$n=https://github.com/golangci/golangci-lint.git"
"$gcl" custom "$@"
