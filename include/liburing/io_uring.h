/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * The io_uring kernel ABI as of Linux 6.18: the shared ring and entry
 * layouts, opcodes, flags and the argument blocks of io_uring_register(2).
 *
 * liburing carries its own copy so that programs can use new features
 * while the system's <linux/io_uring.h> is older. The guard matches the
 * kernel's uapi header on purpose: whichever of the two is seen first is
 * the one that is used, and the other then turns into a no-op instead of
 * a pile of redefinition errors.
 *
 * A declaration that leans on a GNU C extension (anonymous members, zero
 * length arrays, an enumerator that does not fit in int, flexible arrays
 * in C++) is marked __extension__, so that consumers building with
 * -pedantic -Werror in C99, C11 or C++ still compile this header cleanly.
 */
#ifndef LINUX_IO_URING_H
#define LINUX_IO_URING_H

#include <linux/types.h>
/*
 * liburing's compat.h defines the macro below once it has provided
 * struct __kernel_timespec itself, which matters on systems too old to
 * have <linux/time_types.h>.
 */
#ifndef UAPI_LINUX_IO_URING_H_SKIP_LINUX_TIME_TYPES_H
#include <linux/time_types.h>
#endif

/*
 * <linux/fs.h> types sqe->rw_flags (__kernel_rwf_t) and defines the RWF_*
 * flags that go in it. Programs written for liburing also rely on it for
 * the BLK*, FS_IOC_* and (through <linux/limits.h>) PATH_MAX definitions
 * it brings. Current glibc (2.37, or 2.36 with its stable fixes as in
 * Debian 12) accepts it and <sys/mount.h> in either order; older glibc
 * needs <sys/mount.h> first.
 */
#include <linux/fs.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Submission queue entry: one request. Several fields are unions because
 * different opcodes read the same bytes with a different meaning.
 */
__extension__ struct io_uring_sqe {
	__u8	opcode;		/* enum io_uring_op */
	__u8	flags;		/* IOSQE_* */
	__u16	ioprio;		/* I/O priority, or per-opcode flags */
	__s32	fd;		/* file descriptor or fixed file index */
	union {
		__u64	off;	/* file offset */
		__u64	addr2;
		struct {
			__u32	cmd_op;	/* IORING_OP_URING_CMD sub-command */
			__u32	__pad1;
		};
	};
	union {
		__u64	addr;	/* buffer or iovec array address */
		__u64	splice_off_in;
		struct {
			__u32	level;	/* socket option level */
			__u32	optname;
		};
	};
	__u32	len;		/* buffer length or iovec count */
	/* flags of the opcode in question; only one of these is in use */
	union {
		__kernel_rwf_t	rw_flags;
		__u32		fsync_flags;
		__u16		poll_events;	/* the original 16-bit mask */
		__u32		poll32_events;	/* word-swapped on big endian */
		__u32		sync_range_flags;
		__u32		msg_flags;
		__u32		timeout_flags;
		__u32		accept_flags;
		__u32		cancel_flags;
		__u32		open_flags;
		__u32		statx_flags;
		__u32		fadvise_advice;
		__u32		splice_flags;
		__u32		rename_flags;
		__u32		unlink_flags;
		__u32		hardlink_flags;
		__u32		xattr_flags;
		__u32		msg_ring_flags;
		__u32		uring_cmd_flags;
		__u32		waitid_flags;
		__u32		futex_flags;
		__u32		install_fd_flags;
		__u32		nop_flags;
		__u32		pipe_flags;
	};
	__u64	user_data;	/* handed back untouched in the CQE */
	/*
	 * Packed so the union does not raise the alignment the 16-bit
	 * fields around it already have; the layout must not move.
	 */
	union {
		__u16	buf_index;	/* registered buffer index */
		__u16	buf_group;	/* provided buffer group id */
	} __attribute__((packed));
	__u16	personality;	/* credentials registered earlier, or 0 */
	union {
		__s32	splice_fd_in;
		__u32	file_index;	/* fixed file slot for the result */
		__u32	zcrx_ifq_idx;
		__u32	optlen;
		struct {
			__u16	addr_len;
			__u16	__pad3[1];
		};
	};
	union {
		struct {
			__u64	addr3;
			__u64	__pad2[1];
		};
		struct {
			__u64	attr_ptr;	/* points to the attributes */
			__u64	attr_type_mask;	/* IORING_RW_ATTR_FLAG_* */
		};
		__u64	optval;
		/*
		 * Command payload of IORING_OP_URING_CMD: 16 bytes here, or
		 * 80 when the ring uses 128-byte SQEs.
		 */
		__u8	cmd[0];
	};
};

/*
 * Value of sqe->file_index that asks the kernel to pick a free slot in the
 * fixed file table and report it in cqe->res.
 */
#define IORING_FILE_INDEX_ALLOC		(~0U)

enum io_uring_sqe_flags_bit {
	IOSQE_FIXED_FILE_BIT,
	IOSQE_IO_DRAIN_BIT,
	IOSQE_IO_LINK_BIT,
	IOSQE_IO_HARDLINK_BIT,
	IOSQE_ASYNC_BIT,
	IOSQE_BUFFER_SELECT_BIT,
	IOSQE_CQE_SKIP_SUCCESS_BIT,
};

