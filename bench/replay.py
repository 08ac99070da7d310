"""The raw-SQL baseline: the statements a request ran, captured from SQLAlchemy, replayed in ``psql``.

Each captured statement is prepared once in ``psql`` (as asyncpg prepares it for the app) and executed with the
captured parameters as literals, ``\\timing on``; a request's time is the sum of its statements' times.
"""

from __future__ import annotations

import re
import statistics
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

Statement = tuple[str, tuple[Any, ...]]
_TIME = re.compile(r"^Time: ([0-9.]+) ms", re.MULTILINE)


@contextmanager
def capture(engine: AsyncEngine) -> Iterator[list[Statement]]:
    """Collect every statement (SQL text with ``$n`` placeholders, parameters) run on ``engine`` in the block."""
    captured: list[Statement] = []

    def listener(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        captured.append((statement, tuple(parameters or ())))

    event.listen(engine.sync_engine, "before_cursor_execute", listener)
    try:
        yield captured
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", listener)


def literal(value: Any) -> str:
    """A parameter as a SQL literal that the prepared statement coerces to the parameter's type."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return _quoted("{" + ",".join(_array_item(item) for item in value) + "}")
    if isinstance(value, date | datetime):
        return _quoted(value.isoformat())
    if isinstance(value, uuid.UUID | str):
        return _quoted(str(value))
    raise TypeError(f"cannot write {type(value).__name__} as a SQL literal")


def _array_item(value: Any) -> str:
    text = value.isoformat() if isinstance(value, date | datetime) else str(value)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def replay(psql_url: str, statements: list[Statement], *, repetitions: int, warmup: int = 3) -> list[float]:
    """Run the statements ``warmup + repetitions`` times in one ``psql`` session; per-round times in ms."""
    lines = ["\\set ON_ERROR_STOP 1", "\\o /dev/null"]
    for index, (sql, _) in enumerate(statements):
        lines.append(f"PREPARE bench_{index} AS {sql};")
    lines.append("\\timing on")
    executes = [
        f"EXECUTE bench_{index}({', '.join(literal(p) for p in params)});" if params else f"EXECUTE bench_{index};"
        for index, (_, params) in enumerate(statements)
    ]
    for _ in range(warmup + repetitions):
        lines.extend(executes)
    done = subprocess.run(
        ["psql", psql_url, "-X", "-q"], input="\n".join(lines) + "\n", capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"psql failed: {done.stderr[-2000:]}")
    times = [float(found) for found in _TIME.findall(done.stdout)]
    per_round = len(statements)
    rounds = [sum(times[i : i + per_round]) for i in range(0, len(times), per_round)]
    return rounds[warmup:]


def median(values: list[float]) -> float:
    """The 50th percentile."""
    return statistics.median(values)


def percentile(values: list[float], share: float) -> float:
    """The ``share`` quantile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]
