/* SPDX-License-Identifier: MIT */
/*
 * Fixed files: register, use with IOSQE_FIXED_FILE, update, tag, sparse
 * tables, the allocation range, the RLIMIT_NOFILE retry and argument errors.
 */
#include <sys/resource.h>

#include "register-util.h"

static int pipefd[2];

/* Write through fixed slot widx, read back through slot ridx. */
static void pipe_through(struct io_uring *ring, int widx, int ridx,
			 const char *msg)
{
	struct io_uring_sqe *sqe;
	char buf[32] = { 0 };
	int len = (int) strlen(msg);

	sqe = t_get_sqe(ring);
	io_uring_prep_rw(IORING_OP_WRITE, sqe, widx, msg, len, 0);
	sqe->flags |= IOSQE_FIXED_FILE;
	sqe->user_data = 1;
	t_submit(ring, 1);
	t_expect_cqe(ring, 1, len, 0, 5000);

	sqe = t_get_sqe(ring);
	io_uring_prep_rw(IORING_OP_READ, sqe, ridx, buf, sizeof(buf), 0);
	sqe->flags |= IOSQE_FIXED_FILE;
	sqe->user_data = 2;
	t_submit(ring, 1);
	t_expect_cqe(ring, 2, len, 0, 5000);
	t_assert(!memcmp(buf, msg, len), "read back '%s', wrote '%s'", buf,
		 msg);
}

static void expect_fixed_read_res(struct io_uring *ring, int idx, int res)
{
	struct io_uring_sqe *sqe = t_get_sqe(ring);
	char buf[8];

	io_uring_prep_rw(IORING_OP_READ, sqe, idx, buf, sizeof(buf), 0);
	sqe->flags |= IOSQE_FIXED_FILE;
	sqe->user_data = 3;
	t_submit(ring, 1);
	t_expect_cqe(ring, 3, res, 0, 5000);
}

static void plain_files(struct io_uring *ring)
{
	int fds[3] = { pipefd[0], pipefd[1], -1 };
	int skip = IORING_REGISTER_FILES_SKIP;
	int none = -1;

	t_eq(io_uring_register_files(ring, fds, 3), 0);
	t_eq(io_uring_register_files(ring, fds, 3), -EBUSY);
	pipe_through(ring, 1, 0, "fixed files");

	/* Slot 2 is empty. */
	expect_fixed_read_res(ring, 2, -EBADF);
	/* Fill slot 2 with the read end; SKIP leaves slot 0 alone. */
	{
		int upd[3] = { skip, -1, pipefd[0] };

		upd[1] = pipefd[1];
		t_eq(io_uring_register_files_update(ring, 0, upd, 3), 3);
	}
	pipe_through(ring, 1, 2, "updated");
	pipe_through(ring, 1, 0, "skipped");

	/* Clear slot 0. */
	t_eq(io_uring_register_files_update(ring, 0, &none, 1), 1);
	expect_fixed_read_res(ring, 0, -EBADF);
	/* Past the end, bad descriptors. */
	t_eq(io_uring_register_files_update(ring, 3, &none, 1), -EINVAL);
	t_eq(io_uring_register_files_update(ring, 0, NULL, 1), -EFAULT);
	{
		int bad = t_closed_fd();

		t_eq(io_uring_register_files_update(ring, 0, &bad, 1), -EBADF);
	}
	t_eq(io_uring_register_files_update_tag(ring, 0, &pipefd[0], NULL, 1),
	     1);
	pipe_through(ring, 1, 0, "update_tag");

	t_eq(io_uring_unregister_files(ring), 0);
	t_eq(io_uring_unregister_files(ring), -ENXIO);
	expect_fixed_read_res(ring, 0, -EBADF);
	t_eq(io_uring_register_files_update(ring, 0, &none, 1), -ENXIO);
}

static void expect_tag(struct io_uring *ring, __u64 tag)
{
	t_expect_cqe(ring, tag, 0, 0, 5000);
	t_expect_no_cqe(ring, 20);
}

