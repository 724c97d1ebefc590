/* SPDX-License-Identifier: MIT */
/*
 * uring-info(1): --json parses as JSON (checked by python3's json module)
 * and says what the library's report says, with and without QUERY; the
 * human table has its sections; --check tells working setups from broken
 * ones and names the reason.
 */
#include <libgen.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "helpers.h"
#include "liburing/ext.h"

static char tool[4096];

/* Run a shell command; its first line of output goes to line. */
static int t_run(const char *cmd, char *line, size_t len)
{
	FILE *f = popen(cmd, "r");
	int status;

	t_assert(f, "popen %s", cmd);
	line[0] = '\0';
	if (!fgets(line, (int) len, f))
		line[0] = '\0';
	while (fgetc(f) != EOF)
		;
	status = pclose(f);
	t_assert(WIFEXITED(status), "%s died", cmd);
	return WEXITSTATUS(status);
}

/* Every field of the report, as python3 reads it from the JSON. */
static const char json_summary[] =
	"import json,sys\n"
	"d=json.load(sys.stdin)\n"
	"bm=[0,0,0,0]\n"
	"for o in d['opcodes']:\n"
	"  bm[o['op']//64] |= int(o['supported']) << (o['op']%64)\n"
	"for k in ('setup_flags','enter_flags','sqe_flags','features'):\n"
	"  assert list(d[k].values()).count(True) == "
	"bin(d[k+'_mask']).count('1'), k\n"
	"print(d['status'], d['nr_opcodes'], d['nr_register_ops'], "
	"d['setup_flags_mask'], d['enter_flags_mask'], d['sqe_flags_mask'], "
	"d['features_mask'], *bm, len(d['register_ops']), "
	"d['limits']['max_sq_entries'], d['limits']['seccomp'], "
	"'query' in d['sources'])\n";

static void check_json(unsigned int caps_flags, const char *opt)
{
	unsigned long long setup, enter, sqe, feat, bm[4];
	unsigned int nr_ops, nr_reg, nr_names, max_sq;
	struct uringx_caps caps;
	char cmd[8192], line[1024], query[8], path[64];
	int status, seccomp, ret;
	FILE *script;

	snprintf(path, sizeof(path), "/tmp/ext-uring-info-%d.py", (int) getpid());
	script = fopen(path, "w");
	t_assert(script, "script");
	fputs(json_summary, script);
	fclose(script);

	snprintf(cmd, sizeof(cmd), "'%s' --json %s | python3 %s", tool, opt,
		 path);
	ret = t_run(cmd, line, sizeof(line));
	unlink(path);
	t_eq(ret, 0);
	t_eq(sscanf(line, "%d %u %u %llu %llu %llu %llu %llu %llu %llu %llu %u %u %d %7s",
		    &status, &nr_ops, &nr_reg, &setup, &enter, &sqe, &feat,
		    &bm[0], &bm[1], &bm[2], &bm[3], &nr_names, &max_sq,
		    &seccomp, query), 15);

	t_eq(uringx_get_caps(&caps, caps_flags), 0);
	t_eq(status, caps.status);
	t_eq(nr_ops, caps.nr_opcodes);
	t_eq(nr_reg, caps.nr_register_ops);
	t_eq(nr_names, caps.nr_register_ops);
	t_eq(setup, caps.setup_flags);
	t_eq(enter, caps.enter_flags);
	t_eq(sqe, caps.sqe_flags);
	t_eq(feat, caps.features);
	t_assert(!memcmp(bm, caps.opcodes, sizeof(bm)), "opcode bitmaps");
	t_eq(max_sq, 32768);
	t_eq(seccomp, 0);
	t_eq(!strcmp(query, "True"),
	     !!(caps.sources & URINGX_SRC_QUERY));
}

