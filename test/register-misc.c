/* SPDX-License-Identifier: MIT */
/*
 * The smaller register wrappers: io-wq affinity and worker limits, NAPI
 * settings, the wait clock, synchronous cancelation and the ring-less
 * query interface. Each effect is checked, then the argument errors.
 */
#include <dirent.h>
#include <malloc.h>
#include <pthread.h>
#include <sched.h>
#include <time.h>

#include "register-util.h"

static struct io_uring ring;
static int pfd[2];

/* Queue a read from the empty pipe: it blocks until data comes. */
static void queue_pipe_read(char *buf, unsigned int sqe_flags, __u64 ud)
{
	struct io_uring_sqe *sqe = t_get_sqe(&ring);

	io_uring_prep_rw(IORING_OP_READ, sqe, pfd[0], buf, 1, 0);
	sqe->flags |= (__u8) sqe_flags;
	sqe->user_data = ud;
	t_submit(&ring, 1);
}

/* Cpus_allowed_list of a thread of ours, "" when there is none. */
static void task_cpus(const char *tid, char *out)
{
	char path[64], line[256];
	FILE *f;

	out[0] = 0;
	snprintf(path, sizeof(path), "/proc/self/task/%s/status", tid);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "Cpus_allowed_list:", 18))
			sscanf(line + 18, "%63s", out);
	if (f)
		fclose(f);
}

/* The CPUs allowed to the io-wq worker created by thread tid. */
static void worker_cpus(pid_t tid, char *out)
{
	char path[320], comm[64], want[32];
	struct dirent *de;
	DIR *dir;
	FILE *f;

	out[0] = 0;
	snprintf(want, sizeof(want), "iou-wrk-%d", (int) tid);
	want[15] = 0;	/* comm is at most 15 characters */
	dir = opendir("/proc/self/task");
	if (!dir)
		t_fail("opendir /proc/self/task");
	while ((de = readdir(dir)) && !out[0]) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/self/task/%s/comm",
			 de->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fgets(comm, sizeof(comm), f) && !strncmp(comm, want,
							      strlen(want)))
			task_cpus(de->d_name, out);
		fclose(f);
	}
	closedir(dir);
}

/*
 * Run one nop through an io-wq worker of the calling thread and return
 * the CPUs that worker may use. Workers are created with the mask the
 * io-wq has at the time; existing ones keep theirs.
 */
static void async_nop_worker_cpus(__u64 ud, char *out)
{
	struct io_uring_sqe *sqe = t_get_sqe(&ring);

	io_uring_prep_nop(sqe);
	sqe->flags |= IOSQE_ASYNC;
	sqe->user_data = ud;
	t_submit(&ring, 1);
	t_expect_cqe(&ring, ud, 0, 0, 5000);
	worker_cpus((pid_t) gettid(), out);
	t_assert(out[0], "no io-wq worker for thread %d", (int) gettid());
}

static void nop_now(__u64 ud)
{
	struct io_uring_sqe *sqe = t_get_sqe(&ring);

	io_uring_prep_nop(sqe);
	sqe->user_data = ud;
	t_submit(&ring, 1);
	t_expect_cqe(&ring, ud, 0, 0, 5000);
}

/* In a fresh thread (a fresh io-wq): set, reset, then make a worker. */
static void *reset_affinity_thread(void *arg)
{
	char *out = arg, self[64];
	cpu_set_t mask;

	nop_now(31);
	CPU_ZERO(&mask);
	CPU_SET(0, &mask);
	t_eq(io_uring_register_iowq_aff(&ring, sizeof(mask), &mask), 0);
	t_eq(io_uring_unregister_iowq_aff(&ring), 0);
	async_nop_worker_cpus(32, out);
	snprintf(self, sizeof(self), "%d", (int) gettid());
	task_cpus(self, out + 64);
	return NULL;
}

