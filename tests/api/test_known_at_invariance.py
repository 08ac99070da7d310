"""For a fixed ``known_at``, no later write of any kind changes any figure of any statistics endpoint.

Hypothesis draws sequences of writes — declarations and superseding ones, company status changes effective today
or in the past, region moves, back-dated registrations, licence sanctions — and applies them through the API to the
hand-built ecosystem of :mod:`tests.metrics_support`. Before them it reads every statistics endpoint and the release
tables as known at that moment; after them it reads them again as known at the same moment: nothing may differ.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from litestar import Litestar
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from api.database import Database
from api.settings import Settings, disclosure_settings
from licensing.releases import compute_release_content
from registry.statistics.observations import canonical_json, sha256_hex
from tests.apps import app_for
from tests.clocks import Clock
from tests.factories import SignedIn, account, ai_native_declaration, register_company, unique_bin
from tests.metrics_support import METRICS, ULYTAU, build_ecosystem, build_licence_track

ASTANA, ALMATY = "710000000", "750000000"
COMPANIES = ("A", "B", "C", "D", "E", "F", "G", "H", "J", "K", "N")
LICENCES = ("AIN-2025-99001", "AIN-2025-99002", "AIN-2025-99003", "SDL-2025-99004")
PAST_DAYS = (None, "2024-06-01", "2025-09-30", "2026-02-01")


@pytest.fixture
def open_settings(settings: Settings) -> Settings:
    """Rules that publish small cells too (k = 1), so a change to any company would show."""
    return replace(settings, disclosure_min_contributors=1, disclosure_dominance_share=Decimal(1))


@pytest.fixture
def app(open_settings: Settings, database: Database) -> Iterator[Litestar]:
    with app_for(open_settings, database=database, clock=Clock()) as app:
        yield app


class World:
    def __init__(self, ids: dict[str, str], founder: SignedIn, admin: SignedIn, economist: SignedIn) -> None:
        self.ids, self.founder, self.admin, self.economist = ids, founder, admin, economist


@pytest.fixture
async def world(client: httpx.AsyncClient, database: Database, connection: AsyncConnection) -> World:
    ids = await build_ecosystem(client, database, connection)
    await build_licence_track(connection, ids)
    return World(
        ids,
        await account(client, database),
        await account(client, database, "admin"),
        await account(client, database, "economist"),
    )


_READS: tuple[tuple[str, dict[str, str]], ...] = (
    ("/summary", {"as_of": "2024-12-31", "group_by": "region"}),
    ("/summary", {"as_of": "2025-12-31", "group_by": "region"}),
    ("/summary", {"as_of": "2026-06-30", "region": ULYTAU}),
    *(
        ("/timeseries", {"metric": metric, "from": "2019-01-01", "to": "2026-12-31", "group_by": "region"})
        for metric in ("companies_registered", "born_ai_native", "pivots_to_ai", "pivots_away")
    ),
    *(
        ("/timeseries", {"metric": metric, "from": "2024-01-01", "to": "2026-12-31", "group_by": "licence_type"})
        for metric in ("licences_issued", "licences_suspended", "licences_revoked", "decisions_approved")
    ),
    ("/timeseries", {"metric": "pivot_rate", "from": "2023-01-01", "to": "2026-12-31"}),
    ("/cohorts", {"first": "2021", "last": "2025", "region": ULYTAU}),
    ("/stock-flow", {"year": "2025", "group_by": "region"}),
    ("/stock-flow", {"year": "2025", "interval": "quarter"}),
)


async def _figures(
    client: httpx.AsyncClient, database: Database, settings: Settings, world: World, known_at: datetime
) -> dict[str, Any]:
    """Every endpoint's answer, and the 2025 release's content, as known at ``known_at``.

    The confidential figures (applications, the funnel, growth, AI FTE) are served from releases only, so the
    release's content covers them.
    """
    found: dict[str, Any] = {}
    for path, params in _READS:
        response = await client.get(
            f"{METRICS}{path}", params={**params, "known_at": known_at.isoformat()}, headers=world.economist.headers
        )
        assert response.status_code == 200, response.text
        found[f"{path} {sorted(params.items())}"] = response.json()
    async with database.sessions() as session:
        release = await compute_release_content(
            session, disclosure_settings(settings), period=2025, known_at=known_at, rubric_version=1, code="test"
        )
    found["release 2025"] = sha256_hex(canonical_json(release))
    return found


_WRITES = st.one_of(
    st.tuples(st.just("declare"), st.sampled_from(COMPANIES), st.integers(2023, 2025), st.booleans()),
    st.tuples(
        st.just("status"),
        st.sampled_from(COMPANIES),
        st.sampled_from(("suspended", "active", "liquidated")),
        st.sampled_from(PAST_DAYS),
    ),
    st.tuples(
        st.just("move"), st.sampled_from(COMPANIES), st.sampled_from((ASTANA, ALMATY)), st.sampled_from(PAST_DAYS)
    ),
    st.tuples(
        st.just("register"), st.sampled_from(("2019-05-01", "2022-03-03", "2025-02-02")), st.just(""), st.just("")
    ),
    st.tuples(
        st.just("sanction"),
        st.sampled_from(LICENCES),
        st.sampled_from(("suspend", "reinstate", "revoke")),
        st.sampled_from(PAST_DAYS),
    ),
)


async def _apply(client: httpx.AsyncClient, connection: AsyncConnection, world: World, write: tuple[Any, ...]) -> None:
    kind = write[0]
    admin = world.admin.headers
    if kind == "declare":
        _, name, year, native = write
        body = ai_native_declaration(year)
        if not native:
            body.update(revenue_ai=0, fte_ai=0, opex_ai=0, products=[])
        response = await client.post(f"/api/v1/companies/{world.ids[name]}/declarations", json=body, headers=admin)
        # 422 for a period before the company's registration: refused, and so nothing changes either.
        assert response.status_code in (201, 422), response.text
    elif kind in ("status", "move"):
        _, name, value, effective_on = write
        url = f"/api/v1/companies/{world.ids[name]}"
        current = await client.get(url, headers=admin)
        body: dict[str, Any] = {"status" if kind == "status" else "region": value}
        if effective_on:
            body["effective_on"] = effective_on
        response = await client.patch(url, json=body, headers={**admin, "If-Match": current.headers["ETag"]})
        assert response.status_code in (200, 422), response.text
    elif kind == "register":
        day = date.fromisoformat(write[1])
        await register_company(
            client, world.founder, bin=unique_bin(day.replace(day=1)), registration_date=write[1], region=ULYTAU
        )
    else:
        _, number, action, effective_on = write
        version = (
            await connection.execute(text("SELECT version FROM licences WHERE number = :n"), {"n": number})
        ).scalar_one()
        body = {"reason_code": "monitoring_no_longer_ai_native", "text": "Checked by the hub."}
        if effective_on:
            body["effective_on"] = effective_on
        response = await client.post(
            f"/api/v1/licences/{number}/{action}", json=body, headers={**admin, "If-Match": f'"{version}"'}
        )
        assert response.status_code in (200, 409, 422), response.text


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(writes=st.lists(_WRITES, min_size=1, max_size=5))
async def test_no_later_write_changes_a_figure_known_before_it(
    client: httpx.AsyncClient,
    database: Database,
    connection: AsyncConnection,
    open_settings: Settings,
    world: World,
    writes: list[tuple[Any, ...]],
) -> None:
    known_at = datetime.now(UTC)
    before = await _figures(client, database, open_settings, world, known_at)
    for write in writes:
        await _apply(client, connection, world, write)
    after = await _figures(client, database, open_settings, world, known_at)
    changed = [name for name in before if before[name] != after[name]]
    assert changed == [], f"figures known at {known_at} changed after {writes}: {changed}"
    # And the writes are there for a later known_at (the test would pass vacuously if they never landed).
    now = await _figures(client, database, open_settings, world, datetime.now(UTC))
    assert now != after or all(write[0] in ("status", "move", "sanction") for write in writes)
