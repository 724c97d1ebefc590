/* SPDX-License-Identifier: MIT */
/*
 * How many requests per second can a ring turn around? NOPs measure the
 * cost of the ring itself: submission, completion, and the system call.
 *
 *   ./examples/nop-bench [SECONDS [BATCH]]
 *
 * Runs for SECONDS (default 1, fractions allowed), submitting BATCH
 * (default 32) NOPs per io_uring_submit_and_wait() and reaping them all
 * at once with io_uring_for_each_cqe() and one io_uring_cq_advance().
 * A progress line on stderr is refreshed four times a second; the result
 * goes to stdout. A batch of 1 shows the cost of one system call per
 * request; bigger batches spread it out.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <liburing.h>

static void die(const char *what, int err)
{
	fprintf(stderr, "nop-bench: %s: %s\n", what, strerror(err));
	exit(1);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char *argv[])
{
	double seconds = argc > 1 ? atof(argv[1]) : 1.0;
	int batch = argc > 2 ? atoi(argv[2]) : 32;
	unsigned long long done = 0, last_done = 0;
	double start, t, last_report;
	struct io_uring_cqe *cqe;
	struct io_uring ring;
	unsigned int head;
	int i, ret, seen;

	if (seconds <= 0 || batch < 1 || batch > 4096) {
		fprintf(stderr, "usage: %s [SECONDS [BATCH (1..4096)]]\n",
			argv[0]);
		return 2;
	}
	ret = io_uring_queue_init(batch, &ring, 0);
	if (ret < 0)
		die("queue_init", -ret);

	start = last_report = now();
	do {
		for (i = 0; i < batch; i++) {
			struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

			if (!sqe)
				die("get_sqe", EBUSY);
			io_uring_prep_nop(sqe);
		}
		ret = io_uring_submit_and_wait(&ring, batch);
		if (ret < 0)
			die("submit_and_wait", -ret);

		/* Look at every ready CQE, then release them in one go. */
		seen = 0;
		io_uring_for_each_cqe(&ring, head, cqe) {
			if (cqe->res < 0)
				die("nop", -cqe->res);
			seen++;
		}
		io_uring_cq_advance(&ring, seen);
		done += seen;

		t = now();
		if (t - last_report >= 0.25) {
			fprintf(stderr, "\r%8.2f s %12llu nops %8.2f M/s",
				t - start, done,
				(done - last_done) / (t - last_report) / 1e6);
			last_done = done;
			last_report = t;
		}
	} while (t - start < seconds);

	fprintf(stderr, "\n");
	printf("nop-bench: %llu nops in %.2f s, batch %d: %.2f M/s, "
	       "%.0f ns each\n", done, t - start, batch,
	       done / (t - start) / 1e6, (t - start) * 1e9 / done);
	io_uring_queue_exit(&ring);
	return 0;
}
