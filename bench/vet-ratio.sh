#!/usr/bin/env bash
# vet-ratio.sh: how much runtruth adds to go vet.
#
# For each size N (default: 50 and 500 packages) it writes a synthetic
# module with bench/gen and times, on the same packages,
#
#   plain:    go vet ./...
#   runtruth: go vet -vettool=runtruth ./...
#
# cold (a fresh, empty GOCACHE per run: the standard library and the module
# are compiled and every package, dependencies included, is analyzed),
# warm (a GOCACHE primed by go build, copied afresh for every run: nothing
# is compiled, every package is analyzed) and cached (the same command a
# second time: go vet replays cached results and analyzes again only the
# packages that had findings). It prints the medians of the wall and CPU
# times and their ratios runtruth/plain. The warm-rp line is the tool with
# only renderprovider enabled (and the passes it requires: the model and
# reach), to tell this check's cost from the suite's.
#
# It then runs the tool once more through a wrapper that keeps every
# .vetx file (the facts unitchecker hands to importers) and prints the fact
# bytes per package of the synthetic module with bench/factstat.
#
# The tool is cmd/runtruth when it exists and runs renderprovider;
# otherwise (or with TOOL=suite) a temporary vet tool is built, outside the
# repository, with unitchecker.Main over every analyzers/*/ package that
# declares an Analyzer.
#
# Wall times want an otherwise idle machine; CPU times are steadier.
#
# Environment: SIZES="50 500", REPS=3 (warm and cached runs), COLD_REPS=1,
# TOOL=auto|runtruth|suite,
# KEEP=1 to keep the work directory.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
sizes=${SIZES:-"50 500"}
reps=${REPS:-3}
cold_reps=${COLD_REPS:-1}
tool_mode=${TOOL:-auto}

work=$(mktemp -d "${TMPDIR:-/tmp}/vet-ratio.XXXXXX")
cleanup() {
	if [[ ${KEEP:-} == 1 ]]; then
		echo "work directory kept: $work" >&2
	else
		chmod -R u+w "$work" 2>/dev/null || true
		rm -rf "$work"
	fi
}
trap cleanup EXIT

export GOFLAGS= GOTOOLCHAIN=local GOPROXY=off GOWORK=off

# A throwaway module, outside the repository, that replaces runtruth with
# the checkout: a vet tool over every analyzer of analyzers/*/ (used when
# cmd/runtruth is absent or lacks renderprovider) and factstat over the
# same analyzers (so that it knows every fact type).
bench=$work/benchmod
mkdir -p "$bench/tool" "$bench/factstat"
imports="" list="" i=0
for d in "$root"/analyzers/*/; do
	d=${d%/}
	[[ $(basename "$d") == internal ]] && continue
	grep -qs '^var Analyzer' "$d"/*.go || continue
	imports+="	a$i \"github.com/runtruth/runtruth/analyzers/$(basename "$d")\""$'\n'
	list+="a$i.Analyzer, "
	i=$((i + 1))
done
cat >"$bench/tool/main.go" <<EOF
// Command tool runs every runtruth analyzer as a go vet tool.
package main

import (
	"golang.org/x/tools/go/analysis/unitchecker"

$imports)

func main() { unitchecker.Main($list) }
EOF
cat >"$bench/factstat/main.go" <<EOF
// Command factstat prints the fact bytes of a directory of .vetx files.
package main

import (
	"fmt"
	"os"

	"github.com/runtruth/runtruth/bench/factstat"
$imports)

func main() {
	if err := factstat.Run(os.Stdout, os.Args[1], os.Args[2], $list); err != nil {
		fmt.Fprintln(os.Stderr, "factstat:", err)
		os.Exit(1)
	}
}
EOF
{
	echo "module runtruthbench"
	echo
	echo "go 1.26"
	echo
	sed -n '/^require (/,/^)/p' "$root/go.mod"
	echo "require github.com/runtruth/runtruth v0.0.0"
	echo "replace github.com/runtruth/runtruth => $root"
} >"$bench/go.mod"
cp "$root/go.sum" "$bench/go.sum"
(cd "$bench" && GOFLAGS=-mod=mod go build -o "$work/factstat" ./factstat)
build_suite_tool() { (cd "$bench" && GOFLAGS=-mod=mod go build -o "$work/runtruth" ./tool); }

tool=$work/runtruth
case $tool_mode in
auto | runtruth)
	if [[ -f $root/cmd/runtruth/main.go ]]; then
		if ! (cd "$root" && go build -o "$tool" ./cmd/runtruth); then
			[[ $tool_mode == runtruth ]] && exit 2
			echo "note: cmd/runtruth does not build; using a suite tool over analyzers/*/" >&2
			build_suite_tool
		elif [[ $tool_mode == auto ]] && ! "$tool" -flags 2>/dev/null | grep -q 'enable \\"renderprovider\\"'; then
			echo "note: cmd/runtruth does not run renderprovider yet; using a suite tool over analyzers/*/" >&2
			build_suite_tool
		fi
	elif [[ $tool_mode == runtruth ]]; then
		echo "cmd/runtruth does not exist" >&2
		exit 2
	else
		build_suite_tool
	fi
	;;
suite) build_suite_tool ;;
*)
	echo "TOOL must be auto, runtruth or suite" >&2
	exit 2
	;;
esac
analyzers=$("$tool" -flags | grep -o 'enable \\"[a-z]*\\" analysis' | sed 's/enable \\"\([a-z]*\)\\" analysis/\1/' | sort -u | tr '\n' ' ')
echo "vet tool analyzers: $analyzers"

