# Two threads over one: per path, total calls per second of 2 threads over
# 1 thread against the buffer length (log x), one line per path in its
# family's colour, dashed for the GIL-holding twins; guides at 1 (serialised)
# and 2 (parallel).  Passed in by harness/pipeline/publish/charts.py: data (the table
# from harness/pipeline/publish/plotdata.py), vars (its settings: titles, axes,
# blocks), fmt ("svg" or "png"), out (the file to write).
load vars

nblocks = words(block_paths)
sub_lines = 1
do for [i=1:strlen(subtitle)] { if (subtitle[i:i] eq "\n") { sub_lines = sub_lines + 1 } }
head_height = 45.0 + 16 * sub_lines
legend_rows = (nblocks + 2) / 3
legend_height = 30.0 + 20 * legend_rows
height = int(560 + head_height + legend_height)

if (fmt eq "svg") {
    set terminal svg size 1300,height dynamic noenhanced font "Helvetica,12" background "white"
} else {
    set terminal pngcairo size 1300,height noenhanced font "Helvetica,10" background "white"
}
set output out

set title run_title."\n".subtitle font ",11"
set tmargin at screen 1.0 - head_height / height
set bmargin at screen (legend_height + 60.0) / height
set lmargin 12
set rmargin 5
set xlabel xlabel
set ylabel ylabel
set logscale x
set xrange [xmin:xmax]
set yrange [0:ymax]
eval "set xtics ".xtics
set border 3 lw 1
set grid xtics ytics lc rgb "#e0e0e0" lt 1
set tics nomirror out
set key at screen 0.5, screen (legend_height + 5.0) / height center top vertical maxrows legend_rows width 2 box lc rgb "#cccccc"

plot 1 with lines lc rgb "#999999" dt 3 notitle, \
     2 with lines lc rgb "#999999" dt 3 notitle, \
     for [b=1:nblocks] data index (b - 1) using 1:2:3:4 \
         with yerrorbars lc rgb int(word(block_colours, b)) pt int(word(block_points, b)) ps 0.6 notitle, \
     for [b=1:nblocks] data index (b - 1) using 1:2 \
         with linespoints lc rgb int(word(block_colours, b)) lw 2 \
         dt int(word(block_dashes, b)) pt int(word(block_points, b)) ps 0.7 title word(block_paths, b)
