"""Register search at national scale: ``python bench/search.py --help``.

Builds (or reuses) a bench cluster of its own per size (``.data/bench-search-<companies>``, never the dev or test
database), migrated to head, and fills it straight with SQL-speed COPY: ``--companies`` realistic names (half the
demo generator's brands, a small vocabulary every company shares, and half brands of Kazakh-like syllables, the long
tail of a real register), one primary OKED activity each, regions and classes spread as in the demo. The load runs
with ``session_replication_role = replica``, so no trigger fires (neither the statistics rollups nor the search
words); the word dictionary and postings are then built in two set-based statements, as migration 0017 does.

Then, for a mix of searches (full names in Latin and Cyrillic, single common and rare words, typos, other-script
spellings, a search with a filter, and the filter-only pages), it prints p50/p95 of:

* the HTTP route ``GET /api/v1/companies?…&limit=20`` through the real ASGI app (httpx.ASGITransport, anonymous);
* the raw SQL of the new search: the statements the route ran (captured from SQLAlchemy), prepared and executed in
  ``psql`` with ``\\timing on``, summed per request;
* the raw SQL of the old search (one ``search_key %> key`` statement ranking every trigram match), the same way;

the three interleaved in rounds, with ratios (old SQL / new SQL) and the load average.
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import click
import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.app import create_app  # noqa: E402
from api.database import Database, create_engine, migrate  # noqa: E402
from api.settings import Settings  # noqa: E402
from bench.loading import analyze, prepare_database  # noqa: E402
from bench.replay import Statement, capture, median, percentile, replay  # noqa: E402
from registry.companies.search import SEARCH_THRESHOLD  # noqa: E402
from registry.companies.service import company_search_key  # noqa: E402
from registry.demo.names import company_names  # noqa: E402

PAGE = 20
MARKER = "bench_search_marker"
BATCH = 50_000

# Kazakh-like syllables, (Latin, Cyrillic): two or three make a brand of the long tail (some 20,000 words).
_SYLLABLES = (
    ("ba", "ба"), ("ka", "ка"), ("ta", "та"), ("nur", "нур"), ("sa", "са"), ("ly", "лы"), ("ar", "ар"),
    ("man", "ман"), ("gul", "гүл"), ("bek", "бек"), ("zhan", "жан"), ("tas", "тас"), ("ai", "ай"), ("er", "ер"),
    ("kon", "қон"), ("sul", "сұл"), ("dar", "дар"), ("tal", "тал"), ("mir", "мир"), ("ros", "рос"), ("ter", "тер"),
    ("vel", "вел"), ("kam", "кам"), ("ot", "от"), ("us", "ұс"), ("bo", "бо"), ("le", "ле"), ("zha", "жа"),
)  # fmt: skip
_TECH = (
    ("Data", "Дата"), ("AI", "AI"), ("Soft", "Софт"), ("Tech", "Тех"), ("Systems", "Системс"), ("Logic", "Лоджик"),
    ("Service", "Сервис"), ("Trade", "Трейд"), ("Group", "Груп"), ("Lab", "Лаб"), ("Consulting", "Консалтинг"),
    ("Invest", "Инвест"), ("Stroy", "Строй"), ("Agro", "Агро"), ("Med", "Мед"), ("Energy", "Энерджи"),
)  # fmt: skip
_CLASSES = ("ai_native", "ai_enabled", "non_ai", None)
_CLASS_WEIGHTS = (10, 25, 40, 25)
_COLUMNS = (
    "id", "bin", "name_kk", "name_ru", "name_en", "legal_form", "region_kato", "registration_date", "status",
    "search_key", "version", "ai_class", "created_at", "updated_at",
)  # fmt: skip

OLD_SEARCH = (
    "SELECT companies.*, (word_similarity($1, search_key) * 2 + similarity($1, search_key)) / 3 AS score "
    "FROM companies WHERE search_key %> $1 ORDER BY score DESC, id LIMIT $2"
)
"""The search before the word dictionary (commit 4048eaf): every trigram match of the whole key ranked."""


def _rare_brand(rng: random.Random) -> tuple[str, str]:
    syllables = rng.choices(_SYLLABLES, k=rng.choice((2, 2, 3)))
    latin = "".join(s[0] for s in syllables).capitalize()
    return latin, "".join(s[1] for s in syllables).capitalize()


def _company_row(rng: random.Random, index: int, regions: list[str], epoch: date) -> tuple[Any, ...]:
    if rng.random() < 0.5:
        names = company_names(rng)
        name_kk, name_ru, name_en = names.name_kk, names.name_ru, names.name_en
    else:
        latin, cyrillic = _rare_brand(rng)
        tech_en, tech_cy = rng.choice(_TECH)
        keep_latin = rng.random() < 0.3
        brand_cy = f"{latin} {tech_en}" if keep_latin else f"{cyrillic} {tech_cy}"
        name_kk, name_ru, name_en = f"«{brand_cy}» ЖШС", f"ТОО «{brand_cy}»", f"{latin} {tech_en} LLP"
    day = epoch + timedelta(days=rng.randrange(3650))
    stamp = datetime.now(UTC)
    return (
        uuid.UUID(int=rng.getrandbits(128), version=4),
        f"{index:012d}",
        name_kk,
        name_ru,
        name_en,
        "llp",
        rng.choice(regions),
        day,
        "active" if rng.random() < 0.93 else "liquidated",
        company_search_key(name_kk, name_ru, name_en),
        1,
        rng.choices(_CLASSES, _CLASS_WEIGHTS)[0],
        stamp,
        stamp,
    )


async def _load(url: str, companies: int, seed: int) -> float:
    """Migrate and COPY ``companies`` rows unless the marker says they are there; the load's seconds."""
    engine = create_engine(url, pool_size=1)
    try:
        await migrate(engine)
    finally:
        await engine.dispose()
    dsn = url.replace("postgresql+asyncpg", "postgresql")
    connection = await asyncpg.connect(dsn)
    try:
        if await connection.fetchval(f"SELECT to_regclass('{MARKER}') IS NOT NULL"):
            row = await connection.fetchrow(f"SELECT companies, seed, load_seconds FROM {MARKER}")
            if row is not None and (row["companies"], row["seed"]) == (companies, seed):
                print(f"reusing {companies:,} companies (seed {seed}), loaded in {row['load_seconds']:,.0f} s")
                return float(row["load_seconds"])
            raise SystemExit(f"{MARKER} holds another size; remove the data directory to reload")
        if await connection.fetchval("SELECT count(*) FROM companies"):
            raise SystemExit("companies present without a marker; remove the data directory to reload")
        started = time.perf_counter()
        await connection.execute("SET session_replication_role = replica")
        regions = [row[0] for row in await connection.fetch("SELECT kato FROM regions ORDER BY kato")]
        rng = random.Random(seed)
        epoch = date(2015, 1, 1)
        for first in range(0, companies, BATCH):
            rows = [_company_row(rng, index, regions, epoch) for index in range(first, min(first + BATCH, companies))]
            await connection.copy_records_to_table("companies", records=rows, columns=_COLUMNS)
            print(f"  {first + len(rows):,} companies", flush=True)
        await connection.execute(
            "INSERT INTO company_activities (company_id, oked_code, is_primary) "
            "SELECT c.id, a.codes[1 + abs(hashtext(c.bin)) % cardinality(a.codes)], true FROM companies c, "
            "(SELECT array_agg(code ORDER BY code) AS codes FROM activities WHERE code LIKE '__.__%') a"
        )
        await connection.execute(
            "INSERT INTO company_search_postings (word, key_trigrams, company_id) SELECT w.word, w.key_trigrams, "
            "w.company_id FROM companies c CROSS JOIN LATERAL company_search_words_of(c.search_key, c.id) AS w"
        )
        await connection.execute(
            "INSERT INTO company_search_words (word) SELECT DISTINCT word FROM company_search_postings"
        )
        seconds = time.perf_counter() - started
        await connection.execute(f"CREATE TABLE {MARKER} (companies integer, seed integer, load_seconds float8)")
        await connection.execute(f"INSERT INTO {MARKER} VALUES ($1, $2, $3)", companies, seed, seconds)
        print(f"loaded in {seconds:,.0f} s")
        return seconds
    finally:
        await connection.close()