/* sqe->flags */
/* fd is an index into the registered file table */
#define IOSQE_FIXED_FILE	(1U << IOSQE_FIXED_FILE_BIT)
/* start only after every earlier request has completed */
#define IOSQE_IO_DRAIN		(1U << IOSQE_IO_DRAIN_BIT)
/* the next SQE waits for this one; the chain breaks on failure */
#define IOSQE_IO_LINK		(1U << IOSQE_IO_LINK_BIT)
/* as IOSQE_IO_LINK, but the chain survives a failure */
#define IOSQE_IO_HARDLINK	(1U << IOSQE_IO_HARDLINK_BIT)
/* skip the non-blocking attempt and go straight to a worker */
#define IOSQE_ASYNC		(1U << IOSQE_ASYNC_BIT)
/* take the buffer from the group named in sqe->buf_group */
#define IOSQE_BUFFER_SELECT	(1U << IOSQE_BUFFER_SELECT_BIT)
/* post no CQE when the request succeeds */
#define IOSQE_CQE_SKIP_SUCCESS	(1U << IOSQE_CQE_SKIP_SUCCESS_BIT)

/* io_uring_params.flags, given to io_uring_setup(2) */
#define IORING_SETUP_IOPOLL	(1U << 0)	/* busy-poll for completions */
#define IORING_SETUP_SQPOLL	(1U << 1)	/* kernel thread reads the SQ */
#define IORING_SETUP_SQ_AFF	(1U << 2)	/* pin it to sq_thread_cpu */
#define IORING_SETUP_CQSIZE	(1U << 3)	/* cq_entries is given */
#define IORING_SETUP_CLAMP	(1U << 4)	/* cap sizes, do not fail */
#define IORING_SETUP_ATTACH_WQ	(1U << 5)	/* share wq_fd's workers */
#define IORING_SETUP_R_DISABLED	(1U << 6)	/* start disabled */
#define IORING_SETUP_SUBMIT_ALL	(1U << 7)	/* go on after a bad SQE */
/*
 * Completion work is run when the task next enters the kernel rather
 * than by interrupting it at once.
 */
#define IORING_SETUP_COOP_TASKRUN	(1U << 8)
/*
 * Raise IORING_SQ_TASKRUN in the SQ ring flags when such work is pending,
 * so an application that rarely enters the kernel knows to do so.
 */
#define IORING_SETUP_TASKRUN_FLAG	(1U << 9)
#define IORING_SETUP_SQE128		(1U << 10)	/* 128-byte SQEs */
#define IORING_SETUP_CQE32		(1U << 11)	/* 32-byte CQEs */
/* only one task will ever submit */
#define IORING_SETUP_SINGLE_ISSUER	(1U << 12)
/*
 * Run completion work only when the submitting task asks for events;
 * needs IORING_SETUP_SINGLE_ISSUER.
 */
#define IORING_SETUP_DEFER_TASKRUN	(1U << 13)
/* the rings live in memory the application provides */
#define IORING_SETUP_NO_MMAP		(1U << 14)
/* return a registered ring index instead of a file descriptor */
#define IORING_SETUP_REGISTERED_FD_ONLY	(1U << 15)
/* no SQ index array: the SQ tail indexes the SQE array directly */
#define IORING_SETUP_NO_SQARRAY		(1U << 16)
/* poll for completions only after sleeping part of the expected time */
#define IORING_SETUP_HYBRID_IOPOLL	(1U << 17)
/* 16- and 32-byte CQEs side by side, told apart by IORING_CQE_F_32 */
#define IORING_SETUP_CQE_MIXED		(1U << 18)
/* 64- and 128-byte SQEs side by side, by opcode */
#define IORING_SETUP_SQE_MIXED		(1U << 19)
/*
 * Every submission takes its SQEs from the start of the queue; the SQ
 * head and tail are not used and must be left at 0.
 */
#define IORING_SETUP_SQ_REWIND		(1U << 20)

