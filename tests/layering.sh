#!/bin/sh
# Layering test: the module graph, derived from the object files, has no
# cycle, and only fsroot (src/fsroot*.o) and the data-file reader
# (src/datafile.o) call the functions that open or inspect files.
#
# A module is one object file of src/.  Module A depends on module B when
# A has an undefined symbol that B defines (nm).  The graph is reduced by
# removing modules that depend on nothing left (Kahn); whatever remains
# lies on a cycle, and one cycle is printed.  The levels found on the way
# are printed too: level 0 depends on no other module, level N only on
# lower levels (the layering README.md's "Hacking" section describes).
. "$(dirname "$0")/lib.sh"

builddir=${top_builddir:-$(dirname "$MAILLINT")}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

need nm awk
# The modules are the library's members and the program's own objects
# (stale objects of renamed files in src/ are not looked at), and the
# OpenSSL part (libmlmod.a: certpem, ciphers), which the program reaches
# through osslmod's loader (and rules_yaml, behind yamlmod's).  libmlmod.a is read first: for the program,
# the certpem_*, ciphers_* and rules_yaml_tree names are the loaders'.
lib=$builddir/libmaillint.a ossl=$builddir/libmlmod.a
main=$builddir/src/main.o cli=$builddir/src/cli.o mod=$builddir/src/osslmod.o
fleet=$builddir/src/fleet.o fleeth=$builddir/src/fleet_hosts.o
fleets=$builddir/src/fleet_sum.o fleetm=$builddir/src/fleet_merge.o
ymod=$builddir/src/yamlmod.o
for f in "$lib" "$ossl" "$main" "$cli" "$fleet" "$fleeth" "$fleets" "$fleetm" "$mod" \
    "$ymod"; do
	if [ ! -f "$f" ]; then
		not_ok "no $f (build first)"
		finish
		exit 1
	fi
done
{ nm -A "$ossl"; nm -A "$lib"; nm -A "$main"; nm -A "$cli"; nm -A "$fleet"; nm -A "$fleeth"
  nm -A "$fleets"; nm -A "$fleetm"; nm -A "$mod"
  nm -A "$ymod"; } | awk '
    { split($1, f, ":"); m = f[1] ~ /\.a$/ ? f[2] : f[1]
      sub(/.*\//, "", m); sub(/\.o$/, "", m); sub(/^libmlmod_a-/, "", m) }
    $2 == "U" { print "U", m, $3; next }
    NF == 3 && $2 ~ /^[TDBRCGV]$/ { print "D", m, $3 }' >"$tmp/syms"
ok "symbols of $(awk '{ print $2 }' "$tmp/syms" | sort -u | wc -l) modules read"

# Edges "A B": A uses a symbol B defines.
awk '$1 == "D" { def[$3] = $2; next }
     $1 == "U" { u[++n] = $2 " " $3 }
     END { for (i = 1; i <= n; i++) { split(u[i], a, " ")
	     if ((a[2] in def) && def[a[2]] != a[1]) print a[1], def[a[2]] } }' \
    "$tmp/syms" | sort -u >"$tmp/edges"
awk '{ print $2 }' "$tmp/syms" | sort -u >"$tmp/nodes"

cycles() { # nodes edges levels-out: prints one cycle, if any
	awk -v out="$3" '
    FNR == NR { node[$1] = 1; next }
    { dep[$1, ++nd[$1]] = $2 }
    END {
	left = 0; for (v in node) left++
	for (lvl = 0; left > 0; lvl++) {
		n = 0
		for (v in node) {
			if (done[v]) continue
			free = 1
			for (i = 1; i <= nd[v]; i++)
				if (!done[dep[v, i]]) { free = 0; break }
			if (free) batch[++n] = v
		}
		if (n == 0) break
		for (i = 2; i <= n; i++)	# insertion sort: stable output
			for (j = i; j > 1 && batch[j - 1] > batch[j]; j--) {
				t = batch[j]; batch[j] = batch[j - 1]; batch[j - 1] = t
			}
		line = ""
		for (i = 1; i <= n; i++) { done[batch[i]] = 1; left--; line = line " " batch[i] }
		print "level " lvl ":" line > out
	}
	if (left == 0) exit 0
	# Follow undone dependencies from an undone module until one repeats.
	for (v in node) if (!done[v]) break
	path = v; seen[v] = 1
	while (1) {
		for (i = 1; i <= nd[v]; i++) if (!done[dep[v, i]]) break
		v = dep[v, i]
		if (seen[v]) break
		seen[v] = 1; path = path " " v
	}
	# Print the cycle from the first occurrence of v.
	n = split(path, p, " "); cyc = ""
	for (i = 1; i <= n; i++) if (p[i] == v) break
	for (; i <= n; i++) cyc = cyc p[i] " -> "
	print cyc v
	exit 1
    }' "$1" "$2"
}

# The detector itself: a made-up graph with a cycle, and one without.
printf 'a\nb\nc\n' >"$tmp/t.nodes"
printf 'a b\nb c\nc a\n' >"$tmp/t.edges"
printf 'a b\nb c\n' >"$tmp/t.dag"
found=$(cycles "$tmp/t.nodes" "$tmp/t.edges" /dev/null)
case $found in
*a*b*c*|*b*c*a*|*c*a*b*) cyc_ok=1 ;;
*) cyc_ok=0 ;;
esac
if [ "$cyc_ok" = 1 ] && [ -z "$(cycles "$tmp/t.nodes" "$tmp/t.dag" /dev/null)" ]; then
	ok "cycle detector: finds $found, passes a chain"
