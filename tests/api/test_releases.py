"""Official statistics releases over HTTP: made by admins, immutable, revised with listed changes, in SDMX."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from litestar import Litestar
from pysdmx.io import get_datasets
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from api.database import Database
from api.settings import Settings, disclosure_settings
from licensing.confidential_tables import confidential_rows
from licensing.release_inputs import inputs_of
from licensing.releases import compute_release_content, get_release
from registry.statistics.dictionary import METRICS
from registry.statistics.observations import canonical_json, sha256_hex
from tests.apps import app_for
from tests.clocks import Clock
from tests.factories import SignedIn, account
from tests.metrics_support import ULYTAU, build_ecosystem

RELEASES = "/api/v1/statistics/releases"
START = datetime.now(UTC).replace(microsecond=0) + timedelta(days=1)
"""After every row the test writes (their created_at is the wall clock), so a release made then sees them all."""


@pytest.fixture
def clock() -> Clock:
    return Clock(START)


@pytest.fixture
def open_settings(settings: Settings) -> Settings:
    """Disclosure rules that publish every cell (k = 1, dominance share 100 %), so worked answers are visible."""
    return replace(settings, disclosure_min_contributors=1, disclosure_dominance_share=Decimal(1))


@pytest.fixture
def app(open_settings: Settings, database: Database, clock: Clock) -> Iterator[Litestar]:
    with app_for(open_settings, database=database, clock=clock) as app:
        yield app


@pytest.fixture
async def admin(client: httpx.AsyncClient, database: Database, connection: AsyncConnection) -> SignedIn:
    await build_ecosystem(client, database, connection)
    return await account(client, database, "admin")


async def _release(client: httpx.AsyncClient, admin: SignedIn, period: int = 2025) -> dict[str, Any]:
    response = await client.post(RELEASES, json={"period": period}, headers=admin.headers)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def _observations(client: httpx.AsyncClient, release_id: int) -> list[dict[str, Any]]:
    response = await client.get(f"{RELEASES}/{release_id}")  # public: no token
    assert response.status_code == 200, response.text
    observations: list[dict[str, Any]] = response.json()["observations"]
    return observations


def _ulytau_stocks(observations: list[dict[str, Any]]) -> dict[str, str | None]:
    return {
        o["ai_class"]: o["value"]
        for o in observations
        if o["dataflow"] == "DF_STOCKS_REGION" and o["ref_area"] == ULYTAU
    }


_KEY = ("dataflow", "measure", "ref_area", "time_period", "ai_class", "activity", "legal_form", "licence_type")


def _key(o: dict[str, Any]) -> tuple[str, ...]:
    return (*(o[name] for name in _KEY), o["years_after"])


async def test_a_release_is_the_year_end_stock_by_declared_period_stored_with_its_hash(
    client: httpx.AsyncClient, admin: SignedIn, database: Database, open_settings: Settings
) -> None:
    release = await _release(client, admin)
    assert (release["id"] > 0, release["period"], release["revision"], release["provisional"]) == (
        True,
        2025,
        1,
        False,  # 2025's declaration deadline (2026-03-31) had passed
    )
    assert release["code_version"].startswith("alemai-registry ")
    observations = await _observations(client, release["id"])
    # Ulytau at the end of 2025: A B C D E F J K N G are registered and active (H is suspended, I registered in
    # 2026). G declared for fiscal year 2025 (ai_native); the others have not declared for 2025, so their 2024 class
    # carries for a year: ai_native A B D G, non_ai C (superseded) E F J, ai_enabled K, undeclared N.
    assert _ulytau_stocks(observations) == {
        "ai_native": "4",
        "non_ai": "4",
        "ai_enabled": "1",
        "undeclared": "1",
        "_T": "10",
    }
    async with database.sessions() as session:
        stored = await get_release(session, release["id"])
        assert sha256_hex(stored.content) == release["sha256"]
        # Recomputed at its known_at, the release gives the same bytes — also after a declaration filed later.
        await session.execute(
            text(
                "INSERT INTO declarations (id, company_id, fiscal_year, quarter, revenue_total, revenue_ai, fte_total, "
                "fte_ai, opex_total, opex_ai, owns_data_library, filed_at, rubric_version, ai_class, evaluation) "
                "SELECT gen_random_uuid(), id, 2025, NULL, 10, 9, 5, 4, 1, 1, true, :filed_at, 1, 'ai_native', '{}' "
                "FROM companies WHERE region_kato = :region AND registration_date = '2024-02-15'"
            ),
            {"filed_at": START + timedelta(minutes=30), "region": ULYTAU},
        )
        again = await compute_release_content(
            session,
            disclosure_settings(open_settings),
            period=2025,
            known_at=stored.known_at,
            rubric_version=stored.rubric_version,
            code=stored.code_version,
            release_id=stored.id,
        )
        assert canonical_json(again) == stored.content


async def _n_files_late(connection: AsyncConnection) -> None:
    """N (registered 2024-11) files its first declaration, for 2025 (ai_native, 4 AI FTE), after the first release."""
    await connection.execute(
        text(
            "INSERT INTO declarations (id, company_id, fiscal_year, quarter, revenue_total, revenue_ai, fte_total, "
            "fte_ai, opex_total, opex_ai, owns_data_library, filed_at, rubric_version, ai_class, evaluation) "
            "SELECT gen_random_uuid(), id, 2025, NULL, 10, 9, 5, 4, 1, 1, true, :filed_at, 1, 'ai_native', '{}' "
            "FROM companies WHERE region_kato = :region AND registration_date BETWEEN '2024-11-01' AND '2024-11-30'"
        ),
        {"filed_at": START + timedelta(hours=1), "region": ULYTAU},
    )


async def test_a_revision_lists_exactly_the_cells_that_changed_and_why(
    client: httpx.AsyncClient, admin: SignedIn, connection: AsyncConnection, clock: Clock
) -> None:
    first = await _release(client, admin)
    # N (registered 2024-11) files its first declaration, for 2025, after the first release.
    await _n_files_late(connection)
    clock.now = START + timedelta(hours=2)
    second = await _release(client, admin)
    assert (second["period"], second["revision"]) == (2025, 2)
    assert second["sha256"] != first["sha256"]
    before, after = await _observations(client, first["id"]), await _observations(client, second["id"])
    assert _ulytau_stocks(after)["ai_native"] == "5"
    old = {_key(o): (o["value"], o["conf_status"]) for o in before}
    new = {_key(o): (o["value"], o["conf_status"]) for o in after}
    differing = {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}

    response = await client.get(f"{RELEASES}/{second['id']}/changes", params={"since": first["id"]})
    assert response.status_code == 200, response.text
    changes = response.json()["changes"]
    assert {_key(c) for c in changes} == differing
    assert ("DF_STOCKS_REGION", "companies_by_ai_class", ULYTAU, "2025", "ai_native", "_Z", "_Z", "_Z", "_Z") in {
        _key(c) for c in changes
    }
    ulytau_native = next(c for c in changes if c["dataflow"] == "DF_STOCKS_REGION" and c["ref_area"] == ULYTAU)
    assert (ulytau_native["old_value"], ulytau_native["new_value"]) in {("4", "5"), ("1", "0")}
    assert {c["reason"] for c in changes} == {"new_declarations"}

    listed = (await client.get(RELEASES, params={"period": 2025})).json()
    assert [r["id"] for r in listed] == [second["id"], first["id"]]


def _fte(observations: list[dict[str, Any]], area: str, ai_class: str) -> tuple[str | None, str]:
    found = next(
        o
        for o in observations
        if o["dataflow"] == "DF_AI_FTE_REGION" and o["ref_area"] == area and o["ai_class"] == ai_class
    )
    return found["value"], found["conf_status"]


@pytest.fixture
async def protected(settings: Settings, database: Database, clock: Clock) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the app with the real disclosure rules (the other tests here publish every cell)."""
    with app_for(settings, database=database, clock=clock) as app:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://registry.test") as client:
            yield client


