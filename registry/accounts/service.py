"""Account use cases: sign-up, staff accounts, sign-in with rate limiting."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

import msgspec
from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from registry.accounts.errors import account_not_found, bad_credentials, email_taken, too_many_attempts
from registry.accounts.models import Account, LoginFailure
from registry.accounts.passwords import hash_password, verify_password
from registry.accounts.schemas import AccountCreate, AccountPatch, AccountView, SignupRequest
from registry.database import utc_now
from registry.events.service import record_event

__all__ = [
    "ActiveAccount",
    "LoginLimits",
    "authenticate",
    "create_account",
    "get_account",
    "get_active_account",
    "list_accounts",
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
    account = Account(
        id=uuid.uuid4(),
        email=email.strip().lower(),
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
def _active_account_query() -> Select[str, str]:
    """The token check's query, built once.

    It runs on every signed-in request, and building the statement took as long as running it.
    """
    return select(Account.role, Account.preferred_language).where(
        Account.id == bindparam("account_id"), Account.disabled.is_(False)
    )


async def get_active_account(session: AsyncSession, account_id: uuid.UUID) -> ActiveAccount | None:
    """The account behind a token, or ``None`` when it no longer exists or is disabled.

    Reads two columns, not the ORM object: the session may be the request's own, and an account kept in its
    identity map could be seen stale by a later query of the same transaction.
    """
    row = (await session.execute(_active_account_query(), {"account_id": account_id})).one_or_none()
    return None if row is None else ActiveAccount(role=row.role, preferred_language=row.preferred_language)


async def update_account(
    session: AsyncSession, *, actor_id: uuid.UUID, account_id: uuid.UUID, patch: AccountPatch
) -> AccountView:
    """Change an account's role, name or disabled flag, recording what changed."""
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
    for name, value in changes.items():
        setattr(account, name, value)
    if changes:
        account.version += 1
        await session.flush()
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


async def _recent_failures(
    session: AsyncSession, column: InstrumentedAttribute[str], value: str, since: datetime
) -> tuple[int, datetime]:
    count, oldest = (
        await session.execute(
            select(func.count(), func.min(LoginFailure.at)).where(column == value, LoginFailure.at > since)
        )
    ).one()
    return int(count), oldest or since


async def _check_rate_limit(session: AsyncSession, *, email: str, address: str, limits: LoginLimits) -> None:
    now = utc_now()
    since = now - limits.window
    for column, value, allowed in (
        (LoginFailure.email, email, limits.per_account),
        (LoginFailure.client_address, address, limits.per_address),
    ):
        count, oldest = await _recent_failures(session, column, value, since)
        if count >= allowed:
            retry_after = max(1, int((oldest + limits.window - now).total_seconds()) + 1)
            raise too_many_attempts(retry_after)


async def authenticate(
    session: AsyncSession, *, email: str, password: str, client_address: str, limits: LoginLimits
) -> AccountView:
    """Check credentials, refusing while the account or the address is over its failed-attempt limit.

    Raises:
        RateLimited: too many recent failures.
        Unauthenticated: wrong credentials or a disabled account; the caller records the failure in a transaction
            of its own (this one is rolled back).
    """
    normalized = email.strip().lower()
    await _check_rate_limit(session, email=normalized, address=client_address, limits=limits)
    account = (await session.execute(select(Account).where(Account.email == normalized))).scalar_one_or_none()
    if not verify_password(account.password_hash if account else None, password) or account is None:
        raise bad_credentials()
    if account.disabled:
        raise bad_credentials()
    return account_view(account)


async def record_login_failure(session: AsyncSession, *, email: str, client_address: str) -> None:
    """Remember one failed sign-in."""
    session.add(LoginFailure(email=email.strip().lower()[:254], client_address=client_address[:64]))
    await session.flush()
