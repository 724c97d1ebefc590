/* SPDX-License-Identifier: MIT */
/*
 * Every SQE prep helper, byte for byte: each case calls the helper and
 * builds, field by field from what the kernel reads for that opcode, the
 * SQE it must produce. Each case runs twice: on a zeroed SQE, and on one
 * that held garbage and went through io_uring_initialize_sqe(), where
 * only user_data may keep the garbage. A real io_uring_get_sqe() clears
 * the whole slot, which the last checks show.
 */
#include <string.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/xattr.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <linux/futex.h>

#include "helpers.h"
#include "prep-util.h"

#define P1	((void *) (uintptr_t) 0x11110000)
#define P2	((void *) (uintptr_t) 0x22220000)
#define P3	((void *) (uintptr_t) 0x33330000)
#define U64(p)	((__u64) (uintptr_t) (p))

typedef void (*enc_fn)(struct io_uring_sqe *sqe, struct io_uring_sqe *w);

static unsigned int poll_bits(unsigned int mask)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return (mask << 16) | (mask >> 16);
#else
	return mask;
#endif
}

/* --- already present before this change, kept under test -------------- */

static void enc_nop(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_nop(s);
	w->opcode = IORING_OP_NOP;
	w->fd = -1;
}

static void enc_rw(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_rw(IORING_OP_READ, s, 5, P1, 77, 1ULL << 40);
	w->opcode = IORING_OP_READ;
	w->fd = 5;
	w->addr = U64(P1);
	w->len = 77;
	w->off = 1ULL << 40;
}

static void enc_timeout(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_timeout(s, P1, 3, IORING_TIMEOUT_ABS);
	w->opcode = IORING_OP_TIMEOUT;
	w->fd = -1;
	w->addr = U64(P1);
	w->len = 1;
	w->off = 3;
	w->timeout_flags = IORING_TIMEOUT_ABS;
}

static void enc_set(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_nop(s);
	io_uring_sqe_set_flags(s, IOSQE_IO_LINK | IOSQE_ASYNC);
	io_uring_sqe_set_buf_group(s, 0x1234);
	io_uring_sqe_set_data64(s, 0x1122334455667788ULL);
	w->opcode = IORING_OP_NOP;
	w->fd = -1;
	w->flags = IOSQE_IO_LINK | IOSQE_ASYNC;
	w->buf_group = 0x1234;
	w->user_data = 0x1122334455667788ULL;
}

/* --- reads and writes ------------------------------------------------ */

static void enc_read(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_read(s, 3, P1, 4096, 512);
	w->opcode = IORING_OP_READ;
	w->fd = 3;
	w->addr = U64(P1);
	w->len = 4096;
	w->off = 512;
}

static void enc_write(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_write(s, 4, P2, 100, (__u64) -1);
	w->opcode = IORING_OP_WRITE;
	w->fd = 4;
	w->addr = U64(P2);
	w->len = 100;
	w->off = (__u64) -1;
}

static void enc_readv(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_readv(s, 3, P1, 4, 8);
	w->opcode = IORING_OP_READV;
	w->fd = 3;
	w->addr = U64(P1);
	w->len = 4;
	w->off = 8;
}

static void enc_readv2(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_readv2(s, 3, P1, 2, 16, RWF_NOWAIT | RWF_HIPRI);
	w->opcode = IORING_OP_READV;
	w->fd = 3;
	w->addr = U64(P1);
	w->len = 2;
	w->off = 16;
	w->rw_flags = RWF_NOWAIT | RWF_HIPRI;
}

static void enc_writev(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_writev(s, 6, P2, 3, 0);
	w->opcode = IORING_OP_WRITEV;
	w->fd = 6;
	w->addr = U64(P2);
	w->len = 3;
}

static void enc_writev2(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_writev2(s, 6, P2, 3, 9, RWF_DSYNC);
	w->opcode = IORING_OP_WRITEV;
	w->fd = 6;
	w->addr = U64(P2);
	w->len = 3;
	w->off = 9;
	w->rw_flags = RWF_DSYNC;
}

static void enc_read_fixed(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_read_fixed(s, 3, P1, 64, 128, 7);
	w->opcode = IORING_OP_READ_FIXED;
	w->fd = 3;
	w->addr = U64(P1);
	w->len = 64;
	w->off = 128;
	w->buf_index = 7;
}

static void enc_write_fixed(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_write_fixed(s, 3, P1, 64, 128, 65535);
	w->opcode = IORING_OP_WRITE_FIXED;
	w->fd = 3;
	w->addr = U64(P1);
	w->len = 64;
	w->off = 128;
	w->buf_index = 65535;
}

static void enc_readv_fixed(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_readv_fixed(s, 3, P1, 2, 4, RWF_NOWAIT, 1);
	w->opcode = IORING_OP_READV_FIXED;
	w->fd = 3;
	w->addr = U64(P1);
	w->len = 2;
	w->off = 4;
	w->rw_flags = RWF_NOWAIT;
	w->buf_index = 1;
}

