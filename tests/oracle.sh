#!/bin/sh
# Oracle test: maillint's model must agree with the real parsers, once per
# generation of the tools:
#   debian12  the host's postconf and doveconf (Debian 12: Postfix 3.7,
#             Dovecot 2.3);
#   debian13  the Debian 13 root that `sh .ci/debian13` builds (Postfix
#             3.10, Dovecot 2.4), run through chroot on copies of the trees
#             under the root's /tmp (a chroot'ed tool sees only the root);
#             maillint reads the same copies with --root set to that root.
# Each generation compares under its own versions (--postfix-version and
# --dovecot-version are the tools' versions); a tree that the generation's
# tool rejects is skipped for that generation (2.3 configurations under
# doveconf 2.4, templates everywhere).
#   Postfix: `postconf -n` (explicit main.cf settings), `postconf -P`
#   (master.cf -o overrides) and `postconf -x NAMES` (effective, expanded
#   values) on every corpus set and fixture with a main.cf.
#   Dovecot: the effective global value of the TLS and auth keys on every
#   corpus set and fixture with a dovecot.conf that doveconf accepts
#   (2.3: `doveconf -h`; 2.4: `doveconf KEY...`, with the ssl_server_*
#   values taken from the `ssl_server { }` filter that 2.4 files them in).
# Values are compared with whitespace collapsed (postconf prints them so).
# Each generation ends with a line "# NAME (versions): N agree, N disagree,
# N not accepted" (checks, not trees).
#
# The Debian 13 root: $DEBIAN13_ROOT, else /var/cache/maillint/debian13
# (complete when .maillint-ready is there; chroot needs root). When
# DEBIAN13_ROOT is set (.ci/run sets it after building the root), a missing
# root is a failure; when it is not, that generation is skipped with a hint;
# DEBIAN13_ROOT=none skips it (CI's make distcheck: proven on the tree).
# Needs postconf, doveconf and jq; a missing tool is a failure in CI.
. "$(dirname "$0")/lib.sh"

POSTCONF=${POSTCONF:-$(command -v postconf || echo /usr/sbin/postconf)}
DOVECONF=${DOVECONF:-$(command -v doveconf || echo /usr/bin/doveconf)}
d13_given=${DEBIAN13_ROOT:+yes}
D13=${DEBIAN13_ROOT:-/var/cache/maillint/debian13}
tmp=$(mktemp -d)
gtmp=
trap 'rm -rf "$tmp"; [ -n "$gtmp" ] && rm -rf "$gtmp"' EXIT

need "$POSTCONF" "$DOVECONF" jq

PF_KEYS="compatibility_level inet_interfaces smtpd_tls_security_level
smtpd_use_tls smtpd_enforce_tls smtpd_tls_wrappermode smtpd_tls_auth_only
smtpd_tls_protocols smtpd_tls_mandatory_protocols smtpd_tls_ciphers
smtpd_tls_mandatory_ciphers smtpd_tls_cert_file smtpd_tls_key_file
smtpd_sasl_auth_enable smtpd_sasl_type smtpd_sasl_path
smtpd_sasl_security_options smtpd_relay_restrictions
smtpd_recipient_restrictions mynetworks_style smtp_tls_security_level
smtp_tls_protocols smtp_tls_mandatory_protocols lmtp_tls_protocols
lmtp_tls_mandatory_protocols tls_high_cipherlist tls_medium_cipherlist"
DC23_KEYS="protocols listen ssl ssl_min_protocol ssl_cipher_list
ssl_prefer_server_ciphers ssl_cert ssl_key disable_plaintext_auth
auth_mechanisms login_trusted_networks"
# Dovecot 2.4 names of the same settings. Where maillint's dump has no
# 2.4 name, its 2.3 counterpart is compared instead (see dovecot_case).
DC24_KEYS="protocols listen ssl ssl_min_protocol ssl_cipher_list
ssl_server_prefer_ciphers ssl_server_cert_file ssl_server_key_file
auth_allow_cleartext auth_mechanisms login_trusted_networks"

# The generation being run: CHROOT is its root ("" for the host), WORK the
# scratch folder the trees are copied to (inside CHROOT).
CHROOT= WORK=$tmp

