/* SPDX-License-Identifier: MIT */
/*
 * uringx_get_caps(): what the running kernel's io_uring supports.
 *
 * IORING_REGISTER_QUERY (Linux 6.18) answers the flag masks and opcode
 * counts in one call without a ring. The per-opcode "supported" bit only
 * the opcode probe knows (a kernel built without networking still counts
 * the socket opcodes), so a throwaway ring is made for the probe either
 * way. Without QUERY the rest is found by trying: one setup per setup
 * flag, one io_uring_enter() per enter flag, one nop per SQE flag, and a
 * bisection over IORING_RESTRICTION_REGISTER_OP for the register opcodes.
 *
 * The answer is computed once per process (per mode) and cached.
 */
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "liburing.h"
#include "liburing/ext.h"
#include "syscall.h"
#include "ext-int.h"

static int query_opcodes(struct uringx_caps *caps)
{
	struct io_uring_query_opcode answer;
	struct io_uring_query_hdr hdr;
	int ret;

	memset(&answer, 0, sizeof(answer));
	memset(&hdr, 0, sizeof(hdr));
	hdr.query_op = IO_URING_QUERY_OPCODES;
	hdr.query_data = (__u64) (uintptr_t) &answer;
	hdr.size = sizeof(answer);

	/* A ring-less ("blind") register: fd -1, no nr_args. */
	ret = __uringi_sys_register(-1, IORING_REGISTER_QUERY, &hdr, 0);
	if (ret < 0)
		return ret;
	if (hdr.result < 0)
		return hdr.result;
	/* An older kernel may fill less than we asked for: need the masks. */
	if (hdr.size < offsetof(struct io_uring_query_opcode, nr_query_opcodes))
		return -EOPNOTSUPP;

	caps->nr_opcodes = answer.nr_request_opcodes;
	caps->nr_register_ops = answer.nr_register_opcodes;
	caps->features = answer.feature_flags;
	caps->setup_flags = answer.ring_setup_flags;
	caps->enter_flags = answer.enter_flags;
	caps->sqe_flags = answer.sqe_flags;
	caps->sources |= URINGX_SRC_QUERY;
	return 0;
}

static void set_opcode(struct uringx_caps *caps, unsigned int op)
{
	caps->opcodes[op / 64] |= 1ULL << (op % 64);
}

/* Fill the opcode bitmap from IORING_REGISTER_PROBE on ring fd. */
static int probe_opcodes(struct uringx_caps *caps, int fd)
{
	struct io_uring_probe *probe;
	unsigned int i, nr;
	int ret;

	/* Room for every opcode an 8-bit SQE field can name. */
	probe = calloc(1, sizeof(*probe) + 256 * sizeof(probe->ops[0]));
	if (!probe)
		return -ENOMEM;
	ret = __uringi_sys_register(fd, IORING_REGISTER_PROBE, probe, 256);
	if (ret < 0)
		goto out;

	nr = probe->ops_len;
	if (nr > 256)
		nr = 256;
	for (i = 0; i < nr; i++)
		if (probe->ops[i].flags & IO_URING_OP_SUPPORTED)
			set_opcode(caps, probe->ops[i].op);
	if (!(caps->sources & URINGX_SRC_QUERY))
		caps->nr_opcodes = probe->last_op + 1U;
	caps->sources |= URINGX_SRC_PROBE;
	ret = 0;
out:
	free(probe);
	return ret;
}

/* A throwaway ring: setup only, nothing mapped unless NO_MMAP. */
static int trial_setup(struct io_uring_params *p)
{
	return __uringi_sys_setup(2, p);
}

/* Drop a ring made by trial_setup(), whichever handle it returned. */
static void trial_release(int ret, unsigned int flags)
{
	struct io_uring_rsrc_update up;

	if (!(flags & IORING_SETUP_REGISTERED_FD_ONLY)) {
		__uringi_sys_close(ret);
		return;
	}
	/* Only a registered index exists: unregistering frees the ring. */
	memset(&up, 0, sizeof(up));
	up.offset = ret;
	__uringi_sys_register(ret, IORING_UNREGISTER_RING_FDS |
			      IORING_REGISTER_USE_REGISTERED_RING, &up, 1);
}

/* What flag cannot go without, the first choice where it has several. */
static unsigned int companion_flags(unsigned int flag)
{
	int rule = setup_unmet_need(flag);
	unsigned int needs;

	if (rule < 0)
		return 0;
	needs = setup_flag_needs[rule].needs;
	return (needs & -needs) | companion_flags(needs & -needs);
}

/*
 * Whether setup accepts flag (one IORING_SETUP_* bit), with the flags and
 * fields it cannot go without. base_fd is a live ring for ATTACH_WQ; mem
 * is two pages for NO_MMAP.
 */
