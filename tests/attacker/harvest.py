"""The harvester: every answer the API gives an economist for an ecosystem, JSON and CSV, and every release.

It asks what a determined snooper would: each endpoint at each interval, over whole years, shifted years, single
quarters and months, for the country and each region, by every breakdown, on every day something changed and the
day before. A refused request (a 4xx problem) is recorded and is not an error; a 5xx is.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

import httpx

from tests.attacker.answers import csv_rows, disagreements, figures_of, json_rows
from tests.attacker.cells import Figure
from tests.attacker.release_answers import release_figures

METRICS = "/api/v1/metrics"
RELEASES = "/api/v1/statistics/releases"
FLOW_METRICS = (
    "applications_submitted",
    "decisions_approved",
    "decisions_rejected",
    "companies_registered",
    "licences_issued",
)
BREAKDOWNS = ("region", "legal_form", "activity", "activity_division", "licence_type")
INTERVALS = ("month", "quarter", "year")


@dataclass(frozen=True)
class HarvestPlan:
    """What to ask about."""

    regions: tuple[str, ...]
    """The regions asked about one by one (the small ones are what a snooper goes for)."""
    summaries: tuple[tuple[date, str | None], ...]
    """``(as_of, region)`` of the summary (``None``: the country, and the country by region)."""
    table_days: tuple[date, ...]
    """``as_of`` days of the cohorts and growth tables."""
    years: tuple[int, ...]
    release_periods: tuple[int, ...]
    tables_by_region: bool = True
    """Ask the cohorts and growth tables of each region too (they take a second each on the demo)."""
    all_breakdowns_in_regions: bool = True
    """Ask every breakdown within each region too (the small ecosystems); the demo asks them for the country."""
    csv_every: int = 1
    """Check the CSV of every n-th request (1: all)."""

    def windows(self) -> list[tuple[date, date]]:
        """The whole span (first), whole years, years shifted by one and by six months, a shifted quarter and a
        month of each year. (Single quarters and months are the cells of the span by quarter and by month.)"""
        first, last = min(self.years), max(self.years)
        found = [(date(first, 1, 1), date(last, 12, 31))]
        for year in self.years:
            found.append((date(year, 1, 1), date(year, 12, 31)))
            if year < last:
                found.append((date(year, 2, 1), date(year + 1, 1, 31)))
                found.append((date(year, 7, 1), date(year + 1, 6, 30)))
            found.extend(((date(year, 2, 15), date(year, 5, 14)), (date(year, 4, 1), date(year, 6, 30))))
        return found


@dataclass
class Harvest:
    """Everything served, and what went wrong while asking."""

    figures: list[Figure] = field(default_factory=list)
    source_classes: dict[str, str] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    reasons_shown: list[str] = field(default_factory=list)
    """Answers that tell an economist why a cell is withheld (the contract publishes the flag only)."""
    requests: int = 0
    seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    """Time spent answering, by endpoint."""

    def tables(self) -> dict[str, list[Figure]]:
        """Figures by the request (or release table) that served them together."""
        found: dict[str, list[Figure]] = defaultdict(list)
        for figure in self.figures:
            found[figure.request].append(figure)
        return found


def _live_requests(plan: HarvestPlan) -> Iterator[tuple[str, dict[str, str]]]:
    yield from _stock_requests(plan)
    yield from _flow_requests(plan)
    for window in plan.windows():
        for area in (None, *plan.regions):
            yield "licensing", _params(**{"from": window[0].isoformat(), "to": window[1].isoformat()}, region=area)
    for year in plan.years:
        for interval in ("year", "quarter"):
            for group_by in ("none", "region", "legal_form", "activity"):
                yield "stock-flow", {"year": str(year), "interval": interval, "group_by": group_by}


def _stock_requests(plan: HarvestPlan) -> Iterator[tuple[str, dict[str, str]]]:
    for day, area in plan.summaries:
        yield "summary", _params(as_of=day.isoformat(), region=area)
        if area is None:
            yield "summary", {"as_of": day.isoformat(), "group_by": "region"}
    years = {"first": min(plan.years), "last": max(plan.years)}
    for day in plan.table_days:
        for area in (None, *plan.regions) if plan.tables_by_region else (None,):
            yield "cohorts", _params(as_of=day.isoformat(), region=area, **years)
            yield "growth", _params(as_of=day.isoformat(), region=area, **years)


def _flow_requests(plan: HarvestPlan) -> Iterator[tuple[str, dict[str, str]]]:
    """The whole span at every interval and breakdown; the other windows by year, alone, by region, by type."""
    areas: list[str | None] = [None, *plan.regions]
    windows = plan.windows()
    for metric in FLOW_METRICS:
        for interval in INTERVALS:
            for group_by in (None, *BREAKDOWNS):
                in_regions = plan.all_breakdowns_in_regions or group_by is None
                for area in areas if in_regions and group_by != "region" else [None]:
                    yield "timeseries", _flow(metric, windows[0], interval, group_by, area)
        for window in windows[1:]:
            for group_by in (None, "region", "licence_type"):
                for area in areas if group_by != "region" else [None]:
                    yield "timeseries", _flow(metric, window, "year", group_by, area)


def _flow(
    metric: str, window: tuple[date, date], interval: str, group_by: str | None, area: str | None
) -> dict[str, str]:
    return _params(
        metric=metric,
        interval=interval,
        group_by=group_by,
        region=area,
        **{"from": window[0].isoformat(), "to": window[1].isoformat()},
    )


def _params(**values: object) -> dict[str, str]:
    return {name: str(value) for name, value in values.items() if value is not None}


async def harvest(
    client: httpx.AsyncClient, economist: dict[str, str], admin: dict[str, str], plan: HarvestPlan
) -> Harvest:
    """Ask everything in ``plan`` with the economist's headers; make and read the releases with the admin's."""
    found = Harvest()
    dictionary = await client.get(f"{METRICS}/dictionary", headers=economist)
    found.source_classes = {entry["name"]: entry["source_class"] for entry in dictionary.json()}
    for number, (endpoint, params) in enumerate(_live_requests(plan)):
        await _ask(client, economist, endpoint, params, found, with_csv=number % plan.csv_every == 0)
    for period in plan.release_periods:
        await _release(client, economist, admin, period, found)
    return found


async def _ask(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    endpoint: str,
    params: dict[str, str],
    found: Harvest,
    *,
    with_csv: bool,
) -> None:
    request = f"GET {METRICS}/{endpoint}?{urlencode(params)}"
    found.requests += 1
    started = time.monotonic()
    response = await client.get(f"{METRICS}/{endpoint}", params=params, headers=headers)
    found.seconds[endpoint] += time.monotonic() - started
    if 400 <= response.status_code < 500:
        code = response.json().get("code", "") if "json" in response.headers.get("content-type", "") else ""
        found.refused.append(f"{request} -> {response.status_code} {code}")
        return
    if response.status_code != 200:
        found.errors.append(f"{request} -> {response.status_code} {response.text[:200]}")
        return
    rows = json_rows(endpoint, response.json())
    reasons = sorted({row["reason"] for row in rows if row.get("reason")})
    if reasons:
        found.reasons_shown.append(f"{request} shows the reasons {reasons}")
    if with_csv:
        found.requests += 1
        as_csv = await client.get(f"{METRICS}/{endpoint}", params={**params, "format": "csv"}, headers=headers)
        if as_csv.status_code != 200:
            found.errors.append(f"{request}&format=csv -> {as_csv.status_code} while the JSON was served")
        else:
            differences = disagreements(endpoint, rows, csv_rows(as_csv.text))
            if differences:
                found.errors.append(f"{request}: CSV and JSON disagree: {differences}")
    found.figures.extend(figures_of(endpoint, params, rows, request))


async def _release(
    client: httpx.AsyncClient, economist: dict[str, str], admin: dict[str, str], period: int, found: Harvest
) -> None:
    made = await client.post(RELEASES, json={"period": period}, headers=admin)
    if made.status_code != 201:
        found.errors.append(f"POST {RELEASES} {{period: {period}}} -> {made.status_code} {made.text[:200]}")
        return
    release_id = made.json()["id"]
    request = f"GET {RELEASES}/{release_id}?format=json"
    found.requests += 1
    response = await client.get(f"{RELEASES}/{release_id}", params={"format": "json"}, headers=economist)
    if response.status_code != 200:
        found.errors.append(f"{request} -> {response.status_code} {response.text[:200]}")
        return
    observations = response.json()["observations"]
    flags = sorted({o["conf_status"] for o in observations} - {"F", "C"})
    if flags:
        found.reasons_shown.append(f"{request} uses the confidentiality flags {flags} (only C is published)")
    found.figures.extend(release_figures(observations, period=period, release=request))
