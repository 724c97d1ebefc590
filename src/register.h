/* SPDX-License-Identifier: MIT */
/* How the library reaches io_uring_register(2) for a ring (register.c). */
#ifndef LIBURING_REGISTER_H
#define LIBURING_REGISTER_H

/* Library-internal: never exported from liburing.so, whatever the map. */
#pragma GCC visibility push(hidden)

struct io_uring;

/* io_uring_register() against ring, via its registered index if any. */
int __uringi_register(struct io_uring *ring, unsigned int opcode,
		      const void *arg, unsigned int nr_args);

#pragma GCC visibility pop

#endif
