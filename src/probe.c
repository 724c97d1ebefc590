/* SPDX-License-Identifier: MIT */
/*
 * Which opcodes the running kernel supports (IORING_REGISTER_PROBE, 5.6).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "liburing.h"

/* Room for every opcode the kernel can report: last_op is a __u8. */
#define PROBE_SLOTS	(UINT8_MAX + 1)

struct io_uring_probe *io_uring_get_probe_ring(struct io_uring *ring)
{
	const size_t bytes = sizeof(struct io_uring_probe) +
			     PROBE_SLOTS * sizeof(struct io_uring_probe_op);
	struct io_uring_probe *probe = NULL;
	int caller_errno = errno;

	/* Zeroed: the kernel refuses a probe buffer with anything set. */
	if (ring)
		probe = calloc(1, bytes);
	if (probe && io_uring_register_probe(ring, probe, PROBE_SLOTS) < 0) {
		free(probe);
		probe = NULL;
	}
	/* A NULL return is the whole answer: errno stays the caller's. */
	errno = caller_errno;
	return probe;
}

/* The same, from a small ring made for the purpose. */
struct io_uring_probe *io_uring_get_probe(void)
{
	struct io_uring_probe *probe;
	struct io_uring ring;

	if (io_uring_queue_init(2, &ring, 0) < 0)
		return NULL;
	probe = io_uring_get_probe_ring(&ring);
	io_uring_queue_exit(&ring);
	return probe;
}

void io_uring_free_probe(struct io_uring_probe *probe)
{
	free(probe);
}
