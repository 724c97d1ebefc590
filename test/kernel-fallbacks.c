/* SPDX-License-Identifier: MIT */
/*
 * The paths the library takes for features an older kernel lacks, chosen
 * by the running kernel's own answer (nothing is forced): each is asked
 * of the kernel directly first, then the library's path is exercised and
 * checked, and one line says which path it was:
 *
 *   - IORING_SETUP_NO_SQARRAY (6.6): the setup retried without it;
 *   - IORING_FEAT_EXT_ARG (5.11): a timed wait via a timeout SQE;
 *   - IORING_REGISTER_QUERY (6.18): capabilities from probes and trials;
 *   - IORING_REGISTER_SEND_MSG_RING (6.13): io_uring_register_sync_msg()'s
 *     -errno, and no CQE;
 *   - IORING_REGISTER_RING_FDS (5.18): the ring goes on by its descriptor.
 *
 * make runtests-kernels prints these lines for every kernel it boots.
 */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "helpers.h"
#include "liburing/ext.h"

static void say(const char *direct, const char *what)
{
	printf("%s: %s\n", direct ? "direct" : "fallback", direct ? direct :
	       what);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void nop_roundtrip(struct io_uring *ring, __u64 user_data)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

	t_assert(sqe, "no SQE");
	io_uring_prep_nop(sqe);
	io_uring_sqe_set_data64(sqe, user_data);
	t_eq(io_uring_submit(ring), 1);
	t_expect_cqe(ring, user_data, 0, 0, 5000);
}

/* The kernel's own answer to a setup flag: 0, or its -errno. */
static int kernel_takes_setup(unsigned int flags)
{
	struct io_uring_params p;
	int fd;

	memset(&p, 0, sizeof(p));
	p.flags = flags;
	fd = io_uring_setup(4, &p);
	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}

static void no_sqarray(struct io_uring *ring)
{
	int kernel = kernel_takes_setup(IORING_SETUP_NO_SQARRAY);

	t_assert(kernel == 0 || kernel == -EINVAL, "NO_SQARRAY setup: %d",
		 kernel);
	if (kernel == 0) {
		t_assert(ring->flags & IORING_SETUP_NO_SQARRAY,
			 "kernel takes NO_SQARRAY, ring flags 0x%x",
			 ring->flags);
		say("setup with IORING_SETUP_NO_SQARRAY", NULL);
	} else {
		t_assert(!(ring->flags & IORING_SETUP_NO_SQARRAY),
			 "ring flags 0x%x", ring->flags);
		say(NULL, "setup retried without IORING_SETUP_NO_SQARRAY "
		    "(-EINVAL, Linux 6.6)");
	}
	nop_roundtrip(ring, 1);
}

static void timed_wait(struct io_uring *ring)
{
	struct __kernel_timespec ts = { .tv_sec = 0, .tv_nsec = 20000000 };
	bool ext_arg = ring->features & IORING_FEAT_EXT_ARG;
	struct io_uring_cqe *cqe;
	struct io_uring_sqe *sqe;
	unsigned int head = io_uring_smp_load_acquire(ring->sq.khead);
	unsigned int sent;
	int ret;
	long long start = now_ms();

	t_eq(io_uring_wait_cqe_timeout(ring, &cqe, &ts), -ETIME);
	t_assert(now_ms() - start >= 15, "waited %lld ms of 20",
		 now_ms() - start);
	/* With EXT_ARG nothing is submitted; without, one timeout SQE. */
	t_eq(io_uring_smp_load_acquire(ring->sq.khead) - head, ext_arg ? 0 : 1);
	/* README: 2.15 leaves its timeout's CQE to the application. */
	if (!t_peer_library())
		t_eq(io_uring_cq_ready(ring), 0);
	else
		io_uring_cq_advance(ring, io_uring_cq_ready(ring));

	/*
	 * A CQE that comes first wins the wait: the NOP goes out with the
	 * wait (and, without EXT_ARG, the timeout SQE unless the NOP's
	 * CQE is there first).
	 */
	head = io_uring_smp_load_acquire(ring->sq.khead);
	sqe = io_uring_get_sqe(ring);
	t_assert(sqe, "no SQE");
	io_uring_prep_nop(sqe);
	io_uring_sqe_set_data64(sqe, 2);
	ret = io_uring_submit_and_wait_timeout(ring, &cqe, 1, &ts, NULL);
	t_assert(ret >= 1, "submit_and_wait_timeout: %d", ret);
	t_eq(cqe->user_data, 2);
	t_eq(cqe->res, 0);
	t_eq(cqe->flags, 0);
	io_uring_cqe_seen(ring, cqe);
	sent = io_uring_smp_load_acquire(ring->sq.khead) - head;
	t_assert(ext_arg ? sent == 1 : sent >= 1, "%u SQEs went out", sent);
	if (!t_peer_library())
		t_expect_no_cqe(ring, 30);
	if (ext_arg)
		say("wait timeout in io_uring_enter() (IORING_FEAT_EXT_ARG)",
		    NULL);
	else
		say(NULL, "wait timeout via IORING_OP_TIMEOUT sqe "
		    "(no IORING_FEAT_EXT_ARG, Linux 5.11)");
}

