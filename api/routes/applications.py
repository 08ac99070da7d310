"""``/api/v1/applications``: the licence workflow, evidence and the reviewer queue."""

from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal, get_args
from urllib.parse import quote, urlsplit

from litestar import Request, Response, Router, get, patch, post
from litestar.datastructures import FormMultiDict, UploadFile
from litestar.params import FromPath, FromQuery, JSONBody, MultipartBody, QueryParameter
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.access import only
from api.conditional import etag, expected_version, idempotent
from api.dependencies import CurrentActor, Session, Today
from licensing.applications import (
    application_timeline,
    approve_step,
    claim_step,
    create_application,
    get_application,
    list_applications,
    no_step,
    reject_step,
    send_back_step,
    submit_step,
    transition_application,
    update_application,
)
from licensing.documents import MAX_DOCUMENT_BYTES
from licensing.evidence import EvidenceUpload, add_evidence, document_of
from licensing.schemas import (
    ApplicationCreate,
    ApplicationPage,
    ApplicationPatch,
    ApplicationView,
    ApproveIn,
    EvidenceKind,
    EvidenceView,
    RejectIn,
    SendBackIn,
    TimelineEntry,
)
from licensing.workflow import Action
from registry.accounts.actor import Actor
from registry.errors import FieldError, InvalidInput
from registry.i18n import Text

__all__ = ["applications_router"]

STAFF = ("reviewer", "admin")
PARTIES = ("founder", "reviewer", "admin")


def _with_etag(view: ApplicationView, status: int = 200) -> Response[ApplicationView]:
    return Response(content=view, status_code=status, headers={"ETag": etag(view.version)})


@post("/", **only("founder"), summary="Start an application (draft)", status_code=201)
async def create(
    data: JSONBody[ApplicationCreate],
    request: Request[Any, Any, Any],
    actor: CurrentActor,
    session: Session,
    today: Today,
) -> Response[ApplicationView]:
    """A draft for a company the founder is a member of, naming the licence type and the declaration it relies on.

    If the company already holds this licence, the application is a renewal: it can be filed from 60 days before
    expiry and must rely on the declaration for the last closed fiscal year. A company has at most one open
    application of a type: another one is 409 ``application.open_exists``, also when two are sent at once.
    Accepts ``Idempotency-Key``: a retry gets the first answer (201 with its ``ETag`` and ``Location``), not a 409.
    """

    async def start() -> tuple[int, ApplicationView, dict[str, str]]:
        view = await create_application(session, actor=actor, request=data, today=today)
        return 201, view, {"ETag": etag(view.version), "Location": f"/api/v1/applications/{view.id}"}

    return await idempotent(
        request, session, account_id=actor.account_id, operation="applications.create", create=start
    )


@get("/", **only(*PARTIES), summary="The reviewer queue, or a founder's own applications")
async def index(
    actor: CurrentActor,
    session: Session,
    today: Today,
    status: FromQuery[
        Literal["draft", "submitted", "in_review", "approved", "rejected", "sent_back", "withdrawn"] | None
    ] = None,
    licence_type: FromQuery[Literal["ai_native", "standard_digital"] | None] = None,
    overdue: FromQuery[bool | None] = None,
    cursor: Annotated[int, QueryParameter(ge=0, description="Opaque position; pass next_cursor")] = 0,
    limit: Annotated[int, QueryParameter(ge=1, le=200)] = 50,
) -> ApplicationPage:
    """Oldest first; ``overdue=true`` shows what missed its service level (5 / 15 Kazakhstan working days)."""
    items, more = await list_applications(
        session,
        actor=actor,
        today=today,
        status=status,
        licence_type_code=licence_type,
        overdue=overdue,
        limit=limit,
        offset=cursor,
    )
    return ApplicationPage(items=items, next_cursor=str(cursor + limit) if more else None)


@get("/{application_id:uuid}", **only(*PARTIES), summary="One application")
async def show(
    application_id: FromPath[uuid.UUID], actor: CurrentActor, session: Session, today: Today
) -> Response[ApplicationView]:
    """With its evaluation (every criterion), evidence, service-level dates and the caller's allowed actions."""
    return _with_etag(await get_application(session, actor=actor, application_id=application_id, today=today))


@patch("/{application_id:uuid}", **only("founder"), summary="Change a draft or sent-back application")
async def change(
    application_id: FromPath[uuid.UUID],
    data: JSONBody[ApplicationPatch],
    request: Request[Any, Any, Any],
    actor: CurrentActor,
    session: Session,
    today: Today,
) -> Response[ApplicationView]:
    """Needs ``If-Match``."""
    return _with_etag(
        await update_application(
            session,
            actor=actor,
            application_id=application_id,
            expected_version=expected_version(request),
            patch=data,
            today=today,
        )
    )


