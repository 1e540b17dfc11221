#!/bin/sh
# gen-large.sh DIR N - write a synthetic host tree into DIR (etc/postfix,
# etc/dovecot) of N units: N*5000 main.cf parameters, N*500 master.cf
# services (each with three -o options), N*50 Dovecot conf.d files of one
# namespace and 25 plugin settings each.  N=4 is the "large" tree of
# bench/run.sh (20,000 parameters, 2,000 services, 200 Dovecot files,
# 1.3 MB of text, 1.9 MB on disk); N=8 is twice that.
set -eu
d=$1 n=$2
mkdir -p "$d/etc/postfix" "$d/etc/dovecot/conf.d"
awk -v n="$n" 'BEGIN {
	print "smtpd_tls_cert_file = /etc/ssl/c.pem"
	print "smtpd_tls_security_level = may"
	for (i = 0; i < n * 5000; i++)
		printf "p_%06d = value_%d ${myhostname} other\n", i, i
}' >"$d/etc/postfix/main.cf"
awk -v n="$n" 'BEGIN {
	print "smtp inet n - y - - smtpd"
	for (i = 0; i < n * 500; i++) {
		printf "127.0.0.1:%d inet n - n - - smtpd\n", 10000 + i
		printf "  -o smtpd_tls_security_level=may\n"
		printf "  -o smtpd_sasl_auth_enable=no\n"
		printf "  -o syslog_name=postfix/p%d\n", i
	}
}' >"$d/etc/postfix/master.cf"
printf 'protocols = imap pop3\nssl_cert = </etc/dovecot/c.pem\nssl_key = </etc/dovecot/k.pem\n!include conf.d/*.conf\n' \
    >"$d/etc/dovecot/dovecot.conf"
awk -v n="$n" -v dir="$d/etc/dovecot/conf.d" 'BEGIN {
	for (f = 0; f < n * 50; f++) {
		file = sprintf("%s/%04d.conf", dir, f)
		printf "namespace ns%d {\n  prefix = ns%d/\n  separator = /\n}\n", f, f >file
		for (k = 0; k < 25; k++)
			printf "plugin {\n  x_%d_%d = value %d\n}\n", f, k, k >file
		close(file)
	}
}'
