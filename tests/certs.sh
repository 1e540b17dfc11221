#!/bin/sh
# Certificate test: the certificate rules (rules/certificates.yaml) on
# certificates made with the openssl CLI at test time (nothing binary, and
# no certificate, is committed: dates would rot and keys do not belong in
# git).
#
# The case table below drives everything: each line is one run of
#   maillint --root TREE --format json --now DATE
# on a tree built for Postfix (PF-) and for Dovecot (DC-) from the named
# setup, and expects the rule to be reported ("fires") or not ("clean").
# Every id of the table has at least one fires and one clean case; the
# clean ones are the fires tree with the one problem fixed.  Dates are the
# time the certificates were made, shifted by the table's day offset, so
# "expired" is a 365-day certificate seen 400 days later (no faketime, no
# -not_after, which OpenSSL 3.0's x509 does not have).
#
# Then: the JSON "certificate" object against the openssl CLI (subject,
# SAN, not_after, key type and bits, SHA-256 fingerprint); no private key
# material in any output; --no-file-check, --cert-warn-days and
# --cert-error-days, --now errors; Postfix master.cf -o overrides,
# smtpd_tls_chain_files, Dovecot 2.4 names and local_name sections.
#
#   sh tests/certs.sh --list   prints the rule ids the table covers with
#                              both a fires and a clean case (tests/fixes.sh
#                              counts them as covered).
# Ends with "N passed, N failed[, N skipped]".
. "$(dirname "$0")/lib.sh"

# ---------------------------------------------------------------- cases
# id        expect setup        days  (days: --now offset from issue time)
CASES='
CERT-001    fires  good         400
CERT-001    clean  good         0
CERT-002    fires  good         345
CERT-002    clean  good         300
CERT-003    fires  good         358
CERT-003    clean  good         345
CERT-004    fires  good         -2
CERT-004    clean  good         0
CERT-005    fires  rsa1024      0
CERT-005    fires  ec224        0
CERT-005    clean  good         0
CERT-005    clean  ec256        0
CERT-006    fires  sha1         0
CERT-006    clean  good         0
CERT-006    clean  selfsha1     0
CERT-007    fires  wrongkey     0
CERT-007    fires  nokey        0
CERT-007    clean  good         0
CERT-008    fires  wrongorder   0
CERT-008    fires  leafmissing  0
CERT-008    fires  unrelated    0
CERT-008    clean  good         0
CERT-008    clean  withroot     0
CERT-009    fires  othername    0
CERT-009    fires  wilddeep     0
CERT-009    clean  good         0
CERT-009    clean  wildcard     0
CERT-010    fires  selfsigned   0
CERT-010    clean  good         0
CERT-010    clean  selfloop     0
CERT-011    fires  snakeoil     0
CERT-011    clean  selfsigned   0
CERT-012    fires  dh1024       0
CERT-012    clean  dh2048       0
CERT-013    fires  unreadable   0
CERT-013    clean  good         0
CERT-014    fires  garbage      0
CERT-014    clean  good         0
'

if [ "${1:-}" = --list ]; then
	echo "$CASES" | awk 'NF == 4 { s[$1] = s[$1] " " $2 }
	    END { for (id in s) if (s[id] ~ /fires/ && s[id] ~ /clean/)
		print "PF-" id; for (id in s) if (s[id] ~ /fires/ && s[id] ~ /clean/)
		print "DC-" id }' | sort
	exit 0
fi

need openssl jq
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
M=$tmp/m
mkdir -p "$M"

