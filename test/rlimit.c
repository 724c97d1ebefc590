/* SPDX-License-Identifier: MIT */
/*
 * Resource limits: with RLIMIT_NOFILE or RLIMIT_MEMLOCK too low, ring setup
 * and registration fail with the kernel's error (-EMFILE, -ENOMEM), and the
 * failure leaves no descriptor and no mapping behind. Raising the limit
 * again makes the same calls work.
 *
 * Only the soft limits are lowered, so they can be raised again without
 * CAP_SYS_RESOURCE. Memory is charged to RLIMIT_MEMLOCK only for tasks
 * without CAP_IPC_LOCK, so the test drops that capability first.
 */
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <linux/capability.h>

#include "helpers.h"

struct snapshot {
	int fds;
	int maps;
};

static struct snapshot snap(void)
{
	struct snapshot s = { t_count_fds(), t_count_maps() };

	return s;
}

static void same_as(struct snapshot before, const char *what)
{
	struct snapshot now = snap();

	if (now.fds != before.fds || now.maps != before.maps)
		t_fail("%s: %d fds and %d mappings, %d and %d before", what,
		       now.fds, now.maps, before.fds, before.maps);
}

static void set_soft(int resource, rlim_t soft)
{
	struct rlimit rl;

	t_assert(!getrlimit(resource, &rl), "getrlimit");
	rl.rlim_cur = soft;
	t_assert(!setrlimit(resource, &rl), "setrlimit(%d, %llu)", resource,
		 (unsigned long long) soft);
}

static rlim_t get_soft(int resource)
{
	struct rlimit rl;

	t_assert(!getrlimit(resource, &rl), "getrlimit");
	return rl.rlim_cur;
}

/* The lowest free descriptor: the next one any call would get. */
static int lowest_free_fd(void)
{
	int fd = dup(0);

	t_assert(fd >= 0, "dup");
	close(fd);
	return fd;
}

/*
 * The soft RLIMIT_NOFILE the kernel enforces. Valgrind keeps its own copy
 * of the limit and never passes ours on, which shows here.
 */
static long long kernel_nofile_soft(void)
{
	FILE *f = fopen("/proc/self/limits", "r");
	char line[256];
	long long soft = -1;

	t_assert(f, "fopen /proc/self/limits");
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "Max open files", 14))
			sscanf(line + 14, "%lld", &soft);
	fclose(f);
	return soft;
}

static void nofile(void)
{
	rlim_t old = get_soft(RLIMIT_NOFILE);
	struct snapshot before;
	struct io_uring ring;
	int *sparse, limit, ret, i;
	long long enforced;

	limit = lowest_free_fd();
	set_soft(RLIMIT_NOFILE, limit + 1);
	enforced = kernel_nofile_soft();
	set_soft(RLIMIT_NOFILE, old);
	if (enforced != limit + 1) {
		printf("note: RLIMIT_NOFILE is not passed to the kernel "
		       "(valgrind?): not checked\n");
		return;
	}

	/* No descriptor left for the ring: -EMFILE, nothing mapped. */
	limit = lowest_free_fd();
	before = snap();
	set_soft(RLIMIT_NOFILE, limit);
	ret = io_uring_queue_init(8, &ring, 0);
	t_eq(ret, -EMFILE);
	set_soft(RLIMIT_NOFILE, old);
	same_as(before, "failed setup (RLIMIT_NOFILE)");

	t_ring_init(&ring, 8, 0);

	/*
	 * With the ring open and the limit at what we use: registering the
	 * ring fd needs no new descriptor, so it still works.
	 */
	limit = lowest_free_fd();
	sparse = malloc(sizeof(*sparse) * (limit + 1));
	t_assert(sparse, "malloc");
	for (i = 0; i <= limit; i++)
		sparse[i] = -1;
	before = snap();
	set_soft(RLIMIT_NOFILE, limit);
	/* Ring fd registration is Linux 5.18; the rest holds without it. */
	t_eq_since(5, 18, io_uring_register_ring_fd(&ring), 1);

	/* A file table bigger than RLIMIT_NOFILE: -EMFILE. */
	ret = io_uring_register(ring.ring_fd, IORING_REGISTER_FILES, sparse,
				limit + 1);
	t_eq(ret, -EMFILE);
	set_soft(RLIMIT_NOFILE, old);
	same_as(before, "failed file registration (RLIMIT_NOFILE)");
	set_soft(RLIMIT_NOFILE, limit);

	/* As big as the limit: fine. */
	ret = io_uring_register(ring.ring_fd, IORING_REGISTER_FILES, sparse,
				limit);
	t_eq(ret, 0);
	t_eq(io_uring_register(ring.ring_fd, IORING_UNREGISTER_FILES, NULL, 0),
	     0);
	free(sparse);

	set_soft(RLIMIT_NOFILE, old);
	io_uring_queue_exit(&ring);
}

