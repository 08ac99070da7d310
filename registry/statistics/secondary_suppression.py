"""Secondary suppression: the further positions of a table to hide so that no hidden value can be worked out.

The rules and their guarantee are described in :func:`registry.statistics.disclosure.protect_table`, which calls
:func:`secondary_suppressions` after primary suppression. This module holds the mechanics: the table's additive
identities, the greedy choice of complements, and exact linear algebra (integer Gauss-Jordan elimination) to find
hidden values that a combination of identities determines.

Positions are numbered in a fixed order (:func:`position_order`), so every choice and tie-break is by number and
the results depend only on the table, not on the order it was given in.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterator, Mapping, Sequence
from decimal import Decimal
from itertools import chain, compress
from typing import Protocol, TypeAlias

__all__ = ["GRAND_TOTAL", "Position", "Valued", "position_order", "secondary_suppressions"]

Position: TypeAlias = tuple[str | None, str | None]
"""A place in a table with its margins: ``(row, column)``; ``None`` stands for "the total of"."""
GRAND_TOTAL: Position = (None, None)

_Relation: TypeAlias = tuple[tuple[int, ...], tuple[int, ...]]
"""An additive identity the published table satisfies, ``sum(components) == sum(totals)``, by position number."""
_Rank: TypeAlias = tuple[int, Decimal | int, int]
_Row: TypeAlias = dict[int, int]
"""An equation over hidden positions: position number -> integer coefficient (never 0)."""


def position_order(position: Position) -> tuple[bool, str, bool, str]:
    """The order positions are numbered in: by row (totals last), then by column (totals last)."""
    row, column = position
    return row is None, row or "", column is None, column or ""


class Valued(Protocol):
    """A cell or margin, as far as choosing complements goes: its value."""

    @property
    def value(self) -> Decimal | int:
        """The published figure."""
        ...


def secondary_suppressions(
    table: Mapping[Position, Valued],
    rows: Collection[str],
    columns: Collection[str],
    hidden: Collection[Position],
) -> list[Position]:
    """The positions to hide besides ``hidden`` so that no hidden value follows from the published ones.

    Args:
        table: Every cell of the ``rows`` x ``columns`` grid, and the margins given for publication.
        rows: The table's row keys.
        columns: The table's column keys.
        hidden: The positions already hidden (by the primary rules).

    Returns:
        The further positions to hide, in the order they were chosen.
    """
    grid = _Grid(sorted(rows), sorted(columns))
    identities = _Identities(grid, table, hidden)
    identities.hide_lone_unknowns()
    identities.hide_derivable_unknowns()
    return [grid.position(number) for number in identities.chosen]


class _Grid:
    """Numbers the positions of a table in :func:`position_order`.

    Row after row, the closing row of column totals last; within a row, column after column, the row total last.
    The numbers are plain arithmetic, so the table's identities are ranges of ints, not lists of tuples.
    """

    def __init__(self, rows: Sequence[str], columns: Sequence[str]) -> None:
        self.rows, self.columns = rows, columns
        self.width = len(columns) + 1
        self.size = (len(rows) + 1) * self.width
        self._row_number = {row: index for index, row in enumerate(rows)}
        self._column_number = {column: index for index, column in enumerate(columns)}

    def number(self, position: Position) -> int:
        """The number of a position."""
        row, column = position
        row_index = len(self.rows) if row is None else self._row_number[row]
        column_index = len(self.columns) if column is None else self._column_number[column]
        return row_index * self.width + column_index

    def position(self, number: int) -> Position:
        """The position with a number."""
        row_index, column_index = divmod(number, self.width)
        row = self.rows[row_index] if row_index < len(self.rows) else None
        return row, self.columns[column_index] if column_index < len(self.columns) else None

    def row_cells(self, row_index: int) -> range:
        """The cells of a row."""
        return range(row_index * self.width, row_index * self.width + len(self.columns))

    def column_cells(self, column_index: int) -> range:
        """The cells of a column."""
        return range(column_index, len(self.rows) * self.width, self.width)

    def row_total(self, row_index: int) -> int:
        """The number of a row's total."""
        return row_index * self.width + len(self.columns)

    def column_total(self, column_index: int) -> int:
        """The number of a column's total."""
        return len(self.rows) * self.width + column_index

    @property
    def grand_total(self) -> int:
        """The number of the grand total."""
        return self.size - 1


