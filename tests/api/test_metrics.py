"""Ecosystem metrics over HTTP, checked against the hand-built ecosystem of ``tests.metrics_support``.

No other test registers companies in Ulytau (620000000), and every test runs in a transaction that is rolled back,
so filtering by that region sees exactly the companies built there. The expected figures are worked out by hand,
not by calling the code: public figures exactly; confidential ones (AI FTE, applications) from releases, with the
disclosure rules (k = 3 companies, dominance: two largest > 85 %).
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncConnection

from api.database import Database
from tests.factories import account
from tests.metrics_support import (
    METRICS,
    ULYTAU,
    build_ecosystem,
    build_licence_track,
    get,
    numbers,
    points,
)


async def test_summary_as_of_before_and_after_a_superseding_declaration(
    client: httpx.AsyncClient, database: Database, connection: AsyncConnection
) -> None:
    await build_ecosystem(client, database, connection)
    economist = await account(client, database, "economist")

    # The end of 2025, as known on 2026-06-14: C's 2024 declaration is still ai_native; G's 2025 declaration is not
    # filed yet; I is not registered; H has been suspended since 2024.
    # Classes: ai_native A B C D = 4, non_ai E F J = 3, ai_enabled K = 1 and undeclared G N = 2. The classes are
    # public (on every company's profile), so they are published exactly, however few companies a cell holds.
    before = await get(client, economist.headers, "/summary", as_of="2025-12-31", known_at="2026-06-14T23:59:59Z")
    assert (before["as_of"], before["region"], before["releases"]) == ("2025-12-31", ULYTAU, [])
    assert numbers(before) == {
        ("active_companies", None): 10,
        ("companies_by_ai_class", "ai_native"): 4,
        ("companies_by_ai_class", "ai_enabled"): 1,
        ("companies_by_ai_class", "non_ai"): 3,
        ("companies_by_ai_class", "undeclared"): 2,
        ("active_licences", None): 0,
        ("active_licences", "ai_native"): 0,
        ("active_licences", "standard_digital"): 0,
    }

    # As known on 2026-06-15: C's superseding non_ai filing (10:00 UTC) counts. ai_native A B D = 3, non_ai C E F J.
    after = await get(client, economist.headers, "/summary", as_of="2025-12-31", known_at="2026-06-15T23:59:59Z")
    assert {k: v for k, v in numbers(after).items() if k[0] != "active_licences"} == {
        ("active_companies", None): 10,
        ("companies_by_ai_class", "ai_native"): 3,
        ("companies_by_ai_class", "ai_enabled"): 1,
        ("companies_by_ai_class", "non_ai"): 4,
        ("companies_by_ai_class", "undeclared"): 2,
    }

    # The end of 2025 as known now: G's 2025 ai_native filing counts (N is the one undeclared company).
    known_now = await get(client, economist.headers, "/summary", as_of="2025-12-31")
    assert {k: v for k, v in numbers(known_now).items() if k[0] != "active_licences"} == {
        ("active_companies", None): 10,
        ("companies_by_ai_class", "ai_native"): 4,
        ("companies_by_ai_class", "ai_enabled"): 1,
        ("companies_by_ai_class", "non_ai"): 4,
        ("companies_by_ai_class", "undeclared"): 1,
    }

    # A day before anything was filed, every company is undeclared; before 2023 nothing is registered.
    empty = await get(client, economist.headers, "/summary", as_of="2022-12-31")
    assert set(numbers(empty).values()) == {0}


async def test_ai_fte_is_served_from_the_release_of_the_year_and_only_at_its_end(
    client: httpx.AsyncClient, database: Database, connection: AsyncConnection
) -> None:
    await build_ecosystem(client, database, connection)
    economist = await account(client, database, "economist")
    admin = await account(client, database, "admin")
    # AI FTE is a declared figure (confidential): without a release, no day has it.
    unreleased = await get(client, economist.headers, "/summary", as_of="2025-12-31")
    assert not any(metric == "ai_fte" for metric, _ in numbers(unreleased))

    made = await client.post("/api/v1/statistics/releases", json={"period": 2025}, headers=admin.headers)
    assert made.status_code == 201, made.text
    release = made.json()["id"]
    # At the end of 2025 as the release knew it (2026-11-20): ai_native A 4 + B 4 + D 20 + G 4 = 32 (the two
    # largest 24 ≤ 85 %), ai_enabled K 2 (one company: threshold), non_ai C E F J 0, Ulytau 34. With ai_enabled
    # hidden, ai_native would follow from the region's total, so it is hidden too; the country is Ulytau.
    year_end = await get(client, economist.headers, "/summary", as_of="2025-12-31")
    assert year_end["releases"] == [release]
    assert {k: v for k, v in numbers(year_end).items() if k[0] == "ai_fte"} == {
        ("ai_fte", None): 34,
        ("ai_fte", "ai_native"): "C",
        ("ai_fte", "ai_enabled"): "C",
        ("ai_fte", "non_ai"): 0,
    }
    country = await client.get(f"{METRICS}/summary", params={"as_of": "2025-12-31"}, headers=economist.headers)
    assert {k: v for k, v in numbers(country.json()).items() if k[0] == "ai_fte"} == {
        ("ai_fte", None): 34,
        ("ai_fte", "ai_native"): "C",
        ("ai_fte", "ai_enabled"): "C",
        ("ai_fte", "non_ai"): 0,
    }
    # Any other day would be a difference of two releases' worth of companies: no AI FTE then.
    day_before = await get(client, economist.headers, "/summary", as_of="2025-12-30")
    assert not any(metric == "ai_fte" for metric, _ in numbers(day_before))
    assert day_before["releases"] == []
    # Known at a moment before the release, the release did not exist yet.
    earlier = await get(client, economist.headers, "/summary", as_of="2025-12-31", known_at="2026-06-14T23:59:59Z")
    assert not any(metric == "ai_fte" for metric, _ in numbers(earlier))


async def test_timeseries_counts_public_flows_exactly(
    client: httpx.AsyncClient, database: Database, connection: AsyncConnection
) -> None:
    await build_ecosystem(client, database, connection)
    reviewer = await account(client, database, "reviewer")
    years = {"interval": "year", "from": "2023-01-01", "to": "2026-12-31"}

    # Registrations (all statuses): 2023 A B C H (C jsc), 2024 D E F (jsc) J K N (llp), 2025 G, 2026 I. Anyone can
    # count them on the public register, so one company's registration is published as 1.
    registered = await get(
        client, reviewer.headers, "/timeseries", metric="companies_registered", group_by="legal_form", **years
    )
    assert (registered["metric"], registered["unit"], registered["group_by"], registered["releases"]) == (
        "companies_registered",
        "companies",
        "legal_form",
        [],
    )
    assert (registered["from"], registered["to"]) == ("2023-01-01", "2026-12-31")
    assert points(registered) == [
        ("2023", None, 4),
        ("2023", "jsc", 1),
        ("2023", "llp", 3),
        ("2024", None, 6),
        ("2024", "jsc", 3),
        ("2024", "llp", 3),
        ("2025", None, 1),
        ("2025", "jsc", 0),
        ("2025", "llp", 1),
        ("2026", None, 1),
        ("2026", "jsc", 0),
        ("2026", "llp", 1),
    ]

    # Born AI-native (dated by the period's end): 2023 A C H, 2024 D, 2025 G.
    born = await get(client, reviewer.headers, "/timeseries", metric="born_ai_native", **years)
    assert points(born) == [("2023", None, 3), ("2024", None, 1), ("2025", None, 1), ("2026", None, 0)]


async def test_flows_per_quarter_month_and_region(
    client: httpx.AsyncClient, database: Database, connection: AsyncConnection
) -> None:
    await build_ecosystem(client, database, connection)
    economist = await account(client, database, "economist")
    year_2024 = {"from": "2024-01-01", "to": "2024-12-31"}

    # 2024 registrations: D (Q1), E F (Q2), J (Q3), K N (Q4).
    quarters = await get(
        client, economist.headers, "/timeseries", metric="companies_registered", interval="quarter", **year_2024
    )
    assert points(quarters) == [("2024-Q1", None, 1), ("2024-Q2", None, 2), ("2024-Q3", None, 1), ("2024-Q4", None, 2)]
    assert [p["period_start"] for p in quarters["points"]] == ["2024-01-01", "2024-04-01", "2024-07-01", "2024-10-01"]
    months = await get(
        client,
        economist.headers,
        "/timeseries",
        metric="companies_registered",
        interval="month",
        **{"from": "2024-09-15", "to": "2024-11-09"},
    )
    # J registered 2024-09-10 is before the range; K 2024-10-10 is in it; N 2024-11-10 is after it.
    assert points(months) == [("2024-09", None, 0), ("2024-10", None, 1), ("2024-11", None, 0)]

    # Live pivots, dated by the end of the period they lead to: B to AI in 2024; C away in 2024. J's retracted
    # pivot and K's pivot in a recomputed series do not count.
    expected = {"born_ai_native": [1], "pivots_to_ai": [1], "pivots_away": [1]}
    for metric, values in expected.items():
        series = await get(client, economist.headers, "/timeseries", metric=metric, interval="year", **year_2024)
        assert [p["value"] for p in series["points"]] == values, metric
    by_region = await get(
        client, economist.headers, "/timeseries", metric="pivots_away", interval="year", group_by="region", **year_2024
    )
    assert points(by_region) == [("2024", None, 1), ("2024", ULYTAU, 1)]


async def test_licensing_funnel_and_licence_stocks(
    client: httpx.AsyncClient, database: Database, connection: AsyncConnection
) -> None:
    await build_licence_track(connection, await build_ecosystem(client, database, connection))
    admin = await account(client, database, "admin")
    window = {"from": "2025-01-01", "to": "2025-12-31"}

    # Applications are not public: the funnel comes from a release only, and 2025 has none yet.
    unreleased = await client.get(f"{METRICS}/licensing", params=window, headers=admin.headers)
    assert unreleased.status_code == 422, unreleased.text
    assert unreleased.json()["code"] == "statistics.release_only"
    assert "Fiscal year 2025 has no release yet" in unreleased.json()["detail"]
    made = await client.post("/api/v1/statistics/releases", json={"period": 2025}, headers=admin.headers)
    assert made.status_code == 201, made.text

    # First submitted in 2025: 9 (F's was first submitted in 2024), each of another company. Approved A B D,
    # rejected C E J, undecided K N G. Decided in time: A B D E; late: C J — two companies, so the late ones are
    # sensitive and the in-time share is withheld (late = decided − in time). Six decisions are too few for a
    # median (10 companies): the decision times are withheld. The country is Ulytau.
    funnel = await client.get(f"{METRICS}/licensing", params=window, headers=admin.headers)
    assert funnel.status_code == 200, funnel.text
    body = funnel.json()
    assert (body["from"], body["to"], body["region"], body["releases"]) == (
        "2025-01-01",
        "2025-12-31",
        None,
        [made.json()["id"]],
    )
    assert numbers(body) == {
        ("applications_submitted", None): 9,
        ("applications_decided", None): 6,
        ("applications_approved", None): 3,
        ("applications_rejected", None): 3,
        ("applications_undecided", None): 3,
        ("approval_rate", None): Decimal("0.5"),
        ("days_to_decision_median", None): "C",
        ("days_to_decision_p90", None): "C",
        ("decided_within_service_level", None): "C",
    }
    # Only the released window, for the country: a month, or a region, would be a figure no release protects.
    for params in ({"from": "2025-03-01", "to": "2025-03-31"}, {**window, "region": ULYTAU}):
        refused = await client.get(f"{METRICS}/licensing", params=params, headers=admin.headers)
        assert refused.status_code == 422, refused.text
        assert refused.json()["code"] == "statistics.release_only"

    # Licences are public: in force on 2026-06-15, A B D (ai_native); F's standard licence expired on 2026-01-08.
    summary = numbers(await get(client, admin.headers, "/summary", as_of="2026-06-15"))
    assert {k: v for k, v in summary.items() if k[0] == "active_licences"} == {
        ("active_licences", None): 3,
        ("active_licences", "ai_native"): 3,
        ("active_licences", "standard_digital"): 0,
    }
    # On 2025-06-01: A B (2) and F (1), exactly.
    early = numbers(await get(client, admin.headers, "/summary", as_of="2025-06-01"))
    assert {k: v for k, v in early.items() if k[0] == "active_licences"} == {
        ("active_licences", None): 3,
        ("active_licences", "ai_native"): 2,
        ("active_licences", "standard_digital"): 1,
    }

    years = {"interval": "year", "from": "2024-01-01", "to": "2025-12-31", "group_by": "licence_type"}
    # Submissions by licence type are in no release: refused. Issued licences are public: exact.
    by_type = await client.get(
        f"{METRICS}/timeseries", params={"metric": "applications_submitted", **years}, headers=admin.headers
    )
    assert by_type.status_code == 422, by_type.text
    assert by_type.json()["errors"][0]["field"] == "group_by"
    issued = await get(client, admin.headers, "/timeseries", metric="licences_issued", **years)
    assert points(issued) == [
        ("2024", None, 0),
        ("2024", "ai_native", 0),
        ("2024", "standard_digital", 0),
        ("2025", None, 4),
        ("2025", "ai_native", 3),
        ("2025", "standard_digital", 1),
    ]
    # The 2025 submissions of the country as released: 9; 2024 has no release.
    national = await client.get(
        f"{METRICS}/timeseries",
        params={"metric": "applications_submitted", "interval": "year", **window},
        headers=admin.headers,
    )
    assert points(national.json()) == [("2025", None, 9)]
    assert national.json()["releases"] == [made.json()["id"]]
    missing = await client.get(
        f"{METRICS}/timeseries",
        params={"metric": "applications_submitted", "from": "2024-01-01", "to": "2025-12-31"},
        headers={**admin.headers, "Accept-Language": "ru"},
    )
    assert missing.status_code == 422
    assert "Выпуска за 2024 финансовый год ещё нет" in missing.json()["detail"]


async def test_csv_is_a_tidy_table_with_withheld_cells_empty(
    client: httpx.AsyncClient, database: Database, connection: AsyncConnection
) -> None:
    await build_licence_track(connection, await build_ecosystem(client, database, connection))
    economist = await account(client, database, "economist")
    admin = await account(client, database, "admin")
    response = await client.get(
        f"{METRICS}/timeseries",
        params={
            "metric": "born_ai_native",
            "interval": "year",
            "from": "2023-01-01",
            "to": "2024-12-31",
            "region": ULYTAU,
        },
        headers={**economist.headers, "Accept": "text/csv"},
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.text)))
    ulytau = [ULYTAU, "Ұлытау облысы", "Улытауская область", "Ulytau Region"]
    no_group = ["", "", "", ""]
    assert rows == [
        [
            "metric",
            "interval",
            "region",
            "region_name_kk",
            "region_name_ru",
            "region_name_en",
            "period",
            "period_start",
            "group",
            "group_name_kk",
            "group_name_ru",
            "group_name_en",
            "value",
            "suppressed",
        ],
        ["born_ai_native", "year", *ulytau, "2023", "2023-01-01", *no_group, "3", "false"],
        ["born_ai_native", "year", *ulytau, "2024", "2024-01-01", *no_group, "1", "false"],
    ]
    by_region = await client.get(
        f"{METRICS}/timeseries",
        params={"metric": "born_ai_native", "from": "2023-01-01", "to": "2023-12-31", "group_by": "region"},
        headers={**economist.headers, "Accept": "text/csv"},
    )
    named = {r["group"]: r["group_name_ru"] for r in csv.DictReader(io.StringIO(by_region.text)) if r["group"]}
    assert named[ULYTAU] == "Улытауская область"
    assert all(named.values()), named

    summary = await client.get(
        f"{METRICS}/summary",
        params={"as_of": "2025-12-31", "known_at": "2026-06-15T23:59:59Z", "region": ULYTAU},
        headers={**economist.headers, "Accept": "text/csv"},
    )
    table = list(csv.DictReader(io.StringIO(summary.text)))
    assert [(r["metric"], r["group"], r["value"], r["suppressed"]) for r in table[:3]] == [
        ("active_companies", "", "10", "false"),
        ("companies_by_ai_class", "ai_native", "3", "false"),
        ("companies_by_ai_class", "ai_enabled", "1", "false"),
    ]
    assert {(r["as_of"], r["region"], r["region_name_kk"]) for r in table} == {("2025-12-31", ULYTAU, "Ұлытау облысы")}

    # A withheld cell is an empty value marked suppressed.
    made = await client.post("/api/v1/statistics/releases", json={"period": 2025}, headers=admin.headers)
    assert made.status_code == 201, made.text
    funnel = await client.get(
        f"{METRICS}/licensing",
        params={"from": "2025-01-01", "to": "2025-12-31", "format": "csv"},
        headers=economist.headers,
    )
    median = next(r for r in csv.DictReader(io.StringIO(funnel.text)) if r["metric"] == "days_to_decision_median")
    assert (median["value"], median["suppressed"]) == ("", "true")

    # JSON stays the default, also for browsers' Accept headers.
    default = await client.get(
        f"{METRICS}/summary", params={"region": ULYTAU}, headers={**economist.headers, "Accept": "*/*"}
    )
    assert default.headers["content-type"].startswith("application/json")


async def test_dictionary_documents_every_metric(client: httpx.AsyncClient, database: Database) -> None:
    reviewer = await account(client, database, "reviewer")
    response = await client.get(f"{METRICS}/dictionary", headers=reviewer.headers)
    assert response.status_code == 200
    entries = {entry["name"]: entry for entry in response.json()}
    assert set(entries) >= {
        "active_companies",
        "companies_by_ai_class",
        "ai_fte",
        "active_licences",
        "companies_registered",
        "born_ai_native",
        "pivots_to_ai",
        "pivots_away",
        "applications_submitted",
        "licences_issued",
        "applications_decided",
        "applications_approved",
        "approval_rate",
        "days_to_decision_median",
        "days_to_decision_p90",
        "decided_within_service_level",
    }
    for entry in entries.values():
        assert all(entry[key] for key in ("definition", "basis", "unit", "source", "disclosure")), entry["name"]
        assert entry["source_class"] in {"public", "confidential"}
        assert set(entry["definitions"]) == set(entry["bases"]) == {"kk", "ru", "en"}
    assert entries["ai_fte"]["unit"] == "FTE"
    assert "dominance" in entries["ai_fte"]["disclosure"]
    as_csv = await client.get(f"{METRICS}/dictionary", headers={**reviewer.headers, "Accept": "text/csv"})
    assert as_csv.text.splitlines()[0] == "name,source_class,definition,basis,unit,source,disclosure"
    in_russian = await client.get(f"{METRICS}/dictionary", headers={**reviewer.headers, "Accept-Language": "ru"})
    russian = {entry["name"]: entry for entry in in_russian.json()}
    assert russian["ai_fte"]["definition"] == entries["ai_fte"]["definitions"]["ru"]
    assert russian["ai_fte"]["basis"].startswith("Запас на день as_of")
    assert russian["ai_fte"]["disclosure"].startswith("Конфиденциально: только в официальных выпусках")
    assert (entries["ai_fte"]["source_class"], entries["companies_by_ai_class"]["source_class"]) == (
        "confidential",
        "public",
    )


@pytest.mark.parametrize(
    "path",
    [
        "/dictionary",
        "/summary",
        "/timeseries?metric=companies_registered&from=2024-01-01&to=2024-12-31",
        "/cohorts",
        "/stock-flow?year=2025",
    ],
)
@pytest.mark.parametrize(("role", "status"), [(None, 401), ("founder", 403), ("economist", 200)])
async def test_only_hub_staff_read_metrics(
    client: httpx.AsyncClient, database: Database, path: str, role: str | None, status: int
) -> None:
    headers = (await account(client, database, role)).headers if role else {}
    response = await client.get(f"{METRICS}{path}", headers=headers)
    assert response.status_code == status, response.text


@pytest.mark.parametrize(
    ("params", "field", "code"),
    [
        ({"metric": "companies_registered", "group_by": "licence_type"}, "group_by", "metrics.group_not_available"),
        ({"metric": "companies_registered", "from": "2025-01-01", "to": "2024-01-01"}, "to", "metrics.range_reversed"),
        (
            {"metric": "companies_registered", "interval": "month", "from": "1900-01-01"},
            "from",
            "metrics.range_too_long",
        ),
        # A value of the wrong type is named as the request names it ("from", not the handler's "start").
        ({"metric": "companies_registered", "from": "soon"}, "from", "validation"),
        ({"metric": "companies_registered", "to": "later"}, "to", "validation"),
    ],
)
async def test_invalid_series_requests_are_refused(
    client: httpx.AsyncClient, database: Database, params: dict[str, str], field: str, code: str
) -> None:
    economist = await account(client, database, "economist")
    query = {"from": "2024-01-01", "to": "2024-12-31", **params}
    response = await client.get(f"{METRICS}/timeseries", params=query, headers=economist.headers)
    assert response.status_code == 422
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [(field, code)]


async def test_unknown_metric_is_a_validation_error(client: httpx.AsyncClient, database: Database) -> None:
    economist = await account(client, database, "economist")
    response = await client.get(
        f"{METRICS}/timeseries",
        params={"metric": "revenue", "from": "2024-01-01", "to": "2024-12-31"},
        headers=economist.headers,
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["metric"]
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_a_day_for_known_at_is_refused_with_a_moment_to_copy(
    client: httpx.AsyncClient, database: Database
) -> None:
    economist = await account(client, database, "economist")
    for language, example in (("kk", "мысалы 2026-11-20T09:00:00Z."), ("ru", "например 2026-11-20T09:00:00Z.")):
        response = await client.get(
            f"{METRICS}/summary",
            params={"as_of": "2025-12-31", "known_at": "2026-06-30"},
            headers={**economist.headers, "Accept-Language": language},
        )
        assert response.status_code == 422, response.text
        [error] = response.json()["errors"]
        assert error["field"] == "known_at"
        assert error["message"].endswith(example), error["message"]
    # The example it gives is accepted as it is.
    moment = await client.get(
        f"{METRICS}/summary",
        params={"as_of": "2025-12-31", "known_at": "2026-11-20T09:00:00Z"},
        headers=economist.headers,
    )
    assert moment.status_code == 200, moment.text


async def test_summary_by_region(client: httpx.AsyncClient, database: Database, connection: AsyncConnection) -> None:
    await build_ecosystem(client, database, connection)
    economist = await account(client, database, "economist")
    body = await get(
        client, economist.headers, "/summary", as_of="2025-12-31", known_at="2026-06-14T23:59:59Z", group_by="region"
    )
    # As in the first test: 10 active companies in Ulytau at the end of 2025, 4 of them ai_native (A B C D).
    by_region = {k: v for k, v in numbers(body).items() if k[0].endswith("_by_region")}
    assert by_region == {
        ("active_companies_by_region", ULYTAU): 10,
        ("ai_native_companies_by_region", ULYTAU): 4,
    }
    unknown = await client.get(f"{METRICS}/summary", params={"group_by": "oked"}, headers=economist.headers)
    assert unknown.status_code == 422, unknown.text
    assert unknown.json()["errors"][0]["field"] == "group_by"


@pytest.mark.parametrize(
    "params",
    [
        {"metric": "decisions_rejected", "from": "2025-01-01", "to": "2025-12-31", "group_by": "\x00"},
        {"metric": "decisions_rejected", "from": "2025-01-01", "to": "2025-12-31", "interval": "99999999999"},
        {"metric": "applications_submitted", "from": "2025-01-01", "to": "2025-12-31", "region": "6200000000000"},
        {"metric": "applications_submitted", "from": "2025-01-01", "to": "2025-12-31", "known_at": "2025\x00"},
        {"metric": "applications_submitted", "from": "2025-02-30", "to": "2025-12-31"},
    ],
)
async def test_hostile_confidential_series_requests_get_a_clear_4xx(
    client: httpx.AsyncClient, database: Database, params: dict[str, str]
) -> None:
    economist = await account(client, database, "economist")
    response = await client.get(f"{METRICS}/timeseries", params=params, headers=economist.headers)
    assert 400 <= response.status_code < 500, response.text
    assert response.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/licensing", {"from": "2025-01-01", "to": "2025-12-31", "known_at": "99999-01-01T00:00:00Z"}),
        ("/licensing", {"from": "2025-01-01", "to": "2025-12-31", "region": "\x00"}),
        ("/growth", {"first": "99999999999999999999", "last": "2025"}),
        ("/growth", {"first": "2025", "last": "2025", "region": "620000000\x00"}),
        ("/summary", {"as_of": "2025-12-31", "known_at": "not a moment"}),
    ],
)
async def test_hostile_release_backed_reads_get_a_clear_4xx(
    client: httpx.AsyncClient, database: Database, path: str, params: dict[str, str]
) -> None:
    economist = await account(client, database, "economist")
    response = await client.get(f"{METRICS}{path}", params=params, headers=economist.headers)
    assert 400 <= response.status_code < 500, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
