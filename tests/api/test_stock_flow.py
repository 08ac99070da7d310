"""The stock-flow account over HTTP, on a hand-built ecosystem with worked answers, and the register's two times.

Ulytau Region (620000000), fiscal year 2025 (declarations: N ai_native, E ai_enabled, X non_ai; filed 1 March of
the next year):

====  ==========  ==================================  =============================================================
co.   registered  declarations                        what happens in 2025
====  ==========  ==================================  =============================================================
A     2021-01-10  2024 N, 2025 N                      stays
B     2021-02-10  2024 X, 2025 N                      pivot to AI (Q4)
C     2021-03-10  2024 N, 2025 E                      pivot away (Q4)
D     2025-04-10  2025 N                              birth (Q4: first declared then)
E     2023-05-10  2025 N                              late entry (never declared for 2023 or 2024)
F     2021-06-10  2023 N                              exit (declared for neither 2024 nor 2025; Q1, when 2023's
                                                      class stops carrying)
G     2021-07-10  2024 N, 2025 N                      exit: suspended from 2025-06-01 (Q2), recorded later
H     2021-08-10  2024 N, 2025 N                      moves to Almaty (750000000) from 2025-09-01 (Q3)
I     2021-09-10  2024 Q4 N, 2025 Q2 N                stays (quarterly declarations only)
====  ==========  ==================================  =============================================================
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from litestar import Litestar
from sqlalchemy.ext.asyncio import AsyncConnection

from api.database import Database
from api.settings import Settings
from registry.statistics.stock_flow import ACCOUNT_FLOWS
from tests.apps import app_for
from tests.clocks import Clock
from tests.factories import SignedIn, account, register_company, unique_bin
from tests.growth_support import store_declarations
from tests.metrics_support import ULYTAU

ALMATY = "750000000"
STOCK_FLOW = "/api/v1/metrics/stock-flow"
ECOSYSTEM = {
    "A": ("2021-01-10", "2024 N 5/50; 2025 N 5/50"),
    "B": ("2021-02-10", "2024 X 5/50; 2025 N 5/50"),
    "C": ("2021-03-10", "2024 N 5/50; 2025 E 5/50"),
    "D": ("2025-04-10", "2025 N 5/50"),
    "E": ("2023-05-10", "2025 N 5/50"),
    "F": ("2021-06-10", "2023 N 5/50"),
    "G": ("2021-07-10", "2024 N 5/50; 2025 N 5/50"),
    "H": ("2021-08-10", "2024 N 5/50; 2025 N 5/50"),
    "I": ("2021-09-10", "2024 Q4 N 5/50; 2025 Q2 N 5/50"),
}
ENTRIES = ("births", "pivots_to_ai", "late_entries", "moved_in")


@pytest.fixture
def app(settings: Settings, database: Database) -> Iterator[Litestar]:
    with app_for(settings, database=database, clock=Clock()) as app:
        yield app


Figures = dict[tuple[str, str | None], dict[str, int]]
VARIANTS = [
    (group_by, interval)
    for group_by in ("none", "region", "legal_form", "activity")
    for interval in ("year", "quarter")
]


class Ecosystem:
    """The companies, and the account as it was before them (the test database may hold other committed data)."""

    def __init__(
        self,
        ids: dict[str, str],
        before_changes: datetime,
        economist: SignedIn,
        baseline: dict[tuple[str, str], Figures],
    ) -> None:
        self.ids = ids
        self.before_changes = before_changes
        self.economist = economist
        self.baseline = baseline


async def _patch(client: httpx.AsyncClient, who: SignedIn, company_id: str, body: dict[str, Any]) -> httpx.Response:
    current = await client.get(f"/api/v1/companies/{company_id}", headers=who.headers)
    return await client.patch(
        f"/api/v1/companies/{company_id}", json=body, headers={**who.headers, "If-Match": current.headers["ETag"]}
    )


@pytest.fixture
async def ecosystem(client: httpx.AsyncClient, database: Database, connection: AsyncConnection) -> Ecosystem:
    founder = await account(client, database)
    admin = await account(client, database, "admin")
    economist = await account(client, database, "economist")
    baseline = {
        (group_by, interval): _figures(await _account(client, economist, group_by=group_by, interval=interval))
        for group_by, interval in VARIANTS
    }
    ids = {}
    for name, (registered, spec) in ECOSYSTEM.items():
        day = date.fromisoformat(registered)
        company = await register_company(
            client, founder, bin=unique_bin(day.replace(day=1)), registration_date=registered, region=ULYTAU
        )
        ids[name] = company["id"]
        await store_declarations(connection, company["id"], spec)
    before_changes = datetime.now(UTC)
    suspended = await _patch(client, admin, ids["G"], {"status": "suspended", "effective_on": "2025-06-01"})
    assert suspended.status_code == 200, suspended.text
    moved = await _patch(client, founder, ids["H"], {"region": ALMATY, "effective_on": "2025-09-01"})
    assert moved.status_code == 200, moved.text
    return Ecosystem(ids, before_changes, economist, baseline)


async def _account(client: httpx.AsyncClient, who: SignedIn, **params: Any) -> list[dict[str, Any]]:
    response = await client.get(STOCK_FLOW, params={"year": 2025, **params}, headers=who.headers)
    assert response.status_code == 200, response.text
    rows: list[dict[str, Any]] = response.json()["rows"]
    return rows


def _flows(row: dict[str, Any]) -> dict[str, int]:
    return {name: row[name] for name in ("opening", *ACCOUNT_FLOWS, "closing")}


def _figures(rows: list[dict[str, Any]]) -> Figures:
    return {(row["period"], row["group"]): _flows(row) for row in rows}


async def _added(
    client: httpx.AsyncClient, ecosystem: Ecosystem, group_by: str = "none", interval: str = "year", **params: Any
) -> tuple[Figures, list[dict[str, Any]]]:
    """The account's figures minus those before the ecosystem was built, and the rows themselves."""
    rows = await _account(client, ecosystem.economist, group_by=group_by, interval=interval, **params)
    before = ecosystem.baseline[(group_by, interval)]
    added = {}
    for key, figures in _figures(rows).items():
        base = before.get(key, {})
        added[key] = {name: value - base.get(name, 0) for name, value in figures.items()}
    return added, rows


