"""The app under test: built once per test process for each set of settings, its state new for every test."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from litestar import Litestar

from api.app import app_state, create_app
from api.database import Database
from api.dependencies import Clock
from api.settings import Settings

__all__ = ["app_for"]

_IDLE: dict[Settings, list[Litestar]] = {}


@contextmanager
def app_for(settings: Settings, *, database: Database, clock: Clock) -> Iterator[Litestar]:
    """The app as ``create_app(settings, database=database, clock=clock)`` builds it, without building it every time.

    Building registers some 270 routes and pages: 0.15 s of CPU, which two thousand tests would spend minutes on.
    Apps are built once per process for each settings but their data directory and lent out one at a time (a test
    with two clients gets two apps). Each loan starts with a new state: the test's own settings, database and clock,
    and none of the caches an earlier test's requests left there (the CSRF configuration, the reference lists). The
    request metrics are the one thing kept: the outermost middleware holds them.
    """
    idle = _IDLE.setdefault(replace(settings, data_dir=Path()), [])
    if idle:
        app = idle.pop()
        app.state = app_state(
            settings.with_secret(), database=database, clock=clock, operator_metrics=app.state.operator_metrics
        )
    else:
        app = create_app(settings, database=database, clock=clock)
    try:
        yield app
    finally:
        idle.append(app)
