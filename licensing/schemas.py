"""Wire contracts of licence types, applications, evidence, licences and monitoring."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal

import msgspec

from registry.ai_systems.schemas import AiSystemFull

__all__ = [
    "ApplicationCreate",
    "ApplicationPage",
    "ApplicationPatch",
    "ApplicationView",
    "ApproveIn",
    "EvidenceView",
    "LicencePage",
    "LicenceStatusChange",
    "LicenceTypeView",
    "LicenceView",
    "MonitoringItem",
    "PublicLicence",
    "ReasonCatalogue",
    "ReasonView",
    "RejectIn",
    "ReliedDeclaration",
    "SendBackFieldView",
    "SendBackIn",
    "TimelineEntry",
]

LicenceTypeName = Literal["ai_native", "standard_digital"]
EvidenceKind = Literal["code_repository", "model_card", "client_letter", "invoice", "public_product_page", "other"]
Message = Annotated[str, msgspec.Meta(min_length=1, max_length=4000)]


class LicenceTypeView(msgspec.Struct, frozen=True, kw_only=True):
    """A licence type with its texts in kk/ru/en."""

    code: LicenceTypeName
    prefix: str
    validity_months: int
    requires_ai_native_evaluation: bool
    name: dict[str, str]
    requirements: dict[str, str]
    benefits: dict[str, str]


class ApplicationCreate(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A founder starts an application (a draft) for a company they are a member of."""

    company_id: uuid.UUID
    licence_type: LicenceTypeName
    declaration_id: uuid.UUID


class ApplicationPatch(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Changes to a draft or sent-back application."""

    declaration_id: uuid.UUID | msgspec.UnsetType = msgspec.UNSET
    founder_note: Message | msgspec.UnsetType | None = msgspec.UNSET


class SendBackIn(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """What the founder must fix."""

    message: Message
    fields: Annotated[list[Annotated[str, msgspec.Meta(max_length=100)]], msgspec.Meta(max_length=50)] = msgspec.field(
        default_factory=list
    )
    evidence_ids: Annotated[list[uuid.UUID], msgspec.Meta(max_length=50)] = msgspec.field(default_factory=list)


class RejectIn(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A rejection: a reason code from the catalogue and the reviewer's own words."""

    reason_code: Annotated[str, msgspec.Meta(max_length=40)]
    text: Message
    effective_on: date | None = None
    """The day the change takes effect (default: today); a day in the past is a correction from that day on."""


class ApproveIn(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """An approval, optionally with a note to the founder."""

    text: Annotated[str, msgspec.Meta(max_length=4000)] | None = None


class EvidenceView(msgspec.Struct, frozen=True, kw_only=True):
    """A piece of evidence."""

    id: uuid.UUID
    kind: EvidenceKind
    description: str
    url: str | None
    document: dict[str, Any] | None
    created_at: datetime


class ReliedDeclaration(msgspec.Struct, frozen=True, kw_only=True):
    """The declaration an application relies on, as the reviewer needs to see it beside the evaluation."""

    id: uuid.UUID
    period: str
    """``2025`` for a fiscal year, ``2025-Q3`` for a quarter."""
    fiscal_year: int
    quarter: int | None
    ai_class: str
    ai_class_label: dict[str, str]
    rubric_version: int
    filed_at: datetime
    superseded: bool
    """Whether a later declaration for the same period replaced it."""


class ApplicationView(msgspec.Struct, frozen=True, kw_only=True):
    """An application with its evaluation, evidence and service-level status."""

    id: uuid.UUID
    company_id: uuid.UUID
    company_name: str
    licence_type: LicenceTypeName
    declaration_id: uuid.UUID
    state: str
    state_label: dict[str, str]
    version: int
    renewal_of: str | None
    submitted_at: datetime | None
    claimed_by: uuid.UUID | None
    first_action_due: date | None
    decision_due: date | None
    overdue: bool
    evaluation: dict[str, Any] | None
    failed_criteria: list[str]
    send_back: dict[str, Any] | None
    reason_code: str | None
    decision_text: str | None
    founder_note: str | None
    evidence: list[EvidenceView]
    licence_number: str | None
    allowed_actions: list[str]
    created_at: datetime
    reason: ReasonView | None = None
    """The rejection reason behind ``reason_code``, in words."""
    declaration: ReliedDeclaration | None = None
    """The declaration relied on: its period, class and rubric version (``evaluation`` has every criterion)."""
    ai_systems: list[AiSystemFull] = msgspec.field(default_factory=list)
    """The company's AI systems, whole, as its owner declares them (beside the application for the reviewer)."""


class ApplicationPage(msgspec.Struct, frozen=True):
    """One page of the queue or of a founder's applications."""

    items: list[ApplicationView]
    next_cursor: str | None


class TimelineEntry(msgspec.Struct, frozen=True):
    """One step of an application's history, with messages between reviewer and founder."""

    seq: int
    occurred_at: datetime
    kind: str
    actor_id: uuid.UUID | None
    data: dict[str, Any]


class LicenceView(msgspec.Struct, frozen=True, kw_only=True):
    """A licence as its holder and hub staff see it."""

    number: str
    licence_type: LicenceTypeName
    company_id: uuid.UUID
    company_name: str
    company_bin: str
    status: Literal["active", "suspended", "revoked", "expired"]
    valid_from: date
    valid_until: date
    status_reason_code: str | None
    status_text: str | None
    version: int
    status_reason: ReasonView | None = None
    """The suspension or revocation reason behind ``status_reason_code``, in words."""


class ReasonView(msgspec.Struct, frozen=True, kw_only=True):
    """One entry of a reason catalogue, in kk/ru/en."""

    code: str
    label: dict[str, str]
    description: dict[str, str]


class SendBackFieldView(msgspec.Struct, frozen=True, kw_only=True):
    """Something a reviewer may name in a send-back, with its label in kk/ru/en."""

    field: str
    label: dict[str, str]


class ReasonCatalogue(msgspec.Struct, frozen=True, kw_only=True):
    """Every reason a reviewer may give, for each decision, and what a send-back may name."""

    rejection: list[ReasonView]
    send_back: list[SendBackFieldView]
    suspension: list[ReasonView]
    reinstatement: list[ReasonView]
    revocation: list[ReasonView]


class LicencePage(msgspec.Struct, frozen=True, kw_only=True):
    """One page of licences (``status_text`` only for hub staff and the licensee's members)."""

    items: list[LicenceView]
    next_cursor: str | None


class PublicLicence(msgspec.Struct, frozen=True, kw_only=True):
    """What anyone can verify about a licence number."""

    number: str
    licence_type: LicenceTypeName
    licence_name: dict[str, str]
    status: Literal["active", "suspended", "revoked", "expired"]
    valid_from: date
    valid_until: date
    company_name_kk: str
    company_name_ru: str
    company_bin: str
    company_status: Literal["active", "suspended", "liquidated"]
    """The licensee's status in the register today."""
    version: int
    """The licence's version (its ``ETag``)."""


class LicenceStatusChange(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Suspension, reinstatement or revocation, with its reason."""

    reason_code: Annotated[str, msgspec.Meta(max_length=40)]
    text: Message
    effective_on: date | None = None
    """The day the change takes effect (default: today); a day in the past is a correction from that day on."""


class MonitoringItem(msgspec.Struct, frozen=True, kw_only=True):
    """A company whose AI-native licence needs a reviewer's look, and why."""

    company_id: uuid.UUID
    company_name: str
    licence_number: str
    valid_until: date
    reason: Literal["no_longer_ai_native", "declaration_missing"]
    reason_text: dict[str, str]
    latest_period: str | None
    latest_class: str | None
