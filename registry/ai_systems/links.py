"""Declarations' AI products name the register's systems they are: only the company's own."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.ai_systems.errors import unknown_ai_system_in_product
from registry.ai_systems.models import AiSystem
from registry.errors import FieldError

__all__ = ["unknown_product_systems"]


class LinkedProduct(Protocol):
    """What a product needs for the check: the system it names, if any."""

    @property
    def ai_system_id(self) -> uuid.UUID | None: ...


async def unknown_product_systems(
    session: AsyncSession, *, company_id: uuid.UUID, products: Sequence[LinkedProduct]
) -> list[FieldError]:
    """A field error for each product that names a system which is not one of the company's."""
    named = {product.ai_system_id for product in products if product.ai_system_id is not None}
    if not named:
        return []
    own = set(
        await session.scalars(select(AiSystem.id).where(AiSystem.company_id == company_id, AiSystem.id.in_(named)))
    )
    return [
        unknown_ai_system_in_product(index)
        for index, product in enumerate(products)
        if product.ai_system_id is not None and product.ai_system_id not in own
    ]
