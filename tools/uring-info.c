/* SPDX-License-Identifier: MIT */
/*
 * uring-info: what io_uring can do on this machine, and why a setup would
 * fail. See man/uring-info.1.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/utsname.h>

#include "liburing.h"
#include "liburing/ext.h"

#define CAP_IPC_LOCK	14

struct limits {
	long disabled;		/* kernel.io_uring_disabled, -1 unknown */
	long group;		/* kernel.io_uring_group, -1 unknown */
	struct rlimit memlock;
	int cap_ipc_lock;	/* 1, 0, or -1 unknown */
	long seccomp;		/* Seccomp: in /proc/self/status, -1 */
	unsigned int max_sq;	/* 0 unknown */
	unsigned int max_cq;
};

static long read_long(const char *path)
{
	long val = -1;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	if (fscanf(f, "%ld", &val) != 1)
		val = -1;
	fclose(f);
	return val;
}

static long long status_field(const char *name, int base)
{
	char line[256];
	size_t len = strlen(name);
	long long val = -1;
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, name, len) && line[len] == ':') {
			val = strtoll(line + len + 1, NULL, base);
			break;
		}
	}
	fclose(f);
	return val;
}

/*
 * The largest rings the kernel allows: ask for far too many entries with
 * IORING_SETUP_CLAMP and read back what it settled on.
 */
static void measure_max_entries(struct limits *lim)
{
	struct io_uring_params p;
	int fd;

	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_CLAMP | IORING_SETUP_CQSIZE;
	p.cq_entries = -1U;
	fd = io_uring_setup(-1U, &p);
	if (fd < 0)
		return;
	lim->max_sq = p.sq_entries;
	lim->max_cq = p.cq_entries;
	close(fd);
}

static void read_limits(struct limits *lim)
{
	long long eff;

	memset(lim, 0, sizeof(*lim));
	lim->disabled = read_long("/proc/sys/kernel/io_uring_disabled");
	lim->group = read_long("/proc/sys/kernel/io_uring_group");
	if (getrlimit(RLIMIT_MEMLOCK, &lim->memlock))
		lim->memlock.rlim_cur = lim->memlock.rlim_max = 0;
	eff = status_field("CapEff", 16);
	lim->cap_ipc_lock = eff < 0 ? -1 : (int) ((eff >> CAP_IPC_LOCK) & 1);
	lim->seccomp = (long) status_field("Seccomp", 10);
	measure_max_entries(lim);
}

static const char *disabled_text(long disabled)
{
	switch (disabled) {
	case 0:
		return "allowed for every process";
	case 1:
		return "only CAP_SYS_ADMIN and kernel.io_uring_group";
	case 2:
		return "disabled for every process";
	}
	return "not present (kernel before 6.6)";
}

static const char *seccomp_text(long mode)
{
	switch (mode) {
	case 0:
		return "none";
	case 1:
		return "strict";
	case 2:
		return "filter";
	}
	return "unknown";
}

static const char *const kind_prefix[] = {
	[URINGX_NAME_SETUP] = "IORING_SETUP_",
	[URINGX_NAME_ENTER] = "IORING_ENTER_",
	[URINGX_NAME_SQE] = "IOSQE_",
	[URINGX_NAME_FEATURE] = "IORING_FEAT_",
};

/* Name of bit in a flag family, or "bitN" for one we have no name for. */
static const char *bit_name(enum uringx_name_kind kind, unsigned int bit,
			    char *buf, size_t len)
{
	const char *name = uringx_name(kind, bit);

	if (name)
		return name;
	snprintf(buf, len, "bit%u", bit);
	return buf;
}

/* Flags are listed when we know their name or the kernel has them. */
static bool flag_listed(enum uringx_name_kind kind, unsigned int bit,
			bool have)
{
	return have || uringx_name(kind, bit);
}

/* Opcodes likewise: named ones, and any the kernel counts. */
static bool opcode_listed(const struct uringx_caps *caps, unsigned int op)
{
	return op < caps->nr_opcodes || uringx_name(URINGX_NAME_OPCODE, op);
}

