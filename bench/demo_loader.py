"""The demo bulk loader against ``psql \\copy`` of the same rows into plain tables: rows per second and ratio.

    python bench/demo_loader.py --companies 20000

On an embedded cluster of its own (or ``--database-url``'s server), ``--rounds`` rounds of, one after the other:

* the baseline: one ``psql`` running ``\\copy`` of every row the loader writes (companies, activities, AI systems,
  declarations and their products, pivots, events: dumped from the first load to CSV files) into tables of text
  columns without constraints, indexes or triggers;
* with ``--before DIR`` (``git archive COMMIT | tar -x -C DIR``), that checkout's loader on the same schema;
* the loader: :func:`registry.demo.loader.load_companies` of the same generated companies (no owners) in one
  transaction, in a subprocess on a freshly migrated database, committed; its wall time (the companies are
  generated before the clock starts; their declarations, AI systems and events are built during the load, in the
  loader's worker thread, as in ``registry demo-data``).

A first load, not measured, gives the baseline its rows.

Each round prints its times and ratios, and the load average is printed before and after.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy import URL, make_url

ROOT = Path(__file__).resolve().parent.parent

TABLES = (
    "companies",
    "company_activities",
    "ai_systems",
    "declarations",
    "declaration_products",
    "pivot_events",
    "events",
)
"""What the loader writes for companies without owners (its rows; the history and rollups are derived)."""
TODAY = date(2026, 11, 20)


async def load_into(url: str, companies: int, seed: int) -> None:
    """The loader's side, run in a subprocess (so ``--before`` can run another checkout's code)."""
    from api.database import Database, create_engine, transaction
    from registry.demo.ecosystem import generate_companies
    from registry.demo.loader import load_companies

    generated = list(generate_companies(companies, seed=seed, today=TODAY))
    engine = create_engine(url, pool_size=1)
    try:
        started = time.perf_counter()
        async with transaction(Database.for_engine(engine)) as session:
            await load_companies(session, generated, owner_ids=[], today=TODAY)
        print(f"{time.perf_counter() - started:.3f}")
    finally:
        await engine.dispose()


def run_loader(url: str, companies: int, seed: int, code: Path | None) -> float:
    env = {**os.environ, "PYTHONPATH": str(code or ROOT)}
    done = subprocess.run(
        [sys.executable, __file__, "--load-into", url, "--companies", str(companies), "--seed", str(seed)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"the load failed: {done.stdout}{done.stderr}")
    return float(done.stdout.strip().splitlines()[-1])


async def row_count(dsn: str) -> int:
    connection = await asyncpg.connect(dsn)
    try:
        counts = [await connection.fetchval(f"SELECT count(*) FROM {table}") for table in TABLES]
    finally:
        await connection.close()
    return sum(counts)


def dump_rows(dsn: str, folder: Path) -> str:
    """The loaded rows as CSV files; returns the ``CREATE TABLE`` script of their plain text-column copies."""
    from bench.import_companies import psql, psql_binary

    creates = []
    for table in TABLES:
        columns = subprocess.run(
            [
                psql_binary(),
                dsn,
                "-X",
                "-A",
                "-t",
                "-c",
                f"SELECT string_agg(quote_ident(attname) || ' text', ', ' ORDER BY attnum) FROM pg_attribute "
                f"WHERE attrelid = '{table}'::regclass AND attnum > 0 AND NOT attisdropped",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        creates.append(f"CREATE TABLE plain_{table} ({columns});")
        psql(dsn, f"\\copy {table} TO '{folder / table}.csv' WITH (FORMAT csv)")
    return "\n".join(creates)


def copy_script(folder: Path) -> str:
    lines = [f"TRUNCATE plain_{table};" for table in TABLES]
    lines += [f"\\copy plain_{table} FROM '{folder / table}.csv' WITH (FORMAT csv)" for table in TABLES]
    return "\n".join(lines)


def timed_psql_script(dsn: str, script: str) -> float:
    from bench.import_companies import psql_binary

    started = time.perf_counter()
    subprocess.run([psql_binary(), dsn, "-X", "-q", "-v", "ON_ERROR_STOP=1"], input=script, text=True, check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--companies", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database-url", help="A server to create the bench's databases on (default: embedded)")
    parser.add_argument("--before", type=Path, help="A checkout of an earlier commit: its loader as a third side")
    parser.add_argument("--load-into", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.load_into:  # the loader's subprocess: the code of its PYTHONPATH (``--before``), none of the bench's
        asyncio.run(load_into(options.load_into, options.companies, options.seed))
        return
    sys.path.insert(0, str(ROOT))
    from api.embedded_postgres import start_embedded_postgres

    work = Path(tempfile.mkdtemp(prefix="registry-loader-bench-"))
    embedded = None
    try:
        if options.database_url:
            server = make_url(options.database_url)
        else:
            embedded = start_embedded_postgres(work / "pgdata", database="postgres", delete_on_stop=True)
            server = make_url(embedded.url)
        compare(Server(server, embedded), options, work)
    finally:
        if embedded is not None:
            embedded.stop()
        shutil.rmtree(work, ignore_errors=True)


class Server:
    """Where the bench's databases are: libpq and asyncpg URLs by database name."""

    def __init__(self, url: URL, embedded: Any) -> None:
        self.url, self.embedded = url, embedded

    def libpq(self, name: str) -> str:
        if self.embedded is not None:
            return str(self.embedded.server.get_uri(name))
        return self.url.set(drivername="postgresql", database=name).render_as_string(hide_password=False)

    def asyncpg(self, name: str) -> str:
        return self.url.set(drivername="postgresql+asyncpg", database=name).render_as_string(hide_password=False)


