#!/bin/sh
# SPDX-License-Identifier: MIT
# maillint-cert-paths.sh ROOT - run on a managed host by fleet-collect.yml:
# print the certificate and DH parameter files the Postfix and Dovecot
# configuration under ROOT names (one path a line, ROOT included), for
# Ansible to fetch into the host's snapshot.  Private keys never: a file
# that holds a PEM private key is left out whatever its name (a combined
# key and certificate file too), and so is anything that is not a regular
# file holding a PEM certificate or DH parameters.
#
# Names looked for: Postfix *_tls_cert_file, *_tls_eccert_file,
# *_tls_dcert_file, *_tls_CAfile, *_tls_chain_files, *_tls_dh*_param_file
# (main.cf, and master.cf -o); Dovecot ssl_cert, ssl_alt_cert, ssl_ca,
# ssl_dh (<file), and the 2.4 ssl_*cert_file, ssl_*ca_file, ssl_*dh_file.
# Values that use $name, %{...} or a relative Postfix path are skipped
# (maillint notes the file missing in the snapshot).
set -u
root=${1:-/}
root=${root%/}

postfix_values() { # FILE: the values of the certificate settings
	[ -f "$1" ] || return 0
	sed -n -e 's/^[[:space:]]*-o[[:space:]]*//' \
	    -e 's/^[[:space:]]*\([a-z0-9_]*_tls_\(cert_file\|eccert_file\|dcert_file\|CAfile\|chain_files\|dh[0-9]*_param_file\)\)[[:space:]]*=[[:space:]]*\(.*\)$/\3/p' \
	    "$1" | tr ', ' '\n\n'
}

dovecot_values() { # prints "DIR<TAB>VALUE" (relative values start at DIR)
	for d in "$root/etc/dovecot" "$root/usr/share/dovecot/protocols.d"; do
		[ -d "$d" ] || continue
		find "$d" -type f \( -name '*.conf' -o -name '*.ext' \
		    -o -name '*.conf.ext' -o -name '*.inc' \) 2>/dev/null |
		while IFS= read -r f; do
			sed -n 's/^[[:space:]]*\(ssl_cert\|ssl_alt_cert\|ssl_ca\|ssl_dh\|ssl_[a-z_]*cert_file\|ssl_[a-z_]*ca_file\|ssl_[a-z_]*dh_file\)[[:space:]]*=[[:space:]]*<\{0,1\}[[:space:]]*\([^[:space:]#]*\).*$/\2/p' \
			    "$f" | sed "s|^|$(dirname "$f")	|"
		done
	done
}

{
	for f in main.cf master.cf; do
		postfix_values "$root/etc/postfix/$f" | sed 's|^|-	|'
	done
	dovecot_values
} | while IFS='	' read -r dir path; do
	case $path in
	''|*'$'*|*'%'*|*'{'*) continue ;;
	/*) p=$root$path ;;
	*) [ "$dir" = - ] && continue; p=$dir/$path ;;
	esac
	[ -f "$p" ] || continue
	grep -q 'PRIVATE KEY' "$p" 2>/dev/null && continue
	grep -q -e '-----BEGIN CERTIFICATE-----' -e '-----BEGIN DH PARAMETERS-----' \
	    -e '-----BEGIN TRUSTED CERTIFICATE-----' "$p" 2>/dev/null || continue
	printf '%s\n' "$p"
done | sort -u
