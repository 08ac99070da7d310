"""The register of AI systems over HTTP: recorded by members, public in part, searched, changed, monitored, counted."""

from __future__ import annotations

import hashlib
from typing import Any

import httpx
import pytest

from api.database import Database
from api.settings import Settings
from tests.conftest import FIXED_NOW
from tests.factories import SignedIn, account, ai_native_declaration, ai_system_payload, register_company
from tests.licensing_support import declared_company, quick_account, start_application

SYSTEMS = "/api/v1/ai-systems"
AUDIT = {"reference": "Audit report AR-2026-114, QazAudit LLP", "sha256": hashlib.sha256(b"audit").hexdigest()}
TRUSTED = {"body": "Ministry of Digital Development", "decision_date": "2026-10-01", "reference": "Order 512"}
PUBLIC_FIELDS = {
    "id",
    "company_id",
    "company_name",
    "name",
    "purpose",
    "capabilities",
    "risk_degree",
    "autonomy_degree",
    "status",
    "declared_by_owner",
}


async def _record(client: httpx.AsyncClient, founder: SignedIn, company_id: str, **overrides: Any) -> httpx.Response:
    return await client.post(
        f"/api/v1/companies/{company_id}/ai-systems", json=ai_system_payload(**overrides), headers=founder.headers
    )


@pytest.fixture
async def founder(client: httpx.AsyncClient, database: Database, settings: Settings) -> SignedIn:
    return await quick_account(database, settings)


async def test_a_member_records_a_system_and_the_public_sees_only_its_public_fields(
    client: httpx.AsyncClient, founder: SignedIn
) -> None:
    company = await register_company(client, founder)
    created = await _record(client, founder, company["id"], audit_report=AUDIT, synthetic_output_labelled=True)
    assert created.status_code == 201, created.text
    system = created.json()
    assert created.headers["etag"] == '"1"'
    assert created.headers["location"] == f"{SYSTEMS}/{system['id']}"
    assert system["degrees_declared_on"] == FIXED_NOW.date().isoformat()
    assert system["degrees_declared_by"] == founder.id
    assert system["audit_report"] == AUDIT
    assert system["capabilities"] == ["computer_vision", "machine_learning"]
    assert "does not classify" in system["declared_by_owner"]

    public = await client.get(f"{SYSTEMS}/{system['id']}")
    assert public.status_code == 200
    assert set(public.json()) == PUBLIC_FIELDS
    assert "etag" not in public.headers
    listed = await client.get(f"/api/v1/companies/{company['id']}/ai-systems")
    assert [set(item) for item in listed.json()] == [PUBLIC_FIELDS]
    own = await client.get(f"{SYSTEMS}/{system['id']}", headers=founder.headers)
    assert own.json()["data_and_logic"] == ai_system_payload()["data_and_logic"]
    assert own.headers["etag"] == '"1"'


async def test_a_reviewer_sees_the_whole_record_and_another_founder_cannot_record_or_change(
    client: httpx.AsyncClient, database: Database, founder: SignedIn
) -> None:
    company = await register_company(client, founder)
    system = (await _record(client, founder, company["id"])).json()
    reviewer = await account(client, database, "reviewer")
    stranger = await account(client, database, "founder")
    seen = await client.get(f"{SYSTEMS}/{system['id']}", headers=reviewer.headers)
    assert "data_and_logic" in seen.json()
    refused = await _record(client, stranger, company["id"])
    assert refused.status_code == 403
    assert refused.json()["code"] == "ai_system.not_member"
    changed = await client.patch(
        f"{SYSTEMS}/{system['id']}",
        json={"risk_degree": "minimal"},
        headers={**stranger.headers, "If-Match": '"1"', "Accept-Language": "kk"},
    )
    assert changed.status_code == 403
    assert changed.json()["detail"].startswith("ЖИ жүйелерін")
    assert (await client.get(f"{SYSTEMS}/{system['id']}")).json()["risk_degree"] == "medium"


async def test_changing_a_degree_redeclares_it_and_a_stale_etag_is_412(
    client: httpx.AsyncClient, founder: SignedIn
) -> None:
    company = await register_company(client, founder)
    system = (await _record(client, founder, company["id"])).json()
    url = f"{SYSTEMS}/{system['id']}"
    missing = await client.patch(url, json={"risk_degree": "high"}, headers=founder.headers)
    assert missing.status_code == 428
    changed = await client.patch(url, json={"risk_degree": "high"}, headers={**founder.headers, "If-Match": '"1"'})
    assert changed.status_code == 200, changed.text
    assert changed.headers["etag"] == '"2"'
    assert changed.json()["risk_degree"] == "high"
    stale = await client.patch(url, json={"status": "withdrawn"}, headers={**founder.headers, "If-Match": '"1"'})
    assert stale.status_code == 412
    assert stale.headers["etag"] == '"2"'
    assert (await client.get(url)).json()["status"] == "on_market"
    cleared = await client.patch(
        url,
        json={"trusted_list": TRUSTED, "name": "Tulpar Vision QA Pro"},
        headers={**founder.headers, "If-Match": '"2"'},
    )
    assert cleared.json()["trusted_list"] == TRUSTED
    assert cleared.json()["name"] == "Tulpar Vision QA Pro"


