"""Statistical disclosure control: primary rules, secondary suppression, and what an attacker can difference."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TypedDict

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from registry.statistics.disclosure import (
    Cell,
    DisclosureSettings,
    ProtectedCell,
    ProtectedTable,
    TableRow,
    primary_reason,
    protect_series,
    protect_table,
)
from tests.disclosure_reference import reference_reasons

DEFAULTS = DisclosureSettings()
PROPERTY = hypothesis_settings(max_examples=200, deadline=None)

Position = tuple[str | None, str | None]  # (row, column); None is "the total of"
GRAND: Position = (None, None)


def count(companies: int) -> Cell:
    return Cell(value=companies, contributors=companies)


def revenue(*contributions: int | str) -> Cell:
    ordered = tuple(sorted((Decimal(c) for c in contributions), reverse=True))
    return Cell(value=sum(ordered, Decimal(0)), contributors=len(ordered), largest=ordered, magnitude=True)


def counts_table(grid: dict[str, dict[str, int]]) -> dict[tuple[str, str], Cell]:
    return {(row, column): count(n) for row, line in grid.items() for column, n in line.items()}


class Margins(TypedDict):
    row_totals: dict[str, Cell]
    column_totals: dict[str, Cell]
    grand_total: Cell


def with_margins(cells: dict[tuple[str, str], Cell]) -> Margins:
    """Every margin of a table of counts, as the sums of its cells (keyword arguments for protect_table)."""
    rows = dict.fromkeys(row for row, _ in cells)
    columns = dict.fromkeys(column for _, column in cells)
    return {
        "row_totals": {row: count(sum(int(cells[(row, c)].value) for c in columns)) for row in rows},
        "column_totals": {column: count(sum(int(cells[(r, column)].value) for r in rows)) for column in columns},
        "grand_total": count(sum(int(cell.value) for cell in cells.values())),
    }


def suppressed(table: ProtectedTable) -> dict[Position, str | None]:
    return {position: cell.reason for position, cell in entries(table) if cell.suppressed}


def entries(table: ProtectedTable) -> Iterator[tuple[Position, ProtectedCell]]:
    yield from table.cells.items()
    yield from (((row, None), cell) for row, cell in table.row_totals.items())
    yield from (((None, column), cell) for column, cell in table.column_totals.items())
    if table.grand_total is not None:
        yield GRAND, table.grand_total


# --- An attacker's view, written independently of the module -------------------------------------------------


def published_equations(table: ProtectedTable) -> list[dict[Position, int]]:
    """Every additive identity a reader sees in so many words: rows, columns, the grand total three ways."""
    rows, columns = table.rows, table.columns
    equations = [{(row, None): -1, **{(row, c): 1 for c in columns}} for row in table.row_totals]
    equations += [{(None, column): -1, **{(r, column): 1 for r in rows}} for column in table.column_totals]
    all_rows, all_columns = len(table.row_totals) == len(rows), len(table.column_totals) == len(columns)
    if table.grand_total is not None:
        equations.append({GRAND: -1, **{(r, c): 1 for r in rows for c in columns}})
        if all_rows:
            equations.append({GRAND: -1, **{(r, None): 1 for r in rows}})
        if all_columns:
            equations.append({GRAND: -1, **{(None, c): 1 for c in columns}})
    elif all_rows and all_columns:
        equations.append({**{(r, None): 1 for r in rows}, **{(None, c): -1 for c in columns}})
    return [equation for equation in equations if len(equation) > 1]


def solve_line_by_line(table: ProtectedTable) -> dict[Position, Fraction]:
    """Repeatedly solve any identity with one unknown, using published and already solved values."""
    known = {position: Fraction(cell.value) for position, cell in entries(table) if cell.value is not None}
    solved: dict[Position, Fraction] = {}
    progress = True
    while progress:
        progress = False
        for equation in published_equations(table):
            unknown = [position for position in equation if position not in known]
            if len(unknown) == 1:
                (target,) = unknown
                rest = sum(coefficient * known[p] for p, coefficient in equation.items() if p != target)
                known[target] = solved[target] = -rest / equation[target]
                progress = True
    return solved


def rank(matrix: list[list[Fraction]]) -> int:
    rows = [row[:] for row in matrix]
    found = 0
    for column in range(len(rows[0]) if rows else 0):
        pivot = next((i for i in range(found, len(rows)) if rows[i][column]), None)
        if pivot is None:
            continue
        rows[found], rows[pivot] = rows[pivot], rows[found]
        for i in range(len(rows)):
            if i != found and rows[i][column]:
                factor = rows[i][column] / rows[found][column]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[found], strict=True)]
        found += 1
    return found


def derivable(table: ProtectedTable) -> set[Position]:
    """Suppressed positions that some linear combination of the table's rows, columns and total determines.

    Only three kinds of identity are needed (rows, columns, grand total = all cells): every other identity of
    the table is a combination of them. ``x`` is determined iff adding its unit vector leaves the rank unchanged.
    """
    rows, columns = table.rows, table.columns
    basic = [{(row, None): -1, **{(row, c): 1 for c in columns}} for row in table.row_totals]
    basic += [{(None, column): -1, **{(r, column): 1 for r in rows}} for column in table.column_totals]
    if table.grand_total is not None:
        basic.append({GRAND: -1, **{(r, c): 1 for r in rows for c in columns}})
    hidden = sorted(suppressed(table), key=repr)
    matrix = [[Fraction(equation.get(p, 0)) for p in hidden] for equation in basic]
    base = rank(matrix)
    unit = [[Fraction(p == target) for p in hidden] for target in hidden]
    return {target for target, row in zip(hidden, unit, strict=True) if rank([*matrix, row]) == base}


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


# --- Secondary suppression: explicit cases -------------------------------------------------------------------


def test_series_gets_one_complement_next_to_a_published_total() -> None:
    regions = {"almaty": count(10), "astana": count(2), "karaganda": count(7), "shymkent": count(5)}
    result = protect_series(regions, total=count(24), settings=DEFAULTS)
    assert result.cells == {
        "almaty": ProtectedCell(10, suppressed=False),
        "astana": ProtectedCell(None, suppressed=True, reason="threshold"),
        "karaganda": ProtectedCell(7, suppressed=False),
        "shymkent": ProtectedCell(None, suppressed=True, reason="secondary"),
    }
    assert result.total == ProtectedCell(24, suppressed=False)


def test_series_without_total_needs_no_complement() -> None:
    result = protect_series({"almaty": count(10), "astana": count(2), "shymkent": count(5)}, settings=DEFAULTS)
    assert [cell.reason for cell in result.cells.values()] == [None, "threshold", None]
    assert result.total is None


def test_zero_cells_are_not_used_as_complements() -> None:
    regions = {"a": count(1), "b": count(0), "c": count(6), "d": count(4)}
    result = protect_series(regions, total=count(11), settings=DEFAULTS)
    assert {key: cell.reason for key, cell in result.cells.items()} == {
        "a": "threshold",
        "b": None,
        "c": None,
        "d": "secondary",
    }


def test_complement_ties_are_broken_by_key() -> None:
    regions = {"b": count(4), "a": count(4), "c": count(2)}
    result = protect_series(regions, total=count(10), settings=DEFAULTS)
    assert result.cells["a"].reason == "secondary"
    assert not result.cells["b"].suppressed


def test_complement_in_a_row_propagates_to_its_column() -> None:
    cells = counts_table(
        {
            "a": {"x": 1, "y": 5, "z": 9},
            "b": {"x": 4, "y": 6, "z": 10},
            "c": {"x": 7, "y": 3, "z": 8},
        }
    )
    result = protect_table(cells, **with_margins(cells), settings=DEFAULTS)
    # (a, x) is hidden; row a then needs (a, y), column x needs (b, x), and so row b needs (b, y): a 2 x 2 block.
    assert suppressed(result) == {
        ("a", "x"): "threshold",
        ("a", "y"): "secondary",
        ("b", "x"): "secondary",
        ("b", "y"): "secondary",
    }
    assert derivable(result) == set()


def test_zero_neighbours_push_the_suppression_into_the_margins() -> None:
    cells = counts_table({"a": {"x": 1, "y": 4}, "b": {"x": 5, "y": 0}})
    result = protect_table(cells, **with_margins(cells), settings=DEFAULTS)
    # Row b and column y have only a zero beside their hidden cell, so their totals are hidden instead, and the
    # grand total's lines then need a second hidden margin each.
    assert suppressed(result) == {
        ("a", "x"): "threshold",
        ("a", "y"): "secondary",
        ("b", "x"): "secondary",
        ("b", None): "secondary",
        ("a", None): "secondary",
        (None, "y"): "secondary",
        (None, "x"): "secondary",
    }
    assert result.cells[("b", "y")] == ProtectedCell(0, suppressed=False)
    assert result.grand_total == ProtectedCell(10, suppressed=False)
    assert derivable(result) == set()


def test_lines_combined_cannot_reveal_a_cell() -> None:
    cells = counts_table(
        {
            "r1": {"c1": 1, "c2": 2, "c3": 1, "c4": 9},
            "r2": {"c1": 2, "c2": 1, "c3": 6, "c4": 8},
            "r3": {"c1": 7, "c2": 5, "c3": 1, "c4": 2},
            "r4": {"c1": 4, "c2": 6, "c3": 2, "c4": 1},
        }
    )
    # The primary pattern alone leaves every line with two or more unknowns, yet (r1, c3) is rows r1 + r2 minus
    # columns c1 + c2, less published cells: the checker sees it, and the complement closes it.
    primary_only = _primary_only(protect_table(cells, **with_margins(cells), settings=DEFAULTS), cells)
    assert solve_line_by_line(primary_only) == {}
    assert derivable(primary_only) == {("r1", "c3")}

    result = protect_table(cells, **with_margins(cells), settings=DEFAULTS)
    assert {p for p, reason in suppressed(result).items() if reason == "secondary"} == {("r2", "c3")}
    assert derivable(result) == set()


def _primary_only(table: ProtectedTable, cells: Mapping[tuple[str, str], Cell]) -> ProtectedTable:
    """The table as it would be without secondary suppression (complements published with their values)."""
    unhidden = {
        p: ProtectedCell(cells[p].value, suppressed=False) for p, c in table.cells.items() if c.reason == "secondary"
    }
    return ProtectedTable(
        table.rows, table.columns, {**table.cells, **unhidden}, table.row_totals, table.column_totals, table.grand_total
    )


def test_checkers_see_what_primary_suppression_alone_leaks() -> None:
    table = ProtectedTable(
        rows=("a", "b", "c"),
        columns=("value",),
        cells={
            ("a", "value"): ProtectedCell(None, suppressed=True, reason="threshold"),
            ("b", "value"): ProtectedCell(5, suppressed=False),
            ("c", "value"): ProtectedCell(6, suppressed=False),
        },
        row_totals={},
        column_totals={"value": ProtectedCell(13, suppressed=False)},
        grand_total=None,
    )
    assert solve_line_by_line(table) == {("a", "value"): 2}
    assert derivable(table) == {("a", "value")}


def test_without_a_grand_total_the_margins_still_add_up() -> None:
    # Row a's total is as sensitive as its only non-empty cell. With no grand total published, the row totals and
    # the column totals still add up to the same figure, so that identity has to be protected as well.
    cells = counts_table({"a": {"x": 1, "y": 0}, "b": {"x": 5, "y": 6}})
    margins = with_margins(cells)
    result = protect_table(
        cells, row_totals=margins["row_totals"], column_totals=margins["column_totals"], settings=DEFAULTS
    )
    assert suppressed(result) == {
        ("a", "x"): "threshold",
        ("a", None): "threshold",
        ("b", "x"): "secondary",
        ("b", "y"): "secondary",
        (None, "y"): "secondary",
    }
    assert solve_line_by_line(result) == {}
    assert derivable(result) == set()


def test_as_rows_renders_body_then_column_totals() -> None:
    cells = counts_table({"a": {"x": 3, "y": 4}, "b": {"x": 5, "y": 6}})
    result = protect_table(cells, column_totals={"x": count(8)}, settings=DEFAULTS)
    assert result.as_rows() == [
        TableRow("a", (ProtectedCell(3, suppressed=False), ProtectedCell(4, suppressed=False)), None),
        TableRow("b", (ProtectedCell(5, suppressed=False), ProtectedCell(6, suppressed=False)), None),
        TableRow(None, (ProtectedCell(8, suppressed=False), None), None),
    ]


def test_missing_cells_are_rejected() -> None:
    with pytest.raises(ValueError, match="no cell"):
        protect_table({("a", "x"): count(3), ("b", "y"): count(4)}, settings=DEFAULTS)


# --- Properties on generated tables --------------------------------------------------------------------------


@dataclass(frozen=True)
class GeneratedTable:
    contributions: dict[tuple[str, str], tuple[int, ...]]
    """Each cell's companies and what each contributed (1 each for counts); no company is in two cells."""
    magnitude: bool
    row_totals: tuple[str, ...]
    column_totals: tuple[str, ...]
    grand_total: bool
    settings: DisclosureSettings

    def cell(self, contributions: list[int]) -> Cell:
        if not self.magnitude:
            return count(len(contributions))
        return revenue(*contributions)

    def cells(self) -> dict[tuple[str, str], Cell]:
        return {position: self.cell(list(values)) for position, values in self.contributions.items()}

    def margin(self, *, row: str | None = None, column: str | None = None) -> Cell:
        return self.cell(
            [
                value
                for (r, c), values in self.contributions.items()
                if row in {None, r} and column in {None, c}
                for value in values
            ]
        )

    def inputs(self) -> dict[Position, Cell]:
        inputs: dict[Position, Cell] = {position: cell for position, cell in self.cells().items()}
        inputs |= {(row, None): self.margin(row=row) for row in self.row_totals}
        inputs |= {(None, column): self.margin(column=column) for column in self.column_totals}
        if self.grand_total:
            inputs[GRAND] = self.margin()
        return inputs

    def protect(self, order: random.Random | None = None) -> ProtectedTable:
        cells = self.cells()
        if order is not None:
            keys = list(cells)
            order.shuffle(keys)
            cells = {key: cells[key] for key in keys}
        return protect_table(
            cells,
            row_totals={row: self.margin(row=row) for row in self.row_totals} or None,
            column_totals={column: self.margin(column=column) for column in self.column_totals} or None,
            grand_total=self.margin() if self.grand_total else None,
            settings=self.settings,
        )


