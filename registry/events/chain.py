"""The hash chain over events: canonical content, its SHA-256, and a walk that finds the first break."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from registry.i18n import Text

__all__ = [
    "BREAK_REASONS",
    "GENESIS_HASH",
    "BreakKind",
    "ChainBreak",
    "ChainWalk",
    "EventContent",
    "event_hash",
]

GENESIS_HASH = "0" * 64
"""The ``prev_hash`` of the first event, and the head's hash while the log is empty."""

BreakKind = Literal["missing_event", "unexpected_event", "link", "content", "head_missing", "head_seq", "head_hash"]
"""What kind of break verification found.

* ``missing_event``: an event is missing where the sequence expects one (deleted).
* ``unexpected_event``: an event the sequence does not expect (a duplicate or reordered number, or one beyond the
  head).
* ``link``: an event's ``prev_hash`` is not the hash of the event before it (reordered, or spliced in).
* ``content``: an event's content does not hash to its stored hash (edited).
* ``head_missing``: the chain head row is gone.
* ``head_seq``: the head names another last event than the log ends with (the tail was cut off while the head
  still counts it, or events lie beyond the head).
* ``head_hash``: the head's hash is not the last event's (the head was rewound or edited).
"""


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


BREAK_REASONS: Mapping[BreakKind, Text] = {
    "missing_event": Text(
        kk="{expected} оқиғасы жоқ (келесісі {seq}).",
        ru="Событие {expected} отсутствует (следующее — {seq}).",
        en="Event {expected} is missing (the next one is {seq}).",
    ),
    "unexpected_event": Text(
        kk="{expected} оқиғасы күтілген, {seq} табылды.",
        ru="Ожидалось событие {expected}, найдено {seq}.",
        en="Expected event {expected}, found {seq}.",
    ),
    "link": Text(
        kk="{seq} оқиғасының алдыңғы хэші алдыңғы оқиғаның хэшімен сәйкес келмейді.",
        ru="Предыдущий хэш события {seq} не совпадает с хэшем предыдущего события.",
        en="The previous-hash link of event {seq} does not match the event before it.",
    ),
    "content": Text(
        kk="{seq} оқиғасының мазмұны оның хэшіне сәйкес келмейді.",
        ru="Содержимое события {seq} не совпадает с его хэшем.",
        en="The content of event {seq} does not match its hash.",
    ),
    "head_missing": Text(
        kk="Тізбектің басы туралы жазба жоқ.",
        ru="Запись о голове цепочки отсутствует.",
        en="The chain head (event_chain_head) is missing.",
    ),
    "head_seq": Text(
        kk="Тізбектің басы {head_seq} оқиғаны көрсетеді, ал журнал {expected} оқиғамен аяқталады.",
        ru="Голова цепочки указывает на событие {head_seq}, а журнал заканчивается событием {expected}.",
        en="The chain head names event {head_seq} as the last, but the log ends with event {expected}.",
    ),
    "head_hash": Text(
        kk="Тізбектің басындағы хэш {seq} соңғы оқиғаның хэшімен сәйкес келмейді.",
        ru="Хэш в голове цепочки не совпадает с хэшем последнего события {seq}.",
        en="The chain head's hash does not match the hash of the last event, {seq}.",
    ),
}
"""Why the chain is broken, in kk/ru/en, filled with :meth:`ChainBreak.reason`'s parameters."""


@dataclass(frozen=True, slots=True)
class ChainBreak:
    """Where verification found the chain broken and why."""

    seq: int
    """The first sequence number that does not fit: the event found out of place, or the head's position."""
    kind: BreakKind
    expected_seq: int
    """The sequence number the chain expected at that point."""
    head_seq: int | None = None
    """The head's ``last_seq`` (``None`` when the head row is missing)."""

    def reason(self) -> Text:
        """What is wrong, in kk/ru/en."""
        return BREAK_REASONS[self.kind].format(seq=self.seq, expected=self.expected_seq, head_seq=self.head_seq)


@dataclass(slots=True)
class ChainWalk:
    """Walks events in sequence order, one at a time, and stops at the first break.

    Feed it every event of one snapshot with :meth:`step`, then the chain head of the same snapshot with
    :meth:`finish`; events that pass count in :attr:`checked`, so a report says how far the chain is intact.
    """

    checked: int = 0
    """Events that verified (all of them before the first break)."""
    last_hash: str = GENESIS_HASH
    """The hash of the last event that verified."""
    first_break: ChainBreak | None = field(default=None)

    @property
    def expected_seq(self) -> int:
        """The sequence number the next event must carry."""
        return self.checked + 1

    def step(self, content: EventContent, stored_hash: str) -> bool:
        """Check one event against the chain so far; ``False`` once the chain is broken (stop feeding then)."""
        if self.first_break is not None:
            return False
        expected = self.expected_seq
        if content.seq != expected:
            kind: BreakKind = "missing_event" if content.seq > expected else "unexpected_event"
            self.first_break = ChainBreak(content.seq, kind, expected)
        elif content.prev_hash != self.last_hash:
            self.first_break = ChainBreak(content.seq, "link", expected)
        elif event_hash(content) != stored_hash:
            self.first_break = ChainBreak(content.seq, "content", expected)
        else:
            self.checked += 1
            self.last_hash = stored_hash
            return True
        return False

    def finish(self, *, head_seq: int | None, head_hash: str | None) -> ChainBreak | None:
        """Compare the head of the same snapshot with where the log ends; return the first break, if any.

        A head that counts more events than the log holds is a cut-off tail; one that counts fewer, or names another
        hash, was rewound or edited.
        """
        if self.first_break is not None:
            return self.first_break
        last_seq = self.checked
        if head_seq is None or head_hash is None:
            self.first_break = ChainBreak(last_seq, "head_missing", last_seq)
        elif head_seq != last_seq:
            self.first_break = ChainBreak(min(head_seq, last_seq) + 1, "head_seq", last_seq, head_seq)
        elif head_hash != self.last_hash:
            self.first_break = ChainBreak(last_seq, "head_hash", last_seq, head_seq)
        return self.first_break
