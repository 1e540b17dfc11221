#!/bin/sh
# SARIF: maillint's --format sarif validates against the SARIF 2.1.0
# schema (tests/sarif-2.1.0.schema.json, written from the specification;
# python3-jsonschema checks it), every ruleIndex points at the rule its
# ruleId names, every result carries partialFingerprints maillint/v1, and
# a finding keeps its fingerprint when lines move.  The validator is first
# shown to reject broken logs.
. "$(dirname "$0")/lib.sh"

if ! python3 -c 'import jsonschema' 2>/dev/null; then
	skip_all "python3-jsonschema not installed (Debian package python3-jsonschema)"
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
schema=$top_srcdir/tests/sarif-2.1.0.schema.json
fixtures=$top_srcdir/fixtures

# validate FILE - "ok" or the first error, on stdout
cat >"$tmp/validate.py" <<'PY'
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
log = json.load(open(sys.argv[2]))
v = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
errs = sorted(v.iter_errors(log), key=lambda e: list(e.path))
if errs:
    e = errs[0]
    print("/".join(str(p) for p in e.path) + ": " + e.message[:200])
    sys.exit(1)
driver = log["runs"][0]["tool"]["driver"]
rules = driver.get("rules", [])
for r in log["runs"][0].get("results", []):
    i = r.get("ruleIndex")
    if i is not None and (i >= len(rules) or rules[i]["id"] != r.get("ruleId")):
        print("ruleIndex %s does not name %s" % (i, r.get("ruleId")))
        sys.exit(1)
    fp = r.get("partialFingerprints", {}).get("maillint/v1", "")
    if len(fp) != 16 or any(c not in "0123456789abcdef" for c in fp):
        print("result %s without partialFingerprints maillint/v1" % r.get("ruleId"))
        sys.exit(1)
print("ok")
PY
validate() { python3 "$tmp/validate.py" "$schema" "$1"; }

# The validator can fail: broken logs are rejected.
printf '{"version": "2.0.0", "runs": [{"tool": {"driver": {"name": "x"}}}]}' >"$tmp/bad1"
printf '{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"level": "fatal", "message": {"text": "m"}}]}]}' >"$tmp/bad2"
printf '{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"message": {"text": "m"}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a"}, "region": {"startLine": 0}}}]}]}]}' >"$tmp/bad3"
for b in bad1 bad2 bad3; do
	if res=$(validate "$tmp/$b"); then
		not_ok "the validator accepts a broken log ($b)"
	else
		ok "the validator rejects a broken log ($b: $(printf '%s' "$res" | cut -c1-70))"
	fi
done

# Every fixture with a SARIF golden, and the suppression and baseline ones.
n=0
for dir in "$fixtures"/*/; do
	dir=${dir%/}
	name=$(basename "$dir")
	case $name in
	sup-*|baseline-*|cli-as-*) ;;
	*) [ -f "$dir/expected.sarif" ] || continue ;;
	esac
	args=
	[ -f "$dir/args" ] && args=$(cat "$dir/args")
	# shellcheck disable=SC2086
	(cd "$dir" && "$MAILLINT" --root . --format sarif $args) >"$tmp/out" 2>/dev/null
	res=$(validate "$tmp/out")
	if [ "$res" = ok ]; then
		n=$((n + 1))
	else
		not_ok "$name: $res"
	fi
done
ok "$n SARIF logs valid against SARIF 2.1.0, rule indices and fingerprints sound"

# A finding keeps its fingerprint when lines move around it.
cp -R "$fixtures/pf-tls-003-fires" "$tmp/moved"
{ printf '# two lines\n# added on top\n'; cat "$fixtures/pf-tls-003-fires/etc/postfix/main.cf"; } \
    >"$tmp/moved/etc/postfix/main.cf"
fp() { (cd "$1" && "$MAILLINT" --root . --format sarif) 2>/dev/null |
    jq -r '.runs[0].results[] | select(.ruleId == "PF-TLS-003") |
	"\(.locations[0].physicalLocation.region.startLine) \(.partialFingerprints["maillint/v1"])"'; }
a=$(fp "$fixtures/pf-tls-003-fires") b=$(fp "$tmp/moved")
if [ -n "$a" ] && [ "${a#* }" = "${b#* }" ] && [ "${a%% *}" != "${b%% *}" ]; then
	ok "PF-TLS-003 moved from line ${a%% *} to ${b%% *}, same fingerprint ${a#* }"
else
	not_ok "fingerprint across a line move: '$a' / '$b'"
fi
finish
