"""Who may call the licensing routes, the reviewers' monitoring list and the overdue queue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from litestar import Litestar
from litestar.routes import HTTPRoute

from api.database import Database
from api.settings import Settings
from tests.factories import SignedIn, account, non_ai_declaration
from tests.licensing_support import (
    APPLICATIONS,
    PDF,
    client_at,
    current_etag,
    declared_company,
    file_declaration,
    in_review,
    licensed,
    queue,
    quick_account,
    start_application,
    step,
    upload,
)


@dataclass
class World:
    founder: SignedIn
    other_founder: SignedIn
    reviewer: SignedIn
    economist: SignedIn
    admin: SignedIn
    company_id: str
    declaration_id: str
    application_id: str
    etag: str
    evidence_id: str
    licence: str


@pytest.fixture
async def world(client: httpx.AsyncClient, database: Database, settings: Settings) -> World:
    """A founder's company with an AI-native licence and a standard-digital draft with an uploaded PDF."""
    founder = await quick_account(database, settings, "founder")
    reviewer = await quick_account(database, settings, "reviewer")
    company, approved = await licensed(client, founder, reviewer)
    draft = await start_application(client, founder, company["id"], approved["declaration_id"], "standard_digital")
    evidence = await upload(client, founder, draft["id"], PDF)
    assert evidence.status_code == 201, evidence.text
    return World(
        founder=founder,
        other_founder=await quick_account(database, settings, "founder"),
        reviewer=reviewer,
        economist=await quick_account(database, settings, "economist"),
        admin=await quick_account(database, settings, "admin"),
        company_id=company["id"],
        declaration_id=approved["declaration_id"],
        application_id=draft["id"],
        etag=await current_etag(client, founder, draft["id"]),
        evidence_id=evidence.json()["id"],
        licence=approved["licence_number"],
    )


CALLER_NAMES = ("anonymous", "founder", "other_founder", "reviewer", "economist", "admin")
APPLICATION = APPLICATIONS + "/{application}"
SANCTION = {"reason_code": "other", "text": "Checked by the hub."}
PUBLIC = ("ok",) * 6
FOUNDER_OWN = (401, "ok", 404, 403, 403, 403)
"""Only the company's founders (another founder does not learn that the application exists)."""
PARTIES = (401, "ok", 404, "ok", 403, "ok")
"""The company's founders and hub staff; economists see aggregates only."""
STAFF = (401, 403, 403, "ok", 403, "ok")
"""Reviewers and admins."""

# (method, path, body, expected status for: anonymous, own founder, other founder, reviewer, economist, admin)
# "ok" means the call is let through: 2xx, or a business answer (409, 412, 422) that is not about access.
MATRIX: list[tuple[str, str, Any, tuple[int | str, ...]]] = [
    ("GET", "/api/v1/reference/licence-types", None, PUBLIC),
    ("GET", APPLICATIONS, None, (401, "ok", "ok", "ok", 403, "ok")),
    ("POST", APPLICATIONS, "application", FOUNDER_OWN),
    ("GET", APPLICATION, None, PARTIES),
    ("PATCH", APPLICATION, {"founder_note": "Our note."}, FOUNDER_OWN),
    ("POST", APPLICATION + "/submit", None, FOUNDER_OWN),
    ("POST", APPLICATION + "/withdraw", None, FOUNDER_OWN),
    ("POST", APPLICATION + "/claim", None, STAFF),
    ("POST", APPLICATION + "/send-back", {"message": "Please add a client letter."}, STAFF),
    ("POST", APPLICATION + "/approve", {"text": "Welcome."}, STAFF),
    ("POST", APPLICATION + "/reject", {"reason_code": "other", "text": "Not now."}, STAFF),
    ("GET", APPLICATION + "/events", None, PARTIES),
    ("POST", APPLICATION + "/evidence", "evidence", FOUNDER_OWN),
    ("GET", APPLICATION + "/evidence/{evidence}/document", None, PARTIES),
    ("GET", "/api/v1/licences", None, ("ok",) * 6),
    ("GET", "/api/v1/licences/{licence}", None, PUBLIC),
    ("POST", "/api/v1/licences/{licence}/suspend", SANCTION, STAFF),
    ("POST", "/api/v1/licences/{licence}/reinstate", SANCTION, STAFF),
    ("POST", "/api/v1/licences/{licence}/revoke", SANCTION, STAFF),
    ("GET", "/api/v1/monitoring/ai-licences", None, STAFF),
    ("GET", "/api/v1/monitoring/ai-systems", None, STAFF),
]


async def _call(
    client: httpx.AsyncClient, world: World, method: str, url: str, body: Any, headers: dict[str, str]
) -> httpx.Response:
    if body == "evidence":
        return await client.request(
            method,
            url,
            files={"file": ("letter.pdf", PDF, "application/pdf")},
            data={"kind": "client_letter", "description": "A letter from a client."},
            headers=headers,
        )
    if body == "application":
        body = {
            "company_id": world.company_id,
            "licence_type": "standard_digital",
            "declaration_id": world.declaration_id,
        }
    return await client.request(method, url, json=body, headers=headers)


