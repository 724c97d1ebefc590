/* SPDX-License-Identifier: MIT */
/*
 * Extended attributes through a path (setxattr, getxattr) and through a
 * descriptor (fsetxattr, fgetxattr), with XATTR_CREATE / XATTR_REPLACE and
 * their errors. Skips when the scratch file system has no user xattrs.
 */
#include <sys/xattr.h>

#include "helpers.h"
#include "prep-util.h"

static struct io_uring ring;

#define RUN(prep_call)	T_RUN(&ring, prep_call)

int main(void)
{
	int fds_before = t_count_fds(), fd;
	char *dir, path[512], value[64];

	dir = t_tmpdir();
	snprintf(path, sizeof(path), "%s/f", dir);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	t_assert(fd >= 0, "open %s", path);
	if (fsetxattr(fd, "user.probe", "x", 1, 0)) {
		int err = errno;

		close(fd);
		t_tmpdir_done(dir);
		t_skip("no user xattrs on %s: %s", dir, strerror(err));
	}
	t_ring_init(&ring, 4, 0);

	t_eq(RUN(io_uring_prep_fsetxattr(sqe_, fd, "user.a", "one", 0, 3)), 0);
	memset(value, 0, sizeof(value));
	t_eq(RUN(io_uring_prep_fgetxattr(sqe_, fd, "user.a", value,
					 sizeof(value))), 3);
	t_assert(!strcmp(value, "one"), "fgetxattr: %s", value);
	/* With no room the size is returned, too little room is -ERANGE. */
	t_eq(RUN(io_uring_prep_fgetxattr(sqe_, fd, "user.a", NULL, 0)), 3);
	t_eq(RUN(io_uring_prep_fgetxattr(sqe_, fd, "user.a", value, 2)),
	     -ERANGE);

	t_eq(RUN(io_uring_prep_setxattr(sqe_, "user.b", "two!", path,
					XATTR_CREATE, 4)), 0);
	memset(value, 0, sizeof(value));
	t_eq(RUN(io_uring_prep_getxattr(sqe_, "user.b", value, path,
					sizeof(value))), 4);
	t_assert(!strcmp(value, "two!"), "getxattr: %s", value);
	t_eq(getxattr(path, "user.b", value, sizeof(value)), 4);

	t_eq(RUN(io_uring_prep_setxattr(sqe_, "user.b", "x", path,
					XATTR_CREATE, 1)), -EEXIST);
	t_eq(RUN(io_uring_prep_fsetxattr(sqe_, fd, "user.c", "x",
					 XATTR_REPLACE, 1)), -ENODATA);
	t_eq(RUN(io_uring_prep_setxattr(sqe_, "user.b", "x", path, 1 << 8,
					1)), -EINVAL);
	t_eq(RUN(io_uring_prep_getxattr(sqe_, "user.none", value, path,
					sizeof(value))), -ENODATA);
	t_eq(RUN(io_uring_prep_fgetxattr(sqe_, -1, "user.a", value,
					 sizeof(value))), -EBADF);
	t_eq(RUN(io_uring_prep_getxattr(sqe_, "user.a", value, "/nonexistent",
					sizeof(value))), -ENOENT);
	t_eq(RUN(io_uring_prep_getxattr(sqe_, (void *) 8, value, path,
					sizeof(value))), -EFAULT);

	io_uring_queue_exit(&ring);
	close(fd);
	t_tmpdir_done(dir);
	t_eq(t_count_fds(), fds_before);
	return T_PASS;
}
