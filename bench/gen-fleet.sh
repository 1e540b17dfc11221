#!/bin/sh
# gen-fleet.sh DIR N - write N host snapshots into DIR/hostNNNNN (a fleet
# for `maillint --fleet DIR`), each a small realistic mail server:
#   etc/postfix/main.cf, master.cf (the stock services, submission and
#   submissions on some), etc/dovecot/dovecot.conf with conf.d/, and the
#   certificate and key the listeners name (with openssl on PATH: four EC
#   certificates valid 5, 20, 60 and 365 days from today, shared round
#   the fleet; without it the certificates are left out, which a snapshot
#   may do).
# The weaknesses vary with the host number, so that a fleet report has
# something to count: old TLS versions on 1 host in 5, Dovecot TLSv1 on 1
# in 4, AUTH before STARTTLS on 1 in 6, plaintext Dovecot logins on 1 in
# 9, no port 465 on 1 in 4, an obsolete parameter on 1 in 11, an open
# mynetworks on 1 in 50, and the rest as a careful admin leaves them.
# Deterministic: the same N gives the same tree (certificate dates apart).
set -eu
d=$1 n=$2
case $n in ''|*[!0-9]*) echo "gen-fleet.sh: N must be a number" >&2; exit 2 ;; esac
mkdir -p "$d"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

certs=0
if command -v openssl >/dev/null 2>&1; then
	for days in 5 20 60 365; do
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
		    -nodes -keyout "$tmp/k$days.pem" -out "$tmp/c$days.pem" \
		    -days "$days" -subj "/CN=mail.example.net" \
		    -addext "subjectAltName=DNS:mail.example.net" 2>/dev/null
	done
	certs=1
fi

# the directories first, in one mkdir
awk -v n="$n" -v d="$d" 'BEGIN {
	for (i = 0; i < n; i++) {
		h = sprintf("%s/host%05d", d, i)
		print h "/etc/postfix"; print h "/etc/dovecot/conf.d"
		print h "/etc/ssl/mail"
	}
}' | xargs mkdir -p

