"""A release's observations as figures, keyed like the live answers so the attacker links the two."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from tests.attacker.cells import ADDITIVE_OVER_TIME, WINDOWED_RATIOS, Figure, cell_key, period_window

_GROWTH = frozenset(
    {
        "headcount_growth_median",
        "revenue_growth_median",
        "high_growth_eligible",
        "high_growth_enterprises",
        "high_growth_share",
    }
)


def release_figures(observations: list[dict[str, Any]], *, period: int, release: str) -> list[Figure]:
    """Each observation with a value or ``conf_status`` ``C``; a published null (undefined) is left out.

    Cohorts and growth are the live tables as of 1 January after the release's year (as the release builds them);
    flows and funnel figures cover their period; stocks are the period's last day.
    """
    found = []
    after_year = date(period + 1, 1, 1)
    for o in observations:
        withheld = o["conf_status"] == "C"
        if o["value"] is None and not withheld:
            continue
        measure = o["measure"]
        dims: dict[str, str] = {
            "ai_class": o["ai_class"],
            "activity": o["activity"],
            "legal_form": o["legal_form"],
            "licence_type": o["licence_type"],
            "years_after": o["years_after"],
        }
        if measure.startswith("cohort_") or measure in _GROWTH:
            # The release's cohorts and growth are its own (declarations as known at its known_at, not as of
            # 1 January), so they are cells of their own, linked only within the release.
            start = end = after_year
            dims["cohort" if measure.startswith("cohort_") else "year"] = o["time_period"]
            dims["basis"] = release
        elif measure in ADDITIVE_OVER_TIME or measure in WINDOWED_RATIOS or measure.startswith("ai_native_"):
            start, end = period_window(o["time_period"])
        else:
            start = end = period_window(o["time_period"])[1]
        key = cell_key(measure, start, end, o["ref_area"], **dims)
        request = f"{release} {o['dataflow']}"
        found.append(Figure(key, None if withheld else Decimal(o["value"]), request))
    return found
