"""``registry export`` and ``GET /api/v1/bulk/companies``: the public register stamped with its feed sequence.

The proof a consumer needs: load the file, follow the feed from the file's sequence, and the result is the register.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from api.database import Database, transaction
from api.settings import Settings
from registry.accounts.schemas import AccountCreate
from registry.accounts.service import create_account
from registry.bulk.export import CSV_COLUMNS
from registry.companies.schemas import CompanyPublic
from tests.apps import app_for
from tests.conftest import FIXED_NOW
from tests.database import database_of_its_own
from tests.factories import PASSWORD, ai_native_declaration, company_payload, login
from tests.operations.bulk_support import run_registry

Entry = dict[str, Any]


@pytest.fixture
async def own_database(engine: AsyncEngine) -> AsyncIterator[Database]:
    async with database_of_its_own(engine, "registry_export") as database:
        yield database


@pytest.fixture
async def client(settings: Settings, own_database: Database) -> AsyncIterator[httpx.AsyncClient]:
    with app_for(settings, database=own_database, clock=lambda: FIXED_NOW) as app:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://registry.test") as client:
            yield client


async def _signed_in(client: httpx.AsyncClient, database: Database, email: str, role: str) -> dict[str, str]:
    async with transaction(database) as session:
        await create_account(
            session,
            actor_id=None,
            request=AccountCreate(email=email, password=PASSWORD, full_name=email, role=role),  # type: ignore[arg-type]
        )
    return await login(client, email)


async def _register(client: httpx.AsyncClient, headers: dict[str, str], **overrides: Any) -> Entry:
    response = await client.post("/api/v1/companies", json=company_payload(**overrides), headers=headers)
    assert response.status_code == 201, response.text
    body: Entry = response.json()
    return body


async def _patch(client: httpx.AsyncClient, headers: dict[str, str], company_id: str, change: Entry) -> None:
    current = await client.get(f"/api/v1/companies/{company_id}", headers=headers)
    response = await client.patch(
        f"/api/v1/companies/{company_id}", json=change, headers={**headers, "If-Match": current.headers["ETag"]}
    )
    assert response.status_code == 200, response.text


async def _register_now(client: httpx.AsyncClient) -> list[Entry]:
    """The register as ``GET /api/v1/companies`` lists it, ordered by BIN."""
    entries: list[Entry] = []
    cursor: str | None = None
    while True:
        page = await client.get("/api/v1/companies", params={"limit": 200, **({"cursor": cursor} if cursor else {})})
        entries += page.json()["items"]
        cursor = page.json()["next_cursor"]
        if cursor is None:
            return sorted(entries, key=lambda entry: entry["bin"])


async def _feed_after(client: httpx.AsyncClient, after: int) -> list[Entry]:
    events: list[Entry] = []
    while True:
        page = (await client.get("/api/v1/events", params={"after": after, "limit": 200})).json()
        if not page["items"]:
            return events
        events += page["items"]
        after = page["last_seq"]


class Consumer:
    """What a data user does with the file and the feed: companies by id, changed as the feed's events say."""

    def __init__(self, entries: list[Entry], regions: list[Entry], activities: list[Entry]) -> None:
        self.entries = {entry["id"]: entry for entry in entries}
        self.regions = {region["kato"]: region for region in regions}
        self.activities = {activity["code"]: activity for activity in activities}

    def _activities(self, codes: list[str], primary: str) -> list[Entry]:
        refs = [
            {
                **{k: self.activities[code][k] for k in ("code", "name_kk", "name_ru", "name_en")},
                "is_primary": code == primary,
            }
            for code in dict.fromkeys(codes)
        ]
        return sorted(refs, key=lambda ref: (not ref["is_primary"], ref["code"]))

    def _region(self, kato: str) -> Entry:
        return {k: self.regions[kato][k] for k in ("kato", "name_kk", "name_ru", "name_en")}

    def apply(self, event: Entry) -> None:
        data = event["data"]
        if event["kind"] == "company.registered":
            self.entries[event["resource_id"]] = {
                "id": event["resource_id"],
                **{k: data[k] for k in ("bin", "name_kk", "name_ru", "name_en", "legal_form", "registration_date")},
                "region": self._region(data["region"]),
                "status": "active",
                "activities": self._activities(data["activities"], data["primary_activity"]),
                "ai_class": None,
            }
        elif event["kind"] == "company.updated":
            entry = self.entries[event["resource_id"]]
            changed = dict(data["changed"])
            if "region" in changed:
                entry["region"] = self._region(changed.pop("region"))
            if "activities" in changed:
                entry["activities"] = self._activities(changed.pop("activities"), changed.pop("primary_activity"))
            entry.update(changed)
        elif event["kind"] == "company.classified":
            self.entries[event["resource_id"]]["ai_class"] = data["ai_class"]

    def register(self) -> list[Entry]:
        return sorted(self.entries.values(), key=lambda entry: entry["bin"])


