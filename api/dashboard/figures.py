"""The dashboard's figures: which view the address asks for, and each chart built from the statistics reports.

Every figure comes from the report the ``/api/v1/metrics`` route serves (:mod:`licensing.reports`), called with
the same arguments the route would get, so the dashboard shows exactly the API's figures. Which periods are
provisional is the releases' rule (:func:`licensing.releases.declaration_deadline`, a release's ``provisional``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from api.dashboard.charts import Category, Chart, ChartId, Figure, Kpi, Series, format_number
from api.web.pages import Translator
from licensing.release_schemas import ReleaseSummary
from licensing.releases import declaration_deadline
from licensing.reports import licensing_report, series_report, summary_report
from licensing.working_days import DECISION_WORKING_DAYS
from registry.reference.schemas import RegionView
from registry.statistics.schemas import StatCell

__all__ = ["DEFAULT_YEARS", "FIRST_YEAR", "DashboardView", "ViewKind", "build_chart", "resolve_view"]

FIRST_YEAR = 2015
"""The first year the filters offer."""
DEFAULT_YEARS = 5
"""How many years a view opens on, up to its last one."""
ViewKind = Literal["release", "live"]
FLOWS = ("born_ai_native", "pivots_to_ai", "pivots_away")
STAGES = ("applications_submitted", "applications_decided", "applications_approved")
KPIS = ("days_to_decision_median", "days_to_decision_p90", "approval_rate", "decided_within_service_level")
REGIONAL = ("active_companies_by_region", "ai_native_companies_by_region")


@dataclass(frozen=True, slots=True)
class DashboardView:
    """What the address asks for, checked: the release or the live figures, the years and the region."""

    kind: ViewKind
    release: ReleaseSummary | None
    """The newest release (offered in either view)."""
    releases: list[ReleaseSummary]
    first: int
    last: int
    region: str | None
    today: date

    @property
    def known_at(self) -> datetime | None:
        """The moment the figures are known at: the release's, or now (``None``) for the live figures."""
        return self.release.known_at if self.kind == "release" and self.release else None

    @property
    def latest_year(self) -> int:
        """The last year the view can show: the release's period, or the server's current year."""
        return self.release.period if self.kind == "release" and self.release else self.today.year

    @property
    def year_options(self) -> list[int]:
        """The years the filters offer, newest first."""
        return list(range(self.latest_year, FIRST_YEAR - 1, -1))

    @property
    def years(self) -> list[int]:
        """The years shown."""
        return list(range(self.first, self.last + 1))

    def as_of(self, year: int) -> date:
        """The day a year's stock is counted on: its last day, or today for the live view's current year."""
        return self.today if self.kind == "live" and year == self.today.year else date(year, 12, 31)

    def provisional(self, year: int) -> bool:
        """Whether the figures of ``year`` may still change.

        The release says so of its period; another year is provisional while its declaration deadline has not
        passed at the moment the figures are known at.
        """
        if self.kind == "release" and self.release is not None:
            if year == self.release.period:
                return self.release.provisional
            return self.release.known_at.date() <= declaration_deadline(year)
        return self.today <= declaration_deadline(year)

    def query(self) -> dict[str, str]:
        """The view's filters as query parameters (for links to the same view)."""
        return {"view": self.kind, "from": str(self.first), "to": str(self.last), "region": self.region or ""}


def resolve_view(
    releases: list[ReleaseSummary],
    today: date,
    *,
    kind: ViewKind | None,
    first: int | None,
    last: int | None,
    region: str | None,
) -> DashboardView:
    """The view the address asks for: the newest release unless it says ``live``, five years to the newest."""
    release = releases[0] if releases else None
    chosen: ViewKind = kind or ("release" if release else "live")
    if release is None:
        chosen = "live"
    latest = release.period if chosen == "release" and release else today.year
    to_year = min(max(last if last is not None else latest, FIRST_YEAR), latest)
    from_year = min(max(first if first is not None else to_year - DEFAULT_YEARS + 1, FIRST_YEAR), latest)
    if from_year > to_year:
        from_year, to_year = to_year, from_year
    return DashboardView(
        kind=chosen,
        release=release,
        releases=releases,
        first=from_year,
        last=to_year,
        region=region or None,
        today=today,
    )


def _cell(cells: list[StatCell], metric: str, group: str | None = None) -> Figure | None:
    found = next((cell for cell in cells if cell.metric == metric and cell.group == group), None)
    return None if found is None else Figure.of(found)


def _year(view: DashboardView, year: int) -> Category:
    return Category(key=str(year), label=str(year), provisional=view.provisional(year))


def _provisional_notes(view: DashboardView, t: Translator, years: list[int]) -> list[str]:
    notes = []
    for year in years:
        if view.provisional(year):
            notes.append(t("provisional_note", years=str(year), deadline=declaration_deadline(year).isoformat()))
    return notes


