"""Keeping a region-filtered answer consistent with the national breakdown by region.

A figure asked for one region is protected on its own by the threshold rule. The national breakdown by region may
hide that region's cell by secondary suppression (because another region's cell is small); publishing the region's
figure alone would then let anyone difference the hidden small cell out of the national total. So a region's
figures are withheld wherever the national breakdown hides the region.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from registry.statistics.schemas import StatCell

__all__ = ["BY_REGION_METRICS", "region_hidden", "withhold"]

BY_REGION_METRICS = ("active_companies_by_region", "ai_native_companies_by_region")
"""The cells of ``summary?group_by=region``."""


def region_hidden(national: Iterable[StatCell], region: str) -> bool:
    """Whether the national breakdown by region hides any of ``region``'s cells."""
    return any(cell.metric in BY_REGION_METRICS and cell.group == region and cell.suppressed for cell in national)


def withhold(cells: Sequence[StatCell]) -> list[StatCell]:
    """The cells with every published non-zero figure withheld (``secondary``); zeros tell nothing and stay."""
    return [
        cell
        if cell.suppressed or cell.value is None or cell.value == 0
        else StatCell(cell.metric, cell.group, None, True, "secondary")
        for cell in cells
    ]
