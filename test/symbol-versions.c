/* SPDX-License-Identifier: MIT */
/*
 * Every symbol liburing.so exports carries the version node liburing 2.15
 * gives it (docs/api/symbol-versions.tsv), nothing else is exported, and
 * every family is there; only our uringx_ extensions, at their own
 * LIBURING_EXT_ node, may be added. The table's LIBURING_2.16 node is
 * empty here: its one function is inline, exported by liburing-ffi only.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"

#define MAX_SYMS	512

struct sym {
	char name[96];
	char node[32];
	char group[32];
	bool found;
};

static struct sym syms[MAX_SYMS];
static int nr_syms;

/* Every family is implemented: each of their symbols must exist. */
static const char *const required_groups[] = {
	"register", "buffer-ring", "misc", "setup", "queue-submit-wait",
	"cqe-access", "sqe-prep", "version", NULL,
};

static FILE *open_first(const char *a, const char *b)
{
	FILE *f = fopen(a, "r");

	return f ? f : fopen(b, "r");
}

static struct sym *lookup(const char *name)
{
	int i;

	for (i = 0; i < nr_syms; i++)
		if (!strcmp(syms[i].name, name))
			return &syms[i];
	return NULL;
}

static void load_versions(void)
{
	char line[512], map[32], node[32], parent[32], scope[32], name[96];
	FILE *f = open_first("docs/api/symbol-versions.tsv",
			     "../docs/api/symbol-versions.tsv");

	if (!f)
		t_skip("docs/api/symbol-versions.tsv not found");
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%31s %31s %31s %31s %95s", map, node, parent,
			   scope, name) != 5)
			continue;
		if (strcmp(map, "liburing") || strcmp(scope, "global") ||
		    !strcmp(name, "-"))
			continue;
		t_assert(nr_syms < MAX_SYMS, "too many symbols");
		snprintf(syms[nr_syms].name, sizeof(syms[0].name), "%s", name);
		snprintf(syms[nr_syms].node, sizeof(syms[0].node), "%s", node);
		nr_syms++;
	}
	fclose(f);
	t_assert(nr_syms > 80, "only %d symbols in the table", nr_syms);
}

static void load_groups(void)
{
	char line[1024], *name, *group;
	FILE *f = open_first("docs/api/functions.tsv",
			     "../docs/api/functions.tsv");
	struct sym *s;
	int col;

	if (!f)
		t_skip("docs/api/functions.tsv not found");
	while (fgets(line, sizeof(line), f)) {
		name = group = NULL;
		col = 0;
		for (char *tok = strtok(line, "\t\n"); tok;
		     tok = strtok(NULL, "\t\n"), col++) {
			if (col == 0)
				name = tok;
			else if (col == 6)
				group = tok;
		}
		if (!name || !group)
			continue;
		s = lookup(name);
		if (s)
			snprintf(s->group, sizeof(s->group), "%s", group);
	}
	fclose(f);
}

static bool required(const struct sym *s)
{
	int i;

	for (i = 0; required_groups[i]; i++)
		if (!strcmp(s->group, required_groups[i]))
			return true;
	return false;
}

int main(void)
{
	char line[512], addr[64], type[8], full[160], *at;
	const char *node;
	int i, bad = 0, checked = 0;
	struct sym *s;
	FILE *nm;

	load_versions();
	load_groups();

	if (access("src/liburing.so.2", R_OK))
		t_skip("src/liburing.so.2 not built (static-only build?)");
	nm = popen("nm -D --with-symbol-versions --defined-only "
		   "src/liburing.so.2 2>/dev/null", "r");
	if (!nm)
		t_skip("cannot run nm");
	while (fgets(line, sizeof(line), nm)) {
		if (sscanf(line, "%63s %7s %159s", addr, type, full) != 3)
			continue;
		/* The version nodes themselves. */
		if (!strcmp(type, "A"))
			continue;
		at = strchr(full, '@');
		if (!at) {
			printf("%s is exported without a version\n", full);
			bad++;
			continue;
		}
		*at = 0;
		node = at + 1 + (at[1] == '@');
		s = lookup(full);
		/* Our documented extensions live at a node of their own. */
		if (!s && !strncmp(full, "uringx_", 7) &&
		    !strncmp(node, "LIBURING_EXT_", 13))
			continue;
		if (!s) {
			printf("%s@%s is not a liburing 2.15 symbol\n", full,
			       node);
			bad++;
			continue;
		}
		s->found = true;
		checked++;
		if (strcmp(node, s->node)) {
			printf("%s is at %s, liburing has it at %s\n", full,
			       node, s->node);
			bad++;
		}
	}
	if (pclose(nm) != 0 && !checked)
		t_skip("nm failed or is not installed");

	for (i = 0; i < nr_syms; i++) {
		if (syms[i].found)
			continue;
		if (required(&syms[i])) {
			printf("%s (%s) is missing\n", syms[i].name,
			       syms[i].group);
			bad++;
		} else {
			printf("note: %s (%s) not exported yet\n",
			       syms[i].name, syms[i].group);
		}
	}
	t_assert(!bad, "%d symbol version problems", bad);
	return T_PASS;
}
