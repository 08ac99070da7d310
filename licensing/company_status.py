"""A company's status reaches its licences: suspended with it, ended with its liquidation, in the same transaction.

The register (``registry.companies``) knows nothing of licences, so the change of a company goes through here:
the company is changed, then each licence in force follows, with its own event and a reason from the catalogue
(``company_suspended``, ``company_liquidated``), effective the same day as the company's change. Reinstating a
company does not reinstate its licences: a reviewer decides that, licence by licence.

A concurrent approval cannot slip a licence past a suspension: issuing a licence locks the company's row and needs
the company active (``licensing.licences.ensure_company_may_hold_licences``), and changing the company's status
locks the same row.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from licensing.licences import record_licence_status
from licensing.models import Licence
from licensing.reasons import sanction_reason
from registry.accounts.actor import Actor
from registry.companies.models import Company
from registry.companies.schemas import CompanyFull, CompanyPatch
from registry.companies.service import update_company

__all__ = ["LICENCES_FOLLOW_COMPANY", "change_company"]

LICENCES_FOLLOW_COMPANY = {
    "suspended": ("suspended", "company_suspended", frozenset({"active"})),
    "liquidated": ("revoked", "company_liquidated", frozenset({"active", "suspended"})),
}
"""The company's new status → (the licences' new status, the reason, the licence statuses it applies to)."""


async def change_company(
    session: AsyncSession,
    *,
    actor: Actor,
    company_id: uuid.UUID,
    expected_version: int,
    patch: CompanyPatch,
    today: date,
) -> CompanyFull:
    """Change a company (``registry.companies.service.update_company``), and its licences with its status.

    A suspension suspends, a liquidation revokes its licences in force, effective the same day as the company's
    change; both in this transaction.
    """
    before = await session.scalar(select(Company.status).where(Company.id == company_id).with_for_update())
    view = await update_company(
        session, actor=actor, company_id=company_id, expected_version=expected_version, patch=patch, today=today
    )
    if before is None or view.status == before or view.status not in LICENCES_FOLLOW_COMPANY:
        return view
    new_status, reason_code, applies_to = LICENCES_FOLLOW_COMPANY[view.status]
    reason = sanction_reason(reason_code)
    effective_on = patch.effective_on if isinstance(patch.effective_on, date) else today
    licences = await session.scalars(
        select(Licence)
        .where(Licence.company_id == company_id, Licence.status.in_(applies_to), Licence.valid_until >= effective_on)
        .order_by(Licence.number)
        .with_for_update()
    )
    for licence in licences:
        await record_licence_status(
            session,
            licence=licence,
            status=new_status,
            reason=reason,
            text=reason.description.en,
            effective_on=effective_on,
            actor_id=actor.account_id,
            kind=f"licence.{new_status}",
            public_details={"because_company": view.status},
        )
    return view
