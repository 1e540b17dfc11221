#!/bin/bash
# Live truth: run the real Postfix and Dovecot with each case's configuration
# on loopback, probe them with openssl s_client and a cleartext client, and
# check that maillint's verdict (--dump listeners, and findings once rules
# are loaded) agrees with what the daemons do.  See tests/live/README.md.
#
#   tests/live/run.sh [CASE...]      run all cases, or the named ones
#
# Environment: MAILLINT (the binary), top_srcdir, LIVE_VERBOSE=1 (print the
# observations of every case), LIVE_KEEP=1 (keep the work directory),
# LIVE_FINDINGS=auto|yes|no (compare findings; auto = when rules load),
# DEBIAN13_ROOT (the Debian 13 root for cases of generation debian13;
# default /var/cache/maillint/debian13, built by .ci/debian13 when missing).
# Needs root, postfix, dovecot (imapd, pop3d, submissiond, lmtpd,
# managesieved), openssl, netcat-openbsd, jq, iproute2 (ss).
#
# A case's generation (its file "generation": debian12, the default, or
# debian13) says whose daemons judge it: this host's (Debian 12: Postfix
# 3.7, Dovecot 2.3) or those of the Debian 13 root (Postfix 3.10, Dovecot
# 2.4), run through chroot on this machine's loopback.
#
# Output: one line per case ("ok - CASE" / "not ok - CASE: ..."), then
# "N passed, N failed" (", N skipped" when an SSLv3 claim could not be
# probed).  Exit status 0 only when every case passed and no process that
# this script started is left running.

set -u
export LC_ALL=C

LIVE_DIR=$(cd "$(dirname "$0")" && pwd)
: "${top_srcdir:=$(cd "$LIVE_DIR/../.." && pwd)}"
: "${MAILLINT:=$top_srcdir/maillint}"
export MAILLINT_DATADIR="${MAILLINT_DATADIR:-$top_srcdir}"
CASES_DIR=${LIVE_CASES:-$LIVE_DIR/cases}
VERBOSE=${LIVE_VERBOSE:-}
FINDINGS=${LIVE_FINDINGS:-auto}

SERVER_ADDR=127.0.0.1
# Dovecot treats a client whose address equals the server's as secured (and
# offers plaintext auth whatever the config says): connect from another one.
CLIENT_ADDR=127.0.0.2
PF_MASTER=${PF_MASTER:-/usr/lib/postfix/sbin/master}
# A hang guard, not a speed test: every step of a case is bounded (probes
# 5-8 s, daemon start 16 s, stop 15 s), so a case that takes longer than
# this is stuck somewhere the bounds do not cover.
CASE_BUDGET=120		# seconds per case
D13_ROOT=${DEBIAN13_ROOT:-/var/cache/maillint/debian13}
TLS_VERSIONS="TLSv1 TLSv1.1 TLSv1.2 TLSv1.3"

# Rule ids per class of finding.  A class is expected on a listener exactly
# when the probe shows the fact; wire new rule ids in here.  Config-level
# rules (no listener scope) are expected exactly when the daemon serves the
# protocol (some listener of the login service answers) but no listener of
# it does implicit TLS.  (Read through ${!name}.)
# shellcheck disable=SC2034
{
	CLASS_old_tls="PF-TLS-001 PF-TLS-002 PF-TLS-003 DC-TLS-001 DC-TLS-002"
	CLASS_plaintext_auth="PF-AUTH-001 PF-AUTH-002 PF-AUTH-004 DC-AUTH-001 DC-AUTH-002"
	CLASS_no_tls="PF-TLS-004 PF-TLS-005 PF-TLS-006 PF-TLS-011 PF-AUTH-002 DC-TLS-003 DC-TLS-007 DC-TLS-008"
	CLASS_cleartext_on_implicit_port="PF-SUB-003 DC-TLS-006"
	CLASSES="old_tls plaintext_auth no_tls cleartext_on_implicit_port"
	CONFIG_no_implicit_imap="DC-TLS-004"
	CONFIG_no_implicit_pop3="DC-TLS-005"
}

t_pass=0 t_fail=0 t_skip=0
suite_start=$(date +%s)

# ---------------------------------------------------------------- helpers

say() { printf '%s\n' "$*"; }
# note - a detail line under the current case (printed when it fails or
# when LIVE_VERBOSE is set)
note() { [ -n "${C:-}" ] && printf '#   %s\n' "$*" >>"$C/notes"; }
# disagree - record one disagreement of the current case
disagree() { [ -n "${C:-}" ] && printf '%s\n' "$*" >>"$C/disagree"; }

now_ms() { date +%s%3N; }

# The current case's generation: GEN is debian12 (this host's daemons) or
# debian13 (the root's, through chroot).  x runs a daemon's tool (postconf,
# doveconf, chown with the daemons' users...) in that generation; ip turns
# a path of this machine into the path the daemons see (a debian13 case's
# work directory lies under the root's /tmp).
GEN=debian12 PFX=''
x() {
	if [ "$GEN" = debian13 ]; then chroot "$D13_ROOT" "$@"; else "$@"; fi
}
ip() { printf '%s' "${1#"$PFX"}"; }
# phase NAME - note how long the step since the last mark took
phase() {
	local t
	t=$(now_ms)
	note "time: $1 $(((t - PHASE_T) / 1000)).$(((t - PHASE_T) % 1000 / 100)) s"
	PHASE_T=$t
}

# proc_start PID - the process's start time (field 22 of /proc/PID/stat),
# to tell a live process of ours from a later one that reused its PID
proc_start() {
	local s
	s=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
	s=${s##*) }
	set -- $s
	printf '%s\n' "${20}"
}

# register PID LABEL - remember a process we started
register() {
	local st
	st=$(proc_start "$1") || return 0
	printf '%s %s %s\n' "$1" "$st" "$2" >>"$WORK/pids"
	# the case's own list: lanes run side by side
	[ -n "${C:-}" ] && printf '%s %s %s\n' "$1" "$st" "$2" >>"$C/pids"
}

# alive PID START - the very process (not a reuse of its PID) still runs
# (a zombie waiting to be reaped does not count)
alive() {
	local s want=$2
	read -r s 2>/dev/null <"/proc/$1/stat" || return 1
	s=${s##*) }
	set -- $s
	[ "$1" != Z ] && [ "$1" != X ] && [ "${20}" = "$want" ]
}

# running PID - the process exists and is not a zombie
running() {
	local s
	read -r s 2>/dev/null <"/proc/$1/stat" || return 1
	s=${s##*) }
	case $s in Z* | X*) return 1 ;; esac
	return 0
}

# descendants PID - every live descendant, depth-first (bounded depth)
descendants() {
	local p c depth=${2:-0}
	[ "$depth" -gt 8 ] && return 0
	for c in $(pgrep -P "$1" 2>/dev/null); do
		printf '%s\n' "$c"
		descendants "$c" $((depth + 1))
	done
}

# gone_within TENTHS LIST - wait (bounded) until none of the "pid:start"
# entries of LIST is alive; leaves the survivors in SURVIVORS
gone_within() {
	local n=$1 list=$2 k left
	for _ in $(seq "$n"); do
		left=
		for k in $list; do
			alive "${k%:*}" "${k#*:}" && left="$left $k"
		done
		list=$left
		[ -z "$list" ] && break
		sleep 0.1
	done
	SURVIVORS=$list
	[ -z "$list" ]
}

# stop_daemons PID... - stop our daemons and everything they started, by
# PID: TERM each master (it stops its children), wait; then TERM and at last
# KILL whatever of theirs outlived it.  A daemon runs in a session of its
# own, so the session lists its processes even after they were reparented.
stop_daemons() {
	local pid k st masters='' all=''
	for pid in "$@"; do
		st=$(proc_start "$pid") || continue
		masters="$masters $pid:$st"
		for k in $pid $(descendants "$pid") $(pgrep -s "$pid" 2>/dev/null); do
			st=$(proc_start "$k") || continue
			case " $all " in *" $k:$st "*) continue ;; esac
			register "$k" "daemon-process"
			all="$all $k:$st"
		done
		kill -TERM "$pid" 2>/dev/null
	done
	gone_within 100 "$masters"
	gone_within 5 "$all" && return 0
	note "stop: processes outlived their master, sent TERM:$SURVIVORS"
	for k in $SURVIVORS; do kill -TERM "${k%:*}" 2>/dev/null; done
	gone_within 30 "$SURVIVORS" && return 0
	note "stop: still running, sent KILL:$SURVIVORS"
	for k in $SURVIVORS; do kill -KILL "${k%:*}" 2>/dev/null; done
	gone_within 20 "$SURVIVORS"
}

# kill_registered [quiet] - KILL every registered process still alive
kill_registered() {
	local pid st label
	[ -f "$WORK/pids" ] || return 0
	while read -r pid st label; do
		if alive "$pid" "$st"; then
			[ "${1:-}" = quiet ] || say "# killing leftover $label (pid $pid)"
			kill -KILL "$pid" 2>/dev/null
		fi
	done <"$WORK/pids"
}

# leftovers [FILE] - the registered processes (of FILE, default all of
# them) still running
leftovers() {
	local pid st label out='' f=${1:-$WORK/pids}
	[ -f "$f" ] || return 0
	while read -r pid st label; do
		alive "$pid" "$st" && out="$out $label:$pid"
	done <"$f"
	printf '%s' "$out"
}

# cleanup - on any exit: stop whatever we started that still runs (by PID,
# with its session), then remove the work directory
cleanup() {
	local pid st label live=''
	trap - EXIT INT TERM HUP
	# the lanes first, so that they start nothing more
	for pid in ${lane_pids:-}; do kill -TERM "$pid" 2>/dev/null; done
	if [ -f "$WORK/pids" ]; then
		while read -r pid st label; do
			alive "$pid" "$st" && live="$live $pid"
		done <"$WORK/pids"
		C=
		[ -n "$live" ] && stop_daemons $live
		kill_registered quiet
	fi
	d13_umount
	if [ -n "${LIVE_KEEP:-}" ]; then
		say "# work directory kept: $WORK${WORK13:+ $WORK13}"
	else
		rm -rf "$WORK"
		[ -n "${WORK13:-}" ] && rm -rf "$WORK13"
	fi
}

# d13_umount - undo our mount of the root's /proc (after the daemons are
# gone), bounded; a lazy unmount when it is busy.  Another run may have
# mounted its own on top or below: each run removes exactly one.
D13_MOUNTED=no
d13_umount() {
	[ "$D13_MOUNTED" = yes ] || return 0
	timeout 10 umount "$D13_ROOT/proc" 2>/dev/null ||
	    timeout 10 umount -l "$D13_ROOT/proc" 2>/dev/null ||
	    say "# could not unmount $D13_ROOT/proc"
	D13_MOUNTED=no
}

# d13_init - once, before the first debian13 case: the root (built by
# .ci/debian13 when missing: never skipped), its /proc, a work directory
# under its /tmp with the certificate and the SECLEVEL=0 configuration, the
# versions of its daemons.  Sets D13_READY (yes, or the reason it failed).
D13_READY='' WORK13=''
d13_init() {
	local missing='' c out
	[ -n "$D13_READY" ] && return 0
	if [ ! -f "$D13_ROOT/.maillint-ready" ]; then
		say "# building the Debian 13 root $D13_ROOT (sh .ci/debian13, a few minutes)"
		if ! out=$(DEBIAN13_ROOT=$D13_ROOT timeout 900 sh "$top_srcdir/.ci/debian13" 2>&1); then
			D13_READY="building $D13_ROOT failed: $(printf '%s\n' "$out" | tail -3 | tr '\n' ' ')"
			return 0
		fi
	fi
	for c in postconf postalias doveconf dovecot chown "$PF_MASTER"; do
		chroot "$D13_ROOT" sh -c "command -v $c" >/dev/null 2>&1 || missing="$missing $c"
	done
	for c in postfix dovecot dovenull; do
		chroot "$D13_ROOT" id "$c" >/dev/null 2>&1 || missing="$missing user:$c"
	done
	if [ -n "$missing" ]; then
		D13_READY="the Debian 13 root $D13_ROOT lacks$missing"
		return 0
	fi
	# the daemons need /proc (/dev/stdout, their own process tables)
	if ! timeout 10 mount -t proc proc "$D13_ROOT/proc"; then
		D13_READY="cannot mount $D13_ROOT/proc"
		return 0
	fi
	D13_MOUNTED=yes
	WORK13=$(mktemp -d "$D13_ROOT/tmp/maillint-live.XXXXXX") || {
		D13_READY="cannot make a work directory under $D13_ROOT/tmp"
		return 0
	}
	chmod 755 "$WORK13"
	cp -p "$CERT" "$KEY" "$OSSL_CONF" "$WORK13/"
	ML_VERSIONS13="--postfix-version $(chroot "$D13_ROOT" postconf -dh mail_version) --dovecot-version $(chroot "$D13_ROOT" dovecot --version | awk '{sub(/-.*/, "", $1); print $1}')"
	D13_READY=yes
}

# spawn LOGFILE COMMAND... - start a daemon in the background, in a session
# of its own, with stdin /dev/null, stdout and stderr to LOGFILE and no
# other file descriptor: whatever pipes this script inherited (from make, a
# CI runner) must not be held open by daemons.  Sets SPAWNED to its PID.
spawn() {
	local out=$1 label
	shift
	label=$(basename "$1")
	# a debian13 daemon runs in the root (chroot execs it: same PID)
	[ "$GEN" = debian13 ] && set -- chroot "$D13_ROOT" "$@"
	(
		for fd in /proc/$BASHPID/fd/*; do
			fd=${fd##*/}
			case $fd in 0 | 1 | 2) continue ;; esac
			eval "exec $fd>&-" 2>/dev/null
		done
		# setsid forks only when already a group leader (job control
		# on); the caller then finds the daemon by its PID file
		exec setsid "$@" </dev/null >"$out" 2>&1
	) &
	SPAWNED=$!
	register "$SPAWNED" "$label"
}