def _typo(word: str) -> str:
    """Two inner letters swapped (Shanyraq → Shanyrqa), the commonest typing slip."""
    return word if len(word) < 4 else word[:-3] + word[-2] + word[-3] + word[-1]


async def _searches(url: str) -> list[tuple[str, dict[str, str]]]:
    """The mix, drawn from names in the loaded register (so every name search has a true answer)."""
    from registry.search_key import search_key

    connection = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"))
    try:
        rows = await connection.fetch("SELECT name_ru, name_en FROM companies ORDER BY bin LIMIT 3000")
        rare: tuple[str, str] | None = None
        for row in rows:
            latin, cyrillic = row["name_en"].split()[0], row["name_ru"].removeprefix("ТОО «").split()[0]
            if latin.lower() in {"data", "ai"} or not cyrillic[0].isalpha() or not "а" <= cyrillic[0].lower() <= "я":
                continue
            holders = await connection.fetchval(
                "SELECT count(*) FROM company_search_postings WHERE word = $1", search_key(latin)
            )
            if 3 <= holders <= 60:
                rare = (latin, cyrillic)
                break
    finally:
        await connection.close()
    if rare is None:
        raise SystemExit("no rare brand word found")
    full_en = next(r["name_en"] for r in rows if len(r["name_en"].split()) >= 5)
    full_ru = next(r["name_ru"] for r in rows[500:] if len(r["name_ru"].split()) >= 4 and "«" in r["name_ru"])
    return [
        (f"full name (Latin): {full_en}", {"q": full_en}),
        (f"full name (Cyrillic): {full_ru}", {"q": full_ru}),
        ("common word: Logic", {"q": "Logic"}),
        ("common word: Data", {"q": "Data"}),
        ("common word, Kazakh letters: Тұлпар", {"q": "Тұлпар"}),
        (f"rare word: {rare[0]}", {"q": rare[0]}),
        (f"rare word, Cyrillic: {rare[1]}", {"q": rare[1]}),
        (f"rare word, typo: {_typo(rare[0])}", {"q": _typo(rare[0])}),
        ("typo: Shanyrqa", {"q": "Shanyrqa"}),
        ("other script: Шанырак", {"q": "Шанырак"}),
        ("other script: Казахстан Дата", {"q": "Казахстан Дата"}),
        ("two words: Altyn Data", {"q": "Altyn Data"}),
        ("word and region: Logic, 750000000", {"q": "Logic", "region": "750000000"}),
        ("filter: region=750000000", {"region": "750000000"}),
        ("filter: ai_class=ai_native", {"ai_class": "ai_native"}),
        ("filter: ai_class=ai_native&status=active", {"ai_class": "ai_native", "status": "active"}),
        ("filter: activity=62", {"activity": "62"}),
    ]


