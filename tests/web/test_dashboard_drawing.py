"""The dashboard's chart model, CSV and SVG drawing as pure functions (no database, no browser)."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

import pytest

from api.dashboard.charts import Category, Chart, Figure, Series, chart_csv, format_number
from api.dashboard.drawing import MarkWords, draw_chart

WORDS = MarkWords(
    language="en",
    suppressed="suppressed",
    suppressed_note="withheld",
    provisional="provisional",
    provisional_short="prov.",
)


def _chart(shape: str = "columns") -> Chart:
    return Chart(
        id="flows",
        title="Flows",
        caption="Per year",
        category_header="Year",
        categories=[Category("2024", "2024"), Category("2025", "2025"), Category("2026", "2026", provisional=True)],
        series=[Series("born_ai_native", "Born"), Series("pivots_to_ai", "Pivots")],
        figures={
            ("2024", "born_ai_native"): Figure(12, False),
            ("2024", "pivots_to_ai"): Figure(None, True),
            ("2025", "born_ai_native"): Figure(0, False),
            ("2025", "pivots_to_ai"): Figure(None, False),
            ("2026", "born_ai_native"): Figure(3, False),
            ("2026", "pivots_to_ai"): Figure(1, False),
        },
        shape=shape,  # type: ignore[arg-type]
    )


def _rects(svg: str) -> list[str]:
    return re.findall(r"<rect [^>]*data-metric[^>]*>", svg)


@pytest.mark.parametrize(("shape", "layout"), [("columns", "wide"), ("columns", "narrow"), ("rows", "wide")])
def test_a_withheld_figure_is_hatched_never_a_bar_of_some_length(shape: str, layout: str) -> None:
    svg = str(draw_chart(_chart(shape), WORDS, layout))  # type: ignore[arg-type]
    withheld = [rect for rect in _rects(svg) if 'data-key="2024"' in rect and "pivots_to_ai" in rect]
    assert len(withheld) == 1
    assert 'data-suppressed="C"' in withheld[0]
    assert "data-value" not in withheld[0]
    assert 'fill="url(#flows-' in withheld[0]
    height = float(re.search(r' height="([\d.]+)"', withheld[0]).group(1))  # type: ignore[union-attr]
    assert height >= 10, "a withheld figure must not look like a zero"
    # The word beside it and the legend's swatch.
    assert svg.count(">suppressed</text>") == 2
    # A zero is a published figure: a mark with its value, not a hatched one.
    zero = [rect for rect in _rects(svg) if 'data-key="2025"' in rect and "born_ai_native" in rect]
    assert 'data-value="0"' in zero[0]
    # No figure at all: a dash, neither a bar nor hatching.
    assert re.search(r'<text [^>]*data-metric="pivots_to_ai" data-key="2025" data-empty="true"[^>]*>–</text>', svg)


def test_a_provisional_period_is_marked_on_its_bars_and_its_label() -> None:
    svg = str(draw_chart(_chart(), WORDS, "wide"))
    provisional = [rect for rect in _rects(svg) if 'data-key="2026"' in rect]
    assert len(provisional) == 2
    assert all('data-provisional="true"' in rect and 'stroke-dasharray="4 2"' in rect for rect in provisional)
    assert not any("data-provisional" in rect for rect in _rects(svg) if 'data-key="2024"' in rect)
    assert 'data-provisional-label="true"' in svg
    narrow = str(draw_chart(_chart(), WORDS, "narrow"))
    assert ">2026 · provisional</text>" in narrow


def test_the_csv_has_every_drawn_figure_with_its_flags() -> None:
    rows = list(csv.DictReader(io.StringIO(chart_csv(_chart()))))
    assert [(row["category"], row["metric"], row["value"], row["suppressed"], row["provisional"]) for row in rows] == [
        ("2024", "born_ai_native", "12", "false", "false"),
        ("2024", "pivots_to_ai", "", "true", "false"),
        ("2025", "born_ai_native", "0", "false", "false"),
        ("2025", "pivots_to_ai", "", "false", "false"),
        ("2026", "born_ai_native", "3", "false", "true"),
        ("2026", "pivots_to_ai", "1", "false", "true"),
    ]


def test_the_standalone_svg_is_a_file_of_its_own() -> None:
    svg = str(draw_chart(_chart(), WORDS, "narrow", standalone=True))
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert 'width="360"' in svg
    assert ">Flows</text>" in svg
    assert "<script" not in svg
    assert not re.search(r"\sstyle=", svg)


def test_labels_are_escaped() -> None:
    chart = _chart()
    chart.categories[0] = Category("2024", "<b>2024</b>")
    svg = str(draw_chart(chart, WORDS, "narrow"))
    assert "<b>" not in svg and "&lt;b&gt;2024&lt;/b&gt;" in svg


@pytest.mark.parametrize(
    ("value", "language", "digits", "written"),
    [
        (1234567, "en", 0, "1,234,567"),
        (1234567, "ru", 0, "1\u00a0234\u00a0567"),
        (Decimal("1234.50"), "kk", 1, "1\u00a0234,5"),
        (Decimal("0.6667"), "en", 2, "0.67"),
        (Decimal("12.00"), "en", 2, "12"),
    ],
)
def test_numbers_are_written_in_the_languages_way(
    value: int | Decimal, language: str, digits: int, written: str
) -> None:
    assert format_number(value, language, digits) == written
