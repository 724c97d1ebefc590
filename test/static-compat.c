/* SPDX-License-Identifier: MIT */
/*
 * The setup helpers liburing.a defines without declaring them in
 * liburing.h or exporting them from liburing.so: io_uring_mmap(),
 * io_uring_unmap_rings(), io_uring_setup_ring_pointers() and
 * __io_uring_queue_init_params(). Statically linked programs call them
 * with these prototypes, so this test declares them itself and links
 * src/liburing.a; the shared library must not have them.
 */
#include <dlfcn.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "helpers.h"

int io_uring_mmap(int fd, struct io_uring_params *p, struct io_uring_sq *sq,
		  struct io_uring_cq *cq);
void io_uring_unmap_rings(struct io_uring_sq *sq, struct io_uring_cq *cq);
void io_uring_setup_ring_pointers(struct io_uring_params *p,
				  struct io_uring_sq *sq,
				  struct io_uring_cq *cq);
int __io_uring_queue_init_params(unsigned int entries, struct io_uring *ring,
				 struct io_uring_params *p, void *buf,
				 size_t buf_size);

static const char *const static_only[] = {
	"io_uring_mmap", "io_uring_unmap_rings",
	"io_uring_setup_ring_pointers", "__io_uring_queue_init_params", NULL,
};

static void nop_roundtrip(struct io_uring *ring, __u64 user_data)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

	t_assert(sqe, "no SQE");
	io_uring_prep_nop(sqe);
	sqe->user_data = user_data;
	t_eq(io_uring_submit(ring), 1);
	t_expect_cqe(ring, user_data, 0, 0, 1000);
	t_expect_no_cqe(ring, 0);
}

/* Both ring views point at the same shared fields. */
static void same_view(const struct io_uring_sq *a, const struct io_uring_sq *b,
		      const struct io_uring_cq *c, const struct io_uring_cq *d)
{
	t_assert(a->khead == b->khead && a->ktail == b->ktail &&
		 a->kring_mask == b->kring_mask &&
		 a->kring_entries == b->kring_entries &&
		 a->kflags == b->kflags && a->kdropped == b->kdropped &&
		 a->array == b->array && a->ring_mask == b->ring_mask &&
		 a->ring_entries == b->ring_entries, "SQ pointers differ");
	t_assert(c->khead == d->khead && c->ktail == d->ktail &&
		 c->kring_mask == d->kring_mask &&
		 c->kring_entries == d->kring_entries &&
		 c->koverflow == d->koverflow && c->kflags == d->kflags &&
		 c->cqes == d->cqes && c->ring_mask == d->ring_mask &&
		 c->ring_entries == d->ring_entries, "CQ pointers differ");
}

/* io_uring_mmap() and the pointer and unmap helpers around it. */
static void map_by_hand(void)
{
	int maps = t_count_maps(), fds = t_count_fds();
	struct io_uring_params p, bad;
	struct io_uring ring;
	struct io_uring_sq sq;
	struct io_uring_cq cq;
	int fd;

	memset(&p, 0, sizeof(p));
	fd = io_uring_setup(8, &p);
	t_assert(fd >= 0, "io_uring_setup: %d", fd);

	memset(&ring, 0, sizeof(ring));
	t_eq(io_uring_mmap(fd, &p, &ring.sq, &ring.cq), 0);
	t_eq(ring.sq.ring_entries, 8);
	t_eq(ring.sq.ring_mask, 7);
	t_eq(ring.cq.ring_entries, 16);
	t_eq(*ring.sq.kring_entries, 8);
	t_eq(*ring.cq.kring_mask, 15);
	t_assert(ring.sq.sqes && ring.sq.sqes_sz >= 8 * sizeof(*ring.sq.sqes),
		 "no SQE array");
	t_assert(ring.sq.array, "no SQ array without NO_SQARRAY");

	/* The pointers alone, from the mapping already there. */
	memset(&sq, 0, sizeof(sq));
	memset(&cq, 0, sizeof(cq));
	sq.ring_ptr = ring.sq.ring_ptr;
	sq.sqes = ring.sq.sqes;
	cq.ring_ptr = ring.cq.ring_ptr;
	io_uring_setup_ring_pointers(&p, &sq, &cq);
	same_view(&ring.sq, &sq, &ring.cq, &cq);

	/* Good enough to run a request through, once the array is set. */
	{
		unsigned int i;

		for (i = 0; i < ring.sq.ring_entries; i++)
			ring.sq.array[i] = i;
	}
	ring.ring_fd = ring.enter_ring_fd = fd;
	ring.flags = p.flags;
	ring.features = p.features;
	nop_roundtrip(&ring, 0x51);

	/* The rings go; the SQE array is the caller's to unmap. */
	io_uring_unmap_rings(&ring.sq, &ring.cq);
	t_eq(munmap(ring.sq.sqes, ring.sq.sqes_sz), 0);
	t_eq(t_count_maps(), maps);

	/* Parameters of another ring: refused, nothing mapped. */
	bad = p;
	bad.sq_entries = 4096;
	bad.cq_entries = 8192;
	memset(&sq, 0, sizeof(sq));
	t_eq(io_uring_mmap(fd, &bad, &sq, &cq), -EINVAL);
	t_eq(t_count_maps(), maps);
	t_eq(io_uring_mmap(fd, NULL, &sq, &cq), -EFAULT);
	close(fd);
	t_eq(t_count_fds(), fds);
}

