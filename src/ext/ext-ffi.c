/* SPDX-License-Identifier: MIT */
/*
 * liburing-ffi's copies of the inline helpers of <liburing/ext.h>: with
 * URINGX_INLINE defined empty, each one is compiled here as an ordinary
 * function from the header's own source, exported at LIBURING_EXT_1 by
 * the version script (tools/gen-map.sh lists them from the header).
 * <liburing.h>'s helpers stay inline here: src/ffi.c exports those.
 */
#define URINGX_INLINE
#include "liburing/ext.h"
