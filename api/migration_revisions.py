"""The schema revisions ``registry db`` names: checked before a migration, listed by ``registry db history``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import click
from alembic.script import ScriptDirectory
from alembic.script.revision import RevisionError
from alembic.util import CommandError

from api.database import alembic_config

__all__ = ["history_lines", "known_revision", "refused_revision"]

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
