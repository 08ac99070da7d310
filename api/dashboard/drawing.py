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
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from markupsafe import Markup, escape

from api.dashboard.charts import Category, Chart, Figure, format_number

__all__ = ["Layout", "MarkWords", "draw_chart"]

Layout = Literal["wide", "narrow"]
WIDTHS: dict[Layout, int] = {"wide": 640, "narrow": 360}
FONT = 14
CHAR = 0.58 * FONT
"""A rough width of one character, to keep labels apart."""
INK = "#1b1f24"
MUTED = "#4a5460"
LINE = "#c9d1d9"
COLOURS = ("#0f6e8c", "#b35900", "#7b3f99")
HATCH = "#6b7785"
HIGHLIGHT = "#fdf0e6"
FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif'


@dataclass(frozen=True, slots=True)
class MarkWords:
    """The words the drawing writes itself, in the page's language."""

    language: str
    suppressed: str
    suppressed_note: str
    provisional: str
    provisional_short: str


def _attributes(attributes: Mapping[str, object]) -> str:
    return "".join(f' {name}="{escape(str(value))}"' for name, value in attributes.items() if value is not None)


def _el(name: str, attributes: Mapping[str, object], *children: str) -> str:
    if not children:
        return f"<{name}{_attributes(attributes)}/>"
    return f"<{name}{_attributes(attributes)}>{''.join(children)}</{name}>"


def _text(content: str, **attributes: object) -> str:
    return _el("text", {"font-size": FONT, "fill": INK, **attributes}, str(escape(content)))


def _value(figure: Figure, words: MarkWords) -> str:
    if figure.suppressed:
        return f"{words.suppressed} ({words.suppressed_note})"
    if figure.value is None:
        return "–"
    return _number(figure.value, words.language)


def _number(value: int | Decimal, language: str) -> str:
    return format_number(value, language, 0 if isinstance(value, int) or value == value.to_integral() else 2)


def _mark(chart: Chart, metric: str, category: Category, figure: Figure) -> dict[str, object]:
    """What a mark says about the figure it draws (tests and curious economists read these)."""
    marks: dict[str, object] = {"data-chart": chart.id, "data-metric": metric, "data-key": category.key}
    if figure.suppressed:
        marks["data-suppressed"] = "C"
    elif figure.value is None:
        marks["data-empty"] = "true"
    else:
        marks["data-value"] = str(figure.value)
    if category.provisional:
        marks["data-provisional"] = "true"
    return marks


def _scale(largest: float) -> tuple[float, float]:
    """A value axis of 2 to 5 steps of 1, 2 or 5 times a power of ten: (step, maximum)."""
    top = max(1.0, largest)
    rough = top / 4
    magnitude = 10 ** math.floor(math.log10(rough))
    step = max(1.0, next(f * magnitude for f in (1, 2, 5, 10) if f * magnitude >= rough))
    return step, step * math.ceil(top / step)


def _published(chart: Chart) -> float:
    values = [float(f.value) for f in chart.figures.values() if f.value is not None and not f.suppressed]
    return max([0.0, *values])


def _hatch(pattern: str) -> str:
    return _el(
        "defs",
        {},
        _el(
            "pattern",
            {
                "id": pattern,
                "width": 6,
                "height": 6,
                "patternUnits": "userSpaceOnUse",
                "patternTransform": "rotate(45)",
            },
            _el("rect", {"width": 6, "height": 6, "fill": "#ffffff"}),
            _el("line", {"x1": 0, "y1": 0, "x2": 0, "y2": 6, "stroke": HATCH, "stroke-width": 2}),
        ),
    )


def _bar_style(index: int, provisional: bool) -> dict[str, object]:
    colour = COLOURS[index % len(COLOURS)]
    if provisional:
        return {"fill": colour, "fill-opacity": 0.45, "stroke": colour, "stroke-dasharray": "4 2"}
    return {"fill": colour}


def _legend(chart: Chart, words: MarkWords, pattern: str, width: int, top: float) -> tuple[str, float]:
    """The legend, wrapped to ``width``: (markup, height).

    Swatches for the series (when there are several), withheld figures and provisional periods (when there are any).
    """
    items: list[tuple[dict[str, object], str]] = []
    if len(chart.series) > 1:
        items += [(_bar_style(index, False), series.label) for index, series in enumerate(chart.series)]
    if any(figure.suppressed for figure in chart.figures.values()):
        items.append(({"fill": f"url(#{pattern})", "stroke": HATCH, "stroke-dasharray": "3 2"}, words.suppressed))
    if any(category.provisional for category in chart.categories):
        items.append((_bar_style(0, True), words.provisional))
    if not items:
        return "", 0.0
    parts: list[str] = []
    x, y = 0.0, top
    for style, label in items:
        item_width = 22 + len(label) * CHAR + 16
        if x and x + item_width > width:
            x, y = 0.0, y + FONT + 10
        parts.append(_el("rect", {"x": x, "y": y, "width": 14, "height": 14, **style}))
        parts.append(_text(label, x=x + 20, y=y + 12))
        x += item_width
    return _el("g", {"class": "legend"}, *parts), y + FONT + 8 - top


