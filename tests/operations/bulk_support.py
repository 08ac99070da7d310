"""For the bulk import and export tests: running the ``registry`` command on a database of its own, reading tables."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import text

from api.database import Database, transaction

STATE_TABLES = (
    "companies",
    "company_activities",
    "company_members",
    "company_history",
    "summary_company_spans",
    "summary_daily_deltas",
    "summary_monthly_deltas",
    "flow_facts",
    "flow_monthly_counts",
    "pivot_risk_spans",
    "pivot_risk_monthly_deltas",
)
"""The register, its history and the statistics rollups an import must keep as the API would."""

ROLLUP_MEASURES = {
    "summary_daily_deltas": ("companies", "fte_ai"),
    "summary_monthly_deltas": ("companies", "fte_ai"),
    "flow_monthly_counts": ("events", "first_month", "first_quarter", "first_year"),
    "pivot_risk_monthly_deltas": ("companies",),
}
"""The rollup tables of sums moved by differences, and their measures."""


def database_url(database: Database) -> str:
    return database.engine.url.render_as_string(hide_password=False)


@dataclass(frozen=True)
class CommandResult:
    """What a ``registry`` command printed (standard output and error together) and its exit status."""

    exit_code: int
    output: str


async def run_registry(database: Database, *args: str, cwd: Path | None = None) -> CommandResult:
    """The real ``registry ARGS`` in a subprocess, on ``database``."""
    env = {**os.environ, "DATABASE_URL": database_url(database), "REGISTRY_ENV": "test"}
    process = await asyncio.create_subprocess_exec(
        str(Path(sys.executable).with_name("registry")),
        *args,
        env=env,
        cwd=cwd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await process.communicate()
    return CommandResult(process.returncode or 0, output.decode())


def csv_text(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


async def table_state(database: Database, table: str) -> list[str]:
    """The rows of ``table`` as sorted JSON, with ids as BINs and e-mails, moments only as set or not."""
    async with transaction(database) as session:
        names = {str(i): b for i, b in (await session.execute(text("SELECT id, bin FROM companies"))).all()}
        names |= {str(i): e for i, e in (await session.execute(text("SELECT id, email FROM accounts"))).all()}
        rows = (await session.execute(text(f"SELECT to_jsonb(t) FROM {table} t"))).scalars().all()  # noqa: S608
    state = []
    for row in rows:
        kept: dict[str, Any] = {}
        for key, value in row.items():
            if key == "id" and table != "companies":
                continue  # a serial number of the row
            if key in ("id", "company_id", "account_id"):
                kept[key] = names.get(str(value), value)
            elif key.endswith("_at"):
                kept[key] = value is not None
            else:
                kept[key] = value
        state.append(json.dumps(kept, sort_keys=True, ensure_ascii=False))
    return sorted(state)


def figures(table: str, state: list[str]) -> list[str]:
    """A table's rows (:func:`table_state`) as the statistics read them: a rollup row netting to zero is no figure.

    Two statements per company (the API's, or the triggers of a batch before migration 0016) first count its flows
    under no activity and then move them to its primary one, leaving a row of zeros under "none"; a bulk batch's
    single refresh (``registry.bulk.batch_rollups``) never writes it, and the readers skip it (``HAVING sum > 0``).
    """
    measures = ROLLUP_MEASURES.get(table)
    if measures is None:
        return state
    return [row for row in state if any(float(json.loads(row)[name]) != 0 for name in measures)]


async def counts(database: Database) -> dict[str, int]:
    """How many rows each state table and the event log hold."""
    async with transaction(database) as session:
        found = {}
        for table in (*STATE_TABLES, "events"):
            found[table] = int((await session.execute(text(f"SELECT count(*) FROM {table}"))).scalar_one())  # noqa: S608
        return found
