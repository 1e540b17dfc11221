#!/bin/sh
# Oracle test: maillint's model must agree with the real parsers.
#   Postfix: `postconf -n` (explicit main.cf settings), `postconf -P`
#   (master.cf -o overrides) and `postconf -x NAMES` (effective, expanded
#   values) on every corpus set and fixture with a main.cf.
#   Dovecot: `doveconf -h NAME` (effective global value) for the TLS and
#   auth keys on every corpus set and fixture with a dovecot.conf that
#   doveconf accepts.
# Values are compared with whitespace collapsed (postconf prints them so).
# Needs postconf, doveconf and jq; a missing tool is a failure in CI.
. "$(dirname "$0")/lib.sh"

POSTCONF=${POSTCONF:-$(command -v postconf || echo /usr/sbin/postconf)}
DOVECONF=${DOVECONF:-$(command -v doveconf || echo /usr/bin/doveconf)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for tool in "$POSTCONF" "$DOVECONF" jq; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		not_ok "oracle tool $tool is not installed (sh .ci/deps test)"
		finish
		exit 1
	fi
done

PF_KEYS="compatibility_level inet_interfaces smtpd_tls_security_level
smtpd_use_tls smtpd_enforce_tls smtpd_tls_wrappermode smtpd_tls_auth_only
smtpd_tls_protocols smtpd_tls_mandatory_protocols smtpd_tls_ciphers
smtpd_tls_mandatory_ciphers smtpd_tls_cert_file smtpd_tls_key_file
smtpd_sasl_auth_enable smtpd_sasl_type smtpd_sasl_path
smtpd_sasl_security_options smtpd_relay_restrictions
smtpd_recipient_restrictions mynetworks_style smtp_tls_security_level
smtp_tls_protocols smtp_tls_mandatory_protocols lmtp_tls_protocols
lmtp_tls_mandatory_protocols tls_high_cipherlist tls_medium_cipherlist"
# Compare under the version of the oracle that is installed.
PF_VER=$("$POSTCONF" -dh mail_version 2>/dev/null)
DC_VER=$("$DOVECONF" -d 2>/dev/null | sed -n '1s/^# \([0-9.]*\).*/\1/p')
DC_KEYS="protocols listen ssl ssl_min_protocol ssl_cipher_list
ssl_prefer_server_ciphers ssl_cert ssl_key disable_plaintext_auth
auth_mechanisms login_trusted_networks"

# postfix_case NAME DIR - DIR holds main.cf (and maybe master.cf)
postfix_case() {
	name=$1 src=$2 d="$tmp/pf"
	rm -rf "$d" && mkdir -p "$d"
	cp "$src/main.cf" "$d/main.cf"
	if [ -f "$src/master.cf" ]; then cp "$src/master.cf" "$d/master.cf"; else : >"$d/master.cf"; fi
	# Postfix re-reads a main.cf changed within the last second until it
	# is older (300 ms naps, about 2 s): make the copies old.
	touch -t 200001010000 "$d/main.cf" "$d/master.cf"
	if ! "$POSTCONF" -c "$d" -n >"$tmp/pc.n" 2>"$tmp/pc.err"; then
		skip "$name: postconf rejects it ($(head -1 "$tmp/pc.err"))"
		return
	fi
	"$MAILLINT" --postfix-dir "$d" --postfix-version "$PF_VER" --dump --format json >"$tmp/ml.json" 2>/dev/null
	if ! jq -e .postfix >/dev/null 2>&1 <"$tmp/ml.json"; then
		not_ok "$name: maillint --dump gave no postfix model"
		return
	fi
	grep -v '^config_directory = ' "$tmp/pc.n" | collapse | sort -u >"$tmp/want.n"
	jq -r '.postfix.main[] | "\(.name) = \(.value)"' <"$tmp/ml.json" |
	    collapse | sort -u >"$tmp/got.n"
	# postconf -n hides user-defined parameters nothing uses: an extra
	# line of ours is fine only when postconf does not know the name.
	bad=0
	comm -23 "$tmp/want.n" "$tmp/got.n" >"$tmp/missing"
	comm -13 "$tmp/want.n" "$tmp/got.n" | sed 's/ = .*//' | while read -r p; do
		if "$POSTCONF" -c "$d" -d "$p" 2>/dev/null | grep -q .; then echo "$p"; fi
	done >"$tmp/extra"
	if [ -s "$tmp/missing" ] || [ -s "$tmp/extra" ]; then
		not_ok "$name: main.cf settings differ from postconf -n"
		sed 's/^/  postconf only: /' "$tmp/missing"
		sed 's/^/  maillint only (known parameter): /' "$tmp/extra"
		bad=1
	fi
	[ $bad -eq 0 ] && ok "$name: postconf -n"
	"$POSTCONF" -c "$d" -P 2>/dev/null | collapse | sort -u >"$tmp/want.P"
	jq -r '.postfix.services[] | .service as $s | .type as $t |
	    .overrides[] | "\($s)/\($t)/\(.name) = \(.value)"' <"$tmp/ml.json" |
	    collapse | sort -u >"$tmp/got.P"
	# postconf -P shows the last value per name: drop our earlier ones.
	awk -F' = ' '{ v[$1] = $0 } END { for (k in v) print v[k] }' "$tmp/got.P" |
	    sort -u >"$tmp/got.P2"
	if diff -u "$tmp/want.P" "$tmp/got.P2" >"$tmp/diff"; then
		ok "$name: postconf -P"
	else
		not_ok "$name: master.cf overrides differ from postconf -P"
		sed 's/^/  /' "$tmp/diff"
	fi
	# One postconf call for every key: "name = value" lines.
	# shellcheck disable=SC2086
	"$POSTCONF" -c "$d" -x $PF_KEYS 2>/dev/null | collapse >"$tmp/want.x"
	jq -r '.postfix.effective[] | "\(.name) = \(.value)"' <"$tmp/ml.json" |
	    collapse >"$tmp/got.x"
	# Every key compared in one awk run (a process per key made this
	# test spend minutes starting processes).
	bad=0
	awk -v keys="$PF_KEYS" '
	    function val(line, k) { sub("^" k " = ?", "", line); return line }
	    FNR == NR { k = $1; W[k] = val($0, k); next }
	    { k = $1; G[k] = val($0, k) }
	    END {
		n = split(keys, K, /[ \t\n]+/)
		for (i = 1; i <= n; i++)
			if (K[i] != "" && W[K[i]] != G[K[i]])
				printf "  %s: postconf -x \"%s\", maillint \"%s\"\n",
				    K[i], W[K[i]], G[K[i]]
	    }' "$tmp/want.x" "$tmp/got.x" >"$tmp/xdiff"
	if [ -s "$tmp/xdiff" ]; then cat "$tmp/xdiff"; bad=1; fi
	if [ $bad -eq 0 ]; then ok "$name: effective values (postconf -x)"; else
		not_ok "$name: effective values differ from postconf -x"; fi
}

# dovecot_case NAME FILE
dovecot_case() {
	name=$1 conf=$2
	if ! "$DOVECONF" -c "$conf" -n >/dev/null 2>"$tmp/dc.err"; then
		skip "$name: doveconf rejects it ($(grep -m1 -i 'error\|fatal' "$tmp/dc.err"))"
		return
	fi
	"$MAILLINT" --dovecot-conf "$conf" --dovecot-version "$DC_VER" --dump --format json >"$tmp/ml.json" 2>/dev/null
	# One doveconf call: -h prints the values of all keys, in order.
	# shellcheck disable=SC2086
	"$DOVECONF" -c "$conf" -h $DC_KEYS 2>/dev/null >"$tmp/want.h"
	jq -r '.dovecot.effective[] | "\(.name)\t\(.value)"' <"$tmp/ml.json" >"$tmp/got.h"
	# want.h: line i is the value of key i; got.h: "key<TAB>value".
	bad=0
	collapse <"$tmp/want.h" >"$tmp/want.hc"
	awk -F'\t' -v keys="$DC_KEYS" '
	    function squeeze(v) { gsub(/[ \t]+/, " ", v); sub(/^ /, "", v); sub(/ $/, "", v); return v }
	    FNR == NR { W[FNR] = $0; next }
	    { G[$1] = squeeze(substr($0, length($1) + 2)) }
	    END {
		n = split(keys, K, /[ \t\n]+/); j = 0
		for (i = 1; i <= n; i++) {
			if (K[i] == "") continue
			j++
			if (W[j] != G[K[i]])
				printf "  %s: doveconf -h \"%s\", maillint \"%s\"\n",
				    K[i], W[j], G[K[i]]
		}
	    }' "$tmp/want.hc" "$tmp/got.h" >"$tmp/hdiff"
	if [ -s "$tmp/hdiff" ]; then cat "$tmp/hdiff"; bad=1; fi
	if [ $bad -eq 0 ]; then ok "$name: doveconf -h ($(echo $DC_KEYS | wc -w) keys)"; else
		not_ok "$name: effective values differ from doveconf -h"; fi
}

if have_corpus; then
	for set in "$CORPUS"/*/; do
		set=${set%/}
		n=$(basename "$set")
		[ -f "$set/postfix/main.cf" ] && postfix_case "corpus/$n" "$set/postfix"
		[ -f "$set/dovecot/dovecot.conf" ] && dovecot_case "corpus/$n" "$set/dovecot/dovecot.conf"
	done
else
	skip "$(corpus_hint)"
fi
for dir in "$top_srcdir"/fixtures/*/ "$top_srcdir"/contrib/demo/; do
	dir=${dir%/}
	n=$(basename "$dir")
	# Hostile regression trees are for tests/hostile.sh: doveconf and
	# postconf have no limits of their own on them.
	case $n in hostile-*) continue ;; esac
	[ -f "$dir/etc/postfix/main.cf" ] && postfix_case "fixture/$n" "$dir/etc/postfix"
	[ -f "$dir/etc/dovecot/dovecot.conf" ] && dovecot_case "fixture/$n" "$dir/etc/dovecot/dovecot.conf"
done
finish
