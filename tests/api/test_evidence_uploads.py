"""Evidence uploads: only real PDF, PNG and JPEG files up to 10 MiB; a refused upload stores nothing."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from api.database import Database
from api.settings import Settings
from licensing.documents import MAX_DOCUMENT_BYTES
from tests.factories import SignedIn, account
from tests.licensing_support import (
    APPLICATIONS,
    JPEG,
    PDF,
    PNG,
    add_url_evidence,
    current_etag,
    declared_company,
    quick_account,
    start_application,
    step,
    upload,
)

HTML = b"<!DOCTYPE html><html><body><script>alert('pwned')</script></body></html>"


@dataclass
class Draft:
    founder: SignedIn
    application_id: str


@pytest.fixture
async def draft(client: httpx.AsyncClient, database: Database, settings: Settings) -> Draft:
    founder = await quick_account(database, settings)
    company, declaration = await declared_company(client, founder)
    application = await start_application(client, founder, company["id"], declaration["id"])
    return Draft(founder=founder, application_id=application["id"])


async def _stored(connection: AsyncConnection) -> tuple[int, int]:
    documents = (await connection.execute(text("SELECT count(*) FROM evidence_documents"))).scalar_one()
    items = (await connection.execute(text("SELECT count(*) FROM application_evidence"))).scalar_one()
    return int(documents), int(items)


def _assert_problem(response: httpx.Response, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    if code is not None:
        assert body["code"] == code
    return body


@pytest.mark.parametrize(
    ("content", "filename", "media_type", "code", "message"),
    [
        (b"", "model-card.pdf", "application/pdf", "document.empty", "The file is empty."),
        (
            HTML,
            "model-card.pdf",
            "application/pdf",
            "document.unsupported_type",
            "The file name ends in .pdf, but its content is not a PDF file. Allowed types: PDF, PNG, JPEG.",
        ),
        (
            b"MZ\x90\x00\x03\x00\x00\x00",
            "invoice.jpg",
            "image/jpeg",
            "document.unsupported_type",
            "The file name ends in .jpg, but its content is not a JPEG file. Allowed types: PDF, PNG, JPEG.",
        ),
        (
            b"PK\x03\x04 a zip archive",
            "letters.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "document.unsupported_type",
            "This type of file is not supported. Allowed types: PDF, PNG, JPEG.",
        ),
        (
            b"%PDF-" + b"0" * (MAX_DOCUMENT_BYTES - 4),
            "scan.pdf",
            "application/pdf",
            "document.too_large",
            "The file is too large: the maximum size is 10 MB.",
        ),
    ],
    ids=["empty", "html-named-pdf", "exe-named-jpg", "docx", "10MiB-plus-one-byte"],
)
async def test_bad_documents_are_refused_and_store_nothing(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    draft: Draft,
    content: bytes,
    filename: str,
    media_type: str,
    code: str,
    message: str,
) -> None:
    before = await _stored(connection)
    etag = await current_etag(client, draft.founder, draft.application_id)
    response = await upload(
        client, draft.founder, draft.application_id, content, filename=filename, media_type=media_type
    )
    body = _assert_problem(response, 422, code)
    assert body["detail"] == message
    assert [(error["field"], error["code"]) for error in body["errors"]] == [("file", code)]
    assert await _stored(connection) == before
    assert await current_etag(client, draft.founder, draft.application_id) == etag
    application = (await client.get(f"{APPLICATIONS}/{draft.application_id}", headers=draft.founder.headers)).json()
    assert application["evidence"] == []


async def test_an_upload_of_exactly_10_mib_is_accepted(client: httpx.AsyncClient, draft: Draft) -> None:
    header, trailer = PDF[: PDF.index(b"1 0 obj")], PDF[PDF.index(b"1 0 obj") :]
    padding = b"%" + b"0" * (MAX_DOCUMENT_BYTES - len(PDF) - 2) + b"\n"  # a comment line: still a plain PDF
    content = header + padding + trailer
    assert len(content) == MAX_DOCUMENT_BYTES
    response = await upload(client, draft.founder, draft.application_id, content)
    assert response.status_code == 201, response.text
    assert response.json()["document"]["size_bytes"] == MAX_DOCUMENT_BYTES


async def test_a_request_far_over_the_limit_is_413_and_stores_nothing(
    client: httpx.AsyncClient, connection: AsyncConnection, draft: Draft
) -> None:
    before = await _stored(connection)
    response = await upload(client, draft.founder, draft.application_id, b"%PDF-" + b"0" * (16 * 1024 * 1024))
    _assert_problem(response, 413)
    assert await _stored(connection) == before


async def test_the_refusal_is_explained_in_the_callers_language(client: httpx.AsyncClient, draft: Draft) -> None:
    response = await client.post(
        f"{APPLICATIONS}/{draft.application_id}/evidence",
        files={"file": ("model-card.pdf", HTML, "application/pdf")},
        data={"kind": "model_card", "description": "Карточка модели."},
        headers={**draft.founder.headers, "Accept-Language": "ru"},
    )
    body = _assert_problem(response, 422, "document.unsupported_type")
    assert body["detail"].startswith("Имя файла оканчивается на .pdf")


@pytest.mark.parametrize(
    ("form", "with_file", "field", "code"),
    [
        ({"kind": "model_card", "description": "Both.", "url": "https://example.kz/card"}, True, "file", None),
        ({"kind": "model_card", "description": "Neither."}, False, "file", None),
        ({"kind": "press_release", "description": "Unknown kind."}, True, "kind", "evidence.kind_unknown"),
        ({"kind": "model_card", "description": "   "}, True, "description", "evidence.description"),
        ({"kind": "model_card", "description": "Not a web link.", "url": "ftp://example.kz/x"}, False, "url", None),
    ],
    ids=["url-and-file", "neither", "unknown-kind", "blank-description", "ftp-url"],
)
async def test_malformed_evidence_forms_are_refused_and_store_nothing(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    draft: Draft,
    form: dict[str, str],
    with_file: bool,
    field: str,
    code: str | None,
) -> None:
    before = await _stored(connection)
    url = f"{APPLICATIONS}/{draft.application_id}/evidence"
    if with_file:
        response = await client.post(
            url, files={"file": ("model-card.pdf", PDF, "application/pdf")}, data=form, headers=draft.founder.headers
        )
    else:
        response = await client.post(
            url, files={name: (None, value) for name, value in form.items()}, headers=draft.founder.headers
        )
    body = _assert_problem(response, 422)
    assert field in [error["field"] for error in body["errors"]]
    if code is not None:
        assert code in [error["code"] for error in body["errors"]]
    assert await _stored(connection) == before


async def test_both_url_and_file_says_so(client: httpx.AsyncClient, draft: Draft) -> None:
    response = await upload(
        client, draft.founder, draft.application_id, PDF, extra={"url": "https://example.kz/model-card"}
    )
    body = _assert_problem(response, 422, "evidence.url_or_file")
    assert body["detail"] == "Give either a URL or a file for the evidence (not both)."


@pytest.mark.parametrize(
    ("content", "filename", "media_type"),
    [
        (PDF, "model-card.pdf", "application/pdf"),
        (PNG, "architecture.png", "image/png"),
        (JPEG, "invoice-scan.jpg", "image/jpeg"),
        (JPEG, "letter.jpeg", "image/jpeg"),
        (PDF, "looks-like-a-picture.png", "application/pdf"),
        (PNG, "no-extension", "image/png"),
    ],
    ids=["pdf", "png", "jpg", "jpeg", "pdf-named-png", "png-without-extension"],
)
async def test_pdf_png_and_jpeg_are_accepted_by_their_content(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    draft: Draft,
    content: bytes,
    filename: str,
    media_type: str,
) -> None:
    before = await _stored(connection)
    response = await upload(
        client, draft.founder, draft.application_id, content, filename=filename, media_type="application/octet-stream"
    )
    assert response.status_code == 201, response.text
    document = response.json()["document"]
    assert document["media_type"] == media_type
    assert document["sha256"] == hashlib.sha256(content).hexdigest()
    assert document["size_bytes"] == len(content)
    assert await _stored(connection) == (before[0] + 1, before[1] + 1)
    download = await client.get(document["download"], headers=draft.founder.headers)
    assert download.status_code == 200
    assert download.content == content
    assert download.headers["content-type"].startswith(media_type)
    assert download.headers["Digest"] == f"sha-256={document['sha256']}"


async def test_evidence_cannot_be_added_after_submission(
    client: httpx.AsyncClient, connection: AsyncConnection, draft: Draft
) -> None:
    await step(client, draft.founder, draft.application_id, "submit")
    before = await _stored(connection)
    response = await upload(client, draft.founder, draft.application_id, PDF)
    body = _assert_problem(response, 409, "evidence.application_locked")
    assert "submitted" in body["detail"]
    link = await client.post(
        f"{APPLICATIONS}/{draft.application_id}/evidence",
        files={"kind": (None, "other"), "description": (None, "Late."), "url": (None, "https://example.kz")},
        headers=draft.founder.headers,
    )
    _assert_problem(link, 409, "evidence.application_locked")
    assert await _stored(connection) == before


async def test_evidence_can_be_added_again_when_sent_back(
    client: httpx.AsyncClient, database: Database, draft: Draft
) -> None:
    reviewer = await account(client, database, "reviewer")
    await step(client, draft.founder, draft.application_id, "submit")
    await step(client, reviewer, draft.application_id, "claim")
    await step(client, reviewer, draft.application_id, "send-back", {"message": "Add a client letter."})
    added = await upload(client, draft.founder, draft.application_id, PDF, kind="client_letter")
    assert added.status_code == 201, added.text


async def test_another_founder_gets_404_and_stores_nothing(
    client: httpx.AsyncClient, connection: AsyncConnection, database: Database, settings: Settings, draft: Draft
) -> None:
    stranger = await quick_account(database, settings)
    before = await _stored(connection)
    response = await upload(client, stranger, draft.application_id, PDF)
    _assert_problem(response, 404, "application.not_found")
    assert await _stored(connection) == before


@pytest.mark.parametrize("role", ["reviewer", "admin", "economist"])
async def test_staff_cannot_add_evidence(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    database: Database,
    settings: Settings,
    draft: Draft,
    role: str,
) -> None:
    staff = await quick_account(database, settings, role)
    before = await _stored(connection)
    response = await upload(client, staff, draft.application_id, PDF)
    _assert_problem(response, 403)
    assert await _stored(connection) == before


async def test_url_evidence_is_stored_without_a_document(
    client: httpx.AsyncClient, connection: AsyncConnection, draft: Draft
) -> None:
    before = await _stored(connection)
    added = await add_url_evidence(client, draft.founder, draft.application_id, "https://tulpar.kz/product")
    assert (added["url"], added["document"], added["kind"]) == ("https://tulpar.kz/product", None, "code_repository")
    assert await _stored(connection) == (before[0], before[1] + 1)
