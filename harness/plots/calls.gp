# A dot chart: one panel per kernel (or what the table groups by), rows sorted
# by value (cheapest at the bottom), a dot at the median with whiskers from
# min to max, the label of each row beside it, on a log axis (or a linear
# one: logscale = 0, for values that can be zero or below); floors as grey
# diamonds.  Drawn from it: calls, calls_vectorcall, instr, gil, slowdown,
# import (harness/plotdata.py writes each table and its settings).
# Passed in by make: data (the table from harness/plotdata.py), vars (its
# settings file), fmt ("svg" or "png"), out (the file to write).
load vars

nkernels = words(kernels)
# Two panels a row; a lone panel takes the whole width.
ncols = nkernels > 1 ? 2 : 1
rows = int((nkernels + ncols - 1) / ncols)
maxcount = 0
do for [k=1:nkernels] { c = int(word(counts, k)); if (c > maxcount) { maxcount = c } }
panel_height = 120 + 19 * maxcount
foot_height = strlen(footnote) > 0 ? 40 : 0
height = rows * panel_height + 90 + foot_height
# Screen fractions: room for the two title lines above, the footnote below,
# and the path names left of each panel.
top = 1.0 - 70.0 / height
bottom = (foot_height + 10.0) / height

if (fmt eq "svg") {
    set terminal svg size 1300,height dynamic noenhanced font "Helvetica,12" background "white"
} else {
    set terminal pngcairo size 1300,height noenhanced font "Helvetica,10" background "white"
}
set output out

set multiplot title run_title."\n".subtitle font ",11"
if (logscale) {
    set logscale x
    set format x "%g"
}
set xrange [xmin:xmax]
set xlabel unit_label
set border 3 lw 1
set grid xtics mxtics lc rgb "#e0e0e0" lt 1, lc rgb "#f2f2f2" lt 1
set tics nomirror out
set key off
set bmargin 4

panel_h = (top - bottom) / rows
set size 1.0 / ncols, panel_h
do for [k=1:nkernels] {
    n = int(word(counts, k))
    set origin ((k - 1) % ncols) * 1.0 / ncols, top - (int((k - 1) / ncols) + 1) * panel_h
    set yrange [0.4:n + 0.6]
    set title word(kernels, k) font ",12"
    if (k == nkernels && strlen(footnote) > 0) {
        set label 99 footnote at screen 0.01, screen 0.012 left font ",9" textcolor rgb "#b2182b"
    }
    plot data index (k - 1) using 3:1:4:5:6 with xerrorbars lc rgb variable lw 1.2 pt -1 notitle, \
         data index (k - 1) using 3:1:7:6:ytic(2) with points pt variable ps 1.1 lc rgb variable notitle, \
         data index (k - 1) using 5:1:8 with labels left font ",9" notitle
}
unset multiplot
