"""The independent attacker turned on everything the API serves an economist (issue 11).

For each ecosystem it harvests every endpoint, interval, window, region, breakdown, as_of day, JSON and CSV, and two
releases; bounds every withheld confidential cell by linear programming; differences every pair of published
confidential figures; and checks the public cells against direct counts. Any finding fails the test with the list
of offending cells and the requests that served them.

Run: ``.venv/bin/python -m pytest tests/attacker -p no:logging -s`` (``-s`` prints each ecosystem's summary and
timings; about 90 s in all, the demo about 30 s of it). The attacker's own code never imports the project's
disclosure control; see identities.py for what it knows and verdict.py for the protection it demands.

Limits: the CSV rendering is compared with the JSON for every second request (every seventh on the demo);
``known_at`` is left at "now"; the oracle computes applications, decisions, AI FTE, stocks, registrations and
licences in force, not cohorts or growth (their withheld cells are still attacked, and pinning them fails).
"""

from __future__ import annotations

import functools
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, timedelta

import httpx
import pytest
from litestar import Litestar
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from api.database import Database
from api.demo import load_demo
from api.settings import Settings
from tests.apps import app_for
from tests.attacker.ecosystems import (
    ASTANA,
    ATYRAU,
    KYZYLORDA,
    PAVLODAR,
    SHYMKENT,
    ULYTAU,
    Ecosystem,
    build,
    drawn,
    hand_written,
)
from tests.attacker.harvest import HarvestPlan, harvest
from tests.attacker.oracle import Oracle
from tests.attacker.verdict import judge
from tests.clocks import Clock
from tests.factories import account

YEARS = (2023, 2024, 2025, 2026)
RELEASE_PERIODS = (2024, 2025)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def app(settings: Settings, database: Database, clock: Clock) -> Iterator[Litestar]:
    with app_for(settings, database=database, clock=clock) as app:
        yield app


QUARTER_ENDS = tuple(date(y, m, d) for y in YEARS for m, d in ((1, 1), (3, 31), (6, 30), (9, 30), (12, 31)))


def _plan(oracle: Oracle, today: date, *, breakdowns_in_regions: bool = True) -> HarvestPlan:
    """Every change of a confidential stock asked about that day and the day before, for the country and for the
    region it happened in (the snooper's differencing); every region at each quarter's end."""
    summaries: set[tuple[date, str | None]] = set()
    for day, region in oracle.changes():
        summaries |= {(d, area) for d in (day, day - timedelta(days=1)) for area in (None, region)}
    summaries |= {(day, area) for day in QUARTER_ENDS for area in (None, *oracle.regions)}
    return HarvestPlan(
        regions=tuple(sorted(oracle.regions)),
        summaries=tuple(sorted((s for s in summaries if date(YEARS[0], 1, 1) <= s[0] < today), key=str)),
        table_days=tuple(day for day in QUARTER_ENDS if day < today),
        years=YEARS,
        release_periods=RELEASE_PERIODS,
        all_breakdowns_in_regions=breakdowns_in_regions,
        csv_every=2,
    )


def _demo_plan(oracle: Oracle, today: date) -> HarvestPlan:
    """The same questions, fewer of them (a cohort or growth table takes about a second at 2,000 companies): the
    four smallest regions one by one, the changes of 2025 in them, the tables for the country at each year's start.
    """
    sizes = Counter(company.region for company in oracle.companies.values())
    small = sorted(sizes, key=lambda region: (sizes[region], region))[:4]
    summaries: set[tuple[date, str | None]] = set()
    for day, region in oracle.changes():
        if region in small and day.year == 2025:
            summaries |= {(d, area) for d in (day, day - timedelta(days=1)) for area in (None, region)}
    summaries |= {(day, area) for day in QUARTER_ENDS for area in (None, *small)}
    return HarvestPlan(
        regions=tuple(small),
        summaries=tuple(sorted((s for s in summaries if date(YEARS[0], 1, 1) <= s[0] < today), key=str)),
        table_days=tuple(date(year, 1, 1) for year in YEARS[1:]),
        tables_by_region=False,
        years=YEARS,
        release_periods=RELEASE_PERIODS,
        all_breakdowns_in_regions=False,
        csv_every=7,
    )


async def _attack(
    name: str,
    client: httpx.AsyncClient,
    database: Database,
    connection: AsyncConnection,
    clock: Clock,
    plan: Callable[[Oracle, date], HarvestPlan] = _plan,
) -> None:
    started = time.monotonic()
    economist = await account(client, database, "economist")
    admin = await account(client, database, "admin")
    oracle = await Oracle.load(connection)
    found = await harvest(client, economist.headers, admin.headers, plan(oracle, clock.now.date()))
    harvested = time.monotonic()
    verdict = judge(found, oracle)
    by_endpoint = ", ".join(f"{endpoint} {seconds:.1f} s" for endpoint, seconds in found.seconds.items())
    print(
        f"\n{verdict.message(name)}\n  harvest {harvested - started:.1f} s ({by_endpoint}), "
        f"attack {time.monotonic() - harvested:.1f} s"
    )
    assert not verdict.failures(), verdict.message(name)


@pytest.mark.parametrize(
    ("ecosystem", "breakdowns_in_regions"),
    [
        (hand_written(), True),
        (drawn(11, {ULYTAU: 10, ASTANA: 8, SHYMKENT: 5, KYZYLORDA: 2, PAVLODAR: 1}), False),
        (drawn(23, {ASTANA: 14, ULYTAU: 9, SHYMKENT: 7, PAVLODAR: 4, ATYRAU: 2, KYZYLORDA: 1}), False),
    ],
    ids=["hand-written", "seed-11", "seed-23"],
)
async def test_the_attacker_learns_nothing_confidential_from_a_hand_built_ecosystem(
    ecosystem: Ecosystem,
    breakdowns_in_regions: bool,
    client: httpx.AsyncClient,
    database: Database,
    connection: AsyncConnection,
    clock: Clock,
) -> None:
    await build(ecosystem, client, database, connection)
    plan = functools.partial(_plan, breakdowns_in_regions=breakdowns_in_regions)
    await _attack(ecosystem.name, client, database, connection, clock, plan)


async def test_the_attacker_learns_nothing_confidential_from_the_demo(
    client: httpx.AsyncClient, database: Database, connection: AsyncConnection, clock: Clock
) -> None:
    await load_demo(database, companies=2000, seed=2026, progress=False)
    # The planner's statistics still describe the empty tables of the test database; without them a release's
    # queries can take minutes at this size. (ANALYZE is transactional too: it is rolled back with the data.)
    await connection.execute(text("ANALYZE"))
    await _attack("demo (2,000 companies)", client, database, connection, clock, _demo_plan)
