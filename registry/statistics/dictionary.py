"""The data dictionary: what every published metric means, where it comes from and how it is protected."""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal, TypeAlias

__all__ = [
    "LICENSING_SERIES",
    "METRICS",
    "REGISTRY_SERIES",
    "SERIES_METRICS",
    "DisclosureRule",
    "MetricDefinition",
    "SeriesMetric",
]

SeriesMetric: TypeAlias = Literal[
    "companies_registered",
    "born_ai_native",
    "pivots_to_ai",
    "pivots_away",
    "applications_submitted",
    "decisions_approved",
    "decisions_rejected",
    "licences_issued",
    "licences_suspended",
    "licences_revoked",
    "pivot_rate",
]
"""The flows (and the pivot rate) that ``/metrics/timeseries`` gives per period."""

REGISTRY_SERIES: tuple[SeriesMetric, ...] = ("companies_registered", "born_ai_native", "pivots_to_ai", "pivots_away")
"""Flows computed from the registry's own tables (the others come from the licence track)."""
LICENSING_SERIES: tuple[SeriesMetric, ...] = (
    "applications_submitted",
    "decisions_approved",
    "decisions_rejected",
    "licences_issued",
    "licences_suspended",
    "licences_revoked",
)
"""Flows computed from the licence track's tables."""
SERIES_METRICS: tuple[SeriesMetric, ...] = (*REGISTRY_SERIES, *LICENSING_SERIES, "pivot_rate")

DisclosureRule: TypeAlias = Literal[
    "threshold",
    "threshold_and_dominance",
    "threshold_on_base",
    "threshold_on_parts",
    "threshold_on_median",
    "public",
]

_RULES: dict[DisclosureRule, str] = {
    "threshold": "Threshold rule: a cell built from fewer than k companies (setting, default 3) is suppressed; "
    "secondary suppression keeps it from being derived from the published total.",
    "threshold_and_dominance": "Threshold rule, and the (2, 85 %) dominance rule: suppressed when the two largest "
    "companies make more than the dominance share (setting, default 85 %) of the cell; secondary suppression "
    "keeps it from being derived from the published total.",
    "threshold_on_base": "Suppressed when the applications it is computed from come from fewer than k companies.",
    "threshold_on_parts": "A count with a share or rate built on it: the count follows the threshold rule, and a "
    "cohort or high-growth count is protected together with its complement (base minus count) against the published "
    "base, so neither can be derived; the share or rate is withheld when its count is, or when its base has fewer "
    "than k companies.",
    "threshold_on_median": "A median: suppressed when it is computed from fewer than k companies.",
    "public": "Published exactly: counted only from public facts of the register (each company's public AI class, "
    "status, registration day, region, legal form and activity), which anyone can count from the public register, "
    "so suppressing them would protect nothing.",
}


@dataclass(frozen=True, slots=True)
class MetricDefinition:
    """One entry of the data dictionary."""

    name: str
    """The metric's identifier in the API and in CSV files."""
    definition: str
    """What is counted or computed, precisely enough to reproduce it."""
    unit: str
    """The unit of a value: companies, FTE, applications, a share in [0, 1], days."""
    source: str
    """The tables (and columns) the metric is computed from."""
    disclosure_rule: DisclosureRule
    """Which disclosure rule protects the metric's cells."""

    @property
    def disclosure(self) -> str:
        """The disclosure rule in words."""
        return _RULES[self.disclosure_rule]


_AS_OF = (
    "as of the end of the day (UTC) of as_of: a company's class is that of the newest declaration filed by then "
    "for its latest declared period (declarations filed later, superseding ones included, do not count)"
)
_YEAR_DECLARATION = (
    "declaration for a fiscal year (the newest filed by the end of as_of, the annual one before its quarters)"
)
_ACTIVE_IN_YEAR = (
    f"its {_YEAR_DECLARATION} reports revenue or employees above zero (Eurostat: an active enterprise has "
    "turnover or employment in the year); a company that did not declare the year is not counted as active"
)
_ANNUAL_PAIR = "annual declarations (quarter empty) for both t-1 and t, each the newest filed by the end of as_of"
_LIVE_PIVOTS = "pivot_events (series 'live', not retracted), dated by the end of the period they lead to"

