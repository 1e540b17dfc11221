#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""rules-pot.py SRCDIR - the rules' user-facing texts as a PO template.

Every rule of SRCDIR/rules/*.yaml gives its title, message, rationale and
the text of each prose fix (fix: - text: ...), each once, as msgids equal
to what libyaml reads (the {placeholders} unchanged: maillint translates a
template before it fills them in), with a "#: rules/FILE.yaml:LINE"
reference and the rule id as a comment for translators.  Written on
stdout, header first; po/update-pot.sh adds the C strings (xgettext).
"""
import glob
import os
import sys

import yaml

FIELDS = ("title", "message", "rationale")


def po_str(s):
    """s as a PO string: one quoted line per line of s."""
    esc = (s.replace("\\", "\\\\").replace('"', '\\"')
           .replace("\t", "\\t").replace("\n", "\\n\n"))
    lines = esc.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if len(lines) == 1:
        return '"%s"' % lines[0]
    return '""\n' + "\n".join('"%s"' % ln for ln in lines)


def scalar(node):
    return node.value if isinstance(node, yaml.ScalarNode) else None


def texts(path, rel):
    """(text, reference, comment) of every rule of one file, in order."""
    with open(path, encoding="utf-8") as f:
        doc = yaml.compose(f, Loader=yaml.SafeLoader)
    if doc is None or not isinstance(doc, yaml.MappingNode):
        return
    for k, v in doc.value:
        if scalar(k) != "rules" or not isinstance(v, yaml.SequenceNode):
            continue
        for rule in v.value:
            if not isinstance(rule, yaml.MappingNode):
                continue
            fields = {scalar(rk): rv for rk, rv in rule.value}
            rid = scalar(fields.get("id")) if "id" in fields else "?"
            for name in FIELDS:
                node = fields.get(name)
                if node is not None and scalar(node):
                    yield (node.value, "%s:%d" % (rel, node.start_mark.line + 1),
                           "%s %s" % (rid, name))
            fix = fields.get("fix")
            if isinstance(fix, yaml.SequenceNode):
                for alt in fix.value:
                    if not isinstance(alt, yaml.MappingNode):
                        continue
                    for ak, av in alt.value:
                        if scalar(ak) == "text" and scalar(av):
                            yield (av.value, "%s:%d" % (
                                rel, av.start_mark.line + 1),
                                "%s fix" % rid)


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "."
    entries = {}
    order = []
    for path in sorted(glob.glob(os.path.join(src, "rules", "*.yaml"))):
        rel = "rules/" + os.path.basename(path)
        for text, ref, comment in texts(path, rel):
            if text not in entries:
                entries[text] = ([], [])
                order.append(text)
            entries[text][0].append(comment)
            entries[text][1].append(ref)
    out = sys.stdout
    out.write('# The message template of maillint (po/update-pot.sh writes it:\n'
              '# do not edit; translate in po/LL.po).\n'
              'msgid ""\n'
              'msgstr ""\n'
              '"Project-Id-Version: maillint\\n"\n'
              '"MIME-Version: 1.0\\n"\n'
              '"Content-Type: text/plain; charset=UTF-8\\n"\n'
              '"Content-Transfer-Encoding: 8bit\\n"\n')
    for text in order:
        comments, refs = entries[text]
        out.write("\n")
        for c in comments:
            out.write("#. %s\n" % c)
        out.write("#: %s\n" % " ".join(refs))
        out.write("msgid %s\n" % po_str(text))
        out.write('msgstr ""\n')


if __name__ == "__main__":
    main()
