"""Filing, previewing, superseding and reading AI declarations over HTTP; the class on the public register."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection

from api.database import Database
from tests.factories import (
    SignedIn,
    account,
    ai_native_declaration,
    non_ai_declaration,
    register_company,
    unique_bin,
)

REGISTERED = "2022-01-10"


def declaration(fiscal_year: int = 2024, **overrides: Any) -> dict[str, Any]:
    """An ai_native declaration body (the shared factory, defaulting to 2024 here)."""
    return ai_native_declaration(fiscal_year, **overrides)


def non_ai(fiscal_year: int = 2024) -> dict[str, Any]:
    """A declaration of a company without AI products or AI revenue."""
    return non_ai_declaration(fiscal_year)


async def _company(client: httpx.AsyncClient, founder: SignedIn, **overrides: Any) -> dict[str, Any]:
    return await register_company(
        client, founder, registration_date=REGISTERED, bin=unique_bin(date(2022, 1, 1)), **overrides
    )


async def _file(client: httpx.AsyncClient, founder: SignedIn, company: dict[str, Any], body: dict[str, Any]) -> Any:
    response = await client.post(f"/api/v1/companies/{company['id']}/declarations", json=body, headers=founder.headers)
    assert response.status_code == 201, response.text
    return response.json()


async def _last_seq(connection: AsyncConnection) -> int:
    return int((await connection.execute(text("SELECT last_seq FROM event_chain_head"))).scalar_one())


async def test_filing_returns_the_declaration_with_its_evaluation(
    client: httpx.AsyncClient, database: Database
) -> None:
    founder = await account(client, database)
    company = await _company(client, founder)
    response = await client.post(
        f"/api/v1/companies/{company['id']}/declarations", json=declaration(2024), headers=founder.headers
    )
    assert response.status_code == 201
    filed = response.json()
    assert filed["company_id"] == company["id"]
    assert (filed["period"], filed["fiscal_year"], filed["quarter"]) == ("2024", 2024, None)
    assert (filed["revenue_total"], filed["revenue_ai"]) == (100_000_000, 80_000_000)
    assert Decimal(str(filed["fte_total"])) == 10 and Decimal(str(filed["fte_ai"])) == 4
    assert filed["products"][0]["name"] == "Vision QA"
    assert filed["products"][0]["capabilities"] == ["computer_vision"]
    assert filed["supersedes_id"] is None and filed["superseded"] is False

    evaluation = filed["evaluation"]
    assert evaluation["rubric_version"] == 1
    assert evaluation["ai_class"] == "ai_native"
    assert evaluation["flags"] == []
    assert evaluation["failed"] == []
    criteria = {c["id"]: c for c in evaluation["criteria"]}
    assert list(criteria) == ["G1", "G2", "M1", "M2", "M3", "M4"]
    assert {k: (c["value"], c["threshold"], c["passed"], c["required"]) for k, c in criteria.items()} == {
        "G1": (1, 1, True, True),
        "G2": (1, 1, True, True),
        "M1": (0.8, 0.5, True, True),
        "M2": (0.4, 0.3, True, True),
        "M3": (True, True, True, True),
        "M4": (0.3, 0.2, True, False),
    }
    for criterion in criteria.values():
        assert set(criterion["explanation"]) == {"kk", "ru", "en"}
        assert set(criterion["title"]) == {"kk", "ru", "en"}
        assert all(criterion["explanation"].values())
        assert len(set(criterion["explanation"].values())) == 3  # three real translations, not one text thrice
    assert criteria["M1"]["explanation"]["en"] == "AI revenue is 80.0% of total revenue; at least 50% is required."
    assert "80,0 %" in criteria["M1"]["explanation"]["ru"]
    assert "80,0%" in criteria["M1"]["explanation"]["kk"]
    assert criteria["M1"]["title"] == {"kk": "ЖИ түсімінің үлесі", "ru": "Доля выручки от ИИ", "en": "AI revenue share"}


async def test_a_failing_declaration_says_which_criteria_fail(client: httpx.AsyncClient, database: Database) -> None:
    founder = await account(client, database)
    company = await _company(client, founder)
    body = declaration(2024, revenue_ai=20_000_000)  # 20 % AI revenue: not native, but ai_enabled
    filed = await _file(client, founder, company, body)
    evaluation = filed["evaluation"]
    assert evaluation["ai_class"] == "ai_enabled"
    assert evaluation["failed"] == ["M1"]
    m1 = next(c for c in evaluation["criteria"] if c["id"] == "M1")
    assert (m1["value"], m1["threshold"], m1["passed"]) == (0.2, 0.5, False)
    assert m1["explanation"]["en"] == "AI revenue is 20.0% of total revenue; at least 50% is required."


async def test_pre_revenue_company_is_flagged(client: httpx.AsyncClient, database: Database) -> None:
    founder = await account(client, database)
    company = await _company(client, founder)
    filed = await _file(client, founder, company, declaration(2023, revenue_total=0, revenue_ai=0))
    assert filed["evaluation"]["ai_class"] == "ai_native"
    assert filed["evaluation"]["flags"] == ["pre_revenue"]
    m1 = next(c for c in filed["evaluation"]["criteria"] if c["id"] == "M1")
    assert m1["value"] is None and m1["passed"] is True
    assert "pre-revenue" in m1["explanation"]["en"]


async def test_quarterly_declaration_is_its_own_period(client: httpx.AsyncClient, database: Database) -> None:
    founder = await account(client, database)
    company = await _company(client, founder)
    filed = await _file(client, founder, company, declaration(2026, quarter=2))
    assert (filed["period"], filed["quarter"]) == ("2026-Q2", 2)


@pytest.mark.parametrize(
    ("change", "field", "code", "english"),
    [
        (
            {"revenue_ai": 120_000_000},
            "revenue_ai",
            "declaration.revenue_ai_exceeds_total",
            "AI revenue (120000000) cannot exceed total revenue (100000000).",
        ),
        ({"fte_ai": 12}, "fte_ai", "declaration.fte_ai_exceeds_total", "cannot exceed total staff"),
        (
            {"opex_ai": 50_000_001},
            "opex_ai",
            "declaration.opex_ai_exceeds_total",
            "AI R&D and compute costs (50000001) cannot exceed total operating costs (50000000).",
        ),
        (
            {
                "products": [
                    declaration()["products"][0],
                    {**declaration()["products"][0], "name": "Empty", "capabilities": []},
                ]
            },
            "products.1.capabilities",
            "declaration.product_needs_capability",
            "Name at least one capability for each AI product.",
        ),
        (
            {"fiscal_year": 2027},
            "fiscal_year",
            "declaration.period_in_future",
            "The period (2027) has not started yet.",
        ),
        (
            {"fiscal_year": 2021},
            "fiscal_year",
            "declaration.period_before_registration",
            "The period (2021) ended before the company was registered (2022-01-10).",
        ),
    ],
    ids=["revenue", "fte", "opex", "capability", "future", "before-registration"],
)
async def test_inconsistent_figures_are_field_errors(
    client: httpx.AsyncClient,
    database: Database,
    change: dict[str, Any],
    field: str,
    code: str,
    english: str,
) -> None:
    founder = await account(client, database)
    company = await _company(client, founder)
    response = await client.post(
        f"/api/v1/companies/{company['id']}/declarations",
        json={**declaration(2024), **change},
        headers={**founder.headers, "Accept-Language": "en"},
    )
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["code"] == "declaration.invalid"
    assert problem["detail"] == "The declaration has errors."
    assert [(e["field"], e["code"]) for e in problem["errors"]] == [(field, code)]
    assert english in problem["errors"][0]["message"]


@pytest.mark.parametrize(("fiscal_year", "quarter", "first_day"), [(2026, None, "2027-01-01"), (2026, 4, "2027-01-01")])
async def test_a_period_under_way_is_refused_until_it_ends(
    client: httpx.AsyncClient, database: Database, fiscal_year: int, quarter: int | None, first_day: str
) -> None:
    # The test clock says 2026-11-20: 2026 and 2026-Q4 (from 1 October) have started, not ended (issue 13: a
    # declaration for a period that has not ended would change the public AI class on months still to come).
    founder = await account(client, database)
    company = await _company(client, founder)
    response = await client.post(
        f"/api/v1/companies/{company['id']}/declarations",
        json=declaration(fiscal_year, quarter=quarter),
        headers={**founder.headers, "Accept-Language": "kk"},
    )
    assert response.status_code == 422
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [
        ("fiscal_year", "declaration.period_not_ended")
    ]
    assert first_day in response.json()["errors"][0]["message"]
    assert response.json()["errors"][0]["message"].startswith("Кезең")
    status = await client.get(f"/api/v1/companies/{company['id']}")
    assert status.json()["ai_class"] is None


async def test_a_quarter_that_has_just_ended_may_be_declared(client: httpx.AsyncClient, database: Database) -> None:
    founder = await account(client, database)
    company = await _company(client, founder)
    filed = await _file(client, founder, company, declaration(2026, quarter=3))
    assert filed["period"] == "2026-Q3"


async def test_several_errors_are_reported_together(client: httpx.AsyncClient, database: Database) -> None:
    founder = await account(client, database)
    company = await _company(client, founder)
    body = declaration(2027, revenue_ai=200_000_000, fte_ai=11, opex_ai=60_000_000)
    response = await client.post(f"/api/v1/companies/{company['id']}/declarations", json=body, headers=founder.headers)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["revenue_ai", "fte_ai", "opex_ai", "fiscal_year"]


@pytest.mark.parametrize(
    ("language", "detail", "fragments"),
    [
        (
            "ru-RU,ru;q=0.9,en;q=0.5",
            "В декларации есть ошибки.",
            {
                "revenue_ai": "не может превышать общую выручку",
                "products.0.capabilities": "укажите хотя бы одну возможность",
                "fiscal_year": "закончился до регистрации компании (2022-01-10)",
            },
        ),
        (
            "kk",
            "Декларацияда қателер бар.",
            {
                "revenue_ai": "жалпы түсімнен",
                "products.0.capabilities": "кемінде бір мүмкіндікті көрсетіңіз",
                "fiscal_year": "компания тіркелгенге (2022-01-10) дейін аяқталған",
            },
        ),
    ],
)
async def test_error_messages_follow_accept_language(
    client: httpx.AsyncClient, database: Database, language: str, detail: str, fragments: dict[str, str]
) -> None:
    founder = await account(client, database)
    company = await _company(client, founder)
    product = {**declaration()["products"][0], "capabilities": []}
    body = declaration(2021, revenue_ai=100_000_001, products=[product])
    response = await client.post(
        f"/api/v1/companies/{company['id']}/declarations",
        json=body,
        headers={**founder.headers, "Accept-Language": language},
    )
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["detail"] == detail
    messages = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert set(messages) == set(fragments)
    for field, fragment in fragments.items():
        assert fragment in messages[field]


async def test_preview_messages_follow_accept_language_too(client: httpx.AsyncClient, database: Database) -> None:
    founder = await account(client, database)
    company = await _company(client, founder)
    response = await client.post(
        f"/api/v1/companies/{company['id']}/declarations/preview",
        json=declaration(2027),
        headers={**founder.headers, "Accept-Language": "ru"},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["message"] == "Период (2027) ещё не начался."


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"revenue_total": -1}, "revenue_total"),
        ({"fte_total": "ten"}, "fte_total"),
        ({"quarter": 5}, "quarter"),
        ({"unexpected": 1}, "unexpected"),
        # Nested fields use the same dotted paths as the consistency errors (``products.1.capabilities``).
        ({"products": [{**declaration()["products"][0], "capabilities": ["telepathy"]}]}, "products.0.capabilities.0"),
        ({"products": [{**declaration()["products"][0], "stage": "idea"}]}, "products.0.stage"),
    ],
    ids=["negative", "not-a-number", "quarter", "unknown-field", "capability", "stage"],
)
async def test_malformed_declarations_name_the_field(
    client: httpx.AsyncClient, database: Database, change: dict[str, Any], field: str
) -> None:
    founder = await account(client, database)
    company = await _company(client, founder)
    response = await client.post(
        f"/api/v1/companies/{company['id']}/declarations", json={**declaration(2024), **change}, headers=founder.headers
    )
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert [e["field"] for e in response.json()["errors"]] == [field]


async def test_nothing_is_stored_after_an_error(
    client: httpx.AsyncClient, database: Database, connection: AsyncConnection
) -> None:
    founder = await account(client, database)
    company = await _company(client, founder)
    url = f"/api/v1/companies/{company['id']}"
    before = await _last_seq(connection)
    refused = await client.post(f"{url}/declarations", json=declaration(2024, fte_ai=11), headers=founder.headers)
    assert refused.status_code == 422
    assert (await client.get(f"{url}/declarations", headers=founder.headers)).json() == []
    assert (await client.get(f"{url}/pivots", headers=founder.headers)).json() == []
    status = (await client.get(f"{url}/ai-status", headers=founder.headers)).json()
    assert status["ai_class"] is None and status["evaluation"] is None
    assert (await client.get(url)).json()["ai_class"] is None
    assert await _last_seq(connection) == before


async def test_preview_evaluates_without_storing(
    client: httpx.AsyncClient, database: Database, connection: AsyncConnection
) -> None:
    founder = await account(client, database)
    company = await _company(client, founder)
    url = f"/api/v1/companies/{company['id']}"
    before = await _last_seq(connection)
    response = await client.post(f"{url}/declarations/preview", json=declaration(2024), headers=founder.headers)
    assert response.status_code == 200
    preview = response.json()
    assert preview["ai_class"] == "ai_native"
    assert preview["rubric_version"] == 1
    assert [c["id"] for c in preview["criteria"]] == ["G1", "G2", "M1", "M2", "M3", "M4"]
    assert preview["failed"] == []

    weak = await client.post(
        f"{url}/declarations/preview",
        json=declaration(2024, products=[{**declaration()["products"][0], "is_core": False}]),
        headers=founder.headers,
    )
    assert weak.json()["ai_class"] == "ai_enabled"
    assert weak.json()["failed"] == ["G2"]

    assert (await client.get(f"{url}/declarations", headers=founder.headers)).json() == []
    assert (await client.get(f"{url}/ai-status", headers=founder.headers)).json()["ai_class"] is None
    assert (await client.get(f"{url}/pivots", headers=founder.headers)).json() == []
    assert (await client.get(url)).json()["ai_class"] is None
    assert await _last_seq(connection) == before
    stored = await connection.execute(
        text("SELECT count(*) FROM declarations WHERE company_id = :c"), {"c": company["id"]}
    )
    assert stored.scalar_one() == 0


async def test_preview_equals_the_evaluation_of_the_filing(client: httpx.AsyncClient, database: Database) -> None:
    founder = await account(client, database)
    company = await _company(client, founder)
    body = declaration(2024, revenue_ai=49_999_999, fte_ai=3)
    preview = await client.post(
        f"/api/v1/companies/{company['id']}/declarations/preview", json=body, headers=founder.headers
    )
    filed = await _file(client, founder, company, body)
    assert preview.json() == filed["evaluation"]
    assert filed["evaluation"]["ai_class"] == "ai_enabled"
    m1 = next(c for c in filed["evaluation"]["criteria"] if c["id"] == "M1")
    assert m1["passed"] is False  # 49.999999 % is below 50 %, whatever the rounding of the shown value


async def test_filed_declarations_are_immutable_in_the_database(
    client: httpx.AsyncClient, database: Database, connection: AsyncConnection
) -> None:
    founder = await account(client, database)
    company = await _company(client, founder)
    filed = await _file(client, founder, company, declaration(2024))
    for statement in (
        "UPDATE declarations SET revenue_ai = 1 WHERE id = :id",
        "UPDATE declarations SET ai_class = 'non_ai' WHERE id = :id",
        "UPDATE declaration_products SET is_core = false WHERE declaration_id = :id",
    ):
        with pytest.raises(DBAPIError, match="immutable"):
            async with connection.begin_nested():
                await connection.execute(text(statement), {"id": filed["id"]})
    listed = (await client.get(f"/api/v1/companies/{company['id']}/declarations", headers=founder.headers)).json()
    assert listed == [filed]


async def test_filing_again_for_a_period_supersedes_the_earlier_filing(
    client: httpx.AsyncClient, database: Database
) -> None:
    founder = await account(client, database)
    company = await _company(client, founder)
    url = f"/api/v1/companies/{company['id']}"
    first = await _file(client, founder, company, declaration(2024))
    other_year = await _file(client, founder, company, declaration(2023))
    correction = await _file(client, founder, company, non_ai(2024))
    assert correction["supersedes_id"] == first["id"]
    assert correction["superseded"] is False
    assert correction["evaluation"]["ai_class"] == "non_ai"
    assert other_year["supersedes_id"] is None

    listed = (await client.get(f"{url}/declarations", headers=founder.headers)).json()
    assert [(d["id"], d["period"], d["superseded"]) for d in listed] == [
        (correction["id"], "2024", False),
        (first["id"], "2024", True),
        (other_year["id"], "2023", False),
    ]
    kept = next(d for d in listed if d["id"] == first["id"])
    assert kept["revenue_ai"] == 80_000_000  # the superseded filing is kept unchanged
    assert kept["evaluation"]["ai_class"] == "ai_native"

    status = (await client.get(f"{url}/ai-status", headers=founder.headers)).json()
    assert status["declaration_id"] == correction["id"]
    assert (status["ai_class"], status["period"]) == ("non_ai", "2024")
    assert status["evaluation"] == correction["evaluation"]
    assert (await client.get(url)).json()["ai_class"] == "non_ai"

    again = await _file(client, founder, company, declaration(2024))
    assert again["supersedes_id"] == correction["id"]
    listed = (await client.get(f"{url}/declarations", headers=founder.headers)).json()
    assert [d["superseded"] for d in listed] == [False, True, True, False]
    assert (await client.get(url)).json()["ai_class"] == "ai_native"


async def test_ai_status_is_the_latest_period(client: httpx.AsyncClient, database: Database) -> None:
    founder = await account(client, database)
    company = await _company(client, founder)
    url = f"/api/v1/companies/{company['id']}"
    empty = await client.get(f"{url}/ai-status", headers=founder.headers)
    assert empty.status_code == 200
    assert empty.json() == {
        "company_id": company["id"],
        "ai_class": None,
        "period": None,
        "declaration_id": None,
        "evaluation": None,
    }
    latest = await _file(client, founder, company, non_ai(2025))
    await _file(client, founder, company, declaration(2024))  # an older period filed later does not count
    status = (await client.get(f"{url}/ai-status", headers=founder.headers)).json()
    assert (status["ai_class"], status["period"], status["declaration_id"]) == ("non_ai", "2025", latest["id"])
    assert [c["id"] for c in status["evaluation"]["criteria"]] == ["G1", "G2", "M1", "M2", "M3", "M4"]
    assert (await client.get(url)).json()["ai_class"] == "non_ai"


async def test_public_profile_and_register_show_the_class_not_the_figures(
    client: httpx.AsyncClient, database: Database
) -> None:
    founder = await account(client, database)
    region = "590000000"  # North Kazakhstan Region: no other test registers companies there
    native = await _company(client, founder, region=region)
    enabled = await _company(client, founder, region=region)
    undeclared = await _company(client, founder, region=region)
    await _file(client, founder, native, declaration(2024, revenue_ai=87_654_321))
    await _file(client, founder, enabled, declaration(2024, revenue_ai=20_000_000))

    public = await client.get(f"/api/v1/companies/{native['id']}")
    assert public.status_code == 200
    assert public.json()["ai_class"] == "ai_native"
    assert "87654321" not in public.text
    assert {"revenue_total", "revenue_ai", "fte_ai", "evaluation"}.isdisjoint(public.json())
    by_bin = await client.get(f"/api/v1/companies/by-bin/{enabled['bin']}")
    assert by_bin.json()["ai_class"] == "ai_enabled"
    assert (await client.get(f"/api/v1/companies/{undeclared['id']}")).json()["ai_class"] is None

    async def register(ai_class: str) -> list[str]:
        page = await client.get("/api/v1/companies", params={"region": region, "ai_class": ai_class})
        assert page.status_code == 200
        assert "87654321" not in page.text
        return [c["id"] for c in page.json()["items"]]

    assert await register("ai_native") == [native["id"]]
    assert await register("ai_enabled") == [enabled["id"]]
    assert await register("non_ai") == []
    everyone = await client.get("/api/v1/companies", params={"region": region})
    assert {c["id"]: c["ai_class"] for c in everyone.json()["items"]} == {
        native["id"]: "ai_native",
        enabled["id"]: "ai_enabled",
        undeclared["id"]: None,
    }

    # A correction moves the company between the register's filters.
    await _file(client, founder, native, non_ai(2024))
    assert await register("ai_native") == []
    assert await register("non_ai") == [native["id"]]


async def test_unknown_ai_class_filter_is_refused(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/companies", params={"ai_class": "robotic"})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
