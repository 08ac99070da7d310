"""The data dictionary: what every published metric means, where it comes from and how it is protected."""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal, TypeAlias

__all__ = [
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
    "licences_issued",
]
"""The flows that ``/metrics/timeseries`` counts per period."""

REGISTRY_SERIES: tuple[SeriesMetric, ...] = ("companies_registered", "born_ai_native", "pivots_to_ai", "pivots_away")
"""Flows computed from the registry's own tables (the others come from the licence track)."""
SERIES_METRICS: tuple[SeriesMetric, ...] = (*REGISTRY_SERIES, "applications_submitted", "licences_issued")

DisclosureRule: TypeAlias = Literal["threshold", "threshold_and_dominance", "threshold_on_base"]

_RULES: dict[DisclosureRule, str] = {
    "threshold": "Threshold rule: a cell built from fewer than k companies (setting, default 3) is suppressed; "
    "secondary suppression keeps it from being derived from the published total.",
    "threshold_and_dominance": "Threshold rule, and the (2, 85 %) dominance rule: suppressed when the two largest "
    "companies make more than the dominance share (setting, default 85 %) of the cell; secondary suppression "
    "keeps it from being derived from the published total.",
    "threshold_on_base": "Suppressed when the applications it is computed from come from fewer than k companies.",
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

METRICS = MappingProxyType({metric.name: metric for metric in _DEFINITIONS})
"""Every published metric by name."""
