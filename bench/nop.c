/* SPDX-License-Identifier: MIT */
/*
 * nop OPS BATCH [defer] [foreach]
 *
 * BATCH times get_sqe + prep_nop, one submit_and_wait(BATCH), then
 * wait_cqe + cqe_seen for each completion. "defer" makes the ring
 * IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN. "foreach" reaps
 * the batch instead with io_uring_for_each_cqe() and one
 * io_uring_cq_advance(), the usual way to consume many CQEs at once.
 */
#include "bench.h"

static struct io_uring ring;
static unsigned int batch;
static int foreach;

static int bench_setup(int argc, char **argv, unsigned int *step_ops)
{
	unsigned int flags = 0;
	int i, ret;

	batch = argc > 0 ? (unsigned int) atoi(argv[0]) : 1;
	if (batch < 1 || batch > 256)
		return bench_say(BENCH_FAIL, "batch must be 1..256");
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "defer"))
			flags = IORING_SETUP_SINGLE_ISSUER |
				IORING_SETUP_DEFER_TASKRUN;
		else if (!strcmp(argv[i], "foreach"))
			foreach = 1;
		else
			return bench_say(BENCH_FAIL, "unknown word %s",
					 argv[i]);
	}
	ret = io_uring_queue_init(batch > 64 ? batch : 64, &ring, flags);
	if (ret)
		return bench_setup_error("queue_init", ret);
	*step_ops = batch;
	return BENCH_OK;
}

/*
 * batch x (get_sqe + prep_nop), then submit_and_wait(batch). Forced in
 * line so each loop below compiles as if it were written out there.
 */
static inline __attribute__((always_inline)) int submit_batch(void)
{
	struct io_uring_sqe *sqe;
	unsigned int i;
	int ret;

	for (i = 0; i < batch; i++) {
		sqe = io_uring_get_sqe(&ring);
		if (!sqe)
			return bench_say(BENCH_FAIL, "SQ full");
		io_uring_prep_nop(sqe);
	}
	ret = io_uring_submit_and_wait(&ring, batch);
	if (ret != (int) batch)
		return bench_say(BENCH_FAIL, "submit: %d", ret);
	return BENCH_OK;
}

/* The batch reaped with one for_each_cqe walk and one head update. */
static int run_foreach(unsigned long steps)
{
	struct io_uring_cqe *cqe;
	unsigned int head, seen;

	while (steps--) {
		if (submit_batch())
			return BENCH_FAIL;
		seen = 0;
		io_uring_for_each_cqe(&ring, head, cqe) {
			if (cqe->res)
				return bench_say(BENCH_FAIL, "nop: %d",
						 cqe->res);
			seen++;
		}
		if (seen != batch)
			return bench_say(BENCH_FAIL, "saw %u of %u", seen,
					 batch);
		io_uring_cq_advance(&ring, seen);
	}
	return BENCH_OK;
}

/* Each CQE with wait_cqe + cqe_seen. */
static __attribute__((noinline)) int run_wait(unsigned long steps)
{
	struct io_uring_cqe *cqe;
	unsigned int i;
	int ret;

	while (steps--) {
		if (submit_batch())
			return BENCH_FAIL;
		for (i = 0; i < batch; i++) {
			ret = io_uring_wait_cqe(&ring, &cqe);
			if (ret || cqe->res)
				return bench_say(BENCH_FAIL, "nop: %d/%d",
						 ret, ret ? 0 : cqe->res);
			io_uring_cqe_seen(&ring, cqe);
		}
	}
	return BENCH_OK;
}

static int bench_run(unsigned long steps)
{
	return foreach ? run_foreach(steps) : run_wait(steps);
}

static void bench_teardown(void)
{
	io_uring_queue_exit(&ring);
}
