"""The reason catalogues are served in three languages, and decisions show their reasons in words."""

from __future__ import annotations

import httpx

from api.database import Database
from api.settings import Settings
from licensing.reasons import REJECTION_REASONS, SANCTION_REASONS
from tests.licensing_support import in_review, licensed, quick_account, step


async def test_the_catalogue_lists_every_reason_in_three_languages(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/reference/reasons")
    assert response.status_code == 200
    catalogue = response.json()
    assert [r["code"] for r in catalogue["rejection"]] == list(REJECTION_REASONS)
    assert "company_liquidated" not in [r["code"] for r in catalogue["suspension"]]
    assert "company_suspended" not in [r["code"] for r in catalogue["revocation"]]
    assert not {r["code"] for r in catalogue["reinstatement"]} & {"company_suspended", "company_liquidated"}
    assert {r["code"] for r in catalogue["suspension"]} | {r["code"] for r in catalogue["revocation"]} == set(
        SANCTION_REASONS
    )
    for kind in ("rejection", "suspension", "reinstatement", "revocation"):
        for reason in catalogue[kind]:
            for text in (reason["label"], reason["description"]):
                assert set(text) == {"kk", "ru", "en"} and all(value.strip() for value in text.values())
    assert "founder_note" in [item["field"] for item in catalogue["send_back"]]
    assert all(set(item["label"]) == {"kk", "ru", "en"} for item in catalogue["send_back"])


async def test_a_rejected_founder_reads_the_reason_in_words(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    founder = await quick_account(database, settings)
    reviewer = await quick_account(database, settings, "reviewer")
    _, application = await in_review(client, founder, reviewer)
    await step(
        client, reviewer, application["id"], "reject", {"reason_code": "insufficient_evidence", "text": "No repo."}
    )
    seen = (await client.get(f"/api/v1/applications/{application['id']}", headers=founder.headers)).json()
    assert seen["reason_code"] == "insufficient_evidence"
    assert seen["reason"]["label"] == REJECTION_REASONS["insufficient_evidence"].label.as_dict()


async def test_a_send_back_names_only_catalogued_fields(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    founder = await quick_account(database, settings)
    reviewer = await quick_account(database, settings, "reviewer")
    _, application = await in_review(client, founder, reviewer)
    reviewer_kk = {**reviewer.headers, "Accept-Language": "kk"}
    etag = (await client.get(f"/api/v1/applications/{application['id']}", headers=reviewer.headers)).headers["etag"]
    refused = await client.post(
        f"/api/v1/applications/{application['id']}/send-back",
        json={"message": "Fix it.", "fields": ["revenue_ai", "colour"]},
        headers={**reviewer_kk, "If-Match": etag},
    )
    assert refused.status_code == 422, refused.text
    assert [(e["field"], e["code"]) for e in refused.json()["errors"]] == [("fields.1", "send_back.unknown_field")]
    assert refused.json()["errors"][0]["message"].startswith("Қайтаруда мұндай өріс жоқ: «colour».")
    sent = await step(
        client, reviewer, application["id"], "send-back", {"message": "Fix it.", "fields": ["revenue_ai"]}
    )
    assert sent["state"] == "sent_back"


async def test_a_sanction_takes_only_the_reasons_that_fit_it_and_shows_its_reason(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    founder = await quick_account(database, settings)
    reviewer = await quick_account(database, settings, "reviewer")
    _, approved = await licensed(client, founder, reviewer)
    number = approved["licence_number"]
    etag = (await client.get(f"/api/v1/licences/{number}")).headers["etag"]
    wrong = await client.post(
        f"/api/v1/licences/{number}/suspend",
        json={"reason_code": "company_liquidated", "text": "No."},
        headers={**reviewer.headers, "If-Match": etag},
    )
    assert wrong.status_code == 422
    assert "company_liquidated" not in wrong.json()["valid_codes"]
    suspended = await client.post(
        f"/api/v1/licences/{number}/suspend",
        json={"reason_code": "court_decision", "text": "Order 12."},
        headers={**reviewer.headers, "If-Match": etag},
    )
    assert suspended.status_code == 200, suspended.text
    assert suspended.json()["status_reason"]["label"]["ru"] == "Решение суда"
