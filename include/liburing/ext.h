/* SPDX-License-Identifier: MIT */
/*
 * Extensions: functions this library offers beyond the liburing API.
 *
 * Everything here is named uringx_* / URINGX_*, a prefix upstream liburing
 * does not use, and is exported at the symbol versions LIBURING_EXT_1 and
 * LIBURING_EXT_2 (from the comment line naming it on) so a
 * program that uses it cannot be mistaken for a plain liburing program.
 * <liburing.h> does not include this header; include it yourself:
 *
 *	#include <liburing.h>
 *	#include <liburing/ext.h>
 *
 * See uring-info(1) and the uringx_*(3) pages.
 */
#ifndef LIBURING_EXT_H
#define LIBURING_EXT_H

#include <stddef.h>
#include <liburing.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * URINGX_INLINE marks the inline helpers that liburing-ffi also exports,
 * at LIBURING_EXT_1 (src/ext/ext-ffi.c defines it empty before including
 * this file). As with <liburing.h>'s, C++20 modules cannot export
 * "static" functions, hence plain "inline" there.
 */
#ifndef URINGX_INLINE
#if defined(__cplusplus) && __cplusplus >= 202002L
#define URINGX_INLINE inline
#else
#define URINGX_INLINE static inline
#endif
#endif

/* Where the answers in struct uringx_caps came from (uringx_caps.sources). */
#define URINGX_SRC_QUERY	(1U << 0)	/* IORING_REGISTER_QUERY */
#define URINGX_SRC_PROBE	(1U << 1)	/* IORING_REGISTER_PROBE */
#define URINGX_SRC_TRIAL	(1U << 2)	/* trial setups, enters, nops */
#define URINGX_SRC_RESTRICT	(1U << 3)	/* restriction bisection */

/* uringx_get_caps() flags */
#define URINGX_CAPS_NO_QUERY	(1U << 0)	/* act as if QUERY were absent */
#define URINGX_CAPS_FRESH	(1U << 1)	/* recompute, bypass the cache */

/* Environment variable: when set to 1, every report acts as NO_QUERY. */
#define URINGX_ENV_NO_QUERY	"URINGX_NO_QUERY"

/* What the running kernel's io_uring supports. */
struct uringx_caps {
	int status;			/* 0, or -errno: no ring could be made */
	unsigned int sources;		/* URINGX_SRC_* */
	unsigned int nr_opcodes;	/* SQE opcodes known: 0 .. nr - 1 */
	unsigned int nr_register_ops;	/* register(2) opcodes known */
	__u64 opcodes[4];		/* bit n: opcode n can be submitted */
	__u64 features;			/* IORING_FEAT_* */
	__u64 setup_flags;		/* IORING_SETUP_* */
	__u64 enter_flags;		/* IORING_ENTER_* */
	__u64 sqe_flags;		/* IOSQE_* */
	__u64 resv[4];
};

int uringx_get_caps(struct uringx_caps *caps, unsigned int flags);

/* Whether opcode can be submitted, by a report from uringx_get_caps(). */
URINGX_INLINE int uringx_caps_has_opcode(const struct uringx_caps *caps,
					 unsigned int opcode)
{
	if (opcode >= 256)
		return 0;
	return (caps->opcodes[opcode / 64] >> (opcode % 64)) & 1;
}

/* Which table uringx_name() looks a value up in. */
enum uringx_name_kind {
	URINGX_NAME_OPCODE,	/* IORING_OP_* value */
	URINGX_NAME_REGISTER,	/* IORING_REGISTER_* value */
	URINGX_NAME_SETUP,	/* bit number of an IORING_SETUP_* flag */
	URINGX_NAME_ENTER,	/* bit number of an IORING_ENTER_* flag */
	URINGX_NAME_SQE,	/* bit number of an IOSQE_* flag */
	URINGX_NAME_FEATURE,	/* bit number of an IORING_FEAT_* flag */
};

/* "READV", "SQPOLL", ...: the constant without its prefix, or NULL. */
const char *uringx_name(enum uringx_name_kind kind, unsigned int value);

