"""Fiscal periods: their keys, first and last days."""

from __future__ import annotations

from datetime import date, timedelta

__all__ = ["period_end", "period_key", "period_start"]


def period_key(fiscal_year: int, quarter: int | None) -> str:
    """``2023`` for a year, ``2023-Q2`` for a quarter."""
    return f"{fiscal_year}" if quarter is None else f"{fiscal_year}-Q{quarter}"


def period_start(fiscal_year: int, quarter: int | None) -> date:
    """The first day of the period."""
    return date(fiscal_year, 1 if quarter is None else 3 * quarter - 2, 1)


def period_end(fiscal_year: int, quarter: int | None) -> date:
    """The last day of the period."""
    if quarter is None or quarter == 4:
        return date(fiscal_year, 12, 31)
    return date(fiscal_year, 3 * quarter + 1, 1) - timedelta(days=1)
