/* SPDX-License-Identifier: MIT */
/*
 * BPF opcode filters (IORING_REGISTER_BPF_FILTER, Linux 7.0): a classic
 * BPF program per opcode returns 1 to let a request run, 0 to refuse it
 * with -EACCES; per ring, or per task for rings created afterwards.
 * Kernels without the opcode refuse it with -EINVAL, which is checked
 * before the test skips.
 */
#include <sys/wait.h>

#include "register-util.h"

static struct sock_filter deny_all[] = {
	BPF_STMT(BPF_RET | BPF_K, 0),
};

static void make_filter(struct io_uring_bpf *bpf, int opcode)
{
	memset(bpf, 0, sizeof(*bpf));
	bpf->cmd_type = IO_URING_BPF_CMD_FILTER;
	bpf->filter.opcode = (__u32) opcode;
	bpf->filter.filter_len = 1;
	bpf->filter.filter_ptr = uring_ptr_to_u64(deny_all);
}

static int nop_res(struct io_uring *ring)
{
	struct io_uring_sqe *sqe = t_get_sqe(ring);
	struct io_uring_cqe *cqe;
	int res;

	io_uring_prep_nop(sqe);
	sqe->user_data = 1;
	t_submit(ring, 1);
	t_eq(io_uring_wait_cqe(ring, &cqe), 0);
	res = cqe->res;
	io_uring_cqe_seen(ring, cqe);
	return res;
}

static unsigned int nr_register_opcodes(void)
{
	struct io_uring_query_opcode ops;
	struct io_uring_query_hdr hdr;

	memset(&ops, 0, sizeof(ops));
	memset(&hdr, 0, sizeof(hdr));
	hdr.query_op = IO_URING_QUERY_OPCODES;
	hdr.query_data = uring_ptr_to_u64(&ops);
	hdr.size = sizeof(ops);
	if (io_uring_register_query(&hdr) || hdr.result)
		return 0;
	return ops.nr_register_opcodes;
}

/* In a child: a task filter reaches rings created after it. */
static int task_filter_child(void)
{
	struct io_uring_bpf bpf;
	struct io_uring ring;

	make_filter(&bpf, IORING_OP_NOP);
	t_eq(io_uring_register_bpf_filter_task(&bpf), 0);
	t_ring_init(&ring, 4, 0);
	t_eq(nop_res(&ring), -EACCES);
	io_uring_queue_exit(&ring);
	return T_PASS;
}

int main(void)
{
	struct io_uring_bpf bpf;
	struct io_uring ring, fake;
	unsigned int nr_ops;
	int status;
	pid_t pid;

	t_ring_init(&ring, 4, 0);
	make_filter(&bpf, IORING_OP_NOP);
	nr_ops = nr_register_opcodes();
	if (nr_ops <= IORING_REGISTER_BPF_FILTER) {
		t_eq(io_uring_register_bpf_filter(&ring, &bpf), -EINVAL);
		t_eq(io_uring_register_bpf_filter_task(&bpf), -EINVAL);
		t_eq_null(io_uring_register_bpf_filter(NULL, &bpf), -EFAULT);
		/* The filter must not have been applied. */
		t_eq(nop_res(&ring), 0);
		io_uring_queue_exit(&ring);
		t_skip("kernel has %u register opcodes, BPF filters are "
		       "opcode %d (Linux 7.0)", nr_ops,
		       IORING_REGISTER_BPF_FILTER);
	}

	bpf.cmd_type = 0;
	t_eq(io_uring_register_bpf_filter(&ring, &bpf), -EINVAL);
	make_filter(&bpf, 255);
	t_eq(io_uring_register_bpf_filter(&ring, &bpf), -EINVAL);
	t_eq(io_uring_register_bpf_filter(&ring, (void *) 8), -EFAULT);
	t_fake_ring(&fake, t_closed_fd());
	t_eq(io_uring_register_bpf_filter(&fake, &bpf), -EBADF);

	t_eq(nop_res(&ring), 0);
	make_filter(&bpf, IORING_OP_NOP);
	t_eq(io_uring_register_bpf_filter(&ring, &bpf), 0);
	t_eq(nop_res(&ring), -EACCES);
	io_uring_queue_exit(&ring);

	pid = fork();
	if (pid < 0)
		t_fail("fork");
	if (!pid)
		exit(task_filter_child());
	t_eq(waitpid(pid, &status, 0), pid);
	t_assert(WIFEXITED(status) && WEXITSTATUS(status) == T_PASS,
		 "task filter child failed");
	return T_PASS;
}
