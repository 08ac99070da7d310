"""Confidential cells company by company: what each company contributes to each cell of a release.

A release's confidential cells are built from rows (an application, a company's declared figures), not from
aggregates, so that each cell knows its contributors: the threshold and dominance rules need them, and a revision
needs them to see which companies changed a cell since the release before (:func:`revision_reasons`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from registry.statistics.disclosure import Cell, DisclosureSettings, SuppressionReason, primary_reason
from registry.statistics.linked_protection import CellKey, LinkedSet

__all__ = ["Contributions", "revision_reasons"]

_ZERO = Decimal(0)


@dataclass(slots=True)
class Contributions:
    """Cells by key, each a company -> contribution map, and how the cells hang together."""

    cells: dict[CellKey, dict[str, Decimal]] = field(default_factory=dict)
    magnitude: set[CellKey] = field(default_factory=set)
    """Sums of declared figures (AI FTE); the others count rows (applications, companies)."""
    latent: set[CellKey] = field(default_factory=set)
    """Never published, but protected like the others (e.g. a cohort's companies that are not active)."""
    public: set[CellKey] = field(default_factory=set)
    """Public figures in the set (e.g. a cohort's size): always published, exactly."""
    identities: list[tuple[tuple[CellKey, ...], CellKey]] = field(default_factory=list)

    def cell(self, key: CellKey, *, magnitude: bool = False, latent: bool = False, public: bool = False) -> None:
        """Declare a cell (it stays 0 without contributions)."""
        self.cells.setdefault(key, {})
        if magnitude:
            self.magnitude.add(key)
        if latent:
            self.latent.add(key)
        if public:
            self.public.add(key)

    def add(self, key: CellKey, company: str, amount: Decimal | int = 1, *, magnitude: bool = False) -> None:
        """Add a company's contribution to a cell (declaring it if new)."""
        self.add_all((key,), company, amount, magnitude=magnitude)

    def add_all(
        self, keys: Iterable[CellKey], company: str, amount: Decimal | int = 1, *, magnitude: bool = False
    ) -> None:
        """Add the same contribution of a company to each of ``keys`` (a row counted in a cell and its margins)."""
        cells = self.cells
        for key in keys:
            contributions = cells.get(key)
            if contributions is None:
                self.cell(key, magnitude=magnitude)
                contributions = cells[key]
            contributions[company] = contributions.get(company, _ZERO) + amount

    def identity(self, parts: Iterable[CellKey], total: CellKey) -> None:
        """``sum(parts) == total``."""
        self.identities.append((tuple(parts), total))

    def value(self, key: CellKey) -> Decimal:
        """The cell's figure."""
        return sum(self.cells[key].values(), Decimal(0))

    def as_cell(self, key: CellKey, settings: DisclosureSettings) -> Cell:
        """The cell as the disclosure rules see it."""
        contributions = self.cells[key]
        magnitude = key in self.magnitude
        value = self.value(key)
        largest: tuple[Decimal, ...] = ()
        if magnitude:
            largest = tuple(sorted(contributions.values(), reverse=True)[: settings.dominance_contributors])
        return Cell(value if magnitude else int(value), len(contributions), largest, magnitude=magnitude)

    def linked_set(self, settings: DisclosureSettings) -> LinkedSet:
        """The cells and identities as one linked set, for protection."""
        linked = LinkedSet()
        for key in sorted(self.cells):
            linked.add(key, self.as_cell(key, settings), latent=key in self.latent, public=key in self.public)
        for parts, total in self.identities:
            linked.add_identity(parts, total)
        return linked


def revision_reasons(
    previous: Contributions, current: Contributions, settings: DisclosureSettings
) -> dict[CellKey, SuppressionReason]:
    """The cells of a revision that would single out the companies that changed since the release before.

    The release before is published, so a cell's change between the two is published too whenever both figures
    are. The change is treated as a cell of its own — its contributors are the companies whose contribution
    changed (added, removed or different), its value the sizes of their changes — and when a primary rule makes it
    sensitive, the revision withholds the cell (and protects it like any other).
    """
    reasons: dict[CellKey, SuppressionReason] = {}
    for key, now in current.cells.items():
        if key in current.public:
            continue
        before = previous.cells.get(key, {})
        if now == before:  # most cells of a revision: no company changed (compared at C speed)
            continue
        deltas = [
            abs(amount - before.get(company, _ZERO)) for company, amount in now.items() if before.get(company) != amount
        ]
        deltas += [abs(amount) for company, amount in before.items() if company not in now]
        changed = len(deltas)
        deltas.sort(reverse=True)
        change = Cell(
            sum(deltas, Decimal(0)),
            changed,
            tuple(deltas[: settings.dominance_contributors]),
            magnitude=key in current.magnitude,
        )
        if (reason := primary_reason(change, settings)) is not None:
            reasons[key] = reason
    return reasons
