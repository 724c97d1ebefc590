/* SPDX-License-Identifier: MIT */
/*
 * uringx_get_caps(): the report agrees with what the kernel does. Every
 * opcode, setup flag, enter flag and SQE flag it calls supported is
 * accepted, every one it leaves out is refused, the fallback paths (QUERY
 * forced off) give the same answer, and concurrent first calls agree.
 */
#include <pthread.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

#include "helpers.h"
#include "liburing/ext.h"

#define NR_THREADS	8

static struct uringx_caps thread_caps[NR_THREADS];

static void *t_caps_thread(void *arg)
{
	struct uringx_caps *caps = arg;

	uringx_get_caps(caps, 0);
	return NULL;
}

static void t_same_caps(const struct uringx_caps *a,
			const struct uringx_caps *b)
{
	t_eq(a->status, b->status);
	t_eq(a->nr_opcodes, b->nr_opcodes);
	t_eq(a->nr_register_ops, b->nr_register_ops);
	t_assert(!memcmp(a->opcodes, b->opcodes, sizeof(a->opcodes)),
		 "opcode bitmaps differ");
	t_eq(a->features, b->features);
	t_eq(a->setup_flags, b->setup_flags);
	t_eq(a->enter_flags, b->enter_flags);
	t_eq(a->sqe_flags, b->sqe_flags);
}

/* Submit one SQE as given and return its result (or 1 if still running). */
static int t_submit_one(struct io_uring *ring, unsigned int opcode,
			unsigned int sqe_flags)
{
	struct __kernel_timespec ts = { .tv_sec = 1 };
	struct io_uring_cqe *cqe;
	struct io_uring_sqe *sqe;
	int ret;

	sqe = io_uring_get_sqe(ring);
	t_assert(sqe, "no SQE");
	memset(sqe, 0, sizeof(*sqe));
	sqe->opcode = (__u8) opcode;
	sqe->fd = -1;
	sqe->flags = (__u8) sqe_flags;
	sqe->user_data = 0x1000 + opcode;
	t_eq(io_uring_submit(ring), 1);
	ret = io_uring_wait_cqe_timeout(ring, &cqe, &ts);
	if (ret == -ETIME)
		return 1;	/* accepted, and waiting for something */
	t_eq(ret, 0);
	t_eq(cqe->user_data, 0x1000 + opcode);
	ret = cqe->res;
	io_uring_cqe_seen(ring, cqe);
	return ret;
}

/*
 * The kernel answers an opcode it does not know with -EINVAL before it
 * reads anything else. A known one may also say -EINVAL about its zeroed
 * arguments, but then IOSQE_BUFFER_SELECT gets a different answer
 * (-EOPNOTSUPP for an opcode that cannot select buffers).
 */
static bool t_opcode_accepted(unsigned int opcode)
{
	struct io_uring ring;
	int plain, bsel;

	t_ring_init(&ring, 4, 0);
	plain = t_submit_one(&ring, opcode, 0);
	io_uring_queue_exit(&ring);
	t_ring_init(&ring, 4, 0);
	bsel = t_submit_one(&ring, opcode, IOSQE_BUFFER_SELECT);
	io_uring_queue_exit(&ring);
	return plain != -EINVAL || bsel != -EINVAL;
}

static void check_opcodes(const struct uringx_caps *caps)
{
	unsigned int op;

	t_assert(caps->nr_opcodes > 0 && caps->nr_opcodes <= 256,
		 "nr_opcodes %u", caps->nr_opcodes);
	for (op = 0; op < caps->nr_opcodes; op++)
		if (uringx_caps_has_opcode(caps, op))
			t_assert(t_opcode_accepted(op),
				 "opcode %u (%s) reported but refused", op,
				 uringx_name(URINGX_NAME_OPCODE, op));
	for (op = caps->nr_opcodes; op < 256; op++)
		t_assert(!uringx_caps_has_opcode(caps, op),
			 "opcode %u past nr_opcodes reported", op);
	/* The control: the first unknown opcode really is refused. */
	if (caps->nr_opcodes < 256)
		t_assert(!t_opcode_accepted(caps->nr_opcodes),
			 "opcode %u past the last was accepted",
			 caps->nr_opcodes);
	t_assert(uringx_caps_has_opcode(caps, IORING_OP_NOP), "no NOP");
	t_assert(!uringx_caps_has_opcode(caps, 1000), "opcode 1000");
}

