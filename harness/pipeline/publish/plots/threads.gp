# Two threads over one: per path, total calls per second of 2 threads over
# 1 thread against the buffer length (log x), one line per path in its
# family's colour, dashed for the GIL-holding twins; guides at 1 (serialised)
# and 2 (parallel).  The bindings in panels of a few families each (two a
# row), each panel with its own legend, so that no panel holds more lines
# than a reader can follow.  Passed in by harness/pipeline/publish/charts.py:
# data (the table from harness/pipeline/publish/plotdata.py), vars (its
# settings: titles, axes, blocks and their panels), out (the SVG to write;
# charts.py draws the PNG from it).
load vars

nblocks = words(block_paths)
npanels = words(panel_titles)
set terminal svg size 1300,height dynamic mouse standalone noenhanced font "Helvetica,12" background "white"
set output out

set multiplot
set label 1 run_title at screen 0.5, screen title_y center font ",12"
set label 2 subtitle at screen 0.5, screen subtitle_y center font ",11"
set xlabel xlabel font ",11"
set ylabel ylabel font ",11"
set logscale x
set xrange [xmin:xmax]
set yrange [0:ymax]
eval "set xtics ".xtics
set xtics font ",11"
set ytics font ",11"
set border 3 lw 1
set grid xtics ytics lc rgb "#e0e0e0" lt 1
set tics nomirror out
set key inside left top vertical Left reverse font ",10" spacing 1.0 samplen 2.5 \
    box lc rgb "#cccccc" opaque

do for [p=1:npanels] {
    set lmargin at screen value(sprintf("left_%d", p))
    set rmargin at screen value(sprintf("right_%d", p))
    set tmargin at screen value(sprintf("top_%d", p))
    set bmargin at screen value(sprintf("bottom_%d", p))
    set title word(panel_titles, p) font ",12" offset 0, -0.4
    plot 1 with lines lc rgb "#999999" dt 3 notitle, \
         2 with lines lc rgb "#999999" dt 3 notitle, \
         for [b=1:nblocks] data index (b - 1) \
             using (int(word(block_panels, b)) == p ? $1 : NaN):2:3:4 \
             with yerrorbars lc rgb int(word(block_colours, b)) pt int(word(block_points, b)) \
             ps 0.6 notitle, \
         for [b=1:nblocks] data index (b - 1) \
             using (int(word(block_panels, b)) == p ? $1 : NaN):2 \
             with linespoints lc rgb int(word(block_colours, b)) lw 2 \
             dt int(word(block_dashes, b)) pt int(word(block_points, b)) ps 0.7 \
             title (int(word(block_panels, b)) == p ? word(block_paths, b) : "")
    unset label
}
unset multiplot
