"""Hostile bytes a client can send without a token: each is a clear 4xx problem+json in its language, never a 500."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest

from api.database import Database
from api.settings import Settings
from tests.factories import SignedIn, account, company_payload, register_company
from tests.licensing_support import APPLICATIONS, declared_company, quick_account, start_application

PROBLEM = "application/problem+json"


async def _register_size(client: httpx.AsyncClient) -> int:
    response = await client.get("/api/v1/companies", params={"limit": 200})
    assert response.status_code == 200
    return len(response.json()["items"])


def _assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    return body


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/companies?activity=%00", "activity"),
        ("/api/v1/companies?q=abc%00def", "q"),
        ("/api/v1/companies?region=71%00", "region"),
        ("/api/v1/companies/by-bin/%00", "path"),
        ("/api/v1/licences/AIN-2026-00001%00", "path"),
        ("/api/v1/statistics/releases?period=2025%00", "period"),
        ("/api/v1/companies?q=%FF%FE", "q"),
        ("/api/v1/companies?%00=1", "query"),
    ],
)
async def test_nul_and_invalid_utf8_in_a_query_or_path_is_a_422_naming_it(
    client: httpx.AsyncClient, url: str, field: str
) -> None:
    body = _assert_problem(await client.get(url, headers={"Accept-Language": "ru"}), 422)
    assert body["errors"][0]["field"] == field
    assert body["errors"][0]["code"] in {"nul_character", "not_utf8"}
    assert "NUL" in body["detail"] or "UTF-8" in body["detail"]
    assert body["detail"].startswith("Текст")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/events?after=999999999999999999999",
        "/api/v1/events?after=-99999999999999999999999",
        "/api/v1/applications?cursor=10000000000000000000000",
        "/api/v1/companies?limit=99999999999999999999999",
    ],
)
async def test_integers_beyond_bigint_are_a_4xx(client: httpx.AsyncClient, database: Database, url: str) -> None:
    admin = await account(client, database, "admin")
    response = await client.get(url, headers={**admin.headers, "Accept-Language": "kk"})
    assert 400 <= response.status_code < 500, response.text
    assert response.headers["content-type"].startswith(PROBLEM)


async def _post_company(client: httpx.AsyncClient, founder: SignedIn, content: bytes, **headers: str) -> httpx.Response:
    return await client.post(
        "/api/v1/companies",
        content=content,
        headers={**founder.headers, "Content-Type": "application/json", **headers},
    )


async def test_a_nul_in_a_json_string_is_a_422_on_that_field_and_nothing_is_stored(
    client: httpx.AsyncClient, database: Database
) -> None:
    founder = await account(client, database)
    before = await _register_size(client)
    payload = company_payload(name_en="Nul\u0000Name")
    body = _assert_problem(
        await _post_company(client, founder, json.dumps(payload).encode(), **{"Accept-Language": "kk"}), 422
    )
    assert body["errors"] == [
        {"field": "name_en", "code": "nul_character", "message": "Мәтінде NUL таңбасы (U+0000) болмауы керек."}
    ]
    assert await _register_size(client) == before


async def test_an_escaped_backslash_before_u0000_is_not_a_nul(client: httpx.AsyncClient, database: Database) -> None:
    founder = await account(client, database)
    payload = company_payload(description="A path like C:\\u0000 is just text.")
    response = await _post_company(client, founder, json.dumps(payload).encode())
    assert response.status_code == 201, response.text
    assert response.json()["description"] == "A path like C:\\u0000 is just text."


@pytest.mark.parametrize(
    "content",
    [
        b'{"name_en": "\xff\xfe"}',
        b"\xef\xbb\xbf" + b"\xc3\x28",
        b"[" * 1000 + b"]" * 1000,
        b"[" * 500 + b"]" * 500,
        b'{"a":' * 100 + b"1" + b"}" * 100,
        b'{"name_en": "unterminated',
    ],
)
async def test_malformed_json_is_a_400(client: httpx.AsyncClient, database: Database, content: bytes) -> None:
    founder = await account(client, database)
    body = _assert_problem(await _post_company(client, founder, content, **{"Accept-Language": "ru"}), 400)
    assert body["code"] == "malformed_body"
    assert "JSON" in body["detail"]


async def test_json_nested_to_the_limit_is_judged_on_its_fields(client: httpx.AsyncClient, database: Database) -> None:
    founder = await account(client, database)
    deep = {"x": 1}
    for _ in range(30):
        deep = {"x": deep}
    body = _assert_problem(await _post_company(client, founder, json.dumps({"extra": deep}).encode()), 422)
    assert body["code"] == "validation"


async def test_a_number_sent_as_a_string_is_not_coerced(client: httpx.AsyncClient, database: Database) -> None:
    founder = await account(client, database)
    before = await _register_size(client)
    payload = company_payload(headcount="7")
    body = _assert_problem(await _post_company(client, founder, json.dumps(payload).encode()), 422)
    assert [error["field"] for error in body["errors"]] == ["headcount"]
    assert await _register_size(client) == before


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "", "application/xml"])
async def test_a_json_body_with_another_media_type_is_a_415(
    client: httpx.AsyncClient, database: Database, content_type: str
) -> None:
    founder = await account(client, database)
    before = await _register_size(client)
    headers = {**founder.headers, "Accept-Language": "en"}
    if content_type:
        headers["Content-Type"] = content_type
    response = await client.post("/api/v1/companies", content=json.dumps(company_payload()).encode(), headers=headers)
    body = _assert_problem(response, 415)
    assert body["code"] == "unsupported_media_type"
    assert "application/json" in body["detail"]
    assert await _register_size(client) == before


async def test_a_json_media_type_with_charset_or_suffix_is_accepted(
    client: httpx.AsyncClient, database: Database
) -> None:
    founder = await account(client, database)
    for content_type in ("application/json; charset=utf-8", "application/merge-patch+json"):
        response = await _post_company(
            client, founder, json.dumps(company_payload()).encode(), **{"Content-Type": content_type}
        )
        assert response.status_code == 201, response.text


async def test_every_answer_says_nosniff(client: httpx.AsyncClient, database: Database) -> None:
    founder = await account(client, database)
    company = await register_company(client, founder)
    for response in (
        await client.get(f"/api/v1/companies/{company['id']}"),
        await client.get("/api/v1/companies?activity=%00"),
        await client.get("/health/live"),
        await client.get("/api/v1/no-such-thing"),
    ):
        assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.concurrency
async def test_concurrent_additions_of_one_member_add_it_once_and_answer_409_to_the_rest(
    committing_client: httpx.AsyncClient, committing_database: Database
) -> None:
    owner = await account(committing_client, committing_database)
    joining = await account(committing_client, committing_database)
    company = await register_company(committing_client, owner)
    responses = await asyncio.gather(
        *(
            committing_client.post(
                f"/api/v1/companies/{company['id']}/members",
                json={"email": joining.email, "role": "member"},
                headers={**owner.headers, "Accept-Language": "ru"},
            )
            for _ in range(6)
        )
    )
    statuses = sorted(response.status_code for response in responses)
    assert statuses == [201, 409, 409, 409, 409, 409], [response.text for response in responses]
    for response in responses:
        if response.status_code == 409:
            assert response.headers["content-type"].startswith(PROBLEM)
    members = await committing_client.get(f"/api/v1/companies/{company['id']}/members", headers=owner.headers)
    assert [member["email"] for member in members.json()].count(joining.email) == 1


async def test_an_out_of_range_integer_parameter_is_a_422_naming_it(client: httpx.AsyncClient) -> None:
    body = _assert_problem(
        await client.get("/api/v1/events?after=999999999999999999999", headers={"Accept-Language": "en"}), 422
    )
    assert body["errors"] == [
        {
            "field": "after",
            "code": "out_of_range",
            "message": "The number is too large (at most 9223372036854775807 in absolute value).",
        }
    ]


async def _draft_application(client: httpx.AsyncClient, database: Database, settings: Settings) -> tuple[SignedIn, str]:
    founder = await quick_account(database, settings)
    company, declaration = await declared_company(client, founder)
    application = await start_application(client, founder, company["id"], declaration["id"])
    return founder, application["id"]


async def _evidence_count(client: httpx.AsyncClient, founder: SignedIn, application_id: str) -> int:
    response = await client.get(f"{APPLICATIONS}/{application_id}", headers=founder.headers)
    assert response.status_code == 200
    return len(response.json()["evidence"])


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("description", b"Model card\x00 of Vision QA."),
        ("description", b"Model card \xff\xfe"),
        ("kind", b"model\x00card"),
    ],
)
async def test_nul_or_invalid_utf8_in_a_multipart_field_is_a_4xx_and_nothing_is_stored(
    client: httpx.AsyncClient, database: Database, settings: Settings, field: str, value: bytes
) -> None:
    founder, application_id = await _draft_application(client, database, settings)
    fields: dict[str, tuple[None, bytes]] = {
        "kind": (None, b"code_repository"),
        "description": (None, b"Source of the model."),
        "url": (None, b"https://github.com/tulpar/vision-qa"),
    }
    fields[field] = (None, value)
    response = await client.post(
        f"{APPLICATIONS}/{application_id}/evidence", files=fields, headers={**founder.headers, "Accept-Language": "ru"}
    )
    assert 400 <= response.status_code < 500, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    assert await _evidence_count(client, founder, application_id) == 0


async def test_json_sent_to_the_multipart_evidence_route_is_a_415_that_names_multipart(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    founder, application_id = await _draft_application(client, database, settings)
    response = await client.post(
        f"{APPLICATIONS}/{application_id}/evidence",
        json={"kind": "code_repository", "description": "Source.", "url": "https://github.com/tulpar/vision-qa"},
        headers={**founder.headers, "Accept-Language": "kk"},
    )
    body = _assert_problem(response, 415)
    assert "multipart/form-data" in body["detail"]
    assert await _evidence_count(client, founder, application_id) == 0


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/companies?licence_typo=ai_native", "licence_typo"),
        ("/api/v1/companies?q=Tulpar&regoin=710000000", "regoin"),
        ("/api/v1/reference/regions?lang=kk", "lang"),
        ("/health/live?probe=1", "probe"),
    ],
)
async def test_an_unknown_query_parameter_is_a_422_listing_the_known_ones(
    client: httpx.AsyncClient, url: str, field: str
) -> None:
    body = _assert_problem(await client.get(url, headers={"Accept-Language": "ru"}), 422)
    assert body["errors"][0]["field"] == field
    assert body["errors"][0]["code"] == "unknown_parameter"
    assert body["detail"].startswith(f"Неизвестный параметр запроса: «{field}».")


async def test_every_declared_query_parameter_is_still_accepted(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/api/v1/companies",
        params={"q": "Tulpar", "region": "710000000", "status": "active", "limit": 5, "registered_from": "2020-01-01"},
    )
    assert response.status_code == 200, response.text


async def test_a_trailing_nul_in_known_at_is_a_422_for_a_signed_in_economist(
    client: httpx.AsyncClient, database: Database
) -> None:
    economist = await account(client, database, "economist")
    response = await client.get(
        "/api/v1/metrics/summary?known_at=2025-01-01T00:00:00Z%00",
        headers={**economist.headers, "Accept-Language": "kk"},
    )
    body = _assert_problem(response, 422)
    assert body["errors"][0]["field"] == "known_at"
    assert body["errors"][0]["message"] == "Мәтінде NUL таңбасы (U+0000) болмауы керек."


async def test_a_caller_who_may_not_call_a_route_gets_401_or_403_whatever_the_body(
    client: httpx.AsyncClient, database: Database
) -> None:
    founder = await account(client, database)
    anonymous = await client.post("/api/v1/accounts", content=b'{"email": 7}', headers={"Content-Type": "text/plain"})
    assert anonymous.status_code == 401
    forbidden = await client.post(
        "/api/v1/accounts", content=b"[" * 1000, headers={**founder.headers, "Content-Type": "application/json"}
    )
    assert forbidden.status_code == 403


async def test_a_missing_query_parameter_is_named_as_the_field(client: httpx.AsyncClient) -> None:
    body = _assert_problem(
        await client.get("/api/v1/statistics/releases/1/changes", headers={"Accept-Language": "ru"}), 422
    )
    assert [error["field"] for error in body["errors"]] == ["since"]


async def test_a_refusal_carries_its_request_id_like_any_answer(client: httpx.AsyncClient) -> None:
    refused = await client.get("/api/v1/companies?activity=%00", headers={"X-Request-ID": "probe-nul-1"})
    assert refused.status_code == 422
    assert refused.headers["x-request-id"] == "probe-nul-1"
    guarded = await client.get("/api/v1/accounts", headers={"X-Request-ID": "probe-guard-1"})
    assert guarded.status_code == 401
    assert guarded.headers["x-request-id"] == "probe-guard-1"