def _identity_holds(rows: list[dict[str, Any]]) -> Iterator[bool]:
    for row in rows:
        entries = sum(row[name] for name in ENTRIES)
        leaving = sum(row[name] for name in ACCOUNT_FLOWS if name not in ENTRIES)
        yield row["closing"] == row["opening"] + entries - leaving


def _row(opening: int, closing: int, **flows: int) -> dict[str, int]:
    return {"opening": opening, **{name: flows.get(name, 0) for name in ACCOUNT_FLOWS}, "closing": closing}


async def test_the_yearly_account_explains_every_change_of_the_stock(
    client: httpx.AsyncClient, ecosystem: Ecosystem
) -> None:
    added, rows = await _added(client, ecosystem, group_by="region")
    assert added["2025", ULYTAU] == _row(
        6, 5, births=1, pivots_to_ai=1, late_entries=1, pivots_away=1, exits=2, moved_out=1
    )
    assert added["2025", ALMATY] == _row(0, 1, moved_in=1)
    assert all(_identity_holds(rows))
    national, rows = await _added(client, ecosystem)
    assert national["2025", None] == _row(6, 6, births=1, pivots_to_ai=1, late_entries=1, pivots_away=1, exits=2)
    assert all(_identity_holds(rows))


async def test_the_quarterly_account_dates_each_flow_in_its_quarter(
    client: httpx.AsyncClient, ecosystem: Ecosystem
) -> None:
    added, rows = await _added(client, ecosystem, group_by="region", interval="quarter")
    assert added["2025-Q1", ULYTAU] == _row(6, 5, exits=1)
    assert added["2025-Q2", ULYTAU] == _row(5, 4, exits=1)
    assert added["2025-Q3", ULYTAU] == _row(4, 3, moved_out=1)
    assert added["2025-Q3", ALMATY] == _row(0, 1, moved_in=1)
    assert added["2025-Q4", ULYTAU] == _row(3, 5, births=1, pivots_to_ai=1, late_entries=1, pivots_away=1)
    assert all(_identity_holds(rows))


