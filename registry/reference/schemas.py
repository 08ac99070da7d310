"""Wire contracts of reference data."""

from __future__ import annotations

import msgspec

__all__ = ["ActivityView", "RegionView"]


class RegionView(msgspec.Struct, frozen=True):
    """A first-level KATO unit."""

    kato: str
    kind: str
    name_kk: str
    name_ru: str
    name_en: str


class ActivityView(msgspec.Struct, frozen=True):
    """An OKED entry."""

    code: str
    level: str
    parent_code: str | None
    section: str
    name_kk: str
    name_ru: str
    name_en: str