static void enc_writev_fixed(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_writev_fixed(s, 3, P1, 2, 4, 0, 2);
	w->opcode = IORING_OP_WRITEV_FIXED;
	w->fd = 3;
	w->addr = U64(P1);
	w->len = 2;
	w->off = 4;
	w->buf_index = 2;
}

static void enc_read_multishot(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_read_multishot(s, 8, 0, (__u64) -1, 9);
	w->opcode = IORING_OP_READ_MULTISHOT;
	w->fd = 8;
	w->off = (__u64) -1;
	w->buf_group = 9;
	w->flags = IOSQE_BUFFER_SELECT;
}

/* --- sync, space, advice --------------------------------------------- */

static void enc_fsync(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_fsync(s, 3, IORING_FSYNC_DATASYNC);
	w->opcode = IORING_OP_FSYNC;
	w->fd = 3;
	w->fsync_flags = IORING_FSYNC_DATASYNC;
}

static void enc_sync_file_range(struct io_uring_sqe *s,
				struct io_uring_sqe *w)
{
	io_uring_prep_sync_file_range(s, 3, 4096, 8192,
				      SYNC_FILE_RANGE_WRITE);
	w->opcode = IORING_OP_SYNC_FILE_RANGE;
	w->fd = 3;
	w->len = 4096;
	w->off = 8192;
	w->sync_range_flags = SYNC_FILE_RANGE_WRITE;
}

static void enc_fallocate(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_fallocate(s, 3, FALLOC_FL_KEEP_SIZE, 4096, 1ULL << 33);
	w->opcode = IORING_OP_FALLOCATE;
	w->fd = 3;
	w->len = FALLOC_FL_KEEP_SIZE;
	w->off = 4096;
	w->addr = 1ULL << 33;
}

static void enc_ftruncate(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_ftruncate(s, 3, 1LL << 35);
	w->opcode = IORING_OP_FTRUNCATE;
	w->fd = 3;
	w->off = 1ULL << 35;
}

static void enc_fadvise(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_fadvise(s, 3, 100, 200, POSIX_FADV_DONTNEED);
	w->opcode = IORING_OP_FADVISE;
	w->fd = 3;
	w->off = 100;
	w->len = 200;
	w->fadvise_advice = POSIX_FADV_DONTNEED;
}

static void enc_fadvise64(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_fadvise64(s, 3, 100, 1LL << 34, POSIX_FADV_WILLNEED);
	w->opcode = IORING_OP_FADVISE;
	w->fd = 3;
	w->off = 100;
	w->addr = 1ULL << 34;
	w->fadvise_advice = POSIX_FADV_WILLNEED;
}

static void enc_madvise(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_madvise(s, P1, 8192, MADV_DONTNEED);
	w->opcode = IORING_OP_MADVISE;
	w->fd = -1;
	w->addr = U64(P1);
	w->len = 8192;
	w->fadvise_advice = MADV_DONTNEED;
}

static void enc_madvise64(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_madvise64(s, P1, 1LL << 33, MADV_WILLNEED);
	w->opcode = IORING_OP_MADVISE;
	w->fd = -1;
	w->addr = U64(P1);
	w->off = 1ULL << 33;
	w->fadvise_advice = MADV_WILLNEED;
}

/* --- open, close, paths ---------------------------------------------- */

static void enc_openat(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_openat(s, 9, P1, O_RDWR | O_CREAT, 0640);
	w->opcode = IORING_OP_OPENAT;
	w->fd = 9;
	w->addr = U64(P1);
	w->len = 0640;
	w->open_flags = O_RDWR | O_CREAT;
}

static void enc_openat_direct(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_openat_direct(s, 9, P1, O_RDONLY, 0, 4);
	w->opcode = IORING_OP_OPENAT;
	w->fd = 9;
	w->addr = U64(P1);
	w->open_flags = O_RDONLY;
	w->file_index = 5;
}

static void enc_openat_direct_alloc(struct io_uring_sqe *s,
				    struct io_uring_sqe *w)
{
	io_uring_prep_openat_direct(s, 9, P1, O_RDONLY, 0,
				    IORING_FILE_INDEX_ALLOC);
	w->opcode = IORING_OP_OPENAT;
	w->fd = 9;
	w->addr = U64(P1);
	w->open_flags = O_RDONLY;
	w->file_index = IORING_FILE_INDEX_ALLOC;
}

static void enc_open(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_open(s, P1, O_WRONLY, 0600);
	w->opcode = IORING_OP_OPENAT;
	w->fd = AT_FDCWD;
	w->addr = U64(P1);
	w->len = 0600;
	w->open_flags = O_WRONLY;
}

static void enc_open_direct(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_open_direct(s, P1, O_WRONLY, 0600, 0);
	w->opcode = IORING_OP_OPENAT;
	w->fd = AT_FDCWD;
	w->addr = U64(P1);
	w->len = 0600;
	w->open_flags = O_WRONLY;
	w->file_index = 1;
}