async def test_every_breakdown_obeys_the_identity(client: httpx.AsyncClient, ecosystem: Ecosystem) -> None:
    for group_by, interval in VARIANTS:
        _, rows = await _added(client, ecosystem, group_by=group_by, interval=interval)
        assert rows and all(_identity_holds(rows))
    activity, _ = await _added(client, ecosystem, group_by="activity")
    assert activity["2025", "J"] == _row(6, 6, births=1, pivots_to_ai=1, late_entries=1, pivots_away=1, exits=2)
    legal_form, _ = await _added(client, ecosystem, group_by="legal_form")
    assert legal_form["2025", "llp"] == activity["2025", "J"]


async def test_known_at_gives_what_the_registry_knew_then(client: httpx.AsyncClient, ecosystem: Ecosystem) -> None:
    then = ecosystem.before_changes.isoformat()
    added, _ = await _added(client, ecosystem, group_by="region", known_at=then)
    # Before the suspension and the move were recorded, G and H were still AI-native in Ulytau at the year's end.
    assert added["2025", ULYTAU] == _row(6, 7, births=1, pivots_to_ai=1, late_entries=1, pivots_away=1, exits=1)
    assert added.get(("2025", ALMATY), _row(0, 0)) == _row(0, 0)
    csv_answer = await client.get(
        STOCK_FLOW, params={"year": 2025, "known_at": then, "format": "csv"}, headers=ecosystem.economist.headers
    )
    assert csv_answer.headers["content-type"] == "text/csv; charset=utf-8"
    header = "period,group,group_name_kk,group_name_ru,group_name_en,opening," + ",".join(ACCOUNT_FLOWS) + ",closing"
    assert csv_answer.text.splitlines()[0] == header
    by_region = await client.get(
        STOCK_FLOW,
        params={"year": 2025, "known_at": then, "group_by": "region", "format": "csv"},
        headers=ecosystem.economist.headers,
    )
    (ulytau,) = [row for row in csv.DictReader(io.StringIO(by_region.text)) if row["group"] == ULYTAU]
    assert (ulytau["group_name_kk"], ulytau["group_name_ru"], ulytau["group_name_en"]) == (
        "Ұлытау облысы",
        "Улытауская область",
        "Ulytau Region",
    )


async def test_a_corrected_registration_day_changes_no_account_known_before_it(
    client: httpx.AsyncClient, ecosystem: Ecosystem, connection: AsyncConnection
) -> None:
    from sqlalchemy import text

    before = datetime.now(UTC).isoformat()
    await connection.execute(
        text("UPDATE companies SET registration_date = '2021-04-10' WHERE id = :id"), {"id": ecosystem.ids["D"]}
    )
    # Registered four years before its first declaration, D is a late entry now, not a birth.
    added, rows = await _added(client, ecosystem, group_by="region")
    assert added["2025", ULYTAU] == _row(6, 5, pivots_to_ai=1, late_entries=2, pivots_away=1, exits=2, moved_out=1)
    assert all(_identity_holds(rows))
    # As known before the correction, the registration day was the one recorded then.
    added, _ = await _added(client, ecosystem, group_by="region", known_at=before)
    assert added["2025", ULYTAU] == _row(
        6, 5, births=1, pivots_to_ai=1, late_entries=1, pivots_away=1, exits=2, moved_out=1
    )


async def test_the_history_keeps_both_times(
    client: httpx.AsyncClient, ecosystem: Ecosystem, connection: AsyncConnection
) -> None:
    from sqlalchemy import text

    rows = (
        await connection.execute(
            text(
                "SELECT valid_from, valid_to, region_kato, superseded_at IS NULL FROM company_history "
                "WHERE company_id = :id ORDER BY recorded_at, valid_from"
            ),
            {"id": ecosystem.ids["H"]},
        )
    ).all()
    infinity = date.max
    assert [(r[0], r[1] if r[1] != infinity else None, r[2], r[3]) for r in rows] == [
        (date(2021, 8, 10), None, ULYTAU, False),
        (date(2021, 8, 10), date(2025, 9, 1), ULYTAU, True),
        (date(2025, 9, 1), None, ALMATY, True),
    ]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"region": ALMATY, "effective_on": "2030-01-01"}, "history.effective_in_future"),
        ({"region": ALMATY, "effective_on": "2020-01-01"}, "history.effective_before_start"),
    ],
)
async def test_a_change_cannot_take_effect_in_the_future_or_before_the_company(
    client: httpx.AsyncClient, ecosystem: Ecosystem, database: Database, body: dict[str, Any], code: str
) -> None:
    admin = await account(client, database, "admin")
    company_id = ecosystem.ids["A"]
    current = await client.get(f"/api/v1/companies/{company_id}", headers=admin.headers)
    response = await client.patch(
        f"/api/v1/companies/{company_id}",
        json=body,
        headers={**admin.headers, "If-Match": current.headers["ETag"], "Accept-Language": "kk"},
    )
    assert response.status_code == 422, response.text
    problem = response.json()
    assert response.headers["content-type"].startswith("application/problem+json")
    assert [e["code"] for e in problem["errors"]] == [code]
    assert "өзгеріс" in problem["errors"][0]["message"].lower()
    unchanged = await client.get(f"/api/v1/companies/{company_id}", headers=admin.headers)
    assert unchanged.headers["ETag"] == current.headers["ETag"]


