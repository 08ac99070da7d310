"""Secondary suppression of a release's confidential tables as one linked set, by linear programming.

This is how tau-ARGUS protects linked tables: every confidential cell of every table of a release is a variable,
and every way the tables hang together is a linear identity — a breakdown adds up to its total, quarters add up to
their year, regions to the country, the region, activity and legal-form tables share their national total, a
funnel's parts add up to what was submitted. An attacker who knows every published cell, these identities and that
every figure is non-negative can bound each withheld cell by minimising and maximising it over that system
(:meth:`_Model.reaches`). Zeros may be withheld as complements like any other cell, so a withheld count is not
known to be at least 1 (when zeros are never withheld, every withheld cell is at least 1, and a row whose withheld
cells add up to their number gives each away as 1).

A cell a primary rule makes sensitive is **protected** when those bounds reach its protection interval
(:func:`protection_interval`): for a count ``v``, up to ``v + p`` and down to ``max(0, v - p)``; for a magnitude,
``v`` plus or minus a share of it (at least one unit), down to at most 0 — or as far as the public figures in the
set allow (:meth:`_Model.attainable`: a cohort of three companies, a public figure, has at most three active ones).
A complement must not be exact: its bounds leave it at least one unit of room on one side. (As in tau-ARGUS, the
full interval is asked of the sensitive cells only: a large complement next to a cell of 1 can never go far below
its own value.)

The complements are chosen by linear programming as well. When a withheld cell ``s`` is not protected upwards, one
LP finds the cheapest change of the published cells (each published cell moving away from its value, a cost per
unit, margins dearer than inner cells, public cells fixed, every cell non-negative) that lets ``s`` reach the top of
its interval while every identity still holds. Withholding exactly the cells that moved makes that
changed table one the attacker cannot rule out, so ``s`` is then protected in that direction; the new complements
are then checked in turn. Hiding more never narrows an interval, so the loop ends, at worst with everything hidden.

The LPs are solved with HiGHS (``highspy``), deterministically: the same linked set gives the same suppressions,
so a release recomputed at its ``known_at`` is byte-identical.
"""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import highspy
import numpy as np

from registry.statistics.disclosure import Cell, DisclosureSettings, SuppressionReason, primary_reason

__all__ = ["CellKey", "Identity", "LinkedSet", "protect_linked", "protection_interval"]


def _swallow_banner() -> None:
    """Let HiGHS print its copyright banner (once per process, on its first model) to nowhere.

    The banner is written straight to file descriptor 1, past ``output_flag``; in a service it would be a stray
    non-JSON line in the structured log. Done once, at import, before any request is served.
    """
    if sys.stdout is not None:
        sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # no standard output at all: nothing to keep clean
        return
    try:
        with open(os.devnull, "wb") as nowhere:
            os.dup2(nowhere.fileno(), 1)
            highspy.Highs()  # type: ignore[no-untyped-call]
    finally:
        os.dup2(saved, 1)
        os.close(saved)


_swallow_banner()

CellKey = tuple[str, ...]
"""Identifies a cell across the tables of a release (the same figure in two tables is one cell)."""

_TOLERANCE = 1e-6
_INNER_COST = 1.0
_MARGIN_COST = 3.0
"""Extra cost per unit change of a cell for every identity it is the total of (margins carry more information)."""


@dataclass(frozen=True, slots=True)
class Identity:
    """``sum(parts) == total``: how cells of the linked set hang together."""

    parts: tuple[CellKey, ...]
    total: CellKey


