"""Registering, reading, changing and searching companies over HTTP."""

from __future__ import annotations

import uuid
from datetime import date

import httpx
import pytest

from api.database import Database
from registry.companies.bin_rules import make_bin
from tests.factories import account, company_payload, register_company, unique_bin


async def test_founder_registers_a_company_and_becomes_its_owner(client: httpx.AsyncClient, database: Database) -> None:
    founder = await account(client, database)
    response = await client.post("/api/v1/companies", json=company_payload(), headers=founder.headers)
    assert response.status_code == 201
    company = response.json()
    assert response.headers["ETag"] == '"1"'
    assert response.headers["Location"] == f"/api/v1/companies/{company['id']}"
    assert company["region"]["name_en"] == "Astana"
    assert [a["code"] for a in company["activities"] if a["is_primary"]] == ["62.01"]
    assert company["headcount"] == 12
    members = await client.get(f"/api/v1/companies/{company['id']}/members", headers=founder.headers)
    assert [(m["email"], m["role"]) for m in members.json()] == [(founder.email, "owner")]


async def test_public_sees_only_public_fields(client: httpx.AsyncClient, database: Database) -> None:
    founder = await account(client, database)
    company = await register_company(client, founder)
    outsider = await account(client, database)
    economist = await account(client, database, "economist")
    reviewer = await account(client, database, "reviewer")
    for headers in ({}, outsider.headers, economist.headers):
        public = await client.get(f"/api/v1/companies/{company['id']}", headers=headers)
        assert public.status_code == 200
        assert {"headcount", "website", "description", "version"}.isdisjoint(public.json())
        assert "ETag" not in public.headers
        assert public.json()["bin"] == company["bin"]
    staff = await client.get(f"/api/v1/companies/{company['id']}", headers=reviewer.headers)
    assert staff.json()["headcount"] == 12


async def test_company_found_by_bin(client: httpx.AsyncClient, database: Database) -> None:
    founder = await account(client, database)
    company = await register_company(client, founder)
    found = await client.get(f"/api/v1/companies/by-bin/{company['bin']}")
    assert found.status_code == 200
    assert found.json()["id"] == company["id"]
    assert (await client.get("/api/v1/companies/by-bin/000000000000")).status_code == 404


@pytest.mark.parametrize(
    ("bin_value", "code", "english"),
    [
        ("12345", "bin.length", "exactly 12 digits"),
        ("23AB40000014", "bin.length", "only digits"),
        ("231340000012", "bin.month", "month"),
        ("230170000017", "bin.entity_type", None),
        ("230148000012", "bin.division", None),
    ],
)
async def test_bin_errors_name_the_wrong_part(
    client: httpx.AsyncClient, database: Database, bin_value: str, code: str, english: str | None
) -> None:
    founder = await account(client, database)
    response = await client.post("/api/v1/companies", json=company_payload(bin=bin_value), headers=founder.headers)
    assert response.status_code == 422
    bin_errors = [e for e in response.json()["errors"] if e["field"] == "bin"]
    assert bin_errors and bin_errors[0]["code"] == code
    if english:
        assert english in bin_errors[0]["message"]


async def test_wrong_check_digit_is_explained_in_russian(client: httpx.AsyncClient, database: Database) -> None:
    founder = await account(client, database)
    valid = unique_bin()
    wrong = valid[:11] + str((int(valid[11]) + 1) % 10)
    response = await client.post(
        "/api/v1/companies",
        json=company_payload(bin=wrong),
        headers={**founder.headers, "Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"},
    )
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["code"] == "bin.check_digit"
    assert "контрольн" in error["message"].lower()
    assert response.json()["detail"] == "В данных компании есть ошибки."


