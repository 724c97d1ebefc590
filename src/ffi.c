/* SPDX-License-Identifier: MIT */
/*
 * liburing-ffi: with IOURINGINLINE defined empty, every inline helper of
 * <liburing.h> is compiled here as an ordinary exported function, from the
 * very same source the inline copies come from.
 */
#define IOURINGINLINE
#include "liburing.h"
