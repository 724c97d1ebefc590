/* SPDX-License-Identifier: MIT */
/*
 * Personalities: credentials captured by io_uring_register_personality()
 * are the ones a request runs with when its SQE names them.
 */
#include <sys/stat.h>

#include "register-util.h"

#define NOBODY	65534

static int open_with(struct io_uring *ring, const char *path,
		     unsigned short personality)
{
	struct io_uring_sqe *sqe = t_get_sqe(ring);
	struct io_uring_cqe *cqe;
	int res;

	io_uring_prep_rw(IORING_OP_OPENAT, sqe, AT_FDCWD, path, 0, 0);
	sqe->open_flags = O_RDONLY | O_CLOEXEC;
	sqe->personality = personality;
	sqe->user_data = 42;
	t_submit(ring, 1);
	t_eq(io_uring_wait_cqe(ring, &cqe), 0);
	t_eq(cqe->user_data, 42);
	t_eq(cqe->flags, 0);
	res = cqe->res;
	io_uring_cqe_seen(ring, cqe);
	if (res >= 0)
		close(res);
	return res;
}

int main(void)
{
	char path[] = "/tmp/liburing-personality-XXXXXX";
	struct io_uring ring, fake;
	int fds, maps, fd, root_id, nobody_id;

	if (geteuid() != 0)
		t_skip("needs root to switch credentials");

	fd = mkstemp(path);
	if (fd < 0)
		t_fail("mkstemp");
	fchmod(fd, 0600);
	close(fd);

	fds = t_count_fds();
	maps = t_count_maps();
	t_ring_init(&ring, 8, 0);

	root_id = io_uring_register_personality(&ring);
	t_assert(root_id > 0, "register_personality: %d", root_id);

	/* Capture an unprivileged identity, then become root again. */
	if (seteuid(NOBODY))
		t_fail("seteuid(%d)", NOBODY);
	nobody_id = io_uring_register_personality(&ring);
	if (seteuid(0))
		t_fail("seteuid(0)");
	t_assert(nobody_id > 0 && nobody_id != root_id,
		 "second personality: %d", nobody_id);

	t_assert(open_with(&ring, path, 0) >= 0, "root open failed");
	t_assert(open_with(&ring, path, root_id) >= 0, "root id open failed");
	t_eq(open_with(&ring, path, nobody_id), -EACCES);

	t_eq(io_uring_unregister_personality(&ring, nobody_id), 0);
	t_eq(io_uring_unregister_personality(&ring, nobody_id), -EINVAL);
	/* A stale id is refused at submission. */
	t_eq(open_with(&ring, path, nobody_id), -EINVAL);
	t_eq(io_uring_unregister_personality(&ring, 0), -EINVAL);
	t_eq(io_uring_unregister_personality(&ring, -1), -EINVAL);
	t_eq(io_uring_unregister_personality(&ring, root_id), 0);

	t_fake_ring(&fake, t_closed_fd());
	t_eq(io_uring_register_personality(&fake), -EBADF);
	t_eq(io_uring_unregister_personality(&fake, 1), -EBADF);
	t_eq_null(io_uring_register_personality(NULL), -EFAULT);

	io_uring_queue_exit(&ring);
	unlink(path);
	t_eq(t_count_fds(), fds);
	t_eq(t_count_maps(), maps);
	return T_PASS;
}