def _jsonl(path: Path) -> list[Entry]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


async def test_the_exported_file_and_the_feed_from_its_sequence_make_the_register(
    own_database: Database, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    founder = await _signed_in(client, own_database, "founder-export@example.kz", "founder")
    admin = await _signed_in(client, own_database, "admin-export@example.kz", "admin")
    first = await _register(client, founder)
    second = await _register(client, founder, region="750000000", activities=["72.19"], primary_activity="72.19")
    await _register(client, founder, name_en=None)

    exported = await run_registry(own_database, "export", "register", "--out", str(tmp_path / "out"))

    assert exported.exit_code == 0, exported.output
    out = tmp_path / "out"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    async with transaction(own_database) as session:
        head = (await session.execute(text("SELECT last_seq FROM event_chain_head"))).scalar_one()
    assert manifest["feed_sequence"] == head
    assert manifest["follow"] == f"/api/v1/events?after={head}"
    assert manifest["licence"]["id"] == "CC-BY-4.0"
    assert "Creative Commons Attribution 4.0" in (out / "LICENSE.txt").read_text(encoding="utf-8")
    for file in manifest["files"]:
        content = (out / file["name"]).read_bytes()
        assert hashlib.sha256(content).hexdigest() == file["sha256"]
        assert (out / f"{file['name']}.sha256").read_text() == f"{file['sha256']}  {file['name']}\n"
        assert file["rows"] == 3
    entries = _jsonl(out / "companies.jsonl")
    assert entries == await _register_now(client)
    assert set(entries[0]) == set(CompanyPublic.__struct_fields__)
    with (out / "companies.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert [(r["bin"], r["region_name_en"], r["activities"], r["name_en"]) for r in rows] == [
        (e["bin"], e["region"]["name_en"], ";".join(a["code"] for a in e["activities"]), e["name_en"] or "")
        for e in entries
    ]

    # The register moves on after the export: a new company, renamed, moved and re-classed ones, a suspension.
    await _register(client, founder, name_ru="ТОО «Новая»")
    await _patch(client, founder, first["id"], {"name_ru": "ТОО «Тулпар Дата Плюс»", "region": "790000000"})
    await _patch(client, founder, second["id"], {"activities": ["62.01", "72.19"], "primary_activity": "62.01"})
    await _patch(client, admin, first["id"], {"status": "suspended"})
    for fiscal_year in (2024, 2025):
        filed = await client.post(
            f"/api/v1/companies/{second['id']}/declarations",
            json=ai_native_declaration(fiscal_year),
            headers=founder,
        )
        assert filed.status_code == 201, filed.text
    regions = (await client.get("/api/v1/reference/regions")).json()
    activities = (await client.get("/api/v1/reference/activities")).json()

    consumer = Consumer(entries, regions, activities)
    for event in await _feed_after(client, manifest["feed_sequence"]):
        consumer.apply(event)

    assert consumer.register() == await _register_now(client)
    assert len(consumer.register()) == 4


async def test_the_bulk_route_streams_the_register_with_its_sequence_and_digest(
    own_database: Database, client: httpx.AsyncClient
) -> None:
    founder = await _signed_in(client, own_database, "founder-bulk@example.kz", "founder")
    for _ in range(3):
        await _register(client, founder)

    jsonl = await client.get("/api/v1/bulk/companies")
    as_csv = await client.get("/api/v1/bulk/companies", headers={"Accept": "text/csv"})
    by_format = await client.get("/api/v1/bulk/companies", params={"format": "csv"})

    async with transaction(own_database) as session:
        head = (await session.execute(text("SELECT last_seq FROM event_chain_head"))).scalar_one()
    for response, media_type in ((jsonl, "application/jsonl"), (as_csv, "text/csv"), (by_format, "text/csv")):
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith(media_type)
        assert response.headers["X-Feed-Sequence"] == str(head)
        assert response.headers["X-Content-SHA256"] == hashlib.sha256(response.content).hexdigest()
        assert response.headers["X-Row-Count"] == "3"
        assert 'rel="license"' in response.headers["Link"]
    assert [json.loads(line) for line in jsonl.text.splitlines()] == await _register_now(client)
    assert as_csv.headers["content-type"] == by_format.headers["content-type"] == "text/csv; charset=utf-8"
    assert as_csv.content == by_format.content
    for response, output in ((jsonl, "jsonl"), (by_format, "csv")):  # HEAD: the headers a GET would send
        headed = await client.head("/api/v1/bulk/companies", params={"format": output})
        assert headed.status_code == 200, headed.text
        assert headed.content == b""
        for name in ("content-type", "X-Feed-Sequence", "X-Content-SHA256", "X-Row-Count", "Content-Length", "Link"):
            assert headed.headers[name] == response.headers[name], name
    assert as_csv.text.splitlines()[0] == ",".join(CSV_COLUMNS)


async def test_a_format_the_bulk_route_does_not_serve_is_a_problem_in_the_callers_language(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/api/v1/bulk/companies", params={"format": "xml"}, headers={"Accept-Language": "ru"})

    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["errors"][0]["field"] == "format"
    assert response.json()["detail"] == "Данные запроса содержат ошибки."


async def test_the_daily_snapshot_keeps_dated_folders(own_database: Database, tmp_path: Path) -> None:
    snapshots = tmp_path / "snapshots"
    for old in ("2020-01-01", "2020-01-02", "2020-01-03"):
        (snapshots / old).mkdir(parents=True)

    first = await run_registry(own_database, "export", "snapshot", "--dir", str(snapshots), "--keep", "2")
    again = await run_registry(own_database, "export", "snapshot", "--dir", str(snapshots), "--keep", "2")

    assert first.exit_code == 0, first.output
    assert again.exit_code == 0, again.output
    folders = sorted(path.name for path in snapshots.iterdir())
    assert len(folders) == 2
    assert folders[0] == "2020-01-03"
    today = snapshots / folders[1]
    assert sorted(path.name for path in today.iterdir()) == [
        "LICENSE.txt",
        "companies.csv",
        "companies.csv.sha256",
        "companies.jsonl",
        "companies.jsonl.sha256",
        "manifest.json",
    ]


async def test_the_bulk_file_is_made_again_only_when_an_event_was_recorded_since(
    own_database: Database, client: httpx.AsyncClient, settings: Settings
) -> None:
    founder = await _signed_in(client, own_database, "founder-cache@example.kz", "founder")
    await _register(client, founder)

    first = await client.get("/api/v1/bulk/companies")
    made = (settings.data_dir / "bulk" / "companies.jsonl").stat().st_mtime_ns
    again = await client.get("/api/v1/bulk/companies")
    reused = (settings.data_dir / "bulk" / "companies.jsonl").stat().st_mtime_ns
    await _register(client, founder)
    after = await client.get("/api/v1/bulk/companies")

    assert again.content == first.content
    assert again.headers["X-Feed-Sequence"] == first.headers["X-Feed-Sequence"]
    assert reused == made
    assert int(after.headers["X-Feed-Sequence"]) > int(first.headers["X-Feed-Sequence"])
    assert after.headers["X-Row-Count"] == "2"
    assert after.headers["X-Content-SHA256"] == hashlib.sha256(after.content).hexdigest()
