"""The database's trigger functions are the package's current definitions (migrations freeze copies of them)."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

import licensing
import registry

PACKAGE_SQL = (
    Path(registry.__file__).parent / "history" / "company_history.sql",
    Path(licensing.__file__).parent / "licence_history.sql",
)
_FUNCTION = re.compile(r"CREATE OR REPLACE FUNCTION (\w+)\(")
_SOURCES = text(
    "SELECT p.proname, p.prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
    "WHERE n.nspname = 'public' AND p.proname = ANY(:names) ORDER BY p.proname"
)


def _statements(script: str) -> list[str]:
    return [part.strip() + "\n$$" for part in script.split("\n$$;") if "CREATE" in part]


async def test_every_packaged_function_is_in_the_database_as_the_package_defines_it(
    connection: AsyncConnection,
) -> None:
    scripts = [path.read_text(encoding="utf-8") for path in PACKAGE_SQL]
    names = sorted(name for script in scripts for name in _FUNCTION.findall(script))
    assert len(names) == 6
    migrated = (await connection.execute(_SOURCES, {"names": names})).all()
    assert [name for name, _ in migrated] == names
    savepoint = await connection.begin_nested()
    for script in scripts:
        for statement in _statements(script):
            await connection.execute(text(statement).execution_options(no_parameters=True))
    packaged = (await connection.execute(_SOURCES, {"names": names})).all()
    await savepoint.rollback()
    assert dict(migrated) == dict(packaged)
