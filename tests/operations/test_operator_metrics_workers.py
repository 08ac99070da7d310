"""``registry serve --workers 2`` with ``PROMETHEUS_MULTIPROC_DIR``: any worker that answers a scrape counts all."""

from __future__ import annotations

import asyncio
import signal
import subprocess
from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.operations.processes import (
    command_env,
    data_dir_outside_pytest,
    free_port,
    output_of,
    start_registry,
    wait_until_ready,
)

TOKEN = "workers-scrape-token-0123456789abcdef"
BURSTS = 30


def _writers(shared: Path) -> set[str]:
    """The processes that have counted requests (one file of counters per process)."""
    return {path.stem.rsplit("_", 1)[-1] for path in shared.glob("counter_*.db")}


def live_requests_counted(text: str) -> float:
    """``registry_http_requests_total`` of ``GET /health/live`` answered 200, in a scrape."""
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == "registry_http_requests_total" and sample.labels == {
                "method": "GET",
                "route": "/health/live",
                "status": "200",
            }:
                return sample.value
    return 0.0


async def test_every_scrape_counts_the_requests_of_every_worker(database_url: str, engine: AsyncEngine) -> None:
    port = free_port()
    with data_dir_outside_pytest() as data:
        shared = data.parent / "prometheus"
        shared.mkdir(parents=True)
        env = command_env(
            data,
            DATABASE_URL=database_url,
            REGISTRY_ENV="test",
            REGISTRY_JWT_SECRET="workers-test-secret-that-is-long-enough-0123456789",
            REGISTRY_METRICS_TOKEN=TOKEN,
            PROMETHEUS_MULTIPROC_DIR=str(shared),
        )
        server = start_registry(
            "serve", "--no-migrate", "--workers", "2", "--port", str(port), env=env, cwd=data.parent
        )
        try:
            await wait_until_ready(server, port)
            # Bursts of new connections at once, until the kernel has handed some to each worker.
            close = {"Connection": "close"}
            sent = 0
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
                for _ in range(BURSTS):
                    answers = await asyncio.gather(*(client.get("/health/live", headers=close) for _ in range(10)))
                    assert [answer.status_code for answer in answers] == [200] * len(answers)
                    sent += len(answers)
                    if len(_writers(shared)) == 2:
                        break
                assert len(_writers(shared)) == 2, f"both workers answered requests: {sorted(_writers(shared))}"
                scrapes = [
                    await client.get("/internal/metrics", headers={**close, "Authorization": f"Bearer {TOKEN}"})
                    for _ in range(8)
                ]
            assert all(scrape.status_code == 200 for scrape in scrapes), [s.text[:200] for s in scrapes]
            assert [live_requests_counted(scrape.text) for scrape in scrapes] == [sent] * len(scrapes)
        finally:
            if server.poll() is None:
                server.send_signal(signal.SIGTERM)
                try:
                    server.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    raise AssertionError(output_of(server)) from None
