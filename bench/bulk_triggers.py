"""How long the register's triggers take per bulk statement, batch after batch: ``python bench/bulk_triggers.py``.

Inserts ``--batches`` batches of ``--size`` companies (then their primary activities, an annual declaration each and
a licence each) into a fresh database in one transaction, as the demo loader and an import do, and prints each
trigger's time per batch from ``EXPLAIN ANALYZE``. A trigger whose time grows with the batch number is quadratic in
a bulk load; the figures go to ``bench/results.md`` by hand.

With ``--both-ways``, each batch's companies and activities are written twice in turn, from the same state: with
every statement's triggers (as the API's statements), and as a bulk batch (``registry.bulk.batch_rollups``: the
rollups' triggers stand aside and the refresh runs once over the batch). The first is rolled back to a savepoint,
the second kept, and which goes first alternates from batch to batch; it prints both wall times and their ratio.
The rolled-back side leaves dead rows that no vacuum can clear inside the one transaction, so from the third batch
on both sides slow down (the bench's own ``NOT EXISTS`` over all companies reads them): read the first batches.
"""

from __future__ import annotations

import asyncio
import re
import sys
import time
from pathlib import Path

import click
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.database import create_engine, migrate  # noqa: E402
from bench.loading import prepare_database  # noqa: E402
from registry.bulk.batch_rollups import rollups_once_per_batch  # noqa: E402

_COMPANIES = """
INSERT INTO companies (id, bin, name_kk, name_ru, legal_form, region_kato, registration_date, status, search_key)
SELECT gen_random_uuid(), (100000000000 + CAST(:offset AS bigint) + g)::text, 'Bench', 'Bench', 'llp',
       (ARRAY['750000000', '710000000', '470000000'])[1 + g % 3], date '2020-01-01' + (g % 1500), 'active', 'bench'
FROM generate_series(1, CAST(:size AS integer)) g
"""
_ACTIVITIES = """
INSERT INTO company_activities (company_id, oked_code, is_primary)
SELECT c.id, '62.01', true FROM companies c
WHERE NOT EXISTS (SELECT FROM company_activities a WHERE a.company_id = c.id)
"""
_DECLARATIONS = """
INSERT INTO declarations (id, company_id, fiscal_year, quarter, revenue_total, revenue_ai, fte_total, fte_ai,
    opex_total, opex_ai, owns_data_library, filed_at, rubric_version, ai_class, evaluation)
SELECT gen_random_uuid(), c.id, 2024, NULL, 100, 50, 10, 4, 10, 5, true, now(), 1,
       (ARRAY['ai_native', 'ai_enabled', 'non_ai'])[1 + (abs(hashtext(c.id::text)) % 3)], '{}'
FROM companies c WHERE NOT EXISTS (SELECT FROM declarations d WHERE d.company_id = c.id)
"""
_APPLICATIONS = """
INSERT INTO licence_applications (id, company_id, licence_type, state, declaration_id, created_at, updated_at)
SELECT gen_random_uuid(), d.company_id, 'standard_digital', 'approved', d.id, now(), now() FROM declarations d
WHERE NOT EXISTS (SELECT FROM licence_applications a WHERE a.company_id = d.company_id)
"""
_LICENCES = """
INSERT INTO licences (id, number, licence_type, year, serial, company_id, application_id, status, valid_from,
    valid_until)
SELECT gen_random_uuid(), 'SDL-2025-' || lpad((r.n + CAST(:offset AS integer))::text, 5, '0'), 'standard_digital', 2025,
       r.n + CAST(:offset AS integer), r.company_id, r.id, 'active', date '2025-01-01', date '2025-12-31'
FROM (SELECT a.id, a.company_id, row_number() OVER () AS n FROM licence_applications a
      WHERE NOT EXISTS (SELECT FROM licences l WHERE l.application_id = a.id)) r
"""
_TRIGGER = re.compile(r"Trigger (\w+): time=([\d.]+)")