static void iowq_affinity(void)
{
	char cpus[128];
	cpu_set_t mask;
	pthread_t thr;

	/* The io-wq comes with the task's first submission. */
	nop_now(29);
	CPU_ZERO(&mask);
	CPU_SET(0, &mask);
	t_eq(io_uring_register_iowq_aff(&ring, sizeof(mask), &mask), 0);
	if (sysconf(_SC_NPROCESSORS_ONLN) < 2) {
		printf("one CPU: affinity effect not observable\n");
	} else {
		async_nop_worker_cpus(30, cpus);
		t_assert(!strcmp(cpus, "0"), "worker on CPUs '%s', wanted 0",
			 cpus);

		if (pthread_create(&thr, NULL, reset_affinity_thread, cpus))
			t_fail("pthread_create");
		pthread_join(thr, NULL);
		t_assert(!strcmp(cpus, cpus + 64),
			 "worker on CPUs '%s' after reset, thread on '%s'",
			 cpus, cpus + 64);
	}
	t_eq(io_uring_unregister_iowq_aff(&ring), 0);

	t_eq(io_uring_register_iowq_aff(&ring, 0, &mask), -EINVAL);
	t_eq(io_uring_register_iowq_aff(&ring, sizeof(mask), NULL), -EINVAL);
	t_eq(io_uring_register_iowq_aff(&ring, (size_t) 1 << 31, &mask),
	     -EINVAL);
	t_eq(io_uring_register_iowq_aff(&ring, sizeof(mask), (void *) 8),
	     -EFAULT);
}

static void iowq_max_workers(void)
{
	unsigned int vals[2] = { 0, 0 }, orig[2];

	/* Zeros read the limits without changing them. */
	t_eq(io_uring_register_iowq_max_workers(&ring, vals), 0);
	t_assert(vals[0] > 0 && vals[1] > 0, "limits %u %u", vals[0],
		 vals[1]);
	orig[0] = vals[0];
	orig[1] = vals[1];

	vals[0] = 2;
	vals[1] = 3;
	t_eq(io_uring_register_iowq_max_workers(&ring, vals), 0);
	t_eq(vals[0], orig[0]);
	t_eq(vals[1], orig[1]);
	vals[0] = vals[1] = 0;
	t_eq(io_uring_register_iowq_max_workers(&ring, vals), 0);
	t_eq(vals[0], 2);
	t_eq(vals[1], 3);
	t_eq(io_uring_register_iowq_max_workers(&ring, orig), 0);

	t_eq(io_uring_register_iowq_max_workers(&ring, NULL), -EINVAL);
	vals[0] = 0x80000000U;
	vals[1] = 0;
	t_eq(io_uring_register_iowq_max_workers(&ring, vals), -EINVAL);
	t_eq(io_uring_register_iowq_max_workers(&ring, (void *) 8), -EFAULT);
}

static void napi(void)
{
	struct io_uring_napi n;
	int ret;

	memset(&n, 0, sizeof(n));
	n.busy_poll_to = 100;
	n.prefer_busy_poll = 1;
	ret = io_uring_register_napi(&ring, &n);
	if (ret == -EINVAL || ret == -EOPNOTSUPP) {
		printf("NAPI unsupported (%d), not tested\n", ret);
		return;
	}
	t_eq(ret, 0);
	/* The previous settings come back: none. */
	t_eq(n.busy_poll_to, 0);
	t_eq(n.prefer_busy_poll, 0);

	/* Unregistering reports what was in force. */
	memset(&n, 0, sizeof(n));
	t_eq(io_uring_unregister_napi(&ring, &n), 0);
	t_eq(n.busy_poll_to, 100);
	t_eq(n.prefer_busy_poll, 1);
	t_eq(io_uring_unregister_napi(&ring, NULL), 0);

	t_eq(io_uring_register_napi(&ring, NULL), -EINVAL);
	/* Padding must be zero. */
	memset(&n, 0, sizeof(n));
	n.pad[2] = 1;
	t_eq(io_uring_register_napi(&ring, &n), -EINVAL);
	t_eq(io_uring_register_napi(&ring, (void *) 8), -EFAULT);
}

