#!/bin/sh
# make runtests-kernels: the whole suite (the test programs and scripts
# given on the command line) on older Linux kernels, each booted in a
# virtual machine. Prints one line per kernel,
#   kernel <uname -r>: N passed, N failed, N skipped
# then "N passed, N failed, N skipped" over all of them.
# Exit status: 0 when nothing failed. See docs/kernels.md.
#
# The kernels are Debian's own packages, fetched with apt-get download
# through an apt configuration of our own under build/kernels/apt (the
# system's sources are never touched) and cached in build/kernels/debs,
# so a second run needs no network. A guest is a small initramfs (Debian's
# busybox-static, the kernel's own virtio and 9p modules, test/kernels/init)
# that mounts the host's root read-only over virtio-9p and runs
# test/runtests.sh chrooted into it, on the tree's own build. Results come
# back over the second serial port; kernel messages go to the first.
#
# Environment:
#   KERNELS         series to run, default "5.10 6.1 6.12"
#   TESTS           only these tests (names as runtests.sh prints them,
#                   e.g. "setup ring-mem"); default all
#   KERNEL_TIMEOUT  seconds one guest may take in all, default 720
#   TEST_TIMEOUT    seconds one test may take inside a guest, default 180
#   VM_ACCEL        kvm, tcg or auto (default: kvm when a probe boots)
#   VM_SMP, VM_MEM  guest CPUs (default 1) and MiB of memory (default 2048)
set -u

tree=$(pwd -P)
top=$tree/build/kernels
kernels=${KERNELS:-5.10 6.1 6.12}
guest_limit=${KERNEL_TIMEOUT:-720}
test_limit=${TEST_TIMEOUT:-180}
smp=${VM_SMP:-1}
mem=${VM_MEM:-2048}

die() { echo "runtests-kernels: $*" >&2; exit 1; }

