#!/bin/sh
# Hostile input: trees a customer controls, generated at test time.
#
# Every case runs maillint with a 5 s CPU-time limit (a wall-clock limit
# six times that catches a process that waits instead), and (except under ASan,
# which reserves terabytes of virtual memory) a 1 GiB address-space cap,
# on a tree built in a mktemp directory, and checks that
#   - the exit status is 0, 1 or 2: never 3 (internal error), never a
#     signal or a timeout (124, >128);
#   - --format json output (lint and --dump) is one valid JSON document;
#   - text output holds no raw control character (ESC above all), no C1
#     control and no invalid UTF-8: the text reporter escapes them;
#   - a canary string, placed in files OUTSIDE the root where a naive
#     resolution of the hostile paths would land, appears in no output;
#   - refusals are diagnostics naming the path as written.
# fixtures/hostile-*/ hold regression trees found by fuzzing; each is run
# the same way (tree = the directory itself, extra arguments in `args`,
# where @DIR@ stands for the fixture directory).
#
# MAILLINT_ASAN=1 (or a binary linked with ASan) lifts the memory cap;
# MAILLINT_HOSTILE_KEEP=1 keeps the generated trees.  A failing case's
# tree is copied to $TMPDIR/maillint-hostile-fail.* for reproduction.
. "$(dirname "$0")/lib.sh"

command -v jq >/dev/null 2>&1 || { echo "jq is required"; echo "0 passed, 1 failed"; exit 1; }
if [ ! -x "$MAILLINT" ]; then
	echo "no $MAILLINT"
	echo "0 passed, 1 failed"
	exit 1
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/maillint-hostile.XXXXXX")
[ -n "${MAILLINT_HOSTILE_KEEP:-}" ] || trap 'rm -rf "$T"' EXIT
trap 'exit 1' INT TERM

CANARY=zq7Xk-CANARY-leak-3Wp9
ESC=$(printf '\033')
TIMEOUT=${MAILLINT_HOSTILE_TIMEOUT:-5}
MEMCAP=1048576				# KiB: 1 GiB of address space
if [ -n "${MAILLINT_ASAN:-}" ] ||
    nm "$MAILLINT" 2>/dev/null | grep -q __asan_init ||
    nm -D "$MAILLINT" 2>/dev/null | grep -q __asan_init; then
	MEMCAP=unlimited
	# ASan costs about three times the CPU: the same bound, scaled
	TIMEOUT=${MAILLINT_HOSTILE_TIMEOUT:-15}
fi
# Under sanitizers an error report must not pass for exit status 1 or 2:
# give the reports their own exit status (the stderr check below catches
# them anyway).  ASan bounds memory instead of ulimit -v: one allocation
# over 256 MiB fails (the biggest legitimate one here is the 60 MB file),
# so a runaway fails fast, as under the cap (maillint then exits 3); the
# RSS watchdog catches the rest.
ASAN_OPTIONS="exitcode=86:allocator_may_return_null=1:max_allocation_size_mb=256:hard_rss_limit_mb=3072:${ASAN_OPTIONS:-}"
UBSAN_OPTIONS="halt_on_error=1:exitcode=87:print_stacktrace=1:${UBSAN_OPTIONS:-}"
LSAN_OPTIONS="exitcode=88:${LSAN_OPTIONS:-}"
export ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS
SANITIZER_RE='ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|Sanitizer: hard rss limit|SUMMARY: [A-Za-z]*Sanitizer'
echo "# maillint: $MAILLINT; memory cap: $MEMCAP; timeout: ${TIMEOUT}s"

# ---- tree helpers ----------------------------------------------------

# mkcase NAME - a fresh case: $case/root (etc/postfix, etc/dovecot) and,
# beside it, $case/outside and $case/canary* holding the canary
mkcase() {
	case=$T/$1
	root=$case/root
	mkdir -p "$root/etc/postfix" "$root/etc/dovecot" "$case/outside"
	for f in "$case/canary" "$case/canary.conf" "$case/outside/canary" \
	    "$case/outside/canary.conf" "$case/outside/dovecot.conf"; do
		printf '# %s\nssl_cipher_list = %s\nprotocols = imap %s\n' \
		    "$CANARY" "$CANARY" "$CANARY" >"$f"
	done
	printf '# %s\nmyhostname = %s\nsmtpd_tls_protocols = %s\n' \
	    "$CANARY" "$CANARY" "$CANARY" >"$case/outside/main.cf"
	printf '%s inet n - y - - smtpd\n  -o smtpd_tls_security_level=%s\n' \
	    "$CANARY" "$CANARY" >"$case/outside/master.cf"
	mkdir -p "$case/outside/postfix" "$case/outside/dovecot"
	cp "$case/outside/main.cf" "$case/outside/master.cf" "$case/outside/postfix/"
	cp "$case/outside/dovecot.conf" "$case/outside/dovecot/"
}

# stock - a small sane configuration, so that there is something to lint
stock() {
	printf 'myhostname = mx.example.org\nsmtpd_tls_security_level = may\n' \
	    >"$root/etc/postfix/main.cf"
	printf 'smtp inet n - y - - smtpd\nsubmission inet n - y - - smtpd\n  -o smtpd_tls_security_level=encrypt\n' \
	    >"$root/etc/postfix/master.cf"
	printf 'protocols = imap\nssl = required\n' >"$root/etc/dovecot/dovecot.conf"
}

# ---- running ---------------------------------------------------------

