"""What ``DATABASE_URL`` and production settings the registry accepts (pure rules, no database)."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.database_urls import asyncpg_url
from api.deployment import ConfigurationError, check_deployable
from api.settings import Settings

SECRET = "s" * 32


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("postgres://u:p@db:5432/registry", "postgresql+asyncpg://u:p@db:5432/registry"),
        ("postgresql://u:p@db/registry", "postgresql+asyncpg://u:p@db/registry"),
        ("postgresql+asyncpg://u:p@db/registry", "postgresql+asyncpg://u:p@db/registry"),
        ("postgres://u@/registry?host=/run/postgresql", "postgresql+asyncpg://u@/registry?host=%2Frun%2Fpostgresql"),
        ("postgres://u:p@db/registry?sslmode=require", "postgresql+asyncpg://u:p@db/registry?ssl=require"),
        ("  postgres://u:p@db/registry\n", "postgresql+asyncpg://u:p@db/registry"),
    ],
)
def test_libpq_and_sqlalchemy_urls_connect_with_asyncpg(given: str, used: str) -> None:
    assert asyncpg_url(given) == used
    assert Settings.from_env({"DATABASE_URL": given}).database_url == used


@pytest.mark.parametrize(
    ("given", "refusal"),
    [
        ("db.internal:5432", "DATABASE_URL is not a database URL"),
        ("mysql://u:p@db/registry", "DATABASE_URL must name PostgreSQL"),
        ("postgresql+psycopg://u:p@db/registry", "DATABASE_URL must name PostgreSQL"),
        ("postgres://u:p@db:5432", "DATABASE_URL names no database"),
    ],
)
def test_other_urls_are_refused_without_showing_the_password(given: str, refusal: str) -> None:
    with pytest.raises(ConfigurationError, match=refusal) as refused:
        asyncpg_url(given)
    assert ":p@" not in str(refused.value)


def test_production_needs_a_database_and_a_real_secret(tmp_path: Path) -> None:
    production = Settings(environment="production", data_dir=tmp_path)
    with pytest.raises(ConfigurationError, match="DATABASE_URL must be set in production"):
        check_deployable(production)
    with pytest.raises(ConfigurationError, match="REGISTRY_JWT_SECRET must be set in production"):
        check_deployable(Settings(environment="production", database_url="postgresql+asyncpg://u@db/r"))
    with pytest.raises(ConfigurationError, match="at least 32"):
        Settings(environment="production", database_url="postgresql+asyncpg://u@db/r", jwt_secret="short").with_secret()
    ready = Settings(environment="production", database_url="postgresql+asyncpg://u@db/r", jwt_secret=SECRET)
    assert ready.with_secret() is ready
    assert not (tmp_path / "jwt-secret").exists()  # production never makes a secret of its own


def test_development_makes_and_keeps_a_secret(tmp_path: Path) -> None:
    first = Settings(data_dir=tmp_path).with_secret().jwt_secret
    assert len(first) >= 32
    assert Settings(data_dir=tmp_path).with_secret().jwt_secret == first


def test_a_mistyped_environment_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="REGISTRY_ENV='prod' is not one of development, production, test"):
        check_deployable(Settings(environment="prod"))