def _suppressed_column(
    x: float, top: float, width: float, height: float, attrs: dict[str, object], pattern: str, words: MarkWords
) -> str:
    box = _el(
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
        _el("title", {}, str(escape(words.suppressed))),
    )
    if width < FONT + 2:
        return box + _text("×", x=x + width / 2, y=top + height - 4, **{"text-anchor": "middle"})
    cx, cy = x + width / 2, top + height / 2
    label = _text(
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
    step, maximum = _scale(_published(chart))
    parts: list[str] = []
    value = 0.0
    while value <= maximum:
        y = top + plot_height - value / maximum * plot_height
        parts.append(_el("line", {"x1": left, "x2": width - right, "y1": y, "y2": y, "stroke": LINE}))
        parts.append(
            _text(_number(int(value), words.language), x=left - 6, y=y + 5, fill=MUTED, **{"text-anchor": "end"})
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
            attrs = _mark(chart, chart.metric_of(category, series), category, figure)
            tip = _el("title", {}, str(escape(f"{category.label} · {series.label}: {_value(figure, words)}")))
            if figure.suppressed:
                parts.append(_suppressed_column(x, top, bar - 2, plot_height, attrs, pattern, words))
            elif figure.value is None:
                parts.append(_text("–", x=x + bar / 2, y=top + plot_height - 4, **attrs, **{"text-anchor": "middle"}))
            else:
                y = top + plot_height - float(figure.value) / maximum * plot_height
                style = _bar_style(position, category.provisional)
                parts.append(
                    _el(
                        "rect",
                        {**attrs, "x": x, "y": y, "width": bar - 2, "height": max(0.0, top + plot_height - y), **style},
                        tip,
                    )
                )
                if bar >= 22:
                    parts.append(
                        _text(
                            _number(figure.value, words.language),
                            x=x + bar / 2 - 1,
                            y=y - 5,
                            **{"text-anchor": "middle"},
                        )
                    )
        centre = left + index * band + band / 2
        parts.append(_text(category.label, x=centre, y=height - 28, fill=MUTED, **{"text-anchor": "middle"}))
        if category.provisional:
            parts.append(
                _text(
                    words.provisional_short,
                    x=centre,
                    y=height - 10,
                    fill=MUTED,
                    **{"text-anchor": "middle", "font-style": "italic", "data-provisional-label": "true"},
                )
            )
    legend, legend_height = _legend(chart, words, pattern, width, height + 4)
    return "".join(parts) + legend, height + 4 + legend_height


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
    _, maximum = _scale(_published(chart))
    parts: list[str] = []
    y = 4.0
    for category in chart.categories:
        lines = _wrapped(_row_label(category, words), (label_width - 10) if label_width else width)
        label_height = 0 if label_width else len(lines) * (FONT + 4) + 2
        bars_height = len(chart.series) * bar_height
        row_height = max(bars_height, len(lines) * (FONT + 4) if label_width else 0) + label_height + 10
        if category.selected:
            parts.append(
                _el(
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
        for number, line in enumerate(lines):
            if label_width:
                first = y + row_height / 2 - (len(lines) - 1) * (FONT + 4) / 2 - 2
                parts.append(
                    _text(
                        line,
                        x=label_width - 8,
                        y=first + number * (FONT + 4),
                        **{"text-anchor": "end", "dominant-baseline": "middle", "font-weight": weight},
                    )
                )
            else:
                parts.append(_text(line, x=0, y=y + FONT + number * (FONT + 4), **{"font-weight": weight}))
        bars_top = y + label_height + (row_height - label_height - 10 - bars_height) / 2
        for position, series in enumerate(chart.series):
            figure = chart.figure(category.key, series.metric)
            if figure is None:
                continue
            top = bars_top + position * bar_height
            middle = top + bar_height / 2
            attrs = _mark(chart, chart.metric_of(category, series), category, figure)
            name = f"{category.label} · {series.label}" if len(chart.series) > 1 else category.label
            tip = _el("title", {}, str(escape(f"{name}: {_value(figure, words)}")))
            if figure.suppressed:
                side = bar_height - 2
                parts.append(
                    _el(
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
                    _text(
                        words.suppressed,
                        x=label_width + side + 6,
                        y=middle,
                        fill=MUTED,
                        **{"dominant-baseline": "middle", "font-style": "italic"},
                    )
                )
            elif figure.value is None:
                parts.append(_text("–", x=label_width + 4, y=middle, **attrs, **{"dominant-baseline": "middle"}))
            else:
                length = float(figure.value) / maximum * plot_width
                style = _bar_style(position, category.provisional)
                parts.append(
                    _el(
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
                    _text(
                        _number(figure.value, words.language),
                        x=label_width + length + 6,
                        y=middle,
                        **{"dominant-baseline": "middle"},
                    )
                )
        y += row_height
    legend, legend_height = _legend(chart, words, pattern, width, y + 8)
    return "".join(parts) + legend, y + 8 + legend_height


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
        heading = _text(chart.title, x=0, y=FONT + 4, **{"font-weight": "700", "font-size": FONT + 2})
        heading += "".join(_text(line, x=0, y=FONT + 28 + n * (FONT + 4), fill=MUTED) for n, line in enumerate(lines))
        offset = FONT + 32 + len(lines) * (FONT + 4)
        body = _el("g", {"transform": f"translate(0 {offset})"}, body)
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
        _el("title", {"id": title_id}, str(escape(chart.title)))
        + _el("desc", {"id": desc_id}, str(escape(chart.caption)))
        + _hatch(pattern)
        + heading
        + body
    )
    return Markup(_el("svg", root, inner))  # noqa: S704 - every text and attribute above is escaped


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
