#!/bin/sh
# Install what the benchmarks compare against or measure with, if missing:
# Debian's liburing-dev (the 2.3 peer) and valgrind (instruction counts).
# Without them run.sh still runs and marks the missing columns n/a.
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
