#!/bin/sh
# --merge FILE... and --host-name NAME (src/fleet_merge.c, src/cli.c): two
# shards of a fleet merge into the bytes of one --fleet run over all their
# hosts (NDJSON and text, whatever the order of the files and of the
# hosts in them); a line that is not JSON, or a host record without its
# fields, is a FILE:LINE diagnostic, skipped, exit 2; duplicate hosts are
# kept with a warning; --host-name names a one-snapshot run's record;
# usage errors exit 2.  The playbooks that use them: tests/ansible-fleet.sh.
. "$(dirname "$0")/lib.sh"

need python3 openssl
tmp=$(mktemp -d)
[ -n "${KEEP_TMP:-}" ] && echo "# tmp: $tmp" || trap 'rm -rf "$tmp"' EXIT
fx=$top_srcdir/fixtures
R=$tmp/roots
# the generated certificates start now: judge them as of tomorrow
NOW=--now=$(python3 -c 'import datetime; print((datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)).strftime("%Y-%m-%d"))')

mkdir -p "$R"
cp -r "$fx/debian-stock" "$R/alpha"
cp -r "$fx/corpus-like-weak" "$R/gamma"
sh "$top_srcdir/bench/gen-fleet.sh" "$tmp/gen" 2
mv "$tmp/gen/host00000" "$R/mx1"
mv "$tmp/gen/host00001" "$R/mx2"
# a key inside /etc/dovecot (as Debian's private/dovecot.key), by a name
# the exclusion list does not know: found by its content
mkdir -p "$R/mx2/etc/dovecot/private"
cp "$R/mx2/etc/ssl/mail/key.pem" "$R/mx2/etc/dovecot/private/mail.pem"
hosts="alpha gamma mx1 mx2"

"$MAILLINT" --fleet "$R" --format json $NOW >"$tmp/direct.ndjson" 2>"$tmp/direct.err"
drc=$?
"$MAILLINT" --fleet "$R" $NOW >"$tmp/direct.txt" 2>/dev/null
[ "$drc" = 1 ] && [ "$(grep -c '"type":"host"' "$tmp/direct.ndjson")" = 4 ] &&
    ok "the direct run: 4 hosts, exit 1" ||
    not_ok "the direct run: exit $drc, $(head -c 200 "$tmp/direct.err")"

# ---- --merge and --host-name on their own ----
"$MAILLINT" --fleet "$R/mx2" "$R/alpha" --format json $NOW >"$tmp/s1" 2>/dev/null
"$MAILLINT" --fleet "$R/gamma" "$R/mx1" --format json $NOW >"$tmp/s2" 2>/dev/null
"$MAILLINT" --merge "$tmp/s1" "$tmp/s2" --format json >"$tmp/m.ndjson" 2>"$tmp/m.err"
rc=$?
cmp -s "$tmp/direct.ndjson" "$tmp/m.ndjson" && [ "$rc" = "$drc" ] && [ ! -s "$tmp/m.err" ] &&
    ok "--merge of two shards (unsorted) equals one --fleet run, byte for byte, exit $rc" ||
    not_ok "--merge of two shards: exit $rc, $(diff "$tmp/direct.ndjson" "$tmp/m.ndjson" | head -c 300)"
"$MAILLINT" --merge "$tmp/s2" "$tmp/s1" >"$tmp/m.txt" 2>/dev/null
cmp -s "$tmp/direct.txt" "$tmp/m.txt" &&
    ok "--merge --format text equals the --fleet text" ||
    not_ok "--merge text: $(diff "$tmp/direct.txt" "$tmp/m.txt" | head -c 300)"

"$MAILLINT" --fleet "$R/mx1" --host-name mx1.example.net --format json $NOW \
    >"$tmp/hn" 2>/dev/null
head -1 "$tmp/hn" | grep -q '^{"type":"host","host":"mx1.example.net","path":"'"$R"'/mx1",' &&
    ok "--host-name names the record, path unchanged" ||
    not_ok "--host-name: $(head -c 200 "$tmp/hn")"

