/* SPDX-License-Identifier: MIT */
/*
 * One ring, many threads (uringx_shared(3)), by flat combining.
 *
 * A request lives in a slot from uringx_shared_get_sqes() until its
 * requester has its completion. The caller prepares the slot's own copy
 * of an SQE, not a ring entry, so a slow preparer holds back nobody. On
 * the wire an SQE's user_data is the slot's handle; the caller's value
 * waits in the slot and comes back in the completion.
 *
 * No lock is taken on the way through. Free slots are a lock-free stack;
 * a submitter pushes its chain, whole, onto a second one ("pending") and
 * tries to become the combiner. Whoever holds that role (one flag) owns
 * the SQ ring's tail and the CQ ring: it copies every pending chain into
 * the ring and sorts the CQEs into their slots, going round while there
 * is work. Entering the kernel to submit is a second role (insub), so the
 * combiner's work goes on while one thread is in io_uring_enter(): that
 * thread asks for every SQE in the ring and goes round again when it
 * comes out, and threads that publish meanwhile make no system call.
 *
 * A request that does not complete inside its submitting enter needs a
 * thread asleep in the kernel for it: the "reaper", one at a time, which
 * never submits (two enters taking SQEs could split a chain) and sorts
 * nothing itself (it wakes and hands the CQEs to the combiner role).
 * Everyone else waits by watching its slot for a while, then sleeps on
 * a futex in the slot's state word; the combiner wakes exactly the
 * threads whose requests it finished.
 */
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "liburing.h"
#include "liburing/ext.h"
#include "int_flags.h"
#include "syscall.h"

#define SHARED_MAGIC	0x75727368U	/* "ursh": a live uringx_shared */
#define SLOTS_MAX	(1U << 20)
/* On the wire, the user_data of the layer's own wake-up NOP. */
#define WAKE_UDATA	0ULL
/*
 * And of its cancel SQEs (kernels without IORING_REGISTER_SYNC_CANCEL):
 * index 0 in the low half, so never a slot's handle.
 */
#define CANCEL_UDATA	(1ULL << 32)

/*
 * A slot's tag: its generation in the high half, its state in the low
 * half, which is also the futex word its waiter sleeps on.
 */
#define ST_MASK		0xfU
enum {
	ST_FREE,
	ST_RESERVED,	/* handed out, being prepared */
	ST_CLAIMED,	/* being submitted: checked, not published yet */
	ST_SUBMITTED,	/* pending, in the ring or in the kernel */
	ST_DONE,	/* completion stored, requester not told yet */
};
#define TF_WAITED	0x100U	/* a thread owns the wait for it */
#define TF_SLEEP	0x200U	/* that thread sleeps on the futex */
#define TF_KICK		0x400U	/* ...and is asked to take the reaper's place */

#define TAG(gen, st)	(((__u64) (gen) << 32) | (st))
#define TAG_GEN(t)	((unsigned int) ((t) >> 32))
#define TAG_ST(t)	((unsigned int) (t) & ST_MASK)

struct slot {
	__u64 tag;			/* atomics only */
	unsigned int next;		/* index + 1 in a list; atomics */
	unsigned int chain;		/* on a chain's first: its length */
	__u64 user_data;		/* the caller's, kept off the wire */
	uringx_shared_cb cb;
	void *cb_arg;
	unsigned int cb_next;		/* callbacks to run, combiner's own */
	struct uringx_completion done;
	struct carrier *carrier;	/* who entered it; atomics only */
	struct io_uring_sqe sqe[2];	/* the caller's copy; 2 for SQE128 */
};

/* The counters only the combiner role writes. */
struct uringx_shared_stats_int {
	__u64 sqes, cqes, stray;
	__u64 enters, submit_enters;	/* SQPOLL wake-ups, overflow flushes */
};

#define CACHELINE	64

struct uringx_shared {
	/* Read-mostly. */
	unsigned int magic;
	struct io_uring *ring;
	unsigned int fd;		/* the real fd: any thread can use it */
	unsigned int enter_flags;	/* NO_IOWAIT, never REGISTERED_RING */
	unsigned int sqe_bytes;		/* 64 or 128 */
	unsigned int nr_slots;
	bool sqpoll;
	struct slot *slots;
	unsigned int *sq_slot;		/* per SQ entry: its slot + 1, or 0 */

	/* Lock-free stacks: index + 1 of the top, 0 for empty. */
	__u64 free_top __attribute__((aligned(CACHELINE))); /* ABA count high */
	unsigned int pending __attribute__((aligned(CACHELINE)));
	__u64 combined;			/* submits left to another thread */

	/*
	 * Threads inside a call, and USERS_FREEING once free() waits for
	 * them: every call adds, so a line of its own.
	 */
	unsigned int users __attribute__((aligned(CACHELINE)));

	/* The submitter role, and its counter (one writer: the holder). */
	unsigned int insub __attribute__((aligned(CACHELINE)));
	__u64 sub_enters;

	/* Roles, flags and counters any thread reads; atomics only. */
	unsigned int busy __attribute__((aligned(CACHELINE)));
	unsigned int reaper;
	unsigned int closed;
	__u64 reap_enters;		/* one writer: the reaper */
	unsigned int wake_seq;		/* futex of the threads below */
	unsigned int sleepers;		/* asleep on wake_seq */
	unsigned int slot_sleepers;	/* asleep on a slot's tag */
	unsigned int inflight;		/* in the ring, not sorted yet */
	unsigned int internal;		/* wake NOP and cancels in flight */
	unsigned int cq_head;		/* CQEs sorted up to here */
	unsigned int backlogged;	/* chains waiting for SQ room */

	/* The combiner's own (under busy). */
	unsigned int backlog_head __attribute__((aligned(CACHELINE)));
	unsigned int backlog_tail;
	bool no_sync_cancel;		/* before 6.0: cancel by SQEs */
	bool wake_pending;		/* the wake NOP's CQE is to come */
	struct uringx_shared_stats_int st;	/* atomic stores, one writer */
};

#define LOAD(p)		__atomic_load_n((p), __ATOMIC_RELAXED)
#define STORE(p, v)	__atomic_store_n((p), (v), __ATOMIC_RELAXED)
/* Counters with one writer at a time: no locked add needed. */
#define BUMP(p, n)	STORE((p), LOAD(p) + (n))

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ __volatile__("yield" ::: "memory");
#endif
}

/* A misaligned pointer is not one of ours, and is not read. */
static bool valid_shared(const struct uringx_shared *sh)
{
	return sh && !((unsigned long) sh % CACHELINE) &&
	       sh->magic == SHARED_MAGIC;
}

static bool bad_ts(const struct __kernel_timespec *ts)
{
	return ts && (ts->tv_sec < 0 || ts->tv_nsec < 0 ||
		      ts->tv_nsec >= 1000000000LL);
}

/* The state half of a tag, as the futex word it is. */
static unsigned int *tag_word(struct slot *s)
{
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return (unsigned int *) &s->tag + 1;
#else
	return (unsigned int *) &s->tag;
#endif
}

static void futex_wake(unsigned int *word, int n)
{
	syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, n, NULL, NULL, 0);
}

static void deadline_of(const struct __kernel_timespec *ts,
			struct timespec *dl)
{
	clock_gettime(CLOCK_MONOTONIC, dl);
	dl->tv_sec += ts->tv_sec;
	dl->tv_nsec += ts->tv_nsec;
	while (dl->tv_nsec >= 1000000000L) {
		dl->tv_nsec -= 1000000000L;
		dl->tv_sec++;
	}
}

/*
 * No sleep, in a futex or in the kernel as the reaper, lasts longer than
 * this: a sleeper then looks at the layer again on its own. Every wake-up
 * the layer owes is sent; this is the backstop should one ever go
 * missing, so that it costs a few milliseconds and never a hang.
 */
#define SLEEP_CAP_NS	20000000L

/* The earlier of dl (which may be NULL) and now + SLEEP_CAP_NS. */
static void capped_deadline(const struct timespec *dl, struct timespec *cap)
{
	static const struct __kernel_timespec step = {
		.tv_nsec = SLEEP_CAP_NS,
	};

	deadline_of(&step, cap);
	if (dl && (dl->tv_sec < cap->tv_sec ||
		   (dl->tv_sec == cap->tv_sec && dl->tv_nsec < cap->tv_nsec)))
		*cap = *dl;
}

/* Sleep while *word == val, until an absolute CLOCK_MONOTONIC dl (NULL:
 * none) or SLEEP_CAP_NS from now, whichever comes first. */
static void futex_sleep(unsigned int *word, unsigned int val,
			const struct timespec *dl)
{
	struct timespec cap;

	capped_deadline(dl, &cap);
	syscall(SYS_futex, word, FUTEX_WAIT_BITSET_PRIVATE, val, &cap, NULL,
		FUTEX_BITSET_MATCH_ANY);
}