# ------------------------------------------------------------ materials
# ossl ARGS - openssl, quiet unless it fails
ossl() {
	if ! openssl "$@" >"$tmp/ossl.out" 2>&1; then
		cat "$tmp/ossl.out"
		not_ok "openssl $*"
		finish
		exit 1
	fi
}
ext() { printf '%s\n' "$@" >"$M/ext"; }
# issue NAME ISSUER KEYSPEC SAN [DIGEST] - NAME.pem and NAME.key, signed by
# ISSUER (its .pem and .key), for 365 days
issue() {
	ossl req -new -newkey "$3" -nodes -keyout "$M/$1.key" -out "$M/$1.csr" \
	    -subj "/CN=${4#DNS:}"
	ext "subjectAltName=$4" "basicConstraints=critical,CA:FALSE" \
	    "keyUsage=digitalSignature,keyEncipherment" \
	    "extendedKeyUsage=serverAuth"
	ossl x509 -req -in "$M/$1.csr" -CA "$M/$2.pem" -CAkey "$M/$2.key" \
	    -CAcreateserial -days 365 "-${5:-sha256}" -extfile "$M/ext" \
	    -out "$M/$1.pem"
}
# selfsign NAME KEYSPEC SAN [DIGEST] - a self-signed server certificate
selfsign() {
	ext "subjectAltName=$3" "basicConstraints=critical,CA:FALSE"
	ossl req -x509 -newkey "$2" -nodes -keyout "$M/$1.key" -out "$M/$1.pem" \
	    -days 365 "-${4:-sha256}" -subj "/CN=${3#DNS:}" -addext "subjectAltName=$3" \
	    -addext "basicConstraints=critical,CA:FALSE"
}
ISSUED=$(date -u +%s)
ossl req -x509 -newkey rsa:2048 -nodes -keyout "$M/root.key" -out "$M/root.pem" \
    -days 3650 -subj "/CN=maillint test root" -addext "basicConstraints=critical,CA:TRUE"
ossl req -new -newkey rsa:2048 -nodes -keyout "$M/int.key" -out "$M/int.csr" \
    -subj "/CN=maillint test intermediate"
ext "basicConstraints=critical,CA:TRUE" "keyUsage=keyCertSign,cRLSign"
ossl x509 -req -in "$M/int.csr" -CA "$M/root.pem" -CAkey "$M/root.key" \
    -CAcreateserial -days 3650 -extfile "$M/ext" -out "$M/int.pem"
ossl req -x509 -newkey rsa:2048 -nodes -keyout "$M/other-ca.key" \
    -out "$M/other-ca.pem" -days 3650 -subj "/CN=maillint unrelated CA"
issue leaf int rsa:2048 DNS:mail.example.org
issue rsa1024 int rsa:1024 DNS:mail.example.org
ossl genpkey -genparam -algorithm EC -pkeyopt ec_paramgen_curve:P-224 -out "$M/p224"
ossl genpkey -genparam -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$M/p256"
issue ec224 int "ec:$M/p224" DNS:mail.example.org
issue ec256 int "ec:$M/p256" DNS:mail.example.org
issue sha1 int rsa:2048 DNS:mail.example.org sha1
issue wild int rsa:2048 'DNS:*.example.org'
selfsign self rsa:2048 DNS:mail.example.org
selfsign selfsha1 rsa:2048 DNS:mail.example.org sha1
ossl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$M/other.key"
ossl dhparam -dsaparam -out "$M/dh1024.pem" 1024
ossl genpkey -genparam -algorithm DH -pkeyopt dh_param:ffdhe2048 -out "$M/dh2048.pem"
ok "certificates made with $(openssl version | cut -d' ' -f1-2)"

# at DAYS - ISO 8601 date DAYS days after the certificates were issued
at() { date -u -d "@$((ISSUED + 60 + $1 * 86400))" +%Y-%m-%dT%H:%M:%SZ; }

