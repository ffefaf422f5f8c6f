# A sweep: net cost of a call vs what it carries (the number of int64
# arguments, or the length of a buffer), one line per path, one panel per
# timing mode; floors dashed.  Passed in by make: data (the table from
# harness/plotdata.py args|buffer), vars (its settings file: titles, axes,
# blocks), fmt ("svg" or "png"), out (the file to write).
load vars

nblocks = words(block_paths)
nmodes = words(modes)
foot_height = strlen(footnote) > 0 ? 30 : 0
height = 680 + foot_height

if (fmt eq "svg") {
    set terminal svg size 1300,height dynamic noenhanced font "Helvetica,12" background "white"
} else {
    set terminal pngcairo size 1300,height noenhanced font "Helvetica,10" background "white"
}
set output out

# Screen fractions: the title above, the legend and footnote below.
top = 1.0 - 60.0 / height
bottom = (140.0 + foot_height) / height
set multiplot title run_title."\nnet = median minus the empty loop of the same mode; whiskers: min-max over repetitions; ".floor_note font ",11"
set size 1.0 / nmodes, top - bottom
set xlabel xlabel
if (logscale) {
    set logscale xy
    set format x "%g"
    set format y "%g"
    set ylabel "net time per call [ns], log scale"
    set offsets graph 0.03, graph 0.03, 0, 0
} else {
    set ylabel "net time per call [ns]"
    set xtics 1
    set yrange [0:*]
    set autoscale xfix
    set offsets 0.3, 0.3, 0, 0
}
set border 3 lw 1
set grid ytics lc rgb "#e0e0e0" lt 1
set tics nomirror out
set key off

do for [m=1:nmodes] {
    mode = word(modes, m)
    set origin (m - 1.0) / nmodes, bottom
    set title mode." mode" font ",12"
    if (m == nmodes && strlen(footnote) > 0) {
        set label 99 footnote at screen 0.01, screen 0.015 left font ",9" textcolor rgb "#b2182b"
    }
    if (m == nmodes) {
        # The legend: one entry per path, in a box below both panels.
        set key at screen 0.5, screen (bottom - 55.0 / height) center top horizontal maxrows 3 width 2 box lc rgb "#cccccc"
    }
    plot for [b=1:nblocks] data index (b - 1) using (word(block_modes, b) eq mode ? $1 : NaN):2:3:4 \
             with yerrorbars lc rgb int(word(block_colours, b)) pt 7 ps 0.6 notitle, \
         for [b=1:nblocks] data index (b - 1) using (word(block_modes, b) eq mode ? $1 : NaN):2 \
             with lines lc rgb int(word(block_colours, b)) lw 2 \
             dt int(word(block_dashes, b)) \
             title (m == nmodes && word(block_modes, b) eq word(modes, 1) ? word(block_paths, b) : "")
}
unset multiplot
