"""Pivots over HTTP: born AI-native, pivots to and away from AI, corrections, and new rubric versions."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from api.database import Database
from registry.declarations.pivots import list_pivots, recompute_pivots
from registry.declarations.rubric_versions import rubric_version
from tests.factories import SignedIn, account, register_company, unique_bin

REGISTERED = "2022-01-10"
TODAY = "2026-11-20"  # FIXED_NOW in tests/conftest.py


def declaration(fiscal_year: int, ai_class: str, *, revenue_ai: int | None = None, fte_ai: float | None = None) -> Any:
    """A body that rubric version 1 classifies as ``ai_class``; revenue is out of 100 000 000, staff out of 10 FTE.

    ai_native: a core, own-trained product in production, 80 % AI revenue and 4 of 10 FTE in AI roles by default.
    ai_enabled: the same product but not core (G2 fails), 20 % / 2 FTE by default.
    non_ai: no AI products, no AI revenue or staff.
    """
    defaults = {"ai_native": (80_000_000, 4), "ai_enabled": (20_000_000, 2), "non_ai": (0, 0)}[ai_class]
    product = {
        "name": "Qazaq Speech",
        "capabilities": ["speech", "natural_language_processing"],
        "is_core": ai_class == "ai_native",
        "provenance": "own_trained",
        "stage": "production",
    }
    return {
        "fiscal_year": fiscal_year,
        "revenue_total": 100_000_000,
        "revenue_ai": defaults[0] if revenue_ai is None else revenue_ai,
        "fte_total": 10,
        "fte_ai": defaults[1] if fte_ai is None else fte_ai,
        "opex_total": 40_000_000,
        "opex_ai": 10_000_000 if ai_class != "non_ai" else 0,
        "owns_data_library": False,
        "products": [] if ai_class == "non_ai" else [product],
    }


async def _company(client: httpx.AsyncClient, founder: SignedIn) -> dict[str, Any]:
    return await register_company(client, founder, registration_date=REGISTERED, bin=unique_bin(date(2022, 1, 1)))


async def _file(client: httpx.AsyncClient, founder: SignedIn, company: dict[str, Any], body: dict[str, Any]) -> Any:
    response = await client.post(f"/api/v1/companies/{company['id']}/declarations", json=body, headers=founder.headers)
    assert response.status_code == 201, response.text
    return response.json()


async def _pivots(client: httpx.AsyncClient, founder: SignedIn, company: dict[str, Any]) -> list[dict[str, Any]]:
    response = await client.get(f"/api/v1/companies/{company['id']}/pivots", headers=founder.headers)
    assert response.status_code == 200
    return response.json()  # type: ignore[no-any-return]


def _short(pivots: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(p["kind"], p["from_class"], p["from_period"], p["to_class"], p["to_period"]) for p in pivots]


def _live(pivots: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [p for p in pivots if p["retracted_at"] is None]


def _share(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


async def _last_seq(connection: AsyncConnection) -> int:
    return int((await connection.execute(text("SELECT last_seq FROM event_chain_head"))).scalar_one())


async def _kinds_after(connection: AsyncConnection, seq: int) -> list[str]:
    rows = await connection.execute(text("SELECT kind FROM events WHERE seq > :s ORDER BY seq"), {"s": seq})
    return list(rows.scalars())


@pytest.mark.parametrize(("first_year", "born"), [(2022, True), (2023, True), (2024, False)])
async def test_born_ai_native(client: httpx.AsyncClient, database: Database, first_year: int, born: bool) -> None:
    founder = await account(client, database)
    company = await _company(client, founder)
    await _file(client, founder, company, declaration(first_year, "ai_native"))
    await _file(client, founder, company, declaration(first_year + 1, "ai_native"))
    pivots = await _pivots(client, founder, company)
    if not born:
        # First declared two years after registration: nothing to pivot from, and too late to be "born" native.
        assert pivots == []
        return
    assert len(pivots) == 1
    event = pivots[0]
    assert _short(pivots) == [("born_ai_native", None, None, "ai_native", str(first_year))]
    assert event["delta_ai_revenue_share"] is None and event["delta_ai_talent_share"] is None
    assert event["months_since_registration"] == {2022: 11, 2023: 23}[first_year]
    assert (event["rubric_version"], event["series"], event["retracted_at"]) == (1, "live", None)


async def test_non_ai_then_ai_enabled_then_ai_native_is_one_pivot_to_ai(
    client: httpx.AsyncClient, database: Database
) -> None:
    founder = await account(client, database)
    company = await _company(client, founder)
    await _file(client, founder, company, declaration(2022, "non_ai"))
    enabled = await _file(client, founder, company, declaration(2023, "ai_enabled", revenue_ai=15_000_000, fte_ai=1.5))
    assert enabled["evaluation"]["ai_class"] == "ai_enabled"
    assert await _pivots(client, founder, company) == []  # non_ai → ai_enabled is not a pivot

    native = await _file(client, founder, company, declaration(2024, "ai_native", revenue_ai=72_500_000, fte_ai=3.5))
    assert native["evaluation"]["ai_class"] == "ai_native"
    pivots = await _pivots(client, founder, company)
    assert _short(pivots) == [("pivot_to_ai", "ai_enabled", "2023", "ai_native", "2024")]
    pivot = pivots[0]
    assert pivot["to_period"] == "2024" and pivot["from_class"] == "ai_enabled"
    assert _share(pivot["delta_ai_revenue_share"]) == Decimal("0.575")  # 72.5 % − 15 %
    assert _share(pivot["delta_ai_talent_share"]) == Decimal("0.2")  # 35 % − 15 %
    assert pivot["months_since_registration"] == 35  # 2022-01-10 → 2024-12-31
    assert (pivot["rubric_version"], pivot["series"], pivot["retracted_at"]) == (1, "live", None)

    # Staying native is no further pivot.
    await _file(client, founder, company, declaration(2025, "ai_native"))
    assert _short(await _pivots(client, founder, company)) == [
        ("pivot_to_ai", "ai_enabled", "2023", "ai_native", "2024")
    ]


async def test_native_then_not_native_is_a_pivot_away(client: httpx.AsyncClient, database: Database) -> None:
    founder = await account(client, database)
    company = await _company(client, founder)
    await _file(client, founder, company, declaration(2022, "ai_native"))
    await _file(client, founder, company, declaration(2023, "non_ai"))
    pivots = await _pivots(client, founder, company)
    assert _short(pivots) == [
        ("born_ai_native", None, None, "ai_native", "2022"),
        ("pivot_away", "ai_native", "2022", "non_ai", "2023"),
    ]
    away = pivots[1]
    assert _share(away["delta_ai_revenue_share"]) == Decimal("-0.8")
    assert _share(away["delta_ai_talent_share"]) == Decimal("-0.4")
    assert away["months_since_registration"] == 23
    assert away["rubric_version"] == 1

    # Coming back is a new pivot to AI.
    await _file(client, founder, company, declaration(2024, "ai_native"))
    assert [p["kind"] for p in await _pivots(client, founder, company)] == [
        "born_ai_native",
        "pivot_away",
        "pivot_to_ai",
    ]


async def test_pivots_do_not_depend_on_the_filing_order(client: httpx.AsyncClient, database: Database) -> None:
    founder = await account(client, database)
    company = await _company(client, founder)
    await _file(client, founder, company, declaration(2024, "ai_native"))
    await _file(client, founder, company, declaration(2023, "ai_enabled"))  # the earlier year filed later
    assert _short(await _pivots(client, founder, company)) == [
        ("pivot_to_ai", "ai_enabled", "2023", "ai_native", "2024")
    ]


async def test_filing_appends_its_events_in_one_transaction(
    client: httpx.AsyncClient, database: Database, connection: AsyncConnection
) -> None:
    founder = await account(client, database)
    company = await _company(client, founder)
    await _file(client, founder, company, declaration(2022, "non_ai"))
    before = await _last_seq(connection)
    filed = await _file(client, founder, company, declaration(2023, "ai_native"))
    assert await _kinds_after(connection, before) == ["declaration.filed", "company.classified", "company.pivoted"]

    # Each request runs in its own (sub)transaction, so rows written together carry the same xmin.
    event_xids = set(
        (await connection.execute(text("SELECT xmin::text FROM events WHERE seq > :s"), {"s": before})).scalars()
    )
    declaration_xid = (
        await connection.execute(text("SELECT xmin::text FROM declarations WHERE id = :id"), {"id": filed["id"]})
    ).scalar_one()
    pivot_xids = set(
        (
            await connection.execute(
                text("SELECT xmin::text FROM pivot_events WHERE company_id = :c"), {"c": company["id"]}
            )
        ).scalars()
    )
    assert event_xids == pivot_xids == {declaration_xid}

    filed_event = (
        await connection.execute(text("SELECT resource_id, data FROM events WHERE seq = :s"), {"s": before + 1})
    ).one()
    assert filed_event.resource_id == filed["id"]
    assert filed_event.data == {
        "company_id": company["id"],
        "period": "2023",
        "ai_class": "ai_native",
        "rubric_version": 1,
    }


async def test_superseding_a_declaration_that_changes_the_class_corrects_the_pivots(
    client: httpx.AsyncClient, database: Database, connection: AsyncConnection
) -> None:
    founder = await account(client, database)
    company = await _company(client, founder)
    await _file(client, founder, company, declaration(2022, "non_ai"))
    wrong = await _file(client, founder, company, declaration(2023, "ai_enabled"))
    await _file(client, founder, company, declaration(2024, "ai_native"))
    assert _short(await _pivots(client, founder, company)) == [
        ("pivot_to_ai", "ai_enabled", "2023", "ai_native", "2024")
    ]

    before = await _last_seq(connection)
    corrected = await _file(client, founder, company, declaration(2023, "ai_native"))
    assert corrected["supersedes_id"] == wrong["id"]
    kinds = await _kinds_after(connection, before)
    # The class the register shows is 2024's, unchanged: no company.classified.
    assert kinds == ["declaration.superseded", "declaration.filed", "company.pivot_retracted", "company.pivoted"]
    xids = (await connection.execute(text("SELECT xmin::text FROM events WHERE seq > :s"), {"s": before})).scalars()
    assert len(set(xids)) == 1
    superseded = (
        await connection.execute(text("SELECT resource_id FROM events WHERE seq = :s"), {"s": before + 1})
    ).scalar_one()
    assert superseded == wrong["id"]

    pivots = await _pivots(client, founder, company)
    # The old event is kept but retracted; the correct one names 2023, coming from non_ai in 2022.
    assert [(*row, p["retracted_at"] is not None) for row, p in zip(_short(pivots), pivots, strict=True)] == [
        ("pivot_to_ai", "non_ai", "2022", "ai_native", "2023", False),
        ("pivot_to_ai", "ai_enabled", "2023", "ai_native", "2024", True),
    ]
    assert pivots[0]["months_since_registration"] == 23
    assert _share(pivots[0]["delta_ai_revenue_share"]) == Decimal("0.8")

    # Filing the same figures once more supersedes again but changes no pivot.
    before = await _last_seq(connection)
    await _file(client, founder, company, declaration(2023, "ai_native"))
    assert await _kinds_after(connection, before) == ["declaration.superseded", "declaration.filed"]
    assert await _pivots(client, founder, company) == pivots


async def test_superseding_with_other_figures_updates_the_deltas(client: httpx.AsyncClient, database: Database) -> None:
    founder = await account(client, database)
    company = await _company(client, founder)
    await _file(client, founder, company, declaration(2022, "non_ai"))
    await _file(client, founder, company, declaration(2023, "ai_native", revenue_ai=80_000_000, fte_ai=4))
    # The founder corrects 2023: still ai_native, but 60 % AI revenue and 5 FTE in AI roles.
    await _file(client, founder, company, declaration(2023, "ai_native", revenue_ai=60_000_000, fte_ai=5))
    current = _live(await _pivots(client, founder, company))
    assert _short(current) == [("pivot_to_ai", "non_ai", "2022", "ai_native", "2023")]
    assert (_share(current[0]["delta_ai_revenue_share"]), _share(current[0]["delta_ai_talent_share"])) == (
        Decimal("0.6"),
        Decimal("0.5"),
    )


async def test_filing_a_missing_year_moves_the_from_period(client: httpx.AsyncClient, database: Database) -> None:
    founder = await account(client, database)
    company = await _company(client, founder)
    await _file(client, founder, company, declaration(2022, "non_ai"))
    await _file(client, founder, company, declaration(2024, "ai_native"))
    assert _short(await _pivots(client, founder, company)) == [("pivot_to_ai", "non_ai", "2022", "ai_native", "2024")]
    # 2023 is filed late (non_ai with 10 % AI staff): the pivot to AI in 2024 now comes from 2023.
    await _file(client, founder, company, declaration(2023, "non_ai", fte_ai=1))
    current = _live(await _pivots(client, founder, company))
    assert _short(current) == [("pivot_to_ai", "non_ai", "2023", "ai_native", "2024")]
    assert _share(current[0]["delta_ai_talent_share"]) == Decimal("0.3")  # 40 % − 10 %


async def test_superseding_a_pivot_away_retracts_it(
    client: httpx.AsyncClient, database: Database, connection: AsyncConnection
) -> None:
    founder = await account(client, database)
    company = await _company(client, founder)
    await _file(client, founder, company, declaration(2022, "ai_native"))
    await _file(client, founder, company, declaration(2023, "non_ai"))
    before = await _last_seq(connection)
    await _file(client, founder, company, declaration(2023, "ai_native"))
    assert await _kinds_after(connection, before) == [
        "declaration.superseded",
        "declaration.filed",
        "company.classified",
        "company.pivot_retracted",
    ]
    pivots = await _pivots(client, founder, company)
    assert [(p["kind"], p["retracted_at"] is None) for p in pivots] == [
        ("born_ai_native", True),
        ("pivot_away", False),
    ]


async def test_rubric_reference_is_public_and_version_1_is_the_design_table(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/reference/rubric")
    assert response.status_code == 200
    versions = response.json()
    assert [(v["version"], v["current"], v["effective_from"]) for v in versions] == [(1, True, "2025-01-01")]
    assert {name: Decimal(str(value)) for name, value in versions[0]["thresholds"].items()} == {
        "ai_revenue_share_min": Decimal("0.5"),
        "ai_talent_share_min": Decimal("0.3"),
        "ai_spend_share_min": Decimal("0.2"),
        "pre_revenue_max_age_years": Decimal("3"),
        "ai_enabled_revenue_share_min": Decimal("0.1"),
        "ai_enabled_talent_share_min": Decimal("0.1"),
    }


async def _stricter(client: httpx.AsyncClient, **changes: Any) -> dict[str, Any]:
    """A body for ``POST /rubric-versions``: version 1's thresholds with AI revenue share ≥ 90 %, from today."""
    v1 = next(v for v in (await client.get("/api/v1/reference/rubric")).json() if v["version"] == 1)
    body = {
        "effective_from": TODAY,
        "thresholds": {**v1["thresholds"], "ai_revenue_share_min": "0.9"},
        "notes": "Stricter AI revenue share.",
    }
    body.update(changes)
    return body


