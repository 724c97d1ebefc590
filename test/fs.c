/* SPDX-License-Identifier: MIT */
/*
 * Opening, closing and path operations in a scratch directory: openat,
 * openat2, open and their _direct forms, close and close_direct,
 * fixed_fd_install, files_update, statx, mkdir(at), rename(at),
 * unlink(at), symlink(at) and link(at); a linked open -> read -> close
 * chain on a direct descriptor; and the error each one gives.
 */
#include <linux/openat2.h>
#include <sys/stat.h>

#include "helpers.h"
#include "prep-util.h"

static struct io_uring ring;
static int dfd;
static char dir_path[256];

#define RUN(prep_call)	T_RUN(&ring, prep_call)

static char *abs_path(const char *name)
{
	static char path[2][512];
	static int which;

	which ^= 1;
	snprintf(path[which], sizeof(path[which]), "%s/%s", dir_path, name);
	return path[which];
}

static bool exists(const char *name)
{
	struct stat st;

	return !fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW);
}

static void check_fd_file(int fd, const char *content)
{
	char buf[64] = { 0 };

	t_assert(fd >= 0, "not a descriptor: %d", fd);
	t_eq(pread(fd, buf, sizeof(buf) - 1, 0), (ssize_t) strlen(content));
	t_assert(!strcmp(buf, content), "read \"%s\", expected \"%s\"", buf,
		 content);
}

static void open_close(void)
{
	struct open_how how = { .flags = O_RDONLY | O_CLOEXEC };
	struct stat st;
	int fd, fd2;

	fd = RUN(io_uring_prep_openat(sqe_, dfd, "a", O_CREAT | O_RDWR |
				      O_CLOEXEC, 0640));
	t_assert(fd >= 0, "openat: %d", fd);
	t_assert(!fstat(fd, &st), "fstat");
	t_eq(st.st_mode & 07777, 0640);
	t_write_all(fd, "hello", 5);

	fd2 = RUN(io_uring_prep_open(sqe_, abs_path("a"), O_RDONLY |
				     O_CLOEXEC, 0));
	check_fd_file(fd2, "hello");
	t_eq(RUN(io_uring_prep_close(sqe_, fd2)), 0);
	t_assert(fcntl(fd2, F_GETFD) == -1 && errno == EBADF,
		 "close left the descriptor open");
	t_eq(RUN(io_uring_prep_close(sqe_, fd2)), -EBADF);

	fd2 = RUN(io_uring_prep_openat2(sqe_, dfd, "a", &how));
	check_fd_file(fd2, "hello");
	t_eq(fcntl(fd2, F_GETFD), FD_CLOEXEC);
	t_eq(RUN(io_uring_prep_close(sqe_, fd2)), 0);

	/* openat2's resolve rules are applied. */
	how.resolve = RESOLVE_BENEATH;
	t_eq(RUN(io_uring_prep_openat2(sqe_, dfd, "../", &how)), -EXDEV);
	how.resolve = 0;
	how.mode = 0600;	/* a mode without O_CREAT */
	t_eq(RUN(io_uring_prep_openat2(sqe_, dfd, "a", &how)), -EINVAL);
	how.mode = 0;
	how.flags = 1ULL << 40;
	t_eq(RUN(io_uring_prep_openat2(sqe_, dfd, "a", &how)), -EINVAL);

	t_eq(RUN(io_uring_prep_openat(sqe_, dfd, "nope", O_RDONLY, 0)),
	     -ENOENT);
	t_eq(RUN(io_uring_prep_openat(sqe_, dfd, (void *) 8, O_RDONLY, 0)),
	     -EFAULT);
	t_eq(RUN(io_uring_prep_openat(sqe_, 9999, "a", O_RDONLY, 0)),
	     -EBADF);
	t_eq(RUN(io_uring_prep_openat(sqe_, dfd, "a", O_RDONLY | O_CREAT |
				      O_EXCL, 0600)), -EEXIST);
	close(fd);
}

/* Set when a part is skipped: the kernel feature it lacks. */
static const char *lacking;