# pidfile_pid FILE - the PID written in a daemon's PID file, if alive
pidfile_pid() {
	local p
	p=$(tr -dc "0-9" 2>/dev/null <"$1")
	[ -n "$p" ] && [ -d "/proc/$p" ] && echo "$p"
}

port_in_use() { ss -Htan "( sport = :$1 )" 2>/dev/null | grep -q .; }

# alloc_port - a free TCP port of this lane's range (PORT_LO..PORT_HI, by
# default 20000-59999), in PORT (bounded search).  Lanes running side by
# side have disjoint ranges.
PORT_LO=20000 PORT_HI=59999
next_port=$((PORT_LO + ($$ % 1000) * 37 % (PORT_HI - PORT_LO)))
alloc_port() {
	local tries=0
	while [ $tries -lt 500 ]; do
		next_port=$((next_port + 1))
		[ $next_port -gt $PORT_HI ] && next_port=$PORT_LO
		tries=$((tries + 1))
		grep -q " $next_port\$" "$WORK/ports" 2>/dev/null && continue
		port_in_use $next_port && continue
		echo "x $next_port" >>"$WORK/ports"
		PORT=$next_port
		return 0
	done
	return 1
}

# service_port NAME - the TCP port of a master.cf service name or number
service_port() {
	case $1 in
	*[!0-9]*) ;;
	*) echo "$1"; return ;;
	esac
	case $1 in
	smtp) echo 25 ;;
	submission) echo 587 ;;
	submissions | smtps | ssmtp | urd) echo 465 ;;
	imap | imap2) echo 143 ;;
	imaps) echo 993 ;;
	pop3) echo 110 ;;
	pop3s) echo 995 ;;
	sieve) echo 4190 ;;
	qmtp) echo 209 ;;
	*) getent services "$1/tcp" 2>/dev/null | awk '{split($2, a, "/"); print a[1]; exit}' ;;
	esac
}

# listening PORT PID - something of the daemon PID listens on SERVER:PORT
listening() {
	ss -Hltn "( sport = :$1 )" 2>/dev/null | grep -q "$SERVER_ADDR:$1 "
}

# daemon_ports PID - the TCP ports the process listens on
daemon_ports() {
	ss -Hltnp 2>/dev/null | grep "pid=$1," | awk '{n = split($4, a, ":"); print a[n]}' | sort -n | tr '\n' ' '
}

# wait_started PID LOGFILE MARKER PIDFILE - wait (at most 10 s) until the
# daemon logged its start and its listening set stays the same for 3 polls.
# The daemon's PID file names the master (when setsid had to fork); sets
# STARTED_PID.
wait_started() {
	local pid=$1 log=$2 marker=$3 pidfile=$4 prev='' cur stable=0 p
	for _ in $(seq 50); do
		p=$(pidfile_pid "$pidfile")
		if [ -n "$p" ] && [ "$p" != "$pid" ]; then
			register "$p" "$(basename "$pidfile" .pid)"
			pid=$p
		fi
		STARTED_PID=$pid
		running "$pid" || return 1
		grep -q "$marker" "$log" 2>/dev/null && break
		sleep 0.2
	done
	for _ in $(seq 30); do
		running "$pid" || return 1
		cur=$(daemon_ports "$pid")
		if [ "$cur" = "$prev" ]; then
			stable=$((stable + 1))
			[ $stable -ge 2 ] && return 0
		else
			stable=0
		fi
		prev=$cur
		sleep 0.2
	done
	return 0
}

# --------------------------------------------------------------- probing

# cleartext PROTO PORT [WAIT] - talk to the server in cleartext: greeting
# (within WAIT seconds, default 3) and capabilities.  Sets CT_GREETING, CT_STARTTLS, CT_PLAIN (yes/no), CT_TEXT.
cleartext() {
	local proto=$1 port=$2 wait=${3:-3} in out pid line caps='' greet_done rdt
	CT_GREETING=no CT_STARTTLS=no CT_PLAIN=no CT_TEXT=
	rdt=$wait
	coproc LIVENC { exec nc -s "$CLIENT_ADDR" -w $((wait + 5)) "$SERVER_ADDR" "$port" 2>/dev/null; }
	pid=$LIVENC_PID
	register "$pid" nc
	exec {in}<&"${LIVENC[0]}" {out}>&"${LIVENC[1]}"
	rd() {	# one line, CR stripped, into line; false on timeout/EOF
		# (the greeting may take WAIT seconds, later lines 3)
		IFS= read -r -t "$rdt" line <&"$in" || return 1
		rdt=3
		line=${line%$'\r'}
		CT_TEXT="$CT_TEXT${CT_TEXT:+ | }$line"
		return 0
	}
	snd() { printf '%s\r\n' "$1" 2>/dev/null 1>&"$out"; }
	case $proto in
	smtp)
		greet_done=no
		for _ in $(seq 20); do
			rd || break
			CT_GREETING=yes
			case $line in [0-9][0-9][0-9]\ *) greet_done=yes; break ;; esac
		done
		if [ $greet_done = yes ]; then
			snd "EHLO live.maillint.invalid"
			for _ in $(seq 40); do
				rd || break
				caps="$caps
$line"
				case $line in [0-9][0-9][0-9]\ *) break ;; esac
			done
			snd QUIT
			rd
			printf '%s\n' "$caps" | grep -qixE '250[- ]STARTTLS' && CT_STARTTLS=yes
			# "250-AUTH PLAIN LOGIN" (or the old "250-AUTH=PLAIN LOGIN")
			printf '%s\n' "$caps" | grep -iE '^250[- ]AUTH([ =]|$)' |
			    grep -qiwE 'PLAIN|LOGIN' && CT_PLAIN=yes
		fi
		;;
	imap)
		if rd; then
			CT_GREETING=yes
			caps=$line
			snd "a CAPABILITY"
			for _ in $(seq 20); do
				rd || break
				caps="$caps $line"
				case $line in "a "*) break ;; esac
			done
			snd "a LOGOUT"
			rd
			case " $caps " in *" STARTTLS "* | *" STARTTLS]"*) CT_STARTTLS=yes ;; esac
			# LOGIN works unless LOGINDISABLED; AUTH=PLAIN/LOGIN offer SASL
			case " $caps " in
			*" AUTH=PLAIN"* | *" AUTH=LOGIN"*) CT_PLAIN=yes ;;
			*" LOGINDISABLED "* | *" LOGINDISABLED]"*) ;;
			*) CT_PLAIN=yes ;;
			esac
		fi
		;;
	pop3)
		if rd; then
			CT_GREETING=yes
			snd CAPA
			for _ in $(seq 40); do
				rd || break
				caps="$caps
