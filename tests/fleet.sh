#!/bin/sh
# Fleet mode (--fleet): a directory of host snapshots, or snapshot paths,
# linted in worker processes.  Each host's NDJSON record must hold exactly
# the findings and exit status of `maillint --root HOST` on its own; the
# records come in host order whatever -j is; the fleet summary must add up
# to the records; a host that cannot be read, a symbolic link (never
# followed) and a worker that dies fail their host only; the progress
# line shows on a terminal and never on a pipe; usage errors exit 2.
. "$(dirname "$0")/lib.sh"

need python3 openssl
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fx=$top_srcdir/fixtures
F=$tmp/fleet

mkdir -p "$F"
cp -r "$fx/debian-stock" "$F/alpha"
cp -r "$fx/corpus-like-weak" "$F/gamma"
cp -r "$fx/dc-tls-002-fires" "$F/delta"
sh "$top_srcdir/bench/gen-fleet.sh" "$tmp/gen" 3
for h in host00000 host00001 host00002; do mv "$tmp/gen/$h" "$F/$h"; done
mkdir "$F/empty" "$F/.hidden"
cp -r "$fx/debian-stock/etc" "$F/.hidden/etc"
echo "not a host" >"$F/notes.txt"
ln -s /etc "$F/link"
hosts="alpha delta empty gamma host00000 host00001 host00002 link"
NOW=--now=2026-12-04

# the records and the summary
"$MAILLINT" --fleet "$F" --format json $NOW >"$tmp/j1" 2>"$tmp/e1"
rc=$?
[ "$rc" = 2 ] && ok "a fleet with an unreadable host exits 2" ||
    not_ok "exit $rc, want 2"
[ ! -s "$tmp/e1" ] && ok "nothing on stderr (a pipe: no progress line)" ||
    not_ok "stderr: $(head -c 200 "$tmp/e1")"

# each host alone, for comparison
for h in alpha delta gamma host00000 host00001 host00002; do
	"$MAILLINT" --root "$F/$h" --format json $NOW >"$tmp/solo.$h" 2>/dev/null
	echo $? >"$tmp/solo.$h.rc"
done

cat >"$tmp/check.py" <<'PY'
import json, sys, os
tmp, hosts = sys.argv[1], sys.argv[2].split()
lines = [json.loads(l) for l in open(os.path.join(tmp, "j1"))]
fails = []
def check(cond, what):
    print(("ok - " if cond else "not ok - ") + what)
recs = [l for l in lines if l.get("type") == "host"]
check([r["host"] for r in recs] == hosts,
      "a record per host, in name order: %s" % " ".join(r["host"] for r in recs))
check(lines[-1].get("type") == "fleet" and len(lines) == len(hosts) + 1,
      "the fleet summary is the last line")
key = lambda f: (f["rule"], f["file"], f["line"], f["column"], f["scope"],
                 f["severity"], f["message"], f["fingerprint"])
for r in recs:
    h = r["host"]
    solo = os.path.join(tmp, "solo." + h)
    if not os.path.exists(solo):
        continue
    s = json.load(open(solo))
    rc = int(open(solo + ".rc").read())
    check(sorted(map(key, r["findings"])) == sorted(map(key, s["findings"]))
          and r["summary"] == s["summary"] and r["status"] == rc,
          "%s: %d findings and status %d, as maillint --root %s alone"
          % (h, len(r["findings"]), r["status"], h))
by = {r["host"]: r for r in recs}
check(by["empty"]["status"] == 2 and "no Postfix or Dovecot" in (by["empty"]["error"] or ""),
      "empty: status 2 with its error")
check(by["link"]["status"] == 2 and "symbolic link" in (by["link"]["error"] or "")
      and by["link"]["findings"] == [],
      "link: not followed, status 2")
check(all(c["not_after"] for h in ("host00000", "host00001", "host00002")
          for c in by[h]["certificates"]) and by["host00000"]["certificates"],
      "certificate facts in the generated hosts' records")
