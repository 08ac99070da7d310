"""Flows per period (month, quarter, year) as one SQL aggregate each, optionally broken down.

Each period is a row; with a breakdown its groups follow it. These are the public flows, published exactly; the
confidential ones are served from releases only (:mod:`licensing.released`).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Literal, TypeAlias

from sqlalchemy import Date, FromClause, SQLColumnExpression, and_, cast, distinct, func, literal, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from registry.companies.models import Company, CompanyActivity
from registry.declarations.models import PivotEventRecord
from registry.errors import FieldError, InvalidInput
from registry.i18n import Text
from registry.reference.models import Activity
from registry.statistics.dictionary import REGISTRY_SERIES, SeriesMetric
from registry.statistics.flows import flow_counts
from registry.statistics.known_flows import known_flow_counts
from registry.statistics.periods import Interval, period_starts
from registry.statistics.schemas import SeriesPoint

__all__ = [
    "MAX_PERIODS",
    "MAX_YEARS",
    "GroupBy",
    "Interval",
    "SeriesSource",
    "check_day",
    "check_known_at",
    "check_range",
    "check_years",
    "company_groups",
    "count_series",
    "group_not_available",
    "interval_not_available",
    "period_label",
    "period_starts",
    "registry_series_source",
]

GroupBy: TypeAlias = Literal["region", "legal_form", "licence_type", "activity", "activity_division"]
"""``activity`` is the OKED section (A-U) of a company's primary activity, ``activity_division`` its division."""
MAX_PERIODS = 600
"""The longest time series served (50 years by month)."""
MAX_YEARS = 50
"""The most fiscal or cohort years a table covers."""

_PIVOT_KINDS = {"born_ai_native": "born_ai_native", "pivots_to_ai": "pivot_to_ai", "pivots_away": "pivot_away"}


_COMPANY_DIMENSIONS = ("region", "legal_form", "activity", "activity_division")
_NO_ACTIVITY = "none"
"""The group of companies without a primary activity."""


def company_groups() -> dict[str, SQLColumnExpression[str]]:
    """The dimensions of a company every flow can be broken down by.

    The activity dimensions read the primary activity, which :func:`count_series` joins in when they are asked for.
    """
    return {
        "region": Company.region_kato,
        "legal_form": Company.legal_form,
        "activity": func.coalesce(Activity.section, literal(_NO_ACTIVITY)),
        "activity_division": func.coalesce(func.split_part(CompanyActivity.oked_code, ".", 1), literal(_NO_ACTIVITY)),
    }


def _with_primary_activity(from_clause: FromClause) -> FromClause:
    """``from_clause`` (which holds ``companies``) with each company's primary activity, if it has one."""
    primary = and_(CompanyActivity.company_id == Company.id, CompanyActivity.is_primary)
    return from_clause.outerjoin(CompanyActivity.__table__, primary).outerjoin(
        Activity.__table__, Activity.code == CompanyActivity.oked_code
    )


@dataclass(frozen=True, slots=True)
class SeriesSource:
    """Where a flow is counted from: the rows, the day each one happened and the company it belongs to."""

    from_clause: FromClause
    """The rows; ``companies`` is joined on ``company_id`` only when the region filter or a company dimension needs
    it (unless the rows are the companies themselves)."""
    event_date: SQLColumnExpression[date]
    """The day a row is counted on."""
    company_id: SQLColumnExpression[uuid.UUID]
    """The company a row belongs to (the contributor)."""
    where: tuple[SQLColumnExpression[bool], ...] = ()
    """Which rows count."""
    groups: Mapping[str, SQLColumnExpression[str]] = field(default_factory=company_groups)
    """The dimensions this flow can be broken down by."""
    rollup: str | None = None
    """The flow's name in the flow rollups (:mod:`registry.statistics.flows`), which answer it without scanning the
    rows; ``None`` to count the rows themselves."""


def registry_series_source(metric: SeriesMetric) -> SeriesSource:
    """The source of a flow held in the registry's own tables (see ``REGISTRY_SERIES``).

    Raises:
        ValueError: The metric comes from another package's tables.
    """
    if metric not in REGISTRY_SERIES:
        raise ValueError(f"{metric} is not a registry flow")
    if metric == "companies_registered":
        return SeriesSource(Company.__table__, Company.registration_date, Company.id, rollup=metric)
    return SeriesSource(
        PivotEventRecord.__table__,
        PivotEventRecord.to_period_end,
        PivotEventRecord.company_id,
        (
            PivotEventRecord.series == "live",
            PivotEventRecord.kind == _PIVOT_KINDS[metric],
            PivotEventRecord.retracted_at.is_(None),
        ),
        rollup=metric,
    )


def period_label(interval: Interval, start: date) -> str:
    """``2024-03`` for a month, ``2024-Q1`` for a quarter, ``2024`` for a year."""
    if interval == "month":
        return f"{start.year}-{start.month:02d}"
    if interval == "quarter":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return str(start.year)


