"""The licence workflow over HTTP: a founder applies, a reviewer decides, anyone verifies, the licence is renewed."""

from __future__ import annotations

import hashlib
import re
import uuid
from datetime import UTC, date, datetime, time, timedelta

import httpx
import pytest

from api.database import Database
from api.settings import Settings
from tests.factories import PASSWORD, SignedIn, account, ai_native_declaration, login, register_company, unique_bin
from tests.licensing_support import (
    APPLICATIONS,
    PDF,
    act,
    add_url_evidence,
    client_at,
    current_etag,
    declared_company,
    file_declaration,
    in_review,
    licensed,
    queue,
    start_application,
    step,
    upload,
)

AIN_2026 = re.compile(r"^AIN-2026-\d{5}$")


def _at(day: date) -> datetime:
    return datetime.combine(day, time(9, 0), tzinfo=UTC)


async def _sign_up(client: httpx.AsyncClient) -> SignedIn:
    email = f"aigerim-{uuid.uuid4().hex[:10]}@tulpar.kz"
    created = await client.post(
        "/api/v1/auth/signup", json={"email": email, "password": PASSWORD, "full_name": "Айгерім Сәрсенова"}
    )
    assert created.status_code == 201, created.text
    assert created.json()["role"] == "founder"
    return SignedIn(id=created.json()["id"], email=email, role="founder", headers=await login(client, email))


