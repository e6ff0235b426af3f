/*
 * minit's command-line parser (parse_args, static in options.c) on fuzzed
 * argument vectors: the input split at NUL bytes, after argv[0]. The
 * reference is glibc's getopt_long over the README's options (optref.h),
 * each applied as documented; every field of struct conf, where the
 * command starts, and the outcome (parsed, exit 0, exit 125) must agree.
 * Nothing else of minit runs: no environment is read, no child started.
 */
#include "optref.h"

/* After options.c, whose own enum names no_argument and required_argument
 * (with getopt.h's values). */
#include <getopt.h>

/*
 * The reference's parse: getopt_long ("+": stop at the first
 * non-option; ":": a missing value is told apart) over names from
 * options.c's table and letters from the reference's. Returns 0, 1
 * (exit 0), 2 (exit 125) or 3 (an option the reference does not know:
 * not judged); *cmd is where the command starts.
 */
static int
ref_parse(struct conf *r, int argc, char **argv, int *cmd)
{
	struct option gl[64];
	char shorts[160] = "+:";
	const char *names[64];
	size_t ng = 0, ns = 2;
	int seen_e = 0, seen_r = 0, ch;

	for (const struct opt *o = longopts; o < longopts + NOPTS && ng < 63; o++, ng++) {
		const struct refopt *ro = ref_find(opt_name(o));
		int letter = ro ? ro->letter : (o->val < 128 ? o->val : 0);
		int arg = ro ? ro->arg : o->has_arg;

		/* (options.c's own no/required/optional_argument are getopt's 0/1/2) */
		gl[ng] = (struct option){ opt_name(o), ro ? (arg ? required_argument : no_argument) :
		    o->has_arg, NULL, 1000 + (int)ng };
		names[ng] = opt_name(o);
		if (letter && ns < sizeof(shorts) - 3) {
			shorts[ns++] = (char)letter;
			if (arg)
				shorts[ns++] = ':';
		}
	}
	gl[ng] = (struct option){ NULL, 0, NULL, 0 };
	shorts[ns] = 0;

	optind = 0;	/* glibc: start afresh */
	opterr = 0;
	while ((ch = getopt_long(argc, argv, shorts, gl, NULL)) != -1) {
		const char *name = NULL;
		int rc;

		if (ch == '?' || ch == ':')
			return 2;
		if (ch >= 1000)
			name = names[ch - 1000];
		else
			for (size_t i = 0; i < ng; i++) {
				const struct refopt *ro = ref_find(names[i]);

				if (ro ? ro->letter == ch : longopts[i].val == ch)
					name = names[i];
			}
		CHECK(name, "getopt_long returned %d", ch);
		if (!ref_find(name))
			return 3;
		/* The command line's -e/-r replace, not extend, MINIT_*'s. */
		if (!strcmp(name, "remap-exit") && !seen_e++)
			memset(r->remap, 0, sizeof(r->remap));
		if (!strcmp(name, "rewrite") && !seen_r++)
			memset(r->rewrite, 0, sizeof(r->rewrite));
		if ((rc = ref_set(r, name, optarg, 0)) != 0)
			return rc < 0 ? 2 : 1;
	}
	*cmd = optind;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	char *copy, *argv[66], *rargv[66];
	int argc = 1, want, got, cmd = -1;
	struct conf c, r;

	ref_check_table();
	/* argv: "minit", then the input's NUL-separated strings */
	if ((copy = malloc(n + 1)) == NULL)
		abort();
	memcpy(copy, d, n);
	copy[n] = 0;
	argv[0] = "minit";
	for (char *p = copy; p < copy + n && argc < 65; p += strlen(p) + 1)
		argv[argc++] = p;
	argv[argc] = NULL;
	memcpy(rargv, argv, sizeof(argv));

	memset(&r, 0, sizeof(r));
	r.grace_ms = 2000;
	want = ref_parse(&r, argc, rargv, &cmd);

	memset(&c, 0, sizeof(c));
	pool_used = 0;	/* options.c's path pool: each input starts empty */
	c.grace_ms = 2000;
	fuzz_writes = 0;
	fuzz_len = 0;
	got = minit_outcome(parse_args(&c, argc, argv));

	if (want != 3) {
		CHECK(got == want, "outcome %d, want %d (0 parsed, 1 exit 0, 2 exit 125)%s%.*s",
		    got, want, fuzz_len ? ": " : "", (int)fuzz_len, fuzz_out);
		if (got == 0) {
			CHECK(c.argv == argv + cmd, "command at argv[%td], want argv[%d]",
			    c.argv - argv, cmd);
			ref_compare(&c, &r, "args");
		}
	}
	free(copy);
	return 0;
}
