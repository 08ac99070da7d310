"""Evidence of an application: URLs and uploaded documents (PDF, PNG, JPEG, checked by content).

A document is stored under a display name made from the client's name (:func:`licensing.documents.display_filename`),
never under the raw name; names stored before that rule are cleaned the same way whenever they are shown.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from licensing.applications import applicant_or_staff_application
from licensing.documents import accept_document, display_filename, sha256_hex
from licensing.errors import evidence_not_found
from licensing.models import EvidenceDocument, EvidenceItem
from licensing.schemas import EvidenceKind, EvidenceView
from licensing.workflow import Actor as WorkflowActor
from registry.accounts.actor import Actor
from registry.errors import AccessDenied, Conflict, FieldError, InvalidInput
from registry.events.service import record_event
from registry.i18n import Text

__all__ = ["DocumentDownload", "EvidenceUpload", "add_evidence", "document_of"]

EDITABLE_STATES = frozenset({"draft", "sent_back"})


@dataclass(frozen=True, slots=True)
class EvidenceUpload:
    """One evidence item as received: a URL or a file, with its kind and description."""

    kind: EvidenceKind
    description: str
    url: str | None
    filename: str | None
    content: bytes | None


@dataclass(frozen=True, slots=True)
class DocumentDownload:
    """A stored document to send back."""

    filename: str
    """A safe display name (:func:`licensing.documents.display_filename`)."""
    media_type: str
    sha256: str
    content: bytes


def _url_or_file_error() -> InvalidInput:
    message = Text(
        kk="Дәлел үшін не сілтеме, не файл беріңіз (екеуін бірге емес).",
        ru="Для доказательства укажите либо ссылку, либо файл (но не оба).",
        en="Give either a URL or a file for the evidence (not both).",
    )
    return InvalidInput("evidence.url_or_file", message, errors=[FieldError("file", "evidence.url_or_file", message)])


_STATE_WORDS = {
    "submitted": Text(kk="тапсырылған", ru="подана", en="submitted"),
    "in_review": Text(kk="қаралуда", ru="на рассмотрении", en="in review"),
    "approved": Text(kk="мақұлданған", ru="одобрена", en="approved"),
    "rejected": Text(kk="қабылданбаған", ru="отклонена", en="rejected"),
    "withdrawn": Text(kk="кері қайтарып алынған", ru="отозвана", en="withdrawn"),
}
"""The states in which evidence cannot be added, as the message names them."""


def _not_editable(state: str) -> Conflict:
    return Conflict(
        "evidence.application_locked",
        Text(
            kk="Дәлелді тек жобаға немесе пысықтауға қайтарылған өтінімге қосуға болады (өтінім қазір: {state}).",
            ru="Доказательства можно добавлять только в черновик или в заявку, возвращённую на доработку (заявка "
            "сейчас: {state}).",
            en="Evidence can be added only to a draft or a sent-back application (it is {state}).",
        ).format(state=_STATE_WORDS.get(state, Text(kk=state, ru=state, en=state))),
    )


async def add_evidence(
    session: AsyncSession, *, actor: Actor, application_id: uuid.UUID, upload: EvidenceUpload
) -> EvidenceView:
    """Attach evidence; a document is checked by its content and stored with its SHA-256."""
    application, role = await applicant_or_staff_application(session, actor, application_id, lock=True)
    if role is not WorkflowActor.APPLICANT:
        raise AccessDenied(
            "evidence.applicant_only",
            Text(
                kk="Дәлелді тек компанияның құрылтайшылары қоса алады.",
                ru="Доказательства добавляют только основатели компании.",
                en="Only the company's founders can add evidence.",
            ),
        )
    if application.state not in EDITABLE_STATES:
        raise _not_editable(application.state)
    has_file = upload.content is not None
    if has_file == (upload.url is not None):
        raise _url_or_file_error()
    document: EvidenceDocument | None = None
    if upload.content is not None:
        media_type = accept_document(upload.content, declared_filename=upload.filename)
        document = EvidenceDocument(
            id=uuid.uuid4(),
            sha256=sha256_hex(upload.content),
            media_type=media_type,
            size_bytes=len(upload.content),
            filename=display_filename(upload.filename, media_type),
            content=upload.content,
        )
        session.add(document)
        await session.flush()
    item = EvidenceItem(
        id=uuid.uuid4(),
        application_id=application.id,
        kind=upload.kind,
        description=upload.description,
        url=upload.url,
        document_id=document.id if document else None,
        added_by=actor.account_id,
    )
    session.add(item)
    application.version += 1  # the application's evidence changed: its ETag changes too
    await session.flush()
    await record_event(
        session,
        actor_id=actor.account_id,
        kind="application.evidence_added",
        resource_type="application",
        resource_id=application.id,
        data={
            "evidence_id": str(item.id),
            "kind": upload.kind,
            "url": upload.url,
            "sha256": document.sha256 if document else None,
        },
        public=False,
    )
    doc = (
        {
            "sha256": document.sha256,
            "media_type": document.media_type,
            "size_bytes": document.size_bytes,
            "filename": document.filename,
            "download": f"/api/v1/applications/{application.id}/evidence/{item.id}/document",
        }
        if document
        else None
    )
    return EvidenceView(
        id=item.id,
        kind=upload.kind,
        description=item.description,
        url=item.url,
        document=doc,
        created_at=item.created_at,
    )


async def document_of(
    session: AsyncSession, *, actor: Actor, application_id: uuid.UUID, evidence_id: uuid.UUID
) -> DocumentDownload:
    """The uploaded file of an evidence item, for the company's members and hub staff."""
    await applicant_or_staff_application(session, actor, application_id)
    row = (
        await session.execute(
            select(EvidenceDocument)
            .join(EvidenceItem, EvidenceItem.document_id == EvidenceDocument.id)
            .where(EvidenceItem.id == evidence_id, EvidenceItem.application_id == application_id)
        )
    ).scalar_one_or_none()
    if row is None:
        raise evidence_not_found()
    return DocumentDownload(
        filename=display_filename(row.filename, row.media_type),
        media_type=row.media_type,
        sha256=row.sha256,
        content=row.content,
    )