@dataclass(frozen=True, slots=True)
class Figures:
    """One search's times: HTTP route, new SQL, old SQL (ms)."""

    label: str
    http: list[float]
    new_sql: list[float]
    old_sql: list[float]
    agreement: str = "–"
    """The first page against the old search's first 20: same positions / same companies."""

    def row(self) -> str:
        old = f"{median(self.old_sql):.1f} | {percentile(self.old_sql, 0.95):.1f}" if self.old_sql else "– | –"
        ratio = f"{median(self.old_sql) / median(self.new_sql):.1f}" if self.old_sql else "–"
        return (
            f"| {self.label} | {len(self.http)} | {median(self.http):.1f} | {percentile(self.http, 0.95):.1f} "
            f"| {median(self.new_sql):.1f} | {percentile(self.new_sql, 0.95):.1f} | {old} | {ratio} "
            f"| {self.agreement} |"
        )


def _is_transaction_control(statement: Statement) -> bool:
    return statement[0].lstrip().upper().startswith(("BEGIN", "COMMIT", "SELECT 1", "ROLLBACK"))


def _session_wide(statement: Statement) -> Statement:
    """A ``set_config(…, true)`` made session-wide: psql runs each replayed statement in a transaction of its own,
    where a transaction-local setting would end before the search's statements run."""
    sql, params = statement
    if sql.lstrip().upper().startswith("SELECT SET_CONFIG"):
        return sql, tuple(False if param is True else param for param in params)
    return statement


def _old_statements(key: str) -> list[Statement]:
    return [
        ("SELECT set_config('pg_trgm.word_similarity_threshold', $1, false)", (str(SEARCH_THRESHOLD),)),
        (OLD_SEARCH, (key, PAGE + 1)),
    ]


