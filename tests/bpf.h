/*
 * tests/bpf.h: a classic-BPF interpreter for seccomp.c's programs, for
 * its unit test and its fuzz harness (which include seccomp.c whole):
 * the instructions the filter uses, every jump checked to land inside,
 * every path to end in a return. BPF_BAD for a broken program.
 */
#define BPF_BAD 0xdeadu
static unsigned bpf_steps;	/* instructions the last run passed */

/* Run prog on d; *args = 1 when it read an argument. */
static uint32_t
bpf_run(const struct sock_filter *p, unsigned len, const struct seccomp_data *d,
    int *args)
{
	unsigned pc = 0, steps = 0;
	uint32_t a = 0;

	*args = 0;
	while (pc < len && (bpf_steps = ++steps) <= BPF_MAXINSNS) {
		struct sock_filter f = p[pc++];

		switch (f.code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (f.k % 4 || f.k + 4 > sizeof(*d))
				return BPF_BAD;
			memcpy(&a, (const char *)d + f.k, 4);
			if (f.k >= offsetof(struct seccomp_data, args))
				*args = 1;
			break;
		case BPF_JMP | BPF_JA:
			pc += f.k;
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
			pc += a == f.k ? f.jt : f.jf;
			break;
		case BPF_JMP | BPF_JGE | BPF_K:
			pc += a >= f.k ? f.jt : f.jf;
			break;
		case BPF_JMP | BPF_JSET | BPF_K:
			pc += (a & f.k) ? f.jt : f.jf;
			break;
		case BPF_RET | BPF_K:
			return f.k;
		default:
			return BPF_BAD;
		}
	}
	return BPF_BAD;
}

/* The verdict of seccomp.c's current program (allow when there is none). */
static uint32_t
bpf_verdict(uint32_t nr, uint64_t a0, uint64_t a1, uint32_t arch, int *args)
{
	struct seccomp_data d;
	int dummy;

	memset(&d, 0, sizeof(d));
	d.nr = (int)nr;
	d.arch = arch;
	d.args[0] = a0;
	d.args[1] = a1;
	if (!args)
		args = &dummy;
	if (prog_len == 0)
		return *args = 0, SECCOMP_RET_ALLOW;
	return bpf_run(prog, prog_len, &d, args);
}
