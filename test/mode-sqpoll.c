/* SPDX-License-Identifier: MIT */
/*
 * IORING_SETUP_SQPOLL: a kernel thread consumes the SQ. While it is awake
 * io_uring_submit() publishes the tail and makes no system call; once it
 * idles past sq_thread_idle it sets IORING_SQ_NEED_WAKEUP and the next
 * submit wakes it. SQ_AFF pins it to sq_thread_cpu.
 */
#include <dirent.h>
#include <sched.h>

#include "mode-util.h"

/* Spin (yielding) until the kernel has consumed our SQ tail and posted. */
static void wait_consumed(struct io_uring *ring, unsigned int cq_want)
{
	long long deadline = t_now_us() + 5000000;

	while (io_uring_smp_load_acquire(ring->sq.khead) != ring->sq.sqe_tail ||
	       io_uring_cq_ready(ring) < cq_want) {
		t_assert(t_now_us() < deadline, "SQ thread did not run");
		sched_yield();
	}
}

static void no_enter_while_awake(void)
{
	struct io_uring_params p;
	struct io_uring ring;
	int i;

	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_SQPOLL;
	p.sq_thread_idle = 5000;	/* stays awake for the whole test */
	t_ring_init_params(&ring, 8, &p);

	t_roundtrip(&ring, true);

	/*
	 * The thread just worked, so it is awake: four submits and their
	 * completions with no io_uring_enter() at all.
	 */
	t_assert(!(*ring.sq.kflags & IORING_SQ_NEED_WAKEUP), "thread asleep");
	t_enter_reset();
	for (i = 0; i < 4; i++)
		t_queue_nop(&ring, 100 + i);
	/* The count is of SQEs the thread has not consumed yet. */
	t_check_pending(&ring, io_uring_submit(&ring), 4);
	wait_consumed(&ring, 4);
	for (i = 0; i < 4; i++)
		t_reap(&ring, 100 + i, 0);
	if (t_enter_counted())
		t_eq(t_enter_calls, 0);

	/* SQ full, handed over without entering; sqring_wait is harmless. */
	for (i = 0; i < 8; i++)
		t_queue_nop(&ring, 200 + i);
	t_eq(io_uring_sq_space_left(&ring), 0);
	t_eq(io_uring_submit(&ring), 8);
	t_assert(io_uring_sqring_wait(&ring) >= 0, "sqring_wait");
	t_eq(__io_uring_sqring_wait(&ring), 0);
	t_assert(io_uring_sq_space_left(&ring) > 0, "no room after SQ_WAIT");
	wait_consumed(&ring, 8);
	for (i = 0; i < 8; i++)
		t_reap(&ring, 200 + i, 0);
	io_uring_queue_exit(&ring);
}

static void wakeup_after_idle(void)
{
	struct io_uring_params p;
	struct io_uring ring;
	long long deadline;

	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_SQPOLL;
	p.sq_thread_idle = 10;
	t_ring_init_params(&ring, 8, &p);

	t_queue_nop(&ring, 1);
	t_eq(io_uring_submit(&ring), 1);
	t_reap(&ring, 1, 0);

	/* Wait on the ring (nothing will come) until the thread sleeps. */
	deadline = t_now_us() + 5000000;
	while (!(IO_URING_READ_ONCE(*ring.sq.kflags) & IORING_SQ_NEED_WAKEUP)) {
		t_assert(t_now_us() < deadline, "SQ thread never idled");
		t_expect_no_cqe(&ring, 5);
	}

	/* Exactly one enter, carrying the wakeup. */
	t_enter_reset();
	t_queue_nop(&ring, 2);
	t_eq(io_uring_submit(&ring), 1);
	if (t_enter_counted()) {
		t_eq(t_enter_calls, 1);
		t_assert(t_enter_last_flags & IORING_ENTER_SQ_WAKEUP,
			 "enter flags 0x%x lack SQ_WAKEUP",
			 t_enter_last_flags);
	}
	t_reap(&ring, 2, 0);
	io_uring_queue_exit(&ring);
}

/* The CPU list the first "iou-sqp-*" thread of ours may run on. */
static bool sq_thread_cpus(char *list, size_t len)
{
	DIR *dir = opendir("/proc/self/task");
	struct dirent *de;
	bool found = false;

	t_assert(dir, "opendir /proc/self/task");
	while (!found && (de = readdir(dir))) {
		char path[300], line[256];
		FILE *f;

		snprintf(path, sizeof(path), "/proc/self/task/%s/status",
			 de->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		while (fgets(line, sizeof(line), f)) {
			if (!strncmp(line, "Name:", 5) &&
			    !strstr(line, "iou-sqp"))
				break;
			if (!strncmp(line, "Cpus_allowed_list:", 18)) {
				snprintf(list, len, "%.40s", line + 18);
				found = true;
			}
		}
		fclose(f);
	}
	closedir(dir);
	return found;
}

static void affinity(void)
{
	struct io_uring_params p;
	struct io_uring ring;
	unsigned int cpu = sysconf(_SC_NPROCESSORS_ONLN) > 1 ? 1 : 0;
	char list[64], want[16];

	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_SQPOLL | IORING_SETUP_SQ_AFF;
	p.sq_thread_cpu = cpu;
	p.sq_thread_idle = 1000;
	t_ring_init_params(&ring, 8, &p);
	t_roundtrip(&ring, false);

	t_assert(sq_thread_cpus(list, sizeof(list)), "no iou-sqp thread");
	snprintf(want, sizeof(want), "%u", cpu);
	t_assert(atoi(list) == (int) cpu && !strchr(list, '-') &&
		 !strchr(list, ','), "SQ thread CPUs %s, wanted %s", list,
		 want);
	io_uring_queue_exit(&ring);
}

int main(void)
{
	/* First, while no other ring's SQ thread may still be exiting. */
	affinity();
	no_enter_while_awake();
	wakeup_after_idle();
	return T_PASS;
}