# pc ARGS - the generation's postconf; dc ARGS - its doveconf
pc() {
	if [ -n "$CHROOT" ]; then chroot "$CHROOT" /usr/sbin/postconf "$@"
	else "$POSTCONF" "$@"; fi
}
dc() {
	if [ -n "$CHROOT" ]; then chroot "$CHROOT" /usr/bin/doveconf "$@"
	else "$DOVECONF" "$@"; fi
}
# ml ARGS - maillint, confined to the generation's root
ml() {
	if [ -n "$CHROOT" ]; then "$MAILLINT" --root "$CHROOT" "$@"
	else "$MAILLINT" "$@"; fi
}

# postfix_case NAME DIR - DIR holds main.cf (and maybe master.cf)
# Each tree is copied to its own folder (no rm -rf between cases), and
# maillint's dump is read by one jq run whose tagged lines one awk run
# files: a process costs milliseconds here, jq tens of them.
ncase=0
postfix_case() {
	ncase=$((ncase + 1))
	name=$1 src=$2 d="$WORK/pf$ncase"
	mkdir -p "$d"
	if [ -f "$src/master.cf" ]; then cp "$src/main.cf" "$src/master.cf" "$d/"
	else cp "$src/main.cf" "$d/main.cf"; : >"$d/master.cf"; fi
	# Postfix re-reads a main.cf changed within the last second until it
	# is older (300 ms naps, about 2 s): make the copies old.
	touch -t 200001010000 "$d/main.cf" "$d/master.cf"
	# the folder as the generation's tools (and maillint --root) see it
	td=${d#"$CHROOT"}
	if ! pc -c "$td" -n >"$tmp/pc.n" 2>"$tmp/pc.err"; then
		skip "$name: postconf $PF_VER rejects it ($(head -1 "$tmp/pc.err"))"
		return
	fi
	ml --postfix-dir "$td" --postfix-version "$PF_VER" --dump --format json >"$tmp/ml.json" 2>/dev/null
	# "ok" when the dump has a postfix model (jq -e .postfix), then the
	# main.cf settings (n), the master.cf overrides (P) and the
	# effective values (x), every line of a value tagged
	jq -r 'def tag(t): split("\n") | map(t + " " + .) | join("\n");
	    if .postfix then "ok",
	    (.postfix.main[] | "\(.name) = \(.value)" | tag("n")),
	    (.postfix.services[] | .service as $s | .type as $t |
		.overrides[] | "\($s)/\($t)/\(.name) = \(.value)" | tag("P")),
	    (.postfix.effective[] | "\(.name) = \(.value)" | tag("x"))
	    else empty end' <"$tmp/ml.json" 2>/dev/null |
	    collapse | awk -v d="$tmp" '
		BEGIN { for (i = split("ok n.raw P.raw x.raw", F, " "); i > 0; i--)
			printf "" >(d "/got." F[i]) }
		$0 == "ok" { print "" >(d "/got.ok"); next }
		{ t = substr($0, 1, 1); v = length($0) > 2 ? substr($0, 3) : ""
		  print v >(d "/got." t ".raw") }'
	if [ ! -s "$tmp/got.ok" ]; then
		not_ok "$name: maillint --dump gave no postfix model"
		return
	fi
	grep -v '^config_directory = ' "$tmp/pc.n" | collapse | sort -u >"$tmp/want.n"
	sort -u "$tmp/got.n.raw" >"$tmp/got.n"
	# postconf -n hides user-defined parameters nothing uses: an extra
	# line of ours is fine only when postconf does not know the name
	# (one postconf -d for all of them: it prints the known ones).
	comm -23 "$tmp/want.n" "$tmp/got.n" >"$tmp/missing"
	comm -13 "$tmp/want.n" "$tmp/got.n" | sed 's/ = .*//' >"$tmp/extra.names"
	if [ -s "$tmp/extra.names" ]; then
		# shellcheck disable=SC2046
		pc -c "$td" -d $(cat "$tmp/extra.names") 2>/dev/null |
		    sed 's/ = .*//' | grep -x -F -f - "$tmp/extra.names" >"$tmp/extra"
	else
		: >"$tmp/extra"
	fi
	if [ -s "$tmp/missing" ] || [ -s "$tmp/extra" ]; then
		not_ok "$name: main.cf settings differ from postconf -n"
		sed 's/^/  postconf only: /' "$tmp/missing"
		sed 's/^/  maillint only (known parameter): /' "$tmp/extra"
	else
		ok "$name: postconf -n"
	fi
	pc -c "$td" -P 2>/dev/null | collapse | sort -u >"$tmp/want.P"
	# postconf -P shows the last value per name: drop our earlier ones.
	sort -u "$tmp/got.P.raw" | awk -F' = ' '{ v[$1] = $0 } END { for (k in v) print v[k] }' |
	    sort -u >"$tmp/got.P2"
	if diff -u "$tmp/want.P" "$tmp/got.P2" >"$tmp/diff"; then
		ok "$name: postconf -P"
	else
		not_ok "$name: master.cf overrides differ from postconf -P"
		sed 's/^/  /' "$tmp/diff"
	fi
	# One postconf call for every key: "name = value" lines.
	# shellcheck disable=SC2086
	pc -c "$td" -x $PF_KEYS 2>/dev/null | collapse >"$tmp/want.x"
	# Every key compared in one awk run (a process per key made this
	# test spend minutes starting processes).
	awk -v keys="$PF_KEYS" '
	    function val(line, k) { sub("^" k " = ?", "", line); return line }
	    FNR == NR { k = $1; W[k] = val($0, k); next }
	    { k = $1; G[k] = val($0, k) }
	    END {
		n = split(keys, K, /[ \t\n]+/)
		for (i = 1; i <= n; i++)
			if (K[i] != "" && W[K[i]] != G[K[i]])
				printf "  %s: postconf -x \"%s\", maillint \"%s\"\n",
				    K[i], W[K[i]], G[K[i]]
	    }' "$tmp/want.x" "$tmp/got.x.raw" >"$tmp/xdiff"
	known "$name" "$tmp/xdiff"
	if [ -s "$tmp/xdiff" ]; then
		not_ok "$name: effective values differ from postconf -x"
		cat "$tmp/xdiff"
	else
		ok "$name: effective values (postconf -x)"
	fi
}

# dc_want CONF - "key<TAB>value" for every key of DC_KEYS, from the
# generation's doveconf (CONF as the tool sees it)
dc_want() {
	case $DC_VER in
	2.[0-3]*)
		# One call: -h prints the values of all keys, in order.
		# shellcheck disable=SC2086
		dc -c "$1" -h $DC_KEYS 2>/dev/null | collapse |
		    awk -v keys="$DC_KEYS" 'BEGIN { n = split(keys, K, /[ \t\n]+/); j = 0 }
			{ do j++; while (K[j] == "" && j < n); printf "%s\t%s\n", K[j], $0 }'
		;;
	*)
		# 2.4 refuses -h when a name also exists inside filters; its
		# "name = value" lines give the global values, a boolean list
		# (protocols) comes as "name { item = yes ... }", and it files
		# ssl_server_NAME under "ssl_server { NAME }", which -n shows.
		# shellcheck disable=SC2086
		{ dc -c "$1" $DC_KEYS 2>/dev/null; echo
		  awk '
			/^[^#].* \{$/ { depth++; if (depth == 1) sec = $1; next }
			/^ *\}$/ { depth--; next }
			depth == 1 && sec == "ssl_server" && / = / {
				sub(/^ +/, ""); print "ssl_server_" $0 }' "$tmp/dc.n"
		} | awk '
			/^[^ ].* \{$/ { list = $1; V[list] = ""; next }
			list != "" && /^ *\}$/ { list = ""; next }
			list != "" { if ($3 == "yes") V[list] = V[list] (V[list] == "" ? "" : " ") $1; next }
			/ = / { k = $1; sub(/^[^=]* = ?/, ""); V[k] = $0 }
			END { for (k in V) printf "%s\t%s\n", k, V[k] }'
		;;
	esac
}

