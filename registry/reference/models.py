"""Reference tables: KATO regions and OKED activities, loaded by migration."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base

__all__ = ["Activity", "Region"]


class Region(Base):
    """A first-level KATO unit: one of 17 regions or the cities Astana, Almaty, Shymkent."""

    __tablename__ = "regions"
    __table_args__ = (CheckConstraint("kato ~ '^[0-9]{9}$'", name="kato_nine_digits"),)

    kato: Mapped[str] = mapped_column(String(9), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    name_kk: Mapped[str] = mapped_column(String(200))
    name_ru: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))


class Activity(Base):
    """An OKED (NK RK 03-2019) section, division, group or class."""

    __tablename__ = "activities"
    __table_args__ = (CheckConstraint("level IN ('section', 'division', 'group', 'class')", name="level_known"),)

    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    level: Mapped[str] = mapped_column(String(8))
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("activities.code"))
    section: Mapped[str] = mapped_column(String(1))
    name_kk: Mapped[str] = mapped_column(String(500))
    name_ru: Mapped[str] = mapped_column(String(500))
    name_en: Mapped[str] = mapped_column(String(500))