async def _stock(session: AsyncSession, view: DashboardView, t: Translator) -> Chart:
    figures: dict[tuple[str, str], Figure] = {}
    for year in view.years:
        summary, _ = await summary_report(session, as_of=view.as_of(year), region=view.region, known_at=view.known_at)
        figure = _cell(summary.cells, "companies_by_ai_class", "ai_native")
        if figure is not None:
            figures[str(year), "companies_by_ai_class"] = figure
    caption = (
        t("stock_caption", today=view.today.isoformat(), year=str(view.today.year))
        if view.kind == "live"
        else t("stock_caption_release")
    )
    return Chart(
        id="stock",
        title=t("stock_title"),
        caption=caption,
        category_header=t("year"),
        categories=[_year(view, year) for year in view.years],
        series=[Series("companies_by_ai_class", t("companies_by_ai_class"))],
        figures=figures,
        shape="columns",
        notes=_provisional_notes(view, t, view.years),
    )


async def _flows(session: AsyncSession, view: DashboardView, t: Translator) -> Chart:
    figures: dict[tuple[str, str], Figure] = {}
    for metric in FLOWS:
        series, _ = await series_report(
            session,
            metric=metric,  # type: ignore[arg-type]
            interval="year",
            start=date(view.first, 1, 1),
            end=date(view.last, 12, 31),
            group_by=None,
            region=view.region,
            known_at=view.known_at,
        )
        for point in series.points:
            if point.group is None:
                figures[point.period, metric] = Figure.of(point)
    return Chart(
        id="flows",
        title=t("flows_title"),
        caption=t("flows_caption"),
        category_header=t("year"),
        categories=[_year(view, year) for year in view.years],
        series=[Series(metric, t(metric)) for metric in FLOWS],
        figures=figures,
        shape="columns",
        notes=_provisional_notes(view, t, view.years),
    )


def _kpi_text(metric: str, figure: Figure, t: Translator) -> str:
    if figure.suppressed:
        return t("suppressed")
    if figure.value is None:
        return "–"
    if metric.startswith("days_"):
        return t("days", value=format_number(figure.value, t.language, 1))
    return f"{format_number(Decimal(figure.value) * 100, t.language, 1)} %"


async def _funnel(session: AsyncSession, view: DashboardView, t: Translator) -> Chart:
    moment = view.known_at
    released = [r for r in view.releases if r.period <= view.last and (moment is None or r.known_at <= moment)]
    base = {
        "id": "funnel",
        "title": t("funnel_title"),
        "category_header": t("stage"),
        "series": [Series("value", t("value"))],
        "shape": "rows",
        "metric_per_category": True,
    }
    if not released:
        message = t("funnel_unreleased", year=str(view.last))
        return Chart(caption=message, categories=[], figures={}, empty_message=message, **base)  # type: ignore[arg-type]
    year = max(r.period for r in released)
    funnel, _ = await licensing_report(
        session, start=date(year, 1, 1), end=date(year, 12, 31), region=None, known_at=moment
    )
    figures: dict[tuple[str, str], Figure] = {}
    for stage in STAGES:
        figure = _cell(funnel.cells, stage)
        if figure is not None:
            figures[stage, "value"] = figure
    kpis = []
    for metric in KPIS:
        figure = _cell(funnel.cells, metric)
        if figure is not None:
            label = t(metric, days=DECISION_WORKING_DAYS) if metric == "decided_within_service_level" else t(metric)
            kpis.append(Kpi(metric=metric, label=label, figure=figure, shown=_kpi_text(metric, figure, t)))
    provisional = any(r.provisional for r in released if r.period == year and r.id in funnel.releases)
    return Chart(
        caption=t("funnel_caption", year=str(year), release=", ".join(str(r) for r in funnel.releases)),
        categories=[Category(key=stage, label=t(stage)) for stage in STAGES],
        figures=figures,
        kpis=kpis,
        notes=_provisional_notes(view, t, [year]) if provisional else [],
        **base,  # type: ignore[arg-type]
    )


def _region_name(region: RegionView | None, code: str, language: str) -> str:
    if region is None:
        return code
    return str(getattr(region, f"name_{language}", "") or region.name_en)


async def _regions(session: AsyncSession, view: DashboardView, t: Translator, regions: list[RegionView]) -> Chart:
    summary, _ = await summary_report(
        session, as_of=view.as_of(view.last), region=None, group_by="region", known_at=view.known_at
    )
    names = {region.kato: region for region in regions}
    groups = list(dict.fromkeys(cell.group for cell in summary.cells if cell.metric in REGIONAL and cell.group))
    figures = {
        (cell.group, cell.metric): Figure.of(cell)
        for cell in summary.cells
        if cell.metric in REGIONAL and cell.group is not None
    }
    return Chart(
        id="regions",
        title=t("regions_title"),
        caption=t("regions_caption", date=summary.as_of.isoformat()),
        category_header=t("region"),
        categories=[
            Category(key=group, label=_region_name(names.get(group), group, t.language), selected=group == view.region)
            for group in groups
        ],
        series=[Series(metric, t(metric)) for metric in REGIONAL],
        figures=figures,
        shape="rows",
        notes=_provisional_notes(view, t, [view.last]),
        empty_message=None if groups else t("no_figures"),
    )


async def build_chart(
    session: AsyncSession, view: DashboardView, chart: ChartId, t: Translator, regions: list[RegionView]
) -> Chart:
    """The chart ``chart`` of ``view``, its texts in ``t``'s language."""
    if chart == "stock":
        return await _stock(session, view, t)
    if chart == "flows":
        return await _flows(session, view, t)
    if chart == "funnel":
        return await _funnel(session, view, t)
    return await _regions(session, view, t, regions)
