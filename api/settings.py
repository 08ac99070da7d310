"""Settings, read from the environment once by :meth:`Settings.from_env`."""

from __future__ import annotations

import ipaddress
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

from api.database import Timeouts
from api.database_urls import asyncpg_url
from api.deployment import ConfigurationError, check_deployable
from api.setting_bounds import read_integer, read_seconds, read_share
from licensing.filing_window import DEFAULT_GRACE_DAYS
from registry.statistics.disclosure import DisclosureSettings

__all__ = ["Settings", "database_timeouts", "disclosure_settings"]

_DEFAULT_DATA_DIR = Path(".data")


_YES = frozenset({"1", "true", "yes", "on"})
_NO = frozenset({"0", "false", "no", "off"})


def _flag(env: Mapping[str, str], variable: str, *, default: bool) -> bool:
    """An on/off setting; unset or empty is ``default``, and a word that is neither (a typo) stops the start."""
    text = (env.get(variable) or "").strip().lower()
    if not text:
        return default
    if text in _YES | _NO:
        return text in _YES
    words = "1/0, true/false, yes/no or on/off"
    raise ConfigurationError(f"{variable}={env[variable]!r} is not accepted: it must be {words}")


def _networks(value: str | None) -> tuple[str, ...]:
    """IP addresses and CIDR blocks separated by commas or spaces, checked (a typo fails at start-up)."""
    return tuple(str(ipaddress.ip_network(entry, strict=False)) for entry in (value or "").replace(",", " ").split())


