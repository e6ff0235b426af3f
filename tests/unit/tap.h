/* TAP for the unit tests: ok() per check, done() prints the plan last. */
#include <stdio.h>

static int n, failed;

static void
ok(int cond, const char *what, const char *in)
{
	n++;
	printf("%sok %d - %s '%s'\n", cond ? "" : "not ", n, what, in);
	if (!cond)
		failed++;
}

static int
done(void)
{
	printf("1..%d\n", n);
	return failed != 0;
}
