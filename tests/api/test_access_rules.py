"""Who may call what: every route declares an access rule, and the rules hold for every kind of caller."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from litestar import Litestar
from litestar.routes import HTTPRoute

from api.auth.access import PUBLIC, route_access
from api.database import Database
from api.web.sessions import WEB_PAGE_OPT
from tests.factories import SignedIn, account, ai_system_payload, company_payload, register_company

UNDOCUMENTED = {"/schema", "/schema/openapi.json"}


def _handlers(app: Litestar) -> list[tuple[str, str, Any]]:
    found = []
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            for method in handler.http_methods:
                found.append((method, route.path, handler))
    return found


def test_every_route_declares_who_may_call_it(app: Litestar) -> None:
    undeclared = [
        f"{method} {path}"
        for method, path, handler in _handlers(app)
        if route_access(handler) is None and not path.startswith("/schema") and method not in {"HEAD", "OPTIONS"}
    ]
    assert undeclared == []


def test_public_routes_are_exactly_these(app: Litestar) -> None:
    public = sorted(
        f"{method} {path}"
        for method, path, handler in _handlers(app)
        if route_access(handler) == PUBLIC and not handler.opt.get(WEB_PAGE_OPT) and not path.startswith("/static")
    )
    assert public == sorted(
        [
            "GET /api/v1/ai-systems",
            "GET /api/v1/ai-systems/counts",
            "GET /api/v1/ai-systems/{system_id:uuid}",
            "GET /api/v1/bulk/companies",
            "HEAD /api/v1/bulk/companies",
            "GET /api/v1/companies",
            "GET /api/v1/companies/by-bin/{bin_value:str}",
            "GET /api/v1/companies/{company_id:uuid}",
            "GET /api/v1/companies/{company_id:uuid}/ai-systems",
            "GET /api/v1/events",
            "GET /api/v1/events/chain",
            "GET /api/v1/events/checkpoint",
            "GET /api/v1/events/checkpoint/key",
            "GET /api/v1/reference/activities",
            "GET /api/v1/reference/licence-types",
            "GET /api/v1/reference/reasons",
            "GET /api/v1/reference/rubric",
            "GET /api/v1/licences",
            "GET /api/v1/licences/{number:str}",
            "GET /api/v1/reference/regions",
            "GET /api/v1/statistics/calendar",
            "GET /api/v1/statistics/releases",
            "GET /api/v1/statistics/releases/{release_id:int}",
            "GET /api/v1/statistics/releases/{release_id:int}/changes",
            "GET /api/v1/statistics/structure",
            "GET /dashboard/assets/{name:str}",
            "GET /health/live",
            "GET /health/ready",
            "POST /api/v1/auth/login",
            "POST /api/v1/auth/signup",
        ]
    )


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
    founder = await account(client, database, "founder")
    company = await register_company(client, founder)
    return Callers(
        founder=founder,
        other_founder=await account(client, database, "founder"),
        reviewer=await account(client, database, "reviewer"),
        economist=await account(client, database, "economist"),
        admin=await account(client, database, "admin"),
        company_id=company["id"],
    )


CALLER_NAMES = ("anonymous", "founder", "other_founder", "reviewer", "economist", "admin")

# (method, path, body, expected status for: anonymous, own founder, other founder, reviewer, economist, admin)
# "ok" means the call is let through (2xx, or a business answer such as 404/409/412/422 that is not about access).
MATRIX: list[tuple[str, str, Any, tuple[int | str, ...]]] = [
    ("GET", "/api/v1/auth/me", None, (401, "ok", "ok", "ok", "ok", "ok")),
    ("GET", "/api/v1/accounts", None, (401, 403, 403, 403, 403, "ok")),
    ("POST", "/api/v1/accounts", {}, (401, 403, 403, 403, 403, "ok")),
    ("PATCH", "/api/v1/accounts/{account}", {"disabled": False}, (401, 403, 403, 403, 403, "ok")),
    ("GET", "/api/v1/reference/regions", None, ("ok",) * 6),
    ("GET", "/api/v1/reference/activities", None, ("ok",) * 6),
    ("GET", "/api/v1/companies", None, ("ok",) * 6),
    ("GET", "/api/v1/companies/{company}", None, ("ok",) * 6),
    ("POST", "/api/v1/companies", "company", (401, "ok", "ok", 403, 403, "ok")),
    ("PATCH", "/api/v1/companies/{company}", {"headcount": 5}, (401, "ok", 404, 403, 403, "ok")),
    ("GET", "/api/v1/companies/{company}/members", None, (401, "ok", 404, "ok", 403, "ok")),
    ("POST", "/api/v1/companies/{company}/members", {"email": "x@y.kz"}, (401, "ok", 404, 403, 403, "ok")),
    ("GET", "/api/v1/events", None, ("ok",) * 6),
    ("GET", "/api/v1/events/chain", None, ("ok",) * 6),
    ("GET", "/api/v1/events/checkpoint", None, ("ok",) * 6),
    ("GET", "/api/v1/events/checkpoint/key", None, ("ok",) * 6),
    ("GET", "/api/v1/bulk/companies", None, ("ok",) * 6),
    ("GET", "/api/v1/audit/verify", None, (401, 403, 403, 403, 403, "ok")),
    ("GET", "/api/v1/companies/{company}/ai-systems", None, ("ok",) * 6),
    ("POST", "/api/v1/companies/{company}/ai-systems", "ai_system", (401, "ok", 403, 403, 403, "ok")),
    ("GET", "/api/v1/ai-systems", None, ("ok",) * 6),
    ("GET", "/api/v1/ai-systems/counts", None, ("ok",) * 6),
    ("GET", "/api/v1/monitoring/ai-systems", None, (401, 403, 403, "ok", 403, "ok")),
    ("GET", "/health/ready", None, ("ok",) * 6),
]


@pytest.mark.parametrize(("method", "path", "body", "expected"), MATRIX, ids=[f"{m} {p}" for m, p, _, _ in MATRIX])
async def test_access_matrix(
    client: httpx.AsyncClient,
    callers: Callers,
    method: str,
    path: str,
    body: Any,
    expected: tuple[int | str, ...],
) -> None:
    url = path.format(company=callers.company_id, account=callers.other_founder.id)
    outcomes = {}
    for name, want in zip(CALLER_NAMES, expected, strict=True):
        caller = getattr(callers, name, None)
        headers = {"If-Match": '"1"', **(caller.headers if caller else {})}
        payload = company_payload() if body == "company" else ai_system_payload() if body == "ai_system" else body
        response = await client.request(method, url, json=payload, headers=headers)
        got = response.status_code
        outcomes[name] = got if got in {401, 403} or (want == 404 and got == 404) else "ok"
        if want != "ok":
            assert response.headers["content-type"].startswith("application/problem+json")
    assert tuple(outcomes[name] for name in CALLER_NAMES) == expected


async def test_unknown_route_and_method_are_problems(client: httpx.AsyncClient) -> None:
    missing = await client.get(f"/api/v1/nothing-here/{uuid.uuid4()}")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")
    wrong = await client.delete("/api/v1/reference/regions")
    assert wrong.status_code == 405
