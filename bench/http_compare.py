"""HTTP reads and writes of the registry against their peers, driven by ``wrk`` (issue 16).

Starts ``registry serve`` (one worker) on a database of its own loaded with demo companies, and beside it
``bench/http_peers/raw_asyncpg.py`` (bare Litestar routes doing the same SELECTs with raw asyncpg, and a JSON
constant of the same size: the ceiling) and ``bench/http_peers/fastapi_orm.py`` (FastAPI + Pydantic v2 +
SQLAlchemy 2 async ORM doing the same queries). Each peer's answer is checked against the registry's before
anything is timed. ``POST /api/v1/companies`` is measured against an asyncpg loop inserting the same company,
activity, member and event rows in transactions (the event chain's head locked, as the registry does).

Every round runs each pair's sides one after the other at each connection count (their order turning from round
to round); the figures are the medians over the rounds, and the ratios are of medians measured in the same run.

    make bench-http                                  # installs Debian's wrk when it is missing, then runs this
    .venv/bin/python bench/http_compare.py --rounds 5 --duration 4 --connections 16,64
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import asyncio  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402
import uuid  # noqa: E402
from collections import defaultdict  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from datetime import UTC, date, datetime  # noqa: E402
from typing import Any  # noqa: E402

import asyncpg  # noqa: E402
import click  # noqa: E402
import psutil  # type: ignore[import-untyped]  # noqa: E402

from api.auth.tokens import issue_access_token  # noqa: E402
from bench.loading import analyze, ensure_loaded, prepare_database  # noqa: E402
from registry.companies.bin_rules import make_bin  # noqa: E402
from registry.companies.service import company_search_key  # noqa: E402
from registry.events.chain import EventContent, event_hash  # noqa: E402

SECRET = "bench-http-secret-not-for-production-0123456789"
REGISTRATION_DAY = date(2024, 12, 15)


@dataclass(frozen=True, slots=True)
class Server:
    """One HTTP server the bench started."""

    name: str
    port: int
    process: subprocess.Popen[bytes]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a comparison: a server, a path and the headers sent (or the raw write loop)."""

    label: str
    server: Server | None
    path: str = ""
    headers: tuple[str, ...] = ()
    script: Path | None = None


@dataclass(frozen=True, slots=True)
class Comparison:
    """What is measured, its sides (the first is the registry) and the ratios printed: (numerator, denominator)."""

    name: str
    sides: tuple[Side, ...]
    ratios: tuple[tuple[str, str, str], ...]
    """(numerator label, denominator label, goal text)."""


@dataclass(slots=True)
class Figures:
    """Requests per second and server CPU per request, per (comparison, side, connections), one entry a round."""

    rps: dict[tuple[str, str, int], list[float]] = field(default_factory=lambda: defaultdict(list))
    cpu_ms: dict[tuple[str, str, int], list[float]] = field(default_factory=lambda: defaultdict(list))


# -- the database and its sample -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Sample:
    """The rows the requests name: a founder's company with a licence, its BIN, the licence, a region, an activity."""

    company_id: uuid.UUID
    bin: str
    licence_number: str
    founder_id: uuid.UUID
    region: str
    activity: str


async def pick_sample(dsn: str) -> Sample:
    connection = await asyncpg.connect(dsn)
    try:
        row = await connection.fetchrow(
            "SELECT c.id, c.bin, l.number, m.account_id, c.region_kato, ca.oked_code FROM companies c "
            "JOIN licences l ON l.company_id = c.id "
            "JOIN company_members m ON m.company_id = c.id AND m.role = 'owner' "
            "JOIN accounts a ON a.id = m.account_id AND a.role = 'founder' AND NOT a.disabled "
            "JOIN company_activities ca ON ca.company_id = c.id AND ca.is_primary "
            "ORDER BY c.bin LIMIT 1"
        )
    finally:
        await connection.close()
    if row is None:
        raise click.ClickException("the bench database has no founder-owned company with a licence")
    return Sample(row[0], row[1], row[2], row[3], row[4], row[5])


async def existing_bins(dsn: str) -> set[str]:
    connection = await asyncpg.connect(dsn)
    try:
        return {row[0] for row in await connection.fetch("SELECT bin FROM companies")}
    finally:
        await connection.close()


def fresh_bins(count: int, taken: set[str]) -> list[str]:
    """``count`` valid BINs of 2024 that the register does not hold."""
    bins: list[str] = []
    for month in range(1, 13):
        for entity, division in ((4, 0), (4, 1), (5, 0), (6, 0)):
            for serial in range(100_000):
                made = make_bin(
                    registration_month=date(2024, month, 1),
                    entity_type_digit=entity,
                    division_digit=division,
                    serial=serial,
                )
                if made and made not in taken:
                    bins.append(made)
                    if len(bins) == count:
                        return bins
    raise RuntimeError("not enough BINs")


