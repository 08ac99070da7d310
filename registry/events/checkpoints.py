"""Signed checkpoints of the event chain's head, and what a consumer checks with them.

In the manner of Certificate Transparency's signed tree heads: the registry signs ``(seq, hash)`` of its chain head
with its Ed25519 key. A consumer keeps the newest checkpoint it has verified. Later it checks that the log still
holds the kept ``seq`` with the same hash, and that every link from there to a newer signed head is unbroken. A rewrite
of any event up to the kept ``seq`` changes the hash at that ``seq`` (each hash covers the one before it). A truncated
tail loses it, or hands it to another event. A rewrite after it breaks a link or ends at another head.

This module is the consumer's side: pure functions over what the routes return (it makes no request), needing only
the standard library, ``cryptography`` and :mod:`registry.events.chain`.
Signing is in :mod:`registry.events.signing`.

The signed bytes (:func:`checkpoint_bytes`) are five lines of ASCII, each ending in a line feed::

    alemai-registry event-chain checkpoint v1
    seq=<decimal, no sign or leading zeros>
    hash=<64 lowercase hex digits>
    issued_at=<YYYY-MM-DDTHH:MM:SS.ffffffZ, UTC>
    key_id=<16 lowercase hex digits: the first 8 bytes of SHA-256 of the raw 32-byte public key>
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from registry.events.chain import GENESIS_HASH

__all__ = [
    "CHECKPOINT_HEADER",
    "GENESIS_HASH",
    "ChainLink",
    "ChainRewritten",
    "Checkpoint",
    "CheckpointInvalid",
    "RewriteKind",
    "check_extends",
    "checkpoint_bytes",
    "key_id_of",
    "verify_checkpoint",
]

CHECKPOINT_HEADER = "alemai-registry event-chain checkpoint v1"
"""The first line of the signed bytes: names the format, so a signature over anything else never verifies."""

_HASH = re.compile(r"[0-9a-f]{64}")
_KEY_ID = re.compile(r"[0-9a-f]{16}")
_ISSUED_AT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z")


class CheckpointInvalid(ValueError):
    """A checkpoint that is malformed, names another key, or whose signature does not verify."""


RewriteKind = Literal["rolled_back", "kept_seq_missing", "kept_hash_changed", "gap", "link", "head_mismatch"]
"""How the chain a consumer sees now fails to extend the checkpoint it kept.

* ``rolled_back``: the newer head is behind the kept one (the tail was cut off and not refilled).
* ``kept_seq_missing``: the log no longer has the kept ``seq`` (cut off).
* ``kept_hash_changed``: the kept ``seq`` carries another hash (an event up to it was rewritten, or the tail was cut
  off and refilled with other events).
* ``gap``: the links skip or repeat a sequence number.
* ``link``: a ``prev_hash`` is not the hash before it.
* ``head_mismatch``: the links do not end at the newer head's hash.
"""


class ChainRewritten(Exception):
    """The newer chain does not extend the kept checkpoint: the log was rewritten since it was signed."""

    def __init__(self, kind: RewriteKind, seq: int, message: str) -> None:
        super().__init__(f"{kind} at seq {seq}: {message}")
        self.kind: RewriteKind = kind
        self.seq = seq
        """The sequence number where the newer chain departs from the kept one."""


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """A signed statement by the registry: its chain had ``seq`` events ending in ``hash`` at ``issued_at``."""

    seq: int
    hash: str
    issued_at: str
    """Exactly as signed: ``YYYY-MM-DDTHH:MM:SS.ffffffZ``."""
    key_id: str
    signature: str
    """Ed25519 signature of :func:`checkpoint_bytes`, standard base64."""

    @classmethod
    def from_json(cls, document: Mapping[str, Any]) -> Checkpoint:
        """A checkpoint from the JSON of ``GET /api/v1/events/checkpoint`` (or as a consumer stored it).

        Raises:
            CheckpointInvalid: a field is missing or of the wrong type.
        """
        try:
            seq, digest, issued_at = document["seq"], document["hash"], document["issued_at"]
            key_id, signature = document["key_id"], document["signature"]
        except (KeyError, TypeError) as error:
            raise CheckpointInvalid(f"not a checkpoint: {error!r}") from error
        if not isinstance(seq, int) or isinstance(seq, bool):
            raise CheckpointInvalid("seq must be an integer")
        if not all(isinstance(value, str) for value in (digest, issued_at, key_id, signature)):
            raise CheckpointInvalid("hash, issued_at, key_id and signature must be strings")
        return cls(seq=seq, hash=digest, issued_at=issued_at, key_id=key_id, signature=signature)

    def as_json(self) -> dict[str, Any]:
        """The checkpoint as a JSON object (what a consumer stores)."""
        return {
            "seq": self.seq,
            "hash": self.hash,
            "issued_at": self.issued_at,
            "key_id": self.key_id,
            "signature": self.signature,
        }


@dataclass(frozen=True, slots=True)
class ChainLink:
    """One event's place in the chain, as ``GET /api/v1/events/chain`` (and each feed item) gives it."""

    seq: int
    prev_hash: str
    hash: str


