"""The linked set's secondary suppression, checked by an attacker of the test's own (scipy's ``linprog``).

For random linked tables — a region x quarter table of counts whose rows add up to a year and whose columns add up
to the country — the attacker knows every published cell, the identities and that every figure is non-negative,
and bounds each withheld cell by LP.
"""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from registry.statistics.disclosure import Cell, DisclosureSettings
from registry.statistics.linked_protection import CellKey, LinkedSet, protect_linked, protection_interval

DEFAULTS = DisclosureSettings()
T = "_T"


def attacker_bounds(linked: LinkedSet, withheld: set[CellKey]) -> dict[CellKey, tuple[float, float]]:
    """Min and max of every withheld cell over the identities, the published values and the floors."""
    keys = sorted(linked.cells)
    index = {key: i for i, key in enumerate(keys)}
    equalities = []
    for identity in linked.identities:
        row = [0.0] * len(keys)
        for part in identity.parts:
            row[index[part]] += 1
        row[index[identity.total]] -= 1
        equalities.append(row)
    bounds = []
    for key in keys:
        cell = linked.cells[key]
        if key in withheld or key in linked.latent:
            bounds.append((0.0, None))
        else:
            bounds.append((float(cell.value), float(cell.value)))
    found = {}
    for key in withheld:
        objective = [0.0] * len(keys)
        objective[index[key]] = 1.0
        low = linprog(objective, A_eq=equalities, b_eq=[0.0] * len(equalities), bounds=bounds, method="highs")
        objective[index[key]] = -1.0
        high = linprog(objective, A_eq=equalities, b_eq=[0.0] * len(equalities), bounds=bounds, method="highs")
        assert low.status == 0, low.message
        top = float("inf") if high.status == 3 else -high.fun
        found[key] = (low.fun, top)
    return found


def region_quarter_set(grid: dict[str, list[int]]) -> LinkedSet:
    """Counts by region x quarter, with the year per region, the country per quarter and year."""
    linked = LinkedSet()
    quarters = ["Q1", "Q2", "Q3", "Q4"]
    for region, values in grid.items():
        for quarter, value in zip(quarters, values, strict=True):
            linked.add((region, quarter), Cell(value, value))
        linked.add((region, T), Cell(sum(values), sum(values)))
    for number, quarter in enumerate(quarters):
        total = sum(values[number] for values in grid.values())
        linked.add((T, quarter), Cell(total, total))
    grand = sum(map(sum, grid.values()))
    linked.add((T, T), Cell(grand, grand))
    for region in grid:
        linked.add_identity([(region, q) for q in quarters], (region, T))
    for quarter in [*quarters, T]:
        linked.add_identity([(region, quarter) for region in grid], (T, quarter))
    linked.add_identity([(T, q) for q in quarters], (T, T))
    return linked


def assert_protected(linked: LinkedSet, reasons: dict[CellKey, str], settings: DisclosureSettings) -> None:
    bounds = attacker_bounds(linked, set(reasons))
    everything = attacker_bounds(linked, set(linked.cells) - linked.public)
    slack = 1e-6
    for key, reason in reasons.items():
        cell = linked.cells[key]
        assert key not in linked.public, f"a public cell is withheld: {key}"
        low, high = bounds[key]
        if reason == "secondary":
            assert high - low >= 1 - slack, f"{key} is pinned: {low}..{high}"
        else:
            need_low, need_high = protection_interval(cell, settings)
            # As far as the public cells allow: with everything else withheld, the bounds would be these.
            need_low, need_high = max(need_low, everything[key][0]), min(need_high, everything[key][1])
            assert low <= need_low + slack and high >= need_high - slack, (
                f"{key} = {cell.value} is bounded to {low}..{high}, inside {need_low}..{need_high}"
            )


def test_a_lone_small_cell_is_hidden_with_a_cycle_of_complements() -> None:
    linked = region_quarter_set({"A": [1, 7, 5, 6], "B": [5, 9, 6, 8], "C": [8, 8, 8, 8]})
    reasons = protect_linked(linked, DEFAULTS)
    assert reasons[("A", "Q1")] == "threshold"
    assert all(reason == "secondary" for key, reason in reasons.items() if key != ("A", "Q1"))
    assert len(reasons) >= 4
    assert not any(T in key for key in reasons), "inner cells are enough"
    assert_protected(linked, reasons, DEFAULTS)


def test_zeros_around_a_small_cell_push_the_suppression_into_the_margins() -> None:
    linked = region_quarter_set({"A": [1, 0, 0, 0], "B": [0, 0, 0, 9], "C": [0, 4, 0, 0]})
    reasons = protect_linked(linked, DEFAULTS)
    assert {("A", "Q1"), ("A", T), (T, "Q1")} <= set(reasons)
    assert_protected(linked, reasons, DEFAULTS)


