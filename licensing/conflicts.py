"""Conflict of interest: hub staff never decide on the affairs of a company they are a member of.

The one rule for every staff decision: claiming, approving, rejecting or sending back an application, and
suspending, reinstating or revoking a licence. Admins are staff too; membership is checked in the same transaction
as the decision.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from registry.accounts.actor import Actor
from registry.companies.repository import is_member
from registry.errors import AccessDenied
from registry.i18n import Text

__all__ = ["DecisionSubject", "conflict_of_interest", "ensure_no_conflict_of_interest"]

DecisionSubject = Literal["application", "licence"]
"""What a staff member decides on."""

_MESSAGES: Mapping[DecisionSubject, Text] = MappingProxyType(
    {
        "application": Text(
            kk="Сіз мүшесі болып табылатын компанияның өтінімі бойынша шешім қабылдай алмайсыз.",
            ru="Нельзя принимать решение по заявке компании, участником которой вы являетесь.",
            en="You cannot decide on an application of a company you are a member of.",
        ),
        "licence": Text(
            kk="Сіз мүшесі болып табылатын компанияның лицензиясын тоқтата тұра, қалпына келтіре "
            "немесе кері қайтарып ала алмайсыз.",
            ru="Нельзя приостанавливать, возобновлять или отзывать лицензию компании, участником которой вы являетесь.",
            en="You cannot suspend, reinstate or revoke a licence of a company you are a member of.",
        ),
    }
)


def conflict_of_interest(subject: DecisionSubject) -> AccessDenied:
    """Hub staff may not decide on ``subject`` of a company they are a member of."""
    return AccessDenied(f"{subject}.conflict_of_interest", _MESSAGES[subject])


async def ensure_no_conflict_of_interest(
    session: AsyncSession, *, actor: Actor, company_id: uuid.UUID, subject: DecisionSubject
) -> None:
    """Refuse a staff decision on the company's ``subject`` when the actor is a member of the company.

    Raises:
        AccessDenied: ``application.conflict_of_interest`` or ``licence.conflict_of_interest``.
    """
    if actor.is_staff and await is_member(session, company_id=company_id, account_id=actor.account_id):
        raise conflict_of_interest(subject)
