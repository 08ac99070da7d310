"""Which of kk/ru/en a page is shown in.

``?lang=`` first (and it sticks, in a cookie), then the cookie, then ``Accept-Language``, then the signed-in
account's preference, then English.
"""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection

from api.i18n import negotiate_language
from registry.i18n import LANGUAGES

__all__ = ["LANGUAGE_COOKIE", "chosen_language", "page_language"]

LANGUAGE_COOKIE = "registry_lang"
"""Remembers the language a visitor chose with the language switch (not a secret: readable by scripts)."""


def chosen_language(connection: ASGIConnection[Any, Any, Any, Any]) -> str | None:
    """The language asked for in the address (``?lang=kk``), if it is one of ours."""
    asked = connection.query_params.get("lang")
    return asked if asked in LANGUAGES else None


def page_language(connection: ASGIConnection[Any, Any, Any, Any], preferred: str | None = None) -> str:
    """The language of the page for this request (``preferred``: the signed-in account's choice)."""
    if asked := chosen_language(connection):
        return asked
    remembered = connection.cookies.get(LANGUAGE_COOKIE)
    if remembered in LANGUAGES:
        return str(remembered)
    header = connection.headers.get("accept-language")
    if header:
        return negotiate_language(header)
    return preferred if preferred in LANGUAGES else "en"