$line"
				[ "$line" = . ] && break
				case $line in -ERR*) break ;; esac
			done
			snd QUIT
			rd
			printf '%s\n' "$caps" | grep -qx STLS && CT_STARTTLS=yes
			printf '%s\n' "$caps" | grep -qx USER && CT_PLAIN=yes
			printf '%s\n' "$caps" | grep -E '^SASL( |$)' | grep -qwE 'PLAIN|LOGIN' && CT_PLAIN=yes
		fi
		;;
	sieve)
		for _ in $(seq 40); do
			rd || break
			CT_GREETING=yes
			caps="$caps
$line"
			case $line in OK* | NO* | BYE*) break ;; esac
		done
		if [ $CT_GREETING = yes ]; then
			snd LOGOUT
			rd
			printf '%s\n' "$caps" | grep -qx '"STARTTLS"' && CT_STARTTLS=yes
			printf '%s\n' "$caps" | grep -E '^"SASL"' | grep -qwE 'PLAIN|LOGIN' && CT_PLAIN=yes
		fi
		;;
	*)
		rd && CT_GREETING=yes
		;;
	esac
	exec {out}>&- {in}<&-
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	unset -f rd snd
}

# s_client_run LIMIT ARGS... - openssl s_client bounded by LIMIT seconds,
# stdin from /dev/null; prints its output (NULs dropped) and a last line
# "#rc=N", N being 124 when the limit cut it short
s_client_run() {
	local lim=$1
	shift
	{
		OPENSSL_CONF=$OSSL_CONF timeout "$lim" openssl s_client "$@" </dev/null 2>&1
		echo "#rc=$?"
	} | tr -d '\000'
}

# A probe that ran into its time limit proves nothing (a loaded machine,
# a login process still starting): it is repeated once, alone, with a
# limit of $SLOW_LIMIT seconds before its answer counts.
SLOW_LIMIT=${LIVE_SLOW_LIMIT:-20}

# handshake PORT STARTTLS VERSION [LIMIT] - a TLS handshake at exactly
# VERSION completes (STARTTLS is smtp, imap, pop3, sieve or - for implicit
# TLS).  Returns 0 when it completes, 1 when the server refuses it, 2 when
# the limit (default 5 s) ran out first.
handshake() {
	local port=$1 st=$2 v=$3 lim=${4:-5} flag out sts=()
	case $v in
	TLSv1) flag=-tls1 ;;
	TLSv1.1) flag=-tls1_1 ;;
	TLSv1.2) flag=-tls1_2 ;;
	TLSv1.3) flag=-tls1_3 ;;
	esac
	[ "$st" != - ] && sts=(-starttls "$st")
	out=$(s_client_run "$lim" -brief -connect "$SERVER_ADDR:$port" \
	    -bind "$CLIENT_ADDR" -servername localhost "${sts[@]}" $flag)
	printf '%s\n' "$out" | grep -qx "Protocol version: $v" && return 0
	case $out in *"#rc=124") return 2 ;; esac
	return 1
}

# null_suite PORT STARTTLS - a TLS 1.2 handshake completes when the client
# offers only suites without encryption (eNULL): the live side of the
# cipher rules (the one weak class that OpenSSL 3 still has, at security
# level 0).  Prints yes or no.
null_suite() {
	local port=$1 st=$2 out lim sts=()
	[ "$st" != - ] && sts=(-starttls "$st")
	for lim in 5 "$SLOW_LIMIT"; do
		out=$(s_client_run "$lim" -brief -connect "$SERVER_ADDR:$port" \
		    -bind "$CLIENT_ADDR" -tls1_2 -cipher 'eNULL:@SECLEVEL=0' \
		    -servername localhost "${sts[@]}")
		case $out in *"#rc=124") continue ;; esac
		break
	done
	printf '%s\n' "$out" | grep -q '^Ciphersuite: .*NULL' && echo yes || echo no
}

# auth_in_tls PROTO PORT STARTTLS - over TLS (implicit when STARTTLS is -),
# does the server offer PLAIN or LOGIN?  Prints yes or no.  A sanity check
# that the SASL backend works where auth is expected after STARTTLS only.
auth_in_tls() {
	local proto=$1 port=$2 st=$3 cmds out lim rc sts=()
	case $proto in
	smtp) cmds='EHLO live.maillint.invalid\r\nQUIT\r\n' ;;
	imap) cmds='a CAPABILITY\r\na LOGOUT\r\n' ;;
	pop3) cmds='CAPA\r\nQUIT\r\n' ;;
	sieve) cmds='CAPABILITY\r\nLOGOUT\r\n' ;;
	*) echo -; return ;;
	esac
	[ "$st" != - ] && sts=(-starttls "$st")
	for lim in 6 "$SLOW_LIMIT"; do
		# shellcheck disable=SC2059
		out=$(printf "$cmds" | {
			OPENSSL_CONF=$OSSL_CONF timeout "$lim" openssl s_client \
			    -quiet -nocommands -connect "$SERVER_ADDR:$port" \
			    -bind "$CLIENT_ADDR" -servername localhost "${sts[@]}" 2>/dev/null
			echo "#rc=$?"
		} | tr -d '\000\r')
		rc=${out##*#rc=}
		[ "$rc" = 124 ] && continue
		break
	done
	case $proto in
	smtp) printf '%s\n' "$out" | grep -iE '^250[- ]AUTH([ =]|$)' | grep -qiwE 'PLAIN|LOGIN' ;;
	imap) printf '%s\n' "$out" | grep -qiE 'AUTH=(PLAIN|LOGIN)' ;;
	pop3) printf '%s\n' "$out" | grep -E '^SASL( |$)' | grep -qwE 'PLAIN|LOGIN' ;;
	sieve) printf '%s\n' "$out" | grep -E '^"SASL"' | grep -qwE 'PLAIN|LOGIN' ;;
	esac && echo yes || echo no
}

# handshakes PORT STARTTLS - the versions (comma list, empty for none) whose
# handshake completes; the four probes run in parallel, each bounded, and
# one cut short by its limit runs again alone with the slow limit
handshakes() {
	local port=$1 st=$2 v rc pids='' got=''
	for v in $TLS_VERSIONS; do rm -f "$C/hs.$port.$v"; done
	for v in $TLS_VERSIONS; do
		( handshake "$port" "$st" "$v"; echo $? >"$C/hs.$port.$v" ) &
		pids="$pids $!"
	done
	wait $pids 2>/dev/null
	for v in $TLS_VERSIONS; do
		rc=$(cat "$C/hs.$port.$v" 2>/dev/null)
		if [ "${rc:-2}" = 2 ]; then
			handshake "$port" "$st" "$v" "$SLOW_LIMIT"
			rc=$?
		fi
		[ "$rc" = 0 ] && got="$got${got:+,}$v"
		rm -f "$C/hs.$port.$v"
	done
	printf '%s' "$got"
}

# probe PROTO TESTPORT - observe one listening endpoint.  Sets OBS_MODE
# (implicit/starttls/none/silent), OBS_VERSIONS (comma list or -),
# OBS_PLAIN (yes/no), OBS_DETAIL.  The cleartext client goes first: a server
# that greets in cleartext is not doing implicit TLS (an implicit-TLS server
# says nothing before the ClientHello), so only a silent port gets the four
# implicit handshakes.
probe() {
	local proto=$1 port=$2 got=''
	OBS_MODE='' OBS_VERSIONS=- OBS_PLAIN=no OBS_DETAIL='' OBS_AUTH_TLS=- OBS_NULL=-
	cleartext "$proto" "$port"
	if [ "$CT_GREETING" = no ]; then
		got=$(handshakes "$port" -)
		# neither a greeting within 3 s nor TLS: perhaps a slow
		# greeting (a login process still starting); listen longer
		[ -z "$got" ] && cleartext "$proto" "$port" "$SLOW_LIMIT"
	fi
	if [ "$CT_GREETING" = no ]; then
		if [ -n "$got" ]; then
			OBS_MODE=implicit OBS_VERSIONS=$got
			OBS_DETAIL="TLS on connect"
			OBS_AUTH_TLS=$(auth_in_tls "$proto" "$port" -)
			case ",$got," in *,TLSv1.2,*) OBS_NULL=$(null_suite "$port" -) ;; esac
			return
		fi
		# TCP accepted, then neither a greeting nor a TLS handshake:
		# an implicit-TLS port on which no version is usable, or a
		# server process that dies on every connection.
		OBS_MODE=silent OBS_DETAIL="no cleartext greeting, no TLS handshake"
		return
	fi
	OBS_PLAIN=$CT_PLAIN
	OBS_DETAIL=$CT_TEXT
	if [ "$CT_STARTTLS" = yes ]; then
		OBS_MODE=starttls
		got=$(handshakes "$port" "$proto")
		OBS_VERSIONS=${got:--}
		[ -n "$got" ] && OBS_AUTH_TLS=$(auth_in_tls "$proto" "$port" "$proto")
		case ",$got," in *,TLSv1.2,*) OBS_NULL=$(null_suite "$port" "$proto") ;; esac
	else
		OBS_MODE=none
	fi
}

# ----------------------------------------------------------- sandboxing

# The case tree is copied to $C/root.  Only sandbox things change: paths,
# the certificate, ports, addresses, users, logging, OPENSSL_CONF.  Paths
# written into the copies are the daemons' (ip): for a debian13 case, $C
# lies under the root's /tmp, and every tool and daemon runs in the root.
# D_CERT, D_KEY: the test certificate; D_OSSL: the daemons' OPENSSL_CONF
# (the case's own etc/ssl/openssl.cnf for a debian13 case that has one).

