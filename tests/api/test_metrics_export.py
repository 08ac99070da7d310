"""``registry metrics export``: every metrics report as a CSV file, the same figures as the API."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from api.cli import main
from api.database import Database
from api.settings import Settings
from licensing.reports import ExportWindow, export_reports, write_csv_files
from registry.statistics.code_names import named
from registry.statistics.dictionary import METRICS as METRIC_DEFINITIONS
from registry.statistics.dictionary import SERIES_METRICS
from tests.factories import account
from tests.metrics_support import METRICS, ULYTAU, build_ecosystem, build_licence_track

GROUP = named("group")
EXPECTED_FILES = {
    "dictionary.csv",
    "summary.csv",
    "licensing.csv",
    "cohorts.csv",
    "growth.csv",
    "stock_flow.csv",
    *(f"timeseries_{metric}.csv" for metric in SERIES_METRICS),
}


async def test_export_writes_every_report_with_the_apis_figures(
    client: httpx.AsyncClient,
    database: Database,
    connection: AsyncConnection,
    session: AsyncSession,
    settings: Settings,
    tmp_path: Path,
) -> None:
    ids = await build_ecosystem(client, database, connection)
    await build_licence_track(connection, ids)
    economist = await account(client, database, "economist")
    window = ExportWindow(as_of=date(2026, 6, 14), first_year=2023, last_year=2026, region=ULYTAU)

    written = write_csv_files(await export_reports(session, window), tmp_path / "out")

    assert {path.name for path in written} == EXPECTED_FILES
    csv_headers = {"Accept": "text/csv"}
    api_summary = await client.get(
        f"{METRICS}/summary",
        params={"as_of": "2026-06-14", "region": ULYTAU, "group_by": "region"},
        headers={**economist.headers, **csv_headers},
    )
    assert (tmp_path / "out" / "summary.csv").read_bytes().decode("utf-8") == api_summary.text
    api_births = await client.get(
        f"{METRICS}/timeseries",
        params={
            "metric": "born_ai_native",
            "interval": "year",
            "from": "2023-01-01",
            "to": "2026-06-14",
            "group_by": "region",
            "region": ULYTAU,
        },
        headers={**economist.headers, **csv_headers},
    )
    assert (tmp_path / "out" / "timeseries_born_ai_native.csv").read_bytes().decode("utf-8") == api_births.text
    births = list(csv.DictReader(io.StringIO(api_births.text)))
    # Births in Ulytau (public, exact): 2023 A C H (3), 2024 D (1), 2025 G (1); 2026 none.
    assert {(r["region"], r["region_name_en"]) for r in births} == {(ULYTAU, "Ulytau Region")}
    assert [(r["period"], r["group"], r["value"], r["suppressed"]) for r in births if r["group"] == ""] == [
        ("2023", "", "3", "false"),
        ("2024", "", "1", "false"),
        ("2025", "", "1", "false"),
        ("2026", "", "0", "false"),
    ]
    exported = list(csv.DictReader(io.StringIO((tmp_path / "out" / "stock_flow.csv").read_text(encoding="utf-8"))))
    assert {row["period"] for row in exported} <= {"2023", "2024", "2025", "2026"}
    assert {row["group"] for row in exported} == {ULYTAU}
    # Every region code is named next to it, in the three languages.
    assert {(row["group_name_kk"], row["group_name_ru"], row["group_name_en"]) for row in exported} == {
        ("Ұлытау облысы", "Улытауская область", "Ulytau Region")
    }
    for year in (2024, 2025):
        api_account = await client.get(
            f"{METRICS}/stock-flow",
            params={"year": year, "group_by": "region"},
            headers={**economist.headers, **csv_headers},
        )
        assert api_account.status_code == 200, api_account.text
        (ulytau,) = [row for row in csv.DictReader(io.StringIO(api_account.text)) if row["group"] == ULYTAU]
        tidy = {row["metric"]: row["value"] for row in exported if row["period"] == str(year)}
        assert tidy == {f"ai_native_{name}": value for name, value in ulytau.items() if name not in {"period", *GROUP}}
    # Confidential reports come from releases: there is none, so their files hold a header only.
    for name in ("licensing.csv", "growth.csv", "timeseries_applications_submitted.csv"):
        assert len((tmp_path / "out" / name).read_text(encoding="utf-8").splitlines()) == 1, name


def test_the_command_writes_the_files(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    out = tmp_path / "export"
    result = CliRunner().invoke(
        main, ["metrics", "export", "--out", str(out), "--as-of", "2026-11-20", "--first-year", "2022"]
    )
    assert result.exit_code == 0, result.output
    assert {path.name for path in out.iterdir()} == EXPECTED_FILES
    for path in out.iterdir():
        header = path.read_text(encoding="utf-8").splitlines()[0]
        assert header.startswith(("name,", "as_of,", "metric,", "from,")), (path.name, header)
    cohorts = list(csv.DictReader(io.StringIO((out / "cohorts.csv").read_text(encoding="utf-8"))))
    assert {row["cohort"] for row in cohorts} == {"2022", "2023", "2024", "2025"}
    # Every figure published anywhere is documented in the data dictionary.
    published = {
        row["metric"]
        for path in out.iterdir()
        if path.name != "dictionary.csv"
        for row in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))
    }
    assert published <= set(METRIC_DEFINITIONS)
    assert {"pivot_rate", "cohort_companies", "companies_registered"} <= published


def test_the_command_refuses_a_bad_region(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    result = CliRunner().invoke(main, ["metrics", "export", "--out", str(tmp_path), "--region", "Almaty"])
    assert result.exit_code == 2
    assert "KATO" in result.output


def test_the_command_explains_an_impossible_window(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    # Fiscal 2026 has not ended on 2026-11-20, so cohorts and growth would have no year to cover.
    args = ["metrics", "export", "--out", str(tmp_path), "--as-of", "2026-11-20", "--first-year", "2026"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert "'last' must not be before 'first'" in result.output
    assert not any(tmp_path.iterdir())