# ---------------------------------------------------------------- trees
# tree DIR PRODUCT - a clean host: Postfix (main.cf) or Dovecot
# (dovecot.conf) with /etc/ssl/mail.pem, mail.key, dh.pem; HOST, CERT,
# KEY, DHFILE and LISTEN (Dovecot listen) may be set before calling
tree() {
	d=$1
	mkdir -p "$d/etc/ssl" "$d/etc/postfix" "$d/etc/dovecot"
	if [ "$2" = postfix ]; then
		cat >"$d/etc/postfix/main.cf" <<EOF
compatibility_level = 3.6
myhostname = ${HOST:-mail.example.org}
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
smtpd_tls_security_level = may
smtpd_tls_protocols = >=TLSv1.2
smtpd_tls_mandatory_protocols = >=TLSv1.2
smtpd_tls_cert_file = ${CERT:-/etc/ssl/mail.pem}
smtpd_tls_key_file = ${KEY:-/etc/ssl/mail.key}
smtpd_tls_dh1024_param_file = ${DHFILE:-/etc/ssl/dh.pem}
inet_interfaces = ${LISTEN:-all}
EOF
		if [ -n "${LISTEN:-}" ]; then
			printf '%s:smtp inet n - y - - smtpd\n' "$LISTEN" \
			    >"$d/etc/postfix/master.cf"
		fi
	else
		cat >"$d/etc/dovecot/dovecot.conf" <<EOF
protocols = imap
listen = ${LISTEN:-*}
hostname = ${HOST:-mail.example.org}
ssl = required
ssl_min_protocol = TLSv1.2
ssl_cert = <${CERT:-/etc/ssl/mail.pem}
ssl_key = <${KEY:-/etc/ssl/mail.key}
ssl_dh = <${DHFILE:-/etc/ssl/dh.pem}
disable_plaintext_auth = yes
EOF
	fi
	cp "$M/dh2048.pem" "$d/etc/ssl/dh.pem"
}

# pem DIR FILE... - DIR/etc/ssl/mail.pem is the FILEs of $M, in order
pem() {
	_d=$1
	shift
	: >"$_d/etc/ssl/mail.pem"
	for _f do cat "$M/$_f" >>"$_d/etc/ssl/mail.pem"; done
}
key() { cp "$M/$2" "$1/etc/ssl/mail.key"; }

# setup NAME DIR PRODUCT - the tree of one setup of the case table
setup() {
	HOST= CERT= KEY= DHFILE= LISTEN=
	case $1 in
	othername) HOST=other.example.net ;;
	wilddeep) HOST=a.mail.example.org ;;
	snakeoil) CERT=/etc/ssl/certs/ssl-cert-snakeoil.pem
		KEY=/etc/ssl/private/ssl-cert-snakeoil.key ;;
	selfloop) LISTEN=127.0.0.1 ;;
	esac
	tree "$2" "$3"
	pem "$2" leaf.pem int.pem
	key "$2" leaf.key
	case $1 in
	good|othername) ;;
	rsa1024|ec224|ec256|sha1) pem "$2" "$1.pem" int.pem; key "$2" "$1.key" ;;
	selfsha1|selfsigned|selfloop) pem "$2" self.pem; key "$2" self.key
		[ "$1" = selfsha1 ] && { pem "$2" selfsha1.pem; key "$2" selfsha1.key; } ;;
	wrongkey) key "$2" other.key ;;
	nokey) KEY=/etc/ssl/mail.pem tree "$2" "$3" ;;
	wrongorder) pem "$2" int.pem leaf.pem ;;
	leafmissing) pem "$2" int.pem ;;
	unrelated) pem "$2" leaf.pem other-ca.pem ;;
	withroot) pem "$2" leaf.pem int.pem root.pem ;;
	wildcard|wilddeep) pem "$2" wild.pem int.pem; key "$2" wild.key ;;
	snakeoil) mkdir -p "$2/etc/ssl/certs" "$2/etc/ssl/private"
		cp "$M/self.pem" "$2/etc/ssl/certs/ssl-cert-snakeoil.pem"
		cp "$M/self.key" "$2/etc/ssl/private/ssl-cert-snakeoil.key" ;;
	dh1024) cp "$M/dh1024.pem" "$2/etc/ssl/dh.pem" ;;
	dh2048) ;;
	unreadable) chmod 600 "$2/etc/ssl/mail.key" ;;
	garbage) printf -- '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n' \
		>"$2/etc/ssl/mail.pem" ;;
	*) not_ok "no setup $1"; return 1 ;;
	esac
}

