#!/bin/sh
# make runtests-peer: the suite against the real liburing 2.15, both ways.
#
#   peer (2.15 headers, our library)   each test compiled with 2.15's
#       headers and linked against 2.15's liburing.so, then run on our
#       src/liburing.so.2: programs built for 2.15 must work on us.
#   peer (our headers, 2.15 library)   each test compiled with our
#       headers, run on 2.15's liburing.so.2 with LIBURING_TEST_PEER=2.15
#       set, so the checks of our documented differences (README, "Where
#       we knowingly differ") know not to expect them there.
#
# liburing 2.15 comes from Debian unstable (liburing2, liburing-dev), with
# that suite's linux-libc-dev: 2.15's headers were generated on a newer
# host and want kernel headers (<linux/blkdev.h>) older systems lack; they
# are added with -idirafter, so they only fill in what is missing. All of
# it is fetched with apt-get download through an apt configuration of our
# own and unpacked under build/peer-2.15/; nothing is installed, and a
# second run needs no network.
#
# Each direction prints the suite's lines and then
# "peer (...): N passed, N failed, N skipped"; the exit status is non-zero
# when either direction had a failure. With --fetch it only fetches and
# unpacks liburing 2.15 into build/peer-2.15/lib.
set -u
cd "$(dirname "$0")/../.."
top=$(pwd)
# Relative: test/runtests.sh runs each program as ./PATH.
peer=build/peer-2.15
want=2.15
jobs=$(nproc 2>/dev/null || echo 2)
CC=${CC:-cc}
CXX=${CXX:-c++}
CFLAGS=${CFLAGS:--O2 -g}

die() {
	echo "peer: $*" >&2
	exit 1
}

# Not run against the peer, and why. Shell tests (test/*.sh) are not
# either: they check the build, the install tree and the examples.
excluded() {
	case $1 in
	ext-*) ;;		# our extensions: not in liburing 2.15
	kernel-fallbacks) ;;	# our paths, and uringx_get_caps()
	compat-peer) ;;		# its own peer check, against Debian's 2.3
	header-hygiene) ;;	# compiles our include/ with every compiler
	proto-check) ;;		# generated from our include/ at build time
	abi-layout|abi-constants) ;; # header text vs docs/api tables only
	symbol-versions|ffi-symbols) ;;	# nm over our src/*.so files
	static-compat) ;;	# liburing.a-only symbols; the peer links .so
	*) return 1 ;;
	esac
}

