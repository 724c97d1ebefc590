/* SPDX-License-Identifier: MIT */
/*
 * The ring core: nop round trips one at a time and with a full SQ, the SQ
 * and CQ accounting helpers, every way of reading CQEs, and timed waits.
 */
#include <string.h>

#include "helpers.h"

#define ENTRIES 8

static void queue_nops(struct io_uring *ring, unsigned int nr, __u64 first)
{
	unsigned int i;

	for (i = 0; i < nr; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

		t_assert(sqe, "get_sqe %u of %u returned NULL", i, nr);
		io_uring_prep_nop(sqe);
		io_uring_sqe_set_data64(sqe, first + i);
	}
}

/* One nop at a time through submit_and_wait / wait_cqe / cqe_seen. */
static void batch_one(struct io_uring *ring)
{
	struct io_uring_cqe *cqe;
	int i, ret;

	for (i = 0; i < 100; i++) {
		queue_nops(ring, 1, 1000 + i);
		t_eq(io_uring_sq_ready(ring), 1);
		ret = io_uring_submit_and_wait(ring, 1);
		t_eq(ret, 1);
		t_eq(io_uring_sq_ready(ring), 0);
		t_eq(io_uring_cq_ready(ring), 1);
		ret = io_uring_wait_cqe(ring, &cqe);
		t_eq(ret, 0);
		t_eq(cqe->user_data, 1000 + i);
		t_eq(cqe->res, 0);
		t_eq(cqe->flags, 0);
		io_uring_cqe_seen(ring, cqe);
		t_eq(io_uring_cq_ready(ring), 0);
	}
}

/* Fill the SQ: get_sqe then returns NULL; reap with each CQE reader. */
static void full_sq(struct io_uring *ring)
{
	struct io_uring_cqe *cqes[ENTRIES * 2];
	struct io_uring_cqe *cqe;
	unsigned int head, seen, i;
	int ret;

	t_eq(io_uring_sq_space_left(ring), ENTRIES);
	queue_nops(ring, ENTRIES, 0);
	t_eq(io_uring_sq_space_left(ring), 0);
	t_eq(io_uring_sq_ready(ring), ENTRIES);
	t_assert(io_uring_get_sqe(ring) == NULL, "SQ full but got an SQE");

	ret = io_uring_submit(ring);
	t_eq(ret, ENTRIES);
	t_eq(io_uring_sq_space_left(ring), ENTRIES);

	/* wait_cqe_nr: all eight are there once it returns. */
	ret = io_uring_wait_cqe_nr(ring, &cqe, ENTRIES);
	t_eq(ret, 0);
	t_eq(io_uring_cq_ready(ring), ENTRIES);

	/* for_each_cqe walks without consuming... */
	seen = 0;
	io_uring_for_each_cqe(ring, head, cqe) {
		t_eq(cqe->user_data, seen);
		t_eq(cqe->res, 0);
		seen++;
	}
	t_eq(seen, ENTRIES);
	t_eq(io_uring_cq_ready(ring), ENTRIES);

	/* ...peek_batch_cqe returns at most count, in order... */
	t_eq(io_uring_peek_batch_cqe(ring, cqes, 3), 3);
	for (i = 0; i < 3; i++)
		t_eq(cqes[i]->user_data, i);
	io_uring_cq_advance(ring, 3);
	t_eq(io_uring_cq_ready(ring), ENTRIES - 3);

	/* ...and never more than are ready. */
	t_eq(io_uring_peek_batch_cqe(ring, cqes, ENTRIES * 2), ENTRIES - 3);
	for (i = 0; i < ENTRIES - 3; i++)
		t_eq(cqes[i]->user_data, 3 + i);

	/* peek_cqe sees the first one still there, then drain. */
	ret = io_uring_peek_cqe(ring, &cqe);
	t_eq(ret, 0);
	t_eq(cqe->user_data, 3);
	io_uring_cq_advance(ring, ENTRIES - 3);
	t_eq(io_uring_cq_ready(ring), 0);
	t_eq(io_uring_peek_batch_cqe(ring, cqes, ENTRIES), 0);
}

static void empty_and_timeouts(struct io_uring *ring)
{
	struct __kernel_timespec ts = { .tv_sec = 0, .tv_nsec = 20000000 };
	struct io_uring_cqe *cqe = (struct io_uring_cqe *) 1;
	int ret;

	ret = io_uring_peek_cqe(ring, &cqe);
	t_eq(ret, -EAGAIN);
	t_assert(cqe == NULL, "peek on empty CQ left cqe set");

	ret = io_uring_wait_cqe_timeout(ring, &cqe, &ts);
	t_eq(ret, -ETIME);

	/* The primitive behind the waits: nothing to submit, nothing to wait. */
	ret = __io_uring_get_cqe(ring, &cqe, 0, 0, NULL);
	t_eq(ret, -EAGAIN);

	/* Submitting nothing is not an error. */
	t_eq(io_uring_submit(ring), 0);

	/* A nop already queued is submitted and reaped within the timeout. */
	queue_nops(ring, 1, 77);
	t_eq(io_uring_submit(ring), 1);
	ret = io_uring_wait_cqe_timeout(ring, &cqe, &ts);
	t_eq(ret, 0);
	t_eq(cqe->user_data, 77);
	io_uring_cqe_seen(ring, cqe);
}