def test_a_public_total_is_never_hidden_and_its_complement_is_protected() -> None:
    linked = LinkedSet()
    linked.add(("size",), Cell(10, 10), public=True)
    linked.add(("active",), Cell(9, 9))
    linked.add(("not_active",), Cell(1, 1), latent=True)
    linked.add_identity([("active",), ("not_active",)], ("size",))
    reasons = protect_linked(linked, DEFAULTS)
    assert reasons == {("active",): "secondary"}, "one inactive company is sensitive, so its complement is hidden"


def test_the_interval_reaches_as_far_as_the_public_figures_allow() -> None:
    # A public cohort of three with one AI-native company: at most three can be AI-native, whatever is hidden.
    linked = LinkedSet()
    linked.add(("size",), Cell(3, 3), public=True)
    linked.add(("native",), Cell(1, 1))
    linked.add(("native_not",), Cell(2, 2), latent=True)
    linked.add(("active",), Cell(3, 3))
    linked.add(("active_not",), Cell(0, 0), latent=True)
    linked.add_identity([("native",), ("native_not",)], ("size",))
    linked.add_identity([("active",), ("active_not",)], ("size",))
    reasons = protect_linked(linked, DEFAULTS)
    assert reasons == {("native",): "threshold"}, "nothing else needs hiding (and nothing else is)"
    assert_protected(linked, reasons, DEFAULTS)


def test_a_magnitude_is_protected_by_a_share_of_its_value() -> None:
    linked = LinkedSet()
    figures = {"A": ("40",), "B": ("30", "20", "25"), "C": ("35", "33", "31")}
    for region, contributions in figures.items():
        values = tuple(sorted((Decimal(v) for v in contributions), reverse=True))
        linked.add((region,), Cell(sum(values), len(values), values[:2], magnitude=True))
    total = sum((Decimal(v) for vs in figures.values() for v in vs), Decimal(0))
    linked.add((T,), Cell(total, 7, (Decimal(40), Decimal(35)), magnitude=True))
    linked.add_identity([(r,) for r in figures], (T,))
    reasons = protect_linked(linked, DEFAULTS)
    assert reasons[("A",)] == "threshold"
    assert_protected(linked, reasons, DEFAULTS)


def test_figures_that_do_not_add_up_are_refused() -> None:
    linked = LinkedSet()
    linked.add(("a",), Cell(1, 1))
    linked.add(("t",), Cell(5, 5))
    linked.add_identity([("a",)], ("t",))
    with pytest.raises(ValueError, match="do not add up"):
        protect_linked(linked, DEFAULTS)


def test_a_cell_cannot_have_two_figures() -> None:
    linked = LinkedSet()
    linked.add(("a",), Cell(1, 1))
    with pytest.raises(ValueError, match="two different figures"):
        linked.add(("a",), Cell(2, 2))


grids = st.dictionaries(
    st.sampled_from("ABCDEF"),
    st.lists(st.integers(min_value=0, max_value=12), min_size=4, max_size=4),
    min_size=2,
    max_size=6,
)


@hypothesis_settings(max_examples=60, deadline=None)
@given(grids, st.integers(min_value=2, max_value=4))
def test_no_withheld_cell_of_a_random_linked_table_is_pinned_or_narrowed(grid: dict[str, list[int]], k: int) -> None:
    settings = DisclosureSettings(min_contributors=k, count_protection=k)
    linked = region_quarter_set(grid)
    reasons = protect_linked(linked, settings)
    for key, cell in linked.cells.items():
        if 0 < cell.contributors < k:
            assert key in reasons, f"{key} has {cell.contributors} companies and is published"
    assert_protected(linked, reasons, settings)


@hypothesis_settings(max_examples=20, deadline=None)
@given(grids)
def test_the_same_figures_always_get_the_same_suppressions(grid: dict[str, list[int]]) -> None:
    first = protect_linked(region_quarter_set(grid), DEFAULTS)
    reordered = dict(reversed(list(grid.items())))
    assert protect_linked(region_quarter_set(reordered), DEFAULTS) == first


def test_shared_totals_link_two_breakdowns() -> None:
    # The country's total is shared by a breakdown by region and one by legal form: a hidden region can not be
    # recovered through the legal-form table either.
    linked = LinkedSet()
    regions = {"A": 1, "B": 6, "C": 9}
    forms = {"llp": 10, "jsc": 6}
    for region, value in regions.items():
        linked.add(("region", region), Cell(value, value))
    for form, value in forms.items():
        linked.add(("form", form), Cell(value, value))
    linked.add((T,), Cell(16, 16))
    linked.add_identity([("region", r) for r in regions], (T,))
    linked.add_identity([("form", f) for f in forms], (T,))
    reasons = protect_linked(linked, DEFAULTS)
    assert_protected(linked, reasons, DEFAULTS)
    assert any(key[0] == "region" and key != ("region", "A") for key in reasons)


def test_many_small_cells_still_finish() -> None:
    grid = {region: [1, 2, 1, 2] for region in "ABCDEFGH"}
    linked = region_quarter_set(grid)
    reasons = protect_linked(linked, DEFAULTS)
    assert_protected(linked, reasons, DEFAULTS)
    assert set(itertools.product("ABCDEFGH", ["Q1", "Q2", "Q3", "Q4"])) <= set(reasons)