# measure runs go vet ARGS... in module dir $1 with GOCACHE $2 and prints
# "WALL CPU": the wall time and the CPU time (user+sys of go and every
# process it starts) in seconds. CPU time is the steadier figure on a busy
# machine. Findings make go vet exit 1; that is expected.
measure() {
	local dir=$1 cache=$2
	shift 2
	local TIMEFORMAT='%R %U %S' out
	out=$({ time (cd "$dir" && GOCACHE=$cache go vet "$@" ./... >/dev/null 2>&1 || true); } 2>&1)
	awk '{ printf "%.2f %.2f", $1, $2 + $3 }' <<<"$out"
}

# median FIELD "WALL CPU"... prints the median of field 1 (wall) or 2 (cpu).
median() {
	local f=$1
	shift
	printf '%s\n' "$@" | awk -v f="$f" '{ print $f }' | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# line NAME VET_RUNS RT_RUNS prints one result line and adds to summary.
line() {
	local name=$1 v r
	local -n vr=$2 rr=$3
	local vw vc rw rc
	((${#vr[@]} > 0)) || return 0
	vw=$(median 1 "${vr[@]}") vc=$(median 2 "${vr[@]}")
	rw=$(median 1 "${rr[@]}") rc=$(median 2 "${rr[@]}")
	printf '%-8s wall: go vet %6.2fs, runtruth %6.2fs, ratio %s   cpu: go vet %6.2fs, runtruth %6.2fs, ratio %s   (%d runs)\n' \
		"$name" "$vw" "$rw" "$(ratio "$rw" "$vw")" "$vc" "$rc" "$(ratio "$rc" "$vc")" "${#vr[@]}"
	summary+=("N=$n $name wall $(ratio "$rw" "$vw")x cpu $(ratio "$rc" "$vc")x;")
}


# The wrapper that keeps each package's facts.
cat >"$work/vettool-keep" <<EOF
#!/usr/bin/env bash
"$tool" "\$@"
rc=\$?
cfg=\${@: -1}
if [[ \$cfg == *.cfg ]]; then
	ip=\$(sed -n 's/^[[:space:]]*"ImportPath": *"\(.*\)",\$/\1/p' "\$cfg" | head -1)
	vx=\$(sed -n 's/^[[:space:]]*"VetxOutput": *"\(.*\)",\$/\1/p' "\$cfg" | head -1)
	if [[ -n \$ip && -f \$vx ]]; then
		cp "\$vx" "$work/vetx/\${ip//\//\~}.vetx"
	fi
fi
exit \$rc
EOF
chmod +x "$work/vettool-keep"

summary=()
for n in $sizes; do
	mod=$work/synth$n
	(cd "$root" && go run ./bench/gen -n "$n" -o "$mod")
	echo "== N=$n: $(cd "$mod" && go list ./... | wc -l) packages"

	# Cold: an empty cache for every run.
	cv=() cr=()
	# The first cold run of all also warms the OS file cache: the order
	# alternates between runs.
	for ((i = 0; i < cold_reps; i++)); do
		if ((i % 2 == 0)); then
			cv+=("$(measure "$mod" "$work/cold")")
			rm -rf "$work/cold"
		fi
		cr+=("$(measure "$mod" "$work/cold" -vettool="$tool")")
		rm -rf "$work/cold"
		if ((i % 2 == 1)); then
			cv+=("$(measure "$mod" "$work/cold")")
			rm -rf "$work/cold"
		fi
	done

	# Warm: every run starts from a copy of a cache primed by go build.
	built=$work/cache-built$n
	(cd "$mod" && GOCACHE=$built go build ./...)
	wv=() wr=() wp=()
	for ((i = 0; i < reps; i++)); do
		rm -rf "$work/warm" && cp -a "$built" "$work/warm"
		wv+=("$(measure "$mod" "$work/warm")")
		rm -rf "$work/warm" && cp -a "$built" "$work/warm"
		wr+=("$(measure "$mod" "$work/warm" -vettool="$tool")")
		rm -rf "$work/warm" && cp -a "$built" "$work/warm"
		wp+=("$(measure "$mod" "$work/warm" -vettool="$tool" -renderprovider)")
	done

	# Cached: the same command again; go vet replays cached results and
	# reruns only the packages with findings.
	rm -rf "$work/warm" && cp -a "$built" "$work/warm"
	measure "$mod" "$work/warm" >/dev/null
	measure "$mod" "$work/warm" -vettool="$tool" >/dev/null
	kv=() kr=()
	for ((i = 0; i < reps; i++)); do
		kv+=("$(measure "$mod" "$work/warm")")
		kr+=("$(measure "$mod" "$work/warm" -vettool="$tool")")
	done
	rm -rf "$work/warm" "$built"

	line cold cv cr
	line warm wv wr
	line warm-rp wv wp
	line cached kv kr

	rm -rf "$work/vetx"
	mkdir -p "$work/vetx"
	(cd "$mod" && GOCACHE=$work/cache-facts$n go vet -vettool="$work/vettool-keep" ./... >"$work/findings" 2>&1) || true
	rm -rf "$work/cache-facts$n"
	echo "findings: $(grep -c 'render path' "$work/findings" || true) renderprovider, $(grep -c '^[^#].*:[0-9]*:[0-9]*: ' "$work/findings" || true) in all"
	echo "facts per package of the module (unitchecker .vetx files):"
	"$work/factstat" "$work/vetx" synth.example/app
	echo "facts per package of every package vetted (module and standard library):"
	"$work/factstat" "$work/vetx" ""
	echo
done
echo "ratios runtruth/plain (medians): ${summary[*]}"
