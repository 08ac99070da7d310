"""``registry db``: upgrade, downgrade, current and history of the schema, every revision checked before it is used."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import click
from alembic.script import ScriptDirectory
from alembic.script.revision import RevisionError
from alembic.util import CommandError
from rich.console import Console

from api.database import Database, MigrationResult, alembic_config, current_revision, migrate

__all__ = ["db_group", "history_lines", "known_revision", "migration_report", "refused_revision"]

console = Console(stderr=True)
T = TypeVar("T")


_RELATIVE = re.compile(r"^(?:[+-]\d+|.*@.*)$")
"""``-1``, ``+2``, ``head-1``: where it lands depends on the database's current revision."""

_SYMBOLS = frozenset({"head", "heads", "base"})

HISTORY_HINT = "'registry db history' lists the revisions"


def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def known_revision(revision: str) -> str:
    """``revision`` when it names a migration (or head, base, a relative step), before any database is touched.

    Raises:
        click.ClickException: ``unknown revision 'X'`` and where to find the known ones.
    """
    if revision in _SYMBOLS or _RELATIVE.match(revision):
        return revision
    try:
        _scripts().get_revisions(revision)
    except (CommandError, RevisionError):
        raise click.ClickException(f"unknown revision {revision!r}: {HISTORY_HINT}") from None
    return revision


@contextmanager
def refused_revision(revision: str, verb: str) -> Iterator[None]:
    """Alembic's refusal of a target (a relative step past the base, a downgrade "up") as one line."""
    try:
        yield
    except (CommandError, RevisionError) as error:
        reason = " ".join(str(error).split())
        raise click.ClickException(f"cannot {verb} to {revision!r}: {reason}; {HISTORY_HINT}") from None


def history_lines() -> Iterator[str]:
    """One line per revision, newest first: its id, the one before it and the first line of its description."""
    for script in _scripts().walk_revisions():
        summary = (script.doc or "").strip().splitlines()[0] if (script.doc or "").strip() else ""
        marker = " (head)" if script.is_head else ""
        before = script.down_revision or "base"
        yield f"{script.revision}{marker} <- {before if isinstance(before, str) else ', '.join(before)}: {summary}"


def _run(work: Callable[[Database], Awaitable[T]]) -> T:
    """Run ``work`` against the configured database, as every ``registry`` command does."""
    from api.cli import _run as run_with_database  # api.cli imports this module

    return run_with_database(work)


def migration_report(result: MigrationResult, verb: str) -> str:
    """What a migration did, in one line (``database upgraded from 0018 to 0019``)."""
    if not result.changed:
        return f"database already at {result.after or 'base'} (nothing to do)"
    return f"database {verb} from {result.before or 'base'} to {result.after or 'base'}"


_RELATIVE_REVISIONS = {"ignore_unknown_options": True}
"""``registry db downgrade -1``: a relative revision is the argument, not an unknown option."""


@click.group("db")
def db_group() -> None:
    """Database schema migrations."""


@db_group.command("upgrade", context_settings=_RELATIVE_REVISIONS)
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Apply migrations up to REVISION (default: head), under an advisory lock (concurrent runs migrate once)."""
    known_revision(revision)
    with refused_revision(revision, "upgrade"):
        result = _run(lambda database: migrate(database.engine, revision))
    console.print(f"[green]{migration_report(result, 'upgraded')}[/green]")


@db_group.command("downgrade", context_settings=_RELATIVE_REVISIONS)
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    """Revert migrations down to REVISION (e.g. -1 or base)."""
    known_revision(revision)
    with refused_revision(revision, "downgrade"):
        result = _run(lambda database: migrate(database.engine, revision, downgrade=True))
    console.print(f"[yellow]{migration_report(result, 'downgraded')}[/yellow]")


@db_group.command("current")
def db_current() -> None:
    """Print the schema revision of the database."""
    revision = _run(lambda database: current_revision(database.engine))
    click.echo(revision or "none (run 'registry db upgrade')")


@db_group.command("history")
def db_history() -> None:
    """List the schema revisions, newest first (the names 'registry db upgrade' and 'downgrade' take)."""
    for line in history_lines():
        click.echo(line)