def _invalid(field_name: str, code: str, message: Text) -> InvalidInput:
    return InvalidInput(code, message, errors=[FieldError(field_name, code, message)])


FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2199, 12, 31)
"""The days the statistics can be asked about."""


def check_day(day: date, field_name: str) -> None:
    """Refuse a day outside :data:`FIRST_DAY`..:data:`LAST_DAY`.

    Raises:
        InvalidInput: The day is out of range.
    """
    if not FIRST_DAY <= day <= LAST_DAY:
        raise _invalid(
            field_name,
            "metrics.day_out_of_range",
            Text(
                kk=f"Күн {FIRST_DAY.year}–{LAST_DAY.year} жылдар аралығында болуы керек.",
                ru=f"Дата должна быть в пределах {FIRST_DAY.year}–{LAST_DAY.year} годов.",
                en=f"The day must be within the years {FIRST_DAY.year}-{LAST_DAY.year}.",
            ),
        )


def check_known_at(known_at: datetime | None, now: datetime) -> datetime | None:
    """``known_at`` (UTC when it names no offset), refused after ``now``: what is not recorded yet is not known.

    Raises:
        InvalidInput: ``known_at`` is in the future.
    """
    if known_at is None:
        return None
    if known_at.tzinfo is None:
        known_at = known_at.replace(tzinfo=UTC)
    if known_at > now:
        raise _invalid(
            "known_at",
            "metrics.known_at_in_future",
            Text(
                kk="known_at параметрі болашақ сәтті көрсетпеуі керек: әлі жазылмаған нәрсе белгісіз.",
                ru="Параметр known_at не может указывать на будущее: то, что ещё не записано, неизвестно.",
                en="known_at cannot be in the future: what has not been recorded yet is not known.",
            ),
        )
    return known_at


def check_range(interval: Interval, start: date, end: date) -> list[date]:
    """The periods of ``start..end``.

    Raises:
        InvalidInput: A day is out of range, or the range is reversed or has more than ``MAX_PERIODS`` periods.
    """
    check_day(start, "from")
    check_day(end, "to")
    if end < start:
        raise _invalid(
            "to",
            "metrics.range_reversed",
            Text(
                kk="Кезеңнің соңы басынан бұрын болмауы керек.",
                ru="Конец периода не может быть раньше начала.",
                en="'to' must not be before 'from'.",
            ),
        )
    periods = period_starts(interval, start, end)
    if len(periods) > MAX_PERIODS:
        raise _invalid(
            "from",
            "metrics.range_too_long",
            Text(
                kk="Қатар {n} кезеңнен аспауы керек.",
                ru="Ряд не может содержать больше {n} {n:периода|периодов|периодов}.",
                en="A series can have at most {n} {n:period|periods}.",
            ).format(n=MAX_PERIODS),
        )
    return periods


def check_years(first: int, last: int) -> None:
    """Refuse a reversed range of years, or one longer than :data:`MAX_YEARS`.

    Raises:
        InvalidInput: The range is reversed or too long.
    """
    if last < first:
        raise _invalid(
            "last",
            "metrics.range_reversed",
            Text(
                kk="Соңғы жыл бірінші жылдан бұрын болмауы керек.",
                ru="Последний год не может быть раньше первого.",
                en="'last' must not be before 'first'.",
            ),
        )
    if last - first >= MAX_YEARS:
        raise _invalid(
            "first",
            "metrics.range_too_long",
            Text(
                kk="Кезең {n} жылдан аспауы керек.",
                ru="Период не может быть длиннее {n} {n:года|лет|лет}.",
                en="At most {n} {n:year|years} can be asked for.",
            ).format(n=MAX_YEARS),
        )


async def count_series(
    session: AsyncSession,
    *,
    source: SeriesSource,
    interval: Interval,
    start: date,
    end: date,
    group_by: GroupBy | None,
    region: str | None,
    known_at: datetime | None = None,
) -> list[SeriesPoint]:
    """Count a flow per period (and group) in one aggregate query, exactly.

    Args:
        session: The database session.
        source: What to count.
        interval: The period length.
        start: The first day counted.
        end: The last day counted.
        group_by: The dimension to break the counts down by, or ``None``.
        region: A KATO region to limit the counts to, or ``None``.
        known_at: Count the rows as the registry knew them at this moment (from the source rows and the register's
            history) rather than now (from the rollups).

    Returns:
        One point per period (group ``None``) and, with a breakdown, one per period and group after it.

    Raises:
        InvalidInput: The range is reversed or too long, or the flow cannot be broken down by ``group_by``.
    """
    periods = check_range(interval, start, end)
    rows = await _count_rows(session, source, interval, start, end, group_by, region, known_at)
    totals = {row.period: int(row.value) for row in rows if group_by is None or row.is_total}
    groups = sorted({row.grp for row in rows if group_by is not None and not row.is_total})
    cells = {(row.period, row.grp): int(row.value) for row in rows if group_by is not None and not row.is_total}
    points: list[SeriesPoint] = []
    for p in periods:
        label = period_label(interval, p)
        points.append(SeriesPoint(label, p, None, totals.get(p, 0), False))
        points.extend(SeriesPoint(label, p, g, cells.get((p, g), 0), False) for g in groups)
    return points