enum io_uring_op {
	IORING_OP_NOP,
	IORING_OP_READV,
	IORING_OP_WRITEV,
	IORING_OP_FSYNC,
	IORING_OP_READ_FIXED,
	IORING_OP_WRITE_FIXED,
	IORING_OP_POLL_ADD,
	IORING_OP_POLL_REMOVE,
	IORING_OP_SYNC_FILE_RANGE,
	IORING_OP_SENDMSG,
	IORING_OP_RECVMSG,
	IORING_OP_TIMEOUT,
	IORING_OP_TIMEOUT_REMOVE,
	IORING_OP_ACCEPT,
	IORING_OP_ASYNC_CANCEL,
	IORING_OP_LINK_TIMEOUT,
	IORING_OP_CONNECT,
	IORING_OP_FALLOCATE,
	IORING_OP_OPENAT,
	IORING_OP_CLOSE,
	IORING_OP_FILES_UPDATE,
	IORING_OP_STATX,
	IORING_OP_READ,
	IORING_OP_WRITE,
	IORING_OP_FADVISE,
	IORING_OP_MADVISE,
	IORING_OP_SEND,
	IORING_OP_RECV,
	IORING_OP_OPENAT2,
	IORING_OP_EPOLL_CTL,
	IORING_OP_SPLICE,
	IORING_OP_PROVIDE_BUFFERS,
	IORING_OP_REMOVE_BUFFERS,
	IORING_OP_TEE,
	IORING_OP_SHUTDOWN,
	IORING_OP_RENAMEAT,
	IORING_OP_UNLINKAT,
	IORING_OP_MKDIRAT,
	IORING_OP_SYMLINKAT,
	IORING_OP_LINKAT,
	IORING_OP_MSG_RING,
	IORING_OP_FSETXATTR,
	IORING_OP_SETXATTR,
	IORING_OP_FGETXATTR,
	IORING_OP_GETXATTR,
	IORING_OP_SOCKET,
	IORING_OP_URING_CMD,
	IORING_OP_SEND_ZC,
	IORING_OP_SENDMSG_ZC,
	IORING_OP_READ_MULTISHOT,
	IORING_OP_WAITID,
	IORING_OP_FUTEX_WAIT,
	IORING_OP_FUTEX_WAKE,
	IORING_OP_FUTEX_WAITV,
	IORING_OP_FIXED_FD_INSTALL,
	IORING_OP_FTRUNCATE,
	IORING_OP_BIND,
	IORING_OP_LISTEN,
	IORING_OP_RECV_ZC,
	IORING_OP_EPOLL_WAIT,
	IORING_OP_READV_FIXED,
	IORING_OP_WRITEV_FIXED,
	IORING_OP_PIPE,
	IORING_OP_NOP128,
	IORING_OP_URING_CMD128,

	/* one past the highest opcode; grows with every new opcode */
	IORING_OP_LAST,
};

/* sqe->uring_cmd_flags; the top 8 bits belong to the kernel */
/* the command uses the registered buffer in sqe->buf_index */
#define IORING_URING_CMD_FIXED	(1U << 0)
/* every flag an application may set */
#define IORING_URING_CMD_MASK	IORING_URING_CMD_FIXED

/* sqe->fsync_flags */
#define IORING_FSYNC_DATASYNC	(1U << 0)

/* sqe->timeout_flags */
#define IORING_TIMEOUT_ABS		(1U << 0)	/* absolute time */
#define IORING_TIMEOUT_UPDATE		(1U << 1)	/* modify a timeout */
#define IORING_TIMEOUT_BOOTTIME		(1U << 2)
#define IORING_TIMEOUT_REALTIME		(1U << 3)
#define IORING_LINK_TIMEOUT_UPDATE	(1U << 4)	/* modify a link one */
/* report expiry with res 0 instead of -ETIME */
#define IORING_TIMEOUT_ETIME_SUCCESS	(1U << 5)
/* fire repeatedly; sqe->off holds the count, 0 for no end */
#define IORING_TIMEOUT_MULTISHOT	(1U << 6)
/* sqe->addr carries the timeout value itself, not a pointer to it */
#define IORING_TIMEOUT_IMMEDIATE_ARG	(1U << 7)
/* the clock selection bits; at most one of them may be set */
#define IORING_TIMEOUT_CLOCK_MASK	(IORING_TIMEOUT_BOOTTIME | \
					 IORING_TIMEOUT_REALTIME)
/* the two ways of asking for an update */
#define IORING_TIMEOUT_UPDATE_MASK	(IORING_TIMEOUT_UPDATE | \
					 IORING_LINK_TIMEOUT_UPDATE)

/*
 * sqe->splice_flags, next to the SPLICE_F_* flags of splice(2): the input
 * descriptor in sqe->splice_fd_in is a fixed file index.
 */
#define SPLICE_F_FD_IN_FIXED	(1U << 31)

/*
 * sqe->len of IORING_OP_POLL_ADD and IORING_OP_POLL_REMOVE; the events
 * themselves are in sqe->poll32_events.
 */
/* keep the poll armed and post a CQE on every event */
#define IORING_POLL_ADD_MULTI		(1U << 0)
/* update the events of the poll request found by sqe->addr */
#define IORING_POLL_UPDATE_EVENTS	(1U << 1)
/* replace that request's user_data with sqe->off */
#define IORING_POLL_UPDATE_USER_DATA	(1U << 2)
/* level-triggered instead of edge-triggered */
#define IORING_POLL_ADD_LEVEL		(1U << 3)

/* sqe->cancel_flags of IORING_OP_ASYNC_CANCEL */
#define IORING_ASYNC_CANCEL_ALL		(1U << 0)	/* every match */
#define IORING_ASYNC_CANCEL_FD		(1U << 1)	/* match sqe->fd */
#define IORING_ASYNC_CANCEL_ANY		(1U << 2)	/* match anything */
#define IORING_ASYNC_CANCEL_FD_FIXED	(1U << 3)	/* fd is fixed */
#define IORING_ASYNC_CANCEL_USERDATA	(1U << 4)	/* match user_data */
#define IORING_ASYNC_CANCEL_OP		(1U << 5)	/* match the opcode */

/* sqe->ioprio of the send and receive opcodes */
/* poll for readiness before the first attempt instead of after it */
#define IORING_RECVSEND_POLL_FIRST	(1U << 0)
/* keep receiving, one CQE per buffer, until the request is cancelled */
#define IORING_RECV_MULTISHOT		(1U << 1)
/* the data is in the registered buffer named by sqe->buf_index */
#define IORING_RECVSEND_FIXED_BUF	(1U << 2)
/* set IORING_NOTIF_USAGE_ZC_COPIED in the notification if data was copied */
#define IORING_SEND_ZC_REPORT_USAGE	(1U << 3)
/* use several buffers of the group for one send or receive */
#define IORING_RECVSEND_BUNDLE		(1U << 4)
/* sqe->addr points to an iovec array rather than a flat buffer */
#define IORING_SEND_VECTORIZED		(1U << 5)