def _margin_keys(draw: st.DrawFn, keys: list[str]) -> tuple[str, ...]:
    which = draw(st.sampled_from(["all", "all", "none", "some"]))
    if which == "some":
        return tuple(key for key in keys if draw(st.booleans()))
    return tuple(keys) if which == "all" else ()


@st.composite
def generated_tables(draw: st.DrawFn) -> GeneratedTable:
    rows = [f"r{i}" for i in range(draw(st.integers(1, 6)))]
    columns = [f"c{i}" for i in range(draw(st.integers(1, 6)))]
    magnitude = draw(st.booleans())
    companies = st.lists(st.integers(0, 1000), max_size=5) if magnitude else st.lists(st.just(1), max_size=6)
    return GeneratedTable(
        contributions={(row, column): tuple(draw(companies)) for row in rows for column in columns},
        magnitude=magnitude,
        row_totals=_margin_keys(draw, rows),
        column_totals=_margin_keys(draw, columns),
        grand_total=draw(st.booleans()),
        settings=DisclosureSettings(
            min_contributors=draw(st.integers(1, 4)),
            dominance_contributors=draw(st.integers(1, 3)),
            dominance_share=draw(st.sampled_from([Decimal("0.5"), Decimal("0.85"), Decimal("0.9"), Decimal(1)])),
        ),
    )


