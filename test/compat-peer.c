/* SPDX-License-Identifier: MIT */
/*
 * Binary drop-in: programs compiled and linked against the distribution's
 * liburing (Debian's 2.3: headers in /usr/include, liburing.so.2 in the
 * system library path) must run unchanged on our liburing.so.2, and print
 * exactly what they print on the system's library.
 *
 * test/compat/peer-nop.c also reports which library served it, to prove
 * LD_LIBRARY_PATH took effect. Skips when the peer is not installed
 * (.ci/run installs liburing-dev).
 */
#include <limits.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "helpers.h"

#define OUT_MAX 8192

/* Run cmd, collect its stdout without "library:" lines into out. */
static int run(const char *cmd, char *out, bool *saw_lib, const char *lib)
{
	char line[512];
	size_t len = 0;
	FILE *f = popen(cmd, "r");

	t_assert(f, "popen %s", cmd);
	out[0] = 0;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "library: ", 9)) {
			if (saw_lib && strstr(line, lib))
				*saw_lib = true;
			continue;
		}
		if (len + strlen(line) < OUT_MAX) {
			strcpy(out + len, line);
			len += strlen(line);
		}
	}
	return pclose(f);
}

static void check_program(const char *name, const char *ours)
{
	static char theirs_out[OUT_MAX], ours_out[OUT_MAX];
	char bin[64], cmd[3 * PATH_MAX];
	bool saw_ours = false;
	int ret;

	snprintf(bin, sizeof(bin), "/tmp/liburing-%s.%d", name, (int) getpid());
	/* Compiled without our include path: only the system headers. */
	snprintf(cmd, sizeof(cmd),
		 "cc -O2 -o %s test/compat/%s.c -luring -ldl", bin, name);
	if (system(cmd))
		t_fail("building %s against the peer failed: %s", name, cmd);

	ret = run(bin, theirs_out, NULL, NULL);
	if (ret)
		t_fail("%s fails on the system library itself:\n%s", name,
		       theirs_out);

	snprintf(cmd, sizeof(cmd), "LD_LIBRARY_PATH=%s %s", ours, bin);
	ret = run(cmd, ours_out, &saw_ours, ours);
	unlink(bin);
	printf("%s on ours:\n%s", name, ours_out);
	t_assert(ret == 0, "%s failed on our library (status %d)", name, ret);
	if (strcmp(theirs_out, ours_out))
		t_fail("%s prints differently; on the system library:\n%s",
		       name, theirs_out);
	if (!strcmp(name, "peer-nop"))
		t_assert(saw_ours, "peer-nop did not load our library");
}

int main(void)
{
	char cwd[PATH_MAX], ours[PATH_MAX + 8];
	struct stat st;

	if (stat("/usr/include/liburing.h", &st) ||
	    system("cc -print-file-name=liburing.so | grep -q /"))
		t_skip("the system liburing-dev (the peer) is not installed");
	if (stat("src/liburing.so.2", &st))
		t_skip("no shared library built (--disable-shared)");
	t_assert(getcwd(cwd, sizeof(cwd)), "getcwd");
	snprintf(ours, sizeof(ours), "%s/src", cwd);

	check_program("peer-nop", ours);
	check_program("peer-full", ours);
	return T_PASS;
}