/*
 * cqe->res of a zero-copy notification when IORING_SEND_ZC_REPORT_USAGE
 * was asked for: the kernel had to copy the data after all.
 */
#define IORING_NOTIF_USAGE_ZC_COPIED	(1U << 31)

/* sqe->ioprio of IORING_OP_ACCEPT */
#define IORING_ACCEPT_MULTISHOT		(1U << 0)
#define IORING_ACCEPT_DONTWAIT		(1U << 1)	/* no waiting */
#define IORING_ACCEPT_POLL_FIRST	(1U << 2)

/* sqe->addr of IORING_OP_MSG_RING: what to send to the other ring */
enum io_uring_msg_ring_flags {
	IORING_MSG_DATA,	/* post a CQE with given res and user_data */
	IORING_MSG_SEND_FD,	/* install a fixed file in the target */
};

/* sqe->msg_ring_flags */
/* post no CQE in the target ring; only valid with IORING_MSG_SEND_FD */
#define IORING_MSG_RING_CQE_SKIP	(1U << 0)
/* use sqe->file_index as the flags of the CQE posted in the target */
#define IORING_MSG_RING_FLAGS_PASS	(1U << 1)

/* sqe->install_fd_flags of IORING_OP_FIXED_FD_INSTALL */
/* the new regular descriptor is not close-on-exec */
#define IORING_FIXED_FD_NO_CLOEXEC	(1U << 0)

/* sqe->nop_flags */
/* complete with the value in sqe->len instead of 0 */
#define IORING_NOP_INJECT_RESULT	(1U << 0)
/* post a 32-byte CQE on a ring with IORING_SETUP_CQE_MIXED */
#define IORING_NOP_CQE32		(1U << 5)

/* Completion queue entry: the outcome of one request. */
__extension__ struct io_uring_cqe {
	__u64	user_data;	/* copied from the SQE */
	__s32	res;		/* the result, or -errno */
	__u32	flags;		/* IORING_CQE_F_* */
	/* 16 more bytes, only on rings with 32-byte CQEs */
	__u64	big_cqe[];
};

/*
 * cqe->flags. The upper 16 bits carry the buffer id when
 * IORING_CQE_F_BUFFER is set.
 */
#define IORING_CQE_F_BUFFER		(1U << 0)	/* buffer id is valid */
#define IORING_CQE_F_MORE		(1U << 1)	/* more CQEs follow */
/* the socket still had data to read after this receive */
#define IORING_CQE_F_SOCK_NONEMPTY	(1U << 2)
/* zero-copy notification that the buffer may be reused */
#define IORING_CQE_F_NOTIF		(1U << 3)
/* the provided buffer was only partly consumed; more data will follow */
#define IORING_CQE_F_BUF_MORE		(1U << 4)
/* a placeholder to step over, no completion (mixed CQE rings) */
#define IORING_CQE_F_SKIP		(1U << 5)
/* this CQE is 32 bytes long (mixed CQE rings) */
#define IORING_CQE_F_32			(1U << 15)

#define IORING_CQE_BUFFER_SHIFT		16

/*
 * offset argument of mmap(2) on the ring file descriptor, one per mapped
 * area. A provided buffer ring is mapped at IORING_OFF_PBUF_RING plus its
 * group id shifted left by IORING_OFF_PBUF_SHIFT.
 */
#define IORING_OFF_SQ_RING		0ULL
#define IORING_OFF_CQ_RING		0x8000000ULL
#define IORING_OFF_SQES			0x10000000ULL
#define IORING_OFF_PBUF_RING		0x80000000ULL
#define IORING_OFF_PBUF_SHIFT		16
#define IORING_OFF_MMAP_MASK		0xf8000000ULL

/*
 * Where the fields of the SQ ring are, as byte offsets from the start of
 * its mapping (or of user memory with IORING_SETUP_NO_MMAP).
 */
struct io_sqring_offsets {
	__u32	head;
	__u32	tail;
	__u32	ring_mask;
	__u32	ring_entries;
	__u32	flags;
	__u32	dropped;
	__u32	array;
	__u32	resv1;
	__u64	user_addr;	/* ring memory for IORING_SETUP_NO_MMAP */
};

/* io_sqring_offsets.flags, written by the kernel */
/* the SQPOLL thread sleeps; wake it with IORING_ENTER_SQ_WAKEUP */
#define IORING_SQ_NEED_WAKEUP	(1U << 0)
/* CQEs were held back because the CQ ring was full */
#define IORING_SQ_CQ_OVERFLOW	(1U << 1)
/* completion work is pending; see IORING_SETUP_TASKRUN_FLAG */
#define IORING_SQ_TASKRUN	(1U << 2)

/* The same for the CQ ring. */
struct io_cqring_offsets {
	__u32	head;
	__u32	tail;
	__u32	ring_mask;
	__u32	ring_entries;
	__u32	overflow;
	__u32	cqes;
	__u32	flags;
	__u32	resv1;
	__u64	user_addr;
};

