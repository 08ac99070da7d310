"""The site's navigation: which links each kind of visitor sees in the header.

Each area adds its entries here (path, text key of :data:`api.web.texts.LAYOUT_TEXTS` or of the area's texts, and
who sees it). ``None`` as roles: everybody, signed in or not.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["NAVIGATION", "NavEntry", "entries_for"]


@dataclass(frozen=True, slots=True)
class NavEntry:
    """One link of the header's navigation."""

    path: str
    text: str
    """Key of the link's text in :data:`api.web.texts.LAYOUT_TEXTS`."""
    roles: tuple[str, ...] | None = None
    """The roles that see it; ``None``: everybody."""


NAVIGATION: tuple[NavEntry, ...] = (
    NavEntry("/register", "nav_register"),
    NavEntry("/licences", "nav_verify"),
    NavEntry("/releases", "nav_releases"),
    NavEntry("/dashboard", "nav_dashboard"),
    NavEntry("/founder/companies", "nav_founder_companies", ("founder",)),
    NavEntry("/founder/applications", "nav_founder_applications", ("founder",)),
    NavEntry("/founder/licences", "nav_founder_licences", ("founder",)),
    NavEntry("/review", "nav_review_queue", ("reviewer", "admin")),
    NavEntry("/review/licences", "nav_review_licences", ("reviewer", "admin")),
    NavEntry("/review/monitoring", "nav_review_monitoring", ("reviewer", "admin")),
    NavEntry("/admin/accounts", "nav_admin_accounts", ("admin",)),
    NavEntry("/admin/rubric", "nav_admin_rubric", ("admin",)),
    NavEntry("/admin/calendar", "nav_admin_calendar", ("admin",)),
)


def entries_for(role: str | None) -> list[NavEntry]:
    """The links a visitor of ``role`` (``None``: not signed in) sees, in order."""
    return [entry for entry in NAVIGATION if entry.roles is None or (role is not None and role in entry.roles)]
