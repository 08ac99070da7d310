import httpx

from api.database import Database
from tests.factories import account, register_company


async def test_file_and_status(client: httpx.AsyncClient, database: Database) -> None:
    founder = await account(client, database)
    company = await register_company(client, founder, registration_date="2023-01-15")
    body = {
        "fiscal_year": 2024,
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
                "capabilities": ["computer_vision"],
                "is_core": True,
                "provenance": "own_trained",
                "stage": "production",
            }
        ],
    }
    r = await client.post(f"/api/v1/companies/{company['id']}/declarations", json=body, headers=founder.headers)
    assert r.status_code == 201, r.text
    assert r.json()["evaluation"]["ai_class"] == "ai_native"
    s = await client.get(f"/api/v1/companies/{company['id']}/ai-status", headers=founder.headers)
    assert s.json()["ai_class"] == "ai_native", s.text
    p = await client.get(f"/api/v1/companies/{company['id']}/pivots", headers=founder.headers)
    assert p.json()[0]["kind"] == "born_ai_native", p.text
    pub = await client.get(f"/api/v1/companies/{company['id']}")
    assert pub.json()["ai_class"] == "ai_native"
