#!/bin/sh
# Fix test: applying every fix that maillint prints must give a configuration
# that the daemons accept and on which maillint no longer reports those rules.
#
# 0. Rule coverage: every rule id of `maillint --list-rules --format json`
#    (profiles default, mozilla-intermediate, mozilla-modern) is reported in
#    some fixtures/*-fires/expected.txt, has a fixtures/<id>[-*]-clean case,
#    and no such clean case's expected.txt contains it; or it is one of the
#    ids `tests/certs.sh --list` prints (certificate rules, whose trees that
#    script generates with fires and clean cases, certificates being made at
#    test time rather than committed).
# 1. For every fixtures/*-fires case (with its args file) and the weak corpus
#    sets (staged as tests/corpus.sh does): copy the tree, take
#    `maillint --root TMP --format json`, apply every fix:
#    - a finding with fix.command (Postfix) runs that command with
#      `-c TMP/etc/postfix` after each `postconf`;
#    - otherwise its edits: "uncomment" removes the leading '#' of lines
#      line..end_line; "set" on Dovecot replaces line `line` with
#      `name = value` (line > 0) or appends it (line 0): to the global scope,
#      or as a nested section built from the scope path, which Dovecot merges
#      with the existing one; a "set" without name appends value verbatim;
#      on Postfix, main.cf gets postconf -e, a master.cf scope postconf -P,
#      and a template file (main.cf.j2) the same line edits as Dovecot;
#    - "text" fixes cannot be applied: their rules are exempt from the
#      "gone" check below.
#    Then: `postconf -c TMP/etc/postfix -n` exits 0 (where the original was
#    accepted), `doveconf -n -c TMP/etc/dovecot/dovecot.conf` exits 0 (where
#    the original was accepted), and maillint on the result reports none of
#    the fixed rules.
# 2. maillint's own editor, on two more copies of each case: `--fix` (the
#    files it changes are replaced, each original kept as FILE.orig, byte
#    for byte) and `--diff` applied with `patch -p1` give the same tree;
#    no other file changes; and that tree means the same to the daemons as
#    the one fixed with postconf above: `postconf -n`, `postconf -P` (blanks
#    after commas ignored: maillint writes "!SSLv2,!SSLv3" in master.cf)
#    and `doveconf -n` print the same.
# Steps 1 and 2 run once per generation of the tools: debian12 (the host's
# postconf and doveconf) and debian13 (the Debian 13 root of
# `sh .ci/debian13`, Postfix 3.10 and Dovecot 2.4, through chroot on trees
# copied under the root's /tmp). Under debian13 maillint targets the root's
# Postfix version (--postfix-version, after the case's own args) and, for a
# tree written for Dovecot 2.4 (dovecot_config_version), its Dovecot
# version; a case with nothing to fix on that target is skipped, and so is
# a tree the root's doveconf rejects (2.3 configurations). Each generation
# ends with "# NAME (versions): N passed, N failed, N skipped".
# DEBIAN13_ROOT names the root (default /var/cache/maillint/debian13): set
# and missing is a failure (CI), unset and missing skips that generation,
# and so does DEBIAN13_ROOT=none (CI's make distcheck).
# FIXES_KEEP=DIR keeps each fixed tree in DIR/GEN/CASE for inspection.
# Needs postconf, doveconf, jq, base64 and patch.
. "$(dirname "$0")/lib.sh"

POSTCONF=${POSTCONF:-$(command -v postconf || echo /usr/sbin/postconf)}
DOVECONF=${DOVECONF:-$(command -v doveconf || echo /usr/bin/doveconf)}
WEAK_SETS="docker-mailserver-2016 mailcow-2017 sovereign mailu-2016 imscp"
fixtures=$top_srcdir/fixtures
d13_given=${DEBIAN13_ROOT:+yes}
D13=${DEBIAN13_ROOT:-/var/cache/maillint/debian13}
tmp=$(mktemp -d)
gtmp=
trap 'rm -rf "$tmp"; [ -n "$gtmp" ] && rm -rf "$gtmp"' EXIT

# The generation being run: CHROOT is its root, "" for the host. Scratch
# trees live under $tmp, which is inside CHROOT for the chroot generation.
CHROOT=
# pc ARGS, dc ARGS - the generation's postconf and doveconf; an argument
# that is a path inside CHROOT is given as the tool sees it
pc() {
	if [ -z "$CHROOT" ]; then "$POSTCONF" "$@"; return; fi
	for _a do
		shift
		case $_a in "$CHROOT"/*) _a=${_a#"$CHROOT"} ;; esac
		set -- "$@" "$_a"
	done
	chroot "$CHROOT" /usr/sbin/postconf "$@"
}
dc() {
	if [ -z "$CHROOT" ]; then "$DOVECONF" "$@"; return; fi
	for _a do
		shift
		case $_a in "$CHROOT"/*) _a=${_a#"$CHROOT"} ;; esac
		set -- "$@" "$_a"
	done
	chroot "$CHROOT" /usr/bin/doveconf "$@"
}
# set_ur - UR: the sed expression that prints paths printed by a chroot'ed
# tool as the host sees them (a no-op for the host), run first by a sed
# that has more to do (no cat or extra sed per pipeline); per generation
set_ur() {
	if [ -n "$CHROOT" ]; then UR="s#\(^\|[^/A-Za-z0-9._-]\)/tmp/#\1$CHROOT/tmp/#g"
	else UR='s/^//'; fi
}

need "$POSTCONF" "$DOVECONF" jq base64 patch

# ---------------------------------------------------------------- coverage
for p in default mozilla-intermediate mozilla-modern; do
	"$MAILLINT" --list-rules --format json --profile "$p" | jq -r '.rules[].id'
done | sort -u >"$tmp/ids"
if [ ! -s "$tmp/ids" ]; then
	not_ok "maillint --list-rules --format json listed no rule"
fi
# Rules judged on certificates (made at test time, never committed) are
# covered by tests/certs.sh: its case table has a fires and a clean case
# for each id it lists.
sh "$top_srcdir/tests/certs.sh" --list >"$tmp/cert-ids"
while read -r id; do
	lower=$(echo "$id" | tr '[:upper:]' '[:lower:]')
	if grep -q -x -F "$id" "$tmp/cert-ids"; then
		ok "coverage: $id fires and stays silent in tests/certs.sh's generated trees"
		continue
	fi
	if grep -l -F "[$id]" "$fixtures"/*-fires/expected.txt >/dev/null 2>&1; then
		ok "coverage: $id fires in $(grep -l -F "[$id]" "$fixtures"/*-fires/expected.txt |
		    sed 's|.*/fixtures/||; s|/expected.txt||' | tr '\n' ' ')"
	else
		not_ok "coverage: no fixtures/*-fires/expected.txt reports $id"
	fi
	clean=$(ls -d "$fixtures/$lower-clean" "$fixtures/$lower"-*-clean 2>/dev/null)
	if [ -z "$clean" ]; then
		not_ok "coverage: no fixtures/$lower-clean case"
		continue
	fi
	bad=
	for c in $clean; do
		if [ ! -f "$c/expected.txt" ] || grep -q -F "[$id]" "$c/expected.txt"; then
			bad="$bad $(basename "$c")"
		fi
	done
	if [ -z "$bad" ]; then
		ok "coverage: $id silent in $(for c in $clean; do basename "$c"; done | tr '\n' ' ')"
	else
		not_ok "coverage: $id reported (or no expected.txt) in$bad"
	fi
done <"$tmp/ids"

# ------------------------------------------------------------------ fixing
b64() { printf '%s' "$1" | base64 -d; }

# Postfix re-reads a main.cf modified within the last second until it is
# older (300 ms steps): date the scratch tree's Postfix files back first
# (one touch: a process costs milliseconds here).
age() { touch -c -t 200001010000 "$1"/etc/postfix/*; }

# edit_lines FILE FIRST LAST MODE [TEXT] - MODE uncomment: drop the leading
# '#' (after blanks) of lines FIRST..LAST; MODE replace: line FIRST becomes
# TEXT (with its old indentation), FIRST+1..LAST become empty, so that the
# line numbers of other edits stay valid
edit_lines() {
	text=${5:-} awk -v a="$2" -v b="$3" -v mode="$4" '
	NR >= a && NR <= b {
		if (mode == "uncomment") { sub(/^[ \t]*#/, ""); print; next }
		if (NR == a) { match($0, /^[ \t]*/); print substr($0, 1, RLENGTH) ENVIRON["text"]; next }
		print ""; next
	}
	{ print }' "$1" >"$1.new" && mv "$1.new" "$1"
}