@pytest.mark.parametrize(("method", "path", "body", "expected"), MATRIX, ids=[f"{m} {p}" for m, p, _, _ in MATRIX])
async def test_access_matrix(
    client: httpx.AsyncClient,
    world: World,
    method: str,
    path: str,
    body: Any,
    expected: tuple[int | str, ...],
) -> None:
    url = path.format(application=world.application_id, evidence=world.evidence_id, licence=world.licence)
    outcomes: dict[str, int | str] = {}
    for name, want in zip(CALLER_NAMES, expected, strict=True):
        caller = getattr(world, name, None)
        etag = '"1"' if "/licences/" in path else world.etag
        headers = {"If-Match": etag, **(caller.headers if caller else {})}
        response = await _call(client, world, method, url, body, headers)
        got = response.status_code
        assert got < 500, f"{name}: {response.text}"
        outcomes[name] = got if got in {401, 403, 404} else "ok"
        if want != "ok":
            assert response.headers["content-type"].startswith("application/problem+json")
    assert tuple(outcomes[name] for name in CALLER_NAMES) == expected


LICENSING_PREFIXES = ("/api/v1/applications", "/api/v1/licences", "/api/v1/monitoring", "/api/v1/reference/licence-")


def test_the_matrix_covers_every_licensing_route(app: Litestar) -> None:
    in_app = {
        f"{method} {route.path}"
        for route in app.routes
        if isinstance(route, HTTPRoute) and route.path.startswith(LICENSING_PREFIXES)
        for handler in route.route_handlers
        for method in handler.http_methods
        if method not in {"HEAD", "OPTIONS"}
    }
    in_matrix = {
        f"{method} "
        + path.replace("{application}", "{application_id:uuid}")
        .replace("{evidence}", "{evidence_id:uuid}")
        .replace("{licence}", "{number:str}")
        for method, path, _, _ in MATRIX
    }
    assert in_app == in_matrix


async def test_founders_see_only_their_own_applications_and_everybody_sees_the_licences(
    client: httpx.AsyncClient, database: Database, world: World
) -> None:
    own = await queue(client, world.founder)
    assert world.application_id in [item["id"] for item in own]
    assert {item["company_id"] for item in own} == {world.company_id}
    assert await queue(client, world.other_founder) == []
    for caller in (world.other_founder.headers, {}):
        licences = await client.get("/api/v1/licences", params={"company_id": world.company_id}, headers=caller)
        assert [item["number"] for item in licences.json()["items"]] == [world.licence]
        assert licences.json()["items"][0]["status_text"] is None
    mine = await client.get("/api/v1/licences", params={"company_id": world.company_id}, headers=world.founder.headers)
    assert [item["number"] for item in mine.json()["items"]] == [world.licence]
    # Reviewers do not see drafts in their queue unless they ask for them.
    assert world.application_id not in [item["id"] for item in await queue(client, world.reviewer)]
    drafts = await queue(client, world.reviewer, status="draft")
    assert world.application_id in [item["id"] for item in drafts]


async def test_the_public_verification_does_not_show_the_reason_text(client: httpx.AsyncClient, world: World) -> None:
    suspended = await client.post(
        f"/api/v1/licences/{world.licence}/suspend",
        json={"reason_code": "court_decision", "text": "Case 2-1234/2026, confidential details."},
        headers={**world.reviewer.headers, "If-Match": '"1"'},
    )
    assert suspended.status_code == 200
    public = await client.get(f"/api/v1/licences/{world.licence}")
    assert public.json()["status"] == "suspended"
    assert "confidential details" not in public.text


