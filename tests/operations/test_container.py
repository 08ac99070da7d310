"""The container image and compose.yaml, built and run with podman: PostgreSQL 15 and the registry, migrated and
healthy, stopped gracefully.

The build context is a copy of the working tree with a folder of wheels that pip fetched for the test environment
(``REGISTRY_PIP_ARGS``), so the image build needs no package index of its own. The Debian base image is
``REGISTRY_CONTAINER_BASE`` (default ``docker.io/library/debian:bookworm-slim``); on a machine that cannot pull it,
import one (``debootstrap bookworm DIR && tar -C DIR -c . | podman import - localhost/debian:bookworm``) and name it.
``CONTAINERS_CONF`` is passed on, for hosts whose podman needs another runtime or rlimits.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.operations.processes import PROJECT_ROOT, free_port

pytestmark = pytest.mark.container

PROJECT = "registrytest"
"""The compose project (a fixed name: its images' layers are reused by the next run)."""
DEFAULT_BASE = "docker.io/library/debian:bookworm-slim"
CONTEXT_FILES = (
    "api",
    "registry",
    "licensing",
    "migrations",
    "deploy",
    "pyproject.toml",
    "setup.py",
    "README.md",
    "alembic.ini",
    "constraints.txt",
    "Containerfile",
    ".containerignore",
    "compose.yaml",
)


DOWNLOADS = ("-c", "constraints.txt", ".", "setuptools>=68", "wheel")
"""What pip fetches into the wheelhouse: the registry's pinned dependencies and what building its wheel needs."""


def podman_env(**settings: str) -> dict[str, str]:
    names = ("PATH", "HOME", "LANG", "TMPDIR", "XDG_RUNTIME_DIR", "CONTAINERS_CONF")
    return {**{name: os.environ[name] for name in names if name in os.environ}, **settings}


def run(*command: str, env: dict[str, str], cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False)  # noqa: S603


async def wait_until_healthy(port: int, *, within: float) -> None:
    deadline = time.monotonic() + within
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=5) as client:
        while time.monotonic() < deadline:
            try:
                if (await client.get("/health/ready")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(1)
    raise AssertionError(f"the app never answered /health/ready within {within} s")


@pytest.fixture(scope="module")
def base_image() -> str:
    if shutil.which("podman") is None or shutil.which("podman-compose") is None:
        pytest.skip("podman and podman-compose are not installed (apt-get install podman podman-compose)")
    image = os.environ.get("REGISTRY_CONTAINER_BASE", DEFAULT_BASE)
    env = podman_env()
    if run("podman", "image", "exists", image, env=env, cwd=PROJECT_ROOT).returncode != 0:
        pulled = run("podman", "pull", "--quiet", image, env=env, cwd=PROJECT_ROOT)
        if pulled.returncode != 0:
            pytest.skip(
                f"no base image {image} (set REGISTRY_CONTAINER_BASE to a Debian bookworm image): {pulled.stderr}"
            )
    return image


@pytest.fixture(scope="module")
def build_context(tmp_path_factory: pytest.TempPathFactory) -> Path:
    context = tmp_path_factory.mktemp("container") / "context"
    context.mkdir()
    for name in CONTEXT_FILES:
        source = PROJECT_ROOT / name
        if source.is_dir():
            shutil.copytree(source, context / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, context / name)
    fetched = subprocess.run(  # noqa: S603 - pip of the test environment, from its own package index
        [sys.executable, "-m", "pip", "download", "--quiet", "--dest", str(context / "wheelhouse"), *DOWNLOADS],
        cwd=context,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert fetched.returncode == 0, fetched.stderr
    return context


async def test_compose_builds_migrates_and_serves_then_stops_gracefully(base_image: str, build_context: Path) -> None:
    port = free_port()
    env = podman_env(
        REGISTRY_BASE_IMAGE=base_image,
        REGISTRY_PIP_ARGS="--no-index --find-links /src/wheelhouse",
        POSTGRES_PASSWORD="compose-test-password",
        REGISTRY_JWT_SECRET="compose-test-secret-0123456789abcdefghijklmnopqrstuvwxyz",
        REGISTRY_PORT=str(port),
    )
    compose = ("podman-compose", "--project-name", PROJECT)
    run(*compose, "down", "--volumes", env=env, cwd=build_context)  # what an interrupted run left
    try:
        up = run(*compose, "up", "--detach", "--build", env=env, cwd=build_context, timeout=1500)
        assert up.returncode == 0, up.stdout[-4000:] + up.stderr[-4000:]
        # The app restarts (on-failure) until the database has made its cluster and accepts connections.
        await wait_until_healthy(port, within=600)
        app_log = run("podman", "logs", f"{PROJECT}_app_1", env=env, cwd=build_context).stderr
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            regions = await client.get("/api/v1/reference/regions")
            version = await client.get("/schema/openapi.json")
        assert regions.status_code == 200
        assert len(regions.json()) == 20
        assert version.status_code == 200
        assert "database upgraded from base to" in app_log, app_log

        stopped = run("podman", "stop", "--time", "30", f"{PROJECT}_app_1", env=env, cwd=build_context)
        assert stopped.returncode == 0, stopped.stderr
        state = run(
            "podman", "inspect", "--format", "{{.State.ExitCode}}", f"{PROJECT}_app_1", env=env, cwd=build_context
        )
        assert state.stdout.strip() == "0", "the app did not end cleanly on SIGTERM"
    finally:
        down = run(*compose, "down", "--volumes", env=env, cwd=build_context)
        assert down.returncode == 0, down.stderr