# dovecot_block SCOPE TEXT - TEXT inside the sections of SCOPE
# ("service imap-login/inet_listener imaps")
dovecot_block() {
	printf '%s\n' "$1" | tr '/' '\n' >"$tmp/scope"
	depth=0 ind=
	while read -r sec; do
		printf '%s%s {\n' "$ind" "$sec"
		ind="$ind  " depth=$((depth + 1))
	done <"$tmp/scope"
	printf '%s%s\n' "$ind" "$2"
	while [ "$depth" -gt 0 ]; do
		depth=$((depth - 1)) ind=${ind%  }
		printf '%s}\n' "$ind"
	done
}

# apply ROOT JSON NAME - apply the fixes of JSON to the tree ROOT; writes the
# rules to check to $tmp/fixed, the exempt ones to $tmp/exempt; returns 1
# (after not_ok) when a fix cannot be applied
apply() {
	# shellcheck disable=SC2034 # pfdir is used by the eval of $tmp/phaseC.1
	root=$1 pfdir=$1/etc/postfix
	: >"$tmp/phaseA" ; : >"$tmp/phaseB" ; : >"$tmp/phaseC"
	: >"$tmp/fixed" ; : >"$tmp/exempt"
	# one line per command or edit; every field has a one-character prefix
	# so that no field is empty (read would merge adjacent tabs). The
	# command is used only when every edit is on main.cf or master.cf:
	# postconf cannot edit a template such as main.cf.j2.
	jq -r '.findings[] | .rule as $r | (.fix.command // "") as $c |
	    (.fix.edits // []) as $e |
	    if $c != "" and ($e | map(.file | test("(^|/)(main|master)\\.cf$")) | all)
	    then "C\t\($r)\t_\($c | @base64)"
	    elif ($e | length) == 0 then "X\t\($r)"
	    else $e[] | "E\t\($r)\t_\(.action)\t_\(.file)\t_\(.line)\t_\(.end_line // .line)\t_\(.scope // "" | @base64)\t_\(.name // "")\t_\(.value // "" | @base64)\t_\(if .name == null then 0 else 1 end)"
	    end' <"$2" | sort -u >"$tmp/edits"
	while IFS='	' read -r kind rule a b c d e f g h; do
		case $kind in
		X) echo "$rule" >>"$tmp/exempt"; continue ;;
		C) echo "$rule" >>"$tmp/fixed"
		   b64 "${a#_}" | sed -e "s|^postconf |pc -c \"\$pfdir\" |" \
		       -e "s|&& postconf |\&\& pc -c \"\$pfdir\" |g" >>"$tmp/phaseC"
		   echo >>"$tmp/phaseC"
		   continue ;;
		esac
		action=${a#_} file=${b#_} line=${c#_} end=${d#_} scope=$(b64 "${e#_}")
		ename=${f#_} value=$(b64 "${g#_}") hasname=${h#_}
		case $action in
		text) echo "$rule" >>"$tmp/exempt"; continue ;;
		uncomment) echo "$rule" >>"$tmp/fixed"
		   printf 'U\t%s\t%s\t%s\n' "$file" "$line" "$end" >>"$tmp/phaseA"
		   continue ;;
		set) ;;
		*) not_ok "$3: $rule: unknown edit action $action"; return 1 ;;
		esac
		echo "$rule" >>"$tmp/fixed"
		base=${file##*/}
		case $file in
		*postfix/*) product=postfix ;;
		*) product=dovecot ;;
		esac
		# shellcheck disable=SC2016 # $pfdir expands at eval time
		if [ "$product" = postfix ] && [ "$base" = main.cf ] && [ "$hasname" = 1 ]; then
			printf 'pc -c "$pfdir" -e %s\n' "$(printf '%s = %s' "$ename" "$value" | sed "s/'/'\\\\''/g; s/^/'/; s/\$/'/")" >>"$tmp/phaseC"
		elif [ "$product" = postfix ] && [ "$base" = master.cf ] && [ "$hasname" = 1 ]; then
			printf 'pc -c "$pfdir" -P %s\n' "$(printf '%s/%s=%s' "$scope" "$ename" "$value" | sed "s/'/'\\\\''/g; s/^/'/; s/\$/'/")" >>"$tmp/phaseC"
		elif [ "$hasname" = 0 ]; then
			printf 'V\t%s\t%s\n' "$file" "$(printf '%s' "$value" | base64 | tr -d '\n')" >>"$tmp/phaseB"
		elif [ "$line" -gt 0 ]; then
			printf 'R\t%s\t%s\t%s\t%s\n' "$file" "$line" "$end" "$(printf '%s = %s' "$ename" "$value" | base64 | tr -d '\n')" >>"$tmp/phaseA"
		elif [ -z "$scope" ] || [ "$product" = postfix ]; then
			printf 'V\t%s\t%s\n' "$file" "$(printf '%s = %s' "$ename" "$value" | base64 | tr -d '\n')" >>"$tmp/phaseB"
		else
			printf 'V\t%s\t%s\n' "$file" "$(dovecot_block "$scope" "$ename = $value" | base64 | tr -d '\n')" >>"$tmp/phaseB"
		fi
	done <"$tmp/edits"
	# A: line edits (they keep line numbers), B: appends, C: postconf
	while IFS='	' read -r op file line end text; do
		if [ ! -f "$root/$file" ]; then
			not_ok "$3: fix edits $file, which does not exist"
			return 1
		fi
		case $op in
		U) edit_lines "$root/$file" "$line" "$end" uncomment ;;
		R) edit_lines "$root/$file" "$line" "$end" replace "$(b64 "$text")" ;;
		esac
	done <"$tmp/phaseA"
	while IFS='	' read -r op file text; do
		mkdir -p "$(dirname "$root/$file")"
		{ echo; b64 "$text"; echo; } >>"$root/$file"
	done <"$tmp/phaseB"
	# one command per line; "a && b" from maillint is split so that every
	# postconf has to succeed
	sed 's/ && /\n/g' "$tmp/phaseC" | grep -v '^$' >"$tmp/phaseC.1"
	while read -r cmd; do
		age "$root"
		if ! eval "$cmd" >"$tmp/pc.out" 2>&1; then
			not_ok "$3: fix command failed: $cmd: $(tail -1 "$tmp/pc.out")"
			return 1
		fi
	done <"$tmp/phaseC.1"
	sort -u "$tmp/exempt" -o "$tmp/exempt"
	sort -u "$tmp/fixed" | comm -23 - "$tmp/exempt" >"$tmp/fixed.2"
	mv "$tmp/fixed.2" "$tmp/fixed"
	return 0
}

postfix_ok() { age "$1"; [ -f "$1/etc/postfix/main.cf" ] && pc -c "$1/etc/postfix" -n >/dev/null 2>"$tmp/pc.err"; }
dovecot_ok() { [ -f "$1/etc/dovecot/dovecot.conf" ] && dc -n -c "$1/etc/dovecot/dovecot.conf" >"$tmp/dc.out" 2>"$tmp/dc.err"; }
# The fixed tree is read by the tools once: own_fix keeps what postconf -n
# and doveconf -n said of it (exit status, stderr) in $tmp/fixed.*, and
# the verdicts below use that; without it (own_fix stopped early) they ask.
fixed_postfix_ok() {
	if [ -f "$tmp/fixed.pc.rc" ]; then
		cp "$tmp/fixed.pc.err" "$tmp/pc.err"
		return "$(cat "$tmp/fixed.pc.rc")"
	fi
	postfix_ok "$1"
}
fixed_dovecot_ok() {
	if [ -f "$tmp/fixed.dc.rc" ]; then
		cp "$tmp/fixed.dc.err" "$tmp/dc.err"
		return "$(cat "$tmp/fixed.dc.rc")"
	fi
	dovecot_ok "$1"
}

# pf_params DIR - postconf -P of DIR with blanks after commas dropped
pf_params() { pc -c "$1" -P 2>/dev/null | sed -e "$UR" -e 's/, */,/g' | sort; }

# own_fix NAME ROOT [maillint arguments] - maillint --fix and --diff on the
# copies $tmp/mfix and $tmp/mpatch of $tmp/orig, compared with ROOT (fixed
# with postconf)
own_fix() {
	name=$1 fixed=$2
	shift 2
	# --severity info: every fix the JSON has, as the hand-applied path
	"$MAILLINT" --root "$tmp/mpatch" --diff --severity info "$@" >"$tmp/own.diff" 2>"$tmp/own.err"
	rc=$?
	if [ $rc -gt 2 ]; then
		not_ok "$name: maillint --diff exited $rc"
		return
	fi
	if ! (cd "$tmp/mpatch" && patch -s -p1 --no-backup-if-mismatch) <"$tmp/own.diff" >"$tmp/patch.out" 2>&1; then
		not_ok "$name: patch -p1 rejects the --diff output: $(head -1 "$tmp/patch.out")"
		return
	fi
	"$MAILLINT" --root "$tmp/mfix" --fix --severity info "$@" >/dev/null 2>"$tmp/own.err"
	rc=$?
	if [ $rc -gt 2 ]; then
		not_ok "$name: maillint --fix exited $rc"
		return
	fi
	if grep -q 'not fixed:' "$tmp/own.err"; then
		not_ok "$name: maillint --fix: $(grep -m1 'not fixed:' "$tmp/own.err")"
		return
	fi
	# backups: exactly the changed files, each the original byte for byte
	bad=
	for b in $(cd "$tmp/mfix" && find . -name '*.orig' -type f); do
		f=${b%.orig}
		cmp -s "$tmp/mfix/$b" "$tmp/orig/$f" || bad="$bad $f"
		rm -f "$tmp/mfix/$b"
	done
	if [ -n "$bad" ]; then
		not_ok "$name: --fix backups differ from the originals:$bad"
		return
	fi
	if ! diff -r "$tmp/mfix" "$tmp/mpatch" >"$tmp/own.cmp" 2>&1; then
		not_ok "$name: --fix and --diff | patch give different trees"
		head -5 "$tmp/own.cmp" | sed 's/^/  /'
		return
	fi
	for f in $(cd "$tmp/orig" && find . -type f); do
		if ! cmp -s "$tmp/orig/$f" "$tmp/mfix/$f" &&
		    ! grep -q "^+++ b/${f#./}\$" "$tmp/own.diff"; then
			bad="$bad $f"
		fi
	done
	if [ -n "$bad" ]; then
		not_ok "$name: --fix changed files its diff does not name:$bad"
		return
	fi
	edits=$(grep -c '^+++ ' "$tmp/own.diff")
	if [ -f "$fixed/etc/postfix/main.cf" ]; then
		age "$fixed"; age "$tmp/mfix"
		pc -c "$fixed/etc/postfix" -n >"$tmp/fixed.pc.out" 2>"$tmp/fixed.pc.err"
		echo $? >"$tmp/fixed.pc.rc"
		sed -e "$UR" -e "s/, */,/g; s|$fixed|ROOT|g" "$tmp/fixed.pc.out" | sort >"$tmp/pn.a"
		# mfix's -n and -P, kept for fix_scope
		pc -c "$tmp/mfix/etc/postfix" -n >"$tmp/mfix.pc.n" 2>"$tmp/mfix.pc.n.err"
		sed -e "$UR" -e "s/, */,/g; s|$tmp/mfix|ROOT|g" "$tmp/mfix.pc.n" | sort >"$tmp/pn.b"
		pf_params "$fixed/etc/postfix" | sed "s|$fixed|ROOT|g" >"$tmp/pp.a"
		pc -c "$tmp/mfix/etc/postfix" -P >"$tmp/mfix.pc.P" 2>"$tmp/mfix.pc.P.err"
		sed -e "$UR" -e 's/, */,/g' "$tmp/mfix.pc.P" | sort | sed "s|$tmp/mfix|ROOT|g" >"$tmp/pp.b"
		if cmp -s "$tmp/pn.a" "$tmp/pn.b" && cmp -s "$tmp/pp.a" "$tmp/pp.b"; then
			ok "$name: --fix ($edits files) = postconf's fixes for postconf -n and -P"
		else
			not_ok "$name: --fix and postconf's fixes differ for postconf"
			diff "$tmp/pn.a" "$tmp/pn.b" | head -6 | sed 's/^/  /'
			diff "$tmp/pp.a" "$tmp/pp.b" | head -6 | sed 's/^/  /'
		fi
	fi
	if [ -f "$fixed/etc/dovecot/dovecot.conf" ]; then
		dc -n -c "$fixed/etc/dovecot/dovecot.conf" >"$tmp/dca.out" 2>"$tmp/dca.err"
		echo $? >"$tmp/fixed.dc.rc"
		cp "$tmp/dca.err" "$tmp/fixed.dc.err"
		cat "$tmp/dca.err" "$tmp/dca.out" | grep -v '^# ' | sed -e "$UR" -e "s|$fixed|ROOT|g" >"$tmp/dn.a"
		# kept for fix_scope
		dc -n -c "$tmp/mfix/etc/dovecot/dovecot.conf" >"$tmp/dcm.out" 2>"$tmp/dcm.err"
		cat "$tmp/dcm.err" "$tmp/dcm.out" | grep -v '^# ' | sed -e "$UR" -e "s|$tmp/mfix|ROOT|g" >"$tmp/dn.b"
		if cmp -s "$tmp/dn.a" "$tmp/dn.b"; then
			ok "$name: --fix ($edits files) = the fixes applied by hand for doveconf -n"
		else
			not_ok "$name: --fix and the fixes applied by hand differ for doveconf -n"
			diff "$tmp/dn.a" "$tmp/dn.b" | head -8 | sed 's/^/  /'
		fi
	fi
}

# fix_scope NAME [maillint arguments] - the fixes change only what they say: between the
# original ($tmp/orig) and maillint's --fix of it ($tmp/mfix), every
# parameter that `postconf -n`/`-P` and every service that `postconf -M`
# show changed, and every setting that `doveconf -n` shows changed, is one
# that a fix names: the name it sets, a name in the text it appends or
# uncomments, or the name on the line it replaces; and the tools print no
# warning on the fixed tree that they did not print on the original.
# $tmp/all.json: the findings with --severity info (what --fix applies).
fix_scope() {
	name=$1
	shift
	dnote=
	# every field prefixed with "_": read with a tab IFS would merge
	# empty fields (tab is IFS white space)
	jq -r '.findings[] | .fix.edits[]? | "_\(.action)\t_\(.file)\t_\(.line // 0)\t_\(.end_line // .line // 0)\t_\(.scope // "")\t_\(.name // "")\t_\(.value // "" | @base64)"' \
	    <"$tmp/all.json" >"$tmp/scope.edits"
	: >"$tmp/allow.names"; : >"$tmp/allow.svcs"
	while IFS='	' read -r action file line end scope ename value; do
		action=${action#_} file=${file#_} line=${line#_} end=${end#_}
		scope=${scope#_} ename=${ename#_} value=${value#_}
		[ -n "$ename" ] && echo "$ename" >>"$tmp/allow.names"
		case $file in *master.cf*) [ -n "$scope" ] && echo "$scope" >>"$tmp/allow.svcs" ;; esac
		text=
		case $action in
		uncomment|set)
			if [ "$line" -gt 0 ] && [ -f "$tmp/orig/$file" ]; then
				text=$(sed -n "${line},${end}p" "$tmp/orig/$file" | sed 's/^[[:space:]]*#//')
			fi ;;
		esac
		[ -z "$ename" ] && text="$text
$(b64 "$value")"
		# names: "-o name=" (master.cf), "name =" at a line start;
		# services: "name type" of a master.cf service line
		printf '%s\n' "$text" | awk '
			{ for (i = 1; i <= NF; i++)
				if ($i == "-o" && i < NF) { split($(i + 1), a, "="); print a[1] }
				else if ($i ~ /^-o[a-z]/) { split(substr($i, 3), a, "="); print a[1] } }
			/^[[:space:]]*[A-Za-z0-9_]+[[:space:]]*=/ { sub(/^[[:space:]]*/, ""); sub(/[[:space:]]*=.*/, ""); print }' >>"$tmp/allow.names"
		case $file in *master.cf*)
			printf '%s\n' "$text" | awk '/^[^[:space:]#]/ && NF >= 8 { print $1 "/" $2 }' >>"$tmp/allow.svcs" ;;
		esac
	done <"$tmp/scope.edits"
	sort -u "$tmp/allow.names" -o "$tmp/allow.names"
	sort -u "$tmp/allow.svcs" -o "$tmp/allow.svcs"
	bad=
	if [ -f "$tmp/orig/etc/postfix/main.cf" ]; then
		age "$tmp/orig"; age "$tmp/mfix"
		for t in orig mfix; do
			if [ $t = mfix ] && [ -f "$tmp/mfix.pc.P" ]; then
				# what own_fix asked postconf of the same tree
				cat "$tmp/mfix.pc.n.err" >"$tmp/sw.$t"
				sed -e "$UR" -e "s|$tmp/$t|ROOT|g" "$tmp/mfix.pc.n" | sort >"$tmp/sn.$t"
				cat "$tmp/mfix.pc.P.err" >>"$tmp/sw.$t"
				sed -e "$UR" -e "s/, */,/g; s|$tmp/$t|ROOT|g" "$tmp/mfix.pc.P" | sort >"$tmp/sp.$t"
			else
				pc -c "$tmp/$t/etc/postfix" -n 2>"$tmp/sw.$t" | sed -e "$UR" -e "s|$tmp/$t|ROOT|g" | sort >"$tmp/sn.$t"
				pc -c "$tmp/$t/etc/postfix" -P 2>>"$tmp/sw.$t" | sed -e "$UR" -e "s/, */,/g; s|$tmp/$t|ROOT|g" | sort >"$tmp/sp.$t"
			fi
			pc -c "$tmp/$t/etc/postfix" -M 2>>"$tmp/sw.$t" | sed -e "$UR" -e "s|$tmp/$t|ROOT|g" | awk '{ print $1 "/" $2 "\t" $0 }' | sort >"$tmp/sm.$t"
			sed -e "$UR" -e "s|$tmp/$t|ROOT|g" "$tmp/sw.$t" | grep -i 'warning\|error\|fatal' | sort -u >"$tmp/swn.$t"
		done
		# "name = value", or "name =" for an empty value
		x=$(comm -3 "$tmp/sn.orig" "$tmp/sn.mfix" | sed 's/^[[:space:]]*//; s/ =.*//' | sort -u | comm -23 - "$tmp/allow.names")
		[ -n "$x" ] && bad="$bad; postconf -n changed unnamed: $(echo $x)"
		x=$(comm -3 "$tmp/sp.orig" "$tmp/sp.mfix" | sed 's/^[[:space:]]*//; s/ =.*//' | while IFS=/ read -r s ty p; do
			grep -q -x -F "$p" "$tmp/allow.names" && grep -q -x -F "$s/$ty" "$tmp/allow.svcs" || echo "$s/$ty/$p"
		done)
		[ -n "$x" ] && bad="$bad; postconf -P changed unnamed: $(echo $x)"
		x=$(comm -3 "$tmp/sm.orig" "$tmp/sm.mfix" | sed 's/^[[:space:]]*//' | cut -f1 | sort -u | comm -23 - "$tmp/allow.svcs")
		[ -n "$x" ] && bad="$bad; postconf -M changed unnamed services: $(echo $x)"
		x=$(comm -13 "$tmp/swn.orig" "$tmp/swn.mfix")
		[ -n "$x" ] && bad="$bad; new postconf warning: $(echo "$x" | head -1)"
	fi
	# Dovecot: only where this generation's doveconf reads the original and
	# maillint targets its major.minor version (a 2.2 fix read by doveconf
	# 2.3 is converted, and warned about, by design)
	dtv=
	read -r dtv <"$tmp/dtv" || :
	if [ -f "$tmp/orig/etc/dovecot/dovecot.conf" ] && [ "$dc0" = no ]; then
		dnote="; Dovecot not compared: doveconf rejects the original"
	elif [ -f "$tmp/orig/etc/dovecot/dovecot.conf" ] && [ -n "$dtv" ] &&
	    [ "$(echo "$dtv" | cut -d. -f1,2)" != "$(echo "$DC_VER" | cut -d. -f1,2)" ]; then
		dnote="; Dovecot not compared: target $dtv, doveconf $DC_VER"
	elif [ -f "$tmp/orig/etc/dovecot/dovecot.conf" ]; then
		dnote=
		[ -f "$tmp/dco.out" ] || dc -n -c "$tmp/orig/etc/dovecot/dovecot.conf" >"$tmp/dco.out" 2>"$tmp/dco.err"
		[ -f "$tmp/dcm.out" ] || dc -n -c "$tmp/mfix/etc/dovecot/dovecot.conf" >"$tmp/dcm.out" 2>"$tmp/dcm.err"
		cp "$tmp/dco.err" "$tmp/dw.orig"; cp "$tmp/dcm.err" "$tmp/dw.mfix"
		for t in orig mfix; do
			case $t in orig) f=dco.out ;; *) f=dcm.out ;; esac
			sed -e "$UR" -e "s|$tmp/$t|ROOT|g" "$tmp/$f" | awk '
				/^#/ { next }
				/\{[[:space:]]*$/ { line = $0; sub(/^[[:space:]]*/, "", line); sub(/[[:space:]]*\{[[:space:]]*$/, "", line); path[++d] = line; next }
				/^[[:space:]]*\}[[:space:]]*$/ { d--; next }
				/=/ { line = $0; sub(/^[[:space:]]*/, "", line); p = ""; for (i = 1; i <= d; i++) p = p path[i] "/"; print p line }' |
			    sort >"$tmp/sd.$t"
			sed -e "$UR" -e "s|$tmp/$t|ROOT|g" "$tmp/dw.$t" | grep -i 'warning\|error\|fatal' | sort -u >"$tmp/dwn.$t"
		done
		x=$(comm -3 "$tmp/sd.orig" "$tmp/sd.mfix" | sed 's/^[[:space:]]*//; s/[[:space:]]*=.*//; s|.*/||' | sort -u | comm -23 - "$tmp/allow.names")
		[ -n "$x" ] && bad="$bad; doveconf -n changed unnamed: $(echo $x)"
		x=$(comm -13 "$tmp/dwn.orig" "$tmp/dwn.mfix")
		[ -n "$x" ] && bad="$bad; new doveconf warning: $(echo "$x" | head -1)"
	fi
	if [ -z "$bad" ]; then
		ok "$name: the fixes change only what they name ($(wc -l <"$tmp/allow.names") names, $(wc -l <"$tmp/allow.svcs") services$dnote)"
	else
		not_ok "$name: the fixes change more than they name${bad}"
	fi
}

