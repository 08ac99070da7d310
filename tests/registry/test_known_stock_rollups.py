"""Stocks as known at a moment from the spans' versions and checkpoints equal those read from the history directly.

Hypothesis draws sequences of writes with plain SQL — registrations (back-dated ones too), declarations and
superseding ones (annual and quarterly, some filed with a moment in the past, as a bulk load writes them), status
changes and region moves effective today or in the past, corrected registration days, deleted companies — and
checkpoints made at moments between them. Then, for every moment between the writes (and the moments the spans were
stamped with), many days and the country, a region and the breakdown by region, the fast figures
(:func:`known_bucket_stocks`) must be the definitional ones (:func:`history_bucket_stocks`), and the stock-flow
accounts read from the spans those read from the history, for every interval and breakdown.
"""

from __future__ import annotations

import json
import random
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from registry.statistics.known_accounts import known_account_figures, known_risk_base
from registry.statistics.known_stocks import history_bucket_stocks, known_bucket_stocks, make_checkpoint
from registry.statistics.rates import known_pivot_risk_base
from registry.statistics.stock_flow import stock_flow_accounts

REGIONS = ("100000000", "110000000", "150000000")
CLASSES = ("ai_native", "ai_enabled", "non_ai")
FIRST_DAY = date(2021, 1, 1)
TODAY = datetime.now(UTC).date()

_REGISTER = text(
    """
    INSERT INTO companies (id, bin, name_kk, name_ru, legal_form, region_kato, registration_date, status, search_key)
    SELECT id, bin, 'Known', 'Known', 'llp', region, registered, 'active', 'known'
    FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(id uuid, bin text, region text, registered date)
    """
)
_FILE = text(
    """
    INSERT INTO declarations (id, company_id, fiscal_year, quarter, revenue_total, revenue_ai, fte_total, fte_ai,
        opex_total, opex_ai, owns_data_library, filed_at, rubric_version, ai_class, evaluation)
    SELECT gen_random_uuid(), company, year, quarter, 100, 0, 100, fte, 100, 0, false,
           coalesce(filed, clock_timestamp()), 1, class, '{}'
    FROM jsonb_to_recordset(CAST(:rows AS jsonb))
        AS r(company uuid, year int, quarter int, fte numeric, filed timestamptz, class text)
    """
)
_EFFECTIVE = text("SELECT set_config('registry.effective_on', :day, true)")
_NOW = text("SELECT clock_timestamp()")
_STAMPS = text(
    "SELECT DISTINCT m FROM (SELECT recorded_at AS m FROM summary_company_spans "
    "UNION SELECT superseded_at FROM summary_company_spans) s "
    "WHERE m >= :since ORDER BY 1"
)

ACCOUNT_TABLES: list[Any] = [
    (interval, dimension)
    for interval in ("year", "quarter")
    for dimension in ("none", "region", "legal_form", "activity")
]
STEPS = st.lists(
    st.sampled_from(
        (
            "register",
            "register_back_dated",
            "file",
            "file_native",
            "file_same_period",
            "file_late",
            "suspend",
            "suspend_in_past",
            "reinstate",
            "move",
            "move_in_past",
            "correct_registration",
            "change_legal_form",
            "change_legal_form_in_past",
            "delete",
            "checkpoint",
        )
    ),
    min_size=4,
    max_size=14,
)


