# A dot chart: one panel per kernel (or what the table groups by), rows sorted
# by value (cheapest at the bottom), a dot at the median with whiskers from
# min to max, the label of each row beside it, on a log axis (or a linear
# one: logscale = 0, for values that can be zero or below); each panel with
# its own range and ticks (xmin_<k>, xmax_<k>, tics_<k>); a legend of the
# families drawn under the title; floors as grey diamonds.  Drawn from it:
# calls, calls_vectorcall, instr, gil, slowdown, import (harness/pipeline/publish/plotdata.py
# writes each table and its settings).
# Passed in by harness/pipeline/publish/charts.py: data (the table), vars (its settings file),
# fmt ("svg" or "png"), out (the file to write).
load vars

nkernels = words(kernels)
# Two panels a row; a lone panel takes the whole width.
ncols = nkernels > 1 ? 2 : 1
rows = int((nkernels + ncols - 1) / ncols)
maxcount = 0
do for [k=1:nkernels] { c = int(word(counts, k)); if (c > maxcount) { maxcount = c } }
panel_height = 120 + 19 * maxcount
# the subtitle's and the footnote's lines (a newline between lines)
sub_lines = 1
do for [i=1:strlen(subtitle)] { if (subtitle[i:i] eq "\n") { sub_lines = sub_lines + 1 } }
foot_lines = strlen(footnote) > 0 ? 1 : 0
do for [i=1:strlen(footnote)] { if (footnote[i:i] eq "\n") { foot_lines = foot_lines + 1 } }
# (floats: gnuplot divides integers as integers)
legend_row = 1.0 * (40 + 16 * sub_lines)
head_height = legend_row + 30.0
foot_height = 16.0 * foot_lines + (foot_lines > 0 ? 10 : 0)
height = int(rows * panel_height + head_height + foot_height + 20)
top = 1.0 - head_height / height
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
}
set format x "%g"
set xlabel unit_label
set border 3 lw 1
set grid xtics lc rgb "#e0e0e0" lt 1
set tics nomirror out
set key off
set bmargin 4
# a fixed room for the path names, so that the panels line up
set lmargin name_margin
set rmargin 2

# The legend: a row of coloured markers under the title.
do for [i=1:legend_count] {
    set label 100 + i value(sprintf("legend_text_%d", i)) \
        at screen 0.02 + (i - 1) * (0.96 / legend_count), screen 1.0 - (legend_row + 8.0) / height \
        left offset 1.2, 0 font ",10" \
        point pt value(sprintf("legend_point_%d", i)) ps 1.1 \
        lc rgb value(sprintf("legend_colour_%d", i))
}
if (strlen(footnote) > 0) {
    set label 99 footnote at screen 0.01, screen (foot_height - 4.0) / height left font ",9" \
        textcolor rgb "#b2182b"
}

panel_h = (top - bottom) / rows
set size 1.0 / ncols, panel_h
do for [k=1:nkernels] {
    n = int(word(counts, k))
    set origin ((k - 1) % ncols) * 1.0 / ncols, top - (int((k - 1) / ncols) + 1) * panel_h
    set yrange [0.4:n + 0.6]
    set xrange [value(sprintf("xmin_%d", k)):value(sprintf("xmax_%d", k))]
    tics = value(sprintf("tics_%d", k))
    if (strlen(tics) > 0) {
        eval "set xtics ".tics
    } else {
        set xtics autofreq
    }
    set title word(kernels, k) font ",12"
    plot data index (k - 1) using 3:1:4:5:6 with xerrorbars lc rgb variable lw 1.2 pt -1 notitle, \
         data index (k - 1) using 3:1:7:6:ytic(2) with points pt variable ps 1.1 lc rgb variable notitle, \
         data index (k - 1) using 5:1:8 with labels left font ",9" notitle
    # the legend and footnote are drawn once, with the first panel
    unset label
}
unset multiplot
