#!/bin/bash
# The fuzz harnesses of tests/fuzz/ (make fuzz), each for FUZZ_S seconds,
# 5 by default here, two at a time: no crash, no sanitizer report, no
# broken invariant. `make fuzz FUZZ_S=60` is the long run.
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
: "${FUZZ_S:=5}"
san_skip "the harnesses are ASan+UBSan builds already; the plain make test runs them"
command -v clang >/dev/null || skip_all "clang not installed"
echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }' > "$TMP/t.c"
clang -fsanitize=fuzzer,address,undefined -o "$TMP/t" "$TMP/t.c" 2>/dev/null ||
	skip_all "clang's libFuzzer not installed (libclang-rt-14-dev)"

# A make of its own: not the SAN=1, TESTS=... or jobserver of a caller's.
mk() { env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS make --no-print-directory -C "$top" "$@"; }
# FUZZ_TARGETS=args,env: those harnesses alone (a mutant's env: line).
names=${FUZZ_TARGETS:-$(cd "$top/tests/fuzz" && ls *.c | sed 's/\.c$//')}
names=${names//,/ }
mk -s $(printf 'build-fuzz/fuzz_%s ' $names) >"$TMP/build" 2>&1; rc=$?
ok $rc "the harnesses build: $(echo $names)"
[ $rc = 0 ] || { sed 's/^/# /' "$TMP/build"; done_testing; exit; }

mk -s -k -j2 FUZZ_S="$FUZZ_S" $(printf 'fuzz-run-%s ' $names) >"$TMP/out" 2>&1
for n in $names; do
	if line=$(grep "^fuzz $n: ok" "$TMP/out"); then
		ok 0 "fuzz $n: ${line#*ok, }"
	else
		ok 1 "fuzz $n for $FUZZ_S s"
	fi
done
grep -v ': ok, ' "$TMP/out" | sed 's/^/# /'
done_testing