static bool setup_flag_works(unsigned int flag, int base_fd, char *mem,
			     long page)
{
	struct io_uring_params p;
	int cpu, ret;

	memset(&p, 0, sizeof(p));
	p.flags = flag | companion_flags(flag);
	switch (flag) {
	case IORING_SETUP_SQ_AFF:
		cpu = sched_getcpu();
		p.sq_thread_cpu = cpu < 0 ? 0 : cpu;
		break;
	case IORING_SETUP_CQSIZE:
		p.cq_entries = 8;
		break;
	case IORING_SETUP_ATTACH_WQ:
		p.wq_fd = base_fd;
		break;
	}
	if (p.flags & IORING_SETUP_NO_MMAP) {
		/* Two entries fit in a page each: rings, then SQEs. */
		p.cq_off.user_addr = (__u64) (uintptr_t) mem;
		p.sq_off.user_addr = (__u64) (uintptr_t) (mem + page);
	}

	ret = trial_setup(&p);
	if (ret < 0)
		return false;
	trial_release(ret, p.flags);
	return true;
}

static void trial_setup_flags(struct uringx_caps *caps, int base_fd)
{
	long page = sysconf(_SC_PAGESIZE);
	unsigned int bit;
	char *mem;

	mem = __uringi_sys_mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (__uringi_sys_mmap_failed(mem))
		mem = NULL;

	for (bit = 0; bit < 32; bit++) {
		unsigned int flag = 1U << bit;

		if (!mem && (flag & (IORING_SETUP_NO_MMAP |
				     IORING_SETUP_REGISTERED_FD_ONLY)))
			continue;
		if (setup_flag_works(flag, base_fd, mem, page))
			caps->setup_flags |= flag;
	}
	if (mem)
		__uringi_sys_munmap(mem, 2 * page);
}

/*
 * io_uring_enter() rejects a flag it does not know with -EINVAL before it
 * looks at anything else; with nothing to submit and no GETEVENTS a known
 * flag is a no-op. REGISTERED_RING is tried on index 0, which at worst is
 * an empty slot (-EBADF) or some ring of the caller's (no-op).
 */
static void trial_enter_flags(struct uringx_caps *caps, int fd)
{
	unsigned int bit;

	for (bit = 0; bit < 32; bit++) {
		unsigned int flag = 1U << bit;
		int target = fd, ret;

		if (flag == IORING_ENTER_REGISTERED_RING)
			target = 0;
		ret = __uringi_sys_enter2(target, 0, 0, flag, NULL, 0);
		if (ret != -EINVAL)
			caps->enter_flags |= flag;
	}
}

/*
 * A nop carrying one IOSQE_* bit: an unknown bit fails the SQE with
 * -EINVAL at submission; a known one succeeds, is refused with another
 * error, or (with CQE_SKIP_SUCCESS) posts nothing. A plain nop after it
 * marks the end. Both carry the flag in user_data: a nop that went to
 * io-wq (ASYNC, an unterminated link) can complete after its marker, in
 * a later bit's trial, and must not be taken for that bit's answer.
 */
static int sqe_flag_result(struct io_uring *ring, unsigned int flag)
{
	__u64 mine = (__u64) flag << 8 | 1, marker = (__u64) flag << 8 | 2;
	struct io_uring_cqe *cqe;
	struct io_uring_sqe *sqe;
	int res = 0, ret;

	sqe = io_uring_get_sqe(ring);
	io_uring_prep_nop(sqe);
	sqe->flags = (__u8) flag;
	sqe->user_data = mine;
	ret = io_uring_submit(ring);
	if (ret < 0)
		return ret;

	sqe = io_uring_get_sqe(ring);
	io_uring_prep_nop(sqe);
	sqe->user_data = marker;
	ret = io_uring_submit(ring);
	if (ret < 0)
		return ret;

	for (;;) {
		ret = io_uring_wait_cqe(ring, &cqe);
		if (ret < 0)
			return ret;
		if (cqe->user_data == mine)
			res = cqe->res;
		ret = cqe->user_data == marker;
		io_uring_cqe_seen(ring, cqe);
		if (ret)
			return res;
	}
}

static void trial_sqe_flags(struct uringx_caps *caps)
{
	struct io_uring ring;
	unsigned int bit;

	if (io_uring_queue_init(4, &ring, 0) < 0)
		return;
	for (bit = 0; bit < 8; bit++) {
		int res = sqe_flag_result(&ring, 1U << bit);

		if (res != -EINVAL)
			caps->sqe_flags |= 1U << bit;
	}
	io_uring_queue_exit(&ring);
}

