#!/usr/bin/env bash
# standalone.sh DIR [CONFIG]: the standalone runtruth against plain go vet
# on the module in DIR (a real service, or a bench/gen module).
#
# Every timed command starts from a copy of one build cache in which
# everything go vet needs is compiled (primed by bench/nullvet, a vet tool
# without analyzers) and no analysis result is cached: the state of a CI
# runner that restores its build cache. For REPS rounds it runs, one after
# the other:
#
#   go vet:     go vet ./...                               (plain vet suite)
#   vettool:    go vet -vettool=runtruth ./...             (RUNTRUTH_CONFIG=CONFIG)
#   standalone: runtruth [-config CONFIG] ./...
#   again:      the same standalone run a second time, nothing changed
#
# and prints, for each, the median wall time, CPU time (user+sys, of the
# whole process tree) and peak memory: the sum of the resident sets of the
# command's process tree, sampled every 0.2 s (what a CI runner's memory
# limit sees), then the ratios to go vet.
#
# Environment: REPS=3, KEEP=1 to keep the work directory, PRIMED=DIR to
# start from the primed cache (WORK/base) that an earlier run kept.
set -euo pipefail

dir=$(cd "${1:?usage: standalone.sh DIR [CONFIG]}" && pwd)
config=${2:+$(cd "$(dirname "$2")" && pwd)/$(basename "$2")}
reps=${REPS:-3}
root=$(cd "$(dirname "$0")/.." && pwd)

work=$(mktemp -d "${TMPDIR:-/tmp}/standalone.XXXXXX")
cleanup() {
	if [[ ${KEEP:-} == 1 ]]; then
		echo "work directory kept: $work" >&2
	else
		chmod -R u+w "$work" 2>/dev/null || true
		rm -rf "$work"
	fi
}
trap cleanup EXIT

(cd "$root" && go build -o "$work/runtruth" ./cmd/runtruth && go build -o "$work/nullvet" ./bench/nullvet)

if [[ -n ${PRIMED:-} ]]; then
	# A primed cache kept (KEEP=1) from an earlier run on the same module.
	cp -a "$PRIMED" "$work/base"
else
	echo "priming a build cache for $dir ..." >&2
	export GOCACHE=$work/base
	(cd "$dir" && go vet -vettool="$work/nullvet" ./... >/dev/null 2>&1) || true
fi

# measure NAME CMD...: runs CMD in dir and appends "NAME wall cpu peakKB"
# to $work/results.
measure() {
	local name=$1
	shift
	local start end pid peak=0 kb all frontier next
	start=$(date +%s.%N)
	(cd "$dir" && exec "$@" >"$work/$name.out" 2>"$work/$name.err") &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		all=$pid frontier=$pid
		while [[ -n $frontier ]]; do
			next=$(ps -o pid= --ppid "${frontier// /,}" 2>/dev/null | tr '\n' ' ' || true)
			next=$(echo $next)
			all="$all $next" frontier=$next
		done
		all=$(echo $all)
		kb=$(ps -o rss= -p "${all// /,}" 2>/dev/null | awk '{s += $1} END {print s + 0}' || true)
		if ((kb > peak)); then peak=$kb; fi
		sleep 0.2
	done
	wait "$pid" || true
	end=$(date +%s.%N)
	# CPU of the whole tree: the children's times of this shell grow by
	# the command's.
	echo "$name $(echo "$end - $start" | bc) $peak" >>"$work/results"
}


for ((i = 1; i <= reps; i++)); do
	echo "round $i of $reps ..." >&2
	rm -rf "$work/c"
	cp -a "$work/base" "$work/c"
	GOCACHE=$work/c measure govet /usr/bin/time -f "%U %S" -o "$work/govet.cpu" go vet ./...
	awk 'END {print "govet-cpu", $1 + $2}' "$work/govet.cpu" >>"$work/results"

	rm -rf "$work/c"
	cp -a "$work/base" "$work/c"
	GOCACHE=$work/c RUNTRUTH_CONFIG=$config measure vettool /usr/bin/time -f "%U %S" -o "$work/vettool.cpu" go vet -vettool="$work/runtruth" ./...
	awk 'END {print "vettool-cpu", $1 + $2}' "$work/vettool.cpu" >>"$work/results"

	rm -rf "$work/c"
	cp -a "$work/base" "$work/c"
	args=()
	[[ -n $config ]] && args=(-config "$config")
	GOCACHE=$work/c measure standalone /usr/bin/time -f "%U %S" -o "$work/standalone.cpu" "$work/runtruth" "${args[@]}" ./...
	awk 'END {print "standalone-cpu", $1 + $2}' "$work/standalone.cpu" >>"$work/results"
	GOCACHE=$work/c measure again /usr/bin/time -f "%U %S" -o "$work/again.cpu" "$work/runtruth" "${args[@]}" ./...
	awk 'END {print "again-cpu", $1 + $2}' "$work/again.cpu" >>"$work/results"
	if ! cmp -s "$work/standalone.out" "$work/again.out"; then
		echo "the second standalone run printed other findings than the first" >&2
		exit 1
	fi
done

echo "findings: $(wc -l <"$work/standalone.out") (standalone), $(grep -c '' "$work/vettool.err" || true) lines of go vet -vettool output"
awk '
function median(name,    n, i, j, t, a) {
	n = split(vals[name], a, " ")
	for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
	return a[int((n + 1) / 2)]
}
$1 ~ /-cpu$/ { vals[$1] = vals[$1] " " $2; next }
{ vals[$1 "-wall"] = vals[$1 "-wall"] " " $2; vals[$1 "-rss"] = vals[$1 "-rss"] " " $3 }
END {
	printf "%-12s %9s %9s %11s\n", "command", "wall s", "CPU s", "peak MB"
	split("govet vettool standalone again", names, " ")
	for (k = 1; k <= 4; k++) {
		m = names[k]
		printf "%-12s %9.1f %9.1f %11.0f\n", m, median(m "-wall"), median(m "-cpu"), median(m "-rss") / 1024
	}
	printf "ratios to go vet: standalone wall %.2f, vettool CPU %.2f, second run wall %.2f\n",
		median("standalone-wall") / median("govet-wall"), median("vettool-cpu") / median("govet-cpu"), median("again-wall") / median("govet-wall")
}' "$work/results"