async def test_new_rubric_version_leaves_old_pivots_and_evaluations_intact(
    client: httpx.AsyncClient, database: Database, connection: AsyncConnection
) -> None:
    founder = await account(client, database)
    admin = await account(client, database, "admin")
    company = await _company(client, founder)
    url = f"/api/v1/companies/{company['id']}"
    await _file(client, founder, company, declaration(2022, "ai_native"))
    await _file(client, founder, company, declaration(2023, "non_ai"))
    pivots_before = await _pivots(client, founder, company)
    declarations_before = (await client.get(f"{url}/declarations", headers=founder.headers)).json()
    assert [p["rubric_version"] for p in pivots_before] == [1, 1]

    before = await _last_seq(connection)
    published = await client.post("/api/v1/rubric-versions", json=await _stricter(client), headers=admin.headers)
    assert published.status_code == 201, published.text
    version = published.json()
    assert (version["version"], version["effective_from"], version["current"]) == (2, TODAY, True)
    assert Decimal(str(version["thresholds"]["ai_revenue_share_min"])) == Decimal("0.9")
    assert await _kinds_after(connection, before) == ["rubric.published"]

    listed = (await client.get("/api/v1/reference/rubric")).json()
    assert [(v["version"], v["current"]) for v in listed] == [(2, True), (1, False)]
    assert Decimal(str(listed[1]["thresholds"]["ai_revenue_share_min"])) == Decimal("0.5")

    # Nothing stored earlier changes: pivot events and evaluations keep version 1.
    assert await _pivots(client, founder, company) == pivots_before
    assert (await client.get(f"{url}/declarations", headers=founder.headers)).json() == declarations_before

    # A new filing is evaluated under version 2: 80 % AI revenue is no longer enough for M1.
    enabled = await _file(client, founder, company, declaration(2024, "ai_native"))
    assert enabled["evaluation"]["rubric_version"] == 2
    assert enabled["evaluation"]["ai_class"] == "ai_enabled"
    m1 = next(c for c in enabled["evaluation"]["criteria"] if c["id"] == "M1")
    assert (m1["value"], m1["threshold"], m1["passed"]) == (0.8, 0.9, False)
    assert "at least 90% is required" in m1["explanation"]["en"]
    preview = await client.post(
        f"{url}/declarations/preview", json=declaration(2025, "ai_native"), headers=founder.headers
    )
    assert (preview.json()["rubric_version"], preview.json()["ai_class"]) == (2, "ai_enabled")

    # 95 % passes version 2: the pivot it causes is labelled with version 2, the old events stay as they were.
    await _file(client, founder, company, declaration(2025, "ai_native", revenue_ai=95_000_000))
    pivots = await _pivots(client, founder, company)
    assert pivots[:2] == pivots_before
    assert _short(pivots[2:]) == [("pivot_to_ai", "ai_enabled", "2024", "ai_native", "2025")]
    assert pivots[2]["rubric_version"] == 2
    status = (await client.get(f"{url}/ai-status", headers=founder.headers)).json()
    assert (status["ai_class"], status["evaluation"]["rubric_version"]) == ("ai_native", 2)