/* io_cqring_offsets.flags, written by the application */
/* no eventfd notifications for now */
#define IORING_CQ_EVENTFD_DISABLED	(1U << 0)

/* io_uring_enter(2) flags */
#define IORING_ENTER_GETEVENTS		(1U << 0)	/* wait for CQEs */
#define IORING_ENTER_SQ_WAKEUP		(1U << 1)	/* kick SQPOLL */
#define IORING_ENTER_SQ_WAIT		(1U << 2)	/* wait for SQ room */
/* the argument is a struct io_uring_getevents_arg, not a sigset */
#define IORING_ENTER_EXT_ARG		(1U << 3)
/* the fd is an index into the registered ring descriptors */
#define IORING_ENTER_REGISTERED_RING	(1U << 4)
/* the timeout is an absolute time, not a duration */
#define IORING_ENTER_ABS_TIMER		(1U << 5)
/* the argument is an offset into the registered wait region */
#define IORING_ENTER_EXT_ARG_REG	(1U << 6)
/* do not account the wait as iowait */
#define IORING_ENTER_NO_IOWAIT		(1U << 7)

/* Passed to io_uring_setup(2); the kernel fills in the rest. */
struct io_uring_params {
	__u32			sq_entries;
	__u32			cq_entries;
	__u32			flags;		/* IORING_SETUP_* */
	__u32			sq_thread_cpu;
	__u32			sq_thread_idle;	/* milliseconds */
	__u32			features;	/* IORING_FEAT_*, output */
	__u32			wq_fd;
	__u32			resv[3];
	struct io_sqring_offsets	sq_off;
	struct io_cqring_offsets	cq_off;
};

/* io_uring_params.features: what the running kernel can do */
/* SQ and CQ rings share one mapping */
#define IORING_FEAT_SINGLE_MMAP		(1U << 0)
/* CQEs are never dropped, only held back on overflow */
#define IORING_FEAT_NODROP		(1U << 1)
/* submitted data may be reused as soon as submission returns */
#define IORING_FEAT_SUBMIT_STABLE	(1U << 2)
/* offset -1 means the current file position */
#define IORING_FEAT_RW_CUR_POS		(1U << 3)
/* requests run with the submitting task's credentials */
#define IORING_FEAT_CUR_PERSONALITY	(1U << 4)
/* poll-driven retries instead of blocking workers */
#define IORING_FEAT_FAST_POLL		(1U << 5)
/* sqe->poll32_events is honoured */
#define IORING_FEAT_POLL_32BITS		(1U << 6)
/* SQPOLL works with unregistered files */
#define IORING_FEAT_SQPOLL_NONFIXED	(1U << 7)
/* IORING_ENTER_EXT_ARG is supported */
#define IORING_FEAT_EXT_ARG		(1U << 8)
/* async workers are threads of the submitting task */
#define IORING_FEAT_NATIVE_WORKERS	(1U << 9)
/* registered resources can carry tags */
#define IORING_FEAT_RSRC_TAGS		(1U << 10)
/* IOSQE_CQE_SKIP_SUCCESS is supported */
#define IORING_FEAT_CQE_SKIP		(1U << 11)
/* linked requests look up their file only when they start */
#define IORING_FEAT_LINKED_FILE		(1U << 12)
/* a registered ring fd can be used with io_uring_register(2) */
#define IORING_FEAT_REG_REG_RING	(1U << 13)
/* IORING_RECVSEND_BUNDLE is supported */
#define IORING_FEAT_RECVSEND_BUNDLE	(1U << 14)
/* waits accept a minimum timeout before the batch timeout */
#define IORING_FEAT_MIN_TIMEOUT		(1U << 15)
/* read/write requests accept attributes through sqe->attr_ptr */
#define IORING_FEAT_RW_ATTR		(1U << 16)
/* IORING_ENTER_NO_IOWAIT is supported */
#define IORING_FEAT_NO_IOWAIT		(1U << 17)

