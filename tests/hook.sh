#!/bin/sh
# The git pre-commit hook (contrib/git-pre-commit) on a scratch repository:
# a weak main.cf stops the commit with the finding at postfix/main.cf:20;
# a fix left unstaged still stops it (the staged tree is linted); staged,
# the commit goes through; an inline suppression lets it through; a
# commit touching no configuration does not run maillint; templates are
# linted.  And .pre-commit-hooks.yaml selects files with the hook's own
# pattern.  Needs git.
. "$(dirname "$0")/lib.sh"

hook=$top_srcdir/contrib/git-pre-commit
fixtures=$top_srcdir/fixtures
need git
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
repo=$tmp/repo
mkdir -p "$repo"
cd "$repo" || exit 1
git init -q . && git config user.email ci@example.org && git config user.name ci &&
    git config commit.gpgsign false && git config maillint.command "$MAILLINT" &&
    cp "$hook" .git/hooks/pre-commit && chmod +x .git/hooks/pre-commit ||
    { not_ok "set-up of the scratch repository"; finish; exit 1; }

commit() { git commit -q -m "$1" >"$tmp/out" 2>&1; }

echo '# configs' >README.md && git add README.md && commit "readme"
if [ $? -eq 0 ]; then ok "a commit without configuration goes through"; else not_ok "first commit: $(head -3 "$tmp/out")"; fi

mkdir postfix && cp "$fixtures/pf-tls-002-fires/etc/postfix/main.cf" "$fixtures/pf-tls-002-fires/etc/postfix/master.cf" postfix/
git add postfix
if commit "weak postfix"; then
	not_ok "a weak main.cf was committed"
elif grep -q 'postfix/main.cf:20:1: error: .*\[PF-TLS-002\]' "$tmp/out" &&
    grep -q 'commit stopped (exit 1)' "$tmp/out"; then
	ok "a weak main.cf stops the commit, finding at postfix/main.cf:20"
else
	not_ok "weak main.cf: unexpected output: $(head -3 "$tmp/out")"
fi

sed 's/^smtpd_tls_mandatory_protocols = .*/smtpd_tls_mandatory_protocols = >=TLSv1.2/' \
    postfix/main.cf >"$tmp/main.cf" && cp "$tmp/main.cf" postfix/main.cf
if commit "fixed but not staged"; then
	not_ok "the unstaged fix was taken for the staged file"
else
	ok "an unstaged fix does not count: the staged main.cf is linted"
fi
git add postfix/main.cf
if commit "fixed"; then ok "the staged fix goes through"; else not_ok "fixed main.cf: $(head -3 "$tmp/out")"; fi

# an inline suppression, with its reason, on the line before
awk '/^smtpd_tls_mandatory_protocols =/ {
	print "# maillint: disable=PF-TLS-002 legacy scanners until March"
	print "smtpd_tls_mandatory_protocols = !SSLv2, !SSLv3"; next } { print }' \
    postfix/main.cf >"$tmp/main.cf"
if ! grep -q 'disable=PF-TLS-002' "$tmp/main.cf"; then
	not_ok "suppression: could not write the test line"
fi
cp "$tmp/main.cf" postfix/main.cf && git add postfix/main.cf
if commit "suppressed"; then ok "an inline suppression lets the commit through"; else not_ok "suppression: $(head -3 "$tmp/out")"; fi

# no configuration touched: maillint is not run at all
git config maillint.command false
echo more >>README.md && git add README.md
if commit "readme again"; then ok "a commit touching no configuration does not run maillint"; else not_ok "README-only commit was stopped"; fi
git config maillint.command "$MAILLINT"

# a template with placeholders, checked like the file it renders
mkdir -p dovecot/conf.d
printf 'protocols = imap\nssl = required\nssl_min_protocol = {{ tls_min }}\n!include conf.d/*.conf\n' >dovecot/dovecot.conf.j2
printf 'ssl_min_protocol = TLSv1\n' >dovecot/conf.d/10-ssl.conf
git add dovecot
if commit "dovecot template"; then
	not_ok "a weak dovecot conf.d file was committed"
elif grep -q 'dovecot/conf.d/10-ssl.conf:1:1: error: .*\[DC-TLS-' "$tmp/out"; then
	ok "a template dovecot.conf.j2 is linted with its conf.d"