async def test_bin_from_the_future_and_registration_before_the_bin_month(
    client: httpx.AsyncClient, database: Database
) -> None:
    founder = await account(client, database)
    # The clock says 2026-11-20, so a BIN of December 2026 names a month that has not come yet.
    future = make_bin(registration_month=date(2026, 12, 1), entity_type_digit=4, division_digit=0, serial=77)
    future = future or make_bin(registration_month=date(2026, 12, 1), entity_type_digit=4, division_digit=0, serial=78)
    response = await client.post("/api/v1/companies", json=company_payload(bin=future), headers=founder.headers)
    assert response.status_code == 422
    assert "bin.future" in [e["code"] for e in response.json()["errors"]]

    early = await client.post(
        "/api/v1/companies",
        json=company_payload(bin=unique_bin(date(2023, 5, 1)), registration_date="2023-04-30"),
        headers=founder.headers,
    )
    assert early.status_code == 422
    assert [e["code"] for e in early.json()["errors"]] == ["company.registration_before_bin"]


async def test_unknown_region_activity_and_primary_are_field_errors(
    client: httpx.AsyncClient, database: Database
) -> None:
    founder = await account(client, database)
    response = await client.post(
        "/api/v1/companies",
        json=company_payload(region="990000000", activities=["62.01", "99.99"], primary_activity="63.11"),
        headers=founder.headers,
    )
    assert response.status_code == 422
    assert {(e["field"], e["code"]) for e in response.json()["errors"]} == {
        ("region", "company.region_unknown"),
        ("activities.1", "company.activity_unknown"),
        ("primary_activity", "company.primary_not_listed"),
    }


async def test_duplicate_bin_is_a_conflict_naming_the_existing_company(
    client: httpx.AsyncClient, database: Database
) -> None:
    founder = await account(client, database)
    company = await register_company(client, founder)
    again = await client.post("/api/v1/companies", json=company_payload(bin=company["bin"]), headers=founder.headers)
    assert again.status_code == 409
    assert again.json()["existing_company_id"] == company["id"]


async def test_bad_input_changes_nothing(client: httpx.AsyncClient, database: Database) -> None:
    founder = await account(client, database)
    payload = company_payload(region="990000000")
    assert (await client.post("/api/v1/companies", json=payload, headers=founder.headers)).status_code == 422
    assert (await client.get(f"/api/v1/companies/by-bin/{payload['bin']}")).status_code == 404


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"unexpected": 1}, "unexpected"),
        ({"name_ru": "x" * 301}, "name_ru"),
        ({"activities": []}, "activities"),
        ({"website": "not a url"}, "website"),
        ({"headcount": -1}, "headcount"),
        ({"legal_form": "plc"}, "legal_form"),
    ],
)
async def test_malformed_bodies_are_refused_with_the_field(
    client: httpx.AsyncClient, database: Database, change: dict[str, object], field: str
) -> None:
    founder = await account(client, database)
    response = await client.post("/api/v1/companies", json={**company_payload(), **change}, headers=founder.headers)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert field in [e["field"] for e in response.json()["errors"]]


async def test_oversized_body_is_413(client: httpx.AsyncClient, database: Database) -> None:
    founder = await account(client, database)
    huge = company_payload(description="x" * (1024 * 1024 + 10))
    response = await client.post("/api/v1/companies", json=huge, headers=founder.headers)
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_patch_needs_if_match_and_refuses_a_stale_one(client: httpx.AsyncClient, database: Database) -> None:
    founder = await account(client, database)
    company = await register_company(client, founder)
    url = f"/api/v1/companies/{company['id']}"
    missing = await client.patch(url, json={"headcount": 20}, headers=founder.headers)
    assert missing.status_code == 428
    changed = await client.patch(
        url, json={"headcount": 20, "name_en": "Tulpar Vision LLP"}, headers={**founder.headers, "If-Match": '"1"'}
    )
    assert changed.status_code == 200
    assert changed.headers["ETag"] == '"2"'
    assert changed.json()["headcount"] == 20
    stale = await client.patch(url, json={"headcount": 30}, headers={**founder.headers, "If-Match": '"1"'})
    assert stale.status_code == 412
    assert stale.headers["ETag"] == '"2"'
    assert (await client.get(url, headers=founder.headers)).json()["headcount"] == 20


