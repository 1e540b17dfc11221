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

# A process costs milliseconds here (jq tens of them, doveconf a hundred):
# a generation runs only the tools' own calls per tree, and batches the
# rest. Its steps, all in WORK:
#   cases        one line per check to make, in report order:
#                "N<TAB>KIND<TAB>BASE<TAB>DIR<TAB>NAME", KIND pf (DIR holds
#                main.cf) or dc (DIR is the dovecot.conf), DIR relative to
#                BASE (src: the source tree, corpus: $CORPUS)
#   KIND/BASE/DIR  the copies (cp --parents: one cp per kind and base):
#                main.cf and master.cf (empty when the tree has none, both
#                dated back), the dovecot.conf's whole folder
#   out/N.*      what the tools print (TOOLS, one shell inside the root),
#                out/N.KIND.json maillint's dump (run on the host)
# Then one jq run reads every dump, and one awk run (REPORT) compares and
# prints the results.

# TOOLS CASES W POSTCONF DOVECONF PF_KEYS DC_KEYS H - sh -c script, run in
# the generation's root (paths as the tools see them): the tools' calls
# for every line of CASES, output to W/out/N.*. pf: postconf -n (N.n,
# N.err; N.rej when it fails), -P (N.P) and -x PF_KEYS (N.x); dc:
# doveconf -n (N.n, N.err, N.rej), then doveconf H DC_KEYS (N.h; H is -h
# on 2.3); pd (a list of names in the last field): postconf -d NAMES
# (N.d). The Postfix and the Dovecot calls run side by side (a rejected
# main.cf costs postconf a second's sleep).
# shellcheck disable=SC2016
TOOLS='
cases=$1 w=$2 pc=$3 dc=$4 pfkeys=$5 dckeys=$6 h=$7
set -f
postfix_tools() {
	while IFS="	" read -r n k b d rest; do
		o=$w/out/$n d=$w/pf/$b/$d
		case $k in
		pf)
			if "$pc" -c "$d" -n >"$o.n" 2>"$o.err"; then
				"$pc" -c "$d" -P >"$o.P" 2>/dev/null
				"$pc" -c "$d" -x $pfkeys >"$o.x" 2>/dev/null
			else
				: >"$o.rej"
			fi ;;
		pd)
			"$pc" -c "$d" -d $rest >"$o.d" 2>/dev/null ;;
		esac
	done <"$cases"
}
dovecot_tools() {
	while IFS="	" read -r n k b d rest; do
		[ "$k" = dc ] || continue
		o=$w/out/$n d=$w/dc/$b/$d
		if "$dc" -c "$d" -n >"$o.n" 2>"$o.err"; then
			"$dc" -c "$d" $h $dckeys >"$o.h" 2>/dev/null
		else
			: >"$o.rej"
		fi
	done <"$cases"
}
postfix_tools & dovecot_tools
wait
'

# tools CASES - TOOLS over CASES (a file in WORK) in the generation's root
tools() {
	h=
	case $DC_VER in 2.[0-3]*) h=-h ;; esac
	if [ -n "$CHROOT" ]; then
		chroot "$CHROOT" /bin/sh -c "$TOOLS" tools "${1#"$CHROOT"}" \
		    "${WORK#"$CHROOT"}" /usr/sbin/postconf /usr/bin/doveconf \
		    "$PF_KEYS" "$DC_KEYS" "$h"
	else
		sh -c "$TOOLS" tools "$1" "$WORK" "$POSTCONF" "$DOVECONF" \
		    "$PF_KEYS" "$DC_KEYS" "$h"
	fi
}

# list_trees GEN - WORK/cases: every corpus set and fixture of the run
list_trees() {
	ncase=0
	{
		if [ "$corpus" = yes ]; then
			for set in "$CORPUS"/*/; do
				set=${set%/}
				n=${set##*/}
				[ -f "$set/postfix/main.cf" ] && ncase=$((ncase + 1)) &&
				    printf '%s\tpf\tcorpus\t%s\t%s\n' $ncase "$n/postfix" "$1 corpus/$n"
				[ -f "$set/dovecot/dovecot.conf" ] && ncase=$((ncase + 1)) &&
				    printf '%s\tdc\tcorpus\t%s\t%s\n' $ncase "$n/dovecot/dovecot.conf" "$1 corpus/$n"
			done
		fi
		for dir in "$top_srcdir"/fixtures/*/ "$top_srcdir"/contrib/demo/; do
			dir=${dir%/}
			n=${dir##*/}
			rel=${dir#"$top_srcdir"/}
			# Hostile regression trees are for tests/hostile.sh: doveconf
			# and postconf have no limits of their own on them.
			case $n in hostile-*) continue ;; esac
			[ -f "$dir/etc/postfix/main.cf" ] && ncase=$((ncase + 1)) &&
			    printf '%s\tpf\tsrc\t%s\t%s\n' $ncase "$rel/etc/postfix" "$1 fixture/$n"
			[ -f "$dir/etc/dovecot/dovecot.conf" ] && ncase=$((ncase + 1)) &&
			    printf '%s\tdc\tsrc\t%s\t%s\n' $ncase "$rel/etc/dovecot/dovecot.conf" "$1 fixture/$n"
		done
	} >"$WORK/cases"
}