def key_id_of(public_key: bytes) -> str:
    """The key id of a raw 32-byte Ed25519 public key: the first 8 bytes of its SHA-256, in hex."""
    return hashlib.sha256(public_key).hexdigest()[:16]


def checkpoint_bytes(*, seq: int, hash: str, issued_at: str, key_id: str) -> bytes:
    """The canonical bytes a checkpoint's signature covers (the module docstring gives the format).

    Raises:
        CheckpointInvalid: a field is not in its one canonical form, so no two checkpoints share signed bytes.
    """
    if isinstance(seq, bool) or not isinstance(seq, int) or seq < 0:
        raise CheckpointInvalid("seq must be a non-negative integer")
    if not _HASH.fullmatch(hash):
        raise CheckpointInvalid("hash must be 64 lowercase hex digits")
    if not _ISSUED_AT.fullmatch(issued_at):
        raise CheckpointInvalid("issued_at must be YYYY-MM-DDTHH:MM:SS.ffffffZ")
    if not _KEY_ID.fullmatch(key_id):
        raise CheckpointInvalid("key_id must be 16 lowercase hex digits")
    lines = (CHECKPOINT_HEADER, f"seq={seq}", f"hash={hash}", f"issued_at={issued_at}", f"key_id={key_id}")
    return "".join(f"{line}\n" for line in lines).encode("ascii")


def verify_checkpoint(checkpoint: Checkpoint, public_key: bytes) -> None:
    """Check that ``checkpoint`` was signed by the holder of ``public_key`` (raw 32 bytes, as the key route serves it).

    Raises:
        CheckpointInvalid: it is malformed, names another key, or its signature does not verify.
    """
    if checkpoint.key_id != key_id_of(public_key):
        raise CheckpointInvalid(f"signed by key {checkpoint.key_id!r}, not by {key_id_of(public_key)!r}")
    signed = checkpoint_bytes(
        seq=checkpoint.seq, hash=checkpoint.hash, issued_at=checkpoint.issued_at, key_id=checkpoint.key_id
    )
    try:
        signature = base64.b64decode(checkpoint.signature, validate=True)
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, signed)
    except (binascii.Error, ValueError, InvalidSignature) as error:
        raise CheckpointInvalid("the signature does not verify") from error


def check_extends(kept: Checkpoint, newer: Checkpoint, links: Iterable[ChainLink]) -> None:
    """Check that the chain ending at ``newer`` extends the one ending at ``kept``.

    Verify both signatures first (:func:`verify_checkpoint`); this compares what they sign.

    Args:
        kept: The checkpoint the consumer kept.
        newer: A checkpoint signed later.
        links: The chain's links from ``kept.seq`` to ``newer.seq`` inclusive, in sequence order, as
            ``GET /api/v1/events/chain?after={kept.seq - 1}`` pages them (from ``seq`` 1 when ``kept.seq`` is 0);
            links past ``newer.seq`` are ignored.

    Raises:
        ChainRewritten: the log no longer holds the kept checkpoint's event with its hash, or the links from it do
            not lead, unbroken, to the newer head.
    """
    if newer.seq < kept.seq:
        raise ChainRewritten("rolled_back", newer.seq + 1, f"the newer head is at {newer.seq}, behind {kept.seq}")
    chained = iter(links)
    expected_seq, expected_prev = kept.seq + 1, kept.hash
    if kept.seq > 0:
        first = next(chained, None)
        if first is None or first.seq != kept.seq:
            raise ChainRewritten("kept_seq_missing", kept.seq, f"the log no longer has event {kept.seq}")
        if first.hash != kept.hash:
            raise ChainRewritten("kept_hash_changed", kept.seq, f"event {kept.seq} has another hash than was signed")
    elif kept.hash != GENESIS_HASH:
        raise ChainRewritten("kept_hash_changed", 0, "an empty chain's hash is the genesis hash")
    for link in chained:
        if expected_seq > newer.seq:
            break
        if link.seq != expected_seq:
            raise ChainRewritten("gap", expected_seq, f"expected event {expected_seq}, found {link.seq}")
        if link.prev_hash != expected_prev:
            raise ChainRewritten("link", link.seq, f"event {link.seq} does not link to the hash before it")
        expected_seq, expected_prev = expected_seq + 1, link.hash
    if expected_seq <= newer.seq:
        raise ChainRewritten("gap", expected_seq, f"the links stop before event {expected_seq}")
    if expected_prev != newer.hash:
        raise ChainRewritten("head_mismatch", newer.seq, f"the links end at another hash than head {newer.seq}")
