"""A linear system over named unknowns, and the attacker's question of it: how low and how high can a cell be?

Each unknown has bounds (a published cell is fixed to its value); rows are equalities (sum = rhs) or inequalities
(sum <= rhs). Bounds are found by linear programming (HiGHS), one connected part of the system at a time.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field

import highspy
import numpy as np

Name = Hashable


@dataclass(frozen=True)
class Bounds:
    """What the attacker can tell about an unknown: ``lo <= value <= hi`` (``None`` when no value fits at all)."""

    lo: float
    hi: float

    @property
    def pinned(self) -> bool:
        return math.isfinite(self.hi) and self.hi - self.lo < 1e-6


INFEASIBLE = None
_INFEASIBLE_RUN = object()
_UNBOUNDED_RUN = object()


def _finite(bound: float) -> float:
    """A bound as HiGHS takes it (its own infinity for an unlimited side)."""
    return max(-highspy.kHighsInf, min(highspy.kHighsInf, bound))


@dataclass
class LinearSystem:
    """Unknowns with bounds, and rows over them."""

    lower: dict[Name, float] = field(default_factory=dict)
    upper: dict[Name, float] = field(default_factory=dict)
    equalities: list[tuple[dict[Name, float], float]] = field(default_factory=list)
    inequalities: list[tuple[dict[Name, float], float]] = field(default_factory=list)

    def unknown(self, name: Name, lower: float = 0.0, upper: float = math.inf) -> Name:
        """Declare an unknown (again: its bounds only tighten)."""
        self.lower[name] = max(self.lower.get(name, -math.inf), lower)
        self.upper[name] = min(self.upper.get(name, math.inf), upper)
        return name

    def fix(self, name: Name, value: float) -> None:
        self.lower[name] = value
        self.upper[name] = value

    def equal(self, terms: Mapping[Name, float], rhs: float = 0.0) -> None:
        for name in terms:
            self.unknown(name)
        self.equalities.append((dict(terms), rhs))

    def at_most(self, terms: Mapping[Name, float], rhs: float = 0.0) -> None:
        for name in terms:
            self.unknown(name)
        self.inequalities.append((dict(terms), rhs))


def bound(
    system: LinearSystem, targets: Iterable[Name], *, most_per_part: int | None = None
) -> dict[Name, Bounds | None]:
    """The tightest bounds of each target that every row and bound allows (``None``: the system is infeasible).

    Fixed unknowns (published cells) are substituted first, which cuts the system into many small parts. With
    ``most_per_part``, at most that many targets of one part are bounded (the others are left out of the result).
    """
    reduced = _substituted(system)
    parts = _connected_parts(reduced)
    found: dict[Name, Bounds | None] = {}
    by_part: dict[int, list[Name]] = {}
    for target in targets:
        if system.lower[target] == system.upper[target] or target not in parts.part_of:
            found[target] = Bounds(system.lower[target], system.upper[target])
        else:
            by_part.setdefault(parts.part_of[target], []).append(target)
    for part, wanted in by_part.items():
        if most_per_part is not None and len(wanted) > most_per_part:
            wanted = wanted[:: math.ceil(len(wanted) / most_per_part)]
        program = _Program(reduced, parts.members[part])
        found.update({target: program.bounds(target) for target in wanted})
    return found


def violated(system: LinearSystem, tolerance: float = 1e-6) -> list[dict[Name, float]]:
    """Equalities whose unknowns are all fixed and do not hold: published figures that break an identity."""
    found = []
    for terms, rhs in system.equalities:
        all_fixed = all(system.lower[n] == system.upper[n] for n in terms)
        if all_fixed and abs(sum(c * system.lower[n] for n, c in terms.items()) - rhs) > tolerance:
            found.append(terms)
    return found


def _substituted(system: LinearSystem) -> LinearSystem:
    """The system with every fixed unknown replaced by its value (rows left without unknowns are dropped)."""
    reduced = LinearSystem()

    def fixed(name: Name) -> bool:
        return system.lower[name] == system.upper[name]

    for rows, target in ((system.equalities, reduced.equalities), (system.inequalities, reduced.inequalities)):
        for terms, rhs in rows:
            free = {n: c for n, c in terms.items() if not fixed(n)}
            if free:
                target.append((free, rhs - sum(c * system.lower[n] for n, c in terms.items() if fixed(n))))
    for terms, _ in (*reduced.equalities, *reduced.inequalities):
        for name in terms:
            reduced.lower[name] = system.lower[name]
            reduced.upper[name] = system.upper[name]
    return reduced


@dataclass
class _Parts:
    part_of: dict[Name, int]
    members: dict[int, list[Name]]


def _connected_parts(system: LinearSystem) -> _Parts:
    parent: dict[Name, Name] = {name: name for name in system.lower}

    def root(name: Name) -> Name:
        while parent[name] != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    for terms, _ in (*system.equalities, *system.inequalities):
        names = list(terms)
        for other in names[1:]:
            a, b = root(names[0]), root(other)
            if a != b:
                parent[a] = b
    numbers: dict[Name, int] = {}
    part_of: dict[Name, int] = {}
    members: dict[int, list[Name]] = {}
    for name in system.lower:
        number = numbers.setdefault(root(name), len(numbers))
        part_of[name] = number
        members.setdefault(number, []).append(name)
    return _Parts(part_of, members)


class _Program:
    """The linear program of one connected part, built once and solved again for each objective.

    HiGHS keeps the last optimal basis, so bounding the next cell starts from the previous answer: a few pivots
    instead of a solve from scratch (scipy's ``linprog`` rebuilt and presolved the whole program for every one).
    """

    def __init__(self, system: LinearSystem, names: list[Name]) -> None:
        self.index = {name: i for i, name in enumerate(names)}
        rows = [
            (terms, -highspy.kHighsInf if inequality else rhs, rhs)
            for inequality, group in ((False, system.equalities), (True, system.inequalities))
            for terms, rhs in group
            if next(iter(terms)) in self.index
        ]
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = len(names), len(rows)
        lp.col_cost_ = np.zeros(len(names))
        lp.col_lower_ = np.array([_finite(system.lower[n]) for n in names], dtype=float)
        lp.col_upper_ = np.array([_finite(system.upper[n]) for n in names], dtype=float)
        lp.row_lower_ = np.array([low for _, low, _ in rows], dtype=float)
        lp.row_upper_ = np.array([high for _, _, high in rows], dtype=float)
        starts, columns, coefficients = [0], [], []
        for terms, _, _ in rows:
            for name, coefficient in terms.items():
                columns.append(self.index[name])
                coefficients.append(coefficient)
            starts.append(len(columns))
        lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
        lp.a_matrix_.index_ = np.array(columns, dtype=np.int32)
        lp.a_matrix_.value_ = np.array(coefficients, dtype=float)
        lp.a_matrix_.num_row_, lp.a_matrix_.num_col_ = lp.num_row_, lp.num_col_
        self.highs = highspy.Highs()  # type: ignore[no-untyped-call]
        self.highs.setOptionValue("output_flag", False)
        self.highs.passModel(lp)
        self.feasible = self._run() is not _INFEASIBLE_RUN
        self.costed: int | None = None

    def _run(self) -> object:
        self.highs.run()
        status = self.highs.getModelStatus()
        if status == highspy.HighsModelStatus.kOptimal:
            return float(self.highs.getInfo().objective_function_value)
        if status == highspy.HighsModelStatus.kInfeasible:
            return _INFEASIBLE_RUN
        if status in (highspy.HighsModelStatus.kUnbounded, highspy.HighsModelStatus.kUnboundedOrInfeasible):
            return _UNBOUNDED_RUN
        raise RuntimeError(f"the linear program failed: {self.highs.modelStatusToString(status)}")

    def _optimum(self, target: Name, sign: float) -> float:
        column = self.index[target]
        if self.costed is not None and self.costed != column:
            self.highs.changeColCost(self.costed, 0.0)
        self.highs.changeColCost(column, sign)
        self.costed = column
        answer = self._run()
        if answer is _UNBOUNDED_RUN:  # the program is feasible (checked first), so this is a real ray
            return -math.inf * sign
        if answer is _INFEASIBLE_RUN:
            raise RuntimeError("a feasible linear program became infeasible when only its objective changed")
        assert isinstance(answer, float)
        return answer * sign

    def bounds(self, target: Name) -> Bounds | None:
        if not self.feasible:
            return INFEASIBLE
        return Bounds(self._optimum(target, 1.0), self._optimum(target, -1.0))
