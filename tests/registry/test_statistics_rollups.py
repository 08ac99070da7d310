"""The summary rollups agree with the direct aggregate over companies and declarations, whatever the writes.

Random small ecosystems are written with plain SQL (multi-row and single-row statements, so the statement-level
triggers see both), with out-of-order and same-day filings, superseding filings, quarters, and later changes of
status, region and registration date, deleted declarations and companies. After every step the rollup-based
figures are compared with the aggregate the summary used to run directly, for many days and for a region.
"""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from registry.companies.models import Company
from registry.history.models import CompanyHistory
from registry.statistics.flows import flow_counts
from registry.statistics.history_flows import history_flow_counts
from registry.statistics.known_flows import known_flow_counts
from registry.statistics.known_stocks import history_bucket_stocks
from registry.statistics.rollups import bucket_stocks
from registry.statistics.states import KNOWN_NOW
from registry.statistics.stocks import registry_summary

REGIONS = ("100000000", "110000000", "150000000")
CLASSES = ("ai_native", "ai_enabled", "non_ai")
FIRST_DAY = date(2021, 1, 1)

_INSERT_COMPANY = text(
    """
    INSERT INTO companies (id, bin, name_kk, name_ru, legal_form, region_kato, registration_date, status, search_key)
    SELECT id, bin, 'Rollup', 'Rollup', 'llp', region, registered, 'active', 'rollup'
    FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(id uuid, bin text, region text, registered date)
    """
)
_INSERT_DECLARATIONS = text(
    """
    INSERT INTO declarations (id, company_id, fiscal_year, quarter, revenue_total, revenue_ai, fte_total, fte_ai,
        opex_total, opex_ai, owns_data_library, filed_at, rubric_version, ai_class, evaluation)
    SELECT gen_random_uuid(), company, year, quarter, 100, 0, 100, fte, 100, 0, false, filed, 1, class, '{}'
    FROM jsonb_to_recordset(CAST(:rows AS jsonb))
        AS r(company uuid, year int, quarter int, fte numeric, filed timestamptz, class text)
    """
)


def _day(rng: random.Random, start: date, days: int) -> date:
    return start + timedelta(days=rng.randrange(days))


def _moment(day: date, rng: random.Random) -> str:
    return (datetime.combine(day, time(), tzinfo=UTC) + timedelta(minutes=rng.choice((0, 1, 600, 1439)))).isoformat()


def _declaration(rng: random.Random, company: str, registered: date) -> dict[str, Any]:
    year = rng.randrange(max(2021, registered.year), 2026)
    filed = _day(rng, max(registered - timedelta(days=30), date(year, 1, 1)), 900)
    return {
        "company": company,
        "year": year,
        "quarter": rng.choice((None, None, 1, 4)),
        "fte": str(Decimal(rng.randrange(0, 4000)) / 100),
        "filed": _moment(filed, rng),
        "class": rng.choice(CLASSES),
    }


async def _direct(session: AsyncSession, as_of: date, region: str | None) -> dict[str, tuple[int, Decimal]]:
    """The summary's figures read directly from the history and the declarations (the one time basis of
    :mod:`registry.statistics.states`, as known now): ``bucket -> (companies, fte)``.

    Two filings for the same period at the same instant would make its pick arbitrary (the rollups take the larger
    id), so the ecosystems never have them.
    """
    stocks = await history_bucket_stocks(session, as_of=as_of, region=region, known_at=KNOWN_NOW)
    figures = {bucket: (stock.companies, stock.fte_ai) for (_, bucket), stock in stocks.items()}
    figures.setdefault("undeclared", (0, Decimal(0)))
    return figures


async def _from_rollups(session: AsyncSession, as_of: date, region: str | None) -> dict[str, tuple[int, Decimal]]:
    stocks = await bucket_stocks(session, as_of=as_of, region=region)
    figures = {
        bucket: (stock.companies, stock.fte_ai)
        for (_, bucket), stock in stocks.items()
        if stock.companies or bucket == "undeclared"
    }
    figures.setdefault("undeclared", (0, Decimal(0)))
    return figures


