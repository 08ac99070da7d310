"""Statistical disclosure control for published tables, following ONS and Eurostat (ESSnet SDC handbook) practice.

Primary suppression applies two rules to every cell and to every published margin:

* the **threshold rule**: a cell built from at least one but fewer than ``k`` companies is sensitive;
* the **(n, k) dominance rule**, for magnitude cells (revenue, AI FTE) only: a cell is sensitive when its ``n``
  largest contributors make more than a share ``k`` of it. Exactly the share is still published.

Counts of companies are frequency cells: only the threshold rule applies to them.

Secondary (complementary) suppression then hides further cells so that no suppressed value can be worked out
from the published values and the totals they add up to (:func:`protect_table`). The protection is against
*exact* recovery; see :func:`protect_table` for what it does not cover.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise
from types import MappingProxyType
from typing import Literal, TypeAlias

__all__ = [
    "Cell",
    "DisclosureSettings",
    "ProtectedCell",
    "ProtectedSeries",
    "ProtectedTable",
    "SuppressionReason",
    "TableRow",
    "primary_reason",
    "protect_series",
    "protect_table",
]

SuppressionReason: TypeAlias = Literal["threshold", "dominance", "secondary"]

_Position: TypeAlias = tuple[str | None, str | None]
"""A place in a table with its margins: ``(row, column)``; ``None`` stands for "the total of"."""
_Equation: TypeAlias = dict[_Position, Fraction]
_GRAND_TOTAL: _Position = (None, None)
_SERIES_COLUMN = "value"


@dataclass(frozen=True, slots=True)
class DisclosureSettings:
    """The parameters of the disclosure rules."""

    min_contributors: int = 3
    """Threshold rule: a cell built from fewer companies than this (but at least one) is suppressed."""
    dominance_contributors: int = 2
    """Dominance rule: how many of the largest contributors of a magnitude cell are added up (the ``n``)."""
    dominance_share: Decimal = Decimal("0.85")
    """Dominance rule: a magnitude cell is suppressed when its largest contributors make more than this share."""

    def __post_init__(self) -> None:
        if self.min_contributors < 1:
            raise ValueError("min_contributors must be at least 1")
        if self.dominance_contributors < 1:
            raise ValueError("dominance_contributors must be at least 1")
        if not Decimal(0) < self.dominance_share <= 1:
            raise ValueError("dominance_share must be in (0, 1]")


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell (or margin) of a table before protection."""

    value: Decimal | int
    """The published figure: a count, or a sum such as revenue or AI FTE."""
    contributors: int
    """How many distinct companies the figure is built from."""
    largest: tuple[Decimal, ...] = ()
    """The largest contributions, in descending order; a magnitude cell needs as many as the dominance rule adds
    up (or all of them when it has fewer contributors)."""
    magnitude: bool = False
    """``True`` for sums (revenue, AI FTE), ``False`` for frequency cells (counts)."""

    def __post_init__(self) -> None:
        if self.contributors < 0:
            raise ValueError("contributors must not be negative")
        if self.contributors == 0 and self.value != 0:
            raise ValueError("a cell without contributors must be 0")
        if len(self.largest) > self.contributors:
            raise ValueError("a cell cannot have more largest contributions than contributors")
        if any(share < 0 for share in self.largest):
            raise ValueError("contributions must not be negative")
        if any(later > earlier for earlier, later in pairwise(self.largest)):
            raise ValueError("largest contributions must be in descending order")


@dataclass(frozen=True, slots=True)
class ProtectedCell:
    """A cell as it may be published: its value, or ``None`` with the reason it is withheld."""

    value: Decimal | int | None
    """The input value when published, ``None`` when suppressed."""
    suppressed: bool
    """Whether the value is withheld."""
    reason: SuppressionReason | None = None
    """Which rule withholds it: ``threshold`` and ``dominance`` (primary) or ``secondary`` (complementary)."""


@dataclass(frozen=True, slots=True)
class TableRow:
    """One row of a protected table, ready to render."""

    key: str | None
    """The row key, or ``None`` for the closing row of column totals."""
    cells: tuple[ProtectedCell | None, ...]
    """The cells in column order; in the closing row, ``None`` where a column total is not published."""
    total: ProtectedCell | None
    """The row total (the grand total in the closing row), ``None`` when not published."""