# bad lines: a diagnostic with FILE:LINE each, skipped, exit 2
{
	head -1 "$tmp/s1"
	echo '{"type":"host","host":"x",'
	echo '{"type":"host","status":0,"findings":[]}'
	echo '{"type":"host","host":"y","status":1,"findings":[{"rule":"PF-TLS-001"}]}'
	echo '[1, 2]'
	printf '{"type":"host","host":"z","status":0,"findings":[],"error":"\\ud800"}\n'
	tail -1 "$tmp/s1"
} >"$tmp/bad"
"$MAILLINT" --merge "$tmp/bad" --format json >"$tmp/bad.out" 2>"$tmp/bad.err"
rc=$?
[ "$rc" = 2 ] && grep -q "^maillint: $tmp/bad:2: not JSON" "$tmp/bad.err" &&
    grep -q "^maillint: $tmp/bad:3: a host record without \"host\"" "$tmp/bad.err" &&
    grep -q "^maillint: $tmp/bad:4: a finding without" "$tmp/bad.err" &&
    grep -q "^maillint: $tmp/bad:5: not a --fleet record" "$tmp/bad.err" &&
    grep -q "^maillint: $tmp/bad:6: not JSON" "$tmp/bad.err" &&
    [ "$(grep -c '"type":"host"' "$tmp/bad.out")" = 1 ] &&
    tail -1 "$tmp/bad.out" | grep -q '"hosts":1,' &&
    ok "bad lines: FILE:LINE diagnostics, skipped, the good record kept, exit 2" ||
    not_ok "bad lines: exit $rc, $(cat "$tmp/bad.err" | head -c 400)"
head -c 100000 /dev/zero | tr '\0' 'x' >"$tmp/junk"
"$MAILLINT" --merge "$tmp/junk" >/dev/null 2>"$tmp/junk.err"
rc=$?
[ "$rc" = 2 ] && grep -q "junk:1: not JSON" "$tmp/junk.err" &&
    ok "a file of junk: one diagnostic, exit 2" || not_ok "junk: exit $rc"
{ head -c 67108865 /dev/zero | tr '\0' x; echo; head -1 "$tmp/s1"; } >"$tmp/long"
"$MAILLINT" --merge "$tmp/long" --format json >"$tmp/long.out" 2>"$tmp/long.err"
rc=$?
[ "$rc" = 2 ] && grep -q "long:1: line too long: more than 67108864 bytes" "$tmp/long.err" &&
    [ "$(grep -c '"type":"host"' "$tmp/long.out")" = 1 ] &&
    ok "a line over 64 MiB: a diagnostic, the next record kept, exit 2" ||
    not_ok "long line: exit $rc, $(head -c 200 "$tmp/long.err")"
rm -f "$tmp/long"
"$MAILLINT" --merge "$tmp/s1" "$tmp/s1" --format json >"$tmp/dup" 2>"$tmp/dup.err"
[ "$(grep -c '"type":"host"' "$tmp/dup")" = 4 ] &&
    grep -q 'warning: host "alpha" twice' "$tmp/dup.err" &&
    tail -1 "$tmp/dup" | grep -q '"hosts":4,' &&
    ok "duplicate hosts: both kept, a warning" || not_ok "duplicates: $(cat "$tmp/dup.err")"

usage() { # WHAT ARGS...
	_w=$1
	shift
	"$MAILLINT" "$@" >"$tmp/u.out" 2>"$tmp/u.err"
	_rc=$?
	[ "$_rc" = 2 ] && [ -s "$tmp/u.err" ] && ok "usage: $_w: exit 2, $(head -1 "$tmp/u.err")" ||
	    not_ok "usage: $_w: exit $_rc"
}
usage "--host-name without --fleet" --host-name x "$R/mx1"
usage "--host-name with two PATHs" --fleet --host-name x "$R/mx1" "$R/mx2"
usage "--host-name on a directory of snapshots" --fleet --host-name x "$R"
usage "--host-name empty" --fleet --host-name "" "$R/mx1"
usage "--merge without FILE" --merge
usage "--merge with --fleet" --merge --fleet "$tmp/s1"
usage "--merge --format sarif" --merge --format sarif "$tmp/s1"
usage "--merge of a missing file" --merge "$tmp/none"

finish