fl = lines[-1]
worst = {"clean": 0, "info": 0, "warning": 0, "error": 0, "failed": 0}
tot = {"error": 0, "warning": 0, "info": 0}
rules = {}
for r in recs:
    for k in tot:
        tot[k] += r.get("summary", {}).get(k, 0)
    if r["status"] >= 2:
        worst["failed"] += 1
    else:
        sm = r["summary"]
        worst["error" if sm["error"] else "warning" if sm["warning"] else
              "info" if sm["info"] else "clean"] += 1
    for f in {f["rule"] for f in r["findings"]}:
        rules[f] = rules.get(f, 0) + 1
check(fl["hosts"] == len(hosts) and fl["worst"] == worst,
      "hosts by worst severity add up: %s" % json.dumps(fl["worst"]))
check(fl["findings"] == tot, "finding totals add up: %s" % json.dumps(tot))
check(all(rules.get(t["rule"]) == t["hosts"] for t in fl["top_findings"])
      and [t["hosts"] for t in fl["top_findings"]] ==
          sorted([t["hosts"] for t in fl["top_findings"]], reverse=True)
      and len(fl["top_findings"]) == min(20, len(rules)),
      "most common findings: host counts right, most first")
days = [c["days_left"] for c in fl["expiring_certificates"]]
pairs = [(c["host"], c["file"]) for c in fl["expiring_certificates"]]
check(days == sorted(days) and len(pairs) == len(set(pairs)) and len(days) == 3,
      "expiring certificates: soonest first, once per host and file: %s" % days)
check([x["host"] for x in fl["failed"]] == ["empty", "link"] and fl["status"] == 2,
      "failed hosts listed in host order")
PY
python3 "$tmp/check.py" "$tmp" "$hosts" >"$tmp/py.out" 2>&1
while IFS= read -r line; do
	case $line in
	"ok - "*) ok "${line#ok - }" ;;
	"not ok - "*) not_ok "${line#not ok - }" ;;
	*) not_ok "check.py: $line" ;;
	esac
done <"$tmp/py.out"

# the same output whatever -j is
"$MAILLINT" --fleet "$F" --format json $NOW -j 1 >"$tmp/j-1" 2>/dev/null
"$MAILLINT" --fleet "$F" --format json $NOW -j 5 >"$tmp/j-5" 2>/dev/null
cmp -s "$tmp/j1" "$tmp/j-1" && cmp -s "$tmp/j1" "$tmp/j-5" &&
    ok "-j 1, -j 5 and the default give the same bytes" ||
    not_ok "output differs with -j"

# a worker that dies fails its host only
MAILLINT_TEST_FLEET_ABORT=gamma "$MAILLINT" --fleet "$F" --format json $NOW \
    -j 2 >"$tmp/crash" 2>/dev/null
rc=$?
python3 - "$tmp/j1" "$tmp/crash" >"$tmp/crash.out" <<'PY'
import json, sys
a = [json.loads(l) for l in open(sys.argv[1])]
b = [json.loads(l) for l in open(sys.argv[2])]
g = [r for r in b if r.get("host") == "gamma"]
same = [x == y for x, y in zip(a[:-1], b[:-1]) if x.get("host") != "gamma"]
print(len(g) == 1 and g[0]["status"] == 3 and "signal" in g[0]["error"]
      and all(same) and len(a) == len(b) and b[-1]["worst"]["failed"] == 3)
PY
[ "$rc" = 3 ] && [ "$(cat "$tmp/crash.out")" = True ] &&
    ok "a worker killed on gamma: gamma failed (signal), every other record unchanged, exit 3" ||
    not_ok "worker death: exit $rc, $(cat "$tmp/crash.out")"

# text: a line per host, then the summary
"$MAILLINT" --fleet "$F" $NOW >"$tmp/text" 2>"$tmp/text.err"
for h in $hosts; do
	grep -q "^$h: " "$tmp/text" || not_ok "text: no line for $h"
