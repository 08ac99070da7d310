"""The chain walk, the checkpoint format and the consumer's checks, without a database."""

from __future__ import annotations

import base64
import dataclasses
import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from registry.events.chain import GENESIS_HASH, ChainWalk, EventContent, event_hash
from registry.events.checkpoints import (
    ChainLink,
    ChainRewritten,
    Checkpoint,
    CheckpointInvalid,
    check_extends,
    checkpoint_bytes,
    key_id_of,
    verify_checkpoint,
)
from registry.events.signing import CheckpointSigner, format_issued_at

SECRET = "a-registry-secret-for-the-chain-rules-0123456789"
T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def build_chain(length: int) -> list[tuple[EventContent, str]]:
    """``length`` events chained from the genesis hash, as ``record_event`` writes them."""
    chain: list[tuple[EventContent, str]] = []
    prev = GENESIS_HASH
    for seq in range(1, length + 1):
        content = EventContent(
            seq=seq,
            occurred_at=T0 + timedelta(seconds=seq),
            actor_id=uuid.UUID(int=seq),
            kind="company.registered",
            resource_type="company",
            resource_id=str(uuid.UUID(int=1000 + seq)),
            is_public=seq % 3 != 0,
            data={"name_en": f"Company {seq}", "bin": f"{seq:012d}"},
            confidential={"headcount": seq} if seq % 3 == 0 else {},
            prev_hash=prev,
        )
        prev = event_hash(content)
        chain.append((content, prev))
    return chain


def links_of(chain: list[tuple[EventContent, str]]) -> list[ChainLink]:
    return [ChainLink(content.seq, content.prev_hash, digest) for content, digest in chain]


def walk(chain: list[tuple[EventContent, str]], head: tuple[int | None, str | None] | None = None) -> ChainWalk:
    walker = ChainWalk()
    for content, digest in chain:
        if not walker.step(content, digest):
            break
    head_seq, head_hash = head if head is not None else (len(chain), chain[-1][1] if chain else GENESIS_HASH)
    walker.finish(head_seq=head_seq, head_hash=head_hash)
    return walker


# The walk over one snapshot --------------------------------------------------------------------------------------


def test_an_intact_chain_verifies_every_event() -> None:
    walker = walk(build_chain(7))
    assert (walker.first_break, walker.checked) == (None, 7)


def test_an_empty_chain_verifies_against_the_genesis_head() -> None:
    walker = walk([], head=(0, GENESIS_HASH))
    assert (walker.first_break, walker.checked, walker.last_hash) == (None, 0, GENESIS_HASH)


def test_an_edit_breaks_at_the_edited_event_and_counts_those_before() -> None:
    chain = build_chain(6)
    content, digest = chain[3]
    chain[3] = (dataclasses.replace(content, data={"name_en": "Forged LLP"}), digest)
    walker = walk(chain)
    assert walker.first_break is not None
    assert (walker.first_break.kind, walker.first_break.seq, walker.checked) == ("content", 4, 3)
    assert "hash" in walker.first_break.reason().en
    assert walker.first_break.reason().kk != walker.first_break.reason().ru != walker.first_break.reason().en


def test_a_deleted_event_is_a_missing_number() -> None:
    chain = build_chain(6)
    del chain[2]
    walker = walk(chain, head=(6, chain[-1][1]))
    assert walker.first_break is not None
    assert (walker.first_break.kind, walker.first_break.seq, walker.first_break.expected_seq) == ("missing_event", 4, 3)
    assert walker.checked == 2


def test_a_reordered_pair_breaks_the_link() -> None:
    chain = build_chain(6)
    (a, ha), (b, hb) = chain[2], chain[3]
    # The attacker swaps their numbers, so the sequence has no gap.
    chain[2], chain[3] = (dataclasses.replace(b, seq=3), hb), (dataclasses.replace(a, seq=4), ha)
    walker = walk(chain)
    assert walker.first_break is not None
    assert (walker.first_break.kind, walker.first_break.seq, walker.checked) == ("link", 3, 2)


def test_a_repeated_number_is_unexpected() -> None:
    chain = build_chain(4)
    chain.insert(2, chain[1])
    walker = walk(chain)
    assert walker.first_break is not None
    assert (walker.first_break.kind, walker.first_break.seq, walker.first_break.expected_seq) == (
        "unexpected_event",
        2,
        3,
    )


