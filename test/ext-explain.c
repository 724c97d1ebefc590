/* SPDX-License-Identifier: MIT */
/*
 * uringx_explain_setup(): each failure is provoked for real, and the
 * explanation must name its cause: bad flag combinations and sizes, a low
 * RLIMIT_MEMLOCK and RLIMIT_NOFILE for an unprivileged user, and a seccomp
 * filter that blocks io_uring_setup.
 */
#include <grp.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "helpers.h"
#include "liburing/ext.h"

#define NOBODY	65534

/* Explain err for (entries, p) and check every needle is in the text. */
static void t_says(int err, unsigned int entries,
		   const struct io_uring_params *p, const char *const *needles)
{
	char buf[512];
	int len;

	len = uringx_explain_setup(err, entries, p, buf, sizeof(buf));
	t_assert(len > 0 && (size_t) len == strlen(buf), "len %d", len);
	t_assert(!strchr(buf, '\n'), "more than one line: %s", buf);
	for (; *needles; needles++)
		t_assert(strstr(buf, *needles), "\"%s\" not in: %s", *needles,
			 buf);
}

/* Set up for real, expect err, and check the explanation. */
static void t_fails(unsigned int entries, struct io_uring_params *p,
		    int err, const char *const *needles)
{
	struct io_uring_params copy = *p;
	struct io_uring ring;
	int ret;

	ret = io_uring_queue_init_params(entries, &ring, &copy);
	if (ret == 0)
		io_uring_queue_exit(&ring);
	t_assert(ret == err, "flags 0x%x entries %u: setup %d, expected %d",
		 p->flags, entries, ret, err);
	t_says(ret, entries, p, needles);
}

#define SAYS(...)	((const char *const[]) { __VA_ARGS__, NULL })

/* Whether the kernel sets up a ring with these flags. */
static bool kernel_takes(unsigned int flags)
{
	struct io_uring ring;

	if (io_uring_queue_init(8, &ring, flags))
		return false;
	io_uring_queue_exit(&ring);
	return true;
}

/*
 * A kernel older than the flag itself (the valid use given) refuses it
 * for that reason first: the explanation names the flag it lacks.
 */
#define SAYS_UNLESS_LACKED(valid, name, ...)				\
	(kernel_takes(valid) ? SAYS(__VA_ARGS__) :			\
	 SAYS("does not support", "IORING_SETUP_" name))

