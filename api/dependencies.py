"""Request-scoped dependencies: the transaction, the actor, the clock."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable
from datetime import date, datetime
from typing import Any

from litestar import Request
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from sqlalchemy.ext.asyncio import AsyncSession

from api.request_session import (
    READER_DEPENDENCY,
    SESSION_DEPENDENCY,
    release_request_session,
    request_reader,
    request_session,
)
from api.settings import Settings, disclosure_settings
from registry.accounts.actor import ANONYMOUS, Actor
from registry.database import utc_now
from registry.plain_reads import PlainReader
from registry.statistics.disclosure import DisclosureSettings

__all__ = ["AppSettings", "Clock", "CurrentActor", "Now", "Reader", "Rules", "Session", "Today", "dependencies"]

Clock = Callable[[], datetime]


async def provide_session(request: Request[Any, Any, Any]) -> AsyncGenerator[AsyncSession]:
    """One transaction per request: committed after the handler succeeds, rolled back when it raises.

    The session is the one the token check ran in when it could share it (see :mod:`api.request_session`); it is
    closed here, before the response goes out, so its connection is back in the pool while the client reads.
    """
    session = request_session(request.scope)
    try:
        yield session
    except BaseException:
        await session.rollback()
        raise
    else:
        if session.in_transaction():  # else it ran nothing and holds nothing: a commit would only cost CPU
            await session.commit()
    finally:
        await release_request_session(request.scope)


async def provide_reader(request: Request[Any, Any, Any]) -> PlainReader:
    """The request's plain reader, for routes of plain SELECTs only (``plain_reads``).

    No transaction to end: the token middleware gives its connection back before the response starts, with the
    session (:func:`api.request_session.release_request_session`).
    """
    return await request_reader(request.scope)


def provide_actor(request: Request[Any, Any, Any]) -> Actor:
    """Who is calling (the anonymous actor when nobody signed in)."""
    user = request.scope.get("user")
    return user if isinstance(user, Actor) else ANONYMOUS


def provide_today(state: State) -> date:
    """Today's date in Kazakhstan's terms (UTC date of the app's clock)."""
    clock: Clock = state.get("clock", utc_now)
    return clock().date()


def provide_now(state: State) -> datetime:
    """The current moment by the app's clock (UTC)."""
    clock: Clock = state.get("clock", utc_now)
    return clock()


def provide_settings(state: State) -> Settings:
    """The app's settings."""
    settings: Settings = state.settings
    return settings


def provide_rules(state: State) -> DisclosureSettings:
    """The disclosure rules' parameters, from the app's settings (the one place they are read)."""
    return disclosure_settings(state.settings)


def dependencies() -> dict[str, Provide]:
    """The app-level dependency map."""
    return {
        SESSION_DEPENDENCY: Provide(provide_session),
        READER_DEPENDENCY: Provide(provide_reader),
        "actor": Provide(provide_actor, sync_to_thread=False),
        "today": Provide(provide_today, sync_to_thread=False),
        "now": Provide(provide_now, sync_to_thread=False),
        "settings": Provide(provide_settings, sync_to_thread=False),
        "rules": Provide(provide_rules, sync_to_thread=False),
    }


Session = NamedDependency[AsyncSession]
"""The request's database session (one transaction)."""
Reader = NamedDependency[PlainReader]
"""The request's plain reader: plain SELECTs on the driver connection (:mod:`registry.plain_reads`)."""
CurrentActor = NamedDependency[Actor]
"""Who is calling."""
Today = NamedDependency[date]
"""Today's date by the app's clock."""
Now = NamedDependency[datetime]
"""The current moment by the app's clock."""
AppSettings = NamedDependency[Settings]
"""The app's settings."""
Rules = NamedDependency[DisclosureSettings]
"""The disclosure rules' parameters."""