def fresh_migrated(server: Server, name: str) -> str:
    from bench.import_companies import fresh_database, migrated

    asyncio.run(fresh_database(server.libpq("postgres"), name))
    asyncio.run(migrated(server.asyncpg(name)))
    return server.asyncpg(name)


def compare(server: Server, options: argparse.Namespace, work: Path) -> None:
    """The rounds: the baseline, the earlier checkout's loader (``--before``) and this one's, one after the other."""
    from bench.import_companies import drop_database, fresh_database, load_average, psql

    admin = server.libpq("postgres")
    print(f"{options.companies:,} demo companies (seed {options.seed}), load average {load_average()}")
    asyncio.run(fresh_database(admin, "loader_baseline"))
    first = fresh_migrated(server, "loader_first")
    run_loader(first, options.companies, options.seed, None)  # its rows are the baseline's (and a warm-up)
    rows = asyncio.run(row_count(server.libpq("loader_first")))
    psql(server.libpq("loader_baseline"), dump_rows(server.libpq("loader_first"), work))
    asyncio.run(drop_database(admin, "loader_first"))
    script = copy_script(work)
    print(f"{rows:,} rows in {', '.join(TABLES)}")
    ratios: list[float] = []
    speedups: list[float] = []
    for round_number in range(1, options.rounds + 1):
        baseline = timed_psql_script(server.libpq("loader_baseline"), script)
        before = ""
        if options.before is not None:
            earlier = run_loader(
                fresh_migrated(server, "loader_before"), options.companies, options.seed, options.before
            )
            asyncio.run(drop_database(admin, "loader_before"))
        loaded = run_loader(fresh_migrated(server, "loader_now"), options.companies, options.seed, None)
        asyncio.run(drop_database(admin, "loader_now"))
        ratios.append(baseline / loaded)
        if options.before is not None:
            speedups.append(earlier / loaded)
            before = f"before {earlier:6.2f} s ({baseline / earlier:.3f}x; speed-up {speedups[-1]:.2f}x) | "
        print(
            f"round {round_number}: psql \\copy {baseline:6.2f} s {rows / baseline:10,.0f} rows/s | {before}"
            f"loader {loaded:6.2f} s {rows / loaded:8,.0f} rows/s | ratio {ratios[-1]:.3f}x | "
            f"load {os.getloadavg()[0]:.1f}",
            flush=True,
        )
    print(f"ratio loader / \\copy per round: {', '.join(f'{r:.3f}x' for r in ratios)}; ", end="")
    print(f"median {statistics.median(ratios):.3f}x (goal >= 0.5x)")
    if speedups:
        print(f"speed-up (before's time / now) per round: {', '.join(f'{s:.2f}x' for s in speedups)}")
    print(f"load average after: {load_average()}")


if __name__ == "__main__":
    main()
