"""``registry import companies``: valid rows registered as the API would, broken ones reported, re-runs idle."""

from __future__ import annotations

import csv
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from api.app import create_app
from api.database import Database, transaction
from api.settings import Settings
from registry.accounts.schemas import AccountCreate
from registry.accounts.service import create_account
from registry.bulk.checks import Rejection, RowChecker
from registry.bulk.columns import MAPPINGS
from registry.companies.bin_rules import make_bin
from registry.companies.models import Company, CompanyActivity, CompanyMember
from registry.events.service import verify_event_chain
from registry.i18n import Text
from tests.conftest import FIXED_NOW
from tests.database import database_of_its_own
from tests.factories import PASSWORD, login
from tests.operations.bulk_support import STATE_TABLES, counts, csv_text, figures, run_registry, table_state

HEADER = (
    "bin",
    "name_kk",
    "name_ru",
    "name_en",
    "legal_form",
    "region",
    "registration_date",
    "activities",
    "primary_activity",
    "headcount",
    "website",
    "description",
    "owner_email",
)
OWNER = "owner-import@example.kz"


def _bin(month: date, serial: int, *, entity: int = 4, division: int = 0) -> str:
    while (
        value := make_bin(registration_month=month, entity_type_digit=entity, division_digit=division, serial=serial)
    ) is None:
        serial += 1
    return value


def _row(bin_value: str, **overrides: object) -> list[object]:
    row: dict[str, object] = {
        "bin": bin_value,
        "name_kk": "«Тұлпар Дата» ЖШС",
        "name_ru": "ТОО «Тулпар Дата»",
        "name_en": "Tulpar Data LLP",
        "legal_form": "llp",
        "region": "710000000",
        "registration_date": "2023-01-15",
        "activities": "62.01;63.11",
        "primary_activity": "62.01",
        "headcount": "12",
        "website": "https://tulpar.example.kz",
        "description": "Computer vision for logistics.",
        "owner_email": "",
    }
    row.update(overrides)
    return [row[name] for name in HEADER]


VALID = [
    _row(_bin(date(2023, 1, 1), 101)),
    _row(
        _bin(date(2021, 5, 1), 102),
        name_en="",
        region="750000000",
        registration_date="2021-05-03",
        activities="72.19",
        primary_activity="",
        headcount="",
        website="",
        description="",
    ),
    _row(_bin(date(2019, 3, 1), 103), owner_email=OWNER.upper(), registration_date="2019-03-31"),
    _row(
        _bin(date(2024, 7, 1), 104, division=1),
        legal_form="branch",
        name_ru="Филиал ТОО «Алем»",
        registration_date="2024-07-02",
        activities="62",
        primary_activity="62",
    ),
]
"""Four rows that every rule lets through (one names its owner by e-mail in capitals, one leaves optional fields
blank and its primary activity to the first listed)."""

