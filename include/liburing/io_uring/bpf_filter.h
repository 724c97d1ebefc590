/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * IORING_REGISTER_BPF_FILTER: classic BPF programs that decide, per
 * opcode, whether a request may be issued.
 */
#ifndef LINUX_IO_URING_BPF_FILTER_H
#define LINUX_IO_URING_BPF_FILTER_H

#include <linux/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * What a filter program sees of a request. The union holds the opcode
 * specific details; pdu_size says how many bytes of it are valid.
 * Anonymous members are a C11 and GNU extension, hence __extension__.
 */
__extension__ struct io_uring_bpf_ctx {
	__u64	user_data;
	__u8	opcode;
	__u8	sqe_flags;
	__u8	pdu_size;
	__u8	pad[5];
	union {
		struct {		/* IORING_OP_SOCKET */
			__u32	family;
			__u32	type;
			__u32	protocol;
		} socket;
		struct {		/* IORING_OP_OPENAT and OPENAT2 */
			__u64	flags;
			__u64	mode;
			__u64	resolve;
		} open;
	};
};

/* io_uring_bpf_filter.flags */
enum {
	/* deny every opcode that has no filter of its own */
	IO_URING_BPF_FILTER_DENY_REST	= 1,
	/*
	 * Reject the filter when pdu_size differs from the kernel's size
	 * for the opcode; without it a smaller size is accepted.
	 */
	IO_URING_BPF_FILTER_SZ_STRICT	= 2,
};

struct io_uring_bpf_filter {
	__u32	opcode;		/* the SQE opcode to filter */
	__u32	flags;		/* IO_URING_BPF_FILTER_* */
	__u32	filter_len;	/* number of instructions */
	/* bytes of the ctx union the filter reads; the kernel's on return */
	__u8	pdu_size;
	__u8	resv[3];
	__u64	filter_ptr;	/* struct sock_filter array */
	__u64	resv2[5];
};

/* io_uring_bpf.cmd_type */
enum {
	IO_URING_BPF_CMD_FILTER		= 1,
};

/* Argument of IORING_REGISTER_BPF_FILTER. */
__extension__ struct io_uring_bpf {
	__u16	cmd_type;	/* IO_URING_BPF_CMD_* */
	__u16	cmd_flags;
	__u32	resv;
	union {
		struct io_uring_bpf_filter	filter;
	};
};

#ifdef __cplusplus
}
#endif

#endif /* LINUX_IO_URING_BPF_FILTER_H */