_DEFINITIONS = (
    MetricDefinition(
        "active_companies",
        "Companies whose status is active and whose registration date is on or before as_of.",
        "companies",
        "companies (status, registration_date)",
        "threshold",
    ),
    MetricDefinition(
        "companies_by_ai_class",
        f"Active companies by AI class (ai_native, ai_enabled, non_ai, undeclared), {_AS_OF}.",
        "companies",
        "companies, declarations (ai_class, fiscal_year, quarter, filed_at)",
        "threshold",
    ),
    MetricDefinition(
        "ai_fte",
        f"AI specialists employed: the sum of fte_ai over active companies by AI class, {_AS_OF}.",
        "FTE",
        "companies, declarations (fte_ai, filed_at)",
        "threshold_and_dominance",
    ),
    MetricDefinition(
        "active_licences",
        "Licences by type whose status is active and whose validity (valid_from..valid_until) covers as_of; "
        "contributors are the licence holders.",
        "licences",
        "licences (licence_type, status, valid_from, valid_until), companies",
        "threshold",
    ),
    MetricDefinition(
        "companies_registered",
        "Companies by the period of their registration date (all statuses).",
        "companies",
        "companies (registration_date)",
        "threshold",
    ),
    MetricDefinition(
        "born_ai_native",
        f"Companies born AI-native: ai_native in their first declared period; {_LIVE_PIVOTS}.",
        "companies",
        "pivot_events (kind 'born_ai_native')",
        "threshold",
    ),
    MetricDefinition(
        "pivots_to_ai",
        f"Pivots to AI: a company becomes ai_native after a period in another class; {_LIVE_PIVOTS}.",
        "pivots",
        "pivot_events (kind 'pivot_to_ai')",
        "threshold",
    ),
    MetricDefinition(
        "pivots_away",
        f"Pivots away from AI: an ai_native company declares another class; {_LIVE_PIVOTS}.",
        "pivots",
        "pivot_events (kind 'pivot_away')",
        "threshold",
    ),
    MetricDefinition(
        "applications_submitted",
        "Licence applications by the period (UTC date) of their first submission; resubmissions are not counted again.",
        "applications",
        "licence_applications (first_submitted_at)",
        "threshold",
    ),
    MetricDefinition(
        "licences_issued",
        "Licences by the period (UTC date) they were issued (created), renewals included.",
        "licences",
        "licences (created_at)",
        "threshold",
    ),
    MetricDefinition(
        "decisions_approved",
        "Licence applications approved, by the period (UTC date) of the decision.",
        "applications",
        "licence_applications (state 'approved', decided_at)",
        "threshold",
    ),
    MetricDefinition(
        "decisions_rejected",
        "Licence applications rejected, by the period (UTC date) of the decision.",
        "applications",
        "licence_applications (state 'rejected', decided_at)",
        "threshold",
    ),
    MetricDefinition(
        "licences_suspended",
        "Licence suspensions, by the period (UTC date) recorded in the event log.",
        "suspensions",
        "events (kind 'licence.suspended', occurred_at), licences",
        "threshold",
    ),
    MetricDefinition(
        "licences_revoked",
        "Licence revocations, by the period (UTC date) recorded in the event log.",
        "revocations",
        "events (kind 'licence.revoked', occurred_at), licences",
        "threshold",
    ),
    MetricDefinition(
        "pivot_rate",
        "Pivots to AI in the period / companies at risk of pivoting at the period's start: active companies "
        "registered before the start whose class in their latest declared period that ended before the start (the "
        "newest declaration filed for it) is ai_enabled or non_ai. Companies that never declared are not at risk "
        "(their first AI-native period is a birth). Per year only (interval=year): most pivots come from annual "
        "declarations, dated 31 December, so a monthly or quarterly rate would be 0 outside December. Not "
        "available with group_by.",
        "share (0..1)",
        f"{_LIVE_PIVOTS}; companies, declarations (ai_class, filed_at)",
        "threshold_on_parts",
    ),
    MetricDefinition(
        "active_companies_by_region",
        "Active companies (as in active_companies) by KATO region, with summary?group_by=region.",
        "companies",
        "companies (status, registration_date, region_kato)",
        "threshold",
    ),
    MetricDefinition(
        "ai_native_companies_by_region",
        f"Active ai_native companies by KATO region, with summary?group_by=region, {_AS_OF}.",
        "companies",
        "companies, declarations (ai_class, filed_at)",
        "threshold",
    ),
    MetricDefinition(
        "cohort_companies",
        "Companies registered in the cohort year (registration_date), all statuses.",
        "companies",
        "companies (registration_date)",
        "threshold",
    ),
    MetricDefinition(
        "cohort_active",
        f"Companies of the cohort active in fiscal year cohort + years_after: {_ACTIVE_IN_YEAR}.",
        "companies",
        "companies, declarations (fiscal_year, quarter, revenue_total, fte_total, filed_at)",
        "threshold_on_parts",
    ),
    MetricDefinition(
        "cohort_share_active",
        "cohort_active / cohort_companies.",
        "share (0..1)",
        "companies, declarations",
        "threshold_on_parts",
    ),
    MetricDefinition(
        "cohort_ai_native",
        "Companies of the cohort active in fiscal year cohort + years_after (see cohort_active) whose "
        f"{_YEAR_DECLARATION} for that year is ai_native.",
        "companies",
        "companies, declarations (fiscal_year, quarter, ai_class, filed_at)",
        "threshold_on_parts",
    ),
    MetricDefinition(
        "cohort_share_ai_native",
        "cohort_ai_native / cohort_companies.",
        "share (0..1)",
        "companies, declarations",
        "threshold_on_parts",
    ),
    MetricDefinition(
        "headcount_growth_median",
        f"Median year-over-year growth of total FTE (fte_t / fte_t-1 - 1) over companies with {_ANNUAL_PAIR}, "
        "by the company's class in year t (ai_native or other); companies with 0 FTE in t-1 are left out.",
        "share (0.25 = +25 %)",
        "declarations (fiscal_year, quarter IS NULL, fte_total, ai_class, filed_at)",
        "threshold_on_median",
    ),
    MetricDefinition(
        "revenue_growth_median",
        f"Median year-over-year growth of total revenue over companies with {_ANNUAL_PAIR}, by class in year t; "
        "companies with no revenue in t-1 are left out.",
        "share (0.25 = +25 %)",
        "declarations (fiscal_year, quarter IS NULL, revenue_total, ai_class, filed_at)",
        "threshold_on_median",
    ),
    MetricDefinition(
        "high_growth_eligible",
        "Companies with at least 10 employees (total FTE) in their annual declaration for t-3 and an annual "
        "declaration for t (Eurostat's population for high-growth enterprises), by class in year t.",
        "companies",
        "declarations (fiscal_year, quarter IS NULL, fte_total, ai_class, filed_at)",
        "threshold",
    ),
    MetricDefinition(
        "high_growth_enterprises",
        "Eurostat high-growth enterprises: eligible companies whose employees (total FTE) grew by more than 10 % a "
        "year on average over the three years t-3..t, i.e. fte_t > 1.331 x fte_t-3 (compared exactly); by class in "
        "year t.",
        "companies",
        "declarations (fiscal_year, quarter IS NULL, fte_total, ai_class, filed_at)",
        "threshold",
    ),
    MetricDefinition(
        "high_growth_share",
        "high_growth_enterprises / high_growth_eligible.",
        "share (0..1)",
        "declarations",
        "threshold_on_parts",
    ),
    MetricDefinition(
        "applications_decided",
        "Applications first submitted in the window that have been approved or rejected.",
        "applications",
        "licence_applications (first_submitted_at, state, decided_at)",
        "threshold",
    ),
    MetricDefinition(
        "applications_approved",
        "Applications first submitted in the window that have been approved.",
        "applications",
        "licence_applications (first_submitted_at, state)",
        "threshold",
    ),
    MetricDefinition(
        "applications_rejected",
        "Applications first submitted in the window that have been rejected.",
        "applications",
        "licence_applications (first_submitted_at, state)",
        "threshold",
    ),
    MetricDefinition(
        "applications_undecided",
        "Applications first submitted in the window that are not (or no longer) decided: in review, sent back or "
        "withdrawn.",
        "applications",
        "licence_applications (first_submitted_at, state)",
        "threshold",
    ),
    MetricDefinition(
        "approval_rate",
        "Approved applications / decided applications, of those first submitted in the window.",
        "share (0..1)",
        "licence_applications (state)",
        "threshold_on_base",
    ),
    MetricDefinition(
        "days_to_decision_median",
        "Median of (decided_at - submitted_at) in days over decided applications, from their latest submission.",
        "days",
        "licence_applications (submitted_at, decided_at)",
        "threshold_on_base",
    ),
    MetricDefinition(
        "days_to_decision_p90",
        "90th percentile (continuous) of (decided_at - submitted_at) in days over decided applications.",
        "days",
        "licence_applications (submitted_at, decided_at)",
        "threshold_on_base",
    ),
    MetricDefinition(
        "decided_within_service_level",
        "Share of decided applications decided on or before their decision_due date (15 working days after the "
        "latest submission).",
        "share (0..1)",
        "licence_applications (decided_at, decision_due)",
        "threshold_on_base",
    ),
)

