"""The confidential tables of a release, built company by company and protected as one linked set.

Confidential figures (see the data dictionary's ``source_class``) are published only here, for the release's own
fiscal year: applications submitted and rejected per year and quarter by region, OKED section and legal form; the
licensing funnel; growth and high-growth enterprises; the cohorts' active and AI-native companies in the year; AI
FTE at the year's end by region and AI class. All of their cells go into one linked set with every identity between
them, and :func:`~registry.statistics.linked_protection.protect_linked` chooses what to withhold. A revision also
withholds the cells whose change since the release before comes from too few companies
(:func:`~registry.statistics.contributions.revision_reasons`).

Rates and shares are withheld when a figure they are built from is; medians and percentiles need
``min_quantile_contributors`` companies, and are withheld when another median of the release (or of the release
before) is built from nearly the same companies (fewer than k apart), which would single out the difference.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from licensing.metrics import FunnelRow, funnel_rows
from registry.statistics.cohorts import CohortRow, cohort_rows
from registry.statistics.contributions import Contributions, revision_reasons
from registry.statistics.dictionary import METRICS
from registry.statistics.disclosure import DisclosureSettings, ProtectedCell, SuppressionReason, quantile
from registry.statistics.growth import GROUPS, GrowthRow, growth_rows
from registry.statistics.history_flows import FlowRow
from registry.statistics.known_flows import known_flow_rows
from registry.statistics.known_stocks import CompanyState, known_states
from registry.statistics.linked_protection import CellKey, LinkedSet, protect_linked
from registry.statistics.observations import NOT_APPLICABLE, TOTAL, Observation, observation
from registry.statistics.rates import percentile_cont, rate
from registry.statistics.stocks import AI_CLASSES

__all__ = [
    "CONFIDENTIAL_FLOWS",
    "ConfidentialRows",
    "ProtectedRelease",
    "cell_key",
    "confidential_rows",
    "linked_set_of",
    "protect_confidential",
]

CONFIDENTIAL_FLOWS = ("applications_submitted", "decisions_rejected")
"""The flows of the release's flow tables that are confidential (the others are public)."""
_FLOW_DIMENSIONS = {"REGION": "ref_area", "ACTIVITY": "activity", "LEGAL_FORM": "legal_form"}
_QUARTERS = (1, 2, 3, 4)
_DIMENSIONS = ("ref_area", "ai_class", "activity", "legal_form", "licence_type", "years_after")


@functools.cache
def key(measure: str, period: str, **dims: str) -> CellKey:
    """A cell's identity across tables: ``(measure, period, *dimensions)``, ``_T`` where not broken down.

    Cached: a release asks for the same few thousand keys once per contribution.
    """
    return (measure, period, *(dims.get(name, TOTAL) for name in _DIMENSIONS))


@dataclass(frozen=True, slots=True)
class ConfidentialRows:
    """Everything the confidential tables of fiscal year ``year`` are built from, as known at one moment."""

    year: int
    flows: Sequence[FlowRow]
    funnel: Sequence[FunnelRow]
    growth: Sequence[GrowthRow]
    cohorts: Sequence[CohortRow]
    states: Sequence[CompanyState]