async def _write_batch(connection: AsyncConnection, batch: int, size: int, *, once: bool) -> float:
    """The batch's companies and activities, per statement or as a bulk batch; the wall time in ms."""
    parameters = {"offset": batch * size, "size": size}
    started = time.perf_counter()
    async with AsyncSession(bind=connection) as session:
        if once:
            async with rollups_once_per_batch(session) as written:
                written.ids = list((await session.execute(text(f"{_COMPANIES} RETURNING id"), parameters)).scalars())
                await session.execute(text(_ACTIVITIES))
        else:
            await session.execute(text(_COMPANIES), parameters)
            await session.execute(text(_ACTIVITIES))
        await session.commit()  # the session's own savepoint, inside the batch's
    return (time.perf_counter() - started) * 1000


async def _both_ways(connection: AsyncConnection, batch: int, size: int) -> tuple[float, float]:
    """The batch both ways in turn, the first rolled back and the second kept: ``(per statement, once)`` in ms.

    Which goes first alternates from batch to batch; both leave the same rows, so each starts from the same state.
    """
    times = {}
    order = (False, True) if batch % 2 == 0 else (True, False)
    for once in order:
        savepoint = await connection.begin_nested()
        times[once] = await _write_batch(connection, batch, size, once=once)
        if once == order[0]:
            await savepoint.rollback()
        else:
            await savepoint.commit()
    return times[False], times[True]


async def _run(url: str, batches: int, size: int, *, both_ways: bool) -> None:
    engine = create_engine(url, pool_size=2)
    await migrate(engine)
    steps: tuple[tuple[str, str], ...] = (
        ("companies", _COMPANIES),
        ("activities", _ACTIVITIES),
        ("declarations", _DECLARATIONS),
    )
    if both_ways:
        steps = steps[2:]
    print(f"{'batch':>5}  {'statement':<12} {'wall ms':>8}  slowest triggers (ms)")
    async with engine.connect() as connection:
        transaction = await connection.begin()
        for batch in range(batches):
            if both_ways:
                each, once = await _both_ways(connection, batch, size)
                print(
                    f"{batch + 1:>5}  companies and activities: per statement {each:.0f} ms, as a bulk batch "
                    f"{once:.0f} ms ({each / once:.2f}x faster)"
                )
            for label, sql in (*steps, ("licences", _LICENCES)):
                if label == "licences":
                    await connection.execute(text(_APPLICATIONS))
                started = time.perf_counter()
                plan = await connection.execute(
                    text(f"EXPLAIN (ANALYZE, FORMAT TEXT) {sql}"), {"offset": batch * size, "size": size}
                )
                wall = (time.perf_counter() - started) * 1000
                timings = sorted(
                    ((name, float(ms)) for line in plan.scalars() for name, ms in _TRIGGER.findall(line)),
                    key=lambda item: -item[1],
                )
                shown = ", ".join(f"{name} {ms:.0f}" for name, ms in timings[:3])
                print(f"{batch + 1:>5}  {label:<12} {wall:>8.0f}  {shown}")
        await transaction.rollback()
    await engine.dispose()


@click.command()
@click.option("--batches", default=4, show_default=True, help="Batches inserted one after another.")
@click.option("--size", default=5000, show_default=True, help="Companies per batch.")
@click.option("--database-url", default=None, help="A server to create 'registry_bench' on (default: embedded).")
@click.option(
    "--data-dir", type=click.Path(path_type=Path), default=ROOT / ".data" / "bench-triggers", show_default=True
)
@click.option("--both-ways", is_flag=True, help="Companies and activities per statement and as a bulk batch, in turn.")
def main(batches: int, size: int, database_url: str | None, data_dir: Path, both_ways: bool) -> None:
    """Time the triggers of each bulk statement, batch after batch."""
    database = prepare_database(database_url, data_dir)
    asyncio.run(_run(database.url, batches, size, both_ways=both_ways))


if __name__ == "__main__":
    main()