# copy_trees - the copies of WORK/cases (see above)
copy_trees() {
	for kind in pf dc; do
		for base in src corpus; do
			from=$top_srcdir
			[ $base = corpus ] && from=$CORPUS
			set --
			while IFS='	' read -r n k b d _; do
				[ "$k $b" = "$kind $base" ] || continue
				if [ "$k" = dc ]; then
					set -- "$@" "${d%/*}"
				elif [ -f "$from/$d/master.cf" ]; then
					set -- "$@" "$d/main.cf" "$d/master.cf"
				else
					set -- "$@" "$d/main.cf"
				fi
			done <"$WORK/cases"
			[ $# -gt 0 ] || continue
			mkdir -p "$WORK/$kind/$base"
			(cd "$from" && cp -R --parents -- "$@" "$WORK/$kind/$base/")
		done
	done
	# Postfix re-reads a main.cf changed within the last second until it
	# is older (300 ms naps, about 2 s): make the copies old.
	set --
	while IFS='	' read -r n k b d _; do
		[ "$k" = pf ] || continue
		[ -f "$WORK/pf/$b/$d/master.cf" ] || : >"$WORK/pf/$b/$d/master.cf"
		set -- "$@" "$WORK/pf/$b/$d/main.cf" "$WORK/pf/$b/$d/master.cf"
	done <"$WORK/cases"
	[ $# -eq 0 ] || touch -t 200001010000 "$@"
}

# dumps - maillint's dump of every tree its tool accepted, read by one jq
# run: "N ok" when a Postfix dump has a postfix model (jq -e .postfix),
# then its main.cf settings (n), master.cf overrides (P) and effective
# values (x), every line of a value tagged ("N n LINE"); of a Dovecot dump
# the effective values ("N h NAME<TAB>VALUE")
# shellcheck disable=SC2016
DUMPS='def tag(t): split("\n") | map(t + " " + .) | join("\n");
    (input_filename | split(".")) as [$n, $kind] |
    (try (if $kind == "pf" then
	if .postfix then "ok",
	    (.postfix.main[] | "\(.name) = \(.value)" | tag("n")),
	    (.postfix.services[] | .service as $s | .type as $t |
		.overrides[] | "\($s)/\($t)/\(.name) = \(.value)" | tag("P")),
	    (.postfix.effective[] | "\(.name) = \(.value)" | tag("x"))
	else empty end
    else .dovecot.effective[] | "\(.name)\t\(.value)" | tag("h") end)
    catch empty) | split("\n")[] | "\($n) \(.)"'
dumps() {
	while IFS='	' read -r n k b d _; do
		[ -e "$WORK/out/$n.rej" ] && continue
		# the folder as the generation's tools (and maillint --root) see it
		td=${WORK#"$CHROOT"}/$k/$b/$d
		if [ "$k" = pf ]; then
			ml --postfix-dir "$td" --postfix-version "$PF_VER" --dump --format json
		else
			ml --dovecot-conf "$td" --dovecot-version "$DC_VER" --dump --format json
		fi >"$WORK/out/$n.$k.json" 2>/dev/null
	done <"$WORK/cases"
	# A dump that is not JSON stops jq: then one run per dump, so
	# that only its own case gets no lines.
	: >"$tmp/dumps"
	(
		cd "$WORK/out" || exit
		set -- *.json
		[ -e "$1" ] || exit 0
		jq -r "$DUMPS" "$@" >"$tmp/dumps" 2>/dev/null ||
		    for f do jq -r "$DUMPS" "$f" 2>/dev/null; done >"$tmp/dumps"
	)
}

# REPORT - awk over WORK/cases, the dumps' lines and the tools' output:
# prints every case's results (ok/not ok/skip lines, indented details),
# notes known disagreements in $tmp/known.hit, the counts ("P F S") in
# $tmp/counts. With pass=extras it prints instead the cases whose dump
# has main.cf settings that postconf -n lacks, as TOOLS lines "N pd BASE
# DIR NAMES" asking postconf -d about the names (postconf -n hides
# user-defined parameters that nothing uses: an extra line of ours is fine
# only when postconf does not know the name).
# Values are compared with blanks collapsed (postconf prints them so).
# shellcheck disable=SC2016
REPORT='
function squeeze(v) { gsub(/[[:space:]]+/, " ", v); sub(/^ /, "", v); sub(/ $/, "", v); return v }
function readlines(f, A,   n, l) {
	split("", A); n = 0
	while ((getline l <f) > 0) A[++n] = l
	close(f)
	return n
}
function exists(f,   l, r) { r = (getline l <f) >= 0; close(f); return r }
function isort(A, n,   i, j, t) {
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && A[j] < A[j - 1]; j--) { t = A[j]; A[j] = A[j - 1]; A[j - 1] = t }
}
# keys LIST A - the blank-separated words of LIST: A[1..n]
function keys(list, A,   W, n, i, c) {
	n = split(list, W, /[ \t\n]+/); c = 0
	for (i = 1; i <= n; i++) if (W[i] != "") A[++c] = W[i]
	return c
}
function ok(m) { P++; print "ok - " m }
function not_ok(m) { F++; print "not ok - " m }
function skip(m) { S++; print "skip - " m }
# the value of "KEY = VALUE" (KEY = ? removed)
function val(line, k,   p) {
	p = k " ="
	if (substr(line, 1, length(p)) != p) return line
	line = substr(line, length(p) + 1)
	return substr(line, 1, 1) == " " ? substr(line, 2) : line
}
# known NAME - of the "  KEY: ..." lines D[1..nd], the disagreements that
# tests/oracle.known lists for NAME are printed as known (and noted); the
# others stay
function known(name,   i, k, m, rest) {
	m = 0
	for (i = 1; i <= nd; i++) {
		k = substr(D[i], 3); sub(/:.*/, "", k)
		if ((name " " k) in KNOWN) {
			print name " " k >>hitfile
			print "  known (tests/oracle.known) " k ":" substr(D[i], length(k) + 4)
		} else
			D[++m] = D[i]
	}
	nd = m
}
# the got lines of case n, tag t: G[1..]
function got(n, t, G,   i, c) {
	split("", G); c = 0
	for (i = 1; i <= NG[n]; i++)
		if (GT[n, i] == t) G[++c] = GV[n, i]
	return c
}
function postfix_case(n, b, d, name,   o, L, G, W, X, nl, ng, i, v, nm, ne, M, E, p, k, same) {
	o = out "/" n
	if (exists(o ".rej")) {
		readlines(o ".err", L)
		if (pass == "report")
			skip(name ": postconf " pfver " rejects it (" L[1] ")")
		return
	}
	if (!(n in OK)) {
		if (pass == "report")
			not_ok(name ": maillint --dump gave no postfix model")
		return
	}
	# main.cf settings: postconf -n (less config_directory) against ours
	nl = readlines(o ".n", L)
	split("", W)
	for (i = 1; i <= nl; i++)
		if (L[i] !~ /^config_directory = /) W[squeeze(L[i])] = 1
	ng = got(n, "n", G)
	split("", X)
	for (i = 1; i <= ng; i++) X[G[i]] = 1
	nm = ne = 0
	for (v in W) if (!(v in X)) M[++nm] = v
	for (v in X) if (!(v in W)) { E[++ne] = v }
	isort(M, nm); isort(E, ne)
	for (i = 1; i <= ne; i++) sub(/ = .*/, "", E[i])
	if (pass == "extras") {
		if (ne) {
			printf "%s\tpd\t%s\t%s\t", n, b, d
			for (i = 1; i <= ne; i++) printf "%s%s", E[i], i < ne ? " " : "\n"
		}
		return
	}
	# the extra names that postconf -d knows
	if (ne) {
		nl = readlines(o ".d", L)
		split("", X)
		for (i = 1; i <= nl; i++) { v = L[i]; sub(/ = .*/, "", v); X[v] = 1 }
		p = 0
		for (i = 1; i <= ne; i++) if (E[i] in X) E[++p] = E[i]
		ne = p
	}
	if (nm || ne) {
		not_ok(name ": main.cf settings differ from postconf -n")
		for (i = 1; i <= nm; i++) print "  postconf only: " M[i]
		for (i = 1; i <= ne; i++) print "  maillint only (known parameter): " E[i]
	} else
		ok(name ": postconf -n")
	# master.cf overrides: postconf -P shows the last value per name,
	# ours are reduced so (the last in sorted order)
	nl = readlines(o ".P", L)
	split("", W)
	for (i = 1; i <= nl; i++) W[squeeze(L[i])] = 1
	ng = got(n, "P", G)
	split("", X)
	for (i = 1; i <= ng; i++) {
		k = G[i]; sub(/ = .*/, "", k)
		if (!(k in X) || X[k] < G[i]) X[k] = G[i]
	}
	split("", E); ne = 0
	for (k in X) if (!(X[k] in E)) { E[X[k]] = 1; ne++ }
	same = 1
	for (v in W) { ne--; if (!(v in E)) same = 0 }
	if (same && ne == 0)
		ok(name ": postconf -P")
	else {
		not_ok(name ": master.cf overrides differ from postconf -P")
		nm = 0; for (v in W) M[++nm] = v
		isort(M, nm)
		printf "" >(tmp "/want.P")
		for (i = 1; i <= nm; i++) print M[i] >(tmp "/want.P")
		close(tmp "/want.P")
		nm = 0; for (v in E) M[++nm] = v
		isort(M, nm)
		printf "" >(tmp "/got.P")
		for (i = 1; i <= nm; i++) print M[i] >(tmp "/got.P")
		close(tmp "/got.P")
		fflush()
		system("diff -u \"" tmp "/want.P\" \"" tmp "/got.P\" | sed \"s/^/  /\"")
	}
	# effective values: postconf -x against ours, key by key
	nl = readlines(o ".x", L)
	split("", W)
	for (i = 1; i <= nl; i++) { v = squeeze(L[i]); k = v; sub(/ .*/, "", k); W[k] = val(v, k) }
	ng = got(n, "x", G)
	split("", X)
	for (i = 1; i <= ng; i++) { k = G[i]; sub(/ .*/, "", k); X[k] = val(G[i], k) }
	nd = 0
	for (i = 1; i <= npk; i++)
		if (W[PK[i]] != X[PK[i]])
			D[++nd] = sprintf("  %s: postconf -x \"%s\", maillint \"%s\"", PK[i], W[PK[i]], X[PK[i]])
	known(name)
	if (nd) {
		not_ok(name ": effective values differ from postconf -x")
		for (i = 1; i <= nd; i++) print D[i]
	} else
		ok(name ": effective values (postconf -x)")
}
# dovecot_want o - W: the value of every key of DC_KEYS from the tools
# output; 2.3: doveconf -h printed the values in order; 2.4: its
# "name = value" lines give the global values, a boolean list (protocols)
# comes as "name { item = yes ... }", and it files ssl_server_NAME under
# "ssl_server { NAME }", which -n shows
function dovecot_want(o, W,   L, f, nl, i, l, list, depth, sec, k) {
	split("", W)
	nl = readlines(o ".h", L)
	if (!v24) {
		for (i = 1; i <= nl && i <= ndk; i++) W[DK[i]] = squeeze(L[i])
		return
	}
	depth = 0
	while ((getline l <(o ".n")) > 0) {
		if (l ~ /^[^#].* \{$/) { depth++; if (depth == 1) { split(l, f, " "); sec = f[1] } continue }
		if (l ~ /^ *\}$/) { depth--; continue }
		if (depth == 1 && sec == "ssl_server" && l ~ / = /) { sub(/^ +/, "", l); L[++nl] = "ssl_server_" l }
	}
	close(o ".n")
	list = ""
	for (i = 1; i <= nl; i++) {
		l = L[i]
		split(l, f, " ")
		if (l ~ /^[^ ].* \{$/) { list = f[1]; W[list] = ""; continue }
		if (list != "" && l ~ /^ *\}$/) { list = ""; continue }
		if (list != "") { if (f[3] == "yes") W[list] = W[list] (W[list] == "" ? "" : " ") f[1]; continue }
		if (l ~ / = /) { k = f[1]; sub(/^[^=]* = ?/, "", l); W[k] = l }
	}
}
# 2.4 prints list settings blank-separated, 2.3 as written
function norm(k, v) {
	if (v24 && k ~ /^(listen|protocols|auth_mechanisms|login_trusted_networks)$/)
		gsub(/,/, " ", v)
	gsub(/[ \t]+/, " ", v); sub(/^ /, "", v); sub(/ $/, "", v)
	return v
}
function dovecot_case(n, name,   o, L, W, G, H, nl, ng, i, k, g, via, nm) {
	o = out "/" n
	if (exists(o ".rej")) {
		nl = readlines(o ".err", L)
		for (i = 1; i <= nl; i++) if (tolower(L[i]) ~ /error|fatal/) break
		skip(name ": doveconf " dcver " rejects it (" (i <= nl ? L[i] : "") ")")
		return
	}
	dovecot_want(o, W)
	ng = got(n, "h", L)
	split("", G); split("", H)
	for (i = 1; i <= ng; i++) {
		k = L[i]; sub(/\t.*/, "", k)
		G[k] = substr(L[i], length(k) + 2); H[k] = 1
	}
	# A 2.4 name that the dump lacks is compared with its 2.3
	# counterpart, translated; a key neither has is "not modelled".
	nd = 0; nm = ""
	for (i = 1; i <= ndk; i++) {
		k = DK[i]
		if (k in H) { g = G[k]; via = "" }
		else if ((k in OLD) && (OLD[k] in H)) {
			g = G[OLD[k]]; via = " (as " OLD[k] ")"
			if (k == "ssl_server_prefer_ciphers")
				g = g == "yes" ? "server" : g == "no" ? "client" : g
			if (k == "auth_allow_cleartext")
				g = g == "yes" ? "no" : g == "no" ? "yes" : g
		} else { nm = nm k " "; continue }
		if (norm(k, W[k]) != norm(k, g))
			D[++nd] = sprintf("  %s: doveconf \"%s\", maillint%s \"%s\"", k, norm(k, W[k]), via, norm(k, g))
	}
	if (nm != "")
		skip(name ": maillint'\''s Dovecot " dcver " model has no " nm "(not compared)")
	known(name)
	if (nd) {
		not_ok(name ": effective values differ from doveconf " dcver)
		for (i = 1; i <= nd; i++) print D[i]
	} else
		ok(name ": doveconf " dcver " (" ndk " keys)")
}
BEGIN {
	FS = "\t"
	npk = keys(pfkeys, PK)
	ndk = keys(dckeys, DK)
	v24 = dcver !~ /^2\.[0-3]/
	OLD["ssl_server_cert_file"] = "ssl_cert"
	OLD["ssl_server_key_file"] = "ssl_key"
	OLD["ssl_server_prefer_ciphers"] = "ssl_prefer_server_ciphers"
	OLD["auth_allow_cleartext"] = "disable_plaintext_auth"
	while ((getline l <(tmp "/known.list")) > 0) KNOWN[l] = 1
	# the dumps lines: "N TAG LINE"
	while ((getline l <(tmp "/dumps")) > 0) {
		p = index(l, " "); n = substr(l, 1, p - 1); l = substr(l, p + 1)
		if (l ~ /^h /) { NG[n]++; GT[n, NG[n]] = "h"; GV[n, NG[n]] = substr(l, 3); continue }
		l = squeeze(l)
		if (l == "ok") { OK[n] = 1; continue }
		NG[n]++; GT[n, NG[n]] = substr(l, 1, 1); GV[n, NG[n]] = length(l) > 2 ? substr(l, 3) : ""
	}
	while ((getline l <(work "/cases")) > 0) {
		split(l, f, "\t")
		if (f[2] == "pf") postfix_case(f[1], f[3], f[4], f[5])
		else if (pass == "report") dovecot_case(f[1], f[5])
	}
	if (pass == "report") print P + 0, F + 0, S + 0 >(tmp "/counts")
}'

# report PASS - REPORT's pass over the generation's cases
report() {
	awk -v pass="$1" -v work="$WORK" -v out="$WORK/out" -v tmp="$tmp" \
	    -v hitfile="$tmp/known.hit" -v pfver="$PF_VER" -v dcver="$DC_VER" \
	    -v pfkeys="$PF_KEYS" -v dckeys="$DC_KEYS" "$REPORT"
}

# run_trees GEN - every corpus set and fixture, under generation GEN
run_trees() {
	p0=$t_pass f0=$t_fail s0=$t_skip
	echo "# $1: Postfix $PF_VER, Dovecot $DC_VER${CHROOT:+ (chroot $CHROOT)}"
	corpus=no
	if have_corpus; then corpus=yes; else skip "$(corpus_hint)"; fi
	mkdir -p "$WORK/out"
	list_trees "$1"
	copy_trees
	tools "$WORK/cases"
	dumps
	report extras >"$WORK/extras"
	[ -s "$WORK/extras" ] && tools "$WORK/extras"
	report report
	read -r p f s <"$tmp/counts"
	t_pass=$((t_pass + p)) t_fail=$((t_fail + f)) t_skip=$((t_skip + s))
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