async def test_a_revision_withholds_what_one_late_filer_changed(
    protected: httpx.AsyncClient, admin: SignedIn, connection: AsyncConnection, clock: Clock
) -> None:
    client = protected
    first = await _release(client, admin)
    before = await _observations(client, first["id"])
    # At the end of 2025: AI FTE in Ulytau (and the country) A 4 + B 4 + D 20 + G 4 (ai_native) + K 2 (ai_enabled,
    # one company: withheld with ai_native) = 34, published.
    assert _fte(before, ULYTAU, "_T") == ("34", "F")
    assert _fte(before, ULYTAU, "ai_native") == (None, "C")
    # N files its first declaration (4 AI FTE, ai_native) after the first release: the revision's total would be
    # 38, and 38 - 34 is N's own figure. The change comes from one company, so the revision withholds the cells it
    # changed, though each alone has enough companies.
    await _n_files_late(connection)
    clock.now = START + timedelta(hours=2)
    second = await _release(client, admin)
    after = await _observations(client, second["id"])
    for area in (ULYTAU, "_T"):
        for ai_class in ("ai_native", "_T"):
            assert _fte(after, area, ai_class) == (None, "C"), (area, ai_class)
    assert _fte(after, ULYTAU, "non_ai") == ("0", "F")
    # The stock of AI-native companies is public: 5, published exactly in both.
    assert _ulytau_stocks(after)["ai_native"] == "5"

    # Why is for staff only: an admin reads the reasons, nobody else; the published cells carry only the flag.
    protection = await client.get(f"{RELEASES}/{second['id']}/protection", headers=admin.headers)
    assert protection.status_code == 200, protection.text
    reasons = {tuple(entry["key"]): entry["reason"] for entry in protection.json()}
    assert reasons[("ai_fte", "2025", ULYTAU, "_T", "_T", "_T", "_T", "_T")] == "threshold"
    assert reasons[("ai_fte", "2025", ULYTAU, "ai_enabled", "_T", "_T", "_T", "_T")] == "threshold"
    assert set(reasons.values()) <= {"threshold", "dominance", "secondary"}
    assert all("reason" not in o for o in after)
    assert (await client.get(f"{RELEASES}/{second['id']}/protection")).status_code == 401


