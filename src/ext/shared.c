/* SPDX-License-Identifier: MIT */
/*
 * One ring, many threads (uringx_shared(3)).
 *
 * A request lives in a slot from uringx_shared_get_sqes() until its
 * requester has its completion. The caller prepares the slot's own copy
 * of an SQE, not a ring entry: submitting copies a whole chain into the
 * ring under the lock, so a slow preparer never holds back SQEs that
 * other threads queued after it, and a chain is never split. On the wire
 * an SQE's user_data is the slot's handle; the caller's value waits in
 * the slot and comes back in the completion.
 *
 * One mutex guards the slots and both rings. System calls are made with
 * it dropped, by at most one "reaper" (waiting for CQEs and sorting them
 * into slots) and at most one "submitter" (entering only to submit); a
 * thread that publishes while the submitter is inside io_uring_enter()
 * leaves its SQEs to it, and the submitter goes round again before it
 * lets go. Every other thread sleeps on its own condition variable until
 * its slot is done or the reaper's place is free.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "liburing.h"
#include "liburing/ext.h"
#include "int_flags.h"
#include "syscall.h"

#define SHARED_MAGIC	0x75727368U	/* "ursh": a live uringx_shared */
#define SLOTS_MAX	(1U << 20)
#define NO_SLOT		0xffffffffU
/* On the wire, the user_data of the layer's own wake-up NOP. */
#define WAKE_UDATA	0ULL
/*
 * And of its cancel SQEs (kernels without IORING_REGISTER_SYNC_CANCEL):
 * index 0 in the low half, so never a slot's handle.
 */
#define CANCEL_UDATA	(1ULL << 32)

enum slot_state {
	SLOT_FREE,
	SLOT_RESERVED,	/* handed out, being prepared */
	SLOT_CHECKED,	/* reserved, and seen once by check_reqs() */
	SLOT_INFLIGHT,	/* in the SQ ring or in the kernel */
	SLOT_DONE,	/* completion stored, requester not told yet */
};

struct waiter;

struct slot {
	struct io_uring_sqe sqe[2];	/* the caller's copy; 2 for SQE128 */
	__u64 user_data;		/* the caller's, kept off the wire */
	uringx_shared_cb cb;
	void *cb_arg;
	struct uringx_completion done;
	struct waiter *waiter;		/* thread in uringx_shared_wait() */
	unsigned int gen;		/* bumped on each free: stale handles */
	unsigned int next;		/* free list, or callbacks to run */
	enum slot_state state;
};

/* A sleeping thread and what would let it go on. */
struct waiter {
	pthread_cond_t cond;		/* made on the first sleep only */
	bool cond_made;
	struct waiter *next;
	struct slot *slot;		/* uringx_shared_wait(): this one */
	unsigned int want_free;		/* get_sqes(): this many free slots */
	unsigned int hits;		/* its slots done so far; atomics only */
};

struct uringx_shared {
	unsigned int magic;
	struct io_uring *ring;
	unsigned int fd;		/* the real fd: any thread can use it */
	unsigned int enter_flags;	/* NO_IOWAIT, never REGISTERED_RING */
	bool sqpoll;
	bool closed;
	bool reaping;			/* a thread is the reaper */
	bool submitting;		/* a thread enters only to submit */
	bool reaper_sq;			/* the reaper's enter submits too, */
	unsigned int reaper_sq_end;	/* the SQEs up to here */
	bool wake_pending;		/* the wake NOP's CQE is to come */
	bool no_sync_cancel;		/* before 6.0: cancel by SQEs */
	unsigned int cancels_pending;	/* cancel SQEs whose CQE is to come */
	bool freeing;			/* free() waits for users == 0 */
	unsigned int sqe_bytes;		/* 64 or 128 */
	unsigned int nr_slots;
	unsigned int nr_free;
	unsigned int free_head;
	unsigned int inflight;		/* slots INFLIGHT, the wake NOP aside */
	unsigned int cq_head;		/* CQEs sorted up to here */
	unsigned int users;		/* threads inside a call */
	unsigned int epoch;		/* bumped on progress; atomics only */
	unsigned int reaper_gen;	/* bumped as a reaper leaves; atomics */
	pthread_mutex_t lock;
	pthread_cond_t idle;		/* users dropped to 0 (free waits) */
	pthread_condattr_t cond_attr;	/* CLOCK_MONOTONIC */
	struct waiter *waiters;
	struct uringx_shared_stats stats;
	struct slot *slots;
};

static bool valid_shared(const struct uringx_shared *sh)
{
	return sh && sh->magic == SHARED_MAGIC;
}

static __u64 slot_id(const struct uringx_shared *sh, const struct slot *s)
{
	return ((__u64) s->gen << 32) | (__u64) (s - sh->slots + 1);
}

/*
 * The slot a handle names, if its generation still matches: a handle is
 * index + 1 in the low half (so 0 is never one) and the generation in
 * the high half, so a stale or foreign handle is told apart, not used.
 */