static void enc_openat2(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_openat2(s, 9, P1, P2);
	w->opcode = IORING_OP_OPENAT2;
	w->fd = 9;
	w->addr = U64(P1);
	w->len = sizeof(struct open_how);
	w->off = U64(P2);
}

static void enc_openat2_direct(struct io_uring_sqe *s,
			       struct io_uring_sqe *w)
{
	io_uring_prep_openat2_direct(s, 9, P1, P2, IORING_FILE_INDEX_ALLOC);
	w->opcode = IORING_OP_OPENAT2;
	w->fd = 9;
	w->addr = U64(P1);
	w->len = sizeof(struct open_how);
	w->off = U64(P2);
	w->file_index = IORING_FILE_INDEX_ALLOC;
}

static void enc_close(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_close(s, 12);
	w->opcode = IORING_OP_CLOSE;
	w->fd = 12;
}

static void enc_close_direct(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_close_direct(s, 3);
	w->opcode = IORING_OP_CLOSE;
	w->file_index = 4;
}

static void enc_statx(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_statx(s, 9, P1, AT_SYMLINK_NOFOLLOW, STATX_SIZE, P2);
	w->opcode = IORING_OP_STATX;
	w->fd = 9;
	w->addr = U64(P1);
	w->len = STATX_SIZE;
	w->off = U64(P2);
	w->statx_flags = AT_SYMLINK_NOFOLLOW;
}

static void enc_unlinkat(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_unlinkat(s, 9, P1, AT_REMOVEDIR);
	w->opcode = IORING_OP_UNLINKAT;
	w->fd = 9;
	w->addr = U64(P1);
	w->unlink_flags = AT_REMOVEDIR;
}

static void enc_unlink(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_unlink(s, P1, 0);
	w->opcode = IORING_OP_UNLINKAT;
	w->fd = AT_FDCWD;
	w->addr = U64(P1);
}

static void enc_renameat(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_renameat(s, 9, P1, 10, P2, RENAME_NOREPLACE);
	w->opcode = IORING_OP_RENAMEAT;
	w->fd = 9;
	w->addr = U64(P1);
	w->len = 10;
	w->addr2 = U64(P2);
	w->rename_flags = RENAME_NOREPLACE;
}

static void enc_rename(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_rename(s, P1, P2);
	w->opcode = IORING_OP_RENAMEAT;
	w->fd = AT_FDCWD;
	w->addr = U64(P1);
	w->len = (__u32) AT_FDCWD;
	w->addr2 = U64(P2);
}

static void enc_mkdirat(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_mkdirat(s, 9, P1, 0755);
	w->opcode = IORING_OP_MKDIRAT;
	w->fd = 9;
	w->addr = U64(P1);
	w->len = 0755;
}

static void enc_mkdir(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_mkdir(s, P1, 0700);
	w->opcode = IORING_OP_MKDIRAT;
	w->fd = AT_FDCWD;
	w->addr = U64(P1);
	w->len = 0700;
}

static void enc_symlinkat(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_symlinkat(s, P1, 9, P2);
	w->opcode = IORING_OP_SYMLINKAT;
	w->fd = 9;
	w->addr = U64(P1);
	w->addr2 = U64(P2);
}

static void enc_symlink(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_symlink(s, P1, P2);
	w->opcode = IORING_OP_SYMLINKAT;
	w->fd = AT_FDCWD;
	w->addr = U64(P1);
	w->addr2 = U64(P2);
}

static void enc_linkat(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_linkat(s, 9, P1, 10, P2, AT_SYMLINK_FOLLOW);
	w->opcode = IORING_OP_LINKAT;
	w->fd = 9;
	w->addr = U64(P1);
	w->len = 10;
	w->addr2 = U64(P2);
	w->hardlink_flags = AT_SYMLINK_FOLLOW;
}

static void enc_link(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_link(s, P1, P2, 0);
	w->opcode = IORING_OP_LINKAT;
	w->fd = AT_FDCWD;
	w->addr = U64(P1);
	w->len = (__u32) AT_FDCWD;
	w->addr2 = U64(P2);
}

static void enc_getxattr(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_getxattr(s, P1, P2, P3, 256);
	w->opcode = IORING_OP_GETXATTR;
	w->addr = U64(P1);
	w->off = U64(P2);
	w->addr3 = U64(P3);
	w->len = 256;
}

static void enc_setxattr(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_setxattr(s, P1, P2, P3, XATTR_CREATE, 5);
	w->opcode = IORING_OP_SETXATTR;
	w->addr = U64(P1);
	w->off = U64(P2);
	w->addr3 = U64(P3);
	w->len = 5;
	w->xattr_flags = XATTR_CREATE;
}

