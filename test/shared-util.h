/* SPDX-License-Identifier: MIT */
/*
 * Shared by the uringx_shared tests (ext-shared-*.c): the layer over a
 * ring they set up, or a skip when the kernel is too old for it.
 */
#ifndef TEST_SHARED_UTIL_H
#define TEST_SHARED_UTIL_H

#include <errno.h>

#include "helpers.h"
#include "liburing/ext.h"

/* uringx_shared_new(ring, slots, flags, shp), which must succeed. */
static inline void t_shared_new(struct io_uring *ring, unsigned int slots,
				unsigned int flags, struct uringx_shared **shp)
{
	int ret = uringx_shared_new(ring, slots, flags, shp);

	if (ret == -EOPNOTSUPP)
		t_skip("the kernel lacks IORING_FEAT_EXT_ARG");
	t_eq(ret, 0);
}

#endif
