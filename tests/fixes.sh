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
#    the fixed rules, no new error at a configuration line, no new finding
#    of any rule on any listener or setting, and (`maillint --dump`) no
#    port-25 listener whose TLS the fixes made mandatory.
# 2. maillint's own editor, on two more copies of each case: `--fix` (the
#    files it changes are replaced, each original kept as FILE.orig, byte
#    for byte) and `--diff` applied with `patch -p1` give the same tree;
#    no other file changes; and that tree means the same to the daemons as
#    the one fixed with postconf above: `postconf -n`, `postconf -P` (blanks
#    after commas ignored: maillint writes "!SSLv2,!SSLv3" in master.cf)
#    and `doveconf -n` print the same. The fixes change only what they name:
#    between the original and the --fix tree, every parameter, service
#    (`postconf -n`, `-P`, `-M`) and Dovecot setting (`doveconf -n`) that
#    changed is one a fix names, and the tools print no new warning.
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
# 3. The command line: usage errors, a clean tree, a config repo, a second
#    --fix, a configuration with errors, a main.cf that is a symbolic link.
# FIXES_KEEP=DIR keeps each fixed tree in DIR/GEN/CASE for inspection.
#
# Structure: this script checks the environment, runs step 0 and one
# process per generation of tests/fixes.py (the two side by side), prints
# their lines in order and counts them, then runs step 3 itself.
# tests/fixes.py does steps 0 to 2 in one process each: the only
# processes it starts are the checks (maillint, postconf, doveconf, the fix
# commands, patch), and a tool's answer on a tree is reused while the tree
# is unchanged (a process start costs milliseconds on the CI machines: the
# shell plumbing of sort, sed, awk and jq used to take most of the time).
# Needs postconf, doveconf, python3 and patch.
. "$(dirname "$0")/lib.sh"

POSTCONF=${POSTCONF:-$(command -v postconf || echo /usr/sbin/postconf)}
DOVECONF=${DOVECONF:-$(command -v doveconf || echo /usr/bin/doveconf)}
fixtures=$top_srcdir/fixtures
fixes_py=$top_srcdir/tests/fixes.py
d13_given=${DEBIAN13_ROOT:+yes}
D13=${DEBIAN13_ROOT:-/var/cache/maillint/debian13}
tmp=$(mktemp -d)
gtmp=
trap 'rm -rf "$tmp"; [ -n "$gtmp" ] && rm -rf "$gtmp"' EXIT

need "$POSTCONF" "$DOVECONF" python3 patch

# counted FILE - print FILE (lines of tests/fixes.py) and count its lines
counted() {
	cat "$1"
	t_pass=$((t_pass + $(grep -c '^ok - ' "$1")))
	t_fail=$((t_fail + $(grep -c '^not ok - ' "$1")))
	t_skip=$((t_skip + $(grep -c '^skip - ' "$1")))
}

# ---------------------------------------------------------------- coverage
python3 "$fixes_py" coverage "$MAILLINT" "$fixtures" "$top_srcdir/tests/certs.sh" \
    >"$tmp/coverage.out" 2>&1
rc=$?
counted "$tmp/coverage.out"
[ $rc -eq 0 ] || not_ok "coverage: tests/fixes.py exited $rc"

# ------------------------------------------------------------------ fixing
# gen NAME TMP CHROOT - steps 1 and 2 with the generation's tools (CHROOT
# "" for the host's), scratch trees under TMP
gen() {
	python3 "$fixes_py" fix --gen "$1" --tmp "$2" --chroot "$3" \
	    --pf-ver "$PF_VER" --dc-ver "$DC_VER" --maillint "$MAILLINT" \
	    --fixtures "$fixtures" --corpus "$CORPUS" --corpus-given "$corpus_given" \
	    --postconf "$POSTCONF" --doveconf "$DOVECONF"
}

# ------------------------------------------------------ debian12: the host
# The two generations run side by side (each in its own scratch folder,
# half of their time is spent waiting on the tools); their lines are
# printed in order and counted afterwards.
PF_VER=$("$POSTCONF" -dh mail_version 2>/dev/null)
DC_VER=$("$DOVECONF" -d 2>/dev/null | sed -n '1s/^# \([0-9.]*\).*/\1/p')
: >"$tmp/gen13.out"
gen debian12 "$tmp" "" >"$tmp/gen12.out" 2>&1 &
p12=$!
p13=

# -------------------------------------------- debian13: the chroot'ed root
d13_hint="the Debian 13 root is built by \`sh .ci/debian13\` (as root)"
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
	PF_VER=$(chroot "$D13" /usr/sbin/postconf -dh mail_version 2>/dev/null)
	DC_VER=$(chroot "$D13" /usr/bin/doveconf -d 2>/dev/null | sed -n '1s/^# \([0-9.]*\).*/\1/p')
	if [ -z "$PF_VER" ] || [ -z "$DC_VER" ]; then
		not_ok "debian13: postconf or doveconf does not run in $D13 ($d13_hint)"
	else
		gen debian13 "$gtmp" "$D13" >"$tmp/gen13.out" 2>&1 &
		p13=$!
	fi
fi
wait $p12
rc12=$?
rc13=0
if [ -n "$p13" ]; then
	wait $p13
	rc13=$?
fi
counted "$tmp/gen12.out"
[ $rc12 -eq 0 ] || not_ok "debian12: tests/fixes.py exited $rc12"
counted "$tmp/gen13.out"
[ $rc13 -eq 0 ] || not_ok "debian13: tests/fixes.py exited $rc13"

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
