"""A :class:`~api.dashboard.charts.Chart` drawn as SVG, in a wide layout (desktop) and a narrow one (phones).

The same markup goes into the page and into the chart's SVG download, so it carries its look in presentation
attributes (no stylesheet, no script). Every figure's mark carries ``data-chart``, ``data-metric``, ``data-key`` and
either ``data-value`` (the API's value as sent), ``data-suppressed`` (withheld) or ``data-empty``; a period whose
figures may still change carries ``data-provisional``. A withheld figure is drawn hatched and named, never as a bar
of some length, and the legend says what the hatching means.

Text is 14 units high: the wide layout (640 units) is shown at 520 px or more, the narrow one (360 units) at 320 px or
more, so no text is drawn smaller than about 11 px.
"""

from __future__ import annotations

import math

from markupsafe import Markup, escape

from api.dashboard.charts import Category, Chart
from api.dashboard.marks import (
    CHAR,
    FONT,
    FONT_FAMILY,
    HATCH,
    HIGHLIGHT,
    LINE,
    MUTED,
    WIDTHS,
    Layout,
    MarkWords,
    bar_style,
    described,
    element,
    hatch,
    largest_published,
    legend,
    mark_of,
    number,
    text,
    value_scale,
)

__all__ = ["Layout", "MarkWords", "draw_chart"]


def _suppressed_column(
    x: float, top: float, width: float, height: float, attrs: dict[str, object], pattern: str, words: MarkWords
) -> str:
    box = element(
        "rect",
        {
            **attrs,
            "x": x,
            "y": top,
            "width": width,
            "height": height,
            "fill": f"url(#{pattern})",
            "stroke": HATCH,
            "stroke-dasharray": "3 2",
        },
        element("title", {}, str(escape(words.suppressed))),
    )
    if width < FONT + 2:
        return box + text("×", x=x + width / 2, y=top + height - 4, **{"text-anchor": "middle"})
    cx, cy = x + width / 2, top + height / 2
    label = text(
        words.suppressed,
        x=cx,
        y=cy,
        fill=MUTED,
        **{
            "text-anchor": "middle",
            "dominant-baseline": "middle",
            "transform": f"rotate(-90 {cx:.1f} {cy:.1f})",
            "font-style": "italic",
        },
    )
    return box + label


def _columns(chart: Chart, words: MarkWords, pattern: str) -> tuple[str, float]:
    """Years as columns, one bar per series (the wide layout of the stock and the flows)."""
    width, height = WIDTHS["wide"], 300
    left, right, top, bottom = 56, 12, 28, 50
    plot_width, plot_height = width - left - right, height - top - bottom
    step, maximum = value_scale(largest_published(chart))
    parts: list[str] = []
    value = 0.0
    while value <= maximum:
        y = top + plot_height - value / maximum * plot_height
        parts.append(element("line", {"x1": left, "x2": width - right, "y1": y, "y2": y, "stroke": LINE}))
        parts.append(
            text(number(int(value), words.language), x=left - 6, y=y + 5, fill=MUTED, **{"text-anchor": "end"})
        )
        value += step
    band = plot_width / max(1, len(chart.categories))
    bar = min(46.0, band * 0.8 / max(1, len(chart.series)))
    for index, category in enumerate(chart.categories):
        start = left + index * band + (band - bar * len(chart.series)) / 2
        for position, series in enumerate(chart.series):
            figure = chart.figure(category.key, series.metric)
            if figure is None:
                continue
            x = start + position * bar + 1
            attrs = mark_of(chart, chart.metric_of(category, series), category, figure)
            tip = element("title", {}, str(escape(f"{category.label} · {series.label}: {described(figure, words)}")))
            if figure.suppressed:
                parts.append(_suppressed_column(x, top, bar - 2, plot_height, attrs, pattern, words))
            elif figure.value is None:
                parts.append(text("–", x=x + bar / 2, y=top + plot_height - 4, **attrs, **{"text-anchor": "middle"}))
            else:
                y = top + plot_height - float(figure.value) / maximum * plot_height
                style = bar_style(position, category.provisional)
                parts.append(
                    element(
                        "rect",
                        {**attrs, "x": x, "y": y, "width": bar - 2, "height": max(0.0, top + plot_height - y), **style},
                        tip,
                    )
                )
                if bar >= 22:
                    parts.append(
                        text(
                            number(figure.value, words.language),
                            x=x + bar / 2 - 1,
                            y=y - 5,
                            **{"text-anchor": "middle"},
                        )
                    )
        centre = left + index * band + band / 2
        parts.append(text(category.label, x=centre, y=height - 28, fill=MUTED, **{"text-anchor": "middle"}))
        if category.provisional:
            parts.append(
                text(
                    words.provisional_short,
                    x=centre,
                    y=height - 10,
                    fill=MUTED,
                    **{"text-anchor": "middle", "font-style": "italic", "data-provisional-label": "true"},
                )
            )
    key, key_height = legend(chart, words, pattern, width, height + 4)
    return "".join(parts) + key, height + 4 + key_height


def _wrapped(label: str, room: float) -> list[str]:
    """``label`` on one line, or two when it is too long for ``room``."""
    if len(label) * CHAR <= room or " " not in label:
        return [label]
    middle = len(label) // 2
    spaces = [index for index, char in enumerate(label) if char == " "]
    cut = min(spaces, key=lambda index: abs(index - middle))
    return [label[:cut], label[cut + 1 :]]


def _row_label(category: Category, words: MarkWords) -> str:
    return f"{category.label} · {words.provisional}" if category.provisional else category.label