/* Time left until dl, or false when it has passed. */
static bool time_left(const struct timespec *dl, struct __kernel_timespec *left)
{
	struct timespec now;
	long long ns;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ns = (long long) (dl->tv_sec - now.tv_sec) * 1000000000LL +
	     (dl->tv_nsec - now.tv_nsec);
	if (ns <= 0)
		return false;
	if (left) {
		left->tv_sec = ns / 1000000000LL;
		left->tv_nsec = ns % 1000000000LL;
	}
	return true;
}

/*
 * The slot a handle names and its tag, if the generation still matches:
 * a handle is index + 1 in the low half (so 0 is never one) and the
 * generation in the high half, so a stale or foreign handle is told
 * apart, not used.
 */
static struct slot *slot_of(struct uringx_shared *sh, __u64 id, __u64 *tag)
{
	__u64 index = id & 0xffffffffU, t;
	struct slot *s;

	if (!index || index > sh->nr_slots)
		return NULL;
	s = &sh->slots[index - 1];
	/* Acquire pairs with the release of whoever set the state. */
	t = __atomic_load_n(&s->tag, __ATOMIC_ACQUIRE);
	if (TAG_GEN(t) != (unsigned int) (id >> 32) || TAG_ST(t) == ST_FREE)
		return NULL;
	*tag = t;
	return s;
}

static unsigned int slot_index(const struct uringx_shared *sh,
			       const struct slot *s)
{
	return (unsigned int) (s - sh->slots);
}

/* Wake every thread asleep on wake_seq, if there is one. */
static void wake_all(struct uringx_shared *sh)
{
	/* Full barrier: the change that wakes them, before this look. */
	if (!__atomic_load_n(&sh->sleepers, __ATOMIC_SEQ_CST))
		return;
	__atomic_fetch_add(&sh->wake_seq, 1, __ATOMIC_SEQ_CST);
	futex_wake(&sh->wake_seq, INT_MAX);
}

/* Push a slot onto the free stack (its tag says free, or never changed). */
static void push_free(struct uringx_shared *sh, struct slot *s)
{
	__u64 top = __atomic_load_n(&sh->free_top, __ATOMIC_RELAXED), new;

	do {
		STORE(&s->next, (unsigned int) top);
		new = ((top >> 32) + 1) << 32 | (slot_index(sh, s) + 1);
		/* Release pairs with the acquire in pop_free(). */
	} while (!__atomic_compare_exchange_n(&sh->free_top, &top, new, true,
					      __ATOMIC_RELEASE,
					      __ATOMIC_RELAXED));
}

/*
 * Give a slot back: the generation moves on (0 is skipped so a zeroed
 * handle never matches) and the slot goes on top of the free stack.
 */
static void release_slot(struct uringx_shared *sh, struct slot *s)
{
	unsigned int gen = TAG_GEN(__atomic_load_n(&s->tag, __ATOMIC_RELAXED));

	if (!++gen)
		gen = 1;
	s->cb = NULL;
	/* Release: the slot's last use comes before its reuse. */
	__atomic_store_n(&s->tag, TAG(gen, ST_FREE), __ATOMIC_RELEASE);
	push_free(sh, s);
}

/* One free slot, or NULL. The count in the high half defeats ABA. */
static struct slot *pop_free(struct uringx_shared *sh)
{
	/* Acquire pairs with the release in release_slot(). */
	__u64 top = __atomic_load_n(&sh->free_top, __ATOMIC_ACQUIRE), new;
	unsigned int idx;

	do {
		idx = (unsigned int) top;
		if (!idx)
			return NULL;
		new = ((top >> 32) + 1) << 32 | LOAD(&sh->slots[idx - 1].next);
	} while (!__atomic_compare_exchange_n(&sh->free_top, &top, new, true,
					      __ATOMIC_ACQUIRE,
					      __ATOMIC_ACQUIRE));
	return &sh->slots[idx - 1];
}

/*
 * Carriers. The kernel ties a request to the thread whose enter submitted
 * it, and cancels what that thread leaves in the kernel when it exits:
 * io-wq work at once, a request waiting for readiness when it wakes. Here
 * whoever holds the submitter role enters for everybody, so a thread
 * done with its own work may still carry other threads' requests. Each
 * thread that entered to submit has a carrier: the number of requests it
 * entered that are not sorted yet, plus CARRIER_ALIVE while it lives. At
 * its exit (the destructor of a pthread key) it waits for that number to
 * drop to zero, CARRY_WAIT_SEC at most; what is still in the kernel then
 * is cancelled by the kernel and completes with -ECANCELED. The record is
 * freed by whichever lets go of it last, the thread or the sorting of
 * its last request, so no slot ever points at freed memory.
 */
struct carrier {
	unsigned int refs;	/* requests carried, + CARRIER_ALIVE */
};
#define CARRIER_ALIVE	0x80000000U
#define CARRY_WAIT_SEC	1

static pthread_once_t carrier_once = PTHREAD_ONCE_INIT;
static pthread_key_t carrier_key;
static bool carrier_keyed;

static void carrier_put(struct carrier *c, unsigned int n)
{
	/* Acq_rel: every other use of the record before its free. */
	if (!__atomic_sub_fetch(&c->refs, n, __ATOMIC_ACQ_REL))
		free(c);
}

/* A thread's exit: wait for what it carries, then let go of the record. */
static void carrier_exit(void *p)
{
	static const struct __kernel_timespec most = {
		.tv_sec = CARRY_WAIT_SEC,
	};
	struct timespec nap = { .tv_nsec = 50000 }, dl;
	struct carrier *c = p;

	deadline_of(&most, &dl);
	while ((__atomic_load_n(&c->refs, __ATOMIC_RELAXED) & ~CARRIER_ALIVE) &&
	       time_left(&dl, NULL)) {
		nanosleep(&nap, NULL);
		if (nap.tv_nsec < 5000000L)
			nap.tv_nsec *= 2;
	}
	carrier_put(c, CARRIER_ALIVE);
}

static void carrier_key_init(void)
{
	__atomic_store_n(&carrier_keyed,
			 !pthread_key_create(&carrier_key, carrier_exit),
			 __ATOMIC_RELEASE);
}

/*
 * exit() runs no thread-specific destructors: the exiting thread's
 * record goes here, when no request names it (one that does is still in
 * flight and keeps it). The key goes too, so that after a dlclose() no
 * thread's exit calls into code no longer mapped.
 */
__attribute__((destructor)) static void carrier_at_exit(void)
{
	struct carrier *c;

	if (!__atomic_exchange_n(&carrier_keyed, false, __ATOMIC_ACQ_REL))
		return;
	c = pthread_getspecific(carrier_key);
	if (c && __atomic_load_n(&c->refs, __ATOMIC_ACQUIRE) == CARRIER_ALIVE) {
		pthread_setspecific(carrier_key, NULL);
		free(c);
	}
	pthread_key_delete(carrier_key);
}

/* The calling thread's carrier, made on first use; NULL if that fails. */
static struct carrier *carrier_self(void)
{
	struct carrier *c;

	pthread_once(&carrier_once, carrier_key_init);
	if (!__atomic_load_n(&carrier_keyed, __ATOMIC_RELAXED))
		return NULL;
	c = pthread_getspecific(carrier_key);
	if (c)
		return c;
	c = malloc(sizeof(*c));
	if (!c)
		return NULL;
	c->refs = CARRIER_ALIVE;
	if (pthread_setspecific(carrier_key, c)) {
		free(c);
		return NULL;
	}
	return c;
}

/*
 * Name c (NULL: nobody) as the carrier of the requests at SQ positions
 * [from, to); how many there are (the layer's own SQEs are nobody's).
 */
static unsigned int mark_carried(struct uringx_shared *sh, unsigned int from,
				 unsigned int to, struct carrier *c)
{
	unsigned int mask = sh->ring->sq.ring_mask, n = 0;

	for (; from != to; from++) {
		/* Atomic: the combiner reuses the entry once the kernel
		 * has taken it, an order TSan cannot see. */
		unsigned int idx = LOAD(&sh->sq_slot[from & mask]);

		if (idx) {
			/* Release pairs with the acquire in sort_cqes(). */
			__atomic_store_n(&sh->slots[idx - 1].carrier, c,
					 __ATOMIC_RELEASE);
			n++;
		}
	}
	return n;
}

/*
 * SQEs in the ring the kernel has not taken yet (never with SQPOLL), as
 * any thread sees them: by the tail published, not the combiner's own.
 */
static unsigned int sq_pending(const struct uringx_shared *sh)
{
	const struct io_uring_sq *sq = &sh->ring->sq;

	if (sh->sqpoll)
		return 0;
	/* Acquire pairs with the release in fill_sq(), then the kernel's
	 * release of the SQ head. */
	return io_uring_smp_load_acquire(sq->ktail) -
	       io_uring_smp_load_acquire(sq->khead);
}

