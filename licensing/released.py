"""Confidential figures on the live endpoints: only as an official release published them.

Any day, window, region and breakdown can be asked of the live endpoints. Public figures are computed for each.
Confidential ones (the data dictionary's ``source_class``) are not: two such answers a day or a company apart would
single out that company's figures whatever protects each answer alone. So a confidential figure is served only
where a release holds it — a fiscal year or quarter of a released year, the country or a region or breakdown the
release has — copied, withheld cells included, from the newest release of that year known at ``known_at``.
Everything a user can get is then a cell of a release, and releases are protected as one linked set.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import msgspec
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from licensing.releases import ReleaseContent
from registry.errors import FieldError, InvalidInput
from registry.i18n import Text
from registry.statistics.disclosure import ProtectedCell
from registry.statistics.observations import NOT_APPLICABLE, TOTAL, Observation, ObservationKey
from registry.statistics.release_models import StatisticsRelease

__all__ = ["Released", "not_released", "released_figures"]


@dataclass(frozen=True, slots=True)
class Released:
    """The newest release of each fiscal year asked for, as known at a moment, indexed by observation key."""

    release_ids: dict[int, int]
    """Fiscal year -> the release that answers for it."""
    observations: dict[ObservationKey, Observation]

    def cell(
        self,
        dataflow: str,
        measure: str,
        time_period: str,
        **dims: str | None,
    ) -> ProtectedCell | None:
        """The released cell (``None`` when no release holds it); a ``None`` dimension is the total."""
        names = ("ref_area", "time_period", "ai_class", "activity", "legal_form", "licence_type", "years_after")
        given = {**dims, "time_period": time_period}
        parts: list[str] = []
        for name in names:
            value = given.get(name)
            parts.append(value if value is not None else TOTAL if name in given else NOT_APPLICABLE)
        found = self.observations.get((dataflow, measure, *parts))
        if found is None:
            return None
        if found.conf_status == "C":
            return ProtectedCell(None, True)
        return ProtectedCell(_number(found.value), False)

    def groups(self, dataflow: str, measure: str, time_period: str, dimension: str) -> list[str]:
        """The codes a released table breaks a measure down by in a period."""
        return sorted(
            {
                getattr(o, dimension)
                for o in self.observations.values()
                if o.dataflow == dataflow
                and o.measure == measure
                and o.time_period == time_period
                and getattr(o, dimension) not in (TOTAL, NOT_APPLICABLE)
            }
        )

    def used(self, years: Iterable[int]) -> list[int]:
        """The releases that answer for ``years``."""
        return sorted({self.release_ids[year] for year in years if year in self.release_ids})


def _number(value: str | None) -> int | Decimal | None:
    """A released value (decimal text) as served: an int for a count, a Decimal otherwise."""
    if value is None:
        return None
    return int(value) if value.lstrip("-").isdigit() else Decimal(value)


async def released_figures(session: AsyncSession, *, years: Iterable[int], known_at: datetime | None) -> Released:
    """The newest release of each of ``years`` made (known) by ``known_at`` (now when ``None``)."""
    wanted = sorted(set(years))
    newest = (
        select(StatisticsRelease.period, func.max(StatisticsRelease.revision).label("revision"))
        .where(StatisticsRelease.period.in_(wanted))
        .group_by(StatisticsRelease.period)
    )
    if known_at is not None:
        newest = newest.where(StatisticsRelease.known_at <= known_at)
    latest = newest.subquery()
    found = await session.execute(
        select(StatisticsRelease.id, StatisticsRelease.period, StatisticsRelease.sha256).join(
            latest,
            (StatisticsRelease.period == latest.c.period) & (StatisticsRelease.revision == latest.c.revision),
        )
    )
    ids: dict[int, int] = {}
    observations: dict[ObservationKey, Observation] = {}
    for release_id, period, sha256 in found.all():
        ids[period] = release_id
        observations.update(await _indexed(session, release_id, sha256))
    return Released(ids, observations)


_INDEXED: dict[int, tuple[str, dict[ObservationKey, Observation]]] = {}
"""Releases' observations by key, decoded once per process: a stored release never changes (a trigger refuses it),
and its SHA-256 is checked against the cached one all the same."""
_MOST_INDEXED = 64


async def _indexed(session: AsyncSession, release_id: int, sha256: str) -> dict[ObservationKey, Observation]:
    cached = _INDEXED.get(release_id)
    if cached is not None and cached[0] == sha256:
        return cached[1]
    content = await session.scalar(select(StatisticsRelease.content).where(StatisticsRelease.id == release_id))
    assert content is not None
    index = {o.key: o for o in msgspec.json.decode(content, type=ReleaseContent).observations}
    if len(_INDEXED) >= _MOST_INDEXED:
        _INDEXED.pop(next(iter(_INDEXED)))
    _INDEXED[release_id] = (sha256, index)
    return index


def not_released(what: str, missing: list[int] | None = None) -> InvalidInput:
    """The error for a confidential figure asked where no release holds it."""
    years = ", ".join(str(year) for year in missing or [])
    suffix = Text(
        kk=f" {years} қаржы жылының шығарылымы әлі жоқ." if years else "",
        ru=f" Выпуска за {years} финансовый год ещё нет." if years else "",
        en=f" Fiscal year {years} has no release yet." if years else "",
    )
    message = Text(
        kk="Құпия көрсеткіштер (өтінімдер, декларация сандары) тек ресми шығарылымдардан беріледі: толық қаржы "
        "жылдары мен тоқсандары, ел немесе шығарылымдағы бөліністер бойынша." + suffix.kk,
        ru="Конфиденциальные показатели (заявки, цифры деклараций) выдаются только из официальных выпусков: за "
        "целые финансовые годы и кварталы, по стране или по разбивкам выпуска." + suffix.ru,
        en="Confidential figures (applications, declared figures) are served only from official releases: whole "
        "fiscal years and quarters, for the country or the breakdowns a release has." + suffix.en,
    )
    return InvalidInput(
        "statistics.release_only", message, errors=[FieldError(what, "statistics.release_only", message)]
    )
