"""Which fiscal year's declaration an AI-native licence (or any renewal) relies on, on a given day.

The licence rests on the declaration for the **last closed fiscal year**: on 1 December 2026 that is 2025. A year's
declaration cannot exist before the year ends, so for a grace period after 1 January (the filing window,
``REGISTRY_DECLARATION_GRACE_DAYS``, 120 days by default: until 30 April) the year before it is accepted too: on
15 March 2027 a founder who has not filed 2026 yet may still rely on 2025. The declaration must be annual (a quarter
does not stand for the year) and the company's current one for that year (not superseded).
"""

from __future__ import annotations

from datetime import date, timedelta

__all__ = ["DEFAULT_GRACE_DAYS", "relied_fiscal_years"]

DEFAULT_GRACE_DAYS = 120
"""Days after 1 January during which the year before the last closed one is still accepted."""


def relied_fiscal_years(today: date, *, grace_days: int = DEFAULT_GRACE_DAYS) -> tuple[int, ...]:
    """The fiscal years a declaration may be for, the last closed one first."""
    last_closed = today.year - 1
    if today < date(today.year, 1, 1) + timedelta(days=grace_days):
        return (last_closed, last_closed - 1)
    return (last_closed,)
