/* SPDX-License-Identifier: MIT */
/*
 * The shared libraries export what docs/api/symbol-versions.tsv lists (the
 * 2.15 table plus the one 2.16 addition, io_uring_prep_cmd_zone_reset_all
 * at LIBURING_2.16 in liburing-ffi), each symbol at its version node as
 * the default version, and nothing else.
 * Read with nm(1): `nm -D --with-symbol-versions`.
 *
 * Every listed symbol must be there. The only additions allowed are our
 * documented uringx_* extensions, at their own LIBURING_EXT_* node, and
 * every one the version script names there must be exported: liburing-ffi
 * also exports the inline extension helpers, callable through dlvsym().
 */
#include <dlfcn.h>
#include <libgen.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "liburing/ext.h"

#define MAX_SYMS	1024

struct sym {
	char name[256];
	char node[256];
	bool is_default;	/* name@@node rather than name@node */
	bool seen;
};

static char top[1024];

static struct sym *find(struct sym *syms, int nr, const char *name)
{
	int i;

	for (i = 0; i < nr; i++)
		if (!strcmp(syms[i].name, name))
			return &syms[i];
	return NULL;
}

/* Defined symbols and version nodes of lib, as nm reports them. */
static int read_nm(const char *lib, struct sym *syms, char nodes[][256],
		   int *nr_nodes)
{
	char cmd[PATH_MAX + 64], line[512];
	int nr = 0, status;
	FILE *p;

	snprintf(cmd, sizeof(cmd),
		 "nm -D --with-symbol-versions --defined-only '%s' 2>&1", lib);
	p = popen(cmd, "r");
	t_assert(p, "popen nm");
	*nr_nodes = 0;
	while (fgets(line, sizeof(line), p)) {
		char addr[64], type[8], name[256], *at;

		if (sscanf(line, "%63s %7s %255s", addr, type, name) != 3)
			continue;
		if (!strcmp(type, "A")) {
			t_assert(*nr_nodes < 64, "too many version nodes");
			snprintf(nodes[(*nr_nodes)++], 256, "%s", name);
			continue;
		}
		at = strchr(name, '@');
		if (!at)
			continue;
		t_assert(nr < MAX_SYMS, "too many symbols");
		*at = '\0';
		snprintf(syms[nr].name, sizeof(syms[nr].name), "%s", name);
		syms[nr].is_default = at[1] == '@';
		snprintf(syms[nr].node, sizeof(syms[nr].node), "%s",
			 at + 1 + syms[nr].is_default);
		syms[nr].seen = false;
		nr++;
	}
	status = pclose(p);
	t_assert(status == 0, "nm %s failed (status %d)", lib, status);
	return nr;
}

/* The group column of functions.tsv for name, or "" when not listed. */
static const char *group_of(const char *name)
{
	static char group[64];
	char path[1100], line[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s/docs/api/functions.tsv", top);
	f = fopen(path, "r");
	t_assert(f, "open %s", path);
	group[0] = '\0';
	while (fgets(line, sizeof(line), f)) {
		char *field[8], *save = NULL, *tok;
		int n = 0;

		for (tok = strtok_r(line, "\t\n", &save); tok && n < 8;
		     tok = strtok_r(NULL, "\t\n", &save))
			field[n++] = tok;
		if (n >= 7 && !strcmp(field[0], name)) {
			snprintf(group, sizeof(group), "%s", field[6]);
			break;
		}
	}
	fclose(f);
	return group;
}

static bool group_required(const char *group)
{
	(void) group;
	return true;
}

/*
 * Every name the version script src/MAP.map puts at LIBURING_EXT_1 is
 * exported there as the default version. (A name a version script lists
 * but no object defines is dropped by the linker without a word.)
 */
static int check_ext_node(const char *map, const char *lib, struct sym *syms,
			  int nr)
{
	char path[1100], line[512], name[128];
	bool in_node = false;
	int listed = 0;
	struct sym *s;
	FILE *f;

	snprintf(path, sizeof(path), "%s/src/%s.map", top, map);
	f = fopen(path, "r");
	t_assert(f, "open %s", path);
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "LIBURING_EXT_1 {", 16)) {
			in_node = true;
			continue;
		}
		if (!in_node)
			continue;
		if (line[0] == '}')
			break;
		if (sscanf(line, " %127[a-z0-9_];", name) != 1 ||
		    strncmp(name, "uringx_", 7))
			continue;
		s = find(syms, nr, name);
		t_assert(s, "%s: %s (LIBURING_EXT_1) not exported", lib, name);
		t_assert(!strcmp(s->node, "LIBURING_EXT_1") && s->is_default,
			 "%s: %s is at %s%s, expected @@LIBURING_EXT_1", lib,
			 name, s->is_default ? "@@" : "@", s->node);
		listed++;
	}
	fclose(f);
	t_assert(listed, "%s: no LIBURING_EXT_1 node in %s", lib, path);
	return listed;
}