@dataclass(slots=True)
class LinkedSet:
    """The confidential cells of a release and the identities between them."""

    cells: dict[CellKey, Cell] = field(default_factory=dict)
    latent: set[CellKey] = field(default_factory=set)
    """Cells that are never published but tie others together and are protected like them (e.g. the eligible
    companies that did not grow fast: their number follows from two published ones)."""
    public: set[CellKey] = field(default_factory=set)
    """Public figures the confidential ones add up to (e.g. a cohort's size): published exactly, never withheld."""
    identities: list[Identity] = field(default_factory=list)

    def add(self, key: CellKey, cell: Cell, *, latent: bool = False, public: bool = False) -> None:
        """Add a cell (the same key twice must be the same figure)."""
        known = self.cells.get(key)
        if known is not None and known.value != cell.value:
            raise ValueError(f"two different figures for the cell {key}: {known.value} and {cell.value}")
        self.cells[key] = cell
        if latent:
            self.latent.add(key)
        if public:
            self.public.add(key)

    def add_identity(self, parts: Iterable[CellKey], total: CellKey) -> None:
        """Add ``sum(parts) == total``; every key must be a cell already."""
        members = tuple(parts)
        for key in (*members, total):
            if key not in self.cells:
                raise ValueError(f"the identity names an unknown cell {key}")
        if members:
            self.identities.append(Identity(members, total))


def protection_interval(cell: Cell, settings: DisclosureSettings) -> tuple[float, float]:
    """How far down and up an attacker's bounds on a withheld cell must at least reach."""
    value = float(cell.value)
    if cell.magnitude:
        margin = max(float(settings.magnitude_protection) * value, 1.0)
        return max(0.0, value - margin), value + margin
    return max(0.0, value - settings.count_protection), value + settings.count_protection


def protect_linked(
    linked: LinkedSet,
    settings: DisclosureSettings,
    *,
    sensitive: Mapping[CellKey, SuppressionReason] | None = None,
) -> dict[CellKey, SuppressionReason]:
    """The cells to withhold, with their reason: the primary ones and the complements that protect every one.

    ``sensitive`` adds cells made sensitive by other rules (a revision's). Sensitive latent cells are protected
    but, never being published, not returned.

    Raises:
        ValueError: The figures do not satisfy the identities (a table built wrongly).
    """
    keys = sorted(linked.cells)
    model = _Model(linked, keys)
    reasons: dict[CellKey, SuppressionReason] = {}
    for key in keys:
        if key not in linked.public and (reason := primary_reason(linked.cells[key], settings)) is not None:
            reasons[key] = reason
    for key, reason in (sensitive or {}).items():
        if key not in linked.public and linked.cells[key].contributors > 0:  # an emptied cell is a published zero
            reasons.setdefault(key, reason)
    pending = deque(sorted(reasons))
    while pending:
        key = pending.popleft()
        for upwards, target in _unmet(model, key, linked.cells[key], reasons, settings):
            for complement in model.complements(key, target, upwards, reasons.keys()):
                reasons[complement] = "secondary"
                pending.append(complement)
    return {key: reason for key, reason in reasons.items() if key not in linked.latent}


def _unmet(
    model: _Model,
    key: CellKey,
    cell: Cell,
    reasons: dict[CellKey, SuppressionReason],
    settings: DisclosureSettings,
) -> list[tuple[bool, float]]:
    """What the attacker's bounds on a withheld cell do not reach yet, as ``(upwards, target)`` pairs.

    A sensitive cell needs its whole protection interval. A complement needs only not to be exact: one unit of room
    on either side (when it has none, it is given room upwards).
    """
    if reasons[key] != "secondary":
        low, high = model.attainable(key, protection_interval(cell, settings))
        return [
            (up, target) for up, target in ((True, high), (False, low)) if not model.reaches(key, target, up, reasons)
        ]
    value = float(cell.value)
    if model.reaches(key, value + 1.0, True, reasons):
        return []
    if value - 1.0 >= 0.0 and model.reaches(key, value - 1.0, False, reasons):
        return []
    return [(True, value + 1.0)]


class _SolverFailed(Exception):
    """HiGHS gave no optimum (nor unboundedness) for an LP, even solved from scratch."""


def _order(identity: Identity) -> tuple[CellKey, tuple[CellKey, ...]]:
    return identity.total, identity.parts


