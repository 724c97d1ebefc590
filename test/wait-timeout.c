/* SPDX-License-Identifier: MIT */
/*
 * Timed waits end in -ETIME after (not before) their timeout, and a signal
 * during a wait with a sigmask behaves as with pselect(2): blocked by the
 * mask, it does not interrupt; unblocked by it, the wait ends in -EINTR.
 * Both with IORING_FEAT_EXT_ARG and on the path for kernels without it,
 * where the library queues a timeout request of its own: its completion
 * must never reach the application.
 */
#include <sys/time.h>

#include "mode-util.h"

#define TIMEOUT_MS	60

static volatile sig_atomic_t got_signal;

static void on_alarm(int sig)
{
	(void) sig;
	got_signal++;
}

/* SIGALRM in delay_ms; the process keeps it blocked outside waits. */
static void arm_alarm(long delay_ms)
{
	struct itimerval it = {
		.it_value = { .tv_sec = 0, .tv_usec = delay_ms * 1000 },
	};

	t_assert(!setitimer(ITIMER_REAL, &it, NULL), "setitimer");
}

/* Elapsed time of a wait that must have run its full timeout. */
#define check_timed_out(start, ms)					\
	do {								\
		long long took_ = t_now_us() - (start);			\
		t_assert(took_ >= (ms) * 1000LL - 1000 &&		\
			 took_ < (ms) * 1000LL + 1000000,		\
			 "timed out after %lld us", took_);		\
	} while (0)

static void timeouts(struct io_uring *ring)
{
	struct __kernel_timespec ts = t_ts_ms(TIMEOUT_MS);
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	long long start;
	int fds[2];
	char buf[8];
	int ret;

	/* Empty ring. */
	start = t_now_us();
	t_eq(io_uring_wait_cqe_timeout(ring, &cqe, &ts), -ETIME);
	check_timed_out(start, TIMEOUT_MS);

	/*
	 * Two of the four wanted: the kernel waits out the timeout, then
	 * reports success because the CQ is not empty.
	 */
	t_queue_nop(ring, 1);
	t_queue_nop(ring, 2);
	t_eq(io_uring_submit(ring), 2);
	start = t_now_us();
	t_eq(io_uring_wait_cqes(ring, &cqe, 4, &ts, NULL), 0);
	check_timed_out(start, TIMEOUT_MS);
	t_check_cqe(cqe, 1, 0, 0);
	t_reap(ring, 1, 0);
	t_reap(ring, 2, 0);
	/*
	 * Without EXT_ARG the library's expired timeout request is behind
	 * them; a peek consumes it without showing it.
	 */
	t_eq(io_uring_peek_cqe(ring, &cqe), -EAGAIN);
	t_eq(io_uring_cq_ready(ring), 0);

	/* Submitted but never completing: still -ETIME, not a count. */
	t_assert(pipe(fds) == 0, "pipe");
	sqe = io_uring_get_sqe(ring);
	io_uring_prep_rw(IORING_OP_READ, sqe, fds[0], buf, sizeof(buf), 0);
	io_uring_sqe_set_data64(sqe, 3);
	start = t_now_us();
	cqe = (struct io_uring_cqe *) 1;
	ret = io_uring_submit_and_wait_timeout(ring, &cqe, 1, &ts, NULL);
	/* README: 2.15 returns the submitted count here, not -ETIME. */
	if (!t_peer_library())
		t_eq(ret, -ETIME);
	t_assert(cqe == NULL, "cqe set on timeout");
	check_timed_out(start, TIMEOUT_MS);
	t_eq(io_uring_sq_ready(ring), 0);
	t_eq(write(fds[1], "x", 1), 1);
	t_expect_cqe(ring, 3, 1, 0, 5000);
	close(fds[0]);
	close(fds[1]);

	/* A zero timeout is a poll. */
	ts = t_ts_ms(0);
	t_eq(io_uring_wait_cqe_timeout(ring, &cqe, &ts), -ETIME);
	t_queue_nop(ring, 4);
	t_eq(io_uring_submit(ring), 1);
	t_eq(io_uring_wait_cqe_timeout(ring, &cqe, &ts), 0);
	t_check_cqe(cqe, 4, 0, 0);
	io_uring_cqe_seen(ring, cqe);
	/*
	 * Four wanted, two posted, zero timeout: without EXT_ARG the
	 * library's timeout request expires before the library enters to
	 * wait, so the kernel's wait does not end on it, and its CQE makes
	 * three, not four. The wait must end all the same.
	 */
	t_queue_nop(ring, 5);
	t_queue_nop(ring, 6);
	t_eq(io_uring_submit(ring), 2);
	t_eq(io_uring_wait_cqes(ring, &cqe, 4, &ts, NULL), 0);
	t_check_cqe(cqe, 5, 0, 0);
	t_reap(ring, 5, 0);
	t_reap(ring, 6, 0);

	/* Nothing of the library's own showed up. */
	t_expect_no_cqe(ring, 20);
	t_eq(io_uring_cq_ready(ring), 0);
}