/* Direct descriptors in a sparse table of 4 slots. */
static void direct(void)
{
	struct open_how how = { .flags = O_RDONLY };
	char buf[16] = { 0 };
	int fd, ret, i;

	struct io_uring_rsrc_register reg = {
		.nr = 4,
		.flags = IORING_RSRC_REGISTER_SPARSE,
	};

	ret = io_uring_register(ring.ring_fd, IORING_REGISTER_FILES2, &reg,
				sizeof(reg));
	if (ret == -EINVAL) {
		lacking = "no sparse file tables (IORING_RSRC_REGISTER_SPARSE, Linux 5.19): direct descriptors not tested";
		return;
	}
	t_eq(ret, 0);

	t_eq(RUN(io_uring_prep_openat_direct(sqe_, dfd, "a", O_RDONLY, 0, 2)),
	     0);
	t_eq(RUN((io_uring_prep_read(sqe_, 2, buf, 5, 0),
		  io_uring_sqe_set_flags(sqe_, IOSQE_FIXED_FILE))), 5);
	t_assert(!strcmp(buf, "hello"), "read from slot 2: %s", buf);

	/*
	 * Allocation returns the slot it took; the kernel searches from
	 * the slot after the last one filled, wrapping around.
	 */
	t_eq(RUN(io_uring_prep_open_direct(sqe_, abs_path("a"), O_RDONLY, 0,
					   IORING_FILE_INDEX_ALLOC)), 3);
	t_eq(RUN(io_uring_prep_openat2_direct(sqe_, dfd, "a", &how,
					      IORING_FILE_INDEX_ALLOC)), 0);
	t_eq(RUN(io_uring_prep_openat2_direct(sqe_, dfd, "a", &how, 1)), 0);
	t_eq(RUN(io_uring_prep_openat_direct(sqe_, dfd, "a", O_RDONLY, 0,
					     IORING_FILE_INDEX_ALLOC)),
	     -ENFILE);
	t_eq(RUN(io_uring_prep_openat_direct(sqe_, dfd, "a", O_RDONLY, 0,
					     4)), -EINVAL);

	/* A direct descriptor made into a normal one, with O_CLOEXEC... */
	fd = RUN(io_uring_prep_fixed_fd_install(sqe_, 2, 0));
	if (fd == -EINVAL && !t_kernel_at_least(6, 8)) {
		lacking = "IORING_OP_FIXED_FD_INSTALL (Linux 6.8): the rest of the direct descriptors not tested";
		t_eq(io_uring_unregister_files(&ring), 0);
		return;
	}
	check_fd_file(fd, "hello");
	t_eq(fcntl(fd, F_GETFD), FD_CLOEXEC);
	close(fd);
	/* ...or without. */
	fd = RUN(io_uring_prep_fixed_fd_install(sqe_, 2,
						IORING_FIXED_FD_NO_CLOEXEC));
	check_fd_file(fd, "hello");
	t_eq(fcntl(fd, F_GETFD), 0);
	close(fd);
	t_eq(RUN(io_uring_prep_fixed_fd_install(sqe_, 2, 1U << 7)), -EINVAL);

	t_eq(RUN(io_uring_prep_close_direct(sqe_, 2)), 0);
	t_eq(RUN(io_uring_prep_close_direct(sqe_, 2)), -EBADF);
	t_eq(RUN(io_uring_prep_fixed_fd_install(sqe_, 2, 0)), -EBADF);
	t_eq(RUN((io_uring_prep_close_direct(sqe_, 1), sqe_->fd = 5)),
	     -EINVAL);

	/* files_update: two given slots, then two allocated ones. */
	{
		int fds[2] = { -1, -1 };

		t_eq(RUN(io_uring_prep_files_update(sqe_, fds, 2, 0)), 2);
		fds[0] = fds[1] = dfd;
		ret = RUN(io_uring_prep_files_update(sqe_, fds, 2,
						     (int) IORING_FILE_INDEX_ALLOC));
		t_eq(ret, 2);
		/* Slots 0-2 were free: two of them now hold dfd. */
		t_assert(fds[0] >= 0 && fds[0] <= 2 && fds[1] >= 0 &&
			 fds[1] <= 2 && fds[0] != fds[1],
			 "allocated slots %d, %d", fds[0], fds[1]);
		for (i = 0; i < 2; i++) {
			struct stat st;

			fd = RUN(io_uring_prep_fixed_fd_install(sqe_, fds[i],
								0));
			t_assert(fd >= 0 && !fstat(fd, &st) &&
				 S_ISDIR(st.st_mode),
				 "slot %d does not hold the directory",
				 fds[i]);
			close(fd);
		}
		t_eq(RUN(io_uring_prep_files_update(sqe_, fds, 1, 4)),
		     -EINVAL);
		t_eq(RUN(io_uring_prep_files_update(sqe_, (void *) 8, 1, 0)),
		     -EFAULT);
	}

	/* open -> read -> close as one linked chain on slot 2. */
	{
		struct io_uring_sqe *sqe;

		memset(buf, 0, sizeof(buf));
		sqe = t_get_sqe(&ring);
		io_uring_prep_openat_direct(sqe, dfd, "a", O_RDONLY, 0, 2);
		io_uring_sqe_set_flags(sqe, IOSQE_IO_LINK);
		sqe->user_data = 10;
		/* Exactly the file's size: a short read breaks a chain. */
		sqe = t_get_sqe(&ring);
		io_uring_prep_read(sqe, 2, buf, 5, 0);
		io_uring_sqe_set_flags(sqe, IOSQE_IO_LINK | IOSQE_FIXED_FILE);
		sqe->user_data = 11;
		sqe = t_get_sqe(&ring);
		io_uring_prep_close_direct(sqe, 2);
		sqe->user_data = 12;
		t_submit(&ring, 3);
		t_expect_cqe(&ring, 10, 0, 0, T_WAIT_MS);
		t_expect_cqe(&ring, 11, 5, 0, T_WAIT_MS);
		t_expect_cqe(&ring, 12, 0, 0, T_WAIT_MS);
		t_assert(!strcmp(buf, "hello"), "chain read: %s", buf);

		/* The same chain when the open fails. */
		sqe = t_get_sqe(&ring);
		io_uring_prep_openat_direct(sqe, dfd, "nope", O_RDONLY, 0, 2);
		io_uring_sqe_set_flags(sqe, IOSQE_IO_LINK);
		sqe->user_data = 20;
		sqe = t_get_sqe(&ring);
		io_uring_prep_read(sqe, 2, buf, sizeof(buf), 0);
		io_uring_sqe_set_flags(sqe, IOSQE_IO_LINK | IOSQE_FIXED_FILE);
		sqe->user_data = 21;
		sqe = t_get_sqe(&ring);
		io_uring_prep_close_direct(sqe, 2);
		sqe->user_data = 22;
		t_submit(&ring, 3);
		t_expect_cqe(&ring, 20, -ENOENT, 0, T_WAIT_MS);
		t_expect_cqe(&ring, 21, -ECANCELED, 0, T_WAIT_MS);
		t_expect_cqe(&ring, 22, -ECANCELED, 0, T_WAIT_MS);
	}
}