static unsigned int sq_room(const struct uringx_shared *sh)
{
	const struct io_uring_sq *sq = &sh->ring->sq;

	/* Acquire pairs with the kernel's release of the SQ head. */
	return sq->ring_entries -
	       (sq->sqe_tail - io_uring_smp_load_acquire(sq->khead));
}

static int enter(struct uringx_shared *sh, unsigned int to_submit,
		 unsigned int min_complete, unsigned int flags,
		 struct __kernel_timespec *ts)
{
	struct io_uring_getevents_arg arg = {
		.ts = (__u64) (unsigned long) ts,
	};

	flags |= sh->enter_flags;
	if (flags & IORING_ENTER_GETEVENTS)
		return __uringi_sys_enter2(sh->fd, to_submit, min_complete,
					   flags | IORING_ENTER_EXT_ARG, &arg,
					   sizeof(arg));
	return __uringi_sys_enter2(sh->fd, to_submit, 0, flags, NULL, 0);
}

/*
 * The submitter role's enter for every SQE the ring holds, under the
 * calling thread's name: they are counted as carried before (another
 * thread may sort a completion before the enter returns), and those the
 * kernel left in the ring are taken back after. Only this enter moves
 * the SQ head, so head and tail say exactly what it submits.
 */
static int submit_enter(struct uringx_shared *sh)
{
	struct io_uring_sq *sq = &sh->ring->sq;
	struct carrier *c = carrier_self();
	unsigned int head, tail, spare = 0;
	int ret;

	/* Acquire pairs with the release in fill_sq(). */
	tail = io_uring_smp_load_acquire(sq->ktail);
	head = io_uring_smp_load_acquire(sq->khead);
	if (c) {
		/* Counted before any is named, and the spare given back. */
		__atomic_fetch_add(&c->refs, tail - head, __ATOMIC_RELAXED);
		spare = tail - head - mark_carried(sh, head, tail, c);
	}
	ret = enter(sh, tail - head, 0, 0, NULL);
	if (c) {
		head = io_uring_smp_load_acquire(sq->khead);
		spare += mark_carried(sh, head, tail, NULL);
		/* Never the last reference: CARRIER_ALIVE is ours. */
		if (spare)
			carrier_put(c, spare);
	}
	return ret;
}

static bool cq_overflowing(const struct uringx_shared *sh)
{
	return IO_URING_READ_ONCE(*sh->ring->sq.kflags) & IORING_SQ_CQ_OVERFLOW;
}

/*
 * Anything for the combiner role to do: chains to put in the ring, CQEs
 * to sort, a sorted head to tell the kernel, overflowed CQEs to fetch.
 */
static bool has_work(struct uringx_shared *sh)
{
	unsigned int head = LOAD(&sh->cq_head);

	if (LOAD(&sh->pending) || LOAD(&sh->backlogged))
		return true;
	/* Acquire pairs with the kernel's release of the CQ tail. */
	if (io_uring_smp_load_acquire(sh->ring->cq.ktail) != head)
		return true;
	if (IO_URING_READ_ONCE(*sh->ring->cq.khead) != head &&
	    !__atomic_load_n(&sh->reaper, __ATOMIC_SEQ_CST))
		return true;
	return cq_overflowing(sh) && !__atomic_load_n(&sh->reaper,
						      __ATOMIC_SEQ_CST);
}

/*
 * The CQ head the kernel sees moves only while no reaper is inside
 * io_uring_enter(). A reaper asleep there waits for the tail to pass the
 * head it entered with: if its own CQE had been sorted and the head moved
 * past it just before, nothing would ever wake it. With the head held
 * back, the kernel sees those CQEs still there and lets the reaper out at
 * once; the reaper's leaving is work (has_work()) for the combiner.
 */
static void publish_cq_head(struct uringx_shared *sh)
{
	/* Full barrier: the sorting before the look at the reaper flag,
	 * against the reaper's setting it before its look at the slots. */
	if (__atomic_load_n(&sh->reaper, __ATOMIC_SEQ_CST))
		return;
	/* Release: the CQEs are read before the kernel may reuse them. */
	io_uring_smp_store_release(sh->ring->cq.khead, LOAD(&sh->cq_head));
}

/*
 * Move every CQE in the ring into its slot and wake its sleeping waiter;
 * slots with a callback are chained on *cbs for the caller to run once
 * the role is given up. Combiner only.
 */
static unsigned int sort_cqes(struct uringx_shared *sh, unsigned int *cbs)
{
	struct io_uring *ring = sh->ring;
	unsigned int head, tail, shift, n = 0, stray = 0, put_n = 0;
	struct carrier *put_c = NULL;

	shift = io_uring_cqe_shift(ring);
	head = LOAD(&sh->cq_head);
	/* Acquire pairs with the kernel's release of the CQ tail. */
	tail = io_uring_smp_load_acquire(ring->cq.ktail);
	while (head != tail) {
		struct io_uring_cqe *cqe;
		struct carrier *c;
		struct slot *s;
		__u64 t, old;

		cqe = &ring->cq.cqes[(head & ring->cq.ring_mask) << shift];
		head += io_uring_cqe_nr(cqe);
		if (cqe->flags & IORING_CQE_F_SKIP)
			continue;
		if (cqe->user_data == WAKE_UDATA ||
		    cqe->user_data == CANCEL_UDATA) {
			if (cqe->user_data == WAKE_UDATA)
				sh->wake_pending = false;
			STORE(&sh->internal, LOAD(&sh->internal) - 1);
			continue;
		}
		s = slot_of(sh, cqe->user_data, &t);
		if (!s || TAG_ST(t) != ST_SUBMITTED ||
		    (cqe->flags & IORING_CQE_F_MORE)) {
			/* Not ours, or a multishot's early CQE: refused. */
			stray++;
			continue;
		}
		s->done.user_data = s->user_data;
		s->done.res = cqe->res;
		s->done.flags = cqe->flags;
		if (io_uring_cqe_nr(cqe) > 1) {
			s->done.big_cqe[0] = cqe->big_cqe[0];
			s->done.big_cqe[1] = cqe->big_cqe[1];
		} else {
			s->done.big_cqe[0] = s->done.big_cqe[1] = 0;
		}
		n++;
		if (s->cb) {
			s->cb_next = *cbs;
			*cbs = slot_index(sh, s) + 1;
		}
		/* Out of the kernel: its carrier may go (before the slot
		 * can be reused and carried again). */
		/* Acquire pairs with the release in mark_carried(). */
		c = __atomic_load_n(&s->carrier, __ATOMIC_ACQUIRE);
		if (c) {
			STORE(&s->carrier, NULL);
			if (c != put_c && put_n) {
				carrier_put(put_c, put_n);
				put_n = 0;
			}
			put_c = c;
			put_n++;
		}
		/*
		 * Release pairs with the waiter's acquire of the tag. The
		 * add keeps the waiter's flag bits; a callback's slot is
		 * touched by nobody else until the callback list runs.
		 */
		old = __atomic_fetch_add(&s->tag, ST_DONE - ST_SUBMITTED,
					 __ATOMIC_SEQ_CST);
		if (old & TF_SLEEP)
			futex_wake(tag_word(s), INT_MAX);
	}
	if (put_n)
		carrier_put(put_c, put_n);
	STORE(&sh->cq_head, head);
	if (n) {
		STORE(&sh->inflight, LOAD(&sh->inflight) - n);
		BUMP(&sh->st.cqes, n);
	}
	if (stray)
		BUMP(&sh->st.stray, stray);
	publish_cq_head(sh);
	return n;
}

/* Take the pending stack and add it to the backlog, oldest first. */
static void take_pending(struct uringx_shared *sh)
{
	/* Acquire pairs with the release in push_pending(). */
	unsigned int idx = __atomic_exchange_n(&sh->pending, 0,
					       __ATOMIC_ACQUIRE);
	unsigned int first = 0, last = 0;

	if (!idx)
		return;
	/* The stack is newest first; reversed, chains read in order. */
	last = idx;
	while (idx) {
		struct slot *s = &sh->slots[idx - 1];
		unsigned int next = LOAD(&s->next);

		STORE(&s->next, first);
		first = idx;
		idx = next;
	}
	if (sh->backlog_tail)
		STORE(&sh->slots[sh->backlog_tail - 1].next, first);
	else
		sh->backlog_head = first;
	sh->backlog_tail = last;
	STORE(&sh->backlogged, 1);
}

/*
 * Copy whole chains from the backlog into the SQ ring while they fit.
 * Returns how many SQEs went in.
 */
