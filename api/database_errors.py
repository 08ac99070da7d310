"""What a failure of the database means to the client: a 4xx for input it cannot store, a 503 while it is away.

The services validate what they can; the database is the last line of defence (STYLE: constraints in the database as
well as in code). When a request still reaches one of its refusals, or the server is down, slow or locked, the client
gets a problem it can act on instead of a 500:

- a value PostgreSQL cannot store or compare (class 22: NUL in text, a number out of range, a malformed value, also
  asyncpg's own "invalid input for query argument") is a 422;
- a unique or foreign-key violation that a simultaneous request caused between the check and the write is a 409;
- a server that cannot be reached, a connection lost, a pool with no free connection in time, a statement cancelled
  by ``statement_timeout``, a lock not granted within ``lock_timeout``, a serialisation failure or a deadlock is a
  503 with ``Retry-After``: trying again later is the right thing to do, and nothing was written (the request's
  transaction rolled back).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass

import asyncpg  # type: ignore[import-untyped]
from sqlalchemy import exc as sa_exc

from registry.i18n import Text

__all__ = ["DatabaseProblem", "classify_database_error"]

RETRY_AFTER_SECONDS = 2
"""What a 503 tells the client to wait before trying again."""


@dataclass(frozen=True, slots=True)
class DatabaseProblem:
    """The answer to one database failure."""

    status: int
    code: str
    message: Text
    retry_after: int | None = None


_UNSTORABLE = DatabaseProblem(
    422,
    "validation",
    Text(
        kk="Мәнді сақтау мүмкін емес (мысалы, сан шектен тыс немесе мәтінде рұқсат етілмеген таңба бар).",
        ru="Значение нельзя сохранить (например, число вне допустимого диапазона или недопустимый символ в тексте).",
        en="A value cannot be stored (for example a number out of range or a character that text may not contain).",
    ),
)
_CONFLICT = DatabaseProblem(
    409,
    "conflict",
    Text(
        kk="Сұрау бір мезгілде жасалған басқа өзгеріспен қайшы келеді. Деректерді жаңартып, қайталаңыз.",
        ru="Запрос конфликтует с одновременным изменением. Обновите данные и повторите.",
        en="The request conflicts with a simultaneous change. Reload and try again.",
    ),
)
_UNAVAILABLE = DatabaseProblem(
    503,
    "unavailable",
    Text(
        kk="Дерекқор уақытша қолжетімсіз. Ештеңе сақталған жоқ; {seconds} секундтан кейін қайталаңыз.",
        ru="База данных временно недоступна. Ничего не сохранено; повторите через {seconds} с.",
        en="The database is not available right now. Nothing was saved; try again in {seconds} "
        "{seconds:second|seconds}.",
    ).format(seconds=RETRY_AFTER_SECONDS),
    RETRY_AFTER_SECONDS,
)
_BUSY = DatabaseProblem(
    503,
    "database_busy",
    Text(
        kk="Дерекқор уақытында жауап бермеді. Ештеңе сақталған жоқ; {seconds} секундтан кейін қайталаңыз.",
        ru="База данных не ответила вовремя. Ничего не сохранено; повторите через {seconds} с.",
        en="The database did not answer in time. Nothing was saved; try again in {seconds} {seconds:second|seconds}.",
    ).format(seconds=RETRY_AFTER_SECONDS),
    RETRY_AFTER_SECONDS,
)

_BUSY_STATES = {"57014", "55P03", "40001", "40P01", "53300"}
"""Statement cancelled (timeout), lock not available, serialisation failure, deadlock, too many connections."""
_CONFLICT_STATES = {"23505", "23503", "23P01"}
"""Unique, foreign-key and exclusion violations."""
_UNSTORABLE_CLASSES = ("22", "23")
"""Data exceptions and the remaining integrity violations (check, not null)."""
_UNAVAILABLE_CLASSES = ("08", "57")
"""Connection exceptions; operator intervention (shutdown, cannot connect now)."""


def classify_database_error(error: BaseException) -> DatabaseProblem | None:
    """The problem ``error`` stands for, or None when it is not a database failure (then it is a bug: a 500)."""
    for link in _chain(error):
        state = getattr(link, "sqlstate", None)
        if isinstance(state, str) and len(state) == 5:
            return _by_state(state)
    for link in _chain(error):
        if isinstance(link, asyncpg.exceptions.DataError | sa_exc.DataError):
            return _UNSTORABLE
        if isinstance(link, sa_exc.TimeoutError | TimeoutError | asyncio.TimeoutError):
            return _BUSY
        if isinstance(
            link,
            OSError
            | ConnectionError
            | asyncpg.exceptions.PostgresConnectionError
            | asyncpg.exceptions.InterfaceError
            | asyncpg.exceptions.InternalClientError
            | sa_exc.DisconnectionError
            | sa_exc.InterfaceError
            | sa_exc.OperationalError,
        ):
            return _UNAVAILABLE
        if isinstance(link, sa_exc.DBAPIError) and link.connection_invalidated:
            return _UNAVAILABLE
    return None


def _by_state(state: str) -> DatabaseProblem | None:
    if state in _BUSY_STATES:
        return _BUSY
    if state in _CONFLICT_STATES:
        return _CONFLICT
    if state.startswith(_UNSTORABLE_CLASSES):
        return _UNSTORABLE
    if state.startswith(_UNAVAILABLE_CLASSES):
        return _UNAVAILABLE
    return None


def _chain(error: BaseException) -> Iterator[BaseException]:
    """``error``, what it wraps (SQLAlchemy's ``orig``) and what it was raised from, each once.

    Not ``__context__``: an unrelated error handled while this one was raised must not turn a bug into a 503.
    """
    seen: set[int] = set()
    pending: list[BaseException] = [error]
    while pending:
        link = pending.pop(0)
        if id(link) in seen:
            continue
        seen.add(id(link))
        yield link
        for inner in (getattr(link, "orig", None), link.__cause__):
            if isinstance(inner, BaseException):
                pending.append(inner)
