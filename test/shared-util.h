/* SPDX-License-Identifier: MIT */
/*
 * Shared by the uringx_shared tests (ext-shared-*.c): the layer over a
 * ring they set up, or a skip when the kernel is too old for it.
 */
#ifndef TEST_SHARED_UTIL_H
#define TEST_SHARED_UTIL_H

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

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

/* The calling thread's id, for t_wait_asleep(). */
static inline pid_t t_tid(void)
{
	return (pid_t) syscall(SYS_gettid);
}

/*
 * Return once thread tid of this process has been seen asleep (state S in
 * /proc/self/task/TID/stat). A thread that counted itself "ready" just
 * before a blocking uringx_shared_* call has not made the call until then:
 * freeing the layer earlier would leave it a dangling pointer.
 */
static inline void t_wait_asleep(pid_t tid)
{
	struct timespec start, now;
	char path[64], buf[512];
	const char *state;
	ssize_t n;
	int fd;

	clock_gettime(CLOCK_MONOTONIC, &start);
	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", (int) tid);
	for (;;) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		t_assert(fd >= 0, "open %s: %s", path, strerror(errno));
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		t_assert(n > 0, "read %s", path);
		buf[n] = 0;
		/* "pid (comm) S ...": comm may hold spaces and parentheses. */
		state = strrchr(buf, ')');
		if (state && state[1] == ' ' && state[2] == 'S')
			return;
		clock_gettime(CLOCK_MONOTONIC, &now);
		t_assert(now.tv_sec - start.tv_sec < 30,
			 "thread %d never went to sleep", (int) tid);
		sched_yield();
	}
}

#endif