async def test_a_release_keeps_what_it_was_built_from_and_later_releases_protect_themselves_with_it(
    protected: httpx.AsyncClient,
    admin: SignedIn,
    connection: AsyncConnection,
    database: Database,
    settings: Settings,
    clock: Clock,
) -> None:
    client = protected
    first = await _release(client, admin)
    await _n_files_late(connection)
    clock.now = START + timedelta(hours=2)
    second = await _release(client, admin)
    rules = disclosure_settings(settings)
    async with database.sessions() as session:
        earlier, revision = await get_release(session, first["id"]), await get_release(session, second["id"])
        # Stored with the release: exactly the rows recomputed at its known_at, N's late filing notwithstanding.
        (kept,) = await inputs_of(session, [earlier])
        assert kept == await confidential_rows(session, year=2025, known_at=earlier.known_at)
        assert any(state.fte_ai for state in kept.states), "the AI FTE states are kept with their figures"

        async def recomputed() -> bytes:
            content = await compute_release_content(
                session,
                rules,
                period=2025,
                known_at=revision.known_at,
                rubric_version=revision.rubric_version,
                code=revision.code_version,
                release_id=revision.id,
            )
            return canonical_json(content)

        # The revision, protected against the first release's stored rows, is the one published; protected against
        # rows recomputed at the first release's moment (as for a release made before migration 0022, which has
        # none stored) it is the same, byte for byte.
        assert await recomputed() == revision.content
        await session.execute(text("ALTER TABLE statistics_release_inputs DISABLE TRIGGER USER"))
        await session.execute(text("DELETE FROM statistics_release_inputs WHERE release_id = :id"), first)
        assert await recomputed() == revision.content
        await session.rollback()


