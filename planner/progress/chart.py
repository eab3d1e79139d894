"""A server-side SVG line chart (pure): no script in the browser, no style attributes (strict CSP).

Each series carries a colour *and* a dash pattern and a marker shape, so the chart reads in black
and white; a legend (HTML beside the chart, so it wraps on a phone) names them. The caller supplies
the accessible <title> and <desc> text and puts a data table next to the chart for screen readers.

The drawing is sized for a phone: a 360-unit-wide viewBox with 15-unit text, so on a 360 px screen
(about 300 px of chart) the labels are over 12 px; wider screens shrink the text in CSS.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH, HEIGHT = 360, 220
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 30
FONT_SIZE = 15
CHAR_WIDTH = 0.58 * FONT_SIZE  # a generous estimate of one character's width
MAX_X_LABELS = 4
MAX_MARKERS = 30  # beyond this many points the markers would blur into the lines
MARKER_RADIUS = 4.5


@dataclass(frozen=True)
class Series:
    """One line: its label, values (None = a gap), and how it looks in colour and in grey."""

    key: str
    label: str
    values: Sequence[float | None]
    colour: str = "#1f2a2e"
    dash: str = ""
    marker: str = "circle"  # circle, square, triangle or diamond


def attrs(**values) -> str:
    """XML attributes, escaped; a trailing underscore is dropped (class_), other "_" become "-"."""
    parts = []
    for name, value in values.items():
        if value is None or value == "":
            continue
        name = name.rstrip("_").replace("_", "-")
        parts.append(f'{name}="{escape(str(value), quote=True)}"')
    return " ".join(parts)


def num(value: float) -> str:
    """A coordinate with at most one decimal, without trailing zeros."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def marker_svg(shape: str, x: float, y: float, series: Series, tip: str, common: str = "") -> str:
    """One data point drawn as the series' shape, with a tooltip. `common` is the series' class
    and fill (`marker_common`), passed in when one series draws many points."""
    r = MARKER_RADIUS
    # Coordinates are digits, "-" and ".": nothing in them needs escaping.
    if shape == "square":
        tag = "rect"
        geometry = f'x="{num(x - r)}" y="{num(y - r)}" width="{num(2 * r)}" height="{num(2 * r)}"'
    elif shape in ("triangle", "diamond"):
        d = r + 1
        corners = (
            [(x, y - d), (x + d, y + r), (x - d, y + r)]
            if shape == "triangle"
            else [(x, y - d), (x + d, y), (x, y + d), (x - d, y)]
        )
        tag = "polygon"
        geometry = 'points="' + " ".join(f"{num(a)},{num(b)}" for a, b in corners) + '"'
    else:
        tag, geometry = "circle", f'cx="{num(x)}" cy="{num(y)}" r="{num(r)}"'
    common = common or marker_common(series)
    if not tip:
        return f"<{tag} {common} {geometry}/>"
    return f"<{tag} {common} {geometry}><title>{escape(tip)}</title></{tag}>"


def marker_common(series: Series) -> str:
    return attrs(class_=f"chart-marker marker-{series.key}", fill=series.colour)


