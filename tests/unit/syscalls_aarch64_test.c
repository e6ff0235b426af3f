/* The aarch64 table, packed as on arm64, checked on any machine:
 * seccomp_test.c with SC_TABLE set (names and rules; the filter is
 * checked by the build for its own architecture). */
#define SC_TABLE "syscalls-aarch64.h"
#include "seccomp_test.c"
