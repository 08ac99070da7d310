"""Account use cases: sign-up, staff accounts, sign-in with rate limiting."""

from __future__ import annotations

import asyncio
import functools
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

import msgspec
from sqlalchemy import bindparam, func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from registry.accounts.errors import (
    account_not_found,
    bad_credentials,
    email_taken,
    last_active_admin,
    too_many_attempts,
    weak_password,
)
from registry.accounts.models import Account, LoginFailure
from registry.accounts.passwords import hash_password, verify_password
from registry.accounts.rules import password_problems
from registry.accounts.schemas import AccountCreate, AccountPatch, AccountView, SignupRequest
from registry.accounts.web_sessions import end_account_sessions
from registry.database import utc_now
from registry.events.service import record_event
from registry.plain_reads import PlainReader, PlainStatement

__all__ = [
    "ActiveAccount",
    "LoginLimits",
    "authenticate",
    "create_account",
    "get_account",
    "get_active_account",
    "list_accounts",
    "normalize_email",
    "record_login_failure",
    "signup_founder",
    "update_account",
]


@dataclass(frozen=True, slots=True)
class LoginLimits:
    """How many failed sign-ins are allowed in a window."""

    per_account: int
    per_address: int
    window: timedelta


def account_view(account: Account) -> AccountView:
    """The wire view of an account."""
    return AccountView(
        id=account.id,
        email=account.email,
        full_name=account.full_name,
        role=account.role,  # type: ignore[arg-type]
        preferred_language=account.preferred_language,  # type: ignore[arg-type]
        disabled=account.disabled,
        created_at=account.created_at,
    )


async def _insert_account(
    session: AsyncSession,
    *,
    actor_id: uuid.UUID | None,
    email: str,
    password: str,
    full_name: str,
    role: str,
    preferred_language: str,
) -> AccountView:
    problems = password_problems(password, email=email, full_name=full_name)
    if problems:
        raise weak_password(problems)
    account = Account(
        id=uuid.uuid4(),
        email=normalize_email(email),
        password_hash=hash_password(password),
        full_name=full_name.strip(),
        role=role,
        preferred_language=preferred_language,
    )
    try:
        async with session.begin_nested():
            session.add(account)
            await session.flush()
    except IntegrityError as error:
        raise email_taken() from error
    await record_event(
        session,
        actor_id=actor_id or account.id,
        kind="account.created",
        resource_type="account",
        resource_id=account.id,
        data={"role": role},
        public=False,
    )
    return account_view(account)


async def signup_founder(session: AsyncSession, request: SignupRequest) -> AccountView:
    """A founder creates their own account."""
    return await _insert_account(
        session,
        actor_id=None,
        email=request.email,
        password=request.password,
        full_name=request.full_name,
        role="founder",
        preferred_language=request.preferred_language,
    )


async def create_account(session: AsyncSession, *, actor_id: uuid.UUID | None, request: AccountCreate) -> AccountView:
    """An admin (or the CLI, with no actor) creates an account of any role."""
    return await _insert_account(
        session,
        actor_id=actor_id,
        email=request.email,
        password=request.password,
        full_name=request.full_name,
        role=request.role,
        preferred_language=request.preferred_language,
    )


async def list_accounts(session: AsyncSession, *, after_email: str | None, limit: int) -> Sequence[AccountView]:
    """Accounts ordered by e-mail, ``limit`` after ``after_email``."""
    query = select(Account).order_by(Account.email).limit(limit)
    if after_email is not None:
        query = query.where(Account.email > after_email)
    return [account_view(account) for account in await session.scalars(query)]


async def get_account(session: AsyncSession, account_id: uuid.UUID) -> AccountView:
    """One account, or ``account.not_found``."""
    account = await session.get(Account, account_id)
    if account is None:
        raise account_not_found()
    return account_view(account)


class ActiveAccount(NamedTuple):
    """What a request needs to know of the account behind its token."""

    role: str
    preferred_language: str


@functools.cache
def _active_account_query() -> PlainStatement:
    """The token check's query, built and compiled once.

    It runs on every signed-in request, and building the statement took as long as running it.
    """
    return PlainStatement(
        select(Account.role, Account.preferred_language).where(
            Account.id == bindparam("account_id", type_=Account.id.type), Account.disabled.is_(False)
        )
    )


async def get_active_account(reader: PlainReader, account_id: uuid.UUID) -> ActiveAccount | None:
    """The account behind a token, or ``None`` when it no longer exists or is disabled.

    Read afresh on every request, on the driver (:mod:`registry.plain_reads`): two columns, never an ORM object an
    identity map could keep stale.
    """
    rows = await _active_account_query().fetch(reader, {"account_id": account_id})
    return None if not rows else ActiveAccount(role=rows[0]["role"], preferred_language=rows[0]["preferred_language"])