# now - $now: a clock in milliseconds, read without starting a process
# (/proc/uptime, in steps of 10 ms), else from date(1)
now() {
	if [ -r /proc/uptime ] && read -r _up _ </proc/uptime; then
		now=$(( ${_up%.*} * 1000 + (1${_up#*.} - 100) * 10 ))
	else
		now=$(( $(date +%s%N) / 1000000 ))
	fi
}

# ml ARGS... - run maillint confined in time and memory; sets $rc, $out,
# $err, $ms.  Outside verify (which judges the run itself), a sanitizer
# report is a failure of its own.
in_verify=
ml() {
	out=$case/out err=$case/err
	now; t0=$now
	(
		[ "$MEMCAP" = unlimited ] || ulimit -v "$MEMCAP" 2>/dev/null
		MAILLINT_NO_OPENAT2=$NO_OPENAT2
		export MAILLINT_NO_OPENAT2
		# CPU time, not wall time: a loaded CI machine must not fail a
		# run that did its work in time
		ulimit -t "$TIMEOUT" 2>/dev/null
		exec timeout -k 2 "$((TIMEOUT * 6))" "$MAILLINT" "$@"
	) >"$out" 2>"$err" </dev/null
	rc=$?
	now; ms=$((now - t0))
	if [ -z "$in_verify" ] && [ -s "$err" ] && LC_ALL=C grep -Eq "$SANITIZER_RE" "$err"; then
		not_ok "sanitizer report: maillint $*"
		LC_ALL=C grep -E -A12 "$SANITIZER_RE" "$err" | head -30 | sed 's/^/#   /'
	fi
}

# keep ARGS... - copy the failing case (once) for reproduction
kept=
keep() {
	case " $kept " in
	*" $case "*) ;;
	*)
		kept="$kept $case"
		k=$(mktemp -d "${TMPDIR:-/tmp}/maillint-hostile-fail.XXXXXX")
		cp -a "$case/." "$k/" 2>/dev/null
		echo "$k" >"$case/.kept"
		;;
	esac
	k=$(cat "$case/.kept" 2>/dev/null)
	echo "#   reproduce: maillint $*" | sed "s|$case/|$k/|g"
}

# has_ctl FILE - raw control bytes other than tab/newline, C1 controls
# (UTF-8 encoded) or invalid UTF-8 in FILE.  A file of tabs, newlines and
# printable ASCII only (most are, or empty) has none: one grep says so.
NOT_PLAIN=$(printf '[^\t -~]')
has_ctl() {
	[ -s "$1" ] || return 1
	LC_ALL=C grep -q -a "$NOT_PLAIN" "$1" || return 1
	LC_ALL=C tr -d '\t\n' <"$1" | LC_ALL=C grep -q '[[:cntrl:]]' && return 0
	LC_ALL=C grep -q "$(printf '\302[\200-\237]')" "$1" && return 0
	iconv -f UTF-8 -t UTF-8 <"$1" >/dev/null 2>&1 || return 0
	return 1
}

# verify DESC MODE ARGS... - one run and the checks every case shares;
# MODE is text or json (decides how stdout is checked)
verify() {
	desc=$1 mode=$2
	shift 2
	in_verify=1
	ml "$@"
	in_verify=
	why=
	case $rc in
	0|1|2) ;;
	124|137) why="timed out (>$((TIMEOUT * 6))s wall clock)" ;;
	152) why="timed out (>${TIMEOUT}s of CPU time)" ;;
	*) why="exit status $rc" ;;
	esac
	if [ -z "$why" ] && [ -s "$err" ] && LC_ALL=C grep -Eq "$SANITIZER_RE" "$err"; then
		why="sanitizer report"
	fi
	# (grep -q: true when either file holds it)
	if [ -z "$why" ] && grep -q -- "$CANARY" "$out" "$err"; then
		why="canary from outside the root in the output"
	fi
	if [ -z "$why" ] && [ "$mode" = json ] &&
	    ! jq -e -s 'length == 1 and (.[0] | type) == "object"' "$out" >/dev/null 2>&1; then
		why="stdout is not one valid JSON document"
	fi
	if [ -z "$why" ] && [ "$mode" = text ] && has_ctl "$out"; then
		why="raw control character or invalid UTF-8 in stdout"
	fi
	if [ -z "$why" ] && has_ctl "$err"; then
		why="raw control character or invalid UTF-8 in stderr"
	fi
	if [ -n "$why" ]; then
		not_ok "$desc: $why"
		LC_ALL=C grep -E -A12 "$SANITIZER_RE" "$err" | head -40 | sed 's/^/#   /'
		head -c 600 "$err" | sed 's/^/#   /' | LC_ALL=C tr -d '\033'
		keep "$@"
		return 1
	fi
	ok "$desc (exit $rc, $ms ms)"
	return 0
}

# check DESC ARGS... - lint (text and JSON) and dump (text and JSON)
check() {
	_d=$1
	shift
	verify "$_d [lint]" text --root "$root" "$@"
	verify "$_d [lint json]" json --root "$root" --format json "$@"
	verify "$_d [dump]" text --root "$root" --dump "$@"
	verify "$_d [dump json]" json --root "$root" --dump --format json "$@"
}

# check_confined DESC ARGS... - check, then lint JSON and dump again with
# the component-by-component walk that replaces openat2(RESOLVE_IN_ROOT)
# on old kernels and under seccomp filters
NO_OPENAT2=
check_confined() {
	_c=$1
	shift
	check "$_c" "$@"
	NO_OPENAT2=1
	verify "$_c [lint json, no openat2]" json --root "$root" --format json "$@"
	verify "$_c [dump, no openat2]" text --root "$root" --dump "$@"
	NO_OPENAT2=
}

# check2 DESC ARGS... - lint JSON and dump text only: big inputs make a
# big --dump JSON, which jq takes seconds to parse
check2() {
	_d=$1
	shift
	verify "$_d [lint json]" json --root "$root" --format json "$@"
	verify "$_d [dump]" text --root "$root" --dump "$@"
}

# check1 DESC ARGS... - lint JSON only (the biggest inputs)
check1() {
	_d=$1
	shift
	verify "$_d [lint json]" json --root "$root" --format json "$@"
}

# expect_err DESC PATTERN - the last run's stderr matches PATTERN (grep -E)
expect_err() {
	if LC_ALL=C grep -Eq -- "$2" "$err"; then
		ok "$1"
	else
		not_ok "$1: stderr lacks /$2/"
		head -c 600 "$err" | sed 's/^/#   /'
	fi
}

# expect_out DESC PATTERN - the last run's stdout matches PATTERN
expect_out() {
	if LC_ALL=C grep -Eq -- "$2" "$out"; then
		ok "$1"
	else
		not_ok "$1: stdout lacks /$2/"
	fi
}

# expect_rc DESC WANT
expect_rc() {
	if [ "$rc" = "$2" ]; then ok "$1"; else not_ok "$1: exit $rc, want $2"; fi
}

# jq_true DESC FILTER - the last (JSON) run's stdout satisfies FILTER
jq_true() {
	if jq -e "$2" "$out" >/dev/null 2>&1; then
		ok "$1"
	else
		not_ok "$1: jq '$2' is not true"
	fi
}

start=$(date +%s)

# ---- confinement -----------------------------------------------------

mkcase missing-root
ml --root "$case/no/such/dir"
expect_rc "missing root: exit 2" 2
expect_err "missing root: names the directory" "no/such/dir"
ml --root "$case/outside/main.cf"
expect_rc "root is a file: exit 2" 2

mkcase symlink-postfix-abs
stock
rm -rf "$root/etc/postfix"
ln -s "$case/outside" "$root/etc/postfix"
check_confined "etc/postfix -> absolute path outside"
ml --root "$root" --dump
expect_err "etc/postfix -> outside: a diagnostic names etc/postfix" "etc/postfix"

mkcase symlink-postfix-rel
stock
rm -rf "$root/etc/postfix"
ln -s ../../outside "$root/etc/postfix"
check_confined "etc/postfix -> ../../outside"
# etc/dovecot too, and the entry file itself
rm -rf "$root/etc/dovecot"
ln -s ../../outside/dovecot "$root/etc/dovecot"
ln -s "$case/outside/main.cf" "$root/main.cf"
check_confined "etc/dovecot -> ../../outside/dovecot"

mkcase symlink-files
stock
ln -sf "$case/outside/main.cf" "$root/etc/postfix/main.cf"
ln -sf ../../../outside/master.cf "$root/etc/postfix/master.cf"
ln -sf ../../../../../../../../outside/dovecot.conf "$root/etc/dovecot/dovecot.conf"
check_confined "main.cf/master.cf/dovecot.conf symlinked outside"
ml --root "$root" --dump
expect_err "symlinked main.cf: diagnostic names etc/postfix/main.cf" "etc/postfix/main\.cf"

