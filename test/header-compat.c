/* SPDX-License-Identifier: MIT */
/*
 * What programs written for liburing 2.15 find declared after including
 * <liburing.h> and nothing else: <linux/fs.h> (BLK*, FS_IOC_*, RWF_*, and
 * PATH_MAX by way of <linux/limits.h>), <stdatomic.h> in C and <atomic> in
 * C++, and in C++ the ordering helpers as function templates. Each program
 * is built and run with gcc, clang, g++ and clang++, with <sys/mount.h>
 * before and after <liburing.h>: glibc's mount header and the kernel's
 * <linux/fs.h> must coexist in both orders.
 *
 * Compilers that are not installed are reported and skipped; at least one
 * C and one C++ compiler must be there.
 */
#include <string.h>
#include <unistd.h>

#include "helpers.h"

/* Shared body; the C and C++ programs below add their own atomics. */
#define USES_FS_H							\
	"static int fs_h(void)\n"					\
	"{\n"								\
	"	unsigned long long blk = BLKGETSIZE64;\n"		\
	"	char path[PATH_MAX];\n"					\
	"	unsigned long ioc = FS_IOC_GETFLAGS;\n"			\
	"	int rwf = RWF_NOWAIT | RWF_HIPRI;\n"			\
	"	unsigned long mnt = MS_RDONLY;\n"			\
	"\n"								\
	"	path[0] = 0;\n"						\
	"	return !blk || sizeof(path) < 256 || !ioc || !rwf ||\n"	\
	"	       mnt != 1 || BLKSSZGET == 0 || path[0];\n"	\
	"}\n"

static const char c_body[] =
	USES_FS_H
	"int main(void)\n"
	"{\n"
	"	atomic_int counter;\n"
	"	_Atomic unsigned shared = 0;\n"
	"	unsigned plain = 0;\n"
	"\n"
	"	atomic_init(&counter, 0);\n"
	"	atomic_fetch_add(&counter, 2);\n"
	"	io_uring_smp_store_release(&shared, 3u);\n"
	"	io_uring_smp_store_release(&plain, 4u);\n"
	"	IO_URING_WRITE_ONCE(plain, IO_URING_READ_ONCE(plain) + 1);\n"
	"	io_uring_smp_mb();\n"
	"	if (atomic_load(&counter) != 2 ||\n"
	"	    io_uring_smp_load_acquire(&shared) != 3 ||\n"
	"	    io_uring_smp_load_acquire(&plain) != 5)\n"
	"		return 2;\n"
	"	return fs_h();\n"
	"}\n";

static const char cxx_body[] =
	USES_FS_H
	"int main()\n"
	"{\n"
	"	std::atomic<int> counter(0);\n"
	"	unsigned tail = 0;\n"
	"	unsigned short tail16 = 0;\n"
	"\n"
	"	counter.fetch_add(2, std::memory_order_relaxed);\n"
	"	io_uring_smp_store_release(&tail, 3u);\n"
	"	/* the int sum converts to the index type */\n"
	"	io_uring_smp_store_release(&tail16, tail16 + 7);\n"
	"	IO_URING_WRITE_ONCE(tail, IO_URING_READ_ONCE(tail) + 1);\n"
	"	io_uring_smp_mb();\n"
	"	if (counter.load() != 2 ||\n"
	"	    io_uring_smp_load_acquire<unsigned>(&tail) != 4 ||\n"
	"	    io_uring_smp_load_acquire(&tail16) != 7)\n"
	"		return 2;\n"
	"	return fs_h();\n"
	"}\n";

struct order {
	const char *name;
	const char *prologue;
};

static const struct order orders[] = {
	{ "liburing.h first",
	  "#include <liburing.h>\n#include <sys/mount.h>\n" },
	{ "sys/mount.h first",
	  "#include <sys/mount.h>\n#include <liburing.h>\n" },
};

struct mode {
	const char *compiler;
	bool cxx;
	const char *std;
};

static const struct mode modes[] = {
	{ "gcc", false, "c11" }, { "gcc", false, "gnu11" },
	{ "gcc", false, "c17" },
	{ "clang", false, "c11" }, { "clang", false, "gnu11" },
	{ "clang", false, "c17" },
	{ "g++", true, "c++11" }, { "g++", true, "c++17" },
	{ "g++", true, "c++20" },
	{ "clang++", true, "c++11" }, { "clang++", true, "c++17" },
	{ "clang++", true, "c++20" },
};

static bool have(const char *compiler)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", compiler);
	return system(cmd) == 0;
}

static void write_source(const char *path, const struct order *o, bool cxx)
{
	FILE *f = fopen(path, "w");

	t_assert(f, "create %s", path);
	fputs(o->prologue, f);
	fputs(cxx ? cxx_body : c_body, f);
	t_assert(fclose(f) == 0, "write %s", path);
}

int main(void)
{
	char src[64], exe[64], log[80], cmd[512];
	unsigned int i, j, built_c = 0, built_cxx = 0;
	int failed = 0;

	snprintf(src, sizeof(src), "/tmp/liburing-compat-%d.src",
		 (int) getpid());
	snprintf(exe, sizeof(exe), "/tmp/liburing-compat-%d", (int) getpid());
	snprintf(log, sizeof(log), "%s.log", exe);

	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		const struct mode *m = &modes[i];

		if (!have(m->compiler)) {
			printf("note: %s not installed\n", m->compiler);
			continue;
		}
		for (j = 0; j < sizeof(orders) / sizeof(orders[0]); j++) {
			write_source(src, &orders[j], m->cxx);
			snprintf(cmd, sizeof(cmd),
				 "%s -x %s -std=%s -Wall -Wextra -Werror "
				 "-pedantic -Iinclude -o %s %s >%s 2>&1 && %s",
				 m->compiler, m->cxx ? "c++" : "c", m->std,
				 exe, src, log, exe);
			if (system(cmd)) {
				printf("FAILED: %s -std=%s, %s\n", m->compiler,
				       m->std, orders[j].name);
				snprintf(cmd, sizeof(cmd), "head -5 %s", log);
				if (system(cmd))
					printf("(no log)\n");
				failed++;
			}
			if (m->cxx)
				built_cxx++;
			else
				built_c++;
		}
	}
	unlink(src);
	unlink(exe);
	unlink(log);
	if (!built_c || !built_cxx)
		t_skip("need a C and a C++ compiler");
	t_assert(!failed, "%d of %u builds failed", failed,
		 built_c + built_cxx);
	return T_PASS;
}
