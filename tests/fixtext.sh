#!/bin/sh
# Fix texts are syntax: every fix text that maillint prints for the
# fixtures/*-fires cases is pasted, as a user would paste it, into the file
# it is for, and the real tools of each generation must read it back.
#
#   "name = value" (main.cf)          a main.cf holding exactly those lines:
#                                     `postconf -n` prints them, no warning
#   "-o n=v -o n=v (in master.cf S/T)" the lines "  -o n=v" under service
#                                     S/T of the case's master.cf: `postconf
#                                     -P S/T/n` prints each, no new warning
#   "n = v; n = v [(in SCOPE)]"       (Dovecot) appended to the file of the
#                                     finding, inside the sections that
#                                     SCOPE names: `doveconf -n` accepts it
#                                     with no new warning and prints each
#   "prose:\nBLOCK"                   BLOCK appended to master.cf (a service
#                                     entry: `postconf -M`/`-P` print it) or
#                                     to dovecot.conf (`doveconf -n` prints
#                                     its settings)
# Anything else is prose (a sentence, no syntax of its own) and is counted
# on a comment line.  Generations as in tests/fixes.sh: debian12 (this
# host's tools) and debian13 (the Debian 13 root, through chroot; maillint
# targets its Postfix and, for 2.4 trees, its Dovecot); DEBIAN13_ROOT as
# there (set and missing fails, unset and missing or "none" skips).
# Ends with "N passed, N failed".
. "$(dirname "$0")/lib.sh"

POSTCONF=${POSTCONF:-$(command -v postconf || echo /usr/sbin/postconf)}
DOVECONF=${DOVECONF:-$(command -v doveconf || echo /usr/bin/doveconf)}
fixtures=$top_srcdir/fixtures
d13_given=${DEBIAN13_ROOT:+yes}
D13=${DEBIAN13_ROOT:-/var/cache/maillint/debian13}
tmp=$(mktemp -d)
gtmp=
trap 'rm -rf "$tmp"; [ -n "$gtmp" ] && rm -rf "$gtmp"' EXIT
need "$POSTCONF" "$DOVECONF" jq base64

SVC_RE='^[a-z][a-z0-9._-]* +(inet|unix|unix-dgram|fifo|pass) '
CHROOT=
# pc ARGS, dc ARGS: the generation's postconf and doveconf
. "$(dirname "$0")/gentools.sh"
# warnings FILE - the warning/error lines of a tool's stderr, scratch paths
# (as the host or the chroot'ed tool prints them) and line numbers made
# alike: a pasted line that repeats a warning the tree already has (a 2.2
# name in a 2.2 tree) adds nothing new
warnings() {
	sed 's#/[^ :]*/\(orig\|new\|pf\|case\)/#ROOT/#g; s/:[0-9][0-9]*:/:N:/g; s/line [0-9][0-9]*/line N/g' "$1" |
	    grep -i 'warning\|error\|fatal' | sort -u
}
# Postfix re-reads a main.cf changed within the last second: date it back
age() { find "$1" -type f -exec touch -t 200001010000 {} +; }
norm() { sed 's/^[[:space:]]*//; s/[[:space:]][[:space:]]*/ /g; s/[[:space:]]*$//'; }
b64() { printf '%s' "$1" | base64 -d; }

# dc_check LABEL - $tmp/orig and $tmp/new differ by the pasted text; the
# new dovecot.conf is accepted with no new warning and every line of
# $tmp/want (normalised "name = value") is in `doveconf -n`
dc_check() {
	# the original's warnings: read once per case (doveconf is slow)
	cp "$tmp/case.dcw" "$tmp/w.orig"
	if ! dc -n -c "$tmp/new/etc/dovecot/dovecot.conf" >/dev/null 2>"$tmp/w.new"; then
		not_ok "$1: doveconf -n rejects the pasted text: $(warnings "$tmp/w.new" | head -1)"
		return
	fi
	warnings "$tmp/w.orig" >"$tmp/wo"
	warnings "$tmp/w.new" | comm -13 "$tmp/wo" - >"$tmp/wn"
	if [ -s "$tmp/wn" ]; then
		not_ok "$1: new doveconf warning: $(head -1 "$tmp/wn")"
		return
	fi
	# -a: a value equal to the default is not in -n
	dc -a -P -c "$tmp/new/etc/dovecot/dovecot.conf" 2>/dev/null | norm >"$tmp/dnn"
	missing=$(norm <"$tmp/want" | while IFS= read -r l; do
		grep -q -x -F "$l" "$tmp/dnn" || echo "$l"
	done)
	if [ -n "$missing" ]; then
		not_ok "$1: doveconf -a does not show: $(echo "$missing" | head -1)"
	else
		ok "$1: doveconf -n reads it"
	fi
}