# dovecot_case NAME FILE - FILE is the tree's dovecot.conf; its folder is
# copied (includes relative to it come along)
dovecot_case() {
	ncase=$((ncase + 1))
	name=$1 src=${2%/*} d="$WORK/dc$ncase"
	cp -R "$src/." "$d"
	conf=${d#"$CHROOT"}/${2##*/}
	# -n's output is kept: dc_want reads it on 2.4
	if ! dc -c "$conf" -n >"$tmp/dc.n" 2>"$tmp/dc.err"; then
		skip "$name: doveconf $DC_VER rejects it ($(grep -a -m1 -i 'error\|fatal' "$tmp/dc.err"))"
		return
	fi
	ml --dovecot-conf "$conf" --dovecot-version "$DC_VER" --dump --format json >"$tmp/ml.json" 2>/dev/null
	dc_want "$conf" >"$tmp/want.h"
	jq -r '.dovecot.effective[] | "\(.name)\t\(.value)"' <"$tmp/ml.json" >"$tmp/got.h"
	# A 2.4 name that maillint's dump lacks is compared with its 2.3
	# counterpart, translated; a key neither has is "not modelled".
	awk -F'\t' -v keys="$DC_KEYS" -v v24="$(case $DC_VER in 2.[0-3]*) echo 0 ;; *) echo 1 ;; esac)" '
	    function squeeze(v) {
		gsub(/[ \t]+/, " ", v); sub(/^ /, "", v); sub(/ $/, "", v); return v }
	    # 2.4 prints list settings blank-separated, 2.3 as written
	    function norm(k, v) {
		if (v24 && k ~ /^(listen|protocols|auth_mechanisms|login_trusted_networks)$/)
			gsub(/,/, " ", v)
		return squeeze(v)
	    }
	    FNR == NR { W[$1] = substr($0, length($1) + 2); next }
	    { G[$1] = substr($0, length($1) + 2); H[$1] = 1 }
	    END {
		old["ssl_server_cert_file"] = "ssl_cert"
		old["ssl_server_key_file"] = "ssl_key"
		old["ssl_server_prefer_ciphers"] = "ssl_prefer_server_ciphers"
		old["auth_allow_cleartext"] = "disable_plaintext_auth"
		n = split(keys, K, /[ \t\n]+/)
		for (i = 1; i <= n; i++) {
			k = K[i]
			if (k == "") continue
			if (H[k]) { g = G[k]; via = "" }
			else if ((k in old) && H[old[k]]) {
				g = G[old[k]]; via = " (as " old[k] ")"
				if (k == "ssl_server_prefer_ciphers")
					g = g == "yes" ? "server" : g == "no" ? "client" : g
				if (k == "auth_allow_cleartext")
					g = g == "yes" ? "no" : g == "no" ? "yes" : g
			} else { print "NM\t" k; continue }
			if (norm(k, W[k]) != norm(k, g))
				printf "  %s: doveconf \"%s\", maillint%s \"%s\"\n",
				    k, norm(k, W[k]), via, norm(k, g)
		}
	    }' "$tmp/want.h" "$tmp/got.h" >"$tmp/hdiff"
	grep '^NM	' "$tmp/hdiff" | cut -f2 >"$tmp/notmod"
	grep -v '^NM	' "$tmp/hdiff" >"$tmp/hdiff2"
	if [ -s "$tmp/notmod" ]; then
		skip "$name: maillint's Dovecot $DC_VER model has no $(tr '\n' ' ' <"$tmp/notmod")(not compared)"
	fi
	known "$name" "$tmp/hdiff2"
	if [ -s "$tmp/hdiff2" ]; then
		not_ok "$name: effective values differ from doveconf $DC_VER"
		cat "$tmp/hdiff2"
	else
		ok "$name: doveconf $DC_VER ($(echo $DC_KEYS | wc -w) keys)"
	fi
}

