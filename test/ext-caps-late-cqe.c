/* SPDX-License-Identifier: MIT */
/*
 * uringx_get_caps() without QUERY learns the SQE flags by trial: a nop
 * carrying each IOSQE_* bit, then a marker nop. Some of those nops (ASYNC,
 * an unterminated link) complete from io-wq, after their marker, so their
 * CQEs can turn up during a later bit's trial. Such a late CQE must not be
 * taken for that bit's answer: an unknown bit would then look supported.
 *
 * Here a CQE that looks like a trial's own (user_data 1, res 0) is posted
 * to the library's ring right after each of its submits, by IORING_OP_
 * MSG_RING from a ring of ours; the answer must not change.
 */
#include "mode-util.h"
#include "liburing/ext.h"

static struct io_uring own;
static unsigned int injected;

static void t_post_late_cqe(int fd, unsigned int to_submit)
{
	struct io_uring_sqe *sqe;

	/* Our own submit below comes back here too. */
	if (fd == own.ring_fd || !to_submit)
		return;
	sqe = io_uring_get_sqe(&own);
	t_assert(sqe, "no SQE");
	io_uring_prep_msg_ring(sqe, fd, 0, 1, 0);
	sqe->user_data = 99;
	t_eq(io_uring_submit(&own), 1);
	t_expect_cqe(&own, 99, 0, 0, 5000);
	injected++;
}

int main(void)
{
	struct uringx_caps clean, late;
	struct io_uring_probe *probe;

	t_ring_init(&own, 4, 0);
	probe = io_uring_get_probe_ring(&own);
	t_assert(probe, "probe");
	if (!io_uring_opcode_supported(probe, IORING_OP_MSG_RING))
		t_skip("kernel lacks IORING_OP_MSG_RING (Linux 5.18)");
	io_uring_free_probe(probe);

	t_eq(uringx_get_caps(&clean, URINGX_CAPS_NO_QUERY | URINGX_CAPS_FRESH),
	     0);
	if (!(clean.sources & URINGX_SRC_TRIAL))
		t_skip("SQE flags not learnt by trial here (sources 0x%x)",
		       clean.sources);

	t_enter_hook = t_post_late_cqe;
	t_eq(uringx_get_caps(&late, URINGX_CAPS_NO_QUERY | URINGX_CAPS_FRESH),
	     0);
	t_enter_hook = NULL;

	/* Two submits (flagged nop, marker) for each of the 8 bits. */
	t_eq(injected, 16);
	t_eq(late.sqe_flags, clean.sqe_flags);
	/* Bit 7 has no meaning in any kernel so far. */
	t_eq(late.sqe_flags & 0x80, 0);
	io_uring_queue_exit(&own);
	return T_PASS;
}
