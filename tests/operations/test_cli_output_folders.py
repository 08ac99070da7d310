"""Commands that write files check their folder before the work, fail to write in one line, and publish readably.

Each case runs the real ``registry`` in a subprocess. The suite may run as root, whom no folder mode stops, so an
unwritable folder is made by a file standing where a folder should be, and a full disk by ``/dev/full``.
"""

from __future__ import annotations

import stat
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from api.database import create_engine
from registry.statistics.release_models import StatisticsRelease
from tests.operations.processes import command_env, migrated_database, run_registry
from tests.operations.test_cli_failures import assert_one_line_failure


@pytest.fixture(scope="module")
async def database(engine: AsyncEngine) -> AsyncIterator[str]:
    async with migrated_database(engine, "ops_out") as url:
        yield url


async def releases_in(url: str) -> int:
    own = create_engine(url, pool_size=1)
    try:
        async with own.connect() as connection:
            return int(await connection.scalar(select(func.count()).select_from(StatisticsRelease)) or 0)
    finally:
        await own.dispose()


COMMANDS = {
    "export register": ("export", "register", "--out", "{out}"),
    "export snapshot": ("export", "snapshot", "--dir", "{out}"),
    "metrics export": ("metrics", "export", "--out", "{out}"),
    "statistics release": ("statistics", "release", "--period", "2024", "--out", "{out}"),
}


@pytest.mark.parametrize("args", COMMANDS.values(), ids=COMMANDS.keys())
async def test_a_folder_that_cannot_be_made_stops_the_command_before_its_work(
    args: tuple[str, ...], database: str, tmp_path: Path
) -> None:
    in_the_way = tmp_path / "a-file"
    in_the_way.write_text("not a folder\n")
    out = in_the_way / "exports"
    command = [arg.format(out=out) for arg in args]
    result = run_registry(*command, env=command_env(tmp_path, DATABASE_URL=database), cwd=tmp_path)
    assert_one_line_failure(result, f"cannot write {out}", "Not a directory")
    assert await releases_in(database) == 0  # the release was not made: its files could not have been saved


async def test_a_full_disk_during_the_export_is_one_line_naming_the_file(database: str, tmp_path: Path) -> None:
    out = tmp_path / "exports"
    out.mkdir()
    (out / ".companies.csv.partial").symlink_to("/dev/full")
    args = ("export", "register", "--out", str(out), "--format", "csv")
    result = run_registry(*args, env=command_env(tmp_path, DATABASE_URL=database), cwd=tmp_path)
    assert_one_line_failure(result, f"cannot write {out / '.companies.csv.partial'}: No space left on device")
    assert not (out / "companies.csv").exists()
    assert not (out / "manifest.json").exists()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def test_the_snapshot_is_readable_by_all_whatever_the_umask(database: str, tmp_path: Path) -> None:
    snapshots = tmp_path / "published" / "snapshots"
    args = ("export", "snapshot", "--dir", str(snapshots))
    result = run_registry(*args, env=command_env(tmp_path, DATABASE_URL=database), cwd=tmp_path, umask=0o077)
    assert result.returncode == 0, result.stderr
    (dated,) = snapshots.iterdir()
    assert {mode(folder) for folder in (tmp_path / "published", snapshots, dated)} == {0o755}
    files = sorted(dated.iterdir())
    assert [path.name for path in files] == [
        "LICENSE.txt",
        "companies.csv",
        "companies.csv.sha256",
        "companies.jsonl",
        "companies.jsonl.sha256",
        "manifest.json",
    ]
    assert {path.name: mode(path) for path in files} == {path.name: 0o644 for path in files}


async def test_the_release_files_are_readable_by_all_whatever_the_umask(engine: AsyncEngine, tmp_path: Path) -> None:
    out = tmp_path / "release"
    async with migrated_database(engine, "ops_release_out") as database:
        env = command_env(tmp_path, DATABASE_URL=database)
        args = ("statistics", "release", "--period", "2024", "--out", str(out))
        result = run_registry(*args, env=env, cwd=tmp_path, umask=0o077)
        assert result.returncode == 0, result.stderr
        assert await releases_in(database) == 1
    assert mode(out) == 0o755
    names = {path.name: mode(path) for path in out.iterdir()}
    assert names == dict.fromkeys(["release-1.json", "release-1.csv", "release-1.sdmx.csv", "structure.xml"], 0o644)