# pf_setup - rewrite the Postfix copy; appends to $C/map
pf_setup() {
	local pfdir=$C/root/etc/postfix pfc q=$C/pf/spool d line f1 f2 f3 f4 rest \
	    name port cmd own700=''
	pfc=$(ip "$pfdir")
	mkdir -p "$q" "$C/pf/data"
	for d in active bounce corrupt defer deferred flush hold incoming private saved trace; do
		mkdir -p "$q/$d"
		chmod 700 "$q/$d"
		own700="$own700 $(ip "$q/$d")"
	done
	mkdir -p "$q/maildrop" "$q/public" "$q/pid"
	chmod 730 "$q/maildrop"
	chmod 710 "$q/public"
	chmod 700 "$C/pf/data"
	# the daemons' users (those of the root for a debian13 case)
	# shellcheck disable=SC2086
	x chown postfix:root $own700 &&
	    x chown postfix:postdrop "$(ip "$q/maildrop")" "$(ip "$q/public")" &&
	    x chown postfix "$(ip "$C/pf/data")" || {
		disagree "harness: chown to the postfix user failed"
		return 1
	}

	# master.cf: chroot column -> n; inet service names -> 127.0.0.1:PORT
	: >"$C/master.cf.new"
	while IFS= read -r line || [ -n "$line" ]; do
		case $line in
		'' | '#'* | [[:space:]]*)
			printf '%s\n' "$line" >>"$C/master.cf.new"
			continue
			;;
		esac
		read -r f1 f2 f3 f4 _ rest <<<"$line"
		if [ -z "$rest" ]; then
			printf '%s\n' "$line" >>"$C/master.cf.new"
			continue
		fi
		if [ "$f2" = inet ]; then
			case $f1 in
			\[*\]:*) name=${f1##*]:} ;;
			*:*) name=${f1##*:} ;;
			*) name=$f1 ;;
			esac
			port=$(service_port "$name")
			read -r _ _ cmd _ <<<"$rest"
			if [ -z "$port" ]; then
				disagree "harness: master.cf service $f1: unknown port name"
				printf '%s\n' "$line" >>"$C/master.cf.new"
				continue
			fi
			alloc_port || { disagree "harness: no free port"; return 1; }
			printf 'postfix\t%s/inet\t%s\t%s\tsmtp\t%s\n' "$f1" "$port" "$PORT" "$cmd" >>"$C/map"
			f1=$SERVER_ADDR:$PORT
		fi
		printf '%s %s %s %s n %s\n' "$f1" "$f2" "$f3" "$f4" "$rest" >>"$C/master.cf.new"
	done <"$pfdir/master.cf"
	grep -qE '^postlog[[:space:]]+unix-dgram' "$C/master.cf.new" ||
	    printf 'postlog unix-dgram n - n - 1 postlogd\n' >>"$C/master.cf.new"
	# certificate paths given as -o overrides
	sed -E -i \
	    -e "s#(-o[[:space:]]+smtpd_tls_(cert|dcert|eccert)_file=)[^[:space:]]+#\\1$D_CERT#" \
	    -e "s#(-o[[:space:]]+smtpd_tls_(key|dkey|eckey)_file=)[^[:space:]]+#\\1$D_KEY#" \
	    -e "s#(-o[[:space:]]+smtpd_tls_chain_files=)[^[:space:]]+#\\1$D_KEY,$D_CERT#" \
	    "$C/master.cf.new"
	cat "$C/master.cf.new" >"$pfdir/master.cf"

	# main.cf: paths, interfaces, logging, environment, certificate
	local aliases
	aliases=$(ip "$C/pf/aliases")
	set -- "queue_directory=$(ip "$q")" "data_directory=$(ip "$C/pf/data")" \
	    "inet_interfaces=$SERVER_ADDR" "inet_protocols=ipv4" \
	    "maillog_file=/dev/stdout" "maillog_file_prefixes=/dev/stdout" \
	    "import_environment=MAIL_CONFIG MAIL_DEBUG MAIL_LOGTAG TZ LANG=C POSTLOG_SERVICE POSTLOG_HOSTNAME OPENSSL_CONF=$D_OSSL" \
	    "alias_maps=hash:$aliases" "alias_database=hash:$aliases"
	case $(x postconf -c "$pfc" -h myorigin 2>/dev/null) in
	/*) set -- "$@" 'myorigin=$myhostname' ;;
	esac
	for p in smtpd_tls_cert_file smtpd_tls_dcert_file smtpd_tls_eccert_file; do
		[ -n "$(x postconf -c "$pfc" -nh $p 2>/dev/null)" ] && set -- "$@" "$p=$D_CERT"
	done
	for p in smtpd_tls_key_file smtpd_tls_dkey_file smtpd_tls_eckey_file; do
		[ -n "$(x postconf -c "$pfc" -nh $p 2>/dev/null)" ] && set -- "$@" "$p=$D_KEY"
	done
	[ -n "$(x postconf -c "$pfc" -nh smtpd_tls_chain_files 2>/dev/null)" ] &&
	    set -- "$@" "smtpd_tls_chain_files=$D_KEY,$D_CERT"
	x postconf -c "$pfc" -e "$@" 2>>"$C/pf/setup.err" || {
		disagree "harness: postconf -e failed: $(cat "$C/pf/setup.err")"
		return 1
	}
	# the private alias table (after main.cf is rewritten: postalias reads it)
	printf 'postmaster: root\n' >"$C/pf/aliases"
	x postalias -c "$pfc" "hash:$aliases" 2>>"$C/pf/setup.err" || {
		disagree "harness: postalias failed: $(cat "$C/pf/setup.err")"
		return 1
	}
	return 0
}

# pf_sasl_sockets - the Dovecot SASL sockets smtpd will use (one per line,
# relative to the queue directory), when SASL via Dovecot is enabled
pf_sasl_sockets() {
	local pfc type enable
	pfc=$(ip "$C/root/etc/postfix")
	type=$(x postconf -c "$pfc" -h smtpd_sasl_type 2>/dev/null)
	enable=$(x postconf -c "$pfc" -h smtpd_sasl_auth_enable 2>/dev/null)
	{
		[ "$type" = dovecot ] && [ "$enable" = yes ] &&
		    x postconf -c "$pfc" -h smtpd_sasl_path 2>/dev/null
		# services that enable SASL with -o (type from main.cf unless overridden)
		x postconf -c "$pfc" -P 2>/dev/null | awk -F' = ' -v t="$type" \
		    -v p="$(x postconf -c "$pfc" -h smtpd_sasl_path 2>/dev/null)" '
		{ split($1, k, "/"); svc = k[1] "/" k[2]; name = k[3]
		  v[svc, name] = $2; s[svc] = 1 }
		END { for (x in s) {
			e = v[x, "smtpd_sasl_auth_enable"]; ty = v[x, "smtpd_sasl_type"]
			pa = v[x, "smtpd_sasl_path"]
			if (ty == "") ty = t; if (pa == "") pa = p
			if (e == "yes" && ty == "dovecot") print pa } }'
	} | sort -u
}

# auth_helper_start - a Dovecot that only serves SASL to smtpd (sandbox
# infrastructure, not part of the case): static passdb, PLAIN and LOGIN.
# The generation's Dovecot, in its own syntax (2.3 or 2.4).
auth_helper_start() {
	local socks=$1 s a=$C/auth ai spool n=0
	ai=$(ip "$a")
	spool=$(ip "$C/pf/spool")
	mkdir -p "$a/run" "$a/state"
	for s in $socks; do
		case $s in
		/*) disagree "harness: absolute smtpd_sasl_path $s is not sandboxed"; return 1 ;;
		esac
	done
	if [ "$GEN" = debian13 ]; then
		{
			printf 'dovecot_config_version = 2.4.0\ndovecot_storage_version = 2.4.0\n'
			printf 'protocols {\n}\nbase_dir = %s/run\nstate_dir = %s/state\n' "$ai" "$ai"
			printf 'log_path = %s/dovecot.log\nssl = no\nauth_mechanisms = plain login\n' "$ai"
			printf 'default_internal_user = dovecot\ndefault_login_user = dovenull\n'
			printf 'passdb static {\n  driver = static\n  password = live\n}\n'
			printf 'userdb static {\n  driver = static\n  fields {\n    uid = nobody\n    gid = nogroup\n    home = /nonexistent\n  }\n}\n'
			printf 'service auth {\n'
			for s in $socks; do
				n=$((n + 1))
				printf '  unix_listener live-sasl-%s {\n    path = %s/%s\n    mode = 0666\n    user = postfix\n    group = postfix\n  }\n' "$n" "$spool" "$s"
			done
			printf '}\n'
		} >"$a/dovecot.conf"
	else
		{
			printf 'protocols = none\nbase_dir = %s/run\nstate_dir = %s/state\n' "$ai" "$ai"
			printf 'log_path = %s/dovecot.log\nssl = no\nauth_mechanisms = plain login\n' "$ai"
			printf 'default_internal_user = dovecot\ndefault_login_user = dovenull\n'
			printf 'passdb {\n  driver = static\n  args = password=live\n}\n'
			printf 'userdb {\n  driver = static\n  args = uid=nobody gid=nogroup home=/nonexistent\n}\n'
			printf 'service auth {\n'
			for s in $socks; do
				printf '  unix_listener %s/%s {\n    mode = 0666\n    user = postfix\n    group = postfix\n  }\n' "$spool" "$s"
			done
			printf '}\n'
		} >"$a/dovecot.conf"
	fi
	spawn "$a/dovecot.out" dovecot -F -c "$ai/dovecot.conf"
	AUTH_PID=$SPAWNED
	local all p
	for _ in $(seq 50); do
		p=$(pidfile_pid "$a/run/master.pid")
		if [ -n "$p" ] && [ "$p" != "$AUTH_PID" ]; then
			register "$p" dovecot-auth-helper
			AUTH_PID=$p
		fi
		running "$AUTH_PID" || break
		all=yes
		for s in $socks; do [ -S "$C/pf/spool/$s" ] || all=no; done
		[ $all = yes ] && return 0
		sleep 0.2
	done
	disagree "harness: the Dovecot SASL helper did not start"
	sed 's/^/#     /' "$a/dovecot.out" "$a/dovecot.log" >>"$C/notes" 2>/dev/null
	return 1
}

# refused PRODUCT LOG... - the daemon did not start: as the case expects
# ("refuses PRODUCT [TEXT]", TEXT found in what it wrote), or a
# disagreement.  Returns 0 when the refusal was expected.
refused() {
	local prod=$1 want
	shift
	if ! expect_lines refuses | awk -v p="$prod" '$2 == p' | grep -q .; then
		return 1
	fi
	want=$(expect_lines refuses | awk -v p="$prod" '$2 == p {$1 = ""; $2 = ""; sub(/^ +/, ""); print; exit}')
	note "$prod refuses to start, as the case expects; it said:"
	cat "$@" 2>/dev/null | grep -v '^[[:space:]]*$' | head -8 | sed 's/^/#     /' >>"$C/notes"
	if [ -n "$want" ] && ! cat "$@" 2>/dev/null | grep -qF -- "$want"; then
		disagree "expect: refuses $prod \"$want\": the daemon refused, but did not say that"
	fi
	printf '%s\n' "$prod" >>"$C/refused"
	# its listeners are not observed (nothing listens); drop them
	awk -F'\t' -v p="$prod" '$1 != p' "$C/map" >"$C/map.new"
	cat "$C/map.new" >"$C/map"
	return 0
}

pf_start() {
	local rc
	spawn "$C/postfix.log" "$PF_MASTER" -c "$(ip "$C/root/etc/postfix")" -d
	PF_PID=$SPAWNED
	wait_started "$PF_PID" "$C/postfix.log" "daemon started" "$C/pf/spool/pid/master.pid"
	rc=$?
	PF_PID=$STARTED_PID
	if [ $rc -ne 0 ]; then
		{
			cat "$C/postfix.log" "$C/pf/setup.err"
			# a fatal error before logging starts goes to syslog only
			x postconf -c "$(ip "$C/root/etc/postfix")" -n 2>&1 >/dev/null
			x postconf -c "$(ip "$C/root/etc/postfix")" -M 2>&1 >/dev/null
		} >"$C/pf/refused" 2>/dev/null
		refused postfix "$C/pf/refused" && return 0
		disagree "postfix master did not start (exited); its log and postconf's complaints:"
		sed 's/^/#     /' "$C/pf/refused" >>"$C/notes"
		return 1
	fi
	expect_lines refuses | awk '$2 == "postfix"' | grep -q . &&
	    disagree "expect: refuses postfix: the master started"
	return 0
}

# dc_rewrite FILE... - includes, certificate and <file values of the Dovecot
# copy, every file in one pass (a fork per file costs more than the edit):
# absolute includes and <file paths that exist in the case tree point into
# the copy; every certificate and key is the test one.
dc_rewrite() {
	local ci path
	ci=$(ip "$C")
	[ $# -gt 0 ] || return 0
	sed -E -i \
	    -e "s#^([[:space:]]*!include(_try)?[[:space:]]+)/#\\1$ci/root/#" \
	    -e "s#^([[:space:]]*ssl_(cert|alt_cert)[[:space:]]*=[[:space:]]*<).*#\\1$D_CERT#" \
	    -e "s#^([[:space:]]*ssl_(key|alt_key)[[:space:]]*=[[:space:]]*<).*#\\1$D_KEY#" \
	    -e "s#^([[:space:]]*(ssl_server_)?cert_file[[:space:]]*=[[:space:]]*).*#\\1$D_CERT#" \
	    -e "s#^([[:space:]]*(ssl_server_)?key_file[[:space:]]*=[[:space:]]*).*#\\1$D_KEY#" \
	    "$@"
	# other "<file" values: the copy inside the case tree, when there is one
	while IFS= read -r path; do
		[ -n "$path" ] && [ -e "$C/root$path" ] && sed -i "s#<$path\$#<$ci/root$path#" "$@"
	done <<EOF
$(grep -ohE '<[[:space:]]*/[^[:space:]]+[[:space:]]*$' "$@" | sed -E 's/^<[[:space:]]*//; s/[[:space:]]*$//' | sort -u)
EOF
}

