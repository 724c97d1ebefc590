/* SPDX-License-Identifier: MIT */
/*
 * The kernel's rules for ring sizes, in one place: the largest SQ and CQ
 * it accepts (IORING_MAX_ENTRIES, IORING_MAX_CQ_ENTRIES) and the rounding
 * it applies to every size it is given.
 */
#ifndef LIBURING_KERNEL_LIMITS_H
#define LIBURING_KERNEL_LIMITS_H

#define KERN_MAX_SQ_ENTRIES	32768U
#define KERN_MAX_CQ_ENTRIES	(2 * KERN_MAX_SQ_ENTRIES)

/* The smallest power of two >= n: 1 for 0, and 1 << 31 at most. */
static inline unsigned int kern_roundup_pow2(unsigned int n)
{
	if (n <= 1)
		return 1;
	if (n > 1U << 31)
		return 1U << 31;
	return 1U << (32 - __builtin_clz(n - 1));
}

#endif