/* ---- human output ---------------------------------------------------- */

static void print_flags(const char *title, enum uringx_name_kind kind,
			__u64 mask)
{
	char buf[16], full[64];
	unsigned int bit;

	printf("\n%s\n", title);
	for (bit = 0; bit < 32; bit++) {
		bool have = (mask >> bit) & 1;

		if (!flag_listed(kind, bit, have))
			continue;
		snprintf(full, sizeof(full), "%s%s", kind_prefix[kind],
			 bit_name(kind, bit, buf, sizeof(buf)));
		printf("  %-36s %s\n", full, have ? "yes" : "no");
	}
}

/* A resource limit; infinity spelled as the output format wants it. */
static void print_rlim(rlim_t val, const char *infinity, const char *unit)
{
	if (val == RLIM_INFINITY)
		printf("%s", infinity);
	else
		printf("%llu%s", (unsigned long long) val, unit);
}

static void print_human(const struct uringx_caps *caps,
			const struct limits *lim)
{
	struct utsname uts;
	unsigned int op, supported = 0;
	char buf[16];

	uname(&uts);
	printf("io_uring on Linux %s (answers from:%s%s%s%s)\n", uts.release,
	       caps->sources & URINGX_SRC_QUERY ? " query" : "",
	       caps->sources & URINGX_SRC_PROBE ? " probe" : "",
	       caps->sources & URINGX_SRC_TRIAL ? " trials" : "",
	       caps->sources & URINGX_SRC_RESTRICT ? " restrictions" : "");
	if (caps->status) {
		char why[512];

		uringx_explain_setup(caps->status, 8, NULL, why, sizeof(why));
		printf("no ring can be created here: %s\n", why);
	}

	printf("\nLimits\n");
	printf("  %-30s %ld (%s)\n", "kernel.io_uring_disabled",
	       lim->disabled, disabled_text(lim->disabled));
	printf("  %-30s %ld\n", "kernel.io_uring_group", lim->group);
	printf("  %-30s ", "RLIMIT_MEMLOCK soft / hard");
	print_rlim(lim->memlock.rlim_cur, "unlimited", " bytes");
	printf(" / ");
	print_rlim(lim->memlock.rlim_max, "unlimited", " bytes");
	printf("\n  %-30s %s\n", "CAP_IPC_LOCK (memlock exempt)",
	       lim->cap_ipc_lock < 0 ? "unknown" :
	       lim->cap_ipc_lock ? "yes" : "no");
	printf("  %-30s %ld (%s)\n", "seccomp mode", lim->seccomp,
	       seccomp_text(lim->seccomp));
	if (lim->max_sq)
		printf("  %-30s %u\n  %-30s %u\n", "max SQ entries",
		       lim->max_sq, "max CQ entries", lim->max_cq);
	else
		printf("  %-30s unknown (no ring could be made)\n",
		       "max SQ/CQ entries");

	print_flags("Setup flags", URINGX_NAME_SETUP, caps->setup_flags);
	print_flags("Enter flags", URINGX_NAME_ENTER, caps->enter_flags);
	print_flags("SQE flags", URINGX_NAME_SQE, caps->sqe_flags);
	print_flags("Features", URINGX_NAME_FEATURE, caps->features);

	for (op = 0; op < 256; op++)
		supported += uringx_caps_has_opcode(caps, op);
	printf("\nOpcodes (%u known to the kernel, %u supported)\n",
	       caps->nr_opcodes, supported);
	for (op = 0; op < 256; op++) {
		const char *name = uringx_name(URINGX_NAME_OPCODE, op);

		if (!opcode_listed(caps, op))
			continue;
		if (!name) {
			snprintf(buf, sizeof(buf), "op%u", op);
			name = buf;
		}
		printf("  %3u IORING_OP_%-21s %s\n", op, name,
		       uringx_caps_has_opcode(caps, op) ? "yes" : "no");
	}

	printf("\nRegister opcodes (%u known to the kernel)\n",
	       caps->nr_register_ops);
	for (op = 0; op < caps->nr_register_ops; op++) {
		const char *name = uringx_name(URINGX_NAME_REGISTER, op);

		printf("  %3u IORING_%s\n", op, name ? name : "?");
	}
}

