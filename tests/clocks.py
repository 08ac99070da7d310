"""A clock for the app that a test controls."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class Clock:
    """The app's clock: by default a day after the wall clock, so what the test writes (stamped by the database's
    wall clock) is already in the past when the app asks for figures as known at "now"; a test may move it."""

    def __init__(self, now: datetime | None = None) -> None:
        self.now = now or datetime.now(UTC) + timedelta(days=1)

    def __call__(self) -> datetime:
        return self.now
