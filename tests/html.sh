#!/bin/sh
# The HTML reports (--fleet --format html, --audience admin|customer) in a
# real browser: headless Chromium renders both documents; the DOM it
# parsed must hold a section per host and, in it, every finding that the
# NDJSON report gives that host (by rule, as many times); the overview
# has its two SVG charts; a hostile host name stays text; HTML Tidy
# reports no error and no warning.  Screenshots of both reports are kept
# as test artifacts in tests/artifacts/ (of the build directory).
. "$(dirname "$0")/lib.sh"

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
	skip_all "chromium not installed (Debian package chromium; sh .ci/deps test)"
fi
need python3 tidy openssl
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fx=$top_srcdir/fixtures
art=${top_builddir:-$(dirname "$MAILLINT")}/tests/artifacts
mkdir -p "$art"
F=$tmp/fleet
NOW=--now=2026-12-04

mkdir -p "$F"
cp -r "$fx/debian-stock" "$F/alpha"
cp -r "$fx/corpus-like-weak" "$F/gamma"
cp -r "$fx/dc-tls-002-fires" "$F/delta"
sh "$top_srcdir/bench/gen-fleet.sh" "$tmp/gen" 2
mv "$tmp/gen/host00000" "$tmp/gen/host00001" "$F/"
cp -r "$fx/debian-stock" "$F/x<b>bold<i>\"&'"
mkdir "$F/empty"

"$MAILLINT" --fleet "$F" --format json $NOW >"$tmp/fleet.ndjson" 2>/dev/null
"$MAILLINT" --fleet "$F" --format html $NOW >"$tmp/admin.html" 2>/dev/null
rc=$?
[ "$rc" = 2 ] && [ -s "$tmp/admin.html" ] &&
    ok "admin report written (exit 2: one host not linted)" ||
    not_ok "admin report: exit $rc"
"$MAILLINT" --fleet "$F" --format html --audience customer $NOW \
    >"$tmp/customer.html" 2>/dev/null
[ -s "$tmp/customer.html" ] && ok "customer report written" ||
    not_ok "customer report empty"

# --merge renders the same documents from the NDJSON records
"$MAILLINT" --merge "$tmp/fleet.ndjson" --format html >"$tmp/merged.html" 2>/dev/null
"$MAILLINT" --merge "$tmp/fleet.ndjson" --format html --audience customer \
    >"$tmp/merged-customer.html" 2>/dev/null
cmp -s "$tmp/admin.html" "$tmp/merged.html" &&
    cmp -s "$tmp/customer.html" "$tmp/merged-customer.html" &&
    ok "--merge of the NDJSON gives the same two HTML documents" ||
    not_ok "--merge --format html differs from --fleet --format html"

for r in admin customer; do
	if tidy -q -e "$tmp/$r.html" >"$tmp/$r.tidy" 2>&1; then
		ok "$r: HTML Tidy finds no error and no warning"
	else
		not_ok "$r: tidy: $(head -3 "$tmp/$r.tidy")"
	fi
	grep -qiE '<script|<link |src="http|href="http' "$tmp/$r.html" &&
	    not_ok "$r: a script or an external asset" ||
	    ok "$r: self-contained (no script, no external asset)"
done

