#!/bin/sh
# The man pages stay consistent: every page renders without a groff or man
# warning, every .TH names its own file and section and carries a date in
# the one format ("Month YYYY"), every ERRORS entry spells its error as
# \-EXXX, every .so alias points at a page that exists, and every
# section 7 page is reachable from io_uring(7)'s SEE ALSO.
#
# Exit 0 pass, 1 fail, 77 skip (as the C tests).
set -u

command -v groff >/dev/null 2>&1 || { echo "groff not installed"; exit 77; }
command -v man >/dev/null 2>&1 || { echo "man not installed"; exit 77; }

bad=0
err() { echo "man-lint: $*"; bad=$((bad + 1)); }

tmp=$(mktemp -d /tmp/liburing-manlint.XXXXXX) || { echo "mktemp"; exit 1; }
trap 'rm -rf "$tmp"' EXIT

# .so paths are relative to the top of a man tree (man3/foo.3), so render
# from a copy laid out like an installed one.
for f in man/*.[1-9]; do
	s=${f##*.}
	mkdir -p "$tmp/man$s"
	cp -P "$f" "$tmp/man$s/"
done

months='January|February|March|April|May|June|July|August|September|October|November|December'

for f in man/*.[1-9]; do
	page=${f#man/}
	name=${page%.*}
	sec=${page##*.}
	first=$(head -n 1 "$f")

	case $first in
	.so\ *)
		target=${first#.so }
		tdir=${target%%/*}
		tpage=${target#*/}
		[ "$tdir" = "man${tpage##*.}" ] ||
			err "$page: .so $target is not in man${tpage##*.}/"
		[ -f "man/$tpage" ] || err "$page: .so $target does not exist"
		if [ -f "man/$tpage" ] && head -n 1 "man/$tpage" | grep -q '^\.so '; then
			err "$page: .so $target is itself an alias"
		fi
		;;
	*)
		th=$(grep -m 1 '^\.TH ' "$f") || { err "$page: no .TH"; continue; }
		# .TH name section "date" "source" "manual"
		set -- $th
		[ "$2" = "$name" ] || err "$page: .TH names '$2'"
		[ "$3" = "$sec" ] || err "$page: .TH section '$3'"
		date=$(printf '%s\n' "$th" | awk -F'"' '{ print $2 }')
		printf '%s\n' "$date" | grep -Eqx "($months) [0-9]{4}" ||
			err "$page: .TH date '$date' is not 'Month YYYY'"
		# The tag line after each .TP in ERRORS names the error(s).
		awk -v P="$page" '
			/^\.SH/ { in_err = ($2 == "ERRORS"); next }
			in_err && /^\.TP/ { tag = 1; next }
			tag {
				tag = 0
				n = split($0, w, /[ ",]+/)
				for (i = 2; i <= n; i++)
					if (w[i] ~ /^E[A-Z0-9]+$/)
						printf "%s: ERRORS entry %s without \\-\n", P, w[i]
			}' "$f" > "$tmp/errs"
		if [ -s "$tmp/errs" ]; then
			while read -r line; do err "$line"; done < "$tmp/errs"
		fi
		;;
	esac

	out=$(cd "$tmp" && LC_ALL=C.UTF-8 MANWIDTH=80 \
		man --warnings -E UTF-8 -l "man$sec/$page" 2>&1 >/dev/null)
	[ -z "$out" ] || err "$page: man warns: $(printf '%s' "$out" | head -n 3)"
	out=$(cd "$tmp" && LC_ALL=C.UTF-8 groff -man -ww -z -Tutf8 \
		"man$sec/$page" 2>&1)
	[ -z "$out" ] || err "$page: groff warns: $(printf '%s' "$out" | head -n 3)"
done

# Every overview page is linked from io_uring(7).
seealso=$(awk '/^\.SH/ { s = ($2 == "SEE") } s' man/io_uring.7)
for f in man/*.7; do
	p=${f#man/}
	[ "$p" = io_uring.7 ] && continue
	printf '%s\n' "$seealso" | grep -q "^\.BR ${p%.7} (7)" ||
		err "io_uring.7: SEE ALSO lacks ${p%.7}(7)"
done

if [ "$bad" -ne 0 ]; then
	echo "man-lint: $bad problem(s)"
	exit 1
fi
exit 0
