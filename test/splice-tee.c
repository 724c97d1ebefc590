/* SPDX-License-Identifier: MIT */
/*
 * splice and tee: file to pipe and back at explicit offsets, tee copying
 * a pipe without consuming it, a registered input file
 * (SPLICE_F_FD_IN_FIXED), a splice linked to a read, and the errors.
 */
#include "op-util.h"

int main(void)
{
	char buf[32], *dir, path[512];
	struct io_uring_sqe *sqe;
	int a[2], b[2], fd, files[1];

	t_op_begin();
	t_pipe(a);
	t_pipe(b);
	dir = t_tmpdir();
	snprintf(path, sizeof(path), "%s/f", dir);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	t_assert(fd >= 0, "open %s: %s", path, strerror(errno));
	t_write_all(fd, "0123456789", 10);

	/* File at offset 2 into a pipe; the file position does not move. */
	t_eq(lseek(fd, 0, SEEK_SET), 0);
	t_eq(RUN(io_uring_prep_splice(sqe_, fd, 2, a[1], -1, 5, 0)), 5);
	t_eq(lseek(fd, 0, SEEK_CUR), 0);
	/* tee duplicates the pipe's contents without consuming them. */
	t_eq(RUN(io_uring_prep_tee(sqe_, a[0], b[1], 5, 0)), 5);
	t_eq(read(b[0], buf, sizeof(buf)), 5);
	t_assert(!memcmp(buf, "23456", 5), "tee copy");
	/* Pipe back into the file at offset 20. */
	t_eq(RUN(io_uring_prep_splice(sqe_, a[0], -1, fd, 20, 5, 0)), 5);
	t_eq(pread(fd, buf, 5, 20), 5);
	t_assert(!memcmp(buf, "23456", 5), "splice back");

	/* Registered input via SPLICE_F_FD_IN_FIXED. */
	files[0] = fd;
	t_register_files(&ring, files, 1);
	t_eq(RUN(io_uring_prep_splice(sqe_, 0, 0, a[1], -1, 3,
				      SPLICE_F_FD_IN_FIXED)), 3);
	t_eq(read(a[0], buf, sizeof(buf)), 3);
	t_assert(!memcmp(buf, "012", 3), "fixed splice");
	io_uring_register(ring.ring_fd, IORING_UNREGISTER_FILES, NULL, 0);

	/* Neither end a pipe; an offset on a pipe; tee of a file. */
	t_eq(RUN(io_uring_prep_splice(sqe_, fd, 0, fd, 30, 5, 0)), -EINVAL);
	t_eq(RUN(io_uring_prep_splice(sqe_, a[0], 3, fd, 0, 5, 0)), -ESPIPE);
	t_eq(RUN(io_uring_prep_tee(sqe_, fd, b[1], 5, 0)), -EINVAL);
	t_eq(RUN(io_uring_prep_splice(sqe_, -1, 0, a[1], -1, 5, 0)), -EBADF);

	/* Linked: splice into a pipe, then read it out. */
	sqe = t_queue(5);
	io_uring_prep_splice(sqe, fd, 0, a[1], -1, 4, 0);
	io_uring_sqe_set_flags(sqe, IOSQE_IO_LINK);
	memset(buf, 0, sizeof(buf));
	io_uring_prep_read(t_queue(6), a[0], buf, 4, 0);
	t_submit(&ring, 2);
	t_expect_cqe(&ring, 5, 4, 0, T_WAIT_MS);
	t_expect_cqe(&ring, 6, 4, 0, T_WAIT_MS);
	t_assert(!memcmp(buf, "0123", 4), "linked splice/read");

	close(fd);
	t_close_pair(a);
	t_close_pair(b);
	t_tmpdir_done(dir);
	return t_op_end();
}
