/* SPDX-License-Identifier: MIT */
/*
 * Kernel and libc types the liburing API uses, taken from the system's own
 * uapi headers. This file is written by hand and is the same on every
 * machine: nothing in it is guessed at build time.
 */
#ifndef LIBURING_COMPAT_H
#define LIBURING_COMPAT_H

#include <linux/time_types.h>	/* struct __kernel_timespec (Linux 5.1) */
#include <linux/openat2.h>	/* struct open_how (Linux 5.6) */
#include <linux/futex.h>	/* struct futex_waitv (Linux 5.16) */
#include <linux/ioctl.h>
#include <sys/wait.h>		/* idtype_t, siginfo_t */
#include <inttypes.h>

/* io_uring.h must not pull in time_types.h a second time. */
#define UAPI_LINUX_IO_URING_H_SKIP_LINUX_TIME_TYPES_H 1

/*
 * <fcntl.h> only defines AT_FDCWD for POSIX.1-2008 and later; the helpers
 * that take a path relative to the working directory need it in strict
 * ISO C modes too. The value is the kernel's.
 */
#ifndef AT_FDCWD
#define AT_FDCWD	-100
#endif

/*
 * The block layer's uring_cmd numbers: discard (Linux 6.12) and zone reset
 * all (liburing 2.16). They are in the kernel's <linux/blkdev.h> where the
 * system has that header; the values are the kernel's.
 */
#if defined(__has_include)
#if __has_include(<linux/blkdev.h>)
#include <linux/blkdev.h>
#endif
#endif
#ifndef BLOCK_URING_CMD_DISCARD
#define BLOCK_URING_CMD_DISCARD		_IO(0x12, 0)
#endif
#ifndef BLOCK_URING_CMD_ZONE_RESET_ALL
#define BLOCK_URING_CMD_ZONE_RESET_ALL	_IO(0x12, 1)
#endif


#endif