async def _move(
    request: Request[Any, Any, Any],
    session: AsyncSession,
    actor: Actor,
    application_id: uuid.UUID,
    action: Action,
    today: date,
    step: Any,
) -> Response[ApplicationView]:
    return _with_etag(
        await transition_application(
            session,
            actor=actor,
            application_id=application_id,
            expected_version=expected_version(request),
            action=action,
            today=today,
            apply=step,
        )
    )


@post("/{application_id:uuid}/submit", **only("founder"), summary="Submit (runs the rubric)", status_code=200)
async def submit(
    application_id: FromPath[uuid.UUID],
    request: Request[Any, Any, Any],
    actor: CurrentActor,
    session: Session,
    today: Today,
) -> Response[ApplicationView]:
    """For the AI-native track the rubric runs and its evaluation is stored; a failing one can still be submitted."""
    return await _move(request, session, actor, application_id, Action.SUBMIT, today, submit_step(session, today))


@post("/{application_id:uuid}/claim", **only(*STAFF), summary="Take the application for review", status_code=200)
async def claim(
    application_id: FromPath[uuid.UUID],
    request: Request[Any, Any, Any],
    actor: CurrentActor,
    session: Session,
    today: Today,
) -> Response[ApplicationView]:
    """Needs ``If-Match``; staff who are members of the company cannot act on it."""
    return await _move(request, session, actor, application_id, Action.CLAIM, today, claim_step(actor))


@post("/{application_id:uuid}/send-back", **only(*STAFF), summary="Send back for fixes", status_code=200)
async def send_back(
    application_id: FromPath[uuid.UUID],
    data: JSONBody[SendBackIn],
    request: Request[Any, Any, Any],
    actor: CurrentActor,
    session: Session,
    today: Today,
) -> Response[ApplicationView]:
    """A message plus the fields or evidence items to fix."""
    return await _move(request, session, actor, application_id, Action.SEND_BACK, today, send_back_step(data))


@post("/{application_id:uuid}/approve", **only(*STAFF), summary="Approve and issue the licence", status_code=200)
async def approve(
    application_id: FromPath[uuid.UUID],
    data: JSONBody[ApproveIn],
    request: Request[Any, Any, Any],
    actor: CurrentActor,
    session: Session,
    today: Today,
) -> Response[ApplicationView]:
    """Issues ``<PREFIX>-<YEAR>-<NNNNN>`` in the same transaction, gapless per type and year."""
    return await _move(
        request, session, actor, application_id, Action.APPROVE, today, approve_step(session, actor, data, today)
    )


@post("/{application_id:uuid}/reject", **only(*STAFF), summary="Reject with a reason", status_code=200)
async def reject(
    application_id: FromPath[uuid.UUID],
    data: JSONBody[RejectIn],
    request: Request[Any, Any, Any],
    actor: CurrentActor,
    session: Session,
    today: Today,
) -> Response[ApplicationView]:
    """A reason code from the catalogue plus the reviewer's text."""
    return await _move(request, session, actor, application_id, Action.REJECT, today, reject_step(data))


@post("/{application_id:uuid}/withdraw", **only("founder"), summary="Withdraw", status_code=200)
async def withdraw(
    application_id: FromPath[uuid.UUID],
    request: Request[Any, Any, Any],
    actor: CurrentActor,
    session: Session,
    today: Today,
) -> Response[ApplicationView]:
    """From draft, submitted or sent back."""
    return await _move(request, session, actor, application_id, Action.WITHDRAW, today, no_step)


@get("/{application_id:uuid}/events", **only(*PARTIES), summary="The application's timeline")
async def timeline(application_id: FromPath[uuid.UUID], actor: CurrentActor, session: Session) -> list[TimelineEntry]:
    """Every step with who took it and the messages between reviewer and founder."""
    return await application_timeline(session, actor=actor, application_id=application_id)


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


def _form_errors(form: EvidenceForm) -> list[FieldError]:
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
    errors = _unknown_fields(await request.form()) or _form_errors(data)  # the form Litestar parsed for ``data``
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
    return Response(
        content=document.content,
        media_type=document.media_type,
        headers={
            "Content-Disposition": attachment_disposition(document.filename),
            "Digest": f"sha-256={document.sha256}",
            "Cache-Control": "private, no-store",
        },
    )


applications_router = Router(
    path="/api/v1/applications",
    route_handlers=[
        create,
        index,
        show,
        change,
        submit,
        claim,
        send_back,
        approve,
        reject,
        withdraw,
        timeline,
        evidence,
        download,
    ],
    tags=["applications"],
)