static void enc_fgetxattr(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_fgetxattr(s, 3, P1, P2, 64);
	w->opcode = IORING_OP_FGETXATTR;
	w->fd = 3;
	w->addr = U64(P1);
	w->off = U64(P2);
	w->len = 64;
}

static void enc_fsetxattr(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_fsetxattr(s, 3, P1, P2, XATTR_REPLACE, 6);
	w->opcode = IORING_OP_FSETXATTR;
	w->fd = 3;
	w->addr = U64(P1);
	w->off = U64(P2);
	w->len = 6;
	w->xattr_flags = XATTR_REPLACE;
}

/* --- sockets --------------------------------------------------------- */

static void enc_socket(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_socket(s, AF_INET, SOCK_STREAM | SOCK_CLOEXEC,
			     IPPROTO_TCP, 0);
	w->opcode = IORING_OP_SOCKET;
	w->fd = AF_INET;
	w->off = SOCK_STREAM | SOCK_CLOEXEC;
	w->len = IPPROTO_TCP;
}

static void enc_socket_direct(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_socket_direct(s, AF_UNIX, SOCK_DGRAM, 0, 2, 0);
	w->opcode = IORING_OP_SOCKET;
	w->fd = AF_UNIX;
	w->off = SOCK_DGRAM;
	w->file_index = 3;
}

static void enc_socket_direct_alloc(struct io_uring_sqe *s,
				    struct io_uring_sqe *w)
{
	io_uring_prep_socket_direct_alloc(s, AF_INET6, SOCK_DGRAM,
					  IPPROTO_UDP, 0);
	w->opcode = IORING_OP_SOCKET;
	w->fd = AF_INET6;
	w->off = SOCK_DGRAM;
	w->len = IPPROTO_UDP;
	w->file_index = IORING_FILE_INDEX_ALLOC;
}

static void enc_bind(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_bind(s, 5, P1, 16);
	w->opcode = IORING_OP_BIND;
	w->fd = 5;
	w->addr = U64(P1);
	w->addr2 = 16;
}

static void enc_listen(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_listen(s, 5, 128);
	w->opcode = IORING_OP_LISTEN;
	w->fd = 5;
	w->len = 128;
}

static void enc_connect(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_connect(s, 5, P1, 28);
	w->opcode = IORING_OP_CONNECT;
	w->fd = 5;
	w->addr = U64(P1);
	w->addr2 = 28;
}

static void enc_accept(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_accept(s, 5, P1, P2, SOCK_NONBLOCK);
	w->opcode = IORING_OP_ACCEPT;
	w->fd = 5;
	w->addr = U64(P1);
	w->addr2 = U64(P2);
	w->accept_flags = SOCK_NONBLOCK;
}

static void enc_accept_direct(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_accept_direct(s, 5, NULL, NULL, 0, 9);
	w->opcode = IORING_OP_ACCEPT;
	w->fd = 5;
	w->file_index = 10;
}

static void enc_multishot_accept(struct io_uring_sqe *s,
				 struct io_uring_sqe *w)
{
	io_uring_prep_multishot_accept(s, 5, P1, P2, SOCK_CLOEXEC);
	w->opcode = IORING_OP_ACCEPT;
	w->fd = 5;
	w->addr = U64(P1);
	w->addr2 = U64(P2);
	w->accept_flags = SOCK_CLOEXEC;
	w->ioprio = IORING_ACCEPT_MULTISHOT;
}

static void enc_multishot_accept_direct(struct io_uring_sqe *s,
					struct io_uring_sqe *w)
{
	io_uring_prep_multishot_accept_direct(s, 5, NULL, NULL, 0);
	w->opcode = IORING_OP_ACCEPT;
	w->fd = 5;
	w->ioprio = IORING_ACCEPT_MULTISHOT;
	w->file_index = IORING_FILE_INDEX_ALLOC;
}

static void enc_shutdown(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_shutdown(s, 5, SHUT_WR);
	w->opcode = IORING_OP_SHUTDOWN;
	w->fd = 5;
	w->len = SHUT_WR;
}

static void enc_send(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_send(s, 5, P1, 300, MSG_NOSIGNAL);
	w->opcode = IORING_OP_SEND;
	w->fd = 5;
	w->addr = U64(P1);
	w->len = 300;
	w->msg_flags = MSG_NOSIGNAL;
}

static void enc_sendto(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_sendto(s, 5, P1, 300, MSG_DONTWAIT, P2, 16);
	w->opcode = IORING_OP_SEND;
	w->fd = 5;
	w->addr = U64(P1);
	w->len = 300;
	w->msg_flags = MSG_DONTWAIT;
	w->addr2 = U64(P2);
	w->addr_len = 16;
}

static void enc_send_set_addr(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_send_zc(s, 5, P1, 10, 0, 0);
	io_uring_prep_send_set_addr(s, P3, 28);
	w->opcode = IORING_OP_SEND_ZC;
	w->fd = 5;
	w->addr = U64(P1);
	w->len = 10;
	w->addr2 = U64(P3);
	w->addr_len = 28;
}