# run_trees GEN - every corpus set and fixture, under generation GEN
run_trees() {
	p0=$t_pass f0=$t_fail s0=$t_skip
	echo "# $1: Postfix $PF_VER, Dovecot $DC_VER${CHROOT:+ (chroot $CHROOT)}"
	if have_corpus; then
		for set in "$CORPUS"/*/; do
			set=${set%/}
			n=${set##*/}
			[ -f "$set/postfix/main.cf" ] && postfix_case "$1 corpus/$n" "$set/postfix"
			[ -f "$set/dovecot/dovecot.conf" ] && dovecot_case "$1 corpus/$n" "$set/dovecot/dovecot.conf"
		done
	else
		skip "$(corpus_hint)"
	fi
	for dir in "$top_srcdir"/fixtures/*/ "$top_srcdir"/contrib/demo/; do
		dir=${dir%/}
		n=${dir##*/}
		# Hostile regression trees are for tests/hostile.sh: doveconf and
		# postconf have no limits of their own on them.
		case $n in hostile-*) continue ;; esac
		[ -f "$dir/etc/postfix/main.cf" ] && postfix_case "$1 fixture/$n" "$dir/etc/postfix"
		[ -f "$dir/etc/dovecot/dovecot.conf" ] && dovecot_case "$1 fixture/$n" "$dir/etc/dovecot/dovecot.conf"
	done
	echo "# $1: $((t_pass - p0)) agree, $((t_fail - f0)) disagree, $((t_skip - s0)) not accepted or not compared, $(grep -c "^$1 " "$tmp/known.hit") known" |
	    tee -a "$tmp/gens"
}

