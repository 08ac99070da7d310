"""Evidence that would store bad input is refused over HTTP (422 problem+json in the caller's language, nothing
stored), file names are shown back only as safe display names, and downloads are attachments that cannot be sniffed."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from api.database import Database
from api.settings import Settings
from tests.licensing_support import APPLICATIONS, PDF, PNG, current_etag, declared_company, quick_account, upload


@dataclass
class Draft:
    founder: Any
    application_id: str


@pytest.fixture
async def draft(client: httpx.AsyncClient, database: Database, settings: Settings) -> Draft:
    founder = await quick_account(database, settings)
    company, declaration = await declared_company(client, founder)
    response = await client.post(
        APPLICATIONS,
        json={"company_id": company["id"], "licence_type": "ai_native", "declaration_id": declaration["id"]},
        headers=founder.headers,
    )
    assert response.status_code == 201, response.text
    return Draft(founder=founder, application_id=response.json()["id"])


async def _stored(connection: AsyncConnection) -> tuple[int, int, int]:
    """Documents, evidence items and events: what a refused upload must leave as it was."""
    counts = []
    for table in ("evidence_documents", "application_evidence", "events"):
        counts.append(int((await connection.execute(text(f"SELECT count(*) FROM {table}"))).scalar_one()))  # noqa: S608
    return counts[0], counts[1], counts[2]


def _problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["code"] == code, body
    return body


async def _post(
    client: httpx.AsyncClient, draft: Draft, parts: list[tuple[str, Any]], language: str = "en"
) -> httpx.Response:
    return await client.post(
        f"{APPLICATIONS}/{draft.application_id}/evidence",
        files=parts,
        headers={**draft.founder.headers, "Accept-Language": language},
    )


def _form(**extra: Any) -> list[tuple[str, Any]]:
    parts: list[tuple[str, Any]] = [
        ("kind", (None, "model_card")),
        ("description", (None, "Model card of Vision QA.")),
        ("file", ("model-card.pdf", PDF, "application/pdf")),
    ]
    return parts + [(name, value) for name, value in extra.items()]


# --- The form ------------------------------------------------------------------------------------------------------

UNKNOWN_ROLE = {
    "en": "Unknown field 'role': the evidence form takes only kind, description, url and file.",
    "ru": "Неизвестное поле «role»: форма доказательства принимает только kind, description, url и file.",
    "kk": "«role» өрісі белгісіз: дәлел формасында тек kind, description, url және file өрістері болады.",
}


@pytest.mark.parametrize("language", list(UNKNOWN_ROLE))
async def test_an_unknown_field_is_422_naming_it_and_stores_nothing(
    client: httpx.AsyncClient, connection: AsyncConnection, draft: Draft, language: str
) -> None:
    before = await _stored(connection)
    etag = await current_etag(client, draft.founder, draft.application_id)
    response = await _post(client, draft, _form(role=(None, "admin")), language)
    body = _problem(response, 422, "evidence.invalid")
    assert body["errors"] == [{"field": "role", "code": "evidence.unknown_field", "message": UNKNOWN_ROLE[language]}]
    assert await _stored(connection) == before
    assert await current_etag(client, draft.founder, draft.application_id) == etag


async def test_every_unknown_field_is_named(
    client: httpx.AsyncClient, connection: AsyncConnection, draft: Draft
) -> None:
    before = await _stored(connection)
    response = await _post(
        client, draft, _form(role=(None, "admin"), application_id=(None, "x"), avatar=("a.png", PNG, "image/png"))
    )
    body = _problem(response, 422, "evidence.invalid")
    assert [(error["field"], error["code"]) for error in body["errors"]] == [
        ("role", "evidence.unknown_field"),
        ("application_id", "evidence.unknown_field"),
        ("avatar", "evidence.unknown_field"),
    ]
    assert await _stored(connection) == before


@pytest.mark.parametrize(
    ("parts", "field", "code"),
    [
        (_form(kind=(None, "invoice")), "kind", "validation"),
        (_form(file=("second.pdf", PDF, "application/pdf")), "file", "validation"),
        (
            [("kind", (None, "model_card")), ("description", (None, "Text, not a file.")), ("file", (None, "%PDF-"))],
            "file",
            "validation",
        ),
        (
            [
                ("kind", (None, "other")),
                ("description", ("d.txt", b"A file.", "text/plain")),
                ("url", (None, "https://a.kz")),
            ],
            "description",
            "validation",
        ),
    ],
    ids=["kind-twice", "file-twice", "file-as-text", "description-as-file"],
)
async def test_a_field_twice_or_of_the_wrong_kind_is_422_naming_it_and_stores_nothing(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    draft: Draft,
    parts: list[tuple[str, Any]],
    field: str,
    code: str,
) -> None:
    before = await _stored(connection)
    body = _problem(await _post(client, draft, parts, "ru"), 422, code)
    assert body["detail"] == "Данные запроса содержат ошибки."
    assert [error["field"] for error in body["errors"]] == [field]
    assert await _stored(connection) == before


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "ftp://example.kz/x",
        "https://",
        "https://tulpar.kz/a b",
        "https://tulpar.kz/\r\nSet-Cookie: x=1",
        "https://tulpar.kz/\u202egpj.exe",
        "http://[::1",
        "https://tulpar.kz/" + "a" * 2000,
    ],
    ids=["javascript", "ftp", "no-host", "space", "crlf", "rtl-override", "broken-ipv6", "too-long"],
)
async def test_a_url_that_is_not_a_plain_web_address_is_refused(
    client: httpx.AsyncClient, connection: AsyncConnection, draft: Draft, url: str
) -> None:
    before = await _stored(connection)
    parts = [("kind", (None, "public_product_page")), ("description", (None, "Product page.")), ("url", (None, url))]
    body = _problem(await _post(client, draft, parts, "kk"), 422, "evidence.invalid")
    assert [(error["field"], error["code"]) for error in body["errors"]] == [("url", "evidence.url")]
    assert body["errors"][0]["message"].startswith("Сілтеме http:// немесе https:// басталатын")
    assert await _stored(connection) == before


async def test_a_plain_web_address_is_stored(client: httpx.AsyncClient, draft: Draft) -> None:
    url = "https://github.com/tulpar/vision-qa?tab=readme#model-card"
    parts = [("kind", (None, "code_repository")), ("description", (None, "Source.")), ("url", (None, url))]
    added = await _post(client, draft, parts)
    assert (added.status_code, added.json()["url"]) == (201, url)


# --- File names ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "shown", "ascii_fallback"),
    [
        ("../../../../etc/passwd.pdf", "passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\system32\\evidence.pdf", "evidence.pdf", "evidence.pdf"),
        ("invoice\u202efdp.exe", "invoicefdp.exe.pdf", "invoicefdp.exe.pdf"),
        (
            "letter.pdf\r\nContent-Type: text-html.pdf",
            "letter.pdf Content-Type_ text-html.pdf",
            "letter.pdf Content-Type_ text-html.pdf",
        ),
        ('quote"; filename=evil.exe.pdf', "quote_; filename=evil.exe.pdf", "quote__ filename_evil.exe.pdf"),
        ("Шот-фактура №7.pdf", "Шот-фактура №7.pdf", "- No7.pdf"),
    ],
    ids=["traversal", "windows-traversal", "rtl-override", "crlf", "quote", "kazakh"],
)
async def test_the_raw_file_name_is_never_stored_or_shown_back(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    draft: Draft,
    raw: str,
    shown: str,
    ascii_fallback: str,
) -> None:
    added = await upload(client, draft.founder, draft.application_id, PDF, filename=raw)
    assert added.status_code == 201, added.text
    document = added.json()["document"]
    assert document["filename"] == shown
    stored = (
        (
            await connection.execute(
                text("SELECT filename FROM evidence_documents WHERE sha256 = :sha"), {"sha": document["sha256"]}
            )
        )
        .scalars()
        .all()
    )
    assert shown in stored
    assert raw == shown or raw not in stored
    application = (await client.get(f"{APPLICATIONS}/{draft.application_id}", headers=draft.founder.headers)).json()
    assert [item["document"]["filename"] for item in application["evidence"]] == [shown]

    download = await client.get(document["download"], headers=draft.founder.headers)
    assert download.status_code == 200
    disposition = download.headers["content-disposition"]
    assert disposition.isascii() and "\r" not in disposition and "\n" not in disposition
    kind, fallback, extended = disposition.split("; ")
    assert (kind, fallback) == ("attachment", f'filename="{ascii_fallback}"')
    assert unquote(extended.removeprefix("filename*=UTF-8''")) == shown


async def test_a_name_stored_before_the_rule_is_shown_safe(
    client: httpx.AsyncClient, connection: AsyncConnection, draft: Draft
) -> None:
    added = (await upload(client, draft.founder, draft.application_id, PDF)).json()["document"]
    await connection.execute(
        text("UPDATE evidence_documents SET filename = :raw WHERE sha256 = :sha"),
        {"raw": "../../x\u202eexe.pdf\r\n", "sha": added["sha256"]},
    )
    application = (await client.get(f"{APPLICATIONS}/{draft.application_id}", headers=draft.founder.headers)).json()
    assert application["evidence"][0]["document"]["filename"] == "xexe.pdf"
    download = await client.get(added["download"], headers=draft.founder.headers)
    assert download.headers["content-disposition"].startswith('attachment; filename="xexe.pdf"; ')


# --- Downloads -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("content", "media_type"), [(PDF, "application/pdf"), (PNG, "image/png")], ids=["pdf", "png"])
async def test_a_download_is_an_attachment_of_its_type_that_browsers_do_not_sniff(
    client: httpx.AsyncClient, draft: Draft, content: bytes, media_type: str
) -> None:
    document = (
        await upload(client, draft.founder, draft.application_id, content, media_type="text/html", filename="x.html")
    ).json()["document"]
    download = await client.get(document["download"], headers=draft.founder.headers)
    assert download.status_code == 200
    assert download.content == content
    assert download.headers["content-type"] == media_type, "the type found in the content, not the client's"
    assert download.headers["content-disposition"].startswith("attachment; ")
    assert download.headers["cache-control"] == "private, no-store"
    assert download.headers["digest"] == f"sha-256={hashlib.sha256(content).hexdigest()}"


async def test_a_download_says_nosniff(client: httpx.AsyncClient, draft: Draft) -> None:
    """The header comes from the app's hook for every answer (``api.observability``); a download must carry it."""
    document = (await upload(client, draft.founder, draft.application_id, PDF)).json()["document"]
    download = await client.get(document["download"], headers=draft.founder.headers)
    assert download.headers.get("x-content-type-options") == "nosniff"


