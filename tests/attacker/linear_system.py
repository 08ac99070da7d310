"""A linear system over named unknowns, and the attacker's question of it: how low and how high can a cell be?

Each unknown has bounds (a published cell is fixed to its value); rows are equalities (sum = rhs) or inequalities
(sum <= rhs). Bounds are found by linear programming (scipy's HiGHS), one connected part of the system at a time.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_matrix

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
    """The linear program of one connected part."""

    def __init__(self, system: LinearSystem, names: list[Name]) -> None:
        self.index = {name: i for i, name in enumerate(names)}
        self.bounds_list = np.array([(system.lower[n], system.upper[n]) for n in names], dtype=float)
        self.a_eq, self.b_eq = self._matrix(system.equalities)
        self.a_ub, self.b_ub = self._matrix(system.inequalities)

    def _matrix(self, rows: list[tuple[dict[Name, float], float]]) -> tuple[csr_matrix | None, np.ndarray | None]:
        mine = [(terms, rhs) for terms, rhs in rows if next(iter(terms)) in self.index]
        if not mine:
            return None, None
        data, row_ids, col_ids = [], [], []
        for row, (terms, _) in enumerate(mine):
            for name, coefficient in terms.items():
                data.append(coefficient)
                row_ids.append(row)
                col_ids.append(self.index[name])
        matrix = csr_matrix((data, (row_ids, col_ids)), shape=(len(mine), len(self.index)))
        return matrix, np.array([rhs for _, rhs in mine], dtype=float)

    def _optimum(self, target: Name, sign: float) -> float | None:
        objective = np.zeros(len(self.index))
        objective[self.index[target]] = sign
        result = linprog(
            objective,
            A_ub=self.a_ub,
            b_ub=self.b_ub,
            A_eq=self.a_eq,
            b_eq=self.b_eq,
            bounds=self.bounds_list,
            method="highs",
        )
        if result.status == 2:  # infeasible
            return None
        if result.status == 3:  # unbounded
            return -math.inf * sign
        if result.status != 0:
            raise RuntimeError(f"the linear program failed: {result.message}")
        return float(result.fun) * sign

    def bounds(self, target: Name) -> Bounds | None:
        lo = self._optimum(target, 1.0)
        hi = self._optimum(target, -1.0)
        if lo is None or hi is None:
            return INFEASIBLE
        return Bounds(lo, hi)
