"""A line chart as SVG markup, and the same figures as table rows. See pathways.charts."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

from django.utils.safestring import SafeString, mark_safe

# GOV.UK Frontend's colours, each paired with a dash pattern and a marker so that no line depends on colour.
PALETTE = (
    ("#1d70b8", "", "circle"),
    ("#0b0c0c", "9 5", "square"),
    ("#00703c", "3 4", "triangle"),
    ("#d4351c", "12 4 3 4", "diamond"),
    ("#4c2c92", "6 3", "cross"),
    ("#f47738", "2 2", "circle"),
)
WIDTH = 820
PLOT_LEFT = 78
PLOT_RIGHT_MARGIN = 205  # room for each line's name at its last point
PLOT_TOP_GAP = 14
FONT = "font-family=\"system-ui, -apple-system, 'Segoe UI', Arial, sans-serif\""


@dataclass(frozen=True)
class Series:
    """One line: its name in the key and the table, a short label drawn at its last point, its values
    (None for a gap: no figure that week), and optionally its own colour, dash pattern and marker."""

    name: str
    values: Sequence[float | None]
    label: str = ""
    colour: str = ""
    dash: str | None = None   # "" is a solid line
    marker: str = ""          # circle, square, triangle, diamond, cross or none
    width: float = 2.5


@dataclass(frozen=True)
class Chart:
    title: str
    description: str
    svg: SafeString
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    slug: str = "chart"


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{text}{unit}" if unit == "%" else (f"{text} {unit}" if unit else text)


def _nice_step(top: float, ticks: int = 6) -> float:
    raw = max(top, 1e-9) / ticks
    power: float = 10.0 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if m * power >= raw:
            return m * power
    return 10 * power


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    r = 4.5
    if kind == "square":
        return f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:.1f}" height="{2 * r:.1f}" fill="{colour}"/>'
    if kind == "triangle":
        pts = f"{x:.1f},{y - r - 1:.1f} {x + r + 1:.1f},{y + r:.1f} {x - r - 1:.1f},{y + r:.1f}"
        return f'<polygon points="{pts}" fill="{colour}"/>'
    if kind == "diamond":
        pts = f"{x:.1f},{y - r - 1:.1f} {x + r + 1:.1f},{y:.1f} {x:.1f},{y + r + 1:.1f} {x - r - 1:.1f},{y:.1f}"
        return f'<polygon points="{pts}" fill="{colour}"/>'
    if kind == "cross":
        return (f'<path d="M{x - r:.1f} {y - r:.1f}L{x + r:.1f} {y + r:.1f}M{x - r:.1f} {y + r:.1f}L{x + r:.1f} '
                f'{y - r:.1f}" stroke="{colour}" stroke-width="2.5"/>')
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{colour}" stroke="#ffffff" stroke-width="1"/>'
    return ""


def _spread(positions: list[tuple[float, int]], gap: float, low: float, high: float) -> dict[int, float]:
    """Move the end labels apart so that none overlaps another, keeping their order."""
    ordered = sorted(positions)
    placed: list[float] = []
    for y, _ in ordered:
        placed.append(max(y, placed[-1] + gap) if placed else y)
    overflow = placed[-1] - high if placed else 0
    if overflow > 0:
        placed = [p - overflow for p in placed]
        for i in range(len(placed) - 2, -1, -1):
            placed[i] = min(placed[i], placed[i + 1] - gap)
    placed = [max(p, low) for p in placed]
    return {index: p for (_, index), p in zip(ordered, placed, strict=True)}


Styled = tuple[Series, str, str, str]  # the series, its colour, its dash ("" solid) and its marker


@dataclass(frozen=True)
class _Plot:
    """Where the plot area sits in the picture and how values and points map onto it."""

    n: int            # points on each line
    top: float        # the value at the top of the vertical axis
    step: float       # between its figures
    height: int
    plot_top: float
    plot_bottom: float
    rotate: bool      # the horizontal axis's labels turned, when they would not fit side by side

    @property
    def right(self) -> int:
        return WIDTH - PLOT_RIGHT_MARGIN

    @property
    def width(self) -> float:
        return self.right - PLOT_LEFT

    def px(self, i: int) -> float:
        return PLOT_LEFT + (self.width / 2 if self.n == 1 else i * self.width / (self.n - 1))

    def py(self, v: float) -> float:
        plot_h = self.plot_bottom - self.plot_top
        return self.plot_bottom - (min(v, self.top) / self.top) * plot_h if self.top else self.plot_bottom


def line_chart(
    *, title: str, description: str, labels: Sequence[str], series: Sequence[Series], y_label: str, x_label: str,
    y_max: float | None = None, unit: str = "", slug: str = "chart", height: int = 360,
) -> Chart:
    """A line chart of `series` over `labels` (one point per label), with labelled axes, a key, each line
    named at its last point, a <title> and <desc> for assistive technology, and the figures as table rows."""
    styled: list[Styled] = []
    for i, s in enumerate(series):
        colour, dash, marker = PALETTE[i % len(PALETTE)]
        styled.append((s, s.colour or colour, dash if s.dash is None else s.dash, s.marker or marker))
    key_items, key_rows = _key_layout(styled)
    plot = _plot(labels, series, y_max, height, plot_top=22 + key_rows * 22 + PLOT_TOP_GAP)
    ids = f"{slug}-title", f"{slug}-desc"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" class="pw-chart__svg" role="img" '
        f'aria-labelledby="{ids[0]} {ids[1]}" {FONT} font-size="13">',
        f'<title id="{ids[0]}">{escape(title)}</title>',
        f'<desc id="{ids[1]}">{escape(description)}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>',
        *_axes(plot, labels, unit, y_label=y_label, x_label=x_label),
        *_lines(plot, styled, unit),
        *_key(key_items, styled),
        "</svg>",
    ]
    header = [x_label, *[s.name for s in series]]
    rows = [[label, *[_fmt(s.values[i] if i < len(s.values) else None, unit) for s in series]]
            for i, label in enumerate(labels)]
    return Chart(title=title, description=description, svg=mark_safe("".join(out)),  # every text above is escaped
                 header=header, rows=rows, slug=slug)


def _key_layout(styled: list[Styled]) -> tuple[list[tuple[float, float, int]], int]:
    """The key, above the plot, wrapping onto as many rows as it needs: each item's place and series, and
    how many rows."""
    key_items: list[tuple[float, float, int]] = []
    x, row = float(PLOT_LEFT), 0
    for i, (s, *_rest) in enumerate(styled):
        w = 44 + 7.2 * len(s.name) + 24
        if x + w > WIDTH - 10 and x > PLOT_LEFT:
            x, row = float(PLOT_LEFT), row + 1
        key_items.append((x, 22 + row * 22, i))
        x += w
    return key_items, row + 1


def _plot(labels: Sequence[str], series: Sequence[Series], y_max: float | None, height: int, *,
          plot_top: float) -> _Plot:
    """The vertical axis's range and step (a round one, unless `y_max` is given), and the plot's bottom:
    higher when the labels are turned."""
    n = len(labels)
    values = [v for s in series for v in s.values if v is not None]
    top = y_max if y_max is not None else max([*values, 1.0])
    step = _nice_step(top)
    top = step * math.ceil(top / step - 1e-9) if y_max is None else y_max
    if y_max is not None:
        step = _nice_step(y_max, 6)
    longest = max((len(label) for label in labels), default=0)
    rotate = n > 1 and longest * 6.8 + 8 > (WIDTH - PLOT_RIGHT_MARGIN - PLOT_LEFT) / (n - 1)
    plot_bottom = height - (64 + (min(longest, 22) * 4.0 if rotate else 0))
    return _Plot(n=n, top=top, step=step, height=height, plot_top=plot_top, plot_bottom=plot_bottom, rotate=rotate)


def _axes(plot: _Plot, labels: Sequence[str], unit: str, *, y_label: str, x_label: str) -> list[str]:
    """Gridlines with the vertical axis's figures, both axes, every point's tick and label, the axes' names."""
    out = []
    tick = 0.0
    while tick <= plot.top + 1e-9:
        y = plot.py(tick)
        out.append(f'<line x1="{PLOT_LEFT}" y1="{y:.1f}" x2="{plot.right}" y2="{y:.1f}" stroke="#d8dadb" '
                   f'stroke-width="1"/>')
        out.append(f'<text x="{PLOT_LEFT - 8}" y="{y + 4:.1f}" text-anchor="end" fill="#0b0c0c">'
                   f'{escape(_fmt(tick, unit if unit == "%" else ""))}</text>')
        tick += plot.step
    bottom = plot.plot_bottom
    out.append(f'<line x1="{PLOT_LEFT}" y1="{plot.plot_top}" x2="{PLOT_LEFT}" y2="{bottom}" stroke="#0b0c0c"/>')
    out.append(f'<line x1="{PLOT_LEFT}" y1="{bottom}" x2="{plot.right}" y2="{bottom}" stroke="#0b0c0c"/>')
    # Every point has a tick; with more than 20, every nth is named (the table names them all).
    every = math.ceil(plot.n / 20) if plot.n else 1
    for i, text in enumerate(labels):
        x = plot.px(i)
        out.append(f'<line x1="{x:.1f}" y1="{bottom}" x2="{x:.1f}" y2="{bottom + 5}" stroke="#0b0c0c"/>')
        if (plot.n - 1 - i) % every:
            continue
        if plot.rotate:
            out.append(f'<text x="{x:.1f}" y="{bottom + 16}" text-anchor="end" fill="#0b0c0c" font-size="12" '
                       f'transform="rotate(-45 {x:.1f} {bottom + 16})">{escape(text)}</text>')
        else:
            out.append(f'<text x="{x:.1f}" y="{bottom + 20}" text-anchor="middle" fill="#0b0c0c" '
                       f'font-size="12">{escape(text)}</text>')
    mid_y = (plot.plot_top + bottom) / 2
    out.append(f'<text x="16" y="{mid_y:.1f}" text-anchor="middle" fill="#0b0c0c" font-weight="bold" '
               f'transform="rotate(-90 16 {mid_y:.1f})">{escape(y_label)}</text>')
    out.append(f'<text x="{PLOT_LEFT + plot.width / 2:.1f}" y="{plot.height - 10}" text-anchor="middle" '
               f'fill="#0b0c0c" font-weight="bold">{escape(x_label)}</text>')
    return out


