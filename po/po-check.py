#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""po-check.py FILE.po - every msgstr keeps exactly the {placeholders} of
its msgid (maillint fills them in after translating, so a lost or renamed
one would print nothing or a literal brace).  "{{" and "}}" are literal
braces.  Prints how many entries it checked; exits 1 on a difference."""
import re
import sys

TOKEN = re.compile(r"\{\{|\}\}|\{[^{}]*\}")


def unquote(s):
    s = s.strip()
    assert s.startswith('"') and s.endswith('"'), s
    return (s[1:-1].replace('\\n', '\n').replace('\\t', '\t')
            .replace('\\"', '"').replace('\\\\', '\\'))


def entries(path):
    """(msgid, [msgstr...]) of every entry that is not obsolete."""
    cur, key = {}, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("#~"):
                continue
            m = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?) (".*")$', line)
            if m:
                if m.group(1) == "msgid" and "msgid" in cur:
                    yield cur
                    cur = {}
                key = m.group(1)
                cur[key] = unquote(m.group(2))
            elif line.startswith('"') and key:
                cur[key] += unquote(line)
            elif not line.strip():
                key = None
    if "msgid" in cur:
        yield cur


def holders(s):
    return sorted(t for t in TOKEN.findall(s) if t not in ("{{", "}}"))


def main():
    bad = n = 0
    for e in entries(sys.argv[1]):
        if e["msgid"] == "":
            continue
        want = holders(e["msgid"])
        for k, v in e.items():
            if not k.startswith("msgstr") or v == "":
                continue
            n += 1
            if holders(v) != want:
                bad += 1
                print("placeholders differ: %r\n  msgid:  %s\n  %s: %s"
                      % (e["msgid"][:70], want, k, holders(v)))
    print("%d msgstr checked" % n)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