# dc_listeners CONF - the inet listeners of the daemon's configuration, one
# per line: SERVICE LISTENER PORT SSL ADDRESS(-|x)
dc_listeners() {
	local conf=$1 svc
	if [ "$GEN" != debian13 ]; then
		# 2.3: doveconf -a lists every service and listener, with ports
		x doveconf -c "$conf" -a >"$C/dc/all" 2>"$C/dc/doveconf.err" || return 1
		awk '
		/^service [^ ]+ \{/ { svc = $2; next }
		svc != "" && /^  inet_listener [^ ]+ \{/ { lis = $2; port = ""; ssl = ""; addr = ""; next }
		lis != "" && /^    port = / { port = $3 }
		lis != "" && /^    ssl = / { ssl = $3 }
		lis != "" && /^    address = / { addr = substr($0, index($0, "=") + 2) }
		lis != "" && /^  \}/ { print svc, lis, port, ssl, (addr == "" ? "-" : "x"); lis = "" }
		/^\}/ { svc = "" }' "$C/dc/all"
		return 0
	fi
	# 2.4: doveconf -a shows only what the files set and -d only the
	# built-in services; the filter service/NAME shows one service as the
	# daemon merges it (built-in listeners and ports, the files' changes).
	x doveconf -c "$conf" -a >"$C/dc/all" 2>"$C/dc/doveconf.err" || return 1
	x doveconf -c "$conf" -d >"$C/dc/defaults" 2>>"$C/dc/doveconf.err" || return 1
	for svc in $(awk '/^service [^ ]+ \{/ { svc = $2; next }
	    svc != "" && /^  inet_listener / { print svc } /^\}/ { svc = "" }' \
	    "$C/dc/all" "$C/dc/defaults" | sort -u); do
		x doveconf -c "$conf" "service/$svc" 2>>"$C/dc/doveconf.err" | awk -v svc="$svc" '
		/^  inet_listener [^ ]+ \{/ { lis = $2; port = 0; ssl = "no"; addr = ""; next }
		lis != "" && /^    port = / { port = $3 }
		lis != "" && /^    ssl = / { ssl = $3 }
		lis != "" && /^    listen = / { addr = substr($0, index($0, "=") + 2) }
		lis != "" && /^  \}/ { print svc, lis, port, ssl, (addr == "" ? "-" : "x"); lis = "" }'
	done
}

# dc_setup - rewrite the Dovecot copy; appends to $C/map
dc_setup() {
	local conf=$C/root/etc/dovecot/dovecot.conf conff f svc lis port addr proto \
	    ci key=address
	conff=$(ip "$conf")
	ci=$(ip "$C")
	mkdir -p "$C/dc/run" "$C/dc/state"
	local files
	mapfile -t files < <(find "$C/root" \( -path "$C/root/etc/postfix" -o -path "$C/root/etc/ssl" \) -prune -o -type f -print)
	dc_rewrite "${files[@]}"
	{
		printf '\n# ---- maillint live harness: sandbox settings ----\n'
		printf 'base_dir = %s/dc/run\nstate_dir = %s/dc/state\n' "$ci" "$ci"
		printf 'log_path = %s/dovecot.log\ninfo_log_path =\ndebug_log_path =\n' "$ci"
		printf 'listen = %s\n' "$SERVER_ADDR"
		printf 'default_internal_user = dovecot\ndefault_login_user = dovenull\n'
		if [ "$GEN" = debian13 ]; then
			# 2.4: a string list
			printf 'import_environment {\n  OPENSSL_CONF = %s\n}\n' "$D_OSSL"
		else
			printf 'import_environment = $import_environment OPENSSL_CONF=%s\n' "$D_OSSL"
		fi
	} >>"$conf"
	if ! x doveconf -c "$conff" -n 2>"$C/dc/doveconf.err" | grep -q '^passdb'; then
		if [ "$GEN" = debian13 ]; then
			printf 'passdb static {\n  driver = static\n  password = live\n}\n' >>"$conf"
			printf 'userdb static {\n  driver = static\n  fields {\n    uid = nobody\n    gid = nogroup\n    home = /nonexistent\n  }\n}\n' >>"$conf"
		else
			printf 'passdb {\n  driver = static\n  args = password=live\n}\n' >>"$conf"
			printf 'userdb {\n  driver = static\n  args = uid=nobody gid=nogroup home=/nonexistent\n}\n' >>"$conf"
		fi
	fi
	if ! dc_listeners "$conff" >"$C/dc/listeners"; then
		DC_REJECTED=yes
		return 0
	fi
	[ "$GEN" = debian13 ] && key=listen
	while read -r svc lis port _ addr; do
		case $svc in
		imap-login) proto=imap ;;
		pop3-login) proto=pop3 ;;
		submission-login) proto=smtp ;;
		managesieve-login) proto=sieve ;;
		*) proto=- ;;
		esac
		if [ "$port" = 0 ]; then
			printf 'dovecot\tservice %s/inet_listener %s\t0\t-\t%s\t-\n' "$svc" "$lis" "$proto" >>"$C/map"
			continue
		fi
		alloc_port || { disagree "harness: no free port"; return 1; }
		printf 'dovecot\tservice %s/inet_listener %s\t%s\t%s\t%s\t-\n' "$svc" "$lis" "$port" "$PORT" "$proto" >>"$C/map"
		{
			printf 'service %s {\n  inet_listener %s {\n    port = %s\n' "$svc" "$lis" "$PORT"
			[ "$addr" = x ] && printf '    %s = %s\n' "$key" "$SERVER_ADDR"
			printf '  }\n}\n'
		} >>"$conf"
	done <"$C/dc/listeners"
	return 0
}

# dc_start - start the case's Dovecot.  When doveconf rejected the
# configuration (DC_REJECTED), the daemon is started all the same, on the
# configuration's own ports (none could be moved): it must refuse to start,
# and the case must say so.
dc_start() {
	local rc
	spawn "$C/dc/dovecot.out" dovecot -F -c "$(ip "$C/root/etc/dovecot/dovecot.conf")"
	DC_PID=$SPAWNED
	wait_started "$DC_PID" "$C/dovecot.log" "starting up" "$C/dc/run/master.pid"
	rc=$?
	DC_PID=$STARTED_PID
	if [ $rc -ne 0 ]; then
		refused dovecot "$C/dc/dovecot.out" "$C/dovecot.log" && return 0
		if [ "$DC_REJECTED" = yes ]; then
			disagree "dovecot config rejected by doveconf:"
			sed 's/^/#     /' "$C/dc/doveconf.err" >>"$C/notes"
		else
			disagree "dovecot did not start (exited); its output and log:"
		fi
		sed 's/^/#     /' "$C/dc/dovecot.out" "$C/dovecot.log" >>"$C/notes" 2>/dev/null
		return 1
	fi
	if [ "$DC_REJECTED" = yes ]; then
		disagree "doveconf rejected the configuration, but dovecot started"
		sed 's/^/#     /' "$C/dc/doveconf.err" >>"$C/notes"
		return 1
	fi
	expect_lines refuses | awk '$2 == "dovecot"' | grep -q . &&
	    disagree "expect: refuses dovecot: the daemon started"
	return 0
}

# ------------------------------------------------------------ comparing

