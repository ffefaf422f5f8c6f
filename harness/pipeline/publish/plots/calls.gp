# A dot chart: one panel per kernel (or what the table groups by), rows sorted
# by value (cheapest at the bottom), a dot at the figure with whiskers over
# its interval, the value beside it, on a log axis (or a linear one:
# logscale = 0, for values that can be zero or below); each panel with its
# own range and ticks (xmin_<k>, xmax_<k>, tics_<k>).  Where everything goes
# is laid out by harness/pipeline/publish/plotdata.py (dot_chart) from the
# widths of the text in the font drawn (text_metrics.py): each panel's plot
# area (left_<k>, right_<k>, top_<k>, bottom_<k>, screen fractions), the
# title's and the subtitle's lines, the legend's entries (legend_x_<i>,
# legend_y_<i>), the footnote.  Drawn from it: calls, calls_vectorcall,
# objects, shapes, instr, gil, slowdown, import.
# Passed in by harness/pipeline/publish/charts.py: data (the table), vars (its
# settings file), out (the SVG to write; charts.py draws the PNG from it).
load vars

nkernels = words(kernels)
set terminal svg size 1300,height dynamic mouse standalone noenhanced font "Helvetica,12" background "white"
set output out

set multiplot
set label 1 run_title at screen 0.5, screen title_y center font ",12"
set label 2 subtitle at screen 0.5, screen subtitle_y center font ",11"
if (logscale) {
    set logscale x
}
set format x "%g"
set xlabel unit_label font ",11" offset 0, 0.6
set border 3 lw 1
set grid xtics lc rgb "#e0e0e0" lt 1
set tics nomirror out
set xtics font ",11"
set ytics font ",11"
set key off

# The legend: a marker and its text per entry, where plotdata put them.
do for [i=1:legend_count] {
    x = value(sprintf("legend_x_%d", i))
    y = value(sprintf("legend_y_%d", i))
    set label 100 + i "" at screen x, screen y point pt value(sprintf("legend_point_%d", i)) \
        ps 1.0 lc rgb value(sprintf("legend_colour_%d", i))
    set label 300 + i value(sprintf("legend_text_%d", i)) at screen x + 12.0 / 1300, screen y \
        left font ",11"
}
if (strlen(footnote) > 0) {
    set label 99 footnote at screen 0.01, screen footnote_y left font ",10" \
        textcolor rgb "#b2182b"
}

do for [k=1:nkernels] {
    n = int(word(counts, k))
    set lmargin at screen value(sprintf("left_%d", k))
    set rmargin at screen value(sprintf("right_%d", k))
    set tmargin at screen value(sprintf("top_%d", k))
    set bmargin at screen value(sprintf("bottom_%d", k))
    set yrange [0.4:n + 0.6]
    set xrange [value(sprintf("xmin_%d", k)):value(sprintf("xmax_%d", k))]
    tics = value(sprintf("tics_%d", k))
    if (strlen(tics) > 0) {
        eval "set xtics ".tics
    } else {
        set xtics autofreq
    }
    set title word(kernels, k) font ",12" offset 0, -0.4
    plot data index (k - 1) using 3:1:4:5:6 with xerrorbars lc rgb variable lw 1.2 pt -1 notitle, \
         data index (k - 1) using 3:1:7:6:ytic(2) with points pt variable ps 0.9 lc rgb variable notitle, \
         data index (k - 1) using 5:1:8 with labels left offset 0.6, 0 font ",9" notitle
    # the titles, the legend and the footnote are drawn once, with the first panel
    unset label
}
unset multiplot
