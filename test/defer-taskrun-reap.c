/* SPDX-License-Identifier: MIT */
/*
 * When the library reaps completions on a SINGLE_ISSUER | DEFER_TASKRUN
 * ring. Deferred work runs only inside an io_uring_enter() that asks for
 * completions (IORING_ENTER_GETEVENTS). As with liburing 2.15, the
 * library asks for them when it waits, when the kernel flags pending work
 * or overflow, and for IOPOLL rings; a plain io_uring_submit() or a peek
 * at an empty CQ does not. So work that piles up before a wait is run by
 * that wait, all at once, and a thread other than the submitter can peek
 * without the kernel refusing it (-EEXIST).
 */
#include <poll.h>
#include <pthread.h>

#include "mode-util.h"

static void *peek_from_other_thread(void *arg)
{
	struct io_uring *ring = arg;
	struct io_uring_cqe *cqe = (struct io_uring_cqe *) 1;

	return (void *) (long) io_uring_peek_cqe(ring, &cqe);
}

static void write_byte(int fd)
{
	char c = 'x';

	t_eq(write(fd, &c, 1), 1);
}

int main(void)
{
	struct io_uring_cqe *cqe;
	struct io_uring_sqe *sqe;
	struct io_uring ring;
	struct io_uring_params p;
	pthread_t thread;
	void *thread_ret;
	int fds[2], ret, events;

	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN;
	ret = io_uring_queue_init_params(8, &ring, &p);
	if (ret == -EINVAL)
		t_skip("no IORING_SETUP_DEFER_TASKRUN (Linux 6.1)");
	t_eq(ret, 0);
	t_assert(pipe(fds) == 0, "pipe");

	/* Submitting alone does not ask for completions. */
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_poll_multishot(sqe, fds[0], POLLIN);
	io_uring_sqe_set_data64(sqe, 1);
	t_enter_reset();
	t_eq(io_uring_submit(&ring), 1);
	if (t_enter_counted()) {
		t_eq(t_enter_calls, 1);
		t_assert(!(t_enter_last_flags & IORING_ENTER_GETEVENTS),
			 "submit passed GETEVENTS (flags 0x%x)",
			 t_enter_last_flags);
	}

	/* Nor does submit_and_wait(0); submit_and_get_events() does. */
	t_queue_nop(&ring, 2);
	t_enter_reset();
	t_eq(io_uring_submit_and_wait(&ring, 0), 1);
	if (t_enter_counted())
		t_assert(!(t_enter_last_flags & IORING_ENTER_GETEVENTS),
			 "submit_and_wait(0) passed GETEVENTS");
	t_eq(io_uring_submit_and_get_events(&ring), 0);
	if (t_enter_counted())
		t_assert(t_enter_last_flags & IORING_ENTER_GETEVENTS,
			 "submit_and_get_events without GETEVENTS");
	t_reap(&ring, 2, 0);

	/*
	 * An empty CQ, peeked from a thread that is not the submitter: no
	 * enter, so no -EEXIST, just nothing there.
	 */
	t_eq(io_uring_cq_ready(&ring), 0);
	t_assert(pthread_create(&thread, NULL, peek_from_other_thread,
				&ring) == 0, "pthread_create");
	t_assert(pthread_join(thread, &thread_ret) == 0, "pthread_join");
	t_eq((long) thread_ret, -EAGAIN);

	/* And from the submitter itself: -EAGAIN without entering. */
	t_enter_reset();
	t_eq(io_uring_peek_cqe(&ring, &cqe), -EAGAIN);
	if (t_enter_counted())
		t_eq(t_enter_calls, 0);

	/*
	 * Two wakeups of the multishot poll with a submit after each. The
	 * submits leave the deferred work alone, so it runs once, in the
	 * wait, and sees both wakeups as one: a single CQE, as liburing
	 * gives. (A submit that reaped would have posted one CQE per
	 * wakeup.) Peeking then finds nothing more, without entering.
	 */
	write_byte(fds[1]);
	t_eq(io_uring_submit(&ring), 0);
	write_byte(fds[1]);
	t_eq(io_uring_submit(&ring), 0);
	t_eq(io_uring_cq_ready(&ring), 0);
	t_enter_reset();
	t_eq(io_uring_wait_cqe(&ring, &cqe), 0);
	if (t_enter_counted())
		t_eq(t_enter_calls, 1);
	events = 0;
	do {
		t_check_cqe(cqe, 1, POLLIN, IORING_CQE_F_MORE);
		io_uring_cqe_seen(&ring, cqe);
		events++;
	} while (io_uring_peek_cqe(&ring, &cqe) == 0);
	if (t_enter_counted())
		t_eq(t_enter_calls, 1);
	t_eq(events, 1);

	close(fds[1]);
	close(fds[0]);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