else
	not_ok "cycle detector is broken"
fi
cycles "$tmp/nodes" "$tmp/edges" "$tmp/levels" >"$tmp/cycle"
if [ -s "$tmp/cycle" ]; then
	not_ok "module graph has a cycle: $(cat "$tmp/cycle")"
else
	ok "module graph is acyclic ($(wc -l <"$tmp/edges") dependencies)"
fi
sed 's/^/# /' "$tmp/levels"

# Layers, bottom up (README.md, "Hacking"): a module may use its own layer
# and the ones below, never one above.
layer_of() {
	case $1 in
	xmem|arena|strbuf|hmap|diag|utf8|textesc|json|jsonread|words|version|modload|i18n) echo 0 ;;
	certdate|certname) echo 0 ;;
	model) echo 1 ;;
	fsroot*|datafile) echo 2 ;;
	template|lineread|parse_*|dovecot_*|certpem|osslmod) echo 3 ;;
	pfexpand|tlsproto|ciphers|defaults) echo 4 ;;
	resolve*|facts|dump|filecheck|inputs|certcheck*|certfacts) echo 5 ;;
	verexpr|placeholder|cipherconf|rules*|yamlmod|projconf) echo 6 ;;
	cond|fix|eval|finding) echo 7 ;;
	report|report_*|fixapply*|suppress|baseline|lint) echo 8 ;;
	main|cli|fleet|fleet_*) echo 9 ;;
	*) echo unknown ;;
	esac
}
while read -r m; do
	echo "$m $(layer_of "$m")"
done <"$tmp/nodes" >"$tmp/layer"
awk '$2 == "unknown" { print $1 }' "$tmp/layer" >"$tmp/unknown"
if [ -s "$tmp/unknown" ]; then
	not_ok "modules without a layer (add them to layer_of): $(tr '\n' ' ' <"$tmp/unknown")"
else
	ok "every module has a layer"
fi
awk 'FNR == NR { L[$1] = $2; next }
     L[$1] != "unknown" && L[$2] != "unknown" && L[$1] + 0 < L[$2] + 0 {
	print $1 " (layer " L[$1] ") uses " $2 " (layer " L[$2] ")" }' \
    "$tmp/layer" "$tmp/edges" >"$tmp/up"
if [ -s "$tmp/up" ]; then
	while read -r line; do not_ok "upward dependency: $line"; done <"$tmp/up"
else
	ok "no module uses a layer above its own"
fi

# File access: only fsroot and the data-file reader.
FILE_FUNCS='open|open64|openat|openat64|openat2|fopen|fopen64|freopen|freopen64|opendir|fdopendir|stat|stat64|lstat|lstat64|fstatat|fstatat64|statx|access|faccessat|__xstat|__lxstat|__xstat64|__lxstat64|__fxstatat|__fxstatat64|creat|creat64|mkfifo|syscall'
awk -v re="^($FILE_FUNCS)\$" '$1 == "U" && $3 ~ re &&
    $2 !~ /^fsroot/ && $2 != "datafile" { print $2 ": " $3 }' \
    "$tmp/syms" | sort >"$tmp/open"
if [ -s "$tmp/open" ]; then
	while read -r line; do
		not_ok "file access outside fsroot/datafile: $line"
	done <"$tmp/open"
else
	ok "only fsroot and datafile open or inspect files"
fi

# Code loading: only modload loads a module (the program's own parts).
awk '$1 == "U" && $3 ~ /^dl(open|mopen|sym|vsym)$/ && $2 != "modload" {
    print $2 ": " $3 }' "$tmp/syms" | sort >"$tmp/dl"
if [ -s "$tmp/dl" ]; then
	while read -r line; do not_ok "module loading outside modload: $line"; done <"$tmp/dl"
else
	ok "only modload loads code (dlopen)"
fi
finish