awk -v n="$n" -v d="$d" -v certs="$certs" -v tmp="$tmp" '
function slurp(f,    s, line) {
	s = ""
	while ((getline line < f) > 0)
		s = s line "\n"
	close(f)
	return s
}
BEGIN {
	split("5 20 60 365", days, " ")
	if (certs)
		for (k = 1; k <= 4; k++) {
			crt[k] = slurp(tmp "/c" days[k] ".pem")
			key[k] = slurp(tmp "/k" days[k] ".pem")
		}
	for (i = 0; i < n; i++) {
		h = sprintf("%s/host%05d", d, i)
		name = sprintf("mx%05d.example.net", i)

		f = h "/etc/postfix/main.cf"
		print "# main.cf of " name > f
		print "compatibility_level = 3.6" > f
		print "myhostname = " name > f
		print "mydomain = example.net" > f
		print "myorigin = $mydomain" > f
		print "inet_interfaces = all" > f
		print "mydestination = $myhostname, localhost.$mydomain, localhost" > f
		if (i % 50 == 7)
			print "mynetworks = 0.0.0.0/0" > f
		else
			print "mynetworks = 127.0.0.0/8 [::ffff:127.0.0.0]/104 [::1]/128" > f
		print "smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination" > f
		print "smtpd_tls_cert_file = /etc/ssl/mail/cert.pem" > f
		print "smtpd_tls_key_file = /etc/ssl/mail/key.pem" > f
		print "smtpd_tls_security_level = may" > f
		if (i % 5 == 3) {
			print "smtpd_tls_protocols = !SSLv2, !SSLv3" > f
			print "smtpd_tls_mandatory_protocols = !SSLv2, !SSLv3" > f
		} else {
			print "smtpd_tls_protocols = >=TLSv1.2" > f
			print "smtpd_tls_mandatory_protocols = >=TLSv1.2" > f
		}
		print "smtp_tls_security_level = may" > f
		print "smtpd_sasl_type = dovecot" > f
		print "smtpd_sasl_path = private/auth" > f
		if (i % 6 == 1) {
			print "smtpd_sasl_auth_enable = yes" > f
			print "smtpd_tls_auth_only = no" > f
		}
		if (i % 11 == 4)
			print "smtpd_use_tls = yes" > f
		print "alias_maps = hash:/etc/aliases" > f
		print "mailbox_size_limit = 0" > f
		print "recipient_delimiter = +" > f
		close(f)

		f = h "/etc/postfix/master.cf"
		print "smtp      inet  n       -       y       -       -       smtpd" > f
		print "submission inet n       -       y       -       -       smtpd" > f
		print "  -o syslog_name=postfix/submission" > f
		print "  -o smtpd_tls_security_level=encrypt" > f
		print "  -o smtpd_sasl_auth_enable=yes" > f
		print "  -o smtpd_tls_auth_only=yes" > f
		if (i % 4 != 2) {
			print "submissions inet n      -       y       -       -       smtpd" > f
			print "  -o syslog_name=postfix/submissions" > f
			print "  -o smtpd_tls_wrappermode=yes" > f
			print "  -o smtpd_sasl_auth_enable=yes" > f
		}
		print "pickup    unix  n       -       y       60      1       pickup" > f
		print "cleanup   unix  n       -       y       -       0       cleanup" > f
		print "qmgr      unix  n       -       n       300     1       qmgr" > f
		print "tlsmgr    unix  -       -       y       1000?   1       tlsmgr" > f
		print "rewrite   unix  -       -       y       -       -       trivial-rewrite" > f
		print "bounce    unix  -       -       y       -       0       bounce" > f
		print "defer     unix  -       -       y       -       0       bounce" > f
		print "trace     unix  -       -       y       -       0       bounce" > f
		print "verify    unix  -       -       y       -       1       verify" > f
		print "flush     unix  n       -       y       1000?   0       flush" > f
		print "proxymap  unix  -       -       n       -       -       proxymap" > f
		print "smtp      unix  -       -       y       -       -       smtp" > f
		print "relay     unix  -       -       y       -       -       smtp" > f
		print "showq     unix  n       -       y       -       -       showq" > f
		print "error     unix  -       -       y       -       -       error" > f
		print "retry     unix  -       -       y       -       -       error" > f
		print "discard   unix  -       -       y       -       -       discard" > f
		print "local     unix  -       n       n       -       -       local" > f
		print "virtual   unix  -       n       n       -       -       virtual" > f
		print "lmtp      unix  -       -       y       -       -       lmtp" > f
		print "anvil     unix  -       -       y       -       1       anvil" > f
		print "scache    unix  -       -       y       -       1       scache" > f
		close(f)

		f = h "/etc/dovecot/dovecot.conf"
		print "protocols = imap pop3 lmtp" > f
		print "listen = *, ::" > f
		print "!include conf.d/*.conf" > f
		close(f)
		f = h "/etc/dovecot/conf.d/10-ssl.conf"
		print "ssl = required" > f
		print "ssl_cert = </etc/ssl/mail/cert.pem" > f
		print "ssl_key = </etc/ssl/mail/key.pem" > f
		print "ssl_min_protocol = " (i % 4 == 1 ? "TLSv1" : "TLSv1.2") > f
		print "ssl_prefer_server_ciphers = yes" > f
		close(f)
		f = h "/etc/dovecot/conf.d/10-auth.conf"
		print "disable_plaintext_auth = " (i % 9 == 5 ? "no" : "yes") > f
		print "auth_mechanisms = plain login" > f
		print "!include auth-system.conf.ext" > f
		close(f)
		f = h "/etc/dovecot/conf.d/auth-system.conf.ext"
		print "passdb {\n  driver = pam\n}\nuserdb {\n  driver = passwd\n}" > f
		close(f)
		f = h "/etc/dovecot/conf.d/10-master.conf"
		print "service imap-login {" > f
		print "  inet_listener imap {\n    port = 143\n  }" > f
		print "  inet_listener imaps {\n    port = 993\n    ssl = yes\n  }" > f
		print "}" > f
		print "service pop3-login {" > f
		print "  inet_listener pop3 {\n    port = " (i % 3 == 0 ? 110 : 0) "\n  }" > f
		print "  inet_listener pop3s {\n    port = 995\n    ssl = yes\n  }" > f
		print "}" > f
		print "service auth {" > f
		print "  unix_listener /var/spool/postfix/private/auth {\n    mode = 0660\n    user = postfix\n    group = postfix\n  }" > f
		print "}" > f
		close(f)
		if (certs) {
			k = i % 4 + 1
			f = h "/etc/ssl/mail/cert.pem"
			printf "%s", crt[k] > f
			close(f)
			f = h "/etc/ssl/mail/key.pem"
			printf "%s", key[k] > f
			close(f)
		}
	}
}'
