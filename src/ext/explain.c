/* SPDX-License-Identifier: MIT */
/*
 * Setup explanations (uringx_explain_setup): from a failed setup's error
 * and parameters, one line naming the cause it can prove (a broken rule,
 * a sysctl, seccomp, a resource limit) and what would fix it, from facts
 * it reads about the process and the system. Best-effort setup is
 * best-setup.c's job.
 */
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>

#include "liburing.h"
#include "liburing/ext.h"
#include "syscall.h"
#include "kernel_limits.h"
#include "ext-int.h"

/*
 * Facts about this process and system, read without touching errno's
 * final value (the public entry point restores it).
 */
static int read_file(const char *path, char *buf, size_t len)
{
	ssize_t got;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	got = read(fd, buf, len - 1);
	close(fd);
	if (got < 0)
		return -1;
	buf[got] = '\0';
	return 0;
}

static int read_long(const char *path, long *val)
{
	char buf[64];

	if (read_file(path, buf, sizeof(buf)))
		return -1;
	*val = strtol(buf, NULL, 0);
	return 0;
}

/* The value of "Name:" in /proc/self/status, or -1. */
static long long status_field(const char *name, int base)
{
	char buf[4096];
	size_t name_len = strlen(name);
	char *line;

	if (read_file("/proc/self/status", buf, sizeof(buf)))
		return -1;
	for (line = buf; line; line = strchr(line, '\n')) {
		if (*line == '\n')
			line++;
		if (!strncmp(line, name, name_len) && line[name_len] == ':')
			return strtoll(line + name_len + 1, NULL, base);
	}
	return -1;
}

static bool has_cap(unsigned int cap)
{
	long long eff = status_field("CapEff", 16);

	return eff > 0 && (eff >> cap) & 1;
}

#define CAP_IPC_LOCK	14
#define CAP_SYS_ADMIN	21

static bool in_group(gid_t gid)
{
	gid_t groups[256];
	int nr, i;

	if (getegid() == gid)
		return true;
	nr = getgroups(ARRAY_LEN(groups), groups);
	for (i = 0; i < nr; i++)
		if (groups[i] == gid)
			return true;
	return false;
}

/*
 * Bytes the ring would map, from io_uring_memory_size_params() (which
 * creates no ring); 0 when it refuses the parameters.
 */
static unsigned long ring_bytes(unsigned int entries,
				const struct io_uring_params *p)
{
	struct io_uring_params copy;
	ssize_t bytes;

	memset(&copy, 0, sizeof(copy));
	if (p)
		copy = *p;
	bytes = io_uring_memory_size_params(entries, &copy);
	return bytes > 0 ? (unsigned long) bytes : 0;
}

struct msg {
	char *buf;
	size_t len;
	int written;
};

