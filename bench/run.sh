#!/bin/sh
# Benchmark: maillint against postconf -n + doveconf -n on the same trees.
#
# Reports instruction counts from callgrind (repeatable on a shared
# machine) and, when hyperfine is installed, wall-clock means. Trees:
#   stock    Debian 12 stock configuration (fixtures/debian-stock)
#   big-N    synthetic: N*5000 main.cf parameters, N*500 master.cf services
#            with 3 -o each, N*50 Dovecot conf.d files of 100 settings
# for N = 1, 2, 4 (linear growth is expected: the ratio big-4/big-1 should
# be about 4). Usage: bench/run.sh [BUILD_DIR]   (default: the source tree)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top}
ML="$build/maillint"
export MAILLINT_DATADIR="$top"
POSTCONF=$(command -v postconf || echo /usr/sbin/postconf)
DOVECONF=$(command -v doveconf || echo /usr/bin/doveconf)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

instr() { # command... -> instruction count
	valgrind --tool=callgrind --callgrind-out-file="$tmp/cg" "$@" \
	    >/dev/null 2>"$tmp/cg.err" || true
	sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$tmp/cg.err"
}

make_big() { # dir n
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
	i=0
	while [ $i -lt $((n * 50)) ]; do
		awk -v f=$i 'BEGIN {
			printf "namespace ns%d {\n  prefix = ns%d/\n  separator = /\n}\n", f, f
			for (k = 0; k < 25; k++)
				printf "plugin {\n  x_%d_%d = value %d\n}\n", f, k, k
		}' >"$d/etc/dovecot/conf.d/$(printf '%04d' $i).conf"
		i=$((i + 1))
	done
}

row() { # name root
	name=$1 root=$2
	m=$(instr "$ML" --root "$root")
	p=$(instr "$POSTCONF" -c "$root/etc/postfix" -n)
	dvc=$(instr "$DOVECONF" -n -c "$root/etc/dovecot/dovecot.conf")
	ratio=$(awk -v m="$m" -v p="$p" -v d="$dvc" 'BEGIN { printf "%.3f", m / (p + d) }')
	printf '%-8s maillint %12s   postconf -n %12s   doveconf -n %12s   ratio %s\n' \
	    "$name" "$m" "$p" "$dvc" "$ratio"
	echo "$m" >"$tmp/$name.m"
	if command -v hyperfine >/dev/null 2>&1; then
		hyperfine -N -i -w 2 -r 10 --export-csv "$tmp/h.csv" \
		    "$ML --root $root" "$POSTCONF -c $root/etc/postfix -n" \
		    "$DOVECONF -n -c $root/etc/dovecot/dovecot.conf" >/dev/null 2>&1 &&
		awk -F, 'NR > 1 { printf "         wall %-60.60s %8.2f ms\n", $1, $2 * 1000 }' "$tmp/h.csv"
	fi
}

echo "instructions (callgrind Ir); ratio = maillint / (postconf -n + doveconf -n)"
row stock "$top/fixtures/debian-stock"
for n in 1 2 4; do
	make_big "$tmp/big$n" "$n"
	row "big-$n" "$tmp/big$n"
done
awk -v a="$(cat "$tmp/big-1.m")" -v b="$(cat "$tmp/big-4.m")" \
    'BEGIN { printf "growth big-4 / big-1: %.2f (linear = 4)\n", b / a }'