# The main archive the system's apt uses (one-line or deb822 sources),
# and its keyring: "URI KEYRING".
system_archive() {
	{
		cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
			2>/dev/null | sed 's/#.*//' |
			awk '$1 == "deb" {
				k = ""; i = 2
				if ($2 ~ /^\[/) {
					for (; i <= NF; i++) {
						if ($i ~ /signed-by=/) {
							k = $i
							sub(/.*signed-by=/, "", k)
							sub(/\]$/, "", k)
						}
						if ($i ~ /\]$/) break
					}
					i++
				}
				print $i, $(i + 1), k
			}'
		for f in /etc/apt/sources.list.d/*.sources; do
			[ -f "$f" ] || continue
			awk 'BEGIN { RS = ""; FS = "\n" } {
				u = s = k = ""; on = 1
				for (i = 1; i <= NF; i++) {
					if ($i ~ /^#/) continue
					split($i, kv, ":[ \t]*")
					v = substr($i, length(kv[1]) + 2)
					sub(/^[ \t]+/, "", v)
					if (kv[1] == "URIs") u = v
					if (kv[1] == "Suites") s = v
					if (kv[1] == "Signed-By") k = v
					if (kv[1] == "Enabled" && v == "no") on = 0
				}
				if (on && u != "") {
					split(u, us, " "); split(s, ss, " ")
					for (j in ss) print us[1], ss[j], k
				}
			}' "$f"
		done
	} | awk '$1 ~ /debian/ && $1 !~ /security/ && $2 !~ /-/ {
		print $1, ($3 == "" ? "-" : $3); exit
	}'
}

# Download liburing2, liburing-dev (version 2.15-*) and linux-libc-dev
# from unstable into $peer/debs, then unpack them.
fetch() {
	set -- $(system_archive)
	uri=${1:-http://deb.debian.org/debian}
	key=${2:--}
	[ "$key" = - ] && key=/usr/share/keyrings/debian-archive-keyring.gpg
	# apt takes relative paths as relative to /etc/apt.
	apt=$top/$peer/apt
	rm -rf "$apt" "$peer/debs"
	mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" \
		"$apt/sources.list.d" "$peer/debs" ||
		die "cannot create $apt"
	printf 'deb [signed-by=%s] %s unstable main\n' "$key" "$uri" \
		> "$apt/sources.list"
	set -- -o Dir::Etc::sourcelist="$apt/sources.list" \
		-o Dir::Etc::sourceparts="$apt/sources.list.d" -o Dir::State::Lists="$apt/lists" \
		-o Dir::Cache="$apt/cache" -o Debug::NoLocking=1 \
		-o APT::Sandbox::User=root
	echo "peer: fetching liburing $want from $uri unstable"
	apt-get "$@" -qq update >"$apt/log" 2>&1 ||
		die "apt-get update failed (see $apt/log)"
	pkgs=
	for p in liburing2 liburing-dev; do
		v=$(apt-cache "$@" show "$p" 2>/dev/null |
			sed -n "s/^Version: \($want-.*\)/\1/p" | head -n 1)
		[ -n "$v" ] || die "unstable has no $p $want-*"
		pkgs="$pkgs $p=$v"
	done
	# shellcheck disable=SC2086
	(cd "$peer/debs" && apt-get "$@" -qq download $pkgs linux-libc-dev) \
		>>"$apt/log" 2>&1 || die "apt-get download failed (see $apt/log)"
	# The package lists are big and only needed once.
	rm -rf "$apt/lists" "$apt/cache"
}

unpack() {
	rm -rf "$peer/lib" "$peer/kernel"
	for d in "$peer"/debs/*.deb; do
		case ${d##*/} in
		linux-libc-dev_*) dst=$peer/kernel ;;
		*) dst=$peer/lib ;;
		esac
		dpkg-deb -x "$d" "$dst" || die "cannot unpack $d"
	done
	libdir=$(dirname "$(find "$peer/lib" -name liburing.so.2 | head -n 1)")
	[ -f "$peer/lib/usr/include/liburing.h" ] && [ -e "$libdir/liburing.so" ] ||
		die "the unpacked packages lack liburing.h or liburing.so"
	echo "$libdir" > "$peer/stamp"
}

if [ ! -f "$peer/stamp" ]; then
	ls "$peer"/debs/liburing2_*.deb >/dev/null 2>&1 || fetch
	unpack
fi
# --fetch: only fetch and unpack 2.15 (tools/abi-check.sh and
# bench/deps.sh share the download).
[ "${1:-}" = --fetch ] && exit 0
peerlib=$(cat "$peer/stamp")
peerinc=$peer/lib/usr/include
kinc=$peer/kernel/usr/include

[ -f src/liburing.so.2 ] || die "src/liburing.so.2 is not built (make first)"

