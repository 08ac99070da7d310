"""A founder's steps through the pages only (Playwright), from sign-up to a submitted AI-native application.

Every step selects by ``id`` / ``name`` attributes, never by visible text, so the same steps run in kk, ru or en;
each opens its page with ``?lang=<language>`` and waits for the page it leads to. They commit data (the live
server's database): the BIN and the names are unique per call.

API (all ``async``; ``page`` is a Playwright ``Page``, ``base_url`` the live server's address, e.g. ``web_url``)::

    small_pdf(title: str = "Model card") -> bytes
        A small, valid, inert PDF (header, one page, a correct cross-reference table, %%EOF).

    await sign_up_founder(page, base_url, *, email: str, language: str) -> None
        The sign-up page; the new founder is signed in.

    await register_company(page, base_url, *, language: str, name: str | None = None) -> RegisteredCompany
        /founder/companies/new with a fresh valid BIN (registered 2023-01-15, Almaty, 62.01); the company page.

    await file_ai_native_declaration(page, base_url, company_id: str, *, language: str,
                                     fiscal_year: int = 2025) -> None
        The declaration form with figures that are ai_native under rubric v1 (80 % AI revenue, 40 % AI staff,
        an own-trained core product in production); previews (the "preview" button) and files it.

    await start_ai_native_application(page, base_url, company_id: str, *, language: str) -> str
        /founder/applications/new: the AI-native track on the company's current declaration; the draft's id.

    await upload_pdf_evidence(page, base_url, application_id: str, *, language: str,
                              content: bytes | None = None, filename: str = "model-card.pdf",
                              description: str = "Model card of the core model.") -> None
        The evidence form with an uploaded PDF (``small_pdf()`` by default), kind "model card".

    await submit_application(page, base_url, application_id: str, *, language: str) -> None
        The submit button; waits until the page shows the state ``submitted``.

    await founder_submits_ai_native_application(page, base_url, *, email: str, language: str) -> FounderJourney
        All of the above in order: sign-up → company → declaration → draft → PDF → submitted.

    await answer_send_back(page, base_url, application_id: str, *, language: str,
                           note: str = "...", fte_ai: str | None = None) -> None
        On a sent-back application: files the corrected declaration when the reviewer named declaration fields
        (``fte_ai`` replaces the AI staff figure, default unchanged), writes the note, uploads a new PDF when
        evidence was named, and submits again (state ``submitted``).

``application_state(page) -> str`` reads the state shown on an application page (``data-state``).
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import date

from playwright.async_api import Page

from registry.companies.bin_rules import make_bin
from tests.factories import PASSWORD

__all__ = [
    "AI_NATIVE_FIGURES",
    "FIRST_PRODUCT",
    "FounderJourney",
    "RegisteredCompany",
    "answer_send_back",
    "application_state",
    "file_ai_native_declaration",
    "founder_submits_ai_native_application",
    "register_company",
    "sign_up_founder",
    "small_pdf",
    "start_ai_native_application",
    "submit_application",
    "upload_pdf_evidence",
]

AI_NATIVE_FIGURES = {
    "fiscal_year": "2025",
    "revenue_total": "100000000",
    "revenue_ai": "80000000",
    "fte_total": "10",
    "fte_ai": "4",
    "opex_total": "50000000",
    "opex_ai": "15000000",
    "owns_data_library": "on",
}
"""The declaration form's figures of ``tests.factories.ai_native_declaration`` (ai_native under rubric v1)."""
FIRST_PRODUCT = {
    "products.0.name": "Vision QA",
    "products.0.description": "Defect detection on conveyor belts.",
    "products.0.capabilities.computer_vision": "on",
    "products.0.is_core": "on",
    "products.0.provenance": "own_trained",
    "products.0.stage": "production",
}
"""The first AI-product row of the declaration form: a core, own-trained computer-vision product in production."""
REGISTERED_ON = "2023-01-15"


@dataclass(frozen=True)
class RegisteredCompany:
    """A company registered through the pages."""

    id: str
    bin: str
    name_en: str