async def test_what_a_release_was_built_from_cannot_be_changed_or_deleted(
    client: httpx.AsyncClient, admin: SignedIn, connection: AsyncConnection
) -> None:
    release = await _release(client, admin)
    statements: list[Callable[[], Any]] = [
        lambda: connection.execute(
            text("UPDATE statistics_release_inputs SET rows = ''::bytea WHERE release_id = :id"), release
        ),
        lambda: connection.execute(text("DELETE FROM statistics_release_inputs WHERE release_id = :id"), release),
    ]
    for statement in statements:
        savepoint = await connection.begin_nested()
        with pytest.raises(DBAPIError, match="immutable"):
            await statement()
        await savepoint.rollback()


@pytest.mark.parametrize("role", ["founder", "reviewer", "economist"])
async def test_only_admins_read_why_cells_are_withheld(
    client: httpx.AsyncClient, admin: SignedIn, database: Database, role: str
) -> None:
    release = await _release(client, admin)
    other = await account(client, database, role)
    response = await client.get(f"{RELEASES}/{release['id']}/protection", headers=other.headers)
    assert response.status_code == 403, response.text


@pytest.mark.parametrize("metric", ["companies_registered", "born_ai_native", "pivots_away", "licences_issued"])
async def test_a_releases_public_flows_are_the_time_series_as_known_at_its_moment(
    client: httpx.AsyncClient, admin: SignedIn, metric: str
) -> None:
    release = await _release(client, admin)
    observations = await _observations(client, release["id"])
    released = {
        (o["time_period"], None if o["ref_area"] == "_T" else o["ref_area"]): int(o["value"])
        for o in observations
        if o["dataflow"] == "DF_FLOWS_QUARTER_REGION" and o["measure"] == metric
    }
    series = await client.get(
        "/api/v1/metrics/timeseries",
        params={
            "metric": metric,
            "interval": "quarter",
            "from": "2025-01-01",
            "to": "2025-12-31",
            "group_by": "region",
            "known_at": release["known_at"],
        },
        headers=admin.headers,
    )
    assert series.status_code == 200, series.text
    assert released == {(p["period"], p["group"]): p["value"] for p in series.json()["points"]}


async def test_releases_come_as_sdmx_csv_that_an_sdmx_library_reads_with_the_published_structure(
    client: httpx.AsyncClient, admin: SignedIn, tmp_path: Path
) -> None:
    release = await _release(client, admin)
    observations = await _observations(client, release["id"])
    structure = await client.get("/api/v1/statistics/structure")
    assert structure.status_code == 200
    assert structure.headers["content-type"].startswith("application/vnd.sdmx.structure+xml")
    data = await client.get(f"{RELEASES}/{release['id']}", params={"format": "sdmx-csv"})
    assert data.status_code == 200
    assert data.headers["content-type"].startswith("application/vnd.sdmx.data+csv")
    by_accept = await client.get(f"{RELEASES}/{release['id']}", headers={"Accept": "application/vnd.sdmx.data+csv"})
    assert by_accept.text == data.text
    (tmp_path / "structure.xml").write_text(structure.text, encoding="utf-8")
    (tmp_path / "data.csv").write_text(data.text, encoding="utf-8")

    datasets = get_datasets(tmp_path / "data.csv", tmp_path / "structure.xml")
    assert {dataset.short_urn.split("=")[1] for dataset in datasets} == {
        f"ALEMAI:{flow}(1.0)" for flow in {o["dataflow"] for o in observations}
    }
    assert sum(len(dataset.data) for dataset in datasets) == len(observations)
    stocks = next(d for d in datasets if "DF_STOCKS_REGION" in d.short_urn).data
    ulytau = stocks[(stocks["REF_AREA"] == ULYTAU) & (stocks["AI_CLASS"] == "ai_native")]
    assert float(ulytau["OBS_VALUE"].iloc[0]) == 4
    assert set(stocks["CONF_STATUS"]) <= {"F", "C"}
    assert set(stocks["OBS_STATUS"]) == {"A"}


