"""The operators' Prometheus text: hidden without the scrape token, and what it counts with it."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime

import httpx
import pytest
from litestar import Litestar
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.ext.asyncio import AsyncEngine

from api.app import create_app
from api.database import Database, create_engine
from api.settings import Settings
from tests.conftest import FIXED_NOW
from tests.licensing_support import client_at, declared_company, in_review, quick_account, start_application, step

TOKEN = "scrape-token-for-the-tests-0123456789"
SCRAPE = {"Authorization": f"Bearer {TOKEN}"}
LATER = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
"""Long after every service-level deadline of an application submitted at ``FIXED_NOW``."""


@pytest.fixture
def scraped_settings(settings: Settings) -> Settings:
    return replace(settings, metrics_token=TOKEN)


@pytest.fixture
async def scraped(scraped_settings: Settings, database: Database) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(scraped_settings, database=database, clock=lambda: FIXED_NOW)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://registry.test") as client:
        yield client


def samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """Every sample of a Prometheus text, by name and labels."""
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(found: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str, **labels: str) -> float:
    return found.get((name, frozenset(labels.items())), 0.0)


async def scrape(client: httpx.AsyncClient) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    response = await client.get("/internal/metrics", headers=SCRAPE)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    return samples(response.text)


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
@pytest.mark.parametrize(
    ("token", "sent"),
    [
        ("", None),  # no token configured: nobody gets in, not even with a guess
        ("", "Bearer "),
        (TOKEN, None),
        (TOKEN, "Bearer wrong-token"),
        (TOKEN, f"Basic {TOKEN}"),
        (TOKEN, f"Bearer {TOKEN}x"),
    ],
)
async def test_without_the_scrape_token_the_endpoint_is_an_unknown_path(
    settings: Settings, database: Database, token: str, sent: str | None, language: str
) -> None:
    app = create_app(replace(settings, metrics_token=token), database=database, clock=lambda: FIXED_NOW)
    headers = {"Accept-Language": language, **({"Authorization": sent} if sent is not None else {})}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://registry.test") as client:
        refused = await client.get("/internal/metrics", headers=headers)
        unknown = await client.get("/internal/no-such-thing", headers=headers)
    assert refused.status_code == unknown.status_code == 404
    assert refused.headers["content-type"] == unknown.headers["content-type"] == "application/problem+json"
    assert refused.json() == unknown.json()
    assert "registry_http" not in refused.text


async def test_a_browser_without_the_token_cannot_tell_the_endpoint_from_an_unknown_path(
    settings: Settings, database: Database
) -> None:
    app = create_app(replace(settings, metrics_token=TOKEN), database=database, clock=lambda: FIXED_NOW)
    headers = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8", "Accept-Language": "ru"}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://registry.test") as client:
        refused = await client.get("/internal/metrics", headers=headers)
        unknown = await client.get("/internal/no-such-thing", headers=headers)
    assert refused.status_code == unknown.status_code == 404
    assert refused.headers["content-type"] == unknown.headers["content-type"]
    assert refused.content == unknown.content


async def test_requests_are_counted_by_route_template_and_status(scraped: httpx.AsyncClient) -> None:
    before = await scrape(scraped)
    for _ in range(3):
        assert (await scraped.get(f"/api/v1/companies/{uuid.uuid4()}")).status_code == 404
    assert (await scraped.get("/health/live")).status_code == 200
    assert (await scraped.get(f"/no/such/{uuid.uuid4()}")).status_code == 404
    after = await scrape(scraped)

    template = "/api/v1/companies/{company_id}"
    counted = "registry_http_requests_total"
    assert (
        value(after, counted, method="GET", route=template, status="404")
        - value(before, counted, method="GET", route=template, status="404")
        == 3
    )
    assert (
        value(after, counted, method="GET", route="/health/live", status="200")
        - value(before, counted, method="GET", route="/health/live", status="200")
        == 1
    )
    assert (
        value(after, counted, method="GET", route="unmatched", status="404")
        - value(before, counted, method="GET", route="unmatched", status="404")
        == 1
    )
    timed = "registry_http_request_duration_seconds_count"
    assert (
        value(after, timed, method="GET", route=template, status="404")
        - value(before, timed, method="GET", route=template, status="404")
        == 3
    )
    routes = {dict(labels).get("route") for _, labels in after}
    assert not any(route and ("/no/such" in route or route.count("-") >= 4) for route in routes), routes
    assert value(after, "registry_http_requests_in_flight") == 1  # the scrape itself


async def test_the_pools_are_reported_with_what_they_lend_out(
    scraped_settings: Settings, database_url: str, engine: AsyncEngine
) -> None:
    writes, reads, long = (create_engine(database_url, pool_size=size) for size in (3, 4, 2))
    pooled = Database.for_engine(writes, read_engine=reads, long_engine=long)
    app: Litestar = create_app(scraped_settings, database=pooled, clock=lambda: FIXED_NOW)
    try:
        async with (
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://registry.test") as client,
            reads.connect() as held,
        ):
            await held.exec_driver_sql("SELECT 1")
            found = await scrape(client)
    finally:
        await pooled.dispose()
    assert {pool: value(found, "registry_db_pool_size", pool=pool) for pool in ("writes", "reads", "long")} == {
        "writes": 3,
        "reads": 4,
        "long": 2,
    }
    # The held read connection, plus the one the scrape's work-queue query used and gave back.
    assert value(found, "registry_db_pool_checked_out", pool="reads") == 1
    assert value(found, "registry_db_pool_checked_out", pool="writes") == 0
    assert value(found, "registry_db_pool_overflow", pool="long") == -2  # none opened yet: two short of its size


async def test_the_work_queue_shows_what_waits_and_what_is_overdue(
    scraped: httpx.AsyncClient, scraped_settings: Settings, database: Database
) -> None:
    async with client_at(scraped_settings, database, LATER) as later:
        before_now, before_later = await scrape(scraped), await scrape(later)
        founder = await quick_account(database, scraped_settings, "founder")
        reviewer = await quick_account(database, scraped_settings, "reviewer")
        company, declaration = await declared_company(scraped, founder)
        submitted = await start_application(scraped, founder, company["id"], declaration["id"])
        await step(scraped, founder, submitted["id"], "submit")
        await in_review(scraped, founder, reviewer)
        now, after_later = await scrape(scraped), await scrape(later)

    def grew(
        before: dict[tuple[str, frozenset[tuple[str, str]]], float],
        after: dict[tuple[str, frozenset[tuple[str, str]]], float],
        name: str,
        **labels: str,
    ) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert value(now, "registry_work_queue_up") == 1
    assert grew(before_now, now, "registry_applications_waiting", state="submitted") == 1
    assert grew(before_now, now, "registry_applications_waiting", state="in_review") == 1
    assert grew(before_now, now, "registry_applications_overdue", deadline="first_action") == 0
    assert grew(before_now, now, "registry_applications_overdue", deadline="decision") == 0
    # Months later the submitted one missed its first action, and both missed their decision.
    assert grew(before_later, after_later, "registry_applications_overdue", deadline="first_action") == 1
    assert grew(before_later, after_later, "registry_applications_overdue", deadline="decision") == 2


async def test_a_scrape_still_answers_when_the_database_does_not(scraped_settings: Settings) -> None:
    unreachable = create_engine("postgresql+asyncpg://nobody@127.0.0.1:9/none", pool_size=1)
    app = create_app(scraped_settings, database=Database.for_engine(unreachable), clock=lambda: FIXED_NOW)
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://registry.test") as c:
            found = await scrape(c)
    finally:
        await unreachable.dispose()
    assert value(found, "registry_work_queue_up") == 0
    assert value(found, "registry_db_pool_size", pool="writes") == 1
