/* SPDX-License-Identifier: MIT */
/*
 * io_uring_for_each_cqe(): visits every posted CQE in order without
 * consuming any, leaves cqe NULL (README: not 2.15) and head at the tail
 * when it runs to the end, stops on break with cqe and head at the CQE it
 * stopped on, and honours continue. On a CQE32 ring each CQE is 32 bytes;
 * on a CQE_MIXED ring a big CQE (IORING_CQE_F_32) is stepped over as two
 * slots and the kernel's fillers (IORING_CQE_F_SKIP) are shown, one slot
 * each. Two walks
 * nested in one function compile without warnings, -Wshadow included, in
 * every C and C++ mode we promise (and gnu89).
 */
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "prep-util.h"

/*
 * cqe is NULL once a walk has run to its end. README: 2.15's macro leaves
 * it at the last CQE, so with its headers this is not checked.
 */
#define t_walk_ended(cqe)						\
	t_assert(t_peer_headers() || (cqe) == NULL,			\
		 "%s not NULL after the walk", #cqe)

/* Queue nr nops with user_data first, first + 1, ... and wait for them. */
static void post_nops(struct io_uring *ring, unsigned int nr, __u64 first)
{
	struct io_uring_cqe *cqe;
	unsigned int i;

	for (i = 0; i < nr; i++)
		t_queue_nop(ring, first + i, false);
	t_submit(ring, (int) nr);
	t_eq(io_uring_wait_cqe_nr(ring, &cqe, nr), 0);
	t_eq(io_uring_cq_ready(ring), nr);
}

static void plain_ring(void)
{
	static struct io_uring_cqe sentinel;
	struct io_uring ring, other;
	struct io_uring_cqe *cqe, *inner;
	unsigned int head, head2, start, seen, pairs;
	unsigned int round;

	t_ring_init(&ring, 8, 0);
	t_ring_init(&other, 8, 0);
	/* Rounds 1 and on wrap around the 16-slot CQ. */
	for (round = 0; round < 4; round++) {
		post_nops(&ring, 6, 1);
		start = *ring.cq.khead;

		/* The whole walk: every CQE in order, then cqe NULL. */
		seen = 0;
		cqe = &sentinel;
		io_uring_for_each_cqe(&ring, head, cqe) {
			t_eq(head, start + seen);
			t_assert(cqe == &ring.cq.cqes[head & ring.cq.ring_mask],
				 "CQE %u at the wrong slot", seen);
			seen++;
			t_eq(cqe->user_data, seen);
			t_eq(cqe->res, 0);
			t_eq(cqe->flags, 0);
		}
		t_eq(seen, 6);
		t_walk_ended(cqe);
		t_eq(head, start + 6);
		/* Nothing consumed. */
		t_eq(io_uring_cq_ready(&ring), 6);

		/* break leaves cqe and head on the CQE it stopped at. */
		io_uring_for_each_cqe(&ring, head, cqe) {
			if (cqe->user_data == 3)
				break;
		}
		t_assert(cqe != NULL, "break lost the CQE");
		t_eq(cqe->user_data, 3);
		t_eq(head, start + 2);

		/* continue goes on to the next CQE. */
		seen = 0;
		io_uring_for_each_cqe(&ring, head, cqe) {
			if (cqe->user_data % 2)
				continue;
			seen += (unsigned int) cqe->user_data;
		}
		t_eq(seen, 2 + 4 + 6);
		t_walk_ended(cqe);

		/* Nested, over another ring and over this one. */
		post_nops(&other, 3, 11);
		pairs = 0;
		io_uring_for_each_cqe(&ring, head, cqe) {
			io_uring_for_each_cqe(&other, head2, inner) {
				t_eq(inner->user_data, 11 + head2 -
				     *other.cq.khead);
				pairs++;
			}
			t_walk_ended(inner);
			io_uring_for_each_cqe(&ring, head2, inner)
				pairs += inner == cqe;
		}
		t_eq(pairs, 6 * 3 + 6);
		io_uring_cq_advance(&other, 3);

		io_uring_cq_advance(&ring, 6);
		seen = 0;
		io_uring_for_each_cqe(&ring, head, cqe)
			seen++;
		t_eq(seen, 0);
		t_walk_ended(cqe);
	}
	t_expect_no_cqe(&ring, 10);
	t_expect_no_cqe(&other, 10);
	io_uring_queue_exit(&ring);
	io_uring_queue_exit(&other);
}

static void cqe32_ring(void)
{
	struct io_uring ring;
	struct io_uring_cqe *cqe;
	unsigned int head, seen, round;
	int ret;

	ret = io_uring_queue_init(4, &ring, IORING_SETUP_CQE32);
	if (ret == -EINVAL) {
		printf("note: no CQE32 rings: part skipped\n");
		return;
	}
	t_eq(ret, 0);
	for (round = 0; round < 3; round++) {
		post_nops(&ring, 4, 1);
		seen = 0;
		io_uring_for_each_cqe(&ring, head, cqe) {
			/* 32-byte slots: two struct io_uring_cqe apart. */
			t_assert(cqe == &ring.cq.cqes[(head & ring.cq.ring_mask)
						       << 1],
				 "CQE %u at the wrong slot", seen);
			seen++;
			t_eq(cqe->user_data, seen);
			t_eq(cqe->res, 0);
			t_eq(cqe->flags, 0);
		}
		t_eq(seen, 4);
		t_walk_ended(cqe);
		io_uring_cq_advance(&ring, 4);
	}
	t_expect_no_cqe(&ring, 10);
	io_uring_queue_exit(&ring);
}

static void mixed_ring(void)
{
	struct io_uring_params p = { 0 };
	struct io_uring_cqe *cqe;
	struct io_uring ring;
	unsigned int head, slots, seen, fillers = 0, round;
	int ret;

	/* 8 slots: small, small, big, small soon straddles the end. */
	p.flags = IORING_SETUP_CQE_MIXED | IORING_SETUP_CQSIZE;
	p.cq_entries = 8;
	ret = io_uring_queue_init_params(4, &ring, &p);
	if (ret == -EINVAL) {
		printf("note: no CQE_MIXED rings: part skipped\n");
		return;
	}
	t_eq(ret, 0);
	for (round = 0; round < 6; round++) {
		t_queue_nop(&ring, 1, false);
		t_queue_nop(&ring, 2, false);
		t_queue_nop(&ring, 3, true);
		t_queue_nop(&ring, 4, false);
		t_submit(&ring, 4);
		t_eq(io_uring_wait_cqe_nr(&ring, &cqe, 4), 0);
		slots = seen = 0;
		io_uring_for_each_cqe(&ring, head, cqe) {
			t_eq(head, *ring.cq.khead + slots);
			slots += io_uring_cqe_nr(cqe);
			if (cqe->flags & IORING_CQE_F_SKIP) {
				t_eq(io_uring_cqe_nr(cqe), 1);
				fillers++;
				continue;
			}
			seen++;
			t_eq(cqe->user_data, seen);
			t_eq(cqe->res, 0);
			t_eq(cqe->flags, seen == 3 ? IORING_CQE_F_32 : 0);
		}
		t_eq(seen, 4);
		t_walk_ended(cqe);
		t_eq(slots, io_uring_cq_ready(&ring));
		io_uring_cq_advance(&ring, slots);
	}
	t_assert(fillers > 0, "no filler CQE was ever posted");
	t_expect_no_cqe(&ring, 10);
	io_uring_queue_exit(&ring);
}

/* A function with two nested walks, as a user would write it. */
static const char nested[] =
	"#include <liburing.h>\n"
	"int pairs(struct io_uring *a, struct io_uring *b)\n"
	"{\n"
	"	struct io_uring_cqe *cqe, *cqe2;\n"
	"	unsigned head, head2;\n"
	"	int n = 0;\n"
	"\n"
	"	io_uring_for_each_cqe(a, head, cqe) {\n"
	"		if (cqe->res < 0)\n"
	"			continue;\n"
	"		io_uring_for_each_cqe(b, head2, cqe2) {\n"
	"			if (cqe2->res == cqe->res)\n"
	"				break;\n"
	"			n++;\n"
	"		}\n"
	"	}\n"
	"	io_uring_for_each_cqe(a, head, cqe)\n"
	"		n++;\n"
	"	return n + (cqe == 0);\n"
	"}\n";

struct mode {
	const char *compiler;
	const char *lang;
	const char *flags;
};

/*
 * g++ -Wshadow also flags the function io_uring_clone_buffers() hiding
 * the struct of the same name (both are liburing's API): there only the
 * local shadowing this is about is checked.
 */
static const struct mode modes[] = {
	{ "gcc", "c", "-std=gnu89 -Wshadow" },
	{ "gcc", "c", "-std=c99 -pedantic -Wshadow" },
	{ "gcc", "c", "-std=c11 -pedantic -Wshadow" },
	{ "clang", "c", "-std=gnu89 -Wshadow" },
	{ "clang", "c", "-std=c99 -pedantic -Wshadow" },
	{ "clang", "c", "-std=c17 -pedantic -Wshadow" },
	{ "g++", "c++", "-std=c++11 -pedantic -Wshadow=local" },
	{ "g++", "c++", "-std=c++20 -pedantic -Wshadow=local" },
	{ "clang++", "c++", "-std=c++11 -pedantic -Wshadow" },
	{ "clang++", "c++", "-std=c++20 -pedantic -Wshadow" },
};

static void nested_compiles(void)
{
	char path[64], cmd[512];
	unsigned int i, built = 0;
	int failed = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/tmp/liburing-foreach-%d",
		 (int) getpid());
	f = fopen(path, "w");
	t_assert(f, "create %s", path);
	fputs(nested, f);
	t_assert(fclose(f) == 0, "write %s", path);
	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		const struct mode *m = &modes[i];

		snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1",
			 m->compiler);
		if (system(cmd))
			continue;
		snprintf(cmd, sizeof(cmd),
			 "%s -x %s %s -Wall -Wextra -Werror -Iinclude "
			 "-fsyntax-only %s >%s.log 2>&1", m->compiler, m->lang,
			 m->flags, path, path);
		if (system(cmd)) {
			printf("FAILED: %s\n", cmd);
			snprintf(cmd, sizeof(cmd), "head -5 %s.log", path);
			if (system(cmd))
				printf("(no log)\n");
			failed++;
		}
		built++;
	}
	unlink(path);
	snprintf(cmd, sizeof(cmd), "%s.log", path);
	unlink(cmd);
	t_assert(built, "no compiler found");
	t_assert(!failed, "%d of %u compilations failed", failed, built);
}

int main(void)
{
	plain_ring();
	cqe32_ring();
	mixed_ring();
	/* The header under test is ours: the compile checks use include/. */
	if (!t_peer_headers())
		nested_compiles();
	return T_PASS;
}
