# Net cost of one call per path, grouped by kernel, bars sorted by cost.
# Passed in by make: data (the table from harness/plotdata.py), vars (its
# settings file), fmt ("svg" or "png"), out (the file to write).
load vars

if (fmt eq "svg") {
    set terminal svg size 1100,620 dynamic noenhanced font "Helvetica,13" background "white"
} else {
    set terminal pngcairo size 1100,620 noenhanced font "Helvetica,11" background "white"
}
set output out

set title "Net time per call from Python (interpreter loop minus the empty loop)\n".run_title
set ylabel "net time per call [ns]"
set xlabel "kernel (bars: call paths, sorted by cost; whiskers: min-max over repetitions)"
set border 3 lw 1
set grid ytics lc rgb "#dddddd" lt 1
set grid noxtics
set tics nomirror out
eval "set xtics ".kernel_tics
set xrange [0:xmax]
set yrange [0:*]
set key outside right top vertical Left reverse noautotitle
set style fill solid 0.85 border rgb "#333333"
set boxwidth 0.8

# ColorBrewer Set2, one colour per path across kernels.
array colours[8] = ["#66c2a5", "#fc8d62", "#8da0cb", "#e78ac3", "#a6d854", "#ffd92f", "#e5c494", "#b3b3b3"]
colour(i) = colours[(int(i) - 1) % 8 + 1]

if (strlen(footnote) > 0) {
    set label 1 footnote at screen 0.01, 0.02 left font ",9" textcolor rgb "#b2182b"
    set bmargin 6
}

npaths = words(paths)
plot for [i=1:npaths] data using ($7 == i ? $1 : NaN):4 with boxes lc rgb colour(i) title word(paths, i), \
     data using 1:5:(0):($6 - $5) with vectors heads size screen 0.004,90 lc rgb "#333333" notitle, \
     data using 1:6:(sprintf("%.1f", $4)) with labels offset 0,0.7 font ",9" notitle