# is_mail_listener PRODUCT PROTO COMMAND - an endpoint maillint models: a
# Dovecot login service, a Postfix smtpd or postscreen
is_mail_listener() {
	case $1 in
	dovecot) [ "$2" != - ] ;;
	postfix) [ "$3" = smtpd ] || [ "$3" = postscreen ] ;;
	*) false ;;
	esac
}

# The dump's listeners as TSV: product scope port tls versions plaintext
# enabled loopback reason
dump_listeners() {
	jq -r '.listeners[] | [.product, .scope, (.port | tostring), .tls,
	    ((.tls_versions // []) | if length == 0 then "-" else join(",") end),
	    (if .plaintext_auth_before_tls then "yes" else "no" end),
	    (if .enabled then "yes" else "no" end),
	    (if .loopback then "yes" else "no" end),
	    (.disabled_reason // "-")] | @tsv' "$C/dump.json"
}

# testable VERSIONS - drop what this OpenSSL cannot probe (SSLv2, SSLv3)
testable() {
	local v out=''
	[ "$1" = - ] && { echo -; return; }
	for v in ${1//,/ }; do
		case $v in SSLv2 | SSLv3) ;; *) out="$out${out:+,}$v" ;; esac
	done
	echo "${out:--}"
}

# findings_on SCOPE CLASS - the class's rule ids reported on SCOPE
findings_on() {
	local scope=$1 ids=$2
	jq -r --arg s "$scope" '.findings[] | select((.listeners // [.scope]) | index($s) != null) | .rule' \
	    "$C/findings.json" | while read -r r; do
		case " $ids " in *" $r "*) printf '%s ' "$r" ;; esac
	done
}

# policy_hides_old SCOPE - maillint's dump says the listener's own settings
# accept TLS 1.0/1.1 and the host's OpenSSL policy refuses them
policy_hides_old() {
	jq -e --arg s "$1" '[.listeners[] | select(.scope == $s and
	    .tls_library_floor != null and ((.tls_versions_configured // []) |
	    index("TLSv1") != null or index("TLSv1.1") != null) and
	    ((.tls_versions // []) | index("TLSv1") == null and
	    index("TLSv1.1") == null))] | length > 0' "$C/dump.json" >/dev/null
}

# findings_say SCOPE IDS TEXT - a finding of IDS on SCOPE has TEXT in its
# message
findings_say() {
	jq -r --arg s "$1" '.findings[] | select((.listeners // [.scope]) | index($s) != null) |
	    "\(.rule)\t\(.message)"' "$C/findings.json" | while IFS=$'\t' read -r r m; do
		case " $2 " in *" $r "*) ;; *) continue ;; esac
		case $m in *"$3"*) echo yes ;; esac
	done | grep -q yes
}

# expect_lines KIND - the case's expect lines of one kind (comments cut)
expect_lines() {
	[ -f "$CASE/expect" ] || return 0
	sed -e 's/[[:space:]]*#.*//' -e '/^[[:space:]]*$/d' "$CASE/expect" |
	    awk -v k="$1" '$1 == k'
}

compare() {
	local prod scope port tp proto cmd listening mode vers plain detail d_exits \
	    d_prod d_scope d_port d_tls d_vers d_plain d_en d_loop d_reason \
	    match want cls ids fired
	dump_listeners >"$C/dump.tsv" || { disagree "maillint --dump output is not JSON"; return; }
	: >"$C/matched"
	: >"$C/probed"
	while IFS=$'\t' read -r prod scope port tp proto cmd listening mode vers plain authtls detail; do
		# the dump listener: same product and scope, else same port
		match=$(awk -F'\t' -v p="$prod" -v s="$scope" '$1 == p && $2 == s' "$C/dump.tsv" | head -1)
		if [ -z "$match" ] && [ "$port" != 0 ]; then
			match=$(awk -F'\t' -v p="$prod" -v o="$port" '$1 == p && $3 == o' "$C/dump.tsv" | head -1)
		fi
		if [ -z "$match" ]; then
			# inet services that are not mail listeners (qmqpd, doveadm)
			if [ "$listening" = yes ] && is_mail_listener "$prod" "$proto" "$cmd"; then
				disagree "$scope port $port: the daemon listens, maillint reports no listener"
			fi
			continue
		fi
		IFS=$'\t' read -r d_prod d_scope d_port d_tls d_vers d_plain d_en d_loop d_reason <<<"$match"
		printf '%s\t%s\n' "$d_prod" "$d_scope" >>"$C/matched"
		if [ "$d_en" = yes ] && [ "$listening" != yes ]; then
			disagree "$scope port $port: maillint says enabled, the daemon does not listen"
			continue
		fi
		if [ "$d_en" = no ]; then
			[ "$listening" = yes ] &&
			    disagree "$scope port $port: maillint says disabled ($d_reason), the daemon listens"
			continue
		fi
		[ "$listening" = yes ] || continue
		if [ "$mode" = silent ]; then
			# what an implicit-TLS port with no usable version looks
			# like; anything else maillint says is a disagreement
			# like, or a daemon that exits on every connection
			d_exits=$(jq -r --arg s "$d_scope" '[.listeners[] |
			    select(.scope == $s) | .daemon_exits] | any' "$C/dump.json")
			{ [ "$d_exits" = true ] || { [ "$d_tls" = implicit ] &&
			    [ "$(testable "$d_vers")" = - ]; }; } ||
			    disagree "$scope port $port: TLS mode: maillint $d_tls, daemon accepts TCP and closes it without a greeting or a TLS handshake"
		elif [ "$mode" != "$d_tls" ]; then
			disagree "$scope port $port: TLS mode: maillint $d_tls, daemon $mode (${detail:0:160})"
		fi
		case ",$d_vers," in
		*,SSLv3,* | *,SSLv2,*)
			say "skip - $NAME: $scope port $port: maillint lists SSLv2/SSLv3, which this OpenSSL cannot probe"
			t_skip=$((t_skip + 1))
			;;
		esac
		[ "$vers" = "$(testable "$d_vers")" ] ||
		    disagree "$scope port $port: TLS versions: maillint $(testable "$d_vers"), daemon completed $vers"
		[ "$plain" = "$d_plain" ] ||
		    disagree "$scope port $port: plaintext auth before TLS: maillint $d_plain, daemon $plain ($detail)"

		# findings, by class, on this listener
		[ "$FINDINGS_ON" = yes ] || continue
		[ "$d_loop" = yes ] && continue
		for cls in $CLASSES; do
			case $cls in
			old_tls)
				case ",$vers," in *,TLSv1,* | *,TLSv1.1,*) want=yes ;; *) want=no ;; esac
				# The configuration accepts TLS 1.0/1.1 and only
				# the host's OpenSSL policy refuses them (the dump
				# says so; the relaxed-policy cases show the daemon
				# accepting them once the policy allows): the
				# finding must be there, and must say so.
				if [ $want = no ] && policy_hides_old "$d_scope"; then
					want=yes
					findings_say "$d_scope" "${CLASS_old_tls}" "OpenSSL policy refuses" ||
					    disagree "$scope port $port: the old-TLS finding does not say that only the host's OpenSSL policy refuses TLS 1.0/1.1"
				fi
				;;
			plaintext_auth) want=$plain ;;
			no_tls) [ "$vers" = - ] && want=yes || want=no ;;
			cleartext_on_implicit_port)
				case $port in
				465 | 993 | 995) case $mode in implicit | silent) want=no ;; *) want=yes ;; esac ;;
				*) want=no ;;
				esac ;;
			esac
			expect_lines waive | awk -v c="$cls" -v p="$port" '$2 == c && ($3 == p || $3 == "*")' | grep -q . && continue
			ids=CLASS_$cls
			fired=$(findings_on "$d_scope" "${!ids}")
			if [ "$want" = yes ] && [ -z "$fired" ]; then
				disagree "$scope port $port: the daemon shows $cls, maillint reports none of: ${!ids}"
			elif [ "$want" = no ] && [ -n "$fired" ]; then
				disagree "$scope port $port: maillint reports ${fired% } ($cls), the daemon does not show it"
			fi
		done
		printf '%s\n' "$d_scope" >>"$C/probed"
	done <"$C/obs"

	if [ "$FINDINGS_ON" = yes ]; then
		# a class rule on a listener that was not probed (disabled, not
		# listening, loopback): the daemon shows nothing there to judge
		local all_ids='' r s
		for cls in $CLASSES; do
			ids=CLASS_$cls
			all_ids="$all_ids ${!ids}"
		done
		jq -r '.findings[] | .rule as $r | (.listeners // [.scope])[] | [$r, .] | @tsv' "$C/findings.json" |
		    while IFS=$'\t' read -r r s; do
			case " $all_ids " in *" $r "*) ;; *) continue ;; esac
			# a daemon that refused to start: nothing to judge
			case $r in
			DC-*) grep -qx dovecot "$C/refused" && continue ;;
			PF-*) grep -qx postfix "$C/refused" && continue ;;
			esac
			grep -qxF "$s" "$C/probed" ||
			    disagree "maillint reports $r on $s, which the daemon does not serve (not probed)"
		done
		# cipher lists: a product's cipher rule names NULL suites exactly
		# when some listener of it completes a handshake offering only
		# those (other weak classes are gone from this OpenSSL)
		local cprod crule obs_null claim
		for cprod in postfix dovecot; do
			case $cprod in postfix) crule=PF-TLS-008 ;; *) crule=DC-TLS-009 ;; esac
			grep -qx "$cprod" "$C/refused" && continue
			awk -F'\t' -v p="$cprod" '$1 == p' "$C/nullobs" | grep -q . || continue
			awk -F'\t' -v p="$cprod" '$1 == p && $4 == "yes"' "$C/nullobs" | grep -q . &&
			    obs_null=yes || obs_null=no
			jq -e --arg r "$crule" '[.findings[] | select(.rule == $r and (.message | test("\\(([A-Za-z0-9]+, )*NULL[,)]")))] | length > 0' \
			    "$C/findings.json" >/dev/null && claim=yes || claim=no
			if [ $obs_null != $claim ]; then
				disagree "$cprod: a client offering only NULL suites: daemon $([ $obs_null = yes ] && echo completes || echo refuses) the handshake, maillint $([ $claim = yes ] && echo reports || echo "does not report") NULL suites ($crule)"
			else
				note "$cprod: NULL-only client: daemon $obs_null, maillint $claim ($crule)"
			fi
		done
		# config-level: a protocol served without any implicit-TLS listener
		local svc rule want n
		for cls in no_implicit_imap no_implicit_pop3; do
			case $cls in
			no_implicit_imap) svc=imap-login iport=993 ;;
			no_implicit_pop3) svc=pop3-login iport=995 ;;
			esac
			# yes: served, TLS works somewhere, none implicit; no:
			# not served or implicit, or a listener on the
			# implicit-TLS port speaks cleartext (the one finding is
			# then the per-listener cleartext_on_implicit_port class);
			# either: served without any TLS at all (the per-listener
			# no_tls class covers that)
			want=$(awk -F'\t' -v s="service $svc/" -v ip="$iport" '
			    $1 == "dovecot" && index($2, s) == 1 && $7 == "yes" { served = 1
			        if ($8 == "implicit" || $8 == "silent") impl = 1
			        else if ($3 == ip) onport = 1
			        if ($9 != "-") tls = 1 }
			    END { print !served || impl || onport ? "no" : tls ? "yes" : "either" }' "$C/obs")
			[ "$HAS_DC" = yes ] || want=no
			grep -qx dovecot "$C/refused" && continue
			[ "$want" = either ] && continue
			ids=CONFIG_$cls
			for rule in ${!ids}; do
				n=$(jq -r --arg r "$rule" '[.findings[] | select(.rule == $r)] | length' "$C/findings.json")
				if [ "$want" = yes ] && [ "$n" -eq 0 ]; then
					disagree "$svc: the daemon serves it without implicit TLS, maillint does not report $rule"
				elif [ "$want" = no ] && [ "$n" -gt 0 ]; then
					disagree "$svc: maillint reports $rule, but the daemon does implicit TLS (or does not serve it)"
				fi
			done
		done
	fi

	# enabled dump listeners the daemons' own configuration does not have
	while IFS=$'\t' read -r d_prod d_scope d_port d_tls d_vers d_plain d_en d_loop d_reason; do
		case $d_prod in postfix) [ "$HAS_PF" = yes ] || continue ;; dovecot) [ "$HAS_DC" = yes ] || continue ;; esac
		grep -qxF "$d_prod" "$C/refused" && continue
		grep -qxF "$d_prod	$d_scope" "$C/matched" && continue
		[ "$d_en" = yes ] && disagree "$d_scope port $d_port: maillint says enabled, the daemon has no such listener"
	done <"$C/dump.tsv"

	# explicit expectations of the case
	while read -r kind p o rest; do
		[ -n "$kind" ] || continue
		local got
		got=$(awk -F'\t' -v p="$p" -v o="$o" '$1 == p && $3 == o' "$C/obs" | head -1)
		if [ -z "$got" ]; then
			# not in the daemon's configuration at all (e.g. port = 0)
			[ "$rest" = listening=no ] ||
			    disagree "expect: observe $p $o: no such listener in the daemon's configuration"
			continue
		fi
		IFS=$'\t' read -r prod scope port tp proto cmd listening mode vers plain authtls detail <<<"$got"
		for kv in $rest; do
			local k=${kv%%=*} v=${kv#*=} have
			case $k in
			listening) have=$listening ;;
			mode) have=$mode ;;
			versions) have=$vers ;;
			auth_before_tls) have=$plain ;;
			auth_in_tls) have=$authtls ;;
			*) disagree "expect: unknown key $k"; continue ;;
			esac
			[ "$have" = "$v" ] ||
			    disagree "expect: $p $o $k: the case documents $v, the daemon shows $have"
		done
	done <<EOF