class World:
    """The companies the steps write to, and the moments between the steps."""

    def __init__(self, session: AsyncSession, rng: random.Random) -> None:
        self.session, self.rng = session, rng
        self.companies: list[dict[str, Any]] = []
        self.moments: list[datetime] = []

    async def now(self) -> datetime:
        moment: datetime = await self.session.scalar(_NOW)
        self.moments.append(moment)
        return moment

    def company(self) -> dict[str, Any] | None:
        return self.rng.choice(self.companies) if self.companies else None

    async def register(self, *, back_dated: bool) -> None:
        start = FIRST_DAY if back_dated else TODAY - timedelta(days=400)
        rows = [
            {
                "id": str(uuid.uuid4()),
                "bin": f"{self.rng.randrange(10**11, 10**12)}",
                "region": self.rng.choice(REGIONS),
                "registered": (start + timedelta(days=self.rng.randrange(380))).isoformat(),
            }
            for _ in range(self.rng.choice((1, 3)))
        ]
        await self.session.execute(_REGISTER, {"rows": json.dumps(rows)})
        self.companies += rows

    async def file(self, *, same_period: bool = False, late: bool = False) -> None:
        company = self.company()
        if company is None:
            return
        registered = date.fromisoformat(company["registered"])
        year = self.rng.randrange(registered.year, TODAY.year + 1)
        quarter = self.rng.choice((None, None, 1, 2, 4))
        filing = {
            "company": company["id"],
            "year": year,
            "quarter": quarter,
            "fte": str(self.rng.randrange(0, 500) / 100),
            "class": self.rng.choice(CLASSES),
            # A late filing is stamped with a moment already past (as the demo loader and imports write them).
            "filed": (self.moments[0] - timedelta(days=self.rng.randrange(1, 900))).isoformat() if late else None,
        }
        rows = [filing, {**filing, "class": self.rng.choice(CLASSES)}] if same_period else [filing]
        for row in rows:
            await self.session.execute(_FILE, {"rows": json.dumps([row])})

    async def file_native(self, company: dict[str, Any] | None = None) -> dict[str, Any] | None:
        """AI-native for the last three years and their quarters: in the stock at every period end of the accounts."""
        company = company or self.company()
        if company is None:
            return None
        rows = [
            {
                "company": company["id"],
                "year": year,
                "quarter": quarter,
                "fte": "1",
                "class": "ai_native",
                "filed": None,
            }
            for year in range(TODAY.year - 3, TODAY.year)
            for quarter in (None, 1, 2, 3, 4)
        ]
        await self.session.execute(_FILE, {"rows": json.dumps(rows)})
        return company

    async def change(
        self, assignment: str, *, in_past: bool, company: dict[str, Any] | None = None, day: date | None = None
    ) -> None:
        company = company or self.company()
        if company is None:
            return
        registered = date.fromisoformat(company["registered"])
        day = day or registered + timedelta(days=self.rng.randrange(max(1, (TODAY - registered).days)))
        await self.session.execute(_EFFECTIVE, {"day": day.isoformat() if in_past else ""})
        update = text(f"UPDATE companies SET {assignment} WHERE id = :id")  # noqa: S608 - the test's own constants
        await self.session.execute(update, {"id": company["id"]})
        await self.session.execute(_EFFECTIVE, {"day": ""})

    async def step(self, kind: str) -> None:
        region = self.rng.choice(REGIONS)
        match kind:
            case "register" | "register_back_dated":
                await self.register(back_dated=kind == "register_back_dated")
            case "file_native":
                await self.file_native()
            case "file" | "file_same_period" | "file_late":
                await self.file(same_period=kind == "file_same_period", late=kind == "file_late")
            case "suspend" | "suspend_in_past":
                await self.change("status = 'suspended'", in_past=kind == "suspend_in_past")
            case "reinstate":
                await self.change("status = 'active'", in_past=False)
            case "move" | "move_in_past" | "change_legal_form" | "change_legal_form_in_past":
                form = self.rng.choice(("llp", "jsc", "ie"))
                assignment = f"region_kato = '{region}'" if kind.startswith("move") else f"legal_form = '{form}'"
                await self.change(assignment, in_past=kind.endswith("_in_past"))
            case "correct_registration":
                await self.change(
                    f"registration_date = registration_date + {self.rng.randrange(-60, 15)}", in_past=False
                )
            case "delete":
                company = self.company()
                if company is not None:
                    await self.session.execute(text("DELETE FROM companies WHERE id = :id"), {"id": company["id"]})
                    self.companies.remove(company)
            case "checkpoint":
                if self.moments:
                    await make_checkpoint(self.session, now=self.moments[-1], upto=self.rng.choice(self.moments))


async def _assert_same(world: World, since: datetime) -> None:
    stamps = list((await world.session.execute(_STAMPS, {"since": since})).scalars())
    moments = sorted({*world.moments, *stamps, *(m - timedelta(microseconds=1) for m in stamps)})
    days = [FIRST_DAY + timedelta(days=world.rng.randrange((TODAY - FIRST_DAY).days + 400)) for _ in range(4)]
    for known_at in [*world.rng.sample(moments, k=min(12, len(moments))), moments[-1]]:
        for as_of in [*days, TODAY]:
            for region, by_region in ((None, False), (REGIONS[0], False), (None, True)):
                arguments = {"as_of": as_of, "region": region, "known_at": known_at, "by_region": by_region}
                expected = await history_bucket_stocks(world.session, **arguments)
                found = await known_bucket_stocks(world.session, **arguments)
                assert found == expected, f"as of {as_of} known at {known_at}, region {region}, by region {by_region}"
    for known_at in [*world.rng.sample(moments, k=min(3, len(moments))), moments[-1]]:
        for year in (TODAY.year - 2, TODAY.year - 1):
            arguments = {"year": year, "tables": ACCOUNT_TABLES, "known_at": known_at}
            expected_accounts = await stock_flow_accounts(world.session, **arguments, from_history=True)
            assert await stock_flow_accounts(world.session, **arguments) == expected_accounts, f"{year} at {known_at}"
        await _assert_same_risk_base(world.session, known_at)


