/* SPDX-License-Identifier: MIT */
/*
 * Zero-copy receive registration: io_uring_register_ifq() and
 * io_uring_register_zcrx_ctrl(). The argument checks need no hardware;
 * a real interface queue needs a NIC with header split and queue
 * management, so without one the test ends in a skip naming the error.
 */
#include <net/if.h>
#include <sys/mman.h>

#include "register-util.h"

#define AREA_SZ	(1U << 16)

static struct io_uring_zcrx_area_reg area;
static struct io_uring_region_desc rd;
static struct io_uring_zcrx_ifq_reg reg;

static void reset_reg(unsigned int if_idx, void *area_mem, void *rq_mem)
{
	memset(&area, 0, sizeof(area));
	area.addr = uring_ptr_to_u64(area_mem);
	area.len = AREA_SZ;
	memset(&rd, 0, sizeof(rd));
	rd.user_addr = uring_ptr_to_u64(rq_mem);
	rd.size = AREA_SZ;
	rd.flags = IORING_MEM_REGION_TYPE_USER;
	memset(&reg, 0, sizeof(reg));
	reg.if_idx = if_idx;
	reg.if_rxq = 0;
	reg.rq_entries = 64;
	reg.area_ptr = uring_ptr_to_u64(&area);
	reg.region_ptr = uring_ptr_to_u64(&rd);
}

static unsigned int nr_register_opcodes(void)
{
	struct io_uring_query_opcode ops;
	struct io_uring_query_hdr hdr;

	memset(&ops, 0, sizeof(ops));
	memset(&hdr, 0, sizeof(hdr));
	hdr.query_op = IO_URING_QUERY_OPCODES;
	hdr.query_data = uring_ptr_to_u64(&ops);
	hdr.size = sizeof(ops);
	if (io_uring_register_query(&hdr) || hdr.result)
		return 0;
	return ops.nr_register_opcodes;
}

static void zcrx_ctrl(struct io_uring *ring)
{
	struct zcrx_ctrl ctrl;
	struct io_uring fake;

	memset(&ctrl, 0, sizeof(ctrl));
	ctrl.zcrx_id = 12345;
	t_fake_ring(&fake, t_closed_fd());
	if (nr_register_opcodes() <= IORING_REGISTER_ZCRX_CTRL) {
		/*
		 * Unknown opcode on this kernel (before 6.19): refused
		 * before the descriptor is even looked at.
		 */
		t_eq(io_uring_register_zcrx_ctrl(ring, &ctrl), -EINVAL);
		t_eq(io_uring_register_zcrx_ctrl(&fake, &ctrl), -EINVAL);
	} else {
		/* No such instance. */
		t_eq(io_uring_register_zcrx_ctrl(ring, &ctrl), -ENXIO);
		t_eq(io_uring_register_zcrx_ctrl(ring, (void *) 8), -EFAULT);
		t_eq(io_uring_register_zcrx_ctrl(&fake, &ctrl), -EBADF);
	}
	t_eq_null(io_uring_register_zcrx_ctrl(NULL, &ctrl), -EFAULT);
}

int main(void)
{
	struct if_nameindex *ifs, *it;
	struct io_uring ring, plain, fake;
	void *area_mem, *rq_mem;
	char why[128] = "no network interface";
	bool registered = false;
	int ret;

	area_mem = mmap(NULL, AREA_SZ, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	rq_mem = mmap(NULL, AREA_SZ, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (area_mem == MAP_FAILED || rq_mem == MAP_FAILED)
		t_fail("mmap");

	/* zcrx wants DEFER_TASKRUN and big CQEs. */
	t_ring_init(&plain, 8, 0);
	reset_reg(1, area_mem, rq_mem);
	t_eq(io_uring_register_ifq(&plain, &reg), -EINVAL);
	io_uring_queue_exit(&plain);

	t_ring_init(&ring, 8, IORING_SETUP_SINGLE_ISSUER |
			      IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_CQE32);
	/* Before 6.15 the opcode is unknown: -EINVAL, not a fault. */
	if (io_uring_register_ifq(&ring, (void *) 8) == -EINVAL)
		t_skip("kernel lacks IORING_REGISTER_ZCRX_IFQ (6.15)");
	t_eq(io_uring_register_ifq(&ring, NULL), -EINVAL);
	reg.rq_entries = 0;
	t_eq(io_uring_register_ifq(&ring, &reg), -EINVAL);
	reset_reg(1, area_mem, rq_mem);
	reg.__resv[0] = 1;
	t_eq(io_uring_register_ifq(&ring, &reg), -EINVAL);
	reset_reg(1, area_mem, rq_mem);
	reg.area_ptr = 8;
	t_eq(io_uring_register_ifq(&ring, &reg), -EFAULT);
	/* An interface index that does not exist. */
	reset_reg(0x7fffffff, area_mem, rq_mem);
	t_eq(io_uring_register_ifq(&ring, &reg), -ENODEV);
	t_fake_ring(&fake, t_closed_fd());
	t_eq(io_uring_register_ifq(&fake, &reg), -EBADF);
	zcrx_ctrl(&ring);

	/* Any interface of this machine that can do it? */
	ifs = if_nameindex();
	for (it = ifs; it && it->if_index; it++) {
		reset_reg(it->if_index, area_mem, rq_mem);
		ret = io_uring_register_ifq(&ring, &reg);
		if (!ret) {
			printf("zcrx queue registered on %s, id %u\n",
			       it->if_name, reg.zcrx_id);
			t_assert(reg.offsets.head != reg.offsets.tail,
				 "no refill queue offsets");
			registered = true;
			break;
		}
		snprintf(why, sizeof(why), "no NIC with zcrx: %s gives %s",
			 it->if_name, strerror(-ret));
	}
	if (ifs)
		if_freenameindex(ifs);
	io_uring_queue_exit(&ring);
	munmap(area_mem, AREA_SZ);
	munmap(rq_mem, AREA_SZ);
	if (!registered)
		t_skip("%s", why);
	return T_PASS;
}