def _rows(chart: Chart, words: MarkWords, pattern: str, layout: Layout) -> tuple[str, float]:
    """One row per category, one horizontal bar per series; labels beside the bars (wide) or above them (narrow)."""
    width = WIDTHS[layout]
    label_width = (250 if chart.id == "regions" else 190) if layout == "wide" else 0
    bar_height = 18 if len(chart.series) > 1 else 24
    plot_width = width - label_width - 64
    _, maximum = value_scale(largest_published(chart))
    parts: list[str] = []
    y = 4.0
    for category in chart.categories:
        lines = _wrapped(_row_label(category, words), (label_width - 10) if label_width else width)
        label_height = 0 if label_width else len(lines) * (FONT + 4) + 2
        bars_height = len(chart.series) * bar_height
        row_height = max(bars_height, len(lines) * (FONT + 4) if label_width else 0) + label_height + 10
        if category.selected:
            parts.append(
                element(
                    "rect",
                    {
                        "x": 0,
                        "y": y - 2,
                        "width": width,
                        "height": row_height,
                        "fill": HIGHLIGHT,
                        "data-selected-row": category.key,
                    },
                )
            )
        weight = "700" if category.selected else None
        for line_number, line in enumerate(lines):
            if label_width:
                first = y + row_height / 2 - (len(lines) - 1) * (FONT + 4) / 2 - 2
                parts.append(
                    text(
                        line,
                        x=label_width - 8,
                        y=first + line_number * (FONT + 4),
                        **{"text-anchor": "end", "dominant-baseline": "middle", "font-weight": weight},
                    )
                )
            else:
                parts.append(text(line, x=0, y=y + FONT + line_number * (FONT + 4), **{"font-weight": weight}))
        bars_top = y + label_height + (row_height - label_height - 10 - bars_height) / 2
        for position, series in enumerate(chart.series):
            figure = chart.figure(category.key, series.metric)
            if figure is None:
                continue
            top = bars_top + position * bar_height
            middle = top + bar_height / 2
            attrs = mark_of(chart, chart.metric_of(category, series), category, figure)
            name = f"{category.label} · {series.label}" if len(chart.series) > 1 else category.label
            tip = element("title", {}, str(escape(f"{name}: {described(figure, words)}")))
            if figure.suppressed:
                side = bar_height - 2
                parts.append(
                    element(
                        "rect",
                        {
                            **attrs,
                            "x": label_width,
                            "y": top + 1,
                            "width": side,
                            "height": side,
                            "fill": f"url(#{pattern})",
                            "stroke": HATCH,
                            "stroke-dasharray": "3 2",
                        },
                        tip,
                    )
                )
                parts.append(
                    text(
                        words.suppressed,
                        x=label_width + side + 6,
                        y=middle,
                        fill=MUTED,
                        **{"dominant-baseline": "middle", "font-style": "italic"},
                    )
                )
            elif figure.value is None:
                parts.append(text("–", x=label_width + 4, y=middle, **attrs, **{"dominant-baseline": "middle"}))
            else:
                length = float(figure.value) / maximum * plot_width
                style = bar_style(position, category.provisional)
                parts.append(
                    element(
                        "rect",
                        {
                            **attrs,
                            "x": label_width,
                            "y": top + 1,
                            "width": max(0.0, length),
                            "height": bar_height - 2,
                            **style,
                        },
                        tip,
                    )
                )
                parts.append(
                    text(
                        number(figure.value, words.language),
                        x=label_width + length + 6,
                        y=middle,
                        **{"dominant-baseline": "middle"},
                    )
                )
        y += row_height
    key, key_height = legend(chart, words, pattern, width, y + 8)
    return "".join(parts) + key, y + 8 + key_height


def draw_chart(chart: Chart, words: MarkWords, layout: Layout, *, standalone: bool = False) -> Markup:
    """``chart`` as an SVG element in ``layout``; ``standalone``: a file of its own, its title written on it."""
    pattern = f"{chart.id}-{layout}-hatch"
    if chart.shape == "columns" and layout == "wide":
        body, height = _columns(chart, words, pattern)
    else:
        body, height = _rows(chart, words, pattern, layout)
    width = WIDTHS[layout]
    heading = ""
    if standalone:
        lines = _caption_lines(chart, width)
        heading = text(chart.title, x=0, y=FONT + 4, **{"font-weight": "700", "font-size": FONT + 2})
        heading += "".join(text(line, x=0, y=FONT + 28 + n * (FONT + 4), fill=MUTED) for n, line in enumerate(lines))
        offset = FONT + 32 + len(lines) * (FONT + 4)
        body = element("g", {"transform": f"translate(0 {offset})"}, body)
        height += offset
    title_id, desc_id = f"{chart.id}-{layout}-title", f"{chart.id}-{layout}-desc"
    root = {
        "xmlns": "http://www.w3.org/2000/svg" if standalone else None,
        "viewBox": f"0 0 {width} {math.ceil(height)}",
        "width": width if standalone else None,
        "height": math.ceil(height) if standalone else None,
        "role": "img",
        "aria-labelledby": f"{title_id} {desc_id}",
        "font-family": FONT_FAMILY,
        "data-chart": chart.id,
        "data-layout": layout,
        "class": f"chart-svg chart-{layout}",
    }
    inner = (
        element("title", {"id": title_id}, str(escape(chart.title)))
        + element("desc", {"id": desc_id}, str(escape(chart.caption)))
        + hatch(pattern)
        + heading
        + body
    )
    return Markup(element("svg", root, inner))  # noqa: S704 - every text and attribute above is escaped


def _caption_lines(chart: Chart, width: int) -> list[str]:
    words = chart.caption.split()
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if len(candidate) * CHAR > width and current:
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current] if current else lines
