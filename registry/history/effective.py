"""The day a change to the register takes effect (valid time), handed to the history triggers.

A change without one takes effect today (UTC); one effective in the past is a correction of what held from that day
on. The triggers read the transaction setting ``registry.effective_on`` (see ``company_history.sql``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from registry.errors import FieldError
from registry.i18n import Text

__all__ = ["effective_day_errors", "taking_effect"]

_IN_FUTURE = Text(
    kk="Өзгерістің күшіне ену күні болашақта болмауы керек.",
    ru="Дата вступления изменения в силу не может быть в будущем.",
    en="The day a change takes effect cannot be in the future.",
)
_BEFORE_START = Text(
    kk="Өзгерістің күшіне ену күні {first_day} күнінен ерте болмауы керек.",
    ru="Дата вступления изменения в силу не может быть раньше {first_day}.",
    en="The day a change takes effect cannot be earlier than {first_day}.",
)
_SET = text("SELECT set_config('registry.effective_on', :day, true)")


@asynccontextmanager
async def taking_effect(session: AsyncSession, day: date | None) -> AsyncIterator[None]:
    """Changes pending or made within the block are flushed and take effect on ``day`` (today when ``None``)."""
    with session.sync_session.no_autoflush:  # pending changes must wait for the setting
        await session.execute(_SET, {"day": day.isoformat() if day else ""})
    try:
        yield
        await session.flush()
    finally:
        await session.execute(_SET, {"day": ""})


def effective_day_errors(day: date | None, *, today: date, first_day: date) -> list[FieldError]:
    """Why ``day`` cannot be the effective day of a change to something that exists from ``first_day``."""
    if day is None:
        return []
    if day > today:
        return [FieldError("effective_on", "history.effective_in_future", _IN_FUTURE)]
    if day < first_day:
        message = _BEFORE_START.format(first_day=first_day.isoformat())
        return [FieldError("effective_on", "history.effective_before_start", message)]
    return []