static void enc_send_bundle(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_send_bundle(s, 5, 0, MSG_WAITALL);
	w->opcode = IORING_OP_SEND;
	w->fd = 5;
	w->msg_flags = MSG_WAITALL;
	w->ioprio = IORING_RECVSEND_BUNDLE;
}

static void enc_send_zc(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_send_zc(s, 5, P1, 4000, MSG_NOSIGNAL,
			      IORING_SEND_ZC_REPORT_USAGE);
	w->opcode = IORING_OP_SEND_ZC;
	w->fd = 5;
	w->addr = U64(P1);
	w->len = 4000;
	w->msg_flags = MSG_NOSIGNAL;
	w->ioprio = IORING_SEND_ZC_REPORT_USAGE;
}

static void enc_send_zc_fixed(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_send_zc_fixed(s, 5, P1, 4000, 0,
				    IORING_RECVSEND_POLL_FIRST, 3);
	w->opcode = IORING_OP_SEND_ZC;
	w->fd = 5;
	w->addr = U64(P1);
	w->len = 4000;
	w->ioprio = IORING_RECVSEND_POLL_FIRST | IORING_RECVSEND_FIXED_BUF;
	w->buf_index = 3;
}

static void enc_sendmsg(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_sendmsg(s, 5, P1, MSG_EOR);
	w->opcode = IORING_OP_SENDMSG;
	w->fd = 5;
	w->addr = U64(P1);
	w->len = 1;
	w->msg_flags = MSG_EOR;
}

static void enc_sendmsg_zc(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_sendmsg_zc(s, 5, P1, 0);
	w->opcode = IORING_OP_SENDMSG_ZC;
	w->fd = 5;
	w->addr = U64(P1);
	w->len = 1;
}

static void enc_sendmsg_zc_fixed(struct io_uring_sqe *s,
				 struct io_uring_sqe *w)
{
	io_uring_prep_sendmsg_zc_fixed(s, 5, P1, MSG_NOSIGNAL, 4);
	w->opcode = IORING_OP_SENDMSG_ZC;
	w->fd = 5;
	w->addr = U64(P1);
	w->len = 1;
	w->msg_flags = MSG_NOSIGNAL;
	w->ioprio = IORING_RECVSEND_FIXED_BUF;
	w->buf_index = 4;
}

static void enc_recv(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_recv(s, 5, P1, 1500, MSG_PEEK);
	w->opcode = IORING_OP_RECV;
	w->fd = 5;
	w->addr = U64(P1);
	w->len = 1500;
	w->msg_flags = MSG_PEEK;
}

static void enc_recv_multishot(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_recv_multishot(s, 5, NULL, 0, 0);
	w->opcode = IORING_OP_RECV;
	w->fd = 5;
	w->ioprio = IORING_RECV_MULTISHOT;
}

static void enc_recvmsg(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_recvmsg(s, 5, P1, MSG_TRUNC);
	w->opcode = IORING_OP_RECVMSG;
	w->fd = 5;
	w->addr = U64(P1);
	w->len = 1;
	w->msg_flags = MSG_TRUNC;
}

static void enc_recvmsg_multishot(struct io_uring_sqe *s,
				  struct io_uring_sqe *w)
{
	io_uring_prep_recvmsg_multishot(s, 5, P1, 0);
	w->opcode = IORING_OP_RECVMSG;
	w->fd = 5;
	w->addr = U64(P1);
	w->len = 1;
	w->ioprio = IORING_RECV_MULTISHOT;
}

/* --- passthrough commands -------------------------------------------- */

static void enc_uring_cmd_raw(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	__io_uring_prep_uring_cmd(s, IORING_OP_URING_CMD, 0xabcd, 7);
	w->opcode = IORING_OP_URING_CMD;
	w->fd = 7;
	w->cmd_op = 0xabcd;
}

static void enc_uring_cmd(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_uring_cmd(s, 0x55, 7);
	w->opcode = IORING_OP_URING_CMD;
	w->fd = 7;
	w->cmd_op = 0x55;
}

static void enc_uring_cmd128(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_uring_cmd128(s, 0x56, 8);
	w->opcode = IORING_OP_URING_CMD128;
	w->fd = 8;
	w->cmd_op = 0x56;
}

static void enc_cmd_sock(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_cmd_sock(s, SOCKET_URING_OP_SETSOCKOPT, 5, SOL_SOCKET,
			       SO_KEEPALIVE, P1, 4);
	w->opcode = IORING_OP_URING_CMD;
	w->fd = 5;
	w->cmd_op = SOCKET_URING_OP_SETSOCKOPT;
	w->level = SOL_SOCKET;
	w->optname = SO_KEEPALIVE;
	w->optval = U64(P1);
	w->optlen = 4;
}

