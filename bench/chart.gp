# bench/chart.gp: the headline ratios of bench/results.md as a bar chart,
# drawn by bench/run.sh (make bench). Input: data (a TSV, one row per
# figure, one column per peer, "?" where a peer was not measured),
# out (the SVG to write), when (the machine and date, for the title).
set terminal svg size 900,420 dynamic font "sans,12" background rgb "white"
set output out
set datafile separator "\t"
set datafile missing "?"
set title sprintf("minit against each peer: minit / peer, lower is better (%s)", when)
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set logscale y 2
set yrange [0.03:4]
set ytics ("1/32" 0.03125, "1/16" 0.0625, "1/8" 0.125, "1/4" 0.25, "1/2" 0.5, "1" 1, "2" 2, "4" 4)
set ylabel "minit / peer (log scale)"
set grid ytics lc rgb "#dddddd"
set key top left horizontal
set xtics nomirror rotate by -20 scale 0
# y = 1: as good as the peer; below it minit is smaller or faster.
set arrow from graph 0, first 1 to graph 1, first 1 nohead lw 2 lc rgb "#aa0000" front
plot for [i=2:*] data using i:xtic(1) title columnheader(i)