static void capabilities(void)
{
	struct io_uring_query_opcode answer;
	struct io_uring_query_hdr hdr;
	struct uringx_caps caps;
	int kernel;

	memset(&answer, 0, sizeof(answer));
	memset(&hdr, 0, sizeof(hdr));
	hdr.query_op = IO_URING_QUERY_OPCODES;
	hdr.query_data = (__u64) (uintptr_t) &answer;
	hdr.size = sizeof(answer);
	kernel = io_uring_register(-1, IORING_REGISTER_QUERY, &hdr, 0);

	t_eq(uringx_get_caps(&caps, URINGX_CAPS_FRESH), 0);
	t_assert(uringx_caps_has_opcode(&caps, IORING_OP_NOP), "no NOP");
	/* The setup flag the kernel answered above, the same way. */
	t_eq(!!(caps.setup_flags & IORING_SETUP_NO_SQARRAY),
	     kernel_takes_setup(IORING_SETUP_NO_SQARRAY) == 0);
	if (kernel >= 0) {
		t_assert(caps.sources & URINGX_SRC_QUERY, "sources 0x%x",
			 caps.sources);
		say("capabilities from IORING_REGISTER_QUERY", NULL);
		return;
	}
	t_assert(kernel == -EINVAL || kernel == -EBADF, "QUERY: %d",
		 kernel);
	t_assert(!(caps.sources & URINGX_SRC_QUERY) &&
		 (caps.sources & URINGX_SRC_PROBE) &&
		 (caps.sources & URINGX_SRC_TRIAL), "sources 0x%x",
		 caps.sources);
	printf("fallback: capabilities from IORING_REGISTER_PROBE and trial "
	       "setups (IORING_REGISTER_QUERY: %s, Linux 6.18)\n",
	       kernel == -EBADF ? "-EBADF" : "-EINVAL");
}

static void sync_msg(struct io_uring *ring)
{
	struct io_uring_sqe sqe;
	int ret;

	memset(&sqe, 0, sizeof(sqe));
	io_uring_prep_msg_ring(&sqe, ring->ring_fd, 42, 0xfeed, 0);
	ret = io_uring_register_sync_msg(&sqe);
	if (ret == 0) {
		t_expect_cqe(ring, 0xfeed, 42, 0, 5000);
		say("io_uring_register_sync_msg() posts the CQE", NULL);
		return;
	}
	/*
	 * The man page: before 6.13 the kernel refuses the opcode it does
	 * not know before it looks at the descriptor -1 (5.10, 6.1, 6.12).
	 */
	t_eq(ret, -EINVAL);
	t_expect_no_cqe(ring, 10);
	say(NULL, "io_uring_register_sync_msg() = -EINVAL "
	    "(no IORING_REGISTER_SEND_MSG_RING, Linux 6.13)");
}

static void ring_fd(struct io_uring *ring)
{
	int ret = io_uring_register_ring_fd(ring);

	if (ret == 1) {
		t_assert(ring->enter_ring_fd != ring->ring_fd,
			 "registered, still entering by fd %d",
			 ring->enter_ring_fd);
		nop_roundtrip(ring, 3);
		t_eq(io_uring_unregister_ring_fd(ring), 1);
		say("ring fd registered (IORING_REGISTER_RING_FDS)", NULL);
	} else {
		t_eq(ret, -EINVAL);
		say(NULL, "ring fd not registered (-EINVAL, Linux 5.18): "
		    "entering by its descriptor");
	}
	t_eq(ring->enter_ring_fd, ring->ring_fd);
	nop_roundtrip(ring, 4);
}

int main(void)
{
	struct io_uring ring;
	int ret;

	ret = io_uring_queue_init(8, &ring, 0);
	if (ret == -ENOSYS || ret == -EPERM)
		t_skip("io_uring is not available (%d)", ret);
	t_eq(ret, 0);

	no_sqarray(&ring);
	timed_wait(&ring);
	capabilities();
	sync_msg(&ring);
	ring_fd(&ring);
	t_expect_no_cqe(&ring, 0);

	io_uring_queue_exit(&ring);
	return T_PASS;
}