async def _assert_agree(session: AsyncSession, rng: random.Random, step: str) -> None:
    days = [FIRST_DAY + timedelta(days=rng.randrange(2200)) for _ in range(12)] + [date(2030, 1, 1)]
    for as_of in days:
        for region in (None, REGIONS[0]):
            direct = {k: v for k, v in (await _direct(session, as_of, region)).items() if v[0] or k == "undeclared"}
            assert await _from_rollups(session, as_of, region) == direct, f"{step}: as of {as_of}, region {region}"
    for _ in range(6):
        await _assert_registrations_agree(session, rng, step)
    current = await session.scalar(
        text(
            "SELECT count(*) FROM (SELECT * FROM summary_spans(ARRAY(SELECT id FROM companies)) "
            "EXCEPT ALL SELECT company_id, region_kato, ai_class, fte_ai, valid_from, valid_to "
            "FROM summary_company_spans WHERE superseded_at IS NULL) missing"
        )
    )
    assert current == 0, f"{step}: the stored spans differ from spans rebuilt from scratch"
    versions_missing = await session.scalar(
        text(
            "SELECT count(*) FROM (SELECT * FROM summary_span_versions(ARRAY(SELECT id FROM companies)) "
            "EXCEPT ALL SELECT company_id, region_kato, ai_class, fte_ai, valid_from, valid_to, recorded_at, "
            "superseded_at FROM summary_company_spans) missing"
        )
    )
    assert versions_missing == 0, f"{step}: the stored versions differ from versions rebuilt from scratch"
    stored = await session.scalar(text("SELECT count(*) FROM summary_company_spans"))
    versions = await session.scalar(text("SELECT count(*) FROM summary_span_versions(ARRAY(SELECT id FROM companies))"))
    assert stored == versions, f"{step}: every stored version is one rebuilt from scratch"


async def _assert_registrations_agree(session: AsyncSession, rng: random.Random, step: str) -> None:
    interval = rng.choice(("month", "quarter", "year"))
    start = FIRST_DAY + timedelta(days=rng.randrange(1500))
    end = start + timedelta(days=rng.choice((0, 20, 45, 400, 1200)))
    if rng.random() < 0.3:
        start = start.replace(day=1)
    group_by = rng.choice((None, "region", "legal_form"))
    region = rng.choice((None, REGIONS[1]))
    direct = await history_flow_counts(
        session,
        metric="companies_registered",
        interval=interval,
        start=start,
        end=end,
        group_by=group_by,
        region=region,
        known_at=KNOWN_NOW,
    )
    found = await flow_counts(
        session,
        metric="companies_registered",
        interval=interval,
        start=start,
        end=end,
        group_by=group_by,
        region=region,
    )
    assert set(found) == set(direct), f"{step}: registrations {interval} {start}..{end} by {group_by} in {region}"
    known = await known_flow_counts(
        session,
        metric="companies_registered",
        interval=interval,
        start=start,
        end=end,
        group_by=group_by,
        region=region,
        known_at=KNOWN_NOW,
    )
    assert set(known) == set(found), f"{step}: registrations known now {interval} {start}..{end} by {group_by}"