async def test_patch_changes_activities_and_keeps_one_primary(client: httpx.AsyncClient, database: Database) -> None:
    founder = await account(client, database)
    company = await register_company(client, founder)
    response = await client.patch(
        f"/api/v1/companies/{company['id']}",
        json={"activities": ["72.19", "62.01"], "primary_activity": "72.19"},
        headers={**founder.headers, "If-Match": '"1"'},
    )
    assert response.status_code == 200
    assert [(a["code"], a["is_primary"]) for a in response.json()["activities"]] == [("72.19", True), ("62.01", False)]


async def test_founder_cannot_change_status_but_admin_can(client: httpx.AsyncClient, database: Database) -> None:
    founder = await account(client, database)
    admin = await account(client, database, "admin")
    company = await register_company(client, founder)
    url = f"/api/v1/companies/{company['id']}"
    refused = await client.patch(url, json={"status": "liquidated"}, headers={**founder.headers, "If-Match": '"1"'})
    assert refused.status_code == 422
    done = await client.patch(url, json={"status": "liquidated"}, headers={**admin.headers, "If-Match": '"1"'})
    assert done.status_code == 200 and done.json()["status"] == "liquidated"


async def test_another_founder_gets_404_for_private_resources(client: httpx.AsyncClient, database: Database) -> None:
    owner = await account(client, database)
    other = await account(client, database)
    company = await register_company(client, owner)
    url = f"/api/v1/companies/{company['id']}"
    assert (
        await client.patch(url, json={"headcount": 1}, headers={**other.headers, "If-Match": '"1"'})
    ).status_code == 404
    assert (await client.get(f"{url}/members", headers=other.headers)).status_code == 404
    assert (await client.post(f"{url}/members", json={"email": other.email}, headers=other.headers)).status_code == 404


async def test_owner_adds_a_member_who_can_then_edit(client: httpx.AsyncClient, database: Database) -> None:
    owner = await account(client, database)
    colleague = await account(client, database)
    company = await register_company(client, owner)
    url = f"/api/v1/companies/{company['id']}"
    added = await client.post(f"{url}/members", json={"email": colleague.email.upper()}, headers=owner.headers)
    assert added.status_code == 201
    assert added.json()["role"] == "member"
    again = await client.post(f"{url}/members", json={"email": colleague.email}, headers=owner.headers)
    assert again.status_code == 409
    unknown = await client.post(f"{url}/members", json={"email": "nobody@example.kz"}, headers=owner.headers)
    assert unknown.status_code == 422
    # A plain member may edit but may not add members.
    edit = await client.patch(url, json={"headcount": 3}, headers={**colleague.headers, "If-Match": '"1"'})
    assert edit.status_code == 200
    refused = await client.post(f"{url}/members", json={"email": owner.email}, headers=colleague.headers)
    assert refused.status_code == 403


async def test_register_lists_newest_first_with_cursor_pages(client: httpx.AsyncClient, database: Database) -> None:
    founder = await account(client, database)
    region = "100000000"  # Abai Region: no other test registers companies there
    registered = [
        await register_company(
            client, founder, region=region, registration_date=f"2023-0{month}-10", bin=unique_bin(date(2023, month, 1))
        )
        for month in (1, 2, 3, 4, 5)
    ]
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, str | int] = {"region": region, "limit": 2}
        if cursor:
            params["cursor"] = cursor
        page = (await client.get("/api/v1/companies", params=params)).json()
        seen += [item["id"] for item in page["items"]]
        assert all("headcount" not in item for item in page["items"])
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [company["id"] for company in reversed(registered)]


