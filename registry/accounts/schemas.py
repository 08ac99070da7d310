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
Password = Annotated[
    str,
    msgspec.Meta(
        min_length=12,
        max_length=256,
        description=(
            "12 to 256 characters, not only spaces, not containing the e-mail's part before the @, and not easy to "
            "guess (a common or breached password or a variant of one, a keyboard pattern, a repetition, a sequence, "
            "a date, the account's name). A phrase of several unrelated words is a good password."
        ),
    ),
]
DeviceToken = Annotated[
    str,
    msgspec.Meta(
        max_length=2048,
        description="The device token of an earlier successful sign-in to this account (see TokenResponse).",
    ),
]
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
    device_token: DeviceToken | None = None
    """Exempts the sign-in from the per-address limit when it was issued for this account (browsers send the
    ``registry_device`` cookie instead)."""


class TokenResponse(msgspec.Struct, frozen=True):
    """A bearer token, and a device token for later sign-ins."""

    access_token: str
    expires_in: int
    device_token: str
    """Not a credential: sent with a later sign-in to this account (``device_token``), it shows that this client
    signed in here before, so that other people's failures from the same address do not lock it out."""
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
