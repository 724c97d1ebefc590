/* SPDX-License-Identifier: MIT */
/*
 * Provided-buffer rings (Linux 5.19): a ring of buffer descriptors the
 * application fills and the kernel consumes, one ring per buffer group.
 * Registering, mapping, freeing, and asking the kernel where it is.
 */
#include <string.h>
#include <sys/mman.h>

#include "liburing.h"
#include "syscall.h"
#include "register.h"

/* The kernel's limit: a power of two below 65536 entries. */
#define BUF_RING_MAX_ENTRIES	32768U

/*
 * reg describes the ring; flags are IOU_PBUF_RING_* bits added to
 * reg->flags (as liburing does, the caller's structure is updated).
 */
int io_uring_register_buf_ring(struct io_uring *ring,
			       struct io_uring_buf_reg *reg,
			       unsigned int flags)
{
	if (reg)
		reg->flags |= flags;
	return __uringi_register(ring, IORING_REGISTER_PBUF_RING, reg, 1);
}

int io_uring_unregister_buf_ring(struct io_uring *ring, int bgid)
{
	struct io_uring_buf_reg reg;

	memset(&reg, 0, sizeof(reg));
	reg.bgid = bgid;
	return __uringi_register(ring, IORING_UNREGISTER_PBUF_RING, &reg,
				 1);
}

static size_t buf_ring_bytes(unsigned int nentries)
{
	return (size_t) nentries * sizeof(struct io_uring_buf);
}

/*
 * The ring memory comes from an anonymous mapping of ours, registered by
 * address. With IOU_PBUF_RING_MMAP the kernel allocates it instead and we
 * map it through the ring descriptor at the group's offset.
 */
static struct io_uring_buf_ring *map_buf_ring(struct io_uring *ring,
					      unsigned int nentries,
					      int bgid, unsigned int flags,
					      int *err)
{
	const int prot = PROT_READ | PROT_WRITE;
	size_t size = buf_ring_bytes(nentries);
	struct io_uring_buf_reg reg;
	void *ptr = NULL;
	__u64 off;
	int ret;

	memset(&reg, 0, sizeof(reg));
	reg.ring_entries = nentries;
	reg.bgid = bgid;

	if (!(flags & IOU_PBUF_RING_MMAP)) {
		ptr = __uringi_sys_mmap(NULL, size, prot,
					MAP_ANONYMOUS | MAP_PRIVATE, -1, 0);
		if (__uringi_sys_mmap_failed(ptr)) {
			*err = __uringi_sys_mmap_error(ptr);
			return NULL;
		}
		reg.ring_addr = uring_ptr_to_u64(ptr);
	}

	ret = io_uring_register_buf_ring(ring, &reg, flags);
	if (ret) {
		if (ptr)
			__uringi_sys_munmap(ptr, size);
		*err = ret;
		return NULL;
	}
	if (ptr)
		return ptr;

	off = IORING_OFF_PBUF_RING |
	      (__u64) (unsigned int) bgid << IORING_OFF_PBUF_SHIFT;
	ptr = __uringi_sys_mmap(NULL, size, prot, MAP_SHARED | MAP_POPULATE,
				ring->ring_fd, (off_t) off);
	if (__uringi_sys_mmap_failed(ptr)) {
		*err = __uringi_sys_mmap_error(ptr);
		io_uring_unregister_buf_ring(ring, bgid);
		return NULL;
	}
	return ptr;
}

struct io_uring_buf_ring *io_uring_setup_buf_ring(struct io_uring *ring,
						  unsigned int nentries,
						  int bgid, unsigned int flags,
						  int *err)
{
	struct io_uring_buf_ring *br;
	int dummy;

	if (!err)
		err = &dummy;
	*err = 0;
	if (!ring) {
		*err = -EFAULT;
		return NULL;
	}
	/* Refuse what the kernel would, before mapping anything. */
	if (!nentries || (nentries & (nentries - 1)) ||
	    nentries > BUF_RING_MAX_ENTRIES) {
		*err = -EINVAL;
		return NULL;
	}

	br = map_buf_ring(ring, nentries, bgid, flags, err);
	if (br)
		io_uring_buf_ring_init(br);
	return br;
}

int io_uring_free_buf_ring(struct io_uring *ring, struct io_uring_buf_ring *br,
			   unsigned int nentries, int bgid)
{
	int ret = io_uring_unregister_buf_ring(ring, bgid);

	/* Still registered, the kernel may yet read it: keep it mapped. */
	if (!ret && br)
		__uringi_sys_munmap(br, buf_ring_bytes(nentries));
	return ret;
}

/* Where the kernel is in buffer ring buf_group (Linux 6.8). */
int io_uring_buf_ring_head(struct io_uring *ring, int buf_group,
			   uint16_t *head)
{
	struct io_uring_buf_status status = { .buf_group = buf_group };
	int ret;

	ret = __uringi_register(ring, IORING_REGISTER_PBUF_STATUS,
				&status, 1);
	if (!ret)
		*head = status.head;
	return ret;
}
