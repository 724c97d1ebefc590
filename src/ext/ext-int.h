/* SPDX-License-Identifier: MIT */
/* Internals shared by the extension sources in src/ext/. */
#ifndef LIBURING_EXT_INT_H
#define LIBURING_EXT_INT_H

struct uringx_caps;

/* Compute a capability report from scratch, bypassing the cache. */
void __uringx_compute_caps(struct uringx_caps *caps, unsigned int flags);

#endif