static struct slot *slot_of(struct uringx_shared *sh, __u64 id)
{
	__u64 index = id & 0xffffffffU;
	struct slot *s;

	if (!index || index > sh->nr_slots)
		return NULL;
	s = &sh->slots[index - 1];
	if (s->gen != (unsigned int) (id >> 32) || s->state == SLOT_FREE)
		return NULL;
	return s;
}

static void release_slot(struct uringx_shared *sh, struct slot *s)
{
	s->state = SLOT_FREE;
	s->cb = NULL;
	s->waiter = NULL;
	/* Generation 0 is skipped so a zeroed handle never matches. */
	if (!++s->gen)
		s->gen = 1;
	s->next = sh->free_head;
	sh->free_head = (unsigned int) (s - sh->slots);
	sh->nr_free++;
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
	left->tv_sec = ns / 1000000000LL;
	left->tv_nsec = ns % 1000000000LL;
	return true;
}

/* SQEs in the ring the kernel has not taken yet (never with SQPOLL). */
static unsigned int sq_pending(const struct uringx_shared *sh)
{
	const struct io_uring_sq *sq = &sh->ring->sq;

	if (sh->sqpoll)
		return 0;
	/* Acquire pairs with the kernel's release of the SQ head. */
	return sq->sqe_tail - io_uring_smp_load_acquire(sq->khead);
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
 * Wake the waiters that can go on now, and the first of the others, who
 * becomes the reaper if the place is free. Called with the lock held
 * whenever slots finish or free up or the reaper leaves.
 */
static void wake_waiters(struct uringx_shared *sh)
{
	bool handed = sh->reaping;
	struct waiter *w;

	/* Release pairs with the acquire in spin_for_progress(). */
	__atomic_fetch_add(&sh->epoch, 1, __ATOMIC_RELEASE);
	for (w = sh->waiters; w; w = w->next) {
		bool ready;

		if (w->slot)
			ready = w->slot->state == SLOT_DONE;
		else
			ready = sh->closed || sh->nr_free >= w->want_free;
		/* Only a sleeping waiter is listed, so its cond exists. */
		if (ready || !handed)
			pthread_cond_signal(&w->cond);
		if (!ready)
			handed = true;
	}
}

/*
 * The CQ head the kernel sees moves only while no reaper is inside
 * io_uring_enter(), or by the reaper itself. A reaper asleep there waits
 * for the tail to pass the head it entered with: if another thread sorted
 * the reaper's own CQE and moved the head past it, nothing would ever
 * wake it. With the head held back, the kernel sees those CQEs still
 * there and lets the reaper out at once.
 */
static void publish_cq_head(struct uringx_shared *sh)
{
	/* Release: the CQEs are read before the kernel may reuse them. */
	io_uring_smp_store_release(sh->ring->cq.khead, sh->cq_head);
}

static bool cq_unsorted(const struct uringx_shared *sh)
{
	/* Acquire pairs with the kernel's release of the CQ tail. */
	return io_uring_smp_load_acquire(sh->ring->cq.ktail) != sh->cq_head;
}

/*
 * Move every CQE in the ring into its slot. Slots with a callback are
 * chained on *cbs for the caller to run once the lock is dropped. Any
 * thread may sort, with the lock held; see publish_cq_head() for who
 * moves the kernel's head.
 */
static unsigned int drain_cq(struct uringx_shared *sh, unsigned int *cbs,
			     bool reaper)
{
	struct io_uring *ring = sh->ring;
	unsigned int head, tail, shift, n = 0;

	shift = io_uring_cqe_shift(ring);
	head = sh->cq_head;
	/* Acquire pairs with the kernel's release of the CQ tail. */
	tail = io_uring_smp_load_acquire(ring->cq.ktail);
	while (head != tail) {
		struct io_uring_cqe *cqe;
		struct slot *s;

		cqe = &ring->cq.cqes[(head & ring->cq.ring_mask) << shift];
		head += io_uring_cqe_nr(cqe);
		if (cqe->flags & IORING_CQE_F_SKIP)
			continue;
		if (cqe->user_data == WAKE_UDATA) {
			sh->wake_pending = false;
			continue;
		}
		if (cqe->user_data == CANCEL_UDATA) {
			sh->cancels_pending--;
			continue;
		}
		s = slot_of(sh, cqe->user_data);
		if (!s || s->state != SLOT_INFLIGHT ||
		    (cqe->flags & IORING_CQE_F_MORE)) {
			/* Not ours, or a multishot's early CQE: refused. */
			sh->stats.stray++;
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
		s->state = SLOT_DONE;
		/* Release pairs with the acquire in spin_for_progress(). */
		if (s->waiter)
			__atomic_fetch_add(&s->waiter->hits, 1,
					   __ATOMIC_RELEASE);
		sh->inflight--;
		sh->stats.cqes++;
		n++;
		if (s->cb) {
			s->next = *cbs;
			*cbs = (unsigned int) (s - sh->slots);
		}
	}
	sh->cq_head = head;
	if (reaper || !sh->reaping)
		publish_cq_head(sh);
	return n;
}

/* Run the callbacks drain_cq() chained; drops and retakes the lock. */
static void run_callbacks(struct uringx_shared *sh, unsigned int cbs)
{
	while (cbs != NO_SLOT) {
		struct slot *s = &sh->slots[cbs];
		struct uringx_completion c = s->done;
		uringx_shared_cb cb = s->cb;
		void *arg = s->cb_arg;

		cbs = s->next;
		/* Freed first: the callback may queue the next request. */
		release_slot(sh, s);
		pthread_mutex_unlock(&sh->lock);
		cb(sh, &c, arg);
		pthread_mutex_lock(&sh->lock);
	}
	wake_waiters(sh);
}

/*
 * Enter to submit what is queued, until nothing is left, unless another
 * thread is already doing it: then it will see our SQEs when it goes
 * round again. Drops the lock while in the kernel.
 */
static int flush_sq(struct uringx_shared *sh)
{
	unsigned int n, cbs = NO_SLOT;
	int ret = 0, enters = 0;

	if (sh->submitting) {
		if (sq_pending(sh))
			sh->stats.combined++;
		return 0;
	}
	sh->submitting = true;
	while ((n = sq_pending(sh)) != 0) {
		/* Acquire pairs with the kernel's release of the SQ head. */
		if (sh->reaper_sq &&
		    (int) (sh->reaper_sq_end -
			   io_uring_smp_load_acquire(sh->ring->sq.khead)) > 0) {
			/* The kernel takes them at once, or the enter ends. */
			pthread_mutex_unlock(&sh->lock);
			sched_yield();
			pthread_mutex_lock(&sh->lock);
			continue;
		}
		pthread_mutex_unlock(&sh->lock);
		ret = enter(sh, n, 0, 0, NULL);
		pthread_mutex_lock(&sh->lock);
		sh->stats.enters++;
		sh->stats.submit_enters++;
		enters++;
		/* Out of resources: the next enter (a wait's) tries again. */
		if (ret < 0)
			break;
	}
	sh->submitting = false;
	/* NOPs and the like completed in the enter: sort them now. */
	if (enters) {
		drain_cq(sh, &cbs, false);
		run_callbacks(sh, cbs);
	}
	if (ret == -EAGAIN || ret == -EBUSY || ret == -EINTR)
		ret = 0;
	return ret < 0 ? ret : enters;
}

/*
 * Be the reaper once: submit what is queued, wait for a CQE (at most
 * until the deadline) and sort what came. Lock held on entry and return.
 */
static int reap_once(struct uringx_shared *sh, const struct timespec *dl)
{
	struct __kernel_timespec left, *ts = NULL;
	unsigned int to_submit, cbs = NO_SLOT;
	unsigned int flags = IORING_ENTER_GETEVENTS;
	int ret;

	if (dl) {
		if (!time_left(dl, &left))
			return -ETIME;
		ts = &left;
	}
	sh->reaping = true;
	publish_cq_head(sh);
	/*
	 * Two enters taking SQEs at once could split a chain: the kernel
	 * takes each enter's count from wherever the SQ head is. So with a
	 * submitter in the kernel the reaper submits nothing (the submitter
	 * goes round for what is left), and flush_sq() waits for the
	 * reaper's SQEs to be taken before it takes the rest.
	 */
	to_submit = sh->submitting ? 0 : sq_pending(sh);
	if (to_submit) {
		sh->reaper_sq = true;
		sh->reaper_sq_end = sh->ring->sq.sqe_tail;
	}
	if (sh->sqpoll && (IO_URING_READ_ONCE(*sh->ring->sq.kflags) &
			   IORING_SQ_NEED_WAKEUP))
		flags |= IORING_ENTER_SQ_WAKEUP;
	pthread_mutex_unlock(&sh->lock);
	ret = enter(sh, to_submit, 1, flags, ts);
	pthread_mutex_lock(&sh->lock);
	sh->reaper_sq = false;
	sh->stats.enters++;
	drain_cq(sh, &cbs, true);
	sh->reaping = false;
	/*
	 * Only a thread whose request is still to come needs to take over;
	 * when nothing is, the spinners would crowd the lock for nothing.
	 * Release pairs with the acquire in spin_for_progress().
	 */
	if (sh->inflight || sq_pending(sh))
		__atomic_fetch_add(&sh->reaper_gen, 1, __ATOMIC_RELEASE);
	run_callbacks(sh, cbs);
	if (ret >= 0 || ret == -EINTR || ret == -EAGAIN || ret == -EBUSY)
		return 0;
	return ret;
}

/*
 * Sleep on w until wake_waiters() says so or the deadline passes; w is
 * listed while asleep. Lock held on entry and return.
 */
static int sleep_on(struct uringx_shared *sh, struct waiter *w,
		    const struct timespec *dl)
{
	struct waiter **pp;
	int ret;

	if (!w->cond_made) {
		pthread_cond_init(&w->cond, &sh->cond_attr);
		w->cond_made = true;
	}
	w->next = sh->waiters;
	sh->waiters = w;
	if (dl)
		ret = pthread_cond_timedwait(&w->cond, &sh->lock, dl);
	else
		ret = pthread_cond_wait(&w->cond, &sh->lock);
	for (pp = &sh->waiters; *pp; pp = &(*pp)->next) {
		if (*pp == w) {
			*pp = w->next;
			break;
		}
	}
	return ret == ETIMEDOUT ? -ETIME : 0;
}

static void waiter_done(struct waiter *w)
{
	if (w->cond_made)
		pthread_cond_destroy(&w->cond);
}

/*
 * Waiting for the reaper costs a futex wake and a context switch when
 * the thread sleeps on its cond, far more than the reaper's round for
 * NOPs and other quick requests. So first watch, with the lock dropped,
 * for a bounded while: a thread waiting for requests watches their hits
 * and the reaper's leaving (it may have to take over), any other one
 * every change. True when something moved (the caller looks again under
 * the lock), false when the reaper is still in the kernel. Taking the
 * lock only then keeps the waiters from crowding it at every change.
 */
#define SPIN_ROUNDS	64
#define SPIN_RELAX	2

static unsigned int spin_mark(struct uringx_shared *sh, struct waiter *w)
{
	/* Acquire pairs with the releases in drain_cq() and reap_once(). */
	if (w->slot)
		return __atomic_load_n(&w->hits, __ATOMIC_ACQUIRE) +
		       __atomic_load_n(&sh->reaper_gen, __ATOMIC_ACQUIRE);
	/* Acquire pairs with the release in wake_waiters(). */
	return __atomic_load_n(&sh->epoch, __ATOMIC_ACQUIRE);
}

static bool spin_for_progress(struct uringx_shared *sh, struct waiter *w)
{
	unsigned int seen = spin_mark(sh, w);
	unsigned int i, j;
	bool moved = false;

	pthread_mutex_unlock(&sh->lock);
	for (i = 0; i < SPIN_ROUNDS && !moved; i++) {
		for (j = 0; j < SPIN_RELAX; j++) {
			if (spin_mark(sh, w) != seen) {
				moved = true;
				break;
			}
#if defined(__x86_64__) || defined(__i386__)
			__builtin_ia32_pause();
#endif
		}
		/* With more threads than CPUs the reaper may need ours. */
		if (!moved)
			sched_yield();
	}
	pthread_mutex_lock(&sh->lock);
	return moved;
}

/*
 * The thread's share of the work while its condition does not hold: be
 * the reaper, or sort what is there, or submit what is queued; sleep
 * only when there is nothing to do. The caller checks again after each.
 */
static int make_progress(struct uringx_shared *sh, struct waiter *w,
			 const struct timespec *dl)
{
	unsigned int cbs = NO_SLOT;
	int ret;

	/* CQEs already there need no system call, only sorting. */
	if (cq_unsorted(sh)) {
		drain_cq(sh, &cbs, false);
		run_callbacks(sh, cbs);
		return 0;
	}
	if (!sh->reaping)
		return reap_once(sh, dl);
	/*
	 * Our SQEs may be queued behind the reaper's enter: it or the next
	 * reaper submits them with its own, in one enter, unless it sleeps
	 * for a slow request; then we submit them ourselves below.
	 */
	if (spin_for_progress(sh, w))
		return 0;
	ret = flush_sq(sh);
	if (ret)
		return ret < 0 ? ret : 0;
	if (!sh->reaping)
		return 0;
	return sleep_on(sh, w, dl);
}

static void enter_call(struct uringx_shared *sh)
{
	pthread_mutex_lock(&sh->lock);
	sh->users++;
}

static void leave_call(struct uringx_shared *sh)
{
	if (!--sh->users && sh->freeing)
		pthread_cond_broadcast(&sh->idle);
	pthread_mutex_unlock(&sh->lock);
}

/*
 * The lock is held for a few hundred instructions at a time, while the
 * system calls are made with it dropped: a thread that finds it taken
 * does better to spin a little than to sleep in futex(2) and be woken.
 */
static void init_lock(pthread_mutex_t *lock)
{
	pthread_mutexattr_t attr;

	pthread_mutexattr_init(&attr);
#ifdef PTHREAD_MUTEX_ADAPTIVE_NP
	pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ADAPTIVE_NP);
#endif
	pthread_mutex_init(lock, &attr);
	pthread_mutexattr_destroy(&attr);
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

	sh = calloc(1, sizeof(*sh));
	if (!sh)
		return -ENOMEM;
	sh->slots = calloc(nr_slots, sizeof(*sh->slots));
	if (!sh->slots) {
		free(sh);
		return -ENOMEM;
	}
	sh->ring = ring;
	sh->fd = (unsigned int) ring->ring_fd;
	sh->enter_flags = ring_enter_flags(ring) & ~INT_FLAG_REG_RING;
	sh->sqpoll = ring->flags & IORING_SETUP_SQPOLL;
	sh->sqe_bytes = sizeof(struct io_uring_sqe) << io_uring_sqe_shift(ring);
	sh->nr_slots = nr_slots;
	sh->free_head = NO_SLOT;
	for (i = nr_slots; i-- > 0; ) {
		sh->slots[i].gen = 1;
		sh->slots[i].next = sh->free_head;
		sh->free_head = i;
	}
	sh->nr_free = nr_slots;
	init_lock(&sh->lock);
	pthread_condattr_init(&sh->cond_attr);
	pthread_condattr_setclock(&sh->cond_attr, CLOCK_MONOTONIC);
	pthread_cond_init(&sh->idle, NULL);
	/* The layer starts where the ring is; SQEs queued by hand go too. */
	ring->sq.sqe_head = ring->sq.sqe_tail;
	sh->magic = SHARED_MAGIC;
	*shp = sh;
	return 0;
}

int uringx_shared_get_sqes(struct uringx_shared *sh,
			   struct io_uring_sqe **sqes, __u64 *reqs,
			   unsigned int nr, const struct __kernel_timespec *ts)
{
	struct timespec dl, *dlp = NULL;
	struct waiter w = { .want_free = nr };
	unsigned int i;
	int ret = 0;

	if (!valid_shared(sh))
		return -EINVAL;
	if (!sqes || !reqs)
		return -EFAULT;
	if (!nr || nr > sh->nr_slots || nr > sh->ring->sq.ring_entries)
		return -EINVAL;
	if (ts && (ts->tv_sec < 0 || ts->tv_nsec < 0 ||
		   ts->tv_nsec >= 1000000000LL))
		return -EINVAL;
	enter_call(sh);
	while (!sh->closed && sh->nr_free < nr) {
		if (!ts) {
			ret = -EAGAIN;
			break;
		}
		/* The clock is read only when there is a wait. */
		if (!dlp) {
			deadline_of(ts, &dl);
			dlp = &dl;
		}
		ret = make_progress(sh, &w, dlp);
		if (ret == -ETIME)
			ret = -EAGAIN;
		if (ret < 0)
			break;
	}
	if (sh->closed)
		ret = -ESHUTDOWN;
	for (i = 0; !ret && i < nr; i++) {
		struct slot *s = &sh->slots[sh->free_head];

		sh->free_head = s->next;
		sh->nr_free--;
		s->state = SLOT_RESERVED;
		/* A constant size lets the compiler write it in line. */
		if (sh->sqe_bytes == sizeof(s->sqe[0]))
			memset(s->sqe, 0, sizeof(s->sqe[0]));
		else
			memset(s->sqe, 0, sizeof(s->sqe));
		sqes[i] = s->sqe;
		reqs[i] = slot_id(sh, s);
	}
	leave_call(sh);
	waiter_done(&w);
	return ret;
}

/*
 * Every handle names a reserved slot, once, and (for a submit) no
 * multishot request; or the first one's error. Each slot is marked
 * SLOT_CHECKED on the way, so a handle given twice finds it so; the
 * marks come off again whatever the outcome.
 */
static bool multishot(const struct io_uring_sqe *sqe);

static int check_reqs(struct uringx_shared *sh, const __u64 *reqs,
		      unsigned int nr, bool submitting)
{
	unsigned int i, j;
	int ret = 0;

	for (i = 0; i < nr; i++) {
		struct slot *s = slot_of(sh, reqs[i]);

		if (!s) {
			ret = -ENOENT;
			break;
		}
		if (s->state != SLOT_RESERVED ||
		    (submitting && multishot(s->sqe))) {
			ret = -EINVAL;
			break;
		}
		s->state = SLOT_CHECKED;
	}
	for (j = 0; j < i; j++)
		sh->slots[(reqs[j] & 0xffffffffU) - 1].state = SLOT_RESERVED;
	return ret;
}

/*
 * Reservations that can no longer be submitted (the layer is shut down):
 * given back as uringx_shared_unget() would, and the call fails.
 */
static int drop_reqs(struct uringx_shared *sh, const __u64 *reqs,
		     unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < nr; i++)
		release_slot(sh, slot_of(sh, reqs[i]));
	wake_waiters(sh);
	return -ESHUTDOWN;
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
	ret = check_reqs(sh, reqs, nr, false);
	for (i = 0; !ret && i < nr; i++)
		release_slot(sh, slot_of(sh, reqs[i]));
	if (!ret && nr)
		wake_waiters(sh);
	leave_call(sh);
	return ret;
}