/* __io_uring_queue_init_params(): the flags exactly as given. */
static void init_params(void)
{
	int maps = t_count_maps(), fds = t_count_fds();
	struct io_uring_params p;
	struct io_uring ring;
	ssize_t need;
	void *buf;
	int ret;

	memset(&p, 0, sizeof(p));
	t_eq(__io_uring_queue_init_params(8, &ring, &p, NULL, 0), 0);
	/* No NO_SQARRAY added: that is io_uring_queue_init()'s doing. */
	t_eq(p.flags, 0);
	t_assert(ring.sq.array, "no SQ array");
	nop_roundtrip(&ring, 0x52);
	io_uring_queue_exit(&ring);

	memset(&p, 0, sizeof(p));
	t_eq(__io_uring_queue_init_params(0, &ring, &p, NULL, 0), -EINVAL);
	t_eq(__io_uring_queue_init_params(8, NULL, &p, NULL, 0), -EFAULT);

	/* Caller memory for a NO_MMAP ring: the bytes used come back. */
	need = io_uring_memory_size(8, IORING_SETUP_NO_MMAP);
	t_assert(need > 0, "memory_size: %zd", need);
	buf = mmap(NULL, need, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	t_assert(buf != MAP_FAILED, "mmap");
	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_NO_MMAP;
	ret = __io_uring_queue_init_params(8, &ring, &p, buf, need);
	if (ret == -EINVAL)
		t_skip("no IORING_SETUP_NO_MMAP (Linux 6.5)");
	t_eq(ret, need);
	t_assert((void *) ring.sq.sqes == buf, "SQEs not in buf");
	nop_roundtrip(&ring, 0x53);
	io_uring_queue_exit(&ring);

	/* Without buf, the library's own memory. */
	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_NO_MMAP;
	ret = __io_uring_queue_init_params(8, &ring, &p, NULL, 0);
	t_eq(ret, need);
	t_assert((void *) ring.sq.sqes != buf, "SQEs in buf");
	nop_roundtrip(&ring, 0x54);
	io_uring_queue_exit(&ring);

	munmap(buf, need);
	t_eq(t_count_maps(), maps);
	t_eq(t_count_fds(), fds);
}

/* None of them is exported from the shared library. */
static void not_in_shared_lib(void)
{
	void *so = dlopen("src/liburing.so.2", RTLD_NOW | RTLD_LOCAL);
	int i;

	if (!so)
		return;	/* a static-only build */
	t_assert(dlsym(so, "io_uring_queue_init"), "liburing.so unusable");
	for (i = 0; static_only[i]; i++)
		t_assert(!dlsym(so, static_only[i]),
			 "liburing.so exports %s", static_only[i]);
	dlclose(so);
}

int main(void)
{
	struct io_uring probe;

	if (io_uring_queue_init(1, &probe, 0))
		t_skip("io_uring unavailable");
	io_uring_queue_exit(&probe);

	not_in_shared_lib();
	map_by_hand();
	init_params();
	return T_PASS;
}
