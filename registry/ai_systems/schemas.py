"""Wire contracts of the AI-systems register."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

import msgspec

from registry.declarations.schemas import CapabilityName

__all__ = [
    "AiSystemCreate",
    "AiSystemFull",
    "AiSystemPage",
    "AiSystemPatch",
    "AiSystemPublic",
    "AutonomyDegree",
    "Capability",
    "DocumentReference",
    "RiskDegree",
    "SystemStatus",
    "TrustedListEntry",
]

RiskDegree = Literal["minimal", "medium", "high"]
AutonomyDegree = Literal["low", "medium", "high"]
SystemStatus = Literal["development", "on_market", "withdrawn"]
Capability = CapabilityName
"""The rubric's capability categories, the same list as a declaration's AI products."""
Sha256 = Annotated[str, msgspec.Meta(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the document, lower-case hex")]
Line = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]

OWNER_DECLARES = (
    "The registry records what the system's owner declares (AI law, Article 17: the owner assigns the degrees of risk "
    "and autonomy). It does not classify systems legally and does not certify the declaration."
)


class TrustedListEntry(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, frozen=True):
    """Inclusion in a sector's list of trusted high-risk AI systems."""

    body: Annotated[str, msgspec.Meta(min_length=1, max_length=300, description="The authority that keeps the list")]
    decision_date: date
    reference: Line


class DocumentReference(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, frozen=True):
    """A document kept by the owner: its reference (number, title or address) and its SHA-256."""

    reference: Annotated[str, msgspec.Meta(min_length=1, max_length=300)]
    sha256: Sha256


class AiSystemCreate(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """An AI system as its company's member records it."""

    name: Line
    system_version: Annotated[str, msgspec.Meta(min_length=1, max_length=50)]
    purpose: Annotated[str, msgspec.Meta(min_length=1, max_length=2000, description="The intended purpose")]
    capabilities: Annotated[list[Capability], msgspec.Meta(min_length=1, max_length=6)]
    data_and_logic: Annotated[
        str, msgspec.Meta(min_length=1, max_length=4000, description="A short description of the data and the logic")
    ]
    status: SystemStatus
    risk_degree: RiskDegree
    autonomy_degree: AutonomyDegree
    trusted_list: TrustedListEntry | None = None
    audit_report: DocumentReference | None = None
    copyright_certificate: DocumentReference | None = None
    synthetic_output_labelled: bool = False


class AiSystemPatch(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A change to an AI system (``If-Match`` required); fields left out stay as they are, ``null`` clears."""

    name: Line | msgspec.UnsetType = msgspec.UNSET
    system_version: Annotated[str, msgspec.Meta(min_length=1, max_length=50)] | msgspec.UnsetType = msgspec.UNSET
    purpose: Annotated[str, msgspec.Meta(min_length=1, max_length=2000)] | msgspec.UnsetType = msgspec.UNSET
    capabilities: Annotated[list[Capability], msgspec.Meta(min_length=1, max_length=6)] | msgspec.UnsetType = (
        msgspec.UNSET
    )
    data_and_logic: Annotated[str, msgspec.Meta(min_length=1, max_length=4000)] | msgspec.UnsetType = msgspec.UNSET
    status: SystemStatus | msgspec.UnsetType = msgspec.UNSET
    risk_degree: RiskDegree | msgspec.UnsetType = msgspec.UNSET
    autonomy_degree: AutonomyDegree | msgspec.UnsetType = msgspec.UNSET
    trusted_list: TrustedListEntry | msgspec.UnsetType | None = msgspec.UNSET
    audit_report: DocumentReference | msgspec.UnsetType | None = msgspec.UNSET
    copyright_certificate: DocumentReference | msgspec.UnsetType | None = msgspec.UNSET
    synthetic_output_labelled: bool | msgspec.UnsetType = msgspec.UNSET


class AiSystemPublic(msgspec.Struct, frozen=True, kw_only=True):
    """What anybody may read of an AI system."""

    id: uuid.UUID
    company_id: uuid.UUID
    company_name: str
    name: str
    purpose: str
    capabilities: list[str]
    risk_degree: str
    autonomy_degree: str
    status: str
    declared_by_owner: str = OWNER_DECLARES


class AiSystemFull(AiSystemPublic, frozen=True, kw_only=True):
    """The whole record, for the company's members and staff."""

    system_version: str
    data_and_logic: str
    degrees_declared_on: date
    degrees_declared_by: uuid.UUID | None
    trusted_list: TrustedListEntry | None
    audit_report: DocumentReference | None
    copyright_certificate: DocumentReference | None
    synthetic_output_labelled: bool
    version: int
    created_at: datetime
    updated_at: datetime


class AiSystemPage(msgspec.Struct, frozen=True, kw_only=True):
    """One page of the AI-systems register."""

    items: list[AiSystemPublic]
    next_cursor: str | None
