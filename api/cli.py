"""The ``registry`` command: serve, migrate, manage accounts, load demo data."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from collections.abc import Awaitable, Callable, Sequence
from contextlib import nullcontext
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any, TypeVar

import click
from rich.console import Console

from api.command_failures import TRACEBACK_VARIABLE, database_failure, failure_line
from api.database import Database, create_engine, current_revision, migrate, transaction
from api.deployment import ConfigurationError, check_deployable
from api.embedded_postgres import EmbeddedPostgres, start_embedded_postgres
from api.output_folders import readable_files, ready_folder, undone_on_failure, writing
from api.settings import Settings, disclosure_settings
from licensing.release_schemas import FIRST_PERIOD, LAST_PERIOD
from registry.errors import InvalidInput
from registry.statistics.periods import EARLIEST_YEAR, LATEST_YEAR
from registry.statistics.tidy import Table

YEARS = click.IntRange(EARLIEST_YEAR, LATEST_YEAR)
"""The years ``registry metrics export`` takes: those the metrics routes take."""

__all__ = ["main"]

console = Console(stderr=True)
T = TypeVar("T")


def _settings() -> Settings:
    """The settings from the environment, refused (one line) when the registry must not start with them."""
    try:
        settings = Settings.from_env()
    except ConfigurationError:
        raise
    except ValueError as error:  # a number or an address that does not parse
        raise ConfigurationError(f"a setting in the environment is not valid: {error}") from error
    check_deployable(settings)
    return settings


def _settings_and_server() -> tuple[Settings, EmbeddedPostgres | None]:
    """Settings whose ``database_url`` is set, and the embedded server started when none was given."""
    settings = _settings()
    if settings.database_url:
        return settings, None
    embedded = start_embedded_postgres(settings.data_dir / "postgres")
    console.print(f"[dim]embedded PostgreSQL 18 running, data in {settings.data_dir / 'postgres'}[/dim]")
    return replace(settings, database_url=embedded.url), embedded


async def _on_database(url: str, work: Callable[[Database], Awaitable[T]]) -> T:
    engine = create_engine(url)
    try:
        return await work(Database.for_engine(engine))
    except click.ClickException:  # it says what is wrong already (a file that cannot be written is not the database)
        raise
    except Exception as error:
        unreachable = database_failure(error, url)
        if unreachable is not None:
            raise unreachable from error
        raise
    finally:
        await engine.dispose()


def _run(work: Callable[[Database], Awaitable[T]]) -> T:
    settings, embedded = _settings_and_server()
    try:
        return asyncio.run(_on_database(settings.database_url or "", work))
    finally:
        if embedded is not None:
            embedded.stop()


def _exit_on_signal(signum: int, _: FrameType | None) -> None:
    """SIGTERM (and SIGINT) end a command like an error does: ``finally`` blocks run, the embedded server stops."""
    raise SystemExit(128 + signum)


class RegistryCommands(click.Group):
    """The ``registry`` group: every failure of a command is one line on standard error and a non-zero exit."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Run the command line; a usage error is one line too (click's own prints the usage above it).

        ``standalone_mode`` is accepted for click's callers and ignored: the registry always ends this way.
        """
        try:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.ClickException as error:
            hint = ""
            if isinstance(error, click.UsageError) and error.ctx is not None:
                hint = f" (see '{error.ctx.command_path} --help')"
            click.echo(f"Error: {' '.join(error.format_message().split())}{hint}", err=True)
            sys.exit(error.exit_code)
        except click.Abort:
            click.echo("Error: interrupted", err=True)
            sys.exit(1)

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; an error it did not expect becomes a :class:`click.ClickException` of one line."""
        signal.signal(signal.SIGTERM, _exit_on_signal)
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as error:
            if os.environ.get(TRACEBACK_VARIABLE) == "1":
                raise
            raise click.ClickException(failure_line(error)) from None


@click.group(cls=RegistryCommands)
def main() -> None:
    """AlemAI Registry: the national registry of AI startups of Kazakhstan."""


@main.group()
def accounts() -> None:
    """Accounts."""


PASSWORD_RULES = "12 to 256 characters, not easy to guess (see the README)"  # noqa: S105 - the rule, no password


def _password(from_stdin: bool) -> str:
    """The new account's password: one line of standard input, or typed twice at a hidden prompt."""
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise click.ClickException("--password-stdin: standard input held no password")
        return password
    if not sys.stdin.isatty():
        raise click.ClickException(
            "no terminal to ask for the password: send it on standard input with --password-stdin"
        )
    typed: str = click.prompt(f"Password ({PASSWORD_RULES})", hide_input=True, confirmation_prompt=True)
    return typed


