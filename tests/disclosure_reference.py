"""The secondary suppression of ``registry.statistics.disclosure`` as it was before it was made faster (commit
72d534d), kept verbatim as the reference the faster version must agree with, choice for choice.

Only the entry point is new: :func:`reference_reasons` returns every suppressed position with its reason.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TypeAlias

from registry.statistics.disclosure import Cell, DisclosureSettings, SuppressionReason, primary_reason

_Position: TypeAlias = tuple[str | None, str | None]
_Equation: TypeAlias = dict[_Position, Fraction]
_GRAND_TOTAL: _Position = (None, None)


@dataclass(frozen=True, slots=True)
class _Relation:
    """An additive identity that the published table satisfies: ``sum(components) == sum(totals)``."""

    components: tuple[_Position, ...]
    totals: tuple[_Position, ...]

    @property
    def members(self) -> tuple[_Position, ...]:
        return self.components + self.totals


def reference_reasons(
    cells: Mapping[tuple[str, str], Cell],
    *,
    row_totals: Mapping[str, Cell] | None = None,
    column_totals: Mapping[str, Cell] | None = None,
    grand_total: Cell | None = None,
    settings: DisclosureSettings,
) -> dict[_Position, SuppressionReason]:
    """Every position the previous ``protect_table`` suppressed, with its reason."""
    table: dict[_Position, Cell] = {position: cell for position, cell in cells.items()}
    table.update({(row, None): cell for row, cell in (row_totals or {}).items()})
    table.update({(None, column): cell for column, cell in (column_totals or {}).items()})
    if grand_total is not None:
        table[_GRAND_TOTAL] = grand_total
    rows = {row for row, _ in table if row is not None}
    columns = {column for _, column in table if column is not None}
    reasons: dict[_Position, SuppressionReason] = {}
    for position, cell in table.items():
        if (reason := primary_reason(cell, settings)) is not None:
            reasons[position] = reason
    relations = _relations(table, sorted(rows), sorted(columns))
    _hide_lone_unknowns(relations, table, reasons)
    _hide_derivable_unknowns(relations, table, reasons)
    return reasons


# --- Verbatim from registry/statistics/disclosure.py at 72d534d ------------------------------------------------


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
