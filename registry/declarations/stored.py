"""Rebuilding the rubric's input from stored declarations, to evaluate them again under another version."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.declarations.facts import Capability, DeclarationFacts, ProductFacts, Provenance, Stage
from registry.declarations.models import Declaration, DeclarationProduct

__all__ = ["product_facts", "stored_facts"]


class ProductLike(Protocol):
    """A product as a request or a stored row has it."""

    @property
    def name(self) -> str: ...
    @property
    def capabilities(self) -> Sequence[str]: ...
    @property
    def is_core(self) -> bool: ...
    @property
    def provenance(self) -> str: ...
    @property
    def stage(self) -> str: ...


def product_facts(product: ProductLike) -> ProductFacts:
    """The rubric's view of a product, from a request or a stored row."""
    return ProductFacts(
        name=product.name,
        capabilities=frozenset(Capability(c) for c in product.capabilities),
        is_core=product.is_core,
        provenance=Provenance(product.provenance),
        stage=Stage(product.stage),
    )


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
            products=tuple(product_facts(p) for p in products[d.id]),
        )
        for d in declarations
    }