@dataclass(frozen=True, slots=True)
class ProtectedTable:
    """A two-dimensional table after primary and secondary suppression."""

    rows: tuple[str, ...]
    """Row keys, in input order."""
    columns: tuple[str, ...]
    """Column keys, in input order."""
    cells: Mapping[tuple[str, str], ProtectedCell]
    """Every ``(row, column)`` cell."""
    row_totals: Mapping[str, ProtectedCell]
    """The row totals that were given for publication."""
    column_totals: Mapping[str, ProtectedCell]
    """The column totals that were given for publication."""
    grand_total: ProtectedCell | None
    """The grand total, when given for publication."""

    def as_rows(self) -> list[TableRow]:
        """The table row by row, closed by a row of column totals when any margin below the body is published.

        Returns:
            One :class:`TableRow` per row key, then one with key ``None`` for the column totals.
        """
        body = [
            TableRow(row, tuple(self.cells[(row, column)] for column in self.columns), self.row_totals.get(row))
            for row in self.rows
        ]
        if self.column_totals or self.grand_total is not None:
            totals = tuple(self.column_totals.get(column) for column in self.columns)
            body.append(TableRow(None, totals, self.grand_total))
        return body


@dataclass(frozen=True, slots=True)
class ProtectedSeries:
    """A one-dimensional breakdown (groups and their total) after primary and secondary suppression."""

    cells: Mapping[str, ProtectedCell]
    """Every group, in input order."""
    total: ProtectedCell | None
    """The total, when given for publication."""


@dataclass(frozen=True, slots=True)
class _Relation:
    """An additive identity that the published table satisfies: ``sum(components) == sum(totals)``."""

    components: tuple[_Position, ...]
    totals: tuple[_Position, ...]

    @property
    def members(self) -> tuple[_Position, ...]:
        return self.components + self.totals


def primary_reason(cell: Cell, settings: DisclosureSettings) -> SuppressionReason | None:
    """The primary rule that makes a cell sensitive, if any.

    A cell without contributors is never sensitive: a published zero says nothing about any company (the usual
    practice at ONS and in tau-ARGUS, which apply the sensitivity rules to non-empty cells only). A magnitude
    cell whose few contributors all reported zero is still sensitive under the threshold rule, since publishing
    it would reveal their figures.

    Args:
        cell: The cell or margin to check.
        settings: The rules' parameters.

    Returns:
        ``"threshold"``, ``"dominance"``, or ``None`` when the cell may be published.

    Raises:
        ValueError: A magnitude cell lacks the largest contributions the dominance rule needs.
    """
    if cell.contributors == 0:
        return None
    if cell.contributors < settings.min_contributors:
        return "threshold"
    if cell.magnitude and _is_dominated(cell, settings):
        return "dominance"
    return None


def _is_dominated(cell: Cell, settings: DisclosureSettings) -> bool:
    needed = min(settings.dominance_contributors, cell.contributors)
    if len(cell.largest) < needed:
        raise ValueError(f"a magnitude cell needs its {needed} largest contributions for the dominance rule")
    top = sum(cell.largest[:needed], Decimal(0))
    return top > settings.dominance_share * Decimal(cell.value)


