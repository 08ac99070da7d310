"""The founder pages over HTTP (in-process, rolled back): each form's success, and its refusals shown next to the
field in the page's language with nothing changed; the same services and messages as the API."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest

from api.database import Database, transaction
from api.settings import Settings
from api.web.sessions import SESSION_COOKIE
from licensing.documents import MAX_DOCUMENT_BYTES
from registry.accounts.web_sessions import start_web_session
from tests.factories import SignedIn, ai_native_declaration, company_payload, unique_bin
from tests.licensing_support import (
    PDF,
    client_at,
    declared_company,
    file_declaration,
    licensed,
    quick_account,
    start_application,
    step,
)
from tests.web.founder_steps import AI_NATIVE_FIGURES, FIRST_PRODUCT

TOKEN = re.compile(r'name="_csrf_token" value="([^"]+)"')
LANGUAGES = ["kk", "ru", "en"]


async def signed_in_founder(client: httpx.AsyncClient, database: Database, settings: Settings) -> SignedIn:
    """A founder whose browser session is the client's cookie (and whose bearer token reaches the API)."""
    founder = await quick_account(database, settings, "founder")
    async with transaction(database) as session:
        token = await start_web_session(session, account_id=uuid.UUID(founder.id), lifetime=timedelta(days=400))
    client.cookies.set(SESSION_COOKIE, token)
    return founder


async def form_token(client: httpx.AsyncClient, path: str) -> tuple[str, str]:
    """The page at ``path`` and the CSRF token of its forms."""
    page = await client.get(path)
    assert page.status_code == 200, page.text
    found = TOKEN.search(page.text)
    assert found, f"{path} has no form"
    return page.text, found.group(1)


async def post_form(client: httpx.AsyncClient, page: str, action: str, fields: dict[str, str]) -> httpx.Response:
    """Open ``page``, then post ``fields`` with its CSRF token to ``action``."""
    _, token = await form_token(client, page)
    return await client.post(action, data={"_csrf_token": token, **fields})


def error_of(html: str, name: str) -> str:
    """The message shown next to the field ``name``."""
    found = re.search(rf'<p class="error-message" id="error-{re.escape(name)}">([^<]*)</p>', html)
    assert found, f"no error next to {name}"
    return found.group(1)


def company_form(**overrides: str) -> dict[str, str]:
    payload = company_payload()
    fields = {
        "bin": payload["bin"],
        "registration_date": payload["registration_date"],
        "name_kk": payload["name_kk"],
        "name_ru": payload["name_ru"],
        "name_en": payload["name_en"],
        "legal_form": "llp",
        "region": payload["region"],
        "primary_activity": "62.01",
        "other_activities": "63.11",
        "headcount": "12",
        "website": payload["website"],
        "description": payload["description"],
    }
    fields.update(overrides)
    return fields


async def register_through_page(client: httpx.AsyncClient, **overrides: str) -> str:
    response = await post_form(client, "/founder/companies/new", "/founder/companies/new", company_form(**overrides))
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    assert location.startswith("/founder/companies/")
    return location.rsplit("/", 1)[1]


def declaration_form(**overrides: str) -> dict[str, str]:
    return {**AI_NATIVE_FIGURES, **FIRST_PRODUCT, **overrides}


