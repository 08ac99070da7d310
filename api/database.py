"""Engines, sessions and migrations."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

__all__ = ["Database", "alembic_config", "create_engine", "migrate", "transaction"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_engine(url: str, *, echo: bool = False, pool_size: int = 10) -> AsyncEngine:
    """An asyncpg engine with a pool sized for one worker."""
    return create_async_engine(url, echo=echo, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True)


@dataclass(frozen=True, slots=True)
class Database:
    """What the app needs of its database: the engine (for health checks) and a session factory."""

    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]

    @classmethod
    def for_engine(cls, engine: AsyncEngine) -> Database:
        """A session factory over ``engine``."""
        return cls(engine=engine, sessions=async_sessionmaker(engine, expire_on_commit=False))

    async def ping(self) -> None:
        """Raise unless the database answers."""
        async with self.sessions() as session:
            await session.execute(text("SELECT 1"))


@asynccontextmanager
async def transaction(database: Database) -> AsyncIterator[AsyncSession]:
    """One unit of work: commits when the block ends normally, rolls back when it raises."""
    async with database.sessions() as session:
        try:
            yield session
        except BaseException:
            await session.rollback()
            raise
        await session.commit()


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic configuration pointing at ``migrations/``, optionally bound to an open connection."""
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


async def migrate(engine: AsyncEngine, revision: str = "head", *, downgrade: bool = False) -> None:
    """Upgrade (or downgrade) the schema to ``revision`` in one transaction."""

    def run(connection: Connection) -> None:
        config = alembic_config(connection)
        if downgrade:
            command.downgrade(config, revision)
        else:
            command.upgrade(config, revision)

    async with engine.begin() as connection:
        await connection.run_sync(run)
