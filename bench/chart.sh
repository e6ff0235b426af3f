#!/bin/bash
# bench/chart.sh REC SVG WHEN: the headline ratios of a `make bench` run as
# a bar chart (bench/chart.gp, gnuplot): one group per figure, one bar per
# peer, minit / peer on a log scale, lower is better. REC holds one bar a
# line, "FIGURE|PEER|RATIO", in the order bench/run.sh measured them; WHEN
# (the date and machine) goes into the title.
set -eu
rec=$1 svg=$2 when=$3
tsv=$(mktemp /tmp/minit-chart.XXXXXX)
trap 'rm -f "$tsv"' EXIT
# One row per figure, one column per peer, "?" where a peer has no bar.
awk -F'|' '!($1 in f) {f[$1] = ++nf; fig[nf] = $1} !($2 in p) {p[$2] = ++np; peer[np] = $2}
	{v[$1, $2] = $3}
	END {printf "figure"; for (j = 1; j <= np; j++) printf "\t%s", peer[j]; print ""
		for (i = 1; i <= nf; i++) { printf "\"%s\"", fig[i]
			for (j = 1; j <= np; j++) printf "\t%s", ((fig[i], peer[j]) in v) ? v[fig[i], peer[j]] : "?"
			print "" }}' "$rec" > "$tsv"
gnuplot -e "data='$tsv'; out='$svg'; when='$when'" "$(dirname "$0")/chart.gp"
