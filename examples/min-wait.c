/* SPDX-License-Identifier: MIT */
/*
 * Batching waits with a minimum timeout, and wait arguments kept in a
 * registered region.
 *
 *   ./examples/min-wait
 *
 * A server that waits for a batch of N completions gets the best
 * throughput when traffic is heavy, but a request that completes alone
 * then waits for N-1 others that may never come. A min_wait (Linux 6.12,
 * IORING_FEAT_MIN_TIMEOUT) bounds that: wait for N completions, but once
 * min_wait has passed return with whatever has arrived, if anything has.
 *
 * Four requests, reads of timerfds standing in for network I/O, complete
 * at 2, 4, 150 and 200 ms. (Timeout requests would not do: the
 * completion of a timeout request ends any wait.) Waiting for all four
 * with a 10 ms min_wait returns after about 10 ms with the two fast
 * ones; the slow ones are reaped afterwards.
 *
 * The same wait is then done with its arguments in a registered wait
 * region (Linux 6.13): the timespec, min_wait and flags live in memory
 * shared with the kernel and each wait names an entry by index, so no
 * argument is copied in per system call. A region can only be registered
 * while the ring is still disabled (IORING_SETUP_R_DISABLED).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/timerfd.h>
#include <liburing.h>

#define NREQ		4
#define MIN_WAIT_US	10000

static const int due_ms[NREQ] = { 2, 4, 150, 200 };
static int timer_fds[NREQ];
static __u64 expirations[NREQ];
static struct io_uring ring;

static void die(const char *what, int err)
{
	fprintf(stderr, "min-wait: %s: %s\n", what, strerror(err));
	exit(1);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* Arm the timers and queue a read of each: it completes when it fires. */
static void queue_requests(void)
{
	struct itimerspec when;
	int i;

	for (i = 0; i < NREQ; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

		if (!sqe)
			die("get_sqe", EBUSY);
		memset(&when, 0, sizeof(when));
		when.it_value.tv_nsec = due_ms[i] * 1000000L;
		if (timerfd_settime(timer_fds[i], 0, &when, NULL) < 0)
			die("timerfd_settime", errno);
		io_uring_prep_read(sqe, timer_fds[i], &expirations[i],
				   sizeof(expirations[i]), 0);
		io_uring_sqe_set_data64(sqe, i);
	}
}

/* Consume what has completed; returns how many CQEs that was. */
static int reap(void)
{
	struct io_uring_cqe *cqe;
	unsigned int head;
	int n = 0;

	io_uring_for_each_cqe(&ring, head, cqe) {
		if (cqe->res < 0)
			die("read timerfd", -cqe->res);
		n++;
	}
	io_uring_cq_advance(&ring, n);
	return n;
}

/* After the batched wait, wait for the stragglers the plain way. */
static void report(const char *how, long long start, int first)
{
	struct io_uring_cqe *cqe;
	long long woke = now_ms() - start;
	int ret, got = first;

	while (got < NREQ) {
		ret = io_uring_wait_cqe(&ring, &cqe);
		if (ret < 0)
			die("wait_cqe", -ret);
		got += reap();
	}
	printf("%s: woke after %lld ms with %d of %d completions, "
	       "all %d after %lld ms\n", how, woke, first, NREQ, NREQ,
	       now_ms() - start);
}

int main(void)
{
	struct __kernel_timespec limit = { .tv_sec = 1 };
	long page = sysconf(_SC_PAGESIZE);
	struct io_uring_region_desc desc;
	struct io_uring_mem_region_reg reg;
	struct io_uring_reg_wait *waits;
	struct io_uring_cqe *cqe;
	int i, ret, have_region;
	long long start;

	for (i = 0; i < NREQ; i++) {
		timer_fds[i] = timerfd_create(CLOCK_MONOTONIC, 0);
		if (timer_fds[i] < 0)
			die("timerfd_create", errno);
	}

	/* Start disabled so that a wait region can still be registered. */
	ret = io_uring_queue_init(8, &ring, IORING_SETUP_R_DISABLED);
	if (ret < 0)
		die("queue_init", -ret);
	if (!(ring.features & IORING_FEAT_MIN_TIMEOUT))
		die("min_timeout waits (needs Linux 6.12)", EOPNOTSUPP);

	waits = mmap(NULL, page, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (waits == MAP_FAILED)
		die("mmap", errno);
	memset(&desc, 0, sizeof(desc));
	desc.user_addr = (__u64) (uintptr_t) waits;
	desc.size = page;
	desc.flags = IORING_MEM_REGION_TYPE_USER;	/* our memory */
	memset(&reg, 0, sizeof(reg));
	reg.region_uptr = (__u64) (uintptr_t) &desc;
	reg.flags = IORING_MEM_REGION_REG_WAIT_ARG;
	ret = io_uring_register_region(&ring, &reg);
	have_region = ret == 0;
	if (!have_region)
		printf("registered wait region unavailable (%s, needs Linux "
		       "6.13): min_timeout only\n", strerror(-ret));
	ret = io_uring_enable_rings(&ring);
	if (ret < 0)
		die("enable_rings", -ret);

	/* 1: the arguments passed with the call. */
	queue_requests();
	start = now_ms();
	ret = io_uring_submit_and_wait_min_timeout(&ring, &cqe, NREQ, &limit,
						   MIN_WAIT_US, NULL);
	if (ret < 0)
		die("submit_and_wait_min_timeout", -ret);
	report("min_timeout", start, reap());

	/* 2: the same arguments, in entry 0 of the region. */
	if (have_region) {
		waits[0].ts = limit;
		waits[0].min_wait_usec = MIN_WAIT_US;
		waits[0].flags = IORING_REG_WAIT_TS;
		queue_requests();
		start = now_ms();
		ret = io_uring_submit_and_wait_reg(&ring, &cqe, NREQ, 0);
		if (ret < 0)
			die("submit_and_wait_reg", -ret);
		report("wait region", start, reap());
	}

	io_uring_queue_exit(&ring);
	munmap(waits, page);
	for (i = 0; i < NREQ; i++)
		close(timer_fds[i]);
	return 0;
}
