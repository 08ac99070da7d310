"""The register search page against the API route it mirrors: ``python bench/web_search.py --help``.

Loads (or reuses) a dedicated bench database of ``--companies`` demo companies (the demo bulk path, never the dev or
test database), then, through the real ASGI app with its lifespan, calls ``GET /register?…`` (the HTML page) and
``GET /api/v1/companies?…&limit=20`` (the JSON route, the page's size) alternately for each search, and prints
p50/p95 of both and their ratio. ``--record`` appends the table to ``bench/results.md`` under a dated section.
"""

from __future__ import annotations

import asyncio
import logging
import platform
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import click
import httpx
from sqlalchemy import text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.app import create_app  # noqa: E402
from api.database import Database, create_engine  # noqa: E402
from api.settings import Settings  # noqa: E402
from api.web.public import PAGE_SIZE  # noqa: E402
from bench.loading import analyze, ensure_loaded, prepare_database  # noqa: E402
from bench.replay import median, percentile  # noqa: E402

WARMUP = 5


@dataclass(frozen=True, slots=True)
class Pair:
    """One search's figures: the API route's and the page's."""

    label: str
    calls: int
    api_p50: float
    api_p95: float
    page_p50: float
    page_p95: float

    def row(self) -> str:
        ratio = self.page_p50 / self.api_p50 if self.api_p50 else float("nan")
        return (
            f"| `{self.label}` | {self.calls} | {self.api_p50:.1f} | {self.api_p95:.1f} | {self.page_p50:.1f} "
            f"| {self.page_p95:.1f} | {ratio:.2f} |"
        )


async def search_terms(url: str) -> dict[str, str]:
    """Words of real names in the loaded register: Cyrillic, Latin, and the Latin one with a typo."""
    engine = create_engine(url, pool_size=1)
    try:
        async with engine.connect() as connection:
            row = (
                await connection.execute(
                    text(
                        "SELECT name_ru, name_en FROM companies WHERE name_en IS NOT NULL"
                        " ORDER BY bin OFFSET 777 LIMIT 1"
                    )
                )
            ).one()
    finally:
        await engine.dispose()
    cyrillic = max((word.strip('«»"') for word in str(row[0]).split()), key=len)
    latin = max((word.strip('«»"') for word in str(row[1]).split()), key=len)
    typo = latin[:-2] + latin[-1] + latin[-2] if len(latin) > 3 else latin
    return {"cyrillic": cyrillic, "latin": latin, "typo": typo}


def searches(terms: dict[str, str]) -> list[tuple[str, dict[str, str]]]:
    """The searches measured (the same query string on the page and on the API)."""
    return [
        ("newest first, no filter", {}),
        (f"q={terms['cyrillic']} (Cyrillic)", {"q": terms["cyrillic"]}),
        (f"q={terms['latin']} (Latin)", {"q": terms["latin"]}),
        (f"q={terms['typo']} (typo)", {"q": terms["typo"]}),
        ("region=750000000", {"region": "750000000"}),
        ("ai_class=ai_native&status=active", {"ai_class": "ai_native", "status": "active"}),
        ("licence_type=ai_native", {"licence_type": "ai_native"}),
        (f"q={terms['latin']}&region=750000000", {"q": terms["latin"], "region": "750000000"}),
    ]


async def measure(url: str, *, calls: int, budget: float) -> list[Pair]:
    """Each search ``calls`` times (or for ``budget`` seconds) on the API and the page, alternately."""
    engine = create_engine(url, pool_size=4)
    settings = Settings(environment="test", jwt_secret="bench-secret-" + "0" * 40, log_json=False)
    app = create_app(settings, database=Database.for_engine(engine))
    for name in ("api.access", "httpx"):
        logging.getLogger(name).setLevel(logging.WARNING)
    terms = await search_terms(url)
    results: list[Pair] = []
    try:
        async with (
            app.lifespan(),
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench") as client,
        ):
            for label, params in [*searches(terms), ("second page (cursor), no filter", {"cursor": "next"})]:
                if params.get("cursor") == "next":
                    first = await client.get("/api/v1/companies", params={"limit": PAGE_SIZE})
                    params = {"cursor": first.json()["next_cursor"]}
                results.append(await _pair(client, label, params, calls, budget))
                print(results[-1].row(), flush=True)
    finally:
        await engine.dispose()
    return results


