"""Database URLs with libpq's parameters: each one works (reaches asyncpg and the server) or is refused in one line.

The URLs are built with SQLAlchemy's URL API, never by gluing strings, so a parameter joins the query a URL already
has (``?host=``) instead of starting a second one.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import AsyncEngine

from api.database import Timeouts, create_engine
from api.database_urls import SSL_MODES, TARGET_SESSION_ATTRS, asyncpg_url, engine_arguments
from api.deployment import ConfigurationError
from api.settings import Settings
from tests.operations.processes import command_env, run_registry

BASE = "postgres://registry:secret@db.internal:5432/registry"


def with_query(url: str, **parameters: str | tuple[str, ...]) -> str:
    """``url`` with ``parameters`` added to its query (whatever it holds already)."""
    return make_url(url).update_query_dict(parameters).render_as_string(hide_password=False)


def query_of(url: str) -> dict[str, str | tuple[str, ...]]:
    return dict(make_url(url).query)


@pytest.mark.parametrize("mode", SSL_MODES)
def test_every_libpq_sslmode_becomes_asyncpgs_ssl(mode: str) -> None:
    assert SSL_MODES == ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
    used = asyncpg_url(with_query(BASE, sslmode=mode))
    assert query_of(used) == {"ssl": mode}
    assert asyncpg_url(used) == used  # serve hands the URL on to its workers, which read it again


@pytest.mark.parametrize("attributes", TARGET_SESSION_ATTRS)
def test_target_session_attrs_takes_asyncpgs_values(attributes: str) -> None:
    assert set(TARGET_SESSION_ATTRS) == {"any", "primary", "standby", "prefer-standby", "read-write", "read-only"}
    assert query_of(asyncpg_url(with_query(BASE, target_session_attrs=attributes))) == {
        "target_session_attrs": attributes
    }


def test_server_settings_and_the_connect_timeout_become_asyncpgs_arguments() -> None:
    url = asyncpg_url(
        with_query(BASE, application_name="registry-cron", options="-c work_mem=8MB", connect_timeout="7")
    )
    target, arguments = engine_arguments(url, Timeouts().connect_args())
    assert dict(target.query) == {}
    assert arguments["timeout"] == 7.0  # the URL's own limit wins over REGISTRY_DB_CONNECT_TIMEOUT
    assert arguments["server_settings"] == {
        "statement_timeout": "5000",
        "lock_timeout": "2000",
        "idle_in_transaction_session_timeout": "60000",
        "application_name": "registry-cron",
        "options": "-c work_mem=8MB",
    }
    assert engine_arguments(with_query(url, connect_timeout="0"), {})[1]["timeout"] is None  # libpq: 0 waits


def test_a_parameter_joins_the_query_a_unix_socket_url_already_has() -> None:
    socket_url = "postgres://registry@/registry?host=/run/postgresql"
    used = asyncpg_url(with_query(socket_url, application_name="registry"))
    assert query_of(used) == {"host": "/run/postgresql", "application_name": "registry"}


@pytest.mark.parametrize(
    ("url", "refusal"),
    [
        (with_query(BASE, sslmode="on"), "DATABASE_URL has sslmode='on', not one of disable, allow, prefer, require"),
        (with_query(BASE, ssl="true"), "DATABASE_URL has sslmode='true', not one of"),
        (with_query(BASE, sslmode="require", ssl="require"), "DATABASE_URL gives both sslmode and ssl"),
        (with_query(BASE, target_session_attrs="master"), "has target_session_attrs='master', not one of any,"),
        (with_query(BASE, connect_timeout="soon"), "has connect_timeout='soon', not a number of seconds from 0 to 600"),
        (with_query(BASE, connect_timeout="-1"), "connect_timeout='-1'"),
        (with_query(BASE, connect_timeout="nan"), "connect_timeout='nan'"),
        (with_query(BASE, application_name=("a", "b")), "gives the parameter application_name 2 times"),
        (with_query(BASE, pool_size="5"), "DATABASE_URL has an unknown parameter 'pool_size'; the accepted ones are"),
        (with_query(BASE, sslrootcert="/etc/ca.pem"), "has the parameter sslrootcert, which is read from the envir"),
        (with_query(BASE, port="5432x"), "DATABASE_URL has a port that is not a number from 1 to 65535"),
        (
            with_query("postgres://u@/registry", host=("a:5432", "b:65536")),
            "has the port 65536, not a number from 1 to 65535",
        ),
        ("postgres://registry:secret@db.internal:54x2/registry", "DATABASE_URL has a port that is not a number from 1"),
        ("postgres://registry:secret/registry", "DATABASE_URL has a port that is not a number from 1 to 65535"),
        (
            make_url(BASE).set(port=0).render_as_string(hide_password=False),
            "DATABASE_URL has the port 0, not a number from 1",
        ),
        (make_url(BASE).set(port=70000).render_as_string(hide_password=False), "has the port 70000, not a number"),
    ],
)
def test_a_parameter_the_registry_cannot_honour_is_refused_by_name(url: str, refusal: str) -> None:
    with pytest.raises(ConfigurationError) as refused:
        asyncpg_url(url)
    assert refusal in str(refused.value)
    assert "secret" not in str(refused.value)


def test_replica_urls_go_through_the_same_checks() -> None:
    replicas = f"{with_query(BASE, application_name='replica')},{with_query(BASE, sslmode='verify-full')}"
    settings = Settings.from_env({"DATABASE_REPLICA_URLS": replicas})
    assert [query_of(url) for url in settings.replica_urls] == [{"application_name": "replica"}, {"ssl": "verify-full"}]
    with pytest.raises(ConfigurationError, match="DATABASE_REPLICA_URLS has an unknown parameter 'sslmod'"):
        Settings.from_env({"DATABASE_REPLICA_URLS": f"{BASE},{with_query(BASE, sslmod='require')}"})


async def test_the_server_sees_the_urls_application_name_and_options(engine: AsyncEngine) -> None:
    own_url = engine.url.render_as_string(hide_password=False)
    url = with_query(own_url, application_name="registry-url-test", options="-c work_mem=8MB", connect_timeout="5")
    for mode in ("disable", "allow", "prefer"):  # the test server offers no SSL: these still connect without it
        checked = create_engine(asyncpg_url(with_query(url, sslmode=mode)), pool_size=1)
        try:
            async with checked.connect() as connection:
                name = await connection.scalar(text("SELECT current_setting('application_name')"))
                work_mem = await connection.scalar(text("SHOW work_mem"))
                statement_timeout = await connection.scalar(text("SHOW statement_timeout"))
        finally:
            await checked.dispose()
        assert (name, work_mem, statement_timeout) == ("registry-url-test", "8MB", "0")  # LONG_WORK: no limit


@pytest.mark.parametrize(
    ("parameters", "refusal"),
    [
        ({"sslmode": "verify_full"}, "DATABASE_URL has sslmode='verify_full', not one of disable, allow, prefer,"),
        ({"application": "registry"}, "DATABASE_URL has an unknown parameter 'application'; the accepted ones are"),
        ({"target_session_attrs": "read_write"}, "DATABASE_URL has target_session_attrs='read_write', not one of"),
        ({"connect_timeout": "0.5s"}, "DATABASE_URL has connect_timeout='0.5s', not a number of seconds"),
        ({"port": "99999"}, "DATABASE_URL has the port 99999, not a number from 1 to 65535"),
    ],
)
def test_the_command_refuses_such_a_url_in_one_line(
    parameters: dict[str, str], refusal: str, database_url: str, tmp_path: Path
) -> None:
    url = with_query(database_url, **parameters)
    result = run_registry("db", "current", env=command_env(tmp_path, DATABASE_URL=url), cwd=tmp_path)
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert result.stderr.startswith(f"Error: {refusal}"), result.stderr


def test_the_command_connects_with_the_libpq_parameters(database_url: str, tmp_path: Path) -> None:
    url = with_query(database_url, application_name="registry-cli", connect_timeout="5", sslmode="prefer")
    result = run_registry("db", "current", env=command_env(tmp_path, DATABASE_URL=url), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()


def test_a_certificate_the_sslmode_needs_and_cannot_find_is_named_in_one_line(
    database_url: str, tmp_path: Path
) -> None:
    url = with_query(database_url, sslmode="verify-full")
    env = command_env(tmp_path, DATABASE_URL=url, HOME=str(tmp_path))  # no ~/.postgresql/root.crt, no PGSSLROOTCERT
    result = run_registry("db", "current", env=env, cwd=tmp_path)
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert "Error: cannot use the database at " in result.stderr
    assert 'root certificate file "' in result.stderr
    assert "set PGSSLROOTCERT to the server's CA certificate" in result.stderr
