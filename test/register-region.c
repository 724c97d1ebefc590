/* SPDX-License-Identifier: MIT */
/*
 * Memory regions: a user region holding registered wait arguments, used by
 * io_uring_submit_and_wait_reg(); a kernel-allocated region mapped through
 * the ring; the retired io_uring_register_wait_reg(); argument errors.
 */
#include <sys/mman.h>
#include <time.h>

#include "register-util.h"

#define REGION_SZ	4096

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void *map_page(void)
{
	void *ptr = mmap(NULL, REGION_SZ, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (ptr == MAP_FAILED)
		t_fail("mmap");
	return ptr;
}

static int register_user_region(struct io_uring *ring, void *mem,
				__u64 flags)
{
	struct io_uring_region_desc rd;
	struct io_uring_mem_region_reg mr;

	memset(&rd, 0, sizeof(rd));
	rd.user_addr = uring_ptr_to_u64(mem);
	rd.size = REGION_SZ;
	rd.flags = IORING_MEM_REGION_TYPE_USER;
	memset(&mr, 0, sizeof(mr));
	mr.region_uptr = uring_ptr_to_u64(&rd);
	mr.flags = flags;
	return io_uring_register_region(ring, &mr);
}

static void wait_region(void)
{
	struct io_uring_reg_wait *waits;
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	struct io_uring ring;
	long long start;
	int ret;

	waits = map_page();
	t_ring_init(&ring, 8, IORING_SETUP_R_DISABLED |
			      IORING_SETUP_SINGLE_ISSUER |
			      IORING_SETUP_DEFER_TASKRUN);
	ret = register_user_region(&ring, waits,
				   IORING_MEM_REGION_REG_WAIT_ARG);
	if (ret == -EINVAL)
		t_skip("kernel lacks IORING_REGISTER_MEM_REGION wait args");
	t_eq(ret, 0);
	/* One region per ring. */
	t_eq(register_user_region(&ring, waits, 0), -EBUSY);
	t_eq(io_uring_enable_rings(&ring), 0);

	/* Slot 2: wait at most 50 ms. */
	waits[2].ts.tv_sec = 0;
	waits[2].ts.tv_nsec = 50 * 1000000LL;
	waits[2].flags = IORING_REG_WAIT_TS;

	start = now_ms();
	t_eq(io_uring_submit_and_wait_reg(&ring, &cqe, 1, 2), -ETIME);
	t_assert(now_ms() - start >= 40, "timed out after %lld ms",
		 now_ms() - start);

	/* With a completion on its way the wait returns it. */
	sqe = t_get_sqe(&ring);
	io_uring_prep_nop(sqe);
	sqe->user_data = 5;
	/* Like submit_and_wait_timeout, it returns the number submitted. */
	t_eq(io_uring_submit_and_wait_reg(&ring, &cqe, 1, 2), 1);
	t_eq(cqe->user_data, 5);
	t_eq(cqe->res, 0);
	io_uring_cqe_seen(&ring, cqe);

	/* An index past the region is refused. */
	t_eq(io_uring_submit_and_wait_reg(&ring, &cqe, 1,
					  REGION_SZ / sizeof(*waits)),
	     -EFAULT);
	io_uring_queue_exit(&ring);
	munmap(waits, REGION_SZ);
}

/* Without TYPE_USER the kernel allocates and hands out an mmap offset. */
static void kernel_region(void)
{
	struct io_uring_region_desc rd;
	struct io_uring_mem_region_reg mr;
	struct io_uring ring;
	void *ptr;

	t_ring_init(&ring, 8, 0);
	memset(&rd, 0, sizeof(rd));
	rd.size = REGION_SZ;
	memset(&mr, 0, sizeof(mr));
	mr.region_uptr = uring_ptr_to_u64(&rd);
	t_eq(io_uring_register_region(&ring, &mr), 0);
	t_assert(rd.mmap_offset != 0, "no mmap offset");
	ptr = mmap(NULL, REGION_SZ, PROT_READ | PROT_WRITE, MAP_SHARED,
		   ring.ring_fd, (off_t) rd.mmap_offset);
	t_assert(ptr != MAP_FAILED, "cannot map the kernel region");
	memset(ptr, 0x5a, REGION_SZ);
	munmap(ptr, REGION_SZ);
	io_uring_queue_exit(&ring);
}

static void bad_args(void)
{
	struct io_uring_region_desc rd;
	struct io_uring_mem_region_reg mr;
	struct io_uring_reg_wait rw;
	struct io_uring ring, fake;
	void *mem = map_page();

	t_ring_init(&ring, 8, 0);
	/* The old registered-wait call is gone from the kernel. */
	memset(&rw, 0, sizeof(rw));
	t_eq(io_uring_register_wait_reg(&ring, &rw, 1), -EINVAL);
	t_eq(io_uring_register_wait_reg(&ring, NULL, 0), -EINVAL);

	/* Wait arguments only on a ring that is still disabled. */
	t_eq(register_user_region(&ring, mem, IORING_MEM_REGION_REG_WAIT_ARG),
	     -EINVAL);
	t_eq(register_user_region(&ring, mem, 0x100), -EINVAL);
	t_eq(io_uring_register_region(&ring, NULL), -EINVAL);
	memset(&mr, 0, sizeof(mr));
	mr.region_uptr = 8;
	t_eq(io_uring_register_region(&ring, &mr), -EFAULT);
	memset(&rd, 0, sizeof(rd));
	rd.size = REGION_SZ;
	mr.region_uptr = uring_ptr_to_u64(&rd);
	mr.__resv[0] = 1;
	t_eq(io_uring_register_region(&ring, &mr), -EINVAL);
	mr.__resv[0] = 0;
	rd.size = 0;
	t_eq(io_uring_register_region(&ring, &mr), -EINVAL);

	t_fake_ring(&fake, t_closed_fd());
	t_eq(io_uring_register_region(&fake, &mr), -EBADF);
	t_eq_null(io_uring_register_region(NULL, &mr), -EFAULT);
	io_uring_queue_exit(&ring);
	munmap(mem, REGION_SZ);
}

/* Before 6.13 the opcode is unknown: -EINVAL before the descriptor. */
static bool have_mem_region(void)
{
	struct io_uring_mem_region_reg mr;
	struct io_uring ring;
	int ret;

	t_ring_init(&ring, 8, 0);
	memset(&mr, 0, sizeof(mr));
	mr.region_uptr = 8;
	ret = io_uring_register_region(&ring, &mr);
	io_uring_queue_exit(&ring);
	return ret != -EINVAL;
}

int main(void)
{
	int fds = t_count_fds(), maps = t_count_maps();

	if (!have_mem_region())
		t_skip("kernel lacks IORING_REGISTER_MEM_REGION (6.13)");
	bad_args();
	kernel_region();
	wait_region();

	t_eq(t_count_fds(), fds);
	t_eq(t_count_maps(), maps);
	return T_PASS;
}
