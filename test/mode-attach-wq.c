/* SPDX-License-Identifier: MIT */
/*
 * IORING_SETUP_ATTACH_WQ: a ring shares the async workers (and with
 * SQPOLL, the SQ thread) of the ring named by wq_fd.
 */
#include <dirent.h>

#include "mode-util.h"

static int count_sq_threads(void)
{
	DIR *dir = opendir("/proc/self/task");
	struct dirent *de;
	int n = 0;

	t_assert(dir, "opendir");
	while ((de = readdir(dir))) {
		char path[300], name[64] = "";
		FILE *f;

		snprintf(path, sizeof(path), "/proc/self/task/%s/comm",
			 de->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fgets(name, sizeof(name), f) && strstr(name, "iou-sqp"))
			n++;
		fclose(f);
	}
	closedir(dir);
	return n;
}

static void attach(unsigned int flags)
{
	struct io_uring_params p;
	struct io_uring first, second;

	memset(&p, 0, sizeof(p));
	p.flags = flags;
	p.sq_thread_idle = 1000;
	t_ring_init_params(&first, 8, &p);

	memset(&p, 0, sizeof(p));
	p.flags = flags | IORING_SETUP_ATTACH_WQ;
	p.sq_thread_idle = 1000;
	p.wq_fd = first.ring_fd;
	t_ring_init_params(&second, 8, &p);
	t_roundtrip(&second, true);
	t_roundtrip(&first, true);
	if (flags & IORING_SETUP_SQPOLL)
		t_eq(count_sq_threads(), 1);
	io_uring_queue_exit(&second);
	io_uring_queue_exit(&first);
}

int main(void)
{
	struct io_uring_params p;
	struct io_uring ring;
	int fds[2];

	/* SQPOLL first, while no other SQ thread can still be exiting. */
	attach(IORING_SETUP_SQPOLL);
	attach(0);

	/* wq_fd must be an io_uring. */
	t_assert(pipe(fds) == 0, "pipe");
	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_ATTACH_WQ;
	p.wq_fd = fds[0];
	t_eq(io_uring_queue_init_params(8, &ring, &p), -EINVAL);
	close(fds[0]);
	close(fds[1]);
	return T_PASS;
}
