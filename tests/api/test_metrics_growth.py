"""Cohorts and growth over HTTP, against the hand-built ecosystem of ``tests.growth_support``.

Every expected figure is worked out by hand in the comments from the table in ``tests.growth_support``. Cohort
sizes are public; the cohorts' active and AI-native companies and all growth figures come from declared figures,
so they are served from the release of their fiscal year. To check the worked figures themselves, some tests use an
app whose rules publish every cell (k = 1, medians of 1 company); the others use the real rules.
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from api.database import Database
from api.settings import Settings
from registry.statistics.cohorts import cohort_rows
from registry.statistics.growth import growth_rows
from registry.statistics.rates import percentile_cont
from tests.apps import app_for
from tests.conftest import FIXED_NOW
from tests.factories import SignedIn, account, register_company, unique_bin
from tests.growth_support import backdate_history, build_growth_ecosystem, store_declarations
from tests.metrics_support import METRICS, ULYTAU

Key = tuple[int, int | str | None, str]
TURKISTAN = "610000000"
"""No other test registers companies in this region."""
RELEASES = "/api/v1/statistics/releases"


@pytest.fixture
async def open_client(settings: Settings, database: Database) -> AsyncIterator[httpx.AsyncClient]:
    """A client of an app whose disclosure rules publish every cell (k = 1, dominance 100 %, medians of one)."""
    open_settings = replace(
        settings,
        disclosure_min_contributors=1,
        disclosure_dominance_share=Decimal(1),
        disclosure_min_quantile_contributors=1,
    )
    with app_for(open_settings, database=database, clock=lambda: FIXED_NOW) as app:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://registry.test") as client:
            yield client


@pytest.fixture
async def economist(client: httpx.AsyncClient, database: Database, connection: AsyncConnection) -> SignedIn:
    await build_growth_ecosystem(client, database, connection)
    return await account(client, database, "economist")


async def release(client: httpx.AsyncClient, database: Database, *periods: int) -> list[int]:
    """Make a release of each fiscal year (as an admin of ``client``'s app) and return their numbers."""
    admin = await account(client, database, "admin")
    made = []
    for period in periods:
        response = await client.post(RELEASES, json={"period": period}, headers=admin.headers)
        assert response.status_code == 201, response.text
        made.append(response.json()["id"])
    return made


async def national(client: httpx.AsyncClient, headers: dict[str, str], path: str, **params: str) -> Any:
    """A metrics answer for the whole country (the ecosystem is all there is)."""
    response = await client.get(f"{METRICS}{path}", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def _value(point: dict[str, Any]) -> Any:
    assert "reason" not in point
    if point["suppressed"]:
        return "C"
    return None if point["value"] is None else Decimal(str(point["value"]))


def cohort_values(body: dict[str, Any]) -> dict[Key, Any]:
    return {(p["cohort"], p["years_after"], p["metric"]): _value(p) for p in body["points"]}


def growth_values(body: dict[str, Any]) -> dict[Key, Any]:
    return {(p["year"], p["group"], p["metric"]): _value(p) for p in body["points"]}


def _d(*values: str) -> tuple[Decimal, ...]:
    return tuple(Decimal(v) for v in values)


async def test_cohorts_follow_each_registration_year_as_released(
    open_client: httpx.AsyncClient, economist: SignedIn, database: Database
) -> None:
    # Before any release only the (public) sizes are served.
    sizes = await national(open_client, economist.headers, "/cohorts", first="2021", last="2022")
    assert cohort_values(sizes) == {(2021, None, "cohort_companies"): 5, (2022, None, "cohort_companies"): 3}
    assert sizes["releases"] == []

    made = await release(open_client, database, 2022, 2023, 2024, 2025)
    body = await national(open_client, economist.headers, "/cohorts", first="2021", last="2022")
    assert (body["as_of"], body["first"], body["last"], body["region"]) == ("2026-11-20", 2021, 2022, None)
    assert body["releases"] == made
    # Cohort 2021 (P1-P5): 2022 and 2023: P1 P2 P3 P4 active, P1 P3 ai_native; 2024: P3 reports nothing (not
    # active), P2 has pivoted (P1 P2 ai_native); 2025 the same. Fiscal 2026 has not ended: no fifth year.
    # Cohort 2022 (Q1-Q3): all active each year (Q2's 2025 counts by its Q4 declaration); ai_native Q1, and in 2025
    # also Q3 by its superseding declaration filed 2026-09-01 (before the release was made).
    expected = {(2021, None, "cohort_companies"): 5, (2022, None, "cohort_companies"): 3}
    for cohort, size, years in (
        (2021, 5, {1: (4, 2), 2: (4, 2), 3: (3, 2), 4: (3, 2)}),
        (2022, 3, {1: (3, 1), 2: (3, 1), 3: (3, 2)}),
    ):
        for after, (active, native) in years.items():
            expected[(cohort, after, "cohort_active")] = active
            expected[(cohort, after, "cohort_ai_native")] = native
            expected[(cohort, after, "cohort_share_active")] = (Decimal(active) / size).quantize(Decimal("0.0001"))
            expected[(cohort, after, "cohort_share_ai_native")] = (Decimal(native) / size).quantize(Decimal("0.0001"))
    assert cohort_values(body) == expected
    assert expected[(2022, 3, "cohort_share_ai_native")] == Decimal("0.6667")

    # On 2024-12-31 only fiscal years to 2023 had ended: their cells only.
    early = cohort_values(
        await national(open_client, economist.headers, "/cohorts", first="2021", last="2022", as_of="2024-12-31")
    )
    assert early == {key: value for key, value in expected.items() if key[1] is None or key[0] + key[1] <= 2023}
    # A region's cohorts: the sizes (public); the rest is released for the country only.
    in_region = cohort_values(
        await national(open_client, economist.headers, "/cohorts", first="2021", last="2022", region=ULYTAU)
    )
    assert in_region == {(2021, None, "cohort_companies"): 5, (2022, None, "cohort_companies"): 3}


async def test_cohort_rows_are_as_known_at_a_moment(economist: SignedIn, session: AsyncSession) -> None:
    # On 2026-06-30 Q3's superseding declaration had not been filed: cohort 2022 had one ai_native company in 2025.
    before = await cohort_rows(session, year=2025, known_at=datetime(2026, 6, 30, 23, 59, 59, tzinfo=UTC))
    after = await cohort_rows(session, year=2025, known_at=datetime(2026, 11, 20, tzinfo=UTC))
    assert sum(r.ai_native for r in before if r.cohort == 2022) == 1
    assert sum(r.ai_native for r in after if r.cohort == 2022) == 2
    assert {r.years_after for r in after} == {3, 4}, "cohorts 2021 and 2022 in fiscal 2025"


async def test_cohort_cells_from_few_companies_are_withheld(
    client: httpx.AsyncClient, economist: SignedIn, database: Database
) -> None:
    await release(client, database, 2022, 2023, 2024, 2025)
    values = cohort_values(await national(client, economist.headers, "/cohorts", first="2021", last="2022"))
    # k = 3. Cohort 2021, first year: 4 active and 1 not; the lone inactive company would follow from the public
    # size, so the active count is withheld. 2 ai_native companies are below the threshold.
    assert values[(2021, None, "cohort_companies")] == 5
    assert values[(2021, 1, "cohort_active")] == "C"
    assert values[(2021, 1, "cohort_share_active")] == "C"
    assert values[(2021, 1, "cohort_ai_native")] == "C"
    assert values[(2021, 3, "cohort_active")] == "C"  # 3 active, 2 not
    # Cohort 2022: all 3 active (none inactive), 1 then 2 ai_native.
    assert (values[(2022, 1, "cohort_active")], values[(2022, 1, "cohort_share_active")]) == (3, Decimal(1))
    assert values[(2022, 1, "cohort_ai_native")] == "C"
    assert values[(2022, 3, "cohort_share_ai_native")] == "C"
    assert not any(isinstance(v, Decimal) and v < 0 for v in values.values())


async def test_growth_medians_and_high_growth_enterprises(
    open_client: httpx.AsyncClient, economist: SignedIn, database: Database
) -> None:
    made = await release(open_client, database, 2023, 2024, 2025)
    body = await national(open_client, economist.headers, "/growth", first="2023", last="2025")
    assert (body["first"], body["last"], body["releases"]) == (2023, 2025, made)
    values = growth_values(body)
    medians = {
        # 2023 (pairs 2022-2023): FTE P1 +.2 P3 +.2 (ai_native), P2 +.1 P4 0 (other); revenue P1 +.5 P3 +.2,
        # P2 -.1 P4 0. All: FTE [0 .1 .2 .2] -> .15, revenue [-.1 0 .2 .5] -> .1.
        2023: {None: _d("0.15", "0.1"), "ai_native": _d("0.2", "0.35"), "other": _d("0.05", "-0.05")},
        # 2024: ai_native P1 P2 P3 Q1: FTE [-1 .25 .25 .3636] -> .25, revenue [-1 1/3 1/3 .5] -> 1/3;
        # other P4 Q2 Q3: FTE [0 0 .0833] -> 0, revenue [0 .1 .2] -> .1; all 7: FTE -> .0833, revenue -> .2.
        2024: {None: _d("0.0833", "0.2"), "ai_native": _d("0.25", "0.3333"), "other": _d("0", "0.1")},
        # 2025: ai_native P1 P2 Q1 Q3: FTE [-.0667 .2 .25 .3333] -> .225, revenue [.05 .1 .5 .5] -> .3; other P4:
        # 13 -> 15 FTE (2/13 = .1538), 88 -> 100 (12/88 = .1364); Q2 has no annual 2025 declaration.
        2025: {None: _d("0.2", "0.1364"), "ai_native": _d("0.225", "0.3"), "other": _d("0.1538", "0.1364")},
    }
    for year, groups in medians.items():
        for group, (headcount, revenue) in groups.items():
            assert values[(year, group, "headcount_growth_median")] == headcount, (year, group)
            assert values[(year, group, "revenue_growth_median")] == revenue, (year, group)
    # High growth in 2025 (from 2022): eligible with >= 10 FTE in 2022: P1 (10), P2 (20), P4 (12). P1 14 >= 13.31
    # and P2 40 >= 26.62 grew >= 10 % a year; P4 15 < 15.972 did not. P1 P2 are ai_native in 2025, P4 other.
    assert {(g, m): values[(2025, g, m)] for g in (None, "ai_native", "other") for m in _HIGH_GROWTH} == {
        (None, "high_growth_eligible"): 3,
        (None, "high_growth_enterprises"): 2,
        (None, "high_growth_share"): Decimal("0.6667"),
        ("ai_native", "high_growth_eligible"): 2,
        ("ai_native", "high_growth_enterprises"): 2,
        ("ai_native", "high_growth_share"): Decimal(1),
        ("other", "high_growth_eligible"): 1,
        ("other", "high_growth_enterprises"): 0,
        ("other", "high_growth_share"): Decimal(0),
    }
    # No declarations for 2020 or 2021: nobody is eligible in 2023 or 2024, and a share of nothing is null.
    assert values[(2024, None, "high_growth_eligible")] == 0
    assert values[(2024, None, "high_growth_share")] is None


_HIGH_GROWTH = ("high_growth_eligible", "high_growth_enterprises", "high_growth_share")


async def test_growth_rows_are_as_known_at_a_moment(economist: SignedIn, session: AsyncSession) -> None:
    # On 2026-06-30 Q3's 2025 declaration was still ai_enabled: Q3 (+.25 FTE, +.5 revenue) counts as other.
    rows = await growth_rows(session, year=2025, known_at=datetime(2026, 6, 30, 23, 59, 59, tzinfo=UTC))

    def median(group: str, attribute: str) -> Decimal | None:
        found = sorted(getattr(r, attribute) for r in rows if r.group == group and getattr(r, attribute) is not None)
        return percentile_cont(found, Decimal("0.5"))

    assert median("ai_native", "headcount_growth") == Decimal("0.2")  # [-.0667 .2 .3333]
    assert median("ai_native", "revenue_growth") == Decimal("0.1")  # [.05 .1 .5]
    assert median("other", "headcount_growth") == Decimal("0.2019")  # (2/13 + .25) / 2
    assert median("other", "revenue_growth") == Decimal("0.3182")  # (12/88 + .5) / 2


async def test_growth_figures_from_few_companies_are_withheld(
    client: httpx.AsyncClient, economist: SignedIn, database: Database
) -> None:
    await release(client, database, 2023, 2024, 2025)
    values = growth_values(await national(client, economist.headers, "/growth", first="2023", last="2025"))
    # A median needs 10 companies (a median of three is one company's figure): none here has them.
    medians = {key: value for key, value in values.items() if key[2].endswith("_median")}
    assert set(medians.values()) == {"C"}
    # 2025 high growth: eligible ai_native 2, other 1, high growth 2: each from fewer than 3 companies.
    assert values[(2025, "ai_native", "high_growth_eligible")] == "C"
    assert values[(2025, "other", "high_growth_eligible")] == "C"
    assert values[(2025, None, "high_growth_enterprises")] == "C"
    assert values[(2025, "other", "high_growth_share")] == "C"
    # Growth is not broken down by region, and a year without a release is refused.
    for params in ({"first": "2025", "last": "2025", "region": ULYTAU}, {"first": "2025", "last": "2026"}):
        refused = await client.get(f"{METRICS}/growth", params=params, headers=economist.headers)
        assert refused.status_code == 422, refused.text
        assert refused.json()["code"] == "statistics.release_only"


async def test_cohorts_and_growth_as_csv(client: httpx.AsyncClient, economist: SignedIn, database: Database) -> None:
    await release(client, database, 2023, 2024, 2025)
    region = ["region", "region_name_kk", "region_name_ru", "region_name_en"]
    for path, header, years in (
        ("/cohorts", ["as_of", *region, "cohort", "years_after", "metric", "value", "suppressed"], ("2021", "2022")),
        ("/growth", ["as_of", *region, "year", "group", "metric", "value", "suppressed"], ("2023", "2025")),
    ):
        response = await client.get(
            f"{METRICS}{path}",
            params={"first": years[0], "last": years[1]},
            headers={**economist.headers, "Accept": "text/csv"},
        )
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.text)))
        assert rows[0] == header
        suppressed = [row for row in rows[1:] if row[-1] == "true"]
        assert suppressed
        assert all(row[-2] == "" for row in suppressed)
    cohort_csv = await client.get(
        f"{METRICS}/cohorts",
        params={"region": ULYTAU, "first": "2022", "last": "2022"},
        headers={**economist.headers, "Accept": "text/csv"},
    )
    cohort_table = list(csv.DictReader(io.StringIO(cohort_csv.text)))
    assert {(r["years_after"], r["metric"]): r["value"] for r in cohort_table}[("", "cohort_companies")] == "3"
    assert {r["region_name_en"] for r in cohort_table} == {"Ulytau Region"}


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/cohorts", {"first": "2024", "last": "2020"}, "last"),
        ("/growth", {"first": "1950", "last": "2025"}, "first"),
        ("/cohorts", {"first": "1800"}, "first"),
        ("/cohorts", {"as_of": "9999-12-31"}, "as_of"),
        ("/growth", {"as_of": "9999-12-31"}, "as_of"),
        ("/summary", {"as_of": "9999-12-31"}, "as_of"),
        ("/timeseries", {"metric": "born_ai_native", "from": "2020-01-01", "to": "9999-12-31"}, "to"),
        ("/licensing", {"from": "0001-01-01", "to": "2020-01-01"}, "from"),
    ],
)
async def test_invalid_year_ranges_are_refused(
    client: httpx.AsyncClient, database: Database, path: str, params: dict[str, str], field: str
) -> None:
    economist = await account(client, database, "economist")
    response = await client.get(
        f"{METRICS}{path}", params=params, headers={**economist.headers, "Accept-Language": "kk"}
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert field in response.text


async def test_founders_cannot_read_cohorts_or_growth(client: httpx.AsyncClient, database: Database) -> None:
    founder = await account(client, database)
    for path in ("/cohorts", "/growth"):
        assert (await client.get(f"{METRICS}{path}", headers=founder.headers)).status_code == 403
        assert (await client.get(f"{METRICS}{path}")).status_code == 401


async def test_high_growth_means_more_than_ten_percent_a_year_compared_exactly(
    open_client: httpx.AsyncClient, client: httpx.AsyncClient, database: Database, connection: AsyncConnection
) -> None:
    # Eurostat: growth *greater than* 10 % a year over three years, i.e. fte_t > 1.331 x fte_t-3, compared exactly.
    founder = await account(client, database)
    staff = {"R1": "10/50; 13.31/60", "R2": "10/50; 13.32/60", "R3": "100/50; 133.1/60", "R4": "20/50; 26.61/60"}
    for spec in staff.values():
        company = await register_company(
            client, founder, bin=unique_bin(date(2020, 5, 1)), registration_date="2020-05-04", region=TURKISTAN
        )
        start, end = spec.split("; ")
        await store_declarations(connection, company["id"], f"2021 X {start}; 2024 X {end}")
        await backdate_history(connection, [company["id"]])
    economist = await account(client, database, "economist")
    await release(open_client, database, 2024)
    values = growth_values(await national(open_client, economist.headers, "/growth", first="2024", last="2024"))
    # R1 and R3 grew exactly 10 % a year (not more), R4 less (26.61 < 26.62): only R2 is a high-growth enterprise.
    assert values[(2024, None, "high_growth_eligible")] == 4
    assert values[(2024, None, "high_growth_enterprises")] == 1
    assert values[(2024, None, "high_growth_share")] == Decimal("0.25")


async def test_growth_without_years_covers_the_released_years_of_the_last_five(
    client: httpx.AsyncClient, economist: SignedIn, database: Database
) -> None:
    # No release yet: the default window (2021-2025, the five years before 2026) has nothing to serve.
    refused = await client.get(f"{METRICS}/growth", headers={**economist.headers, "Accept-Language": "ru"})
    assert refused.status_code == 422, refused.text
    assert refused.json()["code"] == "statistics.release_only"
    assert "2021, 2022, 2023, 2024, 2025" in refused.json()["detail"]
    await release(client, database, 2023, 2025)
    body = await national(client, economist.headers, "/growth")
    assert (body["first"], body["last"]) == (2023, 2025)
    assert {p["year"] for p in body["points"]} == {2023, 2025}
    only_2025 = await national(client, economist.headers, "/growth", first="2025", last="2025")
    assert [p for p in body["points"] if p["year"] == 2025] == only_2025["points"]
    # Asked for by name, a year without a release is still refused.
    asked = await client.get(f"{METRICS}/growth", params={"first": "2023", "last": "2025"}, headers=economist.headers)
    assert asked.status_code == 422, asked.text
    assert "2024" in asked.json()["detail"]
