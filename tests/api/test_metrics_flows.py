"""The pivot rate, decision and sanction flows and the OKED breakdowns, against ``tests.metrics_support``'s ecosystem.

Expected figures are worked out by hand in the comments, from the tables in ``tests.metrics_support``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from api.database import Database
from registry.events.service import record_event
from tests.factories import SignedIn, account, register_company, unique_bin
from tests.metrics_support import METRICS, ULYTAU, build_ecosystem, build_licence_track, get, points

YEARS = {"interval": "year", "from": "2023-01-01", "to": "2026-12-31"}


@pytest.fixture
async def economist(client: httpx.AsyncClient, database: Database, connection: AsyncConnection) -> SignedIn:
    ids = await build_ecosystem(client, database, connection)
    await build_licence_track(connection, ids)
    return await account(client, database, "economist")


async def test_pivot_rate_is_pivots_over_the_companies_that_could_pivot(
    client: httpx.AsyncClient, economist: SignedIn
) -> None:
    body = await get(client, economist.headers, "/timeseries", metric="pivot_rate", **YEARS)
    assert (body["metric"], body["unit"]) == ("pivot_rate", "share (0..1)")
    # At risk at the start of a year: active companies registered before it whose latest period ended before it
    # is ai_enabled or non_ai. 2023: nobody registered yet. 2024: B (2023 non_ai; A C H were ai_native, H is
    # suspended) and B pivoted: 1/1. 2025: C (2024 superseded to non_ai), E F J (non_ai), K (ai_enabled): 0/5.
    # 2026: the same five (G's 2025 is ai_native): 0/5. Pivots and the companies at risk are changes of the
    # public class and the public class: the rate is public, published exactly, one pivot of one company too.
    assert points(body) == [
        ("2023", None, None),
        ("2024", None, "1.0000"),
        ("2025", None, "0.0000"),
        ("2026", None, "0.0000"),
    ]


async def test_pivot_rate_has_no_breakdown(client: httpx.AsyncClient, database: Database) -> None:
    economist = await account(client, database, "economist")
    response = await client.get(
        f"{METRICS}/timeseries",
        params={"metric": "pivot_rate", "group_by": "region", **YEARS},
        headers={**economist.headers, "Accept-Language": "ru"},
    )
    assert response.status_code == 422, response.text
    assert "нельзя разбить" in response.text


@pytest.mark.parametrize(("interval", "language", "words"), [("month", "kk", "тек жыл"), ("quarter", "en", "per year")])
async def test_pivot_rate_is_refused_for_periods_shorter_than_a_year(
    client: httpx.AsyncClient, database: Database, interval: str, language: str, words: str
) -> None:
    economist = await account(client, database, "economist")
    response = await client.get(
        f"{METRICS}/timeseries",
        params={"metric": "pivot_rate", **YEARS, "interval": interval},
        headers={**economist.headers, "Accept-Language": language},
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert words in response.text


async def test_decisions_by_outcome_per_period(
    client: httpx.AsyncClient, database: Database, economist: SignedIn
) -> None:
    quarters = {"interval": "quarter", "from": "2025-01-01", "to": "2025-12-31"}
    # Approved on 2025-01-09 (F), 03-13 (A), 04-21 (B), 06-06 (D): each approval issues a public licence that day,
    # so approvals are public and exact.
    approved = await get(client, economist.headers, "/timeseries", metric="decisions_approved", **quarters)
    assert points(approved) == [("2025-Q1", None, 2), ("2025-Q2", None, 2), ("2025-Q3", None, 0), ("2025-Q4", None, 0)]
    by_type = await get(
        client,
        economist.headers,
        "/timeseries",
        metric="decisions_approved",
        group_by="licence_type",
        interval="year",
        **{"from": "2025-01-01", "to": "2025-12-31"},
    )
    assert points(by_type) == [("2025", None, 4), ("2025", "ai_native", 3), ("2025", "standard_digital", 1)]
    # Rejections are not public: 06-04 (C), 07-07 (E), 08-13 (J) come from the 2025 release only. Q2 holds one
    # company and Q3 two, so both are withheld; Q1 and Q4 are empty, and the year's 3 would give Q2 + Q3 away
    # within less than 3 either side, so the protection reaches into the year and its breakdowns too.
    unreleased = await client.get(
        f"{METRICS}/timeseries", params={"metric": "decisions_rejected", **quarters}, headers=economist.headers
    )
    assert unreleased.status_code == 422, unreleased.text
    admin = await account(client, database, "admin")
    made = await client.post("/api/v1/statistics/releases", json={"period": 2025}, headers=admin.headers)
    assert made.status_code == 201, made.text
    rejected = await get(client, economist.headers, "/timeseries", metric="decisions_rejected", **quarters)
    by_quarter = {period: value for period, _, value in points(rejected)}
    assert by_quarter["2025-Q2"] == by_quarter["2025-Q3"] == "C"
    assert rejected["releases"] == [made.json()["id"]]
    # A month is no official period of a release.
    monthly = await client.get(
        f"{METRICS}/timeseries",
        params={"metric": "decisions_rejected", **quarters, "interval": "month"},
        headers={**economist.headers, "Accept-Language": "kk"},
    )
    assert monthly.status_code == 422
    assert "ресми шығарылымдардан" in monthly.json()["detail"]


async def test_suspensions_and_revocations_are_counted_from_the_event_log(
    client: httpx.AsyncClient, economist: SignedIn, connection: AsyncConnection, session: AsyncSession
) -> None:
    licences: dict[str, object] = dict(
        (await connection.execute(text("SELECT number, id FROM licences WHERE serial > 99000"))).all()
    )
    # A's and B's licences are suspended, then B's is revoked; the log stamps them with the wall clock.
    for number, kind in (
        ("AIN-2025-99001", "licence.suspended"),
        ("AIN-2025-99002", "licence.suspended"),
        ("AIN-2025-99002", "licence.revoked"),
    ):
        await record_event(
            session,
            actor_id=None,
            kind=kind,
            resource_type="licence",
            resource_id=licences[number],
            data={},
            public=True,
        )
    await session.flush()
    year = datetime.now(UTC).year
    window = {"interval": "year", "from": f"{year}-01-01", "to": f"{year}-12-31"}
    suspended = await get(client, economist.headers, "/timeseries", metric="licences_suspended", **window)
    revoked = await get(
        client, economist.headers, "/timeseries", metric="licences_revoked", group_by="licence_type", **window
    )
    assert points(suspended) == [(str(year), None, 2)]
    assert points(revoked) == [(str(year), None, 1), (str(year), "ai_native", 1)]


async def test_flows_by_oked_section_and_division(
    client: httpx.AsyncClient, economist: SignedIn, database: Database
) -> None:
    founder = await account(client, database)
    lab = {"activities": ["72.19"], "primary_activity": "72.19", "region": ULYTAU, "registration_date": "2024-05-05"}
    await register_company(client, founder, bin=unique_bin(date(2024, 5, 1)), **lab)
    one_year = {"interval": "year", "from": "2024-01-01", "to": "2024-12-31"}
    # 2024: D E F J K N have primary activity 62.01 (section J, division 62), the research lab 72.19 (M, 72).
    sections = await get(
        client, economist.headers, "/timeseries", metric="companies_registered", group_by="activity", **one_year
    )
    assert points(sections) == [("2024", None, 7), ("2024", "J", 6), ("2024", "M", 1)]
    divisions = await get(
        client,
        economist.headers,
        "/timeseries",
        metric="companies_registered",
        group_by="activity_division",
        **one_year,
    )
    assert points(divisions) == [("2024", None, 7), ("2024", "62", 6), ("2024", "72", 1)]
    # Registrations are public: the lone lab is published as 1.


async def test_a_region_of_one_company_is_published_exactly(client: httpx.AsyncClient, database: Database) -> None:
    economist = await account(client, database, "economist")
    founder = await account(client, database)
    # Registered in 2019: four companies in Ulytau, one in Abai Region (no other test registers companies in 2019).
    for region, count in ((ULYTAU, 4), ("100000000", 1)):
        for month in range(1, count + 1):
            day = date(2019, month, 10)
            await register_company(
                client, founder, bin=unique_bin(day.replace(day=1)), region=region, registration_date=day.isoformat()
            )
    window = {"metric": "companies_registered", "interval": "year", "from": "2019-01-01", "to": "2019-12-31"}
    response = await client.get(
        f"{METRICS}/timeseries", params={**window, "group_by": "region"}, headers=economist.headers
    )
    # Registrations are on the public register, with their region: anyone can count Abai's one company, so
    # withholding it would protect nothing (and hiding Ulytau's 4 with it would only damage the figures).
    assert points(response.json()) == [("2019", None, 5), ("2019", "100000000", 1), ("2019", ULYTAU, 4)]
    alone = await get(client, economist.headers, "/timeseries", **window)
    assert points(alone) == [("2019", None, 4)]
    by_form = await get(client, economist.headers, "/timeseries", group_by="legal_form", **window)
    assert points(by_form) == [("2019", None, 4), ("2019", "llp", 4)]
    summary = await get(client, economist.headers, "/summary", as_of="2019-12-31")
    figures = {(c["metric"], c["group"]): c["value"] for c in summary["cells"]}
    assert not any(c["suppressed"] for c in summary["cells"])
    assert figures[("active_companies", None)] == 4
    assert figures[("companies_by_ai_class", "undeclared")] == 4
    assert figures[("companies_by_ai_class", "ai_native")] == 0