async def _measure(
    url: str, psql_url: str, searches: list[tuple[str, dict[str, str]]], *, rounds: int, calls: int, old_calls: int
) -> list[Figures]:
    from registry.search_key import search_key

    engine = create_engine(url, pool_size=2)
    settings = Settings(environment="test", jwt_secret="bench-secret-" + "0" * 40, log_json=False)
    app = create_app(settings, database=Database.for_engine(engine))
    for name in ("api.access", "httpx"):
        logging.getLogger(name).setLevel(logging.WARNING)
    figures = {label: Figures(label, [], [], []) for label, _ in searches}
    try:
        async with (
            app.lifespan(),
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench") as client,
        ):
            captured: dict[str, list[Statement]] = {}
            agreement: dict[str, str] = {}
            for label, params in searches:
                with capture(engine) as statements:
                    response = await client.get("/api/v1/companies", params={**params, "limit": PAGE})
                if response.status_code != 200:
                    raise RuntimeError(f"{label}: {response.status_code} {response.text[:300]}")
                if "q" in params and "region" not in params:
                    agreement[label] = await _agreement(url, search_key(params["q"]), response.json()["items"])
                captured[label] = [_session_wide(s) for s in statements if not _is_transaction_control(s)]
            for round_ in range(rounds):
                for label, params in searches:
                    for _ in range(2):  # warm-up
                        await client.get("/api/v1/companies", params={**params, "limit": PAGE})
                    for _ in range(calls):
                        started = time.perf_counter()
                        response = await client.get("/api/v1/companies", params={**params, "limit": PAGE})
                        figures[label].http.append((time.perf_counter() - started) * 1000)
                    figures[label].new_sql.extend(replay(psql_url, captured[label], repetitions=calls, warmup=2))
                    if "q" in params:
                        old = _old_statements(search_key(params["q"]))
                        figures[label].old_sql.extend(replay(psql_url, old, repetitions=old_calls, warmup=1))
                print(f"  round {round_ + 1}/{rounds} done, load average {os.getloadavg()[0]:.2f}", flush=True)
    finally:
        await engine.dispose()
    return [
        Figures(label, figures[label].http, figures[label].new_sql, figures[label].old_sql, agreement.get(label, "–"))
        for label, _ in searches
    ]


async def _agreement(url: str, key: str, items: list[dict[str, Any]]) -> str:
    """How the route's first page of 20 agrees with the old search's: same positions / same companies."""
    connection = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"))
    try:
        await connection.execute(f"SET pg_trgm.word_similarity_threshold = {SEARCH_THRESHOLD}")
        old = [str(row["id"]) for row in await connection.fetch(OLD_SEARCH, key, PAGE)]
    finally:
        await connection.close()
    new = [str(item["id"]) for item in items]
    same = sum(1 for first, second in zip(old, new, strict=False) if first == second)
    return f"{same}/{len(old)} / {len(set(old) & set(new))}/{len(old)}"


HEADER = (
    "| search | calls | HTTP p50 ms | HTTP p95 ms | new SQL p50 ms | new SQL p95 ms | old SQL p50 ms | old SQL p95 ms "
    "| old/new SQL p50 | first 20 as old (positions / companies) |\n|---|---|---|---|---|---|---|---|---|---|"
)


@click.command()
@click.option("--companies", type=int, multiple=True, default=(100_000, 1_000_000), show_default=True)
@click.option("--seed", type=int, default=2026, show_default=True)
@click.option("--rounds", type=int, default=3, show_default=True, help="Interleaved rounds over the whole mix.")
@click.option("--calls", type=int, default=20, show_default=True, help="HTTP and new-SQL calls per search and round.")
@click.option("--old-calls", type=int, default=5, show_default=True, help="Old-SQL calls per search and round.")
def main(companies: tuple[int, ...], seed: int, rounds: int, calls: int, old_calls: int) -> None:
    """Print p50/p95 of the register search (HTTP, new SQL, old SQL) at each size."""
    for size in companies:
        bench = prepare_database(None, ROOT / ".data" / f"bench-search-{size}")
        load_seconds = asyncio.run(_load(bench.url, size, seed))
        analyze(bench.psql_url)
        searches = asyncio.run(_searches(bench.url))
        print(f"\n{size:,} companies (loaded in {load_seconds:,.0f} s), load average {os.getloadavg()}")
        results = asyncio.run(
            _measure(bench.url, bench.psql_url, searches, rounds=rounds, calls=calls, old_calls=old_calls)
        )
        print(HEADER)
        for result in results:
            print(result.row())
        print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
