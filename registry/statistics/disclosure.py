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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise
from types import MappingProxyType
from typing import Literal, TypeAlias

from registry.statistics.secondary_suppression import GRAND_TOTAL, Position, secondary_suppressions

__all__ = [
    "Cell",
    "DisclosureSettings",
    "ProtectedCell",
    "ProtectedSeries",
    "ProtectedTable",
    "SuppressionReason",
    "TableRow",
    "derived",
    "primary_reason",
    "protect_series",
    "protect_table",
]

SuppressionReason: TypeAlias = Literal["threshold", "dominance", "secondary"]

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
        if self.largest:  # counts have none; a table builds thousands of cells
            self._check_largest()

    def _check_largest(self) -> None:
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
    reasons: dict[Position, SuppressionReason] = {}
    for position, cell in table.items():
        if (reason := primary_reason(cell, settings)) is not None:
            reasons[position] = reason
    for position in secondary_suppressions(table, rows, columns, reasons.keys()):
        reasons[position] = "secondary"
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
    if len(cells) != len(rows) * len(columns):  # every key is on the grid, so only a missing cell makes it short
        missing = [(row, column) for row in rows for column in columns if (row, column) not in cells]
        raise ValueError(f"the table has no cell for {missing[:3]} (give empty combinations as Cell(0, 0))")
    return rows, columns


def _positions(
    cells: Mapping[tuple[str, str], Cell],
    row_totals: Mapping[str, Cell],
    column_totals: Mapping[str, Cell],
    grand_total: Cell | None,
) -> dict[Position, Cell]:
    table: dict[Position, Cell] = {position: cell for position, cell in cells.items()}
    table.update({(row, None): cell for row, cell in row_totals.items()})
    table.update({(None, column): cell for column, cell in column_totals.items()})
    if grand_total is not None:
        table[GRAND_TOTAL] = grand_total
    return table


def _assemble(
    table: Mapping[Position, Cell],
    reasons: Mapping[Position, SuppressionReason],
    rows: tuple[str, ...],
    columns: tuple[str, ...],
) -> ProtectedTable:
    published_counts: dict[int, ProtectedCell] = {}

    def protect(position: Position) -> ProtectedCell:
        if (reason := reasons.get(position)) is not None:
            return _WITHHELD[reason]
        value = table[position].value
        if type(value) is not int:  # a Decimal keeps its own exponent: 1.0 and 1.00 are not one published value
            return ProtectedCell(value, suppressed=False)
        if (cell := published_counts.get(value)) is None:  # one immutable instance per count in a table
            cell = published_counts[value] = ProtectedCell(value, suppressed=False)
        return cell

    return ProtectedTable(
        rows=rows,
        columns=columns,
        cells=MappingProxyType({(row, column): protect((row, column)) for row in rows for column in columns}),
        row_totals=MappingProxyType({row: protect((row, None)) for row in rows if (row, None) in table}),
        column_totals=MappingProxyType(
            {column: protect((None, column)) for column in columns if (None, column) in table}
        ),
        grand_total=protect(GRAND_TOTAL) if GRAND_TOTAL in table else None,
    )


_WITHHELD: Mapping[SuppressionReason, ProtectedCell] = {
    reason: ProtectedCell(value=None, suppressed=True, reason=reason)
    for reason in ("threshold", "dominance", "secondary")
}
"""A withheld cell carries nothing but its reason, so one (immutable) instance per reason serves them all."""


def derived(
    value: Decimal | int | None,
    *,
    base_companies: int,
    settings: DisclosureSettings,
    parts: Sequence[ProtectedCell] = (),
) -> ProtectedCell:
    """A figure derived from others — a rate, share, median or duration — as it may be published.

    It is withheld for the threshold rule when its base holds fewer than k companies, and with a part's reason when
    a figure it is built from is withheld (it would give that figure away); with no base (or no value) it is
    ``None`` without being withheld. Every derived figure of the statistics goes through here.
    """
    if 0 < base_companies < settings.min_contributors:
        return ProtectedCell(None, True, "threshold")
    for part in parts:
        if part.suppressed:
            return ProtectedCell(None, True, part.reason)
    if value is None or base_companies == 0:
        return ProtectedCell(None, False)
    return ProtectedCell(value, False)
