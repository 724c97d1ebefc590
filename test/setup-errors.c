/* SPDX-License-Identifier: MIT */
/*
 * Setup flag combinations and parameters the kernel rejects: each gives
 * the kernel's exact error through every init function, and leaves no file
 * descriptor or mapping behind.
 */
#include "mode-util.h"

struct bad_setup {
	const char *what;
	unsigned int entries;
	unsigned int flags;
	unsigned int cq_entries;
	unsigned int sq_thread_cpu;
	int wq_fd;
	int resv;
	int err;
};

static const struct bad_setup cases[] = {
	{ "no entries", 0, 0, 0, 0, 0, 0, -EINVAL },
	{ "too many entries", 65536, 0, 0, 0, 0, 0, -EINVAL },
	{ "unknown flag", 8, 1U << 31, 0, 0, 0, 0, -EINVAL },
	{ "CQSIZE of 0", 8, IORING_SETUP_CQSIZE, 0, 0, 0, 0, -EINVAL },
	{ "CQ smaller than SQ", 8, IORING_SETUP_CQSIZE, 4, 0, 0, 0, -EINVAL },
	{ "CQ too big", 8, IORING_SETUP_CQSIZE, 1U << 20, 0, 0, 0, -EINVAL },
	{ "SQ_AFF without SQPOLL", 8, IORING_SETUP_SQ_AFF, 0, 0, 0, 0,
	  -EINVAL },
	{ "SQ_AFF on no such CPU", 8, IORING_SETUP_SQPOLL |
	  IORING_SETUP_SQ_AFF, 0, 4096, 0, 0, -EINVAL },
	/* not -EBADF: the kernel reports a bad wq_fd as -ENXIO */
	{ "ATTACH_WQ to no fd", 8, IORING_SETUP_ATTACH_WQ, 0, 0, 999, 0,
	  -ENXIO },
	{ "DEFER_TASKRUN without SINGLE_ISSUER", 8,
	  IORING_SETUP_DEFER_TASKRUN, 0, 0, 0, 0, -EINVAL },
	{ "DEFER_TASKRUN with SQPOLL", 8, IORING_SETUP_DEFER_TASKRUN |
	  IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_SQPOLL, 0, 0, 0, 0,
	  -EINVAL },
	{ "COOP_TASKRUN with SQPOLL", 8, IORING_SETUP_COOP_TASKRUN |
	  IORING_SETUP_SQPOLL, 0, 0, 0, 0, -EINVAL },
	{ "TASKRUN_FLAG alone", 8, IORING_SETUP_TASKRUN_FLAG, 0, 0, 0, 0,
	  -EINVAL },
	{ "HYBRID_IOPOLL without IOPOLL", 8, IORING_SETUP_HYBRID_IOPOLL, 0, 0,
	  0, 0, -EINVAL },
	{ "CQE32 with CQE_MIXED", 8, IORING_SETUP_CQE32 |
	  IORING_SETUP_CQE_MIXED, 0, 0, 0, 0, -EINVAL },
	{ "REGISTERED_FD_ONLY without NO_MMAP", 8,
	  IORING_SETUP_REGISTERED_FD_ONLY, 0, 0, 0, 0, -EINVAL },
	{ "reserved field set", 8, 0, 0, 0, 0, 1, -EINVAL },
	{ "no entries, NO_MMAP", 0, IORING_SETUP_NO_MMAP, 0, 0, 0, 0,
	  -EINVAL },
	{ "DEFER_TASKRUN alone, NO_MMAP", 8, IORING_SETUP_NO_MMAP |
	  IORING_SETUP_DEFER_TASKRUN, 0, 0, 0, 0, -EINVAL },
};

static void fill(struct io_uring_params *p, const struct bad_setup *c)
{
	memset(p, 0, sizeof(*p));
	p->flags = c->flags;
	p->cq_entries = c->cq_entries;
	p->sq_thread_cpu = c->sq_thread_cpu;
	p->wq_fd = c->wq_fd;
	p->resv[0] = c->resv;
}

static void check(const struct bad_setup *c)
{
	int fds = t_count_fds(), maps = t_count_maps();
	struct io_uring_params p;
	struct io_uring ring;
	int ret;

	fill(&p, c);
	ret = io_uring_queue_init_params(c->entries, &ring, &p);
	if (ret != c->err)
		t_fail("%s: queue_init_params %d, wanted %d", c->what, ret,
		       c->err);
	if (!c->resv && !c->cq_entries && !c->sq_thread_cpu && !c->wq_fd) {
		ret = io_uring_queue_init(c->entries, &ring, c->flags);
		if (ret != c->err)
			t_fail("%s: queue_init %d, wanted %d", c->what, ret,
			       c->err);
	}
	if (!(c->flags & IORING_SETUP_NO_MMAP)) {
		/* The raw system call agrees. */
		fill(&p, c);
		ret = io_uring_setup(c->entries, &p);
		if (ret >= 0)
			close(ret);
		if (ret != c->err)
			t_fail("%s: io_uring_setup %d, wanted %d", c->what,
			       ret, c->err);
	}
	if (t_count_fds() != fds || t_count_maps() != maps)
		t_fail("%s: left fds %d -> %d, maps %d -> %d", c->what, fds,
		       t_count_fds(), maps, t_count_maps());
}

int main(void)
{
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check(&cases[i]);

	/* NULL arguments never reach the kernel. */
	t_eq_null(io_uring_queue_init_params(8, NULL, NULL), -EFAULT);
	t_eq_null(io_uring_queue_init_mem(8, NULL, NULL, NULL, 0), -EFAULT);
	t_eq_null(io_uring_queue_mmap(-1, NULL, NULL), -EFAULT);
	return T_PASS;
}