/* Drop CAP_IPC_LOCK from the effective set; false if we cannot tell. */
static bool drop_ipc_lock(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &hdr, data))
		return false;
	data[CAP_TO_INDEX(CAP_IPC_LOCK)].effective &=
		~CAP_TO_MASK(CAP_IPC_LOCK);
	return !syscall(SYS_capset, &hdr, data);
}

static void memlock(void)
{
	const size_t big = 1 << 20, small = 4096;
	rlim_t old = get_soft(RLIMIT_MEMLOCK);
	struct snapshot before;
	struct io_uring ring;
	struct iovec iov;
	void *mem;
	int ret;

	if (!drop_ipc_lock())
		t_skip("cannot drop CAP_IPC_LOCK: memlock is not enforced");
	if (old < 64 * 1024)
		t_skip("RLIMIT_MEMLOCK is already below 64 KiB");

	/*
	 * Ring memory is charged to RLIMIT_MEMLOCK (again) since the rings
	 * became kernel memory regions; on older kernels setup may succeed.
	 */
	before = snap();
	set_soft(RLIMIT_MEMLOCK, 0);
	ret = io_uring_queue_init(8, &ring, 0);
	set_soft(RLIMIT_MEMLOCK, old);
	if (ret == 0 && !t_kernel_at_least(6, 18))
		io_uring_queue_exit(&ring);
	else
		t_eq(ret, -ENOMEM);
	same_as(before, "failed setup (RLIMIT_MEMLOCK)");

	t_ring_init(&ring, 8, 0);

	mem = mmap(NULL, big, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	t_assert(mem != MAP_FAILED, "mmap");
	memset(mem, 0, big);

	/* 1 MiB of buffers under a 64 KiB limit: -ENOMEM. */
	set_soft(RLIMIT_MEMLOCK, 64 * 1024);
	iov.iov_base = mem;
	iov.iov_len = big;
	before = snap();
	ret = io_uring_register(ring.ring_fd, IORING_REGISTER_BUFFERS, &iov, 1);
	t_eq(ret, -ENOMEM);
	same_as(before, "failed buffer registration (RLIMIT_MEMLOCK)");

	/* One page fits. */
	iov.iov_len = small;
	ret = io_uring_register(ring.ring_fd, IORING_REGISTER_BUFFERS, &iov, 1);
	t_eq(ret, 0);
	t_eq(io_uring_register(ring.ring_fd, IORING_UNREGISTER_BUFFERS, NULL,
			       0), 0);

	set_soft(RLIMIT_MEMLOCK, old);
	munmap(mem, big);
	io_uring_queue_exit(&ring);
}

int main(void)
{
	struct snapshot start;
	struct io_uring ring;

	/* Setup works at all, and its lazily created state is in place. */
	t_ring_init(&ring, 8, 0);
	io_uring_queue_exit(&ring);
	start = snap();

	nofile();
	memlock();

	same_as(start, "after the test");
	return T_PASS;
}
