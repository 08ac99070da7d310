"""Hub staff who are members of a company cannot suspend, reinstate or revoke its licence."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
import pytest

from api.database import Database
from tests.factories import SignedIn, account
from tests.licensing_support import licensed

SANCTION = {"reason_code": "false_information", "text": "The invoices were not issued by real clients."}
REFUSALS = {
    "en": "You cannot suspend, reinstate or revoke a licence of a company you are a member of.",
    "ru": "Нельзя приостанавливать, возобновлять или отзывать лицензию компании, участником которой вы являетесь.",
    "kk": "Сіз мүшесі болып табылатын компанияның лицензиясын тоқтата тұра, қалпына келтіре немесе кері қайтарып ала "
    "алмайсыз.",
}


@dataclass(frozen=True)
class Conflicted:
    """A licensed company whose co-founder later joined the hub as staff."""

    reviewer: SignedIn
    """Independent staff."""
    member: SignedIn
    """The co-founder, now staff."""
    url: str
    """The licence."""
    company_id: str


async def _member_turned_staff(client: httpx.AsyncClient, database: Database, role: str) -> Conflicted:
    founder = await account(client, database)
    cofounder = await account(client, database)
    reviewer = await account(client, database, "reviewer")
    admin = await account(client, database, "admin")
    company, approved = await licensed(client, founder, reviewer)
    added = await client.post(
        f"/api/v1/companies/{company['id']}/members", json={"email": cofounder.email}, headers=founder.headers
    )
    assert added.status_code == 201, added.text
    promoted = await client.patch(f"/api/v1/accounts/{cofounder.id}", json={"role": role}, headers=admin.headers)
    assert promoted.status_code == 200, promoted.text
    return Conflicted(reviewer, cofounder, f"/api/v1/licences/{approved['licence_number']}", company["id"])


async def _licence(client: httpx.AsyncClient, world: Conflicted) -> tuple[str, int]:
    """The licence's status and version as staff see them."""
    listed = await client.get(
        "/api/v1/licences", params={"company_id": world.company_id}, headers=world.reviewer.headers
    )
    assert listed.status_code == 200, listed.text
    [licence] = listed.json()["items"]
    return licence["status"], licence["version"]


@pytest.mark.parametrize("role", ["reviewer", "admin"])
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
async def test_a_member_of_the_company_cannot_sanction_its_licence(
    client: httpx.AsyncClient, database: Database, role: str, language: str
) -> None:
    world = await _member_turned_staff(client, database, role)
    reviewer, member, url = world.reviewer, world.member, world.url
    for action in ("suspend", "revoke"):
        refused = await client.post(
            f"{url}/{action}",
            json=SANCTION,
            headers={**member.headers, "If-Match": '"1"', "Accept-Language": language},
        )
        assert refused.status_code == 403, refused.text
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert refused.json()["code"] == "licence.conflict_of_interest"
        assert refused.json()["detail"] == REFUSALS[language]
        assert await _licence(client, world) == ("active", 1)

    # Suspended by an independent reviewer, it cannot be reinstated by the member either.
    suspended = await client.post(f"{url}/suspend", json=SANCTION, headers={**reviewer.headers, "If-Match": '"1"'})
    assert suspended.status_code == 200, suspended.text
    refused = await client.post(
        f"{url}/reinstate",
        json={"reason_code": "other", "text": "All is well."},
        headers={**member.headers, "If-Match": '"2"', "Accept-Language": language},
    )
    assert refused.status_code == 403
    assert refused.json()["code"] == "licence.conflict_of_interest"
    assert await _licence(client, world) == ("suspended", 2)


async def test_staff_who_are_not_members_still_sanction(client: httpx.AsyncClient, database: Database) -> None:
    world = await _member_turned_staff(client, database, "reviewer")
    revoked = await client.post(
        f"{world.url}/revoke", json=SANCTION, headers={**world.reviewer.headers, "If-Match": '"1"'}
    )
    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["status"] == "revoked"