static void enc_cmd_getsockname(struct io_uring_sqe *s,
				struct io_uring_sqe *w)
{
	io_uring_prep_cmd_getsockname(s, 5, P1, P2, 1);
	w->opcode = IORING_OP_URING_CMD;
	w->fd = 5;
	w->cmd_op = SOCKET_URING_OP_GETSOCKNAME;
	w->addr = U64(P1);
	w->addr3 = U64(P2);
	w->optlen = 1;
}

static void enc_cmd_discard(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_cmd_discard(s, 5, 1ULL << 20, 1ULL << 36);
	w->opcode = IORING_OP_URING_CMD;
	w->fd = 5;
	w->cmd_op = BLOCK_URING_CMD_DISCARD;
	w->addr = 1ULL << 20;
	w->addr3 = 1ULL << 36;
}

/*
 * 2.16; the command number is spelled as the kernel defines it. 2.15's
 * headers (make runtests-peer) have neither the helper nor the constant.
 */
#ifdef BLOCK_URING_CMD_ZONE_RESET_ALL
static void enc_cmd_zone_reset_all(struct io_uring_sqe *s,
				   struct io_uring_sqe *w)
{
	io_uring_prep_cmd_zone_reset_all(s, 5);
	w->opcode = IORING_OP_URING_CMD;
	w->fd = 5;
	w->cmd_op = _IO(0x12, 1);
}
#endif

/* --- poll ------------------------------------------------------------ */

static void enc_poll_add(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_poll_add(s, 5, POLLIN | POLLRDHUP);
	w->opcode = IORING_OP_POLL_ADD;
	w->fd = 5;
	w->poll32_events = poll_bits(POLLIN | POLLRDHUP);
}

static void enc_poll_multishot(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_poll_multishot(s, 5, POLLOUT);
	w->opcode = IORING_OP_POLL_ADD;
	w->fd = 5;
	w->len = IORING_POLL_ADD_MULTI;
	w->poll32_events = poll_bits(POLLOUT);
}

static void enc_poll_remove(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_poll_remove(s, 0x8877665544332211ULL);
	w->opcode = IORING_OP_POLL_REMOVE;
	w->fd = -1;
	w->addr = 0x8877665544332211ULL;
}

static void enc_poll_update(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_poll_update(s, 10, 20, POLLIN,
				  IORING_POLL_UPDATE_EVENTS |
				  IORING_POLL_UPDATE_USER_DATA);
	w->opcode = IORING_OP_POLL_REMOVE;
	w->fd = -1;
	w->addr = 10;
	w->off = 20;
	w->len = IORING_POLL_UPDATE_EVENTS | IORING_POLL_UPDATE_USER_DATA;
	w->poll32_events = poll_bits(POLLIN);
}

/* --- timeouts and cancellation --------------------------------------- */

static void enc_timeout_remove(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_timeout_remove(s, 42, 0);
	w->opcode = IORING_OP_TIMEOUT_REMOVE;
	w->fd = -1;
	w->addr = 42;
}

static void enc_timeout_update(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_timeout_update(s, P1, 42, IORING_TIMEOUT_ABS);
	w->opcode = IORING_OP_TIMEOUT_REMOVE;
	w->fd = -1;
	w->addr = 42;
	w->off = U64(P1);
	w->timeout_flags = IORING_TIMEOUT_ABS | IORING_TIMEOUT_UPDATE;
}

static void enc_link_timeout(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_link_timeout(s, P1, IORING_TIMEOUT_BOOTTIME);
	w->opcode = IORING_OP_LINK_TIMEOUT;
	w->fd = -1;
	w->addr = U64(P1);
	w->len = 1;
	w->timeout_flags = IORING_TIMEOUT_BOOTTIME;
}

static void enc_cancel64(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_cancel64(s, 0xdeadbeefcafeULL, IORING_ASYNC_CANCEL_ALL);
	w->opcode = IORING_OP_ASYNC_CANCEL;
	w->fd = -1;
	w->addr = 0xdeadbeefcafeULL;
	w->cancel_flags = IORING_ASYNC_CANCEL_ALL;
}

static void enc_cancel(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_cancel(s, P2, 0);
	w->opcode = IORING_OP_ASYNC_CANCEL;
	w->fd = -1;
	w->addr = U64(P2);
}

static void enc_cancel_fd(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_cancel_fd(s, 5, IORING_ASYNC_CANCEL_ALL);
	w->opcode = IORING_OP_ASYNC_CANCEL;
	w->fd = 5;
	w->cancel_flags = IORING_ASYNC_CANCEL_ALL | IORING_ASYNC_CANCEL_FD;
}

/* --- pipes, splice, files, buffers ------------------------------------ */

static void enc_splice(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_splice(s, 3, -1, 4, 1LL << 32, 4096, SPLICE_F_MOVE);
	w->opcode = IORING_OP_SPLICE;
	w->fd = 4;
	w->off = 1ULL << 32;
	w->splice_off_in = (__u64) -1;
	w->splice_fd_in = 3;
	w->len = 4096;
	w->splice_flags = SPLICE_F_MOVE;
}