class _Identities:
    """A table's additive identities and which of its positions are hidden, by position number."""

    def __init__(self, grid: _Grid, table: Mapping[Position, Valued], hidden: Collection[Position]) -> None:
        self.grid, self.table = grid, table
        self.relations = _relations(grid, table)
        self.hidden = bytearray(grid.size)
        for position in hidden:
            self.hidden[grid.number(position)] = True
        is_hidden = self.hidden.__getitem__
        self.unknowns = [
            sum(map(is_hidden, components)) + sum(map(is_hidden, totals)) for components, totals in self.relations
        ]
        """How many hidden members each identity has."""
        self.chosen: list[int] = []

    def hide_lone_unknowns(self) -> None:
        """Step 1: while some identity has exactly one hidden member, hide its best published member."""
        while 1 in self.unknowns:
            exposed = self.unknowns.index(1)
            self.choose(min(self._published_ranks(exposed), key=self._rank_key)[0])

    def hide_derivable_unknowns(self) -> None:
        """Step 2: while a combination of identities determines a hidden value, hide what frees it."""
        while determined := self.determined():
            complement = self._freeing_complement(determined[0])
            if complement is None:
                return
            self.choose(complement)

    def choose(self, number: int) -> None:
        """Hide one more (published) position as a complement."""
        self.chosen.append(number)
        self.hidden[number] = True
        for relation in self._relations_of(number):
            self.unknowns[relation] += 1

    def determined(self, also_hidden: int | None = None) -> list[int]:
        """The hidden positions (with ``also_hidden``, if given) whose values the identities determine, in order.

        Gauss-Jordan elimination over the integers (exact) on the identities restricted to the hidden positions
        (the published ones only move the right-hand side, which does not matter for what is determined). A
        position is determined exactly when its unit vector lies in the row space, i.e. when a row of the reduced
        form holds that position alone.
        """
        hidden = self.hidden
        if also_hidden is not None:
            hidden = bytearray(hidden)
            hidden[also_hidden] = True
        reduced: dict[int, _Row] = {}
        for components, totals in self.relations:
            equation = dict.fromkeys(compress(components, map(hidden.__getitem__, components)), 1)
            equation.update(dict.fromkeys(compress(totals, map(hidden.__getitem__, totals)), -1))
            _reduce_into(reduced, equation)
        return sorted(pivot for pivot, row in reduced.items() if len(row) == 1)

    def _relations_of(self, number: int) -> list[int]:
        return [index for index, (parts, totals) in enumerate(self.relations) if number in parts or number in totals]

    def _rank(self, number: int, is_total: bool) -> _Rank:
        """Non-zero components, smallest first; then the identity's total; then zeros; ties by position."""
        size = _size(self.table[self.grid.position(number)].value)
        return (1 if is_total else 0 if size else 2), size, number

    def _published_ranks(self, relation: int) -> Iterator[tuple[int, _Rank]]:
        """The published members of an identity with their rank as its complement."""
        components, totals = self.relations[relation]
        hidden = self.hidden
        yield from ((member, self._rank(member, False)) for member in components if not hidden[member])
        yield from ((member, self._rank(member, True)) for member in totals if not hidden[member])

    @staticmethod
    def _rank_key(ranked: tuple[int, _Rank]) -> _Rank:
        return ranked[1]

    def _freeing_complement(self, target: int) -> int | None:
        """The best published member of the target's identities whose suppression frees the target.

        When no single member does, the best one is returned anyway (the caller loops); when the target's identities
        have no published member left, the best published position of the table; ``None`` when nothing is published.
        """
        ranks: dict[int, _Rank] = {}
        for relation in self._relations_of(target):
            for member, rank in self._published_ranks(relation):
                ranks[member] = min(rank, ranks.get(member, rank))
        candidates = sorted(ranks, key=ranks.__getitem__)
        for candidate in candidates:
            if target not in self.determined(also_hidden=candidate):
                return candidate
        if candidates:
            return candidates[0]
        published = (self.grid.number(position) for position in self.table)
        return min(
            (number for number in published if not self.hidden[number]),
            key=lambda number: self._rank(number, False),
            default=None,
        )


def _relations(grid: _Grid, table: Mapping[Position, Valued]) -> list[_Relation]:
    """Each row and column with a published total, and the grand total as the sum of either side.

    The grand total is the sum of the row side (row totals, or a row's cells where it has no total) and of the
    column side; when it is not published, the two sides still equal each other. An identity with a single member
    only says that member is 0, which the table's own shape makes public, so it is left out. (Repeated identities
    are harmless: they always have the same hidden members, and add nothing to the elimination.)
    """
    rows, columns = range(len(grid.rows)), range(len(grid.columns))
    row_has_total = [(row, None) in table for row in grid.rows]
    column_has_total = [(None, column) in table for column in grid.columns]
    found: list[_Relation] = [(tuple(grid.row_cells(r)), (grid.row_total(r),)) for r in rows if row_has_total[r]]
    found += [(tuple(grid.column_cells(c)), (grid.column_total(c),)) for c in columns if column_has_total[c]]
    by_row = tuple(chain.from_iterable([grid.row_total(r)] if row_has_total[r] else grid.row_cells(r) for r in rows))
    by_column = tuple(
        chain.from_iterable([grid.column_total(c)] if column_has_total[c] else grid.column_cells(c) for c in columns)
    )
    if GRAND_TOTAL in table:
        found += [(by_row, (grid.grand_total,)), (by_column, (grid.grand_total,))]
    else:
        shared = set(by_row).intersection(by_column)
        found.append((tuple(p for p in by_row if p not in shared), tuple(p for p in by_column if p not in shared)))
    return [relation for relation in found if len(relation[0]) + len(relation[1]) >= 2]


def _size(value: Decimal | int) -> Decimal | int:
    """How large a value is, for choosing complements (ints and Decimals compare exactly)."""
    return -value if value < 0 else value


def _reduce_into(reduced: dict[int, _Row], equation: _Row) -> None:
    """Add one equation to a reduced form kept as ``{pivot: row}``: no pivot appears in any other row."""
    for pivot in [member for member in equation if member in reduced]:
        _eliminate(equation, reduced[pivot], pivot)
    if not equation:
        return
    pivot = min(equation)
    for row in reduced.values():
        if pivot in row:
            _eliminate(row, equation, pivot)
    reduced[pivot] = equation


def _eliminate(target: _Row, source: _Row, pivot: int) -> None:
    """Take ``pivot`` out of ``target`` with an integer combination of ``target`` and ``source``, kept primitive."""
    common = math.gcd(source[pivot], target[pivot])
    keep, subtract = source[pivot] // common, target[pivot] // common
    if keep != 1:
        for member in target:
            target[member] *= keep
    for member, coefficient in source.items():
        updated = target.get(member, 0) - subtract * coefficient
        if updated:
            target[member] = updated
        else:
            del target[member]
    if target and (divisor := math.gcd(*target.values())) > 1:
        for member in target:
            target[member] //= divisor