# render: the DOM as the browser parsed it, and a screenshot
render() { # NAME
	timeout 120 "$CHROMIUM" --headless=new --no-sandbox --disable-gpu \
	    --user-data-dir="$tmp/profile-$1" --dump-dom \
	    "file://$tmp/$1.html" >"$tmp/$1.dom" 2>"$tmp/$1.err"
	timeout 120 "$CHROMIUM" --headless=new --no-sandbox --disable-gpu \
	    --user-data-dir="$tmp/profile-$1" --hide-scrollbars \
	    --window-size=1280,2400 --screenshot="$art/html-$1.png" \
	    "file://$tmp/$1.html" >/dev/null 2>&1
}
for r in admin customer; do
	render "$r"
	[ -s "$tmp/$r.dom" ] && ok "$r: chromium rendered it" ||
	    not_ok "$r: chromium gave no DOM: $(tail -2 "$tmp/$r.err")"
	if [ "$(head -c 8 "$art/html-$r.png" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] &&
	    [ "$(wc -c <"$art/html-$r.png")" -gt 20000 ]; then
		ok "$r: screenshot kept as tests/artifacts/html-$r.png"
	else
		not_ok "$r: no screenshot"
	fi
done

cat >"$tmp/dom.py" <<'PY'
import json, sys
from html.parser import HTMLParser

ndjson, admin, customer = sys.argv[1:4]
recs = [json.loads(l) for l in open(ndjson)]
hosts = [r for r in recs if r.get("type") == "host"]
summary = recs[-1]

class Dom(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.hosts, self.host = [], {}, None
        self.tags = {}
        self.topics = {}
        self.svg_rects = 0
        self.in_h2 = False
        self.text = []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags[tag] = self.tags.get(tag, 0) + 1
        if tag == "section" and "data-host" in a:
            self.host = a["data-host"]
            self.hosts[self.host] = []
            self.topics[self.host] = []
        if tag == "section" and "data-topic" in a and self.host is not None:
            self.topics[self.host].append(a["data-topic"])
        if tag == "li" and "data-rule" in a and self.host is not None:
            self.hosts[self.host].append(a["data-rule"])
        if tag == "rect":
            self.svg_rects += 1
    def handle_data(self, d):
        self.text.append(d)

def parse(path):
    d = Dom()
    d.feed(open(path, encoding="utf-8").read())
    return d

def check(cond, what):
    print(("ok - " if cond else "not ok - ") + what)

for name, path in (("admin", admin), ("customer", customer)):
    d = parse(path)
    want = [h["host"] for h in hosts]
    check(list(d.hosts) == want, "%s: a section per host, in order (%d)" % (name, len(want)))
    for h in hosts:
        got = sorted(d.hosts.get(h["host"], []))
        exp = sorted(f["rule"] for f in h["findings"])
        check(got == exp, "%s: %s shows its %d findings" % (name, h["host"], len(exp)))
    check(d.tags.get("b", 0) == 0 and d.tags.get("i", 0) == 0
          and d.tags.get("script", 0) == 0
          and any("x<b>bold<i>\"&'" in t for t in d.text),
          "%s: the hostile host name stays text" % name)
    if name == "admin":
        check(d.tags.get("svg", 0) == 2 and d.svg_rects == 5 + min(10, len(summary["top_findings"])),
              "admin: the two SVG charts, a bar per severity and per top finding")
    else:
        check(all(d.topics[h["host"]] for h in hosts if h["findings"]),
              "customer: every host with findings has plain-language topics")
PY
python3 "$tmp/dom.py" "$tmp/fleet.ndjson" "$tmp/admin.dom" "$tmp/customer.dom" \
    >"$tmp/dom.out" 2>&1
while IFS= read -r line; do
	case $line in
	"ok - "*) ok "${line#ok - }" ;;
	"not ok - "*) not_ok "${line#not ok - }" ;;
	*) not_ok "dom.py: $line" ;;
	esac
done <"$tmp/dom.out"

# in Dutch: the document's language, the topics and the headings
"$MAILLINT" --lang nl --fleet "$F" --format html --audience customer $NOW \
    >"$tmp/customer-nl.html" 2>/dev/null
"$MAILLINT" --lang nl --fleet "$F" --format html $NOW >"$tmp/admin-nl.html" 2>/dev/null
grep -q '<html lang="nl">' "$tmp/customer-nl.html" &&
    grep -q 'Wachtwoorden kunnen worden verstuurd voordat de verbinding versleuteld is' "$tmp/customer-nl.html" &&
    grep -q 'Technische details voor je beheerder' "$tmp/customer-nl.html" &&
    grep -q '<h2>Overzicht</h2>' "$tmp/admin-nl.html" &&
    ! grep -q 'Passwords can be sent before' "$tmp/customer-nl.html" &&
    ok "--lang nl: both reports in Dutch (lang=nl, topics, headings)" ||
    not_ok "--lang nl: the HTML reports are not Dutch"
for r in admin-nl customer-nl; do
	tidy -q -e "$tmp/$r.html" >"$tmp/$r.tidy" 2>&1 &&
	    ok "$r: HTML Tidy finds no error and no warning" ||
	    not_ok "$r: tidy: $(head -3 "$tmp/$r.tidy")"
done

# usage
"$MAILLINT" --audience customer "$F/alpha" >/dev/null 2>&1
[ $? = 2 ] && ok "--audience without --fleet --format html: exit 2" ||
    not_ok "--audience alone accepted"
"$MAILLINT" --fleet --format json --audience customer "$F" >/dev/null 2>&1
[ $? = 2 ] && ok "--audience with --format json: exit 2" ||
    not_ok "--audience with json accepted"
"$MAILLINT" --fleet --format html --audience boss "$F" >/dev/null 2>&1
[ $? = 2 ] && ok "--audience boss: exit 2" || not_ok "--audience boss accepted"

finish
