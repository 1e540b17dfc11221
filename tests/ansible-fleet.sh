#!/bin/sh
# Ansible fleets: contrib/ansible/fleet-collect.yml (fetch snapshots, one
# --fleet run on the controller) and fleet-remote.yml (maillint on each
# host, --merge on the controller), run by ansible-playbook against four
# inventory hosts, all on the local connection, each with its own root
# (repository fixtures and bench/gen-fleet.sh snapshots with certificates
# and private keys).  Both reports must equal the direct run
# `maillint --fleet ROOTS`:
#   - fleet-remote: byte for byte, NDJSON and text (each host lints the
#     same root here; on real hosts "path" differs by nature: / there, the
#     snapshot directory in a direct run);
#   - fleet-collect: the fleet summary line byte for byte, each host record
#     equal but for "path" and what the private keys it never fetches
#     change: the key fields of the certificate facts (key_file,
#     key_status, key_match) and the info diagnostics "no such file inside
#     the root" about the key settings; no file holding a private key, and
#     no SQL connection file, is in the snapshots.
# --merge and --host-name alone are tests/fleet-merge.sh's.
. "$(dirname "$0")/lib.sh"

if ! command -v ansible-playbook >/dev/null 2>&1; then
	skip_all "ansible-playbook not installed (Debian package ansible-core)"
fi
need python3 openssl
tmp=$(mktemp -d)
[ -n "${KEEP_TMP:-}" ] && echo "# tmp: $tmp" || trap 'rm -rf "$tmp"' EXIT
fx=$top_srcdir/fixtures
R=$tmp/roots
# the generated certificates start now: judge them as of tomorrow
NOW=--now=$(python3 -c 'import datetime; print((datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)).strftime("%Y-%m-%d"))')

mkdir -p "$R"
cp -r "$fx/debian-stock" "$R/alpha"
cp -r "$fx/corpus-like-weak" "$R/gamma"
sh "$top_srcdir/bench/gen-fleet.sh" "$tmp/gen" 2
mv "$tmp/gen/host00000" "$R/mx1"
mv "$tmp/gen/host00001" "$R/mx2"
# a key inside /etc/dovecot (as Debian's private/dovecot.key), by a name
# the exclusion list does not know: found by its content
mkdir -p "$R/mx2/etc/dovecot/private"
cp "$R/mx2/etc/ssl/mail/key.pem" "$R/mx2/etc/dovecot/private/mail.pem"
hosts="alpha gamma mx1 mx2"

"$MAILLINT" --fleet "$R" --format json $NOW >"$tmp/direct.ndjson" 2>"$tmp/direct.err"
drc=$?
"$MAILLINT" --fleet "$R" $NOW >"$tmp/direct.txt" 2>/dev/null
[ "$drc" = 1 ] && [ "$(grep -c '"type":"host"' "$tmp/direct.ndjson")" = 4 ] &&
    ok "the direct run: 4 hosts, exit 1" ||
    not_ok "the direct run: exit $drc, $(head -c 200 "$tmp/direct.err")"

{
	echo "[mail]"
	for h in $hosts; do
		printf '%s ansible_connection=local maillint_host_root=%s ansible_python_interpreter=%s\n' \
		    "$h" "$R/$h" "$(command -v python3)"
	done
} >"$tmp/inventory"
ANSIBLE_LOCAL_TEMP=$tmp/ansible-local ANSIBLE_REMOTE_TEMP=$tmp/ansible-remote
ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=0 ANSIBLE_HOME=$tmp/ansible-home
export ANSIBLE_LOCAL_TEMP ANSIBLE_REMOTE_TEMP ANSIBLE_NOCOLOR \
    ANSIBLE_RETRY_FILES_ENABLED ANSIBLE_HOME
ml="$MAILLINT --datadir $MAILLINT_DATADIR $NOW"

(cd "$top_srcdir/contrib/ansible" &&
    ansible-playbook -i "$tmp/inventory" -e "maillint='$ml'" \
    -e "snapshot_dir=$tmp/snap" -e "report=$tmp/collect.ndjson" \
    -e "report_text=$tmp/collect.txt" fleet-collect.yml) >"$tmp/collect.out" 2>&1
rc=$?
if [ "$rc" = 0 ] && [ -s "$tmp/collect.ndjson" ]; then
	ok "fleet-collect.yml: the snapshots fetched, the report written"
else
	not_ok "fleet-collect.yml: exit $rc"
	tail -30 "$tmp/collect.out" | sed 's/^/#   /'