static void enc_tee(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_tee(s, 3, 4, 100, SPLICE_F_NONBLOCK);
	w->opcode = IORING_OP_TEE;
	w->fd = 4;
	w->splice_fd_in = 3;
	w->len = 100;
	w->splice_flags = SPLICE_F_NONBLOCK;
}

static void enc_pipe(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_pipe(s, P1, O_CLOEXEC);
	w->opcode = IORING_OP_PIPE;
	w->addr = U64(P1);
	w->pipe_flags = O_CLOEXEC;
}

static void enc_pipe_direct(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_pipe_direct(s, P1, 0, IORING_FILE_INDEX_ALLOC);
	w->opcode = IORING_OP_PIPE;
	w->addr = U64(P1);
	w->file_index = IORING_FILE_INDEX_ALLOC;
}

static void enc_files_update(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_files_update(s, P1, 3, -1);
	w->opcode = IORING_OP_FILES_UPDATE;
	w->fd = -1;
	w->addr = U64(P1);
	w->len = 3;
	w->off = (__u64) -1;
}

static void enc_fixed_fd_install(struct io_uring_sqe *s,
				 struct io_uring_sqe *w)
{
	io_uring_prep_fixed_fd_install(s, 2, IORING_FIXED_FD_NO_CLOEXEC);
	w->opcode = IORING_OP_FIXED_FD_INSTALL;
	w->fd = 2;
	w->flags = IOSQE_FIXED_FILE;
	w->install_fd_flags = IORING_FIXED_FD_NO_CLOEXEC;
}

static void enc_provide_buffers(struct io_uring_sqe *s,
				struct io_uring_sqe *w)
{
	io_uring_prep_provide_buffers(s, P1, 512, 16, 3, 100);
	w->opcode = IORING_OP_PROVIDE_BUFFERS;
	w->fd = 16;
	w->addr = U64(P1);
	w->len = 512;
	w->off = 100;
	w->buf_group = 3;
}

static void enc_remove_buffers(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_remove_buffers(s, 16, 3);
	w->opcode = IORING_OP_REMOVE_BUFFERS;
	w->fd = 16;
	w->buf_group = 3;
}

/* --- epoll, futex, waitid, nop128 ------------------------------------ */

static void enc_epoll_ctl(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_epoll_ctl(s, 7, 8, EPOLL_CTL_MOD, P1);
	w->opcode = IORING_OP_EPOLL_CTL;
	w->fd = 7;
	w->addr = U64(P1);
	w->len = EPOLL_CTL_MOD;
	w->off = 8;
}

static void enc_epoll_wait(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_epoll_wait(s, 7, P1, 32, 0);
	w->opcode = IORING_OP_EPOLL_WAIT;
	w->fd = 7;
	w->addr = U64(P1);
	w->len = 32;
}

static void enc_futex_wait(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_futex_wait(s, P1, 5, 0xff00ff, 0x82, 0);
	w->opcode = IORING_OP_FUTEX_WAIT;
	w->fd = 0x82;
	w->addr = U64(P1);
	w->off = 5;
	w->addr3 = 0xff00ff;
}

static void enc_futex_wake(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_futex_wake(s, P1, 1, FUTEX_BITSET_MATCH_ANY, 0x02, 0);
	w->opcode = IORING_OP_FUTEX_WAKE;
	w->fd = 0x02;
	w->addr = U64(P1);
	w->off = 1;
	w->addr3 = FUTEX_BITSET_MATCH_ANY;
}

static void enc_futex_waitv(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_futex_waitv(s, P1, 3, 0);
	w->opcode = IORING_OP_FUTEX_WAITV;
	w->addr = U64(P1);
	w->len = 3;
}

static void enc_waitid(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_waitid(s, P_PID, 1234, P1, WEXITED | WNOHANG, 0);
	w->opcode = IORING_OP_WAITID;
	w->fd = 1234;
	w->len = P_PID;
	w->file_index = WEXITED | WNOHANG;
	w->addr2 = U64(P1);
}

static void enc_nop128(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_nop128(s);
	w->opcode = IORING_OP_NOP128;
	w->fd = -1;
}

static void enc_msg_ring(struct io_uring_sqe *s, struct io_uring_sqe *w)
{
	io_uring_prep_msg_ring(s, 9, 17, 0x99, 0);
	w->opcode = IORING_OP_MSG_RING;
	w->fd = 9;
	w->len = 17;
	w->off = 0x99;
}

#define CASE(fn)	{ #fn, enc_##fn }

