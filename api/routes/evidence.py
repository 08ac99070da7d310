"""``/api/v1/applications/{id}/evidence``: adding evidence (multipart) and downloading its documents."""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, get_args
from urllib.parse import quote, urlsplit

from litestar import Request, Response, get, post
from litestar.datastructures import FormMultiDict, UploadFile
from litestar.params import FromPath, MultipartBody

from api.auth.access import only
from api.dependencies import CurrentActor, Session
from licensing.documents import MAX_DOCUMENT_BYTES
from licensing.evidence import DocumentDownload, EvidenceUpload, add_evidence, document_of
from licensing.schemas import EvidenceKind, EvidenceView
from registry.errors import FieldError, InvalidInput
from registry.i18n import Text

__all__ = [
    "EVIDENCE_FIELDS",
    "attachment_disposition",
    "document_download",
    "download",
    "evidence",
    "evidence_form_errors",
]

PARTIES = ("founder", "reviewer", "admin")


@dataclass
class EvidenceForm:
    """A multipart evidence form: ``kind``, ``description`` and either ``url`` or ``file``."""

    kind: str
    description: str
    url: str | None = None
    file: UploadFile | None = None


EVIDENCE_FIELDS = ("kind", "description", "url", "file")
_UNKNOWN_FIELD = Text(
    kk="«{field}» өрісі белгісіз: дәлел формасында тек kind, description, url және file өрістері болады.",
    ru="Неизвестное поле «{field}»: форма доказательства принимает только kind, description, url и file.",
    en="Unknown field '{field}': the evidence form takes only kind, description, url and file.",
)
_MAX_NAMED_FIELDS = 10
"""Unknown fields named in one answer (the multipart part limit bounds the form itself)."""


def _unknown_fields(form: FormMultiDict) -> list[FieldError]:
    """Fields the evidence form does not have.

    A field given twice, or a file where text belongs (or the reverse), is already refused when the form is read
    into :class:`EvidenceForm`.
    """
    unknown = [name for name in dict.fromkeys(form.keys()) if name not in EVIDENCE_FIELDS]
    return [
        FieldError(name[:64], "evidence.unknown_field", _UNKNOWN_FIELD.format(field=name[:64]))
        for name in unknown[:_MAX_NAMED_FIELDS]
    ]


def evidence_form_errors(form: EvidenceForm) -> list[FieldError]:
    """What is wrong with an evidence form (a URL or a file, its kind and description), for the API and the pages."""
    errors = []
    kinds = get_args(EvidenceKind)
    if form.kind not in kinds:
        errors.append(
            FieldError(
                "kind",
                "evidence.kind_unknown",
                Text(
                    kk="Дәлел түрі: {kinds}.",
                    ru="Вид доказательства: {kinds}.",
                    en="Evidence kind must be one of: {kinds}.",
                ).format(kinds=", ".join(kinds)),
            )
        )
    if not form.description.strip() or len(form.description) > 2000:
        errors.append(
            FieldError(
                "description",
                "evidence.description",
                Text(
                    kk="Сипаттама 1–2000 таңба болуы керек.",
                    ru="Описание: от 1 до 2000 символов.",
                    en="The description must have 1 to 2000 characters.",
                ),
            )
        )
    if form.url is not None and not _is_web_address(form.url):
        errors.append(
            FieldError(
                "url",
                "evidence.url",
                Text(
                    kk="Сілтеме http:// немесе https:// басталатын, бос орынсыз және басқару таңбаларынсыз "
                    "веб-мекенжай болуы керек (ең көбі 2000 таңба).",
                    ru="Ссылка должна быть веб-адресом, начинающимся с http:// или https://, без пробелов и "
                    "управляющих символов (не более 2000 символов).",
                    en="The URL must be a web address starting with http:// or https://, without spaces or control "
                    "characters (at most 2000 characters).",
                ),
            )
        )
    return errors