@dataclass(frozen=True)
class FounderJourney:
    """What the founder's journey made: the company and the submitted application."""

    company: RegisteredCompany
    application_id: str


def small_pdf(title: str = "Model card") -> bytes:
    """A small valid PDF without active content: catalog, pages, one page with a text stream, xref, trailer."""
    text = title.replace("\\", "").replace("(", "").replace(")", "")
    stream = f"BT /F1 12 Tf 72 760 Td ({text}) Tj ET".encode("ascii", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _fresh_bin() -> str:
    """A valid BIN of January 2023 that no other run is likely to have taken (a random serial)."""
    while True:
        value = make_bin(
            registration_month=date(2023, 1, 1),
            entity_type_digit=4,
            division_digit=0,
            serial=random.randint(20_000, 99_999),  # tests.factories.unique_bin counts up from 1
        )
        if value is not None:
            return value


async def _open(page: Page, base_url: str, path: str, language: str) -> None:
    separator = "&" if "?" in path else "?"
    response = await page.goto(f"{base_url}{path}{separator}lang={language}")
    assert response is not None and response.status == 200, f"{path}: {response.status if response else None}"


async def _submit(page: Page, selector: str) -> None:
    """Click a submit button and wait for the page the form leads to."""
    async with page.expect_navigation():
        await page.locator(selector).click()


async def sign_up_founder(page: Page, base_url: str, *, email: str, language: str) -> None:
    """Sign up as a founder through the sign-up page (it signs the founder in)."""
    await _open(page, base_url, "/sign-up", language)
    await page.locator("#field-full_name").fill("Aigerim Founder")
    await page.locator("#field-email").fill(email)
    await page.locator("#field-password").fill(PASSWORD)
    await _submit(page, "form.stacked-form button[type=submit]")
    await page.locator("form[action='/sign-out']").wait_for()


async def register_company(page: Page, base_url: str, *, language: str, name: str | None = None) -> RegisteredCompany:
    """Register a company with a fresh valid BIN through /founder/companies/new."""
    word = name or f"Tulpar{uuid.uuid4().hex[:6]}"
    bin_value = _fresh_bin()
    await _open(page, base_url, "/founder/companies/new", language)
    await page.locator("#field-bin").fill(bin_value)
    await page.locator("#field-registration_date").fill(REGISTERED_ON)
    await page.locator("#field-name_kk").fill(f"«{word} Дата» ЖШС")
    await page.locator("#field-name_ru").fill(f"ТОО «{word} Дата»")
    await page.locator("#field-name_en").fill(f"{word} Data LLP")
    await page.locator("#field-legal_form").select_option("llp")
    await page.locator("#field-region").select_option("710000000")
    await page.locator("#field-primary_activity").select_option("62.01")
    await page.locator("#field-other_activities").fill("63.11")
    await page.locator("#field-headcount").fill("12")
    await _submit(page, "#company-form button[type=submit]")
    company_id = page.url.split("?")[0].rstrip("/").rsplit("/", 1)[1]
    assert "/founder/companies/" in page.url, page.url
    uuid.UUID(company_id)
    return RegisteredCompany(id=company_id, bin=bin_value, name_en=f"{word} Data LLP")


async def _fill_declaration(page: Page, figures: dict[str, str]) -> None:
    for name, value in figures.items():
        field = page.locator(f"[id='field-{name}']")
        if value == "on":
            await field.check()
        elif name.endswith(("provenance", "stage")):
            await field.select_option(value)
        else:
            await field.fill(value)


async def file_ai_native_declaration(
    page: Page, base_url: str, company_id: str, *, language: str, fiscal_year: int = 2025
) -> None:
    """File an ai_native declaration through the form, after previewing it with the "preview" button."""
    await _open(page, base_url, f"/founder/companies/{company_id}/declarations/new", language)
    await _fill_declaration(page, {**AI_NATIVE_FIGURES, "fiscal_year": str(fiscal_year), **FIRST_PRODUCT})
    await _submit(page, "#preview-button")
    assert await page.get_attribute("#evaluation-class", "data-class") == "ai_native"
    await _submit(page, "#file-button")
    assert page.url.split("?")[0].endswith(f"/founder/companies/{company_id}/declarations"), page.url


async def start_ai_native_application(page: Page, base_url: str, company_id: str, *, language: str) -> str:
    """Start a draft for the AI-native licence on the company's current declaration; its id."""
    await _open(page, base_url, f"/founder/applications/new?company_id={company_id}", language)
    await page.locator("#licence-ai_native").check()
    await _submit(page, "#create-application")
    assert "/founder/applications/" in page.url, page.url
    return page.url.split("?")[0].split("#")[0].rstrip("/").rsplit("/", 1)[1]


async def upload_pdf_evidence(
    page: Page,
    base_url: str,
    application_id: str,
    *,
    language: str,
    content: bytes | None = None,
    filename: str = "model-card.pdf",
    description: str = "Model card of the core model.",
) -> None:
    """Attach an uploaded PDF as a model card through the application page's evidence form."""
    await _open(page, base_url, f"/founder/applications/{application_id}", language)
    before = await page.locator("#evidence-list li").count()
    await page.locator("#field-kind").select_option("model_card")
    await page.locator("#field-description").fill(description)
    await page.locator("#field-file").set_input_files(
        files=[{"name": filename, "mimeType": "application/pdf", "buffer": content or small_pdf()}]
    )
    await _submit(page, "#add-evidence")
    assert await page.locator("#evidence-list li").count() == before + 1


async def application_state(page: Page) -> str:
    """The state an application page shows (``draft``, ``submitted``, ``sent_back`` …)."""
    return str(await page.get_attribute("#application-state", "data-state"))


async def submit_application(page: Page, base_url: str, application_id: str, *, language: str) -> None:
    """Submit (or resubmit) the application with its page's button."""
    await _open(page, base_url, f"/founder/applications/{application_id}", language)
    await _submit(page, "#submit-application")
    assert await application_state(page) == "submitted"


async def founder_submits_ai_native_application(
    page: Page, base_url: str, *, email: str, language: str
) -> FounderJourney:
    """Sign-up → company → ai_native declaration → AI-native draft → uploaded PDF → submitted."""
    await sign_up_founder(page, base_url, email=email, language=language)
    company = await register_company(page, base_url, language=language)
    await file_ai_native_declaration(page, base_url, company.id, language=language)
    application_id = await start_ai_native_application(page, base_url, company.id, language=language)
    await upload_pdf_evidence(page, base_url, application_id, language=language)
    await submit_application(page, base_url, application_id, language=language)
    return FounderJourney(company=company, application_id=application_id)


async def answer_send_back(
    page: Page,
    base_url: str,
    application_id: str,
    *,
    language: str,
    note: str = "The AI staff figure now counts our data engineers; the model card is updated.",
    fte_ai: str | None = None,
) -> None:
    """Answer a send-back: correct the declaration if it was named, add a note and a new PDF, submit again."""
    await _open(page, base_url, f"/founder/applications/{application_id}", language)
    assert await application_state(page) == "sent_back"
    if await page.locator("#correct-declaration").count():
        await _submit(page, "#correct-declaration")
        if fte_ai is not None:
            await page.locator("#field-fte_ai").fill(fte_ai)
        await _submit(page, "#file-button")
        assert page.url.split("?")[0].endswith(f"/founder/applications/{application_id}"), page.url
    await page.locator("#field-founder_note").fill(note)
    await _submit(page, "#change-form button[type=submit]")
    if await page.locator("[data-named='true']").count():
        await upload_pdf_evidence(
            page,
            base_url,
            application_id,
            language=language,
            content=small_pdf("Model card, revised"),
            filename="model-card-revised.pdf",
            description="Model card, revised as asked.",
        )
    await submit_application(page, base_url, application_id, language=language)
