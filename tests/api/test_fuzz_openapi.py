"""Schemathesis over the whole OpenAPI document, signed in as each role: no 500, nothing the contract does not say.

The fuzzer generates requests from ``/schema/openapi.json`` for every operation and every caller (anonymous, founder,
reviewer, economist, admin) and checks each answer: not a server error, a documented status, a documented content
type and a body that fits the documented schema. Half of the requests name real resources (a company, its
application, an account) so that they get past the 404s into the handlers.

It runs against the real app through ASGI, on a PostgreSQL database of its own that really commits (so nothing it
writes reaches the other tests), on its own event loop in a worker thread. The budget is a fixed number of
examples per operation and caller, derandomised: the same requests on every run. Every distinct failure is
collected and reported at the end, each with a ``curl`` reproducer, rather than stopping at the first.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import asyncpg  # type: ignore[import-untyped]
import httpx
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import APIOperation, Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import make_url

from api.app import create_app
from api.auth.access import PUBLIC
from api.database import Database, create_engine, migrate
from api.openapi import route_operations
from api.settings import Settings
from tests.factories import SignedIn
from tests.licensing_support import declared_company, quick_account, start_application

ROLES = ("anonymous", "founder", "reviewer", "economist", "admin")
EXAMPLES = 20
"""Examples per operation for each caller its guard lets in (some 3,400 requests in all, 50 s on two cores)."""
FEW_EXAMPLES = 2
"""Examples per operation for a caller its guard turns away (401 or 403 whatever the input), and for an operation that
takes no input (every request to it is the same)."""
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
BASE_URL = "http://registry.test"
FIXED_NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Finding:
    """One distinct way the API broke its contract."""

    operation: str
    role: str
    status: int
    failures: tuple[str, ...]
    reproducer: str

    def describe(self) -> str:
        return f"{self.operation} as {self.role} -> {self.status}: {'; '.join(self.failures)}\n  {self.reproducer}"


@dataclass
class World:
    """The app on a committing database, a token per role and a few real resources."""

    client: httpx.AsyncClient
    headers: dict[str, dict[str, str]]
    known: dict[str, str]
    access: dict[tuple[str, str], str | tuple[str, ...] | None]
    close: Callable[[], Any] = field(repr=False)

    def lets_in(self, operation: APIOperation[Any, Any, Any, Any], role: str) -> bool:
        """Whether the operation's guard lets ``role`` through (anonymous callers pass only public ones)."""
        access = self.access[(operation.method.upper(), operation.path)]
        return access == PUBLIC or (access is not None and role in access)