async def test_a_version_effective_later_is_listed_but_not_yet_used(
    client: httpx.AsyncClient, database: Database
) -> None:
    founder = await account(client, database)
    admin = await account(client, database, "admin")
    company = await _company(client, founder)
    published = await client.post(
        "/api/v1/rubric-versions", json=await _stricter(client, effective_from="2027-01-01"), headers=admin.headers
    )
    assert published.status_code == 201
    assert published.json()["current"] is False
    assert [(v["version"], v["current"]) for v in (await client.get("/api/v1/reference/rubric")).json()] == [
        (2, False),
        (1, True),
    ]
    filed = await _file(client, founder, company, declaration(2024, "ai_native"))
    assert (filed["evaluation"]["rubric_version"], filed["evaluation"]["ai_class"]) == (1, "ai_native")


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"effective_from": "2026-11-19"}, {("effective_from", "rubric.effective_in_past")}),
        (
            {"thresholds": {"ai_revenue_share_min": "0.9"}},
            {
                ("thresholds.ai_talent_share_min", "rubric.threshold.missing"),
                ("thresholds.ai_spend_share_min", "rubric.threshold.missing"),
                ("thresholds.ai_enabled_revenue_share_min", "rubric.threshold.missing"),
                ("thresholds.ai_enabled_talent_share_min", "rubric.threshold.missing"),
                ("thresholds.pre_revenue_max_age_years", "rubric.threshold.missing"),
            },
        ),
        ({"thresholds": {}}, None),
        ({"effective_from": "2024-12-31"}, None),
    ],
    ids=["yesterday", "missing-thresholds", "no-thresholds", "before-version-1"],
)
async def test_invalid_rubric_versions_are_refused(
    client: httpx.AsyncClient,
    database: Database,
    connection: AsyncConnection,
    changes: dict[str, Any],
    fields: set[tuple[str, str]] | None,
) -> None:
    admin = await account(client, database, "admin")
    body = await _stricter(client, **changes)
    before = await _last_seq(connection)
    response = await client.post("/api/v1/rubric-versions", json=body, headers=admin.headers)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    errors = {(e["field"], e["code"]) for e in response.json()["errors"]}
    if fields is not None:
        assert errors == fields
    else:
        assert errors
    assert [v["version"] for v in (await client.get("/api/v1/reference/rubric")).json()] == [1]
    assert await _last_seq(connection) == before


