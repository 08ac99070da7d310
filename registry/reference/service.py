"""Reading reference data, and the rows that the first migration loads."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from importlib.resources import files

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.reference.models import Activity, Region
from registry.reference.schemas import ActivityView, RegionView

__all__ = ["activity_rows", "list_activities", "list_regions", "region_rows"]

_LEVEL_ORDER = {"section": 0, "division": 1, "group": 2, "class": 3}


def _read(name: str) -> Iterator[dict[str, str]]:
    with (files("registry.reference") / "data" / name).open(encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def region_rows() -> list[dict[str, str]]:
    """The 20 first-level KATO units from ``data/regions.csv``."""
    return [
        {
            "kato": row["kato"],
            "kind": row["kind"],
            "name_kk": row["name_kk"],
            "name_ru": row["name_ru"],
            "name_en": row["name_en"],
        }
        for row in _read("regions.csv")
    ]


def activity_rows() -> list[dict[str, str | None]]:
    """OKED entries from ``data/oked.csv``, parents before children."""
    rows: list[dict[str, str | None]] = [
        {
            "code": row["code"],
            "level": row["level"],
            "parent_code": row["parent_code"] or None,
            "section": row["section"],
            "name_kk": row["name_kk"],
            "name_ru": row["name_ru"],
            "name_en": row["name_en"],
        }
        for row in _read("oked.csv")
    ]
    return sorted(rows, key=lambda row: (_LEVEL_ORDER[str(row["level"])], str(row["code"])))


async def list_regions(session: AsyncSession) -> list[RegionView]:
    """All regions by KATO code."""
    rows = await session.scalars(select(Region).order_by(Region.kato))
    return [RegionView(r.kato, r.kind, r.name_kk, r.name_ru, r.name_en) for r in rows]


async def list_activities(
    session: AsyncSession, *, level: str | None = None, parent: str | None = None
) -> list[ActivityView]:
    """OKED entries in code order, optionally one level or the children of one parent."""
    query = select(Activity).order_by(Activity.section, Activity.code)
    if level:
        query = query.where(Activity.level == level)
    if parent:
        query = query.where(Activity.parent_code == parent)
    rows = await session.scalars(query)
    return [ActivityView(a.code, a.level, a.parent_code, a.section, a.name_kk, a.name_ru, a.name_en) for a in rows]