mkcase symlink-dir-loop
stock
ln -s b "$root/etc/dovecot/a"
ln -s a "$root/etc/dovecot/b"
ln -s . "$root/etc/dovecot/self"
printf '!include a/x.conf\n!include self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/self/dovecot.conf\n!include_try b/*.conf\n' \
    >"$root/etc/dovecot/dovecot.conf"
check_confined "symlink loops inside the root"

mkcase include-escape
stock
cat >"$root/etc/dovecot/dovecot.conf" <<EOF
protocols = imap
!include $case/outside/canary.conf
!include ../../../../canary.conf
!include ../../../canary.conf
!include_try ../../../outside/*.conf
!include_try $case/outside/*
!include /proc/self/environ
!include /dev/zero
ssl = required
EOF
check_confined "!include absolute and ../ paths outside the root"
ml --root "$root" --dump
expect_err "!include /abs: diagnostic names the path as written" \
    "dovecot\.conf:2:.*$case/outside/canary\.conf"
expect_err "!include ../../../../canary.conf: path as written" \
    "dovecot\.conf:3:.*\.\./\.\./\.\./\.\./canary\.conf"
expect_out "!include escape: the rest is still read (ssl)" "ssl = required"

mkcase keyfile-escape
stock
cat >"$root/etc/dovecot/dovecot.conf" <<EOF
ssl = required
ssl_cert = </outside/canary
ssl_key = <../../../canary
ssl_ca = <$case/outside/canary
ssl_dh = </dev/zero
ssl_client_ca_file = $case/outside/canary
EOF
printf 'smtpd_tls_cert_file = %s\nsmtpd_tls_key_file = ../../../canary\nsmtpd_tls_CAfile = /dev/zero\n' \
    "$case/outside/canary" >"$root/etc/postfix/main.cf"
check_confined "ssl_cert = </outside/canary, <../../../canary"
ml --root "$root"
expect_err "ssl_cert = </outside/canary: a diagnostic names the path" \
    "dovecot\.conf:2:.*/outside/canary"
expect_err "ssl_key = <../../../canary: a diagnostic names the path" \
    "dovecot\.conf:3:.*\.\./\.\./\.\./canary"

mkcase fifo
stock
rm -f "$root/etc/postfix/main.cf" "$root/etc/dovecot/dovecot.conf"
mkfifo "$root/etc/postfix/main.cf" "$root/etc/dovecot/dovecot.conf"
mkfifo "$root/etc/dovecot/inc.conf"
check_confined "FIFO as main.cf and dovecot.conf"
ml --root "$root"
expect_err "FIFO main.cf: diagnostic names it and says FIFO" \
    "etc/postfix/main\.cf.*FIFO"
rm -f "$root/etc/dovecot/dovecot.conf"
printf '!include inc.conf\n!include_try inc.conf\nssl = required\n' \
    >"$root/etc/dovecot/dovecot.conf"
check_confined "FIFO as an included file"

mkcase dev-zero
stock
ln -sf /dev/zero "$root/etc/postfix/master.cf"
ln -sf /dev/urandom "$root/etc/postfix/main.cf"
check_confined "/dev/zero as master.cf, /dev/urandom as main.cf (symlinks)"
mkdir -p "$root/dev"
ln -sf /dev/zero "$root/dev/zero"
check_confined "ROOT/dev/zero itself a symlink to /dev/zero"
if mknod "$root/dev/zero2" c 1 5 2>/dev/null; then
	ln -sf ../../dev/zero2 "$root/etc/postfix/master.cf"
	check_confined "a real character device inside the root"
	ml --root "$root"
	expect_err "device: diagnostic says character device" "character device"
else
	skip "a real character device inside the root (mknod not permitted)"
fi

mkcase socket
stock
if command -v python3 >/dev/null 2>&1 &&
    python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])' \
    "$root/etc/dovecot/sock.conf" 2>/dev/null; then
	printf '!include sock.conf\nssl = required\n' >"$root/etc/dovecot/dovecot.conf"
	rm -f "$root/etc/postfix/main.cf"
	ln -s ../dovecot/sock.conf "$root/etc/postfix/main.cf"
	check_confined "UNIX socket as main.cf and as an include"
	ml --root "$root"
	expect_err "socket: diagnostic says socket" "socket"
else
	skip "UNIX socket (no python3 to create one)"
fi

# ---- include loops and depth -----------------------------------------

mkcase include-loop
stock
d=$root/etc/dovecot
printf '!include dovecot.conf\n!include a.conf\nssl = required\n' >"$d/dovecot.conf"
printf '!include b.conf\nmail_debug = yes\n' >"$d/a.conf"
printf '!include a.conf\n!include_try ./../dovecot/b.conf\n' >"$d/b.conf"
ln -s dovecot.conf "$d/alias.conf"
printf '!include alias.conf\n' >>"$d/b.conf"
check_confined "include loops: self, a<->b, through a symlink alias"
ml --root "$root" --dump
expect_err "include loop: recursive include diagnostic" "[Rr]ecursive include"
expect_out "include loop: settings still read" "mail_debug = yes"

mkcase include-loop-glob
stock
d=$root/etc/dovecot
mkdir -p "$d/conf.d"
printf 'protocols = imap\n!include conf.d/*.conf\n' >"$d/dovecot.conf"
printf '!include *.conf\nmail_debug = yes\n' >"$d/conf.d/10-a.conf"
printf '!include ../dovecot.conf\n!include_try ../conf.d/*\n' >"$d/conf.d/20-b.conf"
printf '!include {10-a,20-b,30-c}.conf\n' >"$d/conf.d/30-c.conf"
check_confined "include loops through globs"
ml --root "$root" --dump
expect_err "include loop via glob: recursive include diagnostic" "[Rr]ecursive include"

# The host's OpenSSL configuration: .include of itself, of a directory that
# includes the directory again, of a file outside the root (absolute and
# through ..), a symbolic link out of the root, and 200 files that all
# include the directory: bounded by the include depth and max_files.
mkcase openssl-include
stock
s=$root/etc/ssl
mkdir -p "$s/inc.d"
printf 'openssl_conf = init\n[init]\nssl_conf = ssl\nproviders = p\n[ssl]\nsystem_default = sys\n[sys]\n.include /etc/ssl/openssl.cnf\n.include = inc.d\n.include %s/canary.conf\n.include ../../../outside/canary\nMinProtocol = TLSv1.2\n' "$case" >"$s/openssl.cnf"
for i in $(seq 200); do
	printf '.include /etc/ssl/inc.d\n.include /etc/ssl/openssl.cnf\nCipherString = DEFAULT@SECLEVEL=%s\n' "$((i % 3))" >"$s/inc.d/f$i.cnf"