async def test_tidy_csv_names_regions_and_activities_next_to_their_codes(
    client: httpx.AsyncClient, admin: SignedIn
) -> None:
    release = await _release(client, admin)
    response = await client.get(f"{RELEASES}/{release['id']}", params={"format": "csv", "table": "DF_STOCKS_REGION"})
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert {row["dataflow"] for row in rows} == {"DF_STOCKS_REGION"}
    ulytau = next(row for row in rows if row["ref_area"] == ULYTAU)
    assert (ulytau["ref_area_name_en"], ulytau["ref_area_name_kk"]) == ("Ulytau Region", "Ұлытау облысы")


async def test_a_release_of_a_year_still_in_progress_is_refused_in_the_callers_language(
    client: httpx.AsyncClient, admin: SignedIn
) -> None:
    response = await client.post(
        RELEASES, json={"period": START.year}, headers={**admin.headers, "Accept-Language": "ru"}
    )
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "ещё не закончился" in response.text
    assert (await client.get(RELEASES)).json() == []


@pytest.mark.parametrize("role", ["founder", "economist", "reviewer"])
async def test_only_admins_make_releases(client: httpx.AsyncClient, database: Database, role: str) -> None:
    caller = await account(client, database, role)
    response = await client.post(RELEASES, json={"period": 2025}, headers=caller.headers)
    assert response.status_code == 403
    anonymous = await client.post(RELEASES, json={"period": 2025})
    assert anonymous.status_code == 401


async def test_unknown_releases_and_changes_across_periods_are_clear_errors(
    client: httpx.AsyncClient, admin: SignedIn
) -> None:
    missing = await client.get(f"{RELEASES}/999999", headers={"Accept-Language": "kk"})
    assert missing.status_code == 404
    assert "шығарылым жоқ" in missing.text
    older, newer = await _release(client, admin, 2024), await _release(client, admin, 2025)
    across = await client.get(f"{RELEASES}/{newer['id']}/changes", params={"since": older["id"]})
    assert across.status_code == 422
    assert "different periods" in across.text


async def test_a_stored_release_cannot_be_changed_or_deleted(
    client: httpx.AsyncClient, admin: SignedIn, connection: AsyncConnection
) -> None:
    release = await _release(client, admin)
    statements: list[Callable[[], Any]] = [
        lambda: connection.execute(text("UPDATE statistics_releases SET period = 2020 WHERE id = :id"), release),
        lambda: connection.execute(text("DELETE FROM statistics_releases WHERE id = :id"), release),
    ]
    for statement in statements:
        savepoint = await connection.begin_nested()
        with pytest.raises(DBAPIError, match="immutable"):
            await statement()
        await savepoint.rollback()


async def test_the_release_calendar_is_public_and_kept_by_admins(
    client: httpx.AsyncClient, admin: SignedIn, database: Database
) -> None:
    planned = await client.post(
        "/api/v1/statistics/calendar", json={"period": 2025, "planned_date": "2026-12-15"}, headers=admin.headers
    )
    assert planned.status_code == 201, planned.text
    assert planned.json()["dataset"] == "AI_ECOSYSTEM"
    again = await client.post(
        "/api/v1/statistics/calendar", json={"period": 2025, "planned_date": "2026-12-20"}, headers=admin.headers
    )
    assert again.status_code == 409
    economist = await account(client, database, "economist")
    refused = await client.post(
        "/api/v1/statistics/calendar", json={"period": 2026, "planned_date": "2027-04-15"}, headers=economist.headers
    )
    assert refused.status_code == 403
    release = await _release(client, admin)
    calendar = (await client.get("/api/v1/statistics/calendar")).json()
    assert [(e["period"], e["planned_date"], e["releases"]) for e in calendar] == [
        (2025, "2026-12-15", [release["id"]])
    ]
    removed = await client.delete(f"/api/v1/statistics/calendar/{planned.json()['id']}", headers=admin.headers)
    assert removed.status_code == 204
    assert (await client.get("/api/v1/statistics/calendar")).json() == []


