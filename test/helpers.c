/* SPDX-License-Identifier: MIT */
#include <dirent.h>
#include <stdarg.h>
#include <string.h>
#include <sys/utsname.h>

#include "helpers.h"

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define T_HAVE_VALGRIND	1
#endif
#endif

void t_die(int status, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	if (status == T_SKIP)
		printf("skip: ");
	else
		printf("%s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	exit(status);
}

static void check_init(int ret, unsigned int flags)
{
	if (!ret)
		return;
	if (ret == -EINVAL || ret == -EOPNOTSUPP)
		t_skip("kernel refuses setup flags 0x%x: %s", flags,
		       strerror(-ret));
	if (ret == -EPERM || ret == -ENOSYS)
		t_skip("io_uring unavailable: %s", strerror(-ret));
	t_fail("io_uring_queue_init(flags 0x%x): %s", flags, strerror(-ret));
}

void t_ring_init(struct io_uring *ring, unsigned int entries,
		 unsigned int flags)
{
	check_init(io_uring_queue_init(entries, ring, flags), flags);
}

void t_ring_init_params(struct io_uring *ring, unsigned int entries,
			struct io_uring_params *p)
{
	unsigned int flags = p->flags;

	check_init(io_uring_queue_init_params(entries, ring, p), flags);
}

void t_expect_cqe(struct io_uring *ring, __u64 user_data, int res,
		  unsigned int flags, int timeout_ms)
{
	struct __kernel_timespec ts = {
		.tv_sec = timeout_ms / 1000,
		.tv_nsec = (timeout_ms % 1000) * 1000000LL,
	};
	struct io_uring_cqe *cqe;
	int ret;

	ret = io_uring_wait_cqe_timeout(ring, &cqe, &ts);
	if (ret == -ETIME)
		t_fail("no CQE within %d ms (wanted user_data %llu)",
		       timeout_ms, (unsigned long long) user_data);
	if (ret < 0)
		t_fail("wait_cqe_timeout: %s", strerror(-ret));
	if (cqe->user_data != user_data || cqe->res != res ||
	    cqe->flags != flags)
		t_fail("CQE {user_data %llu, res %d, flags 0x%x}, wanted "
		       "{%llu, %d, 0x%x}",
		       (unsigned long long) cqe->user_data, cqe->res,
		       cqe->flags, (unsigned long long) user_data, res, flags);
	io_uring_cqe_seen(ring, cqe);
}

void t_expect_no_cqe(struct io_uring *ring, int timeout_ms)
{
	struct __kernel_timespec ts = {
		.tv_sec = timeout_ms / 1000,
		.tv_nsec = (timeout_ms % 1000) * 1000000LL,
	};
	struct io_uring_cqe *cqe;
	int ret;

	ret = io_uring_wait_cqe_timeout(ring, &cqe, &ts);
	if (ret == 0)
		t_fail("unexpected CQE {user_data %llu, res %d, flags 0x%x}",
		       (unsigned long long) cqe->user_data, cqe->res,
		       cqe->flags);
	if (ret != -ETIME)
		t_fail("wait_cqe_timeout: %s", strerror(-ret));
}

int t_count_fds(void)
{
	DIR *dir = opendir("/proc/self/fd");
	struct dirent *de;
	int n = 0;

	if (!dir)
		t_fail("opendir /proc/self/fd");
	while ((de = readdir(dir)))
		if (de->d_name[0] != '.')
			n++;
	closedir(dir);
	return n - 1;	/* the directory stream itself */
}

/*
 * The library maps its rings with mmap(), never through malloc(), so the
 * count leaves out the run of adjacent mappings that holds malloc'ed
 * memory. With glibc that run is the one [heap] line, whatever its size;
 * with ASan or TSan it is the sanitizer allocator's reserved range, whose
 * line splits in two each time a new block size is first used (a probe,
 * a stdio buffer): a change in allocator state, not a mapping left behind.
 */
int t_count_maps(void)
{
	unsigned long start, end, prev_end = 0;
	unsigned long heap = (unsigned long) malloc(1);
	int n = 0, run = 0, heap_run = 0, c;
	bool at_start = true, in_heap = false;
	FILE *f = fopen("/proc/self/maps", "r");

	if (!f || !heap)
		t_fail("fopen /proc/self/maps or malloc failed");
	/* Lines are in address order: "start-end perms ...". */
	while (1) {
		if (at_start && fscanf(f, "%lx-%lx", &start, &end) == 2) {
			if (start != prev_end) {
				if (in_heap)
					heap_run = run;
				run = 0;
				in_heap = false;
			}
			run++;
			n++;
			in_heap |= heap >= start && heap < end;
			prev_end = end;
		}
		c = fgetc(f);
		if (c == EOF)
			break;
		at_start = c == '\n';
	}
	if (in_heap)
		heap_run = run;
	fclose(f);
	free((void *) heap);
	return n - heap_run;
}

bool t_kernel_at_least(int major, int minor)
{
	struct utsname u;
	int kmaj = 0, kmin = 0;

	if (uname(&u) || sscanf(u.release, "%d.%d", &kmaj, &kmin) != 2)
		return false;
	return kmaj > major || (kmaj == major && kmin >= minor);
}

bool t_under_valgrind(void)
{
#ifdef T_HAVE_VALGRIND
	return RUNNING_ON_VALGRIND;
#else
	return false;
#endif
}

static bool peer_is(const char *side)
{
	const char *peer = getenv("LIBURING_TEST_PEER");

	return peer && !strcmp(peer, side);
}

bool t_peer_headers(void)
{
	return peer_is("headers");
}

bool t_peer_library(void)
{
	return peer_is("library");
}

void t_valgrind_quiet(bool quiet)
{
#ifdef T_HAVE_VALGRIND
	if (quiet)
		VALGRIND_DISABLE_ERROR_REPORTING;
	else
		VALGRIND_ENABLE_ERROR_REPORTING;
#else
	(void) quiet;
#endif
}
