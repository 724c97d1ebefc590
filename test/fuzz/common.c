/* SPDX-License-Identifier: MIT */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>

#include "common.h"

int fz_errno_canary = 0x5eed;

void fz_fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "fuzz finding: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	abort();
}

uint8_t fz_u8(struct fz *f)
{
	uint8_t v = 0;

	if (f->size) {
		v = *f->data++;
		f->size--;
	}
	return v;
}

void fz_bytes(struct fz *f, void *dst, size_t len)
{
	size_t n = len < f->size ? len : f->size;

	memcpy(dst, f->data, n);
	memset((char *) dst + n, 0, len - n);
	f->data += n;
	f->size -= n;
}

uint16_t fz_u16(struct fz *f)
{
	uint16_t v;

	fz_bytes(f, &v, sizeof(v));
	return v;
}

uint32_t fz_u32(struct fz *f)
{
	uint32_t v;

	fz_bytes(f, &v, sizeof(v));
	return v;
}

uint64_t fz_u64(struct fz *f)
{
	uint64_t v;

	fz_bytes(f, &v, sizeof(v));
	return v;
}

unsigned int fz_pick(struct fz *f, unsigned int n)
{
	return n ? fz_u8(f) % n : 0;
}

/*
 * The temporary directory: made once per process, emptied before every
 * input (requests may have renamed, linked or made entries in it) and
 * removed at exit. Harness names never contain a '/', so whatever is in
 * it is a file, a symlink or an empty directory.
 */
static char tmp_dir[64];

static void empty_tmp_dir(void)
{
	DIR *d = opendir(tmp_dir);
	struct dirent *de;

	if (!d)
		fz_fail("opendir %s: %s", tmp_dir, strerror(errno));
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			if (unlinkat(dirfd(d), de->d_name, 0))
				unlinkat(dirfd(d), de->d_name, AT_REMOVEDIR);
	closedir(d);
}

static void remove_tmp_dir(void)
{
	empty_tmp_dir();
	rmdir(tmp_dir);
}

void fz_objects_open(struct fz_objects *o)
{
	if (!tmp_dir[0]) {
		snprintf(tmp_dir, sizeof(tmp_dir), "/tmp/liburing-fuzz.XXXXXX");
		if (!mkdtemp(tmp_dir))
			fz_fail("mkdtemp: %s", strerror(errno));
		atexit(remove_tmp_dir);
	}
	empty_tmp_dir();
	if (pipe2(o->pipe_fds, O_CLOEXEC))
		fz_fail("pipe2: %s", strerror(errno));
	o->event_fd = eventfd(0, EFD_CLOEXEC);
	if (o->event_fd < 0)
		fz_fail("eventfd: %s", strerror(errno));
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, o->sock_fds))
		fz_fail("socketpair: %s", strerror(errno));
	o->dir_fd = open(tmp_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (o->dir_fd < 0)
		fz_fail("open %s: %s", tmp_dir, strerror(errno));
	o->file_fd = openat(o->dir_fd, "file", O_RDWR | O_CREAT | O_TRUNC |
			    O_CLOEXEC, 0600);
	if (o->file_fd < 0)
		fz_fail("open file: %s", strerror(errno));
	o->buf = mmap(NULL, FZ_BUF_SIZE, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (o->buf == MAP_FAILED)
		fz_fail("mmap: %s", strerror(errno));
}

void fz_objects_close(struct fz_objects *o)
{
	close(o->pipe_fds[0]);
	close(o->pipe_fds[1]);
	close(o->event_fd);
	close(o->sock_fds[0]);
	close(o->sock_fds[1]);
	close(o->file_fd);
	close(o->dir_fd);
	munmap(o->buf, FZ_BUF_SIZE);
}

int fz_pick_fd(struct fz *f, const struct fz_objects *o)
{
	switch (fz_pick(f, 8)) {
	case 0: return o->pipe_fds[0];
	case 1: return o->pipe_fds[1];
	case 2: return o->event_fd;
	case 3: return o->sock_fds[0];
	case 4: return o->sock_fds[1];
	case 5: return o->file_fd;
	case 6: return -1;
	default: return 1 << 20;	/* never open */
	}
}

static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;
	int n = 0;

	if (!d)
		fz_fail("opendir /proc/self/fd: %s", strerror(errno));
	while ((de = readdir(d)))
		n += de->d_name[0] != '.';
	closedir(d);
	return n;
}

static int count_ring_maps(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	int n = 0;

	if (!f)
		fz_fail("fopen /proc/self/maps: %s", strerror(errno));
	while (fgets(line, sizeof(line), f))
		n += strstr(line, "[io_uring]") != NULL;
	fclose(f);
	return n;
}

void fz_snapshot(struct fz_snapshot *s)
{
	s->fds = count_fds();
	s->ring_maps = count_ring_maps();
}

void fz_check_snapshot(const struct fz_snapshot *s)
{
	struct fz_snapshot now;

	fz_snapshot(&now);
	if (now.fds != s->fds)
		fz_fail("descriptor leak: %d open, %d before", now.fds,
			s->fds);
	if (now.ring_maps != s->ring_maps)
		fz_fail("mapping leak: %d io_uring mappings, %d before",
			now.ring_maps, s->ring_maps);
}

void fz_check_ret(const char *what, long ret)
{
	/* Linux errno values end at EHWPOISON (133). */
	if (ret < 0 && ret < -133)
		fz_fail("%s returned %ld: not a negative errno", what, ret);
}

void fz_check_errno(const char *what)
{
	if (errno != fz_errno_canary)
		fz_fail("%s changed errno to %d", what, errno);
}

unsigned int fz_drain(struct io_uring *ring)
{
	struct io_uring_cqe *cqe;
	unsigned int head, n = 0;

	io_uring_for_each_cqe(ring, head, cqe)
		n += io_uring_cqe_nr(cqe);
	io_uring_cq_advance(ring, n);
	return n;
}