class _Model:
    """The linked set as one LP over HiGHS.

    Columns ``x`` (the cells), ``p`` and ``m`` (a published cell's change up and down); rows: the identities over
    ``x``, then ``x - p + m == value`` for each cell.

    Only bounds and costs change from one solve to the next.
    """

    def __init__(self, linked: LinkedSet, keys: list[CellKey]) -> None:
        self.keys = keys
        self.index = {key: number for number, key in enumerate(keys)}
        self.values = np.array([float(linked.cells[key].value) for key in keys])
        self.latent = np.array([key in linked.latent for key in keys])
        self.fixed = np.array([key in linked.public for key in keys])
        """Public cells: the attacker knows them, and they are never withheld."""
        self.floor = np.zeros(len(keys))
        """The attacker's lower bound of a withheld cell: every figure is non-negative."""
        totals = np.zeros(len(keys))
        # In a canonical order (and each identity's parts sorted): the LP, and so its choice among equally cheap
        # complements, depends on the figures only, not on the order the tables were built in.
        identities = sorted({Identity(tuple(sorted(i.parts)), i.total) for i in linked.identities}, key=_order)
        for identity in identities:
            totals[self.index[identity.total]] += 1
        self.costs = _INNER_COST + _MARGIN_COST * totals
        self._check(identities)
        self.highs = self._build(identities)

    def _check(self, identities: list[Identity]) -> None:
        for identity in identities:
            parts = sum(self.values[self.index[key]] for key in identity.parts)
            if abs(parts - self.values[self.index[identity.total]]) > _TOLERANCE * (1 + abs(parts)):
                raise ValueError(f"the parts of {identity.total} do not add up to it")

    def _build(self, identities: list[Identity]) -> highspy.Highs:
        n = len(self.keys)
        starts, columns, coefficients = [0], [], []
        for identity in identities:
            row: dict[int, float] = {}
            for key in identity.parts:
                row[self.index[key]] = row.get(self.index[key], 0.0) + 1.0
            row[self.index[identity.total]] = row.get(self.index[identity.total], 0.0) - 1.0
            for column, coefficient in sorted(row.items()):
                if coefficient:
                    columns.append(column)
                    coefficients.append(coefficient)
            starts.append(len(columns))
        for number in range(n):  # x - p + m == value
            columns += [number, n + number, 2 * n + number]
            coefficients += [1.0, -1.0, 1.0]
            starts.append(len(columns))
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = 3 * n, len(identities) + n
        lp.col_cost_ = np.zeros(3 * n)
        lp.col_lower_ = np.zeros(3 * n)
        lp.col_upper_ = np.zeros(3 * n)
        lp.row_lower_ = np.concatenate([np.zeros(len(identities)), self.values])
        lp.row_upper_ = lp.row_lower_.copy()
        lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
        lp.a_matrix_.index_ = np.array(columns, dtype=np.int32)
        lp.a_matrix_.value_ = np.array(coefficients)
        lp.a_matrix_.num_row_, lp.a_matrix_.num_col_ = lp.num_row_, lp.num_col_
        highs = highspy.Highs()  # type: ignore[no-untyped-call]
        highs.setOptionValue("output_flag", False)
        highs.setOptionValue("random_seed", 0)
        highs.passModel(lp)
        self.identity_rows = len(identities)
        return highs

    def _hidden(self, hidden: Iterable[CellKey]) -> np.ndarray:
        mask = self.latent.copy()
        for key in hidden:
            mask[self.index[key]] = True
        return mask

    def _set(self, lower: np.ndarray, upper: np.ndarray, cost: np.ndarray, links: np.ndarray) -> None:
        """Bounds and costs of every column; ``links`` says which cells' ``x - p + m == value`` rows hold."""
        n = len(self.keys)
        inf = highspy.kHighsInf
        columns = np.arange(3 * n, dtype=np.int32)
        self.highs.changeColsBounds(3 * n, columns, lower, upper)
        self.highs.changeColsCost(3 * n, columns, cost)
        rows = np.arange(self.identity_rows, self.identity_rows + n, dtype=np.int32)
        self.highs.changeRowsBounds(  # type: ignore[attr-defined]
            n, rows, np.where(links, self.values, -inf), np.where(links, self.values, inf)
        )

    def reaches(self, key: CellKey, target: float, upwards: bool, hidden: Iterable[CellKey]) -> bool:
        """Whether the attacker's bound on withheld ``key`` reaches ``target`` (max at least, or min at most)."""
        n, number = len(self.keys), self.index[key]
        mask = self._hidden(hidden)
        lower = np.concatenate([np.where(mask, self.floor, self.values), np.zeros(2 * n)])
        upper = np.concatenate([np.where(mask, highspy.kHighsInf, 0.0), np.zeros(2 * n)])
        cost = np.zeros(3 * n)
        cost[number] = -1.0 if upwards else 1.0
        # A published cell is pinned by its link row (x == value, p == m == 0).
        upper[:n] = np.where(mask, highspy.kHighsInf, self.values)
        self._set(lower, upper, cost, ~mask)
        try:
            bound = self._solve_objective()
        except _SolverFailed:  # no answer: count it as not protected, so more is withheld (never less)
            return False
        if bound is None:  # unbounded above: protected upwards
            return upwards
        extreme = -bound if upwards else bound
        slack = _TOLERANCE * (1 + abs(target))
        return extreme >= target - slack if upwards else extreme <= target + slack

    def attainable(self, key: CellKey, interval: tuple[float, float]) -> tuple[float, float]:
        """``interval``, narrowed to what the public cells allow: the bounds with every other cell withheld.

        A cohort of three public companies holds at most three active ones, whatever is withheld.
        """
        low, high = interval
        everything = [k for k in self.keys if not self.fixed[self.index[k]]]
        try:
            if not self.reaches(key, high, True, everything):
                high = self._extreme(key, True, everything)
            if not self.reaches(key, low, False, everything):
                low = self._extreme(key, False, everything)
        except _SolverFailed:  # keep the full interval: more is withheld, never less
            return interval
        return low, high

    def _extreme(self, key: CellKey, upwards: bool, hidden: Iterable[CellKey]) -> float:
        self.reaches(key, 0.0, upwards, hidden)  # sets up and solves the bound's LP
        if self.highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            raise _SolverFailed(str(self.highs.getModelStatus()))
        value = float(self.highs.getInfo().objective_function_value)
        return -value if upwards else value

    def complements(self, key: CellKey, target: float, upwards: bool, hidden: Iterable[CellKey]) -> list[CellKey]:
        """The published cells to withhold so that withheld ``key`` can reach ``target``, cheapest change first."""
        n, number = len(self.keys), self.index[key]
        inf = highspy.kHighsInf
        mask = self._hidden(hidden)
        movable = ~mask & ~self.fixed
        x_lower = np.where(movable | mask, self.floor, self.values)
        x_upper = np.where(movable | mask, inf, self.values)
        if upwards:
            x_lower[number] = max(x_lower[number], target)
        else:
            x_upper[number] = target
        room_down = np.maximum(self.values - self.floor, 0.0)
        lower = np.concatenate([x_lower, np.zeros(2 * n)])
        upper = np.concatenate([x_upper, np.where(movable, inf, 0.0), np.where(movable, room_down, 0.0)])
        cost = np.concatenate([np.zeros(n), np.where(movable, self.costs, 0.0), np.where(movable, self.costs, 0.0)])
        self._set(lower, upper, cost, ~mask)
        if self._run() != highspy.HighsModelStatus.kOptimal:
            return [self.keys[i] for i in range(n) if movable[i]]  # nothing cheaper exists: hide what can move
        solution = np.asarray(self.highs.getSolution().col_value)
        moved = solution[n : 2 * n] + solution[2 * n :]
        return [self.keys[i] for i in range(n) if movable[i] and moved[i] > _TOLERANCE * (1 + self.values[i])]

    def _run(self) -> highspy.HighsModelStatus:
        """Solve from the last basis; when HiGHS cannot tell the outcome from there, once more from scratch."""
        self.highs.run()
        status = self.highs.getModelStatus()
        if status == highspy.HighsModelStatus.kUnknown:
            self.highs.clearSolver()
            self.highs.run()
            status = self.highs.getModelStatus()
        return status

    def _solve_objective(self) -> float | None:
        """The optimum of the current LP, ``None`` when it is unbounded."""
        status = self._run()
        if status == highspy.HighsModelStatus.kOptimal:
            return float(self.highs.getInfo().objective_function_value)
        if status in (highspy.HighsModelStatus.kUnbounded, highspy.HighsModelStatus.kUnboundedOrInfeasible):
            return None
        raise _SolverFailed(str(status))
