/* SPDX-License-Identifier: MIT */
/*
 * <liburing.h> alone must compile warning-free with every compiler and
 * language mode we promise: gcc and clang as C99/C11/C17, g++ and clang++
 * as C++11/14/17/20, with -Wall -Wextra -Werror -pedantic, alone, after
 * the headers programs commonly include first, and before or after the
 * system's own (older) <linux/io_uring.h>, which shares our include guard.
 *
 * Compilers that are not installed are reported and skipped; at least one
 * C compiler must be there.
 */
#include <string.h>
#include <unistd.h>

#include "helpers.h"

static const char *const sources[] = {
	/* The header alone. */
	"#include <liburing.h>\n"
	"int main(void) { return IO_URING_VERSION_MAJOR != 2; }\n",
	/* After the headers programs commonly include first. */
	"#include <sys/socket.h>\n#include <netinet/in.h>\n"
	"#include <linux/time_types.h>\n#include <poll.h>\n"
	"#include <liburing.h>\n"
	"int main(void) { struct io_uring r; (void) r; return 0; }\n",
	/* The system's kernel header first: ours adds what it lacks. */
	"#include <linux/io_uring.h>\n#include <liburing.h>\n"
	"int main(void) { return IORING_SETUP_SQE_MIXED == 0; }\n",
	/* The system's kernel header after ours: it must be a no-op. */
	"#include <liburing.h>\n#include <linux/io_uring.h>\n"
	"int main(void) { return IORING_OP_NOP128 == 0; }\n",
};

struct mode {
	const char *compiler;
	const char *lang;
	const char *std;
};

static const struct mode modes[] = {
	{ "gcc", "c", "c99" }, { "gcc", "c", "c11" }, { "gcc", "c", "c17" },
	{ "gcc", "c", "c2x" }, { "gcc", "c", "gnu11" },
	{ "clang", "c", "c99" }, { "clang", "c", "c11" },
	{ "clang", "c", "c17" }, { "clang", "c", "c2x" },
	{ "g++", "c++", "c++11" }, { "g++", "c++", "c++14" },
	{ "g++", "c++", "c++17" }, { "g++", "c++", "c++20" },
	{ "clang++", "c++", "c++11" }, { "clang++", "c++", "c++17" },
	{ "clang++", "c++", "c++20" },
};

static bool have(const char *compiler)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", compiler);
	return system(cmd) == 0;
}

int main(void)
{
	char path[64], cmd[512];
	unsigned int i, j, built = 0;
	int failed = 0;

	snprintf(path, sizeof(path), "/tmp/liburing-hdr-%d", (int) getpid());
	for (j = 0; j < sizeof(sources) / sizeof(sources[0]); j++) {
		FILE *f = fopen(path, "w");

		t_assert(f, "create %s", path);
		fputs(sources[j], f);
		fclose(f);

		for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
			const struct mode *m = &modes[i];

			if (!have(m->compiler)) {
				if (j == 0)
					printf("note: %s not installed\n",
					       m->compiler);
				continue;
			}
			snprintf(cmd, sizeof(cmd),
				 "%s -x %s -std=%s -Wall -Wextra -Werror -pedantic "
				 "-Iinclude -fsyntax-only %s >%s.log 2>&1",
				 m->compiler, m->lang, m->std, path, path);
			if (system(cmd)) {
				printf("FAILED: %s (source %u)\n", cmd, j);
				snprintf(cmd, sizeof(cmd), "head -5 %s.log",
					 path);
				if (system(cmd))
					printf("(no log)\n");
				failed++;
			}
			built++;
		}
	}
	unlink(path);
	snprintf(cmd, sizeof(cmd), "%s.log", path);
	unlink(cmd);
	if (!built)
		t_skip("no compiler found");
	t_assert(!failed, "%d compilations failed", failed);
	return T_PASS;
}
