"""The ``registry`` command: serve, migrate, manage accounts, load demo data."""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import click
from rich.console import Console
from sqlalchemy.exc import ProgrammingError

from api.database import Database, create_engine, migrate, transaction
from api.embedded_postgres import start_embedded_postgres
from api.settings import Settings, disclosure_settings
from registry.errors import DomainError, InvalidInput
from registry.statistics.tidy import Table

__all__ = ["main"]

console = Console(stderr=True)
T = TypeVar("T")


def _settings_with_database() -> Settings:
    """Settings whose ``database_url`` is set, starting the embedded server when none was given."""
    settings = Settings.from_env()
    if settings.database_url:
        return settings
    embedded = start_embedded_postgres(settings.data_dir / "postgres")
    console.print(f"[dim]embedded PostgreSQL 18 running, data in {settings.data_dir / 'postgres'}[/dim]")
    return replace(settings, database_url=embedded.url)


def _run(work: Callable[[Database], Awaitable[T]]) -> T:
    settings = _settings_with_database()

    async def main() -> T:
        engine = create_engine(settings.database_url or "")
        try:
            return await work(Database.for_engine(engine))
        except ProgrammingError as error:
            if "does not exist" in str(error.orig):
                raise click.ClickException(
                    "The database has no registry schema yet: run 'registry db upgrade' first."
                ) from error
            raise
        finally:
            await engine.dispose()

    return asyncio.run(main())


@click.group()
def main() -> None:
    """AlemAI Registry: the national registry of AI startups of Kazakhstan."""


@main.group()
def db() -> None:
    """Database schema migrations."""


