/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the per-opcode tests: comparing an SQE byte for byte,
 * submitting and reaping one request, a scratch directory, and loopback
 * sockets. Everything here is static inline so a test pays only for what
 * it uses.
 */
#ifndef TEST_PREP_UTIL_H
#define TEST_PREP_UTIL_H

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "helpers.h"

/* How long a test waits for a CQE that must come. */
#define T_WAIT_MS	2000

/* Name the SQE fields that differ, then fail. */
static inline void t_sqe_diff(const char *what, const struct io_uring_sqe *got,
			      const struct io_uring_sqe *want)
{
	static const struct {
		const char *name;
		size_t off, size;
	} fields[] = {
		{ "opcode", 0, 1 }, { "flags", 1, 1 }, { "ioprio", 2, 2 },
		{ "fd", 4, 4 }, { "off/addr2", 8, 8 },
		{ "addr/splice_off_in", 16, 8 }, { "len", 24, 4 },
		{ "op_flags", 28, 4 }, { "user_data", 32, 8 },
		{ "buf_index/buf_group", 40, 2 }, { "personality", 42, 2 },
		{ "file_index/splice_fd_in", 44, 4 }, { "addr3", 48, 8 },
		{ "__pad2", 56, 8 },
	};
	const unsigned char *g = (const unsigned char *) got;
	const unsigned char *w = (const unsigned char *) want;
	size_t i;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		unsigned long long gv = 0, wv = 0;

		if (!memcmp(g + fields[i].off, w + fields[i].off,
			    fields[i].size))
			continue;
		memcpy(&gv, g + fields[i].off, fields[i].size);
		memcpy(&wv, w + fields[i].off, fields[i].size);
		printf("%s: %s is 0x%llx, expected 0x%llx\n", what,
		       fields[i].name, gv, wv);
	}
	t_fail("%s: SQE encoding differs", what);
}

static inline void t_sqe_expect(const char *what,
				const struct io_uring_sqe *got,
				const struct io_uring_sqe *want)
{
	if (memcmp(got, want, sizeof(*got)))
		t_sqe_diff(what, got, want);
}

/* io_uring_get_sqe() that must succeed. */
static inline struct io_uring_sqe *t_get_sqe(struct io_uring *ring)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

	t_assert(sqe, "io_uring_get_sqe returned NULL");
	return sqe;
}

/*
 * Queue a nop tagged user_data; big asks for a 32-byte CQE
 * (IORING_NOP_CQE32), which needs a CQE32 or CQE_MIXED ring.
 */
static inline void t_queue_nop(struct io_uring *ring, __u64 user_data,
			       bool big)
{
	struct io_uring_sqe *sqe = t_get_sqe(ring);

	io_uring_prep_nop(sqe);
	if (big)
		sqe->nop_flags = IORING_NOP_CQE32;
	sqe->user_data = user_data;
}

/* Submit everything queued; all of it must be accepted. */
static inline void t_submit(struct io_uring *ring, int nr)
{
	int ret = io_uring_submit(ring);

	if (ret != nr)
		t_fail("io_uring_submit returned %d, expected %d", ret, nr);
}

/*
 * Wait at most timeout_ms for a CQE and copy it out (so it can be checked
 * after it has been marked seen). The copy goes through a pointer: a
 * function returning struct io_uring_cqe (it ends in a flexible array)
 * by value makes GCC print a note about an old ABI change.
 */
static inline void t_wait_cqe_into(struct io_uring *ring, int timeout_ms,
				   struct io_uring_cqe *copy)
{
	struct __kernel_timespec ts = {
		.tv_sec = timeout_ms / 1000,
		.tv_nsec = (timeout_ms % 1000) * 1000000LL,
	};
	struct io_uring_cqe *cqe;
	int ret;

	ret = io_uring_wait_cqe_timeout(ring, &cqe, &ts);
	if (ret == -ETIME)
		t_fail("no CQE within %d ms", timeout_ms);
	if (ret < 0)
		t_fail("wait_cqe_timeout: %s", strerror(-ret));
	*copy = *cqe;
	io_uring_cqe_seen(ring, cqe);
}

/* The CQE as a value, for "cqe = t_wait_cqe(&ring, T_WAIT_MS);". */
#define t_wait_cqe(ring, timeout_ms)					\
	({								\
		struct io_uring_cqe cqe_copy_;				\
		t_wait_cqe_into((ring), (timeout_ms), &cqe_copy_);	\
		cqe_copy_;						\
	})

/*
 * Submit the one SQE queued (user_data 1) and return its result. An
 * opcode the kernel does not know completes with -EINVAL or -EOPNOTSUPP:
 * with skip_what set, that skips the test naming the feature.
 */
static inline int t_run_one(struct io_uring *ring, const char *skip_what)
{
	struct io_uring_cqe cqe;

	t_submit(ring, 1);
	cqe = t_wait_cqe(ring, T_WAIT_MS);
	t_eq(cqe.user_data, 1);
	if (skip_what && (cqe.res == -EINVAL || cqe.res == -EOPNOTSUPP))
		t_skip("kernel lacks %s: %s", skip_what, strerror(-cqe.res));
	return cqe.res;
}

/*
 * Take an SQE of ring_ptr, let prep_call fill it (it names the SQE sqe_),
 * run it with user_data 1 and give its cqe->res. Tests define
 * RUN(prep_call) as T_RUN(&ring, prep_call) for their ring.
 */
#define T_RUN(ring_ptr, prep_call)	T_RUN_SKIP(ring_ptr, NULL, prep_call)

