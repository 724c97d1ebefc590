/* SPDX-License-Identifier: MIT */
/*
 * io_uring_submit_and_wait_reg(): waits described by entries of a
 * registered wait region (IORING_REGISTER_MEM_REGION with
 * IORING_MEM_REGION_REG_WAIT_ARG, Linux 6.13), named by index. The region
 * can only be registered while the ring is still disabled.
 */
#include <sys/mman.h>

#include "mode-util.h"

static int register_wait_region(struct io_uring *ring, void *mem,
				size_t size)
{
	struct io_uring_region_desc desc;
	struct io_uring_mem_region_reg reg;

	memset(&desc, 0, sizeof(desc));
	desc.user_addr = uring_ptr_to_u64(mem);
	desc.size = size;
	desc.flags = IORING_MEM_REGION_TYPE_USER;
	memset(&reg, 0, sizeof(reg));
	reg.region_uptr = uring_ptr_to_u64(&desc);
	reg.flags = IORING_MEM_REGION_REG_WAIT_ARG;
	return io_uring_register(ring->ring_fd, IORING_REGISTER_MEM_REGION,
				 &reg, 1);
}

int main(void)
{
	long page = sysconf(_SC_PAGESIZE);
	struct io_uring_reg_wait *waits;
	unsigned int nr_waits = page / sizeof(*waits);
	struct io_uring_cqe *cqe;
	struct io_uring ring;
	long long start;
	int ret;

	waits = mmap(NULL, page, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	t_assert(waits != MAP_FAILED, "mmap");
	memset(waits, 0, page);

	/* Only a disabled ring takes the region. */
	t_ring_init(&ring, 8, 0);
	ret = register_wait_region(&ring, waits, page);
	if (ret == -EINVAL && !t_kernel_at_least(6, 13))
		t_skip("no registered wait regions (Linux 6.13)");
	t_eq(ret, -EINVAL);
	io_uring_queue_exit(&ring);

	t_ring_init(&ring, 8, IORING_SETUP_R_DISABLED);
	t_eq(register_wait_region(&ring, waits, page), 0);
	t_eq(io_uring_register(ring.ring_fd, IORING_REGISTER_ENABLE_RINGS,
			       NULL, 0), 0);

	/* Entry 1: 50 ms. Entry 2: no timeout. */
	waits[1].ts.tv_nsec = 50 * 1000000;
	waits[1].flags = IORING_REG_WAIT_TS;
	waits[2].flags = 0;

	start = t_now_us();
	t_eq(io_uring_submit_and_wait_reg(&ring, &cqe, 1, 1), -ETIME);
	t_assert(t_now_us() - start >= 49000, "timed out early");

	t_queue_nop(&ring, 7);
	ret = io_uring_submit_and_wait_reg(&ring, &cqe, 1, 1);
	t_eq(ret, 1);
	t_check_cqe(cqe, 7, 0, 0);
	io_uring_cqe_seen(&ring, cqe);

	t_queue_nop(&ring, 8);
	t_queue_nop(&ring, 9);
	ret = io_uring_submit_and_wait_reg(&ring, &cqe, 2, 2);
	t_eq(ret, 2);
	t_check_cqe(cqe, 8, 0, 0);
	t_eq(io_uring_cq_ready(&ring), 2);
	t_reap(&ring, 8, 0);
	t_reap(&ring, 9, 0);

	/* An index past the region. */
	t_eq(io_uring_submit_and_wait_reg(&ring, &cqe, 1, nr_waits), -EFAULT);

	/* The library refuses without EXT_ARG. */
	ring.features &= ~IORING_FEAT_EXT_ARG;
	t_eq(io_uring_submit_and_wait_reg(&ring, &cqe, 1, 1), -EINVAL);
	io_uring_queue_exit(&ring);
	munmap(waits, page);
	return T_PASS;
}