/* ---- JSON output ----------------------------------------------------- */

static void json_flags(const char *key, enum uringx_name_kind kind,
		       __u64 mask, bool last)
{
	char buf[16];
	unsigned int bit;
	const char *sep = "";

	printf("  \"%s_mask\": %llu,\n  \"%s\": {", key,
	       (unsigned long long) mask, key);
	for (bit = 0; bit < 32; bit++) {
		bool have = (mask >> bit) & 1;

		if (!flag_listed(kind, bit, have))
			continue;
		printf("%s\"%s\": %s", sep, bit_name(kind, bit, buf,
						      sizeof(buf)),
		       have ? "true" : "false");
		sep = ", ";
	}
	printf("}%s\n", last ? "" : ",");
}

static void print_json(const struct uringx_caps *caps,
		       const struct limits *lim)
{
	struct utsname uts;
	const char *sep = "";
	unsigned int op;

	uname(&uts);
	printf("{\n  \"kernel\": \"%s\",\n", uts.release);
	printf("  \"status\": %d,\n  \"sources\": [", caps->status);
	if (caps->sources & URINGX_SRC_QUERY) {
		printf("%s\"query\"", sep);
		sep = ", ";
	}
	if (caps->sources & URINGX_SRC_PROBE) {
		printf("%s\"probe\"", sep);
		sep = ", ";
	}
	if (caps->sources & URINGX_SRC_TRIAL) {
		printf("%s\"trials\"", sep);
		sep = ", ";
	}
	if (caps->sources & URINGX_SRC_RESTRICT)
		printf("%s\"restrictions\"", sep);
	printf("],\n");

	printf("  \"limits\": {\"io_uring_disabled\": %ld, "
	       "\"io_uring_group\": %ld, \"memlock_soft\": ",
	       lim->disabled, lim->group);
	print_rlim(lim->memlock.rlim_cur, "null", "");
	printf(", \"memlock_hard\": ");
	print_rlim(lim->memlock.rlim_max, "null", "");
	printf(", \"cap_ipc_lock\": %s, \"seccomp\": %ld, "
	       "\"max_sq_entries\": %u, \"max_cq_entries\": %u},\n",
	       lim->cap_ipc_lock < 0 ? "null" :
	       lim->cap_ipc_lock ? "true" : "false",
	       lim->seccomp, lim->max_sq, lim->max_cq);

	json_flags("setup_flags", URINGX_NAME_SETUP, caps->setup_flags,
		   false);
	json_flags("enter_flags", URINGX_NAME_ENTER, caps->enter_flags,
		   false);
	json_flags("sqe_flags", URINGX_NAME_SQE, caps->sqe_flags, false);
	json_flags("features", URINGX_NAME_FEATURE, caps->features, false);

	printf("  \"nr_opcodes\": %u,\n  \"opcodes\": [", caps->nr_opcodes);
	sep = "";
	for (op = 0; op < 256; op++) {
		const char *name = uringx_name(URINGX_NAME_OPCODE, op);

		if (!opcode_listed(caps, op))
			continue;
		printf("%s\n    {\"op\": %u, \"name\": ", sep, op);
		if (name)
			printf("\"%s\"", name);
		else
			printf("null");
		printf(", \"supported\": %s}",
		       uringx_caps_has_opcode(caps, op) ? "true" : "false");
		sep = ",";
	}
	printf("\n  ],\n  \"nr_register_ops\": %u,\n  \"register_ops\": [",
	       caps->nr_register_ops);
	sep = "";
	for (op = 0; op < caps->nr_register_ops; op++) {
		const char *name = uringx_name(URINGX_NAME_REGISTER, op);

		printf("%s", sep);
		if (name)
			printf("\"%s\"", name);
		else
			printf("null");
		sep = ", ";
	}
	printf("]\n}\n");
}