[ $# -gt 0 ] || die "no tests given (run it as make runtests-kernels)"
command -v qemu-system-x86_64 >/dev/null 2>&1 ||
	die "qemu-system-x86_64 is missing (apt-get install qemu-system-x86)"
command -v dpkg-deb >/dev/null 2>&1 || die "dpkg-deb is missing"
mkdir -p "$top/debs" || die "cannot create $top"

# --- fetching: a private apt configuration ------------------------------

apt_dir=$top/apt
apt_ready=

# The Debian archive the machine already uses: the first URI of a
# "deb" source whose suites are not the security ones, in the deb822
# .sources files or the one-line format.
system_archive() {
	{
		cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '
			/^URIs:/ { uri = $2 }
			/^Suites:/ && uri != "" && $0 !~ /security/ { print uri; exit }
			/^$/ { uri = "" }'
		cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
			2>/dev/null | awk '
			$1 == "deb" {
				i = 2
				if ($2 ~ /^\[/) while ($i !~ /\]$/) i++
				if ($2 ~ /^\[/) i++
				if ($(i + 1) !~ /security/) { print $i; exit }
			}'
	} | grep -m 1 '^http' || echo http://deb.debian.org/debian
}

apt_opts() {
	printf '%s\n' -o "Dir::Etc::sourcelist=$apt_dir/sources.list" \
		-o Dir::Etc::sourceparts=- \
		-o "Dir::State::Lists=$apt_dir/lists" \
		-o "Dir::Cache=$apt_dir/cache" \
		-o "Dir::State::status=$apt_dir/status" \
		-o APT::Sandbox::User=root -qq
}

apt_prepare() {
	[ -n "$apt_ready" ] && return 0
	mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" ||
		return 1
	: > "$apt_dir/status"
	archive=$(system_archive)
	key=/usr/share/keyrings/debian-archive-keyring.gpg
	for suite in bullseye bookworm trixie; do
		echo "deb [signed-by=$key] $archive $suite main"
	done > "$apt_dir/sources.list"
	echo "runtests-kernels: apt-get update ($archive bullseye bookworm trixie)"
	# shellcheck disable=SC2046
	apt-get $(apt_opts) update >"$apt_dir/update.log" 2>&1 ||
		{ cat "$apt_dir/update.log" >&2; return 1; }
	apt_ready=yes
}

# fetch SERIES PATTERN: the newest Debian package whose name matches the
# extended regular expression, downloaded once into build/kernels/debs.
# Prints the .deb's path.
fetch() {
	cached=$(ls "$top/debs/" 2>/dev/null | grep -E "^$2_" | sort -V |
		tail -n 1)
	if [ -n "$cached" ]; then
		echo "$top/debs/$cached"
		return 0
	fi
	apt_prepare >&2 || return 1
	# shellcheck disable=SC2046
	pkg=$(apt-cache $(apt_opts) pkgnames "$1" | grep -E "^$2\$" |
		sort -V | tail -n 1)
	[ -n "$pkg" ] || { echo "no package matches $2" >&2; return 1; }
	echo "runtests-kernels: apt-get download $pkg" >&2
	# shellcheck disable=SC2046
	(cd "$top/debs" && apt-get $(apt_opts) download "$pkg" >&2) ||
		return 1
	ls "$top/debs/${pkg}_"*.deb | sort -V | tail -n 1
}

bb_deb=$(fetch busybox-static 'busybox-static') ||
	die "cannot fetch busybox-static"
if [ ! -x "$top/busybox" ]; then
	rm -rf "$top/bb.tmp"
	# Older packages put it in /bin, newer ones in /usr/bin.
	dpkg-deb -x "$bb_deb" "$top/bb.tmp" || die "cannot unpack $bb_deb"
	for f in "$top/bb.tmp/bin/busybox" "$top/bb.tmp/usr/bin/busybox"; do
		[ -x "$f" ] && cp "$f" "$top/busybox" && break
	done
	[ -x "$top/busybox" ] || die "no busybox in $bb_deb"
	rm -rf "$top/bb.tmp"
fi
bb=$top/busybox

# --- one initramfs per kernel -------------------------------------------

# prepare DEB: unpacks the kernel once into build/kernels/<release>/
# (vmlinuz and initrd.cpio; the rest of the package is not kept) and
# prints the release.
prepare() {
	rel=$(basename "$1" | sed 's/^linux-image-//; s/_.*//')
	kdir=$top/$rel
	if [ -f "$kdir/initrd.cpio" ] && [ -f "$kdir/vmlinuz" ] &&
	   [ "$kdir/initrd.cpio" -nt "$tree/test/kernels/init" ]; then
		echo "$rel"
		return 0
	fi
	rm -rf "$kdir" "$top/unpack.tmp"
	mkdir -p "$kdir/root/bin" "$kdir/root/modules" || return 1
	dpkg-deb -x "$1" "$top/unpack.tmp" || return 1
	u=$top/unpack.tmp
	cp "$u/boot/vmlinuz-$rel" "$kdir/vmlinuz" || return 1
	mods=$(ls -d "$u/lib/modules/$rel" "$u/usr/lib/modules/$rel" \
		2>/dev/null | head -n 1)
	[ -n "$mods" ] || { echo "no modules in $1" >&2; return 1; }
	find "$mods" -name '*.ko*' > "$top/modlist.tmp"
	order=
	# need MODULE: MODULE after everything it depends on (the
	# "depends=" field of its .modinfo), each once. Debian ships no
	# modules.dep; a module that is not found is built in.
	need() {
		case " $order " in *" $1 "*) return 0 ;; esac
		f=$(grep -E "/$(echo "$1" | sed 's/[-_]/[-_]/g')\.ko(\.xz|\.zst|\.gz)?\$" \
			"$top/modlist.tmp" | head -n 1)
		[ -n "$f" ] || return 0
		case $f in
		*.xz) "$bb" xzcat "$f" > "$kdir/root/modules/$1.ko" ;;
		*.gz) "$bb" zcat "$f" > "$kdir/root/modules/$1.ko" ;;
		*.ko) cp "$f" "$kdir/root/modules/$1.ko" ;;
		*) echo "cannot unpack $f" >&2; return 1 ;;
		esac
		deps=$(tr '\0' '\n' < "$kdir/root/modules/$1.ko" |
			sed -n 's/^depends=//p' | tr ',' ' ')
		for d in $deps; do
			need "$d" || return 1
		done
		order="$order $1"
	}
	for m in virtio_pci 9pnet_virtio 9p; do
		need $m || return 1
	done
	echo "$order" > "$kdir/root/modules/order"
	cp "$bb" "$kdir/root/bin/busybox" &&
		cp "$tree/test/kernels/init" "$kdir/root/init" &&
		chmod 755 "$kdir/root/init" || return 1
	(cd "$kdir/root" && find . | "$bb" cpio -o -H newc 2>/dev/null) \
		> "$kdir/initrd.cpio" || return 1
	rm -rf "$u" "$top/modlist.tmp" "$kdir/root"
	echo "$rel"
}

rels=
for s in $kernels; do
	re=$(echo "$s" | sed 's/\./\\./g')
	deb=$(fetch "linux-image-$s." \
		"linux-image-$re\\.[0-9]+(-[0-9]+|\\+deb[0-9]+)-amd64") ||
		die "cannot fetch a Linux $s kernel"
	rel=$(prepare "$deb") || die "cannot prepare $deb"
	rels="$rels $rel"
done

# --- the engine ---------------------------------------------------------

# boot REL LIMIT RESULTS CONSOLE ACCEL INIT-ENV...: one guest, killed
# after LIMIT seconds. Exit status: timeout's (124 when killed).
boot() {
	rel=$1 limit=$2 res=$3 con=$4 acc=$5
	shift 5
	if [ "$acc" = kvm ]; then
		qaccel="-accel kvm -cpu host"
	else
		qaccel="-accel tcg -cpu max"
	fi
	: > "$res"
	: > "$con"
	# shellcheck disable=SC2086
	timeout -k 5 "$limit" qemu-system-x86_64 $qaccel -smp "$smp" \
		-m "$mem" -display none -monitor none -no-reboot -nic none \
		-serial "file:$con" -serial "file:$res" \
		-kernel "$top/$rel/vmlinuz" -initrd "$top/$rel/initrd.cpio" \
		-virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap" \
		-virtfs "local,path=$tree,mount_tag=tree,security_model=none,readonly=on,multidevs=remap" \
		-append "console=ttyS0 quiet panic=-1 $*" \
		</dev/null >"$con.qemu" 2>&1
}

