"""Request-scoped dependencies: the transaction, the actor, the clock."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable
from datetime import date, datetime
from typing import Any

from litestar import Request
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from sqlalchemy.ext.asyncio import AsyncSession

from api.database import Database
from api.settings import Settings
from registry.accounts.actor import ANONYMOUS, Actor
from registry.database import utc_now

__all__ = ["AppSettings", "Clock", "CurrentActor", "Session", "Today", "dependencies"]

Clock = Callable[[], datetime]


async def provide_session(state: State) -> AsyncGenerator[AsyncSession]:
    """One transaction per request: committed after the handler succeeds, rolled back when it raises."""
    database: Database = state.database
    async with database.sessions() as session:
        try:
            yield session
        except BaseException:
            await session.rollback()
            raise
        await session.commit()


def provide_actor(request: Request[Any, Any, Any]) -> Actor:
    """Who is calling (the anonymous actor when nobody signed in)."""
    user = request.scope.get("user")
    return user if isinstance(user, Actor) else ANONYMOUS


def provide_today(state: State) -> date:
    """Today's date in Kazakhstan's terms (UTC date of the app's clock)."""
    clock: Clock = state.get("clock", utc_now)
    return clock().date()


def provide_settings(state: State) -> Settings:
    """The app's settings."""
    settings: Settings = state.settings
    return settings


def dependencies() -> dict[str, Provide]:
    """The app-level dependency map."""
    return {
        "session": Provide(provide_session),
        "actor": Provide(provide_actor, sync_to_thread=False),
        "today": Provide(provide_today, sync_to_thread=False),
        "settings": Provide(provide_settings, sync_to_thread=False),
    }


Session = NamedDependency[AsyncSession]
"""The request's database session (one transaction)."""
CurrentActor = NamedDependency[Actor]
"""Who is calling."""
Today = NamedDependency[date]
"""Today's date by the app's clock."""
AppSettings = NamedDependency[Settings]
"""The app's settings."""