static unsigned int fill_sq(struct uringx_shared *sh)
{
	struct io_uring_sq *sq = &sh->ring->sq;
	unsigned int shift = io_uring_sqe_shift(sh->ring);
	unsigned int tail = sq->sqe_tail, room = sq_room(sh), n = 0;
	unsigned int idx = sh->backlog_head;

	while (idx) {
		struct slot *s = &sh->slots[idx - 1];
		unsigned int len = s->chain, i;

		if (len > room)
			break;
		for (i = 0; i < len; i++) {
			struct io_uring_sqe *sqe;

			s = &sh->slots[idx - 1];
			STORE(&sh->sq_slot[tail & sq->ring_mask], idx);
			sqe = &sq->sqes[(tail & sq->ring_mask) << shift];
			if (sh->sqe_bytes == sizeof(*sqe))
				memcpy(sqe, s->sqe, sizeof(*sqe));
			else
				memcpy(sqe, s->sqe, sizeof(s->sqe));
			tail++;
			idx = LOAD(&s->next);
		}
		room -= len;
		n += len;
	}
	sh->backlog_head = idx;
	if (!idx) {
		sh->backlog_tail = 0;
		STORE(&sh->backlogged, 0);
	}
	if (!n)
		return 0;
	STORE(&sh->inflight, LOAD(&sh->inflight) + n);
	BUMP(&sh->st.sqes, n);
	sq->sqe_tail = sq->sqe_head = tail;
	/* Release pairs with the kernel's acquire of the SQ tail. */
	io_uring_smp_store_release(sq->ktail, tail);
	return n;
}

/* With SQPOLL: wake the SQ thread if it sleeps. */
static void wake_sq_thread(struct uringx_shared *sh)
{
	/*
	 * Full barrier: orders the tail store in fill_sq() before the
	 * flags load, against the SQ thread's setting NEED_WAKEUP before
	 * its last look at the tail (pairs with the kernel's smp_mb()).
	 */
	io_uring_smp_mb();
	if (!(IO_URING_READ_ONCE(*sh->ring->sq.kflags) &
	      IORING_SQ_NEED_WAKEUP))
		return;
	BUMP(&sh->st.enters, 1);
	BUMP(&sh->st.submit_enters, 1);
	enter(sh, 0, 0, IORING_ENTER_SQ_WAKEUP, NULL);
}

/*
 * One round of the combiner: the ring gets what is pending, the kernel
 * what is in the ring, the slots what is in the CQ. Returns an error of
 * io_uring_enter() other than a transient one.
 */
static int combine_round(struct uringx_shared *sh, unsigned int *cbs)
{
	int ret = 0;

	take_pending(sh);
	fill_sq(sh);
	if (sh->sqpoll) {
		wake_sq_thread(sh);
		if (LOAD(&sh->backlogged) && !sq_room(sh)) {
			/* The kernel's thread makes room; wait for it. */
			BUMP(&sh->st.enters, 1);
			enter(sh, 0, 0, IORING_ENTER_SQ_WAIT, NULL);
		}
	}
	/*
	 * Rare: bring the kernel's overflowed CQEs in, then sort. Only an
	 * enter with GETEVENTS flushes them, with SQPOLL too.
	 */
	if (cq_overflowing(sh) &&
	    !__atomic_load_n(&sh->reaper, __ATOMIC_SEQ_CST)) {
		sort_cqes(sh, cbs);
		ret = enter(sh, 0, 0, IORING_ENTER_GETEVENTS, NULL);
		BUMP(&sh->st.enters, 1);
	}
	sort_cqes(sh, cbs);
	if (ret == -EAGAIN || ret == -EBUSY || ret == -EINTR)
		ret = 0;
	return ret < 0 ? ret : 0;
}

/* Run the callbacks sort_cqes() chained, with no role held. */
static void run_callbacks(struct uringx_shared *sh, unsigned int cbs)
{
	while (cbs) {
		struct slot *s = &sh->slots[cbs - 1];
		struct uringx_completion c = s->done;
		uringx_shared_cb cb = s->cb;
		void *arg = s->cb_arg;

		cbs = s->cb_next;
		/* Freed first: the callback may queue the next request. */
		release_slot(sh, s);
		cb(sh, &c, arg);
	}
	wake_all(sh);
}

static bool try_busy(struct uringx_shared *sh)
{
	unsigned int zero = 0;

	if (LOAD(&sh->busy))
		return false;
	/* Acquire pairs with the release in combine(). */
	return __atomic_compare_exchange_n(&sh->busy, &zero, 1, false,
					   __ATOMIC_SEQ_CST, __ATOMIC_RELAXED);
}

/*
 * Rounds while holding the combiner role, then give it up, and take it
 * again if work came in meanwhile: a thread that published while the
 * role was taken left its chain to us (a full barrier on each side: its
 * push before its look at busy, our release before our look at the work).
 * A bounded number of rounds, so one thread is not kept forever.
 */
#define MAX_ROUNDS	64

static int combine_held(struct uringx_shared *sh, unsigned int *cbs)
{
	unsigned int rounds;
	int ret;

	for (;;) {
		rounds = 0;
		do {
			ret = combine_round(sh, cbs);
		} while (!ret && has_work(sh) && ++rounds < MAX_ROUNDS);
		/* Release pairs with the acquire in try_busy(). */
		__atomic_store_n(&sh->busy, 0, __ATOMIC_SEQ_CST);
		if (ret || rounds >= MAX_ROUNDS || !has_work(sh) ||
		    !try_busy(sh))
			return ret;
	}
}

/*
 * Enter for what is in the SQ ring, unless another thread is in the
 * kernel for it already: that one looks again when it comes out (a full
 * barrier on each side: our filling the ring, then our release of busy,
 * before our look at insub; its clearing insub before its look at the
 * tail). One at a time: the kernel
 * serialises one ring's submissions anyway, and an enter asking for
 * every SQE there is takes whole chains only (the tail only ever moves
 * past whole chains), which two enters at once could split. After each
 * enter the thread sorts what came and fills the ring again.
 */
static int submit_phase(struct uringx_shared *sh, unsigned int *cbs,
			bool *entered)
{
	unsigned int rounds = 0, zero;
	int ret = 0;

	while (sq_pending(sh) && rounds++ < MAX_ROUNDS) {
		zero = 0;
		if (__atomic_load_n(&sh->insub, __ATOMIC_SEQ_CST) ||
		    !__atomic_compare_exchange_n(&sh->insub, &zero, 1, false,
						 __ATOMIC_SEQ_CST,
						 __ATOMIC_RELAXED))
			break;
		/* Another thread's enter may have taken it all meanwhile. */
		ret = 0;
		if (sq_pending(sh)) {
			ret = submit_enter(sh);
			BUMP(&sh->sub_enters, 1);
			*entered = true;
		}
		__atomic_store_n(&sh->insub, 0, __ATOMIC_SEQ_CST);
		/* Out of resources: a later call tries again. */
		if (ret == -EAGAIN || ret == -EBUSY)
			return 0;
		if (ret < 0 && ret != -EINTR)
			return ret;
		ret = 0;
		if (try_busy(sh)) {
			ret = combine_held(sh, cbs);
			if (ret)
				break;
		}
	}
	return ret;
}

/*
 * Anything a thread passing by should do: the combiner's work when the
 * role is free, or an enter for SQEs nobody is entering for.
 */
static bool need_combine(struct uringx_shared *sh)
{
	if (!LOAD(&sh->busy) && has_work(sh))
		return true;
	return sq_pending(sh) && !__atomic_load_n(&sh->insub, __ATOMIC_SEQ_CST);
}

/*
 * Be the combiner if nobody is, then enter for the SQ if few enough
 * threads are; *did says whether we did either.
 */
static int combine(struct uringx_shared *sh, bool *did)
{
	unsigned int cbs = 0;
	bool entered = false;
	int ret = 0;

	*did = try_busy(sh);
	if (*did)
		ret = combine_held(sh, &cbs);
	if (!ret)
		ret = submit_phase(sh, &cbs, &entered);
	if (cbs)
		run_callbacks(sh, cbs);
	else if (*did || entered)
		wake_all(sh);
	*did |= entered;
	return ret;
}

/*
 * Wake one sleeping thread to take the reaper's place when requests are
 * in flight and nobody waits in the kernel for them: a thread asleep on
 * wake_seq, else one asleep on its slot (found by a walk: this is rare,
 * and every sleeping thread can reap).
 */