/* io_uring_register(2) opcodes */
__extension__ enum io_uring_register_op {
	IORING_REGISTER_BUFFERS,
	IORING_UNREGISTER_BUFFERS,
	IORING_REGISTER_FILES,
	IORING_UNREGISTER_FILES,
	IORING_REGISTER_EVENTFD,
	IORING_UNREGISTER_EVENTFD,
	IORING_REGISTER_FILES_UPDATE,
	IORING_REGISTER_EVENTFD_ASYNC,
	IORING_REGISTER_PROBE,
	IORING_REGISTER_PERSONALITY,
	IORING_UNREGISTER_PERSONALITY,
	IORING_REGISTER_RESTRICTIONS,
	IORING_REGISTER_ENABLE_RINGS,

	/* the tagged, extensible forms of the first few */
	IORING_REGISTER_FILES2,
	IORING_REGISTER_FILES_UPDATE2,
	IORING_REGISTER_BUFFERS2,
	IORING_REGISTER_BUFFERS_UPDATE,

	/* CPU affinity of the io-wq workers */
	IORING_REGISTER_IOWQ_AFF,
	IORING_UNREGISTER_IOWQ_AFF,

	/* read and set the bounded/unbounded io-wq worker limits */
	IORING_REGISTER_IOWQ_MAX_WORKERS,

	/* register ring descriptors for IORING_ENTER_REGISTERED_RING */
	IORING_REGISTER_RING_FDS,
	IORING_UNREGISTER_RING_FDS,

	/* provided buffer rings */
	IORING_REGISTER_PBUF_RING,
	IORING_UNREGISTER_PBUF_RING,

	/* cancel requests synchronously */
	IORING_REGISTER_SYNC_CANCEL,

	/* the fixed file range used for automatic slot allocation */
	IORING_REGISTER_FILE_ALLOC_RANGE,

	/* read the head of a provided buffer ring */
	IORING_REGISTER_PBUF_STATUS,

	/* NAPI busy polling */
	IORING_REGISTER_NAPI,
	IORING_UNREGISTER_NAPI,

	/* the clock used for waiting */
	IORING_REGISTER_CLOCK,

	/* copy registered buffers from another ring */
	IORING_REGISTER_CLONE_BUFFERS,

	/* run one IORING_OP_MSG_RING SQE without having a ring */
	IORING_REGISTER_SEND_MSG_RING,

	/* zero-copy receive interface queue */
	IORING_REGISTER_ZCRX_IFQ,

	/* change the ring sizes of a live ring */
	IORING_REGISTER_RESIZE_RINGS,

	IORING_REGISTER_MEM_REGION,

	/* ask the kernel what it supports */
	IORING_REGISTER_QUERY,

	/* control operations on a zero-copy receive instance */
	IORING_REGISTER_ZCRX_CTRL,

	/* attach a BPF filter to opcodes */
	IORING_REGISTER_BPF_FILTER,

	/* one past the highest opcode */
	IORING_REGISTER_LAST,

	/*
	 * Or'ed into the opcode: the fd argument is an index into the
	 * registered ring descriptors.
	 */
	IORING_REGISTER_USE_REGISTERED_RING = 1U << 31
};

/* io-wq worker pools, indexes of IORING_REGISTER_IOWQ_MAX_WORKERS */
enum io_wq_type {
	IO_WQ_BOUND,
	IO_WQ_UNBOUND,
};

/* deprecated; the same layout as struct io_uring_rsrc_update */
struct io_uring_files_update {
	__u32		offset;
	__u32		resv;
	__aligned_u64	fds;	/* __s32 array */
};

/* io_uring_region_desc.flags */
enum {
	/* the memory comes from the application at user_addr */
	IORING_MEM_REGION_TYPE_USER = 1,
};

/* Memory shared between application and kernel. */
struct io_uring_region_desc {
	__u64	user_addr;
	__u64	size;
	__u32	flags;
	__u32	id;
	__u64	mmap_offset;	/* output, for kernel allocated regions */
	__u64	__resv[4];
};

/* io_uring_mem_region_reg.flags */
enum {
	/* the region holds struct io_uring_reg_wait entries */
	IORING_MEM_REGION_REG_WAIT_ARG = 1,
};

/* Argument of IORING_REGISTER_MEM_REGION. */
struct io_uring_mem_region_reg {
	__u64	region_uptr;	/* struct io_uring_region_desc * */
	__u64	flags;
	__u64	__resv[2];
};

/* Argument of the tagged IORING_REGISTER_FILES2 and _BUFFERS2. */
struct io_uring_rsrc_register {
	__u32		nr;
	__u32		flags;
	__u64		resv2;
	__aligned_u64	data;
	__aligned_u64	tags;
};

/* io_uring_rsrc_register.flags */
/* register nr empty slots; data must be 0 */
#define IORING_RSRC_REGISTER_SPARSE	(1U << 0)

struct io_uring_rsrc_update {
	__u32		offset;
	__u32		resv;
	__aligned_u64	data;
};

struct io_uring_rsrc_update2 {
	__u32		offset;
	__u32		resv;
	__aligned_u64	data;
	__aligned_u64	tags;
	__u32		nr;
	__u32		resv2;
};

/* a descriptor of this value in a files update leaves the slot as it is */
#define IORING_REGISTER_FILES_SKIP	(-2)

/* io_uring_probe_op.flags */
#define IO_URING_OP_SUPPORTED	(1U << 0)

struct io_uring_probe_op {
	__u8	op;
	__u8	resv;
	__u16	flags;	/* IO_URING_OP_SUPPORTED */
	__u32	resv2;
};

/* Filled by IORING_REGISTER_PROBE. */
__extension__ struct io_uring_probe {
	__u8	last_op;	/* highest opcode the kernel knows */
	__u8	ops_len;	/* number of entries filled in ops[] */
	__u16	resv;
	__u32	resv2[3];
	struct io_uring_probe_op	ops[];
};

/* One rule for IORING_REGISTER_RESTRICTIONS. */
__extension__ struct io_uring_restriction {
	__u16	opcode;		/* enum io_uring_register_restriction_op */
	union {
		__u8	register_op;	/* IORING_RESTRICTION_REGISTER_OP */
		__u8	sqe_op;		/* IORING_RESTRICTION_SQE_OP */
		__u8	sqe_flags;	/* IORING_RESTRICTION_SQE_FLAGS_* */
	};
	__u8	resv;
	__u32	resv2[3];
};

