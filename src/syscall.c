/* SPDX-License-Identifier: MIT */
/*
 * With syscall.h, the only place that enters the kernel directly or reads
 * errno: every failure leaves here as a negative errno value, so the rest
 * of the library never looks at errno and never changes the caller's.
 */
#include <errno.h>
#include <stdint.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>

#include "liburing.h"
#include "syscall.h"

#ifndef LIBURING_RAW_SYSCALLS
/* syscall(2) reports failure as -1 plus errno; turn that into -errno. */
static inline long result(long ret)
{
	return ret < 0 ? -errno : ret;
}
#endif

#ifndef LIBURING_RAW_SYSCALLS
int __uringi_sys_setup(unsigned int entries, struct io_uring_params *p)
{
	int saved = errno;
	long ret = result(syscall(__NR_io_uring_setup, entries, p));

	errno = saved;
	return (int) ret;
}

int __uringi_sys_enter2(unsigned int fd, unsigned int to_submit,
			unsigned int min_complete, unsigned int flags,
			void *arg, size_t sz)
{
	int saved = errno;
	long ret = result(syscall(__NR_io_uring_enter, fd, to_submit,
				  min_complete, flags, arg, sz));

	errno = saved;
	return (int) ret;
}

int __uringi_sys_register(unsigned int fd, unsigned int opcode,
			  const void *arg, unsigned int nr_args)
{
	int saved = errno;
	long ret = result(syscall(__NR_io_uring_register, fd, opcode, arg,
				  nr_args));

	errno = saved;
	return (int) ret;
}
#endif

#ifndef LIBURING_RAW_SYSCALLS
void *__uringi_sys_mmap(void *addr, size_t length, int prot, int flags, int fd,
			off_t offset)
{
	int saved = errno;
	void *ret = mmap(addr, length, prot, flags, fd, offset);

	if (ret == MAP_FAILED)
		ret = (void *) (intptr_t) -errno;
	errno = saved;
	return ret;
}

int __uringi_sys_munmap(void *addr, size_t length)
{
	int saved = errno;
	int ret = munmap(addr, length) ? -errno : 0;

	errno = saved;
	return ret;
}

int __uringi_sys_close(int fd)
{
	int saved = errno;
	int ret = close(fd) ? -errno : 0;

	errno = saved;
	return ret;
}
#endif

int __uringi_sys_madvise(void *addr, size_t length, int advice)
{
	int saved = errno;
	int ret = madvise(addr, length, advice) ? -errno : 0;

	errno = saved;
	return ret;
}

int __uringi_sys_mincore(void *addr, size_t length, unsigned char *vec)
{
	int saved = errno;
	int ret = mincore(addr, length, vec) ? -errno : 0;

	errno = saved;
	return ret;
}

int __uringi_sys_getrlimit(int resource, struct rlimit *rlim)
{
	int saved = errno;
	int ret = getrlimit(resource, rlim) ? -errno : 0;

	errno = saved;
	return ret;
}

int __uringi_sys_setrlimit(int resource, const struct rlimit *rlim)
{
	int saved = errno;
	int ret = setrlimit(resource, rlim) ? -errno : 0;

	errno = saved;
	return ret;
}

/*
 * The public raw system call wrappers (liburing 2.3).
 */
int io_uring_setup(unsigned int entries, struct io_uring_params *p)
{
	return __uringi_sys_setup(entries, p);
}

int io_uring_enter(unsigned int fd, unsigned int to_submit,
		   unsigned int min_complete, unsigned int flags, sigset_t *sig)
{
	return __uringi_sys_enter(fd, to_submit, min_complete, flags, sig);
}

int io_uring_enter2(unsigned int fd, unsigned int to_submit,
		    unsigned int min_complete, unsigned int flags, void *arg,
		    size_t sz)
{
	return __uringi_sys_enter2(fd, to_submit, min_complete, flags, arg,
				   sz);
}

int io_uring_register(unsigned int fd, unsigned int opcode, const void *arg,
		      unsigned int nr_args)
{
	return __uringi_sys_register(fd, opcode, arg, nr_args);
}