async def test_the_register_is_searchable_and_filterable(client: httpx.AsyncClient, founder: SignedIn) -> None:
    company = await register_company(client, founder)
    await _record(client, founder, company["id"], name="Qazaq Speech Assistant", capabilities=["speech"])
    await _record(
        client,
        founder,
        company["id"],
        name="Steppe Credit Scorer",
        risk_degree="high",
        autonomy_degree="high",
        capabilities=["decision_support", "machine_learning"],
    )
    found = await client.get(SYSTEMS, params={"q": "Казак спич", "company_id": company["id"]})
    assert found.status_code == 200, found.text
    assert [item["name"] for item in found.json()["items"]][:1] == ["Qazaq Speech Assistant"]
    high = await client.get(
        SYSTEMS, params={"risk_degree": "high", "autonomy_degree": "high", "company_id": company["id"]}
    )
    assert [item["name"] for item in high.json()["items"]] == ["Steppe Credit Scorer"]
    by_capability = await client.get(SYSTEMS, params={"capability": "speech", "company_id": company["id"]})
    assert by_capability.status_code == 200, by_capability.text
    assert [item["name"] for item in by_capability.json()["items"]] == ["Qazaq Speech Assistant"]
    first = await client.get(SYSTEMS, params={"company_id": company["id"], "limit": 1})
    second = await client.get(
        SYSTEMS, params={"company_id": company["id"], "limit": 1, "cursor": first.json()["next_cursor"]}
    )
    names = [first.json()["items"][0]["name"], second.json()["items"][0]["name"]]
    assert sorted(names) == ["Qazaq Speech Assistant", "Steppe Credit Scorer"]
    assert second.json()["next_cursor"] is None


async def test_monitoring_lists_high_risk_systems_without_a_trusted_list_entry_or_audit_report(
    client: httpx.AsyncClient, database: Database, founder: SignedIn
) -> None:
    reviewer = await account(client, database, "reviewer")
    company = await register_company(client, founder)
    bare = (await _record(client, founder, company["id"], name="Bare", risk_degree="high")).json()
    (
        await _record(
            client, founder, company["id"], name="Assured", risk_degree="high", audit_report=AUDIT, trusted_list=TRUSTED
        )
    ).json()
    half = (
        await _record(client, founder, company["id"], name="Audited only", risk_degree="high", audit_report=AUDIT)
    ).json()
    await _record(client, founder, company["id"], name="Withdrawn", risk_degree="high", status="withdrawn")
    await _record(client, founder, company["id"], name="Medium", risk_degree="medium")
    listed = await client.get("/api/v1/monitoring/ai-systems", headers=reviewer.headers)
    assert listed.status_code == 200
    ours = [item["id"] for item in listed.json() if item["company_id"] == company["id"]]
    assert ours == [bare["id"], half["id"]]
    assert (await client.get("/api/v1/monitoring/ai-systems", headers=founder.headers)).status_code == 403


async def test_counts_by_risk_autonomy_and_capability_follow_the_register(
    client: httpx.AsyncClient, founder: SignedIn
) -> None:
    before = (await client.get(f"{SYSTEMS}/counts")).json()
    company = await register_company(client, founder)
    await _record(client, founder, company["id"], risk_degree="high", autonomy_degree="medium", capabilities=["speech"])
    await _record(client, founder, company["id"], risk_degree="minimal", capabilities=["speech", "computer_vision"])
    await _record(client, founder, company["id"], status="withdrawn")
    after = (await client.get(f"{SYSTEMS}/counts")).json()
    assert after["systems"] - before["systems"] == 2
    assert after["by_risk_degree"]["high"] - before["by_risk_degree"]["high"] == 1
    assert after["by_risk_degree"]["minimal"] - before["by_risk_degree"]["minimal"] == 1
    assert after["by_capability"]["speech"] - before["by_capability"]["speech"] == 2
    assert after["by_capability"]["computer_vision"] - before["by_capability"]["computer_vision"] == 1
    assert after["by_risk_and_autonomy"]["high"]["medium"] - before["by_risk_and_autonomy"]["high"]["medium"] == 1
    assert sum(after["by_risk_degree"].values()) == after["systems"]


