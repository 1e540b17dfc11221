#!/bin/sh
# Ansible: contrib/ansible/validate.yml run by ansible-playbook (local
# connection) with maillint as the template module's validate: step.  A
# good set of templates lands; a weak main.cf, master.cf or dovecot.conf
# fails its task and is not installed (the files before it are).
. "$(dirname "$0")/lib.sh"

if ! command -v ansible-playbook >/dev/null 2>&1; then
	skip_all "ansible-playbook not installed (Debian package ansible-core)"
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
play=$top_srcdir/contrib/ansible/validate.yml
printf 'localhost ansible_connection=local ansible_python_interpreter=%s\n' \
    "$(command -v python3)" >"$tmp/inventory"
ANSIBLE_LOCAL_TEMP=$tmp/ansible-local ANSIBLE_REMOTE_TEMP=$tmp/ansible-remote
ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=0 ANSIBLE_HOME=$tmp/ansible-home
export ANSIBLE_LOCAL_TEMP ANSIBLE_REMOTE_TEMP ANSIBLE_NOCOLOR \
    ANSIBLE_RETRY_FILES_ENABLED ANSIBLE_HOME

# play NAME [EXTRA-VARS...] - one run into $tmp/NAME/{postfix,dovecot}
play() {
	name=$1
	shift
	d=$tmp/$name
	mkdir -p "$d/postfix" "$d/dovecot"
	set -- -e "maillint='$MAILLINT --datadir $MAILLINT_DATADIR'" \
	    -e "postfix_dir=$d/postfix" -e "dovecot_dir=$d/dovecot" "$@"
	(cd "$top_srcdir/contrib/ansible" &&
	    ansible-playbook -i "$tmp/inventory" "$@" "$play") \
	    >"$d/out" 2>&1
	rc=$?
}

landed() { # NAME FILE...: every FILE was installed
	n=$1
	shift
	for f in "$@"; do [ -s "$tmp/$n/$f" ] || return 1; done
}

play good
if [ "$rc" = 0 ] && landed good postfix/main.cf postfix/master.cf \
    dovecot/dovecot.conf; then
	ok "good templates: all three validated and installed"
else
	not_ok "good templates: exit $rc"
	tail -20 "$tmp/good/out" | sed 's/^/#   /'
fi

# weak NAME TASK FILE RULE VAR=VALUE - the task fails on RULE, FILE stays out
weak() {
	play "$1" -e "$5"
	if [ "$rc" != 0 ] && [ ! -e "$tmp/$1/$3" ] &&
	    grep -q "$4" "$tmp/$1/out" && grep -q "TASK \[$2" "$tmp/$1/out"; then
		ok "weak $2: the task fails on $4, $3 not installed"
	else
		not_ok "weak $2: exit $rc, $3 $( [ -e "$tmp/$1/$3" ] && echo installed || echo absent)"
		tail -20 "$tmp/$1/out" | sed 's/^/#   /'
	fi
}
weak weak-main main.cf postfix/main.cf PF-TLS-003 'smtpd_tls_protocols=>=TLSv1'
weak weak-master master.cf postfix/master.cf PF-SUB-001 'submission_tls_level=may'
weak weak-dovecot dovecot.conf dovecot/dovecot.conf DC-TLS 'ssl_min_protocol=TLSv1'
if landed weak-master postfix/main.cf && landed weak-dovecot postfix/master.cf; then
	ok "the files before a failing task are installed"
else
	not_ok "the files before a failing task are not installed"
fi
finish