@contextmanager
def database_of_its_own(server_url: str) -> Iterator[str]:
    """A new empty database on the test server, dropped afterwards."""
    url = make_url(server_url)
    name = f"registry_fuzz_{uuid.uuid4().hex[:8]}"
    admin_dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)

    async def run(statement: str) -> None:
        connection = await asyncpg.connect(admin_dsn)
        try:
            await connection.execute(statement)
        finally:
            await connection.close()

    asyncio.run(run(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        asyncio.run(run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def open_world(url: str, app_settings: Settings) -> World:
    engine = create_engine(url, pool_size=5)
    await migrate(engine)
    database = Database.for_engine(engine)
    app = create_app(app_settings, database=database, clock=lambda: FIXED_NOW)
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE_URL)  # type: ignore[arg-type]
    signed: dict[str, SignedIn] = {}
    for role in ROLES[1:]:
        signed[role] = await quick_account(database, app_settings, role)
    bystander = await quick_account(database, app_settings, "founder")
    company, declaration = await declared_company(client, signed["founder"])
    application = await start_application(client, signed["founder"], company["id"], declaration["id"])

    async def close() -> None:
        await client.aclose()
        await engine.dispose()

    return World(
        client=client,
        headers={"anonymous": {}, **{role: account.headers for role, account in signed.items()}},
        known={
            "company_id": company["id"],
            "bin_value": company["bin"],
            "application_id": application["id"],
            "account_id": bystander.id,
        },
        access={key: operation.access for key, operation in route_operations(app.routes).items()},
        close=close,
    )


def as_httpx_request(case: Case[Any], headers: dict[str, str]) -> dict[str, Any]:
    """The case's request (body encoded the way Schemathesis encodes it) as ``httpx`` arguments."""
    kwargs = case.as_transport_kwargs(base_url=BASE_URL, headers=headers)
    prepared = requests.Request(
        method=kwargs["method"],
        url=kwargs["url"],
        headers=kwargs.get("headers"),
        params=kwargs.get("params"),
        json=kwargs.get("json"),
        data=kwargs.get("data"),
        files=kwargs.get("files"),
        cookies=kwargs.get("cookies"),
    ).prepare()
    return {
        "method": prepared.method,
        "url": prepared.url,
        # Raw bytes, as a client on the wire may send them (httpx refuses non-ASCII str values).
        "headers": {
            name: value.encode() if isinstance(value, str) else value for name, value in prepared.headers.items()
        },
        "content": prepared.body,
    }


def takes_input(operation: APIOperation[Any, Any, Any, Any]) -> bool:
    return bool(operation.body or operation.query or operation.path_parameters or operation.headers)


def cases_of(operation: APIOperation[Any, Any, Any, Any]) -> st.SearchStrategy[Case[Any]]:
    """Valid requests and, where the operation takes input, invalid ones (which must get a documented 4xx)."""
    strategies = [operation.as_strategy(generation_mode=GenerationMode.POSITIVE)]
    if takes_input(operation):
        strategies.append(operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))
    return st.one_of(strategies)


@dataclass
class Exploration:
    """What the fuzzer found so far."""

    findings: dict[tuple[str, str, int, tuple[str, ...]], Finding] = field(default_factory=dict)
    sent: int = 0

    def record(self, case: Case[Any], role: str, response: httpx.Response, group: FailureGroup) -> None:
        label = case.operation.label
        titles = tuple(sorted({failure.title for failure in group.exceptions}))
        found = [f"{failure.title}: {(failure.message or '').splitlines()[0:1]}" for failure in group.exceptions]
        self.findings.setdefault(
            (label, role, response.status_code, titles),
            Finding(
                operation=label,
                role=role,
                status=response.status_code,
                failures=(*found, response.text[:300]),
                reproducer=case.as_curl_command(headers=dict(response.request.headers), base_url=BASE_URL),
            ),
        )


def explore(
    runner: asyncio.Runner,
    world: World,
    operation: APIOperation[Any, Any, Any, Any],
    role: str,
    exploration: Exploration,
) -> None:
    """Requests to ``operation`` as ``role``, each checked against the contract."""
    headers = world.headers[role]

    @settings(
        max_examples=EXAMPLES if world.lets_in(operation, role) and takes_input(operation) else FEW_EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=cases_of(operation), real_resources=st.booleans())
    def send(case: Case[Any], real_resources: bool) -> None:
        if real_resources and case.path_parameters:
            for name in case.path_parameters:
                case.path_parameters[name] = world.known.get(name, case.path_parameters[name])
        request = as_httpx_request(case, headers)
        response = runner.run(world.client.request(**request))
        exploration.sent += 1
        try:
            case.validate_response(response, checks=CHECKS, headers=dict(response.request.headers))
        except FailureGroup as group:
            exploration.record(case, role, response, group)

    send()


def fuzz(runner: asyncio.Runner, world: World, document: dict[str, Any]) -> Exploration:
    """Every operation as every role."""
    schema = schemathesis.openapi.from_dict(document)
    operations = sorted(
        (result.ok() for result in schema.get_all_operations() if isinstance(result, Ok)), key=lambda op: op.label
    )
    assert len(operations) == len([op for item in document["paths"].values() for op in item])
    exploration = Exploration()
    for operation in operations:
        for role in ROLES:
            explore(runner, world, operation, role, exploration)
    return exploration


def run_fuzzer(url: str, app_settings: Settings) -> Exploration:
    with asyncio.Runner() as runner:
        world = runner.run(open_world(url, app_settings))
        try:
            document = runner.run(world.client.get("/schema/openapi.json")).json()
            return fuzz(runner, world, document)
        finally:
            runner.run(world.close())


def test_every_operation_keeps_the_documented_contract_for_every_role(database_url: str, settings: Settings) -> None:
    with database_of_its_own(database_url) as url, ThreadPoolExecutor(max_workers=1) as worker:
        exploration = worker.submit(run_fuzzer, url, settings).result()
    assert exploration.sent >= 3_000, exploration.sent
    findings = list(exploration.findings.values())
    # An undocumented status or media type of a route is declared in api.openapi (ROUTE_CONTRACTS); a 500 is a bug.
    assert findings == [], f"{len(findings)} distinct contract failures:\n\n" + "\n\n".join(
        finding.describe() for finding in findings
    )
