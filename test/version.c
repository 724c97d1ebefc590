/* SPDX-License-Identifier: MIT */
/*
 * The version of the library loaded, the version of the headers, and the
 * two ways of comparing against a wanted version. Both "check" forms are
 * true when the version is OLDER than the one asked for.
 */
#include "helpers.h"

/* The headers are 2.15: this must compile in. */
#if IO_URING_CHECK_VERSION(2, 15)
#error "headers claim to be older than 2.15"
#endif
#if !IO_URING_CHECK_VERSION(2, 16)
#error "headers claim to be 2.16 or newer"
#endif

int main(void)
{
	t_eq(IO_URING_VERSION_MAJOR, 2);
	t_eq(IO_URING_VERSION_MINOR, 15);
	t_eq(io_uring_major_version(), IO_URING_VERSION_MAJOR);
	t_eq(io_uring_minor_version(), IO_URING_VERSION_MINOR);

	t_eq(io_uring_check_version(2, 15), false);
	t_eq(io_uring_check_version(2, 0), false);
	t_eq(io_uring_check_version(1, 99), false);
	t_eq(io_uring_check_version(0, 0), false);
	t_eq(io_uring_check_version(2, 16), true);
	t_eq(io_uring_check_version(3, 0), true);

	t_eq(IO_URING_CHECK_VERSION(2, 15), false);
	t_eq(IO_URING_CHECK_VERSION(2, 14), false);
	t_eq(IO_URING_CHECK_VERSION(1, 20), false);
	t_eq(IO_URING_CHECK_VERSION(2, 16), true);
	t_eq(IO_URING_CHECK_VERSION(3, 0), true);
	return T_PASS;
}
