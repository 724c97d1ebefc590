/* SPDX-License-Identifier: MIT */
/*
 * Which opcodes the running kernel supports (IORING_REGISTER_PROBE, 5.6).
 */
#include <errno.h>
#include <stdlib.h>

#include "liburing.h"

/* The kernel never has more opcodes than fit in probe->last_op. */
#define PROBE_OPS	256

struct io_uring_probe *io_uring_get_probe_ring(struct io_uring *ring)
{
	struct io_uring_probe *probe;
	size_t size;
	int saved = errno;

	if (!ring)
		return NULL;

	size = sizeof(*probe) + PROBE_OPS * sizeof(struct io_uring_probe_op);
	/* Zeroed: the kernel rejects a probe buffer with anything set. */
	probe = calloc(1, size);
	errno = saved;
	if (!probe)
		return NULL;

	if (io_uring_register_probe(ring, probe, PROBE_OPS) < 0) {
		free(probe);
		return NULL;
	}
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
