#!/bin/sh
# bench/run.sh [BUILD_DIR] - maillint against the real tools on the same
# trees, as ratios measured in one run.
#
# Trees:
#   stock    the Debian 12 stock configuration (fixtures/debian-stock)
#   large    bench/gen-large.sh N=4: 20,000 main.cf parameters, 2,000
#            services with three -o each, 200 Dovecot files (1.3 MB)
#   large2x  the same generator at N=8, for linear growth
#
# For each tree, `maillint --root TREE --format json` (a full lint) and
# `postconf -n` + `doveconf -n` on the same files run alternately, RUNS
# rounds (default 11) after two warm-up rounds; the medians of the wall
# times are compared (bench/walltime.c, built here with $CC).  Goals:
#   stock ratio <= 0.10, large ratio <= 0.02,
#   large2x / large maillint time <= 2.0 (linear growth; the two run
#   alternately in one walltime run),
#   large peak memory (/usr/bin/time -v) <= 2 x input bytes + 8 MB,
#   fleet: 10,000 generated snapshots in <= 10 s, peak memory flat in N.
# One summary line per goal ("goal met" / "goal missed"), then a total;
# the exit status is 1 when a goal is missed.  BENCH_CALLGRIND=1 adds the
# instruction counts (callgrind: repeatable on a busy machine).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top}
ML="$build/maillint"
RUNS=${RUNS:-11}
POSTCONF=$(command -v postconf || echo /usr/sbin/postconf)
DOVECONF=$(command -v doveconf || echo /usr/bin/doveconf)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
missed=0
met=0

for t in "$ML" "$POSTCONF" "$DOVECONF" /usr/bin/time; do
	if [ ! -x "$t" ]; then
		echo "bench: $t is missing" >&2
		exit 2
	fi
done
${CC:-cc} -O2 -o "$tmp/walltime" "$top/bench/walltime.c"

goal() { # OK(0/1) TEXT
	if [ "$1" = 1 ]; then
		met=$((met + 1))
		echo "$2: goal met"
	else
		missed=$((missed + 1))
		echo "$2: goal missed"
	fi
}

# measure NAME ROOT - median wall times; sets ML_MS PC_MS DC_MS
measure() {
	r=$2
	"$tmp/walltime" "$RUNS" 2 \
	    maillint "$ML" --datadir "$top" --root "$r" --format json -- \
	    postconf "$POSTCONF" -c "$r/etc/postfix" -n -- \
	    doveconf "$DOVECONF" -n -c "$r/etc/dovecot/dovecot.conf" >"$tmp/$1.t"
	ML_MS=$(awk '$1 == "maillint" { print $2 }' "$tmp/$1.t")
	PC_MS=$(awk '$1 == "postconf" { print $2 }' "$tmp/$1.t")
	DC_MS=$(awk '$1 == "doveconf" { print $2 }' "$tmp/$1.t")
	bytes=$(find "$r/etc" -type f -exec cat {} + | wc -c)
	printf '%-8s %8d bytes  maillint %8.2f ms  postconf -n %8.2f ms  doveconf -n %8.2f ms\n' \
	    "$1" "$bytes" "$ML_MS" "$PC_MS" "$DC_MS"
	if [ "${BENCH_CALLGRIND:-}" = 1 ]; then
		valgrind --tool=callgrind --callgrind-out-file="$tmp/cg" "$ML" \
		    --datadir "$top" --root "$r" --format json >/dev/null 2>"$tmp/cg.err" || true
		echo "         maillint $(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$tmp/cg.err") instructions"
	fi
}

ratio_line() { # NAME GOAL
	awk -v m="$ML_MS" -v p="$PC_MS" -v d="$DC_MS" -v g="$2" -v n="$1" 'BEGIN {
		r = m / (p + d)
		printf "%s ratio %.3f (maillint %.2f ms / postconf -n + doveconf -n %.2f ms, goal <= %s)\n",
		    n, r, m, p + d, g
		exit !(r <= g)
	}' >"$tmp/line" && ok=1 || ok=0
	goal "$ok" "$(cat "$tmp/line")"
}

echo "bench: $(uname -m), $(nproc) cores, median of $RUNS alternating runs"
measure stock "$top/fixtures/debian-stock"
ratio_line stock 0.10