async def test_every_change_is_a_public_event_without_the_confidential_fields(
    client: httpx.AsyncClient, founder: SignedIn
) -> None:
    head = (await client.get("/api/v1/events/checkpoint")).json()["seq"]
    company = await register_company(client, founder)
    system = (await _record(client, founder, company["id"], audit_report=AUDIT)).json()
    await client.patch(
        f"{SYSTEMS}/{system['id']}", json={"status": "withdrawn"}, headers={**founder.headers, "If-Match": '"1"'}
    )
    feed = (await client.get("/api/v1/events", params={"after": head, "limit": 200})).json()
    items = feed["items"] if isinstance(feed, dict) else feed
    ours = [item for item in items if item.get("resource_id") == system["id"]]
    assert [item["kind"] for item in ours] == ["ai_system.recorded", "ai_system.changed"]
    assert ours[1]["data"]["status"] == "withdrawn"
    for item in ours:
        assert "data_and_logic" not in str(item) and AUDIT["sha256"] not in str(item)


async def test_a_declaration_product_links_only_to_the_companys_own_systems(
    client: httpx.AsyncClient, database: Database, founder: SignedIn
) -> None:
    company = await register_company(client, founder)
    own = (await _record(client, founder, company["id"])).json()
    other_founder = await account(client, database, "founder")
    other_company = await register_company(client, other_founder)
    foreign = (await _record(client, other_founder, other_company["id"])).json()
    declaration = ai_native_declaration()
    declaration["products"][0]["ai_system_id"] = foreign["id"]
    refused = await client.post(
        f"/api/v1/companies/{company['id']}/declarations",
        json=declaration,
        headers={**founder.headers, "Accept-Language": "ru"},
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "products.0.ai_system_id"
    assert refused.json()["errors"][0]["message"] == "Этой системы ИИ нет в реестре систем этой компании."
    declaration["products"][0]["ai_system_id"] = own["id"]
    filed = await client.post(
        f"/api/v1/companies/{company['id']}/declarations", json=declaration, headers=founder.headers
    )
    assert filed.status_code == 201, filed.text
    assert filed.json()["products"][0]["ai_system_id"] == own["id"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"capabilities": ["telepathy"]}, "capabilities"),
        ({"capabilities": []}, "capabilities"),
        ({"risk_degree": "extreme"}, "risk_degree"),
        ({"autonomy_degree": 3}, "autonomy_degree"),
        ({"audit_report": {"reference": "AR-1", "sha256": "not-a-hash"}}, "audit_report.sha256"),
        ({"trusted_list": {"body": "Ministry", "reference": "Order 1"}}, "trusted_list.decision_date"),
        ({"name": ""}, "name"),
        ({"owner": "someone else"}, "owner"),
    ],
)
async def test_bad_input_is_a_422_naming_the_field_and_stores_nothing(
    client: httpx.AsyncClient, founder: SignedIn, overrides: dict[str, Any], field: str
) -> None:
    company = await register_company(client, founder)
    response = await _record(client, founder, company["id"], **overrides)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert any(error["field"].startswith(field) for error in response.json()["errors"])
    assert (await client.get(f"/api/v1/companies/{company['id']}/ai-systems")).json() == []


@pytest.mark.parametrize(
    "url",
    [
        f"{SYSTEMS}?risk_degree=extreme",
        f"{SYSTEMS}?capability=telepathy",
        f"{SYSTEMS}?cursor=not-a-cursor",
        f"{SYSTEMS}?limit=0",
        f"{SYSTEMS}?q=%00",
        f"{SYSTEMS}?company_id=not-a-uuid",
        f"{SYSTEMS}?colour=red",
        f"{SYSTEMS}/00000000-0000-0000-0000-000000000000",
        "/api/v1/companies/00000000-0000-0000-0000-000000000000/ai-systems",
    ],
)
async def test_hostile_reads_are_clear_4xx(client: httpx.AsyncClient, url: str) -> None:
    response = await client.get(url, headers={"Accept-Language": "ru"})
    assert 400 <= response.status_code < 500, response.text
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_the_reviewer_sees_the_companys_systems_beside_its_application(
    client: httpx.AsyncClient, database: Database, settings: Settings, founder: SignedIn
) -> None:
    company, declaration = await declared_company(client, founder)
    system = (await _record(client, founder, company["id"], risk_degree="high", audit_report=AUDIT)).json()
    application = await start_application(client, founder, company["id"], declaration["id"])
    reviewer = await quick_account(database, settings, "reviewer")
    seen = await client.get(f"/api/v1/applications/{application['id']}", headers=reviewer.headers)
    assert seen.status_code == 200, seen.text
    assert [(item["id"], item["risk_degree"], item["audit_report"]) for item in seen.json()["ai_systems"]] == [
        (system["id"], "high", AUDIT)
    ]