def company_body(bin_value: str, sample: Sample) -> dict[str, Any]:
    return {
        "bin": bin_value,
        "name_kk": f"Бенч Дерек {bin_value}",
        "name_ru": f"Бенч Данные {bin_value}",
        "name_en": f"Bench Data {bin_value}",
        "legal_form": "llp",
        "region": sample.region,
        "registration_date": REGISTRATION_DAY.isoformat(),
        "activities": [sample.activity],
        "primary_activity": sample.activity,
        "headcount": 12,
        "website": "https://bench.example.kz",
    }


# -- servers -------------------------------------------------------------------------------------------------------


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start(name: str, command: list[str], env: dict[str, str], log: Path, *, cwd: Path = ROOT) -> Server:
    port = free_port()
    full = [*command, "--port", str(port)]
    process = subprocess.Popen(
        full, cwd=cwd, env={**os.environ, **env}, stdout=log.open("wb"), stderr=subprocess.STDOUT
    )
    return Server(name, port, process)


def wait_until_up(server: Server, path: str, *, within: float = 180.0) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise click.ClickException(f"{server.name} exited ({server.process.returncode}); see its log")
        try:
            with urllib.request.urlopen(server.url(path), timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise click.ClickException(f"{server.name} did not answer within {within:.0f} s")


def stop(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=40)
    except subprocess.TimeoutExpired:
        server.process.kill()


def fetch_json(url: str, headers: tuple[str, ...] = ()) -> Any:
    request = urllib.request.Request(url)
    for header in headers:
        name, _, value = header.partition(": ")
        request.add_header(name, value)
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read())


def same_answers(comparisons: list[Comparison]) -> None:
    """Every peer's JSON equals the registry's for the same path and headers (else the comparison would not be fair)."""
    for comparison in comparisons:
        reference = comparison.sides[0]
        if reference.server is None or reference.script is not None:
            continue
        for side in comparison.sides[1:]:
            if side.server in (None, reference.server) or side.path != reference.path:
                continue
            expected = fetch_json(reference.server.url(reference.path), side.headers)  # as this side asks
            got = fetch_json(side.server.url(side.path), side.headers)
            if got != expected:
                raise click.ClickException(f"{comparison.name}: {side.label} answers other JSON than the registry")
        print(f"  {comparison.name}: the peers answer the registry's JSON")


# -- load ----------------------------------------------------------------------------------------------------------

WRK_RPS = re.compile(r"Requests/sec:\s+([\d.]+)")
WRK_REQUESTS = re.compile(r"(\d+) requests in")
WRK_BAD = re.compile(r"Non-2xx or 3xx responses: (\d+)")


def run_wrk(side: Side, connections: int, duration: float) -> tuple[float, float]:
    """Requests per second, and the server's CPU milliseconds per request, of one wrk run."""
    assert side.server is not None
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration:g}s", "--timeout", "10s"]
    for header in side.headers:
        command += ["-H", header]
    if side.script is not None:
        command += ["-s", str(side.script)]
    command.append(side.server.url(side.path))
    server = psutil.Process(side.server.process.pid)
    before = server.cpu_times()
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    after = server.cpu_times()
    output = done.stdout
    if (bad := WRK_BAD.search(output)) and int(bad.group(1)):
        raise click.ClickException(f"{side.label} {side.path}: {bad.group(1)} answers were not 2xx:\n{output}")
    rps_match, requests_match = WRK_RPS.search(output), WRK_REQUESTS.search(output)
    if rps_match is None or requests_match is None:
        raise click.ClickException(f"unexpected wrk output:\n{output}\n{done.stderr}")
    cpu = (after.user + after.system - before.user - before.system) * 1000
    return float(rps_match.group(1)), cpu / max(int(requests_match.group(1)), 1)


