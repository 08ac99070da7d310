import httpx

from api.database import Database
from tests.factories import account, register_company


async def test_health_and_registration(client: httpx.AsyncClient, database: Database) -> None:
    assert (await client.get("/health/ready")).json() == {"status": "ok", "database": "up"}
    founder = await account(client, database)
    company = await register_company(client, founder)
    assert company["bin"]
    public = await client.get(f"/api/v1/companies/{company['id']}")
    assert public.status_code == 200
    assert "headcount" not in public.json()