async def _count_rows(
    session: AsyncSession,
    source: SeriesSource,
    interval: Interval,
    start: date,
    end: date,
    group_by: GroupBy | None,
    region: str | None,
    known_at: datetime | None,
) -> Sequence[Any]:
    """Rows of (period, value, contributors) and, with a group, (group, is_total) by grouping sets."""
    if known_at is not None:
        if group_by is not None:
            _group_column(source, group_by)
        assert source.rollup is not None, "every flow is in the flow rollups"
        return await known_flow_counts(
            session,
            metric=source.rollup,
            interval=interval,
            start=start,
            end=end,
            group_by=group_by,
            region=region,
            known_at=known_at,
        )
    if source.rollup is not None:
        if group_by is not None:
            _group_column(source, group_by)
        return await flow_counts(
            session, metric=source.rollup, interval=interval, start=start, end=end, group_by=group_by, region=region
        )
    period = cast(func.date_trunc(interval, source.event_date), Date).label("period")
    measures = (func.count().label("value"), func.count(distinct(source.company_id)).label("contributors"))
    conditions = [*source.where, source.event_date.between(start, end)]
    if region is not None:
        conditions.append(Company.region_kato == region)
    if group_by is None:
        statement = select(period, *measures).group_by(period)
    else:
        group = _group_column(source, group_by)
        statement = select(period, *measures, group.label("grp"), func.grouping(group).label("is_total")).group_by(
            func.grouping_sets(tuple_(period, group), tuple_(period))
        )
    from_clause = source.from_clause
    if region is not None or group_by in _COMPANY_DIMENSIONS:
        from_clause = from_clause.join(Company.__table__, Company.id == source.company_id)
    if group_by in ("activity", "activity_division"):
        from_clause = _with_primary_activity(from_clause)
    return (await session.execute(statement.select_from(from_clause).where(and_(*conditions)))).all()


def _group_column(source: SeriesSource, group_by: GroupBy) -> SQLColumnExpression[str]:
    group = source.groups.get(group_by)
    if group is None:
        raise group_not_available(group_by)
    return group


_INTERVAL_WORDS = {
    "month": Text(kk="ай", ru="месяц", en="month"),
    "quarter": Text(kk="тоқсан", ru="квартал", en="quarter"),
    "year": Text(kk="жыл", ru="год", en="year"),
}
"""The period lengths as the messages name them (the query value stays in English)."""
_GROUP_WORDS = {
    "region": Text(kk="өңір", ru="регионам", en="region"),
    "legal_form": Text(kk="ұйымдық-құқықтық нысан", ru="организационно-правовым формам", en="legal_form"),
    "licence_type": Text(kk="лицензия түрі", ru="видам лицензий", en="licence_type"),
    "activity": Text(kk="ЭҚЖЖ секциясы", ru="секциям ОКЭД", en="activity"),
    "activity_division": Text(kk="ЭҚЖЖ бөлімі", ru="разделам ОКЭД", en="activity_division"),
}
"""The breakdowns as the messages name them: Kazakh before «бойынша», Russian in the dative after «по»."""


def interval_not_available(interval: str) -> InvalidInput:
    """The error for a period length a metric is not defined for."""
    return _invalid(
        "interval",
        "metrics.interval_not_available",
        Text(
            kk="Бұл көрсеткіш тек жыл бойынша беріледі ({interval} бойынша анықталмаған): жылдық "
            "декларациялар жылдың соңғы күнімен белгіленеді.",
            ru="Этот показатель публикуется только по годам (по периоду «{interval}» он не определён): годовые "
            "декларации датируются последним днём года.",
            en="This metric is published per year only (it is not defined per '{interval}'): annual declarations "
            "are dated by the last day of their year.",
        ).format(interval=_INTERVAL_WORDS.get(interval, Text(kk=interval, ru=interval, en=interval))),
    )


def group_not_available(group_by: str) -> InvalidInput:
    """The error for a breakdown a metric does not have."""
    return _invalid(
        "group_by",
        "metrics.group_not_available",
        Text(
            kk="Бұл көрсеткішті {group_by} бойынша бөлуге болмайды.",
            ru="Этот показатель нельзя разбить по {group_by}.",
            en="This metric cannot be broken down by '{group_by}'.",
        ).format(group_by=_GROUP_WORDS.get(group_by, Text(kk=group_by, ru=group_by, en=group_by))),
    )
