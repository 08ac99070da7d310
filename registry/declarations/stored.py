"""Rebuilding the rubric's input from stored declarations, to evaluate them again under another version."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.declarations.facts import Capability, DeclarationFacts, ProductFacts, Provenance, Stage
from registry.declarations.models import Declaration, DeclarationProduct

__all__ = ["stored_facts"]


async def stored_facts(session: AsyncSession, declarations: Sequence[Declaration]) -> dict[uuid.UUID, DeclarationFacts]:
    """The facts of each stored declaration, with its products, by declaration id."""
    products: dict[uuid.UUID, list[DeclarationProduct]] = defaultdict(list)
    for product in await session.scalars(
        select(DeclarationProduct)
        .where(DeclarationProduct.declaration_id.in_([d.id for d in declarations]))
        .order_by(DeclarationProduct.declaration_id, DeclarationProduct.position)
    ):
        products[product.declaration_id].append(product)
    return {
        d.id: DeclarationFacts(
            fiscal_year=d.fiscal_year,
            quarter=d.quarter,
            revenue_total=d.revenue_total,
            revenue_ai=d.revenue_ai,
            fte_total=d.fte_total,
            fte_ai=d.fte_ai,
            opex_total=d.opex_total,
            opex_ai=d.opex_ai,
            owns_data_library=d.owns_data_library,
            products=tuple(
                ProductFacts(
                    name=p.name,
                    capabilities=frozenset(Capability(c) for c in p.capabilities),
                    is_core=p.is_core,
                    provenance=Provenance(p.provenance),
                    stage=Stage(p.stage),
                )
                for p in products[d.id]
            ),
        )
        for d in declarations
    }