async def test_founder_applies_is_sent_back_fixes_is_approved_verifies_and_renews(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    # The founder signs up, registers the company and declares the last closed year.
    founder = await _sign_up(client)
    company = await register_company(client, founder, bin=unique_bin(date(2023, 1, 1)), registration_date="2023-01-15")
    declaration = await file_declaration(client, founder, company["id"], ai_native_declaration(2025))
    assert declaration["evaluation"]["ai_class"] == "ai_native"

    # A draft application with a PDF model card and a link to the code.
    created = await client.post(
        APPLICATIONS,
        json={"company_id": company["id"], "licence_type": "ai_native", "declaration_id": declaration["id"]},
        headers=founder.headers,
    )
    assert created.status_code == 201, created.text
    assert created.headers["ETag"] == '"1"'
    application = created.json()
    app_id = application["id"]
    assert (application["state"], application["company_id"], application["renewal_of"]) == (
        "draft",
        company["id"],
        None,
    )
    assert set(application["allowed_actions"]) == {"edit", "submit", "withdraw"}

    uploaded = await upload(client, founder, app_id, PDF, description="Model card of Vision QA, v2.")
    assert uploaded.status_code == 201, uploaded.text
    document = uploaded.json()["document"]
    assert document["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert (document["media_type"], document["size_bytes"], document["filename"]) == (
        "application/pdf",
        len(PDF),
        "model-card.pdf",
    )
    link = await add_url_evidence(client, founder, app_id)
    assert link["document"] is None and link["url"] == "https://github.com/tulpar/vision-qa"

    # Submitting runs the rubric and stores the evaluation with the application.
    etag = await current_etag(client, founder, app_id)
    assert etag == '"3"'  # every added evidence item changes the application's ETag
    submitted = await client.post(f"{APPLICATIONS}/{app_id}/submit", headers={**founder.headers, "If-Match": etag})
    assert submitted.status_code == 200, submitted.text
    assert submitted.headers["ETag"] == '"4"'
    assert submitted.json()["state"] == "submitted"
    assert submitted.json()["evaluation"]["ai_class"] == "ai_native"
    assert submitted.json()["failed_criteria"] == []
    assert submitted.json()["first_action_due"] and submitted.json()["decision_due"]
    assert submitted.json()["overdue"] is False

    # The reviewer finds it in the queue, claims it and sends it back.
    reviewer = await account(client, database, "reviewer")
    assert app_id in [item["id"] for item in await queue(client, reviewer, status="submitted")]
    claimed = await step(client, reviewer, app_id, "claim")
    assert (claimed["state"], claimed["claimed_by"]) == ("in_review", reviewer.id)
    assert set(claimed["allowed_actions"]) == {"approve", "reject", "send_back"}
    assert len(claimed["evidence"]) == 2
    message = "The model card does not name the training data. Please explain it in your note."
    sent_back = await step(
        client,
        reviewer,
        app_id,
        "send-back",
        {"message": message, "fields": ["founder_note"], "evidence_ids": [uploaded.json()["id"]]},
    )
    assert sent_back["state"] == "sent_back"

    # The founder sees what to fix, fixes it and submits again.
    seen = (await client.get(f"{APPLICATIONS}/{app_id}", headers=founder.headers)).json()
    assert seen["state"] == "sent_back"
    assert seen["send_back"] == {
        "message": message,
        "fields": ["founder_note"],
        "evidence_ids": [uploaded.json()["id"]],
    }
    assert set(seen["allowed_actions"]) == {"edit", "submit", "withdraw"}
    note = "Trained on 40 000 photos from our own conveyor lines (data library, see the model card, section 3)."
    etag = await current_etag(client, founder, app_id)
    fixed = await client.patch(
        f"{APPLICATIONS}/{app_id}", json={"founder_note": note}, headers={**founder.headers, "If-Match": etag}
    )
    assert fixed.status_code == 200, fixed.text
    assert fixed.json()["founder_note"] == note
    assert fixed.headers["ETag"] != etag
    resubmitted = await step(client, founder, app_id, "submit")
    assert resubmitted["state"] == "submitted"
    assert resubmitted["send_back"] is None

    # The reviewer claims it again and approves: the licence is issued with the decision.
    await step(client, reviewer, app_id, "claim")
    approved = await step(client, reviewer, app_id, "approve", {"text": "Welcome to the AI-native track."})
    assert approved["state"] == "approved"
    assert approved["allowed_actions"] == []
    number = approved["licence_number"]
    assert AIN_2026.match(number), number

    # Anyone can verify the licence.
    public = await client.get(f"/api/v1/licences/{number}")
    assert public.status_code == 200
    licence = public.json()
    assert licence["number"] == number
    assert licence["status"] == "active"
    assert licence["licence_type"] == "ai_native"
    assert (licence["company_name_kk"], licence["company_name_ru"], licence["company_bin"]) == (
        company["name_kk"],
        company["name_ru"],
        company["bin"],
    )
    assert (licence["valid_from"], licence["valid_until"]) == ("2026-11-20", "2027-11-19")
    assert licence["licence_name"]["en"].startswith("AI-native licence")
    assert (await client.get(f"/api/v1/licences/{number.lower()}")).json()["number"] == number

    # The timeline shows every step, in order, with the messages.
    timeline = await client.get(f"{APPLICATIONS}/{app_id}/events", headers=founder.headers)
    assert timeline.status_code == 200
    entries = timeline.json()
    assert [entry["kind"] for entry in entries] == [
        "application.created",
        "application.evidence_added",
        "application.evidence_added",
        "application.submitted",
        "application.claimed",
        "application.sent_back",
        "application.updated",
        "application.submitted",
        "application.claimed",
        "application.approved",
    ]
    assert [entry["seq"] for entry in entries] == sorted(entry["seq"] for entry in entries)
    assert entries[5]["data"]["message"] == message
    assert entries[5]["actor_id"] == reviewer.id
    assert entries[6]["data"]["founder_note"] == note
    assert entries[9]["data"]["licence_number"] == number
    assert entries[9]["data"]["message"] == "Welcome to the AI-native track."
    assert (await client.get(f"{APPLICATIONS}/{app_id}/events", headers=reviewer.headers)).json() == entries

    # The uploaded document comes back unchanged, for the founder and for the reviewer.
    for caller in (founder, reviewer):
        download = await client.get(document["download"], headers=caller.headers)
        assert download.status_code == 200
        assert download.content == PDF
        assert download.headers["content-type"].startswith("application/pdf")
        assert "model-card.pdf" in download.headers["content-disposition"]

    # Too early to renew: a renewal opens 60 days before expiry.
    early = await client.post(
        APPLICATIONS,
        json={"company_id": company["id"], "licence_type": "ai_native", "declaration_id": declaration["id"]},
        headers=founder.headers,
    )
    assert early.status_code == 409
    assert early.headers["content-type"].startswith("application/problem+json")
    assert early.json()["code"] == "application.licence_held"
    assert early.json()["licence_number"] == number
    assert early.json()["renewal_opens"] == "2027-09-20"

    # Twenty days before expiry the founder files the 2026 declaration and renews.
    valid_until = date.fromisoformat(licence["valid_until"])
    async with client_at(settings, database, _at(valid_until - timedelta(days=20))) as later:
        on_old_declaration = await later.post(
            APPLICATIONS,
            json={"company_id": company["id"], "licence_type": "ai_native", "declaration_id": declaration["id"]},
            headers=founder.headers,
        )
        assert on_old_declaration.status_code == 422
        assert on_old_declaration.json()["code"] == "application.renewal_declaration"
        assert "2026" in on_old_declaration.json()["detail"]

        last_year = await file_declaration(later, founder, company["id"], ai_native_declaration(2026))
        renewal = await start_application(later, founder, company["id"], last_year["id"])
        assert renewal["renewal_of"] == number
        await upload(later, founder, renewal["id"], PDF)
        await step(later, founder, renewal["id"], "submit")
        await step(later, reviewer, renewal["id"], "claim")
        renewed = await step(later, reviewer, renewal["id"], "approve", {"text": "Renewed."})
        new_number = renewed["licence_number"]
        assert re.match(r"^AIN-2027-\d{5}$", new_number), new_number
        new = (await later.get(f"/api/v1/licences/{new_number}")).json()
        assert (new["status"], new["valid_from"], new["valid_until"]) == ("active", "2027-11-20", "2028-11-19")
        assert (await later.get(f"/api/v1/licences/{number}")).json()["status"] == "active"

    # The day after the old licence ends it reads as expired, and the renewal carries on.
    async with client_at(settings, database, _at(valid_until + timedelta(days=1))) as after_expiry:
        assert (await after_expiry.get(f"/api/v1/licences/{number}")).json()["status"] == "expired"
        assert (await after_expiry.get(f"/api/v1/licences/{new_number}")).json()["status"] == "active"
        own = await after_expiry.get("/api/v1/licences", params={"company_id": company["id"]}, headers=founder.headers)
        assert [(item["number"], item["status"]) for item in own.json()["items"]] == [
            (number, "expired"),
            (new_number, "active"),
        ]


async def test_a_licence_expires_by_date_alone(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    founder = await account(client, database)
    reviewer = await account(client, database, "reviewer")
    _, approved = await licensed(client, founder, reviewer)
    number = approved["licence_number"]
    async with client_at(settings, database, _at(date(2027, 11, 19))) as last_day:
        assert (await last_day.get(f"/api/v1/licences/{number}")).json()["status"] == "active"
    async with client_at(settings, database, _at(date(2027, 11, 20))) as day_after:
        assert (await day_after.get(f"/api/v1/licences/{number}")).json()["status"] == "expired"
        expired = await day_after.get("/api/v1/licences", params={"status": "expired"}, headers=reviewer.headers)
        assert number in [item["number"] for item in expired.json()["items"]]
    assert (await client.get(f"/api/v1/licences/{number}")).json()["status"] == "active"


async def test_reject_needs_a_catalogue_reason(client: httpx.AsyncClient, database: Database) -> None:
    founder = await account(client, database)
    reviewer = await account(client, database, "reviewer")
    _, application = await in_review(client, founder, reviewer)
    app_id = application["id"]

    unknown = await act(client, reviewer, app_id, "reject", {"reason_code": "we_dont_like_it", "text": "No."})
    assert unknown.status_code == 422
    assert unknown.headers["content-type"].startswith("application/problem+json")
    assert unknown.json()["code"] == "reason.unknown"
    assert [error["field"] for error in unknown.json()["errors"]] == ["reason_code"]
    assert "insufficient_evidence" in unknown.json()["valid_codes"]
    assert (await client.get(f"{APPLICATIONS}/{app_id}", headers=reviewer.headers)).json()["state"] == "in_review"

    without_text = await act(client, reviewer, app_id, "reject", {"reason_code": "insufficient_evidence"})
    assert without_text.status_code == 422

    text = "The client letters do not mention the AI product."
    rejected = await step(client, reviewer, app_id, "reject", {"reason_code": "insufficient_evidence", "text": text})
    assert (rejected["state"], rejected["reason_code"], rejected["decision_text"]) == (
        "rejected",
        "insufficient_evidence",
        text,
    )
    assert rejected["licence_number"] is None
    seen = (await client.get(f"{APPLICATIONS}/{app_id}", headers=founder.headers)).json()
    assert (seen["state"], seen["reason_code"], seen["decision_text"]) == ("rejected", "insufficient_evidence", text)
    timeline = (await client.get(f"{APPLICATIONS}/{app_id}/events", headers=founder.headers)).json()
    assert timeline[-1]["kind"] == "application.rejected"
    assert timeline[-1]["data"]["message"] == text


async def test_founder_withdraws_a_draft(client: httpx.AsyncClient, database: Database) -> None:
    founder = await account(client, database)
    company, declaration = await declared_company(client, founder)
    application = await start_application(client, founder, company["id"], declaration["id"])
    withdrawn = await step(client, founder, application["id"], "withdraw")
    assert (withdrawn["state"], withdrawn["allowed_actions"]) == ("withdrawn", [])
    again = await act(client, founder, application["id"], "submit")
    assert again.status_code == 409
    assert again.json()["code"] == "application.transition_not_allowed"


async def test_a_reviewer_who_is_a_member_of_the_company_cannot_claim(
    client: httpx.AsyncClient, database: Database
) -> None:
    founder = await account(client, database)
    cofounder = await account(client, database)
    admin = await account(client, database, "admin")
    company, declaration = await declared_company(client, founder)
    added = await client.post(
        f"/api/v1/companies/{company['id']}/members", json={"email": cofounder.email}, headers=founder.headers
    )
    assert added.status_code == 201, added.text
    application = await start_application(client, founder, company["id"], declaration["id"])
    await step(client, founder, application["id"], "submit")
    # The co-founder later joins the hub as a reviewer.
    promoted = await client.patch(f"/api/v1/accounts/{cofounder.id}", json={"role": "reviewer"}, headers=admin.headers)
    assert promoted.status_code == 200, promoted.text

    refused = await act(client, cofounder, application["id"], "claim")
    assert refused.status_code == 403
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["code"] == "application.conflict_of_interest"
    assert (await client.get(f"{APPLICATIONS}/{application['id']}", headers=founder.headers)).json()[
        "state"
    ] == "submitted"
    assert (await act(client, admin, application["id"], "claim")).status_code == 200


async def test_transitions_need_a_current_if_match(client: httpx.AsyncClient, database: Database) -> None:
    founder = await account(client, database)
    company, declaration = await declared_company(client, founder)
    application = await start_application(client, founder, company["id"], declaration["id"])
    url = f"{APPLICATIONS}/{application['id']}"

    missing = await client.post(f"{url}/submit", headers=founder.headers)
    assert missing.status_code == 428
    assert missing.headers["content-type"].startswith("application/problem+json")
    patch_missing = await client.patch(url, json={"founder_note": "x"}, headers=founder.headers)
    assert patch_missing.status_code == 428

    await add_url_evidence(client, founder, application["id"])  # the ETag is now "2"
    stale = await client.post(f"{url}/submit", headers={**founder.headers, "If-Match": '"1"'})
    assert stale.status_code == 412
    assert stale.json()["code"] == "application.stale"
    assert stale.headers["ETag"] == '"2"'
    assert (await client.get(url, headers=founder.headers)).json()["state"] == "draft"
    fresh = await client.post(f"{url}/submit", headers={**founder.headers, "If-Match": stale.headers["ETag"]})
    assert fresh.status_code == 200


async def test_approving_a_draft_is_refused_with_the_workflows_message(
    client: httpx.AsyncClient, database: Database
) -> None:
    founder = await account(client, database)
    reviewer = await account(client, database, "reviewer")
    company, declaration = await declared_company(client, founder)
    application = await start_application(client, founder, company["id"], declaration["id"])
    refused = await act(client, reviewer, application["id"], "approve", {}, etag='"1"')
    assert refused.status_code == 409
    assert refused.headers["content-type"].startswith("application/problem+json")
    body = refused.json()
    assert body["code"] == "application.transition_not_allowed"
    assert body["detail"] == "An application that is still a draft cannot be approved."
    assert (body["state"], body["action"]) == ("draft", "approve")
    in_russian = await client.post(
        f"{APPLICATIONS}/{application['id']}/approve",
        json={},
        headers={**reviewer.headers, "If-Match": '"1"', "Accept-Language": "ru"},
    )
    assert in_russian.json()["detail"] == "Заявку в статусе «Черновик» нельзя одобрить."
    assert (
        await client.get("/api/v1/licences", params={"company_id": company["id"]}, headers=reviewer.headers)
    ).json()["items"] == []


async def test_the_applicant_cannot_claim_and_a_reviewer_cannot_submit(
    client: httpx.AsyncClient, database: Database
) -> None:
    founder = await account(client, database)
    reviewer = await account(client, database, "reviewer")
    company, declaration = await declared_company(client, founder)
    application = await start_application(client, founder, company["id"], declaration["id"])
    assert (await act(client, reviewer, application["id"], "submit", etag='"1"')).status_code == 403
    await step(client, founder, application["id"], "submit")
    assert (await act(client, founder, application["id"], "claim")).status_code == 403


SANCTION = {"reason_code": "false_information", "text": "The invoices were not issued by real clients."}


async def test_suspend_reinstate_and_revoke_need_a_reason_and_if_match(
    client: httpx.AsyncClient, database: Database
) -> None:
    founder = await account(client, database)
    reviewer = await account(client, database, "reviewer")
    _, approved = await licensed(client, founder, reviewer)
    number = approved["licence_number"]
    url = f"/api/v1/licences/{number}"

    no_if_match = await client.post(f"{url}/suspend", json=SANCTION, headers=reviewer.headers)
    assert no_if_match.status_code == 428
    headers = {**reviewer.headers, "If-Match": '"1"'}
    no_reason = await client.post(f"{url}/suspend", json={"text": "Because."}, headers=headers)
    assert no_reason.status_code == 422
    assert [error["message"] for error in no_reason.json()["errors"]] == ["Required field is missing: reason_code."]
    unknown = await client.post(f"{url}/suspend", json={"reason_code": "not_ai_native", "text": "x"}, headers=headers)
    assert unknown.status_code == 422
    assert unknown.json()["code"] == "reason.unknown"
    assert "monitoring_no_longer_ai_native" in unknown.json()["valid_codes"]
    assert (await client.get(url)).json()["status"] == "active"

    suspended = await client.post(f"{url}/suspend", json=SANCTION, headers=headers)
    assert suspended.status_code == 200, suspended.text
    assert suspended.headers["ETag"] == '"2"'
    assert (suspended.json()["status"], suspended.json()["status_reason_code"]) == ("suspended", "false_information")
    assert (await client.get(url)).json()["status"] == "suspended"

    stale = await client.post(f"{url}/reinstate", json=SANCTION, headers=headers)
    assert stale.status_code == 412
    assert stale.headers["ETag"] == '"2"'
    twice = await client.post(f"{url}/suspend", json=SANCTION, headers={**reviewer.headers, "If-Match": '"2"'})
    assert twice.status_code == 409
    assert twice.json()["code"] == "licence.transition_not_allowed"

    reinstated = await client.post(
        f"{url}/reinstate",
        json={"reason_code": "other", "text": "The invoices were confirmed."},
        headers={**reviewer.headers, "If-Match": '"2"'},
    )
    assert reinstated.status_code == 200, reinstated.text
    assert (await client.get(url)).json()["status"] == "active"

    revoked = await client.post(f"{url}/revoke", json=SANCTION, headers={**reviewer.headers, "If-Match": '"3"'})
    assert revoked.status_code == 200, revoked.text
    assert (await client.get(url)).json()["status"] == "revoked"
    final = await client.post(f"{url}/reinstate", json=SANCTION, headers={**reviewer.headers, "If-Match": '"4"'})
    assert final.status_code == 409

    events = (await client.get("/api/v1/events", params={"after": 0, "limit": 200})).json()
    after = 0
    kinds = []
    while events["items"]:
        kinds += [e["kind"] for e in events["items"] if e.get("data", {}).get("number") == number]
        after = events["last_seq"]
        events = (await client.get("/api/v1/events", params={"after": after, "limit": 200})).json()
    assert kinds == ["licence.issued", "licence.suspended", "licence.reinstated", "licence.revoked"]


@pytest.mark.parametrize("number", ["AIN-2026-99999", "ain-1999-00001"])
async def test_an_unknown_licence_number_is_404(client: httpx.AsyncClient, number: str) -> None:
    response = await client.get(f"/api/v1/licences/{number}")
    assert response.status_code == 404
    assert response.json()["code"] == "licence.not_found"


async def test_a_malformed_licence_number_is_422(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/licences/AIN-26-1")
    assert response.status_code == 422
    assert response.json()["code"] == "licence.number_format"


async def test_sanctions_on_a_revoked_licence_do_not_block_a_new_one(
    client: httpx.AsyncClient, database: Database
) -> None:
    founder = await account(client, database)
    reviewer = await account(client, database, "reviewer")
    company, approved = await licensed(client, founder, reviewer)
    revoked = await client.post(
        f"/api/v1/licences/{approved['licence_number']}/revoke",
        json={"reason_code": "company_request", "text": "The company asked."},
        headers={**reviewer.headers, "If-Match": '"1"'},
    )
    assert revoked.status_code == 200
    declaration = approved["declaration_id"]
    again = await start_application(client, founder, company["id"], declaration)
    assert again["renewal_of"] is None
    await step(client, founder, again["id"], "submit")
    await step(client, reviewer, again["id"], "claim")
    second = await step(client, reviewer, again["id"], "approve", {})
    assert (await client.get(f"/api/v1/licences/{second['licence_number']}")).json()["status"] == "active"


async def test_a_failing_evaluation_can_be_submitted_and_the_founder_sees_what_fails(
    client: httpx.AsyncClient, database: Database
) -> None:
    founder = await account(client, database)
    company = await register_company(client, founder, bin=unique_bin(date(2023, 1, 1)), registration_date="2023-01-15")
    enabled = await file_declaration(client, founder, company["id"], ai_native_declaration(2025, revenue_ai=20_000_000))
    assert enabled["evaluation"]["ai_class"] == "ai_enabled"
    application = await start_application(client, founder, company["id"], enabled["id"])
    submitted = await step(client, founder, application["id"], "submit")
    assert submitted["state"] == "submitted"
    assert submitted["evaluation"]["ai_class"] == "ai_enabled"
    assert submitted["failed_criteria"] == ["M1"]
    m1 = next(c for c in submitted["evaluation"]["criteria"] if c["id"] == "M1")
    assert (m1["passed"], m1["value"], m1["threshold"]) == (False, 0.2, 0.5)
    timeline = (await client.get(f"{APPLICATIONS}/{application['id']}/events", headers=founder.headers)).json()
    assert timeline[-1]["data"]["failed_criteria"] == ["M1"]


async def test_the_standard_licence_is_not_evaluated_by_the_rubric(
    client: httpx.AsyncClient, database: Database
) -> None:
    founder = await account(client, database)
    reviewer = await account(client, database, "reviewer")
    _, approved = await licensed(client, founder, reviewer, licence_type="standard_digital")
    assert (approved["evaluation"], approved["failed_criteria"]) == (None, [])
    assert re.match(r"^SDL-2026-\d{5}$", approved["licence_number"])


async def test_an_application_must_rely_on_a_current_declaration_of_the_company(
    client: httpx.AsyncClient, database: Database
) -> None:
    founder = await account(client, database)
    company, declaration = await declared_company(client, founder)
    other_company, other_declaration = await declared_company(client, founder)
    corrected = await file_declaration(client, founder, company["id"], ai_native_declaration(2025, fte_ai=5))
    for declaration_id in (other_declaration["id"], declaration["id"]):  # another company's; a superseded one
        refused = await client.post(
            APPLICATIONS,
            json={"company_id": company["id"], "licence_type": "ai_native", "declaration_id": declaration_id},
            headers=founder.headers,
        )
        assert refused.status_code == 422, refused.text
        assert [(e["field"], e["code"]) for e in refused.json()["errors"]] == [
            ("declaration_id", "application.declaration_invalid")
        ]
    assert (await start_application(client, founder, company["id"], corrected["id"]))["state"] == "draft"
    assert other_company["id"] != company["id"]


async def test_another_founder_cannot_apply_for_the_company(client: httpx.AsyncClient, database: Database) -> None:
    founder = await account(client, database)
    stranger = await account(client, database)
    company, declaration = await declared_company(client, founder)
    refused = await client.post(
        APPLICATIONS,
        json={"company_id": company["id"], "licence_type": "ai_native", "declaration_id": declaration["id"]},
        headers=stranger.headers,
    )
    assert refused.status_code == 404
    assert refused.json()["code"] == "application.not_found"


@pytest.mark.parametrize(("day", "status"), [(date(2027, 9, 19), 409), (date(2027, 9, 20), 201)])
async def test_renewal_opens_sixty_days_before_expiry(
    client: httpx.AsyncClient, database: Database, settings: Settings, day: date, status: int
) -> None:
    founder = await account(client, database)
    reviewer = await account(client, database, "reviewer")
    company, approved = await licensed(client, founder, reviewer)
    async with client_at(settings, database, _at(day)) as later:
        last_year = await file_declaration(later, founder, company["id"], ai_native_declaration(2026))
        response = await later.post(
            APPLICATIONS,
            json={"company_id": company["id"], "licence_type": "ai_native", "declaration_id": last_year["id"]},
            headers=founder.headers,
        )
    assert response.status_code == status, response.text
    if status == 201:
        assert response.json()["renewal_of"] == approved["licence_number"]
    else:
        assert response.json()["renewal_opens"] == "2027-09-20"


async def test_application_steps_stay_out_of_the_public_feed_but_the_licence_is_in_it(
    client: httpx.AsyncClient, database: Database
) -> None:
    founder = await account(client, database)
    reviewer = await account(client, database, "reviewer")
    _, approved = await licensed(client, founder, reviewer)
    feed = []
    after = 0
    while True:
        page = (await client.get("/api/v1/events", params={"after": after, "limit": 200})).json()
        if not page["items"]:
            break
        feed += page["items"]
        after = page["last_seq"]
    assert not [e for e in feed if e["kind"].startswith("application.") and e["resource_id"] == approved["id"]]
    issued = [e for e in feed if e["kind"] == "licence.issued" and e["data"]["number"] == approved["licence_number"]]
    assert len(issued) == 1
    assert issued[0]["data"]["valid_until"] == "2027-11-19"