def _is_web_address(url: str) -> bool:
    """An http(s) address with a host.

    And nothing a reviewer's screen would show other than it is: no spaces, no control or bidi characters.
    """
    if len(url) > 2000 or any(
        character.isspace() or unicodedata.category(character) in {"Cc", "Cf"} for character in url
    ):
        return False
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return False
    return parts.scheme in {"http", "https"} and bool(host)


@post(
    "/{application_id:uuid}/evidence",
    **only("founder"),
    summary="Add evidence (multipart: URL or PDF/PNG/JPEG)",
    status_code=201,
    request_max_body_size=MAX_DOCUMENT_BYTES + 512 * 1024,
)
async def evidence(
    application_id: FromPath[uuid.UUID],
    data: MultipartBody[EvidenceForm],
    request: Request[Any, Any, Any],
    actor: CurrentActor,
    session: Session,
) -> EvidenceView:
    """A document is checked by its content (not its name), at most 10 MiB, and stored with its SHA-256.

    A PDF with active content (scripts, launch or remote actions, embedded files, multimedia, XFA) or that is also
    something else (HTML) is refused; the client's file name is kept only as a safe display name. A field the form
    does not have is 422 naming it, and nothing is stored.
    """
    # The form Litestar parsed for ``data``.
    errors = _unknown_fields(await request.form()) or evidence_form_errors(data)
    if errors:
        raise InvalidInput(
            "evidence.invalid",
            Text(
                kk="Дәлел жарамсыз.",
                ru="Доказательство содержит ошибки.",
                en="The evidence is not valid.",
            ),
            errors=errors,
        )
    content = await data.file.read() if data.file is not None else None
    upload = EvidenceUpload(
        kind=data.kind,  # type: ignore[arg-type]
        description=data.description.strip(),
        url=data.url or None,
        filename=data.file.filename if data.file is not None else None,
        content=content,
    )
    return await add_evidence(session, actor=actor, application_id=application_id, upload=upload)


def attachment_disposition(filename: str) -> str:
    """``Content-Disposition: attachment`` with the name as RFC 6266 and RFC 5987 give it.

    ``filename*`` carries the (already safe) display name in UTF-8, percent-encoded; ``filename`` is an ASCII
    fallback for clients that do not read ``filename*``, with nothing that could end the quoted string or the header.
    """
    stem, dot, extension = filename.rpartition(".")
    if not dot:
        stem, extension = filename, ""
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    ascii_stem = re.sub(r"[^A-Za-z0-9._ ()-]", "_", ascii_stem).strip(" ._")
    if not re.search(r"[A-Za-z0-9]", ascii_stem):
        ascii_stem = "document"
    ascii_extension = re.sub(r"[^A-Za-z0-9]", "", extension)
    fallback = f"{ascii_stem}.{ascii_extension}" if ascii_extension else ascii_stem
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


@get("/{application_id:uuid}/evidence/{evidence_id:uuid}/document", **only(*PARTIES), summary="Download a document")
async def download(
    application_id: FromPath[uuid.UUID], evidence_id: FromPath[uuid.UUID], actor: CurrentActor, session: Session
) -> Response[bytes]:
    """The uploaded file, for the company's members and hub staff.

    Always a download (``attachment``), never shown inline, with the type its content was found to have; it is
    confidential, so no cache keeps it.
    """
    document = await document_of(session, actor=actor, application_id=application_id, evidence_id=evidence_id)
    return document_download(document)


def document_download(document: DocumentDownload, headers: Mapping[str, str] | None = None) -> Response[bytes]:
    """An uploaded document as every download gives it (the API's and the pages'): an attachment, never cached."""
    return Response(
        content=document.content,
        media_type=document.media_type,
        headers={
            **(headers or {}),
            "Content-Disposition": attachment_disposition(document.filename),
            "Digest": f"sha-256={document.sha256}",
            "Cache-Control": "private, no-store",
        },
    )
