#!/bin/sh
# Cipher strings through OpenSSL: for every cipher setting of the fixtures
# and the corpus (tls_*_cipherlist in main.cf or a master.cf -o, Dovecot's
# ssl_cipher_list), as maillint's model reads it (--dump), and for the
# Postfix defaults of every version in rules/defaults/postfix.tsv, the
# suites `maillint --ciphers` reports (those the linked OpenSSL knows)
# must be exactly those of `openssl ciphers 'STRING:@SECLEVEL=0'` (no
# configuration file, TLS 1.3 suites left out), in the same order; a string
# OpenSSL rejects must be one maillint calls rejected (or carries only
# names this OpenSSL no longer has, judged from maillint's table).  Then
# the weak marks: known cases, each a fixed expectation.
# Ends with "N passed, N failed".
. "$(dirname "$0")/lib.sh"

need openssl jq
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fixtures=$top_srcdir/fixtures

# compare LABEL STRING - maillint's expansion against openssl's
compare() {
	"$MAILLINT" --ciphers "$2" --format json >"$tmp/m.json" 2>"$tmp/m.err"
	rc=$?
	if [ $rc -gt 1 ] || ! jq -e .suites "$tmp/m.json" >/dev/null 2>&1; then
		not_ok "$1: maillint --ciphers exited $rc: $(head -1 "$tmp/m.err")"
		return
	fi
	jq -r '.suites[] | select(.legacy | not) | .name' "$tmp/m.json" >"$tmp/m.names"
	if OPENSSL_CONF=/dev/null openssl ciphers "$2:@SECLEVEL=0" >"$tmp/o.out" 2>/dev/null; then
		tr ':' '\n' <"$tmp/o.out" | grep -v '^TLS_' | grep -v '^$' >"$tmp/o.names"
	else
		: >"$tmp/o.names"
	fi
	if cmp -s "$tmp/m.names" "$tmp/o.names"; then
		ok "$1: $(wc -l <"$tmp/o.names") suites, as openssl ciphers lists them$(
		    jq -r 'if ([.suites[] | select(.legacy)] | length) > 0 then
			"; legacy names judged from the table: " + ([.suites[] | select(.legacy) | .name] | join(" "))
			else "" end' "$tmp/m.json")"
	else
		not_ok "$1: maillint and openssl ciphers differ for \"$2\""
		diff "$tmp/o.names" "$tmp/m.names" | head -6 | sed 's/^/  /'
	fi
}

# values of cipher settings in a tree, as maillint reads them
values() {
	"$MAILLINT" --root "$1" --dump --format json 2>/dev/null | jq -r '
	    [(.postfix.main[]?, .postfix.services[]?.overrides[]?), .dovecot.settings[]?] |
	    .[] | select(.name != null and (.name | test("^(tls_(high|medium|low|export|null)_cipherlist|ssl_cipher_list)$"))) |
	    select(.template != true) | .value'
}

n=0
for d in "$fixtures"/*/; do
	[ -d "$d/etc" ] || continue
	values "$d" >>"$tmp/values"
done
if have_corpus; then
	for set in "$CORPUS"/*/; do
		values "$set" >>"$tmp/values"
	done
else
	echo "# $(corpus_hint)"
fi
# the Postfix defaults, every version
awk -F'\t' '$1 ~ /^tls_[a-z]+_cipherlist$/ && $3 != "" { print $3 }' \
    "$top_srcdir/rules/defaults/postfix.tsv" >>"$tmp/values"
sort -u "$tmp/values" | grep -v '^$' | grep -v '[{}%]' >"$tmp/uniq"
while IFS= read -r v; do
	n=$((n + 1))
	compare "string $n" "$v"
done <"$tmp/uniq"
[ "$n" -ge 10 ] && ok "$n distinct cipher strings compared" ||
    not_ok "only $n cipher strings found (fixtures, corpus, defaults)"

# weak marks: STRING, the weak classes maillint must name (", " joined)
while IFS='|' read -r s want; do
	got=$("$MAILLINT" --ciphers "$s" --format json 2>/dev/null | jq -r '.weak | join(", ")')
	if [ "$got" = "$want" ]; then
		ok "weak: \"$s\" -> ${want:-none}"
	else
		not_ok "weak: \"$s\" gives \"$got\", want \"$want\""
	fi
done <<'EOF'
ALL:!aNULL:RC4:3DES|RC4, 3DES
DES-CBC3-SHA:RC4-SHA:RC4-MD5:AES128-SHA|RC4, 3DES, MD5
HIGH:!aNULL:!MD5|
HIGH:!aNULL:!MD5:!RC4:!3DES|
eNULL|NULL, aNULL, MD5
aNULL:!eNULL|aNULL
EXP-RC4-MD5|EXPORT, RC4, MD5
EXP-RC4-MD5:!RC4|
ALL:!aNULL:!RC4:RC4-SHA|
ALL:!aNULL:-RC4:RC4-SHA|RC4
IDEA-CBC-SHA|IDEA
DES-CBC-SHA|DES
ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-DES-CBC3-SHA|3DES
EOF
finish