/* ---- --check ---------------------------------------------------------- */

/* "SQPOLL|SINGLE_ISSUER", "IORING_SETUP_CQE32,clamp" or a number. */
static int parse_setup_flags(const char *arg, unsigned int *flags)
{
	char *copy, *tok, *save = NULL, *end;
	int ret = 0;

	*flags = 0;
	copy = strdup(arg);
	if (!copy)
		return -ENOMEM;
	for (tok = strtok_r(copy, ",|+ ", &save); tok;
	     tok = strtok_r(NULL, ",|+ ", &save)) {
		unsigned long val = strtoul(tok, &end, 0);
		unsigned int bit;

		if (end != tok && !*end) {
			*flags |= (unsigned int) val;
			continue;
		}
		if (!strncasecmp(tok, "IORING_SETUP_", 13))
			tok += 13;
		for (bit = 0; bit < 32; bit++) {
			const char *name = uringx_name(URINGX_NAME_SETUP, bit);

			if (name && !strcasecmp(name, tok))
				break;
		}
		if (bit == 32) {
			fprintf(stderr, "uring-info: unknown setup flag '%s'\n",
				tok);
			ret = -EINVAL;
			break;
		}
		*flags |= 1U << bit;
	}
	free(copy);
	return ret;
}

static int check_setup(unsigned int flags, unsigned int entries,
		       unsigned int cq_entries)
{
	struct io_uring_params p;
	struct io_uring ring;
	char why[512];
	int ret;

	memset(&p, 0, sizeof(p));
	p.flags = flags;
	if (cq_entries) {
		p.flags |= IORING_SETUP_CQSIZE;
		p.cq_entries = cq_entries;
	}
	struct io_uring_params sizing = p;
	/* Computed without creating a ring. */
	ssize_t bytes = io_uring_memory_size_params(entries, &sizing);

	ret = io_uring_queue_init_params(entries, &ring, &p);
	if (ret == 0) {
		printf("ok: setup flags 0x%x with %u entries work here (SQ %u, CQ %u)\n",
		       flags | (cq_entries ? IORING_SETUP_CQSIZE : 0), entries,
		       p.sq_entries, p.cq_entries);
		if (bytes > 0)
			printf("memory: the ring maps %zd bytes\n", bytes);
		io_uring_queue_exit(&ring);
		return 0;
	}
	p.flags = flags | (cq_entries ? IORING_SETUP_CQSIZE : 0);
	uringx_explain_setup(ret, entries, &p, why, sizeof(why));
	printf("fails: %s: %s\n", strerror(-ret), why);
	return 1;
}

static void usage(FILE *out)
{
	fprintf(out,
		"usage: uring-info [--json] [--no-query]\n"
		"       uring-info --check FLAGS [--entries N] [--cq-entries N]\n"
		"FLAGS: IORING_SETUP_* names (prefix optional, any case)\n"
		"       joined by ',' or '|', or a number\n");
}

int main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "no-query", no_argument, NULL, 'n' },
		{ "check", required_argument, NULL, 'c' },
		{ "entries", required_argument, NULL, 'e' },
		{ "cq-entries", required_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned int caps_flags = 0, entries = 8, cq_entries = 0, flags;
	const char *check = NULL;
	struct uringx_caps caps;
	struct limits lim;
	bool json = false;
	int c;

	while ((c = getopt_long(argc, argv, "jnc:e:q:h", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'n':
			caps_flags |= URINGX_CAPS_NO_QUERY;
			break;
		case 'c':
			check = optarg;
			break;
		case 'e':
			entries = (unsigned int) strtoul(optarg, NULL, 0);
			break;
		case 'q':
			cq_entries = (unsigned int) strtoul(optarg, NULL, 0);
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}

	if (check) {
		if (parse_setup_flags(check, &flags))
			return 2;
		return check_setup(flags, entries, cq_entries);
	}

	uringx_get_caps(&caps, caps_flags);
	read_limits(&lim);
	if (json)
		print_json(&caps, &lim);
	else
		print_human(&caps, &lim);
	return 0;
}
