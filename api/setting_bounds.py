"""The range of every numeric setting read from the environment, defined once, and the readers that enforce it.

A value outside its range, or one that is not a number, stops the start with one line naming the variable and the
range (:class:`api.deployment.ConfigurationError`): a zero pool, a negative timeout or a lifetime of a century is a
typo, and a typo must not quietly become the registry's behaviour.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from api.deployment import ConfigurationError

__all__ = ["SETTING_BOUNDS", "Bounds", "read_integer", "read_seconds", "read_share"]

DAY = 86400


@dataclass(frozen=True, slots=True)
class Bounds:
    """The accepted values of one numeric setting, both ends included."""

    low: Decimal
    high: Decimal
    whole: bool = False
    """Only whole numbers (a count, a size in bytes, whole seconds)."""
    unit: str = ""
    """What the number counts, for the message (``seconds``, ``bytes``)."""
    zero: str = ""
    """What 0 means when the range starts there and 0 is not just the smallest value (``no limit``)."""

    def describe(self) -> str:
        """The range as the refusal and the README say it: ``a whole number from 1 to 1000``."""
        kind = "a whole number" if self.whole else "a number"
        zero = f" (0: {self.zero})" if self.zero else ""
        return f"{kind} from {self.low} to {self.high}{' ' + self.unit if self.unit else ''}{zero}"


def _whole(low: int, high: int, unit: str = "") -> Bounds:
    return Bounds(Decimal(low), Decimal(high), whole=True, unit=unit)


def _number(low: str, high: str, unit: str = "", *, zero: str = "") -> Bounds:
    return Bounds(Decimal(low), Decimal(high), unit=unit, zero=zero)


SETTING_BOUNDS: dict[str, Bounds] = {
    "REGISTRY_TOKEN_LIFETIME": _whole(60, 7 * DAY, "seconds"),
    "REGISTRY_WEB_SESSION_LIFETIME": _whole(60, 30 * DAY, "seconds"),
    "REGISTRY_LOGIN_ATTEMPTS_PER_ACCOUNT": _whole(1, 1000),
    "REGISTRY_LOGIN_ATTEMPTS_PER_ADDRESS": _whole(1, 100_000),
    "REGISTRY_LOGIN_WINDOW": _whole(1, DAY, "seconds"),
    "REGISTRY_MAX_BODY_BYTES": _whole(1024, 100 * 1024 * 1024, "bytes"),
    "REGISTRY_SDC_MIN_CONTRIBUTORS": _whole(1, 1000),
    "REGISTRY_SDC_DOMINANCE_SHARE": _number("0.01", "1"),
    "REGISTRY_SDC_COUNT_PROTECTION": _whole(1, 1000),
    "REGISTRY_SDC_MAGNITUDE_PROTECTION": _number("0.01", "1"),
    "REGISTRY_SDC_MIN_QUANTILE_CONTRIBUTORS": _whole(1, 1000),
    "REGISTRY_DEMO_COMPANIES": _whole(1, 1_000_000),
    "REGISTRY_DECLARATION_GRACE_DAYS": _whole(0, 365, "days"),
    "REGISTRY_DB_CONNECT_TIMEOUT": _number("0.1", "600", "seconds"),
    "REGISTRY_DB_POOL_TIMEOUT": _number("0.1", "600", "seconds"),
    "REGISTRY_DB_STATEMENT_TIMEOUT": _number("0", "3600", "seconds", zero="no limit"),
    "REGISTRY_DB_LOCK_TIMEOUT": _number("0", "600", "seconds", zero="no limit"),
    "REGISTRY_REPLICA_MAX_LAG_SECONDS": _number("0.1", "3600", "seconds"),
    "REGISTRY_REPLICA_CHECK_INTERVAL": _number("0.1", "600", "seconds"),
}
"""Every numeric setting of :class:`api.settings.Settings`, by environment variable (the README's table lists the
same ranges). A statement or lock limit of 0 is PostgreSQL's "no limit" (for debugging a slow request); connecting and
waiting for a pooled connection always have one."""


def _read(environ: Mapping[str, str], variable: str, default: Decimal) -> Decimal:
    bounds = SETTING_BOUNDS[variable]
    text = environ.get(variable)
    if text is None or not text.strip():
        return default
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        value = Decimal("NaN")
    fits = value.is_finite() and bounds.low <= value <= bounds.high
    if not fits or (bounds.whole and value != value.to_integral_value()):
        raise ConfigurationError(f"{variable}={text!r} is not accepted: it must be {bounds.describe()}")
    return value


def read_integer(environ: Mapping[str, str], variable: str, default: int) -> int:
    """``variable`` of ``environ`` as a whole number in its :data:`SETTING_BOUNDS` (``default`` when unset)."""
    return int(_read(environ, variable, Decimal(default)))


def read_seconds(environ: Mapping[str, str], variable: str, default: float) -> float:
    """``variable`` of ``environ`` as a number in its :data:`SETTING_BOUNDS` (``default`` when unset)."""
    return float(_read(environ, variable, Decimal(str(default))))


def read_share(environ: Mapping[str, str], variable: str, default: Decimal) -> Decimal:
    """``variable`` of ``environ`` as an exact decimal in its :data:`SETTING_BOUNDS` (``default`` when unset)."""
    return _read(environ, variable, default)
