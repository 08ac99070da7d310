"""Loading the demo ecosystem: demo accounts of every role and thousands of synthetic companies."""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta

from rich.progress import Progress
from sqlalchemy import func, select

from api.database import Database, transaction
from licensing.demo import load_licensing_history
from licensing.release_schemas import CalendarEntryIn
from licensing.releases import add_calendar_entry, create_release, declaration_deadline, list_calendar
from registry.accounts.models import Account
from registry.accounts.passwords import hash_password
from registry.companies.models import Company
from registry.database import utc_now
from registry.demo.ecosystem import generate_companies
from registry.demo.loader import copy_records, load_companies
from registry.demo.names import person_name
from registry.statistics.disclosure import DisclosureSettings

__all__ = ["DEMO_ACCOUNTS", "DEMO_PASSWORD", "demo_summary", "load_demo", "load_demo_if_empty"]

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - published demo credential, printed by make run
DEMO_ACCOUNTS = (
    ("admin@demo.alemai.kz", "admin", "Aigerim Admin"),
    ("reviewer@demo.alemai.kz", "reviewer", "Daniyar Reviewer"),
    ("reviewer2@demo.alemai.kz", "reviewer", "Saule Reviewer"),
    ("economist@demo.alemai.kz", "economist", "Nurlan Economist"),
    ("founder@demo.alemai.kz", "founder", "Aruzhan Founder"),
)
SYNTHETIC_FOUNDERS_PER_COMPANY = 0.6


async def _demo_accounts(database: Database, founders: int, seed: int) -> list[uuid.UUID]:
    """Create the named demo accounts and ``founders`` synthetic founders (sharing one password hash)."""
    password_hash = hash_password(DEMO_PASSWORD)
    rng = random.Random(seed)
    now = utc_now()
    rows = [
        (uuid.uuid4(), email, password_hash, name, role, "en", False, 1, now, now)
        for email, role, name in DEMO_ACCOUNTS
    ]
    rows += [
        (
            uuid.uuid4(),
            f"founder{index:06d}@demo.alemai.kz",
            password_hash,
            person_name(rng),
            "founder",
            rng.choice(("kk", "ru", "en")),
            False,
            1,
            now,
            now,
        )
        for index in range(founders)
    ]
    async with transaction(database) as session:
        await copy_records(
            session,
            "accounts",
            (
                "id",
                "email",
                "password_hash",
                "full_name",
                "role",
                "preferred_language",
                "disabled",
                "version",
                "created_at",
                "updated_at",
            ),
            rows,
        )
    demo_founder = rows[4][0]
    return [demo_founder, *(row[0] for row in rows[len(DEMO_ACCOUNTS) :])]


async def load_demo(
    database: Database,
    *,
    companies: int,
    seed: int = 2026,
    progress: bool = True,
    rules: DisclosureSettings | None = None,
) -> int:
    """Load demo accounts and ``companies`` synthetic companies in one transaction per stage.

    Then make the official release of the last fiscal year, so that the confidential figures (applications, AI FTE,
    growth, which are served from releases only) have something to show; with ``rules``, under those disclosure
    rules (the defaults otherwise).
    """
    owners = await _demo_accounts(database, max(1, int(companies * SYNTHETIC_FOUNDERS_PER_COMPANY)), seed)
    today = utc_now().date()
    generated = list(generate_companies(companies, seed=seed, today=today))
    with Progress(disable=not progress, transient=True) as bar:
        task = bar.add_task("demo companies", total=companies)
        async with transaction(database) as session:
            loaded = await load_companies(
                session,
                generated,
                owner_ids=owners,
                today=today,
                on_batch=lambda done: bar.update(task, completed=done),
            )
        async with transaction(database) as session:
            reviewers = list(await session.scalars(select(Account.id).where(Account.role == "reviewer")))
            await load_licensing_history(
                session, reviewer_ids=reviewers, today=today, seed=seed, company_ids=[c.id for c in generated]
            )
        async with transaction(database) as session:
            admin = await session.scalar(select(Account.id).where(Account.email == DEMO_ACCOUNTS[0][0]))
            await create_release(
                session, rules or DisclosureSettings(), period=today.year - 1, actor_id=None, now=utc_now()
            )
            planned = {(entry.dataset, entry.period) for entry in await list_calendar(session)}
            for entry in demo_calendar(today):
                if (entry.dataset, entry.period) not in planned:
                    await add_calendar_entry(session, request=entry, actor_id=admin)
    return loaded


def demo_calendar(today: date) -> list[CalendarEntryIn]:
    """The release calendar the demo's admin keeps.

    The last fiscal year, released today as planned, and the current one, planned for the first day after its
    declaration deadline (until then a release of it would be provisional).
    """
    current = today.year
    return [
        CalendarEntryIn(period=current - 1, planned_date=today),
        CalendarEntryIn(period=current, planned_date=declaration_deadline(current) + timedelta(days=1)),
    ]


async def load_demo_if_empty(database: Database, *, companies: int, rules: DisclosureSettings | None = None) -> bool:
    """Load the demo ecosystem unless the register already has companies."""
    async with database.sessions() as session:
        if (await session.scalar(select(func.count()).select_from(Company))) or await session.scalar(
            select(func.count()).select_from(Account).where(Account.email == DEMO_ACCOUNTS[0][0])
        ):
            return False
    await load_demo(database, companies=companies, rules=rules)
    return True


def demo_summary(base_url: str, *, demo: bool) -> str:
    """What ``make run`` prints: where things are and how to sign in."""
    lines = [
        "",
        "[bold]AlemAI Registry[/bold] is starting",
        f"  Web (kk/ru/en) {base_url}/  (sign up, sign in, search the register, verify a licence)",
        f"  API            {base_url}/api/v1",
        f"  API docs       {base_url}/schema  (OpenAPI: {base_url}/schema/openapi.json)",
        f"  Health         {base_url}/health/ready",
        f"  Dashboard      {base_url}/dashboard  (the latest release for everyone, charts for hub staff)",
    ]
    if demo:
        lines += ["", f"  Demo accounts (password: {DEMO_PASSWORD})"]
        lines += [f"    {role:<10} {email}" for email, role, _ in DEMO_ACCOUNTS]
    return "\n".join(lines)