/* A raw setup with one flag and whatever it cannot go without. */
static int t_setup_with(unsigned int flag, int base_fd, char *mem, long page)
{
	struct io_uring_rsrc_update up;
	struct io_uring_params p;
	int ret, cpu;

	memset(&p, 0, sizeof(p));
	p.flags = flag;
	if (flag == IORING_SETUP_SQ_AFF) {
		cpu = sched_getcpu();
		p.sq_thread_cpu = cpu < 0 ? 0 : cpu;
		p.flags |= IORING_SETUP_SQPOLL;
	} else if (flag == IORING_SETUP_CQSIZE) {
		p.cq_entries = 16;
	} else if (flag == IORING_SETUP_ATTACH_WQ) {
		p.wq_fd = base_fd;
	} else if (flag == IORING_SETUP_TASKRUN_FLAG) {
		p.flags |= IORING_SETUP_COOP_TASKRUN;
	} else if (flag == IORING_SETUP_DEFER_TASKRUN) {
		p.flags |= IORING_SETUP_SINGLE_ISSUER;
	} else if (flag == IORING_SETUP_HYBRID_IOPOLL) {
		p.flags |= IORING_SETUP_IOPOLL;
	} else if (flag == IORING_SETUP_SQ_REWIND) {
		p.flags |= IORING_SETUP_NO_SQARRAY;
	} else if (flag & (IORING_SETUP_NO_MMAP |
			   IORING_SETUP_REGISTERED_FD_ONLY)) {
		p.flags |= IORING_SETUP_NO_MMAP;
		p.cq_off.user_addr = (unsigned long) mem;
		p.sq_off.user_addr = (unsigned long) (mem + page);
	}
	ret = io_uring_setup(4, &p);
	if (ret < 0)
		return ret;
	if (flag == IORING_SETUP_REGISTERED_FD_ONLY) {
		memset(&up, 0, sizeof(up));
		up.offset = ret;
		t_eq(io_uring_register(ret, IORING_UNREGISTER_RING_FDS |
				       IORING_REGISTER_USE_REGISTERED_RING,
				       &up, 1), 1);
	} else {
		close(ret);
	}
	return 0;
}

static void check_setup_flags(const struct uringx_caps *caps)
{
	long page = sysconf(_SC_PAGESIZE);
	struct io_uring base;
	unsigned int bit;
	char *mem;

	mem = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	t_assert(mem != MAP_FAILED, "mmap");
	t_ring_init(&base, 4, 0);
	for (bit = 0; bit < 32; bit++) {
		unsigned int flag = 1U << bit;
		int ret = t_setup_with(flag, base.ring_fd, mem, page);

		if (caps->setup_flags & flag)
			t_assert(ret == 0, "setup flag %s reported but setup says %d",
				 uringx_name(URINGX_NAME_SETUP, bit), ret);
		else
			t_assert(ret == -EINVAL, "setup flag bit %u not reported but setup says %d",
				 bit, ret);
	}
	/* The library's own setup path takes each plain flag too. */
	for (bit = 0; bit < 32; bit++) {
		unsigned int flag = 1U << bit;
		struct io_uring ring;

		if (!(caps->setup_flags & flag) ||
		    (flag & (IORING_SETUP_NO_MMAP | IORING_SETUP_SQ_AFF |
			     IORING_SETUP_REGISTERED_FD_ONLY |
			     IORING_SETUP_CQSIZE | IORING_SETUP_ATTACH_WQ |
			     IORING_SETUP_TASKRUN_FLAG |
			     IORING_SETUP_DEFER_TASKRUN |
			     IORING_SETUP_HYBRID_IOPOLL |
			     IORING_SETUP_SQ_REWIND)))
			continue;
		t_eq(io_uring_queue_init(4, &ring, flag), 0);
		io_uring_queue_exit(&ring);
	}
	io_uring_queue_exit(&base);
	munmap(mem, 2 * page);
}

static void check_enter_flags(const struct uringx_caps *caps)
{
	struct io_uring ring;
	unsigned int bit;

	t_ring_init(&ring, 4, 0);
	for (bit = 0; bit < 32; bit++) {
		unsigned int flag = 1U << bit;
		int fd = ring.ring_fd, ret;

		/* Index 0 of an empty registered-ring table: -EBADF if known. */
		if (flag == IORING_ENTER_REGISTERED_RING)
			fd = 0;
		ret = io_uring_enter2(fd, 0, 0, flag, NULL, 0);
		if (caps->enter_flags & flag)
			t_assert(ret != -EINVAL, "enter flag %s reported but refused",
				 uringx_name(URINGX_NAME_ENTER, bit));
		else
			t_assert(ret == -EINVAL, "enter flag bit %u not reported but enter says %d",
				 bit, ret);
	}
	io_uring_queue_exit(&ring);
}

