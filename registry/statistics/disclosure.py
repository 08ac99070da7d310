"""Statistical disclosure control for confidential figures, following ONS and Eurostat (ESSnet SDC handbook) practice.

Only *confidential* metrics are protected (see the ``source_class`` of the data dictionary); public ones are counted
from what the public register shows anyway and are published exactly (:func:`exact`).

Primary suppression applies two rules to every confidential cell and margin:

* the **threshold rule**: a cell built from at least one but fewer than ``k`` companies is sensitive;
* the **(n, k) dominance rule**, for magnitude cells (AI FTE) only: a cell is sensitive when its ``n`` largest
  contributors make more than a share ``k`` of it. Exactly the share is still published.

Counts are frequency cells: only the threshold rule applies to them. Secondary suppression protects the withheld
cells of a release's tables together, by linear programming (:mod:`registry.statistics.linked_protection`).
Medians and percentiles go through :func:`quantile`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise
from typing import Literal, TypeAlias

__all__ = [
    "Cell",
    "DisclosureSettings",
    "ProtectedCell",
    "SuppressionReason",
    "exact",
    "primary_reason",
    "quantile",
]

SuppressionReason: TypeAlias = Literal["threshold", "dominance", "secondary"]


@dataclass(frozen=True, slots=True)
class DisclosureSettings:
    """The parameters of the disclosure rules."""

    min_contributors: int = 3
    """Threshold rule: a cell built from fewer companies than this (but at least one) is suppressed."""
    dominance_contributors: int = 2
    """Dominance rule: how many of the largest contributors of a magnitude cell are added up (the ``n``)."""
    dominance_share: Decimal = Decimal("0.85")
    """Dominance rule: a magnitude cell is suppressed when its largest contributors make more than this share."""
    count_protection: int = 3
    """Protection interval of a withheld count: an attacker's bounds reach at least this far either side of it
    (below, at most down to 1: a withheld count is never 0, zeros being published)."""
    magnitude_protection: Decimal = Decimal("0.25")
    """Protection interval of a withheld magnitude: this share of its value either side (at least 1 unit; below,
    at most down to 0)."""
    min_quantile_contributors: int = 10
    """Medians and percentiles are published only when computed from at least this many companies."""

    def __post_init__(self) -> None:
        if self.min_contributors < 1:
            raise ValueError("min_contributors must be at least 1")
        if self.dominance_contributors < 1:
            raise ValueError("dominance_contributors must be at least 1")
        if not Decimal(0) < self.dominance_share <= 1:
            raise ValueError("dominance_share must be in (0, 1]")
        if self.count_protection < 1:
            raise ValueError("count_protection must be at least 1")
        if self.magnitude_protection <= 0:
            raise ValueError("magnitude_protection must be positive")
        if self.min_quantile_contributors < 1:
            raise ValueError("min_quantile_contributors must be at least 1")


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
    """Which rule withholds it: ``threshold`` and ``dominance`` (primary) or ``secondary`` (complementary). Kept for
    staff; what is published says only that a figure is withheld."""


def exact(value: Decimal | int | None) -> ProtectedCell:
    """A public figure as published: exactly (``None`` when it is not defined, e.g. a rate over nothing)."""
    return ProtectedCell(value, suppressed=False)


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


def quantile(value: Decimal | None, *, companies: int, settings: DisclosureSettings) -> ProtectedCell:
    """A median or percentile of confidential figures as it may be published.

    Withheld (threshold) when computed from fewer than ``min_quantile_contributors`` companies: a median of three
    is one company's figure. ``None`` without being withheld when there is nothing to compute it from.
    """
    if 0 < companies < settings.min_quantile_contributors:
        return ProtectedCell(None, True, "threshold")
    if value is None or companies == 0:
        return ProtectedCell(None, False)
    return ProtectedCell(value, False)
