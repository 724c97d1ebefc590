#!/bin/sh
# Install what the benchmarks compare against or measure with, if missing:
# Debian's liburing-dev (the 2.3 peer) and valgrind (instruction counts);
# fetch liburing 2.15 from Debian unstable under build/peer-2.15/ with the
# step make runtests-peer uses (test/peer/run.sh --fetch: apt-get download
# through an apt configuration of its own, nothing installed). Without
# them run.sh still runs and marks the missing columns n/a.
cd "$(dirname "$0")" || exit 0
if [ ! -f ../build/peer-2.15/stamp ]; then
	sh ../test/peer/run.sh --fetch >&2 ||
		echo "bench: no liburing 2.15 (its column stays n/a)" >&2
fi
need=
[ -f /usr/include/liburing.h ] || need="$need liburing-dev"
command -v valgrind >/dev/null 2>&1 || need="$need valgrind"
[ -n "$need" ] || exit 0
if ! command -v apt-get >/dev/null 2>&1 || [ "$(id -u)" != 0 ]; then
	echo "bench: missing:$need (install them for the full comparison)" >&2
	exit 0
fi
echo "bench: installing$need" >&2
apt-get update -qq >/dev/null 2>&1 || true
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null 2>&1 ||
	echo "bench: could not install:$need" >&2
exit 0
