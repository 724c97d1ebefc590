#!/bin/sh
# The library's internals stay private: every global symbol liburing.a
# defines is an API name (io_uring_*, the __io_uring_* functions that are
# ABI or that 2.15's archive also defines, uringx_*) or carries the
# internal prefix __uringi_ with hidden visibility; liburing.so and
# liburing-ffi.so export no internal at all.
#
# Exit 0 pass, 1 fail, 77 skip (as the C tests).
set -u
fail() { echo "private-names: $*"; exit 1; }

command -v nm >/dev/null 2>&1 || { echo "skip: nm (binutils) is missing"; exit 77; }
command -v readelf >/dev/null 2>&1 || { echo "skip: readelf is missing"; exit 77; }
[ -f src/liburing.a ] || { echo "skip: no static library in this build"; exit 77; }

bad=$(nm -g --defined-only src/liburing.a src/liburing-ffi.a 2>/dev/null |
	awk 'NF == 3 { print $3 }' | sort -u |
	grep -v -e '^io_uring_' -e '^uringx_' -e '^__uringi_' \
		-e '^__io_uring_get_cqe$' -e '^__io_uring_sqring_wait$' \
		-e '^__io_uring_clone_buffers$' \
		-e '^__io_uring_clone_buffers_offset$' \
		-e '^__io_uring_queue_init_params$' \
		-e '^__io_uring_buf_ring_cq_advance$' \
		-e '^__io_uring_prep_' -e '^__io_uring_peek_cqe$' \
		-e '^_io_uring_get_sqe$')
[ -z "$bad" ] || fail "liburing.a defines names outside the API and the internal prefix:" $bad

# Every internal is hidden in every object of the archive.
shown=$(readelf -sW src/liburing.a | awk '$5 == "GLOBAL" && $7 != "UND" &&
	$8 ~ /^__uringi_/ && $6 != "HIDDEN" { print $8 }' | sort -u)
[ -z "$shown" ] || fail "internals without hidden visibility:" $shown

for so in src/liburing.so.2 src/liburing-ffi.so.2; do
	[ -e "$so" ] || continue
	leak=$(nm -D --defined-only "$so" | awk '{ print $NF }' |
		grep -e '^__uringi_' -e '^__sys_' | sed 's/@.*//' | sort -u)
	[ -z "$leak" ] || fail "$so exports internals:" $leak
done

# The old generic names must not come back.
old=$(nm -g --defined-only src/liburing.a | awk 'NF == 3 { print $3 }' |
	grep -e '^__sys_' -e '^__io_uring_do_register$' -e '^__io_uring_map_rings$')
[ -z "$old" ] || fail "generic internal names in liburing.a:" $old
echo "private-names: liburing.a globals are API names or hidden __uringi_ internals"