def checked(generated: GeneratedTable) -> Iterator[tuple[Position, Cell, ProtectedCell]]:
    inputs = generated.inputs()
    result = dict(entries(generated.protect()))
    assert result.keys() == inputs.keys()
    for position, cell in inputs.items():
        yield position, cell, result[position]


@PROPERTY
@given(generated_tables())
def test_no_published_cell_has_too_few_contributors(generated: GeneratedTable) -> None:
    k = generated.settings.min_contributors
    for _, cell, protected in checked(generated):
        if not protected.suppressed:
            assert cell.contributors == 0 or cell.contributors >= k


@PROPERTY
@given(generated_tables())
def test_no_published_magnitude_is_dominated(generated: GeneratedTable) -> None:
    n, share = generated.settings.dominance_contributors, generated.settings.dominance_share
    for _, cell, protected in checked(generated):
        if cell.magnitude and not protected.suppressed:
            assert sum(cell.largest[:n], Decimal(0)) <= share * Decimal(cell.value)


@PROPERTY
@given(generated_tables())
def test_published_totals_never_have_exactly_one_hidden_part(generated: GeneratedTable) -> None:
    table = generated.protect()
    hidden = suppressed(table)
    for equation in published_equations(table):
        totals = [p for p, coefficient in equation.items() if coefficient == -1]
        if len(totals) == 1 and totals[0] not in hidden:
            assert sum(p in hidden for p in equation if p != totals[0]) != 1


