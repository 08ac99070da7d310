"""Reading the API's answers: each endpoint's JSON and tidy CSV as the same rows, and the rows as figures.

JSON and CSV are parsed separately into rows of text fields (as the CSV has them), so the two renderings can be
compared field by field before either becomes figures.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from tests.attacker.cells import CellKey, Figure, cell_key, clip, period_window

Row = dict[str, str]
"""One row of an answer, every field as CSV text ("" for null)."""


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def json_rows(endpoint: str, body: Any) -> list[Row]:
    """The rows of a JSON answer, with the fields its CSV has."""
    if endpoint == "stock-flow":
        items = body["rows"]
    elif endpoint in ("summary", "licensing"):
        items = body["cells"]
    else:
        items = body["points"]
    return [{name: _text(value) for name, value in item.items()} for item in items]


def csv_rows(text: str) -> list[Row]:
    return list(csv.DictReader(io.StringIO(text)))


_COMPARED: Mapping[str, tuple[str, ...]] = {
    "summary": ("metric", "group", "value", "suppressed"),
    "licensing": ("metric", "group", "value", "suppressed"),
    "timeseries": ("period", "period_start", "group", "value", "suppressed"),
    "cohorts": ("cohort", "years_after", "metric", "value", "suppressed"),
    "growth": ("year", "group", "metric", "value", "suppressed"),
    "stock-flow": (
        "period",
        "group",
        "opening",
        "births",
        "pivots_to_ai",
        "late_entries",
        "moved_in",
        "pivots_away",
        "exits",
        "moved_out",
        "closing",
    ),
}


def _number(text: str) -> Decimal | None:
    return None if text == "" else Decimal(text)


def disagreements(endpoint: str, from_json: list[Row], from_csv: list[Row]) -> list[str]:
    """Fields where the CSV says something else than the JSON (numbers compared as numbers)."""

    def normal(row: Row) -> tuple[object, ...]:
        values: list[object] = []
        for name in _COMPARED[endpoint]:
            text = row.get(name, "<missing>")
            try:
                values.append(_number(text) if name not in ("group", "period", "period_start", "metric") else text)
            except ArithmeticError:
                values.append(text)
        return tuple(values)

    json_set, csv_set = sorted(map(normal, from_json), key=str), sorted(map(normal, from_csv), key=str)
    if json_set == csv_set:
        return []
    only_json = [r for r in json_set if r not in csv_set]
    only_csv = [r for r in csv_set if r not in json_set]
    return [f"only in JSON: {only_json[:5]}", f"only in CSV: {only_csv[:5]}"]


def _value(row: Row) -> Decimal | str | None:
    """The published value, ``None`` when withheld, ``"undefined"`` for a published null (e.g. a share of 0)."""
    if row.get("suppressed") == "true":
        return None
    if row.get("value", "") == "":
        return "undefined"
    return Decimal(row["value"])


def _figure(key: CellKey, row: Row) -> tuple[CellKey, Decimal | None] | None:
    value = _value(row)
    if value == "undefined":
        return None
    return key, value if isinstance(value, Decimal) else None


_SUMMARY_AS: Mapping[str, Callable[[str | None, str | None], tuple[str, str | None, dict[str, str | None]]]] = {
    "active_companies_by_region": lambda group, area: ("active_companies", group, {}),
    "ai_native_companies_by_region": lambda group, area: ("companies_by_ai_class", group, {"ai_class": "ai_native"}),
    "active_licences": lambda group, area: ("active_licences", area, {"licence_type": group}),
}


def _summary_key(params: Mapping[str, str], row: Row) -> CellKey:
    day = date.fromisoformat(params["as_of"])
    metric, group = row["metric"], row["group"] or None
    by_class = (metric, params.get("region"), {"ai_class": group})
    measure, area, breakdown = _SUMMARY_AS[metric](group, params.get("region")) if metric in _SUMMARY_AS else by_class
    return cell_key(measure, day, day, area, **breakdown)


def _series_key(params: Mapping[str, str], row: Row) -> CellKey:
    window = clip(period_window(row["period"]), date.fromisoformat(params["from"]), date.fromisoformat(params["to"]))
    group, group_by, area = row["group"] or None, params.get("group_by"), params.get("region")
    if group_by == "region":
        return cell_key(params["metric"], *window, group or area)
    return cell_key(params["metric"], *window, area, **({group_by: group} if group_by else {}))


def _funnel_key(params: Mapping[str, str], row: Row) -> CellKey:
    start, end = date.fromisoformat(params["from"]), date.fromisoformat(params["to"])
    return cell_key(row["metric"], start, end, params.get("region"), licence_type=row["group"] or None)


def _cohort_key(params: Mapping[str, str], row: Row) -> CellKey:
    day = date.fromisoformat(params["as_of"])
    return cell_key(
        row["metric"], day, day, params.get("region"), cohort=row["cohort"], years_after=row["years_after"] or None
    )


def _growth_key(params: Mapping[str, str], row: Row) -> CellKey:
    day = date.fromisoformat(params["as_of"])
    return cell_key(row["metric"], day, day, params.get("region"), year=row["year"], ai_class=row["group"] or None)


_KEYS: Mapping[str, Callable[[Mapping[str, str], Row], CellKey]] = {
    "summary": _summary_key,
    "timeseries": _series_key,
    "licensing": _funnel_key,
    "cohorts": _cohort_key,
    "growth": _growth_key,
}


def figures_of(endpoint: str, params: Mapping[str, str], rows: list[Row], request: str) -> list[Figure]:
    """The figures of an answer's rows; ``params`` are the query it answered."""
    if endpoint == "stock-flow":
        return _stock_flow_figures(params, rows, request)
    found = (_figure(_KEYS[endpoint](params, row), row) for row in rows)
    return [Figure(key, value, request) for key, value in filter(None, found)]


def _stock_flow_figures(params: Mapping[str, str], rows: list[Row], request: str) -> list[Figure]:
    group_by = params.get("group_by", "none")
    found = []
    for row in rows:
        window = period_window(row["period"])
        group = row["group"] or None
        for name, text in row.items():
            if name in ("period", "group") or text == "":
                continue
            measure = f"ai_native_{name}"
            if group_by == "region":
                key = cell_key(measure, *window, group)
            else:
                key = cell_key(measure, *window, None, **({group_by: group} if group_by != "none" else {}))
            found.append(Figure(key, Decimal(text), request))
    return found