int uringx_shared_set_callback(struct uringx_shared *sh, __u64 req,
			       uringx_shared_cb cb, void *arg)
{
	struct slot *s;
	int ret = 0;

	if (!valid_shared(sh))
		return -EINVAL;
	enter_call(sh);
	s = slot_of(sh, req);
	if (!s)
		ret = -ENOENT;
	else if (s->state != SLOT_RESERVED)
		ret = -EINVAL;	/* too late: a waiter or reaper may have it */
	else {
		s->cb = cb;
		s->cb_arg = arg;
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

/* Copy the slots' SQEs into the ring, in order. Lock held. */
static void publish(struct uringx_shared *sh, const __u64 *reqs,
		    unsigned int nr)
{
	struct io_uring_sq *sq = &sh->ring->sq;
	unsigned int shift = io_uring_sqe_shift(sh->ring);
	unsigned int tail = sq->sqe_tail, i;

	for (i = 0; i < nr; i++, tail++) {
		struct slot *s = slot_of(sh, reqs[i]);
		struct io_uring_sqe *sqe;

		sqe = &sq->sqes[(tail & sq->ring_mask) << shift];
		if (sh->sqe_bytes == sizeof(*sqe))
			memcpy(sqe, s->sqe, sizeof(*sqe));
		else
			memcpy(sqe, s->sqe, sizeof(s->sqe));
		s->user_data = s->sqe[0].user_data;
		sqe->user_data = reqs[i];
		s->state = SLOT_INFLIGHT;
	}
	sh->inflight += nr;
	sh->stats.sqes += nr;
	sq->sqe_tail = sq->sqe_head = tail;
	/* Release pairs with the kernel's acquire of the SQ tail. */
	io_uring_smp_store_release(sq->ktail, tail);
}

/* With SQPOLL: wake the SQ thread if it sleeps. Lock dropped inside. */
static void wake_sq_thread(struct uringx_shared *sh)
{
	/*
	 * Full barrier: orders the tail store in publish() before the
	 * flags load, against the SQ thread's setting NEED_WAKEUP before
	 * its last look at the tail (pairs with the kernel's smp_mb()).
	 */
	io_uring_smp_mb();
	if (!(IO_URING_READ_ONCE(*sh->ring->sq.kflags) &
	      IORING_SQ_NEED_WAKEUP))
		return;
	sh->stats.enters++;
	sh->stats.submit_enters++;
	pthread_mutex_unlock(&sh->lock);
	enter(sh, 0, 0, IORING_ENTER_SQ_WAKEUP, NULL);
	pthread_mutex_lock(&sh->lock);
}

/*
 * Room in the SQ for the whole chain, or it would be split across
 * enters. Lock held; dropped while entering or yielding.
 */
static int make_room(struct uringx_shared *sh, unsigned int nr,
		     unsigned int flags)
{
	int ret;

	while (sq_room(sh) < nr) {
		if (!sh->sqpoll) {
			ret = flush_sq(sh);
			if (ret < 0)
				return ret;
			if (sq_room(sh) >= nr)
				break;
			/* Another submitter has it: let it run. */
			pthread_mutex_unlock(&sh->lock);
			sched_yield();
			pthread_mutex_lock(&sh->lock);
			continue;
		}
		if (flags & URINGX_SUBMIT_NOWAIT)
			return -EAGAIN;
		pthread_mutex_unlock(&sh->lock);
		ret = enter(sh, 0, 0, IORING_ENTER_SQ_WAIT, NULL);
		pthread_mutex_lock(&sh->lock);
		sh->stats.enters++;
		if (ret < 0)
			return ret;
	}
	return 0;
}

int uringx_shared_submit(struct uringx_shared *sh, const __u64 *reqs,
			 unsigned int nr, unsigned int flags)
{
	int ret;

	if (!valid_shared(sh))
		return -EINVAL;
	if (!reqs)
		return -EFAULT;
	if (!nr || nr > sh->ring->sq.ring_entries ||
	    (flags & ~(URINGX_SUBMIT_LAZY | URINGX_SUBMIT_NOWAIT)))
		return -EINVAL;
	enter_call(sh);
	ret = check_reqs(sh, reqs, nr, true);
	if (ret)
		goto out;
	if (sh->closed) {
		ret = drop_reqs(sh, reqs, nr);
		goto out;
	}
	ret = make_room(sh, nr, flags);
	if (ret)
		goto out;
	publish(sh, reqs, nr);
	if (sh->sqpoll)
		wake_sq_thread(sh);
	else if (!(flags & URINGX_SUBMIT_LAZY) || sh->reaping)
		ret = flush_sq(sh);
	if (ret > 0)
		ret = 0;
out:
	leave_call(sh);
	return ret;
}

int uringx_shared_wait(struct uringx_shared *sh, __u64 req,
		       struct uringx_completion *c,
		       const struct __kernel_timespec *ts)
{
	struct timespec dl, *dlp = NULL;
	struct waiter w;
	struct slot *s;
	int ret = 0;

	if (!valid_shared(sh))
		return -EINVAL;
	if (!c)
		return -EFAULT;
	if (ts && (ts->tv_sec < 0 || ts->tv_nsec < 0 ||
		   ts->tv_nsec >= 1000000000LL))
		return -EINVAL;
	enter_call(sh);
	s = slot_of(sh, req);
	if (!s) {
		ret = -ENOENT;
		goto out;
	}
	if (s->state == SLOT_RESERVED || s->cb) {
		ret = -EINVAL;	/* never submitted, or a callback gets it */
		goto out;
	}
	if (s->waiter) {
		ret = -EBUSY;	/* another thread waits for it already */
		goto out;
	}
	/* Filled here, not zeroed whole: the cond is made only to sleep. */
	w.cond_made = false;
	w.want_free = 0;
	w.hits = 0;
	w.slot = s;
	s->waiter = &w;
	while (s->state != SLOT_DONE) {
		if (ts && !dlp) {
			deadline_of(ts, &dl);
			dlp = &dl;
		}
		ret = make_progress(sh, &w, dlp);
		if (ret < 0)
			break;
	}
	s->waiter = NULL;
	if (s->state == SLOT_DONE) {
		*c = s->done;
		release_slot(sh, s);
		wake_waiters(sh);
		ret = 0;
	} else if (!sh->reaping) {
		/* Leaving: someone else may have to reap. */
		wake_waiters(sh);
	}
	waiter_done(&w);
out:
	leave_call(sh);
	return ret;
}

/*
 * Submit and wait in one call, under one hold of the lock: the slots go
 * into the ring, and a thread that finds no reaper enters once both to
 * submit (its SQEs and whatever others queued) and to wait. Each request
 * is marked as waited for, so uringx_shared_wait() on it says -EBUSY
 * until this returns. On an error after the SQEs went in, every request
 * stays as it is, to be waited for one by one.
 */
int uringx_shared_submit_and_wait(struct uringx_shared *sh, const __u64 *reqs,
				  unsigned int nr, struct uringx_completion *cs,
				  const struct __kernel_timespec *ts)
{
	struct timespec dl, *dlp = NULL;
	struct waiter w;
	unsigned int i, done;
	int ret;

	if (!valid_shared(sh))
		return -EINVAL;
	if (!reqs || !cs)
		return -EFAULT;
	if (!nr || nr > sh->ring->sq.ring_entries)
		return -EINVAL;
	if (ts && (ts->tv_sec < 0 || ts->tv_nsec < 0 ||
		   ts->tv_nsec >= 1000000000LL))
		return -EINVAL;
	enter_call(sh);
	ret = check_reqs(sh, reqs, nr, true);
	if (ret)
		goto out;
	for (i = 0; i < nr; i++) {
		if (sh->slots[(reqs[i] & 0xffffffffU) - 1].cb) {
			ret = -EINVAL;	/* a callback gets this one */
			goto out;
		}
	}
	if (sh->closed) {
		ret = drop_reqs(sh, reqs, nr);
		goto out;
	}
	ret = make_room(sh, nr, 0);
	if (ret)
		goto out;
	publish(sh, reqs, nr);
	if (sh->sqpoll)
		wake_sq_thread(sh);
	w.cond_made = false;
	w.want_free = 0;
	w.hits = 0;
	w.slot = NULL;
	for (i = 0; i < nr; i++)
		sh->slots[(reqs[i] & 0xffffffffU) - 1].waiter = &w;
	done = 0;
	for (;;) {
		while (done < nr &&
		       sh->slots[(reqs[done] & 0xffffffffU) - 1].state ==
		       SLOT_DONE)
			done++;
		if (done == nr)
			break;
		/* What wake_waiters() looks at: the first one not done. */
		w.slot = &sh->slots[(reqs[done] & 0xffffffffU) - 1];
		if (ts && !dlp) {
			deadline_of(ts, &dl);
			dlp = &dl;
		}
		ret = make_progress(sh, &w, dlp);
		if (ret < 0)
			break;
	}
	for (i = 0; i < nr; i++) {
		struct slot *s = &sh->slots[(reqs[i] & 0xffffffffU) - 1];

		s->waiter = NULL;
		if (done == nr) {
			cs[i] = s->done;
			release_slot(sh, s);
		}
	}
	if (done == nr)
		ret = 0;
	if (done == nr || !sh->reaping)
		wake_waiters(sh);
	waiter_done(&w);
out:
	leave_call(sh);
	return ret;
}

int uringx_shared_dispatch(struct uringx_shared *sh,
			   const struct __kernel_timespec *ts)
{
	struct timespec dl, *dlp = NULL;
	struct waiter w = { .want_free = SLOTS_MAX + 1 };
	__u64 before;
	int ret = 0;

	if (!valid_shared(sh))
		return -EINVAL;
	if (ts) {
		if (ts->tv_sec < 0 || ts->tv_nsec < 0 ||
		    ts->tv_nsec >= 1000000000LL)
			return -EINVAL;
		deadline_of(ts, &dl);
		dlp = &dl;
	}
	enter_call(sh);
	before = sh->stats.cqes;
	while (sh->stats.cqes == before) {
		if (sh->closed && !sh->inflight) {
			ret = -ESHUTDOWN;
			break;
		}
		ret = make_progress(sh, &w, dlp);
		if (ret < 0)
			break;
	}
	if (ret >= 0)
		ret = (int) (sh->stats.cqes - before);
	if (!sh->reaping)
		wake_waiters(sh);
	leave_call(sh);
	waiter_done(&w);
	return ret;
}

/*
 * A zeroed SQE of the layer's own at the SQ tail, or NULL when the SQ is
 * full; internal_sqe_commit() publishes it.
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

	sq->sqe_tail = sq->sqe_head = tail;
	/* Release pairs with the kernel's acquire of the SQ tail. */
	io_uring_smp_store_release(sq->ktail, tail);
}

/* A NOP the reaper wakes for, so a shutdown never waits on an idle ring. */
static void post_wake_nop(struct uringx_shared *sh)
{
	struct io_uring_sqe *sqe = internal_sqe(sh);

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
 * in flight, by the handle it carries on the wire. As many as the SQ
 * holds; the next round sends the rest.
 */
static void post_cancels(struct uringx_shared *sh)
{
	struct io_uring_sqe *sqe;
	unsigned int i;

	for (i = 0; i < sh->nr_slots; i++) {
		struct slot *s = &sh->slots[i];

		if (s->state != SLOT_INFLIGHT)
			continue;
		sqe = internal_sqe(sh);
		if (!sqe)
			break;
		sqe->opcode = IORING_OP_ASYNC_CANCEL;
		sqe->fd = -1;
		sqe->addr = slot_id(sh, s);
		sqe->user_data = CANCEL_UDATA;
		sh->cancels_pending++;
		internal_sqe_commit(sh);
	}
	if (sh->sqpoll)
		wake_sq_thread(sh);
	else
		flush_sq(sh);
}

int uringx_shared_shutdown(struct uringx_shared *sh)
{
	struct io_uring_sync_cancel_reg reg = {
		.flags = IORING_ASYNC_CANCEL_ANY,
		.timeout = { .tv_nsec = 100000000 },
	};
	struct waiter w = { .want_free = SLOTS_MAX + 1 };
	struct timespec dl;
	const struct __kernel_timespec round = { .tv_nsec = 100000000 };
	int ret = 0;

	if (!valid_shared(sh))
		return -EINVAL;
	enter_call(sh);
	if (sh->closed)
		goto out;
	sh->closed = true;
	post_wake_nop(sh);
	if (sh->sqpoll)
		wake_sq_thread(sh);
	else
		flush_sq(sh);
	/* Threads waiting for free slots give up now. */
	wake_waiters(sh);
	/*
	 * Ask the kernel to cancel what is in flight, and again every round
	 * in case a request was still on its way in; each requester gets
	 * -ECANCELED or the real result, whichever the kernel posts.
	 */
	while (sh->inflight || sh->wake_pending || sh->cancels_pending) {
		if (!sh->no_sync_cancel && sh->inflight) {
			pthread_mutex_unlock(&sh->lock);
			/* By the real fd: a registered index is per thread. */
			ret = __uringi_sys_register(sh->fd,
						    IORING_REGISTER_SYNC_CANCEL,
						    &reg, 1);
			pthread_mutex_lock(&sh->lock);
			sh->no_sync_cancel = ret == -EINVAL;
		}
		if (sh->no_sync_cancel && sh->inflight)
			post_cancels(sh);
		deadline_of(&round, &dl);
		while (sh->inflight || sh->wake_pending ||
		       sh->cancels_pending) {
			ret = make_progress(sh, &w, &dl);
			if (ret == -ETIME)
				break;
			if (ret < 0)
				goto out;
		}
	}
	ret = 0;
out:
	leave_call(sh);
	waiter_done(&w);
	return ret;
}

int uringx_shared_free(struct uringx_shared *sh)
{
	int ret;

	ret = uringx_shared_shutdown(sh);
	if (ret == -EINVAL)
		return ret;
	pthread_mutex_lock(&sh->lock);
	/* Threads still inside a call are on their way out: let them go. */
	sh->freeing = true;
	wake_waiters(sh);
	while (sh->users)
		pthread_cond_wait(&sh->idle, &sh->lock);
	sh->magic = 0;
	pthread_mutex_unlock(&sh->lock);
	pthread_mutex_destroy(&sh->lock);
	pthread_cond_destroy(&sh->idle);
	pthread_condattr_destroy(&sh->cond_attr);
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
	pthread_mutex_lock(&sh->lock);
	*st = sh->stats;
	pthread_mutex_unlock(&sh->lock);
	return 0;
}