# KVM is preferred, but on some machines /dev/kvm exists and a guest
# hangs at boot: a guest that only reports and powers off gets a few
# seconds there before TCG is used instead.
accel=${VM_ACCEL:-auto}
first=${rels# }
first=${first%% *}
if [ "$accel" = auto ]; then
	accel=tcg
	if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
		boot "$first" 20 "$top/probe.res" "$top/probe.con" kvm \
			LURING_MODE=probe
		tr -d '\r' < "$top/probe.res" | grep -q '^GUEST-UP' && accel=kvm
	fi
fi
echo "runtests-kernels: engine $accel, $smp CPU, $mem MiB, $guest_limit s per kernel"

# --- the suite in each guest --------------------------------------------

# Tests that only build and install the library test no kernel, and a
# compiler under TCG takes longer than the whole suite: they run on the
# host (make runtests) and are reported here as skipped, by name.
host_only=
for t in "$@"; do
	if [ -n "${TESTS:-}" ]; then
		n=${t#test/}; n=${n%.t}; n=${n%.sh}
		case " $TESTS " in *" $n "*) ;; *) continue ;; esac
	fi
	case $t in
	test/build-variants.sh|test/install-tree.sh|test/compat-peer.t|\
	test/header-hygiene.t|test/header-compat.t|test/man-lint.sh)
		host_only="$host_only ${t#test/}" ;;
	*) echo "$t" ;;
	esac
done > "$top/tests.list"
n_host_only=$(echo $host_only | wc -w)
host_only_why() {
	case $1 in
	man-lint.sh)
		echo "checks the man pages only (slow under TCG);" \
			"runs on the host" ;;
	compat-peer.t|header-hygiene.t|header-compat.t)
		echo "compiles against the headers only (slow under TCG);" \
			"runs on the host" ;;
	*) echo "builds and installs only; runs on the host" ;;
	esac
}
set -- $(cat "$top/tests.list")
tp=0 tf=0 ts=0
for rel in $rels; do
	out=$top/$rel
	start=$(date +%s)
	boot "$rel" "$guest_limit" "$out/results.log" "$out/console.log" \
		"$accel" LURING_MODE=run "LURING_TREE=$tree" \
		"LURING_ACCEL=$accel" "TEST_TIMEOUT=$test_limit"
	rc=$?
	took=$(($(date +%s) - start))
	tr -d '\r' < "$out/results.log" > "$out/results.txt"
	r=$out/results.txt
	uname=$(sed -n 's/^GUEST-UNAME //p' "$r" | head -n 1)
	[ -n "$uname" ] || uname="$rel (did not report)"
	ver=$(sed -n 's/^GUEST-VERSION //p' "$r" | head -n 1)
	echo "--- $uname: $ver, ${took}s"
	# Everything but the passes, indented as runtests.sh does.
	grep -v -e '^PASS ' -e '^GUEST-' -e '^[0-9]* passed, ' "$r" |
		sed 's/^/  /'
	sum=$(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$r" |
		tail -n 1)
	if [ -n "$sum" ] && grep -q '^GUEST-DONE' "$r"; then
		p=${sum%% passed*}
		f=${sum#*passed, }; f=${f%% failed*}
		s=${sum#*failed, }; s=${s%% skipped*}
	else
		# No summary: the guest hung, crashed or was killed. The
		# test after the last reported one is the one that was
		# running; it and those never started count as failed.
		p=$(grep -c '^PASS ' "$r")
		s=$(grep -c '^SKIP ' "$r")
		f=$(grep -c '^FAIL ' "$r")
		done_n=$((p + s + f))
		total=$#
		running=$(sed -n "$((done_n + 1))p" "$top/tests.list")
		why="stopped"
		[ "$rc" -eq 124 ] || [ "$rc" -eq 137 ] &&
			why="killed after ${guest_limit}s"
		grep -q '^GUEST-UP' "$r" || why="$why before it started the suite"
		echo "  FAIL  guest $why while running ${running:-nothing}" \
			"($((total - done_n)) tests not finished)"
		f=$((f + total - done_n))
		echo "  last kernel messages:"
		tail -n 15 "$out/console.log" | tr -d '\r' | sed 's/^/    /'
	fi
	# Kernel warnings are not failures by themselves, but say so.
	tr -d '\r' < "$out/console.log" |
		grep -E 'BUG:|WARNING:|Oops|Call Trace|panic' | head -n 10 |
		sed 's/^/  kernel: /'
	for t in $host_only; do
		n=${t%.sh}; n=${n%.t}
		echo "  SKIP  $n: $(host_only_why "$t")"
	done
	s=$((s + n_host_only))
	echo "kernel $uname: $p passed, $f failed, $s skipped"
	tp=$((tp + p)) tf=$((tf + f)) ts=$((ts + s))
done

printf '%d passed, %d failed, %d skipped\n' "$tp" "$tf" "$ts"
[ "$tf" -eq 0 ]