@pytest.mark.parametrize(
    ("head", "kind", "seq"),
    [
        ((8, "HEAD"), "head_seq", 7),  # the tail cut off while the head still counts it
        ((5, "HEAD"), "head_seq", 6),  # events beyond the head
        ((6, "f" * 64), "head_hash", 6),  # the head's hash changed
        ((None, None), "head_missing", 6),
    ],
)
def test_a_head_that_does_not_end_where_the_log_ends(head: tuple[int | None, str | None], kind: str, seq: int) -> None:
    chain = build_chain(6)
    head_seq, head_hash = head
    walker = walk(chain, head=(head_seq, chain[-1][1] if head_hash == "HEAD" else head_hash))
    assert walker.first_break is not None
    assert (walker.first_break.kind, walker.first_break.seq, walker.checked) == (kind, seq, 6)


# Checkpoints -----------------------------------------------------------------------------------------------------


def test_the_signed_bytes_are_five_canonical_lines() -> None:
    signed = checkpoint_bytes(
        seq=42, hash="ab" * 32, issued_at="2026-11-20T09:00:00.000000Z", key_id="0123456789abcdef"
    )
    assert signed == (
        b"alemai-registry event-chain checkpoint v1\n"
        b"seq=42\n"
        b"hash=" + b"ab" * 32 + b"\n"
        b"issued_at=2026-11-20T09:00:00.000000Z\n"
        b"key_id=0123456789abcdef\n"
    )


@pytest.mark.parametrize(
    "field",
    [
        {"seq": -1},
        {"seq": True},
        {"hash": "AB" * 32},
        {"hash": "ab" * 31},
        {"hash": "ab" * 32 + "\nseq=1"},
        {"issued_at": "2026-11-20T09:00:00Z"},
        {"issued_at": "2026-11-20T09:00:00.000000+00:00"},
        {"key_id": "0123"},
    ],
)
def test_a_field_out_of_its_canonical_form_is_refused(field: dict[str, object]) -> None:
    values: dict[str, object] = {
        "seq": 1,
        "hash": "ab" * 32,
        "issued_at": "2026-11-20T09:00:00.000000Z",
        "key_id": "0123456789abcdef",
    }
    values.update(field)
    with pytest.raises(CheckpointInvalid):
        checkpoint_bytes(**values)  # type: ignore[arg-type]


def test_the_key_is_derived_from_the_secret_and_only_from_it() -> None:
    first, again = CheckpointSigner.from_secret(SECRET), CheckpointSigner.from_secret(SECRET)
    other = CheckpointSigner.from_secret(SECRET + "x")
    assert first.public_key == again.public_key and len(first.public_key) == 32
    assert other.public_key != first.public_key
    assert first.key_id == key_id_of(first.public_key) and len(first.key_id) == 16
    assert first.public_key_pem.startswith("-----BEGIN PUBLIC KEY-----")
    with pytest.raises(ValueError, match="secret"):
        CheckpointSigner.from_secret("")


def test_issued_at_is_written_in_utc_with_microseconds() -> None:
    almaty = datetime(2026, 11, 20, 19, 0, tzinfo=timezone(timedelta(hours=5)))
    assert format_issued_at(almaty) == "2026-11-20T14:00:00.000000Z"
    with pytest.raises(ValueError, match="timezone"):
        format_issued_at(datetime(2026, 11, 20, 14, 0))


def test_a_signed_checkpoint_verifies_and_a_changed_one_does_not() -> None:
    signer = CheckpointSigner.from_secret(SECRET)
    checkpoint = signer.sign(seq=9, hash="cd" * 32, issued_at=T0)
    verify_checkpoint(checkpoint, signer.public_key)
    assert Checkpoint.from_json(checkpoint.as_json()) == checkpoint

    forged = [
        dataclasses.replace(checkpoint, seq=8),
        dataclasses.replace(checkpoint, hash="ce" + "cd" * 31),
        dataclasses.replace(checkpoint, issued_at="2026-11-20T09:00:00.000001Z"),
        dataclasses.replace(checkpoint, signature=base64.b64encode(b"\0" * 64).decode()),
        dataclasses.replace(checkpoint, signature="not base64!"),
    ]
    for changed in forged:
        with pytest.raises(CheckpointInvalid):
            verify_checkpoint(changed, signer.public_key)
    with pytest.raises(CheckpointInvalid, match="key"):
        verify_checkpoint(checkpoint, CheckpointSigner.from_secret("another registry's secret").public_key)


@pytest.mark.parametrize(
    "document",
    [{}, {"seq": "1", "hash": "", "issued_at": "", "key_id": "", "signature": ""}, [1, 2], {"seq": 1}],
)
def test_a_document_that_is_not_a_checkpoint_is_refused(document: object) -> None:
    with pytest.raises(CheckpointInvalid):
        Checkpoint.from_json(document)  # type: ignore[arg-type]


