/* SPDX-License-Identifier: MIT */
/*
 * Accessors for the buffers a multishot recvmsg fills. Included by
 * <liburing.h> only; do not include this file directly.
 *
 * Each buffer holds, back to back: a struct io_uring_recvmsg_out, then
 * msg_namelen bytes for the source address, then msg_controllen bytes for
 * control messages, then the payload. The name and control areas are
 * reserved at their full size (from the msghdr given to
 * io_uring_prep_recvmsg_multishot()) whatever the kernel actually put in
 * them; the header says how much that was.
 */
#ifndef LIBURING_RECVMSG_H
#define LIBURING_RECVMSG_H

#ifndef LIB_URING_H
#error "include <liburing.h>, not <liburing/recvmsg.h>"
#endif

/*
 * buf as a header, or NULL when buf_len (from cqe->res) cannot even hold
 * the header and the reserved areas. Each step is checked on its own so
 * that huge lengths cannot wrap the sum around.
 */
IOURINGINLINE struct io_uring_recvmsg_out *
io_uring_recvmsg_validate(void *buf, int buf_len, struct msghdr *msgh)
	LIBURING_NOEXCEPT
{
	unsigned long room = (unsigned long) (unsigned int) buf_len;
	unsigned long hdr = sizeof(struct io_uring_recvmsg_out);

	if (buf_len < 0 || room < hdr)
		return NULL;
	room -= hdr;
	if (msgh->msg_namelen > room)
		return NULL;
	room -= msgh->msg_namelen;
	if (msgh->msg_controllen > room)
		return NULL;
	return (struct io_uring_recvmsg_out *) buf;
}

/* The source address; o->namelen says how much of it is valid. */
IOURINGINLINE void *io_uring_recvmsg_name(struct io_uring_recvmsg_out *o)
	LIBURING_NOEXCEPT
{
	return (void *) (o + 1);
}

/* The first control message, or NULL when none fits. */
IOURINGINLINE struct cmsghdr *
io_uring_recvmsg_cmsg_firsthdr(struct io_uring_recvmsg_out *o,
			       struct msghdr *msgh) LIBURING_NOEXCEPT
{
	unsigned char *name = (unsigned char *) io_uring_recvmsg_name(o);

	if (o->controllen < sizeof(struct cmsghdr))
		return NULL;
	return (struct cmsghdr *) (name + msgh->msg_namelen);
}

/*
 * The control message after cmsg, or NULL when cmsg was the last one
 * (or is malformed). Only the o->controllen bytes the kernel wrote count.
 */
IOURINGINLINE struct cmsghdr *
io_uring_recvmsg_cmsg_nexthdr(struct io_uring_recvmsg_out *o,
			      struct msghdr *msgh, struct cmsghdr *cmsg)
	LIBURING_NOEXCEPT
{
	unsigned char *end, *next;

	if (cmsg->cmsg_len < sizeof(struct cmsghdr))
		return NULL;
	end = (unsigned char *) io_uring_recvmsg_name(o) + msgh->msg_namelen +
	      o->controllen;
	next = (unsigned char *) cmsg + CMSG_ALIGN(cmsg->cmsg_len);
	if (next + sizeof(struct cmsghdr) > end)
		return NULL;
	if (next + CMSG_ALIGN(((struct cmsghdr *) next)->cmsg_len) > end)
		return NULL;
	return (struct cmsghdr *) next;
}

IOURINGINLINE void *io_uring_recvmsg_payload(struct io_uring_recvmsg_out *o,
					     struct msghdr *msgh)
	LIBURING_NOEXCEPT
{
	return (unsigned char *) io_uring_recvmsg_name(o) + msgh->msg_namelen +
	       msgh->msg_controllen;
}

/*
 * Payload bytes in a buffer of buf_len bytes (cqe->res); 0 when buf_len
 * does not reach past the reserved areas.
 */
IOURINGINLINE unsigned int
io_uring_recvmsg_payload_length(struct io_uring_recvmsg_out *o, int buf_len,
				struct msghdr *msgh) LIBURING_NOEXCEPT
{
	unsigned long start, end;

	if (buf_len < 0)
		return 0;
	start = (unsigned long) (uintptr_t) io_uring_recvmsg_payload(o, msgh);
	end = (unsigned long) (uintptr_t) o + (unsigned int) buf_len;
	if (start >= end)
		return 0;
	return (unsigned int) (end - start);
}

#endif
