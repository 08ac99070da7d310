"""No false alarm while writers commit: verify and a checkpoint-keeping consumer both see an intact chain.

Eight writer tasks register companies through HTTP in committing transactions (each appends an event under the chain
head's lock) while an admin calls ``/audit/verify`` and a consumer takes signed checkpoints, over and over.
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Callable, Coroutine
from typing import Any

import httpx
import pytest

from api.database import Database
from registry.events.checkpoints import ChainLink, Checkpoint, check_extends, verify_checkpoint
from tests.factories import SignedIn, account, register_company

pytestmark = pytest.mark.concurrency

WRITERS = 8
WRITES_EACH = 6
"""Each writer makes at least this many writes (two events each) ..."""
MAX_WRITES_EACH = 40
"""... and goes on, up to this many, until the probes have run ``PROBES`` times: every probe overlaps the writes."""
PROBES = 12

Writers = Callable[[asyncio.Event], Coroutine[Any, Any, None]]
Probe = Callable[[], Coroutine[Any, Any, dict[str, Any]]]


async def _writers(client: httpx.AsyncClient, database: Database) -> Writers:
    founders = [await account(client, database) for _ in range(WRITERS)]

    async def write(founder: SignedIn, enough: asyncio.Event) -> None:
        for n in range(MAX_WRITES_EACH):
            if n >= WRITES_EACH and enough.is_set():
                return
            company = await register_company(client, founder)
            renamed = await client.patch(
                f"/api/v1/companies/{company['id']}",
                json={"name_en": f"{company['name_en']} Two"},
                headers={**founder.headers, "If-Match": '"1"'},
            )
            assert renamed.status_code == 200, renamed.text

    async def run(enough: asyncio.Event) -> None:
        await asyncio.gather(*(write(founder, enough) for founder in founders))

    return run


async def _while_writing(run_writers: Writers, probe: Probe) -> tuple[list[dict[str, Any]], int]:
    """Call ``probe`` while the writers run, and once after; return the answers and how many overlapped the writes."""
    answers: list[dict[str, Any]] = []
    enough = asyncio.Event()
    writing = asyncio.create_task(run_writers(enough))
    during = 0
    while len(answers) < PROBES:
        started_while_writing = not writing.done()
        answers.append(await probe())
        during += started_while_writing
    enough.set()
    await writing
    answers.append(await probe())  # and once after the last write
    return answers, during


async def test_verify_raises_no_false_alarm_under_eight_writers(
    committing_client: httpx.AsyncClient, committing_database: Database
) -> None:
    admin = await account(committing_client, committing_database, "admin")
    run_writers = await _writers(committing_client, committing_database)

    async def verify() -> dict[str, Any]:
        response = await committing_client.get("/api/v1/audit/verify", headers=admin.headers)
        assert response.status_code == 200, response.text
        report: dict[str, Any] = response.json()
        return report

    reports, during = await _while_writing(run_writers, verify)

    assert during >= PROBES // 2, "verify must have run while the writers wrote"
    false_alarms = [report for report in reports if not report["intact"]]
    assert false_alarms == []
    heads = [report["head_seq"] for report in reports]
    assert heads == sorted(heads), "each snapshot is at least as new as the one before"
    assert all(report["events_checked"] == report["head_seq"] for report in reports)
    assert all(report["last_hash"] == report["head_hash"] for report in reports)


async def test_a_checkpoint_keeping_consumer_raises_no_false_alarm_under_eight_writers(
    committing_client: httpx.AsyncClient, committing_database: Database
) -> None:
    run_writers = await _writers(committing_client, committing_database)
    key = base64.b64decode((await committing_client.get("/api/v1/events/checkpoint/key")).json()["public_key"])
    first = (await committing_client.get("/api/v1/events/checkpoint")).json()
    kept = Checkpoint.from_json(first)

    async def take_checkpoint() -> dict[str, Any]:
        nonlocal kept
        response = await committing_client.get("/api/v1/events/checkpoint")
        assert response.status_code == 200, response.text
        newer = Checkpoint.from_json(response.json())
        verify_checkpoint(newer, key)
        links: list[ChainLink] = []
        after = max(kept.seq - 1, 0)
        while after < newer.seq:
            page = (await committing_client.get("/api/v1/events/chain", params={"after": after, "limit": 200})).json()
            links += [ChainLink(item["seq"], item["prev_hash"], item["hash"]) for item in page["items"]]
            after = page["last_seq"]
        check_extends(kept, newer, links)  # raises ChainRewritten on a false alarm
        kept = newer
        return response.json()  # type: ignore[no-any-return]

    checkpoints, during = await _while_writing(run_writers, take_checkpoint)

    assert during >= PROBES // 2
    seqs = [checkpoint["seq"] for checkpoint in checkpoints]
    assert seqs == sorted(seqs) and seqs[-1] >= first["seq"] + WRITERS * WRITES_EACH * 2