done
ln -s "$case/outside/canary" "$s/inc.d/zz-link.cnf"
check_confined "OpenSSL configuration: include loops, fan-out, escapes"
ml --root "$root" --dump --format json
jq_true "OpenSSL configuration: MinProtocol still read" '.openssl.min_protocol == "TLSv1.2"'

mkcase include-deep
stock
d=$root/etc/dovecot
mkdir -p "$d/chain"
(cd "$d/chain" && awk 'BEGIN { for (i = 0; i < 3000; i++) { f = "c" i ".conf";
	if (i < 2999) print "!include c" (i + 1) ".conf" > f;
	print "mail_debug = yes" > f; close(f) } }')
printf 'protocols = imap\n!include chain/c0.conf\nssl = required\n' >"$d/dovecot.conf"
check "3,000-deep include chain"
ml --root "$root" --dump
expect_err "deep includes: depth limit diagnostic" "nested deeper than"
expect_out "deep includes: rest of dovecot.conf still read" "ssl = required"
expect_out "deep includes: Postfix still read" "myhostname = mx\.example\.org"
ml --root "$root" --dump --max-include-depth 5000 --max-files 5000
case $rc in 0|1|2) ok "3,000-deep chain with the limit raised to 5000 (exit $rc)" ;;
*) not_ok "3,000-deep chain with the limit raised: exit $rc" ;; esac

mkcase include-work
stock
d=$root/etc/dovecot
# Includes that cost without nesting: the same big file again and again
# (bounded by the bytes read per run), a file including itself on every
# line, and globs through a directory of links to itself (bounded by the
# glob work per run).
head -c 8000000 /dev/zero | tr '\0' '#' | fold -w 80 >"$d/big.conf"
awk 'BEGIN { for (i = 0; i < 3000; i++) print "!include big.conf"; print "ssl = required" }' \
    >"$d/dovecot.conf"
check1 "3,000 includes of one 8 MB file"
ml --root "$root" --dump
expect_err "repeated big includes: total size diagnostic" "too much to read"
expect_out "repeated big includes: the rest is still read" "ssl = required"
rm -f "$d/big.conf"
awk 'BEGIN { for (i = 0; i < 380000; i++) print "!include dovecot.conf" }' >"$d/dovecot.conf"
check1 "380,000 self-includes (an 8 MB dovecot.conf)"
for i in 0 1 2 3 4 5 6 7 8 9; do ln -s . "$d/x$i"; done
awk 'BEGIN { for (i = 0; i < 200000; i++) print "!include_try x*/x*/x*/none.conf"; print "ssl = required" }' \
    >"$d/dovecot.conf"
check1 "200,000 globs through directories of links to themselves"
ml --root "$root" --dump
expect_err "glob bomb: glob work diagnostic" "too much globbing"
expect_out "glob bomb: the rest is still read" "ssl = required"
awk 'BEGIN { for (i = 0; i < 100000; i++) print "!include_try {a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{c,d}{c,d}.conf";
	print "ssl = required" }' >"$d/dovecot.conf"
check1 "100,000 brace bombs (4,096 alternatives each)"
rm -rf "$case"

# ---- nesting, size, line length ----------------------------------------

mkcase nested
stock
awk 'BEGIN { for (i = 0; i < 200000; i++) print "service s" i " {";
	print "x = y"; for (i = 0; i < 200000; i++) print "}"; print "ssl = required" }' \
    >"$root/etc/dovecot/dovecot.conf"
check "200,000 nested sections"
ml --root "$root" --dump
expect_err "nesting: limit diagnostic" "nested deeper than"
expect_out "nesting: settings after the sections still read" "ssl = required"
awk 'BEGIN { for (i = 0; i < 200000; i++) print "protocol imap {";
	print "ssl = yes"; for (i = 0; i < 200000; i++) print "}" }' \
    >"$root/etc/dovecot/dovecot.conf"
check2 "200,000 nested filters"
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "a {"; print "";
	for (i = 0; i < 100000; i++) printf "}"; print "" }' \
    >"$root/etc/dovecot/dovecot.conf"
check2 "100,000 sections opened on one line"
awk 'BEGIN { for (i = 0; i < 200000; i++) print "}" }' >"$root/etc/dovecot/dovecot.conf"
check2 "200,000 unmatched closing braces"

mkcase long-line
stock
{
	printf 'myhostname = '
	head -c 62914560 /dev/zero | tr '\0' a
	printf '\nmydomain = after.example\n'
} >"$root/etc/postfix/main.cf"
cp "$root/etc/postfix/main.cf" "$root/etc/postfix/master.cf"
{
	printf 'ssl_cert = '
	head -c 62914560 /dev/zero | tr '\0' b
	printf '\nssl = required\n'
} >"$root/etc/dovecot/dovecot.conf"
big="--max-file-size 100000000"
# shellcheck disable=SC2086
check2 "60 MB line in main.cf, master.cf, dovecot.conf" $big
# shellcheck disable=SC2086
ml --root "$root" --dump $big
expect_err "60 MB line: line length diagnostic" "line too long"
expect_out "60 MB line: main.cf line after it still read" "mydomain = after\.example"
expect_out "60 MB line: dovecot.conf line after it still read" "ssl = required"
ml --root "$root" --dump
expect_err "60 MB file: size limit diagnostic names main.cf" \
    "etc/postfix/main\.cf.*too large"
expect_err "60 MB file: size limit diagnostic names dovecot.conf" \
    "etc/dovecot/dovecot\.conf.*too large"
rm -rf "$case"

mkcase continuations
stock
# One logical line of 700,000 short continuation lines (Postfix), as many
# -o words in one entry, and Dovecot backslash continuations: each file
# stays under the default size limit, the logical lines do not.
awk 'BEGIN { print "mynetworks = 127.0.0.1"; for (i = 0; i < 700000; i++) print " 10.0.0.1" }' \
    >"$root/etc/postfix/main.cf"
awk 'BEGIN { print "smtp inet n - y - - smtpd"; for (i = 0; i < 300000; i++) print "  -o a=b" }' \
    >"$root/etc/postfix/master.cf"
awk 'BEGIN { print "auth_mechanisms = plain \\"; for (i = 0; i < 700000; i++) print "login \\"; print "" }' \
    >"$root/etc/dovecot/dovecot.conf"
check2 "700,000 continuation lines in one logical line"

mkcase file-size
stock
head -c 9000000 /dev/zero | tr '\0' '#' >"$root/etc/postfix/main.cf"
printf 'myhostname = x\n' >"$root/etc/postfix/big.cf"
check "main.cf over the default size limit (8 MiB)"
ml --root "$root"
expect_err "file size: diagnostic names main.cf and the limit" \
    "etc/postfix/main\.cf.*too large"
stock
head -c 5000 /dev/zero | tr '\0' '#' >>"$root/etc/dovecot/dovecot.conf"
check "dovecot.conf over --max-file-size 1000" --max-file-size 1000
ml --root "$root" --max-file-size 1000
expect_err "--max-file-size 1000: diagnostic names dovecot.conf" \
    "etc/dovecot/dovecot\.conf.*too large"

# ---- bytes that are not text -----------------------------------------