static void flag_rules(void)
{
	struct io_uring_params p;

	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_DEFER_TASKRUN;
	t_fails(8, &p, -EINVAL, SAYS_UNLESS_LACKED(IORING_SETUP_DEFER_TASKRUN |
		IORING_SETUP_SINGLE_ISSUER, "DEFER_TASKRUN",
		"DEFER_TASKRUN needs", "SINGLE_ISSUER"));

	p.flags = IORING_SETUP_SQPOLL | IORING_SETUP_COOP_TASKRUN;
	t_fails(8, &p, -EINVAL, SAYS_UNLESS_LACKED(IORING_SETUP_COOP_TASKRUN,
		"COOP_TASKRUN", "COOP_TASKRUN", "SQPOLL",
		"cannot be combined"));

	p.flags = IORING_SETUP_TASKRUN_FLAG;
	t_fails(8, &p, -EINVAL, SAYS_UNLESS_LACKED(IORING_SETUP_COOP_TASKRUN |
		IORING_SETUP_TASKRUN_FLAG, "TASKRUN_FLAG",
		"TASKRUN_FLAG needs", "COOP_TASKRUN", "DEFER_TASKRUN"));

	p.flags = IORING_SETUP_HYBRID_IOPOLL;
	if (kernel_takes(IORING_SETUP_IOPOLL | IORING_SETUP_HYBRID_IOPOLL))
		t_fails(8, &p, -EINVAL, SAYS("HYBRID_IOPOLL needs",
					     "SETUP_IOPOLL"));
	else	/* Before 6.13 the flag itself is what the kernel lacks. */
		t_fails(8, &p, -EINVAL, SAYS("does not support",
					     "IORING_SETUP_HYBRID_IOPOLL"));

	p.flags = IORING_SETUP_SQ_AFF;
	t_fails(8, &p, -EINVAL, SAYS("SQ_AFF needs", "SQPOLL"));

	p.flags = 1U << 31;
	t_fails(8, &p, -EINVAL, SAYS("bit 31", "unknown"));

	p.flags = IORING_SETUP_CQSIZE;
	t_fails(8, &p, -EINVAL, SAYS("cq_entries 0"));
	p.cq_entries = 2;
	t_fails(8, &p, -EINVAL, SAYS("cq_entries 2", "smaller"));
	p.cq_entries = 1U << 20;
	t_fails(8, &p, -EINVAL, SAYS("cq_entries 1048576", "CLAMP"));

	memset(&p, 0, sizeof(p));
	t_fails(0, &p, -EINVAL, SAYS("entries is 0"));
	t_fails(100000, &p, -EINVAL, SAYS("100000", "32768", "CLAMP"));

	p.resv[1] = 1;
	t_fails(8, &p, -EINVAL, SAYS("resv[1]", "memset"));

	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_SQPOLL | IORING_SETUP_SQ_AFF;
	p.sq_thread_cpu = 4000;
	t_fails(8, &p, -EINVAL, SAYS("sq_thread_cpu 4000"));

	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_ATTACH_WQ;
	p.wq_fd = 999;
	t_fails(8, &p, -ENXIO, SAYS("wq_fd 999", "not"));
}

static void bad_input(void)
{
	struct io_uring_params p;
	char small[8];
	int full;

	memset(&p, 0, sizeof(p));
	t_eq(uringx_explain_setup(5, 8, &p, small, sizeof(small)), -EINVAL);
	t_eq(uringx_explain_setup(-EINVAL, 8, &p, NULL, 8), -EFAULT);
	/* Like snprintf: NULL/0 measures, a short buffer truncates. */
	full = uringx_explain_setup(-EINVAL, 0, &p, NULL, 0);
	t_assert(full > 10, "length %d", full);
	t_eq(uringx_explain_setup(-EINVAL, 0, &p, small, sizeof(small)),
	     full);
	t_eq(strlen(small), sizeof(small) - 1);
	t_says(0, 8, &p, SAYS("succeeded"));
	t_says(-EINVAL, 8, NULL, SAYS("no params"));
	t_says(-EFAULT, 8, NULL, SAYS("params pointer"));
	t_says(-EBUSY, 8, &p, SAYS("no cause could be proven"));
	t_says(-100000, 8, &p, SAYS("unknown error"));
}

/* Drop to nobody; false when we cannot (not root). */
static bool t_become_nobody(void)
{
	if (getuid() != 0)
		return false;
	if (setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY))
		t_fail("cannot become uid %d", NOBODY);
	return true;
}

static int t_run_child(void (*fn)(void))
{
	int status;
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	t_assert(pid >= 0, "fork");
	if (!pid) {
		fn();
		exit(T_PASS);
	}
	t_eq(waitpid(pid, &status, 0), pid);
	t_assert(WIFEXITED(status), "child died");
	return WEXITSTATUS(status);
}

static void memlock_child(void)
{
	struct rlimit rl = { 0, 0 };
	struct io_uring_params p;
	struct io_uring ring;

	if (!t_become_nobody())
		t_skip("not root: cannot drop CAP_IPC_LOCK");
	t_eq(setrlimit(RLIMIT_MEMLOCK, &rl), 0);
	memset(&p, 0, sizeof(p));
	/* From 5.12 to at least 6.12 rings are not charged to the limit. */
	if (io_uring_queue_init_params(64, &ring, &p) == 0) {
		io_uring_queue_exit(&ring);
		t_skip("kernel does not charge rings to RLIMIT_MEMLOCK (6.18 does)");
	}
	memset(&p, 0, sizeof(p));
	t_fails(64, &p, -ENOMEM, SAYS("RLIMIT_MEMLOCK", "0 bytes",
				      "ulimit -l"));
}

