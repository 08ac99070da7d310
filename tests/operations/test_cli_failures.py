"""Every failure of a ``registry`` command is one clear line on standard error and a non-zero exit, never a traceback.

Each case runs the real command in a subprocess against the test's PostgreSQL (or against an address where none is).
"""

from __future__ import annotations

import subprocess
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import msgspec
import pytest
from sqlalchemy import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from licensing.release_schemas import FIRST_PERIOD, LAST_PERIOD, ReleaseIn
from registry.statistics.periods import EARLIEST_YEAR, LATEST_YEAR
from tests.operations.processes import (
    command_env,
    empty_database,
    free_port,
    head_revision,
    migrated_database,
    run_registry,
)

STRONG_PASSWORD = "amber saxaul kettle lantern"
SECRET = "a-production-secret-that-is-long-enough-0123456789"


@dataclass(frozen=True, slots=True)
class Databases:
    """The databases the cases run against: one at head, one empty."""

    migrated: str
    empty: str


@pytest.fixture(scope="module")
async def databases(engine: AsyncEngine) -> AsyncIterator[Databases]:
    async with migrated_database(engine, "ops_cli") as migrated, empty_database(engine, "ops_cli_empty") as empty:
        yield Databases(migrated=migrated, empty=empty)


def libpq_form(url: str, scheme: str) -> str:
    """``url`` as libpq writes it (``postgres://`` or ``postgresql://``, no driver)."""
    return make_url(url).set(drivername=scheme).render_as_string(hide_password=False)


def assert_one_line_failure(result: subprocess.CompletedProcess[str], *expected: str) -> str:
    assert result.returncode != 0, result
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    (line,) = lines
    assert line.startswith("Error: "), line
    for words in expected:
        assert words in line, line
    return line


@dataclass(frozen=True, slots=True)
class Case:
    """One failure: the command, its environment (``{migrated}``/``{empty}`` name the databases), what it says."""

    args: tuple[str, ...]
    settings: dict[str, str]
    expected: tuple[str, ...]
    stdin: str | None = None
    database: str | None = "migrated"


