"""The attacker itself, on tables small enough to work out by hand: it must find what is there to find."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import pytest

from tests.attacker.cells import CellKey, Figure, cell_key
from tests.attacker.harvest import Harvest
from tests.attacker.identities import Knowledge
from tests.attacker.linear_system import bound
from tests.attacker.oracle import TrueCell
from tests.attacker.verdict import Verdict, _differencing

DAY = date(2025, 12, 31)
YEAR = (date(2025, 1, 1), date(2025, 12, 31))


def _cell(region: str | None, licence_type: str | None) -> CellKey:
    return cell_key("applications_submitted", *YEAR, region, licence_type=licence_type)


def _figures(values: dict[CellKey, int | None]) -> list[Figure]:
    return [Figure(key, None if v is None else Decimal(v), "table") for key, v in values.items()]


def _attack(
    figures: list[Figure], regions: list[str], *, zeros_never_hidden: bool = False
) -> dict[CellKey, tuple[float, float]]:
    knowledge = Knowledge(regions, {}, zeros_never_hidden=zeros_never_hidden)
    knowledge.learn(figures, {"table": figures})
    targets = [f.key for f in figures if f.withheld]
    found = bound(knowledge.system, targets)
    return {key: (b.lo, b.hi) for key, b in found.items() if b is not None}


def test_one_hidden_cell_of_a_two_by_two_table_with_margins_is_pinned() -> None:
    # region A: 2 + 5 = 7, region B: 4 + 6 = 10; types: 6, 11; country 17. Only A's ai_native cell is hidden.
    table = {
        _cell("A", "ai_native"): None,
        _cell("A", "standard_digital"): 5,
        _cell("A", None): 7,
        _cell("B", "ai_native"): 4,
        _cell("B", "standard_digital"): 6,
        _cell("B", None): 10,
        _cell(None, "ai_native"): 6,
        _cell(None, "standard_digital"): 11,
        _cell(None, None): 17,
    }
    assert _attack(_figures(table), ["A", "B"]) == {_cell("A", "ai_native"): (2.0, 2.0)}


def test_four_hidden_cells_in_a_rectangle_are_bounded_by_the_margins_and_by_zeros_never_being_hidden() -> None:
    # A: 2 + 5 = 7, B: 4 + 6 = 10, the four inner cells hidden; each is at least 1 (zeros are never hidden).
    table = {
        _cell("A", "ai_native"): None,
        _cell("A", "standard_digital"): None,
        _cell("A", None): 7,
        _cell("B", "ai_native"): None,
        _cell("B", "standard_digital"): None,
        _cell("B", None): 10,
        _cell(None, "ai_native"): 6,
        _cell(None, "standard_digital"): 11,
        _cell(None, None): 17,
    }
    # Against a publisher that never hides zeros (the attacker then knows each hidden cell is at least 1).
    bounds = _attack(_figures(table), ["A", "B"], zeros_never_hidden=True)
    assert bounds[_cell("A", "ai_native")] == pytest.approx((1.0, 5.0))  # B's ai_native cell, 6 - x, is >= 1
    assert bounds[_cell("B", "standard_digital")] == pytest.approx((5.0, 9.0))
    # Against one that may hide zeros (this project): only non-negativity.
    loose = _attack(_figures(table), ["A", "B"])
    assert loose[_cell("A", "ai_native")] == pytest.approx((0.0, 6.0))


def test_hidden_cells_adding_up_to_their_own_number_are_each_one() -> None:
    table = {_cell("A", None): None, _cell("B", None): None, _cell("C", None): 4, _cell(None, None): 6}
    assert _attack(_figures(table), ["A", "B", "C"], zeros_never_hidden=True) == {
        _cell("A", None): (1.0, 1.0),
        _cell("B", None): (1.0, 1.0),
    }


def test_a_month_is_found_from_its_quarter_and_the_other_two_months() -> None:
    def month(number: int) -> CellKey:
        return cell_key("decisions_rejected", date(2025, number, 1), date(2025, number, 28 if number == 2 else 31))

    quarter = cell_key("decisions_rejected", date(2025, 1, 1), date(2025, 3, 31))
    figures = _figures({month(1): 3, month(3): 4, quarter: 9})
    # February is not published as a cell of its own, but asked as a shifted window it is withheld:
    shifted = cell_key("decisions_rejected", date(2025, 2, 1), date(2025, 2, 28))
    figures.append(Figure(shifted, None, "shifted"))
    knowledge = Knowledge([], {})
    knowledge.learn(figures, {"table": figures[:3], "shifted": figures[3:]})
    found = bound(knowledge.system, [shifted])[shifted]
    assert found is not None and (found.lo, found.hi) == pytest.approx((2.0, 2.0))


def test_a_funnel_with_one_hidden_part_is_pinned_by_its_identities() -> None:
    def funnel(measure: str) -> CellKey:
        return cell_key(measure, *YEAR)

    figures = _figures(
        {
            funnel("applications_submitted"): 7,
            funnel("applications_approved"): 5,
            funnel("applications_rejected"): None,
            funnel("applications_undecided"): None,
            funnel("applications_decided"): 6,
        }
    )
    bounds = _attack(figures, [])
    assert bounds == {funnel("applications_rejected"): (1.0, 1.0), funnel("applications_undecided"): (1.0, 1.0)}


def test_two_published_figures_whose_companies_differ_by_one_give_that_company_away() -> None:
    a, b, c, lone = (uuid.uuid4() for _ in range(4))
    day, before = cell_key("ai_fte", DAY, DAY), cell_key("ai_fte", date(2025, 12, 30), date(2025, 12, 30))
    truths = {
        day: TrueCell(Decimal(16), {a: Decimal(3), b: Decimal(4), c: Decimal(5), lone: Decimal(4)}),
        before: TrueCell(Decimal(12), {a: Decimal(3), b: Decimal(4), c: Decimal(5)}),
    }

    class Truth:
        def cell(self, key: CellKey) -> TrueCell:
            return truths[key]

    harvest = Harvest(figures=[Figure(day, Decimal(16), "D"), Figure(before, Decimal(12), "D-1")])
    verdict = Verdict()
    _differencing(harvest, Truth(), verdict, lambda measure: True)  # type: ignore[arg-type]
    assert len(verdict.isolated) == 1 and f"company {lone}: ai_fte 4" in verdict.isolated[0]