# --- Active and polyglot PDFs --------------------------------------------------------------------------------------

ACTIVE = PDF.replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >>")
POLYGLOT = b"%PDF-1.4\n<html><body><script>fetch('/api/v1/accounts')</script></body></html>\n"
ACTIVE_TEXTS = {
    "en": "The PDF contains active content (/JS, /JavaScript). The registry does not accept PDFs with scripts",
    "ru": "PDF содержит активное содержимое (/JS, /JavaScript). Реестр не принимает PDF со скриптами",
    "kk": "PDF файлында белсенді мазмұн бар (/JS, /JavaScript). Тізілім скрипттері",
}


@pytest.mark.parametrize("language", list(ACTIVE_TEXTS))
async def test_a_pdf_with_javascript_is_refused_in_the_callers_language(
    client: httpx.AsyncClient, connection: AsyncConnection, draft: Draft, language: str
) -> None:
    before = await _stored(connection)
    response = await _post(
        client,
        draft,
        [
            ("kind", (None, "model_card")),
            ("description", (None, "Card.")),
            ("file", ("card.pdf", ACTIVE, "application/pdf")),
        ],
        language,
    )
    body = _problem(response, 422, "document.pdf_active_content")
    assert body["detail"].startswith(ACTIVE_TEXTS[language])
    assert body["active_content"] == ["/JS", "/JavaScript"]
    assert [(error["field"], error["code"]) for error in body["errors"]] == [("file", "document.pdf_active_content")]
    assert await _stored(connection) == before


@pytest.mark.parametrize(
    ("content", "reason"),
    [(POLYGLOT, "no_end_marker"), (POLYGLOT + b"%%EOF\n", "html"), (b"%PDF-<html><script>x</script>", "no_version")],
    ids=["html-no-eof", "html-with-eof", "no-version"],
)
async def test_a_pdf_html_polyglot_is_refused_and_stores_nothing(
    client: httpx.AsyncClient, connection: AsyncConnection, draft: Draft, content: bytes, reason: str
) -> None:
    before = await _stored(connection)
    response = await upload(client, draft.founder, draft.application_id, content)
    body = _problem(response, 422, "document.pdf_not_only_pdf")
    assert body["reason"] == reason
    assert body["detail"].startswith("The file starts like a PDF but")
    assert await _stored(connection) == before