async def test_the_newest_year_is_provisional_until_its_declaration_deadline(
    database: Database, open_settings: Settings
) -> None:
    async with database.sessions() as session:
        content = await compute_release_content(
            session,
            disclosure_settings(open_settings),
            period=2025,
            known_at=datetime(2026, 2, 1, tzinfo=UTC),
            rubric_version=1,
            code="test",
        )
    assert content.provisional
    statuses = {(o.time_period[:4] == "2025", o.obs_status) for o in content.observations}
    assert statuses <= {(True, "P"), (False, "A")}
    assert (True, "P") in statuses


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        (f"{RELEASES}/99999999999999999999999", {}, 404),
        (f"{RELEASES}/1/changes", {"since": "99999999999999999999999"}, 422),
        (RELEASES, {"period": "99999999999"}, 422),
        (RELEASES, {"period": "20\x0025"}, 422),
        (f"{RELEASES}/1", {"format": "xml"}, 422),
        (f"{RELEASES}/1", {"table": "DF_\x00"}, 422),
    ],
)
async def test_hostile_reads_get_a_clear_4xx(
    client: httpx.AsyncClient, path: str, params: dict[str, str], status: int
) -> None:
    response = await client.get(path, params=params)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize(
    ("path", "status"),
    [
        (f"{RELEASES}/99999999999999999999999/protection", 404),
        (f"{RELEASES}/0/protection", 404),
        (f"{RELEASES}/-1/protection", 404),
        (f"{RELEASES}/abc/protection", 404),
        (f"{RELEASES}/1%00/protection", 404),
    ],
)
async def test_hostile_protection_reads_get_a_clear_4xx(
    client: httpx.AsyncClient, admin: SignedIn, path: str, status: int
) -> None:
    response = await client.get(path, headers=admin.headers)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_the_protection_view_changes_nothing_and_takes_no_writes(
    client: httpx.AsyncClient, admin: SignedIn
) -> None:
    release = await _release(client, admin)
    before = await client.get(f"{RELEASES}/{release['id']}", params={"format": "json"})
    for method in ("post", "put", "patch", "delete"):
        response = await client.request(method, f"{RELEASES}/{release['id']}/protection", headers=admin.headers)
        assert response.status_code == 405, (method, response.text)
    after = await client.get(f"{RELEASES}/{release['id']}", params={"format": "json"})
    assert after.content == before.content


@pytest.mark.parametrize(
    "body",
    [{"period": 10**30}, {"period": 2025, "role": "admin"}, {"period": "20\x0025"}],
)
async def test_hostile_release_bodies_change_nothing(
    client: httpx.AsyncClient, admin: SignedIn, body: dict[str, Any]
) -> None:
    response = await client.post(RELEASES, json=body, headers=admin.headers)
    assert 400 <= response.status_code < 500, response.text
    assert (await client.get(RELEASES)).json() == []
    planned = await client.post(
        "/api/v1/statistics/calendar",
        json={"dataset": "AI\x00", "period": 2025, "planned_date": "2026-12-15"},
        headers=admin.headers,
    )
    assert 400 <= planned.status_code < 500
    assert (await client.get("/api/v1/statistics/calendar")).json() == []


async def test_a_release_is_known_at_a_moment_no_open_transaction_can_still_write_before(
    client: httpx.AsyncClient, admin: SignedIn, engine: AsyncEngine
) -> None:
    # Another session is in a transaction that began before the release: it could still commit rows stamped before
    # the release's moment, so the release is known at a moment just before that transaction began.
    async with engine.connect() as other:
        await other.begin()
        began = (await other.execute(text("SELECT now()"))).scalar_one()
        release = await _release(client, admin)
        await other.rollback()
    assert datetime.fromisoformat(release["known_at"]) < began


