"""``/dashboard``: the ecosystem dashboard, a page of the site like the others.

The page is server-rendered: the filters are a GET form (they live in the address, so a view can be shared, is
restored on reload and the back button works), the charts are SVG drawn on the server from the same reports the
``/api/v1/metrics`` routes serve, and each chart can be downloaded as CSV (its figures and flags) or SVG (the drawn
chart). Anybody sees the newest release's facts; the charts are for the hub staff who may read the metrics API
(:data:`api.routes.metrics.STAFF`). The only script submits the form when a filter changes.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from litestar import Response, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, QueryParameter
from litestar.response import Template

from api.auth.access import anyone, only
from api.dashboard.charts import CHART_IDS, Chart, ChartId, chart_csv, format_number
from api.dashboard.drawing import Layout, MarkWords, draw_chart
from api.dashboard.figures import DashboardView, build_chart, resolve_view
from api.dashboard.texts import DASHBOARD_TEXTS
from api.dependencies import Rules, Session, Today
from api.routes.metrics import STAFF
from api.web.pages import PAGE_HEADERS, Page, PageContext, Translator, page_router, render
from licensing.releases import list_releases
from registry.reference.service import list_regions
from registry.statistics.disclosure import DisclosureSettings

__all__ = ["dashboard_router"]

ViewParam = Annotated[Literal["release", "live"] | None, QueryParameter(description="release or live")]
FromYear = Annotated[int | None, QueryParameter(name="from", ge=1900, le=2200)]
ToYear = Annotated[int | None, QueryParameter(name="to", ge=1900, le=2200)]
RegionParam = Annotated[str | None, QueryParameter(pattern=r"^(\d{9})?$", description="KATO region; empty: all")]
LayoutParam = Annotated[Literal["wide", "narrow"], QueryParameter(description="the drawing's layout")]
_DOWNLOAD = re.compile(r"^(?P<chart>[a-z]+)\.(?P<kind>csv|svg)$")


def _words(t: Translator) -> MarkWords:
    return MarkWords(
        language=t.language,
        suppressed=t("suppressed"),
        suppressed_note=t("suppressed_note"),
        provisional=t("provisional"),
        provisional_short=t("provisional_short"),
    )


def _shown(figure: Any, t: Translator) -> str:
    if figure is None or figure.empty:
        return "–"
    if figure.suppressed:
        return t("suppressed")
    return format_number(figure.value, t.language, 2)


def _table(chart: Chart, t: Translator) -> list[dict[str, Any]]:
    """The chart's figures as the rows of its data table."""
    rows = []
    for category in chart.categories:
        label = f"{category.label} ({t('provisional')})" if category.provisional else category.label
        cells = []
        for series in chart.series:
            figure = chart.figure(category.key, series.metric)
            cells.append({"text": _shown(figure, t), "suppressed": bool(figure and figure.suppressed)})
        rows.append({"label": label, "cells": cells})
    return rows


def _disclosure_note(rules: DisclosureSettings, t: Translator) -> str:
    share = format_number(rules.dominance_share * 100, t.language, 1)
    return t(
        "disclosure_note",
        k=rules.min_contributors,
        n=rules.dominance_contributors,
        share=share,
        quantile=rules.min_quantile_contributors,
    )


def _release_facts(view: DashboardView, t: Translator) -> dict[str, Any] | None:
    release = view.release
    if release is None:
        return None
    status = t("release_provisional" if release.provisional else "release_final")
    base = f"/api/v1/statistics/releases/{release.id}"
    return {
        "release": release,
        "info": t(
            "release_info",
            id=release.id,
            period=release.period,
            revision=release.revision,
            date=release.known_at.date().isoformat(),
            status=status,
        ),
        "links": [
            (t("release_csv"), f"{base}?format=csv"),
            (t("release_sdmx"), f"{base}?format=sdmx-csv"),
            (t("release_structure"), "/api/v1/statistics/structure"),
        ],
    }