static void hand_off(struct uringx_shared *sh)
{
	unsigned int i;

	/* Full barrier: our giving the place up before these looks. */
	if (!__atomic_load_n(&sh->sleepers, __ATOMIC_SEQ_CST) &&
	    !__atomic_load_n(&sh->slot_sleepers, __ATOMIC_SEQ_CST))
		return;
	if (__atomic_load_n(&sh->reaper, __ATOMIC_SEQ_CST) ||
	    !(LOAD(&sh->inflight) + LOAD(&sh->internal)))
		return;
	if (LOAD(&sh->sleepers)) {
		__atomic_fetch_add(&sh->wake_seq, 1, __ATOMIC_SEQ_CST);
		futex_wake(&sh->wake_seq, 1);
		return;
	}
	for (i = 0; i < sh->nr_slots; i++) {
		struct slot *s = &sh->slots[i];
		__u64 t = __atomic_load_n(&s->tag, __ATOMIC_RELAXED);

		while ((t & TF_SLEEP) && !(t & TF_KICK)) {
			/* The word changes, so a sleep just starting ends. */
			if (__atomic_compare_exchange_n(&s->tag, &t,
							t | TF_KICK, false,
							__ATOMIC_SEQ_CST,
							__ATOMIC_RELAXED)) {
				futex_wake(tag_word(s), INT_MAX);
				return;
			}
		}
	}
}

/*
 * What makes sleeping in the kernel pointless: CQEs to sort or tell the
 * kernel about, SQEs to submit (pending, or in the ring with nobody
 * entering for them: the submitter gives up after MAX_ROUNDS, or on a
 * shortage), overflowed CQEs, or nothing in flight.
 */
static bool reaper_needless(struct uringx_shared *sh)
{
	unsigned int head = LOAD(&sh->cq_head);

	if (LOAD(&sh->pending) || LOAD(&sh->backlogged) || cq_overflowing(sh) ||
	    sq_pending(sh))
		return true;
	if (!(LOAD(&sh->inflight) + LOAD(&sh->internal)))
		return true;
	/* Acquire pairs with the kernel's release of the CQ tail. */
	return io_uring_smp_load_acquire(sh->ring->cq.ktail) != head ||
	       IO_URING_READ_ONCE(*sh->ring->cq.khead) != head;
}

/*
 * Be the reaper once, if the place is free and something is in flight:
 * sleep in the kernel until a CQE comes (or the deadline), then sort
 * what came. 0, -ETIME or an error of io_uring_enter().
 */
