/* SPDX-License-Identifier: MIT */
/*
 * Description: compare the layout of every ABI struct with the reference
 * table (test/abi-layout.tsv): the offset and size of each member, and the
 * size and alignment of each struct. The checks are generated from the
 * table by test/gen-abi-check.sh, so a struct that drifts from the table
 * is caught here rather than by a kernel that reads the wrong bytes.
 *
 * The table was measured on an LP64 target. Elsewhere the structs of
 * liburing.h (they hold pointers) and all alignments are left out; the
 * kernel ABI structs must keep their offsets and sizes on every target.
 */
#include <stddef.h>
#include <stdio.h>

#include "liburing.h"
#include "liburing/io_uring/query.h"
#include "liburing/io_uring/bpf_filter.h"

/* struct open_how is only ever used through a pointer by liburing.h */
#include <linux/openat2.h>
/*
 * struct futex_waitv comes either from the system or, on older systems,
 * from compat.h, which then defines FUTEX_WAITV_MAX as well.
 */
#ifndef FUTEX_WAITV_MAX
#include <linux/futex.h>
#endif

#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
#define T_ALIGNOF(type)	_Alignof(type)
#else
#define T_ALIGNOF(type)	__alignof__(type)
#endif

enum t_check {
	T_CHECK_SIZE,		/* sizeof and alignment of the struct */
	T_CHECK_FIELD,		/* offset and size of a member */
	T_CHECK_OFFSET,		/* offset of a flexible array member */
};

struct t_row {
	const char	*type;
	const char	*field;
	enum t_check	check;
	int		native;		/* layout depends on pointer size */
	size_t		offset, size, align;	/* what the compiler made */
	size_t		want_offset, want_size, want_align;
};

#define T_SIZE(s, sz, al, nat)						\
	{ #s, "(sizeof)", T_CHECK_SIZE, nat,				\
	  0, sizeof(struct s), T_ALIGNOF(struct s), 0, sz, al },
#define T_FIELD(s, f, off, sz, nat)					\
	{ #s, #f, T_CHECK_FIELD, nat,					\
	  offsetof(struct s, f), sizeof(((struct s *)0)->f), 0,		\
	  off, sz, 0 },
#define T_OFFSET(s, f, off, nat)					\
	{ #s, #f, T_CHECK_OFFSET, nat,					\
	  offsetof(struct s, f), 0, 0, off, 0, 0 },

static const struct t_row t_rows[] = {
#include "abi-layout-check.h"
};

static int t_mismatch(const struct t_row *r, const char *what, size_t got,
		      size_t want)
{
	if (got == want)
		return 0;
	fprintf(stderr, "struct %s %s: %s is %zu, table says %zu\n",
		r->type, r->field, what, got, want);
	return 1;
}

int main(void)
{
	const size_t nr_rows = sizeof(t_rows) / sizeof(t_rows[0]);
	/* LP64 is where the table was measured */
	const int lp64 = sizeof(void *) == 8 && sizeof(long) == 8;
	unsigned int checked = 0, failed = 0, skipped = 0;
	size_t i;

	for (i = 0; i < nr_rows; i++) {
		const struct t_row *r = &t_rows[i];
		int bad = 0;

		if (r->native && !lp64) {
			skipped++;
			continue;
		}
		switch (r->check) {
		case T_CHECK_SIZE:
			bad |= t_mismatch(r, "size", r->size, r->want_size);
			if (lp64)
				bad |= t_mismatch(r, "alignment", r->align,
						  r->want_align);
			break;
		case T_CHECK_FIELD:
			bad |= t_mismatch(r, "offset", r->offset,
					  r->want_offset);
			bad |= t_mismatch(r, "size", r->size, r->want_size);
			break;
		case T_CHECK_OFFSET:
			bad |= t_mismatch(r, "offset", r->offset,
					  r->want_offset);
			break;
		}
		checked++;
		if (bad)
			failed++;
	}

	if (!checked) {
		fprintf(stderr, "abi-layout: no rows were checked\n");
		return 1;
	}
	if (failed) {
		fprintf(stderr, "abi-layout: %u of %u rows differ from the "
			"table\n", failed, checked);
		return 1;
	}
	if (skipped)
		printf("abi-layout: %u rows skipped, they hold pointers and "
		       "this is not LP64\n", skipped);
	return 0;
}