_ACCOUNT_BASIS = (
    "On the one time basis of stocks and flows: a company is in the AI-native stock at a period's end when the "
    "register's history (as known at known_at) has it active that day and its declaration for the latest ended "
    "period of that fiscal year or the one before is ai_native"
)
_ACCOUNT_SOURCE = "company_history (valid and recorded times), declarations (fiscal_year, quarter, filed_at)"
_ACCOUNT: tuple[tuple[str, str], ...] = (
    ("ai_native_opening", "AI-native companies at the end of the period before."),
    (
        "ai_native_births",
        "Entered the stock as newborns: registered in the twelve months to the period's end, with "
        "no declaration for any earlier period.",
    ),
    ("ai_native_pivots_to_ai", "Entered the stock from ai_enabled or non_ai at the opening."),
    (
        "ai_native_late_entries",
        "Entered the stock any other way: undeclared or not active at the opening (a first "
        "declaration long after registration, a return after two fiscal years without one, an active company again).",
    ),
    ("ai_native_moved_in", "AI-native at both ends, in another group (region, legal form or section) at the opening."),
    ("ai_native_pivots_away", "Left the stock for ai_enabled or non_ai at the closing."),
    (
        "ai_native_exits",
        "Left the stock any other way: not active at the closing (suspended, liquidated) or no "
        "declaration for this fiscal year or the one before.",
    ),
    ("ai_native_moved_out", "AI-native at both ends, in another group at the closing."),
    (
        "ai_native_closing",
        "AI-native companies at the end of the period: opening + births + pivots to AI + late "
        "entries + moved in - pivots away - exits - moved out.",
    ),
)
_ALL: tuple[MetricDefinition, ...] = (
    *_DEFINITIONS,
    *(
        MetricDefinition(name, f"{text} {_ACCOUNT_BASIS}.", "companies", _ACCOUNT_SOURCE, "public")
        for name, text in _ACCOUNT
    ),
)

METRICS = MappingProxyType({metric.name: metric for metric in _ALL})
"""Every published metric by name."""
