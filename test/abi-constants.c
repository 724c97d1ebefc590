/* SPDX-License-Identifier: MIT */
/*
 * Description: compare every constant of the installed headers with the
 * reference table (docs/api/constants.tsv): its value, its C type, and
 * whether it is a macro or an enumerator. The checks are generated from the
 * table by test/gen-const-check.sh.
 *
 * The type matters as much as the value: IORING_OFF_* must stay unsigned
 * long long so that an mmap() offset does not get sign-extended, and
 * flags built with 1U << 31 must stay unsigned int.
 */
#include <stdio.h>
#include <string.h>

#include "liburing.h"
#include "liburing/io_uring/query.h"
#include "liburing/io_uring/bpf_filter.h"

enum t_kind {
	T_MACRO,
	T_ENUM,
};

struct t_const {
	const char		*name;
	enum t_kind		kind;
	int			present;
	int			kind_ok;	/* declared as kind says */
	unsigned long long	value, want;
	const char		*type, *want_type;
};

/*
 * The name of the type of an integer constant expression. GCC and clang
 * accept _Generic in every language mode.
 */
#define T_TYPE_NAME(x)							\
	_Generic((x),							\
		 int: "int",						\
		 unsigned int: "unsigned int",				\
		 long: "long",						\
		 unsigned long: "unsigned long",			\
		 long long: "long long",				\
		 unsigned long long: "unsigned long long",		\
		 default: "something else")

#define T_CONST(name, lit, ctype, kind, ok)				\
	{ #name, kind, 1, ok, (unsigned long long) (name),		\
	  (unsigned long long) (lit), T_TYPE_NAME(name), ctype },
#define T_ABSENT(name, kind)						\
	{ #name, kind, 0, 0, 0, 0, NULL, NULL },

static const struct t_const t_consts[] = {
#include "abi-constants-check.h"
};

static const char *t_kind_name(enum t_kind kind)
{
	return kind == T_MACRO ? "a macro" : "an enumerator";
}

static int t_check(const struct t_const *c)
{
	int bad = 0;

	if (!c->present) {
		fprintf(stderr, "%s: not defined as a macro\n", c->name);
		return 1;
	}
	if (!c->kind_ok) {
		fprintf(stderr, "%s: should be %s\n", c->name,
			t_kind_name(c->kind));
		bad = 1;
	}
	if (c->value != c->want) {
		fprintf(stderr, "%s: value %#llx, table says %#llx\n",
			c->name, c->value, c->want);
		bad = 1;
	}
	if (strcmp(c->type, c->want_type)) {
		fprintf(stderr, "%s: type %s, table says %s\n", c->name,
			c->type, c->want_type);
		bad = 1;
	}
	return bad;
}

int main(void)
{
	const size_t nr = sizeof(t_consts) / sizeof(t_consts[0]);
	unsigned int failed = 0;
	size_t i;

	for (i = 0; i < nr; i++)
		failed += t_check(&t_consts[i]);

	if (failed) {
		fprintf(stderr, "abi-constants: %u of %zu constants differ "
			"from the table\n", failed, nr);
		return 1;
	}
	return 0;
}
