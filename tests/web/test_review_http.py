"""The reviewer pages over HTTP (in-process, rolled back): each decision through its form with the CSRF token, its
success and its refusals (the service's own message in the page's language, nothing changed)."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from api.database import Database
from api.settings import Settings
from licensing.conflicts import conflict_of_interest
from licensing.errors import stale_application
from licensing.reasons import check_send_back_fields
from registry.errors import DomainError
from tests.factories import PASSWORD, SignedIn, ai_system_payload
from tests.licensing_support import (
    APPLICATIONS,
    PDF,
    add_url_evidence,
    client_at,
    declared_company,
    in_review,
    licensed,
    quick_account,
    start_application,
    step,
    upload,
)

TOKEN = re.compile(r'name="_csrf_token" value="([^"]+)"')
VERSION = re.compile(r'<form[^>]+id="(?P<form>[a-z_]+)-form".*?name="version" value="(?P<version>\d+)"', re.S)


async def page_token(client: httpx.AsyncClient, path: str) -> str:
    response = await client.get(path)
    assert response.status_code == 200, response.text
    found = TOKEN.search(response.text)
    assert found, "the page has no CSRF field"
    return found.group(1)


async def sign_in_pages(client: httpx.AsyncClient, email: str) -> None:
    """Sign in through the sign-in form: the client keeps the session cookie."""
    token = await page_token(client, "/sign-in")
    response = await client.post("/sign-in", data={"_csrf_token": token, "email": email, "password": PASSWORD})
    assert response.status_code == 303, response.text


async def post_form(client: httpx.AsyncClient, page_path: str, action: str, data: dict[str, Any]) -> httpx.Response:
    """Open ``page_path``, take its CSRF token and the version its form shows, and post ``data`` to ``action``."""
    response = await client.get(page_path)
    assert response.status_code == 200, response.text
    token = TOKEN.search(response.text)
    assert token
    versions = {match.group("form"): match.group("version") for match in VERSION.finditer(response.text)}
    body = {"_csrf_token": token.group(1), **data}
    form = action.rsplit("/", 1)[-1].replace("-", "_")
    if form in versions and "version" not in data:
        body["version"] = versions[form]
    return await client.post(action, data=body)


async def api_state(client: httpx.AsyncClient, reviewer: SignedIn, application_id: str) -> dict[str, Any]:
    response = await client.get(f"{APPLICATIONS}/{application_id}", headers=reviewer.headers)
    assert response.status_code == 200, response.text
    view: dict[str, Any] = response.json()
    return view


def message(error: DomainError, language: str) -> str:
    """A service message as the page writes it (HTML-escaped)."""
    return error.message.in_language(language).replace("&", "&amp;").replace('"', "&#34;").replace("'", "&#39;")


@pytest.fixture
async def people(client: httpx.AsyncClient, database: Database, settings: Settings) -> dict[str, SignedIn]:
    founder = await quick_account(database, settings, "founder")
    reviewer = await quick_account(database, settings, "reviewer")
    await sign_in_pages(client, reviewer.email)
    return {"founder": founder, "reviewer": reviewer}


@pytest.fixture
async def submitted(client: httpx.AsyncClient, people: dict[str, SignedIn]) -> dict[str, Any]:
    """A submitted AI-native application with a URL and a PDF as evidence, and an AI system."""
    founder = people["founder"]
    company, declaration = await declared_company(client, founder)
    application = await start_application(client, founder, company["id"], declaration["id"])
    await add_url_evidence(client, founder, application["id"])
    uploaded = await upload(client, founder, application["id"], PDF)
    assert uploaded.status_code == 201, uploaded.text
    recorded = await client.post(
        f"/api/v1/companies/{company['id']}/ai-systems", json=ai_system_payload(), headers=founder.headers
    )
    assert recorded.status_code == 201, recorded.text
    moved = await step(client, founder, application["id"], "submit")
    return {"company": company, "application": moved, "document": uploaded.json()}


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
async def test_the_queue_lists_the_submitted_application_in_each_language(
    client: httpx.AsyncClient, submitted: dict[str, Any], language: str
) -> None:
    page = await client.get("/review", params={"lang": language, "status": "submitted"})
    assert page.status_code == 200, page.text
    assert f'<html lang="{language}">' in page.text
    assert f'href="/review/applications/{submitted["application"]["id"]}"' in page.text


async def test_overdue_applications_come_first_with_their_working_days(
    client: httpx.AsyncClient, people: dict[str, SignedIn], database: Database, settings: Settings
) -> None:
    founder = people["founder"]
    async with client_at(settings, database, datetime(2026, 10, 1, 9, tzinfo=UTC)) as earlier:
        company, declaration = await declared_company(earlier, founder)
        late = await start_application(earlier, founder, company["id"], declaration["id"])
        await step(earlier, founder, late["id"], "submit")
    company, declaration = await declared_company(client, founder)
    fresh = await start_application(client, founder, company["id"], declaration["id"])
    await step(client, founder, fresh["id"], "submit")
    page = await client.get("/review", params={"lang": "en", "status": "submitted", "licence_type": "ai_native"})
    overdue, on_time = page.text.split('id="heading-on_time"')
    assert f"/review/applications/{late['id']}" in overdue
    assert f"/review/applications/{fresh['id']}" in on_time
    assert "working days overdue" in overdue
    assert "working days left" in on_time


async def test_a_filter_the_api_would_refuse_is_refused_in_words(client: httpx.AsyncClient, people: Any) -> None:
    page = await client.get("/review", params={"status": "lost", "lang": "ru"})
    assert page.status_code == 422
    assert 'aria-invalid="true"' in page.text


async def test_the_application_page_shows_evaluation_evidence_history_and_systems(
    client: httpx.AsyncClient, submitted: dict[str, Any]
) -> None:
    application_id = submitted["application"]["id"]
    page = await client.get(f"/review/applications/{application_id}", params={"lang": "en"})
    assert page.status_code == 200, page.text
    for criterion in ("G1", "G2", "M1", "M2", "M3", "M4"):
        assert f'data-criterion="{criterion}"' in page.text
    assert "80.0 %" in page.text  # M1's value, the API's 0.8
    assert 'href="https://github.com/tulpar/vision-qa"' in page.text
    download = f"/review/applications/{application_id}/evidence/{submitted['document']['id']}/document"
    assert f'href="{download}"' in page.text
    assert "Tulpar Vision QA" in page.text
    assert 'id="declarations"' in page.text
    assert 'id="claim-form"' in page.text


async def test_the_download_goes_through_the_apis_access_rule(
    client: httpx.AsyncClient, submitted: dict[str, Any], database: Database, settings: Settings
) -> None:
    application_id = submitted["application"]["id"]
    path = f"/review/applications/{application_id}/evidence/{submitted['document']['id']}/document"
    document = await client.get(path)
    assert document.status_code == 200
    assert document.content == PDF
    assert document.headers["content-disposition"].startswith("attachment;")
    other = await quick_account(database, settings, "founder")
    await sign_in_pages(client, other.email)
    assert (await client.get(path)).status_code == 403  # a founder is not staff: the page guard refuses


async def test_claim_moves_the_application_and_says_so(
    client: httpx.AsyncClient, people: dict[str, SignedIn], submitted: dict[str, Any]
) -> None:
    application_id = submitted["application"]["id"]
    page_path = f"/review/applications/{application_id}"
    response = await post_form(client, page_path, f"{page_path}/claim", {})
    assert response.status_code == 303, response.text
    assert response.headers["location"] == f"{page_path}?done=claim"
    assert (await api_state(client, people["reviewer"], application_id))["state"] == "in_review"
    shown = await client.get(response.headers["location"], params={"lang": "kk"})
    assert 'data-state="in_review"' in shown.text
    assert 'id="send_back-form"' in shown.text


@pytest.mark.parametrize("language", ["kk", "ru"])
async def test_a_reviewer_who_is_a_member_is_refused_in_words(
    client: httpx.AsyncClient,
    people: dict[str, SignedIn],
    submitted: dict[str, Any],
    session: AsyncSession,
    language: str,
) -> None:
    await session.execute(
        text("INSERT INTO company_members (company_id, account_id, role) VALUES (:company, :account, 'member')"),
        {"company": submitted["company"]["id"], "account": people["reviewer"].id},
    )
    await session.commit()
    application_id = submitted["application"]["id"]
    page_path = f"/review/applications/{application_id}"
    shown = await client.get(page_path, params={"lang": language})
    assert message(conflict_of_interest("application"), language) in shown.text
    assert 'id="claim-form"' not in shown.text
    version = submitted["application"]["version"]
    response = await post_form(client, page_path, f"{page_path}/claim", {"version": str(version)})
    assert response.status_code == 403
    assert message(conflict_of_interest("application"), language) in response.text
    assert (await api_state(client, people["reviewer"], application_id))["state"] == "submitted"


async def test_a_stale_page_is_refused_and_shows_the_current_state(
    client: httpx.AsyncClient, people: dict[str, SignedIn], submitted: dict[str, Any]
) -> None:
    application_id = submitted["application"]["id"]
    page_path = f"/review/applications/{application_id}"
    stale = str(submitted["application"]["version"] - 1)
    response = await post_form(client, page_path, f"{page_path}/claim", {"version": stale})
    assert response.status_code == 412
    current = submitted["application"]["version"]
    assert message(stale_application(current), "en") in response.text
    assert (await api_state(client, people["reviewer"], application_id))["state"] == "submitted"


@pytest.fixture
async def reviewing(client: httpx.AsyncClient, people: dict[str, SignedIn], submitted: dict[str, Any]) -> str:
    """The submitted application, claimed by the signed-in reviewer through its page."""
    application_id: str = submitted["application"]["id"]
    page_path = f"/review/applications/{application_id}"
    claimed = await post_form(client, page_path, f"{page_path}/claim", {})
    assert claimed.status_code == 303, claimed.text
    return application_id


async def test_send_back_names_fields_and_evidence_from_the_catalogue(
    client: httpx.AsyncClient, people: dict[str, SignedIn], submitted: dict[str, Any], reviewing: str
) -> None:
    page_path = f"/review/applications/{reviewing}"
    evidence_id = submitted["document"]["id"]
    token = await page_token(client, page_path)
    version = str((await api_state(client, people["reviewer"], reviewing))["version"])
    response = await client.post(
        f"{page_path}/send-back",
        data={
            "_csrf_token": token,
            "version": version,
            "fields": ["revenue_ai", "fte_ai"],
            "evidence_ids": [evidence_id],
            "message": "Please show the AI revenue by product.",
        },
    )
    assert response.status_code == 303, response.text
    view = await api_state(client, people["reviewer"], reviewing)
    assert view["state"] == "sent_back"
    assert view["send_back"] == {
        "message": "Please show the AI revenue by product.",
        "fields": ["revenue_ai", "fte_ai"],
        "evidence_ids": [evidence_id],
    }


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
async def test_send_back_refusals_change_nothing(
    client: httpx.AsyncClient, people: dict[str, SignedIn], reviewing: str, language: str
) -> None:
    page_path = f"/review/applications/{reviewing}?lang={language}"
    action = f"/review/applications/{reviewing}/send-back"
    no_message = await post_form(client, page_path, action, {"fields": "revenue_ai"})
    assert no_message.status_code == 422
    assert 'id="send_back-message-error"' in no_message.text
    unknown = await post_form(client, page_path, action, {"fields": "salary", "message": "Fix it."})
    assert unknown.status_code == 422
    with pytest.raises(DomainError) as refusal:
        check_send_back_fields(["salary"])
    assert message(refusal.value, language) in unknown.text
    assert (await api_state(client, people["reviewer"], reviewing))["state"] == "in_review"


async def test_approve_issues_the_licence(
    client: httpx.AsyncClient, people: dict[str, SignedIn], reviewing: str
) -> None:
    page_path = f"/review/applications/{reviewing}"
    response = await post_form(client, page_path, f"{page_path}/approve", {"text": "Welcome to the hub."})
    assert response.status_code == 303, response.text
    view = await api_state(client, people["reviewer"], reviewing)
    assert view["state"] == "approved"
    shown = await client.get(response.headers["location"])
    assert f'id="licence-number">{view["licence_number"]}<' in shown.text


async def test_reject_needs_a_reason_from_the_catalogue(
    client: httpx.AsyncClient, people: dict[str, SignedIn], reviewing: str
) -> None:
    page_path = f"/review/applications/{reviewing}?lang=ru"
    action = f"/review/applications/{reviewing}/reject"
    refused = await post_form(client, page_path, action, {"reason_code": "no_reason", "text": "Нет."})
    assert refused.status_code == 422
    assert "Неизвестный код причины" in refused.text
    assert (await api_state(client, people["reviewer"], reviewing))["state"] == "in_review"
    reasons = (await client.get("/api/v1/reference/reasons")).json()["rejection"]
    rejected = await post_form(client, page_path, action, {"reason_code": reasons[0]["code"], "text": "Нет ИИ."})
    assert rejected.status_code == 303, rejected.text
    view = await api_state(client, people["reviewer"], reviewing)
    assert (view["state"], view["reason_code"]) == ("rejected", reasons[0]["code"])


async def test_a_form_without_the_csrf_token_is_refused(
    client: httpx.AsyncClient, people: dict[str, SignedIn], submitted: dict[str, Any]
) -> None:
    application_id = submitted["application"]["id"]
    response = await client.post(f"/review/applications/{application_id}/claim", data={"version": "1"})
    assert response.status_code == 403
    assert (await api_state(client, people["reviewer"], application_id))["state"] == "submitted"


async def test_founders_and_visitors_do_not_get_the_reviewer_pages(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    anonymous = await client.get("/review")
    assert anonymous.status_code in {302, 303}
    assert anonymous.headers["location"].startswith("/sign-in?next=")
    founder = await quick_account(database, settings, "founder")
    await sign_in_pages(client, founder.email)
    assert (await client.get("/review")).status_code == 403
    assert (await client.get("/review/monitoring")).status_code == 403


@pytest.fixture
async def licence(client: httpx.AsyncClient, people: dict[str, SignedIn]) -> dict[str, Any]:
    company, approved = await licensed(client, people["founder"], people["reviewer"])
    return {"company": company, "number": approved["licence_number"]}


async def licence_status(client: httpx.AsyncClient, number: str) -> str:
    status: str = (await client.get(f"/api/v1/licences/{number}")).json()["status"]
    return status


async def test_suspend_reinstate_and_revoke_a_licence(client: httpx.AsyncClient, licence: dict[str, Any]) -> None:
    number = licence["number"]
    page_path = f"/review/licences/{number}"
    listed = await client.get("/review/licences", params={"licence_type": "ai_native", "status": "active"})
    assert listed.status_code == 200
    found = await client.get("/review/licences", params={"number": f" {number.lower()} "})
    assert (found.status_code, found.headers["location"]) == (303, page_path)
    for action, reason, status in (
        ("suspend", "false_information", "suspended"),
        ("reinstate", "other", "active"),
        ("revoke", "court_decision", "revoked"),
    ):
        response = await post_form(
            client, page_path, f"{page_path}/{action}", {"reason_code": reason, "text": f"{action} by the hub."}
        )
        assert response.status_code == 303, response.text
        assert await licence_status(client, number) == status
    shown = await client.get(page_path)
    assert 'data-status="revoked"' in shown.text
    assert 'id="suspend-form"' not in shown.text


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
async def test_a_sanction_with_a_reason_that_does_not_fit_is_refused(
    client: httpx.AsyncClient, licence: dict[str, Any], language: str
) -> None:
    number = licence["number"]
    page_path = f"/review/licences/{number}?lang={language}"
    response = await post_form(
        client, page_path, f"/review/licences/{number}/suspend", {"reason_code": "company_liquidated", "text": "x"}
    )
    assert response.status_code == 422
    assert 'id="suspend-reason_code-error"' in response.text
    no_text = await post_form(
        client, page_path, f"/review/licences/{number}/revoke", {"reason_code": "court_decision", "text": ""}
    )
    assert no_text.status_code == 422
    assert 'id="revoke-text-error"' in no_text.text
    assert await licence_status(client, number) == "active"


async def test_a_sanction_on_ones_own_company_is_refused(
    client: httpx.AsyncClient, people: dict[str, SignedIn], licence: dict[str, Any], session: AsyncSession
) -> None:
    await session.execute(
        text("INSERT INTO company_members (company_id, account_id, role) VALUES (:company, :account, 'member')"),
        {"company": licence["company"]["id"], "account": people["reviewer"].id},
    )
    await session.commit()
    number = licence["number"]
    response = await post_form(
        client,
        f"/review/licences/{number}?lang=kk",
        f"/review/licences/{number}/suspend",
        {"reason_code": "false_information", "text": "x"},
    )
    assert response.status_code == 403
    assert message(conflict_of_interest("licence"), "kk") in response.text
    assert await licence_status(client, number) == "active"


async def test_monitoring_shows_what_the_api_lists(
    client: httpx.AsyncClient, people: dict[str, SignedIn], licence: dict[str, Any]
) -> None:
    page = await client.get("/review/monitoring", params={"lang": "ru"})
    assert page.status_code == 200, page.text
    watched = await client.get("/api/v1/monitoring/ai-licences", headers=people["reviewer"].headers)
    listed = re.findall(r'<tr data-licence="([^"]+)"', page.text)
    assert listed == [item["licence_number"] for item in watched.json()]


async def test_an_unknown_application_is_the_not_found_page(client: httpx.AsyncClient, people: Any) -> None:
    page = await client.get(f"/review/applications/{uuid.uuid4()}", params={"lang": "kk"})
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")


async def test_an_application_in_review_elsewhere_is_listed_with_its_reviewer(
    client: httpx.AsyncClient, people: dict[str, SignedIn], database: Database, settings: Settings
) -> None:
    other = await quick_account(database, settings, "reviewer")
    _, application = await in_review(client, people["founder"], other)
    page = await client.get("/review", params={"status": "in_review", "lang": "en"})
    row = page.text.split(f'data-application-id="{application["id"]}"')[1].split("</tr>")[0]
    assert "another reviewer" in row