async def update_account(
    session: AsyncSession, *, actor_id: uuid.UUID, account_id: uuid.UUID, patch: AccountPatch
) -> AccountView:
    """Change an account's role, name or disabled flag, recording what changed.

    Raises:
        Conflict: ``account.last_active_admin`` when the change would leave no active admin.
    """
    account = (
        await session.execute(select(Account).where(Account.id == account_id).with_for_update())
    ).scalar_one_or_none()
    if account is None:
        raise account_not_found()
    changes = {
        name: value
        for name, value in msgspec.structs.asdict(patch).items()
        if value is not msgspec.UNSET and getattr(account, name) != value
    }
    if _is_active_admin(account.role, account.disabled) and not _is_active_admin(
        changes.get("role", account.role), changes.get("disabled", account.disabled)
    ):
        await _ensure_another_active_admin(session, account.id)
    for name, value in changes.items():
        setattr(account, name, value)
    if changes:
        account.version += 1
        await session.flush()
        if changes.get("disabled") is True:
            # Its browsers are signed out in the same transaction (the per-request check refuses them too).
            await end_account_sessions(session, account.id)
        await record_event(
            session,
            actor_id=actor_id,
            kind="account.updated",
            resource_type="account",
            resource_id=account.id,
            data={"changed": changes},
            public=False,
        )
    return account_view(account)


def _is_active_admin(role: str, disabled: bool) -> bool:
    return role == "admin" and not disabled


async def _ensure_another_active_admin(session: AsyncSession, account_id: uuid.UUID) -> None:
    """Refuse unless an active admin other than ``account_id`` remains.

    Changes that take an admin away queue on one lock until their transaction ends, and each counts after the one
    before it committed (every statement of a READ COMMITTED transaction sees the latest commits): two admins who
    demote each other at the same moment leave one admin, never none.
    """
    await _serialise(session, "accounts:active_admins")
    others = await session.scalar(
        select(func.count())
        .select_from(Account)
        .where(Account.role == "admin", Account.disabled.is_(False), Account.id != account_id)
    )
    if not others:
        raise last_active_admin()


async def _serialise(session: AsyncSession, key: str) -> None:
    """Wait for, and hold until the transaction ends, the advisory lock named ``key``."""
    await session.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"), {"key": key})


async def _recent_failures(
    session: AsyncSession, column: InstrumentedAttribute[str], value: str, since: datetime
) -> tuple[int, datetime]:
    count, oldest = (
        await session.execute(
            select(func.count(), func.min(LoginFailure.at)).where(column == value, LoginFailure.at > since)
        )
    ).one()
    return int(count), oldest or since


def _refuse_when_over(count: int, oldest: datetime, *, allowed: int, now: datetime, window: timedelta) -> None:
    if count >= allowed:
        raise too_many_attempts(max(1, int((oldest + window - now).total_seconds()) + 1))


async def authenticate(
    session: AsyncSession,
    *,
    email: str,
    password: str,
    client_address: str,
    limits: LoginLimits,
    trusted_device_of: uuid.UUID | None = None,
) -> AccountView:
    """Check credentials, refusing while the account or the address is over its failed-attempt limit.

    Counting the recent failures, checking the password and (by the caller, on failure) recording the new failure
    happen under transaction-scoped locks on the account's e-mail and, when the address limit applies, on the
    address: simultaneous attempts queue, so no more than the limit are ever checked against the password.

    The address limit stops one address from trying passwords on many accounts. It does not apply to a client that
    proved, with the device token of an earlier successful sign-in (``trusted_device_of``), that it signed in to
    this very account before: the rightful owner is not locked out by someone else's failures from their address.

    Raises:
        RateLimited: too many recent failures.
        Unauthenticated: wrong credentials or a disabled account; the caller records the failure in the same
            transaction, before it commits and releases the locks.
    """
    normalized = normalize_email(email)
    account = await session.scalar(select(Account).where(Account.email == normalized))
    limited_by_address = account is None or trusted_device_of != account.id
    # Always the address before the account, so that two attempts never wait for each other's lock.
    if limited_by_address:
        await _serialise(session, f"sign_in:address:{client_address}")
    await _serialise(session, f"sign_in:account:{normalized}")
    now = utc_now()
    since = now - limits.window
    count, oldest = await _recent_failures(session, LoginFailure.email, normalized, since)
    _refuse_when_over(count, oldest, allowed=limits.per_account, now=now, window=limits.window)
    if limited_by_address:
        count, oldest = await _recent_failures(session, LoginFailure.client_address, client_address, since)
        _refuse_when_over(count, oldest, allowed=limits.per_address, now=now, window=limits.window)
    # Argon2 takes a while: off the event loop, so that other requests go on meanwhile.
    matches = await asyncio.to_thread(verify_password, account.password_hash if account else None, password)
    if not matches or account is None or account.disabled:
        raise bad_credentials()
    return account_view(account)


def normalize_email(email: str) -> str:
    """The form in which e-mail addresses are stored and compared."""
    return email.strip().lower()


async def record_login_failure(session: AsyncSession, *, email: str, client_address: str) -> None:
    """Remember one failed sign-in."""
    session.add(LoginFailure(email=normalize_email(email)[:254], client_address=client_address[:64]))
    await session.flush()
