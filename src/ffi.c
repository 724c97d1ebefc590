/* SPDX-License-Identifier: MIT */
/*
 * liburing-ffi: with IOURINGINLINE defined empty, every inline helper of
 * <liburing.h> is compiled here as an ordinary exported function, from the
 * very same source the inline copies come from.
 *
 * Why some of those helpers are written as they are. The notes live here
 * rather than in the public header, which only says what a helper does.
 *
 * - __io_uring_rare() asks for a branch probability, not just "unlikely":
 *   for the SQE128/CQE32 index shift gcc then keeps a branch around the
 *   one-instruction adjustment instead of computing both results and
 *   selecting, one instruction less per SQE and per CQE.
 *
 * - __io_uring_cqe_index() tests the CQE32 flag and shifts rarely, which
 *   is cheaper than deriving the shift from the flags for every CQE.
 *
 * - io_uring_skip_cqe() reads cqe->res and, for padding, cqe->flags again
 *   through IO_URING_READ_ONCE(): the compiler cannot merge those loads
 *   with the first test of the flags, so that test stays one instruction
 *   on memory on the path every CQE takes.
 *
 * - io_uring_wait_cqe_nr() hands __io_uring_get_cqe() the address of a
 *   local, never the caller's variable, so io_uring_wait_cqe() and
 *   io_uring_peek_cqe() can keep the caller's CQE pointer in a register
 *   on their fast path.
 *
 * - io_uring_load_sq_head() takes the acquire on every ring: it is free
 *   on x86 and cheap elsewhere, while testing for SQPOLL first would cost
 *   a branch per SQE.
 *
 * - __io_uring_clear_sqe() clears all 64 bytes: four 16-byte stores cost
 *   less than the eight narrow, non-adjacent ones that clearing only the
 *   fields io_uring_initialize_sqe() touches would take.
 */
#define IOURINGINLINE
#include "liburing.h"
