/*
 * The MINIT_* environment (read_env, static in options.c) on fuzzed
 * variables: each line of the input is one byte choosing an option and
 * the variable's value. The reference (optref.h) applies each variable
 * as the README says (switches 1/0, yes/no, true/false, on/off; lists
 * for -e and -r; MINIT_VERBOSE a level), in the order of options.c's
 * table; every field of struct conf and the outcome must agree.
 */
#include "optref.h"

static void
env_of(const char *name, char *out)
{
	char *p = stpcpy(out, "MINIT_");

	for (; *name; name++)
		*p++ = *name == '-' ? '_' : (char)(*name >= 'a' && *name <= 'z' ? *name - 32 : *name);
	*p = 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	char *s = fuzz_str(d, n), *line, *save, var[64];
	int want = 0, got;
	struct conf c, r;

	if (!s)
		return 0;
	ref_check_table();
	clearenv();
	for (line = strtok_r(s, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		const struct refopt *o = &ref_opts[(unsigned char)line[0] % REF_N];

		if (o->letter == 'V' || o->letter == 'h')	/* no MINIT_VERSION */
			continue;
		env_of(o->name, var);
		setenv(var, line + 1, 1);
	}

	memset(&r, 0, sizeof(r));
	r.grace_ms = 2000;
	for (const struct opt *o = longopts; o < longopts + NOPTS && !want; o++) {
		const char *v;

		env_of(opt_name(o), var);
		if (!ref_find(opt_name(o)) || (v = getenv(var)) == NULL)
			continue;
		if (ref_set(&r, opt_name(o), v, 1) < 0)
			want = 2;
	}

	memset(&c, 0, sizeof(c));
	pool_used = 0;	/* options.c's path pool: each input starts empty */
	c.grace_ms = 2000;
	fuzz_writes = 0;
	fuzz_len = 0;
	got = minit_outcome(read_env(&c));
	CHECK(got == want, "outcome %d, want %d (0 read, 2 exit 125)%s%.*s",
	    got, want, fuzz_len ? ": " : "", (int)fuzz_len, fuzz_out);
	if (got == 0)
		ref_compare(&c, &r, "env");
	clearenv();
	free(s);
	return 0;
}