static void tagged_files(struct io_uring *ring)
{
	__u64 tags[2] = { 101, 102 };
	__u64 new_tag = 103;
	int none = -1, ret;

	t_eq(io_uring_register_files_tags(ring, pipefd, tags, 2), 0);
	pipe_through(ring, 1, 0, "tagged");
	t_expect_no_cqe(ring, 20);

	/* Replacing slot 0 posts its tag once the file is released. */
	t_eq(io_uring_register_files_update_tag(ring, 0, &pipefd[0], &new_tag,
						1), 1);
	expect_tag(ring, 101);
	pipe_through(ring, 1, 0, "retagged");
	/* An empty slot cannot carry a tag. */
	t_eq(io_uring_register_files_update_tag(ring, 1, &none, &new_tag, 1),
	     -EINVAL);
	t_eq(io_uring_register_files_update(ring, 1, &none, 1), 1);
	expect_tag(ring, 102);
	t_eq(io_uring_unregister_files(ring), 0);
	/*
	 * Before the 6.13 resource-node rework unregistering drops the tags
	 * of the slots still filled. No feature bit says so; RW_ATTR came
	 * in the same release.
	 */
	if (ring->features & IORING_FEAT_RW_ATTR)
		expect_tag(ring, 103);
	else
		t_expect_no_cqe(ring, 20);

	/*
	 * Sparse with tags: NULL files means all slots empty (Linux 5.19;
	 * before, the kernel reads the NULL array: -EFAULT).
	 */
	ret = io_uring_register_files_tags(ring, NULL, NULL, 4);
	if (ret == -EFAULT && !t_kernel_at_least(5, 19))
		return;
	t_eq(ret, 0);
	expect_fixed_read_res(ring, 3, -EBADF);
	t_eq(io_uring_unregister_files(ring), 0);
}

static void open_alloc(struct io_uring *ring, __u64 user_data, int res)
{
	struct io_uring_sqe *sqe = t_get_sqe(ring);

	io_uring_prep_rw(IORING_OP_OPENAT, sqe, AT_FDCWD, "/dev/null", 0, 0);
	sqe->open_flags = O_RDONLY;
	sqe->file_index = IORING_FILE_INDEX_ALLOC;
	sqe->user_data = user_data;
	t_submit(ring, 1);
	t_expect_cqe(ring, user_data, res, 0, 5000);
}

static void sparse_and_alloc_range(struct io_uring *ring)
{
	int ret;

	/* No table: the range cannot fit. */
	t_eq(io_uring_register_file_alloc_range(ring, 0, 1), -EINVAL);
	ret = io_uring_register_files_sparse(ring, 8);
	if (ret == -EINVAL && !t_kernel_at_least(5, 19)) {
		printf("kernel lacks sparse file tables (Linux 5.19), not tested\n");
		return;
	}
	t_eq(ret, 0);
	expect_fixed_read_res(ring, 7, -EBADF);
	t_eq(io_uring_register_files_update(ring, 7, &pipefd[0], 1), 1);
	t_eq(io_uring_register_files_update(ring, 6, &pipefd[1], 1), 1);
	pipe_through(ring, 6, 7, "sparse");

	/* Direct opens now pick free slots from [2, 5) only. */
	t_eq(io_uring_register_file_alloc_range(ring, 2, 3), 0);
	open_alloc(ring, 10, 2);
	open_alloc(ring, 11, 3);
	open_alloc(ring, 12, 4);
	open_alloc(ring, 13, -ENFILE);

	t_eq(io_uring_register_file_alloc_range(ring, 6, 3), -EINVAL);
	t_eq(io_uring_register_file_alloc_range(ring, ~0U, 2), -EOVERFLOW);
	t_eq(io_uring_unregister_files(ring), 0);

	t_eq(io_uring_register_files_sparse(ring, 0), -EINVAL);
	t_eq(io_uring_register_files_sparse(ring, (1U << 20) + 1), -EMFILE);
}

/*
 * A table larger than RLIMIT_NOFILE gets -EMFILE from the kernel; the
 * library raises the soft limit by the table size and tries again.
 */