static long long clock_ms(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* An absolute wait is measured against the clock the ring registered. */
static void wait_clock(void)
{
	struct io_uring_clock_register reg;
	struct io_uring_getevents_arg arg;
	struct __kernel_timespec ts;
	struct timespec now;
	long long start;
	int ret;

	memset(&reg, 0, sizeof(reg));
	reg.clockid = CLOCK_BOOTTIME;
	ret = io_uring_register_clock(&ring, &reg);
	if (ret == -EINVAL) {
		printf("IORING_REGISTER_CLOCK unsupported, not tested\n");
		return;
	}
	t_eq(ret, 0);

	clock_gettime(CLOCK_BOOTTIME, &now);
	ts.tv_sec = now.tv_sec;
	ts.tv_nsec = now.tv_nsec + 50 * 1000000LL;
	if (ts.tv_nsec >= 1000000000LL) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000LL;
	}
	memset(&arg, 0, sizeof(arg));
	arg.ts = uring_ptr_to_u64(&ts);
	start = clock_ms(CLOCK_BOOTTIME);
	ret = io_uring_enter2(ring.ring_fd, 0, 1,
			      IORING_ENTER_GETEVENTS | IORING_ENTER_EXT_ARG |
			      IORING_ENTER_ABS_TIMER, &arg, sizeof(arg));
	t_eq(ret, -ETIME);
	t_assert(clock_ms(CLOCK_BOOTTIME) - start >= 40 &&
		 clock_ms(CLOCK_BOOTTIME) - start < 2000,
		 "absolute boottime wait took %lld ms",
		 clock_ms(CLOCK_BOOTTIME) - start);

	reg.clockid = CLOCK_MONOTONIC;
	t_eq(io_uring_register_clock(&ring, &reg), 0);
	reg.clockid = CLOCK_REALTIME;
	t_eq(io_uring_register_clock(&ring, &reg), -EINVAL);
	reg.clockid = CLOCK_MONOTONIC;
	reg.__resv[1] = 1;
	t_eq(io_uring_register_clock(&ring, &reg), -EINVAL);
	t_eq(io_uring_register_clock(&ring, NULL), -EINVAL);
	t_eq(io_uring_register_clock(&ring, (void *) 8), -EFAULT);
}

static void sync_cancel(void)
{
	struct io_uring_sync_cancel_reg reg;
	struct io_uring_sqe *sqe;
	char buf[1];
	int ret, i;

	queue_pipe_read(buf, 0, 40);
	t_expect_no_cqe(&ring, 10);

	memset(&reg, 0, sizeof(reg));
	reg.addr = 40;
	reg.timeout.tv_sec = -1;
	reg.timeout.tv_nsec = -1;
	ret = io_uring_register_sync_cancel(&ring, &reg);
	if (ret == -EINVAL && !t_kernel_at_least(6, 0)) {
		printf("IORING_REGISTER_SYNC_CANCEL unsupported (Linux 6.0), "
		       "not tested\n");
		sqe = io_uring_get_sqe(&ring);
		io_uring_prep_cancel64(sqe, 40, 0);
		sqe->user_data = 41;
		t_eq(io_uring_submit(&ring), 1);
		for (i = 0; i < 2; i++) {
			struct io_uring_cqe *cqe;

			t_eq(io_uring_wait_cqe(&ring, &cqe), 0);
			t_eq(cqe->res, cqe->user_data == 40 ? -ECANCELED : 0);
			t_assert(cqe->user_data == 40 || cqe->user_data == 41,
				 "user_data %llu",
				 (unsigned long long) cqe->user_data);
			io_uring_cqe_seen(&ring, cqe);
		}
		return;
	}
	t_eq(ret, 0);
	t_expect_cqe(&ring, 40, -ECANCELED, 0, 5000);
	/* Nothing left to cancel. */
	t_eq(io_uring_register_sync_cancel(&ring, &reg), -ENOENT);

	reg.flags = 0x80000000U;
	t_eq(io_uring_register_sync_cancel(&ring, &reg), -EINVAL);
	reg.flags = 0;
	reg.pad[0] = 1;
	t_eq(io_uring_register_sync_cancel(&ring, &reg), -EINVAL);
	t_eq(io_uring_register_sync_cancel(&ring, NULL), -EINVAL);
	t_eq(io_uring_register_sync_cancel(&ring, (void *) 8), -EFAULT);
}

