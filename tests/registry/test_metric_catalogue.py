"""The metric catalogue: every entry says what it counts, its time basis and its source class, in kk, ru and en."""

from __future__ import annotations

import pytest

from licensing.release_tables import DATAFLOWS
from registry.statistics.dictionary import METRICS, SERIES_METRICS, MetricDefinition
from registry.statistics.sdmx import structure_message
from registry.statistics.stock_flow import ACCOUNT_FLOWS

ENTRIES = sorted(METRICS.values(), key=lambda metric: metric.name)


def test_the_catalogue_lists_every_metric_the_api_and_the_releases_publish() -> None:
    assert len(ENTRIES) == 44
    assert set(SERIES_METRICS) <= set(METRICS)
    assert {f"ai_native_{flow}" for flow in ("opening", *ACCOUNT_FLOWS, "closing")} <= set(METRICS)


@pytest.mark.parametrize("metric", ENTRIES, ids=lambda metric: metric.name)
def test_each_entry_has_its_definition_and_basis_in_kazakh_russian_and_english(metric: MetricDefinition) -> None:
    definitions, basis = metric.definitions, metric.basis
    for text in (definitions, basis, metric.disclosures):
        assert text.kk.strip() and text.ru.strip() and text.en.strip(), metric.name
        assert len({text.kk, text.ru, text.en}) == 3, f"{metric.name}: a text is not translated"
    assert metric.source_class in {"public", "confidential"}
    assert metric.unit and metric.source and metric.disclosure
    assert "as known at known_at" in basis.en or "recorded by known_at" in basis.en or "known_at" in basis.en
    # One Kazakh word for revenue throughout.
    assert "табыс" not in definitions.kk.lower()


def test_public_and_confidential_follow_where_the_figures_come_from() -> None:
    confidential = {metric.name for metric in ENTRIES if metric.source_class == "confidential"}
    assert {"ai_fte", "applications_submitted", "approval_rate", "headcount_growth_median", "cohort_active"} <= (
        confidential
    )
    assert not confidential & {"active_companies", "companies_by_ai_class", "companies_registered", "pivots_to_ai"}
    assert all(metric.source_class == "public" for metric in ENTRIES if metric.disclosure_rule == "public")


@pytest.mark.parametrize("metric", ENTRIES, ids=lambda metric: metric.name)
def test_each_entry_has_a_source_class_and_the_disclosure_rule_that_goes_with_it(metric: MetricDefinition) -> None:
    # Public figures are published exactly; confidential ones have a rule of the releases' protection.
    assert metric.source_class in {"public", "confidential"}
    assert (metric.source_class == "public") == (metric.disclosure_rule == "public"), metric.name
    if metric.source_class == "confidential":
        assert "release" in metric.disclosures.en, metric.name
    else:
        assert "exactly" in metric.disclosures.en, metric.name


def test_the_sdmx_structure_codes_every_catalogue_measure() -> None:
    structure = structure_message(DATAFLOWS)
    for name in METRICS:
        assert f'id="{name}"' in structure, name
