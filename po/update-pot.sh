#!/bin/sh
# SPDX-License-Identifier: MIT
# update-pot.sh SRCDIR OUT - write maillint's message template to OUT:
# the rules' texts (po/rules-pot.py: titles, messages, rationales, prose
# fixes of rules/*.yaml) and the C strings marked _(), N_(),
# i18n_ntext(), placeholder.c's L() and LN() or fix.c's TEXT_WORDS()
# (xgettext over src/*.c), merged by msgcat.  Needs python3 with PyYAML
# and GNU gettext.  `make update-po` runs it and msgmerge.
set -eu
src=$1
out=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$src/po/rules-pot.py" "$src" >"$tmp/rules.pot"
(cd "$src" && ls src/*.c | LC_ALL=C sort >"$tmp/files" &&
    xgettext --language=C --from-code=UTF-8 --omit-header \
	--keyword=_ --keyword=N_ --keyword=i18n_ntext:1,2 \
	--keyword=L --keyword=LN:1,2 --keyword=TEXT_WORDS:2 \
	--add-comments=TRANSLATORS: -f "$tmp/files" -o "$tmp/c.pot")
if [ -f "$tmp/c.pot" ]; then
	msgcat --use-first -o "$tmp/out.pot" "$tmp/rules.pot" "$tmp/c.pot"
else
	msgcat -o "$tmp/out.pot" "$tmp/rules.pot"
fi
cp "$tmp/out.pot" "$out"