static void stat_and_paths(void)
{
	struct statx stx;
	char target[64];
	struct stat st;
	int fd, ret;

	memset(&stx, 0, sizeof(stx));
	t_eq(RUN(io_uring_prep_statx(sqe_, dfd, "a", 0,
				     STATX_SIZE | STATX_MODE, &stx)), 0);
	t_assert(stx.stx_mask & STATX_SIZE, "no size in statx");
	t_eq(stx.stx_size, 5);
	t_eq(stx.stx_mode & 07777, 0640);
	t_assert(S_ISREG(stx.stx_mode), "not a regular file");
	fd = openat(dfd, "a", O_RDONLY | O_CLOEXEC);
	t_eq(RUN(io_uring_prep_statx(sqe_, fd, "", AT_EMPTY_PATH, STATX_SIZE,
				     &stx)), 0);
	t_eq(stx.stx_size, 5);
	close(fd);
	t_eq(RUN(io_uring_prep_statx(sqe_, dfd, "nope", 0, STATX_SIZE, &stx)),
	     -ENOENT);
	t_eq(RUN(io_uring_prep_statx(sqe_, dfd, "a", 1 << 30, STATX_SIZE,
				     &stx)), -EINVAL);

	ret = RUN(io_uring_prep_mkdirat(sqe_, dfd, "d", 0700));
	if (ret == -EINVAL) {
		lacking = "IORING_OP_MKDIRAT and the other path ops (Linux 5.15): not tested";
		return;
	}
	t_eq(ret, 0);
	t_assert(!fstatat(dfd, "d", &st, 0) && S_ISDIR(st.st_mode),
		 "mkdirat made no directory");
	t_eq(st.st_mode & 07777, 0700);
	t_eq(RUN(io_uring_prep_mkdirat(sqe_, dfd, "d", 0700)), -EEXIST);
	t_eq(RUN(io_uring_prep_mkdir(sqe_, abs_path("d2"), 0755)), 0);
	t_assert(exists("d2"), "mkdir made nothing");

	t_eq(RUN(io_uring_prep_renameat(sqe_, dfd, "a", dfd, "d/b", 0)), 0);
	t_assert(!exists("a") && exists("d/b"), "renameat did not move");
	t_eq(RUN(io_uring_prep_rename(sqe_, abs_path("d/b"), abs_path("c"))),
	     0);
	t_assert(exists("c"), "rename did not move");
	t_eq(RUN(io_uring_prep_renameat(sqe_, dfd, "c", dfd, "d2",
					RENAME_NOREPLACE)), -EEXIST);
	t_eq(RUN(io_uring_prep_renameat(sqe_, dfd, "c", dfd, "x",
					1U << 20)), -EINVAL);
	t_eq(RUN(io_uring_prep_rename(sqe_, abs_path("nope"), abs_path("x"))),
	     -ENOENT);

	t_eq(RUN(io_uring_prep_symlinkat(sqe_, "c", dfd, "sl")), 0);
	t_eq(readlinkat(dfd, "sl", target, sizeof(target)), 1);
	t_eq(target[0], 'c');
	t_eq(RUN(io_uring_prep_symlink(sqe_, "c", abs_path("sl2"))), 0);
	t_assert(exists("sl2"), "symlink made nothing");
	t_eq(RUN(io_uring_prep_symlinkat(sqe_, "c", dfd, "sl")), -EEXIST);

	/* A hard link to the file, and one through the symlink. */
	t_eq(RUN(io_uring_prep_linkat(sqe_, dfd, "c", dfd, "hl", 0)), 0);
	t_assert(!fstatat(dfd, "c", &st, 0), "stat c");
	t_eq(st.st_nlink, 2);
	t_eq(RUN(io_uring_prep_link(sqe_, abs_path("sl"), abs_path("hl2"),
				    AT_SYMLINK_FOLLOW)), 0);
	t_assert(!fstatat(dfd, "hl2", &st, AT_SYMLINK_NOFOLLOW) &&
		 S_ISREG(st.st_mode), "link did not follow the symlink");
	t_eq(st.st_nlink, 3);
	t_eq(RUN(io_uring_prep_linkat(sqe_, dfd, "c", dfd, "x", 1 << 20)),
	     -EINVAL);
	t_eq(RUN(io_uring_prep_link(sqe_, abs_path("nope"), abs_path("x"),
				    0)), -ENOENT);

	t_eq(RUN(io_uring_prep_unlinkat(sqe_, dfd, "d", 0)), -EISDIR);
	t_eq(RUN(io_uring_prep_unlinkat(sqe_, dfd, "d", AT_REMOVEDIR)), 0);
	t_assert(!exists("d"), "rmdir left the directory");
	t_eq(RUN(io_uring_prep_unlinkat(sqe_, dfd, "c", 1 << 20)), -EINVAL);
	t_eq(RUN(io_uring_prep_unlink(sqe_, abs_path("c"), 0)), 0);
	t_assert(!exists("c"), "unlink left the file");
	t_eq(RUN(io_uring_prep_unlink(sqe_, abs_path("c"), 0)), -ENOENT);
}

int main(void)
{
	int fds_before = t_count_fds();

	umask(0);
	t_ring_init(&ring, 8, 0);
	snprintf(dir_path, sizeof(dir_path), "%s", t_tmpdir());
	dfd = open(dir_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	t_assert(dfd >= 0, "open %s", dir_path);

	open_close();
	direct();
	stat_and_paths();

	io_uring_queue_exit(&ring);
	close(dfd);
	t_tmpdir_done(dir_path);
	t_eq(t_count_fds(), fds_before);
	if (lacking)
		t_skip("%s", lacking);
	return T_PASS;
}
