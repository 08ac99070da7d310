"""The pieces every dashboard drawing is made of: SVG elements, marks that carry their figure, the hatching, legends.

Everything is written with presentation attributes (no stylesheet, no script), so a drawing looks the same in the
page and as a file of its own. Text is :data:`FONT` units high (see :mod:`api.dashboard.drawing` for the sizes it is
shown at).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from markupsafe import escape

from api.dashboard.charts import Category, Chart, Figure, format_number

__all__ = [
    "CHAR",
    "FONT",
    "FONT_FAMILY",
    "HATCH",
    "HIGHLIGHT",
    "INK",
    "LINE",
    "MUTED",
    "WIDTHS",
    "Layout",
    "MarkWords",
    "bar_style",
    "described",
    "element",
    "hatch",
    "largest_published",
    "legend",
    "mark_of",
    "number",
    "text",
    "value_scale",
]

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


def attributes_of(attributes: Mapping[str, object]) -> str:
    return "".join(f' {name}="{escape(str(value))}"' for name, value in attributes.items() if value is not None)


def element(name: str, attributes: Mapping[str, object], *children: str) -> str:
    """The element ``name`` with its (escaped) attributes around ``children`` (markup already escaped)."""
    if not children:
        return f"<{name}{attributes_of(attributes)}/>"
    return f"<{name}{attributes_of(attributes)}>{''.join(children)}</{name}>"


def text(content: str, **attributes: object) -> str:
    """A ``<text>`` of ``content`` (escaped) in the drawing's size and ink."""
    return element("text", {"font-size": FONT, "fill": INK, **attributes}, str(escape(content)))


def described(figure: Figure, words: MarkWords) -> str:
    """A figure in words, for its tooltip: the number, or withheld and why, or a dash."""
    if figure.suppressed:
        return f"{words.suppressed} ({words.suppressed_note})"
    if figure.value is None:
        return "–"
    return number(figure.value, words.language)


def number(value: int | Decimal, language: str) -> str:
    """A figure as written on a drawing: whole numbers without decimals, others with up to two."""
    return format_number(value, language, 0 if isinstance(value, int) or value == value.to_integral() else 2)


def mark_of(chart: Chart, metric: str, category: Category, figure: Figure) -> dict[str, object]:
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


def value_scale(largest: float) -> tuple[float, float]:
    """A value axis of 2 to 5 steps of 1, 2 or 5 times a power of ten: (step, maximum)."""
    top = max(1.0, largest)
    rough = top / 4
    magnitude = 10 ** math.floor(math.log10(rough))
    step = max(1.0, next(f * magnitude for f in (1, 2, 5, 10) if f * magnitude >= rough))
    return step, step * math.ceil(top / step)


def largest_published(chart: Chart) -> float:
    """The largest published figure of ``chart`` (0 when there is none): the value axis reaches it."""
    values = [float(f.value) for f in chart.figures.values() if f.value is not None and not f.suppressed]
    return max([0.0, *values])


def hatch(pattern: str) -> str:
    """The hatching withheld figures are filled with, as the pattern ``pattern``."""
    return element(
        "defs",
        {},
        element(
            "pattern",
            {
                "id": pattern,
                "width": 6,
                "height": 6,
                "patternUnits": "userSpaceOnUse",
                "patternTransform": "rotate(45)",
            },
            element("rect", {"width": 6, "height": 6, "fill": "#ffffff"}),
            element("line", {"x1": 0, "y1": 0, "x2": 0, "y2": 6, "stroke": HATCH, "stroke-width": 2}),
        ),
    )


def bar_style(index: int, provisional: bool) -> dict[str, object]:
    """The fill of the ``index``-th series' bars; a provisional period's pale with a dashed outline."""
    colour = COLOURS[index % len(COLOURS)]
    if provisional:
        return {"fill": colour, "fill-opacity": 0.45, "stroke": colour, "stroke-dasharray": "4 2"}
    return {"fill": colour}


def legend(chart: Chart, words: MarkWords, pattern: str, width: int, top: float) -> tuple[str, float]:
    """The legend, wrapped to ``width``: (markup, height).

    Swatches for the series (when there are several), withheld figures and provisional periods (when there are any).
    """
    items: list[tuple[dict[str, object], str]] = []
    if len(chart.series) > 1:
        items += [(bar_style(index, False), series.label) for index, series in enumerate(chart.series)]
    if any(figure.suppressed for figure in chart.figures.values()):
        items.append(({"fill": f"url(#{pattern})", "stroke": HATCH, "stroke-dasharray": "3 2"}, words.suppressed))
    if any(category.provisional for category in chart.categories):
        items.append((bar_style(0, True), words.provisional))
    if not items:
        return "", 0.0
    parts: list[str] = []
    x, y = 0.0, top
    for style, label in items:
        item_width = 22 + len(label) * CHAR + 16
        if x and x + item_width > width:
            x, y = 0.0, y + FONT + 10
        parts.append(element("rect", {"x": x, "y": y, "width": 14, "height": 14, **style}))
        parts.append(text(label, x=x + 20, y=y + 12))
        x += item_width
    return element("g", {"class": "legend"}, *parts), y + FONT + 8 - top