static void signals(struct io_uring *ring)
{
	struct __kernel_timespec ts = t_ts_ms(TIMEOUT_MS * 3);
	struct io_uring_cqe *cqe;
	sigset_t blocked, unblocked;
	long long start;
	int ret;

	sigemptyset(&unblocked);
	sigemptyset(&blocked);
	sigaddset(&blocked, SIGALRM);

	/* The mask for the wait keeps SIGALRM blocked: no interruption. */
	got_signal = 0;
	start = t_now_us();
	arm_alarm(TIMEOUT_MS);
	ret = io_uring_wait_cqes(ring, &cqe, 1, &ts, &blocked);
	t_eq(ret, -ETIME);
	check_timed_out(start, TIMEOUT_MS * 3);
	t_eq(got_signal, 0);
	/* It stayed pending; let it in now. */
	sigprocmask(SIG_UNBLOCK, &blocked, NULL);
	t_eq(got_signal, 1);
	sigprocmask(SIG_BLOCK, &blocked, NULL);

	/*
	 * Valgrind (3.19) does not know that io_uring_enter() swaps in the
	 * wait's mask: a signal that mask lets in trips an assertion in it.
	 */
	if (t_under_valgrind()) {
		printf("note: no signal during a wait under valgrind\n");
		goto after;
	}

	/* The mask for the wait unblocks it: -EINTR, handler ran. */
	got_signal = 0;
	start = t_now_us();
	arm_alarm(TIMEOUT_MS);
	ret = io_uring_wait_cqes(ring, &cqe, 1, &ts, &unblocked);
	t_eq(ret, -EINTR);
	t_eq(got_signal, 1);
	t_assert(t_now_us() - start < TIMEOUT_MS * 3 * 1000,
		 "interrupted only at the timeout");

	/* Same for a wait without a timeout. */
	got_signal = 0;
	arm_alarm(TIMEOUT_MS);
	ret = io_uring_wait_cqes(ring, &cqe, 1, NULL, &unblocked);
	t_eq(ret, -EINTR);
	t_eq(got_signal, 1);

after:
	/* A CQE still arrives after all that. */
	t_queue_nop(ring, 9);
	t_eq(io_uring_submit(ring), 1);
	t_eq(io_uring_wait_cqes(ring, &cqe, 1, &ts, &unblocked), 0);
	t_check_cqe(cqe, 9, 0, 0);
	io_uring_cqe_seen(ring, cqe);
}

static void run(unsigned int flags, bool ext_arg)
{
	struct io_uring ring;

	/* README: 2.15's fallback returns counts, timeouts outlive waits. */
	if (!ext_arg && t_peer_library())
		return;
	t_ring_init(&ring, 8, flags);
	if (!ext_arg)
		ring.features &= ~IORING_FEAT_EXT_ARG;
	else if (!(ring.features & IORING_FEAT_EXT_ARG))
		t_skip("no IORING_FEAT_EXT_ARG (Linux 5.11)");

	timeouts(&ring);
	signals(&ring);
	t_roundtrip(&ring, true);

	if (!ext_arg) {
		/*
		 * A timed wait here is two enters: one submits the
		 * library's timeout request, the next waits. With
		 * DEFER_TASKRUN one more comes first: it has completions
		 * still kept as task work posted before the timeout is
		 * armed. The wait itself is skipped when the timeout's
		 * CQE is already there (a slow machine, 1 ms).
		 */
		unsigned long most = flags & IORING_SETUP_DEFER_TASKRUN ? 3 : 2;

		t_enter_reset();
		t_expect_no_cqe(&ring, 1);
		if (t_enter_counted())
			t_assert(t_enter_calls == most ||
				 t_enter_calls == most - 1,
				 "%lu enters for a timed wait", t_enter_calls);
		t_eq(io_uring_sq_ready(&ring), 0);
	}
	io_uring_queue_exit(&ring);
}

int main(void)
{
	struct sigaction sa;
	sigset_t set;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;	/* no SA_RESTART */
	sigaction(SIGALRM, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, SIGALRM);
	sigprocmask(SIG_BLOCK, &set, NULL);

	run(0, true);
	run(0, false);
	run(IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN, true);
	run(IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN, false);
	return T_PASS;
}
