/* SPDX-License-Identifier: MIT */
/*
 * Raw system calls. Each returns the kernel's result, or -errno; none of
 * them touches errno as far as the caller can tell.
 */
#ifndef LIBURING_SYSCALL_H
#define LIBURING_SYSCALL_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct io_uring_params;

int __sys_io_uring_setup(unsigned int entries, struct io_uring_params *p);
int __sys_io_uring_enter(unsigned int fd, unsigned int to_submit,
			 unsigned int min_complete, unsigned int flags,
			 sigset_t *sig);
int __sys_io_uring_enter2(unsigned int fd, unsigned int to_submit,
			  unsigned int min_complete, unsigned int flags,
			  void *arg, size_t sz);
int __sys_io_uring_register(unsigned int fd, unsigned int opcode,
			    const void *arg, unsigned int nr_args);

/* Memory and descriptor calls the setup path needs, in the same style. */
void *__sys_mmap(void *addr, size_t length, int prot, int flags, int fd,
		 off_t offset);
int __sys_munmap(void *addr, size_t length);
int __sys_madvise(void *addr, size_t length, int advice);
int __sys_close(int fd);

/* Descriptor limits, for the -EMFILE retry of file registration. */
struct rlimit;
int __sys_getrlimit(int resource, struct rlimit *rlim);
int __sys_setrlimit(int resource, const struct rlimit *rlim);

/* __sys_mmap() failures are returned as a pointer in the last page. */
static inline int __sys_mmap_failed(const void *ptr)
{
	return (uintptr_t) ptr >= (uintptr_t) -4095;
}

static inline int __sys_mmap_error(const void *ptr)
{
	return (int) (intptr_t) ptr;
}

#endif
