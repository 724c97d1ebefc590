/* SPDX-License-Identifier: MIT */
/*
 * uringx_shared: 8 threads x 100k requests (NOPs and file reads, single and
 * in linked chains, submitted eagerly and lazily) through one ring; each
 * thread checks that every one of its completions comes back to it, once,
 * with its own user_data and the right result and data. Then 4 threads
 * submit with callbacks that a dispatcher thread runs, each exactly once,
 * and two threads waiting for one handle: the second gets -EBUSY.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#include "shared-util.h"

#define THREADS		8
#define PER_THREAD	100000
#define FILE_SIZE	65536
#define READ_LEN	64
#define CB_THREADS	4
#define CB_PER_THREAD	20000

static struct uringx_shared *sh;
static int file_fd;

static unsigned char pattern(unsigned int off)
{
	return (unsigned char) (off * 7 + (off >> 8));
}

static void *worker(void *arg)
{
	unsigned long tid = (unsigned long) arg;
	unsigned char bufs[4][READ_LEN];
	unsigned int done = 0, round = 0;
	struct uringx_completion c;
	struct io_uring_sqe *sqes[4];
	__u64 reqs[4], uds[4];
	unsigned int offs[4];
	bool is_read[4];

	while (done < PER_THREAD) {
		unsigned int nr = 1 + round % 4, i;
		bool link = round % 3 == 0;
		int ret;

		if (nr > PER_THREAD - done)
			nr = PER_THREAD - done;
		ret = uringx_shared_get_sqes(sh, sqes, reqs, nr,
			&(struct __kernel_timespec) { .tv_sec = 10 });
		if (ret)
			t_fail("thread %lu: get_sqes: %d", tid, ret);
		for (i = 0; i < nr; i++) {
			is_read[i] = (round + i) % 2;
			offs[i] = ((tid * 977 + done + i) * READ_LEN) %
				  FILE_SIZE;
			if (is_read[i])
				io_uring_prep_read(sqes[i], file_fd, bufs[i],
						   READ_LEN, offs[i]);
			else
				io_uring_prep_nop(sqes[i]);
			uds[i] = (tid << 48) | (done + i);
			io_uring_sqe_set_data64(sqes[i], uds[i]);
			if (link && i + 1 < nr)
				sqes[i]->flags |= IOSQE_IO_LINK;
		}
		ret = uringx_shared_submit(sh, reqs, nr,
					   round % 2 ? URINGX_SUBMIT_LAZY : 0);
		if (ret)
			t_fail("thread %lu: submit: %d", tid, ret);
		/* Waited for in reverse order half the time. */
		for (i = 0; i < nr; i++) {
			unsigned int k = round % 2 ? nr - 1 - i : i;

			ret = uringx_shared_wait(sh, reqs[k], &c, NULL);
			if (ret)
				t_fail("thread %lu: wait: %d", tid, ret);
			if (c.user_data != uds[k] || c.flags ||
			    c.res != (is_read[k] ? READ_LEN : 0))
				t_fail("thread %lu: ud %llx res %d flags %x, want %llx",
				       tid, (unsigned long long) c.user_data,
				       c.res, c.flags,
				       (unsigned long long) uds[k]);
			if (is_read[k]) {
				unsigned int j;

				for (j = 0; j < READ_LEN; j++)
					if (bufs[k][j] != pattern(offs[k] + j))
						t_fail("thread %lu: data at %u",
						       tid, offs[k] + j);
			}
			/* A handle is good for one wait only. */
			if (round % 1000 == 0)
				t_eq(uringx_shared_wait(sh, reqs[k], &c, NULL),
				     -ENOENT);
		}
		done += nr;
		round++;
	}
	return NULL;
}

static atomic_uint cb_seen[CB_THREADS * CB_PER_THREAD];
static atomic_uint cb_total;

static void on_done(struct uringx_shared *s, const struct uringx_completion *c,
		    void *arg)
{
	unsigned long idx = (unsigned long) arg;

	if (s != sh || c->user_data != idx + 1 || c->res || c->flags)
		t_fail("callback %lu: ud %llu res %d flags %x", idx,
		       (unsigned long long) c->user_data, c->res, c->flags);
	atomic_fetch_add(&cb_seen[idx], 1);
	atomic_fetch_add(&cb_total, 1);
}

static void *cb_worker(void *arg)
{
	unsigned long tid = (unsigned long) arg, i;

	for (i = 0; i < CB_PER_THREAD; i++) {
		unsigned long idx = tid * CB_PER_THREAD + i;
		struct io_uring_sqe *sqe;
		__u64 req;
		int ret;

		ret = uringx_shared_get_sqes(sh, &sqe, &req, 1,
			&(struct __kernel_timespec) { .tv_sec = 10 });
		if (ret)
			t_fail("cb thread %lu: get_sqes: %d", tid, ret);
		io_uring_prep_nop(sqe);
		io_uring_sqe_set_data64(sqe, idx + 1);
		t_eq(uringx_shared_set_callback(sh, req, on_done,
						(void *) idx), 0);
		ret = uringx_shared_submit(sh, &req, 1, 0);
		if (ret)
			t_fail("cb thread %lu: submit: %d", tid, ret);
	}
	return NULL;
}

