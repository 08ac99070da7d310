"""The public change feed and the chain behind it (``/api/v1/events…``), and ``/api/v1/audit/verify`` (admins)."""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec
from litestar import Request, Router, get
from litestar.params import QueryParameter

from api.auth.access import anyone, only
from api.dependencies import AppSettings, Now, Session
from api.errors import request_language
from registry.events.checkpoints import CHECKPOINT_HEADER
from registry.events.service import read_chain_head, read_chain_links, read_public_feed, verify_event_chain
from registry.events.signing import CheckpointSigner

__all__ = ["events_router"]

_MAX_SEQ = 2**63 - 1
"""The largest sequence number PostgreSQL's ``bigint`` holds: a larger ``after`` is a 422, not a failed query."""
_HEX64 = msgspec.Meta(pattern="^[0-9a-f]{64}$", description="SHA-256, 64 lowercase hex digits")

After = Annotated[int, QueryParameter(ge=0, le=_MAX_SEQ, description="Last sequence number you have seen")]
Limit = Annotated[int, QueryParameter(ge=1, le=200, description="At most this many items")]


class FeedEvent(msgspec.Struct, frozen=True):
    """An event of the public feed."""

    seq: int
    occurred_at: datetime
    kind: str
    resource_type: str
    resource_id: str
    data: dict[str, Any]
    prev_hash: Annotated[str, _HEX64]
    """The chain hash of the event before this one (``seq - 1``, public or not)."""
    hash: Annotated[str, _HEX64]
    """This event's chain hash, as signed checkpoints and ``/events/chain`` name it."""


class FeedPage(msgspec.Struct, frozen=True):
    """Events after a sequence number; poll again with ``after=last_seq``."""

    items: list[FeedEvent]
    last_seq: int


class ChainLinkView(msgspec.Struct, frozen=True):
    """One event's place in the hash chain, without its content."""

    seq: int
    prev_hash: Annotated[str, _HEX64]
    hash: Annotated[str, _HEX64]


class ChainPage(msgspec.Struct, frozen=True):
    """Every event's link after a sequence number, confidential ones included; page on with ``after=last_seq``."""

    items: list[ChainLinkView]
    last_seq: int


class CheckpointView(msgspec.Struct, frozen=True):
    """The chain head signed by the registry; the signature covers the canonical bytes the README describes."""

    seq: int
    """How many events the chain had (the head's sequence number; 0 for an empty chain)."""
    hash: Annotated[str, _HEX64]
    """The hash of event ``seq`` (the genesis hash, 64 zeros, for an empty chain)."""
    issued_at: Annotated[str, msgspec.Meta(pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")]
    """When it was signed, exactly as signed (UTC, microseconds)."""
    key_id: Annotated[str, msgspec.Meta(pattern="^[0-9a-f]{16}$")]
    """The signing key: the first 8 bytes of SHA-256 of its raw public key, in hex."""
    signature: str
    """Ed25519 signature of the canonical bytes, standard base64."""


class CheckpointKeyView(msgspec.Struct, frozen=True):
    """The public key that verifies checkpoints."""

    algorithm: Literal["Ed25519"]
    key_id: str
    public_key: str
    """The raw 32-byte Ed25519 public key, standard base64."""
    public_key_pem: str
    """The same key as PEM (SubjectPublicKeyInfo)."""
    format: str
    """The first line of every checkpoint's signed bytes."""


class AuditReport(msgspec.Struct, frozen=True):
    """Result of verifying the hash chain and its head in one snapshot."""

    intact: bool
    events_checked: int
    """Events that verified: all of them, or those before the break."""
    last_hash: str
    """The hash of the last event that verified."""
    head_seq: int | None
    """The chain head's last sequence number in the snapshot verified (``null`` when the head row is missing)."""
    head_hash: str | None
    broken_at_seq: int | None = None
    """The first sequence number that does not fit."""
    expected_seq: int | None = None
    """The sequence number the chain expected there."""
    break_kind: str | None = None
    """What broke: ``missing_event``, ``unexpected_event``, ``link``, ``content``, ``head_missing``, ``head_seq`` or
    ``head_hash``."""
    reason: str | None = None
    """What is wrong, in the request's language."""


@get("/events", **anyone(), summary="The public change feed")
async def feed(session: Session, after: After = 0, limit: Limit = 100) -> FeedPage:
    """Public events in sequence order; a poller that passes its last ``seq`` never misses or repeats one.

    Each event carries its chain hash and the previous event's, as signed checkpoints name them.
    """
    records = await read_public_feed(session, after=after, limit=limit)
    items = [
        FeedEvent(r.seq, r.occurred_at, r.kind, r.resource_type, r.resource_id, dict(r.data), r.prev_hash, r.hash)
        for r in records
    ]
    return FeedPage(items=items, last_seq=items[-1].seq if items else after)


@get("/events/chain", **anyone(), summary="The hash chain's links, confidential events included")
async def chain(session: Session, after: After = 0, limit: Limit = 200) -> ChainPage:
    """``seq``, ``prev_hash`` and ``hash`` of every event after ``after``, public or not.

    What a consumer follows from a kept checkpoint to a newer one; confidential events show here by their hashes only.
    """
    links = await read_chain_links(session, after=after, limit=limit)
    items = [ChainLinkView(link.seq, link.prev_hash, link.hash) for link in links]
    return ChainPage(items=items, last_seq=items[-1].seq if items else after)


@get("/events/checkpoint", **anyone(), summary="A signed checkpoint of the chain head")
async def checkpoint(session: Session, settings: AppSettings, now: Now) -> CheckpointView:
    """The head ``(seq, hash)`` signed with the registry's Ed25519 key; keep it to detect any later rewrite.

    409 when the head does not match the log's last event: such a head is never signed.
    """
    head = await read_chain_head(session)
    signed = CheckpointSigner.from_secret(settings.jwt_secret).sign(seq=head.seq, hash=head.hash, issued_at=now)
    return CheckpointView(signed.seq, signed.hash, signed.issued_at, signed.key_id, signed.signature)


@get("/events/checkpoint/key", **anyone(), summary="The public key that verifies checkpoints")
async def checkpoint_key(settings: AppSettings) -> CheckpointKeyView:
    """The registry's Ed25519 public key and its id."""
    signer = CheckpointSigner.from_secret(settings.jwt_secret)
    return CheckpointKeyView(
        algorithm="Ed25519",
        key_id=signer.key_id,
        public_key=base64.b64encode(signer.public_key).decode("ascii"),
        public_key_pem=signer.public_key_pem,
        format=CHECKPOINT_HEADER,
    )


@get("/audit/verify", **only("admin"), summary="Verify the audit trail's hash chain")
async def verify(request: Request[Any, Any, Any], session: Session) -> AuditReport:
    """Recompute every event's hash and compare the head, in one snapshot.

    Reports how many events verified and the first edit, deletion, reordering or head that does not match the log.
    """
    report = await verify_event_chain(session)
    broken = report.first_break
    return AuditReport(
        intact=report.intact,
        events_checked=report.events_checked,
        last_hash=report.last_hash,
        head_seq=report.head_seq,
        head_hash=report.head_hash,
        broken_at_seq=broken.seq if broken else None,
        expected_seq=broken.expected_seq if broken else None,
        break_kind=broken.kind if broken else None,
        reason=broken.reason().in_language(request_language(request)) if broken else None,
    )


events_router = Router(
    path="/api/v1", route_handlers=[feed, chain, checkpoint, checkpoint_key, verify], tags=["events"]
)
