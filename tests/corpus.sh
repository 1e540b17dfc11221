#!/bin/sh
# Corpus test: maillint on the real-world configurations of ../shared/corpus
# (or $CORPUS).
#
#  1. Every set is read as a user would point maillint at it
#     (`maillint --format json CORPUS/SET`) and as a staged host snapshot
#     (below): neither may end with exit status 3 or a signal, and both must
#     print a JSON document.
#  2. The hardened sets (mozilla-ssl-config, each variant's file with the
#     version its folder names; mailcow, docker-mailserver, iredmail) and the
#     mixed set mailu (TLS is terminated at its proxy) give no finding of
#     severity error from the TLS-version rules, and no listener of theirs,
#     enabled or not, accepts anything below TLS 1.2. Their other findings are
#     printed as "# note:" lines for review; they do not fail the test.
#  3. The weak sets are flagged at the right lines: tests/corpus.expect
#     lists (run, rule, file suffix, line) tuples, and known false positives
#     that must not be reported.
#
# Staging: each set is copied to TMP/SET/etc/{postfix,dovecot} and linted
# with --root, so that absolute includes such as mailcow's
# `!include /etc/dovecot/dovecot.folders.conf` resolve inside the set. The
# entry files are passed explicitly, template names included (main.cf.j2,
# master.cf.tpl, dovecot.conf.tpl, iredmail-2014's dovecot22.conf). A set
# whose dovecot/ has only conf.d files (docker-mailserver*) is laid over
# Debian's stock /etc/dovecot (debian-bookworm/dovecot), as the image does.
# conf.d/NAME.j2 and NAME.tpl are renamed to NAME, the name the installer
# deploys them as, so that `!include conf.d/*.conf` sees them.
. "$(dirname "$0")/lib.sh"

EXPECT=${CORPUS_EXPECT:-$top_srcdir/tests/corpus.expect}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

HARDENED="mailcow docker-mailserver iredmail"
MIXED="mailu"
TLS_RULES="PF-TLS-001 PF-TLS-002 PF-TLS-003 PF-TLS-004 DC-TLS-001 DC-TLS-002 DC-TLS-003"

if ! command -v jq >/dev/null 2>&1; then
	not_ok "jq is not installed (sh .ci/deps test)"
	finish
	exit 1
fi
if ! have_corpus; then
	skip_all "$(corpus_hint)"
fi
if [ ! -f "$EXPECT" ]; then
	not_ok "$EXPECT not found"
	finish
	exit 1
fi

# check_run NAME RC JSON - exit status below 3 and a JSON document; with
# STRICT=1 (a set linted through its entry files) 0 or 1 only: syntax
# errors are findings and template syntax is never an error, so exit 2 is
# left for input that cannot be read at all
check_run() {
	if [ "${STRICT:-0}" = 1 ] && [ "$2" = 2 ]; then
		not_ok "$1: exit status 2 on a readable configuration"
		jq -r '.diagnostics[]? | select(.severity == "error") |
		    "  \(.file):\(.line): \(.message)"' <"$3" 2>/dev/null | head -5
		return 1
	fi
	if [ "$2" -ge 3 ]; then
		if [ "$2" -gt 128 ]; then
			not_ok "$1: killed by signal $(($2 - 128))"
		else
			not_ok "$1: exit status $2"
		fi
		sed 's/^/  /' "$tmp/err" | head -5
		return 1
	fi
	if ! jq -e '.tool == "maillint" and .findings and .diagnostics and
	    .summary' <"$3" >/dev/null 2>&1; then
		not_ok "$1: exit status $2 but no JSON document"
		sed 's/^/  /' "$tmp/err" | head -5
		return 1
	fi
	ok "$1: read (exit status $2, $(jq '.summary.files' <"$3") files)"
}