async def confidential_rows(session: AsyncSession, *, year: int, known_at: datetime) -> ConfidentialRows:
    """The rows of fiscal year ``year``'s confidential tables, as known at ``known_at``."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    return ConfidentialRows(
        year=year,
        flows=await known_flow_rows(session, metrics=CONFIDENTIAL_FLOWS, start=start, end=end, known_at=known_at),
        funnel=await funnel_rows(session, start=start, end=end, known_at=known_at),
        growth=await growth_rows(session, year=year, known_at=known_at),
        cohorts=await cohort_rows(session, year=year, known_at=known_at),
        states=await known_states(session, day=end, known_at=known_at),
    )


@dataclass(slots=True)
class _Medians:
    """The release's medians and percentiles: value and the companies each is computed from."""

    figures: dict[CellKey, tuple[Decimal | None, frozenset[str]]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ProtectedRelease:
    """The confidential observations of a release and, for staff, why each withheld cell is withheld."""

    observations: list[Observation]
    reasons: dict[CellKey, SuppressionReason]


def protect_confidential(
    rows: ConfidentialRows,
    settings: DisclosureSettings,
    *,
    published_before: Sequence[ConfidentialRows] = (),
    already_published: Mapping[CellKey, Decimal] | None = None,
) -> ProtectedRelease:
    """Build, protect and publish the confidential tables.

    ``published_before``: the rows of the releases already published that a reader could difference this one
    against — earlier revisions of the year, and the releases of the years next to it (a stock such as AI FTE at two
    year-ends, or a cohort one year on, differs only by the companies that changed). Each of their cells is
    compared with the same cell of this year (:func:`_shifted`); a change from too few companies is withheld.
    ``already_published``: the cells earlier revisions of the year published, with their value; a cell still of that
    value is known to every reader, so it is neither withheld nor used to protect another (a revision cannot
    take back what was published).
    """
    contributions, medians = _build(rows)
    sensitive: dict[CellKey, SuppressionReason] = {}
    earlier_medians: list[_Medians] = []
    for earlier_rows in published_before:
        earlier, earlier_median = _build(earlier_rows)
        shift = rows.year - earlier_rows.year
        for key, reason in revision_reasons(_shifted(earlier, shift), contributions, settings).items():
            sensitive.setdefault(key, reason)
        earlier_medians.append(_Medians({_shift_key(k, shift): figure for k, figure in earlier_median.figures.items()}))
    for k, value in (already_published or {}).items():
        if k in contributions.cells and k not in contributions.latent and contributions.value(k) == value:
            contributions.public.add(k)
    reasons = protect_linked(contributions.linked_set(settings), settings, sensitive=sensitive)
    median_cells = _protected_medians(medians, earlier_medians, settings)
    published = _Published(contributions, reasons)
    observations = [
        *_flow_observations(rows, published),
        *_funnel_observations(rows.year, published, median_cells),
        *_growth_observations(rows.year, published, median_cells),
        *_cohort_observations(rows.year, published),
        *_ai_fte_observations(rows, published),
    ]
    median_reasons = {k: c.reason for k, c in median_cells.items() if c.suppressed and c.reason is not None}
    return ProtectedRelease(observations, {**reasons, **median_reasons})


def cell_key(observation: Observation) -> CellKey:
    """The linked set's key of a published observation (``_Z``, not broken down, counts as the total)."""
    o = observation
    dims = (o.ref_area, o.ai_class, o.activity, o.legal_form, o.licence_type, o.years_after)
    return (o.measure, o.time_period, *(TOTAL if d == NOT_APPLICABLE else d for d in dims))


def _shift_key(key: CellKey, shift: int) -> CellKey:
    """The cell ``shift`` years on: the same measure and breakdown in the later year (a cohort: one more year on)."""
    measure, period, *dims = key
    if measure.startswith("cohort_"):
        years_after = dims[-1]
        return (measure, period, *dims[:-1], years_after if years_after == TOTAL else str(int(years_after) + shift))
    return (measure, f"{int(period[:4]) + shift}{period[4:]}", *dims)


def _shifted(contributions: Contributions, shift: int) -> Contributions:
    """A release's cells as the cells ``shift`` years later that a reader would compare them with."""
    return Contributions(
        cells={_shift_key(k, shift): v for k, v in contributions.cells.items()},
        magnitude={_shift_key(k, shift) for k in contributions.magnitude},
        latent={_shift_key(k, shift) for k in contributions.latent},
        public={_shift_key(k, shift) for k in contributions.public},
    )


def linked_set_of(rows: ConfidentialRows, settings: DisclosureSettings) -> LinkedSet:
    """The linked set a release of these rows protects (without what earlier releases add), for audits."""
    return _build(rows)[0].linked_set(settings)


def _build(rows: ConfidentialRows) -> tuple[Contributions, _Medians]:
    contributions, medians = Contributions(), _Medians()
    _flows(contributions, rows)
    _funnel(contributions, medians, rows.year, rows.funnel)
    _growth(contributions, medians, rows.year, rows.growth)
    _cohorts(contributions, rows.year, rows.cohorts)
    _ai_fte(contributions, rows.year, rows.states)
    return contributions, medians


def _quarter(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _flow_groups(rows: ConfidentialRows, metric: str, dimension: str) -> list[str]:
    attribute = {"ref_area": "region", "activity": "section", "legal_form": "legal_form"}[dimension]
    return sorted({getattr(row, attribute) for row in rows.flows if row.metric == metric})


def _flows(contributions: Contributions, rows: ConfidentialRows) -> None:
    """Each confidential flow per year and quarter, by region, OKED section and legal form, with their totals.

    The three breakdowns share their national totals; quarters add up to the year, in every group and in total.
    """
    year = str(rows.year)
    periods = (year, *(f"{rows.year}-Q{q}" for q in _QUARTERS))
    for metric in CONFIDENTIAL_FLOWS:
        for dimension in (None, *_FLOW_DIMENSIONS.values()):
            groups = [None] if dimension is None else _flow_groups(rows, metric, dimension)
            for group, period in itertools.product(groups, periods):
                contributions.cell(_flow_key(metric, period, dimension, group))
    for row in rows.flows:
        contributions.add_all(_flow_row_keys(row.metric, year, _quarter(row.day), row), row.company_id)
    for metric in CONFIDENTIAL_FLOWS:
        _flow_identities(contributions, rows, metric, periods)


@functools.cache
def _flow_keys(metric: str, year: str, quarter: str, region: str, section: str, legal_form: str) -> tuple[CellKey, ...]:
    """The cells a flow row counts in: its year and quarter, each in total and in its region, section and form."""
    return tuple(
        key(metric, period, **dims)
        for period in (year, quarter)
        for dims in ({}, {"ref_area": region}, {"activity": section}, {"legal_form": legal_form})
    )


def _flow_row_keys(metric: str, year: str, quarter: str, row: FlowRow) -> tuple[CellKey, ...]:
    return _flow_keys(metric, year, quarter, row.region, row.section, row.legal_form)


def _flow_key(metric: str, period: str, dimension: str | None, group: str | None) -> CellKey:
    return key(metric, period) if dimension is None or group is None else key(metric, period, **{dimension: group})


def _flow_identities(
    contributions: Contributions, rows: ConfidentialRows, metric: str, periods: tuple[str, ...]
) -> None:
    year, quarters = periods[0], periods[1:]
    for dimension in (None, *_FLOW_DIMENSIONS.values()):
        groups = [None] if dimension is None else _flow_groups(rows, metric, dimension)
        for group in groups:  # the quarters make the year
            contributions.identity(
                [_flow_key(metric, q, dimension, group) for q in quarters], _flow_key(metric, year, dimension, group)
            )
        if dimension is not None:  # the groups make the total
            for period in periods:
                contributions.identity([_flow_key(metric, period, dimension, g) for g in groups], key(metric, period))


def _funnel(contributions: Contributions, medians: _Medians, year: int, rows: Sequence[FunnelRow]) -> None:
    """Submitted = decided + undecided, decided = approved + rejected; decided in time + late = decided."""
    period = str(year)
    names = ("applications_submitted", "applications_decided", "applications_approved", "applications_rejected")
    for name in (*names, "applications_undecided", "decisions_in_service_level"):
        contributions.cell(key(name, period))
    contributions.cell(key("decisions_late", period), latent=True)
    for row in rows:  # submitted: the flow's national total of the year (the same applications, counted there)
        if row.outcome == "undecided":
            contributions.add(key("applications_undecided", period), row.company_id)
            continue
        contributions.add(key("applications_decided", period), row.company_id)
        contributions.add(key(f"applications_{row.outcome}", period), row.company_id)
        timely = "decisions_in_service_level" if row.within_service_level else "decisions_late"
        contributions.add(key(timely, period), row.company_id)
    contributions.identity(
        [key("applications_decided", period), key("applications_undecided", period)],
        key("applications_submitted", period),
    )
    contributions.identity(
        [key("applications_approved", period), key("applications_rejected", period)],
        key("applications_decided", period),
    )
    contributions.identity(
        [key("decisions_in_service_level", period), key("decisions_late", period)],
        key("applications_decided", period),
    )
    decided = [row for row in rows if row.outcome != "undecided"]
    companies = frozenset(row.company_id for row in decided)
    days = sorted(row.days_to_decision for row in decided if row.days_to_decision is not None)
    medians.figures[key("days_to_decision_median", period)] = (percentile_cont(days, Decimal("0.5")), companies)
    medians.figures[key("days_to_decision_p90", period)] = (percentile_cont(days, Decimal("0.9")), companies)


def _growth(contributions: Contributions, medians: _Medians, year: int, rows: Sequence[GrowthRow]) -> None:
    """High-growth and not high-growth make the eligible companies, per group; the groups make the total."""
    period = str(year)
    groups: tuple[str | None, ...] = (None, *GROUPS)
    measures = ("high_growth_eligible", "high_growth_enterprises", "high_growth_not")
    for group in groups:
        dims = {} if group is None else {"ai_class": group}
        for measure in measures:
            contributions.cell(key(measure, period, **dims), latent=measure == "high_growth_not")
    for row in rows:
        if row.eligible:
            contributions.add_all(_growth_keys(period, row.group, row.high_growth), row.company_id)
    for group in groups:
        dims = {} if group is None else {"ai_class": group}
        contributions.identity(
            [key("high_growth_enterprises", period, **dims), key("high_growth_not", period, **dims)],
            key("high_growth_eligible", period, **dims),
        )
    for measure in measures:
        contributions.identity([key(measure, period, ai_class=g) for g in GROUPS], key(measure, period))
    for group in groups:
        dims = {} if group is None else {"ai_class": group}
        members = [row for row in rows if group is None or row.group == group]
        for measure, attribute in (
            ("headcount_growth_median", "headcount_growth"),
            ("revenue_growth_median", "revenue_growth"),
        ):
            values = [
                (getattr(row, attribute), row.company_id) for row in members if getattr(row, attribute) is not None
            ]
            figure = percentile_cont(sorted(value for value, _ in values), Decimal("0.5"))
            medians.figures[key(measure, period, **dims)] = (figure, frozenset(company for _, company in values))


@functools.cache
def _growth_keys(period: str, group: str, high_growth: bool) -> tuple[CellKey, ...]:
    """The cells an eligible company counts in: eligible, and high-growth or not, in total and in its group."""
    fast = "high_growth_enterprises" if high_growth else "high_growth_not"
    return tuple(
        key(measure, period, **dims) for dims in ({}, {"ai_class": group}) for measure in ("high_growth_eligible", fast)
    )


def _cohorts(contributions: Contributions, year: int, rows: Sequence[CohortRow]) -> None:
    """In each cohort followed in the year: active + not active = its (public) size; AI-native + not likewise."""
    cohorts = sorted({row.cohort for row in rows})
    for cohort in cohorts:
        dims = {"years_after": str(year - cohort)}
        contributions.cell(key("cohort_companies", str(cohort)), public=True)
        for measure in ("cohort_active", "cohort_ai_native"):
            contributions.cell(key(measure, str(cohort), **dims))
            contributions.cell(key(f"{measure}_not", str(cohort), **dims), latent=True)
    for row in rows:
        contributions.add_all(_cohort_keys(row.cohort, row.years_after, row.active, row.ai_native), row.company_id)
    for cohort in cohorts:
        dims = {"years_after": str(year - cohort)}
        for measure in ("cohort_active", "cohort_ai_native"):
            contributions.identity(
                [key(measure, str(cohort), **dims), key(f"{measure}_not", str(cohort), **dims)],
                key("cohort_companies", str(cohort)),
            )


@functools.cache
def _cohort_keys(cohort: int, years_after: int, active: bool, ai_native: bool) -> tuple[CellKey, ...]:
    """The cells a company of a cohort counts in: the cohort, active or not and AI-native or not that year."""
    dims = {"years_after": str(years_after)}
    return (
        key("cohort_companies", str(cohort)),
        *(
            key(measure if counted else f"{measure}_not", str(cohort), **dims)
            for measure, counted in (("cohort_active", active), ("cohort_ai_native", ai_native))
        ),
    )


def _ai_fte(contributions: Contributions, year: int, states: Sequence[CompanyState]) -> None:
    """AI FTE at the year's end, region x AI class with every margin."""
    period = str(year)
    declared = [state for state in states if state.ai_class in AI_CLASSES]
    regions = sorted({state.region for state in declared})
    contributions.cell(key("ai_fte", period), magnitude=True)
    for ai_class in AI_CLASSES:
        contributions.cell(key("ai_fte", period, ai_class=ai_class), magnitude=True)
    for region in regions:
        contributions.cell(key("ai_fte", period, ref_area=region), magnitude=True)
        for ai_class in AI_CLASSES:
            contributions.cell(key("ai_fte", period, ref_area=region, ai_class=ai_class), magnitude=True)
    for state in declared:
        keys = _ai_fte_keys(period, state.region, state.ai_class)
        contributions.add_all(keys, state.company_id, state.fte_ai, magnitude=True)
    for region in regions:
        contributions.identity(
            [key("ai_fte", period, ref_area=region, ai_class=c) for c in AI_CLASSES],
            key("ai_fte", period, ref_area=region),
        )
    for ai_class in AI_CLASSES:
        contributions.identity(
            [key("ai_fte", period, ref_area=r, ai_class=ai_class) for r in regions],
            key("ai_fte", period, ai_class=ai_class),
        )
    contributions.identity([key("ai_fte", period, ref_area=r) for r in regions], key("ai_fte", period))
    contributions.identity([key("ai_fte", period, ai_class=c) for c in AI_CLASSES], key("ai_fte", period))


@functools.cache
def _ai_fte_keys(period: str, region: str, ai_class: str) -> tuple[CellKey, ...]:
    """The cells a company's AI FTE counts in: the total, its class, its region, its region and class."""
    return tuple(
        key("ai_fte", period, **dims)
        for dims in ({}, {"ai_class": ai_class}, {"ref_area": region}, {"ref_area": region, "ai_class": ai_class})
    )


def _protected_medians(
    medians: _Medians, earlier: Sequence[_Medians], settings: DisclosureSettings
) -> dict[CellKey, ProtectedCell]:
    """Each median through the quantile rule, then the rule against differencing medians.

    A median is withheld when another one of the same measure (of this release, or of a release published before)
    is computed from companies fewer than k apart from its own; of two in this release, the one of fewer companies
    yields.
    """
    cells = {
        k: quantile(value, companies=len(companies), settings=settings)
        for k, (value, companies) in medians.figures.items()
    }
    others: list[tuple[CellKey, frozenset[str], bool]] = [
        (k, companies, True) for k, (_, companies) in medians.figures.items()
    ]
    for before in earlier:
        others += [(k, companies, False) for k, (_, companies) in before.figures.items()]
    for k, (_, companies) in sorted(medians.figures.items()):
        if cells[k].suppressed or not companies:
            continue
        for other, other_companies, current in others:
            if other == k and current:
                continue
            if other[0] != k[0] or (current and cells[other].suppressed):
                continue
            apart = len(companies ^ other_companies)
            if 0 < apart < settings.min_contributors and (not current or len(companies) <= len(other_companies)):
                cells[k] = ProtectedCell(None, True, "secondary")
                break
    return cells


class _Published:
    """The linked set after protection: a cell as published."""

    def __init__(self, contributions: Contributions, reasons: Mapping[CellKey, SuppressionReason]) -> None:
        self.contributions, self.reasons = contributions, reasons

    def cell(self, k: CellKey) -> ProtectedCell:
        if (reason := self.reasons.get(k)) is not None:
            return ProtectedCell(None, True, reason)
        value = self.contributions.value(k)
        return ProtectedCell(value if k in self.contributions.magnitude else int(value), False)

    def share(self, numerator: CellKey, denominator: CellKey) -> ProtectedCell:
        """``numerator / denominator``, withheld when either is."""
        for part in (numerator, denominator):
            if part in self.reasons:
                return ProtectedCell(None, True, "secondary")
        base = int(self.contributions.value(denominator))
        return ProtectedCell(None if base == 0 else rate(int(self.contributions.value(numerator)), base), False)


def _unit(measure: str) -> str:
    return METRICS[measure].unit


def _flow_observations(rows: ConfidentialRows, published: _Published) -> Iterable[Observation]:
    for interval, periods in (("YEAR", [str(rows.year)]), ("QUARTER", [f"{rows.year}-Q{q}" for q in _QUARTERS])):
        for name, dimension in _FLOW_DIMENSIONS.items():
            dataflow = f"DF_FLOWS_{interval}_{name}"
            for metric in CONFIDENTIAL_FLOWS:
                groups: list[str | None] = [None, *_flow_groups(rows, metric, dimension)]
                for period in periods:
                    for group in groups:
                        dims = {} if group is None else {dimension: group}
                        yield observation(
                            published.cell(key(metric, period, **dims)),
                            dataflow=dataflow,
                            measure=metric,
                            time_period=period,
                            unit=_unit(metric),
                            **{dimension: group},
                        )


def _funnel_observations(
    year: int, published: _Published, medians: Mapping[CellKey, ProtectedCell]
) -> Iterable[Observation]:
    period = str(year)
    cells = {
        name: published.cell(key(name, period))
        for name in (
            "applications_submitted",
            "applications_decided",
            "applications_approved",
            "applications_rejected",
            "applications_undecided",
        )
    }
    cells["approval_rate"] = published.share(key("applications_approved", period), key("applications_decided", period))
    cells["days_to_decision_median"] = medians[key("days_to_decision_median", period)]
    cells["days_to_decision_p90"] = medians[key("days_to_decision_p90", period)]
    cells["decided_within_service_level"] = published.share(
        key("decisions_in_service_level", period), key("applications_decided", period)
    )
    for name, cell in cells.items():
        yield observation(
            cell,
            dataflow="DF_LICENSING",
            measure=name,
            time_period=period,
            unit=_unit(name),
            ref_area=None,
            licence_type=None,
        )


def _growth_observations(
    year: int, published: _Published, medians: Mapping[CellKey, ProtectedCell]
) -> Iterable[Observation]:
    period = str(year)
    for group in (None, *GROUPS):
        dims = {} if group is None else {"ai_class": group}
        cells = {
            "headcount_growth_median": medians[key("headcount_growth_median", period, **dims)],
            "revenue_growth_median": medians[key("revenue_growth_median", period, **dims)],
            "high_growth_eligible": published.cell(key("high_growth_eligible", period, **dims)),
            "high_growth_enterprises": published.cell(key("high_growth_enterprises", period, **dims)),
            "high_growth_share": published.share(
                key("high_growth_enterprises", period, **dims), key("high_growth_eligible", period, **dims)
            ),
        }
        for name, cell in cells.items():
            yield observation(
                cell,
                dataflow="DF_GROWTH",
                measure=name,
                time_period=period,
                unit=_unit(name),
                ref_area=None,
                ai_class=group,
            )


def _cohort_observations(year: int, published: _Published) -> Iterable[Observation]:
    for k in sorted(published.contributions.cells):
        measure, cohort = k[0], k[1]
        if measure not in ("cohort_active", "cohort_ai_native"):
            continue
        years_after = str(year - int(cohort))
        size = key("cohort_companies", cohort)
        for name, cell in (
            (measure, published.cell(k)),
            (measure.replace("cohort_", "cohort_share_"), published.share(k, size)),
        ):
            yield observation(
                cell,
                dataflow="DF_COHORTS",
                measure=name,
                time_period=cohort,
                unit=_unit(name),
                ref_area=None,
                years_after=years_after,
            )


def _ai_fte_observations(rows: ConfidentialRows, published: _Published) -> Iterable[Observation]:
    period = str(rows.year)
    regions = sorted({state.region for state in rows.states if state.ai_class in AI_CLASSES})
    for region in (None, *regions):
        for ai_class in (None, *AI_CLASSES):
            dims = {name: v for name, v in (("ref_area", region), ("ai_class", ai_class)) if v is not None}
            yield observation(
                published.cell(key("ai_fte", period, **dims)),
                dataflow="DF_AI_FTE_REGION",
                measure="ai_fte",
                time_period=period,
                unit=_unit("ai_fte"),
                ref_area=region,
                ai_class=ai_class,
            )