static void check_sqe_flags(const struct uringx_caps *caps)
{
	unsigned int bit;

	for (bit = 0; bit < 8; bit++) {
		struct io_uring ring;
		int ret;

		t_ring_init(&ring, 4, 0);
		/* CQE_SKIP_SUCCESS posts nothing on success: force a failure. */
		ret = t_submit_one(&ring, IORING_OP_NOP, 1U << bit);
		io_uring_queue_exit(&ring);
		if (caps->sqe_flags & (1U << bit))
			t_assert(ret != -EINVAL, "SQE flag %s reported but refused",
				 uringx_name(URINGX_NAME_SQE, bit));
		else
			t_assert(ret == -EINVAL, "SQE flag bit %u not reported but nop says %d",
				 bit, ret);
	}
}

static void check_features(const struct uringx_caps *caps)
{
	struct io_uring_params p;
	struct io_uring ring;

	memset(&p, 0, sizeof(p));
	t_ring_init_params(&ring, 4, &p);
	t_eq(caps->features, p.features);
	io_uring_queue_exit(&ring);
}

static void check_register_ops(const struct uringx_caps *caps)
{
	struct io_uring ring;

	t_assert(caps->nr_register_ops > IORING_REGISTER_PROBE,
		 "nr_register_ops %u", caps->nr_register_ops);
	/* The opcode past the last is unknown: -EINVAL. */
	t_ring_init(&ring, 4, 0);
	t_eq(io_uring_register(ring.ring_fd, caps->nr_register_ops, NULL, 0),
	     -EINVAL);
	io_uring_queue_exit(&ring);
}

int main(void)
{
	struct uringx_caps caps, fallback, again;
	pthread_t threads[NR_THREADS];
	int i, ret;

	/* First use from many threads at once: one answer. */
	for (i = 0; i < NR_THREADS; i++)
		t_eq(pthread_create(&threads[i], NULL, t_caps_thread,
				    &thread_caps[i]), 0);
	for (i = 0; i < NR_THREADS; i++)
		pthread_join(threads[i], NULL);

	errno = 4321;
	ret = uringx_get_caps(&caps, 0);
	t_eq(errno, 4321);
	if (ret == -EPERM || ret == -ENOSYS)
		t_skip("io_uring is not available to this process (%d)", ret);
	t_eq(ret, 0);
	for (i = 0; i < NR_THREADS; i++)
		t_same_caps(&caps, &thread_caps[i]);

	t_eq(uringx_get_caps(NULL, 0), -EFAULT);
	t_eq(uringx_get_caps(&again, 1U << 7), -EINVAL);

	/* Cached, fresh and forced-fallback answers all agree. */
	t_eq(uringx_get_caps(&again, 0), 0);
	t_same_caps(&caps, &again);
	t_eq(uringx_get_caps(&again, URINGX_CAPS_FRESH), 0);
	t_same_caps(&caps, &again);
	t_eq(uringx_get_caps(&fallback, URINGX_CAPS_NO_QUERY), 0);
	t_assert(!(fallback.sources & URINGX_SRC_QUERY),
		 "NO_QUERY report used QUERY");
	t_assert(fallback.sources & URINGX_SRC_TRIAL, "no trials");
	t_same_caps(&caps, &fallback);
	t_eq(uringx_get_caps(&again, URINGX_CAPS_NO_QUERY | URINGX_CAPS_FRESH),
	     0);
	t_same_caps(&fallback, &again);

	/* The environment variable forces the fallback too. */
	setenv(URINGX_ENV_NO_QUERY, "1", 1);
	t_eq(uringx_get_caps(&again, URINGX_CAPS_FRESH), 0);
	t_assert(!(again.sources & URINGX_SRC_QUERY), "env ignored");
	t_same_caps(&caps, &again);
	unsetenv(URINGX_ENV_NO_QUERY);

	if (caps.sources & URINGX_SRC_QUERY)
		t_assert(caps.sources & URINGX_SRC_PROBE, "no probe");

	check_features(&caps);
	check_setup_flags(&caps);
	check_enter_flags(&caps);
	check_sqe_flags(&caps);
	check_register_ops(&caps);
	check_opcodes(&caps);

	/* Names: every reported opcode and register op has one here. */
	for (i = 0; i < (int) caps.nr_opcodes && i <= IORING_OP_LAST - 1; i++)
		t_assert(uringx_name(URINGX_NAME_OPCODE, i), "opcode %d", i);
	t_assert(!strcmp(uringx_name(URINGX_NAME_SETUP, 13), "DEFER_TASKRUN"),
		 "setup bit 13");
	t_assert(!strcmp(uringx_name(URINGX_NAME_REGISTER,
				     IORING_UNREGISTER_FILES),
			 "UNREGISTER_FILES"), "register name");
	t_assert(!uringx_name(URINGX_NAME_SETUP, 31), "bit 31 named");
	t_assert(!uringx_name(URINGX_NAME_OPCODE, 255), "opcode 255 named");
	t_assert(!uringx_name((enum uringx_name_kind) 99, 0), "kind 99");
	return T_PASS;
}