async def _assert_same_risk_base(session: AsyncSession, known_at: datetime) -> None:
    """The pivot rate's base from the checkpoints is the definition's, on fiscal years' first days and others."""
    starts = [date(year, 1, 1) for year in range(FIRST_DAY.year, TODAY.year + 2)] + [date(TODAY.year - 1, 7, 1)]
    for region in (None, REGIONS[0]):
        expected = await known_pivot_risk_base(session, starts, region, known_at)
        found = await known_risk_base(session, starts=starts, region=region, known_at=known_at)
        assert found == expected, f"companies at risk in {region} at {known_at}"


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS, seed=st.integers(0, 2**16))
async def test_stocks_known_at_a_moment_are_those_the_history_gives(
    session: AsyncSession, steps: list[str], seed: int
) -> None:
    savepoint = await session.begin_nested()
    try:
        world = World(session, random.Random(seed))
        since = await world.now()
        await world.register(back_dated=True)
        await world.register(back_dated=False)
        for company in world.companies[:2]:
            await world.file_native(company)
        # An AI-native company registered years ago moves in the middle of last year (the accounts by region move it).
        native = world.companies[0]
        region = next(r for r in REGIONS if r != native["region"])
        await world.change(f"region_kato = '{region}'", in_past=True, company=native, day=date(TODAY.year - 1, 6, 15))
        for kind in steps:
            await world.step(kind)
            await world.now()
        await _assert_same(world, since)
    finally:
        await savepoint.rollback()


_ACCOUNT_CHECKPOINTS = text(
    "SELECT a.first_year, a.last_year, (SELECT count(*) FROM account_known_deltas d "
    "WHERE d.checkpoint_id = a.checkpoint_id) FROM account_checkpoints a "
    "JOIN statistics_checkpoints c ON c.id = a.checkpoint_id ORDER BY c.upto"
)


async def test_accounts_add_up_checkpoints_and_recount_the_companies_changed_since(session: AsyncSession) -> None:
    """Two checkpoints with writes of every kind before, between and after them: at any moment, the definition."""
    savepoint = await session.begin_nested()
    try:
        world = World(session, random.Random(7))
        await world.now()
        for back_dated in (True, False, True, False):
            await world.register(back_dated=back_dated)
        for company in world.companies[:4]:
            await world.file_native(company)
        # One company declares itself non-AI for the year before last: at risk of pivoting from then on.
        non_ai = {"company": world.companies[-1]["id"], "year": TODAY.year - 2, "quarter": None, "fte": "0"}
        await session.execute(_FILE, {"rows": json.dumps([{**non_ai, "class": "non_ai", "filed": None}])})
        before_first = await world.now()
        await make_checkpoint(session, now=before_first, upto=before_first)
        first_years = (await session.execute(_ACCOUNT_CHECKPOINTS)).all()
        assert len(first_years) == 1
        first, last, deltas = first_years[0]
        assert first <= TODAY.year - 2 and last == TODAY.year + 1 and deltas > 0
        at_risk = "SELECT count(*) FROM account_known_deltas WHERE dimension = 'pivot_risk' AND flow = 'at_risk'"
        assert await session.scalar(text(at_risk)) > 0
        for kind in ("file", "move_in_past", "change_legal_form", "suspend", "file_native", "register"):
            await world.step(kind)
            await world.now()
        between = await world.now()
        await make_checkpoint(session, now=between, upto=between)
        assert len((await session.execute(_ACCOUNT_CHECKPOINTS)).all()) == 2
        for kind in ("change_legal_form_in_past", "move", "file_same_period", "reinstate", "suspend_in_past"):
            await world.step(kind)
            await world.now()
        for known_at in (before_first, world.moments[len(world.moments) // 2], between, await world.now()):
            for year in (TODAY.year - 2, TODAY.year - 1, TODAY.year):
                arguments = {"year": year, "tables": ACCOUNT_TABLES, "known_at": known_at}
                expected = await stock_flow_accounts(session, **arguments, from_history=True)
                assert await stock_flow_accounts(session, **arguments) == expected, f"{year} at {known_at}"
            await _assert_same_risk_base(session, known_at)
        # At the last checkpoint's moment the figures are its sums alone (no company has changed since).
        periods = [(str(TODAY.year - 1), date(TODAY.year - 2, 12, 31), date(TODAY.year - 1, 12, 31))]
        summed = await known_account_figures(
            session, year=TODAY.year - 1, periods=periods, dimensions=["none"], known_at=between
        )
        assert summed[str(TODAY.year - 1), "none", "", "closing"] > 0
    finally:
        await savepoint.rollback()