async def test_a_new_version_must_take_effect_after_the_latest(client: httpx.AsyncClient, database: Database) -> None:
    admin = await account(client, database, "admin")
    first = await client.post(
        "/api/v1/rubric-versions", json=await _stricter(client, effective_from="2027-01-01"), headers=admin.headers
    )
    assert first.status_code == 201
    earlier = await client.post(
        "/api/v1/rubric-versions",
        json=await _stricter(client, effective_from="2026-12-01"),
        headers={**admin.headers, "Accept-Language": "ru"},
    )
    assert earlier.status_code == 422
    assert [(e["field"], e["code"]) for e in earlier.json()["errors"]] == [
        ("effective_from", "rubric.effective_not_after_current")
    ]
    assert "2027-01-01" in earlier.json()["errors"][0]["message"]
    assert earlier.json()["detail"] == "Новую версию рубрики нельзя опубликовать."


async def test_threshold_out_of_range_is_refused(client: httpx.AsyncClient, database: Database) -> None:
    admin = await account(client, database, "admin")
    body = await _stricter(client)
    body["thresholds"] = {**body["thresholds"], "ai_revenue_share_min": "1.5", "ai_revenue_min": "0.5"}
    response = await client.post("/api/v1/rubric-versions", json=body, headers=admin.headers)
    assert response.status_code == 422
    assert {(e["field"], e["code"]) for e in response.json()["errors"]} == {
        ("thresholds.ai_revenue_share_min", "rubric.threshold.share_range"),
        ("thresholds.ai_revenue_min", "rubric.threshold.unknown"),
    }


