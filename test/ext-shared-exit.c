/* SPDX-License-Identifier: MIT */
/*
 * uringx_shared and threads that exit. The kernel cancels what a thread
 * submitted and left in the kernel when it exits; through a shared ring a
 * thread enters for other threads' requests too. Here a thread submits
 * its NOP and, with it, the main thread's read of an empty pipe, then
 * exits: its exit waits for that read, which gets its data when the pipe
 * is written while the thread is still on its way out. Then the bound:
 * a carried read that never completes holds the exit back about a
 * second, no more, and then completes (with -ECANCELED, or its data on
 * a kernel that keeps it) instead of waiting forever. A thread that only
 * waits carries nothing and exits at once; so does one on an SQPOLL ring.
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "shared-util.h"

static struct uringx_shared *sh;
/* When the last thread ended its start routine: its exit begins there. */
static _Atomic double returned_at;

/*
 * A thread's exit that waits for what it carries takes the full second
 * when that never completes; one that does not wait takes a fraction of
 * it, however slow the machine.
 */
#define EXIT_WAITED	0.9

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

/* Submits (entering: not lazy) one NOP and waits for it. */
static void *nop_thread(void *arg)
{
	struct uringx_completion c;
	struct io_uring_sqe *sqe;
	__u64 req;

	(void) arg;
	t_eq(uringx_shared_get_sqes(sh, &sqe, &req, 1, NULL), 0);
	io_uring_prep_nop(sqe);
	io_uring_sqe_set_data64(sqe, 7);
	t_eq(uringx_shared_submit(sh, &req, 1, 0), 0);
	t_eq(uringx_shared_wait(sh, req, &c, NULL), 0);
	t_eq(c.user_data, 7);
	t_eq(c.res, 0);
	returned_at = now();
	return NULL;
}

/* A pipe, and the main thread's read of it, queued without entering. */
struct piped {
	int fd[2];
	char buf[16];
	__u64 req;
};

static void piped_read(struct piped *pp)
{
	struct io_uring_sqe *sqe;

	memset(pp, 0, sizeof(*pp));
	t_eq(pipe(pp->fd), 0);
	t_eq(uringx_shared_get_sqes(sh, &sqe, &pp->req, 1, NULL), 0);
	io_uring_prep_read(sqe, pp->fd[0], pp->buf, sizeof(pp->buf), 0);
	io_uring_sqe_set_data64(sqe, 42);
	t_eq(uringx_shared_submit(sh, &pp->req, 1, URINGX_SUBMIT_LAZY), 0);
}

/* Write the pipe, then wait for the read (within 5 s): its result. */
static int piped_result(struct piped *pp, const char *msg)
{
	const struct __kernel_timespec five = { .tv_sec = 5 };
	int len = (int) strlen(msg);
	struct uringx_completion c;

	t_eq(write(pp->fd[1], msg, len), len);
	t_eq(uringx_shared_wait(sh, pp->req, &c, &five), 0);
	t_eq(c.user_data, 42);
	if (c.res == len)
		t_assert(!memcmp(pp->buf, msg, len), "read %.*s", len,
			 pp->buf);
	close(pp->fd[0]);
	close(pp->fd[1]);
	return c.res;
}

/* Waits for a request somebody else submitted: never enters to submit. */
static void *wait_thread(void *arg)
{
	struct uringx_completion c;

	t_eq(uringx_shared_wait(sh, ((struct piped *) arg)->req, &c, NULL), 0);
	t_eq(c.res, 6);
	returned_at = now();
	return NULL;
}

static void carried_read(void)
{
	struct piped pp;
	pthread_t th;

	piped_read(&pp);
	t_eq(pthread_create(&th, NULL, nop_thread, NULL), 0);
	/* It has submitted both and returned; its exit waits for the read. */
	usleep(100000);
	t_eq(pthread_tryjoin_np(th, NULL), EBUSY);
	t_eq(piped_result(&pp, "carried"), 7);
	t_eq(pthread_join(th, NULL), 0);
}

static void bounded_exit(void)
{
	struct piped pp;
	pthread_t th;
	double took;
	int res;

	piped_read(&pp);
	t_eq(pthread_create(&th, NULL, nop_thread, NULL), 0);
	t_eq(pthread_join(th, NULL), 0);
	took = now() - returned_at;
	/* About a second; generous for a slow machine, never forever. */
	t_assert(took >= EXIT_WAITED && took < 30, "exit took %.3f s", took);
	res = piped_result(&pp, "late");
	t_assert(res == -ECANCELED || res == 4, "res %d", res);
}

static void waiter_exits_at_once(void)
{
	struct uringx_completion c;
	struct piped pp;
	pthread_t th;

	/* This thread enters for the read; the other one only waits. */
	piped_read(&pp);
	nop_thread(NULL);
	t_eq(pthread_create(&th, NULL, wait_thread, &pp), 0);
	usleep(20000);
	t_eq(write(pp.fd[1], "waited", 6), 6);
	t_eq(pthread_join(th, NULL), 0);
	t_assert(now() - returned_at < EXIT_WAITED,
		 "waiter's exit took %.3f s", now() - returned_at);
	t_assert(!memcmp(pp.buf, "waited", 6), "read %.6s", pp.buf);
	/* The handle was the waiter's to use; it is spent. */
	t_eq(uringx_shared_wait(sh, pp.req, &c, NULL), -ENOENT);
	close(pp.fd[0]);
	close(pp.fd[1]);
}

static void sqpoll_exits_at_once(void)
{
	struct io_uring_params p = { .flags = IORING_SETUP_SQPOLL,
				     .sq_thread_idle = 100 };
	struct io_uring ring;
	struct piped pp;
	pthread_t th;
	int ret;

	ret = io_uring_queue_init_params(8, &ring, &p);
	if (ret) {
		/* Not a failure: the first part ran without SQPOLL. */
		t_assert(ret == -EINVAL || ret == -EPERM, "sqpoll: %d", ret);
		return;
	}
	t_eq(uringx_shared_new(&ring, 0, 0, &sh), 0);
	piped_read(&pp);
	t_eq(pthread_create(&th, NULL, nop_thread, NULL), 0);
	t_eq(pthread_join(th, NULL), 0);
	/* The kernel's SQ thread submitted both: nothing to wait for. */
	t_assert(now() - returned_at < EXIT_WAITED, "exit took %.3f s",
		 now() - returned_at);
	t_eq(piped_result(&pp, "sqpoll"), 6);
	t_eq(uringx_shared_free(sh), 0);
	io_uring_queue_exit(&ring);
}

int main(void)
{
	struct io_uring ring;

	t_ring_init(&ring, 8, 0);
	t_shared_new(&ring, 0, 0, &sh);
	carried_read();
	bounded_exit();
	waiter_exits_at_once();
	t_eq(uringx_shared_free(sh), 0);
	io_uring_queue_exit(&ring);
	sqpoll_exits_at_once();
	return T_PASS;
}