@PROPERTY
@given(generated_tables())
def test_differencing_line_by_line_reveals_nothing(generated: GeneratedTable) -> None:
    table = generated.protect()
    assert not solve_line_by_line(table).keys() & suppressed(table).keys()


@PROPERTY
@given(generated_tables())
def test_no_combination_of_lines_reveals_a_suppressed_value(generated: GeneratedTable) -> None:
    assert derivable(generated.protect()) == set()


@PROPERTY
@given(generated_tables())
def test_published_values_are_the_inputs_and_suppressed_ones_are_flagged(generated: GeneratedTable) -> None:
    for _, cell, protected in checked(generated):
        primary = primary_reason(cell, generated.settings)
        if protected.suppressed:
            assert protected.value is None
            assert protected.reason == (primary or "secondary")
        else:
            assert primary is None
            assert protected.reason is None
            assert protected.value == cell.value
            assert type(protected.value) is type(cell.value)


@PROPERTY
@given(generated_tables(), st.randoms(use_true_random=False))
def test_result_does_not_depend_on_input_order(generated: GeneratedTable, order: random.Random) -> None:
    assert suppressed(generated.protect(order)) == suppressed(generated.protect())


def test_protected_mappings_are_read_only() -> None:
    result = protect_series({"a": count(3)}, total=count(3), settings=DEFAULTS)
    assert isinstance(result.cells, Mapping)
    with pytest.raises(TypeError):
        result.cells["a"] = ProtectedCell(None, suppressed=True)  # type: ignore[index]