# has_dovecot_conf DIR - DIR holds a dovecot.conf (or a template of it, or a
# versioned name such as dovecot22.conf)
has_dovecot_conf() {
	for f in "$1"/dovecot.conf "$1"/dovecot.conf.j2 "$1"/dovecot.conf.tpl "$1"/dovecot[0-9]*.conf; do
		[ -f "$f" ] && return 0
	done
	return 1
}

# stage SET - copy SET to $tmp/stage/SET/etc; sets $root and $entries
stage() {
	src=$CORPUS/$1 root=$tmp/stage/$1 entries=
	rm -rf "$root" && mkdir -p "$root/etc"
	if [ -d "$src/postfix" ]; then
		cp -R "$src/postfix" "$root/etc/postfix"
		for f in main.cf main.cf.j2 main.cf.tpl master.cf master.cf.j2 master.cf.tpl; do
			[ -f "$root/etc/postfix/$f" ] && entries="$entries /etc/postfix/$f"
		done
	fi
	if [ -d "$src/dovecot" ]; then
		if has_dovecot_conf "$src/dovecot"; then
			cp -R "$src/dovecot" "$root/etc/dovecot"
		else
			cp -R "$CORPUS/debian-bookworm/dovecot" "$root/etc/dovecot"
			cp -R "$src/dovecot/." "$root/etc/dovecot/"
		fi
		for f in "$root"/etc/dovecot/conf.d/*.j2 "$root"/etc/dovecot/conf.d/*.tpl; do
			[ -f "$f" ] && [ ! -e "${f%.*}" ] && mv "$f" "${f%.*}"
		done
		for f in "$root"/etc/dovecot/dovecot.conf "$root"/etc/dovecot/dovecot.conf.j2 \
		    "$root"/etc/dovecot/dovecot.conf.tpl "$root"/etc/dovecot/dovecot[0-9]*.conf; do
			[ -f "$f" ] && entries="$entries /etc/dovecot/${f##*/}"
		done
	fi
}

# lint NAME OUT [maillint arguments] - run maillint, check the run
lint() {
	name=$1 out=$2
	shift 2
	"$MAILLINT" --format json "$@" >"$out" 2>"$tmp/err"
	check_run "$name" $? "$out"
}

# findings JSON - "RULE SEVERITY FILE LINE" per finding
findings() {
	jq -r '.findings[] | "\(.rule) \(.severity) \(.file) \(.line)"' <"$1"
}

# hardened NAME JSON DUMPJSON - no TLS-version error, no listener below TLS 1.2
hardened() {
	bad=$(findings "$2" | while read -r rule sev file line; do
		[ "$sev" = error ] || continue
		case " $TLS_RULES " in *" $rule "*) echo "$rule $file:$line" ;; esac
	done)
	if [ -z "$bad" ]; then
		ok "$1: no TLS-version error"
	else
		not_ok "$1: TLS-version errors on a hardened set"
		echo "$bad" | sed 's/^/  /'
	fi
	weak=$(jq -r '.listeners[]? | select(.tls != "none") |
	    select([.tls_versions[]?] - ["TLSv1.2", "TLSv1.3"] | length > 0) |
	    "\(.product) \(.scope) port \(.port): \(.tls_versions | join(" "))"' <"$3")
	if [ -z "$weak" ]; then
		ok "$1: every TLS listener is TLS 1.2 or later"
	else
		not_ok "$1: listeners accept versions below TLS 1.2"
		echo "$weak" | sed 's/^/  /'
	fi
	findings "$2" | while read -r rule sev file line; do
		case " $TLS_RULES " in *" $rule "*) [ "$sev" = error ] && continue ;; esac
		echo "# note: $1: $rule $sev $file:$line"
	done | sort -u
}

mkdir -p "$tmp/out" "$tmp/stage"