@db.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Apply migrations up to REVISION (default: head)."""
    _run(lambda database: migrate(database.engine, revision))
    console.print(f"[green]database upgraded to {revision}[/green]")


@db.command("downgrade")
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    """Revert migrations down to REVISION (e.g. -1 or base)."""
    _run(lambda database: migrate(database.engine, revision, downgrade=True))
    console.print(f"[yellow]database downgraded to {revision}[/yellow]")


@db.command("current")
def db_current() -> None:
    """Print the schema revision of the database."""
    from sqlalchemy import text

    async def current(database: Database) -> str:
        async with database.engine.connect() as connection:
            try:
                return str((await connection.execute(text("SELECT version_num FROM alembic_version"))).scalar())
            except Exception:
                return "none (run 'registry db upgrade')"

    click.echo(_run(current))


@main.group()
def accounts() -> None:
    """Accounts."""


@accounts.command("create")
@click.option("--email", required=True)
@click.option("--password", required=True, help="12 to 256 characters, not easy to guess (see the README).")
@click.option("--role", type=click.Choice(["founder", "reviewer", "economist", "admin"]), required=True)
@click.option("--name", "full_name", default="", help="Full name (defaults to the e-mail).")
@click.option("--language", type=click.Choice(["kk", "ru", "en"]), default="en")
def accounts_create(email: str, password: str, role: str, full_name: str, language: str) -> None:
    """Create an account, e.g. the first admin."""
    import msgspec

    from registry.accounts.schemas import AccountCreate
    from registry.accounts.service import create_account

    try:
        request = msgspec.convert(
            {
                "email": email,
                "password": password,
                "role": role,
                "full_name": full_name or email,
                "preferred_language": language,
            },
            AccountCreate,
        )
    except msgspec.ValidationError as error:
        raise click.BadParameter(str(error)) from error

    async def create(database: Database) -> str:
        async with transaction(database) as session:
            view = await create_account(session, actor_id=None, request=request)
        return str(view.id)

    try:
        account_id = _run(create)
    except DomainError as error:  # a weak password, a taken e-mail: say what is wrong, no traceback
        raise click.ClickException(
            " ".join([error.message.en, *(field.message.en for field in error.errors)])
        ) from error
    console.print(f"[green]created {role} {email} ({account_id})[/green]")


@main.command("demo-data")
@click.option("--companies", "count", type=int, default=2000, show_default=True)
@click.option("--seed", type=int, default=2026, show_default=True)
def demo_data(count: int, seed: int) -> None:
    """Load a realistic synthetic ecosystem (companies, members, events) with a progress bar."""
    from api.demo import load_demo

    async def load(database: Database) -> int:
        await migrate(database.engine)
        rules = disclosure_settings(Settings.from_env())
        return await load_demo(database, companies=count, seed=seed, progress=True, rules=rules)

    loaded = _run(load)
    console.print(f"[green]loaded {loaded} demo companies with their declarations and pivots[/green]")


@main.group()
def pivots() -> None:
    """Pivot events."""


@pivots.command("recompute")
@click.option("--rubric", "version", type=int, required=True, help="Rubric version to reclassify with.")
def pivots_recompute(version: int) -> None:
    """Reclassify every company's declarations under rubric N into a separate series ``rubric-N``.

    The live pivot events (each labelled with the version that produced it) are never rewritten.
    """
    from registry.declarations.pivots import recompute_pivots
    from registry.declarations.rubric_versions import rubric_version

    async def recompute(database: Database) -> int:
        async with transaction(database) as session:
            rubric = await rubric_version(session, version)
            if rubric is None:
                raise click.BadParameter(f"rubric version {version} is not published", param_hint="--rubric")
            return await recompute_pivots(session, rubric=rubric)

    written = _run(recompute)
    console.print(f"[green]wrote {written} pivot events into series rubric-{version}[/green]")


@main.group()
def metrics() -> None:
    """Ecosystem metrics."""


@metrics.command("export")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), required=True, help="Folder to write.")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), help="Stocks as of this day (default today).")
@click.option("--first-year", type=int, help="First year of flows, cohorts and growth (default: 5 years back).")
@click.option("--last-year", type=int, help="Last year (default: the year of --as-of).")
@click.option("--region", help="A 9-digit KATO region (default: the whole country).")
def metrics_export(
    out: Path, as_of: datetime | None, first_year: int | None, last_year: int | None, region: str | None
) -> None:
    """Write every metrics report as a tidy CSV file, with the disclosure control of the API.

    Stocks are as of --as-of; flows are yearly and broken down by region; cohorts and growth cover the fiscal years
    that ended by then.
    """
    from licensing.reports import ExportWindow, export_reports, write_csv_files

    day = as_of.date() if as_of else datetime.now(UTC).date()
    last = last_year if last_year is not None else day.year
    first = first_year if first_year is not None else last - 5
    if last < first:
        raise click.BadParameter("must not be before --first-year", param_hint="--last-year")
    if region is not None and not re.fullmatch(r"\d{9}", region):
        raise click.BadParameter("a KATO region has 9 digits", param_hint="--region")

    async def export(database: Database) -> dict[str, Table]:
        async with transaction(database) as session:
            window = ExportWindow(as_of=day, first_year=first, last_year=last, region=region)
            return await export_reports(session, window)

    try:
        tables = _run(export)
    except InvalidInput as error:
        details = "; ".join(f"{e.field}: {e.message.en}" for e in error.errors) or error.message.en
        raise click.UsageError(details) from error
    for path in write_csv_files(tables, out):
        console.print(f"wrote {path}")


@main.group()
def statistics() -> None:
    """Official statistics releases."""


@statistics.command("release")
@click.option("--period", type=int, required=True, help="The fiscal year the release describes (it must have ended).")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), help="Also write its files here.")
def statistics_release(period: int, out: Path | None) -> None:
    """Make the next release of a fiscal year as known now (a second one for a year is a revision).

    Prints the release number and SHA-256; with --out, writes the release's JSON, tidy CSV and SDMX-CSV files and
    the SDMX structure.
    """
    import msgspec

    from licensing.release_tables import DATAFLOWS
    from licensing.releases import ReleaseContent, create_release, get_release
    from registry.statistics.sdmx import sdmx_csv, structure_message, tidy_csv

    rules = disclosure_settings(Settings.from_env())

    async def release(database: Database) -> tuple[int, int, str, bool, bytes]:
        async with transaction(database) as session:
            made = await create_release(session, rules, period=period, actor_id=None, now=datetime.now(UTC))
            stored = await get_release(session, made.id)
            return made.id, made.revision, made.sha256, made.provisional, stored.content

    try:
        number, revision, digest, provisional, content = _run(release)
    except InvalidInput as error:
        raise click.UsageError(error.message.en) from error
    kind = "release" if revision == 1 else f"revision {revision}"
    console.print(f"statistics release {number} ({kind} of {period}{', provisional' if provisional else ''})")
    console.print(f"sha256 {digest}")
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        observations = msgspec.json.decode(content, type=ReleaseContent).observations
        files = {
            f"release-{number}.json": content.decode(),
            f"release-{number}.csv": tidy_csv(observations),
            f"release-{number}.sdmx.csv": sdmx_csv(observations),
            "structure.xml": structure_message(DATAFLOWS),
        }
        for name, text in files.items():
            (out / name).write_text(text, encoding="utf-8")
            console.print(f"wrote {out / name}")


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, type=int, show_default=True)
@click.option("--workers", default=1, type=int, show_default=True)
@click.option("--demo/--no-demo", default=False, help="Load the demo ecosystem on first start.")
def serve(host: str, port: int, workers: int, demo: bool) -> None:
    """Apply migrations, optionally load demo data, and serve the API."""
    import uvicorn

    from api.demo import demo_summary, load_demo_if_empty

    settings = _settings_with_database()
    os.environ["DATABASE_URL"] = settings.database_url or ""

    async def prepare(database: Database) -> None:
        await migrate(database.engine)
        if demo:
            await load_demo_if_empty(database, companies=settings.demo_companies, rules=disclosure_settings(settings))

    async def run_prepare() -> None:
        engine = create_engine(settings.database_url or "")
        try:
            await prepare(Database.for_engine(engine))
        finally:
            await engine.dispose()

    asyncio.run(run_prepare())
    console.print(demo_summary(f"http://{host}:{port}", demo=demo))
    # proxy_headers=False: uvicorn would otherwise believe X-Forwarded-For from any loopback peer; the app reads it
    # itself, and only from REGISTRY_TRUSTED_PROXIES.
    uvicorn.run(
        "api.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        proxy_headers=False,
    )
