/* SPDX-License-Identifier: MIT */
/*
 * Wrappers around io_uring_register(2). Each returns the kernel's result
 * (0, a count, or an id) or -errno.
 */
#include <string.h>

#include "liburing.h"
#include "int_flags.h"
#include "syscall.h"
#include "register.h"

/*
 * Register against the ring, through its registered index when the kernel
 * accepts one for io_uring_register() (IORING_FEAT_REG_REG_RING): that
 * skips the file table lookup, and is the only handle once the ring fd
 * itself has been closed.
 */
int __io_uring_do_register(struct io_uring *ring, unsigned int opcode,
			   const void *arg, unsigned int nr_args)
{
	int fd = ring->ring_fd;

	if (ring->int_flags & INT_FLAG_REG_REG_RING) {
		opcode |= IORING_REGISTER_USE_REGISTERED_RING;
		fd = ring->enter_ring_fd;
	}
	return __sys_io_uring_register(fd, opcode, arg, nr_args);
}

int io_uring_register_ring_fd(struct io_uring *ring)
{
	struct io_uring_rsrc_update up;
	int ret;

	if (ring->int_flags & INT_FLAG_REG_RING)
		return -EEXIST;

	memset(&up, 0, sizeof(up));
	up.offset = -1U;	/* any free slot */
	up.data = ring->ring_fd;
	ret = __io_uring_do_register(ring, IORING_REGISTER_RING_FDS, &up, 1);
	if (ret == 1) {
		ring->enter_ring_fd = up.offset;
		ring->int_flags |= INT_FLAG_REG_RING;
		if (ring->features & IORING_FEAT_REG_REG_RING)
			ring->int_flags |= INT_FLAG_REG_REG_RING;
	}
	return ret;
}

int io_uring_unregister_ring_fd(struct io_uring *ring)
{
	struct io_uring_rsrc_update up;
	int ret;

	if (!(ring->int_flags & INT_FLAG_REG_RING))
		return -EINVAL;

	memset(&up, 0, sizeof(up));
	up.offset = ring->enter_ring_fd;
	ret = __io_uring_do_register(ring, IORING_UNREGISTER_RING_FDS, &up, 1);
	if (ret == 1) {
		ring->enter_ring_fd = ring->ring_fd;
		ring->int_flags &= ~(INT_FLAG_REG_RING | INT_FLAG_REG_REG_RING);
	}
	return ret;
}

int io_uring_close_ring_fd(struct io_uring *ring)
{
	if (!(ring->features & IORING_FEAT_REG_REG_RING))
		return -EOPNOTSUPP;
	if (!(ring->int_flags & INT_FLAG_REG_RING))
		return -EINVAL;
	if (ring->ring_fd == -1)
		return -EBADF;

	__sys_close(ring->ring_fd);
	ring->ring_fd = -1;
	return 1;
}

/*
 * Post a CQE into the ring named by a MSG_RING SQE, without a source ring
 * (Linux 6.13). The SQE is read once, during the call.
 */
int io_uring_register_sync_msg(struct io_uring_sqe *sqe)
{
	/* NULL gets the kernel's answer to a NULL pointer: -EINVAL. */
	if (!sqe)
		return -EINVAL;
	return __sys_io_uring_register(-1, IORING_REGISTER_SEND_MSG_RING, sqe,
				       1);
}

/* Where the kernel is in buffer ring buf_group (Linux 6.8). */
int io_uring_buf_ring_head(struct io_uring *ring, int buf_group,
			   uint16_t *head)
{
	struct io_uring_buf_status status;
	int ret;

	memset(&status, 0, sizeof(status));
	status.buf_group = buf_group;
	ret = __io_uring_do_register(ring, IORING_REGISTER_PBUF_STATUS,
				     &status, 1);
	if (ret)
		return ret;
	*head = status.head;
	return 0;
}