# 1. every set, as given and staged
for set in "$CORPUS"/*/; do
	set=${set%/}
	n=$(basename "$set")
	[ "$n" = mozilla-ssl-config ] && continue
	lint "$n (as given)" "$tmp/out/$n.raw.json" "$set"
	stage "$n"
	if [ -z "$entries" ]; then
		not_ok "$n: no Postfix or Dovecot entry file to stage"
		continue
	fi
	# shellcheck disable=SC2086
	STRICT=1 lint "$n (staged:$entries)" "$tmp/out/$n.json" --root "$root" $entries
	echo "$root $entries" >"$tmp/out/$n.stage"
done

# mozilla-ssl-config: VERSION-DIR/VARIANT/FILE, linted with that version
# and the matching profile
for f in "$CORPUS"/mozilla-ssl-config/*/*/*; do
	[ -f "$f" ] || continue
	variant=$(basename "$(dirname "$f")")
	vdir=$(basename "$(dirname "$(dirname "$f")")")
	n=mozilla-ssl-config/$vdir/$variant
	ver=$(echo "$vdir" | sed -n 's/^[a-z]*-\([0-9][0-9.]*\)-.*/\1/p')
	case $vdir in
	postfix-*) vopt=--postfix-version ;;
	dovecot-*) vopt=--dovecot-version ;;
	*) not_ok "$n: unknown product folder $vdir"; continue ;;
	esac
	out=$tmp/out/$(echo "$n" | tr / _).json
	STRICT=1 lint "$n" "$out" "$vopt" "$ver" --profile "mozilla-$variant" "$f" || continue
	"$MAILLINT" --dump --format json "$vopt" "$ver" "$f" >"$out.dump" 2>/dev/null
	hardened "$n" "$out" "$out.dump"
done

# extra runs (@ lines)
grep '^@' "$EXPECT" >"$tmp/runs"
while read -r _ run set opts; do
	if [ ! -f "$tmp/out/$set.stage" ]; then
		not_ok "$run: unknown set $set"
		continue
	fi
	read -r root entries <"$tmp/out/$set.stage"
	# shellcheck disable=SC2086
	STRICT=1 lint "$run ($opts)" "$tmp/out/$run.json" --root "$root" $opts $entries
done <"$tmp/runs"

# 2. hardened and mixed sets
for n in $HARDENED $MIXED; do
	[ -f "$tmp/out/$n.json" ] || { not_ok "$n: set missing from the corpus"; continue; }
	read -r root entries <"$tmp/out/$n.stage"
	# shellcheck disable=SC2086
	"$MAILLINT" --dump --format json --root "$root" $entries >"$tmp/out/$n.dump" 2>/dev/null
	hardened "$n" "$tmp/out/$n.json" "$tmp/out/$n.dump"
done

# 3. expected findings
grep -v -e '^#' -e '^@' -e '^[[:space:]]*$' "$EXPECT" >"$tmp/tuples"
while read -r run rule file line; do
	neg=
	case $run in !*) neg=1 run=${run#!} ;; esac
	json=$tmp/out/$run.json
	if [ ! -f "$json" ]; then
		not_ok "$run: no such run (corpus.expect: $run $rule $file $line)"
		continue
	fi
	hit=$(findings "$json" | while read -r r _ f l; do
		[ "$r" = "$rule" ] || continue
		case "/$f" in */"$file") ;; *) continue ;; esac
		[ "$line" = "*" ] || [ "$line" = "$l" ] || continue
		echo "$f:$l"
	done | head -1)
	if [ -z "$neg" ] && [ -n "$hit" ]; then
		ok "$run: $rule at $file:$line"
	elif [ -z "$neg" ]; then
		not_ok "$run: $rule not reported at $file:$line"
		findings "$json" | awk -v r="$rule" '$1 == r { print "  got: " $1 " " $3 ":" $4 }'
	elif [ -z "$hit" ]; then
		ok "$run: no $rule at $file:$line"
	else
		not_ok "$run: $rule reported at $hit (false positive)"
	fi
done <"$tmp/tuples"

finish