static void *dispatcher(void *arg)
{
	unsigned int last = 0, idle_secs = 0;

	while (atomic_load(&cb_total) < CB_THREADS * CB_PER_THREAD) {
		int ret = uringx_shared_dispatch(sh,
			&(struct __kernel_timespec) { .tv_sec = 1 });

		/*
		 * The last callbacks may be running in the thread that
		 * collected them as this call starts: then nothing more
		 * comes and the wait ends in -ETIME. Ten seconds without a
		 * callback run is a failure.
		 */
		if (ret == -ETIME) {
			unsigned int now = atomic_load(&cb_total);

			if (now == last && ++idle_secs == 10)
				t_fail("dispatch: 10 s without a callback, "
				       "%u run", now);
			if (now != last)
				idle_secs = 0;
			last = now;
			continue;
		}
		if (ret < 0)
			t_fail("dispatch: %d", ret);
	}
	return NULL;
}

static __u64 busy_req;
static atomic_int busy_ret = 1;

static void *second_waiter(void *arg)
{
	struct uringx_completion c;

	atomic_store(&busy_ret, uringx_shared_wait(sh, busy_req, &c, NULL));
	return NULL;
}

static void make_file(void)
{
	char path[] = "/tmp/ext-shared-threads.XXXXXX";
	unsigned char *buf;
	unsigned int i;

	file_fd = mkstemp(path);
	t_assert(file_fd >= 0, "mkstemp: %d", errno);
	unlink(path);
	buf = malloc(FILE_SIZE);
	t_assert(buf, "malloc");
	for (i = 0; i < FILE_SIZE; i++)
		buf[i] = pattern(i);
	t_eq(pwrite(file_fd, buf, FILE_SIZE, 0), FILE_SIZE);
	free(buf);
}

int main(void)
{
	struct uringx_shared_stats st;
	pthread_t th[THREADS + 1];
	struct io_uring ring;
	struct uringx_completion c;
	struct io_uring_sqe *sqe;
	unsigned long i;
	int ret;

	make_file();
	t_ring_init(&ring, 64, 0);
	t_shared_new(&ring, 0, 0, &sh);

	for (i = 0; i < THREADS; i++)
		t_eq(pthread_create(&th[i], NULL, worker, (void *) i), 0);
	for (i = 0; i < THREADS; i++)
		t_eq(pthread_join(th[i], NULL), 0);
	t_eq(uringx_shared_get_stats(sh, &st), 0);
	t_eq(st.sqes, THREADS * PER_THREAD);
	t_eq(st.cqes, THREADS * PER_THREAD);
	t_eq(st.stray, 0);
	t_assert(st.enters <= st.sqes, "%llu enters", st.enters);
	printf("threads: %d x %d requests, %llu enters (%.3f per request), "
	       "%llu submits combined\n", THREADS, PER_THREAD,
	       (unsigned long long) st.enters,
	       (double) st.enters / (double) st.sqes,
	       (unsigned long long) st.combined);

	/* Callbacks, run by a dispatcher thread. */
	t_eq(pthread_create(&th[CB_THREADS], NULL, dispatcher, NULL), 0);
	for (i = 0; i < CB_THREADS; i++)
		t_eq(pthread_create(&th[i], NULL, cb_worker, (void *) i), 0);
	for (i = 0; i <= CB_THREADS; i++)
		t_eq(pthread_join(th[i], NULL), 0);
	for (i = 0; i < CB_THREADS * CB_PER_THREAD; i++)
		if (atomic_load(&cb_seen[i]) != 1)
			t_fail("callback %lu ran %u times", i,
			       atomic_load(&cb_seen[i]));

	/*
	 * Two waiters for one handle: the request is a 200 ms timeout, so
	 * the main thread is still waiting when the second one asks.
	 */
	t_eq(uringx_shared_get_sqes(sh, &sqe, &busy_req, 1, NULL), 0);
	io_uring_prep_timeout(sqe, &(struct __kernel_timespec)
			      { .tv_nsec = 200000000 }, 0, 0);
	io_uring_sqe_set_data64(sqe, 42);
	t_eq(uringx_shared_submit(sh, &busy_req, 1, 0), 0);
	t_eq(uringx_shared_wait(sh, busy_req, &c,
		&(struct __kernel_timespec) { .tv_nsec = 1000000 }), -ETIME);
	/* Still waited for by this thread while the other one asks. */
	t_eq(pthread_create(&th[0], NULL, second_waiter, NULL), 0);
	ret = uringx_shared_wait(sh, busy_req, &c, NULL);
	t_eq(pthread_join(th[0], NULL), 0);
	/* Whichever thread came second got -EBUSY or -ENOENT. */
	if (ret == 0) {
		t_eq(c.user_data, 42);
		t_eq(c.res, -ETIME);
		ret = atomic_load(&busy_ret);
		t_assert(ret == -EBUSY || ret == -ENOENT, "second: %d", ret);
	} else {
		t_assert(ret == -EBUSY, "first: %d", ret);
		t_eq(atomic_load(&busy_ret), 0);
	}

	t_eq(uringx_shared_get_stats(sh, &st), 0);
	t_eq(st.stray, 0);
	t_eq(uringx_shared_free(sh), 0);
	/* Nothing left over in the ring. */
	t_eq(io_uring_cq_ready(&ring), 0);
	io_uring_queue_exit(&ring);
	close(file_fd);
	return T_PASS;
}
