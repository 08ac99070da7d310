"""How the time to make a release grows with the releases made before it (issue 10 item 7).

A release is protected against every release already published for its fiscal year and the years next to it, so
each one reads what those were built from. The script copies the bench database (so every run starts from the same
state, with no release), then makes ``--releases`` releases in turn, alternating the periods given, and prints the
time of each with its ratio to the first of the run.

Run: ``python -m bench.release_revisions --companies 20000 --data-dir .data/bench-20k --releases 6``
"""

from __future__ import annotations

import argparse
import asyncio
import time
from datetime import UTC, date, datetime
from pathlib import Path

import asyncpg
from sqlalchemy import make_url
from sqlalchemy.ext.asyncio import AsyncSession

from api.database import create_engine
from api.settings import Settings, disclosure_settings
from bench.loading import BENCH_DATABASE, ensure_loaded, prepare_database
from licensing.releases import create_release

COPY = "registry_bench_releases"


async def _fresh_copy(url: str) -> str:
    """A copy of the bench database with no release in it (made from it as a template)."""
    given = make_url(url)
    admin = given.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    connection = await asyncpg.connect(admin)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{COPY}"')
        await connection.execute(f'CREATE DATABASE "{COPY}" TEMPLATE "{BENCH_DATABASE}"')
    finally:
        await connection.close()
    return given.set(database=COPY).render_as_string(hide_password=False)


async def _releases(url: str, periods: list[int], count: int) -> list[tuple[int, float]]:
    engine = create_engine(url, pool_size=2)
    settings = Settings(environment="test", jwt_secret="bench-secret-" + "0" * 40, log_json=False)
    rules = disclosure_settings(settings)
    made: list[tuple[int, float]] = []
    try:
        for number in range(count):
            period = periods[number % len(periods)]
            started = time.perf_counter()
            async with AsyncSession(bind=engine) as session, session.begin():
                await create_release(session, rules, period=period, actor_id=None, now=datetime.now(UTC))
            made.append((period, time.perf_counter() - started))
            first = made[0][1]
            seconds = made[-1][1]
            print(f"release {number + 1} (period {period}): {seconds:7.2f} s  ({seconds / first:.2f}x the first)")
    finally:
        await engine.dispose()
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--companies", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--data-dir", type=Path, default=Path(".data/bench-20k"))
    parser.add_argument("--database-url", help="a server to use instead of the embedded cluster")
    parser.add_argument("--releases", type=int, default=6)
    parser.add_argument(
        "--periods", default=None, help="comma-separated fiscal years, taken in turn (default: the last two ended)"
    )
    args = parser.parse_args()
    last = date.today().year - 1
    periods = [int(p) for p in args.periods.split(",")] if args.periods else [last, last - 1]
    bench = prepare_database(args.database_url, args.data_dir)
    asyncio.run(ensure_loaded(bench.url, companies=args.companies, seed=args.seed, reuse=True))
    copy = asyncio.run(_fresh_copy(bench.url))
    made = asyncio.run(_releases(copy, periods, args.releases))
    later = [seconds for _, seconds in made[1:]]
    if later:
        print(
            f"first {made[0][1]:.2f} s; later ones {min(later):.2f}-{max(later):.2f} s; last/first "
            f"{made[-1][1] / made[0][1]:.2f}x"
        )


if __name__ == "__main__":
    main()