def _account_refusal(validation: str, email: str) -> str:
    """What ``accounts create`` says of a field its options gave wrong (msgspec names the field as ``$.email``)."""
    if "$.password" in validation:
        return f"the password must be {PASSWORD_RULES}"
    if "$.email" in validation:
        return f"--email {email!r} is not an e-mail address (name@example.kz, at most 254 characters)"
    if "$.full_name" in validation:
        return "--name must be 1 to 200 characters"
    return " ".join(validation.split())


@accounts.command("create")
@click.option("--email", required=True)
@click.option(
    "--password-stdin",
    "password_stdin",
    is_flag=True,
    help="Read the password from standard input (one line) instead of asking for it.",
)
@click.option("--role", type=click.Choice(["founder", "reviewer", "economist", "admin"]), required=True)
@click.option("--name", "full_name", default="", help="Full name (defaults to the e-mail).")
@click.option("--language", type=click.Choice(["kk", "ru", "en"]), default="en")
def accounts_create(email: str, password_stdin: bool, role: str, full_name: str, language: str) -> None:
    """Create an account, e.g. the first admin; the password is asked for (hidden, twice) or read from stdin.

    The password is never an argument: arguments end up in shell history and in every process listing.
    """
    import msgspec

    from registry.accounts.schemas import AccountCreate, Email
    from registry.accounts.service import create_account

    try:
        msgspec.convert(email, Email)  # before the password is asked for
    except msgspec.ValidationError as error:
        raise click.ClickException(_account_refusal("$.email", email)) from error
    password = _password(password_stdin)
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
        raise click.ClickException(_account_refusal(str(error), email)) from error

    async def create(database: Database) -> str:
        async with transaction(database) as session:
            view = await create_account(session, actor_id=None, request=request)
        return str(view.id)

    account_id = _run(create)  # a weak password or a taken e-mail is a DomainError: one line from the group
    console.print(f"[green]created {role} {email} ({account_id})[/green]")


@main.command("demo-data")
@click.option("--companies", "count", type=click.IntRange(min=1), default=2000, show_default=True)
@click.option("--seed", type=int, default=2026, show_default=True)
def demo_data(count: int, seed: int) -> None:
    """Load a realistic synthetic ecosystem (companies, members, events) with a progress bar, into an empty register."""
    from sqlalchemy import func, select

    from api.demo import DEMO_ACCOUNTS, load_demo
    from registry.accounts.models import Account
    from registry.companies.models import Company

    async def load(database: Database) -> int:
        await migrate(database.engine)
        async with database.sessions() as session:
            companies = await session.scalar(select(func.count()).select_from(Company)) or 0
            demo_accounts = await session.scalar(
                select(func.count()).select_from(Account).where(Account.email == DEMO_ACCOUNTS[0][0])
            )
        if companies or demo_accounts:
            held = f"{companies} companies" if companies else "the demo accounts"
            raise click.ClickException(
                f"the register already holds {held}: demo-data loads into an empty register only "
                "(use a new database, or 'make clean-data' for the embedded one)"
            )
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
@click.option("--first-year", type=YEARS, help="First year of flows, cohorts and growth (default: 5 years back).")
@click.option("--last-year", type=YEARS, help="Last year (default: the year of --as-of).")
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
    ready_folder(out)

    async def export(database: Database) -> dict[str, Table]:
        async with transaction(database) as session:
            window = ExportWindow(as_of=day, first_year=first, last_year=last, region=region)
            return await export_reports(session, window)

    try:
        tables = _run(export)
    except InvalidInput as error:
        details = "; ".join(f"{e.field}: {e.message.en}" for e in error.errors) or error.message.en
        raise click.UsageError(details) from error
    with writing(out):
        written = write_csv_files(tables, out)
    readable_files(written)
    for path in written:
        console.print(f"wrote {path}")


@main.group()
def statistics() -> None:
    """Official statistics releases."""


@statistics.command("checkpoint")
def statistics_checkpoint() -> None:
    """Sum the register's recorded changes up to a settled moment, so figures as known at a moment stay fast.

    Figures never depend on checkpoints, only the time they take; a release makes one too. Run it from cron, e.g.
    hourly: ``registry statistics checkpoint``.
    """
    from registry.statistics.known_stocks import make_checkpoint

    async def checkpoint(database: Database) -> int | None:
        async with transaction(database) as session:
            return await make_checkpoint(session, now=datetime.now(UTC))

    made = _run(checkpoint)
    console.print("nothing new to checkpoint" if made is None else f"statistics checkpoint {made}")