$(expect_lines observe)
EOF
	[ "$FINDINGS_ON" = yes ] || return 0
	# a daemon that refuses its configuration: maillint must say so with
	# an error (a finding of severity error of that product's rules)
	local rp pre
	for rp in $(cat "$C/refused"); do
		case $rp in dovecot) pre=DC- ;; *) pre=PF- ;; esac
		n=$(jq -r --arg p "$pre" '[.findings[] | select(.severity == "error" and
		    (.rule | startswith($p)))] | length' "$C/findings.json")
		[ "$n" -gt 0 ] ||
		    disagree "$rp refuses to start, maillint reports no error finding ($pre*); it reports: $(jq -r '[.findings[] | .rule + "/" + .severity] | join(" ")' "$C/findings.json")"
	done
	while read -r kind rule rest; do
		[ -n "$kind" ] || continue
		local n scopes p='' sev='' tok
		for tok in $rest; do
			case $tok in
			severity=*) sev=${tok#severity=} ;;
			*) p=$tok ;;
			esac
		done
		# with a port: only findings on the listener(s) of that port
		scopes=$(awk -F'\t' -v o="${p:-}" 'o == "" || $3 == o {print $2}' "$C/dump.tsv" |
		    jq -R -s 'split("\n") | map(select(length > 0))')
		n=$(jq -r --arg r "$rule" --arg p "${p:-}" --arg v "$sev" --argjson s "$scopes" \
		    '[.findings[] | select(.rule == $r) | select($v == "" or .severity == $v) |
		      select($p == "" or ([(.listeners // [.scope])[] as $x | $s | index($x) != null] | any))] | length' \
		    "$C/findings.json")
		case $kind in
		finding) [ "$n" -gt 0 ] || disagree "expect: finding $rule${p:+ on port $p}${sev:+ severity $sev}: maillint does not report it$([ -n "$sev" ] && printf ' (as %s: %s)' "$rule" "$(jq -r --arg r "$rule" '[.findings[] | select(.rule == $r) | .severity] | join(",") | if . == "" then "not at all" else . end' "$C/findings.json")")" ;;
		no-finding) [ "$n" -eq 0 ] || disagree "expect: no-finding $rule${p:+ on port $p}: maillint reports it" ;;
		esac
	done <<EOF
$(expect_lines finding; expect_lines no-finding)
EOF
}

# logged FILE TITLE REGEX - a daemon log's warnings and errors (the harness's
# own "Killed with signal 15" left out), under a title, when there are any
logged() {
	local lines
	[ -s "$1" ] || return 0
	lines=$(grep -E "$3" "$1" | grep -v 'Killed with signal 15' | head -20)
	[ -n "$lines" ] || return 0
	say "#   $2 (warnings and errors):"
	printf '%s\n' "$lines" | sed 's/^/#     /'
}

# -------------------------------------------------------------- one case

# probe_endpoint N PROD SCOPE PORT TESTPORT PROTO CMD - observe one mapped
# endpoint (in a subshell of its own): its line of $C/obs goes to
# $C/obs.N, its note to $C/notes.N
probe_endpoint() {
	local n=$1 prod=$2 scope=$3 port=$4 tp=$5 proto=$6 cmd=$7 listening=no tl
	tl=$(now_ms)
	if [ "$tp" != - ] && listening "$tp"; then
		listening=yes
	fi
	OBS_MODE=- OBS_VERSIONS=- OBS_PLAIN=no OBS_DETAIL='' OBS_AUTH_TLS=- OBS_NULL=-
	if [ $listening = yes ] && is_mail_listener "$prod" "$proto" "$cmd"; then
		probe "$proto" "$tp"
	fi
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$prod" "$scope" \
	    "$port" "$tp" "$proto" "$cmd" "$listening" "$OBS_MODE" \
	    "$OBS_VERSIONS" "$OBS_PLAIN" "$OBS_AUTH_TLS" "$OBS_DETAIL" >"$C/obs.$n"
	[ "$OBS_NULL" != - ] && printf '%s\t%s\t%s\t%s\n' "$prod" "$scope" "$port" "$OBS_NULL" >"$C/null.$n"
	printf '#   %s\n' "$prod $scope port $port (test port $tp): listening=$listening mode=$OBS_MODE versions=$OBS_VERSIONS SSLv3=untestable auth_before_tls=$OBS_PLAIN auth_in_tls=$OBS_AUTH_TLS null_suite=$OBS_NULL ($(($(now_ms) - tl)) ms)" >"$C/notes.$n"
}

run_case() {
	CASE=$1
	NAME=$(basename "$CASE")
	local t0 t1 prod scope port tp proto cmd status rc gen_err='' ML_VERSIONS
	t0=$(now_ms)
	PHASE_T=$t0
	# the generation: whose daemons judge the case
	GEN=debian12
	[ -f "$CASE/generation" ] && GEN=$(tr -d '[:space:]' <"$CASE/generation")
	case $GEN in
	debian12)
		PFX='' C=$WORK/$NAME ML_VERSIONS=$ML_VERSIONS12
		D_CERT=$CERT D_KEY=$KEY D_OSSL=$OSSL_CONF
		;;
	debian13)
		d13_init
		if [ "$D13_READY" = yes ]; then
			PFX=$D13_ROOT C=$WORK13/$NAME ML_VERSIONS=$ML_VERSIONS13
			D_CERT=$(ip "$WORK13/cert.pem") D_KEY=$(ip "$WORK13/key.pem")
			D_OSSL=$(ip "$WORK13/openssl.cnf")
			# the host's own OpenSSL policy, when the tree has one: the
			# daemons run under it (maillint models it from the tree);
			# the probing client stays at SECLEVEL=0 to see everything
			[ -f "$CASE/etc/ssl/openssl.cnf" ] &&
			    D_OSSL=$(ip "$C/root/etc/ssl/openssl.cnf")
		else
			gen_err="generation debian13: $D13_READY"
		fi
		;;
	*) gen_err="unknown generation \"$GEN\" (debian12 or debian13)" ;;
	esac
	if [ -n "$gen_err" ]; then
		GEN=debian12 PFX='' C=$WORK/$NAME
	fi
	mkdir -p "$C/root"
	: >"$C/notes"
	: >"$C/pids"
	: >"$C/disagree"
	: >"$C/map"
	: >"$C/obs"
	: >"$C/nullobs"
	: >"$C/refused"
	PF_PID='' DC_PID='' AUTH_PID='' DC_REJECTED=no
	if [ -n "$gen_err" ]; then
		t_fail=$((t_fail + 1))
		say "not ok - $NAME: $gen_err"
		return 0
	fi
	note "generation $GEN: maillint $ML_VERSIONS; daemons' OPENSSL_CONF $D_OSSL"
	HAS_PF=no HAS_DC=no
	[ -f "$CASE/etc/postfix/main.cf" ] && HAS_PF=yes
	[ -f "$CASE/etc/dovecot/dovecot.conf" ] && HAS_DC=yes

	# maillint on the original, unrewritten tree
	"$MAILLINT" --root "$CASE" $ML_VERSIONS --dump --format json >"$C/dump.json" 2>"$C/dump.err"
	rc=$?
	if [ $rc -ge 2 ] || ! jq -e .listeners "$C/dump.json" >/dev/null 2>&1; then
		disagree "maillint --dump failed (exit $rc): $(cat "$C/dump.err" "$C/dump.json" 2>/dev/null | head -3 | tr "\n" " ")"
	fi
	if [ "$FINDINGS_ON" = yes ]; then
		"$MAILLINT" --root "$CASE" $ML_VERSIONS --format json >"$C/findings.json" 2>"$C/findings.err"
		rc=$?
		if [ $rc -ge 2 ] || ! jq -e .findings "$C/findings.json" >/dev/null 2>&1; then
			disagree "maillint (findings) failed (exit $rc): $(cat "$C/findings.err" "$C/findings.json" 2>/dev/null | head -3 | tr "\n" " ")"
			FINDINGS_ON=no
		fi
	fi

	phase maillint
	# the sandbox copy, the daemons
	cp -a "$CASE/." "$C/root/"
	rm -f "$C/root/expect" "$C/root/generation"
	status=ok
	if [ "$HAS_PF" = yes ]; then
		pf_setup || status=fail
		if [ $status = ok ]; then
			local socks
			socks=$(pf_sasl_sockets)
			[ -n "$socks" ] && { auth_helper_start "$socks" || status=fail; }
		fi
		[ $status = ok ] && { pf_start || status=fail; }
	fi
	if [ "$HAS_DC" = yes ] && [ $status = ok ]; then
		dc_setup || status=fail
		[ $status = ok ] && { dc_start || status=fail; }
	fi

	phase setup+start
	# probe every mapped endpoint
	if [ $status = ok ]; then
		# Every endpoint is probed at once (each on its own port, each
		# probe bounded); the observations are joined in map order.
		local n=0 pids=''
		while IFS=$'\t' read -r prod scope port tp proto cmd; do
			n=$((n + 1))
			probe_endpoint "$n" "$prod" "$scope" "$port" "$tp" "$proto" "$cmd" &
			pids="$pids $!"
		done <"$C/map"
		wait $pids 2>/dev/null
		local i
		for i in $(seq "$n"); do
			cat "$C/obs.$i" >>"$C/obs" 2>/dev/null
			cat "$C/notes.$i" >>"$C/notes" 2>/dev/null
			cat "$C/null.$i" >>"$C/nullobs" 2>/dev/null
			rm -f "$C/obs.$i" "$C/notes.$i" "$C/null.$i"
		done
		# listening sockets of our daemons that were not mapped
		for pid in $PF_PID $DC_PID; do
			for p in $(daemon_ports "$pid"); do
				awk -F'\t' -v p="$p" '$4 == p' "$C/map" | grep -q . ||
				    disagree "harness: the daemon (pid $pid) listens on unmapped port $p"
			done
		done
		compare
	fi

	phase probe
	# stop everything of this case, by PID
	stop_daemons $DC_PID $PF_PID $AUTH_PID
	local left
	left=$(leftovers "$C/pids")
	[ -n "$left" ] && disagree "processes still running after stop:$left"

	phase stop
	t1=$(now_ms)
	local secs=$(((t1 - t0) / 1000)).$((((t1 - t0) % 1000) / 100))
	[ $(((t1 - t0) / 1000)) -ge $CASE_BUDGET ] &&
	    disagree "took ${secs} s (budget ${CASE_BUDGET} s)"
	if [ -s "$C/disagree" ]; then
		t_fail=$((t_fail + 1))
		say "not ok - $NAME: $(head -1 "$C/disagree")"
		sed 's/^/#   disagreement: /' "$C/disagree"
		say "#   time: ${secs} s"
		cat "$C/notes"
		logged "$C/postfix.log" "postfix log" 'warning|error|fatal|panic'
		logged "$C/dovecot.log" "dovecot log" 'Warning|Error|Fatal|Panic'
	else
		t_pass=$((t_pass + 1))
		say "ok - $NAME (${secs} s)"
		[ -n "$VERBOSE" ] && cat "$C/notes"
	fi
	return 0
}