async def raw_write_loop(dsn: str, bins: list[str], sample: Sample, connections: int, duration: float) -> float:
    """Companies registered per second by ``connections`` asyncpg tasks writing the same rows as the registry."""
    # At most 20 connections, as the registry's write pool (10 + 10 overflow): PostgreSQL allows 100 in all.
    pool = await asyncpg.create_pool(dsn, min_size=min(connections, 20), max_size=min(connections, 20))
    assert pool is not None
    done = 0
    deadline = time.perf_counter() + duration

    async def register(bin_value: str) -> None:
        body = company_body(bin_value, sample)
        company_id = uuid.uuid4()
        now = datetime.now(UTC)
        async with pool.acquire() as connection, connection.transaction():
            await connection.execute(
                "INSERT INTO companies (id, bin, name_kk, name_ru, name_en, legal_form, region_kato, "
                "registration_date, status, headcount, website, search_key, version, created_at, updated_at) "
                "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'active', $9, $10, $11, 1, $12, $12)",
                company_id,
                bin_value,
                body["name_kk"],
                body["name_ru"],
                body["name_en"],
                body["legal_form"],
                body["region"],
                REGISTRATION_DAY,
                body["headcount"],
                body["website"],
                company_search_key(body["name_kk"], body["name_ru"], body["name_en"]),
                now,
            )
            await connection.execute(
                "INSERT INTO company_activities (company_id, oked_code, is_primary) VALUES ($1, $2, true)",
                company_id,
                sample.activity,
            )
            await connection.execute(
                "INSERT INTO company_members (company_id, account_id, role, created_at) VALUES ($1, $2, 'owner', $3)",
                company_id,
                sample.founder_id,
                now,
            )
            head = await connection.fetchrow("SELECT last_seq, last_hash FROM event_chain_head WHERE id = 1 FOR UPDATE")
            assert head is not None
            data = {key: body[key] for key in ("bin", "name_kk", "name_ru", "name_en", "legal_form", "region")}
            data |= {"registration_date": body["registration_date"], "activities": body["activities"]}
            data["primary_activity"] = sample.activity
            confidential = {"headcount": body["headcount"], "website": body["website"]}
            occurred = datetime.now(UTC)
            content = EventContent(
                seq=head[0] + 1,
                occurred_at=occurred,
                actor_id=sample.founder_id,
                kind="company.registered",
                resource_type="company",
                resource_id=str(company_id),
                is_public=True,
                data=data,
                confidential=confidential,
                prev_hash=head[1],
            )
            digest = event_hash(content)
            await connection.execute(
                "INSERT INTO events (seq, occurred_at, actor_id, kind, resource_type, resource_id, is_public, data, "
                "confidential, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, true, $7::jsonb, $8::jsonb, $9, $10)",
                content.seq,
                occurred,
                sample.founder_id,
                content.kind,
                "company",
                content.resource_id,
                json.dumps(data, ensure_ascii=False),
                json.dumps(confidential),
                head[1],
                digest,
            )
            await connection.execute(
                "UPDATE event_chain_head SET last_seq = $1, last_hash = $2 WHERE id = 1", content.seq, digest
            )

    async def worker() -> None:
        nonlocal done
        while time.perf_counter() < deadline and bins:
            await register(bins.pop())
            done += 1

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(connections)))
    elapsed = time.perf_counter() - started
    await pool.close()
    return done / elapsed


POST_SCRIPT = """
-- Each wrk thread posts companies with BINs of its own file, one BIN a request.
local counter = 0
local threads = {}
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end
function init(args)
  bins = {}
  for line in io.lines("%(folder)s/bins-" .. id .. ".txt") do bins[#bins + 1] = line end
  position = %(offset)s
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end
function request()
  position = position + 1
  local bin = bins[position]
  local body = string.format(%(template)s, bin, bin, bin, bin)
  return wrk.format(nil, nil, nil, body)
end
"""


def post_script(folder: Path, bins: list[str], sample: Sample, offset: int) -> Path:
    """A wrk script posting a new company per request; its BINs are split between wrk's two threads."""
    for thread in (1, 2):
        listing = folder / f"bins-{thread}.txt"
        if not listing.exists():
            listing.write_text("\n".join(bins[thread - 1 :: 2]) + "\n")
    template = json.dumps(company_body("%s", sample), ensure_ascii=False)
    script = folder / f"post-{offset}.lua"
    script.write_text(
        POST_SCRIPT % {"folder": folder, "offset": offset, "template": json.dumps(template, ensure_ascii=False)}
    )
    return script


