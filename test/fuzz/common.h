/* SPDX-License-Identifier: MIT */
/*
 * Shared by the libFuzzer harnesses: a reader that turns the input into
 * values, the objects a harness may point requests at (all its own), and
 * the invariants checked after every input.
 */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include "liburing.h"

/* The input, consumed front to back; reads past the end give zeros. */
struct fz {
	const uint8_t *data;
	size_t size;
};

uint8_t fz_u8(struct fz *f);
uint16_t fz_u16(struct fz *f);
uint32_t fz_u32(struct fz *f);
uint64_t fz_u64(struct fz *f);
/* A value in [0, n). */
unsigned int fz_pick(struct fz *f, unsigned int n);
void fz_bytes(struct fz *f, void *dst, size_t len);

/*
 * Objects requests may target: created per input, closed after it. The
 * memory areas are the only addresses handed to the kernel.
 */
#define FZ_BUF_SIZE	65536
struct fz_objects {
	int pipe_fds[2];
	int event_fd;
	int sock_fds[2];
	int file_fd;
	int dir_fd;		/* the temporary directory */
	unsigned char *buf;	/* FZ_BUF_SIZE bytes, page aligned */
};

void fz_objects_open(struct fz_objects *o);
void fz_objects_close(struct fz_objects *o);
/* One of the harness's descriptors, or an invalid one. */
int fz_pick_fd(struct fz *f, const struct fz_objects *o);

/* Descriptors and io_uring mappings before an input. */
struct fz_snapshot {
	int fds;
	int ring_maps;
};

void fz_snapshot(struct fz_snapshot *s);
/* Abort (a finding) if the input left a descriptor or mapping behind. */
void fz_check_snapshot(const struct fz_snapshot *s);

/*
 * Every library call returns >= 0 or a negative errno, and leaves errno
 * alone; FZ_CALL checks both and yields the result.
 */
void fz_check_ret(const char *what, long ret);
extern int fz_errno_canary;
void fz_check_errno(const char *what);
#define FZ_CALL(what, expr)						\
	({								\
		long fz_ret_;						\
		errno = fz_errno_canary;				\
		fz_ret_ = (long) (expr);				\
		fz_check_errno(what);					\
		fz_check_ret(what, fz_ret_);				\
		fz_ret_;						\
	})

/* Print a finding and abort, so libFuzzer keeps the input. */
void fz_fail(const char *fmt, ...)
	__attribute__((noreturn, format(printf, 1, 2)));

/* Consume every posted CQE; returns how many. */
unsigned int fz_drain(struct io_uring *ring);

#endif