done
grep -q '^gamma: [0-9]* errors, [0-9]* warnings' "$tmp/text" &&
    grep -q '^link: failed: a symbolic link' "$tmp/text" &&
    grep -q '^maillint fleet: 8 hosts: ' "$tmp/text" &&
    grep -q '^most common findings (hosts):' "$tmp/text" &&
    grep -q '^certificates expiring soonest:' "$tmp/text" &&
    ok "text: a line per host, its findings indented, the fleet summary" ||
    not_ok "text output: $(head -c 300 "$tmp/text")"

# snapshot paths; the exit status by the threshold over all hosts
"$MAILLINT" --fleet "$F/gamma" "$F/alpha/" --format json $NOW >"$tmp/two" 2>/dev/null
rc=$?
[ "$rc" = 1 ] && [ "$(grep -c '"type":"host"' "$tmp/two")" = 2 ] &&
    head -1 "$tmp/two" | grep -q '"host":"gamma"' &&
    sed -n 2p "$tmp/two" | grep -q '"host":"alpha"' &&
    ok "snapshot paths: a record each, named by the directory, in argument order, exit 1" ||
    not_ok "snapshot paths: exit $rc"
"$MAILLINT" --fleet "$F/alpha" --severity error $NOW >/dev/null 2>&1
rc=$?
[ "$rc" = 0 ] && ok "warnings only, --severity error: exit 0" ||
    not_ok "--severity error: exit $rc"

# the progress line on a terminal
if command -v script >/dev/null 2>&1; then
	script -qec "'$MAILLINT' --fleet '$F' $NOW -j 2 >/dev/null" "$tmp/typescript" \
	    >/dev/null 2>&1
	grep -q 'hosts, [0-9]* findings, ETA' "$tmp/typescript" &&
	    ok "on a terminal: hosts done/total, findings, ETA" ||
	    not_ok "no progress line on a terminal"
else
	skip "script(1) not installed: the terminal progress line is not checked"
fi

# usage errors
usage() { # WHAT ARGS...
	_w=$1
	shift
	"$MAILLINT" "$@" >"$tmp/u.out" 2>"$tmp/u.err"
	_rc=$?
	[ "$_rc" = 2 ] && [ -s "$tmp/u.err" ] && ok "usage: $_w: exit 2, $(head -1 "$tmp/u.err")" ||
	    not_ok "usage: $_w: exit $_rc"
}
usage "no PATH" --fleet
usage "--root" --fleet --root "$F/alpha" "$F"
usage "--fix" --fleet --fix "$F"
usage "-j without --fleet" -j 2 "$F/alpha"
usage "--format sarif" --fleet --format sarif "$F"
usage "-j 0" --fleet -j 0 "$F"
usage "missing directory" --fleet "$tmp/none"
mkdir "$tmp/files"
echo x >"$tmp/files/a"
usage "no snapshot in it" --fleet "$tmp/files"

# Ties: twelve hosts with the same certificate expiring on the same day.
# The summary lists them in host order, whichever worker finishes first.
mkdir "$tmp/ties"
for i in 01 02 03 04 05 06 07 08 09 10 11 12; do
	cp -r "$F/host00000" "$tmp/ties/h$i"
done
"$MAILLINT" --fleet "$tmp/ties" --format json $NOW -j 1 2>/dev/null |
    tail -n 1 >"$tmp/ties.1"
same=yes
for k in 1 2 3; do
	"$MAILLINT" --fleet "$tmp/ties" --format json $NOW -j 4 2>/dev/null |
	    tail -n 1 | cmp -s - "$tmp/ties.1" || same=no
done
if [ $same = yes ] && grep -q '"host":"h01".*"host":"h02".*"host":"h12"' "$tmp/ties.1"; then
	ok "certificates expiring on the same day: listed in host order at -j 1 and -j 4"
else
	not_ok "the soonest certificates' ties depend on the workers: $(head -c 300 "$tmp/ties.1")"
fi

finish