# -- the run -------------------------------------------------------------------------------------------------------


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def report(comparisons: list[Comparison], figures: Figures, connections: list[int]) -> None:
    print()
    print("| what | side | " + " | ".join(f"req/s c={c} (CPU ms/req)" for c in connections) + " |")
    print("|---|---|" + "---|" * len(connections))
    for comparison in comparisons:
        for side in comparison.sides:
            cells = []
            for c in connections:
                rps = median(figures.rps[(comparison.name, side.label, c)])
                cpu = figures.cpu_ms[(comparison.name, side.label, c)]
                cells.append(f"{rps:,.0f}" + (f" ({median(cpu):.2f})" if cpu else ""))
            print(f"| {comparison.name} | {side.label} | " + " | ".join(cells) + " |")
    print()
    print("| ratio | goal | " + " | ".join(f"c={c}" for c in connections) + " |")
    print("|---|---|" + "---|" * len(connections))
    for comparison in comparisons:
        for numerator, denominator, goal in comparison.ratios:
            cells = []
            for c in connections:
                top = median(figures.rps[(comparison.name, numerator, c)])
                bottom = median(figures.rps[(comparison.name, denominator, c)])
                cells.append(f"{top / bottom:.2f}" if bottom else "n/a (no answers)")
            print(f"| {comparison.name}: {numerator} / {denominator} | {goal} | " + " | ".join(cells) + " |")


def comparisons_for(
    registry: Server, raw: Server, fastapi: Server | None, sample: Sample, token: str, before: Server | None = None
) -> list[Comparison]:
    signed_in = (f"Authorization: Bearer {token}",)
    company = f"/api/v1/companies/{sample.company_id}"
    reads = {
        "GET /companies/{id}": company,
        "GET /companies/by-bin/{bin}": f"/api/v1/companies/by-bin/{sample.bin}",
        "GET /companies/ (first page)": "/api/v1/companies/",
        "GET /licences/{number}": f"/api/v1/licences/{sample.licence_number}",
    }
    found: list[Comparison] = []
    for name, path in reads.items():
        sides = [Side("registry", registry, path), Side("registry signed in", registry, path, signed_in)]
        sides.append(Side("raw asyncpg", raw, path))
        ratios = [
            ("registry", "raw asyncpg", ">= 0.5"),
            ("registry signed in", "registry", ">= 0.8"),
        ]
        if fastapi is not None:
            sides.append(Side("FastAPI ORM", fastapi, path))
            ratios.append(("registry", "FastAPI ORM", ">= 2"))
        if path == company:
            sides.append(Side("ceiling", raw, "/ceiling"))
            ratios.append(("registry", "ceiling", "(none)"))
        if before is not None:
            sides += [Side("before", before, path), Side("before signed in", before, path, signed_in)]
            ratios += [
                ("registry", "before", "(change)"),
                ("registry signed in", "before signed in", "(change)"),
                ("before", "raw asyncpg", "(before)"),
                ("before signed in", "before", "(before)"),
            ]
            if fastapi is not None:
                ratios.append(("before", "FastAPI ORM", "(before)"))
        found.append(Comparison(name, tuple(sides), tuple(ratios)))
    return found