@statistics.command("release")
@click.option(
    "--period",
    type=click.IntRange(FIRST_PERIOD, LAST_PERIOD),
    required=True,
    help="The fiscal year the release describes (it must have ended).",
)
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

    # The folder is made ready before the release (a release whose files cannot be written is half-done), and
    # removed again when the release is refused.
    with undone_on_failure(out) if out is not None else nullcontext():
        try:
            number, revision, digest, provisional, content = _run(release)
        except InvalidInput as error:
            raise click.UsageError(error.message.en) from error
    kind = "release" if revision == 1 else f"revision {revision}"
    console.print(f"statistics release {number} ({kind} of {period}{', provisional' if provisional else ''})")
    console.print(f"sha256 {digest}")
    if out is not None:
        observations = msgspec.json.decode(content, type=ReleaseContent).observations
        files = {
            f"release-{number}.json": content.decode(),
            f"release-{number}.csv": tidy_csv(observations),
            f"release-{number}.sdmx.csv": sdmx_csv(observations),
            "structure.xml": structure_message(DATAFLOWS),
        }
        with writing(out):
            for name, text in files.items():
                (out / name).write_text(text, encoding="utf-8")
        readable_files(out / name for name in files)
        for name in files:
            console.print(f"wrote {out / name}")


async def _schema_is_current(database: Database) -> None:
    """Refuse to serve (``--no-migrate``) a database whose schema is missing or older than this release's."""
    from alembic.script import ScriptDirectory

    from api.database import alembic_config

    revision = await current_revision(database.engine)
    if revision is None:
        raise click.ClickException("the database has no registry schema yet: run 'registry db upgrade' first")
    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    known = {entry.revision for entry in script.walk_revisions()}
    if revision != head and revision in known:
        raise click.ClickException(
            f"the database schema is at {revision}, this release needs {head}: run 'registry db upgrade' first"
        )


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, type=click.IntRange(1, 65535), show_default=True)
@click.option("--workers", default=1, type=click.IntRange(1, 128), show_default=True)
@click.option("--demo/--no-demo", default=False, help="Load the demo ecosystem on first start.")
@click.option(
    "--migrate/--no-migrate",
    "run_migrations",
    default=True,
    help="Apply migrations before serving (under the advisory lock, so instances that start together migrate once). "
    "--no-migrate serves only a database already at this release's schema ('registry db upgrade' ran first).",
)
@click.option(
    "--graceful-timeout",
    default=30,
    type=click.IntRange(0, 3600),
    show_default=True,
    help="Seconds the requests in flight get to finish after SIGTERM or Ctrl-C, before they are cut.",
)
def serve(host: str, port: int, workers: int, demo: bool, run_migrations: bool, graceful_timeout: int) -> None:
    """Apply migrations, optionally load demo data, and serve the API.

    SIGTERM (or Ctrl-C) stops taking connections, lets the requests in flight finish, and stops the embedded
    PostgreSQL this command started; the exit status is then 0.
    """
    import uvicorn

    from api.demo import demo_summary, load_demo_if_empty

    signal.signal(signal.SIGINT, _exit_on_signal)  # until uvicorn serves: Ctrl-C during migrations stops cleanly
    settings, embedded = _settings_and_server()
    try:
        os.environ["DATABASE_URL"] = settings.database_url or ""

        async def prepare(database: Database) -> None:
            if run_migrations:
                result = await migrate(database.engine)
                if result.changed:
                    console.print(f"[dim]{migration_report(result, 'upgraded')}[/dim]")
            else:
                await _schema_is_current(database)
            if demo:
                rules = disclosure_settings(settings)
                await load_demo_if_empty(database, companies=settings.demo_companies, rules=rules)

        asyncio.run(_on_database(settings.database_url or "", prepare))
        console.print(demo_summary(f"http://{host}:{port}", demo=demo))
        stopped_by: list[int] = []
        # uvicorn shuts down gracefully on SIGTERM/SIGINT and then raises the signal again: record it and end normally.
        signal.signal(signal.SIGTERM, lambda signum, _: stopped_by.append(signum))
        signal.signal(signal.SIGINT, lambda signum, _: stopped_by.append(signum))
        # proxy_headers=False: uvicorn would otherwise believe X-Forwarded-For from any loopback peer; the app reads
        # it itself, and only from REGISTRY_TRUSTED_PROXIES.
        uvicorn.run(
            "api.app:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
            proxy_headers=False,
            timeout_graceful_shutdown=graceful_timeout or None,
        )
        if stopped_by:
            console.print("[dim]stopped: the requests in flight were answered[/dim]")
    finally:
        if embedded is not None:
            embedded.stop()
            console.print("[dim]embedded PostgreSQL stopped[/dim]")


from api.cli_bulk import export_group, import_group  # noqa: E402 - the bulk commands live in their own module
from api.cli_migrations import db_group, migration_report  # noqa: E402 - so do the migration commands

main.add_command(db_group)
main.add_command(import_group)
main.add_command(export_group)