@pytest.mark.parametrize("seed", range(6))
async def test_rollups_agree_with_the_direct_aggregate(session: AsyncSession, seed: int) -> None:
    rng = random.Random(seed)
    companies = [
        {
            "id": str(uuid.uuid4()),
            "bin": f"{rng.randrange(10**11, 10**12)}",
            "region": rng.choice(REGIONS),
            "registered": _day(rng, FIRST_DAY, 1500).isoformat(),
        }
        for _ in range(25)
    ]
    await session.execute(_INSERT_COMPANY, {"rows": _json(companies)})
    await _assert_agree(session, rng, "registered")

    filings = [
        _declaration(rng, c["id"], date.fromisoformat(c["registered"]))
        for c in companies
        for _ in range(rng.randrange(4))
    ]
    # Same-day and superseding filings: the same period again, later that day and a year later.
    for filing in rng.sample(filings, k=min(6, len(filings))):
        later = datetime.fromisoformat(filing["filed"]) + timedelta(seconds=rng.choice((1, 60)))
        filings.append({**filing, "class": rng.choice(CLASSES), "filed": later.isoformat()})
        day = datetime.fromisoformat(filing["filed"]).date() + timedelta(days=365)
        filings.append({**filing, "fte": "1.50", "filed": _moment(day, rng)})
    rng.shuffle(filings)
    await session.execute(_INSERT_DECLARATIONS, {"rows": _json(filings[: len(filings) // 2])})
    for filing in filings[len(filings) // 2 :]:
        await session.execute(_INSERT_DECLARATIONS, {"rows": _json([filing])})
    await _assert_agree(session, rng, "filed")

    picked = rng.sample(companies, k=8)
    await session.execute(text("UPDATE companies SET status = 'suspended' WHERE id = :id"), {"id": picked[0]["id"]})
    await session.execute(text("UPDATE companies SET status = 'liquidated' WHERE id = :id"), {"id": picked[1]["id"]})
    await session.execute(
        text("UPDATE companies SET region_kato = :region WHERE id = ANY(CAST(:ids AS uuid[]))"),
        {"region": REGIONS[0], "ids": [c["id"] for c in picked[2:5]]},
    )
    await session.execute(
        text("UPDATE companies SET registration_date = registration_date + 400, ai_class = 'non_ai' WHERE id = :id"),
        {"id": picked[5]["id"]},
    )
    await session.execute(text("UPDATE companies SET ai_class = 'ai_native'"))  # changes nothing counted
    await _assert_agree(session, rng, "changed")

    await session.execute(text("UPDATE companies SET status = 'active' WHERE id = :id"), {"id": picked[0]["id"]})
    await session.execute(
        text("DELETE FROM declarations WHERE id = (SELECT id FROM declarations WHERE company_id = :id LIMIT 1)"),
        {"id": picked[6]["id"]},
    )
    await session.execute(text("DELETE FROM companies WHERE id = :id"), {"id": picked[7]["id"]})
    await _assert_agree(session, rng, "reinstated and deleted")


async def test_summary_by_region_publishes_each_region_against_the_country_total(session: AsyncSession) -> None:
    rows = [
        {"id": str(uuid.uuid4()), "bin": f"{rng_bin}", "region": region, "registered": "2024-01-10"}
        for rng_bin, region in zip(
            random.Random(7).sample(range(10**11, 10**12), 8),
            ["100000000"] * 4 + ["110000000"] * 3 + ["150000000"],
            strict=True,
        )
    ]
    await session.execute(_INSERT_COMPANY, {"rows": _json(rows)})
    classes = ["ai_native"] * 3 + ["non_ai", "ai_native"] + ["non_ai"] * 3
    filings = [
        {"company": r["id"], "year": 2024, "quarter": None, "fte": "2", "filed": "2025-03-01T09:00:00Z", "class": c}
        for r, c in zip(rows, classes, strict=True)
    ]
    await session.execute(_INSERT_DECLARATIONS, {"rows": _json(filings)})
    day = date(2025, 3, 1)
    # Active on the day by the register's history (companies other tests committed may be suspended since).
    active = dict(
        (
            await session.execute(
                select(CompanyHistory.region_kato, func.count())
                .join(Company, Company.id == CompanyHistory.company_id)
                .where(
                    CompanyHistory.superseded_at.is_(None),
                    CompanyHistory.valid_from <= day,
                    CompanyHistory.valid_to > day,
                    CompanyHistory.status == "active",
                    Company.registration_date <= day,
                )
                .group_by(CompanyHistory.region_kato)
            )
        ).all()
    )
    native = {region: (await _direct(session, day, region)).get("ai_native", (0,))[0] for region in active}

    plain = await registry_summary(session, as_of=day, region=None)
    grouped = await registry_summary(session, as_of=day, region=None, group_by="region")
    assert grouped[: len(plain)] == plain, "the breakdown adds cells, it changes none"
    by_region = {(c.metric, c.group): c.value for c in grouped[len(plain) :]}
    assert by_region == {
        **{("active_companies_by_region", region): count for region, count in sorted(active.items())},
        **{("ai_native_companies_by_region", region): native[region] for region in sorted(active)},
    }
    assert sum(active.values()) == next(c.value for c in plain if c.metric == "active_companies")
    # Public counts: a region of one or two companies is published too (anyone can count it on the register).
    assert not any(c.suppressed for c in grouped)


def _json(rows: list[dict[str, Any]]) -> str:
    import json

    return json.dumps(rows)