static void check_human(void)
{
	static const char *const sections[] = {
		"Limits", "kernel.io_uring_disabled", "RLIMIT_MEMLOCK",
		"max SQ entries", "Setup flags", "IORING_SETUP_SQPOLL",
		"Enter flags", "SQE flags", "Features", "Opcodes",
		"IORING_OP_NOP", "Register opcodes", NULL,
	};
	const char *const *s;
	char cmd[8192], line[256];

	for (s = sections; *s; s++) {
		snprintf(cmd, sizeof(cmd), "'%s' | grep -c '%s'", tool, *s);
		t_run(cmd, line, sizeof(line));
		t_assert(atoi(line) >= 1, "no \"%s\" in the table", *s);
	}
}

/* Whether the kernel sets up a ring with these flags. */
static bool kernel_takes(unsigned int flags)
{
	struct io_uring ring;

	if (io_uring_queue_init(8, &ring, flags))
		return false;
	io_uring_queue_exit(&ring);
	return true;
}

static void check_check(void)
{
	char cmd[8192], line[1024];

	snprintf(cmd, sizeof(cmd), "'%s' --check sqpoll", tool);
	t_eq(t_run(cmd, line, sizeof(line)), 0);
	t_assert(!strncmp(line, "ok:", 3), "%s", line);

	snprintf(cmd, sizeof(cmd),
		 "'%s' --check 'IORING_SETUP_SINGLE_ISSUER|DEFER_TASKRUN' --entries 64 --cq-entries 256",
		 tool);
	if (kernel_takes(IORING_SETUP_SINGLE_ISSUER |
			 IORING_SETUP_DEFER_TASKRUN)) {
		t_eq(t_run(cmd, line, sizeof(line)), 0);
		t_assert(strstr(line, "CQ 256"), "%s", line);
	} else {	/* Before 6.1: the kernel lacks them, and it says so. */
		t_eq(t_run(cmd, line, sizeof(line)), 1);
		t_assert(!strncmp(line, "fails:", 6) &&
			 strstr(line, "does not support"), "%s", line);
	}

	snprintf(cmd, sizeof(cmd), "'%s' --check DEFER_TASKRUN", tool);
	t_eq(t_run(cmd, line, sizeof(line)), 1);
	t_assert(!strncmp(line, "fails:", 6) &&
		 strstr(line, kernel_takes(IORING_SETUP_SINGLE_ISSUER |
					   IORING_SETUP_DEFER_TASKRUN) ?
			"SINGLE_ISSUER" : "does not support"), "%s", line);

	snprintf(cmd, sizeof(cmd), "'%s' --check 0x80000000", tool);
	t_eq(t_run(cmd, line, sizeof(line)), 1);
	t_assert(strstr(line, "unknown"), "%s", line);

	snprintf(cmd, sizeof(cmd), "'%s' --check NOT_A_FLAG 2>&1", tool);
	t_eq(t_run(cmd, line, sizeof(line)), 2);
	t_assert(strstr(line, "NOT_A_FLAG"), "%s", line);

	snprintf(cmd, sizeof(cmd), "'%s' --bogus 2>&1", tool);
	t_eq(t_run(cmd, line, sizeof(line)), 2);
	snprintf(cmd, sizeof(cmd), "'%s' --help", tool);
	t_eq(t_run(cmd, line, sizeof(line)), 0);
	t_assert(strstr(line, "usage"), "%s", line);
}

int main(int argc, char *argv[])
{
	struct uringx_caps caps;
	char self[4096];
	int ret;

	(void) argc;
	snprintf(self, sizeof(self), "%s", argv[0]);
	snprintf(tool, sizeof(tool), "%s/../tools/uring-info", dirname(self));
	t_assert(access(tool, X_OK) == 0, "%s not built", tool);
	if (system("python3 -c 'import json' >/dev/null 2>&1") != 0)
		t_fail("python3 is needed to check the JSON");

	ret = uringx_get_caps(&caps, 0);
	if (ret == -EPERM || ret == -ENOSYS)
		t_skip("io_uring is not available to this process (%d)", ret);
	t_eq(ret, 0);

	check_json(0, "");
	check_json(URINGX_CAPS_NO_QUERY, "--no-query");
	check_human();
	check_check();
	return T_PASS;
}
