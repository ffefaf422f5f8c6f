# Runs side by side (harness/commands/merge.py): one kernel's net ns per call
# (log x) per path, one point style and colour per run.  Passed in: data
# (blocks of "y ns path", one block per run), out (the SVG), nruns, npaths,
# labels ("|"-separated run labels), kernel; the path names as ytics.
height = 160 + 22 * npaths + 18 * nruns
set terminal svg size 1100,height dynamic mouse standalone noenhanced font "Helvetica,12" background "white"
set output out
set title kernel.": net ns per call (interp mode), one marker per run (make merge)"
set logscale x 10
set format x "%g"
set xlabel "net ns per call (log scale)"
set grid xtics ytics lc rgb "#dddddd"
set yrange [-1:npaths]
set key outside bottom center vertical maxrows nruns
set bmargin 4 + nruns
run_label(i) = system(sprintf("echo '%s' | cut -d'|' -f%d", labels, i))
colours = "#1b9e77 #d95f02 #7570b3 #e7298a #66a61e #e6ab02 #a6761d #666666"
plot for [i=1:nruns] data index (i - 1) using 2:($1 + (i - (nruns + 1) / 2.0) * 0.12) \
    with points pt (4 + 2 * (i - 1)) ps 1.1 lc rgb word(colours, (i - 1) % 8 + 1) \
    title run_label(i)
