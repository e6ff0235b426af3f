/*
 * tests/replay.c: a main() for a harness of tests/fuzz/ without
 * libFuzzer, which exists for the host alone: each file named, and each
 * file of each folder named, is read and handed to
 * LLVMFuzzerTestOneInput once. Linked with a harness by any C compiler
 * (the arm64 cross build: build-aarch64/replay/<name>), it replays the
 * seed corpus on another architecture; a broken invariant aborts. Prints
 * "replayed N inputs" on success.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

static int
replay(const char *path)
{
	static uint8_t buf[1 << 20];
	FILE *f;
	size_t n;

	if ((f = fopen(path, "rb")) == NULL) {
		perror(path);
		return -1;
	}
	n = fread(buf, 1, sizeof(buf), f);
	if (ferror(f) || !feof(f)) {
		fprintf(stderr, "%s: unreadable or over %zu bytes\n", path,
		    sizeof(buf));
		fclose(f);
		return -1;
	}
	fclose(f);
	/* A copy of exactly n bytes, as libFuzzer passes it. */
	uint8_t *d = malloc(n ? n : 1);
	if (d == NULL)
		abort();
	memcpy(d, buf, n);
	LLVMFuzzerTestOneInput(d, n);
	free(d);
	return 0;
}

int
main(int argc, char **argv)
{
	unsigned long count = 0;
	int i, bad = 0;

	for (i = 1; i < argc; i++) {
		struct stat st;
		struct dirent **ents;
		int k, m;

		if (stat(argv[i], &st) < 0) {
			perror(argv[i]);
			return 2;
		}
		if (!S_ISDIR(st.st_mode)) {
			bad |= replay(argv[i]) < 0;
			count++;
			continue;
		}
		if ((m = scandir(argv[i], &ents, NULL, alphasort)) < 0) {
			perror(argv[i]);
			return 2;
		}
		for (k = 0; k < m; k++) {
			char p[4096];

			if (ents[k]->d_name[0] != '.') {
				snprintf(p, sizeof(p), "%s/%s", argv[i],
				    ents[k]->d_name);
				bad |= replay(p) < 0;
				count++;
			}
			free(ents[k]);
		}
		free(ents);
	}
	if (bad)
		return 2;
	printf("replayed %lu inputs\n", count);
	return 0;
}
