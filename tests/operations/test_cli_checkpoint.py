"""``registry statistics checkpoint``: each run sums the recorded changes up to a later settled moment."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from api.database import Database, transaction
from tests.database import database_of_its_own
from tests.operations.bulk_support import run_registry


@pytest.fixture
async def own_database(engine: AsyncEngine) -> AsyncIterator[Database]:
    async with database_of_its_own(engine, "registry_checkpoint") as database:
        yield database


async def checkpoints(database: Database) -> list[tuple[int, object]]:
    async with transaction(database) as session:
        rows = await session.execute(text("SELECT id, upto FROM statistics_checkpoints ORDER BY id"))
        return [(row.id, row.upto) for row in rows]


async def test_the_checkpoint_command_sums_up_to_a_later_settled_moment_each_time(own_database: Database) -> None:
    made = []
    for _ in range(2):
        result = await run_registry(own_database, "statistics", "checkpoint")
        assert result.exit_code == 0, result.output
        found = re.fullmatch(r"statistics checkpoint (\d+)\n", result.output)
        assert found is not None or result.output == "nothing new to checkpoint\n", result.output
        if found is not None:
            made.append(int(found.group(1)))
    stored = await checkpoints(own_database)
    assert made and made[-1] == stored[-1][0], (made, stored)
    moments = [upto for _, upto in stored]
    assert moments == sorted(moments) and len(set(moments)) == len(moments)
