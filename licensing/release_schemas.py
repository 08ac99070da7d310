"""Wire contracts of official statistics releases and the release calendar."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal, TypeAlias

import msgspec

from registry.statistics.observations import Observation

__all__ = [
    "FIRST_PERIOD",
    "LAST_PERIOD",
    "CalendarEntryIn",
    "CalendarEntryView",
    "CellChange",
    "ChangeReason",
    "ReleaseChanges",
    "ReleaseIn",
    "ReleaseSummary",
    "ReleaseView",
]

FIRST_PERIOD = 2000
"""The earliest fiscal year a release (or a calendar entry) may describe: the API's ``period`` and the CLI's
``--period`` take the same range."""
LAST_PERIOD = 2200
"""The latest fiscal year the API and the CLI accept as a period (a year that has not ended is refused later)."""

ChangeReason: TypeAlias = Literal["new_declarations", "corrections", "new_rubric_version"]
"""Why a cell changed between two releases of a period."""


class ReleaseIn(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Create a release (or a revision) of the official tables for a fiscal year."""

    period: Annotated[int, msgspec.Meta(ge=FIRST_PERIOD, le=LAST_PERIOD, description="The fiscal year")]


class ReleaseSummary(msgspec.Struct, frozen=True, kw_only=True):
    """A release without its tables."""

    id: int
    """The release number."""
    period: int
    revision: int
    """1 for the period's first release; a later one is a revision."""
    known_at: datetime
    """The figures show what the registry had recorded before this moment."""
    provisional: bool
    """The period's declaration deadline (31 March of the next year) had not passed at ``known_at``."""
    rubric_version: int
    code_version: str
    sha256: str
    """SHA-256 of the release's canonical content (the JSON of ``content``)."""
    created_at: datetime


class ReleaseView(msgspec.Struct, frozen=True, kw_only=True):
    """A release with every observation of its tables."""

    release: ReleaseSummary
    observations: list[Observation]


class CellChange(msgspec.Struct, frozen=True, kw_only=True):
    """One observation that differs between two releases of a period."""

    dataflow: str
    measure: str
    ref_area: str
    time_period: str
    ai_class: str
    activity: str
    legal_form: str
    licence_type: str
    years_after: str
    old_value: str | None
    new_value: str | None
    old_conf_status: str | None
    """``null`` when the cell is new in the later release."""
    new_conf_status: str | None
    """``null`` when the cell is gone from the later release."""
    reason: ChangeReason


class ReleaseChanges(msgspec.Struct, frozen=True, kw_only=True):
    """The cells of ``release`` that differ from ``since``."""

    release: int
    since: int
    changes: list[CellChange]


class CalendarEntryIn(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A planned release."""

    dataset: Annotated[
        str, msgspec.Meta(pattern=r"^[A-Z][A-Z0-9_]{0,63}$", description="Dataset id, e.g. AI_ECOSYSTEM")
    ] = "AI_ECOSYSTEM"
    period: Annotated[int, msgspec.Meta(ge=FIRST_PERIOD, le=LAST_PERIOD, description="The fiscal year")]
    planned_date: date


class CalendarEntryView(msgspec.Struct, frozen=True, kw_only=True):
    """An entry of the public release calendar, with the releases already made for it."""

    id: uuid.UUID
    dataset: str
    period: int
    planned_date: date
    releases: list[int]
    """The numbers of the releases made for the period, oldest first."""


class WithheldCell(msgspec.Struct, frozen=True, kw_only=True):
    """A withheld confidential cell of a release and the rule that withholds it (a staff view)."""

    key: list[str]
    """``[measure, period, ref_area, ai_class, activity, legal_form, licence_type, years_after]`` (``_T``: total;
    latent cells, never published, are not listed)."""
    reason: str
    """``threshold`` or ``dominance`` (primary), ``secondary`` (complementary)."""
