"""Keeping a region-filtered answer consistent with the national breakdown by region.

A figure asked for one region is protected on its own by the threshold rule. The national breakdown by region may
hide that region's cell by secondary suppression (because another region's cell is small); publishing the region's
figure alone would then let anyone difference the hidden small cell out of the national total. So a region's
figures are withheld wherever the national breakdown hides the region.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from registry.statistics.disclosure import ProtectedCell, SuppressionReason
from registry.statistics.schemas import StatCell

__all__ = ["BY_REGION_METRICS", "gated", "region_hidden", "withhold"]

BY_REGION_METRICS = ("active_companies_by_region", "ai_native_companies_by_region")
"""The cells of ``summary?group_by=region``."""


def region_hidden(national: Iterable[StatCell], region: str) -> bool:
    """Whether the national breakdown by region hides any of ``region``'s cells."""
    return any(cell.metric in BY_REGION_METRICS and cell.group == region and cell.suppressed for cell in national)


def gated(cell: ProtectedCell, hidden_by: SuppressionReason | None, *, total: bool = False) -> ProtectedCell:
    """The one region gate: a region-filtered figure, withheld where the national breakdown by region hides the region.

    ``hidden_by`` is the reason the national breakdown hides the region's cell (``None`` when it does not). A zero
    tells nothing about the hidden cells and stays; the region's total takes the national reason, the rest of its
    breakdown ``secondary``.
    """
    if hidden_by is None or cell.suppressed or cell.value is None or cell.value == 0:
        return cell
    return ProtectedCell(None, True, hidden_by if total else "secondary")


def withhold(cells: Sequence[StatCell]) -> list[StatCell]:
    """The cells of a region the national breakdown hides, through :func:`gated`."""
    found = []
    for cell in cells:
        gate = gated(ProtectedCell(cell.value, cell.suppressed, cell.reason), "secondary")
        found.append(StatCell(cell.metric, cell.group, gate.value, gate.suppressed, gate.reason))
    return found