mkcase nul
printf 'myhostname = a\000b\nmydomain\000 = x\n\000\000\000\nsmtpd_tls_protocols = !SSLv2\000, !SSLv3\n' \
    >"$root/etc/postfix/main.cf"
printf 'smtp inet n - y - - smtpd\000\n  -o a\000=b\nsubmission\000 inet n - - - - smtpd\n' \
    >"$root/etc/postfix/master.cf"
printf 'ssl = yes\000no\n!include\000 /x\nservice imap-login {\000\n  inet_listener imaps {\n port = 993\000\n }\n}\n' \
    >"$root/etc/dovecot/dovecot.conf"
check "NUL bytes in main.cf, master.cf, dovecot.conf"
head -c 200000 /dev/zero >"$root/etc/postfix/main.cf"
head -c 200000 /dev/zero >"$root/etc/postfix/master.cf"
head -c 200000 /dev/zero >"$root/etc/dovecot/dovecot.conf"
check "files of NUL bytes only"

mkcase random
for n in 1 2; do
	head -c 1000000 /dev/urandom >"$root/etc/postfix/main.cf"
	head -c 1000000 /dev/urandom >"$root/etc/postfix/master.cf"
	head -c 1000000 /dev/urandom >"$root/etc/dovecot/dovecot.conf"
	check2 "random bytes as main.cf, master.cf, dovecot.conf (run $n)"
	# Random text made of the syntax's own characters finds more.
	head -c 300000 /dev/urandom | LC_ALL=C tr -c 'a-z ={}$<!#\\\n"' '\n' >"$root/etc/postfix/main.cf"
	head -c 300000 /dev/urandom | LC_ALL=C tr -c 'a-z -{}o=,#\n' ' ' >"$root/etc/postfix/master.cf"
	head -c 300000 /dev/urandom | LC_ALL=C tr -c 'a-z ={}<$!#"\\\n' '\n' >"$root/etc/dovecot/dovecot.conf"
	check2 "random syntax characters (run $n)"
done

# ---- counts ------------------------------------------------------------

mkcase many-settings
stock
awk 'BEGIN { for (i = 0; i < 400000; i++) print "p" i " = $p" (i + 1) }' \
    >"$root/etc/postfix/main.cf"
check2 "400,000 main.cf settings (each referring to the next)"
expect_err "400,000 main.cf settings: the default limit (100,000) is a diagnostic" \
    "main\.cf:100001:1: error: too many settings"
expect_out "400,000 main.cf settings: the first 100,000 are read" "main\.cf:100000: p99999 = "
check2 "400,000 main.cf settings, --max-settings 400000" --max-settings 400000
expect_out "400,000 main.cf settings, --max-settings 400000: the last one is read" \
    "main\.cf:400000: p399999 = "
ml --root "$root" --format json --max-settings 1000
jq_true "400,000 settings with --max-settings 1000: limit finding (PF-SYN-001) in JSON" \
    '[.findings[] | select(.rule == "PF-SYN-001" and .file == "etc/postfix/main.cf" and (.message | test("too many settings")))] | length == 1'
awk 'BEGIN { for (i = 0; i < 400000; i++) print "k" i " = v" }' \
    >"$root/etc/dovecot/dovecot.conf"
check1 "400,000 dovecot.conf settings"
awk 'BEGIN { for (i = 0; i < 400000; i++) print "mydomain = " i }' \
    >"$root/etc/postfix/main.cf"
check1 "400,000 assignments of one main.cf parameter"

mkcase many-services
stock
awk 'BEGIN { for (i = 0; i < 50000; i++) {
	print "127.0.0." (i % 250) ":" (1024 + i) " inet n - y - - smtpd";
	print "  -o smtpd_tls_security_level=none -o { smtpd_tls_protocols = !SSLv2 }" } }' \
    >"$root/etc/postfix/master.cf"
check2 "50,000 master.cf services"
expect_err "50,000 master.cf services with 100,000 -o: over the default limit" \
    "master\.cf:[0-9]+:1: error: too many settings \(services and -o options"
check2 "50,000 master.cf services, --max-settings 200000" --max-settings 200000
expect_out "50,000 master.cf services: the last one is read" "127\.0\.0\.249:50023"
awk 'BEGIN { for (i = 0; i < 50000; i++) print "#s" i " inet n - y - - smtpd\n#  -o a=b" }' \
    >"$root/etc/postfix/master.cf"
check1 "50,000 commented-out master.cf services"

awk 'BEGIN { for (i = 0; i < 50000; i++) print "service s" i " {\n inet_listener l {\n  port = " (i % 65536) "\n }\n}" }' \
    >"$root/etc/dovecot/dovecot.conf"
check1 "50,000 Dovecot services with listeners"

mkcase many-listeners
stock
# The most listeners a master.cf under the default size limit can declare.
awk 'BEGIN { for (i = 0; i < 290000; i++) print i " inet n - n - - smtpd" }' \
    >"$root/etc/postfix/master.cf"
check1 "290,000 smtpd services (an 8 MB master.cf)"
rm -rf "$case"

mkcase expansion
stock
# Exponential $expansion ("billion laughs") and expansion loops.
awk 'BEGIN { print "a0 = x"; for (i = 1; i < 64; i++) print "a" i " = $a" (i - 1) " ${a" (i - 1) "} $(a" (i - 1) ")";
	print "myhostname = $a63"; print "loop1 = $loop2"; print "loop2 = ${loop1?$loop1}";
	print "smtpd_tls_protocols = $a63 $loop1" }' >"$root/etc/postfix/main.cf"
printf 'smtp inet n - y - - smtpd\n  -o smtpd_tls_protocols=$a63\n  -o myhostname=$myhostname$myhostname\n' \
    >"$root/etc/postfix/master.cf"
check "Postfix: exponential and looping \$expansion"

mkcase dovecot-self-reference
stock
# "key = $key $key" doubles the value at each line, as doveconf does:
# 64 lines would make 2^64 bytes unless the parser bounds it.
awk 'BEGIN { print "ssl_cipher_list = x"; for (i = 0; i < 64; i++) print "ssl_cipher_list = $ssl_cipher_list $ssl_cipher_list" }' \
    >"$root/etc/dovecot/dovecot.conf"
check2 "Dovecot: \$key self-reference doubling 64 times"
awk 'BEGIN { s = "k = "; for (i = 0; i < 60000; i++) s = s "a"; print s;
	s = "k ="; for (i = 0; i < 20000; i++) s = s " $k"; print s }' \
    >"$root/etc/dovecot/dovecot.conf"
check1 "Dovecot: one line of 20,000 \$key tokens after a 60 KB value"

mkcase max-files
stock
d=$root/etc/dovecot
mkdir -p "$d/conf.d"
(cd "$d/conf.d" && awk 'BEGIN { for (i = 0; i < 3000; i++) { f = sprintf("%04d.conf", i);
	print "mail_debug = yes" > f; close(f) } }')