/* A ring with as many of the wished-for setup flags as the kernel allows. */
int uringx_queue_init_best(unsigned int entries, struct io_uring *ring,
			   struct io_uring_params *p, unsigned int *granted);

/* One line naming why a setup failed and what would fix it. */
int uringx_explain_setup(int err, unsigned int entries,
			 const struct io_uring_params *p, char *buf,
			 size_t len);

/* nr SQEs at once, or none: for a linked chain. */
int uringx_get_sqes(struct io_uring *ring, struct io_uring_sqe **sqes,
		    unsigned int nr);
/* Give back the last nr SQEs handed out and not yet submitted. */
int uringx_unget_sqes(struct io_uring *ring, unsigned int nr);
/*
 * Copy up to nr CQEs out of the ring by value and consume them. Counts are
 * CQEs, 16 or 32 bytes alike; a 32-byte one fills two elements of cqes.
 */
int uringx_copy_cqes(struct io_uring *ring, struct io_uring_cqe *cqes,
		     unsigned int nr, unsigned int wait_nr);

/*
 * LIBURING_EXT_2: one ring shared by any number of threads (uringx_shared(3)).
 * The layer owns the ring's SQ side and every CQE's user_data on the wire;
 * each request gets a handle, and the caller's own user_data comes back in
 * its struct uringx_completion.
 */
struct uringx_shared;

/* What a request came to: the caller's user_data and the kernel's CQE. */
struct uringx_completion {
	__u64 user_data;	/* as the caller set it on the SQE */
	__s32 res;
	__u32 flags;		/* IORING_CQE_F_* */
	__u64 big_cqe[2];	/* the second half of a 32-byte CQE, or 0 */
};

/* Called by whichever thread reaps the request's CQE (uringx_shared(3)). */
typedef void (*uringx_shared_cb)(struct uringx_shared *sh,
				 const struct uringx_completion *c, void *arg);

/* uringx_shared_submit() flags */
#define URINGX_SUBMIT_LAZY	(1U << 0)	/* leave the enter to a wait */
#define URINGX_SUBMIT_NOWAIT	(1U << 1)	/* SQ full (SQPOLL): -EAGAIN */

/* Counters since uringx_shared_new(), for tuning and tests. */
struct uringx_shared_stats {
	__u64 sqes;		/* SQEs published to the ring */
	__u64 cqes;		/* completions handed to their requesters */
	__u64 enters;		/* io_uring_enter() calls, every kind */
	__u64 submit_enters;	/* of those, calls that only submitted */
	__u64 combined;		/* submits left to an enter in progress */
	__u64 stray;		/* CQEs that named no request of the layer */
	__u64 resv[4];
};

int uringx_shared_new(struct io_uring *ring, unsigned int nr_slots,
		      unsigned int flags, struct uringx_shared **shp);
int uringx_shared_shutdown(struct uringx_shared *sh);
int uringx_shared_free(struct uringx_shared *sh);
int uringx_shared_get_sqes(struct uringx_shared *sh,
			   struct io_uring_sqe **sqes, __u64 *reqs,
			   unsigned int nr, const struct __kernel_timespec *ts);
int uringx_shared_unget(struct uringx_shared *sh, const __u64 *reqs,
			unsigned int nr);
int uringx_shared_set_callback(struct uringx_shared *sh, __u64 req,
			       uringx_shared_cb cb, void *arg);
int uringx_shared_submit(struct uringx_shared *sh, const __u64 *reqs,
			 unsigned int nr, unsigned int flags);
int uringx_shared_submit_and_wait(struct uringx_shared *sh, const __u64 *reqs,
				  unsigned int nr, struct uringx_completion *cs,
				  const struct __kernel_timespec *ts);
int uringx_shared_wait(struct uringx_shared *sh, __u64 req,
		       struct uringx_completion *c,
		       const struct __kernel_timespec *ts);
int uringx_shared_dispatch(struct uringx_shared *sh,
			   const struct __kernel_timespec *ts);
int uringx_shared_get_stats(struct uringx_shared *sh,
			    struct uringx_shared_stats *st);

#ifdef __cplusplus
}
#endif

#endif