static void query(void)
{
	struct io_uring_query_opcode ops;
	struct io_uring_query_hdr hdr[2];
	struct io_uring_probe *p;
	int ret;

	/* An unknown opcode is -EINVAL; a known one faults on 8. */
	if (io_uring_register_query((void *) 8) == -EINVAL)
		t_skip("kernel lacks IORING_REGISTER_QUERY (6.18)");
	memset(hdr, 0, sizeof(hdr));
	memset(&ops, 0, sizeof(ops));
	hdr[0].query_op = IO_URING_QUERY_OPCODES;
	hdr[0].query_data = uring_ptr_to_u64(&ops);
	hdr[0].size = sizeof(ops);
	hdr[0].next_entry = uring_ptr_to_u64(&hdr[1]);
	/* An unknown query fails alone; the chain goes on. */
	hdr[1].query_op = 1000;
	hdr[1].query_data = uring_ptr_to_u64(&ops.__pad);
	hdr[1].size = 4;

	ret = io_uring_register_query(hdr);
	if (ret == -EINVAL && !hdr[0].size)
		t_skip("kernel lacks IORING_REGISTER_QUERY");
	t_eq(ret, 0);
	t_eq(hdr[0].result, 0);
	t_assert(hdr[0].size > 0 && hdr[0].size <= sizeof(ops), "size %u",
		 hdr[0].size);
	t_eq(hdr[1].result, -EOPNOTSUPP);

	/* It agrees with the probe and with the ring's features. */
	p = io_uring_get_probe_ring(&ring);
	t_assert(p, "probe failed");
	t_eq(ops.nr_request_opcodes, p->last_op + 1);
	io_uring_free_probe(p);
	t_assert(ops.nr_register_opcodes > IORING_REGISTER_MEM_REGION,
		 "nr_register_opcodes %u", ops.nr_register_opcodes);
	t_eq(ops.feature_flags & ring.features, ring.features);

	/* A zero-sized answer buffer is an error for that entry. */
	memset(hdr, 0, sizeof(hdr));
	hdr[0].query_data = uring_ptr_to_u64(&ops);
	t_eq(io_uring_register_query(hdr), 0);
	t_eq(hdr[0].result, -EINVAL);

	/* A loop is cut off. */
	memset(hdr, 0, sizeof(hdr));
	hdr[0].query_data = uring_ptr_to_u64(&ops);
	hdr[0].size = sizeof(ops);
	hdr[0].next_entry = uring_ptr_to_u64(&hdr[0]);
	t_eq(io_uring_register_query(hdr), -ERANGE);

	t_eq(io_uring_register_query(NULL), 0);
	t_eq(io_uring_register_query((void *) 8), -EFAULT);
}

static void bad_fds(void)
{
	struct io_uring_sync_cancel_reg sc;
	struct io_uring_napi n;
	struct io_uring fake;
	unsigned int vals[2] = { 0, 0 };
	cpu_set_t mask;

	memset(&sc, 0, sizeof(sc));
	memset(&n, 0, sizeof(n));
	CPU_ZERO(&mask);
	CPU_SET(0, &mask);
	t_fake_ring(&fake, t_closed_fd());
	t_eq(io_uring_register_iowq_aff(&fake, sizeof(mask), &mask), -EBADF);
	t_eq(io_uring_unregister_iowq_aff(&fake), -EBADF);
	t_eq(io_uring_register_iowq_max_workers(&fake, vals), -EBADF);
	t_eq_since(6, 9, io_uring_register_napi(&fake, &n), -EBADF);
	t_eq_since(6, 9, io_uring_unregister_napi(&fake, &n), -EBADF);
	t_eq_since(6, 10, io_uring_register_clock(&fake, NULL), -EBADF);
	t_eq_since(6, 0, io_uring_register_sync_cancel(&fake, &sc), -EBADF);
	t_fake_ring(&fake, pfd[0]);
	t_eq_since(6, 0, io_uring_register_sync_cancel(&fake, &sc),
		   -EOPNOTSUPP);
	t_eq_null(io_uring_register_iowq_max_workers(NULL, vals), -EFAULT);
}

/*
 * glibc keeps a joined thread's stack for reuse and may give threads
 * malloc arenas of their own: settle both before counting mappings, so
 * only our own leaks show.
 */
static void *warm_up(void *arg)
{
	return arg;
}

int main(void)
{
	pthread_t thr;
	int fds, maps;

	mallopt(M_ARENA_MAX, 1);
	if (pthread_create(&thr, NULL, warm_up, NULL))
		t_fail("pthread_create");
	pthread_join(thr, NULL);

	if (pipe(pfd))
		t_fail("pipe");
	fds = t_count_fds();
	maps = t_count_maps();
	t_ring_init(&ring, 8, 0);

	bad_fds();
	iowq_affinity();
	iowq_max_workers();
	napi();
	wait_clock();
	sync_cancel();
	query();

	io_uring_queue_exit(&ring);
	t_eq(t_count_fds(), fds);
	t_eq(t_count_maps(), maps);
	return T_PASS;
}