# as_other - a prefix that runs a command as another user (the unreadable
# case), or nothing when maillint already is one that root's files refuse
AS_OTHER=
if [ "$(id -u)" -eq 0 ]; then
	if command -v setpriv >/dev/null 2>&1; then
		AS_OTHER="setpriv --reuid=65534 --regid=65534 --clear-groups --"
	else
		AS_OTHER=none
	fi
fi

# lint DIR DAYS [ARGS...] - maillint's JSON for the tree in $tmp/out.json
lint() {
	_dir=$1 _days=$2
	shift 2
	"$MAILLINT" --root "$_dir" --format json --now "$(at "$_days")" "$@" \
	    >"$tmp/out.json" 2>"$tmp/err"
	_rc=$?
	if [ "$_rc" -gt 1 ] || ! jq -e 'type == "object"' "$tmp/out.json" >/dev/null 2>&1; then
		not_ok "maillint exit $_rc on $_dir: $(head -3 "$tmp/err")"
		return 1
	fi
}
ids() { jq -r '.findings[].rule' "$tmp/out.json" | sort -u; }

n=0
echo "$CASES" | while read -r id expect name days; do
	[ -n "$id" ] || continue
	for pp in PF:postfix DC:dovecot; do
		p=${pp%%:*} product=${pp#*:}
		n=$((n + 1))
		dir=$tmp/case$n
		setup "$name" "$dir" "$product" || continue
		runner=
		if [ "$name" = unreadable ]; then
			if [ "$AS_OTHER" = none ]; then
				skip "$p-$id $expect ($name): cannot drop root (no setpriv)"
				continue
			fi
			runner=$AS_OTHER
			chmod -R a+rX "$tmp"
			chmod 600 "$dir/etc/ssl/mail.key"
			chmod 755 "$tmp"
		fi
		if [ -n "$runner" ]; then
			# The other user may not reach the build tree (a clone
			# in a mode-700 folder): it runs copies of the binary
			# and the rules from $tmp.
			if [ ! -x "$tmp/other/maillint" ]; then
				mkdir -p "$tmp/other"
				cp "$MAILLINT" "$tmp/other/maillint"
				# its modules are looked up beside it
				cp "$(dirname "$MAILLINT")"/maillint-*.so \
				    "$tmp/other/"
				cp -R "$MAILLINT_DATADIR/rules" "$tmp/other/rules"
				chmod -R a+rX "$tmp/other"
			fi
			MAILLINT_DATADIR=$tmp/other $runner "$tmp/other/maillint" \
			    --root "$dir" --format json \
			    --now "$(at "$days")" >"$tmp/out.json" 2>"$tmp/err"
			if ! jq -e 'type == "object"' "$tmp/out.json" >/dev/null 2>&1; then
				not_ok "$p-$id $expect ($name): maillint as another user gave no JSON: $(head -2 "$tmp/err")"
				continue
			fi
		else
			lint "$dir" "$days" || continue
		fi
		found=$(ids | grep -c -x "$p-$id")
		if { [ "$expect" = fires ] && [ "$found" -eq 1 ]; } ||
		    { [ "$expect" = clean ] && [ "$found" -eq 0 ]; }; then
			ok "$p-$id $expect ($name, now +$days days)"
		else
			not_ok "$p-$id $expect ($name, now +$days days): reported $(ids | tr '\n' ' ')"
		fi
	done
	echo "$t_pass $t_fail $t_skip" >"$tmp/counts"
done
read -r t_pass t_fail t_skip <"$tmp/counts"

# The clean host itself: no certificate rule at all, either product.
for product in postfix dovecot; do
	setup good "$tmp/clean-$product" "$product"
	lint "$tmp/clean-$product" 0
	if [ -z "$(ids | grep -e '-CERT-')" ]; then
		ok "the clean $product host: no certificate finding"
	else
		not_ok "the clean $product host: $(ids | tr '\n' ' ')"
	fi
done

# ------------------------------------------------------- the JSON facts
dir=$tmp/facts
setup good "$dir" postfix
lint "$dir" 358
fp=$(openssl x509 -in "$M/leaf.pem" -noout -fingerprint -sha256 | sed 's/^[^=]*=//')
na=$(date -u -d "$(openssl x509 -in "$M/leaf.pem" -noout -enddate | sed 's/^notAfter=//')" +%Y-%m-%dT%H:%M:%SZ)
got=$(jq -r '.findings[] | select(.rule == "PF-CERT-003") | .certificate |
    [.subject, (.san | join(",")), .not_after, .key_type, (.key_bits | tostring),
     .fingerprint_sha256, .file, .chain, .key_match, .host_covered] | join("|")' "$tmp/out.json")
want="CN=mail.example.org|DNS:mail.example.org|$na|RSA|2048|$fp|etc/ssl/mail.pem|ok|yes|yes"
if [ "$got" = "$want" ]; then
	ok "JSON certificate facts agree with openssl x509 ($fp)"
else
	not_ok "JSON certificate facts: got $got, want $want"
fi
lint "$dir" 358 --format sarif
if [ "$(jq -r '[.runs[0].results[] | select(.ruleId == "PF-CERT-003")][0].properties.certificate.fingerprint_sha256' "$tmp/out.json")" = "$fp" ]; then
	ok "SARIF result properties.certificate carries the fingerprint"
else
	not_ok "SARIF result has no properties.certificate"
fi

# No private key material in any output: the body lines of every key.
setup wrongkey "$dir.k" postfix
: >"$tmp/all"
for f in json sarif text; do
	"$MAILLINT" --root "$dir.k" --format "$f" --now "$(at 0)" >>"$tmp/all" 2>&1
done
leak=
for k in "$M/leaf.key" "$M/other.key"; do
	grep -v -e '-----' "$k" | while read -r line; do
		grep -q -F "$line" "$tmp/all" && echo "$line"
	done >"$tmp/leak"
	[ -s "$tmp/leak" ] && leak="$leak $k"
done
if [ -z "$leak" ] && grep -q 'CERT-007' "$tmp/all"; then
	ok "no private key text in text, JSON or SARIF output"
else
	not_ok "private key text in the output:$leak"
fi

# ------------------------------------------------------------ options
lint "$dir" 400 --no-file-check
if [ -z "$(ids | grep CERT)" ]; then
	ok "--no-file-check: no certificate finding"
else
	not_ok "--no-file-check still reports $(ids | tr '\n' ' ')"
fi
lint "$dir" 310 --cert-warn-days 60
if [ "$(ids | grep -c -x PF-CERT-002)" -eq 1 ]; then
	ok "--cert-warn-days 60: 55 days left is a warning"
else
	not_ok "--cert-warn-days 60: reported $(ids | tr '\n' ' ')"
fi
lint "$dir" 310 --cert-warn-days 60 --cert-error-days 60
if [ "$(ids | grep -c -x PF-CERT-003)" -eq 1 ] && [ "$(ids | grep -c -x PF-CERT-002)" -eq 0 ]; then
	ok "--cert-error-days 60: 55 days left is an error"
else
	not_ok "--cert-error-days 60: reported $(ids | tr '\n' ' ')"
fi
for bad in 2026-13-01 yesterday 2026-02-30 "2026-01-01T25:00"; do
	"$MAILLINT" --root "$dir" --now "$bad" >/dev/null 2>"$tmp/err"
	rc=$?
	if [ "$rc" -eq 2 ] && grep -q -- '--now' "$tmp/err"; then
		ok "--now $bad: usage error"
	else
		not_ok "--now $bad: exit $rc"
	fi
done
"$MAILLINT" --root "$dir" --cert-warn-days 10 --cert-error-days 20 >/dev/null 2>&1
if [ $? -eq 2 ]; then
	ok "--cert-error-days above --cert-warn-days: usage error"
else
	not_ok "--cert-error-days above --cert-warn-days accepted"
fi
if lint "$dir" 0 --now 2026-01-01T00:00:00+02:00; then
	ok "--now with a zone offset accepted"
fi
lint "$dir" 0 --now "$(date -u -d "@$((ISSUED - 3 * 86400))" +%F)"
if [ "$(ids | grep -c -x PF-CERT-004)" -eq 1 ]; then
	ok "--now YYYY-MM-DD before the certificate: not yet valid"
else
	not_ok "--now YYYY-MM-DD: reported $(ids | tr '\n' ' ')"
fi

# ----------------------------------------------- where certificates are
# Postfix: a master.cf -o override names another certificate (expired
# long before the main.cf one would): the finding is at the -o, scope
# submission/inet.
dir=$tmp/override
setup good "$dir" postfix
issue sub int rsa:1024 DNS:mail.example.org
cp "$M/sub.pem" "$dir/etc/ssl/sub.pem"
cp "$M/sub.key" "$dir/etc/ssl/sub.key"
cat >"$dir/etc/postfix/master.cf" <<'EOF'
smtp      inet  n       -       y       -       -       smtpd
submission inet n       -       y       -       -       smtpd
  -o smtpd_tls_security_level=encrypt
  -o smtpd_tls_cert_file=/etc/ssl/sub.pem
  -o smtpd_tls_key_file=/etc/ssl/sub.key
EOF
lint "$dir" 0
got=$(jq -r '.findings[] | select(.rule == "PF-CERT-005") | "\(.file):\(.line) \(.scope)"' "$tmp/out.json")
if [ "$got" = "etc/postfix/master.cf:4 submission/inet" ]; then
	ok "master.cf -o smtpd_tls_cert_file: judged on its own listener"
else
	not_ok "master.cf -o: PF-CERT-005 at '$got'"
fi

# smtpd_tls_chain_files: key then chain in one file; a second file with
# an ECDSA key and a wrong-order chain is its own finding.
dir=$tmp/chainfiles
setup good "$dir" postfix
cat "$M/leaf.key" "$M/leaf.pem" "$M/int.pem" >"$dir/etc/ssl/rsa.pem"
cat "$M/ec256.key" "$M/int.pem" "$M/ec256.pem" >"$dir/etc/ssl/ec.pem"
printf 'smtpd_tls_chain_files = /etc/ssl/rsa.pem, /etc/ssl/ec.pem\n' >>"$dir/etc/postfix/main.cf"
lint "$dir" 0
got=$(jq -r '[.findings[] | select(.rule | startswith("PF-CERT")) | "\(.rule) \(.certificate.key_type)"] | join(",")' "$tmp/out.json")
if [ "$got" = "PF-CERT-008 EC" ]; then
	ok "smtpd_tls_chain_files: one use per key, the ECDSA chain out of order"
else
	not_ok "smtpd_tls_chain_files: got '$got'"
fi

# Dovecot 2.4: ssl_server_cert_file / ssl_server_key_file (no "<"), and a
# local_name section whose certificate does not cover its name.
dir=$tmp/dc24
setup good "$dir" dovecot
issue imap2 int rsa:2048 DNS:imap.example.net
cp "$M/imap2.pem" "$M/imap2.key" "$dir/etc/ssl/"
cat >"$dir/etc/dovecot/dovecot.conf" <<'EOF'
dovecot_config_version = 2.4.1
dovecot_storage_version = 2.4.1
protocols = imap
ssl = required
ssl_server_cert_file = /etc/ssl/mail.pem
ssl_server_key_file = /etc/ssl/other.key
local_name mail.example.com {
  ssl_server_cert_file = /etc/ssl/imap2.pem
  ssl_server_key_file = /etc/ssl/imap2.key
}
EOF
cp "$M/other.key" "$dir/etc/ssl/other.key"
lint "$dir" 0
got=$(jq -r '[.findings[] | select(.rule | startswith("DC-CERT")) | "\(.rule)@\(.line):\(.scope)"] | sort | join(",")' "$tmp/out.json")
case $got in
*"DC-CERT-007@6:"*"DC-CERT-009@8:local_name mail.example.com"*)
	ok "Dovecot 2.4 names and local_name sections: $got" ;;
*)	not_ok "Dovecot 2.4 / local_name: got '$got'" ;;
esac
finish
