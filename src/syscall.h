/* SPDX-License-Identifier: MIT */
/*
 * Raw system calls. Each returns the kernel's result, or -errno; none of
 * them touches errno as far as the caller can tell.
 *
 * On x86_64 the io_uring calls are a single inline "syscall" instruction:
 * the kernel already reports errors as -errno, so there is no errno to
 * save, set and restore, and no call into libc on the submit/wait path.
 * Elsewhere they go through libc's syscall(2) in syscall.c.
 */
#ifndef LIBURING_SYSCALL_H
#define LIBURING_SYSCALL_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/syscall.h>

/* Library-internal: never exported from liburing.so, whatever the map. */
#pragma GCC visibility push(hidden)

struct io_uring_params;

#if defined(__x86_64__) && !defined(LIBURING_NO_RAW_SYSCALLS)
#define LIBURING_RAW_SYSCALLS 1
/*
 * Every call made this way returns an int (a count, a descriptor or
 * -errno), so the result is taken from eax directly.
 */
static inline int __uringi_sys_raw6(long nr, long a1, long a2, long a3, long a4,
				    long a5, long a6)
{
	register long r10 __asm__("r10") = a4;
	register long r8 __asm__("r8") = a5;
	register long r9 __asm__("r9") = a6;
	int ret;

	/* The kernel clobbers rcx and r11; "memory": it reads our rings. */
	__asm__ volatile("syscall"
			 : "=a" (ret)
			 : "a" (nr), "D" (a1), "S" (a2), "d" (a3), "r" (r10),
			   "r" (r8), "r" (r9)
			 : "rcx", "r11", "memory");
	return ret;
}

/* The same for calls of at most four arguments: r8 and r9 stay untouched. */
static inline int __uringi_sys_raw4(long nr, long a1, long a2, long a3, long a4)
{
	register long r10 __asm__("r10") = a4;
	int ret;

	__asm__ volatile("syscall"
			 : "=a" (ret)
			 : "a" (nr), "D" (a1), "S" (a2), "d" (a3), "r" (r10)
			 : "rcx", "r11", "memory");
	return ret;
}

static inline int __uringi_sys_enter2(unsigned int fd,
				      unsigned int to_submit,
				      unsigned int min_complete,
				      unsigned int flags, void *arg,
				      size_t sz)
{
	return __uringi_sys_raw6(__NR_io_uring_enter, fd, to_submit,
				 min_complete, flags, (long) arg, (long) sz);
}

static inline int __uringi_sys_register(unsigned int fd,
					unsigned int opcode,
					const void *arg,
					unsigned int nr_args)
{
	return __uringi_sys_raw4(__NR_io_uring_register, fd, opcode, (long) arg,
				 nr_args);
}

static inline int __uringi_sys_setup(unsigned int entries,
				     struct io_uring_params *p)
{
	return __uringi_sys_raw4(__NR_io_uring_setup, entries, (long) p, 0, 0);
}
#else
int __uringi_sys_setup(unsigned int entries, struct io_uring_params *p);
int __uringi_sys_enter2(unsigned int fd, unsigned int to_submit,
			unsigned int min_complete, unsigned int flags,
			void *arg, size_t sz);
int __uringi_sys_register(unsigned int fd, unsigned int opcode,
			  const void *arg, unsigned int nr_args);
#endif

static inline int __uringi_sys_enter(unsigned int fd, unsigned int to_submit,
				     unsigned int min_complete,
				     unsigned int flags, sigset_t *sig)
{
	/* The kernel wants the size of its own sigset_t, not libc's. */
	return __uringi_sys_enter2(fd, to_submit, min_complete, flags, sig,
				   _NSIG / 8);
}

/*
 * Memory and descriptor calls the setup path needs, in the same style:
 * inline on x86_64 like the io_uring calls (a ring's setup and teardown
 * are five of them, and libc's wrappers would save and restore errno
 * around each), through libc elsewhere.
 */
#ifdef LIBURING_RAW_SYSCALLS
static inline void *__uringi_sys_mmap(void *addr, size_t length, int prot,
				      int flags, int fd, off_t offset)
{
	register long r10 __asm__("r10") = flags;
	register long r8 __asm__("r8") = fd;
	register long r9 __asm__("r9") = offset;
	long ret;

	/* As __uringi_sys_raw6(), but the result is an address. */
	__asm__ volatile("syscall"
			 : "=a" (ret)
			 : "a" ((long) __NR_mmap), "D" (addr), "S" (length),
			   "d" ((long) prot), "r" (r10), "r" (r8), "r" (r9)
			 : "rcx", "r11", "memory");
	return (void *) ret;
}

static inline int __uringi_sys_munmap(void *addr, size_t length)
{
	return __uringi_sys_raw4(__NR_munmap, (long) addr, (long) length, 0,
				 0);
}

static inline int __uringi_sys_close(int fd)
{
	return __uringi_sys_raw4(__NR_close, fd, 0, 0, 0);
}
#else
void *__uringi_sys_mmap(void *addr, size_t length, int prot, int flags, int fd,
			off_t offset);
int __uringi_sys_munmap(void *addr, size_t length);
int __uringi_sys_close(int fd);
#endif
int __uringi_sys_madvise(void *addr, size_t length, int advice);
int __uringi_sys_mincore(void *addr, size_t length, unsigned char *vec);

/* Descriptor limits, for the -EMFILE retry of file registration. */
struct rlimit;
int __uringi_sys_getrlimit(int resource, struct rlimit *rlim);
int __uringi_sys_setrlimit(int resource, const struct rlimit *rlim);

/* __uringi_sys_mmap() failures are returned as a pointer in the last page. */
static inline int __uringi_sys_mmap_failed(const void *ptr)
{
	return (uintptr_t) ptr >= (uintptr_t) -4095;
}

static inline int __uringi_sys_mmap_error(const void *ptr)
{
	return (int) (intptr_t) ptr;
}

#pragma GCC visibility pop

#endif