# ------------------------------------------------------------------ main

prereq() {
	local missing='' c
	[ "$(id -u)" -eq 0 ] || missing="$missing root"
	for c in openssl nc jq ss postconf postalias doveconf dovecot setsid timeout pgrep; do
		command -v $c >/dev/null 2>&1 || missing="$missing $c"
	done
	[ -x "$PF_MASTER" ] || missing="$missing $PF_MASTER"
	[ -x "$MAILLINT" ] || missing="$missing $MAILLINT"
	id postfix >/dev/null 2>&1 || missing="$missing user:postfix"
	id dovecot >/dev/null 2>&1 || missing="$missing user:dovecot"
	id dovenull >/dev/null 2>&1 || missing="$missing user:dovenull"
	nc -h 2>&1 | grep -q -- '-s sourceaddr\|-s source' || nc -h 2>&1 | grep -q OpenBSD ||
	    missing="$missing nc(openbsd,-s)"
	printf '%s' "$missing"
}

missing=$(prereq)
if [ -n "$missing" ]; then
	say "not ok - prerequisites: missing$missing"
	say "0 passed, 1 failed"
	exit 1
fi

WORK=$(mktemp -d /tmp/maillint-live.XXXXXX) || exit 1
chmod 755 "$WORK"	# the postfix user walks down to its queue directory
: >"$WORK/pids"
: >"$WORK/ports"
trap cleanup EXIT
trap 'say "# interrupted"; exit 130' INT TERM HUP

# One self-signed RSA 2048 certificate, and an OpenSSL configuration at
# security level 0 without MinProtocol: OpenSSL 3 otherwise refuses TLS 1.0
# and 1.1 whatever the daemon's configuration says.
OSSL_CONF=$WORK/openssl.cnf
CERT=$WORK/cert.pem
KEY=$WORK/key.pem
cat >"$OSSL_CONF" <<'EOF'
openssl_conf = openssl_init
[openssl_init]
ssl_conf = ssl_sect
[ssl_sect]
system_default = sys
[sys]
CipherString = DEFAULT@SECLEVEL=0
EOF
if ! OPENSSL_CONF=$OSSL_CONF openssl req -x509 -newkey rsa:2048 -nodes -days 2 \
    -subj /CN=localhost -keyout "$KEY" -out "$CERT" >"$WORK/req.log" 2>&1; then
	say "not ok - certificate: openssl req failed"
	sed 's/^/#   /' "$WORK/req.log"
	say "0 passed, 1 failed"
	exit 1
fi
chmod 644 "$CERT"
chmod 600 "$KEY"

ML_VERSIONS12="--postfix-version $(postconf -dh mail_version) --dovecot-version $(dovecot --version | awk '{print $1}')"

case $FINDINGS in
yes) FINDINGS_ON=yes ;;
no) FINDINGS_ON=no ;;
*)
	n=$("$MAILLINT" --list-rules 2>/dev/null | awk '/rules in profile/ {print $1; exit}')
	if [ "${n:-0}" -gt 0 ] 2>/dev/null; then FINDINGS_ON=yes; else FINDINGS_ON=no; fi
	;;
esac
[ "$FINDINGS_ON" = yes ] || say "# findings not compared (no rules loaded; LIVE_FINDINGS=$FINDINGS)"
FINDINGS_DEFAULT=$FINDINGS_ON

if [ $# -gt 0 ]; then
	for n in "$@"; do
		shift
		set -- "$@" "$CASES_DIR/${n##*/}"
	done
else
	set -- "$CASES_DIR"/*/
fi
# Cases run in LIVE_JOBS lanes side by side (default 2): each lane takes
# every LIVE_JOBS-th case in order, with a port range of its own; a case's
# report is printed in case order as soon as it and those before it are
# done.  The Debian 13 root is prepared once, before the lanes start.
JOBS=${LIVE_JOBS:-2}
case $JOBS in '' | *[!0-9]* | 0) JOBS=1 ;; esac
for case_dir in "$@"; do
	[ -f "${case_dir%/}/generation" ] &&
	    grep -q debian13 "${case_dir%/}/generation" && { d13_init; break; }
done
ncases=$#
lane_pids=''
for lane in $(seq 0 $((JOBS - 1))); do
	(
		PORT_LO=$((20000 + lane * (40000 / JOBS)))
		PORT_HI=$((PORT_LO + 40000 / JOBS - 1))
		next_port=$((PORT_LO + ($$ % 1000) * 37 % (PORT_HI - PORT_LO)))
		i=0
		for case_dir in "$@"; do
			i=$((i + 1))
			[ $(((i - 1) % JOBS)) -eq "$lane" ] || continue
			case_dir=${case_dir%/}
			t_pass=0 t_fail=0 t_skip=0
			if [ ! -d "$case_dir" ]; then
				t_fail=1
				say "not ok - $(basename "$case_dir"): no such case" >"$WORK/out.$i"
			else
				FINDINGS_ON=$FINDINGS_DEFAULT
				run_case "$case_dir" >"$WORK/out.$i" 2>&1
			fi
			echo "$t_pass $t_fail $t_skip" >"$WORK/res.$i"
		done
	) &
	lane_pids="$lane_pids $!"
done
lanes_alive() {
	local p
	for p in $lane_pids; do kill -0 "$p" 2>/dev/null && return 0; done
	return 1
}
for i in $(seq "$ncases"); do
	while [ ! -f "$WORK/res.$i" ] && lanes_alive; do sleep 0.2; done
	if [ -f "$WORK/res.$i" ]; then
		cat "$WORK/out.$i"
		read -r a b c <"$WORK/res.$i"
		t_pass=$((t_pass + a)) t_fail=$((t_fail + b)) t_skip=$((t_skip + c))
	else
		t_fail=$((t_fail + 1))
		say "not ok - case $i: its lane ended without a result"
	fi
done
wait $lane_pids 2>/dev/null

left=$(leftovers)
if [ -n "$left" ]; then
	kill_registered
	t_fail=$((t_fail + 1))
	say "not ok - leftover processes:$left"
fi
elapsed=$(($(date +%s) - suite_start))
say "# live suite: ${elapsed} s"
if [ $t_skip -gt 0 ]; then
	say "$t_pass passed, $t_fail failed, $t_skip skipped"
else
	say "$t_pass passed, $t_fail failed"
fi
[ $t_fail -eq 0 ]
