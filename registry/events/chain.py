"""The hash chain over events: canonical content and its SHA-256, as pure functions."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

__all__ = ["GENESIS_HASH", "ChainBreak", "EventContent", "event_hash", "find_chain_break"]

GENESIS_HASH = "0" * 64
"""The ``prev_hash`` of the first event."""


@dataclass(frozen=True, slots=True)
class EventContent:
    """What an event's hash covers."""

    seq: int
    occurred_at: datetime
    actor_id: uuid.UUID | None
    kind: str
    resource_type: str
    resource_id: str
    is_public: bool
    data: Mapping[str, Any]
    confidential: Mapping[str, Any]
    prev_hash: str

    def canonical(self) -> bytes:
        """A byte string that is the same for the same content, whatever the key order of ``data``."""
        document = {
            "seq": self.seq,
            "occurred_at": self.occurred_at.isoformat(timespec="microseconds"),
            "actor_id": str(self.actor_id) if self.actor_id else None,
            "kind": self.kind,
            "resource_type": self.resource_type,
            "resource_id": self.resource_id,
            "is_public": self.is_public,
            "data": self.data,
            "confidential": self.confidential,
            "prev_hash": self.prev_hash,
        }
        return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def event_hash(content: EventContent) -> str:
    """SHA-256 (hex) of the event's canonical content, which includes the previous event's hash."""
    return hashlib.sha256(content.canonical()).hexdigest()


@dataclass(frozen=True, slots=True)
class ChainBreak:
    """Where verification found the chain broken and why."""

    seq: int
    reason: str


def find_chain_break(
    events: Iterable[tuple[EventContent, str]], *, expected_prev_hash: str = GENESIS_HASH, expected_seq: int = 1
) -> tuple[ChainBreak | None, int, str]:
    """Walk ``(content, stored_hash)`` pairs in sequence order and return the first break.

    Detects an edited event (its hash no longer matches), a deleted or reordered one (a gap in ``seq`` or a
    ``prev_hash`` that is not the previous event's hash).

    Returns:
        The first break or ``None``, then the next expected sequence number and the last hash, so a caller can
        verify a long log in batches.
    """
    for content, stored_hash in events:
        if content.seq != expected_seq:
            return ChainBreak(content.seq, f"expected event {expected_seq}, found {content.seq}"), expected_seq, ""
        if content.prev_hash != expected_prev_hash:
            return ChainBreak(content.seq, "previous-hash link does not match"), expected_seq, ""
        if event_hash(content) != stored_hash:
            return ChainBreak(content.seq, "content does not match its hash"), expected_seq, ""
        expected_prev_hash = stored_hash
        expected_seq += 1
    return None, expected_seq, expected_prev_hash
