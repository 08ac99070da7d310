"""Statistical disclosure control: primary rules, secondary suppression, and what an attacker can difference."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from registry.statistics.disclosure import Cell, DisclosureSettings, exact, primary_reason, quantile

DEFAULTS = DisclosureSettings()


def count(companies: int) -> Cell:
    return Cell(value=companies, contributors=companies)


def revenue(*contributions: int | str) -> Cell:
    ordered = tuple(sorted((Decimal(c) for c in contributions), reverse=True))
    return Cell(value=sum(ordered, Decimal(0)), contributors=len(ordered), largest=ordered, magnitude=True)


# --- Primary rules -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("companies", "reason"),
    [(0, None), (1, "threshold"), (2, "threshold"), (3, None), (40, None)],
)
def test_threshold_rule_on_counts(companies: int, reason: str | None) -> None:
    assert primary_reason(count(companies), DEFAULTS) == reason


def test_threshold_rule_on_magnitudes() -> None:
    assert primary_reason(revenue(500, 400), DEFAULTS) == "threshold"
    # One company that reported zero revenue is still one company's figure.
    assert primary_reason(revenue(0), DEFAULTS) == "threshold"
    assert primary_reason(revenue(0, 0, 0), DEFAULTS) is None


@pytest.mark.parametrize(
    ("contributions", "reason"),
    [
        (("40", "30", "30"), None),
        (("80", "5", "5", "5", "5"), None),  # exactly 85 %: published
        (("80", "5.01", "4.99", "5", "5"), "dominance"),  # 85.01 %
        (("90", "5", "5"), "dominance"),
        (("0", "0", "0"), None),
    ],
)
def test_dominance_rule_and_its_boundary(contributions: tuple[str, ...], reason: str | None) -> None:
    assert primary_reason(revenue(*contributions), DEFAULTS) == reason


def test_counts_are_frequency_cells() -> None:
    # 100 licence applications from three companies, one of which filed 98: a count, not a magnitude.
    applications = Cell(value=100, contributors=3, largest=(Decimal(98), Decimal(1), Decimal(1)))
    assert primary_reason(applications, DEFAULTS) is None


def test_rules_take_their_parameters_from_settings() -> None:
    assert primary_reason(count(4), DisclosureSettings(min_contributors=5)) == "threshold"
    one_company_half = DisclosureSettings(dominance_contributors=1, dominance_share=Decimal("0.5"))
    assert primary_reason(revenue(60, 20, 20), one_company_half) == "dominance"
    assert primary_reason(revenue(60, 20, 20), DEFAULTS) is None


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Cell(value=1, contributors=0), "without contributors"),
        (lambda: Cell(value=3, contributors=-1), "negative"),
        (lambda: Cell(Decimal(10), 3, largest=(Decimal(1), Decimal(5)), magnitude=True), "descending"),
        (lambda: Cell(Decimal(10), 1, largest=(Decimal(5), Decimal(5)), magnitude=True), "more largest"),
        (lambda: Cell(Decimal(10), 3, largest=(Decimal(-1),), magnitude=True), "negative"),
        (lambda: DisclosureSettings(min_contributors=0), "min_contributors"),
        (lambda: DisclosureSettings(dominance_contributors=0), "dominance_contributors"),
        (lambda: DisclosureSettings(dominance_share=Decimal("1.5")), "dominance_share"),
        (lambda: DisclosureSettings(dominance_share=Decimal(0)), "dominance_share"),
    ],
)
def test_invalid_inputs_are_rejected(make: Callable[[], object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make()


def test_magnitude_cell_needs_its_largest_contributions() -> None:
    cell = Cell(value=Decimal(100), contributors=5, largest=(Decimal(50),), magnitude=True)
    with pytest.raises(ValueError, match="largest contributions"):
        primary_reason(cell, DEFAULTS)


# --- Figures derived from cells ------------------------------------------------------------------------------


def test_public_figures_are_published_exactly() -> None:
    assert exact(1) == exact(1)
    assert exact(1).value == 1 and not exact(1).suppressed
    assert exact(None).value is None and not exact(None).suppressed


@pytest.mark.parametrize(("companies", "withheld"), [(0, False), (1, True), (9, True), (10, False), (200, False)])
def test_a_median_needs_ten_companies(companies: int, withheld: bool) -> None:
    cell = quantile(Decimal("0.25"), companies=companies, settings=DEFAULTS)
    assert cell.suppressed is withheld
    assert cell.value == (None if withheld or companies == 0 else Decimal("0.25"))


def test_the_quantile_threshold_is_a_setting() -> None:
    assert not quantile(Decimal(1), companies=3, settings=DisclosureSettings(min_quantile_contributors=3)).suppressed
    with pytest.raises(ValueError, match="min_quantile_contributors"):
        DisclosureSettings(min_quantile_contributors=0)
