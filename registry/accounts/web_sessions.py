"""Browser sessions of people who sign in to the web pages: kept server-side, ended at once when an account goes.

The cookie carries a random token; the table keeps only its SHA-256, so a copy of the table signs nobody in. A
session is valid while it has not expired and its account is not disabled; both are checked on every request, and
disabling an account also deletes its sessions in the same transaction (:func:`end_account_sessions`).
"""

from __future__ import annotations

import functools
import hashlib
import secrets
import uuid
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import DateTime, ForeignKey, Index, Select, String, bindparam, delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from registry.accounts.models import Account
from registry.database import Base, utc_now

__all__ = [
    "SignedInSession",
    "WebSession",
    "end_account_sessions",
    "end_web_session",
    "find_web_session",
    "start_web_session",
]


class WebSession(Base):
    """One signed-in browser: the hash of its cookie's token, whose account it is, and when it ends."""

    __tablename__ = "web_sessions"
    __table_args__ = (
        Index("ix_web_sessions_account_id", "account_id"),
        Index("ix_web_sessions_expires_at", "expires_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    """SHA-256 (hex) of the cookie's token; the token itself is never stored."""
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    """The server-side end of the session, whatever the browser keeps."""


class SignedInSession(NamedTuple):
    """What a request learns from a valid session cookie."""

    account_id: uuid.UUID
    role: str
    preferred_language: str


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def start_web_session(
    session: AsyncSession, *, account_id: uuid.UUID, lifetime: timedelta, now: datetime | None = None
) -> str:
    """Open a session for ``account_id``; returns the token for the cookie (shown once, stored hashed)."""
    token = secrets.token_urlsafe(32)
    started = now or utc_now()
    # The account's ended sessions go as a new one starts, so the table holds live sessions and a few stale ones.
    await session.execute(
        delete(WebSession).where(WebSession.account_id == account_id, WebSession.expires_at <= started)
    )
    session.add(
        WebSession(
            token_hash=_token_hash(token), account_id=account_id, created_at=started, expires_at=started + lifetime
        )
    )
    await session.flush()
    return token


@functools.cache
def _valid_session_query() -> Select[uuid.UUID, str, str]:
    """The per-request check, built once: a live session of an account that is not disabled."""
    return (
        select(Account.id, Account.role, Account.preferred_language)
        .join(WebSession, WebSession.account_id == Account.id)
        .where(
            WebSession.token_hash == bindparam("token_hash"),
            WebSession.expires_at > bindparam("now"),
            Account.disabled.is_(False),
        )
    )


async def find_web_session(session: AsyncSession, token: str, *, now: datetime | None = None) -> SignedInSession | None:
    """The account behind a session cookie, or ``None`` (unknown, expired, ended, or the account is disabled)."""
    row = (
        await session.execute(_valid_session_query(), {"token_hash": _token_hash(token), "now": now or utc_now()})
    ).one_or_none()
    return None if row is None else SignedInSession(account_id=row[0], role=row[1], preferred_language=row[2])


async def end_web_session(session: AsyncSession, token: str) -> None:
    """Sign one browser out (nothing happens for an unknown token)."""
    await session.execute(delete(WebSession).where(WebSession.token_hash == _token_hash(token)))


async def end_account_sessions(session: AsyncSession, account_id: uuid.UUID) -> None:
    """Sign every browser of ``account_id`` out (when the account is disabled)."""
    await session.execute(delete(WebSession).where(WebSession.account_id == account_id))