# paste_case NAME ROOT TEXTFILE RULEFILE - one fix text (TEXTFILE) of a
# finding in RULEFILE (path relative to the root)
paste_case() {
	label=$1 root=$2 text=$3 file=$4
	rm -rf "$tmp/orig" "$tmp/new"
	cp -R "$root" "$tmp/orig"
	cp -R "$root" "$tmp/new"
	first=$(head -1 "$text")
	if [ "$(sed -n '$=' "$text")" -gt 1 ]; then
		# a block: the whole text when it starts with a master.cf
		# service line, else what follows the first (prose) line
		if printf '%s\n' "$first" | grep -q -E "$SVC_RE"; then
			cp "$text" "$tmp/block"
		else
			sed 1d "$text" >"$tmp/block"
		fi
		if head -1 "$tmp/block" | grep -q -E "$SVC_RE"; then
			svc=$(head -1 "$tmp/block" | awk '{print $1 "/" $2}')
			cat "$tmp/block" >>"$tmp/new/etc/postfix/master.cf"
			age "$tmp/new"; age "$tmp/orig"
			pc -c "$tmp/orig/etc/postfix" -M >/dev/null 2>"$tmp/w.orig"
			pc -c "$tmp/new/etc/postfix" -M "$svc" >"$tmp/pm" 2>"$tmp/w.new"
			warnings "$tmp/w.orig" >"$tmp/wo"
			warnings "$tmp/w.new" | comm -13 "$tmp/wo" - >"$tmp/wn"
			bad=
			[ -s "$tmp/pm" ] || bad="postconf -M does not list $svc"
			[ -s "$tmp/wn" ] && bad="new postconf warning: $(head -1 "$tmp/wn")"
			for o in $(grep -o -- '-o [^ ]*' "$tmp/block" | sed 's/^-o //'); do
				got=$(pc -c "$tmp/new/etc/postfix" -P "$svc/${o%%=*}" 2>/dev/null)
				[ "$got" = "$svc/${o%%=*} = ${o#*=}" ] || bad="${bad:+$bad; }postconf -P $svc/${o%%=*} gives \"$got\""
			done
			if [ -z "$bad" ]; then ok "$label: the master.cf entry reads back"
			else not_ok "$label: $bad"; fi
		elif [ "$dovecot_ok" = no ]; then
			echo "# $label: a Dovecot text, the tree's dovecot.conf is not this generation's"
		else
			{ echo; cat "$tmp/block"; } >>"$tmp/new/etc/dovecot/dovecot.conf"
			grep '=' "$tmp/block" >"$tmp/want"
			dc_check "$label"
		fi
		return
	fi
	scope=
	body=$first
	case $first in
	*' (in '*')')
		scope=${first##* (in }
		scope=${scope%)}
		body=${first% (in *}
		;;
	esac
	case $body in
	'-o '*)
		svc=${scope#master.cf }
		case $scope in "master.cf "*/*) ;; *) not_ok "$label: -o text without \"(in master.cf SERVICE/TYPE)\": $first"; return ;; esac
		lines=$(printf '%s\n' "$body" | tr ' ' '\n' | grep -v '^-o$' | sed 's/^/  -o /')
		# as a user pastes it: under the service line, in place of the
		# service's own -o lines for the same names
		names=$(printf '%s\n' "$lines" | sed 's/^  -o //; s/=.*//' | tr '\n' ' ')
		awk -v s="${svc%/*}" -v t="${svc#*/}" -v add="$lines" -v names=" $names" '
			in_svc && /^[ \t]/ {
				for (i = 1; i < NF; i++)
					if ($i == "-o") { n = $(i + 1); sub(/=.*/, "", n)
						if (index(names, " " n " ")) next }
				print; next }
			{ in_svc = 0; print }
			!done && $1 == s && $2 == t { print add; done = 1; in_svc = 1 }' \
		    "$tmp/orig/etc/postfix/master.cf" >"$tmp/new/etc/postfix/master.cf"
		age "$tmp/new"; age "$tmp/orig"
		pc -c "$tmp/orig/etc/postfix" -P >/dev/null 2>"$tmp/w.orig"
		pc -c "$tmp/new/etc/postfix" -P >/dev/null 2>"$tmp/w.new"
		warnings "$tmp/w.orig" >"$tmp/wo"
		warnings "$tmp/w.new" | comm -13 "$tmp/wo" - >"$tmp/wn"
		bad=
		[ -s "$tmp/wn" ] && bad="new postconf warning: $(head -1 "$tmp/wn")"
		for o in $(printf '%s\n' "$lines" | sed 's/^  -o //'); do
			got=$(pc -c "$tmp/new/etc/postfix" -P "$svc/${o%%=*}" 2>/dev/null)
			[ "$got" = "$svc/${o%%=*} = ${o#*=}" ] || bad="${bad:+$bad; }postconf -P $svc/${o%%=*} gives \"$got\""
		done
		if [ -z "$bad" ]; then ok "$label: pasted under $svc, postconf -P reads it"
		else not_ok "$label: $bad"; fi
		return
		;;
	esac
	# "n = v" assignments, "; " between them
	printf '%s\n' "$body" | sed 's/; /\n/g' >"$tmp/assign"
	if ! grep -q -v -E '^[A-Za-z0-9_]+ = ' "$tmp/assign"; then
		case $file in
		etc/postfix/*)
			rm -rf "$tmp/pf" && mkdir -p "$tmp/pf"
			cp "$tmp/assign" "$tmp/pf/main.cf"
			: >"$tmp/pf/master.cf"
			age "$tmp/pf"
			pc -c "$tmp/pf" -n >"$tmp/pn" 2>"$tmp/w.new"
			bad=
			[ -n "$(warnings "$tmp/w.new")" ] && bad="postconf warns: $(warnings "$tmp/w.new" | head -1)"
			norm <"$tmp/pn" >"$tmp/pnn"
			while IFS= read -r l; do
				grep -q -x -F "$(printf '%s\n' "$l" | norm)" "$tmp/pnn" || bad="${bad:+$bad; }postconf -n does not show \"$l\""
			done <"$tmp/assign"
			if [ -z "$bad" ]; then ok "$label: postconf -n reads it"
			else not_ok "$label: $bad"; fi
			;;
		*)
			if [ "$dovecot_ok" = no ]; then
				echo "# $label: the tree's dovecot.conf is not this generation's"
				return
			fi
			# into the file the finding is at (its value is the one
			# in effect), else dovecot.conf
			dfile=etc/dovecot/dovecot.conf
			case $file in etc/dovecot/*) [ -f "$tmp/new/$file" ] && dfile=$file ;; esac
			{
				echo
				if [ -n "$scope" ]; then
					printf '%s\n' "$scope" | tr '/' '\n' | sed 's/$/ {/'
					cat "$tmp/assign"
					printf '%s\n' "$scope" | tr '/' '\n' | sed 's/.*/}/'
				else
					cat "$tmp/assign"
				fi
			} >>"$tmp/new/$dfile"
			cp "$tmp/assign" "$tmp/want"
			dc_check "$label"
			;;
		esac
		return
	fi
	echo "$first" >>"$tmp/prose"
}