sh "$top/bench/gen-large.sh" "$tmp/large" 4
sh "$top/bench/gen-large.sh" "$tmp/large2x" 8
measure large "$tmp/large"
ratio_line large 0.02
measure large2x "$tmp/large2x"
# Growth: maillint on both trees alternately in one run, so that the
# machine's load of the moment weighs on both alike.
"$tmp/walltime" "$RUNS" 2 \
    large "$ML" --datadir "$top" --root "$tmp/large" --format json -- \
    large2x "$ML" --datadir "$top" --root "$tmp/large2x" --format json \
    >"$tmp/growth.t"
g1=$(awk '$1 == "large" { print $2 }' "$tmp/growth.t")
g2=$(awk '$1 == "large2x" { print $2 }' "$tmp/growth.t")
awk -v a="$g1" -v b="$g2" 'BEGIN {
	printf "growth: large2x / large = %.2f (maillint %.2f ms / %.2f ms, alternate runs, goal <= 2.00)\n", b / a, b, a
	exit !(b / a <= 2.0)
}' >"$tmp/line" && ok=1 || ok=0
goal "$ok" "$(cat "$tmp/line")"

# Peak memory on the large tree, as /usr/bin/time -v reports it.
bytes=$(find "$tmp/large/etc" -type f -exec cat {} + | wc -c)
/usr/bin/time -v "$ML" --datadir "$top" --root "$tmp/large" --format json \
    >/dev/null 2>"$tmp/time.v" || true
rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/time.v")
awk -v rss="$rss" -v b="$bytes" 'BEGIN {
	lim = (2 * b + 8 * 1048576) / 1024
	printf "memory: large peak RSS %d KB (input %d bytes, goal <= 2 x input + 8 MB = %d KB)\n", rss, b, lim
	exit !(rss <= lim)
}' >"$tmp/line" && ok=1 || ok=0
goal "$ok" "$(cat "$tmp/line")"

# The fleet: FLEET_HOSTS (default 10,000) generated snapshots
# (bench/gen-fleet.sh) audited by one `maillint --fleet` (NDJSON), wall
# time against the goal of 10 s on this machine's cores; then peak memory
# (the largest process, parent or worker) at a tenth of the hosts and at
# all of them: flat in N means the larger fleet costs at most 1 MB more.
# FLEET_HOSTS=0 leaves the fleet out.
fleet_n=${FLEET_HOSTS:-10000}
if [ "$fleet_n" -gt 0 ]; then
	small_n=$((fleet_n / 10))
	sh "$top/bench/gen-fleet.sh" "$tmp/fleet" "$fleet_n"
	# the snapshots into the page cache, as on a second audit
	cat "$tmp"/fleet/*/etc/postfix/main.cf >/dev/null
	/usr/bin/time -f '%e %M' "$ML" --datadir "$top" --fleet "$tmp/fleet" \
	    --format json >"$tmp/fleet.out" 2>"$tmp/fleet.time" || true
	set -- $(tail -n 1 "$tmp/fleet.time")
	fleet_s=$1 fleet_rss=$2
	awk -v s="$fleet_s" -v n="$fleet_n" -v c="$(nproc)" 'BEGIN {
		printf "fleet: %d hosts in %.2f s wall (%.2f ms a host, %d cores, goal <= 10 s)\n", n, s, s * 1000 / n, c
		exit !(s <= 10)
	}' >"$tmp/line" && ok=1 || ok=0
	goal "$ok" "$(cat "$tmp/line")"
	# the small fleet: the first hosts, named as snapshot paths
	/usr/bin/time -f '%e %M' "$ML" --datadir "$top" --fleet \
	    $(ls -d "$tmp/fleet"/* | head -n "$small_n") --format json \
	    >/dev/null 2>"$tmp/fleet-small.time" || true
	set -- $(tail -n 1 "$tmp/fleet-small.time")
	small_rss=$2
	awk -v a="$small_rss" -v b="$fleet_rss" -v n="$fleet_n" -v m="$small_n" 'BEGIN {
		printf "fleet memory: peak RSS %d KB at %d hosts, %d KB at %d (goal: flat, at most 1 MB more)\n", a, m, b, n
		exit !(b <= a + 1024)
	}' >"$tmp/line" && ok=1 || ok=0
	goal "$ok" "$(cat "$tmp/line")"
fi

echo "bench: $met goals met, $missed missed"
[ "$missed" -eq 0 ]
