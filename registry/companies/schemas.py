"""Wire contracts of companies and their members."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

import msgspec

__all__ = [
    "ActivityRef",
    "CompanyCreate",
    "CompanyFull",
    "CompanyPage",
    "CompanyPatch",
    "CompanyPublic",
    "LegalForm",
    "MemberAdd",
    "MemberView",
    "RegionRef",
]

LegalForm = Literal["llp", "jsc", "ie", "branch", "representative_office", "other"]
CompanyStatusName = Literal["active", "suspended", "liquidated"]
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=300)]
OkedCode = Annotated[str, msgspec.Meta(min_length=1, max_length=8, pattern=r"^([A-U]|\d{2}(\.\d{1,2})?)$")]
Kato = Annotated[str, msgspec.Meta(pattern=r"^\d{9}$", description="KATO code of a first-level unit")]
Website = Annotated[str, msgspec.Meta(max_length=300, pattern=r"^https?://\S+$")]
Description = Annotated[str, msgspec.Meta(max_length=4000)]
Headcount = Annotated[int, msgspec.Meta(ge=0, le=1_000_000)]
Activities = Annotated[list[OkedCode], msgspec.Meta(min_length=1, max_length=20)]


class CompanyCreate(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A founder registers a company."""

    bin: Annotated[
        str, msgspec.Meta(min_length=1, max_length=20, description="12-digit BIN", examples=["230140000014"])
    ]
    name_kk: Annotated[str, msgspec.Meta(min_length=1, max_length=300, description="Official name in Kazakh")]
    name_ru: Name
    name_en: Name | None = None
    legal_form: LegalForm
    region: Kato
    registration_date: date
    activities: Activities
    primary_activity: OkedCode
    headcount: Headcount | None = None
    website: Website | None = None
    description: Description | None = None


class CompanyPatch(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A change to a company; fields left out stay as they are."""

    name_kk: Name | msgspec.UnsetType = msgspec.UNSET
    name_ru: Name | msgspec.UnsetType = msgspec.UNSET
    name_en: Name | msgspec.UnsetType | None = msgspec.UNSET
    legal_form: LegalForm | msgspec.UnsetType = msgspec.UNSET
    region: Kato | msgspec.UnsetType = msgspec.UNSET
    activities: Activities | msgspec.UnsetType = msgspec.UNSET
    primary_activity: OkedCode | msgspec.UnsetType = msgspec.UNSET
    status: CompanyStatusName | msgspec.UnsetType = msgspec.UNSET
    headcount: Headcount | msgspec.UnsetType | None = msgspec.UNSET
    website: Website | msgspec.UnsetType | None = msgspec.UNSET
    description: Description | msgspec.UnsetType | None = msgspec.UNSET
    effective_on: date | msgspec.UnsetType = msgspec.UNSET
    """The day a change of status, region, legal form or primary activity takes effect (default: today); a day in
    the past corrects the register's history from that day on."""


class RegionRef(msgspec.Struct, frozen=True):
    """A region with its names."""

    kato: str
    name_kk: str
    name_ru: str
    name_en: str


class ActivityRef(msgspec.Struct, frozen=True):
    """An OKED activity of a company."""

    code: str
    name_kk: str
    name_ru: str
    name_en: str
    is_primary: bool


class CompanyPublic(msgspec.Struct, frozen=True, kw_only=True):
    """The public register entry of a company."""

    id: uuid.UUID
    bin: str
    name_kk: str
    name_ru: str
    name_en: str | None
    legal_form: LegalForm
    region: RegionRef
    registration_date: date
    status: CompanyStatusName
    activities: list[ActivityRef]
    ai_class: str | None = None


class CompanyFull(CompanyPublic, frozen=True, kw_only=True):
    """A company as its members and hub staff see it, with the confidential fields."""

    headcount: int | None
    website: str | None
    description: str | None
    version: int
    created_at: datetime
    updated_at: datetime


class CompanyPage(msgspec.Struct, frozen=True):
    """One page of the register."""

    items: list[CompanyPublic]
    next_cursor: str | None


class MemberAdd(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """An owner adds a founder account to the company by e-mail."""

    email: Annotated[str, msgspec.Meta(min_length=3, max_length=254)]
    role: Literal["owner", "member"] = "member"


class MemberView(msgspec.Struct, frozen=True):
    """A member of a company."""

    account_id: uuid.UUID
    email: str
    full_name: str
    role: Literal["owner", "member"]
    added_at: datetime
