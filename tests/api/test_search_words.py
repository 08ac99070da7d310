"""The register search through the word dictionary: kept by the triggers on every write path, ranked as a full scan.

The oracle is the search as it was before the dictionary: every company whose key matches the query's key by word
similarity, ranked by the same score over the whole register (no candidate bound).
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from api.app import create_app
from api.database import Database, transaction
from api.settings import Settings
from registry.companies.bin_rules import make_bin
from registry.companies.search import CANDIDATES, SEARCH_THRESHOLD
from registry.search_key import search_key
from tests.conftest import FIXED_NOW
from tests.database import database_of_its_own
from tests.factories import account, register_company
from tests.operations.bulk_support import run_registry

FULL_SCAN = text(
    """
    SELECT id::text FROM companies
    WHERE word_similarity(:key, search_key) >= :threshold
    ORDER BY (word_similarity(:key, search_key) * 2 + similarity(:key, search_key)) / 3 DESC, id
    """
)

# The names of a register where one word is common: more holders than a search reads of one word.
_BULK_COMPANIES = text(
    """
    INSERT INTO companies (id, bin, name_kk, name_ru, name_en, legal_form, region_kato, registration_date, search_key)
    SELECT gen_random_uuid(), lpad((900000000000 + n)::text, 12, '0'),
           '«' || names.kk || '» ЖШС', 'ТОО «' || names.kk || '»', names.en || ' LLP', 'llp', '750000000',
           DATE '2023-01-01', names.key
    FROM generate_series(1, :count) AS n,
         LATERAL (SELECT
             'Зымыран' || repeat(' Дата', n % 4) || ' ' || n AS kk,
             'Zymyran' || repeat(' Data', n % 4) || ' ' || n AS en,
             'zimiran' || repeat(' data', n % 4) || ' ' || n AS key) AS names
    """
)


async def _ids(client: httpx.AsyncClient, **params: str) -> tuple[list[str], str | None]:
    response = await client.get("/api/v1/companies", params=params)
    assert response.status_code == 200, response.text
    body = response.json()
    return [item["id"] for item in body["items"]], body["next_cursor"]


async def _full_scan(session: AsyncSession, query: str) -> list[str]:
    rows = await session.execute(FULL_SCAN, {"key": search_key(query), "threshold": SEARCH_THRESHOLD})
    return [row[0] for row in rows]


async def test_a_common_word_lists_the_full_scans_best_first_and_pages_stay_disjoint(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await session.execute(_BULK_COMPANIES, {"count": CANDIDATES * 3})
    expected = await _full_scan(session, "Зымыран")
    assert len(expected) == CANDIDATES * 3

    first, cursor = await _ids(client, q="Зымыран", limit="20")
    listed = list(first)
    while cursor is not None:
        page, cursor = await _ids(client, q="Zymyran", limit="50", cursor=cursor)
        listed.extend(page)

    assert first == expected[:20]
    assert listed == expected[: len(listed)]
    assert len(listed) >= CANDIDATES


@pytest.mark.parametrize("query", ["Зымыран Дата 17", "Zymyran Data Data 17", "Zymyrna Data 17", "ЗЫМЫРАН data 17"])
async def test_a_full_name_a_typo_or_another_script_finds_the_name_first(
    client: httpx.AsyncClient, session: AsyncSession, query: str
) -> None:
    await session.execute(_BULK_COMPANIES, {"count": CANDIDATES * 3})
    named = (
        await session.execute(text("SELECT id::text FROM companies WHERE name_en = 'Zymyran Data 17 LLP'"))
    ).scalar()

    first, _ = await _ids(client, q=query, limit="10")

    # Ranked by the full scan's score: the name first, the others in the full scan's order (the bounded candidate
    # sets may leave out a near-tie the full scan reaches, such as a longer number beginning with 17).
    assert first[0] == named
    expected = await _full_scan(session, query)
    assert set(first) <= set(expected)
    assert first == sorted(first, key=expected.index)


async def test_a_renamed_company_is_found_by_its_new_name_only(
    client: httpx.AsyncClient, database: Database, session: AsyncSession
) -> None:
    founder = await account(client, database)
    company = await register_company(
        client, founder, name_kk="«Көкжал Ботс» ЖШС", name_ru="ТОО «Кокжал Ботс»", name_en="Kokzhal Bots LLP"
    )
    assert (await _ids(client, q="Кокжал"))[0] == [company["id"]]

    await session.execute(
        text("UPDATE companies SET name_en = 'Samghau Bots LLP', search_key = :key WHERE id = :id"),
        {"id": company["id"], "key": search_key("Samghau Bots LLP")},
    )

    assert (await _ids(client, q="Samghau"))[0] == [company["id"]]
    assert company["id"] not in (await _ids(client, q="Кокжал"))[0]
    postings = await session.execute(
        text("SELECT word FROM company_search_postings WHERE company_id = :id ORDER BY word"), {"id": company["id"]}
    )
    assert [row[0] for row in postings] == ["bots", "samghau"]
    await session.execute(text("DELETE FROM companies WHERE id = :id"), {"id": company["id"]})
    left = await session.scalar(
        text("SELECT count(*) FROM company_search_postings WHERE company_id = :id"), {"id": company["id"]}
    )
    assert left == 0


@pytest.fixture
async def own_database(engine: AsyncEngine) -> AsyncIterator[Database]:
    async with database_of_its_own(engine, "registry_search") as database:
        yield database


def _import_file(tmp_path: Path) -> Path:
    bin_value = next(
        value
        for serial in range(301, 400)
        if (
            value := make_bin(registration_month=date(2023, 1, 1), entity_type_digit=4, division_digit=0, serial=serial)
        )
    )
    row: dict[str, Any] = {
        "bin": bin_value,
        "name_kk": "«Жетіқара Семантикс» ЖШС",
        "name_ru": "ТОО «Жетыкара Семантикс»",
        "name_en": "Zhetiqara Semantics LLP",
        "legal_form": "llp",
        "region": "710000000",
        "registration_date": "2023-01-15",
        "activities": "62.01",
        "primary_activity": "62.01",
        "headcount": "",
        "website": "",
        "description": "",
        "owner_email": "",
    }
    stream = io.StringIO()
    writer = csv.writer(stream)
    writer.writerow(row)
    writer.writerow(row.values())
    path = tmp_path / "companies.csv"
    path.write_text(stream.getvalue(), encoding="utf-8")
    return path


async def test_a_company_imported_in_bulk_is_found(own_database: Database, tmp_path: Path, settings: Settings) -> None:
    result = await run_registry(own_database, "import", "companies", str(_import_file(tmp_path)))
    assert result.exit_code == 0, result.output

    app = create_app(settings, database=own_database, clock=lambda: FIXED_NOW)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://registry.test") as client:
        for query in ("Жетыкара", "Zhetiqara Semantics", "Жетіқара Семантикс", "Zhetikara"):
            response = await client.get("/api/v1/companies", params={"q": query})
            assert [item["name_en"] for item in response.json()["items"]] == ["Zhetiqara Semantics LLP"], query
    async with transaction(own_database) as session:
        words = await session.scalars(text("SELECT word FROM company_search_words ORDER BY word"))
        assert list(words) == sorted(set(search_key("Zhetiqara Semantics").split()))