def _public_url(value: str | None) -> str | None:
    """An absolute http(s) address without query or fragment, without its trailing slash (a typo stops the start)."""
    if not (value or "").strip():
        return None
    address = (value or "").strip().rstrip("/")
    parts = urlsplit(address)
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.query or parts.fragment:
        raise ValueError(
            "REGISTRY_PUBLIC_URL must be an absolute http(s) address such as https://registry.example.kz, "
            f"not {value!r}"
        )
    return address


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the app needs from its environment."""

    database_url: str | None = None
    """``DATABASE_URL``: ``postgresql://…`` (or ``postgres://``, ``postgresql+asyncpg://``; all connect with asyncpg) of
    a PostgreSQL ≥ 15 with pg_trgm and btree_gist. Unset: an embedded PostgreSQL 18 is started with its data under
    ``data_dir`` (never in production)."""
    data_dir: Path = _DEFAULT_DATA_DIR
    """``REGISTRY_DATA_DIR``: where the embedded database and the development secret live."""
    environment: str = "development"
    """``REGISTRY_ENV``: ``development``, ``test`` or ``production``; production refuses to start without
    ``DATABASE_URL`` and a real secret (see :func:`api.deployment.check_deployable`)."""
    jwt_secret: str = ""
    """``REGISTRY_JWT_SECRET``: the key that signs access tokens (in development one is generated and kept)."""
    token_lifetime_seconds: int = 3600
    """``REGISTRY_TOKEN_LIFETIME``: how long an access token is valid, in seconds."""
    web_session_lifetime_seconds: int = 8 * 3600
    """``REGISTRY_WEB_SESSION_LIFETIME``: how long a web page sign-in lasts on the server, in seconds."""
    login_attempts_per_account: int = 5
    """``REGISTRY_LOGIN_ATTEMPTS_PER_ACCOUNT``: failed logins allowed per account in the window."""
    login_attempts_per_address: int = 20
    """``REGISTRY_LOGIN_ATTEMPTS_PER_ADDRESS``: failed logins allowed per client address in the window."""
    login_window_seconds: int = 900
    """``REGISTRY_LOGIN_WINDOW``: the rate-limit window for failed logins, in seconds."""
    trusted_proxies: tuple[str, ...] = ()
    """``REGISTRY_TRUSTED_PROXIES``: the reverse proxies (IP addresses or CIDR blocks, comma-separated) whose
    ``X-Forwarded-For`` is believed; empty, the header is ignored and the peer's address is the client's."""
    max_body_bytes: int = 1024 * 1024
    """``REGISTRY_MAX_BODY_BYTES``: largest JSON request body accepted (uploads have their own limit)."""
    disclosure_min_contributors: int = 3
    """``REGISTRY_SDC_MIN_CONTRIBUTORS``: a statistics cell built from fewer companies is suppressed."""
    disclosure_dominance_share: Decimal = Decimal("0.85")
    """``REGISTRY_SDC_DOMINANCE_SHARE``: a magnitude cell is suppressed when its two largest contributors exceed it."""
    disclosure_count_protection: int = 3
    """``REGISTRY_SDC_COUNT_PROTECTION``: how far either side of a withheld count an attacker's bounds must reach."""
    disclosure_magnitude_protection: Decimal = Decimal("0.25")
    """``REGISTRY_SDC_MAGNITUDE_PROTECTION``: the same for a withheld magnitude, as a share of its value."""
    disclosure_min_quantile_contributors: int = 10
    """``REGISTRY_SDC_MIN_QUANTILE_CONTRIBUTORS``: medians and percentiles are published from this many companies."""
    log_json: bool = True
    """``REGISTRY_LOG_JSON``: structured (JSON) log lines; set to 0 for plain text."""
    demo_companies: int = 2000
    """``REGISTRY_DEMO_COMPANIES``: how many demo companies ``make run`` loads on first start."""
    sql_echo: bool = False
    """``REGISTRY_SQL_ECHO``: log every SQL statement (debugging only)."""
    declaration_grace_days: int = DEFAULT_GRACE_DAYS
    """``REGISTRY_DECLARATION_GRACE_DAYS``: days after 1 January during which an AI-native licence may still rely on
    the declaration for the year before the last closed one (its filing window)."""
    db_connect_timeout: float = 2.0
    """``REGISTRY_DB_CONNECT_TIMEOUT``: seconds to open a database connection before answering 503."""
    db_pool_timeout: float = 2.0
    """``REGISTRY_DB_POOL_TIMEOUT``: seconds to wait for a free pooled connection before answering 503."""
    db_statement_timeout: float = 5.0
    """``REGISTRY_DB_STATEMENT_TIMEOUT``: seconds one statement of a request may run (releases are exempt)."""
    db_lock_timeout: float = 2.0
    """``REGISTRY_DB_LOCK_TIMEOUT``: seconds a request waits for a row or table lock before answering 503."""
    replica_urls: tuple[str, ...] = ()
    """``DATABASE_REPLICA_URLS``: streaming replicas of ``DATABASE_URL`` (comma-separated URLs, same forms) that serve
    the public register, the feed and statistics; empty, everything reads from the primary."""
    replica_max_lag_seconds: float = 5.0
    """``REGISTRY_REPLICA_MAX_LAG_SECONDS``: a replica further behind the primary than this gets no reads."""
    replica_check_interval: float = 1.0
    """``REGISTRY_REPLICA_CHECK_INTERVAL``: seconds between two checks of how far each replica has replayed."""
    public_url: str | None = None
    """``REGISTRY_PUBLIC_URL``: the address the public reaches the registry at (``https://registry.example.kz``), used
    in what leaves the site, such as the QR code and link printed on a licence certificate; unset, the address the
    request came to (its Host header), which is fine in development but must not be trusted behind a proxy."""
    metrics_token: str = ""
    """``REGISTRY_METRICS_TOKEN``: the bearer token Prometheus sends to ``/internal/metrics``; empty, the endpoint
    answers 404 to everyone."""
    metrics_multiprocess_dir: str | None = None
    """``PROMETHEUS_MULTIPROC_DIR``: prometheus-client's multiprocess mode (``uvicorn --workers N``): every worker's
    figures are kept in this directory and summed at each scrape. It must be set before the server starts."""

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        """Read the settings from environment variables (``os.environ`` by default)."""
        env = dict(os.environ if environ is None else environ)
        defaults = cls()
        return cls(
            database_url=asyncpg_url(env["DATABASE_URL"]) if env.get("DATABASE_URL") else None,
            data_dir=Path(env.get("REGISTRY_DATA_DIR", str(defaults.data_dir))),
            environment=env.get("REGISTRY_ENV", defaults.environment),
            jwt_secret=env.get("REGISTRY_JWT_SECRET", ""),
            token_lifetime_seconds=read_integer(env, "REGISTRY_TOKEN_LIFETIME", defaults.token_lifetime_seconds),
            web_session_lifetime_seconds=read_integer(
                env, "REGISTRY_WEB_SESSION_LIFETIME", defaults.web_session_lifetime_seconds
            ),
            login_attempts_per_account=read_integer(
                env, "REGISTRY_LOGIN_ATTEMPTS_PER_ACCOUNT", defaults.login_attempts_per_account
            ),
            login_attempts_per_address=read_integer(
                env, "REGISTRY_LOGIN_ATTEMPTS_PER_ADDRESS", defaults.login_attempts_per_address
            ),
            login_window_seconds=read_integer(env, "REGISTRY_LOGIN_WINDOW", defaults.login_window_seconds),
            trusted_proxies=_networks(env.get("REGISTRY_TRUSTED_PROXIES")),
            max_body_bytes=read_integer(env, "REGISTRY_MAX_BODY_BYTES", defaults.max_body_bytes),
            disclosure_min_contributors=read_integer(
                env, "REGISTRY_SDC_MIN_CONTRIBUTORS", defaults.disclosure_min_contributors
            ),
            disclosure_dominance_share=read_share(
                env, "REGISTRY_SDC_DOMINANCE_SHARE", defaults.disclosure_dominance_share
            ),
            disclosure_count_protection=read_integer(
                env, "REGISTRY_SDC_COUNT_PROTECTION", defaults.disclosure_count_protection
            ),
            disclosure_magnitude_protection=read_share(
                env, "REGISTRY_SDC_MAGNITUDE_PROTECTION", defaults.disclosure_magnitude_protection
            ),
            disclosure_min_quantile_contributors=read_integer(
                env, "REGISTRY_SDC_MIN_QUANTILE_CONTRIBUTORS", defaults.disclosure_min_quantile_contributors
            ),
            log_json=_flag(env, "REGISTRY_LOG_JSON", default=True),
            demo_companies=read_integer(env, "REGISTRY_DEMO_COMPANIES", defaults.demo_companies),
            sql_echo=_flag(env, "REGISTRY_SQL_ECHO", default=False),
            declaration_grace_days=read_integer(
                env, "REGISTRY_DECLARATION_GRACE_DAYS", defaults.declaration_grace_days
            ),
            db_connect_timeout=read_seconds(env, "REGISTRY_DB_CONNECT_TIMEOUT", defaults.db_connect_timeout),
            db_pool_timeout=read_seconds(env, "REGISTRY_DB_POOL_TIMEOUT", defaults.db_pool_timeout),
            db_statement_timeout=read_seconds(env, "REGISTRY_DB_STATEMENT_TIMEOUT", defaults.db_statement_timeout),
            db_lock_timeout=read_seconds(env, "REGISTRY_DB_LOCK_TIMEOUT", defaults.db_lock_timeout),
            replica_urls=tuple(
                asyncpg_url(url, variable="DATABASE_REPLICA_URLS")
                for url in env.get("DATABASE_REPLICA_URLS", "").split(",")
                if url.strip()
            ),
            replica_max_lag_seconds=read_seconds(
                env, "REGISTRY_REPLICA_MAX_LAG_SECONDS", defaults.replica_max_lag_seconds
            ),
            replica_check_interval=read_seconds(
                env, "REGISTRY_REPLICA_CHECK_INTERVAL", defaults.replica_check_interval
            ),
            public_url=_public_url(env.get("REGISTRY_PUBLIC_URL")),
            metrics_token=env.get("REGISTRY_METRICS_TOKEN", ""),
            metrics_multiprocess_dir=env.get("PROMETHEUS_MULTIPROC_DIR") or None,
        )

    def with_secret(self) -> Settings:
        """Settings with a usable signing secret.

        Production must be given one (and a database: :func:`api.deployment.check_deployable` refuses settings the
        registry must not start with); elsewhere a random secret is generated once and kept under ``data_dir`` so
        that tokens survive a restart.
        """
        check_deployable(self)
        if self.jwt_secret:
            return self
        secret_file = self.data_dir / "jwt-secret"
        if not secret_file.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            secret_file.write_text(secrets.token_urlsafe(48))
            secret_file.chmod(0o600)
        return replace(self, jwt_secret=secret_file.read_text().strip())


def database_timeouts(settings: Settings) -> Timeouts:
    """The limits of a request's database work, from the app's settings."""
    return Timeouts(
        connect=settings.db_connect_timeout,
        pool=settings.db_pool_timeout,
        statement=settings.db_statement_timeout,
        lock=settings.db_lock_timeout,
    )


def disclosure_settings(settings: Settings) -> DisclosureSettings:
    """The disclosure rules' parameters from the app's settings."""
    return DisclosureSettings(
        min_contributors=settings.disclosure_min_contributors,
        dominance_share=settings.disclosure_dominance_share,
        count_protection=settings.disclosure_count_protection,
        magnitude_protection=settings.disclosure_magnitude_protection,
        min_quantile_contributors=settings.disclosure_min_quantile_contributors,
    )