async def test_monitoring_lists_a_licence_holder_that_is_no_longer_ai_native(
    client: httpx.AsyncClient, database: Database
) -> None:
    founder = await account(client, database)
    reviewer = await account(client, database, "reviewer")
    company, approved = await licensed(client, founder, reviewer)
    steady_company, steady = await licensed(client, founder, reviewer)

    before = await client.get("/api/v1/monitoring/ai-licences", headers=reviewer.headers)
    assert before.status_code == 200
    assert company["id"] not in [item["company_id"] for item in before.json()]

    corrected = await file_declaration(client, founder, company["id"], non_ai_declaration(2025))
    assert corrected["supersedes_id"] == approved["declaration_id"]
    assert corrected["evaluation"]["ai_class"] == "non_ai"

    watchlist = await client.get("/api/v1/monitoring/ai-licences", headers=reviewer.headers)
    items = {item["company_id"]: item for item in watchlist.json()}
    assert steady_company["id"] not in items
    item = items[company["id"]]
    assert (item["licence_number"], item["reason"], item["latest_period"], item["latest_class"]) == (
        approved["licence_number"],
        "no_longer_ai_native",
        "2025",
        "non_ai",
    )
    assert item["company_name"] == company["name_kk"]
    assert item["valid_until"] == "2027-11-19"
    assert item["reason_text"]["en"] == "The latest declaration no longer classifies as AI-native (2025: class non-AI)."
    assert set(item["reason_text"]) == {"kk", "ru", "en"}
    assert steady["licence_number"] != item["licence_number"]

    # Suspending the licence takes it off the list: the reviewer has acted.
    suspended = await client.post(
        f"/api/v1/licences/{approved['licence_number']}/suspend",
        json={"reason_code": "monitoring_no_longer_ai_native", "text": "The 2025 declaration is not AI-native."},
        headers={**reviewer.headers, "If-Match": '"1"'},
    )
    assert suspended.status_code == 200
    after = await client.get("/api/v1/monitoring/ai-licences", headers=reviewer.headers)
    assert company["id"] not in [entry["company_id"] for entry in after.json()]


async def test_monitoring_lists_a_licence_holder_that_has_not_filed_for_last_year(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    founder = await account(client, database)
    reviewer = await account(client, database, "reviewer")
    company, approved = await licensed(client, founder, reviewer)
    filed_company, _ = await licensed(client, founder, reviewer)

    # In March 2027 the last closed fiscal year is 2026; only one of the two companies has filed for it.
    async with client_at(settings, database, datetime(2027, 3, 1, 9, 0, tzinfo=UTC)) as later:
        await file_declaration(later, founder, filed_company["id"], non_ai_declaration(2026))
        items = {
            item["company_id"]: item
            for item in (await later.get("/api/v1/monitoring/ai-licences", headers=reviewer.headers)).json()
        }
    item = items[company["id"]]
    assert (item["licence_number"], item["reason"], item["latest_period"]) == (
        approved["licence_number"],
        "declaration_missing",
        "2025",
    )
    assert "2026" in item["reason_text"]["en"]
    assert items[filed_company["id"]]["reason"] == "no_longer_ai_native"


async def test_the_queue_shows_what_is_overdue(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    founder = await account(client, database)
    reviewer = await account(client, database, "reviewer")
    company, declaration = await declared_company(client, founder)
    late = await start_application(client, founder, company["id"], declaration["id"])
    # Submitted on 1 October 2026, it should have been looked at within 5 working days.
    async with client_at(settings, database, datetime(2026, 10, 1, 9, 0, tzinfo=UTC)) as early:
        submitted = await step(early, founder, late["id"], "submit")
    assert submitted["first_action_due"] == "2026-10-08"
    assert submitted["overdue"] is False
    _, fresh = await in_review(client, founder, reviewer)
    other_company, other_declaration = await declared_company(client, founder)
    today = await start_application(client, founder, other_company["id"], other_declaration["id"])
    await step(client, founder, today["id"], "submit")

    overdue = await queue(client, reviewer, overdue="true")
    overdue_ids = [item["id"] for item in overdue]
    assert late["id"] in overdue_ids
    assert fresh["id"] not in overdue_ids and today["id"] not in overdue_ids
    assert all(item["overdue"] for item in overdue)
    on_time = [item["id"] for item in await queue(client, reviewer, overdue="false")]
    assert late["id"] not in on_time
    assert today["id"] in on_time and fresh["id"] in on_time
    seen = (await client.get(f"{APPLICATIONS}/{late['id']}", headers=reviewer.headers)).json()
    assert seen["overdue"] is True

    # Oldest first: the late application comes before the one submitted today.
    submitted_queue = [item["id"] for item in await queue(client, reviewer, status="submitted")]
    assert submitted_queue.index(late["id"]) < submitted_queue.index(today["id"])

    # Claiming it meets the first service level; the decision (15 working days) is still overdue.
    await step(client, reviewer, late["id"], "claim")
    still = (await client.get(f"{APPLICATIONS}/{late['id']}", headers=reviewer.headers)).json()
    assert still["decision_due"] == "2026-10-22"
    assert still["overdue"] is True


async def test_the_queue_filters_by_licence_type(client: httpx.AsyncClient, database: Database) -> None:
    founder = await account(client, database)
    reviewer = await account(client, database, "reviewer")
    _, ai = await in_review(client, founder, reviewer)
    _, standard = await in_review(client, founder, reviewer, licence_type="standard_digital")
    ai_queue = [item["id"] for item in await queue(client, reviewer, licence_type="ai_native", status="in_review")]
    assert ai["id"] in ai_queue and standard["id"] not in ai_queue
    bad = await client.get(APPLICATIONS, params={"licence_type": "gold"}, headers=reviewer.headers)
    assert bad.status_code == 422, bad.text
    assert [error["field"] for error in bad.json()["errors"]] == ["licence_type"]