fi
[ "$(ls "$tmp/snap" 2>/dev/null | tr '\n' ' ')" = "alpha gamma mx1 mx2 " ] &&
    [ -f "$tmp/snap/mx1/etc/postfix/main.cf" ] &&
    [ -f "$tmp/snap/mx1/etc/dovecot/conf.d/10-ssl.conf" ] &&
    [ -f "$tmp/snap/mx1/etc/ssl/mail/cert.pem" ] &&
    ok "a snapshot per host: configuration and the certificate it names" ||
    not_ok "snapshots: $(cd "$tmp/snap" 2>/dev/null && find . -type f | head -20 | tr '\n' ' ')"
keys=$(grep -rl 'PRIVATE KEY' "$tmp/snap" 2>/dev/null)
[ -d "$tmp/snap" ] && [ -z "$keys" ] && [ ! -e "$tmp/snap/mx1/etc/ssl/mail/key.pem" ] &&
    [ ! -e "$tmp/snap/mx2/etc/dovecot/private/mail.pem" ] &&
    ok "no private key fetched (the named key files, nor a key in /etc/dovecot by content)" ||
    not_ok "private keys fetched: $keys"
[ ! -e "$tmp/snap/alpha/etc/dovecot/dovecot-sql.conf.ext" ] &&
    [ -e "$tmp/snap/alpha/etc/dovecot/dovecot.conf" ] &&
    ok "the SQL connection file (passwords) not fetched" ||
    not_ok "dovecot-sql.conf.ext fetched"

cat >"$tmp/cmp.py" <<'PY'
import json, re, sys
direct, other, mode = sys.argv[1], sys.argv[2], sys.argv[3]
a = [json.loads(l) for l in open(direct)]
b = [json.loads(l) for l in open(other)]
def check(cond, what):
    print(("ok - " if cond else "not ok - ") + what)
check(open(direct).read().splitlines()[-1] == open(other).read().splitlines()[-1],
      "%s: the fleet summary line equals the direct run's, byte for byte" % mode)
KEY = ("key_file", "key_status", "key_match")
def norm(r):
    r = dict(r)
    r.pop("path", None)
    def cert(c):
        return {k: v for k, v in c.items() if k not in KEY} if c else c
    r["certificates"] = [cert(c) for c in r.get("certificates", [])]
    r["findings"] = [dict(f, certificate=cert(f.get("certificate")))
                     for f in r.get("findings", [])]
    r["diagnostics"] = [d for d in r.get("diagnostics", [])
                        if not (d["severity"] == "info" and
                                re.match(r"(ssl_key|\w*_key_file) = .*no such file inside the root",
                                         d["message"]))]
    return r
check([r.get("host") for r in a] == [r.get("host") for r in b],
      "%s: the same hosts in the same order" % mode)
for x, y in zip(a[:-1], b[:-1]):
    check(norm(x) == norm(y),
          "%s: %s: the record equals the direct run's (but path and the "
          "keys left out)" % (mode, x["host"]))
PY
python3 "$tmp/cmp.py" "$tmp/direct.ndjson" "$tmp/collect.ndjson" fleet-collect \
    >"$tmp/py.out" 2>&1
while IFS= read -r line; do
	case $line in
	"ok - "*) ok "${line#ok - }" ;;
	"not ok - "*) not_ok "${line#not ok - }" ;;
	*) not_ok "cmp.py: $line" ;;
	esac
done <"$tmp/py.out"
head -1 "$tmp/collect.txt" 2>/dev/null | grep -q '^alpha: ' &&
    grep -q '^maillint fleet: 4 hosts: ' "$tmp/collect.txt" &&
    ok "fleet-collect.yml: the text report too" || not_ok "no text report"

(cd "$top_srcdir/contrib/ansible" &&
    ansible-playbook -i "$tmp/inventory" -e "maillint='$ml'" \
    -e "records_dir=$tmp/records" -e "report=$tmp/remote.ndjson" \
    -e "report_text=$tmp/remote.txt" fleet-remote.yml) >"$tmp/remote.out" 2>&1
rc=$?
if [ "$rc" = 0 ] && [ -s "$tmp/remote.ndjson" ]; then
	ok "fleet-remote.yml: each host linted, the records merged"
else
	not_ok "fleet-remote.yml: exit $rc"
	tail -30 "$tmp/remote.out" | sed 's/^/#   /'
fi
cmp -s "$tmp/direct.ndjson" "$tmp/remote.ndjson" &&
    ok "fleet-remote.yml: the report equals the direct run's, byte for byte" ||
    not_ok "fleet-remote.yml: $(diff "$tmp/direct.ndjson" "$tmp/remote.ndjson" | head -c 400)"
cmp -s "$tmp/direct.txt" "$tmp/remote.txt" &&
    ok "fleet-remote.yml: the text report equals the direct text run's" ||
    not_ok "fleet-remote.yml text: $(diff "$tmp/direct.txt" "$tmp/remote.txt" | head -c 400)"
finish