async def test_register_filters(client: httpx.AsyncClient, database: Database) -> None:
    founder = await account(client, database)
    region = "270000000"
    ai_lab = await register_company(
        client, founder, region=region, activities=["72.19"], primary_activity="72.19", registration_date="2023-06-01"
    )
    software = await register_company(client, founder, region=region, registration_date="2023-02-01")

    async def ids(**params: str) -> set[str]:
        page = await client.get("/api/v1/companies", params={"region": region, **params})
        assert page.status_code == 200, page.text
        return {item["id"] for item in page.json()["items"]}

    assert await ids(activity="72") == {ai_lab["id"]}
    assert await ids(activity="M") == {ai_lab["id"]}
    assert await ids(activity="62.01") == {software["id"]}
    assert await ids(registered_from="2023-03-01") == {ai_lab["id"]}
    assert await ids(registered_to="2023-03-01") == {software["id"]}
    assert await ids(status="liquidated") == set()


@pytest.mark.parametrize("params", [{"limit": 201}, {"limit": 0}, {"cursor": "%%%"}, {"region": "abc"}])
async def test_bad_list_parameters_are_refused(client: httpx.AsyncClient, params: dict[str, object]) -> None:
    response = await client.get("/api/v1/companies", params=params)
    assert response.status_code in {400, 422}
    assert response.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize("query", ["Qazaq AI", "Казак ИИ", "Қазақ AI", "Kazakh AI", "qazaq", "Kazah AI", "ҚАЗАҚ ЖИ"])
async def test_search_matches_across_scripts_and_small_typos(
    client: httpx.AsyncClient, database: Database, query: str
) -> None:
    founder = await account(client, database)
    company = await register_company(
        client, founder, name_kk="«Қазақ AI» ЖШС", name_ru="ТОО «Казак ИИ»", name_en="Qazaq AI LLP"
    )
    await register_company(client, founder, name_kk="«Дала Агро» ЖШС", name_ru="ТОО «Дала Агро»", name_en="Dala Agro")
    page = await client.get("/api/v1/companies", params={"q": query})
    assert page.status_code == 200
    names = [item["id"] for item in page.json()["items"]]
    assert names and names[0] == company["id"]


async def test_search_ranks_the_closest_name_first(client: httpx.AsyncClient, database: Database) -> None:
    founder = await account(client, database)
    await register_company(
        client, founder, name_kk="«Алтын Дата Вижн» ЖШС", name_ru="ТОО «Алтын Дата Вижн»", name_en="Altyn Data Vision"
    )
    exact = await register_company(
        client, founder, name_kk="«Алтын Дата» ЖШС", name_ru="ТОО «Алтын Дата»", name_en="Altyn Data"
    )
    page = (await client.get("/api/v1/companies", params={"q": "Altyn Data"})).json()
    assert page["items"][0]["id"] == exact["id"]
    assert (await client.get("/api/v1/companies", params={"q": "Zzyzx Quantum"})).json()["items"] == []


async def test_unknown_company_is_404_problem(client: httpx.AsyncClient) -> None:
    response = await client.get(f"/api/v1/companies/{uuid.uuid4()}", headers={"Accept-Language": "kk"})
    assert response.status_code == 404
    assert response.json()["detail"] == "Компания табылмады."


@pytest.mark.parametrize(
    "if_match",
    [b'"\xb2"', b'"\xb9"', b'W/"1"', b'"99999999999999999999999"', b'""', b'"', b'"1'],
    ids=["superscript-two", "superscript-one", "weak", "too-long", "empty", "one-quote", "unclosed"],
)
async def test_an_if_match_that_names_no_version_is_412_and_changes_nothing(
    client: httpx.AsyncClient, database: Database, if_match: bytes
) -> None:
    """``isdigit`` is true for ``²``, which ``int`` refuses: such a tag, a weak one (If-Match compares strongly), an
    unquoted or an overlong number name no version: 412 with the current ETag, never a 500."""
    founder = await account(client, database)
    company = await register_company(client, founder)
    url = f"/api/v1/companies/{company['id']}"
    response = await client.patch(url, json={"headcount": 30}, headers={**founder.headers, "If-Match": if_match})
    assert response.status_code == 412, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.headers["ETag"] == '"1"'
    assert (await client.get(url, headers=founder.headers)).json()["headcount"] == company["headcount"]
