"""Multiprocess mode (``PROMETHEUS_MULTIPROC_DIR``): a scrape answered by any process counts the requests of all.

``registry serve --workers N`` hands each connection to whichever worker accepts it first, so a test cannot choose
which worker answers. Two ``registry serve`` processes that share the directory, on ports of their own, are the same
thing as far as prometheus-client is concerned (one set of files per process id), and the test can send each its
own requests and scrape each in turn.
"""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.operations.processes import REGISTRY, command_env, data_dir_outside_pytest, free_port, wait_until_ready

TOKEN = "workers-scrape-token-0123456789abcdef"
SCRAPE = {"Authorization": f"Bearer {TOKEN}"}


def serve(port: int, *, env: dict[str, str], cwd: Path) -> subprocess.Popen[str]:
    """``registry serve`` in the background, its output in a file of ``cwd``.

    A file, not a pipe: nobody reads a pipe while the test runs, and a full one would stop the server in the middle
    of an access-log line.
    """
    with (cwd / f"server-{port}.log").open("w") as output:
        return subprocess.Popen(  # noqa: S603 - our own entry point, arguments from the test
            [str(REGISTRY), "serve", "--no-migrate", "--port", str(port)],
            env=env,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            text=True,
        )


def stop(server: subprocess.Popen[str]) -> None:
    """SIGTERM (a clean exit takes the process's gauges out of the shared files), then kill if it hangs."""
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=120)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=30)


def counted(text: str, route: str) -> float:
    """``registry_http_requests_total`` of ``GET route`` answered 200, in a scrape."""
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == "registry_http_requests_total" and sample.labels == {
                "method": "GET",
                "route": route,
                "status": "200",
            }:
                return sample.value
    return 0.0


async def test_every_scrape_counts_the_requests_of_every_process(database_url: str, engine: AsyncEngine) -> None:
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
        ports = (free_port(), free_port())
        servers = [serve(port, env=env, cwd=data.parent) for port in ports]
        try:
            for server, port in zip(servers, ports, strict=True):
                await wait_until_ready(server, port)
            first, second = (httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) for port in ports)
            async with first, second:
                for _ in range(7):
                    assert (await first.get("/health/live")).status_code == 200
                for _ in range(5):
                    assert (await second.get("/health/live")).status_code == 200
                assert (await second.get("/api/v1/reference/regions")).status_code == 200
                scrapes = [(await client.get("/internal/metrics", headers=SCRAPE)).text for client in (first, second)]
            for text in scrapes:
                assert counted(text, "/health/live") == 12
                assert counted(text, "/api/v1/reference/regions") == 1
            writers = {path.stem.rsplit("_", 1)[-1] for path in shared.glob("counter_*.db")}
            assert writers == {str(server.pid) for server in servers}
        finally:
            for server in servers:
                stop(server)