# set_versions - PF_VER, DC_VER and DC_KEYS of the generation's tools
set_versions() {
	PF_VER=$(pc -dh mail_version 2>/dev/null)
	DC_VER=$(dc -d 2>/dev/null | sed -n '1s/^# \([0-9.]*\).*/\1/p')
	case $DC_VER in
	2.[0-3]*) DC_KEYS=$DC23_KEYS ;;
	*) DC_KEYS=$DC24_KEYS ;;
	esac
}

# known NAME FILE - split the "  KEY: ..." lines of FILE: the disagreements
# that tests/oracle.known lists for NAME are printed as known (and noted in
# $tmp/known.hit); the others stay in FILE
known() {
	[ -s "$2" ] || return 0
	: >"$2.rest"
	while IFS= read -r line; do
		k=${line#  }; k=${k%%:*}
		if grep -q -x -F "$1 $k" "$tmp/known.list"; then
			echo "$1 $k" >>"$tmp/known.hit"
			echo "  known (tests/oracle.known) $k:${line#  "$k":}"
		else
			echo "$line" >>"$2.rest"
		fi
	done <"$2"
	mv "$2.rest" "$2"
}
# Disagreements that are known and owned elsewhere: "GENERATION TREE KEY"
# lines (comments and blank lines ignored). Each must still disagree:
# an entry that agrees again fails, so that it is removed.
grep -v '^[[:space:]]*\(#\|$\)' "$top_srcdir/tests/oracle.known" 2>/dev/null |
    sed 's/[[:space:]]*#.*//' | sort -u >"$tmp/known.list"
: >"$tmp/known.hit"

# The two generations run side by side (debian13 in a subshell with its
# own scratch folder and counts, printed after debian12's).
# -------------------------------------------- debian13: the chroot'ed root
d13_hint="the Debian 13 root is built by \`sh .ci/debian13\` (as root)"
d13_run=no
if [ "${DEBIAN13_ROOT:-}" = none ]; then
	skip "debian13: not run (DEBIAN13_ROOT=none)"
elif [ ! -f "$D13/.maillint-ready" ]; then
	if [ -n "$d13_given" ]; then
		not_ok "debian13: no finished root at DEBIAN13_ROOT=$D13; $d13_hint"
	else
		skip "debian13: no root at $D13: $d13_hint, or set DEBIAN13_ROOT"
	fi
elif [ "$(id -u)" -ne 0 ]; then
	if [ -n "$d13_given" ]; then
		not_ok "debian13: chroot into $D13 needs root"
	else
		skip "debian13: chroot into $D13 needs root"
	fi
elif ! gtmp=$(mktemp -d "$D13/tmp/maillint-oracle.XXXXXX"); then
	not_ok "debian13: cannot make a scratch folder under $D13/tmp"
else
	d13_run=yes
	mkdir "$tmp/g13"
	cp "$tmp/known.list" "$tmp/g13/"
	(
		tmp=$tmp/g13 t_pass=0 t_fail=0 t_skip=0
		: >"$tmp/known.hit"
		CHROOT=$D13 WORK=$gtmp
		set_versions
		if [ -z "$PF_VER" ] || [ -z "$DC_VER" ]; then
			not_ok "debian13: postconf or doveconf does not run in $D13 ($d13_hint)"
		else
			run_trees debian13
		fi
		echo "$t_pass $t_fail $t_skip" >"$tmp/counts"
	) >"$tmp/g13.out" 2>&1 &
	d13_pid=$!
fi

# ------------------------------------------------------ debian12: the host
CHROOT= WORK=$tmp
set_versions
run_trees debian12

if [ "$d13_run" = yes ]; then
	wait "$d13_pid"
	cat "$tmp/g13.out"
	if read -r p f k <"$tmp/g13/counts"; then
		t_pass=$((t_pass + p)) t_fail=$((t_fail + f)) t_skip=$((t_skip + k))
	else
		not_ok "debian13: the generation's run ended early"
	fi
	cat "$tmp/g13/known.hit" >>"$tmp/known.hit"
	cat "$tmp/g13/gens" >>"$tmp/gens" 2>/dev/null
fi
# Known entries of the generations that ran must still disagree.
sort -u "$tmp/known.hit" -o "$tmp/known.hit"
for g in $(sed 's/^# \([a-z0-9]*\): .*/\1/' "$tmp/gens" 2>/dev/null); do
	grep "^$g " "$tmp/known.list" | comm -23 - "$tmp/known.hit"
done >"$tmp/stale"
while read -r entry; do
	not_ok "tests/oracle.known: \"$entry\" agrees now (or the tree is gone): remove it"
done <"$tmp/stale"
finish