def protect_table(
    cells: Mapping[tuple[str, str], Cell],
    *,
    row_totals: Mapping[str, Cell] | None = None,
    column_totals: Mapping[str, Cell] | None = None,
    grand_total: Cell | None = None,
    settings: DisclosureSettings,
) -> ProtectedTable:
    """Protect a row x column table (e.g. region x year) and the margins that will be published with it.

    Every cell and margin goes through :func:`primary_reason`. Secondary suppression then works on the additive
    identities the published table satisfies: each row with a published total, each column with a published
    total, the grand total as the sum of the row side (row totals, or a row's cells where it has no total) and
    of the column side, and, when the grand total is not published, "row side == column side".

    1. Line by line: while some identity has exactly one unknown member, that member follows by differencing
       (a suppressed cell among published cells under a published total, or a suppressed total over published
       cells), so one more member is hidden: the smallest non-zero published component, ties broken by key (a
       zero protects nothing; a small cell loses the least information); failing that the line's total; only
       then a zero.
    2. Lines combined: within one line two unknowns are safe, but lines can still be added up. Two 2 x 2
       suppression patterns joined by one more suppressed cell pass step 1, yet adding the two rows of the first
       pattern and subtracting its two columns leaves the joining cell alone. So the identities are solved
       exactly (over the rationals, for the unknowns only); while some unknown is fixed by them, the published
       member of its lines that frees it (preferred as in step 1) is hidden.

    Each step hides one more position, so both loops end. Hiding a position never fixes an unknown that was
    free, so at the end no suppressed value (cell or margin) is determined by any linear combination of the
    published values and identities (short of a table with nothing left to publish); in particular every
    identity has zero or at least two unknowns, so no published total can be differenced against its line.

    Limits: the guarantee is about exact values. It does not keep an attacker from bounding a suppressed value
    using non-negativity (a small complement leaves a narrow interval; there is no protection-interval
    requirement as in tau-ARGUS), and the complements are a greedy choice, not the least-loss pattern an
    optimiser would find. Margins are assumed to be the sums of their cells; they are not checked.

    Args:
        cells: Every ``(row, column)`` cell; give empty combinations as ``Cell(0, 0)``.
        row_totals: The row totals to publish (all rows, some, or ``None``).
        column_totals: The column totals to publish (all columns, some, or ``None``).
        grand_total: The grand total to publish, or ``None``.
        settings: The rules' parameters.

    Returns:
        The table with suppressed cells and margins replaced by ``None`` and a reason.

    Raises:
        ValueError: A cell of the row x column grid is missing, or a cell breaks the rules' input requirements.
    """
    row_margins, column_margins = row_totals or {}, column_totals or {}
    rows, columns = _axes(cells, row_margins, column_margins)
    table = _positions(cells, row_margins, column_margins, grand_total)
    reasons: dict[_Position, SuppressionReason] = {}
    for position, cell in table.items():
        if (reason := primary_reason(cell, settings)) is not None:
            reasons[position] = reason
    relations = _relations(table, sorted(rows), sorted(columns))
    _hide_lone_unknowns(relations, table, reasons)
    _hide_derivable_unknowns(relations, table, reasons)
    return _assemble(table, reasons, rows, columns)


def protect_series(
    cells: Mapping[str, Cell], *, total: Cell | None = None, settings: DisclosureSettings
) -> ProtectedSeries:
    """Protect a one-dimensional breakdown (e.g. companies by region) and its total.

    This is :func:`protect_table` with one column whose total is ``total``.

    Args:
        cells: Every group's cell.
        total: The total to publish, or ``None``.
        settings: The rules' parameters.

    Returns:
        The groups and the total, suppressed ones replaced by ``None`` and a reason.
    """
    table = protect_table(
        {(key, _SERIES_COLUMN): cell for key, cell in cells.items()},
        column_totals=None if total is None else {_SERIES_COLUMN: total},
        settings=settings,
    )
    return ProtectedSeries(
        cells=MappingProxyType({key: table.cells[(key, _SERIES_COLUMN)] for key in cells}),
        total=table.column_totals.get(_SERIES_COLUMN),
    )