/*
 * liburing-ffi's uringx_caps_has_opcode is a real function at
 * LIBURING_EXT_1 that answers as the inline in <liburing/ext.h> does.
 */
static void call_ffi_inline(const char *lib)
{
	int (*has_opcode)(const struct uringx_caps *, unsigned int);
	struct uringx_caps caps;
	unsigned int op;
	void *handle;

	handle = dlopen(lib, RTLD_NOW | RTLD_LOCAL);
	t_assert(handle, "dlopen %s: %s", lib, dlerror());
	has_opcode = (int (*)(const struct uringx_caps *, unsigned int))
		dlvsym(handle, "uringx_caps_has_opcode", "LIBURING_EXT_1");
	t_assert(has_opcode, "%s: no uringx_caps_has_opcode@LIBURING_EXT_1",
		 lib);

	memset(&caps, 0, sizeof(caps));
	caps.opcodes[0] = 1ULL << 3;
	caps.opcodes[1] = 1ULL << 0;
	caps.opcodes[3] = 1ULL << 63;
	for (op = 0; op < 300; op++)
		t_eq(has_opcode(&caps, op), uringx_caps_has_opcode(&caps, op));
	t_eq(has_opcode(&caps, 3), 1);
	t_eq(has_opcode(&caps, 64), 1);
	t_eq(has_opcode(&caps, 255), 1);
	t_eq(has_opcode(&caps, 4), 0);
	t_eq(has_opcode(&caps, 256), 0);
	dlclose(handle);
}

/* Compare lib against the rows of symbol-versions.tsv for map. */
static void check_lib(const char *map, const char *lib)
{
	static struct sym syms[MAX_SYMS];
	static char nodes[64][256];
	char path[1100], line[512];
	int nr, nr_nodes, i, listed = 0, to_come = 0;
	FILE *f;

	nr = read_nm(lib, syms, nodes, &nr_nodes);

	snprintf(path, sizeof(path), "%s/docs/api/symbol-versions.tsv", top);
	f = fopen(path, "r");
	t_assert(f, "open %s", path);
	while (fgets(line, sizeof(line), f)) {
		char m[32], node[32], parent[32], scope[16], name[128];
		struct sym *s;
		int j;

		if (sscanf(line, "%31s %31s %31s %15s %127s", m, node, parent,
			   scope, name) != 5 || strcmp(m, map))
			continue;

		/* Every node is defined, even one without symbols. */
		for (j = 0; j < nr_nodes; j++)
			if (!strcmp(nodes[j], node))
				break;
		if (j == nr_nodes)
			t_fail("%s: version node %s missing", lib, node);

		if (strcmp(scope, "global") || !strcmp(name, "-"))
			continue;
		listed++;
		s = find(syms, nr, name);
		if (!s) {
			const char *group = group_of(name);

			if (group_required(group))
				t_fail("%s: %s (%s) not exported", lib, name,
				       group);
			to_come++;
			continue;
		}
		if (strcmp(s->node, node) || !s->is_default)
			t_fail("%s: %s is at %s%s, expected @@%s", lib, name,
			       s->is_default ? "@@" : "@", s->node, node);
		s->seen = true;
	}
	fclose(f);

	for (i = 0; i < nr; i++)
		if (!syms[i].seen && !strncmp(syms[i].node, "LIBURING_", 9) &&
		    !(!strncmp(syms[i].node, "LIBURING_EXT_", 13) &&
		      !strncmp(syms[i].name, "uringx_", 7)))
			t_fail("%s: %s@%s is exported but not listed", lib,
			       syms[i].name, syms[i].node);

	printf("%s: %d listed, %d exported as listed, %d to come, %d extensions\n",
	       lib, listed, listed - to_come, to_come,
	       check_ext_node(map, lib, syms, nr));
}

int main(int argc, char *argv[])
{
	char exe[1000], lib[1100];

	if (system("command -v nm >/dev/null 2>&1"))
		t_skip("nm(1) is not installed");

	/* The tree this test was built in: the parent of test/. */
	snprintf(exe, sizeof(exe), "%s", argv[0]);
	snprintf(top, sizeof(top), "%s/..", dirname(exe));

	snprintf(lib, sizeof(lib), "%s/src/liburing-ffi.so.2", top);
	if (access(lib, R_OK))
		t_skip("no shared liburing-ffi was built (%s)", lib);
	check_lib("liburing-ffi", lib);
	call_ffi_inline(lib);

	snprintf(lib, sizeof(lib), "%s/src/liburing.so.2", top);
	check_lib("liburing", lib);
	return T_PASS;
}