# The programs, by name: every test/*.c and *.cc but the excluded, and
# the fuzz harnesses' replays.
names=
for f in test/*.c test/*.cc; do
	n=${f#test/}
	n=${n%.*}
	[ "$n" = helpers ] && continue
	excluded "$n" && continue
	names="$names $n"
done
fuzz=
for f in test/fuzz/*.c; do
	n=${f#test/fuzz/}
	n=${n%.c}
	case $n in common|replay) continue ;; esac
	fuzz="$fuzz $n"
done

# The tests that count the library's io_uring_enter() calls by defining
# syscall() (test/mode-util.h), as in the Makefile.
syscount=$(grep -l '"mode-util.h"' test/*.c | sed 's|test/\(.*\)\.c|\1|' |
	tr '\n' ' ')

# build DIR CPPFLAGS LIBS SYSCOUNT_LIBS: compile every program into
# DIR/test/; those of $syscount link SYSCOUNT_LIBS instead of LIBS.
build() {
	dir=$1 cpp=$2
	rm -rf "$dir"
	mkdir -p "$dir/test/fuzz"
	warn="-Wall -Wextra -Werror -Wno-unused-parameter"
	# shellcheck disable=SC2086
	$CC -D_GNU_SOURCE $cpp -Itest $CFLAGS $warn -c -o "$dir/helpers.o" \
		test/helpers.c || return 1
	# One compiler per program, $jobs at a time; a failure is kept in
	# DIR/build.log and makes that program fail when it is run.
	for n in $names; do
		libs=$3
		case " $syscount " in *" $n "*) libs=$4 ;; esac
		if [ -f "test/$n.cc" ]; then
			echo "$CXX -std=c++11 -D_GNU_SOURCE $cpp -Itest $CFLAGS" \
				"$warn -o $dir/test/$n.t test/$n.cc" \
				"$dir/helpers.o $libs -lpthread"
		else
			echo "$CC -D_GNU_SOURCE $cpp -Itest $CFLAGS $warn" \
				"-o $dir/test/$n.t test/$n.c $dir/helpers.o" \
				"$libs -lpthread -ldl"
		fi
	done > "$dir/commands"
	for n in $fuzz; do
		echo "$CC -D_GNU_SOURCE $cpp -Itest -Itest/fuzz $CFLAGS $warn" \
			"-DFUZZ_NAME='\"$n\"' -o $dir/test/fuzz/$n-replay.t" \
			"test/fuzz/$n.c test/fuzz/common.c test/fuzz/replay.c $3"
	done >> "$dir/commands"
	tr '\n' '\0' < "$dir/commands" |
		xargs -0 -P "$jobs" -n 1 sh -c 'eval "$2" >>"$1" 2>&1 ||
			echo "peer: build failed: $2" >>"$1"' sh "$dir/build.log"
	return 0
}

# run LABEL DIR LIBDIR [VAR=VALUE]: the suite from DIR on LIBDIR's
# liburing.so.2; prints the summary line under LABEL.
run() {
	label=$1 dir=$2 libdir=$3
	shift 3
	progs=
	for n in $names; do
		progs="$progs $dir/test/$n.t"
	done
	for n in $fuzz; do
		progs="$progs $dir/test/fuzz/$n-replay.t"
	done
	# The loader must pick LIBDIR's library, not another one.
	# shellcheck disable=SC2086
	got=$(env LD_LIBRARY_PATH="$libdir" ldd "$dir/test/nop.t" |
		sed -n 's/.*liburing\.so\.2 => \([^ ]*\).*/\1/p')
	[ "$(readlink -f "$got")" = "$(readlink -f "$libdir/liburing.so.2")" ] ||
		die "$label: nop.t loads '$got', not $libdir/liburing.so.2"
	grep 'peer: build failed' "$dir/build.log" | sed 's|^|      |'
	# shellcheck disable=SC2086
	env LD_LIBRARY_PATH="$libdir" "$@" sh test/runtests.sh $progs \
		> "$dir/results" 2>&1
	rc=$?
	sed -e "s|$dir/test/||g" -e '$d' "$dir/results"
	printf 'peer (%s): %s\n' "$label" "$(tail -n 1 "$dir/results")"
	return $rc
}

# Our library as the syscall-counting tests need it: built to make its
# system calls through syscall(3), as on architectures without our inline
# x86_64 path (the Makefile links these tests with the same objects). The
# programs name it in DT_RPATH, which the loader searches before
# LD_LIBRARY_PATH. 2.15's liburing.so.2 makes its calls inline: on it
# the tests cannot count (t_peer_library()).
sys=$peer/libc-sys
mkdir -p "$sys"
# shellcheck disable=SC2086
$CC -shared -Wl,-z,defs -Wl,-soname=liburing.so.2 \
	-Wl,--version-script=src/liburing.map -o "$sys/liburing.so.2" \
	-Wl,--whole-archive test/liburing-libc-sys.a -Wl,--no-whole-archive ||
	die "cannot link $sys/liburing.so.2"

a=$peer/theirs-headers
b=$peer/our-headers
echo "peer: building the suite twice (liburing $want headers, ours)"
build "$a" "-I$peerinc -idirafter $kinc" "-L$peerlib -luring" \
	"-L$peerlib -luring -Wl,--disable-new-dtags,-rpath,$top/$sys" ||
	die "test/helpers.c does not build against liburing $want"
build "$b" "-Iinclude" "-L$top/src -luring" "-L$top/src -luring" ||
	die "test/helpers.c does not build against our headers"

# Not "rc": run() sets that one for its own use.
status=0
run "$want headers, our library" "$a" "$top/src" LIBURING_TEST_PEER=headers ||
	status=1
run "our headers, $want library" "$b" "$top/$peerlib" \
	LIBURING_TEST_PEER=library || status=1
exit $status
