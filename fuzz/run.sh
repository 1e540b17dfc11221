#!/bin/sh
# SPDX-License-Identifier: MIT
# Run the libFuzzer harnesses built by fuzz/build.sh, each for a while,
# failing on any crash, leak, timeout or out-of-memory.
#
#   fuzz/run.sh [-t SECONDS] [-j JOBS] [HARNESS...]
#     -t  seconds per harness (default 60; env FUZZ_SECONDS)
#     -j  harnesses run at once (default 1; env JOBS; 2 = both cores)
#   env FUZZ_MAXLEN (default 8192: longer seeds are cut; smaller inputs
#   run faster and reach the limits that matter), FUZZ_FLAGS (more flags)
#   fuzz/run.sh -s       only (re)seed the corpora
#
# Corpora: fuzz/corpus-<name>/ (not committed) are seeded at each run
# from fixtures/ and ../shared/corpus/ (env CORPUS); libFuzzer adds what
# it finds there, so later runs start further.  Crash inputs land in
# fuzz/out/artifacts/; logs in fuzz/out/<harness>.log.  A crash becomes a
# regression fixture: see fuzz/README.md.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
out=${FUZZ_OUT:-$here/out}
secs=${FUZZ_SECONDS:-60}
jobs=${JOBS:-1}
seed_only=
while getopts t:j:s opt; do
	case $opt in
	t) secs=$OPTARG ;;
	j) jobs=$OPTARG ;;
	s) seed_only=1 ;;
	*) sed -n '6,11s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