static int reap_once(struct uringx_shared *sh, const struct timespec *dl)
{
	struct __kernel_timespec left;
	unsigned int zero = 0, flags = IORING_ENTER_GETEVENTS;
	bool did;
	int ret;

	if (dl && !time_left(dl, &left))
		return -ETIME;
	/* Never longer than SLEEP_CAP_NS. */
	if (!dl || left.tv_sec || left.tv_nsec > SLEEP_CAP_NS) {
		left.tv_sec = 0;
		left.tv_nsec = SLEEP_CAP_NS;
	}
	if (!__atomic_compare_exchange_n(&sh->reaper, &zero, 1, false,
					 __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
		return 0;
	/*
	 * Full barrier (the exchange): the flag is set before these looks,
	 * against the combiner's sorting before its look at the flag in
	 * publish_cq_head(). CQEs waiting to be sorted or told, or SQEs
	 * to submit, are the combiner's work, not a reason to sleep.
	 */
	if (reaper_needless(sh)) {
		/*
		 * A combiner that looked while the flag was up held the CQ
		 * head back and may be gone: leaving is work, as below.
		 */
		__atomic_store_n(&sh->reaper, 0, __ATOMIC_SEQ_CST);
		combine(sh, &did);
		return 0;
	}
	if (sh->sqpoll && (IO_URING_READ_ONCE(*sh->ring->sq.kflags) &
			   IORING_SQ_NEED_WAKEUP))
		flags |= IORING_ENTER_SQ_WAKEUP;
	ret = enter(sh, 0, 1, flags, &left);
	BUMP(&sh->reap_enters, 1);
	__atomic_store_n(&sh->reaper, 0, __ATOMIC_SEQ_CST);
	combine(sh, &did);
	/* -ETIME is the cap's or the caller's: the caller looks at its
	 * deadline itself. */
	if (ret >= 0 || ret == -EINTR || ret == -EAGAIN || ret == -EBUSY ||
	    ret == -ETIME)
		return 0;
	return ret;
}

/*
 * Waiting. A thread whose condition does not hold yet does the work
 * there is (the combiner's), then watches for a while, yielding its CPU
 * (with more threads than CPUs the combiner may need it), then takes the
 * reaper's place if it is free and something is in flight, and sleeps
 * only when none of that applies.
 */
#define SPIN_ROUNDS	64

enum { STEP_AGAIN, STEP_SLEEP };


/*
 * One step short of sleeping: STEP_AGAIN when the caller should look at
 * its condition again, STEP_SLEEP when only sleeping is left, or -ETIME
 * or an error.
 */
static int wait_step(struct uringx_shared *sh, unsigned int *spins,
		     const struct timespec *dl)
{
	bool did;
	int ret;

	if (need_combine(sh)) {
		ret = combine(sh, &did);
		if (ret < 0)
			return ret;
		if (did)
			return STEP_AGAIN;
	}
	if (*spins < SPIN_ROUNDS) {
		(*spins)++;
		cpu_relax();
		sched_yield();
		return STEP_AGAIN;
	}
	if (dl && !time_left(dl, NULL))
		return -ETIME;
	if (!LOAD(&sh->reaper) && LOAD(&sh->inflight) + LOAD(&sh->internal)) {
		ret = reap_once(sh, dl);
		return ret < 0 ? ret : STEP_AGAIN;
	}
	return STEP_SLEEP;
}

/*
 * Whether a thread about to sleep, already counted as a sleeper, must
 * not: the reaper's place is free with requests in flight, or work lies
 * there with nobody to do it. Full barriers: the count before these
 * looks, against hand_off() and combine() (their change, then their look
 * at the counts).
 */
static bool must_stay_up(struct uringx_shared *sh)
{
	if (!__atomic_load_n(&sh->reaper, __ATOMIC_SEQ_CST) &&
	    LOAD(&sh->inflight) + LOAD(&sh->internal))
		return true;
	return need_combine(sh);
}

/* Sleep on wake_seq: the caller's condition is checked after begin. */
static unsigned int sleep_begin(struct uringx_shared *sh)
{
	__atomic_fetch_add(&sh->sleepers, 1, __ATOMIC_SEQ_CST);
	return __atomic_load_n(&sh->wake_seq, __ATOMIC_SEQ_CST);
}

static void sleep_end(struct uringx_shared *sh, unsigned int seq, bool sleep,
		      const struct timespec *dl)
{
	if (sleep && !must_stay_up(sh))
		futex_sleep(&sh->wake_seq, seq, dl);
	__atomic_fetch_sub(&sh->sleepers, 1, __ATOMIC_SEQ_CST);
}

/* Take flag bits off a tag, whatever else changes meanwhile. */
static void tag_clear(struct slot *s, __u64 bits)
{
	__u64 t = __atomic_load_n(&s->tag, __ATOMIC_RELAXED);

	while ((t & bits) &&
	       !__atomic_compare_exchange_n(&s->tag, &t, t & ~bits, false,
					    __ATOMIC_SEQ_CST,
					    __ATOMIC_RELAXED))
		;
}

/* Sleep on the slot's tag until it changes or the deadline passes. */
static void sleep_on_slot(struct uringx_shared *sh, struct slot *s, __u64 t,
			  const struct timespec *dl)
{
	__u64 want = t | TF_SLEEP;

	if (!(t & TF_SLEEP) &&
	    !__atomic_compare_exchange_n(&s->tag, &t, want, false,
					 __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
		return;		/* it changed: look again */
	__atomic_fetch_add(&sh->slot_sleepers, 1, __ATOMIC_SEQ_CST);
	if (!must_stay_up(sh))
		futex_sleep(tag_word(s), (unsigned int) want, dl);
	__atomic_fetch_sub(&sh->slot_sleepers, 1, __ATOMIC_SEQ_CST);
	tag_clear(s, TF_SLEEP | TF_KICK);
}

/* Until the slot's request is done: 0, -ETIME or an error. */
static int wait_slot(struct uringx_shared *sh, struct slot *s,
		     const struct timespec *dl)
{
	unsigned int spins = 0;
	int ret;

	for (;;) {
		/* Acquire pairs with the release in sort_cqes(). */
		__u64 t = __atomic_load_n(&s->tag, __ATOMIC_ACQUIRE);

		if (TAG_ST(t) == ST_DONE)
			return 0;
		ret = wait_step(sh, &spins, dl);
		if (ret < 0)
			return ret;
		if (ret == STEP_SLEEP)
			sleep_on_slot(sh, s, t, dl);
	}
}

/* One step of a wait on wake_seq for a condition cond() of the caller. */
#define WAIT_GLOBAL(sh, spins, dl, cond, ret)				\
	do {								\
		ret = wait_step(sh, &spins, dl);			\
		if (ret == STEP_SLEEP) {				\
			unsigned int seq_ = sleep_begin(sh);		\
									\
			sleep_end(sh, seq_, !(cond), dl);		\
			ret = 0;					\
		}							\
	} while (0)

static void enter_call(struct uringx_shared *sh)
{
	__atomic_fetch_add(&sh->users, 1, __ATOMIC_ACQUIRE);
}

#define USERS_FREEING	0x80000000U

/*
 * The last thing a call does with the layer: once the count is down,
 * uringx_shared_free() may free it at once, so the flag is read in the
 * same atomic step, and the wake that follows is a system call on the
 * word's address only (a spurious wake-up is harmless to any futex).
 */
static void leave_call(struct uringx_shared *sh)
{
	/* Release pairs with the acquire in uringx_shared_free(). */
	if (__atomic_sub_fetch(&sh->users, 1, __ATOMIC_RELEASE) ==
	    USERS_FREEING)
		futex_wake(&sh->users, 1);
}

int uringx_shared_new(struct io_uring *ring, unsigned int nr_slots,
		      unsigned int flags, struct uringx_shared **shp)
{
	struct uringx_shared *sh;
	unsigned int i;

	if (!ring || !shp)
		return -EFAULT;
	if (flags)
		return -EINVAL;
	/*
	 * Any thread enters this ring: the kernel allows only one issuer
	 * with SINGLE_ISSUER (so DEFER_TASKRUN), and with COOP_TASKRUN a
	 * completion could wait for a thread asleep in the layer.
	 */
	if (ring->flags & (IORING_SETUP_SINGLE_ISSUER |
			   IORING_SETUP_DEFER_TASKRUN |
			   IORING_SETUP_COOP_TASKRUN |
			   IORING_SETUP_SQE_MIXED))
		return -EINVAL;
	/* A registered ring index is valid in its own thread only. */
	if (ring->ring_fd < 0)
		return -EBADF;
	if (!(ring->features & IORING_FEAT_EXT_ARG))
		return -EOPNOTSUPP;
	if (!nr_slots)
		nr_slots = ring->cq.ring_entries;
	if (nr_slots > SLOTS_MAX)
		return -EINVAL;

	if (posix_memalign((void **) &sh, CACHELINE, sizeof(*sh)))
		return -ENOMEM;
	memset(sh, 0, sizeof(*sh));
	sh->slots = calloc(nr_slots, sizeof(*sh->slots));
	sh->sq_slot = calloc(ring->sq.ring_entries, sizeof(*sh->sq_slot));
	if (!sh->slots || !sh->sq_slot) {
		free(sh->slots);
		free(sh->sq_slot);
		free(sh);
		return -ENOMEM;
	}
	sh->ring = ring;
	sh->fd = (unsigned int) ring->ring_fd;
	sh->enter_flags = ring_enter_flags(ring) & ~INT_FLAG_REG_RING;
	sh->sqpoll = ring->flags & IORING_SETUP_SQPOLL;
	sh->sqe_bytes = sizeof(struct io_uring_sqe) << io_uring_sqe_shift(ring);
	sh->nr_slots = nr_slots;
	/* Slot 0 on top, so the first requests use the first slots. */
	for (i = nr_slots; i-- > 0; ) {
		sh->slots[i].tag = TAG(1, ST_FREE);
		sh->slots[i].next = (unsigned int) sh->free_top;
		sh->free_top = i + 1;
	}
	/* The layer starts where the ring is; SQEs queued by hand go too. */
	ring->sq.sqe_head = ring->sq.sqe_tail;
	sh->cq_head = IO_URING_READ_ONCE(*ring->cq.khead);
	sh->magic = SHARED_MAGIC;
	*shp = sh;
	return 0;
}

/* nr free slots, all or none: 0 or -EAGAIN. */
static int take_slots(struct uringx_shared *sh, struct io_uring_sqe **sqes,
		      __u64 *reqs, unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < nr; i++) {
		struct slot *s = pop_free(sh);
		unsigned int gen;

		if (!s) {
			/* Back, free under a new generation: the handles
			 * left in reqs[] must not claim them. */
			if (!i)
				return -EAGAIN;
			while (i--)
				release_slot(sh, &sh->slots[(reqs[i] &
							     0xffffffffU) - 1]);
			/* A thread may have found them gone, and slept. */
			wake_all(sh);
			return -EAGAIN;
		}
		gen = TAG_GEN(LOAD(&s->tag));
		/* Ours alone until submitted (whose release publishes it). */
		STORE(&s->tag, TAG(gen, ST_RESERVED));
		/* A constant size lets the compiler write it in line. */
		if (sh->sqe_bytes == sizeof(s->sqe[0]))
			memset(s->sqe, 0, sizeof(s->sqe[0]));
		else
			memset(s->sqe, 0, sizeof(s->sqe));
		sqes[i] = s->sqe;
		reqs[i] = ((__u64) gen << 32) | (slot_index(sh, s) + 1);
	}
	return 0;
}

/*
 * Whether nr slots are free, by a walk down the stack from its top. The
 * walk saw one state of the stack if the top word (whose count moves on
 * every push and pop) reads the same after it; a top that moved counts
 * as yes, for the caller to try again.
 */
static bool slots_free(struct uringx_shared *sh, unsigned int nr)
{
	/* Acquire pairs with the release in push_free(). */
	__u64 top = __atomic_load_n(&sh->free_top, __ATOMIC_ACQUIRE);
	unsigned int idx = (unsigned int) top, n;

	for (n = 0; idx && idx <= sh->nr_slots && n < nr; n++)
		idx = LOAD(&sh->slots[idx - 1].next);
	return n >= nr ||
	       __atomic_load_n(&sh->free_top, __ATOMIC_ACQUIRE) != top;
}

int uringx_shared_get_sqes(struct uringx_shared *sh,
			   struct io_uring_sqe **sqes, __u64 *reqs,
			   unsigned int nr, const struct __kernel_timespec *ts)
{
	struct timespec dl, *dlp = NULL;
	unsigned int spins = 0;
	int ret;

	if (!valid_shared(sh))
		return -EINVAL;
	if (!sqes || !reqs)
		return -EFAULT;
	if (!nr || nr > sh->nr_slots || nr > sh->ring->sq.ring_entries ||
	    bad_ts(ts))
		return -EINVAL;
	enter_call(sh);
	for (;;) {
		if (LOAD(&sh->closed)) {
			ret = -ESHUTDOWN;
			break;
		}
		ret = take_slots(sh, sqes, reqs, nr);
		if (!ret || !ts)
			break;
		/* The clock is read only when there is a wait. */
		if (!dlp) {
			deadline_of(ts, &dl);
			dlp = &dl;
		}
		/* Until nr are free: a thread short of them sleeps. */
		WAIT_GLOBAL(sh, spins, dlp,
			    slots_free(sh, nr) || LOAD(&sh->closed), ret);
		if (ret == -ETIME)
			ret = -EAGAIN;
		if (ret < 0)
			break;
	}
	leave_call(sh);
	return ret;
}

/*
 * Multishot requests post several CQEs for one SQE; the layer hands out
 * one completion per request, so it refuses the forms it knows.
 */
static bool multishot(const struct io_uring_sqe *sqe)
{
	switch (sqe->opcode) {
	case IORING_OP_POLL_ADD:
		return sqe->len & IORING_POLL_ADD_MULTI;
	case IORING_OP_ACCEPT:
		return sqe->ioprio & IORING_ACCEPT_MULTISHOT;
	case IORING_OP_RECV:
	case IORING_OP_RECVMSG:
		return sqe->ioprio & IORING_RECV_MULTISHOT;
	case IORING_OP_TIMEOUT:
		return sqe->timeout_flags & IORING_TIMEOUT_MULTISHOT;
	case IORING_OP_READ_MULTISHOT:
	case IORING_OP_RECV_ZC:
		return true;
	default:
		return false;
	}
}

enum { FOR_UNGET, FOR_SUBMIT, FOR_WAIT };

/*
 * Claim every handle: each must name a reserved request, once (the
 * exchange to CLAIMED makes a handle given twice, or by two threads at
 * once, fail); a submission may not be multishot, nor, when the caller
 * will wait, have a callback. On an error every claim is undone.
 */
static int claim(struct uringx_shared *sh, const __u64 *reqs, unsigned int nr,
		 int why)
{
	unsigned int i;
	int ret = 0;

	for (i = 0; i < nr; i++) {
		__u64 t;
		struct slot *s = slot_of(sh, reqs[i], &t);

		if (!s) {
			ret = -ENOENT;
			break;
		}
		if (TAG_ST(t) != ST_RESERVED ||
		    !__atomic_compare_exchange_n(&s->tag, &t,
						 t - ST_RESERVED + ST_CLAIMED,
						 false, __ATOMIC_ACQUIRE,
						 __ATOMIC_RELAXED)) {
			ret = -EINVAL;
			break;
		}
		if ((why != FOR_UNGET && multishot(s->sqe)) ||
		    (why == FOR_WAIT && s->cb)) {
			i++;
			ret = -EINVAL;
			break;
		}
	}
	if (ret) {
		while (i--) {
			struct slot *s = &sh->slots[(reqs[i] & 0xffffffffU) - 1];

			__atomic_store_n(&s->tag, TAG(reqs[i] >> 32,
						      ST_RESERVED),
					 __ATOMIC_RELEASE);
		}
	}
	return ret;
}

/* Claimed requests that can no longer go (shut down): given back. */
static int drop_reqs(struct uringx_shared *sh, const __u64 *reqs,
		     unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < nr; i++)
		release_slot(sh, &sh->slots[(reqs[i] & 0xffffffffU) - 1]);
	wake_all(sh);
	return -ESHUTDOWN;
}

#define TF_CB		0x800U	/* the request has a callback */

/*
 * Make the claimed chain pending: user_data swapped for the handle, the
 * chain linked newest first, then pushed with one exchange so no other
 * chain gets between its SQEs.
 */
static void push_pending(struct uringx_shared *sh, const __u64 *reqs,
			 unsigned int nr, unsigned int tflags)
{
	struct slot *first = &sh->slots[(reqs[0] & 0xffffffffU) - 1];
	unsigned int i, top;

	for (i = 0; i < nr; i++) {
		struct slot *s = &sh->slots[(reqs[i] & 0xffffffffU) - 1];

		s->user_data = s->sqe[0].user_data;
		s->sqe[0].user_data = reqs[i];
		s->chain = 0;
		if (i)
			STORE(&s->next, (unsigned int) (reqs[i - 1] &
							0xffffffffU));
		/* Release pairs with the acquire in slot_of(). */
		__atomic_store_n(&s->tag,
				 TAG(reqs[i] >> 32, ST_SUBMITTED | tflags |
				     (s->cb ? TF_CB : 0)),
				 __ATOMIC_RELEASE);
	}
	first->chain = nr;
	top = __atomic_load_n(&sh->pending, __ATOMIC_RELAXED);
	do {
		STORE(&first->next, top);
		/* Full barrier (and release, pairing with the acquire in
		 * take_pending()): the push before the look at busy. */
	} while (!__atomic_compare_exchange_n(&sh->pending, &top,
					      (unsigned int) (reqs[nr - 1] &
							      0xffffffffU),
					      true, __ATOMIC_SEQ_CST,
					      __ATOMIC_RELAXED));
}

int uringx_shared_unget(struct uringx_shared *sh, const __u64 *reqs,
			unsigned int nr)
{
	unsigned int i;
	int ret;

	if (!valid_shared(sh))
		return -EINVAL;
	if (!reqs && nr)
		return -EFAULT;
	enter_call(sh);
	ret = claim(sh, reqs, nr, FOR_UNGET);
	for (i = 0; !ret && i < nr; i++)
		release_slot(sh, &sh->slots[(reqs[i] & 0xffffffffU) - 1]);
	if (!ret && nr)
		wake_all(sh);
	leave_call(sh);
	return ret;
}

int uringx_shared_set_callback(struct uringx_shared *sh, __u64 req,
			       uringx_shared_cb cb, void *arg)
{
	struct slot *s;
	__u64 t;
	int ret = 0;

	if (!valid_shared(sh))
		return -EINVAL;
	enter_call(sh);
	s = slot_of(sh, req, &t);
	if (!s)
		ret = -ENOENT;
	else if (TAG_ST(t) != ST_RESERVED)
		ret = -EINVAL;	/* too late: a waiter or combiner may have it */
	else {
		/* The reserving thread's alone; submitting publishes it. */
		s->cb = cb;
		s->cb_arg = arg;
	}
	leave_call(sh);
	return ret;
}

int uringx_shared_submit(struct uringx_shared *sh, const __u64 *reqs,
			 unsigned int nr, unsigned int flags)
{
	bool did;
	int ret;

	if (!valid_shared(sh))
		return -EINVAL;
	if (!reqs)
		return -EFAULT;
	if (!nr || nr > sh->ring->sq.ring_entries ||
	    (flags & ~(URINGX_SUBMIT_LAZY | URINGX_SUBMIT_NOWAIT)))
		return -EINVAL;
	enter_call(sh);
	ret = claim(sh, reqs, nr, FOR_SUBMIT);
	if (ret)
		goto out;
	if (LOAD(&sh->closed)) {
		ret = drop_reqs(sh, reqs, nr);
		goto out;
	}
	if (sh->sqpoll && (flags & URINGX_SUBMIT_NOWAIT) &&
	    (LOAD(&sh->backlogged) || sq_room(sh) < nr)) {
		/* Back to reserved, as a refused submission leaves them. */
		unsigned int i;

		for (i = 0; i < nr; i++)
			__atomic_store_n(&sh->slots[(reqs[i] & 0xffffffffU) -
						    1].tag,
					 TAG(reqs[i] >> 32, ST_RESERVED),
					 __ATOMIC_RELEASE);
		ret = -EAGAIN;
		goto out;
	}
	push_pending(sh, reqs, nr, 0);
	if (flags & URINGX_SUBMIT_LAZY)
		goto out;
	ret = combine(sh, &did);
	if (!did)
		__atomic_fetch_add(&sh->combined, 1, __ATOMIC_RELAXED);
out:
	leave_call(sh);
	return ret;
}

/* The completion of a done slot, and the slot back to the free stack. */
static void collect(struct uringx_shared *sh, struct slot *s,
		    struct uringx_completion *c)
{
	*c = s->done;
	release_slot(sh, s);
}

int uringx_shared_wait(struct uringx_shared *sh, __u64 req,
		       struct uringx_completion *c,
		       const struct __kernel_timespec *ts)
{
	struct timespec dl, *dlp = NULL;
	struct slot *s;
	__u64 t;
	int ret = 0;

	if (!valid_shared(sh))
		return -EINVAL;
	if (!c)
		return -EFAULT;
	if (bad_ts(ts))
		return -EINVAL;
	enter_call(sh);
	s = slot_of(sh, req, &t);
	for (;;) {
		if (!s || TAG_GEN(t) != (unsigned int) (req >> 32) ||
		    TAG_ST(t) == ST_FREE) {
			ret = -ENOENT;
			goto out;
		}
		if (TAG_ST(t) < ST_SUBMITTED || (t & TF_CB)) {
			ret = -EINVAL;	/* never submitted, or a callback's */
			goto out;
		}
		if (t & TF_WAITED) {
			ret = -EBUSY;	/* another thread waits for it already */
			goto out;
		}
		if (__atomic_compare_exchange_n(&s->tag, &t, t | TF_WAITED,
						false, __ATOMIC_ACQUIRE,
						__ATOMIC_ACQUIRE))
			break;
	}
	if (ts) {
		deadline_of(ts, &dl);
		dlp = &dl;
	}
	ret = wait_slot(sh, s, dlp);
	if (!ret) {
		collect(sh, s, c);
		wake_all(sh);
	} else {
		tag_clear(s, TF_WAITED);
		hand_off(sh);
	}
out:
	leave_call(sh);
	return ret;
}

/*
 * Submit and wait in one call: the chain is pushed already marked as
 * waited for (uringx_shared_wait() on it says -EBUSY until this returns),
 * then the thread combines, and waits for each request in turn. On an
 * error after the push, every request stays as it is, to be waited for
 * one by one.
 */
int uringx_shared_submit_and_wait(struct uringx_shared *sh, const __u64 *reqs,
				  unsigned int nr, struct uringx_completion *cs,
				  const struct __kernel_timespec *ts)
{
	struct timespec dl, *dlp = NULL;
	unsigned int i;
	bool did;
	int ret;

	if (!valid_shared(sh))
		return -EINVAL;
	if (!reqs || !cs)
		return -EFAULT;
	if (!nr || nr > sh->ring->sq.ring_entries || bad_ts(ts))
		return -EINVAL;
	enter_call(sh);
	ret = claim(sh, reqs, nr, FOR_WAIT);
	if (ret)
		goto out;
	if (LOAD(&sh->closed)) {
		ret = drop_reqs(sh, reqs, nr);
		goto out;
	}
	push_pending(sh, reqs, nr, TF_WAITED);
	ret = combine(sh, &did);
	if (!did)
		__atomic_fetch_add(&sh->combined, 1, __ATOMIC_RELAXED);
	if (ts) {
		deadline_of(ts, &dl);
		dlp = &dl;
	}
	for (i = 0; !ret && i < nr; i++)
		ret = wait_slot(sh, &sh->slots[(reqs[i] & 0xffffffffU) - 1],
				dlp);
	if (!ret) {
		for (i = 0; i < nr; i++)
			collect(sh, &sh->slots[(reqs[i] & 0xffffffffU) - 1],
				&cs[i]);
		wake_all(sh);
	} else {
		for (i = 0; i < nr; i++)
			tag_clear(&sh->slots[(reqs[i] & 0xffffffffU) - 1],
				  TF_WAITED);
		hand_off(sh);
	}
out:
	leave_call(sh);
	return ret;
}

/* Nothing left to come: in flight, pending or waiting for SQ room. */
static bool idle(struct uringx_shared *sh)
{
	return !(LOAD(&sh->inflight) | LOAD(&sh->internal) |
		 LOAD(&sh->pending) | LOAD(&sh->backlogged));
}

int uringx_shared_dispatch(struct uringx_shared *sh,
			   const struct __kernel_timespec *ts)
{
	struct timespec dl, *dlp = NULL;
	unsigned int spins = 0;
	__u64 before;
	int ret = 0;

	if (!valid_shared(sh))
		return -EINVAL;
	if (bad_ts(ts))
		return -EINVAL;
	if (ts) {
		deadline_of(ts, &dl);
		dlp = &dl;
	}
	enter_call(sh);
	before = LOAD(&sh->st.cqes);
	while (LOAD(&sh->st.cqes) == before) {
		if (LOAD(&sh->closed) && idle(sh)) {
			ret = -ESHUTDOWN;
			break;
		}
		WAIT_GLOBAL(sh, spins, dlp, LOAD(&sh->st.cqes) != before ||
			    (LOAD(&sh->closed) && idle(sh)), ret);
		if (ret < 0)
			break;
	}
	if (ret >= 0)
		ret = (int) (LOAD(&sh->st.cqes) - before);
	hand_off(sh);
	leave_call(sh);
	return ret;
}

/* Take the combiner role, however long it takes (teardown only). */
static void hold_busy(struct uringx_shared *sh)
{
	while (!try_busy(sh))
		sched_yield();
}

/*
 * A zeroed SQE of the layer's own at the SQ tail, or NULL when the SQ is
 * full; internal_sqe_commit() publishes it. Combiner only.
 */
static struct io_uring_sqe *internal_sqe(struct uringx_shared *sh)
{
	struct io_uring_sq *sq = &sh->ring->sq;
	struct io_uring_sqe *sqe;
	unsigned int tail = sq->sqe_tail;

	if (!sq_room(sh))
		return NULL;
	sqe = &sq->sqes[(tail & sq->ring_mask) << io_uring_sqe_shift(sh->ring)];
	memset(sqe, 0, sh->sqe_bytes);
	return sqe;
}

static void internal_sqe_commit(struct uringx_shared *sh)
{
	struct io_uring_sq *sq = &sh->ring->sq;
	unsigned int tail = sq->sqe_tail + 1;

	STORE(&sh->sq_slot[sq->sqe_tail & sq->ring_mask], 0);
	STORE(&sh->internal, LOAD(&sh->internal) + 1);
	sq->sqe_tail = sq->sqe_head = tail;
	/* Release pairs with the kernel's acquire of the SQ tail. */
	io_uring_smp_store_release(sq->ktail, tail);
}

/* A NOP to wake the reaper, so a shutdown never waits on an idle ring. */
static void post_wake_nop(struct uringx_shared *sh)
{
	struct io_uring_sqe *sqe;

	if (sh->wake_pending)
		return;
	sqe = internal_sqe(sh);
	if (!sqe)
		return;
	sqe->opcode = IORING_OP_NOP;
	sqe->user_data = WAKE_UDATA;
	sh->wake_pending = true;
	internal_sqe_commit(sh);
}

/*
 * Kernels before 6.0 have no IORING_REGISTER_SYNC_CANCEL (nor, before
 * 5.19, IORING_ASYNC_CANCEL_ANY): one IORING_OP_ASYNC_CANCEL per request
 * submitted, by the handle it carries on the wire (one still in the
 * backlog is simply not found). As many as the SQ holds; the next round
 * sends the rest. Combiner only.
 */
static void post_cancels(struct uringx_shared *sh)
{
	struct io_uring_sqe *sqe;
	unsigned int i;

	for (i = 0; i < sh->nr_slots; i++) {
		struct slot *s = &sh->slots[i];
		__u64 t = __atomic_load_n(&s->tag, __ATOMIC_ACQUIRE);

		if (TAG_ST(t) != ST_SUBMITTED)
			continue;
		sqe = internal_sqe(sh);
		if (!sqe)
			break;
		sqe->opcode = IORING_OP_ASYNC_CANCEL;
		sqe->fd = -1;
		sqe->addr = ((__u64) TAG_GEN(t) << 32) | (i + 1);
		sqe->user_data = CANCEL_UDATA;
		internal_sqe_commit(sh);
	}
}

/* Post the layer's own SQEs as the combiner, then submit them. */
static void post_internal(struct uringx_shared *sh, bool cancels)
{
	unsigned int cbs = 0;
	bool entered = false;

	hold_busy(sh);
	if (cancels)
		post_cancels(sh);
	else
		post_wake_nop(sh);
	combine_held(sh, &cbs);
	submit_phase(sh, &cbs, &entered);
	if (cbs)
		run_callbacks(sh, cbs);
	else
		wake_all(sh);
}

int uringx_shared_shutdown(struct uringx_shared *sh)
{
	struct io_uring_sync_cancel_reg reg = {
		.flags = IORING_ASYNC_CANCEL_ANY,
		.timeout = { .tv_nsec = 100000000 },
	};
	const struct __kernel_timespec round = { .tv_nsec = 100000000 };
	struct timespec dl;
	unsigned int spins;
	int ret = 0;

	if (!valid_shared(sh))
		return -EINVAL;
	enter_call(sh);
	if (__atomic_exchange_n(&sh->closed, 1, __ATOMIC_SEQ_CST))
		goto out;
	post_internal(sh, false);
	/* Threads waiting for free slots give up now. */
	wake_all(sh);
	/*
	 * Ask the kernel to cancel what is in flight, and again every round
	 * in case a request was still on its way in; each requester gets
	 * -ECANCELED or the real result, whichever the kernel posts.
	 */
	while (!idle(sh)) {
		if (!sh->no_sync_cancel && LOAD(&sh->inflight)) {
			/* By the real fd: a registered index is per thread. */
			ret = __uringi_sys_register(sh->fd,
						    IORING_REGISTER_SYNC_CANCEL,
						    &reg, 1);
			sh->no_sync_cancel = ret == -EINVAL;
		}
		if (sh->no_sync_cancel && LOAD(&sh->inflight))
			post_internal(sh, true);
		deadline_of(&round, &dl);
		spins = 0;
		while (!idle(sh)) {
			WAIT_GLOBAL(sh, spins, &dl, idle(sh), ret);
			if (ret == -ETIME)
				break;
			if (ret < 0)
				goto out;
		}
	}
	ret = 0;
out:
	hand_off(sh);
	leave_call(sh);
	return ret;
}

int uringx_shared_free(struct uringx_shared *sh)
{
	const struct __kernel_timespec tick = { .tv_nsec = 10000000 };
	struct timespec dl;
	int ret;

	ret = uringx_shared_shutdown(sh);
	if (ret == -EINVAL)
		return ret;
	/* Threads still inside a call are on their way out: let them go. */
	wake_all(sh);
	__atomic_fetch_or(&sh->users, USERS_FREEING, __ATOMIC_SEQ_CST);
	for (;;) {
		/* Acquire pairs with the release in leave_call(). */
		unsigned int users = __atomic_load_n(&sh->users,
						     __ATOMIC_ACQUIRE);

		if (users == USERS_FREEING)
			break;
		/* The tick: a thread asleep in a call is woken again. */
		deadline_of(&tick, &dl);
		futex_sleep(&sh->users, users, &dl);
		wake_all(sh);
	}
	sh->magic = 0;
	free(sh->sq_slot);
	free(sh->slots);
	free(sh);
	return ret;
}

int uringx_shared_get_stats(struct uringx_shared *sh,
			    struct uringx_shared_stats *st)
{
	if (!valid_shared(sh))
		return -EINVAL;
	if (!st)
		return -EFAULT;
	memset(st, 0, sizeof(*st));
	st->sqes = LOAD(&sh->st.sqes);
	st->cqes = LOAD(&sh->st.cqes);
	st->enters = LOAD(&sh->sub_enters) + LOAD(&sh->reap_enters) +
		     LOAD(&sh->st.enters);
	st->submit_enters = LOAD(&sh->sub_enters) +
			    LOAD(&sh->st.submit_enters);
	st->combined = LOAD(&sh->combined);
	st->stray = LOAD(&sh->st.stray);
	return 0;
}
