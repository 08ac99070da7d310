"""The database's functions and views are the package's current definitions (migrations freeze copies of them)."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

import licensing
import registry

PACKAGE_SQL = (
    Path(registry.__file__).parent / "immutability.sql",
    Path(registry.__file__).parent / "history" / "company_history.sql",
    Path(registry.__file__).parent / "companies" / "sql" / "search_words.sql",
    Path(registry.__file__).parent / "statistics" / "sql" / "rollup_maintenance.sql",
    Path(registry.__file__).parent / "statistics" / "sql" / "summary_rollups.sql",
    Path(registry.__file__).parent / "statistics" / "sql" / "flow_rollups.sql",
    Path(registry.__file__).parent / "statistics" / "sql" / "known_rollups.sql",
    Path(registry.__file__).parent / "statistics" / "sql" / "known_flow_facts.sql",
    Path(licensing.__file__).parent / "licence_history.sql",
    Path(licensing.__file__).parent / "licence_rollups.sql",
)
_FUNCTION = re.compile(r"CREATE OR REPLACE FUNCTION (\w+)\(")
_VIEW = re.compile(r"CREATE OR REPLACE VIEW (\w+) AS")
_DEFINITIONS = text(
    "SELECT p.proname, p.prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
    "WHERE n.nspname = 'public' AND p.proname = ANY(:functions) "
    "UNION ALL SELECT v.viewname, v.definition FROM pg_views v "
    "WHERE v.schemaname = 'public' AND v.viewname = ANY(:views) ORDER BY 1"
)


_ALL_FUNCTIONS = text(
    "SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' "
    "AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e') ORDER BY 1"
)
"""Every function of the schema the migrations made (extensions' own functions aside)."""


def _statements(script: str) -> list[str]:
    """Each definition of a package file: it ends at a ``;`` outside a ``$$`` body."""
    found: list[str] = []
    current: list[str] = []
    quoted = False
    for line in script.splitlines():
        if not current and (not line.strip() or line.lstrip().startswith("--")):
            continue
        current.append(line)
        quoted ^= line.count("$$") % 2 == 1
        if not quoted and line.rstrip().endswith(";"):
            found.append("\n".join(current).rstrip().removesuffix(";"))
            current = []
    return found


async def test_every_packaged_function_and_view_is_in_the_database_as_the_package_defines_it(
    connection: AsyncConnection,
) -> None:
    scripts = [path.read_text(encoding="utf-8") for path in PACKAGE_SQL]
    names = {
        "functions": sorted(name for script in scripts for name in _FUNCTION.findall(script)),
        "views": sorted(name for script in scripts for name in _VIEW.findall(script)),
    }
    assert names["views"] == ["flow_source_rows"]
    everything = (await connection.execute(_ALL_FUNCTIONS)).scalars().all()
    assert sorted(everything) == names["functions"], "every function of the schema is defined in the package"
    migrated = (await connection.execute(_DEFINITIONS, names)).all()
    assert sorted(name for name, _ in migrated) == sorted(names["functions"] + names["views"])
    savepoint = await connection.begin_nested()
    for script in scripts:
        for statement in _statements(script):
            await connection.execute(text(statement).execution_options(no_parameters=True))
    packaged = (await connection.execute(_DEFINITIONS, names)).all()
    await savepoint.rollback()
    assert dict(migrated) == dict(packaged)