def _download_links(chart: Chart, view: DashboardView, page: Page, t: Translator) -> list[dict[str, str]]:
    query = {**view.query(), "lang": page.language}
    links = [
        {
            "href": f"/dashboard/charts/{chart.id}.csv?{urlencode(query)}",
            "text": t("download_csv", chart=chart.title),
            "kind": "csv",
            "layout": "any",
        }
    ]
    for layout in ("wide", "narrow"):
        href = f"/dashboard/charts/{chart.id}.svg?{urlencode({**query, 'layout': layout})}"
        links.append({"href": href, "text": t("download_svg", chart=chart.title), "kind": "svg", "layout": layout})
    return links


@get("/", **anyone())
async def dashboard_page(
    page: PageContext,
    session: Session,
    today: Today,
    rules: Rules,
    view: ViewParam = None,
    start: FromYear = None,
    end: ToYear = None,
    region: RegionParam = None,
) -> Template:
    """The dashboard: the newest release's facts for everybody, the charts and their downloads for hub staff."""
    t = Translator(page.language, DASHBOARD_TEXTS)
    releases = await list_releases(session)
    chosen = resolve_view(releases, today, kind=view, first=start, last=end, region=region)
    staff = page.actor.role in STAFF
    charts: list[dict[str, Any]] = []
    regions = await list_regions(session) if staff else []
    if staff:
        words = _words(t)
        for chart_id in CHART_IDS:
            chart = await build_chart(session, chosen, chart_id, t, regions)
            charts.append(
                {
                    "chart": chart,
                    "wide": None if chart.empty_message else draw_chart(chart, words, "wide"),
                    "narrow": None if chart.empty_message else draw_chart(chart, words, "narrow"),
                    "table": _table(chart, t),
                    "downloads": _download_links(chart, chosen, page, t),
                }
            )
    return render(
        page,
        "dashboard/page.html",
        texts=DASHBOARD_TEXTS,
        view=chosen,
        staff=staff,
        charts=charts,
        regions=regions,
        release_facts=_release_facts(chosen, t),
        disclosure_note=_disclosure_note(rules, t),
        sign_in_href="/sign-in?" + urlencode({"next": "/dashboard?" + urlencode(chosen.query())}),
    )


@get("/charts/{name:str}", **only(*STAFF))
async def chart_download(
    page: PageContext,
    session: Session,
    today: Today,
    name: FromPath[str],
    view: ViewParam = None,
    start: FromYear = None,
    end: ToYear = None,
    region: RegionParam = None,
    layout: LayoutParam = "wide",
) -> Response[str]:
    """One chart of the view as a file: ``stock.csv`` (its figures and flags) or ``stock.svg`` (the drawing)."""
    matched = _DOWNLOAD.match(name)
    if matched is None or matched["chart"] not in CHART_IDS:
        raise NotFoundException(f"No dashboard chart {name!r}")
    chart_id: ChartId = matched["chart"]
    t = Translator(page.language, DASHBOARD_TEXTS)
    releases = await list_releases(session)
    chosen = resolve_view(releases, today, kind=view, first=start, last=end, region=region)
    chart = await build_chart(session, chosen, chart_id, t, await list_regions(session))
    stem = f"alemai-dashboard-{chart_id}-{chosen.kind}-{chosen.first}-{chosen.last}-{chosen.region or 'all'}"
    if matched["kind"] == "csv":
        content, media_type, filename = chart_csv(chart), "text/csv", f"{stem}.csv"
    else:
        drawing_layout: Layout = layout
        drawing = draw_chart(chart, _words(t), drawing_layout, standalone=True)
        content = '<?xml version="1.0" encoding="UTF-8"?>\n' + str(drawing) + "\n"
        media_type, filename = "image/svg+xml", f"{stem}-{layout}.svg"
    return Response(
        content=content,
        media_type=media_type,
        headers={**PAGE_HEADERS, "Content-Disposition": f'attachment; filename="{filename}"'},
    )


dashboard_router = page_router("/dashboard", [dashboard_page, chart_download])