static void nofile_child(void)
{
	struct io_uring_params p;
	struct rlimit rl;
	rlim_t soft;
	int fd;

	/* Only stdin, stdout and stderr fit. */
	for (fd = 3; fd < 1024; fd++)
		close(fd);
	t_eq(getrlimit(RLIMIT_NOFILE, &rl), 0);
	soft = rl.rlim_cur;
	rl.rlim_cur = 3;
	t_eq(setrlimit(RLIMIT_NOFILE, &rl), 0);
	memset(&p, 0, sizeof(p));
	t_fails(8, &p, -EMFILE, SAYS("RLIMIT_NOFILE", "(3)"));
	/*
	 * Lowering only the soft limit lets it go back up: the leak check
	 * that ASan runs at exit needs descriptors of its own.
	 */
	rl.rlim_cur = soft;
	t_eq(setrlimit(RLIMIT_NOFILE, &rl), 0);
}

static int seccomp_errno;

static void seccomp_child(void)
{
	struct sock_filter filter[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_io_uring_setup, 0, 1),
		BPF_STMT(BPF_RET | BPF_K,
			 SECCOMP_RET_ERRNO | (unsigned int) seccomp_errno),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {
		.len = sizeof(filter) / sizeof(filter[0]),
		.filter = filter,
	};
	struct io_uring_params p;
	char buf[512];

	t_become_nobody();
	t_eq(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), 0);
	t_eq(prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog), 0);

	memset(&p, 0, sizeof(p));
	t_fails(8, &p, -seccomp_errno, SAYS("seccomp filter", "Seccomp: 2",
					    "io_uring_setup"));
	/* The capability report says so too, instead of crashing. */
	{
		struct uringx_caps caps;

		t_eq(uringx_get_caps(&caps, URINGX_CAPS_FRESH), -seccomp_errno);
		t_eq(caps.status, -seccomp_errno);
		uringx_explain_setup(caps.status, 8, NULL, buf, sizeof(buf));
		t_assert(strstr(buf, "seccomp"), "%s", buf);
	}
}

static void t_child_result(const char *what, int rc)
{
	if (rc == T_SKIP)
		printf("note: %s case skipped\n", what);
	else if (rc != T_PASS)
		t_fail("%s case failed (%d)", what, rc);
}

int main(void)
{
	struct io_uring ring;
	struct io_uring_params p;
	long disabled = 0;
	FILE *f;
	int ret;

	ret = io_uring_queue_init(4, &ring, 0);
	if (ret == -EPERM || ret == -ENOSYS)
		t_skip("io_uring is not available to this process (%d)", ret);
	t_eq(ret, 0);
	io_uring_queue_exit(&ring);

	flag_rules();
	bad_input();

	/* With CAP_IPC_LOCK, memlock is never the reason. */
	if (getuid() == 0) {
		memset(&p, 0, sizeof(p));
		t_says(-ENOMEM, 8, &p, SAYS("out of memory"));
	}

	f = fopen("/proc/sys/kernel/io_uring_disabled", "r");
	if (f) {
		if (fscanf(f, "%ld", &disabled) != 1)
			disabled = 0;
		fclose(f);
	}

	t_child_result("RLIMIT_MEMLOCK", t_run_child(memlock_child));
	t_child_result("RLIMIT_NOFILE", t_run_child(nofile_child));
	if (disabled != 0) {
		printf("note: kernel.io_uring_disabled=%ld, seccomp cases skipped\n",
		       disabled);
		return T_PASS;
	}
	seccomp_errno = EPERM;
	t_child_result("seccomp EPERM", t_run_child(seccomp_child));
	seccomp_errno = ENOSYS;
	t_child_result("seccomp ENOSYS", t_run_child(seccomp_child));
	return T_PASS;
}
