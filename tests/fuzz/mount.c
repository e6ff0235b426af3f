/*
 * parse_path, parse_bind and parse_tmpfs against a reference written
 * from the grammar: a path is split at every '/', empty and "."
 * components dropped, ".." refused, the rest joined; a bind spec is two
 * or three ':'-separated fields (SRC non-empty, DST a path other than
 * "/", then "ro" or "rw"); a tmpfs spec a path other than "/" and an
 * optional size above 0 (parse_size, fuzzed on its own). Output buffers
 * are heap blocks of the exact size given, so ASan sees any overrun;
 * every length from 0 up is tried for parse_path: -ERANGE exactly when
 * the cleaned path and its NUL do not fit.
 */
#include "fuzz.h"

/* -EINVAL, or the cleaned path in a fresh heap string */
static char *
ref_path(const char *s, int *err)
{
	char *out = calloc(strlen(s) + 2, 1), *cp = strdup(s), *tok, *save;

	*err = 0;
	if (!out || !cp)
		abort();
	if (*s != '/') {
		*err = -EINVAL;
		goto done;
	}
	for (tok = strtok_r(cp, "/", &save); tok; tok = strtok_r(NULL, "/", &save)) {
		if (!strcmp(tok, ".."))
			*err = -EINVAL;
		else if (strcmp(tok, "."))
			strcat(strcat(out, "/"), tok);
	}
	if (!*out)
		strcpy(out, "/");
done:
	free(cp);
	return out;
}

static void
check_path(const char *s)
{
	int err, r;
	char *want = ref_path(s, &err);
	size_t len;

	for (len = 0; len <= strlen(s) + 2; len++) {
		char *out = malloc(len ? len : 1);

		if (!out)
			abort();
		r = parse_path(s, out, len);
		if (err)
			CHECK(r == err, "'%s' len %zu: %d, want %d", s, len, r, err);
		else if (strlen(want) + 1 > len)
			CHECK(r == -ERANGE, "'%s' len %zu: %d, want -ERANGE", s, len, r);
		else
			CHECK(r == 0 && !strcmp(out, want), "'%s' len %zu: %d '%s', want '%s'",
			    s, len, r, r == 0 ? out : "", want);
		free(out);
	}
	free(want);
}

static void
check_bind(const char *s)
{
	char *f[4] = { NULL }, *cp = strdup(s), *p = cp, *want = NULL, *out;
	size_t len = strlen(s) + 3;
	const char *dst = NULL;
	int nf = 0, ro = -1, err = 0, r, wro = 0;

	if (!cp || !(out = malloc(len)))
		abort();
	/* split keeping empty fields */
	while (nf < 4) {
		f[nf++] = p;
		if (!(p = strchr(p, ':')))
			break;
		*p++ = 0;
	}
	if (nf < 2 || nf > 3 || p || !*f[0])
		err = -EINVAL;
	else {
		want = ref_path(f[1], &err);
		if (!err && !strcmp(want, "/"))
			err = -EINVAL;
		if (nf == 3 && strcmp(f[2], "ro") && strcmp(f[2], "rw"))
			err = -EINVAL;
		wro = nf == 3 && !strcmp(f[2], "ro");
	}
	r = parse_bind(s, out, len, &dst, &ro);
	CHECK((r == 0) == (err == 0), "'%s': %d, want %d", s, r, err);
	if (r == 0) {
		CHECK(!strcmp(out, f[0]) && !strcmp(dst, want) && ro == wro,
		    "'%s': '%s' '%s' %d, want '%s' '%s' %d", s, out, dst, ro, f[0], want, wro);
		CHECK(dst > out && dst < out + len, "'%s': dst outside the buffer", s);
	}
	free(want);
	free(cp);
	free(out);
}

static void
check_tmpfs(const char *s)
{
	char *cp = strdup(s), *c, *want = NULL, *out;
	size_t len = strlen(s) + 3;
	uint64_t sz = 7, wsz = 0;
	int err = 0, r;

	if (!cp || !(out = malloc(len)))
		abort();
	if ((c = strchr(cp, ':')) != NULL) {
		*c++ = 0;
		if (parse_size(c, &wsz) < 0 || wsz == 0 || wsz == UINT64_MAX)
			err = -EINVAL;
	}
	want = ref_path(cp, &r);
	if (r || !strcmp(want, "/"))
		err = -EINVAL;
	r = parse_tmpfs(s, out, len, &sz);
	CHECK((r == 0) == (err == 0), "'%s': %d, want %d", s, r, err);
	if (r == 0)
		CHECK(!strcmp(out, want) && sz == wsz, "'%s': '%s' %llu, want '%s' %llu",
		    s, out, (unsigned long long)sz, want, (unsigned long long)wsz);
	free(want);
	free(cp);
	free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	char *s = fuzz_str(d, n);

	if (!s || n > 4000)	/* (minit's paths are below a page) */
		goto out;
	check_path(s);
	check_bind(s);
	check_tmpfs(s);
out:
	free(s);
	return 0;
}
