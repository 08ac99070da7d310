"""The dashboard test's world: a committed ecosystem in Mangystau, the app on a real port, and Debian's Chromium.

The browser talks to a real HTTP server (uvicorn in a thread, with its own engine and event loop), so the data it
shows must be committed. It is built in Mangystau Region (470000000), where no other test registers companies,
straight into the tables (no events, which are append-only), and deleted again afterwards.

The ecosystem (declarations are filed on 1 March of the year after their fiscal year):

=============================  ==========  ========================================================================
companies                      registered  declarations (fiscal years) and pivot events
=============================  ==========  ========================================================================
born AI-native: 3, 4, 5, 6, 2  2021..2025  ai_native from the registration year to 2025; born_ai_native that year
pivot to AI: 3, 4, 5           2021        non_ai 2021 until the year before, ai_native from 2023 / 2024 / 2025
pivot away: 1, 3               2020        ai_native 2020 until the year before, non_ai from 2024 / 2025
non-AI: 2, 2, 2                2022..2024  non_ai from the registration year
AI-enabled: 2                  2023        ai_enabled 2023..2025
not declared yet: 3            2026        none
=============================  ==========  ========================================================================

Four other regions get a few companies for the regional chart (born AI-native or non-AI, registered 2022..2024):
Almaty 6 + 6, Astana 4 + 4, Karaganda 2 + 3 and Shymkent 0 + 2 (a region of two companies is suppressed). They
are deleted afterwards too; figures for the whole country include whatever else other tests committed.

Twelve licence applications of twelve of these companies, first submitted in 2025: six approved, three rejected,
three in review; decided after 8, 9, 10, 12, 14, 16, 20, 25 and 30 days, due 21 days after submission.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from litestar import Litestar
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from registry.accounts.passwords import hash_password
from tests.factories import PASSWORD, unique_bin

MANGYSTAU = "470000000"
SHYMKENT = "790000000"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
"""Debian's Chromium, headless, never reaching for the network on its own (this machine's network is closed)."""

HOW_TO_GET_CHROMIUM = (
    "The dashboard test drives Debian's Chromium. 'make test' installs it when /usr/bin/chromium is missing "
    "(apt-get install --no-install-recommends chromium); or point CHROMIUM at a Chromium binary."
)

# (registration year, number of companies, [(first fiscal year, class from then on)], pivot events [(kind, year)])
Cohort = tuple[int, int, list[tuple[int, str]], list[tuple[str, int]]]
# (region, registration year, AI-native companies, non-AI companies)
ELSEWHERE = [("750000000", 2022, 6, 6), ("710000000", 2023, 4, 4), ("350000000", 2024, 2, 3), (SHYMKENT, 2024, 0, 2)]
BORN_AI_NATIVE = [(2021, 3), (2022, 4), (2023, 5), (2024, 6), (2025, 2)]
PIVOTS_TO_AI = [(2023, 3), (2024, 4), (2025, 5)]
PIVOTS_AWAY = [(2024, 1), (2025, 3)]
COHORTS: list[Cohort] = [
    *((year, n, [(year, "ai_native")], [("born_ai_native", year)]) for year, n in BORN_AI_NATIVE),
    *((2021, n, [(2021, "non_ai"), (year, "ai_native")], [("pivot_to_ai", year)]) for year, n in PIVOTS_TO_AI),
    *(
        (2020, n, [(2020, "ai_native"), (year, "non_ai")], [("born_ai_native", 2020), ("pivot_away", year)])
        for year, n in PIVOTS_AWAY
    ),
    *((year, 2, [(year, "non_ai")], []) for year in (2022, 2023, 2024)),
    (2023, 2, [(2023, "ai_enabled")], []),
    (2026, 3, [], []),
]
LAST_FISCAL_YEAR = 2025

# (state, days to decision or None): first submitted on 2025-02-03 plus 3 weeks per application.
APPLICATIONS = [
    ("approved", 10),
    ("approved", 12),
    ("approved", 14),
    ("approved", 20),
    ("approved", 8),
    ("approved", 16),
    ("rejected", 25),
    ("rejected", 30),
    ("rejected", 9),
    ("in_review", None),
    ("in_review", None),
    ("in_review", None),
]


@dataclass
class CommittedEcosystem:
    """What was committed, to delete it again."""

    companies: list[uuid.UUID] = field(default_factory=list)
    accounts: dict[str, str] = field(default_factory=dict)
    """Role -> e-mail of the accounts made for the test (all with ``tests.factories.PASSWORD``)."""
    account_ids: list[uuid.UUID] = field(default_factory=list)


_INSERT_COMPANY = text(
    """
    INSERT INTO companies (id, bin, name_kk, name_ru, name_en, legal_form, region_kato, registration_date, status,
        search_key, ai_class)
    VALUES (:id, :bin, :name, :name, :name, 'llp', :region, :registered, 'active', :search_key, :ai_class)
    """
)
_INSERT_DECLARATION = text(
    """
    INSERT INTO declarations (id, company_id, fiscal_year, revenue_total, revenue_ai, fte_total, fte_ai,
        opex_total, opex_ai, owns_data_library, filed_at, rubric_version, ai_class, evaluation)
    VALUES (:id, :company, :year, 100000000, :revenue_ai, 10, :fte_ai, 40000000, 0, false, :filed_at, 1,
        :ai_class, '{}'::jsonb)
    """
)
_INSERT_PIVOT = text(
    """
    INSERT INTO pivot_events (id, company_id, series, kind, from_class, to_class, from_period, to_period,
        to_period_end, months_since_registration, rubric_version, detected_at)
    VALUES (gen_random_uuid(), :company, 'live', :kind, :from_class, :to_class, :from_period, :to_period,
        make_date(:year, 12, 31), 12, 1, now())
    """
)
_INSERT_APPLICATION = text(
    """
    INSERT INTO licence_applications (id, company_id, licence_type, declaration_id, state, submitted_at,
        first_submitted_at, decided_at, decision_due)
    VALUES (gen_random_uuid(), :company, 'ai_native', :declaration, :state, :submitted, :submitted, :decided, :due)
    """
)
_INSERT_ACCOUNT = text(
    """
    INSERT INTO accounts (id, email, password_hash, full_name, role)
    VALUES (:id, :email, :password_hash, :full_name, :role)
    """
)


def _classes(history: list[tuple[int, str]], registered: int) -> dict[int, str]:
    """Fiscal year -> class, from the classes each history entry starts with."""
    classes: dict[int, str] = {}
    for year in range(registered, LAST_FISCAL_YEAR + 1):
        classes[year] = next(ai_class for first, ai_class in reversed(history) if first <= year)
    return classes


async def build_committed_ecosystem(engine: AsyncEngine) -> CommittedEcosystem:
    """Commit the companies above, an economist and a founder; :func:`delete_committed_ecosystem` removes them."""
    built = CommittedEcosystem()
    async with engine.begin() as connection:
        others = await connection.scalar(
            text("SELECT count(*) FROM companies WHERE region_kato = :r"), {"r": MANGYSTAU}
        )
        assert others == 0, f"the dashboard test expects no other companies in Mangystau ({MANGYSTAU})"
        first_declarations: list[tuple[uuid.UUID, uuid.UUID]] = []
        cohorts = [(MANGYSTAU, *cohort) for cohort in COHORTS]
        for region, registered, native, other in ELSEWHERE:
            cohorts.append((region, registered, native, [(registered, "ai_native")], [("born_ai_native", registered)]))
            cohorts.append((region, registered, other, [(registered, "non_ai")], []))
        for cohort_index, (region, registered, count, history, pivots) in enumerate(cohorts):
            for member in range(count):
                company = uuid.uuid4()
                day = date(registered, 1 + (cohort_index + member) % 12, 10)
                classes = _classes(history, registered)
                await connection.execute(
                    _INSERT_COMPANY,
                    {
                        "id": company,
                        "bin": unique_bin(day.replace(day=1)),
                        "name": f"Dashboard test {cohort_index}-{member}",
                        "search_key": f"dashboard test {cohort_index} {member}",
                        "region": region,
                        "registered": day,
                        "ai_class": classes.get(LAST_FISCAL_YEAR),
                    },
                )
                built.companies.append(company)
                for year, ai_class in classes.items():
                    declaration = uuid.uuid4()
                    await connection.execute(
                        _INSERT_DECLARATION,
                        {
                            "id": declaration,
                            "company": company,
                            "year": year,
                            "revenue_ai": {"ai_native": 80_000_000, "ai_enabled": 20_000_000}.get(ai_class, 0),
                            "fte_ai": {"ai_native": 4, "ai_enabled": 1}.get(ai_class, 0),
                            "filed_at": datetime(year + 1, 3, 1, 9, tzinfo=UTC),
                            "ai_class": ai_class,
                        },
                    )
                    if year == registered:
                        first_declarations.append((company, declaration))
                for kind, year in pivots:
                    from_class = {"born_ai_native": None, "pivot_to_ai": "non_ai", "pivot_away": "ai_native"}[kind]
                    await connection.execute(
                        _INSERT_PIVOT,
                        {
                            "company": company,
                            "kind": kind,
                            "from_class": from_class,
                            "to_class": "non_ai" if kind == "pivot_away" else "ai_native",
                            "from_period": None if from_class is None else str(year - 1),
                            "to_period": str(year),
                            "year": year,
                        },
                    )
        for index, (state, days) in enumerate(APPLICATIONS):
            company, declaration = first_declarations[index]
            submitted = datetime(2025, 2, 3, 9, tzinfo=UTC) + timedelta(weeks=3 * index)
            await connection.execute(
                _INSERT_APPLICATION,
                {
                    "company": company,
                    "declaration": declaration,
                    "state": state,
                    "submitted": submitted,
                    "decided": None if days is None else submitted + timedelta(days=days),
                    "due": (submitted + timedelta(days=21)).date(),
                },
            )
        # The registry has known these companies' history since long before (a release looks at what it knew).
        await connection.execute(
            text("UPDATE company_history SET recorded_at = '2020-01-01' WHERE company_id = ANY(:ids)"),
            {"ids": built.companies},
        )
        password_hash = hash_password(PASSWORD)
        for role in ("economist", "founder", "admin"):
            account = uuid.uuid4()
            email = f"dashboard-{role}-{account.hex[:10]}@example.kz"
            await connection.execute(
                _INSERT_ACCOUNT,
                {
                    "id": account,
                    "email": email,
                    "password_hash": password_hash,
                    "full_name": f"Dashboard {role.title()}",
                    "role": role,
                },
            )
            built.accounts[role] = email
            built.account_ids.append(account)
    return built


async def delete_committed_releases(engine: AsyncEngine, release_ids: list[int]) -> None:
    """Remove releases a test made and what they were built from (both immutable: the guard triggers are lifted)."""
    ids = {"ids": release_ids}
    async with engine.begin() as connection:
        for table, key in (("statistics_release_inputs", "release_id"), ("statistics_releases", "id")):
            await connection.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
            await connection.execute(text(f"DELETE FROM {table} WHERE {key} = ANY(:ids)"), ids)  # noqa: S608
            await connection.execute(text(f"ALTER TABLE {table} ENABLE TRIGGER USER"))


async def delete_committed_ecosystem(engine: AsyncEngine, built: CommittedEcosystem) -> None:
    """Remove everything :func:`build_committed_ecosystem` committed."""
    async with engine.begin() as connection:
        ids = {"ids": built.companies}
        for table in ("licence_applications", "pivot_events", "declarations"):
            await connection.execute(text(f"DELETE FROM {table} WHERE company_id = ANY(:ids)"), ids)  # noqa: S608
        await connection.execute(text("DELETE FROM companies WHERE id = ANY(:ids)"), ids)
        await connection.execute(text("DELETE FROM accounts WHERE id = ANY(:ids)"), {"ids": built.account_ids})


@contextmanager
def live_server(app: Litestar) -> Iterator[str]:
    """Serve ``app`` with uvicorn on a free localhost port in a thread; yield its base URL."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", access_log=False, http="h11", ws="none", loop="asyncio")
    server = uvicorn.Server(config)
    failures: list[BaseException] = []

    def serve() -> None:
        try:
            server.run(sockets=[listener])
        except BaseException as error:  # reported by the waiting test below
            failures.append(error)

    thread = threading.Thread(target=serve, name="dashboard-server", daemon=True)
    thread.start()
    started = time.monotonic()
    while not server.started:
        waited = time.monotonic() - started
        if not thread.is_alive() or waited > 60:
            why = f"it ended ({failures[0]!r})" if failures else "it ended" if not thread.is_alive() else "no answer"
            pytest.fail(f"The test's HTTP server did not start: {why} after {waited:.1f} s", pytrace=False)
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        listener.close()


