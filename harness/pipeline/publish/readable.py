"""Whether a chart can be read, as its SVG says: its size within
chart_style's (README's width, a screen's height), no text box over another
(labels, legend, titles, tick labels: their boxes from the widths of the
font drawn, text_metrics.py; the PNG is drawn from the same SVG), no text
past the chart's edges, and
within a panel no row label twice (a row names its path, not only its
family).  The tests hold every chart to it (tests/unit/test_charts_readable.py,
the reference's; tests/end_to_end/test_quick_bench.py, a fresh run's).

  svg_problems(svg_file)   [what makes it unreadable], empty when nothing
"""
import re
import xml.etree.ElementTree as ElementTree

from harness.pipeline.publish import chart_style, text_metrics

MAX_WIDTH, MAX_HEIGHT = chart_style.CHART_PX, chart_style.MAX_HEIGHT_PX
SVG = "{http://www.w3.org/2000/svg}"


def text_boxes(svg_file):
    """((width, height) of the chart, [(x0, y0, x1, y1, text, anchor, x)] of
    every horizontal text, from gnuplot's SVG: each text is a <g
    transform="translate(x,y)"> with its font size and anchor)."""
    root = ElementTree.parse(svg_file).getroot()
    _, _, width, height = (float(v) for v in root.get("viewBox").split())
    boxes = []

    def walk(node, size, anchor):
        size = float(node.get("font-size", size))
        anchor = node.get("text-anchor", anchor)
        for child in node:
            if child.tag == SVG + "g":
                walk(child, size, anchor)
            elif child.tag == SVG + "text":
                text = "".join(child.itertext())
                move = re.match(r"translate\(([-\d.]+),([-\d.]+)\)(.*)",
                                node.get("transform", ""))
                if not text.strip() or not move or "rotate" in move.group(3):
                    continue
                x, y = float(move.group(1)), float(move.group(2))
                w = text_metrics.text_px(text, size)
                x0 = {"start": x, "middle": x - w / 2, "end": x - w}[anchor]
                boxes.append((x0, y - 0.75 * size, x0 + w, y + 0.2 * size, text, anchor, x))
    walk(root, 12.0, "start")
    return (width, height), boxes


def overlaps(boxes, slack=1.0):
    """The pairs of text boxes that intersect by more than `slack` pixels."""
    found = []
    ordered = sorted(boxes)
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            if b[0] >= a[2] - slack:
                break
            if min(a[3], b[3]) - max(a[1], b[1]) > slack and min(a[2], b[2]) - max(a[0], b[0]) > slack:
                found.append((a[4], b[4]))
    return found


def clipped(boxes, width, height, slack=0.0):
    """The texts whose box reaches past the chart's edges."""
    return [box[4] for box in boxes
            if box[0] < -slack or box[1] < -slack or box[2] > width + slack or box[3] > height + slack]


def repeated_row_labels(boxes):
    """Row labels (right-aligned at one x: a panel's y tick labels) that a
    panel shows twice: texts at the same x, in one column of a panel."""
    columns = {}
    for box in boxes:
        if box[5] == "end":
            columns.setdefault(round(box[6]), []).append(box)
    found = []
    for column in columns.values():
        column.sort(key=lambda b: b[1])
        panel, last = [], None
        for box in column:           # a gap of over 40 px starts another panel
            if last is not None and box[1] - last > 40:
                found += _repeats(panel)
                panel = []
            panel.append(box[4])
            last = box[1]
        found += _repeats(panel)
    return found


def _repeats(labels):
    return sorted({label for label in labels if labels.count(label) > 1
                   and not re.fullmatch(r"[\d.,]+", label)})


def svg_problems(svg_file):
    """What makes a chart unreadable: its size over the limit, text clipped
    at an edge, text boxes that overprint, a row label repeated within a panel."""
    (width, height), boxes = text_boxes(svg_file)
    problems = []
    if width > MAX_WIDTH or height > MAX_HEIGHT:
        problems.append(f"{width:.0f} x {height:.0f} px, over {MAX_WIDTH} x {MAX_HEIGHT}")
    problems += [f"{text!r} clipped at the chart's edge" for text in clipped(boxes, width, height)]
    problems += [f"{a!r} overprints {b!r}" for a, b in overlaps(boxes)]
    problems += [f"row label {label!r} twice in a panel" for label in repeated_row_labels(boxes)]
    return problems