def _axes(
    cells: Mapping[tuple[str, str], Cell], row_totals: Mapping[str, Cell], column_totals: Mapping[str, Cell]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    rows = tuple(dict.fromkeys([*(row for row, _ in cells), *row_totals]))
    columns = tuple(dict.fromkeys([*(column for _, column in cells), *column_totals]))
    missing = [(row, column) for row in rows for column in columns if (row, column) not in cells]
    if missing:
        raise ValueError(f"the table has no cell for {missing[:3]} (give empty combinations as Cell(0, 0))")
    return rows, columns


def _positions(
    cells: Mapping[tuple[str, str], Cell],
    row_totals: Mapping[str, Cell],
    column_totals: Mapping[str, Cell],
    grand_total: Cell | None,
) -> dict[_Position, Cell]:
    table: dict[_Position, Cell] = {position: cell for position, cell in cells.items()}
    table.update({(row, None): cell for row, cell in row_totals.items()})
    table.update({(None, column): cell for column, cell in column_totals.items()})
    if grand_total is not None:
        table[_GRAND_TOTAL] = grand_total
    return table


def _relations(table: Mapping[_Position, Cell], rows: Sequence[str], columns: Sequence[str]) -> list[_Relation]:
    found = [
        *_line_relations(table, rows, columns, transpose=False),
        *_line_relations(table, columns, rows, transpose=True),
        *_grand_relations(table, rows, columns),
    ]
    # An identity with a single member only says that member is 0; the table's own shape makes that public.
    distinct = {(frozenset(r.components), frozenset(r.totals)): r for r in found if len(r.members) >= 2}
    return list(distinct.values())


def _line_relations(
    table: Mapping[_Position, Cell], lines: Sequence[str], across: Sequence[str], *, transpose: bool
) -> list[_Relation]:
    """One identity per row (or, transposed, per column) whose total is published."""
    return [
        _Relation(tuple(_orient(line, other, transpose) for other in across), (_orient(line, None, transpose),))
        for line in lines
        if _orient(line, None, transpose) in table
    ]


def _grand_relations(table: Mapping[_Position, Cell], rows: Sequence[str], columns: Sequence[str]) -> list[_Relation]:
    by_row = _grand_side(table, rows, columns, transpose=False)
    by_column = _grand_side(table, columns, rows, transpose=True)
    if _GRAND_TOTAL in table:
        return [_Relation(by_row, (_GRAND_TOTAL,)), _Relation(by_column, (_GRAND_TOTAL,))]
    # Unpublished, the grand total still equals both sides, so they equal each other.
    shared = set(by_row) & set(by_column)
    return [_Relation(tuple(p for p in by_row if p not in shared), tuple(p for p in by_column if p not in shared))]


def _grand_side(
    table: Mapping[_Position, Cell], lines: Sequence[str], across: Sequence[str], *, transpose: bool
) -> tuple[_Position, ...]:
    """The grand total as a sum over rows (or columns): each one's published total, or else its cells."""
    side: list[_Position] = []
    for line in lines:
        margin = _orient(line, None, transpose)
        side.extend([margin] if margin in table else [_orient(line, other, transpose) for other in across])
    return tuple(side)


def _orient(line: str, other: str | None, transpose: bool) -> _Position:
    """The position on row ``line`` (or, transposed, column ``line``) and column (row) ``other``."""
    return (other, line) if transpose else (line, other)


def _hide_lone_unknowns(
    relations: Sequence[_Relation], table: Mapping[_Position, Cell], reasons: dict[_Position, SuppressionReason]
) -> None:
    """Step 1 of :func:`protect_table`: leave no identity with exactly one unknown member."""
    while (exposed := _first_lone_unknown(relations, reasons)) is not None:
        reasons[_complements(exposed, table, reasons)[0]] = "secondary"


def _first_lone_unknown(relations: Iterable[_Relation], hidden: Collection[_Position]) -> _Relation | None:
    return next((r for r in relations if sum(p in hidden for p in r.members) == 1), None)


def _complements(
    relation: _Relation, table: Mapping[_Position, Cell], hidden: Collection[_Position]
) -> list[_Position]:
    """The published members of an identity, best complement first."""
    published = [p for p in relation.members if p not in hidden]
    return sorted(published, key=lambda p: _complement_rank(p, relation, table))


def _complement_rank(
    position: _Position, relation: _Relation | None, table: Mapping[_Position, Cell]
) -> tuple[int, Decimal, tuple[bool, str, bool, str]]:
    """Non-zero components, smallest first; then the identity's total; then zeros; ties by position."""
    value = abs(Decimal(table[position].value))
    is_total = relation is not None and position in relation.totals
    tier = 1 if is_total else (0 if value else 2)
    return tier, value, _position_order(position)


def _position_order(position: _Position) -> tuple[bool, str, bool, str]:
    row, column = position
    return row is None, row or "", column is None, column or ""


def _hide_derivable_unknowns(
    relations: Sequence[_Relation], table: Mapping[_Position, Cell], reasons: dict[_Position, SuppressionReason]
) -> None:
    """Step 2 of :func:`protect_table`: leave no unknown that a combination of identities determines."""
    while exposed := _derivable(relations, reasons.keys()):
        complement = _freeing_complement(exposed[0], relations, table, reasons.keys())
        if complement is None:
            return
        reasons[complement] = "secondary"


def _freeing_complement(
    target: _Position, relations: Sequence[_Relation], table: Mapping[_Position, Cell], hidden: Collection[_Position]
) -> _Position | None:
    """The best published member of the target's identities whose suppression frees the target.

    When no single member does, the best one is returned anyway (the caller loops); when the target's identities
    have no published member left, the best published position of the table; ``None`` when nothing is published.
    """
    candidates = _candidates_around(target, relations, table, hidden)
    for candidate in candidates:
        if target not in _derivable(relations, {*hidden, candidate}):
            return candidate
    if candidates:
        return candidates[0]
    published = [p for p in table if p not in hidden]
    return min(published, key=lambda p: _complement_rank(p, None, table), default=None)


def _candidates_around(
    target: _Position, relations: Sequence[_Relation], table: Mapping[_Position, Cell], hidden: Collection[_Position]
) -> list[_Position]:
    ranks: dict[_Position, tuple[int, Decimal, tuple[bool, str, bool, str]]] = {}
    for relation in relations:
        if target in relation.members:
            for candidate in _complements(relation, table, hidden):
                rank = _complement_rank(candidate, relation, table)
                ranks[candidate] = min(rank, ranks.get(candidate, rank))
    return sorted(ranks, key=ranks.__getitem__)


def _derivable(relations: Iterable[_Relation], hidden: Collection[_Position]) -> list[_Position]:
    """The hidden positions whose values follow from the published ones through the identities.

    Gauss-Jordan elimination over the rationals on the identities restricted to the hidden positions (the
    published ones only move the right-hand side, which does not matter for what is determined). A position is
    determined exactly when its unit vector lies in the row space, i.e. when a row of the reduced echelon form
    holds that position alone.
    """
    unknown = set(hidden)
    reduced: dict[_Position, _Equation] = {}
    for relation in relations:
        equation = {p: Fraction(1) for p in relation.components if p in unknown}
        equation.update({p: Fraction(-1) for p in relation.totals if p in unknown})
        _reduce_into(reduced, equation)
    return sorted((pivot for pivot, row in reduced.items() if len(row) == 1), key=_position_order)


def _reduce_into(reduced: dict[_Position, _Equation], equation: _Equation) -> None:
    """Add one equation to a reduced row echelon form kept as ``{pivot: row}``."""
    for pivot, row in reduced.items():
        if factor := equation.get(pivot):
            _add_multiple(equation, row, -factor)
    if not equation:
        return
    pivot = min(equation, key=_position_order)
    scale = equation[pivot]
    normalised = {p: coefficient / scale for p, coefficient in equation.items()}
    for row in reduced.values():
        if factor := row.get(pivot):
            _add_multiple(row, normalised, -factor)
    reduced[pivot] = normalised


def _add_multiple(target: _Equation, source: _Equation, factor: Fraction) -> None:
    for position, coefficient in source.items():
        updated = target.get(position, Fraction(0)) + factor * coefficient
        if updated:
            target[position] = updated
        else:
            target.pop(position, None)


def _assemble(
    table: Mapping[_Position, Cell],
    reasons: Mapping[_Position, SuppressionReason],
    rows: tuple[str, ...],
    columns: tuple[str, ...],
) -> ProtectedTable:
    protected = {position: _protect(cell, reasons.get(position)) for position, cell in table.items()}
    return ProtectedTable(
        rows=rows,
        columns=columns,
        cells=MappingProxyType({(row, column): protected[(row, column)] for row in rows for column in columns}),
        row_totals=MappingProxyType({row: protected[(row, None)] for row in rows if (row, None) in protected}),
        column_totals=MappingProxyType(
            {column: protected[(None, column)] for column in columns if (None, column) in protected}
        ),
        grand_total=protected.get(_GRAND_TOTAL),
    )


def _protect(cell: Cell, reason: SuppressionReason | None) -> ProtectedCell:
    if reason is None:
        return ProtectedCell(value=cell.value, suppressed=False)
    return ProtectedCell(value=None, suppressed=True, reason=reason)