else
	not_ok "dovecot template: $(head -3 "$tmp/out")"
fi
git reset -q

# maillint.paths and maillint.options
git config maillint.paths "postfix"
git config maillint.options "--severity error"
printf 'ssl_min_protocol = TLSv1\n' >dovecot/conf.d/10-ssl.conf
git add dovecot/conf.d/10-ssl.conf
if commit "dovecot outside maillint.paths"; then ok "maillint.paths limits what is linted"; else not_ok "maillint.paths: $(head -3 "$tmp/out")"; fi

# .pre-commit-hooks.yaml uses the hook's file pattern
p_hook=$(sed -n "s/^pattern='\\(.*\\)'\$/\\1/p" "$hook")
p_yaml=$(sed -n "s/^  files: '\\(.*\\)'\$/\\1/p" "$top_srcdir/.pre-commit-hooks.yaml")
if [ -n "$p_hook" ] && [ "$p_hook" = "$p_yaml" ]; then
	ok ".pre-commit-hooks.yaml selects files like the git hook"
else
	not_ok ".pre-commit-hooks.yaml files: '$p_yaml', hook: '$p_hook'"
fi
bad=
for f in main.cf master.cf postfix/main.cf.j2 dovecot/dovecot.conf conf.d/10-ssl.conf \
    dovecot/conf.d/auth-system.conf.ext dovecot.conf.tpl; do
	echo "$f" | grep -Eq "$p_hook" || bad="$bad $f"
done
for f in README.md postfix/transport templates/x.j2 main.cf.orig; do
	echo "$f" | grep -Eq "$p_hook" && bad="$bad !$f"
done
if [ -z "$bad" ]; then ok "the file pattern takes configuration files and templates only"; else not_ok "file pattern:$bad"; fi
# the pre-commit framework: the manifest validates, and the README's
# `repo: local` configuration runs maillint and stops on the weak file
if command -v pre-commit >/dev/null 2>&1; then
	if pre-commit validate-manifest "$top_srcdir/.pre-commit-hooks.yaml" >"$tmp/out" 2>&1; then
		ok "pre-commit validate-manifest accepts .pre-commit-hooks.yaml"
	else
		not_ok "pre-commit validate-manifest: $(head -3 "$tmp/out")"
	fi
	pc=$tmp/pc
	mkdir -p "$pc/postfix" && cd "$pc" && git init -q . && git config user.email ci@example.org &&
	    git config user.name ci
	cp "$fixtures/pf-tls-002-fires/etc/postfix/main.cf" "$fixtures/pf-tls-002-fires/etc/postfix/master.cf" postfix/
	mkdir -p dovecot && cp -R "$fixtures/dc-tls-002-clean/etc/dovecot/." dovecot/
	# the README's first YAML block (the pre-commit one)
	awk '/^```yaml$/ && !done { on = 1; next } on && /^```$/ { on = 0; done = 1 }
	    on' "$top_srcdir/README.md" |
	    sed "s|entry: maillint\$|entry: $MAILLINT|" >.pre-commit-config.yaml
	git add -A
	HOME=$tmp/pc-home PRE_COMMIT_HOME=$tmp/pc-cache pre-commit run --all-files >"$tmp/out" 2>&1
	rc=$?
	if [ $rc -ne 0 ] && grep -q 'postfix/main.cf:20:1: error: .*\[PF-TLS-002\]' "$tmp/out"; then
		ok "pre-commit with the README's configuration stops on the weak main.cf"
	else
		not_ok "pre-commit run: exit $rc: $(head -5 "$tmp/out" | tr '\n' ' ')"
	fi
	sed 's/^smtpd_tls_mandatory_protocols = .*/smtpd_tls_mandatory_protocols = >=TLSv1.2/' \
	    postfix/main.cf >"$tmp/main.cf" && cp "$tmp/main.cf" postfix/main.cf && git add -A
	if HOME=$tmp/pc-home PRE_COMMIT_HOME=$tmp/pc-cache pre-commit run --all-files >"$tmp/out" 2>&1; then
		ok "pre-commit passes once main.cf is fixed"
	else
		not_ok "pre-commit after the fix: $(head -5 "$tmp/out" | tr '\n' ' ')"
	fi
else
	not_ok "pre-commit is not installed (sh .ci/deps test)"
fi
finish