static void user_data_pointers(struct io_uring *ring)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
	struct io_uring_cqe *cqe;
	static int marker;

	io_uring_prep_nop(sqe);
	io_uring_sqe_set_data(sqe, &marker);
	t_eq(io_uring_submit_and_wait(ring, 1), 1);
	t_eq(io_uring_wait_cqe(ring, &cqe), 0);
	t_assert(io_uring_cqe_get_data(cqe) == &marker, "pointer lost");
	t_eq(io_uring_cqe_get_data64(cqe), (uintptr_t) &marker);
	io_uring_cqe_seen(ring, cqe);
}

/* prep_rw fills exactly the fields it names; get_sqe clears the rest. */
static void prep_fields(struct io_uring *ring)
{
	struct io_uring_sqe *sqe;
	char buf[8];

	/* Every slot holds garbage from "earlier requests". */
	t_eq(io_uring_sq_ready(ring), 0);
	memset(ring->sq.sqes, 0xff, ring->sq.ring_entries * sizeof(*sqe));

	sqe = io_uring_get_sqe(ring);
	io_uring_prep_rw(IORING_OP_READ, sqe, 3, buf, sizeof(buf), 42);
	t_eq(sqe->opcode, IORING_OP_READ);
	t_eq(sqe->fd, 3);
	t_eq(sqe->addr, (uintptr_t) buf);
	t_eq(sqe->len, sizeof(buf));
	t_eq(sqe->off, 42);
	t_eq(sqe->flags, 0);
	t_eq(sqe->ioprio, 0);
	t_eq(sqe->rw_flags, 0);
	t_eq(sqe->buf_index, 0);
	t_eq(sqe->personality, 0);
	t_eq(sqe->file_index, 0);
	t_eq(sqe->addr3, 0);
	/* Do not submit a read of fd 3: turn it back into a nop. */
	io_uring_prep_nop(sqe);
	io_uring_sqe_set_data64(sqe, 6);
	t_eq(io_uring_submit_and_wait(ring, 1), 1);
	t_expect_cqe(ring, 6, 0, 0, 1000);
}

/* The index helpers and submit_and_get_events on a plain ring. */
static void ring_helpers(struct io_uring *ring)
{
	struct io_uring_cqe *cqe;
	int ret;

	t_eq(io_uring_sqe_shift(ring), 0);
	t_eq(io_uring_sqe_shift_from_flags(IORING_SETUP_SQE128), 1);
	t_eq(io_uring_sqe_shift_from_flags(IORING_SETUP_CQE32), 0);
	t_eq(io_uring_cqe_shift(ring), 0);
	t_eq(io_uring_cqe_shift_from_flags(IORING_SETUP_CQE32), 1);
	t_eq(io_uring_cqe_shift_from_flags(IORING_SETUP_SQE128), 0);

	/* The SQ head moves as the kernel consumes SQEs. */
	t_eq(io_uring_load_sq_head(ring), *ring->sq.khead);
	queue_nops(ring, 2, 90);
	t_eq(io_uring_load_sq_head(ring) + 2, ring->sq.sqe_tail);
	ret = io_uring_submit_and_get_events(ring);
	t_eq(ret, 2);
	t_eq(io_uring_load_sq_head(ring), ring->sq.sqe_tail);
	t_eq(io_uring_cq_ready(ring), 2);
	t_eq(io_uring_wait_cqe(ring, &cqe), 0);
	t_eq(cqe->user_data, 90);
	io_uring_cq_advance(ring, 2);

	/* Nothing queued: it still enters to flush completions. */
	t_eq(io_uring_submit_and_get_events(ring), 0);
}

int main(void)
{
	struct io_uring ring;

	t_ring_init(&ring, ENTRIES, 0);
	t_eq(ring.sq.ring_entries, ENTRIES);
	t_eq(ring.cq.ring_entries, 2 * ENTRIES);

	batch_one(&ring);
	full_sq(&ring);
	empty_and_timeouts(&ring);
	user_data_pointers(&ring);
	prep_fields(&ring);
	ring_helpers(&ring);

	io_uring_queue_exit(&ring);
	return T_PASS;
}