/* A set of restrictions for a task rather than a single ring. */
__extension__ struct io_uring_task_restriction {
	__u16	flags;
	__u16	nr_res;
	__u32	resv[3];
	struct io_uring_restriction	restrictions[0];
};

/* Argument of IORING_REGISTER_CLOCK. */
struct io_uring_clock_register {
	__u32	clockid;
	__u32	__resv[3];
};

/* io_uring_clone_buffers.flags */
enum {
	/* src_fd is an index into the registered ring descriptors */
	IORING_REGISTER_SRC_REGISTERED	= (1U << 0),
	/* replace buffers already registered in the destination */
	IORING_REGISTER_DST_REPLACE	= (1U << 1),
};

/* Argument of IORING_REGISTER_CLONE_BUFFERS. */
struct io_uring_clone_buffers {
	__u32	src_fd;
	__u32	flags;
	__u32	src_off;
	__u32	dst_off;
	__u32	nr;
	__u32	pad[3];
};

/* One entry of a provided buffer ring. */
struct io_uring_buf {
	__u64	addr;
	__u32	len;
	__u16	bid;
	__u16	resv;
};

/*
 * A provided buffer ring. The ring tail lives in the reserved field of
 * the first entry, which keeps the entries at a 16-byte stride without a
 * separate header.
 */
__extension__ struct io_uring_buf_ring {
	union {
		struct {
			__u64	resv1;
			__u32	resv2;
			__u16	resv3;
			__u16	tail;
		};
		struct io_uring_buf	bufs[0];
	};
};

/* io_uring_buf_reg.flags */
enum io_uring_register_pbuf_ring_flags {
	/*
	 * The kernel allocates the ring and the application maps it at
	 * IORING_OFF_PBUF_RING with the group id; ring_addr must be 0.
	 */
	IOU_PBUF_RING_MMAP	= 1,
	/*
	 * Buffers are consumed a piece at a time: a receive takes only
	 * the bytes it needs and the rest stays at the head of the ring.
	 */
	IOU_PBUF_RING_INC	= 2,
};

/* Argument of IORING_(UN)REGISTER_PBUF_RING. */
struct io_uring_buf_reg {
	__u64	ring_addr;
	__u32	ring_entries;
	__u16	bgid;
	__u16	flags;
	__u32	min_left;
	__u32	resv[5];
};

/* Argument of IORING_REGISTER_PBUF_STATUS. */
struct io_uring_buf_status {
	__u32	buf_group;	/* input */
	__u32	head;		/* output */
	__u32	resv[8];
};

/* Argument of IORING_(UN)REGISTER_NAPI. */
struct io_uring_napi {
	__u32	busy_poll_to;	/* microseconds */
	__u8	prefer_busy_poll;
	__u8	pad[3];
	__u64	resv;
};

/* io_uring_restriction.opcode */
enum io_uring_register_restriction_op {
	/* allow one io_uring_register(2) opcode */
	IORING_RESTRICTION_REGISTER_OP		= 0,
	/* allow one SQE opcode */
	IORING_RESTRICTION_SQE_OP		= 1,
	/* SQE flags that may be set */
	IORING_RESTRICTION_SQE_FLAGS_ALLOWED	= 2,
	/* SQE flags that must be set */
	IORING_RESTRICTION_SQE_FLAGS_REQUIRED	= 3,

	IORING_RESTRICTION_LAST
};

/* io_uring_reg_wait.flags */
enum {
	/* ts holds a timeout */
	IORING_REG_WAIT_TS = (1U << 0),
};

/*
 * Wait arguments kept in a registered region, chosen by index with
 * IORING_ENTER_EXT_ARG_REG so nothing has to be copied on each wait.
 */
struct io_uring_reg_wait {
	struct __kernel_timespec	ts;
	__u32				min_wait_usec;
	__u32				flags;
	__u64				sigmask;
	__u32				sigmask_sz;
	__u32				pad[3];
	__u64				pad2[2];
};

/* The io_uring_enter(2) argument with IORING_ENTER_EXT_ARG. */
struct io_uring_getevents_arg {
	__u64	sigmask;
	__u32	sigmask_sz;
	__u32	min_wait_usec;
	__u64	ts;		/* struct __kernel_timespec * */
};

/* Argument of IORING_REGISTER_SYNC_CANCEL. */
struct io_uring_sync_cancel_reg {
	__u64				addr;
	__s32				fd;
	__u32				flags;
	struct __kernel_timespec	timeout;
	__u8				opcode;
	__u8				pad[7];
	__u64				pad2[3];
};

/* Argument of IORING_REGISTER_FILE_ALLOC_RANGE. */
struct io_uring_file_index_range {
	__u32	off;
	__u32	len;
	__u64	resv;
};

/*
 * Header the kernel writes at the start of each buffer used by a
 * multishot IORING_OP_RECVMSG; the name, control data and payload follow.
 */
struct io_uring_recvmsg_out {
	__u32	namelen;
	__u32	controllen;
	__u32	payloadlen;
	__u32	flags;
};

/* read/write attribute types, set in sqe->attr_type_mask */
#define IORING_RW_ATTR_FLAG_PI	(1U << 0)

/* Protection information attribute of a read or write. */
struct io_uring_attr_pi {
	__u16	flags;
	__u16	app_tag;
	__u32	len;
	__u64	addr;
	__u64	seed;
	__u64	rsvd;
};

