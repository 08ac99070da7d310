"""Who is making a request, as the domain services see it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

__all__ = ["ANONYMOUS", "Actor"]

STAFF_ROLES = frozenset({"reviewer", "admin"})


@dataclass(frozen=True, slots=True)
class Actor:
    """The signed-in account (or nobody) on whose behalf a service acts."""

    account_id: uuid.UUID | None
    role: str | None
    language: str = "en"

    @property
    def is_anonymous(self) -> bool:
        """Nobody is signed in."""
        return self.account_id is None

    @property
    def is_staff(self) -> bool:
        """Hub staff who may read any company's confidential fields (reviewers and admins)."""
        return self.role in STAFF_ROLES

    @property
    def is_admin(self) -> bool:
        """An administrator."""
        return self.role == "admin"


ANONYMOUS = Actor(account_id=None, role=None)