static const struct {
	const char *name;
	enc_fn fn;
} cases[] = {
	CASE(nop), CASE(rw), CASE(timeout), CASE(set), CASE(msg_ring),
	CASE(read), CASE(write), CASE(readv), CASE(readv2), CASE(writev),
	CASE(writev2), CASE(read_fixed), CASE(write_fixed),
	CASE(readv_fixed), CASE(writev_fixed), CASE(read_multishot),
	CASE(fsync), CASE(sync_file_range), CASE(fallocate),
	CASE(ftruncate), CASE(fadvise), CASE(fadvise64), CASE(madvise),
	CASE(madvise64),
	CASE(openat), CASE(openat_direct), CASE(openat_direct_alloc),
	CASE(open), CASE(open_direct), CASE(openat2), CASE(openat2_direct),
	CASE(close), CASE(close_direct), CASE(statx), CASE(unlinkat),
	CASE(unlink), CASE(renameat), CASE(rename), CASE(mkdirat),
	CASE(mkdir), CASE(symlinkat), CASE(symlink), CASE(linkat),
	CASE(link), CASE(getxattr), CASE(setxattr), CASE(fgetxattr),
	CASE(fsetxattr),
	CASE(socket), CASE(socket_direct), CASE(socket_direct_alloc),
	CASE(bind), CASE(listen), CASE(connect), CASE(accept),
	CASE(accept_direct), CASE(multishot_accept),
	CASE(multishot_accept_direct), CASE(shutdown), CASE(send),
	CASE(sendto), CASE(send_set_addr), CASE(send_bundle), CASE(send_zc),
	CASE(send_zc_fixed), CASE(sendmsg), CASE(sendmsg_zc),
	CASE(sendmsg_zc_fixed), CASE(recv), CASE(recv_multishot),
	CASE(recvmsg), CASE(recvmsg_multishot),
	CASE(uring_cmd_raw), CASE(uring_cmd), CASE(uring_cmd128),
	CASE(cmd_sock), CASE(cmd_getsockname), CASE(cmd_discard),
#ifdef BLOCK_URING_CMD_ZONE_RESET_ALL
	CASE(cmd_zone_reset_all),
#endif
	CASE(poll_add), CASE(poll_multishot), CASE(poll_remove),
	CASE(poll_update),
	CASE(timeout_remove), CASE(timeout_update), CASE(link_timeout),
	CASE(cancel64), CASE(cancel), CASE(cancel_fd),
	CASE(splice), CASE(tee), CASE(pipe), CASE(pipe_direct),
	CASE(files_update), CASE(fixed_fd_install), CASE(provide_buffers),
	CASE(remove_buffers),
	CASE(epoll_ctl), CASE(epoll_wait), CASE(futex_wait),
	CASE(futex_wake), CASE(futex_waitv), CASE(waitid), CASE(nop128),
};

/* A case that sets user_data itself keeps it in both runs. */
static bool sets_user_data(enc_fn fn)
{
	return fn == enc_set;
}

int main(void)
{
	struct io_uring_sqe got, want;
	struct io_uring ring;
	size_t i;
	char what[64];

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		/* From a zeroed SQE. */
		memset(&got, 0, sizeof(got));
		memset(&want, 0, sizeof(want));
		cases[i].fn(&got, &want);
		snprintf(what, sizeof(what), "%s (zeroed sqe)", cases[i].name);
		t_sqe_expect(what, &got, &want);

		/* From a reused slot, as io_uring_get_sqe() prepares it. */
		memset(&got, 0xa5, sizeof(got));
		io_uring_initialize_sqe(&got);
		memset(&want, 0, sizeof(want));
		cases[i].fn(&got, &want);
		if (!sets_user_data(cases[i].fn))
			memset(&want.user_data, 0xa5, sizeof(want.user_data));
		snprintf(what, sizeof(what), "%s (reused sqe)", cases[i].name);
		t_sqe_expect(what, &got, &want);
	}

	/*
	 * And once through a real ring's io_uring_get_sqe(), which clears
	 * the whole slot, user_data included: nothing of the garbage stays.
	 */
	t_ring_init(&ring, 4, 0);
	memset(ring.sq.sqes, 0x5a, 4 * sizeof(struct io_uring_sqe));
	memset(&want, 0, sizeof(want));
	enc_splice(t_get_sqe(&ring), &want);
	/* 2.15's inline get_sqe leaves user_data and more (README). */
	if (t_peer_headers())
		memset(&want.user_data, 0x5a, sizeof(want.user_data));
	t_sqe_expect("splice (get_sqe)", &ring.sq.sqes[0], &want);
	memset(&want, 0, sizeof(want));
	if (t_peer_headers()) {
		memset(&want.opcode, 0x5a, sizeof(want.opcode));
		memset(&want.fd, 0x5a, sizeof(want.fd));
		memset(&want.off, 0x5a, sizeof(want.off));
		memset(&want.addr, 0x5a, sizeof(want.addr));
		memset(&want.len, 0x5a, sizeof(want.len));
		memset(&want.user_data, 0x5a, sizeof(want.user_data));
	}
	t_sqe_expect("unprepared (get_sqe)", t_get_sqe(&ring), &want);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