async def test_a_founder_registers_a_company_and_sees_it_listed(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    await signed_in_founder(client, database, settings)
    company_id = await register_through_page(client)
    page = await client.get(f"/founder/companies/{company_id}")
    assert page.status_code == 200
    assert "62.01" in page.text
    listed = await client.get("/founder/companies")
    assert f"/founder/companies/{company_id}" in listed.text


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_wrong_bin_is_refused_with_the_rules_message_next_to_the_field(
    client: httpx.AsyncClient, database: Database, settings: Settings, language: str
) -> None:
    founder = await signed_in_founder(client, database, settings)
    good = unique_bin(date(2023, 1, 1))
    bad = good[:11] + str((int(good[11]) + 1) % 10)
    page = f"/founder/companies/new?lang={language}"
    response = await post_form(client, page, "/founder/companies/new", company_form(bin=bad))
    assert response.status_code == 422
    assert f'<html lang="{language}">' in response.text
    api = await client.post(
        "/api/v1/companies", json=company_payload(bin=bad), headers={**founder.headers, "Accept-Language": language}
    )
    expected = next(item["message"] for item in api.json()["errors"] if item["field"] == "bin")
    assert error_of(response.text, "bin") == expected
    assert (await client.get(f"/api/v1/companies/by-bin/{bad}")).status_code == 404


async def test_the_bin_check_fragment_says_which_part_is_wrong(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    await signed_in_founder(client, database, settings)
    good = unique_bin(date(2023, 1, 1))
    fine = await client.get("/founder/bin-check", params={"bin": good, "lang": "en"})
    assert 'data-bin-valid="true"' in fine.text
    month = await client.get("/founder/bin-check", params={"bin": "231340000014", "lang": "ru"})
    assert "месяц" in month.text
    assert 'data-bin-valid="true"' not in month.text


async def test_a_missing_field_and_an_unknown_activity_are_named_next_to_their_fields(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    await signed_in_founder(client, database, settings)
    response = await post_form(
        client, "/founder/companies/new?lang=en", "/founder/companies/new", company_form(other_activities="99.99")
    )
    assert response.status_code == 422
    assert "99.99" in error_of(response.text, "activities")


async def test_an_edit_applies_and_a_conflicting_edit_is_explained_with_the_current_values(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    founder = await signed_in_founder(client, database, settings)
    company_id = await register_through_page(client)
    edit = f"/founder/companies/{company_id}/edit"
    html, token = await form_token(client, edit)
    stale_version = re.search(r'name="version" value="(\d+)"', html)
    assert stale_version
    first = await client.post(
        edit, data={"_csrf_token": token, **company_form(headcount="20"), "version": stale_version.group(1)}
    )
    assert first.status_code == 303, first.text
    api = await client.get(f"/api/v1/companies/{company_id}", headers=founder.headers)
    assert api.json()["headcount"] == 20
    second = await client.post(
        edit + "?lang=en",
        data={"_csrf_token": token, **company_form(headcount="30"), "version": stale_version.group(1)},
    )
    assert second.status_code == 409
    assert 'id="edit-conflict"' in second.text
    assert "Current value: 20" in second.text
    assert (await client.get(f"/api/v1/companies/{company_id}", headers=founder.headers)).json()["headcount"] == 20


async def test_an_owner_adds_a_member_and_an_unknown_email_is_refused(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    await signed_in_founder(client, database, settings)
    other = await quick_account(database, settings, "founder")
    company_id = await register_through_page(client)
    members = f"/founder/companies/{company_id}/members"
    added = await post_form(client, members, members, {"email": other.email, "role": "member"})
    assert added.status_code == 303
    assert other.email in (await client.get(members)).text
    refused = await post_form(client, members + "?lang=kk", members, {"email": "nobody-here@example.kz"})
    assert refused.status_code == 422
    assert error_of(refused.text, "email")


async def test_another_founder_gets_not_found_for_a_company_page(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    owner = await quick_account(database, settings, "founder")
    company, _ = await declared_company(client, owner)
    await signed_in_founder(client, database, settings)
    for path in ("", "/edit", "/members", "/declarations", "/declarations/new", "/ai-systems"):
        response = await client.get(f"/founder/companies/{company['id']}{path}")
        assert response.status_code == 404, path


async def test_the_preview_button_shows_each_criterion_and_filing_lists_the_declaration(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    founder = await signed_in_founder(client, database, settings)
    company_id = await register_through_page(client)
    form = f"/founder/companies/{company_id}/declarations/new"
    previewed = await post_form(client, form + "?lang=en", form, {**declaration_form(), "action": "preview"})
    assert previewed.status_code == 200, previewed.text
    for criterion in ("G1", "G2", "M1", "M2", "M3", "M4"):
        assert f'data-criterion="{criterion}"' in previewed.text
    assert 'data-class="ai_native"' in previewed.text
    assert "80 %" in previewed.text  # AI revenue share, threshold 50 %
    assert (await client.get(f"/api/v1/companies/{company_id}/declarations", headers=founder.headers)).json() == []
    filed = await post_form(client, form, form, {**declaration_form(), "action": "file"})
    assert filed.status_code == 303
    history = await client.get(f"/founder/companies/{company_id}/declarations")
    assert "2025" in history.text
    assert len((await client.get(f"/api/v1/companies/{company_id}/declarations", headers=founder.headers)).json()) == 1


async def test_the_preview_endpoint_renders_the_evaluation_fragment(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    await signed_in_founder(client, database, settings)
    company_id = await register_through_page(client)
    form = f"/founder/companies/{company_id}/declarations/new"
    _, token = await form_token(client, form)
    fragment = await client.post(
        f"/founder/companies/{company_id}/declarations/preview?lang=ru",
        data={"_csrf_token": token, **declaration_form(revenue_ai="10000000")},
    )
    assert fragment.status_code == 200
    assert fragment.text.lstrip().startswith('<section id="rubric-preview"')
    assert 'data-criterion="M1" data-passed="false"' in fragment.text


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_declaration_refusal_is_the_services_message_next_to_the_field(
    client: httpx.AsyncClient, database: Database, settings: Settings, language: str
) -> None:
    founder = await signed_in_founder(client, database, settings)
    company_id = await register_through_page(client)
    form = f"/founder/companies/{company_id}/declarations/new"
    body = declaration_form(revenue_ai="200000000")
    refused = await post_form(client, form + f"?lang={language}", form, {**body, "action": "file"})
    assert refused.status_code == 422
    api = await client.post(
        f"/api/v1/companies/{company_id}/declarations",
        json=ai_native_declaration(revenue_ai=200_000_000),
        headers={**founder.headers, "Accept-Language": language},
    )
    expected = next(item["message"] for item in api.json()["errors"] if item["field"] == "revenue_ai")
    assert error_of(refused.text, "revenue_ai") == expected
    assert (await client.get(f"/api/v1/companies/{company_id}/declarations", headers=founder.headers)).json() == []


async def _draft(client: httpx.AsyncClient, company_id: str) -> str:
    form = f"/founder/companies/{company_id}/declarations/new"
    assert (await post_form(client, form, form, {**declaration_form(), "action": "file"})).status_code == 303
    new = f"/founder/applications/new?company_id={company_id}"
    html, token = await form_token(client, new)
    declaration = re.search(r'<option value="([0-9a-f-]{36})"', html)
    assert declaration
    created = await client.post(
        "/founder/applications/new",
        data={
            "_csrf_token": token,
            "company_id": company_id,
            "licence_type": "ai_native",
            "declaration_id": declaration.group(1),
        },
    )
    assert created.status_code == 303, created.text
    return created.headers["location"].rsplit("/", 1)[1]


async def _upload(
    client: httpx.AsyncClient, application_id: str, content: bytes, name: str = "model-card.pdf", language: str = "en"
) -> httpx.Response:
    page = f"/founder/applications/{application_id}?lang={language}"
    _, token = await form_token(client, page)
    return await client.post(
        f"/founder/applications/{application_id}/evidence",
        data={"_csrf_token": token, "kind": "model_card", "description": "Model card of Vision QA."},
        files={"file": (name, content, "application/pdf")},
    )


async def test_an_application_gets_evidence_is_submitted_and_shows_its_evaluation(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    founder = await signed_in_founder(client, database, settings)
    company_id = await register_through_page(client)
    application_id = await _draft(client, company_id)
    page = await client.get(f"/founder/applications/{application_id}?lang=en")
    assert f"at most {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB" in page.text
    assert "PDF, PNG, JPEG" in page.text
    assert (await _upload(client, application_id, PDF)).status_code == 303
    url = await post_form(
        client,
        f"/founder/applications/{application_id}",
        f"/founder/applications/{application_id}/evidence",
        {"kind": "code_repository", "description": "Source.", "url": "https://github.com/tulpar/vision-qa"},
    )
    assert url.status_code == 303
    html, token = await form_token(client, f"/founder/applications/{application_id}")
    version = re.search(r'id="submit-form">\s*<input[^>]+>\s*<input type="hidden" name="version" value="(\d+)"', html)
    assert version, html
    submitted = await client.post(
        f"/founder/applications/{application_id}/submit", data={"_csrf_token": token, "version": version.group(1)}
    )
    assert submitted.status_code == 303, submitted.text
    shown = await client.get(f"/founder/applications/{application_id}")
    assert 'data-state="submitted"' in shown.text
    assert 'data-class="ai_native"' in shown.text
    api = await client.get(f"/api/v1/applications/{application_id}", headers=founder.headers)
    assert api.json()["state"] == "submitted"
    assert len(api.json()["evidence"]) == 2


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_refused_upload_says_why_in_the_pages_language_and_stores_nothing(
    client: httpx.AsyncClient, database: Database, settings: Settings, language: str
) -> None:
    founder = await signed_in_founder(client, database, settings)
    company_id = await register_through_page(client)
    application_id = await _draft(client, company_id)
    html_file = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
    refused = await _upload(client, application_id, html_file, language=language)
    assert refused.status_code == 422
    api = await client.post(
        f"/api/v1/applications/{application_id}/evidence",
        files={"file": ("model-card.pdf", html_file, "application/pdf")},
        data={"kind": "model_card", "description": "Model card."},
        headers={**founder.headers, "Accept-Language": language},
    )
    assert api.json()["detail"] in refused.text.replace("&#34;", '"').replace("&#39;", "'")
    assert error_of(refused.text, "file")
    assert (await client.get(f"/api/v1/applications/{application_id}", headers=founder.headers)).json()[
        "evidence"
    ] == []


async def test_a_stale_submit_is_explained_and_changes_nothing(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    founder = await signed_in_founder(client, database, settings)
    company_id = await register_through_page(client)
    application_id = await _draft(client, company_id)
    _, token = await form_token(client, f"/founder/applications/{application_id}")
    refused = await client.post(
        f"/founder/applications/{application_id}/submit?lang=en", data={"_csrf_token": token, "version": "999"}
    )
    assert refused.status_code == 409
    assert 'id="form-errors"' in refused.text
    assert (await client.get(f"/api/v1/applications/{application_id}", headers=founder.headers)).json()[
        "state"
    ] == "draft"


async def test_a_send_back_is_answered_with_a_corrected_declaration_and_resubmitted(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    founder = await signed_in_founder(client, database, settings)
    reviewer = await quick_account(database, settings, "reviewer")
    company_id = await register_through_page(client)
    application_id = await _draft(client, company_id)
    assert (await _upload(client, application_id, PDF)).status_code == 303
    await step(client, founder, application_id, "submit")
    await step(client, reviewer, application_id, "claim")
    evidence_id = (await client.get(f"/api/v1/applications/{application_id}", headers=founder.headers)).json()[
        "evidence"
    ][0]["id"]
    await step(
        client,
        reviewer,
        application_id,
        "send-back",
        {"message": "Please show AI staff.", "fields": ["fte_ai"], "evidence_ids": [evidence_id]},
    )
    page = await client.get(f"/founder/applications/{application_id}?lang=en")
    assert 'id="send-back"' in page.text
    assert "Please show AI staff." in page.text
    assert 'data-field="fte_ai"' in page.text
    assert f'data-evidence="{evidence_id}" data-named="true"' in page.text
    correction = f"/founder/companies/{company_id}/declarations/new?application={application_id}"
    form = await client.get(correction + "&lang=en")
    assert 'id="send-back-fields"' in form.text
    assert 'value="4"' in form.text  # prefilled from the declaration relied on
    _, token = await form_token(client, correction)
    version = re.search(r'name="application_version" value="(\d+)"', form.text)
    assert version
    answered = await client.post(
        correction,
        data={
            "_csrf_token": token,
            **declaration_form(fte_ai="5"),
            "application_version": version.group(1),
            "action": "file",
        },
    )
    assert answered.status_code == 303
    assert answered.headers["location"] == f"/founder/applications/{application_id}"
    view = (await client.get(f"/api/v1/applications/{application_id}", headers=founder.headers)).json()
    declarations = (await client.get(f"/api/v1/companies/{company_id}/declarations", headers=founder.headers)).json()
    current = next(item for item in declarations if not item["superseded"])
    assert view["declaration_id"] == current["id"]
    html, token = await form_token(client, f"/founder/applications/{application_id}")
    resubmit = re.search(r'id="submit-form">\s*<input[^>]+>\s*<input type="hidden" name="version" value="(\d+)"', html)
    assert resubmit
    done = await client.post(
        f"/founder/applications/{application_id}/submit", data={"_csrf_token": token, "version": resubmit.group(1)}
    )
    assert done.status_code == 303
    assert (await client.get(f"/api/v1/applications/{application_id}", headers=founder.headers)).json()[
        "state"
    ] == "submitted"


async def test_a_draft_is_withdrawn(client: httpx.AsyncClient, database: Database, settings: Settings) -> None:
    founder = await signed_in_founder(client, database, settings)
    company_id = await register_through_page(client)
    application_id = await _draft(client, company_id)
    html, token = await form_token(client, f"/founder/applications/{application_id}")
    version = re.search(r'id="withdraw-form">\s*<input[^>]+>\s*<input type="hidden" name="version" value="(\d+)"', html)
    assert version
    done = await client.post(
        f"/founder/applications/{application_id}/withdraw", data={"_csrf_token": token, "version": version.group(1)}
    )
    assert done.status_code == 303
    assert (await client.get(f"/api/v1/applications/{application_id}", headers=founder.headers)).json()[
        "state"
    ] == "withdrawn"


async def test_a_second_open_application_is_refused_with_the_services_message(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    await signed_in_founder(client, database, settings)
    company_id = await register_through_page(client)
    await _draft(client, company_id)
    html, token = await form_token(client, f"/founder/applications/new?company_id={company_id}&lang=ru")
    declaration = re.search(r'<option value="([0-9a-f-]{36})"', html)
    assert declaration
    refused = await client.post(
        "/founder/applications/new?lang=ru",
        data={
            "_csrf_token": token,
            "company_id": company_id,
            "licence_type": "ai_native",
            "declaration_id": declaration.group(1),
        },
    )
    assert refused.status_code == 422
    assert '<html lang="ru">' in refused.text
    assert 'id="form-errors"' in refused.text


async def test_licences_link_to_the_public_certificate(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    founder = await signed_in_founder(client, database, settings)
    reviewer = await quick_account(database, settings, "reviewer")
    _, approved = await licensed(client, founder, reviewer)
    number = approved["licence_number"]
    page = await client.get("/founder/licences")
    assert f'href="/licences/{number}/certificate"' in page.text
    assert (await client.get(f"/licences/{number}/certificate")).status_code == 200


async def test_an_ai_system_is_recorded_edited_and_a_stale_edit_explained(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    founder = await signed_in_founder(client, database, settings)
    company_id = await register_through_page(client)
    new = f"/founder/companies/{company_id}/ai-systems/new"
    fields: dict[str, Any] = {
        "name": "Tulpar Vision QA",
        "system_version": "2.3",
        "purpose": "Finds damaged parcels.",
        "capabilities.computer_vision": "on",
        "data_and_logic": "A CNN fine-tuned on our images.",
        "status": "on_market",
        "risk_degree": "medium",
        "autonomy_degree": "low",
    }
    missing = await post_form(client, new + "?lang=en", new, {**fields, "capabilities.computer_vision": ""})
    assert missing.status_code == 422
    assert error_of(missing.text, "capabilities")
    recorded = await post_form(client, new, new, fields)
    assert recorded.status_code == 303, recorded.text
    systems = (await client.get(f"/api/v1/companies/{company_id}/ai-systems", headers=founder.headers)).json()
    assert [system["name"] for system in systems] == ["Tulpar Vision QA"]
    edit = f"/founder/ai-systems/{systems[0]['id']}/edit"
    html, token = await form_token(client, edit)
    version = re.search(r'name="version" value="(\d+)"', html)
    assert version
    changed = await client.post(
        edit, data={"_csrf_token": token, **fields, "name": "Vision QA 3", "version": version.group(1)}
    )
    assert changed.status_code == 303
    stale = await client.post(
        edit + "?lang=en", data={"_csrf_token": token, **fields, "name": "Vision QA 4", "version": version.group(1)}
    )
    assert stale.status_code == 409
    assert 'id="form-errors"' in stale.text
    assert (await client.get(f"/api/v1/ai-systems/{systems[0]['id']}")).json()["name"] == "Vision QA 3"


async def test_a_standard_licence_draft_shows_the_declarations_evaluation_before_submitting(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    founder = await signed_in_founder(client, database, settings)
    company, declaration = await declared_company(client, founder)
    application = await start_application(client, founder, company["id"], declaration["id"], "standard_digital")
    page = await client.get(f"/founder/applications/{application['id']}")
    assert page.status_code == 200
    assert 'data-state="draft"' in page.text
    assert 'data-criterion="G1"' in page.text


async def test_a_licence_in_its_renewal_window_is_renewed_from_the_licences_page(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    founder = await signed_in_founder(client, database, settings)
    reviewer = await quick_account(database, settings, "reviewer")
    company, approved = await licensed(client, founder, reviewer)
    number = approved["licence_number"]
    assert "licence_type=ai_native" not in (await client.get("/founder/licences")).text  # not yet in the window
    async with client_at(settings, database, datetime(2027, 10, 15, 9, 0, tzinfo=UTC)) as later:
        later.cookies.set(SESSION_COOKIE, client.cookies[SESSION_COOKIE])
        await file_declaration(later, founder, company["id"], ai_native_declaration(2026))
        licences = await later.get("/founder/licences")
        renew = f"/founder/applications/new?company_id={company['id']}&amp;licence_type=ai_native"
        assert renew in licences.text
        html, token = await form_token(later, renew.replace("&amp;", "&"))
        assert 'id="licence-ai_native" name="licence_type" value="ai_native" checked' in html
        declaration = re.search(r'<option value="([0-9a-f-]{36})"', html)
        assert declaration
        created = await later.post(
            "/founder/applications/new",
            data={
                "_csrf_token": token,
                "company_id": company["id"],
                "licence_type": "ai_native",
                "declaration_id": declaration.group(1),
            },
        )
        assert created.status_code == 303, created.text
        page = await later.get(created.headers["location"] + "?lang=en")
        assert f"renewal of {number}" in page.text


async def _version_of(client: httpx.AsyncClient, application_id: str, form: str) -> tuple[str, str]:
    html, token = await form_token(client, f"/founder/applications/{application_id}")
    found = re.search(rf'id="{form}"[^>]*>\s*<input[^>]+>\s*<input type="hidden" name="version" value="(\d+)"', html)
    assert found, form
    return token, found.group(1)


@pytest.mark.parametrize("language", LANGUAGES)
async def test_the_note_is_saved_and_one_too_long_is_refused_next_to_its_field(
    client: httpx.AsyncClient, database: Database, settings: Settings, language: str
) -> None:
    founder = await signed_in_founder(client, database, settings)
    company_id = await register_through_page(client)
    application_id = await _draft(client, company_id)
    token, version = await _version_of(client, application_id, "change-form")
    change = f"/founder/applications/{application_id}/change?lang={language}"
    saved = await client.post(
        change, data={"_csrf_token": token, "version": version, "founder_note": "Our model card."}
    )
    assert saved.status_code == 303
    api = f"/api/v1/applications/{application_id}"
    assert (await client.get(api, headers=founder.headers)).json()["founder_note"] == "Our model card."
    token, version = await _version_of(client, application_id, "change-form")
    refused = await client.post(change, data={"_csrf_token": token, "version": version, "founder_note": "x" * 4001})
    assert refused.status_code == 422
    assert f'<html lang="{language}">' in refused.text
    assert error_of(refused.text, "founder_note")
    assert (await client.get(api, headers=founder.headers)).json()["founder_note"] == "Our model card."


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_url_that_is_not_a_web_address_is_refused_with_the_apis_message(
    client: httpx.AsyncClient, database: Database, settings: Settings, language: str
) -> None:
    founder = await signed_in_founder(client, database, settings)
    company_id = await register_through_page(client)
    application_id = await _draft(client, company_id)
    fields = {"kind": "code_repository", "description": "Source.", "url": "ftp://example.kz/model"}
    refused = await post_form(
        client,
        f"/founder/applications/{application_id}?lang={language}",
        f"/founder/applications/{application_id}/evidence?lang={language}",
        fields,
    )
    assert refused.status_code == 422
    api = await client.post(
        f"/api/v1/applications/{application_id}/evidence",
        files={name: (None, value) for name, value in fields.items()},
        headers={**founder.headers, "Accept-Language": language},
    )
    expected = next(item["message"] for item in api.json()["errors"] if item["field"] == "url")
    assert error_of(refused.text, "url") == expected.replace("'", "&#39;")
    assert (await client.get(f"/api/v1/applications/{application_id}", headers=founder.headers)).json()[
        "evidence"
    ] == []


async def test_a_member_refusal_adds_nobody(client: httpx.AsyncClient, database: Database, settings: Settings) -> None:
    founder = await signed_in_founder(client, database, settings)
    reviewer = await quick_account(database, settings, "reviewer")
    company_id = await register_through_page(client)
    members = f"/founder/companies/{company_id}/members"
    refused = await post_form(client, members + "?lang=ru", members + "?lang=ru", {"email": reviewer.email})
    assert refused.status_code == 422
    assert error_of(refused.text, "email")
    listed = (await client.get(f"/api/v1/companies/{company_id}/members", headers=founder.headers)).json()
    assert [member["email"] for member in listed] == [founder.email]


async def test_an_uploaded_document_downloads_as_an_attachment_and_the_area_opens_on_the_companies(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    await signed_in_founder(client, database, settings)
    home = await client.get("/founder")
    assert home.status_code == 303
    assert home.headers["location"] == "/founder/companies"
    company_id = await register_through_page(client)
    application_id = await _draft(client, company_id)
    assert (await _upload(client, application_id, PDF)).status_code == 303
    page = await client.get(f"/founder/applications/{application_id}")
    link = re.search(rf'href="(/founder/applications/{application_id}/evidence/[0-9a-f-]{{36}}/document)"', page.text)
    assert link
    document = await client.get(link.group(1))
    assert document.status_code == 200
    assert document.content == PDF
    assert document.headers["content-type"].startswith("application/pdf")
    assert document.headers["content-disposition"].startswith("attachment;")


async def test_founder_pages_send_visitors_to_sign_in_and_refuse_staff(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    anonymous = await client.get("/founder/companies")
    assert anonymous.status_code in (302, 303)
    assert anonymous.headers["location"].startswith("/sign-in?next=")
    reviewer = await quick_account(database, settings, "reviewer")
    async with transaction(database) as session:
        token = await start_web_session(session, account_id=uuid.UUID(reviewer.id), lifetime=timedelta(hours=1))
    client.cookies.set(SESSION_COOKIE, token)
    refused = await client.get("/founder/companies", headers={"Accept-Language": "kk"})
    assert refused.status_code == 403
    assert refused.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("version", ["²", "٣", "1" * 30])
async def test_a_mangled_form_version_is_a_conflict_page_not_a_500(
    client: httpx.AsyncClient, database: Database, settings: Settings, version: str
) -> None:
    """A version field that is no version this service wrote (``²`` passes ``isdigit``, ``٣`` would read as 3)."""
    founder = await signed_in_founder(client, database, settings)
    company_id = await register_through_page(client)
    edit = f"/founder/companies/{company_id}/edit"
    _, token = await form_token(client, edit)
    response = await client.post(
        edit + "?lang=en", data={"_csrf_token": token, **company_form(headcount="30"), "version": version}
    )
    assert response.status_code == 409, response.text
    assert 'id="edit-conflict"' in response.text
    api = await client.get(f"/api/v1/companies/{company_id}", headers=founder.headers)
    assert api.json()["headcount"] != 30
