"""Wire contracts of accounts and sign-in."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

import msgspec

__all__ = [
    "AccountCreate",
    "AccountPatch",
    "AccountView",
    "LoginRequest",
    "RoleName",
    "SignupRequest",
    "TokenResponse",
]

RoleName = Literal["founder", "reviewer", "economist", "admin"]
LanguageCode = Literal["kk", "ru", "en"]
Email = Annotated[
    str,
    msgspec.Meta(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", description="E-mail address"),
]
Password = Annotated[str, msgspec.Meta(min_length=12, max_length=256, description="At least 12 characters")]
FullName = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]


class SignupRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A founder signs up."""

    email: Email
    password: Password
    full_name: FullName
    preferred_language: LanguageCode = "en"


class AccountCreate(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """An admin creates an account of any role."""

    email: Email
    password: Password
    full_name: FullName
    role: RoleName
    preferred_language: LanguageCode = "en"


class AccountPatch(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """An admin changes an account's role or disables it."""

    role: RoleName | msgspec.UnsetType = msgspec.UNSET
    disabled: bool | msgspec.UnsetType = msgspec.UNSET
    full_name: FullName | msgspec.UnsetType = msgspec.UNSET


class LoginRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Credentials for ``POST /auth/login``."""

    email: Annotated[str, msgspec.Meta(min_length=1, max_length=254)]
    password: Annotated[str, msgspec.Meta(min_length=1, max_length=256)]


class TokenResponse(msgspec.Struct, frozen=True):
    """A bearer token."""

    access_token: str
    expires_in: int
    token_type: str = "bearer"  # noqa: S105 - the OAuth token type, not a secret


class AccountView(msgspec.Struct, frozen=True):
    """An account as its owner and admins see it."""

    id: uuid.UUID
    email: str
    full_name: str
    role: RoleName
    preferred_language: LanguageCode
    disabled: bool
    created_at: datetime
