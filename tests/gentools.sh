# pc ARGS, dc ARGS - the postconf and doveconf of the generation being
# tested (sourced by tests/fixtext.sh, and by tests/fixes.py for the fix
# commands it runs through sh): the host's ($POSTCONF, $DOVECONF) when
# CHROOT is empty, else the ones inside CHROOT, with the arguments naming
# paths inside CHROOT given as the tool sees them.
pc() {
	if [ -z "$CHROOT" ]; then "$POSTCONF" "$@"; return; fi
	for _a do
		shift
		case $_a in "$CHROOT"/*) _a=${_a#"$CHROOT"} ;; esac
		set -- "$@" "$_a"
	done
	chroot "$CHROOT" /usr/sbin/postconf "$@"
}
dc() {
	if [ -z "$CHROOT" ]; then "$DOVECONF" "$@"; return; fi
	for _a do
		shift
		case $_a in "$CHROOT"/*) _a=${_a#"$CHROOT"} ;; esac
		set -- "$@" "$_a"
	done
	chroot "$CHROOT" /usr/bin/doveconf "$@"
}