# target_args ROOT - the generation's versions as maillint's target
target_args() {
	[ -n "$CHROOT" ] || return 0
	printf ' --postfix-version %s' "$PF_VER"
	if grep -q -s '^[[:space:]]*dovecot_config_version[[:space:]]*=' "$1/etc/dovecot/dovecot.conf"; then
		printf ' --dovecot-version %s' "$DC_VER"
	fi
}

paste_all() {
	: >"$tmp/prose"
	echo "# $GEN: Postfix $PF_VER, Dovecot $DC_VER${CHROOT:+ (chroot $CHROOT)}"
	for dir in "$fixtures"/*-fires/; do
		dir=${dir%/}
		n=$(basename "$dir")
		args=
		[ -f "$dir/args" ] && args=$(cat "$dir/args")
		rm -rf "$tmp/case" && mkdir -p "$tmp/case"
		cp -R "$dir/etc" "$tmp/case/etc"
		[ -d "$dir/usr" ] && cp -R "$dir/usr" "$tmp/case/usr"
		# Dovecot texts are pasted where the tree is this generation's
		# Dovecot and maillint targets its major.minor version
		dovecot_ok=yes
		: >"$tmp/case.dcw"
		if [ -f "$tmp/case/etc/dovecot/dovecot.conf" ] &&
		    ! dc -n -c "$tmp/case/etc/dovecot/dovecot.conf" >/dev/null 2>"$tmp/case.dcw"; then
			dovecot_ok=no
		fi
		# the Dovecot version maillint targets (given, or read from the
		# tree: dovecot_config_version, 2.2 or 2.4 names)
		# shellcheck disable=SC2086
		tv=$("$MAILLINT" --root "$tmp/case" --dump --format json $args $(target_args "$tmp/case") 2>/dev/null |
		    jq -r '.dovecot.version // empty')
		case $tv in
		'' | "${DC_VER%.*.*}"*) ;;
		*) dovecot_ok=no ;;
		esac
		# shellcheck disable=SC2086
		"$MAILLINT" --root "$tmp/case" --format json $args $(target_args "$tmp/case") 2>/dev/null |
		    jq -r '.findings[] | select(.fix.text != null and .fix.text != "") | "_\(.rule)\t_\(.file)\t_\(.fix.text | @base64)"' |
		    sort -u >"$tmp/texts"
		while IFS='	' read -r rule file text; do
			rule=${rule#_} file=${file#_} text=${text#_}
			b64 "$text" >"$tmp/text"
			echo >>"$tmp/text"
			paste_case "$GEN $n $rule" "$tmp/case" "$tmp/text" "$file"
		done <"$tmp/texts"
	done
	echo "# $GEN: $(sort -u "$tmp/prose" | wc -l) distinct prose fix texts (sentences, nothing to paste):"
	sort -u "$tmp/prose" | sed 's/^/#   /'
}

# The two generations run side by side (each in its own scratch folder,
# a subshell writing its lines to a file); their lines are printed in
# order and counted afterwards.
GEN=debian12
PF_VER=$(pc -dh mail_version 2>/dev/null)
DC_VER=$(dc -d 2>/dev/null | sed -n '1s/^# \([0-9.]*\).*/\1/p')
( paste_all ) >"$tmp/gen12.out" 2>&1 &
p12=$!
p13=
: >"$tmp/gen13.out"

host_tmp=$tmp
if [ "${DEBIAN13_ROOT:-}" = none ]; then
	skip "debian13: not run (DEBIAN13_ROOT=none)"
elif [ ! -f "$D13/.maillint-ready" ]; then
	if [ -n "$d13_given" ]; then
		not_ok "debian13: no finished root at DEBIAN13_ROOT=$D13"
	else
		skip "debian13: no root at $D13 (sh .ci/debian13 builds it), or set DEBIAN13_ROOT"
	fi
elif [ "$(id -u)" -ne 0 ]; then
	if [ -n "$d13_given" ]; then not_ok "debian13: chroot into $D13 needs root"
	else skip "debian13: chroot into $D13 needs root"; fi
elif ! gtmp=$(mktemp -d "$D13/tmp/maillint-fixtext.XXXXXX"); then
	not_ok "debian13: cannot make a scratch folder under $D13/tmp"
else
	GEN=debian13 CHROOT=$D13 tmp=$gtmp
	PF_VER=$(pc -dh mail_version 2>/dev/null)
	DC_VER=$(dc -d 2>/dev/null | sed -n '1s/^# \([0-9.]*\).*/\1/p')
	( paste_all ) >"$host_tmp/gen13.out" 2>&1 &
	p13=$!
	GEN= CHROOT= tmp=$host_tmp
fi
wait $p12 $p13
for g in 12 13; do
	cat "$tmp/gen$g.out"
	t_pass=$((t_pass + $(grep -c '^ok - ' "$tmp/gen$g.out")))
	t_fail=$((t_fail + $(grep -c '^not ok - ' "$tmp/gen$g.out")))
	t_skip=$((t_skip + $(grep -c '^skip - ' "$tmp/gen$g.out")))
done
finish
