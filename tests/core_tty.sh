#!/bin/bash
# A real pseudo-terminal: `minit -- sh -i` gets job control (its own
# process group in the foreground), ^Z/fg/^C work; also as a launcher.
. "$(dirname "$0")/lib.sh"
need_root
command -v python3 >/dev/null || skip_all "python3 missing"
dir=$(cd "$(dirname "$0")" && pwd)
fail=0; n=0
for args in "--" "--pid --"; do
	out=$(cd "$TMP" && timeout 60 python3 "$dir/ptyjob.py" "$MINIT" $args sh -i 2>&1)
	printf '%s\n' "$out" | grep -q '^ok' || { echo "# $out"; fail=1; }
	while read -r l; do
		case $l in
		"ok "*|"not ok "*)
			n=$((n + 1))
			st=${l%% [0-9]* - *}; desc=${l#* - }
			echo "$st $n - [minit $args] $desc"
			[ "$st" = ok ] || fail=1;;
		"#"*) echo "$l";;
		esac
	done <<< "$out"
done
echo "1..$n"
exit $fail
