"""The floor: bare Litestar routes running the registry's SELECTs with raw asyncpg, and the JSON constant ceiling.

Each read route answers the same JSON as the registry's route of the same path (``bench/http_compare.py`` checks it
before it measures), built from the same statements, one round trip each, on an asyncpg pool with no transaction, no
session, no middleware and no authentication. ``/ceiling`` answers a constant of the company profile's size.

Run: ``uvicorn bench.http_peers.raw_asyncpg:create_app --factory`` with ``BENCH_DSN`` (a libpq URL) and
``BENCH_CEILING`` (the constant's file) in the environment.
"""

from __future__ import annotations

import os
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import msgspec
from litestar import Litestar, Response, get

from bench.http_peers import sql
from licensing.licence_types import licence_type
from licensing.reasons import SANCTION_REASONS, known_reason_view
from registry.companies.repository import encode_cursor

JSON = "application/json"
_encode = msgspec.json.encode


def _today() -> Any:
    return datetime.now(UTC).date()


def _region(row: asyncpg.Record) -> dict[str, Any]:
    return {"kato": row["kato"], "name_kk": row["name_kk"], "name_ru": row["name_ru"], "name_en": row["name_en"]}


def _activity(row: asyncpg.Record) -> dict[str, Any]:
    return {
        "code": row["code"],
        "name_kk": row["name_kk"],
        "name_ru": row["name_ru"],
        "name_en": row["name_en"],
        "is_primary": row["is_primary"],
    }


def _public(row: asyncpg.Record, region: dict[str, Any], activities: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "bin": row["bin"],
        "name_kk": row["name_kk"],
        "name_ru": row["name_ru"],
        "name_en": row["name_en"],
        "legal_form": row["legal_form"],
        "region": region,
        "registration_date": row["registration_date"],
        "status": row["status"],
        "activities": activities,
        "ai_class": row["ai_class"],
    }


def _licence(row: asyncpg.Record, company: asyncpg.Record, today: Any) -> dict[str, Any]:
    expired = row["status"] != "revoked" and row["valid_until"] < today
    return {
        "number": row["number"],
        "licence_type": row["licence_type"],
        "company_id": company["id"],
        "company_name": company["name_kk"],
        "company_bin": company["bin"],
        "status": "expired" if expired else row["status"],
        "valid_from": row["valid_from"],
        "valid_until": row["valid_until"],
        "status_reason_code": row["status_reason_code"],
        "status_text": None,  # anonymous: the reviewers' notes are withheld
        "version": row["version"],
        "status_reason": known_reason_view(SANCTION_REASONS, row["status_reason_code"]),
    }


async def _profile(pool: asyncpg.Pool, query: str, key: object) -> Response[bytes]:
    async with pool.acquire() as connection:
        company = await connection.fetchrow(query, key)
        if company is None:
            return Response(content=b'{"status":404}', status_code=404, media_type=JSON)
        activities = await connection.fetch(sql.ACTIVITIES, [company["id"]])
        region = await connection.fetchrow(sql.REGIONS, [company["region_kato"]])
        licences = await connection.fetch(sql.LICENCES, company["id"])
    today = _today()
    view = _public(company, _region(region), [_activity(row) for row in activities])
    view["licences"] = [_licence(row, company, today) for row in licences]
    return Response(content=_encode(view), media_type=JSON)


def create_app() -> Litestar:
    """The peer app; its pool opens on start-up."""
    ceiling = Path(os.environ["BENCH_CEILING"]).read_bytes() if os.environ.get("BENCH_CEILING") else b"{}"

    @asynccontextmanager
    async def pool(app: Litestar) -> AsyncIterator[None]:
        app.state.pool = await asyncpg.create_pool(os.environ["BENCH_DSN"], min_size=10, max_size=20)
        try:
            yield
        finally:
            await app.state.pool.close()

    @get("/ceiling", sync_to_thread=False)
    def constant() -> Response[bytes]:
        return Response(content=ceiling, media_type=JSON)

    @get("/api/v1/companies/{company_id:uuid}")
    async def company(company_id: uuid.UUID) -> Response[bytes]:
        return await _profile(app.state.pool, sql.COMPANY_BY_ID, company_id)

    @get("/api/v1/companies/by-bin/{bin_value:str}")
    async def by_bin(bin_value: str) -> Response[bytes]:
        return await _profile(app.state.pool, sql.COMPANY_BY_BIN, bin_value.strip())

    @get("/api/v1/companies/")
    async def first_page() -> Response[bytes]:
        limit = 50
        async with app.state.pool.acquire() as connection:
            rows = await connection.fetch(sql.FIRST_PAGE, limit + 1)
            page = rows[:limit]
            activities = await connection.fetch(sql.ACTIVITIES, [row["id"] for row in page])
            regions = await connection.fetch(sql.REGIONS, list({row["region_kato"] for row in page}))
        by_company: dict[uuid.UUID, list[dict[str, Any]]] = defaultdict(list)
        for row in activities:
            by_company[row["company_id"]].append(_activity(row))
        by_kato = {row["kato"]: _region(row) for row in regions}
        items = [_public(row, by_kato[row["region_kato"]], by_company.get(row["id"], [])) for row in page]
        last = page[-1]
        cursor = encode_cursor([last["registration_date"].isoformat(), str(last["id"])]) if len(rows) > limit else None
        return Response(content=_encode({"items": items, "next_cursor": cursor}), media_type=JSON)

    @get("/api/v1/licences/{number:str}")
    async def licence(number: str) -> Response[bytes]:
        row = await app.state.pool.fetchrow(sql.LICENCE_BY_NUMBER, number.strip().upper())
        if row is None:
            return Response(content=b'{"status":404}', status_code=404, media_type=JSON)
        expired = row["status"] != "revoked" and row["valid_until"] < _today()
        view = {
            "number": row["number"],
            "licence_type": row["licence_type"],
            "licence_name": licence_type(row["licence_type"]).name.as_dict(),
            "status": "expired" if expired else row["status"],
            "valid_from": row["valid_from"],
            "valid_until": row["valid_until"],
            "company_name_kk": row["name_kk"],
            "company_name_ru": row["name_ru"],
            "company_bin": row["bin"],
            "company_status": row["company_status"],
            "version": row["version"],
        }
        return Response(content=_encode(view), media_type=JSON, headers={"ETag": f'"{row["version"]}"'})

    app = Litestar(route_handlers=[constant, company, by_bin, first_page, licence], lifespan=[pool])
    return app
