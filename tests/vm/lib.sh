# Sourced by the guest cases (busybox sh).
ok() { if [ "$1" -eq 0 ]; then echo "ok - $2"; else echo "not ok - $2"; fi; }
is() { if [ "$1" = "$2" ]; then echo "ok - $3"; else echo "not ok - $3"; echo "#   got '$1' want '$2'"; fi; }
like() { if echo "$1" | grep -Eq -- "$2"; then echo "ok - $3"; else echo "not ok - $3"; echo "#   got '$1' want /$2/"; fi; }
# poll N CMD...: try CMD every 10 ms, at most N times
poll() { n=$1; shift; while [ "$n" -gt 0 ]; do "$@" 2>/dev/null && return 0; n=$((n - 1)); sleep 0.01; done; return 1; }