def _lines(plot: _Plot, styled: list[Styled], unit: str) -> list[str]:
    """The lines (broken where a value is missing), their markers, and each line's name at its last point."""
    out = []
    ends: list[tuple[float, int]] = []
    end_text: dict[int, str] = {}
    for index, (s, colour, dash, marker) in enumerate(styled):
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        segment: list[str] = []
        segments: list[list[str]] = []
        for i, v in enumerate(s.values[:plot.n]):
            if v is None:
                if segment:
                    segments.append(segment)
                segment = []
                continue
            segment.append(f"{plot.px(i):.1f} {plot.py(v):.1f}")
        if segment:
            segments.append(segment)
        for seg in segments:
            if len(seg) > 1:
                out.append(f'<path d="M{"L".join(seg)}" fill="none" stroke="{colour}" stroke-width="{s.width}"'
                           f'{dash_attr} stroke-linejoin="round"/>')
        for i, v in enumerate(s.values[:plot.n]):
            if v is not None:
                out.append(_marker(marker, plot.px(i), plot.py(v), colour))
        last = next(((i, v) for i, v in reversed(list(enumerate(s.values[:plot.n]))) if v is not None), None)
        if last is not None:
            ends.append((plot.py(last[1]), index))
            end_text[index] = f"{s.label or s.name} {_fmt(last[1], unit)}"
    for index, y in _spread(ends, 16, plot.plot_top, plot.plot_bottom + 8).items():
        out.append(f'<text x="{plot.right + 10}" y="{y + 4:.1f}" fill="{styled[index][1]}" font-weight="bold">'
                   f'{escape(end_text[index])}</text>')
    return out


def _key(key_items: list[tuple[float, float, int]], styled: list[Styled]) -> list[str]:
    """The key: a sample of each line with its marker, and its name."""
    out = []
    for x, y, index in key_items:
        s, colour, dash, marker = styled[index]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<line x1="{x:.1f}" y1="{y - 4}" x2="{x + 36:.1f}" y2="{y - 4}" stroke="{colour}" '
                   f'stroke-width="{s.width}"{dash_attr}/>')
        out.append(_marker(marker, x + 18, y - 4, colour))
        out.append(f'<text x="{x + 44:.1f}" y="{y}" fill="#0b0c0c">{escape(s.name)}</text>')
    return out
