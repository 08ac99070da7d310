"""Who may file and read AI declarations: members and hub staff see figures, economists and the public never do."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from api.database import Database
from tests.factories import SignedIn, account, register_company, unique_bin

# Figures that appear nowhere else, so that a leak shows up as a plain substring.
REVENUE_TOTAL = 731_000_111
REVENUE_AI = 612_345_678
OPEX_TOTAL = 93_000_777


def declaration(fiscal_year: int, *, native: bool = True, **overrides: Any) -> dict[str, Any]:
    """A declaration body: ai_native, or (``native=False``) non_ai with the same totals."""
    body: dict[str, Any] = {
        "fiscal_year": fiscal_year,
        "revenue_total": REVENUE_TOTAL,
        "revenue_ai": REVENUE_AI if native else 0,
        "fte_total": 25,
        "fte_ai": 11 if native else 0,
        "opex_total": OPEX_TOTAL,
        "opex_ai": 41_000_333 if native else 0,
        "owns_data_library": native,
        "products": [
            {
                "name": "Sozdik NLP",
                "capabilities": ["natural_language_processing"],
                "is_core": True,
                "provenance": "fine_tuned",
                "stage": "production",
            }
        ]
        if native
        else [],
    }
    body.update(overrides)
    return body


def _leaks_figures(payload: str) -> bool:
    return any(str(figure) in payload for figure in (REVENUE_TOTAL, REVENUE_AI, OPEX_TOTAL))


@dataclass
class Callers:
    founder: SignedIn
    other_founder: SignedIn
    reviewer: SignedIn
    economist: SignedIn
    admin: SignedIn
    company_id: str


@pytest.fixture
async def callers(client: httpx.AsyncClient, database: Database) -> Callers:
    """A company registered in 2022 that filed non_ai for 2022 and ai_native for 2023 (a pivot to AI)."""
    founder = await account(client, database)
    company = await register_company(client, founder, registration_date="2022-03-01", bin=unique_bin(date(2022, 3, 1)))
    for body in (declaration(2022, native=False), declaration(2023)):
        filed = await client.post(f"/api/v1/companies/{company['id']}/declarations", json=body, headers=founder.headers)
        assert filed.status_code == 201, filed.text
    return Callers(
        founder=founder,
        other_founder=await account(client, database),
        reviewer=await account(client, database, "reviewer"),
        economist=await account(client, database, "economist"),
        admin=await account(client, database, "admin"),
        company_id=company["id"],
    )


CALLER_NAMES = ("anonymous", "founder", "other_founder", "reviewer", "economist", "admin")

# (method, path, expected status for: anonymous, own founder, other founder, reviewer, economist, admin)
ROUTES: list[tuple[str, str, tuple[int, ...]]] = [
    ("POST", "/declarations", (401, 201, 404, 403, 403, 201)),
    ("POST", "/declarations/preview", (401, 200, 404, 403, 403, 200)),
    ("GET", "/declarations", (401, 200, 404, 200, 403, 200)),
    ("GET", "/ai-status", (401, 200, 404, 200, 403, 200)),
    ("GET", "/pivots", (401, 200, 404, 200, 403, 200)),
]
CASES = [
    (method, path, caller, status)
    for method, path, statuses in ROUTES
    for caller, status in zip(CALLER_NAMES, statuses, strict=True)
]


@pytest.mark.parametrize(
    ("method", "path", "caller", "expected"), CASES, ids=[f"{m} {p} as {c}" for m, p, c, _ in CASES]
)
async def test_declaration_routes_by_caller(
    client: httpx.AsyncClient, callers: Callers, method: str, path: str, caller: str, expected: int
) -> None:
    signed_in: SignedIn | None = getattr(callers, caller, None)
    headers = signed_in.headers if signed_in else {}
    body = declaration(2024) if method == "POST" else None
    response = await client.request(method, f"/api/v1/companies/{callers.company_id}{path}", json=body, headers=headers)
    assert response.status_code == expected, response.text
    if expected >= 400:
        assert response.headers["content-type"].startswith("application/problem+json")
        assert not _leaks_figures(response.text)
        assert "ai_native" not in response.text and "pivot_to_ai" not in response.text
        return
    content = response.json()
    if path == "/declarations":
        listed = content if method == "GET" else [content]
        assert all(d["revenue_total"] == REVENUE_TOTAL for d in listed)
        assert all(d["company_id"] == callers.company_id for d in listed)
    elif path == "/ai-status":
        assert content["ai_class"] == "ai_native" and content["period"] == "2023"
    elif path == "/pivots":
        assert [(p["kind"], p["to_period"]) for p in content] == [("pivot_to_ai", "2023")]
    else:
        assert content["ai_class"] == "ai_native"


async def test_refused_filings_store_nothing(
    client: httpx.AsyncClient, callers: Callers, connection: AsyncConnection
) -> None:
    url = f"/api/v1/companies/{callers.company_id}/declarations"
    before = (await connection.execute(text("SELECT last_seq FROM event_chain_head"))).scalar_one()
    for caller in (None, callers.other_founder, callers.reviewer, callers.economist):
        refused = await client.post(url, json=declaration(2024), headers=caller.headers if caller else {})
        assert refused.status_code in {401, 403, 404}
    listed = (await client.get(url, headers=callers.founder.headers)).json()
    assert sorted(d["period"] for d in listed) == ["2022", "2023"]
    assert (await connection.execute(text("SELECT last_seq FROM event_chain_head"))).scalar_one() == before


async def test_a_member_who_is_not_the_owner_may_file_and_read(
    client: httpx.AsyncClient, database: Database, callers: Callers
) -> None:
    colleague = await account(client, database)
    url = f"/api/v1/companies/{callers.company_id}"
    added = await client.post(f"{url}/members", json={"email": colleague.email}, headers=callers.founder.headers)
    assert added.status_code == 201
    filed = await client.post(f"{url}/declarations", json=declaration(2024), headers=colleague.headers)
    assert filed.status_code == 201
    listed = await client.get(f"{url}/declarations", headers=colleague.headers)
    assert [d["period"] for d in listed.json()] == ["2024", "2023", "2022"]


@pytest.mark.parametrize(("method", "path"), [(m, p) for m, p, _ in ROUTES], ids=[f"{m} {p}" for m, p, _ in ROUTES])
async def test_unknown_company_is_404_on_every_route(
    client: httpx.AsyncClient, callers: Callers, method: str, path: str
) -> None:
    body = declaration(2024) if method == "POST" else None
    for caller in (callers.admin, callers.founder):
        response = await client.request(
            method, f"/api/v1/companies/{uuid.uuid4()}{path}", json=body, headers=caller.headers
        )
        assert response.status_code == 404, f"{caller.role}: {response.status_code} {response.text}"
        assert response.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize("caller", ["anonymous", "other_founder", "economist"])
async def test_outsiders_see_the_class_but_never_the_figures(
    client: httpx.AsyncClient, callers: Callers, caller: str
) -> None:
    signed_in: SignedIn | None = getattr(callers, caller) if caller != "anonymous" else None
    headers = signed_in.headers if signed_in else {}
    profile = await client.get(f"/api/v1/companies/{callers.company_id}", headers=headers)
    assert profile.status_code == 200
    assert profile.json()["ai_class"] == "ai_native"
    assert not _leaks_figures(profile.text)
    assert {"revenue_total", "revenue_ai", "evaluation", "declarations"}.isdisjoint(profile.json())
    register = await client.get("/api/v1/companies", params={"ai_class": "ai_native", "limit": 200}, headers=headers)
    assert register.status_code == 200
    assert not _leaks_figures(register.text)


async def test_change_feed_shows_pivots_without_figures_or_deltas(
    client: httpx.AsyncClient, database: Database, connection: AsyncConnection
) -> None:
    founder = await account(client, database)
    company = await register_company(client, founder, registration_date="2022-03-01", bin=unique_bin(date(2022, 3, 1)))
    url = f"/api/v1/companies/{company['id']}/declarations"
    before = int((await connection.execute(text("SELECT last_seq FROM event_chain_head"))).scalar_one())
    for body in (declaration(2022, native=False), declaration(2023), declaration(2023, native=False)):
        assert (await client.post(url, json=body, headers=founder.headers)).status_code == 201

    # The private log has all of it ...
    logged = (
        await connection.execute(text("SELECT kind, is_public FROM events WHERE seq > :s ORDER BY seq"), {"s": before})
    ).all()
    assert [tuple(row) for row in logged] == [
        ("declaration.filed", False),
        ("company.classified", True),
        ("declaration.filed", False),
        ("company.classified", True),
        ("company.pivoted", True),
        ("declaration.superseded", False),
        ("declaration.filed", False),
        ("company.classified", True),
        ("company.pivot_retracted", True),
    ]

    # ... the public feed only the class changes, with no figures, shares or deltas.
    for headers in ({}, (await account(client, database, "economist")).headers):
        page = await client.get("/api/v1/events", params={"after": before, "limit": 200}, headers=headers)
        assert page.status_code == 200
        feed = page.json()["items"]
        assert [e["kind"] for e in feed] == [
            "company.classified",
            "company.classified",
            "company.pivoted",
            "company.classified",
            "company.pivot_retracted",
        ]
        assert all(e["resource_id"] == company["id"] for e in feed)
        classes = [e["data"] for e in feed if e["kind"] == "company.classified"]
        assert classes == [
            {"ai_class": "non_ai", "previous": None},
            {"ai_class": "ai_native", "previous": "non_ai"},
            {"ai_class": "non_ai", "previous": "ai_native"},
        ]
        pivoted, retracted = (e for e in feed if e["kind"] != "company.classified")
        assert pivoted["data"] == {
            "kind": "pivot_to_ai",
            "from_class": "non_ai",
            "to_class": "ai_native",
            "from_period": "2022",
            "to_period": "2023",
            "rubric_version": 1,
        }
        assert retracted["data"] == {"kind": "pivot_to_ai", "to_period": "2023"}
        serialised = json.dumps(page.json())
        assert not _leaks_figures(serialised)
        for secret in ("delta", "share", "months_since_registration", "fte", "revenue", "declaration."):
            assert secret not in serialised
