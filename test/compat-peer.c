/* SPDX-License-Identifier: MIT */
/*
 * Binary drop-in: a program compiled and linked against the distribution's
 * liburing (Debian's 2.3: headers in /usr/include, liburing.so.2 in the
 * system library path) must run unchanged on our liburing.so.2.
 *
 * Skips when the peer is not installed (.ci/run installs liburing-dev).
 */
#include <limits.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "helpers.h"

int main(void)
{
	char cwd[PATH_MAX], ours[PATH_MAX + 8], cmd[3 * PATH_MAX], line[512];
	char bin[64];
	struct stat st;
	bool saw_ok = false, saw_ours = false;
	FILE *out;
	int ret;

	if (stat("/usr/include/liburing.h", &st) ||
	    system("cc -print-file-name=liburing.so | grep -q /"))
		t_skip("the system liburing-dev (the peer) is not installed");
	if (stat("src/liburing.so.2", &st))
		t_skip("no shared library built (--disable-shared)");
	t_assert(getcwd(cwd, sizeof(cwd)), "getcwd");
	snprintf(bin, sizeof(bin), "/tmp/liburing-peer-nop.%d", (int) getpid());
	snprintf(ours, sizeof(ours), "%s/src", cwd);

	/* Compiled without our include path: only the system headers. */
	snprintf(cmd, sizeof(cmd),
		 "cc -O2 -o %s test/compat/peer-nop.c -luring -ldl", bin);
	ret = system(cmd);
	if (ret)
		t_fail("building the peer program failed: %s", cmd);

	snprintf(cmd, sizeof(cmd), "LD_LIBRARY_PATH=%s %s", ours, bin);
	out = popen(cmd, "r");
	t_assert(out, "popen");
	while (fgets(line, sizeof(line), out)) {
		printf("%s", line);
		if (!strncmp(line, "library: ", 9) && strstr(line, ours))
			saw_ours = true;
		if (!strcmp(line, "ok\n"))
			saw_ok = true;
	}
	ret = pclose(out);
	unlink(bin);
	t_assert(saw_ours, "the program did not load our library");
	t_assert(saw_ok && ret == 0, "the program failed (status %d)", ret);
	return T_PASS;
}