def chromium_path() -> Path:
    """Debian's Chromium (or ``CHROMIUM``); the test fails, never skips, without one."""
    given = os.environ.get("CHROMIUM")
    candidates = [given] if given else ["/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return Path(candidate)
    pytest.fail(f"Chromium not found ({given or '/usr/bin/chromium'}). {HOW_TO_GET_CHROMIUM}", pytrace=False)


# --- what the dashboard draws, and what the API says it should --------------------------------------------------

METRICS = "/api/v1/metrics"
Figures = dict[tuple[str, str, str], str]
"""(chart, metric, key) -> the API's value as text, ``suppressed:C`` or ``empty``."""
FUNNEL_SHOWN = (
    "applications_submitted",
    "applications_decided",
    "applications_approved",
    "days_to_decision_median",
    "days_to_decision_p90",
    "approval_rate",
    "decided_within_service_level",
)


async def drawn(page: Any, filters: str, *, layout: str = "wide") -> Figures:
    """The figures on the page once it shows ``filters`` (``from-to-region``), in the drawing of ``layout``.

    The marks of one layout's SVGs and the funnel's figures beside its chart (``dd``): each carries the API's value
    as sent (``data-value``), or says it is withheld or empty.
    """
    await page.locator(f'#dashboard[data-filters="{filters}"]').wait_for(timeout=30_000)
    marks: list[dict[str, str]] = await page.locator(
        f'svg[data-layout="{layout}"] [data-chart][data-metric], dd[data-chart][data-metric]'
    ).evaluate_all("elements => elements.map(element => ({...element.dataset}))")
    figures: Figures = {}
    for mark in marks:
        key = (mark["chart"], mark["metric"], "all" if mark["chart"] == "funnel" else mark["key"])
        assert key not in figures, f"drawn twice: {key}"
        if "suppressed" in mark:
            figures[key] = f"suppressed:{mark['suppressed']}"
        elif "empty" in mark:
            figures[key] = "empty"
        else:
            figures[key] = mark["value"]
    return figures


def _figure(cell: dict[str, Any]) -> str:
    if cell["suppressed"]:
        return "suppressed:C"
    return "empty" if cell["value"] is None else str(cell["value"])


def _known(known_at: str | None) -> dict[str, str]:
    return {"known_at": known_at} if known_at else {}


async def api_figures(
    client: httpx.AsyncClient, *, today: str, first: int, last: int, region: str | None, known_at: str | None = None
) -> Figures:
    """What the dashboard should draw for these filters (as known at ``known_at``), asked of the API directly."""
    scope: dict[str, str] = {"region": region} if region else {}
    scope |= _known(known_at)
    period = {"from": f"{first}-01-01", "to": f"{last}-12-31", **scope}
    current_year = int(today[:4])

    async def read(path: str, **params: str) -> Any:
        response = await client.get(f"{METRICS}{path}", params=params)
        assert response.status_code == 200, response.text
        return response.json()

    figures: Figures = {}
    for year in range(first, last + 1):
        as_of = today if year == current_year and not known_at else f"{year}-12-31"
        summary = await read("/summary", as_of=as_of, **scope)
        cell = next(c for c in summary["cells"] if (c["metric"], c["group"]) == ("companies_by_ai_class", "ai_native"))
        figures["stock", "companies_by_ai_class", str(year)] = _figure(cell)
    for metric in ("born_ai_native", "pivots_to_ai", "pivots_away"):
        series = await read("/timeseries", metric=metric, interval="year", **period)
        for point in series["points"]:
            assert point["group"] is None
            figures["flows", metric, point["period"]] = _figure(point)
    # The funnel (confidential) is the release's of the newest released fiscal year up to ``last``, national.
    releases = (await client.get("/api/v1/statistics/releases")).json()
    released = [r for r in releases if r["period"] <= last and (not known_at or r["known_at"] <= known_at)]
    if released:
        year = max(r["period"] for r in released)
        funnel = await read("/licensing", **{"from": f"{year}-01-01", "to": f"{year}-12-31"}, **_known(known_at))
        for cell in funnel["cells"]:
            if cell["metric"] in FUNNEL_SHOWN:
                figures["funnel", cell["metric"], "all"] = _figure(cell)
    # Companies by region: active and AI-native companies at the period's end, in the whole country.
    as_of = today if last == current_year and not known_at else f"{last}-12-31"
    for cell in (await read("/summary", as_of=as_of, group_by="region", **_known(known_at)))["cells"]:
        if cell["metric"] in {"active_companies_by_region", "ai_native_companies_by_region"}:
            figures["regions", cell["metric"], cell["group"]] = _figure(cell)
    return figures


@asynccontextmanager
async def signed_in_api(base_url: str, email: str) -> AsyncIterator[httpx.AsyncClient]:
    """An API client of the live server, signed in as ``email`` with a bearer token."""
    async with httpx.AsyncClient(base_url=base_url, timeout=120) as client:
        login = await client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
        assert login.status_code == 200, login.text
        client.headers["Authorization"] = f"Bearer {login.json()['access_token']}"
        yield client


async def make_release(base_url: str, admin_email: str, period: int) -> dict[str, Any]:
    """An official release of ``period`` made through the API by an admin (delete it with
    :func:`delete_committed_releases`)."""
    async with signed_in_api(base_url, admin_email) as admin:
        made = await admin.post("/api/v1/statistics/releases", json={"period": period})
    assert made.status_code == 201, made.text
    release: dict[str, Any] = made.json()
    return release