@click.command()
@click.option("--companies", default=3000, show_default=True, help="Demo companies in the bench database.")
@click.option("--seed", default=2026, show_default=True)
@click.option("--rounds", default=5, show_default=True)
@click.option("--duration", default=4.0, show_default=True, help="Seconds of each wrk run.")
@click.option("--connections", default="16,64", show_default=True, help="wrk connection counts, comma-separated.")
@click.option("--only", default="", help="Measure only the comparisons whose name contains this text.")
@click.option("--no-fastapi", is_flag=True, help="Leave the FastAPI peer out (it needs the 'bench' extra).")
@click.option("--data-dir", type=click.Path(path_type=Path), default=ROOT / ".data" / "bench-http", show_default=True)
@click.option(
    "--before",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Another checkout of the registry (e.g. 'git archive main | tar -x -C DIR') served beside this one, on the "
    "same database and in the same rounds: the sides 'before' and 'before signed in'.",
)
def main(
    companies: int,
    seed: int,
    rounds: int,
    duration: float,
    connections: str,
    only: str,
    no_fastapi: bool,
    data_dir: Path,
    before: Path | None,
) -> None:
    """Measure the registry's hot HTTP routes against their peers and print medians and ratios."""
    if shutil.which("wrk") is None:
        raise click.ClickException("wrk is not installed: run 'make bench-http' (it installs Debian's wrk package)")
    counts = [int(part) for part in connections.split(",") if part]
    load_before = os.getloadavg()
    print(f"# {platform.node()} · {os.cpu_count()} cores · load average {load_before[0]:.2f} {load_before[1]:.2f}")
    data_dir.mkdir(parents=True, exist_ok=True)
    database = prepare_database(None, data_dir)
    asyncio.run(ensure_loaded(database.url, companies=companies, seed=seed, reuse=True))
    analyze(database.psql_url)
    dsn = database.psql_url
    sample = asyncio.run(pick_sample(dsn))
    token = issue_access_token(sample.founder_id, secret=SECRET, lifetime_seconds=24 * 3600)
    bin_pool = fresh_bins(rounds * len(counts) * 30_000, asyncio.run(existing_bins(dsn)))
    logs = data_dir / "logs"
    logs.mkdir(exist_ok=True)
    peer_env = {"BENCH_DSN": dsn, "BENCH_URL": database.url}
    uvicorn = [sys.executable, "-m", "uvicorn", "--factory", "--log-level", "warning", "--host", "127.0.0.1"]
    servers: list[Server] = []
    try:
        registry_env = {
            "DATABASE_URL": database.url,
            "REGISTRY_JWT_SECRET": SECRET,
            "REGISTRY_DATA_DIR": str(data_dir),
            # 64 connections on a busy 2-core machine wait longer than the default 2 s for one of the 20 pooled
            # connections; the peers' pools wait 30 s (SQLAlchemy's and asyncpg's defaults), so does the registry here.
            "REGISTRY_DB_POOL_TIMEOUT": "30",
        }
        registry = start(
            "registry", [str(ROOT / ".venv/bin/registry"), "serve", "--no-migrate"], registry_env, logs / "registry.log"
        )
        servers.append(registry)
        profile_path = f"/api/v1/companies/{sample.company_id}"
        wait_until_up(registry, profile_path)
        ceiling = data_dir / "ceiling.json"
        ceiling.write_bytes(urllib.request.urlopen(registry.url(profile_path)).read())
        raw = start(
            "raw asyncpg",
            [*uvicorn, "bench.http_peers.raw_asyncpg:create_app"],
            {**peer_env, "BENCH_CEILING": str(ceiling)},
            logs / "raw.log",
        )
        servers.append(raw)
        fastapi = None
        if not no_fastapi:
            fastapi = start(
                "FastAPI ORM", [*uvicorn, "bench.http_peers.fastapi_orm:create_app"], peer_env, logs / "fastapi.log"
            )
            servers.append(fastapi)
        before_server = None
        if before is not None:
            serve_checkout = "import sys; from api.cli import main; sys.argv[0] = 'registry'; main()"
            before_server = start(
                "before",
                [sys.executable, "-c", serve_checkout, "serve", "--no-migrate"],
                {**registry_env, "PYTHONPATH": str(before.resolve())},
                logs / "before.log",
                cwd=before.resolve(),
            )
            servers.append(before_server)
        for server in servers:
            wait_until_up(server, profile_path)
        comparisons = comparisons_for(registry, raw, fastapi, sample, token, before_server)
        same_answers(comparisons)
        with tempfile.TemporaryDirectory() as scratch:
            folder = Path(scratch)
            post = Comparison(
                "POST /companies",
                (
                    Side("registry", registry, "/api/v1/companies/", (f"Authorization: Bearer {token}",), Path()),
                    Side("raw asyncpg loop", None),
                ),
                (("registry", "raw asyncpg loop", ">= 0.6"),),
            )
            comparisons = [c for c in [*comparisons, post] if only in c.name]
            figures = Figures()
            runs = rounds * len(counts)
            half = len(bin_pool) // 2
            wrk_bins, loop_bins = bin_pool[:half], bin_pool[half:]
            per_thread, per_loop = half // 2 // runs, half // runs
            wrk_runs = loop_runs = 0
            for round_number in range(rounds):
                for c in counts:
                    for comparison in comparisons:
                        sides = list(comparison.sides)
                        turn = round_number % len(sides)
                        for side in sides[turn:] + sides[:turn]:
                            key = (comparison.name, side.label, c)
                            if side.server is None:
                                chunk = loop_bins[loop_runs * per_loop : (loop_runs + 1) * per_loop]
                                loop_runs += 1
                                rate = asyncio.run(raw_write_loop(dsn, chunk, sample, c, duration))
                                figures.rps[key].append(rate)
                                continue
                            if side.script is not None:
                                script = post_script(folder, wrk_bins, sample, wrk_runs * per_thread)
                                wrk_runs += 1
                                side = Side(side.label, side.server, side.path, side.headers, script)
                            rps, cpu = run_wrk(side, c, duration)
                            figures.rps[key].append(rps)
                            figures.cpu_ms[key].append(cpu)
                print(f"  round {round_number + 1} of {rounds} done, load average {os.getloadavg()[0]:.2f}")
        report(comparisons, figures, counts)
        load_after = os.getloadavg()
        print(f"\nload average at the end {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f}")
    finally:
        for server in servers:
            stop(server)


if __name__ == "__main__":
    main()
