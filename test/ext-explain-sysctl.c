/* SPDX-License-Identifier: MIT */
/*
 * uringx_explain_setup() for the causes outside the process: the
 * kernel.io_uring_disabled sysctl (2: off for everyone; 1: only for
 * CAP_SYS_ADMIN and io_uring_group), and parameters naming a CPU or a
 * ring that do not exist (SQ_AFF, ATTACH_WQ).
 *
 * The sysctl is changed for a moment, only in the parent, and put back
 * before anything is checked, and on SIGTERM/SIGINT too. Needs root.
 */
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "helpers.h"
#include "liburing/ext.h"

#define SYSCTL	"/proc/sys/kernel/io_uring_disabled"
#define NOBODY	65534

static long saved = -1;

static int write_sysctl(long value)
{
	char buf[16];
	int fd, len, ret;

	fd = open(SYSCTL, O_WRONLY);
	if (fd < 0)
		return -1;
	len = snprintf(buf, sizeof(buf), "%ld\n", value);
	ret = write(fd, buf, (size_t) len) == len ? 0 : -1;
	close(fd);
	return ret;
}

static void restore(void)
{
	if (saved >= 0)
		write_sysctl(saved);
}

static void restore_and_die(int sig)
{
	restore();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void t_explains(int err, const struct io_uring_params *p,
		       const char *needle)
{
	char buf[512];
	int len = uringx_explain_setup(err, 4, p, buf, sizeof(buf));

	t_assert(len > 0, "len %d", len);
	t_assert(strstr(buf, needle), "\"%s\" not in: %s", needle, buf);
}

/*
 * In a child (as nobody when drop is set): setup must fail with -EPERM and
 * the explanation must contain needle. Returns the child's exit status.
 */
static int denied_child(bool drop, const char *needle)
{
	struct io_uring_params p;
	struct io_uring ring;
	int status, ret;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	t_assert(pid >= 0, "fork");
	if (!pid) {
		if (drop && (setgroups(0, NULL) || setgid(NOBODY) ||
			     setuid(NOBODY)))
			t_fail("cannot become nobody");
		memset(&p, 0, sizeof(p));
		ret = io_uring_queue_init_params(4, &ring, &p);
		if (ret == 0)
			t_fail("setup worked with %s", needle);
		t_eq(ret, -EPERM);
		memset(&p, 0, sizeof(p));
		t_explains(ret, &p, needle);
		exit(T_PASS);
	}
	t_eq(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : T_FAIL;
}

static void sysctl_cases(void)
{
	int rc2, rc1;
	FILE *f;

	f = fopen(SYSCTL, "r");
	if (!f || fscanf(f, "%ld", &saved) != 1) {
		printf("note: no %s, sysctl cases skipped\n", SYSCTL);
		if (f)
			fclose(f);
		saved = -1;
		return;
	}
	fclose(f);
	signal(SIGTERM, restore_and_die);
	signal(SIGINT, restore_and_die);

	if (write_sysctl(2)) {
		printf("note: cannot write %s, sysctl cases skipped\n", SYSCTL);
		saved = -1;
		return;
	}
	rc2 = denied_child(false, "io_uring_disabled = 2");
	write_sysctl(1);
	rc1 = denied_child(true, "io_uring_disabled = 1");
	restore();
	t_assert(rc2 == T_PASS, "io_uring_disabled=2 case failed");
	t_assert(rc1 == T_PASS, "io_uring_disabled=1 case failed");
}

static void parameter_cases(void)
{
	struct io_uring_params p;
	struct io_uring ring;
	int fd, ret;

	/* SQ thread pinned to a CPU that is not there. */
	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_SQPOLL | IORING_SETUP_SQ_AFF;
	p.sq_thread_cpu = 4000;
	ret = io_uring_queue_init_params(4, &ring, &p);
	t_assert(ret < 0, "SQ_AFF to CPU 4000 worked");
	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_SQPOLL | IORING_SETUP_SQ_AFF;
	p.sq_thread_cpu = 4000;
	t_explains(ret, &p, "sq_thread_cpu 4000");

	/* Attaching to the io-wq of a ring that was closed. */
	fd = open("/dev/null", O_RDONLY);
	t_assert(fd >= 0, "open");
	close(fd);
	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_ATTACH_WQ;
	p.wq_fd = (__u32) fd;
	ret = io_uring_queue_init_params(4, &ring, &p);
	t_assert(ret < 0, "ATTACH_WQ to a closed fd worked");
	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_ATTACH_WQ;
	p.wq_fd = (__u32) fd;
	t_explains(ret, &p, "wq_fd");
}

int main(void)
{
	struct io_uring ring;

	if (getuid() != 0)
		t_skip("needs root to change kernel.io_uring_disabled");
	if (io_uring_queue_init(4, &ring, 0))
		t_skip("io_uring is not available to this process");
	io_uring_queue_exit(&ring);

	parameter_cases();
	sysctl_cases();
	return T_PASS;
}
