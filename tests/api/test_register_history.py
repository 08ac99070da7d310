"""Status changes in valid time over HTTP: a licence sanction or a company change effective on a past day."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import httpx
import pytest
from litestar import Litestar
from sqlalchemy.ext.asyncio import AsyncConnection

from api.database import Database
from api.settings import Settings
from tests.apps import app_for
from tests.clocks import Clock
from tests.factories import SignedIn, account
from tests.metrics_support import METRICS, ULYTAU, build_ecosystem, build_licence_track

SANCTION = {"reason_code": "monitoring_no_longer_ai_native", "text": "Checked by the hub."}


@pytest.fixture
def app(settings: Settings, database: Database) -> Iterator[Litestar]:
    open_rules = replace(settings, disclosure_min_contributors=1, disclosure_dominance_share=Decimal(1))
    with app_for(open_rules, database=database, clock=Clock()) as app:
        yield app


@pytest.fixture
async def staff(client: httpx.AsyncClient, database: Database, connection: AsyncConnection) -> tuple[SignedIn, ...]:
    await build_licence_track(connection, await build_ecosystem(client, database, connection))
    return await account(client, database, "admin"), await account(client, database, "economist")


async def _in_force(client: httpx.AsyncClient, economist: SignedIn, day: str, **params: str) -> Any:
    response = await client.get(
        f"{METRICS}/summary", params={"as_of": day, "region": ULYTAU, **params}, headers=economist.headers
    )
    assert response.status_code == 200, response.text
    return next(
        c["value"] for c in response.json()["cells"] if (c["metric"], c["group"]) == ("active_licences", "ai_native")
    )


async def test_a_suspension_effective_in_the_past_changes_the_licences_in_force_from_that_day_only(
    client: httpx.AsyncClient, staff: tuple[SignedIn, SignedIn]
) -> None:
    admin, economist = staff
    # In force on 2025-09-15: A (from 2025-03-13) and B (from 2025-04-21); D starts 2025-06-06: A B D = 3.
    assert await _in_force(client, economist, "2025-09-15") == 3
    before = datetime.now(UTC).isoformat()
    response = await client.post(
        "/api/v1/licences/AIN-2025-99001/suspend",
        json={**SANCTION, "effective_on": "2025-09-01"},
        headers={**admin.headers, "If-Match": '"1"'},
    )
    assert response.status_code == 200, response.text
    assert await _in_force(client, economist, "2025-08-31") == 3
    assert await _in_force(client, economist, "2025-09-15") == 2
    assert await _in_force(client, economist, "2025-09-15", known_at=before) == 3
    # The suspension is a flow of the quarter it took effect in.
    series = await client.get(
        f"{METRICS}/timeseries",
        params={"metric": "licences_suspended", "interval": "quarter", "from": "2025-01-01", "to": "2025-12-31"},
        headers=economist.headers,
    )
    assert [(p["period"], p["value"]) for p in series.json()["points"]] == [
        ("2025-Q1", 0),
        ("2025-Q2", 0),
        ("2025-Q3", 1),
        ("2025-Q4", 0),
    ]


async def test_a_sanction_cannot_take_effect_before_the_licence_or_in_the_future(
    client: httpx.AsyncClient, staff: tuple[SignedIn, SignedIn]
) -> None:
    admin, _ = staff
    for day, code in (("2025-01-01", "history.effective_before_start"), ("2031-01-01", "history.effective_in_future")):
        response = await client.post(
            "/api/v1/licences/AIN-2025-99001/suspend",
            json={**SANCTION, "effective_on": day},
            headers={**admin.headers, "If-Match": '"1"', "Accept-Language": "ru"},
        )
        assert response.status_code == 422, response.text
        problem = response.json()
        assert problem["code"] == "licence.invalid_effective_day"
        assert [(e["field"], e["code"]) for e in problem["errors"]] == [("effective_on", code)]
        assert "вступления изменения в силу" in problem["errors"][0]["message"]