static void nofile_retry(struct io_uring *ring)
{
	struct rlimit old, low, now;
	int *fds, i, ret;

	/*
	 * Valgrind keeps RLIMIT_NOFILE to itself: the kernel never sees the
	 * lowered limit, so no -EMFILE comes to retry on.
	 */
	if (t_under_valgrind()) {
		printf("note: RLIMIT_NOFILE retry not checked under valgrind\n");
		return;
	}
	t_eq(getrlimit(RLIMIT_NOFILE, &old), 0);
	if (old.rlim_max != RLIM_INFINITY && old.rlim_max < 4096)
		t_skip("RLIMIT_NOFILE hard limit %lu too low",
		       (unsigned long) old.rlim_max);
	low = old;
	low.rlim_cur = 64;

	t_eq(setrlimit(RLIMIT_NOFILE, &low), 0);
	ret = io_uring_register_files_sparse(ring, 1000);
	if (ret == -EINVAL && !t_kernel_at_least(5, 19)) {
		t_eq(setrlimit(RLIMIT_NOFILE, &old), 0);
		return;	/* no sparse tables: said above */
	}
	t_eq(ret, 0);
	t_eq(getrlimit(RLIMIT_NOFILE, &now), 0);
	t_eq(now.rlim_cur, 64 + 1000);
	t_eq(io_uring_unregister_files(ring), 0);

	fds = malloc(1000 * sizeof(*fds));
	for (i = 0; i < 1000; i++)
		fds[i] = -1;
	fds[999] = pipefd[0];
	t_eq(setrlimit(RLIMIT_NOFILE, &low), 0);
	t_eq(io_uring_register_files(ring, fds, 1000), 0);
	t_eq(getrlimit(RLIMIT_NOFILE, &now), 0);
	t_eq(now.rlim_cur, 64 + 1000);
	t_eq(io_uring_unregister_files(ring), 0);

	t_eq(setrlimit(RLIMIT_NOFILE, &low), 0);
	t_eq(io_uring_register_files_tags(ring, fds, NULL, 1000), 0);
	t_eq(io_uring_unregister_files(ring), 0);

	/* Within the limit nothing is touched. */
	t_eq(setrlimit(RLIMIT_NOFILE, &low), 0);
	t_eq(io_uring_register_files(ring, fds + 990, 10), 0);
	t_eq(getrlimit(RLIMIT_NOFILE, &now), 0);
	t_eq(now.rlim_cur, 64);
	t_eq(io_uring_unregister_files(ring), 0);

	/* A limit the hard cap will not allow: still -EMFILE. */
	if (old.rlim_max != RLIM_INFINITY) {
		low.rlim_max = 128;
		t_eq(setrlimit(RLIMIT_NOFILE, &low), 0);
		t_eq(io_uring_register_files(ring, fds, 1000), -EMFILE);
		t_eq(getrlimit(RLIMIT_NOFILE, &now), 0);
		t_eq(now.rlim_cur, 64);
	}
	free(fds);
	/* Root may raise the hard limit back. */
	setrlimit(RLIMIT_NOFILE, &old);
}

static void bad_args(struct io_uring *ring)
{
	struct io_uring fake;
	int bad = t_closed_fd();

	/* A NULL array on purpose: valgrind is not to report it. */
	t_valgrind_quiet(true);
	t_eq(io_uring_register_files(ring, NULL, 1), -EFAULT);
	t_valgrind_quiet(false);
	t_eq(io_uring_register_files(ring, pipefd, 0), -EINVAL);
	t_eq(io_uring_register_files(ring, &bad, 1), -EBADF);
	/* A ring cannot hold io_uring descriptors. */
	t_eq(io_uring_register_files(ring, &ring->ring_fd, 1), -EBADF);
	t_eq(io_uring_register_files_update_tag(ring, 0, pipefd, NULL, 1),
	     -ENXIO);
	t_eq_null(io_uring_register_files(NULL, pipefd, 1), -EFAULT);

	t_fake_ring(&fake, bad);
	t_eq(io_uring_register_files(&fake, pipefd, 2), -EBADF);
	t_eq(io_uring_unregister_files(&fake), -EBADF);
	t_fake_ring(&fake, pipefd[0]);
	t_eq(io_uring_register_files(&fake, pipefd, 2), -EOPNOTSUPP);
	t_eq_since(6, 0, io_uring_register_file_alloc_range(&fake, 0, 1),
		   -EOPNOTSUPP);
}

int main(void)
{
	struct io_uring ring;
	int fds, maps;

	if (pipe(pipefd))
		t_fail("pipe");
	fds = t_count_fds();
	maps = t_count_maps();

	t_ring_init(&ring, 8, 0);
	bad_args(&ring);
	plain_files(&ring);
	tagged_files(&ring);
	sparse_and_alloc_range(&ring);
	nofile_retry(&ring);
	io_uring_queue_exit(&ring);

	t_eq(t_count_fds(), fds);
	t_eq(t_count_maps(), maps);
	return T_PASS;
}
