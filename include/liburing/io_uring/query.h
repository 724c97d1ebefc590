/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * IORING_REGISTER_QUERY: ask the kernel which io_uring features it has.
 *
 * The argument is a chain of headers, each naming one query and a buffer
 * for its answer. The kernel fills in every buffer and the result of each
 * header, so one system call can answer several questions.
 */
#ifndef LINUX_IO_URING_QUERY_H
#define LINUX_IO_URING_QUERY_H

#include <linux/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct io_uring_query_hdr {
	__u64	next_entry;	/* address of the next header, 0 ends */
	__u64	query_data;	/* address of the answer buffer */
	__u32	query_op;	/* IO_URING_QUERY_* */
	/*
	 * Size of the answer buffer. The kernel writes back how much it
	 * filled, so an older or newer structure size still works.
	 */
	__u32	size;
	__s32	result;		/* output: 0 or -errno for this query */
	__u32	__resv[3];
};

/* io_uring_query_hdr.query_op */
enum {
	IO_URING_QUERY_OPCODES		= 0,	/* io_uring_query_opcode */
	IO_URING_QUERY_ZCRX		= 1,	/* io_uring_query_zcrx */
	IO_URING_QUERY_SCQ		= 2,	/* io_uring_query_scq */

	__IO_URING_QUERY_MAX,
};

/* Answer to IO_URING_QUERY_OPCODES: the opcodes and flags known. */
struct io_uring_query_opcode {
	__u32	nr_request_opcodes;	/* SQE opcodes, IORING_OP_LAST */
	__u32	nr_register_opcodes;	/* io_uring_register(2) opcodes */
	__u64	feature_flags;		/* IORING_FEAT_* */
	__u64	ring_setup_flags;	/* IORING_SETUP_* */
	__u64	enter_flags;		/* IORING_ENTER_* */
	__u64	sqe_flags;		/* IOSQE_* */
	__u32	nr_query_opcodes;	/* IO_URING_QUERY_* */
	__u32	__pad;
};

/* Answer to IO_URING_QUERY_ZCRX: what zero-copy receive supports. */
struct io_uring_query_zcrx {
	__u64	register_flags;		/* io_uring_zcrx_ifq_reg.flags */
	__u64	area_flags;		/* io_uring_zcrx_area_reg.flags */
	__u32	nr_ctrl_opcodes;	/* ZCRX_CTRL_* */
	__u32	features;		/* enum zcrx_features */
	/* room and alignment needed before the refill queue entries */
	__u32	rq_hdr_size;
	__u32	rq_hdr_alignment;
	__u64	__resv2;
};

/*
 * Answer to IO_URING_QUERY_SCQ: how much room the ring header (the head,
 * tail, flags and so on) takes in front of the SQ and CQ arrays, for
 * applications that lay the rings out themselves.
 */
struct io_uring_query_scq {
	__u64	hdr_size;
	__u64	hdr_alignment;
};

#ifdef __cplusplus
}
#endif

#endif /* LINUX_IO_URING_QUERY_H */