@pytest.mark.parametrize(("role", "status"), [(None, 401), ("founder", 403), ("reviewer", 403), ("economist", 403)])
async def test_only_admins_publish_rubric_versions(
    client: httpx.AsyncClient, database: Database, role: str | None, status: int
) -> None:
    headers = (await account(client, database, role)).headers if role else {}
    response = await client.post("/api/v1/rubric-versions", json=await _stricter(client), headers=headers)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/problem+json")
    assert [v["version"] for v in (await client.get("/api/v1/reference/rubric", headers=headers)).json()] == [1]


async def test_recompute_writes_a_separate_series_and_leaves_the_live_one(
    client: httpx.AsyncClient, database: Database, session: AsyncSession
) -> None:
    founder = await account(client, database)
    admin = await account(client, database, "admin")
    company = await _company(client, founder)
    # Under version 1 all three years are ai_native: one born_ai_native event.
    await _file(client, founder, company, declaration(2022, "ai_native", revenue_ai=95_000_000))
    await _file(client, founder, company, declaration(2023, "ai_native", revenue_ai=80_000_000))
    await _file(client, founder, company, declaration(2024, "ai_native", revenue_ai=95_000_000))
    live_before = await _pivots(client, founder, company)
    assert _short(live_before) == [("born_ai_native", None, None, "ai_native", "2022")]
    assert (
        await client.post("/api/v1/rubric-versions", json=await _stricter(client), headers=admin.headers)
    ).status_code == 201

    stricter = await rubric_version(session, 2)
    assert stricter is not None
    company_id = uuid.UUID(company["id"])
    written = await recompute_pivots(session, rubric=stricter, company_ids=[company_id])
    assert written == 3
    series = await list_pivots(session, company_id=company_id, series="rubric-2")
    # Under version 2, 80 % AI revenue in 2023 is only ai_enabled: away and back again.
    assert [(p.kind, p.from_period, p.to_period, p.rubric_version, p.series) for p in series] == [
        ("born_ai_native", None, "2022", 2, "rubric-2"),
        ("pivot_away", "2022", "2023", 2, "rubric-2"),
        ("pivot_to_ai", "2023", "2024", 2, "rubric-2"),
    ]
    assert series[1].to_class == "ai_enabled"
    assert series[1].delta_ai_revenue_share == Decimal("-0.15")

    # The live series, its events and the company's class are untouched; the API shows only the live series.
    assert await _pivots(client, founder, company) == live_before
    assert [p.series for p in await list_pivots(session, company_id=company_id)] == ["live"]
    assert (await client.get(f"/api/v1/companies/{company['id']}")).json()["ai_class"] == "ai_native"

    # Recomputing under the same version replaces that series instead of adding to it.
    assert await recompute_pivots(session, rubric=stricter, company_ids=[company_id]) == 3
    assert len(await list_pivots(session, company_id=company_id, series="rubric-2")) == 3


