#!/bin/sh
# Manual pages: maillint(1), maillint-config(5) and maillint-rules(5)
# render without a warning (groff -ww; mandoc -Tlint when installed) and
# through man -l; the examples they show are what maillint accepts (the
# rule of maillint-rules(5) loads, the file of maillint-config(5) is a
# valid project configuration).
. "$(dirname "$0")/lib.sh"

need groff
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for page in maillint.1 maillint-config.5 maillint-rules.5; do
	f=$top_srcdir/man/$page
	if [ ! -f "$f" ]; then
		not_ok "$page: missing"
		continue
	fi
	w=$(groff -ww -man -Tutf8 "$f" 2>&1 >/dev/null)
	if [ -z "$w" ]; then ok "$page: groff -ww, no warning"; else not_ok "$page: groff: $w"; fi
	if command -v mandoc >/dev/null 2>&1; then
		w=$(mandoc -Tlint "$f" 2>&1)
		if [ -z "$w" ]; then ok "$page: mandoc -Tlint, no warning"; else not_ok "$page: mandoc: $w"; fi
	else
		skip "$page: mandoc not installed"
	fi
	if command -v man >/dev/null 2>&1 &&
	    MANPAGER=cat man -l "$f" 2>/dev/null | grep -q 'NAME'; then
		ok "$page: man -l renders it"
	elif command -v man >/dev/null 2>&1; then
		not_ok "$page: man -l gives nothing"
	fi
done

# example - the .nf/.fi block of a page, as plain text
example() { sed -n '/^\.nf$/,/^\.fi$/p' "$top_srcdir/man/$1" | sed '1d;$d' |
    sed -e 's/\\-/-/g' -e 's/\\\\/\\/g'; }
mkdir -p "$tmp/rules"
example maillint-rules.5 >"$tmp/rules/example.yaml"
if "$MAILLINT" --rules "$tmp/rules" --list-rules >"$tmp/out" 2>&1 &&
    grep -q '^PF-TLS-002 ' "$tmp/out"; then
	ok "maillint-rules(5): its example rule loads"
else
	not_ok "maillint-rules(5): its example rule does not load: $(head -3 "$tmp/out")"
fi
example maillint-config.5 >"$tmp/maillint.yaml"
mkdir -p "$tmp/cfg/postfix"
printf 'smtpd_tls_security_level = may\n' >"$tmp/cfg/postfix/main.cf"
"$MAILLINT" --config "$tmp/maillint.yaml" "$tmp/cfg/postfix" >"$tmp/out" 2>&1
rc=$?
if [ "$rc" -le 1 ] && grep -q 'profile mozilla-intermediate' "$tmp/out"; then
	ok "maillint-config(5): its example is a valid project configuration"
else
	not_ok "maillint-config(5): its example gives exit $rc: $(head -3 "$tmp/out")"
fi

# The bash completion offers options and their values.
comp=$top_srcdir/contrib/bash-completion/maillint
if command -v bash >/dev/null 2>&1; then
	got=$(PATH=$(dirname "$MAILLINT"):$PATH bash -c '. "$1"
	    COMP_WORDS=(maillint --form); COMP_CWORD=1; _maillint; echo "${COMPREPLY[*]}"
	    COMP_WORDS=(maillint --format s); COMP_CWORD=2; _maillint; echo "${COMPREPLY[*]}"
	    COMP_WORDS=(maillint --as ma); COMP_CWORD=2; _maillint; echo "${COMPREPLY[*]}"
	    COMP_WORDS=(maillint --la); COMP_CWORD=1; _maillint; echo "${COMPREPLY[*]}"
	    COMP_WORDS=(maillint --lang n); COMP_CWORD=2; _maillint; echo "${COMPREPLY[*]}"' \
	    sh "$comp" 2>&1 | tr '\n' '|')
	if [ "$got" = "--format|sarif|main.cf master.cf|--lang|nl|" ]; then
		ok "bash completion: options and their values"
	else
		not_ok "bash completion gives '$got'"
	fi
else
	skip "bash not installed"
fi
finish
