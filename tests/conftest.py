"""Fixtures: one migrated database per session, each test in a transaction that is rolled back."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import hypothesis
import pytest
from argon2 import profiles
from litestar import Litestar
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from api.database import Database, create_engine, migrate
from api.settings import Settings
from registry.accounts.passwords import hash_with_parameters
from tests.apps import app_for
from tests.browser_support import browser
from tests.database import test_database_url

__all__ = ["browser"]

FIXED_NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def pytest_configure(config: pytest.Config) -> None:
    """Make the suite cheap and time-free without faking anything.

    Passwords are hashed with argon2's cheapest profile (a fifth of a second each else, thousands of them), and
    hypothesis has no deadline: a test never asserts a time, and on a busy machine pure rules were "too slow".
    """
    hash_with_parameters(profiles.CHEAPEST)
    hypothesis.settings.register_profile("registry", deadline=None)
    hypothesis.settings.load_profile("registry")


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    with test_database_url() as url:
        yield url


@pytest.fixture(scope="session")
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url, pool_size=30)
    await migrate(engine)
    yield engine
    await engine.dispose()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        environment="test",
        jwt_secret="test-secret-that-is-long-enough-for-hs256-0123456789",
        data_dir=tmp_path,
        log_json=False,
    )


@pytest.fixture
async def connection(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A connection inside a transaction that is rolled back after the test."""
    async with engine.connect() as connection:
        transaction = await connection.begin()
        yield connection
        await transaction.rollback()


@pytest.fixture
def database(connection: AsyncConnection, engine: AsyncEngine) -> Database:
    """Sessions on the test's connection: their commits release savepoints, the outer rollback undoes all."""
    sessions = async_sessionmaker(bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint")
    return Database.for_sessions(engine, sessions)


@pytest.fixture
async def session(database: Database) -> AsyncIterator[AsyncSession]:
    async with database.sessions() as session:
        yield session


@pytest.fixture
def app(settings: Settings, database: Database) -> Iterator[Litestar]:
    with app_for(settings, database=database, clock=lambda: FIXED_NOW) as app:
        yield app


@pytest.fixture
async def client(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://registry.test") as client:
        yield client


@pytest.fixture
def committing_database(engine: AsyncEngine) -> Database:
    """Sessions that really commit, for tests of concurrent requests (they must use unique data)."""
    return Database.for_engine(engine)


@pytest.fixture
async def committing_client(settings: Settings, committing_database: Database) -> AsyncIterator[httpx.AsyncClient]:
    with app_for(settings, database=committing_database, clock=lambda: FIXED_NOW) as app:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://registry.test") as client:
            yield client