# --- The same choices as the previous, slower algorithm ------------------------------------------------------


def same_as_reference(
    cells: dict[tuple[str, str], Cell],
    settings: DisclosureSettings,
    row_totals: dict[str, Cell] | None = None,
    column_totals: dict[str, Cell] | None = None,
    grand_total: Cell | None = None,
) -> None:
    expected = reference_reasons(
        cells, row_totals=row_totals, column_totals=column_totals, grand_total=grand_total, settings=settings
    )
    protected = protect_table(
        cells, row_totals=row_totals, column_totals=column_totals, grand_total=grand_total, settings=settings
    )
    assert suppressed(protected) == expected


@PROPERTY
@given(generated_tables())
def test_suppresses_exactly_what_the_previous_algorithm_did(generated: GeneratedTable) -> None:
    same_as_reference(
        generated.cells(),
        generated.settings,
        row_totals={row: generated.margin(row=row) for row in generated.row_totals} or None,
        column_totals={column: generated.margin(column=column) for column in generated.column_totals} or None,
        grand_total=generated.margin() if generated.grand_total else None,
    )


@st.composite
def sparse_count_tables(draw: st.DrawFn) -> tuple[dict[tuple[str, str], Cell], Margins]:
    """Up to 12 x 12 counts, mostly small, so that many cells are suppressed and lines combine."""
    rows = [f"r{i:02d}" for i in range(draw(st.integers(2, 12)))]
    columns = [f"c{i:02d}" for i in range(draw(st.integers(2, 12)))]
    sizes = st.one_of(st.integers(0, 4), st.integers(0, 4), st.integers(5, 60))
    return (cells := {(row, column): count(draw(sizes)) for row in rows for column in columns}), with_margins(cells)


@hypothesis_settings(max_examples=60, deadline=None)
@given(sparse_count_tables(), st.sampled_from(["rows", "columns", "both", "all"]))
def test_larger_tables_suppress_exactly_what_the_previous_algorithm_did(
    table: tuple[dict[tuple[str, str], Cell], Margins], published: str
) -> None:
    cells, margins = table
    same_as_reference(
        cells,
        DEFAULTS,
        row_totals=margins["row_totals"] if published != "columns" else None,
        column_totals=margins["column_totals"] if published != "rows" else None,
        grand_total=margins["grand_total"] if published == "all" else None,
    )


@pytest.mark.parametrize("seed", range(4))
def test_a_region_by_month_series_suppresses_exactly_what_the_previous_algorithm_did(seed: int) -> None:
    """60 months x 20 regions with month totals, the shape of a five-year series by region; a few small regions."""
    rng = random.Random(seed)
    rates = [rng.uniform(20, 300) for _ in range(16)] + [rng.uniform(0.3, 5) for _ in range(4)]
    cells = {
        (f"m{month:02d}", f"region{region:02d}"): count(max(0, round(rng.gauss(rate, rate**0.5))))
        for month in range(60)
        for region, rate in enumerate(rates)
    }
    same_as_reference(cells, DEFAULTS, row_totals=with_margins(cells)["row_totals"])
