"""``/api/v1/accounts``: admins manage accounts and roles."""

from __future__ import annotations

import uuid
from typing import Annotated

import msgspec
from litestar import Router, get, patch, post
from litestar.params import FromPath, JSONBody, QueryParameter

from api.auth.access import only
from api.dependencies import CurrentActor, Session
from registry.accounts.schemas import AccountCreate, AccountPatch, AccountView
from registry.accounts.service import create_account, list_accounts, update_account

__all__ = ["accounts_router"]


class AccountPage(msgspec.Struct, frozen=True):
    """One page of accounts."""

    items: list[AccountView]
    next_cursor: str | None


@post("/", **only("admin"), summary="Create an account of any role")
async def create(data: JSONBody[AccountCreate], actor: CurrentActor, session: Session) -> AccountView:
    """Create a staff (or founder) account."""
    return await create_account(session, actor_id=actor.account_id, request=data)


@get("/", **only("admin"), summary="List accounts")
async def index(
    session: Session,
    cursor: Annotated[str | None, QueryParameter(max_length=254)] = None,
    limit: Annotated[int, QueryParameter(ge=1, le=200)] = 50,
) -> AccountPage:
    """Accounts by e-mail; ``cursor`` is the last e-mail of the previous page."""
    items = list(await list_accounts(session, after_email=cursor, limit=limit + 1))
    more = len(items) > limit
    items = items[:limit]
    return AccountPage(items=items, next_cursor=items[-1].email if more else None)


@patch("/{account_id:uuid}", **only("admin"), summary="Change role, name or disable an account")
async def change(
    account_id: FromPath[uuid.UUID], data: JSONBody[AccountPatch], actor: CurrentActor, session: Session
) -> AccountView:
    """A disabled account's tokens stop working at once."""
    assert actor.account_id is not None
    return await update_account(session, actor_id=actor.account_id, account_id=account_id, patch=data)


accounts_router = Router(path="/api/v1/accounts", route_handlers=[create, index, change], tags=["accounts"])
