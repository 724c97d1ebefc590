/* SPDX-License-Identifier: MIT */
/*
 * Internals shared by the extension sources in src/ext/: the kernel's
 * rules for combining IORING_SETUP_* flags. Best-effort setup
 * (best-setup.c) obeys them, setup explanations (explain.c) name the one
 * a setup broke, and the capability trials (caps.c) satisfy them.
 */
#ifndef LIBURING_EXT_INT_H
#define LIBURING_EXT_INT_H

#include "liburing.h"

/* Library-internal: never exported from liburing.so, whatever the map. */
#pragma GCC visibility push(hidden)

#define ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))

/* A flag that is useless, and refused, without one of needs. */
static const struct {
	unsigned int flag;
	unsigned int needs;
} setup_flag_needs[] = {
	{ IORING_SETUP_SQ_AFF,		IORING_SETUP_SQPOLL },
	{ IORING_SETUP_TASKRUN_FLAG,	IORING_SETUP_COOP_TASKRUN |
					IORING_SETUP_DEFER_TASKRUN },
	{ IORING_SETUP_DEFER_TASKRUN,	IORING_SETUP_SINGLE_ISSUER },
	{ IORING_SETUP_REGISTERED_FD_ONLY, IORING_SETUP_NO_MMAP },
	{ IORING_SETUP_HYBRID_IOPOLL,	IORING_SETUP_IOPOLL },
	{ IORING_SETUP_SQ_REWIND,	IORING_SETUP_NO_SQARRAY },
};

/* Pairs the kernel refuses together; best-effort setup drops .flag. */
static const struct {
	unsigned int flag;
	unsigned int other;
} setup_flag_conflicts[] = {
	{ IORING_SETUP_COOP_TASKRUN,	IORING_SETUP_SQPOLL },
	{ IORING_SETUP_TASKRUN_FLAG,	IORING_SETUP_SQPOLL },
	{ IORING_SETUP_DEFER_TASKRUN,	IORING_SETUP_SQPOLL },
	{ IORING_SETUP_SQ_REWIND,	IORING_SETUP_SQPOLL },
	{ IORING_SETUP_CQE_MIXED,	IORING_SETUP_CQE32 },
	{ IORING_SETUP_SQE_MIXED,	IORING_SETUP_SQE128 },
};

/* The first setup_flag_needs[] rule that flags break, or -1. */
static inline int setup_unmet_need(unsigned int flags)
{
	unsigned int i;

	for (i = 0; i < ARRAY_LEN(setup_flag_needs); i++)
		if ((flags & setup_flag_needs[i].flag) &&
		    !(flags & setup_flag_needs[i].needs))
			return (int) i;
	return -1;
}

/* The first setup_flag_conflicts[] pair that flags hold both of, or -1. */
static inline int setup_conflict(unsigned int flags)
{
	unsigned int i;

	for (i = 0; i < ARRAY_LEN(setup_flag_conflicts); i++)
		if ((flags & setup_flag_conflicts[i].flag) &&
		    (flags & setup_flag_conflicts[i].other))
			return (int) i;
	return -1;
}

#pragma GCC visibility pop

#endif
