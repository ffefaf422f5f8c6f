# A sweep: net cost of a call vs what it carries (the number of int64
# arguments, or the length of a buffer), one line per path in its family's
# colour, one panel per timing mode; floors dashed.  The ns axis is
# logarithmic, each panel's range fitting its data (ymin_<m>, ymax_<m>,
# ytics_<m>); tick labels are plain numbers.  Passed in by harness/pipeline/publish/charts.py:
# data (the table from harness/pipeline/publish/plotdata.py), vars (its settings file:
# titles, axes, blocks), out (the SVG to write; charts.py draws the PNG from it).
load vars

nblocks = words(block_paths)
nmodes = words(modes)
npaths = words(legend_paths)
sub_lines = 1
do for [i=1:strlen(subtitle)] { if (subtitle[i:i] eq "\n") { sub_lines = sub_lines + 1 } }
# (floats: gnuplot divides integers as integers)
foot_height = strlen(footnote) > 0 ? 30.0 : 0.0
head_height = 45.0 + 16 * sub_lines
# the legend: legend_columns columns (what 1300 pixels hold of the longest
# path names), filled top to bottom, rows of about 20 pixels, in a box (with
# "horizontal maxcols", gnuplot 5.4 fitted fewer columns to longer names and
# dropped the entries that did not fit)
legend_columns = 3
legend_rows = (npaths + legend_columns - 1) / legend_columns
legend_height = 30.0 + 20 * legend_rows
height = int(600 + head_height + legend_height + foot_height)

set terminal svg size 1300,height dynamic mouse standalone noenhanced font "Helvetica,12" background "white"
set output out

top = 1.0 - head_height / height
bottom = (legend_height + foot_height + 10.0) / height
set multiplot title run_title."\n".subtitle font ",11"
set size 1.0 / nmodes, top - bottom
set xlabel xlabel
set logscale y
set format y "%g"
set ylabel ylabel
if (logscale) {
    set logscale x
}
set xrange [xmin:xmax]
eval "set xtics ".xtics
set border 3 lw 1
set grid xtics ytics lc rgb "#e0e0e0" lt 1
set tics nomirror out
set key off
set lmargin name_margin
set rmargin 5

if (strlen(footnote) > 0) {
    set label 99 footnote at screen 0.01, screen 0.015 left font ",9" textcolor rgb "#b2182b"
}

do for [m=1:nmodes] {
    mode = word(modes, m)
    set origin (m - 1.0) / nmodes, bottom
    set title mode." mode" font ",12"
    set yrange [value(sprintf("ymin_%d", m)):value(sprintf("ymax_%d", m))]
    eval "set ytics ".value(sprintf("ytics_%d", m))
    if (m == nmodes) {
        # The legend: one entry per path, in a box below both panels, a
        # family's paths one under the other.
        set key at screen 0.5, screen (bottom - 5.0 / height) center top vertical maxrows legend_rows width 2 box lc rgb "#cccccc"
    }
    plot for [b=1:nblocks] data index (b - 1) using (word(block_modes, b) eq mode ? $1 : NaN):2:3:4 \
             with yerrorbars lc rgb int(word(block_colours, b)) pt int(word(block_points, b)) ps 0.7 notitle, \
         for [b=1:nblocks] data index (b - 1) using (word(block_modes, b) eq mode ? $1 : NaN):2 \
             with linespoints lc rgb int(word(block_colours, b)) lw 2 \
             dt int(word(block_dashes, b)) pt int(word(block_points, b)) ps 0.7 \
             title (m == nmodes && word(block_modes, b) eq word(modes, 1) ? word(block_paths, b) : "")
    unset label
}
unset multiplot
