"""Building blocks for tests: accounts with tokens, valid company payloads."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx

from api.database import Database, transaction
from registry.accounts.schemas import AccountCreate
from registry.accounts.service import create_account
from registry.companies.bin_rules import make_bin

PASSWORD = "amber saxaul kettle lantern"
_serials = itertools.count(1)


@dataclass(frozen=True)
class SignedIn:
    """An account and its bearer header."""

    id: str
    email: str
    role: str
    headers: dict[str, str]


async def login(client: httpx.AsyncClient, email: str, password: str = PASSWORD) -> dict[str, str]:
    response = await client.post("/api/v1/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def account(client: httpx.AsyncClient, database: Database, role: str = "founder") -> SignedIn:
    """A new account of ``role``, signed in."""
    email = f"{role}-{uuid.uuid4().hex[:10]}@example.kz"
    async with transaction(database) as session:
        view = await create_account(
            session,
            actor_id=None,
            request=AccountCreate(email=email, password=PASSWORD, full_name=f"Test {role.title()}", role=role),  # type: ignore[arg-type]
        )
    return SignedIn(id=str(view.id), email=email, role=role, headers=await login(client, email))


def unique_bin(registration_month: date = date(2023, 1, 1)) -> str:
    """A valid BIN not used by any other test in this session."""
    while True:
        value = make_bin(
            registration_month=registration_month,
            entity_type_digit=4,
            division_digit=0,
            serial=next(_serials),
        )
        if value is not None:
            return value


def company_payload(**overrides: Any) -> dict[str, Any]:
    """A valid ``POST /companies`` body."""
    payload: dict[str, Any] = {
        "bin": unique_bin(),
        "name_kk": "«Тұлпар Дата» ЖШС",
        "name_ru": "ТОО «Тулпар Дата»",
        "name_en": "Tulpar Data LLP",
        "legal_form": "llp",
        "region": "710000000",
        "registration_date": "2023-01-15",
        "activities": ["62.01", "63.11"],
        "primary_activity": "62.01",
        "headcount": 12,
        "website": "https://tulpar.example.kz",
        "description": "Computer vision for logistics.",
    }
    payload.update(overrides)
    return payload


async def register_company(client: httpx.AsyncClient, founder: SignedIn, **overrides: Any) -> dict[str, Any]:
    response = await client.post("/api/v1/companies", json=company_payload(**overrides), headers=founder.headers)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def ai_native_declaration(fiscal_year: int = 2025, **overrides: Any) -> dict[str, Any]:
    """An ai_native declaration body under rubric version 1 (80 % AI revenue, 40 % AI staff, own model)."""
    body: dict[str, Any] = {
        "fiscal_year": fiscal_year,
        "revenue_total": 100_000_000,
        "revenue_ai": 80_000_000,
        "fte_total": 10,
        "fte_ai": 4,
        "opex_total": 50_000_000,
        "opex_ai": 15_000_000,
        "owns_data_library": True,
        "products": [
            {
                "name": "Vision QA",
                "description": "Defect detection on conveyor belts.",
                "capabilities": ["computer_vision"],
                "is_core": True,
                "provenance": "own_trained",
                "stage": "production",
            }
        ],
    }
    body.update(overrides)
    return body


def non_ai_declaration(fiscal_year: int = 2025) -> dict[str, Any]:
    """A declaration without AI products, AI revenue or AI staff."""
    return ai_native_declaration(fiscal_year, revenue_ai=0, fte_ai=0, opex_ai=0, owns_data_library=False, products=[])


def ai_system_payload(**overrides: Any) -> dict[str, Any]:
    """A valid ``POST /companies/{id}/ai-systems`` body."""
    payload: dict[str, Any] = {
        "name": "Tulpar Vision QA",
        "system_version": "2.3",
        "purpose": "Finds damaged parcels on conveyor belts from camera images.",
        "capabilities": ["computer_vision", "machine_learning"],
        "data_and_logic": "A convolutional network fine-tuned on 40,000 labelled images from our own warehouses.",
        "status": "on_market",
        "risk_degree": "medium",
        "autonomy_degree": "low",
    }
    payload.update(overrides)
    return payload