/* T_RUN() that skips the test, naming skip_what, if the kernel lacks it. */
#define T_RUN_SKIP(ring_ptr, skip_what, prep_call)			\
	({								\
		struct io_uring_sqe *sqe_ = t_get_sqe(ring_ptr);	\
		prep_call;						\
		sqe_->user_data = 1;					\
		t_run_one((ring_ptr), (skip_what));			\
	})

/* A scratch directory, removed with everything in it by t_tmpdir_done(). */
static inline char *t_tmpdir(void)
{
	static char path[] = "/tmp/liburing-test.XXXXXX";

	if (!mkdtemp(path))
		t_fail("mkdtemp: %s", strerror(errno));
	return path;
}

static inline int t_rm_entry(const char *path, const struct stat *st,
			     int type, struct FTW *ftw)
{
	return remove(path);
}

static inline void t_tmpdir_done(const char *dir)
{
	nftw(dir, t_rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* A TCP socket listening on an ephemeral port of 127.0.0.1. */
static inline int t_tcp_listener(struct sockaddr_in *addr)
{
	socklen_t len = sizeof(*addr);
	int fd, one = 1;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	t_assert(fd >= 0, "socket: %s", strerror(errno));
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(addr, 0, sizeof(*addr));
	addr->sin_family = AF_INET;
	addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	t_assert(!bind(fd, (struct sockaddr *) addr, sizeof(*addr)),
		 "bind: %s", strerror(errno));
	t_assert(!listen(fd, 16), "listen: %s", strerror(errno));
	t_assert(!getsockname(fd, (struct sockaddr *) addr, &len),
		 "getsockname: %s", strerror(errno));
	return fd;
}

/* A TCP socket, not yet connected. */
static inline int t_tcp_socket(void)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	t_assert(fd >= 0, "socket: %s", strerror(errno));
	return fd;
}

/* A TCP socket connected (by connect(2)) to addr. */
static inline int t_tcp_connect(const struct sockaddr_in *addr)
{
	int fd = t_tcp_socket();

	t_assert(!connect(fd, (const struct sockaddr *) addr, sizeof(*addr)),
		 "connect: %s", strerror(errno));
	return fd;
}

/* A connected pair of TCP sockets over 127.0.0.1. */
static inline void t_tcp_pair(int *client, int *server)
{
	struct sockaddr_in addr;
	int lfd = t_tcp_listener(&addr);

	*client = t_tcp_connect(&addr);
	*server = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	t_assert(*server >= 0, "accept: %s", strerror(errno));
	close(lfd);
}

/* A UDP socket bound to an ephemeral port of 127.0.0.1. */
static inline int t_udp_socket(struct sockaddr_in *addr)
{
	socklen_t len = sizeof(*addr);
	int fd;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	t_assert(fd >= 0, "socket: %s", strerror(errno));
	memset(addr, 0, sizeof(*addr));
	addr->sin_family = AF_INET;
	addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	t_assert(!bind(fd, (struct sockaddr *) addr, sizeof(*addr)),
		 "bind: %s", strerror(errno));
	t_assert(!getsockname(fd, (struct sockaddr *) addr, &len),
		 "getsockname: %s", strerror(errno));
	return fd;
}

/* The SO_TYPE of a socket (SOCK_STREAM, SOCK_DGRAM...). */
static inline int t_sock_type(int fd)
{
	socklen_t len = sizeof(int);
	int type = -1;

	t_assert(!getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len),
		 "SO_TYPE: %s", strerror(errno));
	return type;
}

/*
 * Registration through the raw system call, so these tests do not depend
 * on the io_uring_register_*() wrappers.
 */
static inline void t_register_files(struct io_uring *ring, const int *fds,
				    unsigned int nr)
{
	int ret = io_uring_register(ring->ring_fd, IORING_REGISTER_FILES, fds,
				    nr);

	t_assert(ret == 0, "register files: %s", strerror(-ret));
}

/* nr empty slots in the registered file table. */
static inline void t_register_files_sparse(struct io_uring *ring,
					   unsigned int nr)
{
	struct io_uring_rsrc_register reg = {
		.nr = nr,
		.flags = IORING_RSRC_REGISTER_SPARSE,
	};
	int ret = io_uring_register(ring->ring_fd, IORING_REGISTER_FILES2,
				    &reg, sizeof(reg));

	if (ret == -EINVAL)
		t_skip("no sparse file tables (IORING_RSRC_REGISTER_SPARSE, Linux 5.19)");
	t_assert(ret == 0, "register sparse files: %s", strerror(-ret));
}

static inline void t_register_buffers(struct io_uring *ring,
				      const struct iovec *iov,
				      unsigned int nr)
{
	int ret = io_uring_register(ring->ring_fd, IORING_REGISTER_BUFFERS,
				    iov, nr);

	t_assert(ret == 0, "register buffers: %s", strerror(-ret));
}

/* Provide nr buffers of len bytes from base to group bgid, ids from 0. */
static inline void t_provide(struct io_uring *ring, void *base, int len,
			     int nr, int bgid)
{
	struct io_uring_sqe *sqe = t_get_sqe(ring);
	struct io_uring_cqe cqe;

	io_uring_prep_provide_buffers(sqe, base, len, nr, bgid, 0);
	sqe->user_data = 0xb0f;
	t_submit(ring, 1);
	cqe = t_wait_cqe(ring, T_WAIT_MS);
	t_eq(cqe.user_data, 0xb0f);
	t_eq(cqe.res, 0);
	t_eq(cqe.flags, 0);
}

/* Write all of buf to fd, or fail. */
static inline void t_write_all(int fd, const void *buf, size_t len)
{
	ssize_t ret = write(fd, buf, len);

	t_assert(ret == (ssize_t) len, "write returned %zd: %s", ret,
		 strerror(errno));
}

#endif