/* SOCKET_URING_OP_* are the sqe->cmd_op values of socket commands */
enum io_uring_socket_op {
	SOCKET_URING_OP_SIOCINQ		= 0,
	SOCKET_URING_OP_SIOCOUTQ,
	SOCKET_URING_OP_GETSOCKOPT,
	SOCKET_URING_OP_SETSOCKOPT,
	SOCKET_URING_OP_TX_TIMESTAMP,
	SOCKET_URING_OP_GETSOCKNAME,
};

/*
 * SOCKET_URING_OP_TX_TIMESTAMP completions: the timestamp key is in
 * cqe->res, the timestamp in the second half of a 32-byte CQE as a
 * struct io_timespec, and its type in the cqe->flags bits from
 * IORING_TIMESTAMP_TYPE_SHIFT up.
 */
#define IORING_TIMESTAMP_HW_SHIFT	16
/* the timestamp comes from the hardware */
#define IORING_CQE_F_TSTAMP_HW		(1U << IORING_TIMESTAMP_HW_SHIFT)
#define IORING_TIMESTAMP_TYPE_SHIFT	(IORING_TIMESTAMP_HW_SHIFT + 1)

struct io_timespec {
	__u64	tv_sec;
	__u64	tv_nsec;
};

/* Zero-copy receive refill queue entry: a buffer given back to the NIC. */
struct io_uring_zcrx_rqe {
	__u64	off;
	__u32	len;
	__u32	__pad;
};

/* Second half of the 32-byte CQE of a zero-copy receive. */
struct io_uring_zcrx_cqe {
	__u64	off;
	__u64	__pad;
};

/*
 * io_uring_zcrx_cqe.off: the area id is in the top bits, the offset into
 * that area below them.
 */
#define IORING_ZCRX_AREA_SHIFT	48
#define IORING_ZCRX_AREA_MASK	(~((1ULL << IORING_ZCRX_AREA_SHIFT) - 1))

/* Where the fields of the refill queue are inside its region. */
struct io_uring_zcrx_offsets {
	__u32	head;
	__u32	tail;
	__u32	rqes;
	__u32	__resv2;
	__u64	__resv[2];
};

/* io_uring_zcrx_area_reg.flags */
enum io_uring_zcrx_area_flags {
	/* the area is a dma-buf given by dmabuf_fd, not user memory */
	IORING_ZCRX_AREA_DMABUF		= 1,
};

/* Memory that receives the packet payloads. */
struct io_uring_zcrx_area_reg {
	__u64	addr;
	__u64	len;
	__u64	rq_area_token;	/* output: area id for refill entries */
	__u32	flags;
	__u32	dmabuf_fd;
	__u64	__resv2[2];
};

/* io_uring_zcrx_ifq_reg.flags */
enum zcrx_reg_flags {
	/* share an instance exported by ZCRX_CTRL_EXPORT, not a new one */
	ZCRX_REG_IMPORT	= 1,
	/* not bound to a network device queue */
	ZCRX_REG_NODEV	= 2,
};

/* optional zero-copy receive features, reported by IO_URING_QUERY_ZCRX */
enum zcrx_features {
	/* the receive buffer size can be chosen with rx_buf_len */
	ZCRX_FEATURE_RX_PAGE_SIZE	= 1 << 0,
};

/* Argument of IORING_REGISTER_ZCRX_IFQ: bind a NIC receive queue. */
struct io_uring_zcrx_ifq_reg {
	__u32	if_idx;
	__u32	if_rxq;
	__u32	rq_entries;
	__u32	flags;

	__u64	area_ptr;	/* struct io_uring_zcrx_area_reg * */
	__u64	region_ptr;	/* struct io_uring_region_desc * */

	struct io_uring_zcrx_offsets	offsets;	/* output */
	__u32	zcrx_id;	/* output */
	__u32	rx_buf_len;
	__u64	__resv[3];
};

/* zcrx_ctrl.op */
enum zcrx_ctrl_op {
	ZCRX_CTRL_FLUSH_RQ,
	ZCRX_CTRL_EXPORT,

	__ZCRX_CTRL_LAST,
};

struct zcrx_ctrl_flush_rq {
	__u64	__resv[6];
};

struct zcrx_ctrl_export {
	__u32	zcrx_fd;	/* output: a descriptor for the instance */
	__u32	__resv1[11];
};

/* Argument of IORING_REGISTER_ZCRX_CTRL. */
__extension__ struct zcrx_ctrl {
	__u32	zcrx_id;
	__u32	op;		/* enum zcrx_ctrl_op */
	__u64	__resv[2];

	union {
		struct zcrx_ctrl_export		zc_export;
		struct zcrx_ctrl_flush_rq	zc_flush;
	};
};

#ifdef __cplusplus
}
#endif

/*
 * The IORING_REGISTER_QUERY and IORING_REGISTER_BPF_FILTER arguments have
 * headers of their own, as in the kernel; they come along so that this
 * one file describes the whole ABI.
 */
#include "io_uring/query.h"
#include "io_uring/bpf_filter.h"

/*
 * Tells <liburing.h> that this file, not an older copy of the kernel's
 * header (which uses the same include guard), defined the ABI.
 */
#define LIBURING_IO_URING_H_6_18	1

#endif /* LINUX_IO_URING_H */