async def test_known_at_in_the_future_is_refused_in_the_callers_language(
    client: httpx.AsyncClient, ecosystem: Ecosystem
) -> None:
    later = (datetime.now(UTC) + timedelta(days=30)).isoformat()
    response = await client.get(
        STOCK_FLOW,
        params={"year": 2025, "known_at": later},
        headers={**ecosystem.economist.headers, "Accept-Language": "ru"},
    )
    assert response.status_code == 422, response.text
    assert "будущее" in response.text


@pytest.mark.parametrize(
    ("path", "params"),
    [
        (STOCK_FLOW, {"year": "20\x0025"}),
        (STOCK_FLOW, {"year": str(10**30)}),
        (STOCK_FLOW, {"year": "2025", "interval": "month"}),
        (STOCK_FLOW, {"year": "2025", "group_by": "oked"}),
        (STOCK_FLOW, {"year": "2025", "known_at": "yesterday"}),
        (STOCK_FLOW, {"year": "2025", "known_at": "99999-01-01T00:00:00Z"}),
        ("/api/v1/metrics/summary", {"known_at": "not a moment"}),
        (
            "/api/v1/metrics/timeseries",
            {"metric": "pivots_to_ai", "from": "2025-01-01", "to": "2025-12-31", "known_at": str(10**30)},
        ),
    ],
)
async def test_hostile_statistics_queries_get_a_clear_4xx(
    client: httpx.AsyncClient, ecosystem: Ecosystem, path: str, params: dict[str, str]
) -> None:
    response = await client.get(path, params=params, headers=ecosystem.economist.headers)
    assert 400 <= response.status_code < 500, response.text
    assert response.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize(
    "body",
    [
        {"region": ALMATY, "effective_on": "2025-13-01"},
        {"region": ALMATY, "effective_on": "2025-06-01\x00"},
        {"region": ALMATY, "effective_on": 20250601},
        {"region": ALMATY, "effective_on": ["2025-06-01"]},
    ],
)
async def test_hostile_effective_days_change_nothing(
    client: httpx.AsyncClient, ecosystem: Ecosystem, database: Database, connection: AsyncConnection, body: Any
) -> None:
    from sqlalchemy import text

    admin = await account(client, database, "admin")
    company_id = ecosystem.ids["A"]
    history = text("SELECT count(*) FROM company_history WHERE company_id = :id")
    rows_before = (await connection.execute(history, {"id": company_id})).scalar_one()
    current = await client.get(f"/api/v1/companies/{company_id}", headers=admin.headers)
    response = await client.patch(
        f"/api/v1/companies/{company_id}", json=body, headers={**admin.headers, "If-Match": current.headers["ETag"]}
    )
    assert 400 <= response.status_code < 500, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert (await connection.execute(history, {"id": company_id})).scalar_one() == rows_before
    unchanged = await client.get(f"/api/v1/companies/{company_id}", headers=admin.headers)
    assert (unchanged.headers["ETag"], unchanged.json()["region"]["kato"]) == (current.headers["ETag"], ULYTAU)


async def test_another_founder_cannot_move_a_company_in_the_past(
    client: httpx.AsyncClient, ecosystem: Ecosystem, database: Database
) -> None:
    stranger = await account(client, database)
    company_id = ecosystem.ids["A"]
    response = await client.patch(
        f"/api/v1/companies/{company_id}",
        json={"region": ALMATY, "effective_on": "2024-01-01"},
        headers={**stranger.headers, "If-Match": '"1"'},
    )
    assert response.status_code == 404, response.text