# TAG - a jq definition: tag(T) puts "T " before every line of a string
TAG='def tag(t): split("\n") | map(t + " " + .) | join("\n"); '
# untag T=FILE... - the tagged lines of jq (stdin) filed in $tmp: each
# line tagged T (tag removed) in FILE; every FILE is written, empty when
# no line has its tag
untag() {
	awk -v d="$tmp" -v map="$*" '
	BEGIN {
		n = split(map, P, " ")
		for (i = 1; i <= n; i++) {
			split(P[i], kv, "="); F[kv[1]] = kv[2]; printf "" >(d "/" kv[2])
		}
	}
	{ t = substr($0, 1, 1); v = length($0) > 2 ? substr($0, 3) : "" }
	t in F { print v >(d "/" F[t]) }'
}

# fix_case NAME ROOT [maillint arguments] - ROOT is a scratch copy
fix_case() {
	case_name=$1 root=$2
	shift 2
	pf0=no dc0=no
	rm -f "$tmp/dc.out" "$tmp/dc.err" "$tmp/dcm.out" "$tmp/dcm.err" \
	    "$tmp"/fixed.pc.* "$tmp"/fixed.dc.* "$tmp"/mfix.pc.*
	postfix_ok "$root" && pf0=yes
	dovecot_ok "$root" && dc0=yes
	# doveconf costs a quarter of a second: the original's output is kept
	# for fix_scope (its paths made the scratch copy's)
	[ -f "$tmp/dc.out" ] && sed -e "$UR" -e "s|$root|$tmp/orig|g" "$tmp/dc.out" >"$tmp/dco.out" &&
	    sed -e "$UR" -e "s|$root|$tmp/orig|g" "$tmp/dc.err" >"$tmp/dco.err"
	"$MAILLINT" --root "$root" --format json "$@" >"$tmp/before.json" 2>/dev/null
	"$MAILLINT" --root "$root" --dump --format json "$@" >"$tmp/dump.before" 2>/dev/null
	# Each JSON is read by one jq run (a jq start costs tens of
	# milliseconds), its lists tagged and filed by one awk run.
	# The dump: the MX listeners with mandatory TLS (M) and the Dovecot
	# version maillint targets (D, for fix_scope).
	jq -r "$TAG"'(.listeners[]? | select(.product == "postfix" and .port == 25 and (.tls_required or .tls == "implicit")) | .scope | tag("M")),
	    (.dovecot.version? // empty | "D \(.)")' <"$tmp/dump.before" |
	    untag M=mx.before.raw D=dtv
	sort -u "$tmp/mx.before.raw" >"$tmp/mx.before"
	# The findings: V when there are (jq -e .findings), their number (N),
	# their rules (R) and rule/listener pairs (Q), used after the fixes.
	jq -r "$TAG"'if .findings then "V", "N \(.findings | length)",
	    (.findings[] | .rule | tag("R")),
	    (.findings[] | .rule as $r | (.listeners // [.scope])[] | "\($r) \(.)" | tag("Q"))
	    else empty end' <"$tmp/before.json" 2>/dev/null |
	    untag V=valid N=nfind R=rules.before.raw Q=pairs.before.raw
	if [ ! -s "$tmp/valid" ]; then
		not_ok "$case_name: maillint gave no JSON"
		return
	fi
	read -r nfind <"$tmp/nfind"
	if [ "$nfind" -eq 0 ]; then
		if [ -n "$CHROOT" ]; then
			skip "$case_name: nothing to fix for this generation's target"
		else
			not_ok "$case_name: no finding to fix"
		fi
		return
	fi
	rm -rf "$tmp/mfix" "$tmp/mpatch" "$tmp/orig"
	cp -R "$root" "$tmp/mfix" && cp -R "$root" "$tmp/mpatch" &&
	    cp -R "$root" "$tmp/orig"
	apply "$root" "$tmp/before.json" "$case_name" || return
	own_fix "$case_name" "$root" "$@"
	"$MAILLINT" --root "$tmp/orig" --format json --severity info "$@" >"$tmp/all.json" 2>/dev/null
	fix_scope "$case_name" "$@"
	if [ -n "${FIXES_KEEP:-}" ]; then
		mkdir -p "$FIXES_KEEP/$GEN/${case_name#"$GEN "}" && cp -R "$root/." "$FIXES_KEEP/$GEN/${case_name#"$GEN "}/"
	fi
	if [ -f "$root/etc/postfix/main.cf" ]; then
		if fixed_postfix_ok "$root"; then
			ok "$case_name: postconf -n accepts the fixed main.cf/master.cf"
		elif [ $pf0 = no ]; then
			skip "$case_name: postconf rejected the original too"
		else
			not_ok "$case_name: postconf -n rejects the fixed configuration: $(head -1 "$tmp/pc.err")"
		fi
	fi
	if [ -f "$root/etc/dovecot/dovecot.conf" ]; then
		if fixed_dovecot_ok "$root"; then
			ok "$case_name: doveconf -n accepts the fixed dovecot.conf"
		elif [ $dc0 = no ]; then
			skip "$case_name: doveconf rejected the original too"
		else
			not_ok "$case_name: doveconf -n rejects the fixed configuration: $(grep -a -m1 -i 'error\|fatal' "$tmp/dc.err")"
		fi
	fi
	"$MAILLINT" --root "$root" --format json "$@" >"$tmp/after.json" 2>/dev/null
	# after.json: every finding (A), the errors at a line (E), the
	# rule/listener pairs (Q)
	jq -r "$TAG"'(.findings[] | "\(.rule) \(.file):\(.line)" | tag("A")),
	    (.findings[] | select(.severity == "error" and .line > 0) | "\(.rule) \(.file):\(.line)" | tag("E")),
	    (.findings[] | .rule as $r | (.listeners // [.scope])[] | "\($r) \(.)" | tag("Q"))' <"$tmp/after.json" |
	    untag A=after.all E=after.err Q=pairs.after.raw
	# (one awk per list: a rule is in the list when it is a whole line)
	left=$(awk 'NR == FNR { f[$0] = 1; next } ($1 in f) { print $1 " at " $2 }' \
		"$tmp/fixed" "$tmp/after.all" | sort -u)
	sort -u "$tmp/rules.before.raw" >"$tmp/rules.before"
	new=$(awk 'NR == FNR { f[$0] = 1; next } !($1 in f) { print $1 " at " $2 }' \
		"$tmp/rules.before" "$tmp/after.err" | sort -u)
	if [ -z "$new" ]; then
		ok "$case_name: the fixes write no line that is an error"
	else
		not_ok "$case_name: new errors at configuration lines after the fixes"
		echo "$new" | sed 's/^/  /'
	fi
	# Re-linting shows no new finding of any rule, any severity, on any
	# listener or setting (a fix must not uncover or cause another one).
	sort -u "$tmp/pairs.before.raw" >"$tmp/pairs.before"
	sort -u "$tmp/pairs.after.raw" >"$tmp/pairs.after"
	new=$(comm -13 "$tmp/pairs.before" "$tmp/pairs.after")
	if [ -z "$new" ]; then
		ok "$case_name: re-linting the fixed tree shows no new finding"
	else
		not_ok "$case_name: new findings after the fixes (rule scope)"
		echo "$new" | sed 's/^/  /'
	fi
	# Never mandatory TLS on the MX port: inbound mail would stop
	# (RFC 3207; postconf(5) smtpd_tls_security_level).
	"$MAILLINT" --root "$root" --dump --format json "$@" 2>/dev/null |
	    jq -r '.listeners[]? | select(.product == "postfix" and .port == 25 and (.tls_required or .tls == "implicit")) | .scope' |
	    sort -u >"$tmp/mx.after"
	new=$(comm -13 "$tmp/mx.before" "$tmp/mx.after")
	if [ -z "$new" ]; then
		ok "$case_name: no fix makes TLS mandatory on port 25"
	else
		not_ok "$case_name: a fix makes TLS mandatory on port 25 (inbound mail stops):$(echo $new)"
	fi
	if [ -z "$left" ]; then
		ok "$case_name: fixed rules gone ($(tr '\n' ' ' <"$tmp/fixed")$( [ -s "$tmp/exempt" ] && printf '; text-only: %s' "$(tr '\n' ' ' <"$tmp/exempt")"))"
	else
		not_ok "$case_name: still reported after the fixes"
		echo "$left" | sed 's/^/  /'
	fi
}

# target_args ROOT - the maillint arguments that make the generation's
# versions the target (after a case's own args: the last one wins)
target_args() {
	[ -n "$CHROOT" ] || return 0
	printf ' --postfix-version %s' "$PF_VER"
	if grep -q -s '^[[:space:]]*dovecot_config_version[[:space:]]*=' "$1/etc/dovecot/dovecot.conf"; then
		printf ' --dovecot-version %s' "$DC_VER"
	fi
}

# fix_all - every *-fires fixture and weak corpus set, fixed and checked
# with the generation's tools; then the generation's count line
fix_all() {
	set_ur
	p0=$t_pass f0=$t_fail s0=$t_skip
	echo "# $GEN: Postfix $PF_VER, Dovecot $DC_VER${CHROOT:+ (chroot $CHROOT)}"
	for dir in "$fixtures"/*-fires/; do
		dir=${dir%/}
		n=${dir##*/}
		args=
		[ -f "$dir/args" ] && args=$(cat "$dir/args")
		# A case of the command line with no host tree (a file under
		# a temporary name): run_fixtures.sh checks it; its rules'
		# fixes are checked on their own etc/ cases.
		if [ ! -d "$dir/etc" ]; then
			skip "$GEN $n: no host tree (a command-line case)"
			continue
		fi
		rm -rf "$tmp/case" && mkdir -p "$tmp/case"
		cp -R "$dir/etc" "$tmp/case/etc"
		# Debian 13's protocols.d, where a fixture has it
		[ -d "$dir/usr" ] && cp -R "$dir/usr" "$tmp/case/usr"
		# files its args name (a baseline) and its .maillint.yaml
		for f in "$dir"/* "$dir"/.maillint.yaml; do
			[ -f "$f" ] || continue
			case ${f##*/} in
			expected.*|README|args) ;;
			*) cp "$f" "$tmp/case/" ;;
			esac
		done
		# from the case's folder, as run_fixtures.sh runs it (its args
		# may name files there)
		here=$(pwd)
		cd "$tmp/case" || continue
		# shellcheck disable=SC2086
		fix_case "$GEN $n" "$tmp/case" $args $(target_args "$tmp/case")
		cd "$here" || exit 1
	done

	# Weak corpus sets, staged as in tests/corpus.sh (Debian's stock dovecot.conf
	# under conf.d-only sets, conf.d templates under their deployed names).
	if have_corpus; then
		for set in $WEAK_SETS; do
			src=$CORPUS/$set
			[ -d "$src" ] || { not_ok "$GEN corpus/$set: not found"; continue; }
			rm -rf "$tmp/case" && mkdir -p "$tmp/case/etc"
			[ -d "$src/postfix" ] && cp -R "$src/postfix" "$tmp/case/etc/postfix"
			if [ -d "$src/dovecot" ]; then
				if [ -f "$src/dovecot/dovecot.conf" ] || [ -f "$src/dovecot/dovecot.conf.j2" ] ||
				    [ -f "$src/dovecot/dovecot.conf.tpl" ]; then
					cp -R "$src/dovecot" "$tmp/case/etc/dovecot"
				else
					cp -R "$CORPUS/debian-bookworm/dovecot" "$tmp/case/etc/dovecot"
					cp -R "$src/dovecot/." "$tmp/case/etc/dovecot/"
				fi
				for f in "$tmp"/case/etc/dovecot/conf.d/*.j2 "$tmp"/case/etc/dovecot/conf.d/*.tpl; do
					[ -f "$f" ] && [ ! -e "${f%.*}" ] && mv "$f" "${f%.*}"
				done
			fi
			entries=
			for f in main.cf main.cf.j2 main.cf.tpl master.cf master.cf.j2 master.cf.tpl; do
				[ -f "$tmp/case/etc/postfix/$f" ] && entries="$entries /etc/postfix/$f"
			done
			[ -f "$tmp/case/etc/dovecot/dovecot.conf" ] && entries="$entries /etc/dovecot/dovecot.conf"
			# shellcheck disable=SC2086
			fix_case "$GEN corpus/$set" "$tmp/case" $entries $(target_args "$tmp/case")
		done
	else
		skip "$(corpus_hint)"
	fi
	echo "# $GEN: $((t_pass - p0)) passed, $((t_fail - f0)) failed, $((t_skip - s0)) skipped"
}

# ------------------------------------------------------ debian12: the host
# The two generations run side by side (each in its own scratch folder,
# half of their time is spent waiting on the tools); their lines are
# printed in order and counted afterwards.
GEN=debian12
PF_VER=$(pc -dh mail_version 2>/dev/null)
DC_VER=$(dc -d 2>/dev/null | sed -n '1s/^# \([0-9.]*\).*/\1/p')
: >"$tmp/gen13.out"
( fix_all ) >"$tmp/gen12.out" 2>&1 &
p12=$!
p13=

# -------------------------------------------- debian13: the chroot'ed root
d13_hint="the Debian 13 root is built by \`sh .ci/debian13\` (as root)"
host_tmp=$tmp
if [ "${DEBIAN13_ROOT:-}" = none ]; then
	skip "debian13: not run (DEBIAN13_ROOT=none)"
elif [ ! -f "$D13/.maillint-ready" ]; then
	if [ -n "$d13_given" ]; then
		not_ok "debian13: no finished root at DEBIAN13_ROOT=$D13; $d13_hint"
	else
		skip "debian13: no root at $D13: $d13_hint, or set DEBIAN13_ROOT"
	fi
elif [ "$(id -u)" -ne 0 ]; then
	if [ -n "$d13_given" ]; then not_ok "debian13: chroot into $D13 needs root"
	else skip "debian13: chroot into $D13 needs root"; fi
elif ! gtmp=$(mktemp -d "$D13/tmp/maillint-fixes.XXXXXX"); then
	not_ok "debian13: cannot make a scratch folder under $D13/tmp"
else
	GEN=debian13 CHROOT=$D13 tmp=$gtmp
	PF_VER=$(pc -dh mail_version 2>/dev/null)
	DC_VER=$(dc -d 2>/dev/null | sed -n '1s/^# \([0-9.]*\).*/\1/p')
	if [ -z "$PF_VER" ] || [ -z "$DC_VER" ]; then
		not_ok "debian13: postconf or doveconf does not run in $D13 ($d13_hint)"
	else
		( fix_all ) >"$host_tmp/gen13.out" 2>&1 &
		p13=$!
	fi
	GEN= CHROOT= tmp=$host_tmp
fi
wait $p12 $p13
for g in 12 13; do
	cat "$tmp/gen$g.out"
	t_pass=$((t_pass + $(grep -c '^ok - ' "$tmp/gen$g.out")))
	t_fail=$((t_fail + $(grep -c '^not ok - ' "$tmp/gen$g.out")))
	t_skip=$((t_skip + $(grep -c '^skip - ' "$tmp/gen$g.out")))
done

# ------------------------------------------------------------ --diff/--fix
# The command line: usage errors, a clean tree, a config repo linted file
# by file (no --root, relative paths, a template), a second --fix, and a
# configuration with errors (nothing changed).
"$MAILLINT" --diff --fix "$fixtures/pf-tls-002-fires" >/dev/null 2>&1
rc=$?; [ $rc -eq 2 ] && ok "cli: --diff with --fix exits 2" || not_ok "cli: --diff --fix exited $rc"
"$MAILLINT" --diff --format json "$fixtures/pf-tls-002-fires" >/dev/null 2>&1
rc=$?; [ $rc -eq 2 ] && ok "cli: --diff with --format json exits 2" || not_ok "cli: --diff --format json exited $rc"
"$MAILLINT" --fix --dump "$fixtures/pf-tls-002-fires" >/dev/null 2>&1
rc=$?; [ $rc -eq 2 ] && ok "cli: --fix with --dump exits 2" || not_ok "cli: --fix --dump exited $rc"

rm -rf "$tmp/cli" && mkdir -p "$tmp/cli" && cp -R "$fixtures/pf-tls-002-clean/etc" "$tmp/cli/"
(cd "$tmp/cli" && find . -type f | sort | xargs md5sum) >"$tmp/cli.sum"
"$MAILLINT" --root "$tmp/cli" --fix >/dev/null 2>"$tmp/cli.err"
rc=$?
if [ $rc -eq 0 ] && (cd "$tmp/cli" && find . -type f | sort | xargs md5sum) | cmp -s - "$tmp/cli.sum" &&
    grep -q '^maillint: 0 fixes applied in 0 files' "$tmp/cli.err"; then
	ok "cli: --fix on a clean tree changes nothing and exits 0"
else
	not_ok "cli: --fix on a clean tree: exit $rc, $(tail -1 "$tmp/cli.err")"
fi

# a config repo: file arguments relative to the current directory
rm -rf "$tmp/repo" && mkdir -p "$tmp/repo" && cp -R "$fixtures/tpl-main-j2-fires/etc/postfix" "$tmp/repo/postfix"
(cd "$tmp/repo" && "$MAILLINT" --diff postfix/main.cf.j2 postfix/master.cf >"$tmp/repo.diff" 2>/dev/null)
(cd "$tmp/repo" && "$MAILLINT" --fix postfix/main.cf.j2 postfix/master.cf >"$tmp/repo.out" 2>"$tmp/repo.err")
rc=$?
if [ $rc -eq 0 ] && grep -q '^+++ b/postfix/main.cf.j2$' "$tmp/repo.diff" &&
    grep -q '^smtpd_tls_mandatory_protocols = >=TLSv1.2$' "$tmp/repo/postfix/main.cf.j2" &&
    cmp -s "$tmp/repo/postfix/main.cf.j2.orig" "$fixtures/tpl-main-j2-fires/etc/postfix/main.cf.j2" &&
    grep -q '{{' "$tmp/repo/postfix/main.cf.j2"; then
	ok "cli: --fix in a config repo (relative paths, main.cf.j2 template kept a template) exits 0"
else
	not_ok "cli: --fix in a config repo: exit $rc: $(head -3 "$tmp/repo.err" | tr '\n' ' ')"
fi
# a second --fix has nothing left to do and keeps the first backup
(cd "$tmp/repo" && "$MAILLINT" --fix postfix/main.cf.j2 postfix/master.cf >/dev/null 2>"$tmp/repo.err")
rc=$?
if [ $rc -eq 0 ] && [ ! -e "$tmp/repo/postfix/main.cf.j2.orig.1" ] &&
    grep -q '^maillint: 0 fixes applied' "$tmp/repo.err"; then
	ok "cli: a second --fix changes nothing"
else
	not_ok "cli: a second --fix: exit $rc, $(tail -1 "$tmp/repo.err")"
fi

# syntax errors in the configuration (findings, exit 1): --fix changes nothing
rm -rf "$tmp/bad" && mkdir -p "$tmp/bad" && cp -R "$fixtures/pf-tls-002-fires/etc" "$tmp/bad/"
printf '!include /nonexistent.conf\n' >"$tmp/bad/etc/dovecot/dovecot.conf"
cp "$tmp/bad/etc/postfix/main.cf" "$tmp/bad.main"
"$MAILLINT" --root "$tmp/bad" --fix >/dev/null 2>"$tmp/bad.err"
rc=$?
if [ $rc -eq 1 ] && cmp -s "$tmp/bad.main" "$tmp/bad/etc/postfix/main.cf" &&
    [ ! -e "$tmp/bad/etc/postfix/main.cf.orig" ] && grep -q 'nothing changed' "$tmp/bad.err"; then
	ok "cli: --fix on a configuration with syntax errors changes nothing and exits 1"
else
	not_ok "cli: --fix with errors: exit $rc, $(head -2 "$tmp/bad.err" | tr '\n' ' ')"
fi

# a main.cf that is a symbolic link inside the root: the target is fixed
rm -rf "$tmp/ln" && mkdir -p "$tmp/ln/srv" && cp -R "$fixtures/pf-tls-002-fires/etc" "$tmp/ln/"
mv "$tmp/ln/etc/postfix/main.cf" "$tmp/ln/srv/main.cf" && ln -s /srv/main.cf "$tmp/ln/etc/postfix/main.cf"
"$MAILLINT" --root "$tmp/ln" --fix >/dev/null 2>"$tmp/ln.err"
rc=$?
if [ -L "$tmp/ln/etc/postfix/main.cf" ] && [ -f "$tmp/ln/srv/main.cf.orig" ] &&
    ! cmp -s "$tmp/ln/srv/main.cf" "$tmp/ln/srv/main.cf.orig" && [ $rc -le 1 ]; then
	ok "cli: --fix through a symlink replaces its target and keeps the link"
else
	not_ok "cli: --fix through a symlink: exit $rc, $(head -2 "$tmp/ln.err" | tr '\n' ' ')"
fi

finish