CASES = {
    "database down": Case(
        ("db", "upgrade"),
        {"DATABASE_URL": "postgresql://registry:secret@127.0.0.1:{free_port}/registry"},
        ("cannot use the database at 127.0.0.1:", "/registry", "connection refused"),
        database=None,
    ),
    "unknown database host": Case(
        ("db", "current"),
        {"DATABASE_URL": "postgres://registry:secret@no-such-host.invalid:5432/registry"},
        ("cannot use the database at no-such-host.invalid:5432/registry", "host name is not known"),
        database=None,
    ),
    "a URL that is not one": Case(
        ("db", "upgrade"), {"DATABASE_URL": "localhost:5432"}, ("DATABASE_URL is not a database URL",), database=None
    ),
    "another database's URL": Case(
        ("db", "upgrade"), {"DATABASE_URL": "mysql://u:p@db/registry"}, ("DATABASE_URL must name PostgreSQL",)
    ),
    "production without DATABASE_URL": Case(
        ("serve",),
        {"REGISTRY_ENV": "production", "REGISTRY_JWT_SECRET": SECRET},
        ("DATABASE_URL must be set in production",),
        database=None,
    ),
    "production without a real secret": Case(
        ("serve",),
        {"REGISTRY_ENV": "production", "REGISTRY_JWT_SECRET": "changeme"},
        ("REGISTRY_JWT_SECRET must be set in production", "at least 32"),
    ),
    "a mistyped environment": Case(("db", "current"), {"REGISTRY_ENV": "prod"}, ("REGISTRY_ENV='prod' is not one of",)),
    "a setting that does not parse": Case(
        ("db", "current"),
        {"REGISTRY_TOKEN_LIFETIME": "an hour"},
        ("REGISTRY_TOKEN_LIFETIME='an hour' is not accepted", "a whole number from 60 to 604800 seconds"),
    ),
    "an address that does not parse": Case(
        ("db", "current"), {"REGISTRY_TRUSTED_PROXIES": "10.0.0.300"}, ("a setting in the environment is not valid",)
    ),
    "no schema yet": Case(
        ("accounts", "create", "--email", "first@hub.kz", "--role", "admin", "--password-stdin"),
        {},
        ("no registry schema yet", "registry db upgrade"),
        stdin=STRONG_PASSWORD,
        database="empty",
    ),
    "serving an unmigrated database": Case(
        ("serve", "--no-migrate", "--port", "{free_port}"), {}, ("no registry schema yet",), database="empty"
    ),
    "a port that is none": Case(
        ("serve", "--port", "0"), {}, ("Invalid value for '--port': 0 is not in the range 1<=x<=65535",)
    ),
    "a port beyond the last": Case(
        ("serve", "--port", "65536"), {}, ("Invalid value for '--port': 65536 is not in the range 1<=x<=65535",)
    ),
    "an absurd number of workers": Case(
        ("serve", "--workers", "5000"), {}, ("Invalid value for '--workers': 5000 is not in the range 1<=x<=128",)
    ),
    "a URL parameter the registry does not know": Case(
        ("db", "current"),
        {"DATABASE_URL": "postgres://registry:secret@127.0.0.1:5432/registry?sslmode=required"},
        ("DATABASE_URL has sslmode='required', not one of disable, allow, prefer, require, verify-ca, verify-full",),
        database=None,
    ),
    "a malformed e-mail": Case(
        ("accounts", "create", "--email", "first.hub.kz", "--role", "admin", "--password-stdin"),
        {},
        ("--email 'first.hub.kz' is not an e-mail address",),
        stdin=STRONG_PASSWORD,
    ),
    "a name too long": Case(
        ("accounts", "create", "--email", "x@hub.kz", "--role", "admin", "--name", "N" * 201, "--password-stdin"),
        {},
        ("--name must be 1 to 200 characters",),
        stdin=STRONG_PASSWORD,
    ),
    "an unknown revision to upgrade to": Case(
        ("db", "upgrade", "0019x"), {}, ("unknown revision '0019x'", "'registry db history' lists the revisions")
    ),
    "an unknown revision to downgrade to": Case(
        ("db", "downgrade", "latest"), {}, ("unknown revision 'latest'", "'registry db history' lists the revisions")
    ),
    "a downgrade past the base": Case(
        ("db", "downgrade", "-99"), {}, ("cannot downgrade to '-99'", "'registry db history' lists the revisions")
    ),
    "a password argument": Case(
        ("accounts", "create", "--email", "x@hub.kz", "--role", "admin", "--password", STRONG_PASSWORD),
        {},
        ("No such option '--password'", "--password-stdin"),
    ),
    "no terminal to ask for the password": Case(
        ("accounts", "create", "--email", "x@hub.kz", "--role", "admin"),
        {},
        ("no terminal to ask for the password", "--password-stdin"),
    ),
    "an empty password on stdin": Case(
        ("accounts", "create", "--email", "x@hub.kz", "--role", "admin", "--password-stdin"),
        {},
        ("standard input held no password",),
        stdin="\n",
    ),
    "a weak password": Case(
        ("accounts", "create", "--email", "x@hub.kz", "--role", "admin", "--password-stdin"),
        {},
        ("This password cannot be used",),
        stdin="password1234567\n",
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
async def test_a_failing_command_says_what_is_wrong_in_one_line(
    case: Case, databases: Databases, tmp_path: Path
) -> None:
    settings = {name: value.format(free_port=free_port()) for name, value in case.settings.items()}
    if case.database is not None and "DATABASE_URL" not in settings:
        settings["DATABASE_URL"] = getattr(databases, case.database)
    args = tuple(arg.format(free_port=free_port()) for arg in case.args)
    result = run_registry(*args, env=command_env(tmp_path, **settings), cwd=tmp_path, stdin=case.stdin)
    assert_one_line_failure(result, *case.expected)


async def test_an_existing_email_is_refused_in_one_line(databases: Databases, tmp_path: Path) -> None:
    env = command_env(tmp_path, DATABASE_URL=databases.migrated)
    create = ("accounts", "create", "--email", "twice@hub.kz", "--role", "reviewer", "--password-stdin")
    first = run_registry(*create, env=env, cwd=tmp_path, stdin=STRONG_PASSWORD)
    assert first.returncode == 0, first.stderr
    assert "created reviewer twice@hub.kz" in first.stderr
    again = run_registry(*create, env=env, cwd=tmp_path, stdin=STRONG_PASSWORD)
    line = assert_one_line_failure(again, "An account with this e-mail address already exists.")
    assert line.count("already exists") == 1


async def test_a_second_demo_data_run_is_refused_in_one_line(engine: AsyncEngine, tmp_path: Path) -> None:
    async with empty_database(engine, "ops_demo") as url:
        env = command_env(tmp_path, DATABASE_URL=url)
        first = run_registry("demo-data", "--companies", "3", env=env, cwd=tmp_path, timeout=600)
        assert first.returncode == 0, first.stderr
        again = run_registry("demo-data", "--companies", "3", env=env, cwd=tmp_path)
    assert_one_line_failure(again, "the register already holds 3 companies", "empty register only")


@pytest.mark.parametrize("period", [FIRST_PERIOD - 1, LAST_PERIOD + 1])
async def test_a_release_period_outside_the_apis_range_writes_nothing(
    period: int, databases: Databases, tmp_path: Path
) -> None:
    out = tmp_path / "release"
    args = ("statistics", "release", "--period", str(period), "--out", str(out))
    result = run_registry(*args, env=command_env(tmp_path, DATABASE_URL=databases.migrated), cwd=tmp_path)
    assert_one_line_failure(
        result, f"Invalid value for '--period': {period} is not in the range {FIRST_PERIOD}<=x<={LAST_PERIOD}"
    )
    assert not out.exists()
    with pytest.raises(
        msgspec.ValidationError, match=f">= {FIRST_PERIOD}" if period < FIRST_PERIOD else f"<= {LAST_PERIOD}"
    ):
        msgspec.convert({"period": period}, ReleaseIn)  # the admin API's body takes the same range


async def test_the_history_lists_the_revisions_a_migration_may_name(databases: Databases, tmp_path: Path) -> None:
    result = run_registry("db", "history", env=command_env(tmp_path, DATABASE_URL=databases.migrated), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{head_revision()} (head) <- ")
    assert lines[-1].startswith("0001 <- base: ")
    assert len(lines) == int(head_revision())


async def test_a_relative_revision_is_the_argument_not_an_option(engine: AsyncEngine, tmp_path: Path) -> None:
    async with migrated_database(engine, "ops_relative") as url:
        env = command_env(tmp_path, DATABASE_URL=url)
        down = run_registry("db", "downgrade", "-1", env=env, cwd=tmp_path)
        assert down.returncode == 0, down.stderr
        assert f"to {int(head_revision()) - 1:04d}" in down.stderr
        up = run_registry("db", "upgrade", env=env, cwd=tmp_path)
        assert up.returncode == 0, up.stderr
        assert run_registry("db", "current", env=env, cwd=tmp_path).stdout.strip() == head_revision()


@pytest.mark.parametrize("scheme", ["postgres", "postgresql"])
async def test_libpq_urls_are_accepted(scheme: str, databases: Databases, tmp_path: Path) -> None:
    env = command_env(tmp_path, DATABASE_URL=libpq_form(databases.migrated, scheme))
    current = run_registry("db", "current", env=env, cwd=tmp_path)
    assert current.returncode == 0, current.stderr
    assert current.stdout.strip() == head_revision()


@pytest.mark.parametrize("option", ["--first-year", "--last-year"])
async def test_an_export_year_outside_the_metrics_range_writes_nothing(
    option: str, databases: Databases, tmp_path: Path
) -> None:
    out = tmp_path / "metrics"
    args = ("metrics", "export", "--out", str(out), option, str(LATEST_YEAR + 1))
    result = run_registry(*args, env=command_env(tmp_path, DATABASE_URL=databases.migrated), cwd=tmp_path)
    assert_one_line_failure(
        result, f"Invalid value for '{option}': {LATEST_YEAR + 1} is not in the range {EARLIEST_YEAR}<=x<={LATEST_YEAR}"
    )
    assert not out.exists()


async def test_a_refused_release_leaves_no_folder_behind(databases: Databases, tmp_path: Path) -> None:
    out = tmp_path / "releases" / "current"
    this_year = str(datetime.now(UTC).year)  # not ended: no release yet
    args = ("statistics", "release", "--period", this_year, "--out", str(out))
    result = run_registry(*args, env=command_env(tmp_path, DATABASE_URL=databases.migrated), cwd=tmp_path)
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) <= 2, result.stderr  # click's "Usage: …" line and the reason
    assert this_year in result.stderr
    assert not (tmp_path / "releases").exists()