async def _pair(client: httpx.AsyncClient, label: str, params: dict[str, str], calls: int, budget: float) -> Pair:
    async def api() -> None:
        response = await client.get("/api/v1/companies", params={**params, "limit": PAGE_SIZE})
        if response.status_code != 200:
            raise RuntimeError(f"API {label}: {response.status_code} {response.text[:300]}")

    async def page() -> None:
        response = await client.get("/register", params=params)
        if response.status_code != 200:
            raise RuntimeError(f"page {label}: {response.status_code} {response.text[:300]}")

    for _ in range(WARMUP):
        await api()
        await page()
    api_times: list[float] = []
    page_times: list[float] = []
    deadline = time.perf_counter() + budget
    while len(api_times) < calls and (time.perf_counter() < deadline or len(api_times) < 3):
        for call, times in ((api, api_times), (page, page_times)):
            started = time.perf_counter()
            await call()
            times.append((time.perf_counter() - started) * 1000)
    return Pair(
        label,
        len(api_times),
        median(api_times),
        percentile(api_times, 0.95),
        median(page_times),
        percentile(page_times, 0.95),
    )


def markdown(results: list[Pair], *, companies: int, load_seconds: float, command: str) -> str:
    """The section kept in ``bench/results.md``."""
    cpu = subprocess.run(["nproc"], capture_output=True, text=True, check=False).stdout.strip()
    return "\n".join(
        [
            f"## Register search page vs. API route ({date.today().isoformat()}, `python bench/web_search.py`)",
            "",
            f"{companies:,} demo companies (demo bulk path, loaded in {load_seconds / 60:.0f} min), PostgreSQL 18 "
            f"embedded, {platform.python_implementation()} {platform.python_version()}, {cpu} cores shared with other "
            f"work; `{command}`. Both through the real ASGI app (httpx.ASGITransport, anonymous), alternately, after "
            f"{WARMUP} warm-up calls each: `GET /api/v1/companies?…&limit={PAGE_SIZE}` (JSON) and `GET /register?…` "
            "(the HTML page: the same search service and cursor, plus the regions and OKED sections/divisions of its "
            "filter form, and the template). Ratio = page p50 / API p50.",
            "",
            "| search | calls each | API p50 ms | API p95 ms | page p50 ms | page p95 ms | ratio |",
            "|---|---|---|---|---|---|---|",
            *(result.row() for result in results),
            "",
        ]
    )


@click.command()
@click.option("--companies", type=int, default=100_000, show_default=True, help="Size of the register.")
@click.option("--seed", type=int, default=2026, show_default=True)
@click.option("--calls", type=int, default=100, show_default=True, help="Calls per search and side.")
@click.option("--budget", type=float, default=60.0, show_default=True, help="Seconds per search at most.")
@click.option("--database-url", default=None, help="A server to create 'registry_bench' on (default: embedded).")
@click.option("--data-dir", type=click.Path(path_type=Path), default=ROOT / ".data" / "bench-web", show_default=True)
@click.option("--reuse/--reload", default=True, show_default=True, help="Reuse a database of the same size+seed.")
@click.option("--record/--no-record", default=False, show_default=True, help="Append to bench/results.md.")
def main(
    companies: int,
    seed: int,
    calls: int,
    budget: float,
    database_url: str | None,
    data_dir: Path,
    reuse: bool,
    record: bool,
) -> None:
    """Print the register search page's p50/p95 next to the API route's."""
    bench = prepare_database(database_url, data_dir)
    load_seconds = asyncio.run(ensure_loaded(bench.url, companies=companies, seed=seed, reuse=reuse))
    analyze(bench.psql_url)
    print("| search | calls each | API p50 ms | API p95 ms | page p50 ms | page p95 ms | ratio |")
    print("|---|---|---|---|---|---|---|")
    results = asyncio.run(measure(bench.url, calls=calls, budget=budget))
    command = "python bench/web_search.py " + " ".join(sys.argv[1:])
    section = markdown(results, companies=companies, load_seconds=load_seconds, command=command.strip())
    print()
    print(section)
    if record:
        output = ROOT / "bench" / "results.md"
        existing = output.read_text()  # read at the moment of writing: other benchmarks add sections too
        output.write_text(existing.rstrip("\n") + "\n\n" + section)
        print(f"appended to {output}")


if __name__ == "__main__":
    main()