HARNESSES="fuzz_main_cf fuzz_master_cf fuzz_dovecot fuzz_rules fuzz_pipeline fuzz_fixapply fuzz_certpem fuzz_ndjson"
[ $# -gt 0 ] && HARNESSES="$*"
corpus_src=${CORPUS:-$top/../shared/corpus}
SEP='#--maillint-fuzz-part--'	# fuzz_common.h FUZZ_SEP, without the newlines

# seed FILE NAME - copy FILE into corpus-NAME under its content hash
seed() {
	[ -f "$1" ] && [ -s "$1" ] || return 0
	h=$(sha1sum <"$1" | cut -c1-40)
	[ -f "$here/corpus-$2/$h" ] || cp "$1" "$here/corpus-$2/$h"
}

# trees - directories that hold one host's configuration
trees() {
	for d in "$top"/fixtures/*/ "$corpus_src"/*/; do
		[ -d "$d" ] && echo "${d%/}"
	done
}

# pipeline_seed TREE - main.cf SEP master.cf SEP dovecot.conf of one tree
pipeline_seed() {
	mainf=$(find "$1" -name main.cf -type f 2>/dev/null | head -1)
	masterf=$(find "$1" -name master.cf -type f 2>/dev/null | head -1)
	dcf=$(find "$1" -name dovecot.conf -type f 2>/dev/null | head -1)
	[ -n "$mainf$masterf$dcf" ] || return 0
	tmp=$(mktemp)
	{
		[ -n "$mainf" ] && cat "$mainf"
		printf '\n%s\n' "$SEP"
		[ -n "$masterf" ] && cat "$masterf"
		printf '\n%s\n' "$SEP"
		[ -n "$dcf" ] && cat "$dcf"
	} >"$tmp"
	seed "$tmp" pipeline
	rm -f "$tmp"
}

# fixapply_seed KIND FILE - KIND byte (m, s, d), FILE, SEP, an edit program
# (4-byte records: see fuzz_fixapply.c)
fixapply_seed() {
	tmp=$(mktemp)
	{
		printf '%s' "$1"
		cat "$2"
		printf '\n%s\n' "$SEP"
		printf '\000\001\001\001\001\002\003\002\002\003\000\000'
		printf '\003\011\004\006\004\024\000\003\005\001\016\001'
	} >"$tmp"
	seed "$tmp" fixapply
	rm -f "$tmp"
}

# certpem_seeds - certificates, keys and DH parameters made with openssl
# (none is committed): a chain with its key after FUZZ_SEP, a key-first
# chain file, SHA-1, EC, self-signed, DH parameters
certpem_seeds() {
	command -v openssl >/dev/null 2>&1 || return 0
	d=$(mktemp -d)
	(
		cd "$d" || exit 0
		o() { openssl "$@" >/dev/null 2>&1; }
		o req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem \
		    -days 30 -subj /CN=ca -addext basicConstraints=critical,CA:TRUE
		o req -new -newkey rsa:1024 -nodes -keyout l.key -out l.csr -subj /CN=mail.example.org
		printf 'subjectAltName=DNS:mail.example.org,DNS:*.example.org,IP:192.0.2.1,email:a@b\n' >ext
		o x509 -req -in l.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 -sha1 -extfile ext -out l.pem
		o req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout e.key -out e.pem -days 1 -subj /CN=e
		o pkey -in l.key -traditional -out l-trad.key
		o pkey -in e.key -aes128 -passout pass:x -out e-enc.key
		o dhparam -dsaparam -out dh.pem 512
		printf '%s\n' "$SEP" >sep
		cat l.pem ca.pem sep l.key >s1
		cat l.key l.pem ca.pem sep e-enc.key >s2
		cat e.pem sep l-trad.key >s3
		cat dh.pem >s4
		cat ca.pem l.pem sep e.key >s5
	)
	for f in s1 s2 s3 s4 s5; do seed "$d/$f" certpem; done
	rm -rf "$d"
}

# ndjson_seeds - fleet records of the fixtures, a few hosts a seed, made
# by the built maillint (none when it is not built)
ndjson_seeds() {
	ml=${MAILLINT:-$top/maillint}
	[ -x "$ml" ] || return 0
	d=$(mktemp -d)
	i=0
	for t in "$top"/fixtures/*/; do
		[ -d "$t/etc" ] || continue
		case $(basename "$t") in hostile-*) continue ;; esac
		g=$d/g$((i / 4))
		mkdir -p "$g"
		ln -s "${t%/}" "$g/h$i"
		i=$((i + 1))
		[ $i -lt 32 ] || break
	done
	for g in "$d"/g*; do
		MAILLINT_DATADIR=$top "$ml" --fleet --format json --now 2026-12-04 \
		    $(ls -d "$g"/*) >"$g.ndjson" 2>/dev/null
		seed "$g.ndjson" ndjson
	done
	rm -rf "$d"
}

seed_all() {
	for n in main_cf master_cf dovecot rules pipeline fixapply certpem ndjson; do
		mkdir -p "$here/corpus-$n"
	done
	certpem_seeds
	ndjson_seeds
	trees | while read -r t; do
		find "$t" -type f -name 'main.cf*' | while read -r f; do
			seed "$f" main_cf; fixapply_seed m "$f"; done
		find "$t" -type f -name 'master.cf*' | while read -r f; do
			seed "$f" master_cf; fixapply_seed s "$f"; done
		find "$t" -type f -name 'dovecot.conf*' | while read -r f; do
			fixapply_seed d "$f"; done
		find "$t" -type f \( -path '*dovecot*' -o -name '*.conf' -o -name '*.conf.ext' \
		    -o -name '*.inc' \) ! -name 'main.cf*' ! -name 'master.cf*' ! -name 'expected*' |
		    while read -r f; do seed "$f" dovecot; done
		pipeline_seed "$t"
	done
	for f in "$top"/rules/*.yaml "$top"/tests/rules/*.yaml "$top"/fixtures/*/rules/*.yaml; do
		seed "$f" rules
	done
	for n in main_cf master_cf dovecot rules pipeline fixapply certpem ndjson; do
		echo "corpus-$n: $(ls "$here/corpus-$n" | wc -l) inputs"
	done
}

seed_all
[ -n "$seed_only" ] && exit 0

for h in $HARNESSES; do
	if [ ! -x "$out/$h" ]; then
		echo "run.sh: $out/$h missing: run fuzz/build.sh first" >&2
		exit 2
	fi
done
mkdir -p "$out/artifacts"

# run_one HARNESS - fuzz for $secs seconds; status file records the result
run_one() {
	h=$1
	name=${h#fuzz_}
	dict=
	case $name in
	main_cf|master_cf) dict=$here/postfix.dict ;;
	dovecot) dict=$here/dovecot.dict ;;
	rules) dict=$here/rules.dict ;;
	pipeline|fixapply) dict=$here/pipeline.dict ;;
	esac
	# shellcheck disable=SC2086
	"$out/$h" -max_total_time="$secs" -max_len="${FUZZ_MAXLEN:-8192}" \
	    -timeout=10 -rss_limit_mb=2048 \
	    -malloc_limit_mb=1024 -print_final_stats=1 -detect_leaks=1 \
	    -artifact_prefix="$out/artifacts/$h-" ${dict:+-dict="$dict"} \
	    ${FUZZ_FLAGS:-} "$here/corpus-$name" >"$out/$h.log" 2>&1
	echo $? >"$out/$h.status"
}

start=$(date +%s)
running=0
for h in $HARNESSES; do
	rm -f "$out/$h.status"
	run_one "$h" &
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then
		wait
		running=0
	fi
done
wait

fail=0
for h in $HARNESSES; do
	st=$(cat "$out/$h.status" 2>/dev/null || echo missing)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$h.log" | tail -1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$out/$h.log" | tail -1)
	cov=$(grep -Eo 'cov: [0-9]+ ft: [0-9]+' "$out/$h.log" | tail -1)
	if [ "$st" = 0 ] && ! grep -Eq '^==[0-9]+==ERROR|^SUMMARY: |runtime error:' "$out/$h.log"; then
		echo "ok - $h: ${execs:-?} executions, ${rate:-?} exec/s, $cov"
	else
		fail=$((fail + 1))
		echo "not ok - $h: exit $st after ${execs:-?} executions; log $out/$h.log"
		grep -E 'ERROR: |SUMMARY: |runtime error:|Test unit written to|deadly signal|out-of-memory|timeout' \
		    "$out/$h.log" | head -10 | sed 's/^/#   /'
	fi
done
echo "# fuzzing took $(( $(date +%s) - start )) s"
[ "$fail" -eq 0 ]