/*
 * Whether IORING_RESTRICTION_REGISTER_OP accepts register opcode op: the
 * kernel refuses any opcode at or past IORING_REGISTER_LAST. A success
 * uses up the disabled ring in *fd (restrictions are set once).
 */
static int restriction_accepts(int *fd, unsigned int op)
{
	struct io_uring_restriction res;
	struct io_uring_params p;
	int ret;

	if (*fd < 0) {
		memset(&p, 0, sizeof(p));
		p.flags = IORING_SETUP_R_DISABLED;
		*fd = trial_setup(&p);
		if (*fd < 0)
			return *fd;
	}
	memset(&res, 0, sizeof(res));
	res.opcode = IORING_RESTRICTION_REGISTER_OP;
	res.register_op = (__u8) op;
	ret = __uringi_sys_register(*fd, IORING_REGISTER_RESTRICTIONS, &res,
				    1);
	if (ret == 0) {
		__uringi_sys_close(*fd);
		*fd = -1;
		return 1;
	}
	return ret == -EINVAL ? 0 : ret;
}

static void bisect_register_ops(struct uringx_caps *caps)
{
	unsigned int known = 0, unknown = 256;	/* opcode 0 always exists */
	int fd = -1, ret;

	ret = restriction_accepts(&fd, 0);
	if (ret == 1) {
		while (unknown - known > 1) {
			unsigned int mid = known + (unknown - known) / 2;

			ret = restriction_accepts(&fd, mid);
			if (ret < 0)
				break;
			if (ret)
				known = mid;
			else
				unknown = mid;
		}
		if (ret >= 0) {
			caps->nr_register_ops = known + 1;
			caps->sources |= URINGX_SRC_RESTRICT;
		}
	}
	if (fd >= 0)
		__uringi_sys_close(fd);
}

static bool env_no_query(void)
{
	const char *val = getenv(URINGX_ENV_NO_QUERY);

	return val && val[0] == '1';
}

static void compute_caps(struct uringx_caps *caps, unsigned int flags)
{
	struct io_uring_params p;
	unsigned int i;
	int fd;

	memset(caps, 0, sizeof(*caps));
	if (!(flags & URINGX_CAPS_NO_QUERY) && !env_no_query())
		query_opcodes(caps);

	memset(&p, 0, sizeof(p));
	fd = trial_setup(&p);
	if (fd < 0) {
		caps->status = fd;
		/* QUERY needs no ring: its count is the best we can say. */
		if (caps->sources & URINGX_SRC_QUERY)
			for (i = 0; i < caps->nr_opcodes && i < 256; i++)
				set_opcode(caps, i);
		return;
	}
	probe_opcodes(caps, fd);

	if (!(caps->sources & URINGX_SRC_QUERY)) {
		caps->features = p.features;
		trial_setup_flags(caps, fd);
		trial_enter_flags(caps, fd);
		trial_sqe_flags(caps);
		bisect_register_ops(caps);
		caps->sources |= URINGX_SRC_TRIAL;
	}
	__uringi_sys_close(fd);
}

/*
 * The cache: one slot per mode. state goes 0 (empty) -> 1 (being filled,
 * by exactly one thread) -> 2 (ready, never changes again). A thread that
 * finds the slot busy computes its own copy rather than wait, so a fork()
 * in the middle of a fill can never leave a child waiting forever.
 */
struct caps_slot {
	int state;
	struct uringx_caps caps;
};

static struct caps_slot cache[2];

int uringx_get_caps(struct uringx_caps *caps, unsigned int flags)
{
	struct caps_slot *slot;
	int saved = errno;
	int expected = 0;

	if (!caps)
		return -EFAULT;
	if (flags & ~(URINGX_CAPS_NO_QUERY | URINGX_CAPS_FRESH))
		return -EINVAL;
	if (env_no_query())
		flags |= URINGX_CAPS_NO_QUERY;
	if (flags & URINGX_CAPS_FRESH) {
		compute_caps(caps, flags);
		errno = saved;
		return caps->status;
	}

	slot = &cache[flags & URINGX_CAPS_NO_QUERY];
	/* Acquire pairs with the release below: the copy is complete. */
	if (__atomic_load_n(&slot->state, __ATOMIC_ACQUIRE) == 2) {
		*caps = slot->caps;
		return caps->status;
	}

	compute_caps(caps, flags);
	if (__atomic_compare_exchange_n(&slot->state, &expected, 1, false,
					__ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
		slot->caps = *caps;
		/* Release: readers that see 2 see the whole copy. */
		__atomic_store_n(&slot->state, 2, __ATOMIC_RELEASE);
	}
	errno = saved;
	return caps->status;
}