printf 'protocols = imap\n!include conf.d/*.conf\nssl = required\n' >"$d/dovecot.conf"
check "3,000 conf.d files (max-files 2000)"
ml --root "$root" --dump
expect_err "max-files: limit diagnostic" "too many (files|glob matches)"
expect_out "max-files: dovecot.conf still read" "ssl = required"
check2 "3,000 conf.d files, --max-files 10" --max-files 10

# ---- output safety -----------------------------------------------------

mkcase escapes
e=$ESC
cat >"$root/etc/postfix/main.cf" <<EOF
myhostname = ${e}[31mred${e}[0m ${e}]0;pwned$(printf '\007')
smtpd_tls_protocols = !SSLv2 ${e}[2J$(printf '\r\b\177')
smtpd_tls_security_level = $(printf '\302\233')31m c1
${e}[1mbold = x
smtpd_banner = $(printf '\342\200\256')gro.elpmaxe$(printf '\342\200\254')
EOF
printf 'smtp inet n - y - - smtpd\n  -o smtpd_tls_protocols=%s[31m!SSLv2\n%s[2J inet n - y - - smtpd\n' \
    "$e" "$e" >"$root/etc/postfix/master.cf"
ESCNAME=$(printf 'x\033[2Jy\001\033]0;t\007.conf')
printf 'ssl = yes\n' >"$root/etc/dovecot/$ESCNAME"
cat >"$root/etc/dovecot/dovecot.conf" <<EOF
protocols = imap ${e}[31m
ssl_min_protocol = TLSv1${e}[0m
!include x*.conf
!include ${e}[2Jmissing.conf
!include_try ${e}]0;t$(printf '\007')*.conf
ssl_cert = <${e}[31m.pem
${e}[41m {
}
EOF
check "control characters and ANSI escapes in values and file names"
verify "control characters and ANSI escapes [sarif]" json --root "$root" --format sarif
ml --root "$root"
expect_out "escapes: the missing include is reported (escaped, DC-SYN-001)" "\\\\x1b\\[2Jmissing\\.conf"

mkcase utf8
bad=$(printf '\377\376 \303 \300\257 \355\240\200 \364\220\200\200 \360\237\230')
cat >"$root/etc/postfix/main.cf" <<EOF
myhostname = $bad
smtpd_tls_protocols = !SSLv2, $bad
$bad = x
EOF
printf 'smtp inet n - y - - smtpd\n  -o smtpd_tls_protocols=%s\n%s inet n - y - - smtpd\n' \
    "$bad" "$bad" >"$root/etc/postfix/master.cf"
BADNAME=$(printf 'bad\377\300.conf')
printf 'ssl_min_protocol = %s\n' "$bad" >"$root/etc/dovecot/$BADNAME"
printf 'protocols = imap %s\nssl = required\nssl_min_protocol = TLSv1 %s\n!include bad*.conf\n!include %s.conf\nservice %s {\n}\n' \
    "$bad" "$bad" "$bad" "$bad" >"$root/etc/dovecot/dovecot.conf"
check "invalid UTF-8 in values and file names"
verify "invalid UTF-8 [sarif]" json --root "$root" --format sarif

# ---- odd line endings and files ------------------------------------------

mkcase line-endings
printf 'myhostname = a\r\nmydomain = b\r\r\n\r\n  \r\n\\\n\tx\nmynetworks = c' >"$root/etc/postfix/main.cf"
printf 'smtp inet n - y - - smtpd\r\n  -o a=b\r\n-o\n {\n}\n }\n{ {\nsmtpd' >"$root/etc/postfix/master.cf"
printf 'ssl = yes\r\nx = "unterminated\nk = <<EOF\nno terminator\nservice a {\r\n  y = \\\n' >"$root/etc/dovecot/dovecot.conf"
check "CR, CRLF, no final newline, unterminated quotes and heredoc"
: >"$root/etc/postfix/main.cf"
: >"$root/etc/postfix/master.cf"
: >"$root/etc/dovecot/dovecot.conf"
check "empty files"
rm -rf "$root/etc/postfix/main.cf" "$root/etc/dovecot/dovecot.conf"
mkdir "$root/etc/postfix/main.cf" "$root/etc/dovecot/dovecot.conf"
check "directories where files should be"
chmod 000 "$root/etc/postfix/master.cf" 2>/dev/null
check "unreadable master.cf (mode 000)"

# ---- --fix on hostile trees ---------------------------------------------
# --fix writes inside the root only: an absolute symlink names a path that
# exists both inside the root (the mirror, fixed) and on the host (the
# canary, untouched); a relative symlink climbing out is clamped to the
# root (nothing there: not read, not written).  Every file outside the
# root keeps its checksum.

sums() { find "$case/outside" "$case"/canary* -type f | sort | xargs md5sum; }
mkcase fix-symlink-abs
stock
mkdir -p "$root/etc/dovecot/conf.d" "$root$case/outside"
printf 'ssl_min_protocol = TLSv1\n' >"$root$case/outside/10-ssl.conf"
printf '# %s\nssl_min_protocol = TLSv1\n' "$CANARY" >"$case/outside/10-ssl.conf"
ln -s "$case/outside/10-ssl.conf" "$root/etc/dovecot/conf.d/10-ssl.conf"
printf 'protocols = imap\nssl = required\n!include conf.d/*.conf\n' >"$root/etc/dovecot/dovecot.conf"
sums >"$case/sums.before"
verify "--fix through an absolute symlink (its mirror inside the root)" text --root "$root" --fix
sums >"$case/sums.after"
if cmp -s "$case/sums.before" "$case/sums.after"; then
	ok "--fix: no file outside the root changed"
else
	not_ok "--fix changed files outside the root"
	diff "$case/sums.before" "$case/sums.after" | sed 's/^/#   /'
fi
if grep -q '^ssl_min_protocol = TLSv1.2$' "$root$case/outside/10-ssl.conf" &&
    [ -f "$root$case/outside/10-ssl.conf.orig" ] && [ -L "$root/etc/dovecot/conf.d/10-ssl.conf" ]; then
	ok "--fix: the mirror inside the root is fixed, the link kept"
else
	not_ok "--fix: the symlinked file inside the root was not fixed"
	head -c 600 "$err" | sed 's/^/#   /'
fi

mkcase fix-symlink-rel
stock
ln -sf ../../../outside/main.cf "$root/etc/postfix/main.cf"
sums >"$case/sums.before"
verify "--fix with main.cf a symlink climbing out of the root" text --root "$root" --fix
expect_rc "--fix with an unreadable main.cf: exit 2" 2
expect_err "--fix with an unreadable main.cf: nothing changed" "nothing changed"
sums >"$case/sums.after"
if cmp -s "$case/sums.before" "$case/sums.after"; then
	ok "--fix: no file outside the root changed (relative link)"
else
	not_ok "--fix changed files outside the root (relative link)"
fi

# many findings: 20,000 submission listeners, each fixed in place
mkcase fix-many
stock
awk 'BEGIN { for (i = 0; i < 20000; i++) {
	printf "10.%d.%d.%d:587 inet n - y - - smtpd\n", int(i / 65536) % 256, int(i / 256) % 256, i % 256
	print "  -o smtpd_tls_security_level=may" } }' >"$root/etc/postfix/master.cf"
verify "--diff, 20,000 listeners to fix" text --root "$root" --diff
verify "--fix, 20,000 listeners to fix" text --root "$root" --fix
if [ "$(grep -c 'smtpd_tls_security_level=encrypt' "$root/etc/postfix/master.cf")" -eq 20000 ]; then
	ok "--fix: all 20,000 listeners fixed"
else
	not_ok "--fix: $(grep -c 'smtpd_tls_security_level=encrypt' "$root/etc/postfix/master.cf") of 20,000 listeners fixed"
fi

# --diff: raw bytes into a pipe (patch needs them), escaped on a terminal
mkcase fix-escapes
stock
printf 'myhostname = mx.example.org\nsmtpd_tls_security_level = may\nsmtpd_tls_protocols = !SSLv2 \033]0;owned\007\033[2J\n' \
    >"$root/etc/postfix/main.cf"
ml --root "$root" --diff
if [ "$rc" -eq 1 ] && LC_ALL=C grep -q "$(printf '\033')" "$out"; then
	ok "--diff into a pipe keeps the bytes as they are (patch applies it)"
else
	not_ok "--diff into a pipe: exit $rc, or the line's bytes were lost"
fi
if command -v script >/dev/null 2>&1; then
	script -qec "'$MAILLINT' --root '$root' --diff" /dev/null >"$case/tty" 2>&1 </dev/null
	if LC_ALL=C grep -q "$(printf '\033')" "$case/tty"; then
		not_ok "--diff on a terminal writes raw escape sequences"
	elif grep -q 'x1b' "$case/tty"; then
		ok "--diff on a terminal escapes control characters"
	else
		not_ok "--diff on a terminal: no diff seen: $(head -c 200 "$case/tty")"
	fi
else
	not_ok "script(1) is missing (bsdutils)"
fi

# ---- maillint's own data files (rules, rules.cache, defaults) ---------

# datadir - a copy of the data directory to break: $dd/rules, $dd/rules/defaults
datadir() {
	dd=$case/data
	mkdir -p "$dd/rules/defaults"
	cp "$top_srcdir"/rules/*.yaml "$dd/rules/"
	cp "$top_srcdir"/rules/defaults/*.tsv "$dd/rules/defaults/"
}

mkcase data-fifo-cache
stock
datadir
mkfifo "$dd/rules/rules.cache"
verify "FIFO as rules.cache (--rules)" text --root "$root" --rules "$dd/rules"
expect_rc "FIFO rules.cache: exit 2" 2
expect_err "FIFO rules.cache: the diagnostic names it" "rules\.cache.*FIFO"
verify "FIFO as rules.cache (--datadir)" json --root "$root" --format json \
    --datadir "$dd"
expect_rc "FIFO rules.cache in the data directory: exit 2" 2

rm -f "$dd/rules/rules.cache"
ln -s /dev/zero "$dd/rules/rules.cache"
verify "/dev/zero as rules.cache" text --root "$root" --rules "$dd/rules"
expect_rc "/dev/zero rules.cache: exit 2" 2
expect_err "/dev/zero rules.cache: character device" "rules\.cache.*character device"
rm -f "$dd/rules/rules.cache"
mkfifo "$dd/out.cache"
verify "--compile-rules onto a FIFO" text --compile-rules "$dd/rules" "$dd/out.cache"
expect_rc "--compile-rules onto a FIFO: replaced, exit 0" 0
if [ -f "$dd/out.cache" ] && [ ! -p "$dd/out.cache" ]; then
	ok "--compile-rules onto a FIFO: a regular file took its place"
else
	not_ok "--compile-rules onto a FIFO: no regular file written"
fi
mkdir "$dd/dir.cache"
verify "--compile-rules onto a directory" text --compile-rules "$dd/rules" "$dd/dir.cache"
expect_rc "--compile-rules onto a directory: exit 2" 2
if ls "$dd"/dir.cache.* >/dev/null 2>&1; then
	not_ok "--compile-rules onto a directory: a temporary file was left"
else
	ok "--compile-rules onto a directory: no temporary file left"
fi

mkcase data-fifo-rule
stock
datadir
mkfifo "$dd/rules/zz-fifo.yaml"
verify "FIFO as a rule file" text --root "$root" --rules "$dd/rules"
expect_rc "FIFO rule file: exit 2" 2
expect_err "FIFO rule file: the diagnostic names it" "zz-fifo\.yaml.*FIFO"
rm -f "$dd/rules/zz-fifo.yaml"
mkdir "$dd/rules/zz-dir.yaml"
verify "directory named like a rule file" text --root "$root" --rules "$dd/rules"
expect_rc "directory as a rule file: exit 2" 2
expect_err "directory as a rule file: named, and why" "zz-dir\.yaml.*directory"

ln -s /dev/zero "$dd/rules/zz-zero.yaml"
verify "/dev/zero as a rule file" text --root "$root" --rules "$dd/rules"
expect_rc "/dev/zero rule file: exit 2" 2
rm -f "$dd/rules/zz-zero.yaml"

mkcase data-big-rule
stock
datadir
{ echo "rules:"; head -c 5000000 /dev/zero | tr '\0' '#'; echo; } \
    >"$dd/rules/zz-big.yaml"
verify "rule file over 4 MiB" text --root "$root" --rules "$dd/rules"
expect_rc "oversized rule file: exit 2" 2
expect_err "oversized rule file: too large" "zz-big\.yaml.*too large"

mkcase data-fifo-defaults
stock
datadir
rm -f "$dd/rules/defaults/postfix.tsv"
mkfifo "$dd/rules/defaults/postfix.tsv"
verify "FIFO as a defaults table" text --root "$root" --datadir "$dd"
expect_rc "FIFO defaults table: exit 2" 2
expect_err "FIFO defaults table: the diagnostic names it" "postfix\.tsv.*FIFO"

mkcase data-long-defaults
stock
datadir
{ printf 'x_long\t0\t'; head -c 10000 /dev/zero | tr '\0' 'v'; echo; } \
    >>"$dd/rules/defaults/postfix.tsv"
verify "defaults row of 10,000 bytes" text --root "$root" --datadir "$dd"
expect_rc "over-long defaults row: exit 2" 2
expect_err "over-long defaults row: at its line" "postfix\.tsv:[0-9]+:1: .*line longer"

# ---- certificates (read and parsed: src/certcheck.c, src/certpem.c) ------

# certstock - TLS on both products, naming /etc/ssl/{cert,key,dh}.pem
certstock() {
	stock
	mkdir -p "$root/etc/ssl"
	printf 'myhostname = mx.example.org\nsmtpd_tls_security_level = may\nsmtpd_tls_cert_file = /etc/ssl/cert.pem\nsmtpd_tls_key_file = /etc/ssl/key.pem\nsmtpd_tls_dh1024_param_file = /etc/ssl/dh.pem\n' \
	    >"$root/etc/postfix/main.cf"
	printf 'protocols = imap\nssl = required\nssl_cert = </etc/ssl/cert.pem\nssl_key = </etc/ssl/key.pem\nssl_dh = </etc/ssl/dh.pem\n' \
	    >"$root/etc/dovecot/dovecot.conf"
}
if command -v openssl >/dev/null 2>&1; then
	# A real certificate whose subject is the canary, outside the root:
	# reading it through any path would print the canary.
	mkcase cert-outside
	certstock
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$case/outside/canary.key" \
	    -out "$case/outside/canary.pem" -days 30 -subj "/CN=$CANARY" >/dev/null 2>&1
	cat "$case/outside/canary.pem" "$case/outside/canary.key" >"$case/canary.pem"
	ln -s ../../../outside/canary.pem "$root/etc/ssl/cert.pem"
	ln -s "$case/outside/canary.key" "$root/etc/ssl/key.pem"
	ln -s /proc/self/cwd/../canary.pem "$root/etc/ssl/dh.pem"
	check_confined "certificate, key and DH file: symlinks out of the root"
	printf 'smtpd_tls_chain_files = ../../../../canary.pem, /etc/ssl/../../../canary.pem\n' \
	    >>"$root/etc/postfix/main.cf"
	printf 'local_name x.example.org {\n  ssl_cert = <../../../canary.pem\n}\n' \
	    >>"$root/etc/dovecot/dovecot.conf"
	check_confined "chain files and local_name certificate climbing out with .."
else
	skip "certificates outside the root: no openssl"
fi

# ---- cipher strings (expanded by OpenSSL: src/ciphers.c) ------------------
mkcase ciphers-long
# 60 KB cipher lists: ten thousand weak keywords that OpenSSL knows, legacy
# names, and 2,000 services that each use the list (mozilla profile: one
# expansion per listener)
awk 'BEGIN { printf "tls_medium_cipherlist = "; for (i = 0; i < 9000; i++) printf "%seNULL", i ? ":" : ""
	for (i = 0; i < 900; i++) printf ":RC4-SHA%d", i; print "" }' >"$root/etc/postfix/main.cf"
printf 'smtpd_tls_security_level = may\nsmtpd_tls_cert_file = /etc/ssl/c.pem\nsmtpd_tls_key_file = /etc/ssl/k.pem\n' >>"$root/etc/postfix/main.cf"
i=0
while [ $i -lt 2000 ]; do
	printf '%d inet n - y - - smtpd\n' $((10000 + i))
	i=$((i + 1))
done >"$root/etc/postfix/master.cf"
awk 'BEGIN { printf "ssl_cipher_list = "; for (i = 0; i < 5000; i++) printf "%saNULL:eNULL", i ? ":" : ""; print "" }' \
    >"$root/etc/dovecot/dovecot.conf"
check2 "60 KB cipher lists of weak keywords, 2,000 services"
check1 "60 KB cipher lists under the mozilla profile (an expansion per listener)" --profile mozilla-intermediate

mkcase cert-fifo
certstock
mkfifo "$root/etc/ssl/cert.pem" "$root/etc/ssl/key.pem" "$root/etc/ssl/dh.pem"
check_confined "FIFO as certificate, key and DH parameters"
ml --root "$root"
expect_err "FIFO certificate: a diagnostic says so" "cert\.pem.*not a regular file"

mkcase cert-huge
certstock
# 100 MB of "certificate" (sparse: the size is refused before any read),
# a key of 2 MB of PEM-looking lines, DH parameters of one endless line.
truncate -s 100M "$root/etc/ssl/cert.pem"
awk 'BEGIN { for (i = 0; i < 40000; i++) print "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----" }' \
    >"$root/etc/ssl/key.pem"
head -c 900000 /dev/zero | tr '\0' 'A' >"$root/etc/ssl/dh.pem"
check_confined "100 MB certificate, 2 MB of PEM blocks as key, a 900 KB line as DH"
ml --root "$root"
expect_err "100 MB certificate: not checked, too large" "cert\.pem.*not checked: file too large"
truncate -s 0 "$root/etc/ssl/cert.pem"
awk 'BEGIN { for (i = 0; i < 15000; i++) print "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----" }' \
    >"$root/etc/ssl/cert.pem"
check1 "15,000 undecodable PEM blocks in a certificate under the size limit"
ml --root "$root"
expect_err "2 MB key file: not checked, too large" "key\\.pem.*not checked: file too large"

mkcase data-missing
stock
verify "data directory without rules/defaults" text --root "$root" \
    --datadir "$case/outside"
expect_rc "no data directory: exit 2" 2
expect_err "no data directory: says how to name one" "--datadir DIR or MAILLINT_DATADIR"
saved_datadir=$MAILLINT_DATADIR
MAILLINT_DATADIR=$case/no-such-dir	# exported by lib.sh
verify "MAILLINT_DATADIR naming nothing" json --root "$root" --format json
expect_rc "MAILLINT_DATADIR naming nothing: exit 2" 2
MAILLINT_DATADIR=$saved_datadir

# ---- maillint's own modules (src/modload.h) --------------------------
# A program whose module is missing says which and exits 3 (internal
# error); it never lints as if the module's checks had passed.  The copy
# of the binary has no module beside it; rule files without a cache need
# the YAML module, a certificate the OpenSSL one.
mkcase module-missing
stock
mkdir -p "$case/bin" "$case/data/rules"
cp "$MAILLINT" "$case/bin/maillint"
cp -R "$MAILLINT_DATADIR/rules/defaults" "$case/data/rules/"
cp "$MAILLINT_DATADIR"/rules/*.yaml "$case/data/rules/"
# the installed modules' folder, compiled in (PKGLIBDIR)
installed=$(strings "$MAILLINT" | sed -n 's|^\(/.*/lib/maillint\)$|\1|p' | head -1)
if [ -e "${installed:-/nonexistent}/maillint-yaml.so" ]; then
	skip "missing module: an installed one is in $installed"
else
	saved_ml=$MAILLINT saved_asan=${ASAN_OPTIONS-}
	MAILLINT=$case/bin/maillint
	# exit 3 leaves the run's memory to the system, as an internal
	# error does: no leak report for it
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
	export ASAN_OPTIONS
	ml --datadir "$case/data" --root "$root" --format json
	MAILLINT=$saved_ml ASAN_OPTIONS=$saved_asan
	expect_rc "YAML module missing: exit 3" 3
	expect_err "YAML module missing: names it" "cannot load the module maillint-yaml\\.so"
fi

# ---- regression fixtures found by fuzzing --------------------------------

for dir in "$top_srcdir"/fixtures/hostile-*/; do
	[ -d "$dir" ] || continue
	case=$T/fixture-$(basename "$dir")
	mkdir -p "$case"
	root=${dir%/}
	args=
	# `args`: extra options; @DIR@ stands for the fixture directory.
	[ -f "$root/args" ] && args=$(sed "s|@DIR@|$root|g" "$root/args")
	# shellcheck disable=SC2086
	check "fixture $(basename "$root")" $args
done

end=$(date +%s)
echo "# hostile suite took $((end - start)) s"
finish