# Does a newer chain extend the kept checkpoint? -------------------------------------------------------------------


def checkpoint_at(chain: list[tuple[EventContent, str]], seq: int) -> Checkpoint:
    digest = chain[seq - 1][1] if seq else GENESIS_HASH
    return CheckpointSigner.from_secret(SECRET).sign(seq=seq, hash=digest, issued_at=T0)


@given(length=st.integers(min_value=0, max_value=12), data=st.data())
def test_a_chain_extends_every_checkpoint_of_its_past(length: int, data: st.DataObject) -> None:
    chain = build_chain(length)
    kept_seq = data.draw(st.integers(min_value=0, max_value=length))
    links = links_of(chain)[max(kept_seq - 1, 0) :]
    check_extends(checkpoint_at(chain, kept_seq), checkpoint_at(chain, length), links)


@given(length=st.integers(min_value=2, max_value=12), data=st.data())
def test_a_rewrite_up_to_the_kept_event_is_detected(length: int, data: st.DataObject) -> None:
    """Any event up to the kept one rewritten and the chain rehashed from there: the kept hash is gone."""
    chain = build_chain(length)
    kept_seq = data.draw(st.integers(min_value=1, max_value=length))
    edited = data.draw(st.integers(min_value=1, max_value=kept_seq))
    forged = (dataclasses.replace(chain[edited - 1][0], kind="forged"), "")
    rewritten = rehash([*chain[: edited - 1], forged, *chain[edited:]])
    with pytest.raises(ChainRewritten) as caught:
        check_extends(
            checkpoint_at(chain, kept_seq), checkpoint_at(rewritten, length), links_of(rewritten)[kept_seq - 1 :]
        )
    assert caught.value.kind == "kept_hash_changed" and caught.value.seq == kept_seq


@given(length=st.integers(min_value=2, max_value=12), data=st.data())
def test_a_truncated_tail_is_detected_refilled_or_not(length: int, data: st.DataObject) -> None:
    chain = build_chain(length)
    kept_seq = data.draw(st.integers(min_value=1, max_value=length))
    cut_to = data.draw(st.integers(min_value=0, max_value=kept_seq - 1))
    refill = data.draw(st.integers(min_value=0, max_value=2 * length))
    truncated = chain[:cut_to]
    refilled = rehash(truncated + [(dataclasses.replace(c, kind="refill"), "") for c, _ in build_chain(refill)])
    newer_seq = len(refilled)
    with pytest.raises(ChainRewritten) as caught:
        check_extends(
            checkpoint_at(chain, kept_seq), checkpoint_at(refilled, newer_seq), links_of(refilled)[kept_seq - 1 :]
        )
    # Refilled up to or past the kept seq, another event holds it.
    assert caught.value.kind == ("rolled_back" if newer_seq < kept_seq else "kept_hash_changed")


def test_links_that_skip_fork_or_end_elsewhere_are_detected() -> None:
    chain = build_chain(8)
    kept, newer = checkpoint_at(chain, 3), checkpoint_at(chain, 8)
    links = links_of(chain)[2:]
    cases: list[tuple[list[ChainLink], str]] = [
        ([], "kept_seq_missing"),
        ([links[0], *links[2:]], "gap"),
        ([links[0], dataclasses.replace(links[1], prev_hash="1" * 64), *links[2:]], "link"),
        (links[:3], "gap"),
        ([*links[:-1], dataclasses.replace(links[-1], hash="2" * 64)], "head_mismatch"),
    ]
    for case, kind in cases:
        with pytest.raises(ChainRewritten) as caught:
            check_extends(kept, newer, case)
        assert caught.value.kind == kind, case
    # The same head again is an extension of itself; links past the newer head are not looked at.
    check_extends(newer, newer, links_of(chain)[7:])
    check_extends(kept, checkpoint_at(chain, 5), [*links, ChainLink(99, "x", "y")])


def rehash(events: list[tuple[EventContent, str]]) -> list[tuple[EventContent, str]]:
    """What an attacker who knows the algorithm does: renumber from 1 and recompute every hash."""
    out: list[tuple[EventContent, str]] = []
    prev = GENESIS_HASH
    for seq, (content, _) in enumerate(events, start=1):
        fixed = dataclasses.replace(content, seq=seq, prev_hash=prev)
        prev = event_hash(fixed)
        out.append((fixed, prev))
    return out