async def test_recompute_for_one_company_keeps_the_series_of_others(
    client: httpx.AsyncClient, database: Database, session: AsyncSession
) -> None:
    founder = await account(client, database)
    admin = await account(client, database, "admin")
    first = await _company(client, founder)
    second = await _company(client, founder)
    for company in (first, second):
        await _file(client, founder, company, declaration(2022, "ai_native", revenue_ai=95_000_000))
        await _file(client, founder, company, declaration(2023, "ai_native", revenue_ai=80_000_000))
    assert (
        await client.post("/api/v1/rubric-versions", json=await _stricter(client), headers=admin.headers)
    ).status_code == 201
    stricter = await rubric_version(session, 2)
    assert stricter is not None
    first_id, second_id = uuid.UUID(first["id"]), uuid.UUID(second["id"])
    assert await recompute_pivots(session, rubric=stricter, company_ids=[first_id]) == 2
    assert await recompute_pivots(session, rubric=stricter, company_ids=[second_id]) == 2
    assert [p.kind for p in await list_pivots(session, company_id=second_id, series="rubric-2")] == [
        "born_ai_native",
        "pivot_away",
    ]
    assert [p.kind for p in await list_pivots(session, company_id=first_id, series="rubric-2")] == [
        "born_ai_native",
        "pivot_away",
    ]