static void say(struct msg *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void say(struct msg *m, const char *fmt, ...)
{
	va_list ap;
	size_t used = (size_t) m->written;
	int ret;

	va_start(ap, fmt);
	ret = vsnprintf(used < m->len ? m->buf + used : NULL,
			used < m->len ? m->len - used : 0, fmt, ap);
	va_end(ap);
	if (ret > 0)
		m->written += ret;
}

static const char *setup_name(unsigned int flag)
{
	const char *name = uringx_name(URINGX_NAME_SETUP, __builtin_ctz(flag));

	return name ? name : "?";
}

/* -EINVAL: the first rule of the setup call the parameters break. */
static bool explain_einval(struct msg *m, unsigned int entries,
			   const struct io_uring_params *p)
{
	unsigned int flags = p->flags, i, bit;
	struct uringx_caps caps;
	cpu_set_t cpus;
	int rule;

	for (i = 0; i < ARRAY_LEN(p->resv); i++) {
		if (p->resv[i]) {
			say(m, "io_uring_params.resv[%u] is not zero; fix: zero the whole structure (memset) before filling it in",
			    i);
			return true;
		}
	}
	if (!entries) {
		say(m, "entries is 0; fix: ask for at least 1 entry");
		return true;
	}
	if (entries > KERN_MAX_SQ_ENTRIES && !(flags & IORING_SETUP_CLAMP)) {
		say(m, "entries %u is above the kernel's limit of %u; fix: ask for fewer, or add IORING_SETUP_CLAMP",
		    entries, KERN_MAX_SQ_ENTRIES);
		return true;
	}
	if (uringx_get_caps(&caps, 0) == 0 && caps.setup_flags &&
	    (flags & ~caps.setup_flags)) {
		bit = __builtin_ctz(flags & ~(unsigned int) caps.setup_flags);
		if (uringx_name(URINGX_NAME_SETUP, bit))
			say(m, "this kernel does not support IORING_SETUP_%s; fix: drop it, or use uringx_queue_init_best() to drop what the kernel lacks",
			    uringx_name(URINGX_NAME_SETUP, bit));
		else
			say(m, "setup flag bit %u (0x%x) is unknown to this kernel; fix: drop it",
			    bit, 1U << bit);
		return true;
	}
	rule = setup_unmet_need(flags);
	if (rule >= 0) {
		unsigned int flag = setup_flag_needs[rule].flag;
		unsigned int need = setup_flag_needs[rule].needs;

		say(m, "IORING_SETUP_%s needs IORING_SETUP_%s",
		    setup_name(flag), setup_name(need));
		if (need & (need - 1))
			say(m, " or IORING_SETUP_%s",
			    setup_name(need & (need - 1)));
		say(m, "; fix: add it, or drop IORING_SETUP_%s",
		    setup_name(flag));
		return true;
	}
	rule = setup_conflict(flags);
	if (rule >= 0) {
		say(m, "IORING_SETUP_%s cannot be combined with IORING_SETUP_%s; fix: drop one of them",
		    setup_name(setup_flag_conflicts[rule].flag),
		    setup_name(setup_flag_conflicts[rule].other));
		return true;
	}
	if (flags & IORING_SETUP_CQSIZE) {
		if (!p->cq_entries) {
			say(m, "IORING_SETUP_CQSIZE with cq_entries 0; fix: set cq_entries to at least entries");
			return true;
		}
		if (p->cq_entries > KERN_MAX_CQ_ENTRIES &&
		    !(flags & IORING_SETUP_CLAMP)) {
			say(m, "cq_entries %u is above the kernel's limit of %u; fix: ask for fewer, or add IORING_SETUP_CLAMP",
			    p->cq_entries, KERN_MAX_CQ_ENTRIES);
			return true;
		}
		if (p->cq_entries < kern_roundup_pow2(entries)) {
			say(m, "cq_entries %u is smaller than the SQ (%u entries); fix: make cq_entries at least as large",
			    p->cq_entries, kern_roundup_pow2(entries));
			return true;
		}
	}
	if ((flags & IORING_SETUP_SQ_AFF) &&
	    !sched_getaffinity(0, sizeof(cpus), &cpus) &&
	    (p->sq_thread_cpu >= CPU_SETSIZE ||
	     !CPU_ISSET(p->sq_thread_cpu, &cpus))) {
		say(m, "sq_thread_cpu %u is not a CPU this process may run on; fix: pick one from its affinity mask (taskset -p)",
		    p->sq_thread_cpu);
		return true;
	}
	if ((flags & IORING_SETUP_ATTACH_WQ) &&
	    fcntl((int) p->wq_fd, F_GETFD) < 0) {
		say(m, "IORING_SETUP_ATTACH_WQ names wq_fd %u, which is not an open file; fix: pass the fd of an existing ring",
		    p->wq_fd);
		return true;
	}
	return false;
}

/*
 * -EPERM, -EACCES, -ENOSYS: something stops io_uring_setup() for this
 * process. A deliberately malformed call tells whether the system call
 * body runs at all: it would answer -EFAULT for a NULL params.
 */
static bool explain_denied(struct msg *m, int err)
{
	long disabled = -1, group = -1;
	long long seccomp;
	bool gate_open;

	read_long("/proc/sys/kernel/io_uring_disabled", &disabled);
	read_long("/proc/sys/kernel/io_uring_group", &group);
	seccomp = status_field("Seccomp", 10);
	gate_open = __uringi_sys_setup(1, NULL) == -EFAULT;

	if (disabled == 2) {
		say(m, "io_uring is disabled for every process (kernel.io_uring_disabled = 2); fix: an administrator runs sysctl -w kernel.io_uring_disabled=0");
		return true;
	}
	if (disabled == 1 && !has_cap(CAP_SYS_ADMIN) &&
	    !(group >= 0 && in_group((gid_t) group))) {
		say(m, "io_uring is limited to CAP_SYS_ADMIN and group %ld (kernel.io_uring_disabled = 1), and this process has neither; fix: add the user to that group, or set kernel.io_uring_disabled=0",
		    group);
		return true;
	}
	if (seccomp == 2 && !gate_open) {
		say(m, "a seccomp filter on this process (Seccomp: 2) answers io_uring_setup with %s before the kernel looks at it; fix: allow io_uring_setup, io_uring_enter and io_uring_register in the seccomp profile (container runtimes block them by default)",
		    err == -ENOSYS ? "ENOSYS" : err == -EACCES ? "EACCES" : "EPERM");
		return true;
	}
	if (seccomp == 1) {
		say(m, "this process runs in seccomp strict mode, which allows only read, write, exit and sigreturn; fix: create the ring before entering strict mode");
		return true;
	}
	if (err == -ENOSYS && disabled < 0) {
		say(m, "this kernel has no io_uring (built without CONFIG_IO_URING); fix: use a kernel built with it");
		return true;
	}
	if (!gate_open) {
		say(m, "io_uring_setup is refused before the kernel reads its arguments, and neither kernel.io_uring_disabled nor seccomp explains it: most likely a security module (SELinux, AppArmor) policy; fix: check the audit log (dmesg, ausearch) and allow io_uring for this program");
		return true;
	}
	return false;
}

static bool explain_enomem(struct msg *m, unsigned int entries,
			   const struct io_uring_params *p)
{
	unsigned long need = ring_bytes(entries, p);
	struct rlimit rl;

	if (has_cap(CAP_IPC_LOCK) || getrlimit(RLIMIT_MEMLOCK, &rl))
		return false;
	if (rl.rlim_cur == RLIM_INFINITY)
		return false;
	if (rl.rlim_cur < need)
		say(m, "ring memory is charged to RLIMIT_MEMLOCK, which is %llu bytes, and %u entries need about %lu; fix: raise it (ulimit -l, LimitMEMLOCK= for a systemd service), run with CAP_IPC_LOCK, or ask for fewer entries",
		    (unsigned long long) rl.rlim_cur, entries, need);
	else
		say(m, "ring memory is charged to RLIMIT_MEMLOCK (%llu bytes), shared by every ring and registered buffer of this user, and it is likely used up; fix: raise it (ulimit -l), run with CAP_IPC_LOCK, or close other rings",
		    (unsigned long long) rl.rlim_cur);
	return true;
}

static void explain(struct msg *m, int err, unsigned int entries,
		    const struct io_uring_params *p)
{
	struct rlimit rl;

	switch (err) {
	case 0:
		say(m, "setup succeeded");
		return;
	case -EFAULT:
		if (p && (p->flags & IORING_SETUP_NO_MMAP))
			say(m, "the kernel could not use the memory given for IORING_SETUP_NO_MMAP (sq_off.user_addr, cq_off.user_addr); fix: pass page-aligned, writable memory large enough for the rings");
		else
			say(m, "the params pointer is not readable and writable memory; fix: pass a valid struct io_uring_params");
		return;
	case -EINVAL:
		if (!p) {
			say(m, "the kernel rejected the setup (EINVAL) and no params were given to check; fix: pass the params the setup used");
			return;
		}
		if (explain_einval(m, entries, p))
			return;
		say(m, "the kernel rejected the parameters (EINVAL) but they break no rule this library knows; fix: check them against io_uring_setup(2)");
		return;
	case -EPERM:
	case -EACCES:
	case -ENOSYS:
		if (explain_denied(m, err))
			return;
		if (p && (p->flags & IORING_SETUP_SQPOLL) && err == -EPERM) {
			say(m, "IORING_SETUP_SQPOLL needs privileges on this kernel (before Linux 5.11); fix: run with CAP_SYS_NICE or drop SQPOLL");
			return;
		}
		break;
	case -ENOMEM:
		if (explain_enomem(m, entries, p))
			return;
		say(m, "the kernel is out of memory for the rings (a memory cgroup limit, or fragmentation for large rings); fix: ask for fewer entries or raise the cgroup's memory.max");
		return;
	case -EMFILE:
		getrlimit(RLIMIT_NOFILE, &rl);
		say(m, "this process has as many files open as RLIMIT_NOFILE allows (%llu); fix: close some, or raise it (ulimit -n)",
		    (unsigned long long) rl.rlim_cur);
		return;
	case -ENFILE:
		say(m, "the system-wide open file limit is reached (fs.file-max); fix: close files or raise fs.file-max");
		return;
	case -EBADF:
	case -ENXIO:
		if (p && (p->flags & IORING_SETUP_ATTACH_WQ)) {
			say(m, "IORING_SETUP_ATTACH_WQ names wq_fd %u, which is not an io_uring; fix: pass the fd of an existing ring",
			    p->wq_fd);
			return;
		}
		break;
	case -EOPNOTSUPP:
		say(m, "a requested feature is not available in this library build or kernel; fix: drop the flag named in the documentation of the call");
		return;
	}
	if (err < -4095)
		say(m, "setup failed with an unknown error (%d) and no cause could be proven; fix: see io_uring_setup(2)",
		    err);
	else
		say(m, "setup failed with %s and no cause could be proven; fix: see io_uring_setup(2) for that error",
		    strerror(-err));
}

int uringx_explain_setup(int err, unsigned int entries,
			 const struct io_uring_params *p, char *buf,
			 size_t len)
{
	int saved = errno;
	struct msg m = { buf, len, 0 };

	if (err > 0)
		return -EINVAL;
	if (!buf && len)
		return -EFAULT;
	if (len)
		buf[0] = '\0';
	explain(&m, err, entries, p);
	errno = saved;
	return m.written;
}