_good = _bin(date(2022, 2, 1), 201)
BROKEN: list[tuple[list[object], str, str]] = [
    (_row("12345"), "bin", "bin.length"),
    (_row(_good[:2] + "13" + _good[4:]), "bin", "bin.month"),
    (_row(_good[:4] + "7" + _good[5:]), "bin", "bin.entity_type"),
    (_row(_good[:5] + "5" + _good[6:]), "bin", "bin.division"),
    (_row(_good[:11] + str((int(_good[11]) + 1) % 10)), "bin", "bin.check_digit"),
    (
        _row(_bin(date(2022, 3, 1), 202), registration_date="2022-02-28"),
        "registration_date",
        "company.registration_before_bin",
    ),
    (
        _row(_bin(date(2022, 3, 1), 203), registration_date="2099-03-01"),
        "registration_date",
        "company.registration_in_future",
    ),
    (_row(_bin(date(2022, 3, 1), 204), registration_date="03/15/2022"), "registration_date", "validation"),
    (_row(_bin(date(2022, 3, 1), 205), region="990000000"), "region", "company.region_unknown"),
    (_row(_bin(date(2022, 3, 1), 206), activities="62.01;99.99"), "activities.1", "company.activity_unknown"),
    (
        _row(_bin(date(2022, 3, 1), 207), primary_activity="63.11", activities="62.01"),
        "primary_activity",
        "company.primary_not_listed",
    ),
    (_row(_bin(date(2022, 3, 1), 208), name_kk=""), "name_kk", "validation"),
    (_row(_bin(date(2022, 3, 1), 209), name_ru="Я" * 301), "name_ru", "validation"),
    (_row(_bin(date(2022, 3, 1), 210), legal_form="gmbh"), "legal_form", "validation"),
    (_row(_bin(date(2022, 3, 1), 211), headcount="-3"), "headcount", "validation"),
    (_row(_bin(date(2022, 3, 1), 212), website="tulpar.kz"), "website", "validation"),
    (_row(_bin(date(2022, 3, 1), 213), owner_email="nobody@example.kz"), "owner_email", "company.member_unknown_email"),
    (VALID[0], "bin", "import.duplicate_in_file"),
    ([*_row(_bin(date(2022, 3, 1), 214)), "stray"], "row", "import.row_width"),
]
"""Each rule broken once, with the field and code the report must name."""


@pytest.fixture
async def own_database(engine: AsyncEngine) -> AsyncIterator[Database]:
    async with database_of_its_own(engine, "registry_import") as database:
        async with transaction(database) as session:
            await create_account(
                session,
                actor_id=None,
                request=AccountCreate(email=OWNER, password=PASSWORD, full_name="Import Owner", role="founder"),
            )
        yield database


def _file(tmp_path: Path, rows: list[list[object]], name: str = "companies.csv") -> Path:
    path = tmp_path / name
    path.write_text(csv_text(HEADER, rows), encoding="utf-8")
    return path