async def test_a_flow_changed_by_a_late_filing_is_revised_for_new_declarations(
    client: httpx.AsyncClient, admin: SignedIn, connection: AsyncConnection, clock: Clock
) -> None:
    """The reason is the measure's (the catalogue's source), not the table's: births come from declarations."""
    first = await _release(client, admin)
    await _n_files_late(connection)
    # What the service records with N's first declaration: N was born AI-native (registered 2024-11, ai_native 2025).
    await connection.execute(
        text(
            "INSERT INTO pivot_events (id, company_id, kind, to_class, to_period, to_period_end, "
            "months_since_registration, detected_at) "
            "SELECT gen_random_uuid(), id, 'born_ai_native', 'ai_native', '2025', '2025-12-31', 13, :detected_at "
            "FROM companies WHERE region_kato = :region AND registration_date BETWEEN '2024-11-01' AND '2024-11-30'"
        ),
        {"detected_at": START + timedelta(hours=1), "region": ULYTAU},
    )
    clock.now = START + timedelta(hours=2)
    second = await _release(client, admin)
    response = await client.get(f"{RELEASES}/{second['id']}/changes", params={"since": first["id"]})
    assert response.status_code == 200, response.text
    changes = response.json()["changes"]
    births = [c for c in changes if c["dataflow"] == "DF_FLOWS_YEAR_REGION" and c["measure"] == "born_ai_native"]
    assert {(c["ref_area"], c["new_value"] is not None) for c in births} >= {(ULYTAU, True)}, births
    assert {c["reason"] for c in changes} == {"new_declarations"}, {(c["dataflow"], c["reason"]) for c in changes}


async def test_every_measure_of_a_release_is_in_the_catalogue(client: httpx.AsyncClient, admin: SignedIn) -> None:
    """A revision's reason is looked up by measure, so every measure a release holds has a catalogue entry."""
    release = await _release(client, admin)
    measures = {o["measure"] for o in await _observations(client, release["id"])}
    assert measures - METRICS.keys() == set()


async def test_a_table_a_release_does_not_have_is_a_problem_naming_the_tables(
    client: httpx.AsyncClient, admin: SignedIn
) -> None:
    release = await _release(client, admin)
    for output in ("json", "csv", "sdmx-csv"):
        response = await client.get(
            f"{RELEASES}/{release['id']}",
            params={"table": "DF_NOPE", "format": output},
            headers={"Accept-Language": "ru"},
        )
        assert response.status_code == 422, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        problem = response.json()
        assert problem["code"] == "release.unknown_table"
        assert [e["field"] for e in problem["errors"]] == ["table"]
        assert "DF_NOPE" in problem["detail"] and "DF_STOCKS_REGION" in problem["detail"]
        assert "таблицы" in problem["detail"]


@pytest.mark.parametrize("planned", ["2026-01-01", "2025-12-31"])
async def test_a_release_cannot_be_planned_before_its_period_has_ended(
    client: httpx.AsyncClient, admin: SignedIn, planned: str
) -> None:
    response = await client.post(
        "/api/v1/statistics/calendar",
        json={"period": 2026 if planned.startswith("2026") else 2025, "planned_date": planned},
        headers={**admin.headers, "Accept-Language": "kk"},
    )
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "calendar.planned_too_early"
    assert [e["field"] for e in response.json()["errors"]] == ["planned_date"]
    calendar = (await client.get("/api/v1/statistics/calendar")).json()
    assert planned not in {entry["planned_date"] for entry in calendar}


async def test_a_revision_of_unchanged_data_changes_no_cell(
    client: httpx.AsyncClient, admin: SignedIn, clock: Clock
) -> None:
    """Nothing recorded between two releases: the same figures, and the same cells withheld."""
    first = await _release(client, admin)
    clock.now = START + timedelta(hours=2)
    second = await _release(client, admin)
    assert second["revision"] == first["revision"] + 1
    before, after = await _observations(client, first["id"]), await _observations(client, second["id"])
    assert {_key(o): (o["value"], o["conf_status"]) for o in after} == {
        _key(o): (o["value"], o["conf_status"]) for o in before
    }
    response = await client.get(f"{RELEASES}/{second['id']}/changes", params={"since": first["id"]})
    assert response.status_code == 200, response.text
    assert response.json()["changes"] == []
