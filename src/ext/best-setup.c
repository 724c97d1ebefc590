/* SPDX-License-Identifier: MIT */
/*
 * Best-effort setup (uringx_queue_init_best): a ring with as many of the
 * wished-for IORING_SETUP_* flags as the running kernel allows, and the
 * caller told which ones it got. Why a setup failed is explain.c's job.
 */
#include <errno.h>

#include "liburing.h"
#include "liburing/ext.h"
#include "ext-int.h"

/*
 * When the kernel still says -EINVAL, flags are given up in this order:
 * hints first, then the ones that change how the ring is driven. Flags not
 * listed (CQSIZE, ATTACH_WQ, R_DISABLED, SQE128, CQE32, NO_MMAP,
 * REGISTERED_FD_ONLY) change what the caller must do with the ring, so
 * they are dropped only when the kernel does not know them at all.
 */
static const unsigned int drop_order[] = {
	IORING_SETUP_HYBRID_IOPOLL,
	IORING_SETUP_TASKRUN_FLAG,
	IORING_SETUP_DEFER_TASKRUN,
	IORING_SETUP_COOP_TASKRUN,
	IORING_SETUP_SUBMIT_ALL,
	IORING_SETUP_SINGLE_ISSUER,
	IORING_SETUP_SQ_REWIND,
	IORING_SETUP_NO_SQARRAY,
	IORING_SETUP_CQE_MIXED,
	IORING_SETUP_SQE_MIXED,
	IORING_SETUP_SQ_AFF,
	IORING_SETUP_SQPOLL,
	IORING_SETUP_IOPOLL,
	IORING_SETUP_CLAMP,
};

/* Drop flags that conflict or lost what they need, until none is left. */
static unsigned int resolve_flags(unsigned int flags)
{
	int i;

	for (;;) {
		i = setup_conflict(flags);
		if (i >= 0) {
			flags &= ~setup_flag_conflicts[i].flag;
			continue;
		}
		i = setup_unmet_need(flags);
		if (i < 0)
			return flags;
		flags &= ~setup_flag_needs[i].flag;
	}
}

int uringx_queue_init_best(unsigned int entries, struct io_uring *ring,
			   struct io_uring_params *p, unsigned int *granted)
{
	struct uringx_caps caps;
	unsigned int wish, flags, i;
	int saved = errno;
	int ret;

	if (granted)
		*granted = 0;
	if (!ring || !p)
		return -EFAULT;

	wish = p->flags;
	flags = wish;
	/* What the kernel does not know at all can go before any attempt. */
	if (uringx_get_caps(&caps, 0) == 0 && caps.setup_flags)
		flags &= (unsigned int) caps.setup_flags;
	flags = resolve_flags(flags);

	for (;;) {
		p->flags = flags;
		ret = io_uring_queue_init_params(entries, ring, p);
		if (ret != -EINVAL)
			break;
		for (i = 0; i < ARRAY_LEN(drop_order); i++)
			if (flags & drop_order[i])
				break;
		if (i == ARRAY_LEN(drop_order))
			break;
		flags = resolve_flags(flags & ~drop_order[i]);
	}

	errno = saved;
	if (ret < 0) {
		p->flags = wish;
		return ret;
	}
	if (granted)
		*granted = wish & ring->flags;
	return 0;
}