def line_chart(
    *,
    chart_id: str,
    title: str,
    desc: str,
    x_labels: Sequence[str],
    series: Sequence[Series],
    y_max: float = 1.0,
    y_ticks: Sequence[float] = (0, 0.25, 0.5, 0.75, 1.0),
    y_format=lambda value: f"{round(value * 100)}%",
    point_names: Sequence[str] | None = None,
) -> str:
    """An accessible SVG line chart of `series` over `x_labels` (one value per label per series)."""
    count = len(x_labels)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    point_names = point_names or x_labels

    def x_at(index: int) -> float:
        if count <= 1:
            return LEFT + plot_w / 2
        return LEFT + plot_w * index / (count - 1)

    def y_at(value: float) -> float:
        return TOP + plot_h * (1 - min(max(value / y_max, 0.0), 1.0))

    out = [
        "<svg "
        + attrs(
            xmlns="http://www.w3.org/2000/svg",
            viewBox=f"0 0 {WIDTH} {HEIGHT}",
            class_="chart",
            role="img",
            aria_labelledby=f"{chart_id}-title {chart_id}-desc",
            id=chart_id,
            font_size=FONT_SIZE,
        )
        + ">",
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(desc)}</desc>',
    ]
    # Grid and y axis labels.
    out.append('<g class="chart-grid" aria-hidden="true">')
    for tick in y_ticks:
        y = num(y_at(tick))
        grid = attrs(x1=LEFT, x2=WIDTH - RIGHT, y1=y, y2=y, stroke="#d9d2c5", stroke_width=1)
        label = attrs(
            x=LEFT - 6, y=y, text_anchor="end", dominant_baseline="middle", fill="currentColor"
        )
        out.append(f"<line {grid}/>")
        out.append(f"<text {label}>{escape(y_format(tick))}</text>")
    out.append("</g>")
    # X axis labels, thinned so they never overlap; the latest week is always labelled.
    every = max(1, math.ceil(count / MAX_X_LABELS))
    out.append('<g class="chart-x-labels" aria-hidden="true">')
    for index, text in enumerate(x_labels):
        if (count - 1 - index) % every:
            continue
        # Keep the whole label inside the drawing: the first and last would overhang the edges.
        half = len(text) * CHAR_WIDTH / 2
        x = min(max(x_at(index), half + 2), WIDTH - half - 2)
        label = attrs(x=num(x), y=HEIGHT - BOTTOM + 22, text_anchor="middle", fill="currentColor")
        out.append(f"<text {label}>{escape(text)}</text>")
    out.append("</g>")
    # Lines: identical values would hide each other, so each series sits a hair apart. Positions
    # are worked out by index, and each x written once for every series (a long range has
    # hundreds of points).
    xs = [x_at(index) for index in range(count)]
    x_text = [num(x) for x in xs]
    middle = (len(series) - 1) / 2
    for position, line in enumerate(series):
        nudge = (position - middle) * 2.5
        out.append(f"<g {attrs(class_=f'chart-series series-{line.key}')}>")
        ys = [None if value is None else y_at(value) + nudge for value in line.values]
        runs = unbroken_runs(ys)
        path = " ".join(
            "M" + " L".join(f"{x_text[index]},{num(ys[index])}" for index in run)
            for run in runs
            if len(run) > 1
        )
        if path:
            out.append(
                "<path "
                + attrs(
                    class_="chart-line",
                    d=path,
                    fill="none",
                    stroke=line.colour,
                    stroke_width=2.5,
                    stroke_dasharray=line.dash,
                    stroke_linejoin="round",
                    stroke_linecap="round",
                )
                + "/>"
            )
        lonely = {run[0] for run in runs if len(run) == 1}
        common = marker_common(line)
        for index, value in enumerate(line.values):
            if value is None:
                continue
            if count <= MAX_MARKERS or index in lonely:
                tip = f"{line.label}, {point_names[index]}: {y_format(value)}"
                out.append(marker_svg(line.marker, xs[index], ys[index], line, tip, common))
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


def unbroken_runs(values: Sequence[object | None]) -> list[list[int]]:
    """The indexes of each run of values between gaps (None): a line is drawn through each run
    alone."""
    runs: list[list[int]] = [[]]
    for index, value in enumerate(values):
        if value is None:
            runs.append([])
        else:
            runs[-1].append(index)
    return [run for run in runs if run]


def legend_html(series: Sequence[Series], label: str = "Key") -> str:
    """The key as an HTML list (it wraps on a phone): a line sample and marker, then the name."""
    out = [f'<ul class="chart-legend" aria-label="{escape(label, quote=True)}">']
    for line in series:
        sample = attrs(x1=2, x2=38, y1=10, y2=10, stroke=line.colour, stroke_width=2.5)
        dash = attrs(stroke_dasharray=line.dash)
        out.append(
            f'<li class="legend-{escape(line.key, quote=True)}">'
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20" width="40" height="20" '
            f'aria-hidden="true" focusable="false"><line {sample} {dash}/>'
            f"{marker_svg(line.marker, 20, 10, line, '')}</svg> "
            f"{escape(line.label)}</li>"
        )
    out.append("</ul>")
    return "".join(out)
