# make releases: one tool's series (harness/releases/report.py).  Top panel:
# net instructions per call (callgrind, deterministic), a line per row
# (kernel[/variant]); bottom panel: net ns per call (make bench's estimator,
# its 95 % interval as whiskers), a line only from one release to the next
# where their intervals are apart (the blocks after the rows' own); x: the
# tool's releases in order.  Passed in by
# harness/pipeline/publish/charts.py: data (blocks of "x instructions ns low
# high", one per row, in the order of `rows`), vars (title, rows, xtics),
# out (the SVG to write; charts.py draws the PNG from it).
load vars

nrows = words(rows)
set terminal svg size 1100,900 dynamic mouse standalone noenhanced font "Helvetica,12" background "white"
set output out
colours = "#1b9e77 #d95f02 #7570b3 #e7298a #66a61e #e6ab02 #a6761d #666666"
set multiplot layout 2,1 title title
set grid xtics ytics lc rgb "#dddddd"
set xrange [-0.5:nreleases - 0.5]
eval "set xtics (".xtics.")"
set key outside right top vertical
set logscale y 10
set format y "%g"
set ylabel "net instructions per call (log scale)"
plot for [i=1:nrows] data index (i - 1) using 1:($2 > 0 ? $2 : 1/0) with linespoints \
    pt 7 ps 0.8 lc rgb word(colours, (i - 1) % 8 + 1) title word(rows, i)
set ylabel "net ns per call (log scale)"
set xlabel "release (a line: a step in time the 95 % intervals support)"
plot for [i=1:nrows] data index (i - 1) using 1:($3 > 0 ? $3 : 1/0):($4 > 0 ? $4 : $3):($5 > 0 ? $5 : $3) \
    with yerrorbars pt 7 ps 0.8 lc rgb word(colours, (i - 1) % 8 + 1) title word(rows, i), \
    for [i=1:nrows] data index (nrows + i - 1) using 1:2:($3 - $1):($4 - $2) \
    with vectors nohead lw 1.5 lc rgb word(colours, (i - 1) % 8 + 1) notitle
unset multiplot