def _report(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


async def test_valid_rows_are_imported_each_broken_one_reported_and_a_second_run_changes_nothing(
    own_database: Database, tmp_path: Path
) -> None:
    file = _file(tmp_path, [*VALID, *(row for row, _, _ in BROKEN)])
    events_before = (await counts(own_database))["events"]

    first = await run_registry(own_database, "import", "companies", str(file))

    assert first.exit_code == 0, first.output
    assert f"{len(VALID) + len(BROKEN)} rows: {len(VALID)} imported, 0 already registered, {len(BROKEN)} rejected" in (
        first.output
    )
    report = _report(tmp_path / "companies.rejected.csv")
    assert [(int(r["line"]), r["field"], r["code"]) for r in report] == [
        (len(VALID) + 2 + index, field, code) for index, (_, field, code) in enumerate(BROKEN)
    ]
    assert all(r["message_kk"] and r["message_ru"] and r["message_en"] for r in report)
    assert len({(r["message_kk"], r["message_ru"], r["message_en"]) for r in report}) == len(report)
    by_code = {r["code"]: r for r in report}
    assert by_code["bin.check_digit"]["message_en"].startswith("The check digit is ")
    assert (
        by_code["bin.division"]["message_ru"] == "6-я цифра БИН означает вид подразделения (0, 1, 2 или 3), а здесь 5."
    )
    assert by_code["import.duplicate_in_file"]["message_en"] == "This BIN is already given on line 2 of the file."
    assert (
        by_code["company.member_unknown_email"]["message_kk"] == "Бұл электрондық поштамен құрылтайшы тіркелгісі жоқ."
    )
    assert by_code["import.row_width"]["message_ru"] == "В строке 14 значений, а в заголовке 13 столбцов."

    async with transaction(own_database) as session:
        registered = {c.bin: c for c in await session.scalars(select(Company))}
        owners = list(await session.scalars(select(CompanyMember)))
        chain = await verify_event_chain(session)
    assert set(registered) == {str(row[0]) for row in VALID}
    second_company = registered[str(VALID[1][0])]
    assert (second_company.name_en, second_company.headcount, second_company.website) == (None, None, None)
    assert [(o.company_id, o.role) for o in owners] == [(registered[str(VALID[2][0])].id, "owner")]
    assert chain.intact
    before = await counts(own_database)
    # a company.registered each, a company.member_added for the owner
    assert before["events"] - events_before == len(VALID) + 1

    second = await run_registry(own_database, "import", "companies", str(file))

    assert second.exit_code == 0, second.output
    assert f"0 imported, {len(VALID)} already registered, {len(BROKEN)} rejected" in second.output
    assert await counts(own_database) == before
    assert _report(tmp_path / "companies.rejected.csv") == report


async def test_a_dry_run_reports_the_same_and_changes_nothing(own_database: Database, tmp_path: Path) -> None:
    file = _file(tmp_path, [*VALID, *(row for row, _, _ in BROKEN[:3])])
    before = {table: await table_state(own_database, table) for table in (*STATE_TABLES, "events")}

    result = await run_registry(
        own_database,
        "import",
        "companies",
        str(file),
        "--dry-run",
        "--language",
        "ru",
        "--report",
        str(tmp_path / "dry.csv"),
    )

    assert result.exit_code == 0, result.output
    assert (
        f"dry run, nothing written) {len(VALID) + 3} rows: {len(VALID)} imported, 0 already registered, 3 rejected"
        in (result.output)
    )
    assert list(_report(tmp_path / "dry.csv")[0]) == ["line", "bin", "field", "code", "message_ru"]
    assert {table: await table_state(own_database, table) for table in (*STATE_TABLES, "events")} == before


async def test_the_import_leaves_the_register_history_and_statistics_as_the_api_does(
    own_database: Database, engine: AsyncEngine, settings: Settings, tmp_path: Path
) -> None:
    """The same companies imported, and registered one by one through POST /companies (owner added by e-mail)."""
    file = _file(tmp_path, VALID)
    imported = await run_registry(own_database, "import", "companies", str(file))
    assert imported.exit_code == 0, imported.output

    async with database_of_its_own(engine, "registry_import_api") as by_api:
        async with transaction(by_api) as session:
            admin = await create_account(
                session,
                actor_id=None,
                request=AccountCreate(email="admin-import@example.kz", password=PASSWORD, full_name="A", role="admin"),
            )
            await create_account(
                session,
                actor_id=None,
                request=AccountCreate(email=OWNER, password=PASSWORD, full_name="Import Owner", role="founder"),
            )
        app = create_app(settings, database=by_api, clock=lambda: FIXED_NOW)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://registry.test") as client:
            headers = await login(client, admin.email)
            for row in VALID:
                fields = dict(zip(HEADER, row, strict=True))
                activities = str(fields["activities"]).split(";")
                body = {
                    "bin": fields["bin"],
                    "name_kk": fields["name_kk"],
                    "name_ru": fields["name_ru"],
                    "name_en": fields["name_en"] or None,
                    "legal_form": fields["legal_form"],
                    "region": fields["region"],
                    "registration_date": fields["registration_date"],
                    "activities": activities,
                    "primary_activity": fields["primary_activity"] or activities[0],
                    "headcount": int(str(fields["headcount"])) if fields["headcount"] else None,
                    "website": fields["website"] or None,
                    "description": fields["description"] or None,
                }
                created = await client.post("/api/v1/companies", json=body, headers=headers)
                assert created.status_code == 201, created.text
                if fields["owner_email"]:
                    added = await client.post(
                        f"/api/v1/companies/{created.json()['id']}/members",
                        json={"email": str(fields["owner_email"]).lower(), "role": "owner"},
                        headers=headers,
                    )
                    assert added.status_code == 201, added.text
        for table in ("company_history", "summary_company_spans", "summary_daily_deltas", "flow_facts"):
            assert await table_state(by_api, table), f"{table} is empty: the comparison would prove nothing"
        for table in STATE_TABLES:
            if table == "companies":
                continue  # its ids differ; compared by BIN through the others, and field by field below
            assert figures(table, await table_state(own_database, table)) == figures(
                table, await table_state(by_api, table)
            ), table
        async with transaction(own_database) as left, transaction(by_api) as right:
            columns = (
                "bin",
                "name_kk",
                "name_ru",
                "name_en",
                "legal_form",
                "region_kato",
                "registration_date",
                "status",
                "headcount",
                "website",
                "description",
                "search_key",
                "version",
                "ai_class",
            )
            mine = sorted(tuple(getattr(c, n) for n in columns) for c in await left.scalars(select(Company)))
            theirs = sorted(tuple(getattr(c, n) for n in columns) for c in await right.scalars(select(Company)))
        assert mine == theirs


async def test_the_statistics_register_mapping_reads_its_export(own_database: Database, tmp_path: Path) -> None:
    bin_value = _bin(date(2020, 9, 1), 301)
    path = tmp_path / "stat.csv"
    path.write_text(
        csv_text(
            [
                "БИН",
                "Наименование на казахском языке",
                "Наименование на русском языке",
                "Дата регистрации",
                "ОКЭД",
                "Вторичный ОКЭД",
                "КАТО",
            ],
            [
                [
                    bin_value,
                    "«Алем Жүйелер» ЖШС",
                    "ТОО «Алем Системы»",
                    "14.09.2020",
                    "62011",
                    "63110, 72190",
                    "751110000",
                ]
            ],
        ),
        encoding="utf-8",
    )

    result = await run_registry(own_database, "import", "companies", str(path), "--mapping", "stat-register")

    assert result.exit_code == 0, result.output
    assert "1 imported" in result.output
    async with transaction(own_database) as session:
        company = await session.scalar(select(Company).where(Company.bin == bin_value))
        assert company is not None
        activities = (
            await session.execute(
                select(CompanyActivity.oked_code, CompanyActivity.is_primary).where(
                    CompanyActivity.company_id == company.id
                )
            )
        ).all()
    assert sorted(activities) == [("62.01", True), ("63.11", False), ("72.19", False)]
    assert (company.legal_form, company.region_kato, company.registration_date) == (
        "llp",
        "750000000",
        date(2020, 9, 14),
    )


async def test_a_file_whose_header_does_not_fit_fails_in_one_line(own_database: Database, tmp_path: Path) -> None:
    path = tmp_path / "typo.csv"
    path.write_text("bin,name_kk,name_ru,legal_form,region,registration_dat,activities\n", encoding="utf-8")

    result = await run_registry(own_database, "import", "companies", str(path))
    in_kazakh = await run_registry(own_database, "import", "companies", str(path), "--language", "kk")

    assert result.exit_code != 0
    assert "Unknown columns: registration_dat." in result.output
    assert "Traceback" not in result.output
    assert in_kazakh.exit_code != 0
    assert "Белгісіз бағандар: registration_dat." in in_kazakh.output


def test_a_bin_of_a_month_still_to_come_is_refused_by_the_rules_of_the_api() -> None:
    """``bin.future`` needs a month after today's; the checker is given its day (the CLI's is the real one)."""
    checker = RowChecker(
        today=date(2026, 3, 10),
        known_regions={"710000000"},
        known_activities={"62.01", "63.11"},
        translate=lambda message: Text(kk=message, ru=message, en=message),
    )
    raw = MAPPINGS["registry"].convert(
        dict(zip(HEADER, map(str, _row(_bin(date(2026, 5, 1), 401), registration_date="2026-05-02")), strict=True)),
        set(),
    )

    checked = checker.check(2, raw)

    assert isinstance(checked, Rejection)
    assert [(e.field, e.code) for e in checked.errors] == [
        ("bin", "bin.future"),
        ("registration_date", "company.registration_in_future"),
    ]
