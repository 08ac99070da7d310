"""Fixtures of the API tests that need a pool of their own rather than the test's one connection."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from api.database import Database, create_engine


@pytest.fixture
async def pool(database_url: str, engine: AsyncEngine) -> AsyncIterator[AsyncEngine]:
    """A small pool of its own over the migrated test database (``engine`` runs the migrations)."""
    own = create_engine(database_url, pool_size=2)
    yield own
    await own.dispose()


@pytest.fixture
def pooled_database(pool: AsyncEngine) -> Database:
    return Database.for_engine(pool)
