"""Benchmark of the metrics endpoints at national scale: ``make bench`` (``python bench/metrics.py --help``).

Creates (or reuses) a dedicated database with ``--companies`` demo companies loaded through the demo bulk path
(never the dev or test database), then calls each metrics endpoint through the real ASGI app and compares its
latency with the same SQL run directly in ``psql``. Prints a table and writes it to ``bench/results.md``.
"""

from __future__ import annotations

import asyncio
import logging
import os
import platform
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import click
import httpx
from sqlalchemy.ext.asyncio import AsyncSession

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.app import create_app  # noqa: E402
from api.database import Database, create_engine  # noqa: E402
from api.demo import DEMO_PASSWORD  # noqa: E402
from api.settings import Settings  # noqa: E402
from bench.loading import analyze, ensure_loaded, prepare_database  # noqa: E402
from bench.replay import capture, median, percentile, replay  # noqa: E402

ECONOMIST = "economist@demo.alemai.kz"
WARMUP = 5
MIN_CALLS = 3
"""Calls made (and SQL repetitions) even when an endpoint is slower than the time budget allows."""
METRICS = "/api/v1/metrics"


@dataclass(frozen=True, slots=True)
class Result:
    """One endpoint's figures."""

    label: str
    calls: int
    p50: float
    p95: float
    sql_p50: float
    statements: int

    @property
    def ratio(self) -> float:
        return self.p50 / self.sql_p50 if self.sql_p50 else float("nan")


def endpoints(today: date) -> list[tuple[str, dict[str, str]]]:
    """Every metrics endpoint with the parameters benchmarked (five years of flows, a past and today's stocks)."""
    from api.routes.metrics import metrics_router
    from licensing.confidential_tables import CONFIDENTIAL_FLOWS
    from registry.statistics.dictionary import SERIES_METRICS

    paths = {route.path.removeprefix(METRICS) for route in metrics_router.routes}
    five_years = {"from": f"{today.year - 5}-01-01", "to": f"{today.year - 1}-12-31"}
    past = f"{today.year - 2}-06-30"
    calls: list[tuple[str, dict[str, str]]] = [
        ("/summary", {}),
        ("/summary", {"as_of": past}),
        ("/summary", {"region": "750000000"}),
        ("/summary", {"as_of": past, "region": "470000000"}),
        ("/summary", {"group_by": "region"}),
    ]
    last_year = {"from": f"{today.year - 1}-01-01", "to": f"{today.year - 1}-12-31"}
    for metric in SERIES_METRICS:
        if metric in CONFIDENTIAL_FLOWS:  # from the release of last year (made before the calls)
            calls += [("/timeseries", {"metric": metric, "interval": i, **last_year}) for i in ("year", "quarter")]
            continue
        intervals = ("year",) if metric == "pivot_rate" else ("year", "month")  # the pivot rate is yearly only
        calls += [("/timeseries", {"metric": metric, "interval": i, **five_years}) for i in intervals]
    calls += [
        ("/timeseries", {"metric": "companies_registered", "interval": "month", "group_by": "region", **five_years}),
        ("/timeseries", {"metric": "licences_issued", "interval": "year", "group_by": "licence_type", **five_years}),
        ("/licensing", last_year),
        ("/growth", {"first": str(today.year - 1), "last": str(today.year - 1)}),
        ("/summary", {"as_of": f"{today.year - 1}-12-31", "group_by": "region"}),
        ("/dictionary", {}),
        ("/stock-flow", {"year": str(today.year - 1)}),
        ("/stock-flow", {"year": str(today.year - 1), "group_by": "region", "interval": "quarter"}),
    ]
    # As known at a moment: stocks and licences in force from the checkpoints and the spans' versions, flows from
    # the checkpoints and the flow facts' versions, the stock-flow account from the spans, cohorts still from the
    # register's history.
    known_at = datetime.now(UTC).replace(microsecond=0).isoformat()  # after the load: everything is known
    calls += [
        ("/summary", {"as_of": f"{today.year - 1}-12-31", "known_at": known_at}),
        ("/summary", {"as_of": f"{today.year - 1}-12-31", "known_at": known_at, "group_by": "region"}),
        *(
            ("/timeseries", {"metric": metric, "interval": interval, "known_at": known_at, **five_years})
            for metric in SERIES_METRICS
            if metric not in CONFIDENTIAL_FLOWS and metric != "pivot_rate"
            for interval in ("year", "month")
        ),
        (
            "/timeseries",
            {"metric": "companies_registered", "interval": "month", "group_by": "region", "known_at": known_at}
            | five_years,
        ),
        (
            "/timeseries",
            {"metric": "licences_issued", "interval": "quarter", "group_by": "licence_type", "known_at": known_at}
            | five_years,
        ),
        (
            "/timeseries",
            {"metric": "pivots_to_ai", "interval": "year", "group_by": "legal_form", "region": "750000000"}
            | {"known_at": known_at, **five_years},
        ),
        (
            "/timeseries",
            {"metric": "born_ai_native", "interval": "quarter", "known_at": known_at}
            | {"from": f"{today.year - 3}-02-15", "to": f"{today.year - 1}-11-20"},
        ),
        ("/timeseries", {"metric": "pivot_rate", "interval": "year", "known_at": known_at, **five_years}),
        ("/licensing", {**last_year, "known_at": known_at}),
        ("/stock-flow", {"year": str(today.year - 1), "known_at": known_at}),
        ("/cohorts", {"known_at": known_at}),
        ("/growth", {"known_at": known_at, "first": str(today.year - 1), "last": str(today.year - 1)}),
    ]
    calls += [(path, {}) for path in sorted(paths - {p for p, _ in calls}) if "{" not in path]
    return [(path, params) for path, params in calls if path in paths]


async def _make_release(engine: Any, period: int) -> float:
    """Make the release of ``period`` (the confidential endpoints answer from it) and return how long it took."""
    from api.settings import disclosure_settings
    from licensing.releases import create_release

    started = time.perf_counter()
    async with AsyncSession(bind=engine) as session, session.begin():
        settings = Settings(environment="test", jwt_secret="bench-secret-" + "0" * 40, log_json=False)
        await create_release(
            session, disclosure_settings(settings), period=period, actor_id=None, now=datetime.now(UTC)
        )
    return time.perf_counter() - started


async def _sign_in(client: httpx.AsyncClient) -> dict[str, str]:
    response = await client.post("/api/v1/auth/login", json={"email": ECONOMIST, "password": DEMO_PASSWORD})
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def measure(
    url: str, psql_url: str, *, calls: int, budget: float, skip: tuple[str, ...] = (), only: tuple[str, ...] = ()
) -> list[Result]:
    """Call each endpoint ``calls`` times (or for ``budget`` seconds), then replay its SQL as many times in psql."""
    engine = create_engine(url, pool_size=4)
    settings = Settings(environment="test", jwt_secret="bench-secret-" + "0" * 40, log_json=False)
    app = create_app(settings, database=Database.for_engine(engine))
    # The access log and the client's request log would print 200 lines per endpoint: keep warnings only.
    for name in ("api.access", "httpx"):
        logging.getLogger(name).setLevel(logging.WARNING)
    today = date.today()
    results: list[Result] = []
    try:
        # The app's lifespan runs as under `registry serve` (it freezes the start-up heap out of the collector).
        async with (
            app.lifespan(),
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench") as client,
        ):
            headers = await _sign_in(client)
            release_seconds = await _make_release(engine, today.year - 1)
            print(f"release of {today.year - 1}: {release_seconds:.1f} s", flush=True)
            for path, params in endpoints(today):
                label = path + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")
                if any(text in label for text in skip) or (only and not any(text in label for text in only)):
                    continue
                results.append(
                    await _measure_one(client, engine, psql_url, label, path, params, headers, calls, budget)
                )
                print(_row(results[-1]), flush=True)
    finally:
        await engine.dispose()
    return results


async def _measure_one(
    client: httpx.AsyncClient,
    engine: Any,
    psql_url: str,
    label: str,
    path: str,
    params: dict[str, str],
    headers: dict[str, str],
    calls: int,
    budget: float,
) -> Result:
    async def call() -> None:
        response = await client.get(METRICS + path, params=params, headers=headers)
        if response.status_code != 200:
            raise RuntimeError(f"{label}: {response.status_code} {response.text[:300]}")

    return await timed(call, engine, psql_url, label, calls, budget)


async def timed(
    call: Callable[[], Awaitable[None]], engine: Any, psql_url: str, label: str, calls: int, budget: float
) -> Result:
    """Time ``call`` (after warm-up) and the statements its first run executed, replayed in psql."""
    first = time.perf_counter()
    with capture(engine) as statements:
        await call()
    slow = time.perf_counter() - first > 1  # a slow endpoint is warm after one call; more would only cost time
    for _ in range(0 if slow else WARMUP - 1):
        await call()
    times: list[float] = []
    deadline = time.perf_counter() + budget
    while len(times) < calls and (time.perf_counter() < deadline or len(times) < MIN_CALLS):
        started = time.perf_counter()
        await call()
        times.append((time.perf_counter() - started) * 1000)
    raw = replay(psql_url, statements, repetitions=max(MIN_CALLS, len(times))) if statements else [0.0]
    return Result(label, len(times), median(times), percentile(times, 0.95), median(raw), len(statements))


async def measure_rollup_functions(url: str, psql_url: str, *, calls: int, budget: float) -> list[Result]:
    """The registry's part of the summary, and the rollup readers the routes do not call yet, with a session."""
    from licensing.release_tables import _ACCOUNT_TABLES
    from licensing.rollups import history_licences_in_force, known_licences_in_force, licences_in_force
    from registry.statistics.flows import flow_counts
    from registry.statistics.known_stocks import history_bucket_stocks, known_bucket_stocks
    from registry.statistics.stock_flow import stock_flow_accounts
    from registry.statistics.stocks import registry_summary

    engine = create_engine(url, pool_size=2)
    today = date.today()
    start, end = date(today.year - 5, 1, 1), date(today.year - 1, 12, 31)
    past = date(today.year - 2, 6, 30)
    year_end, known_at = date(today.year - 1, 12, 31), datetime.now(UTC)
    release_accounts: list[Any] = [
        *((interval, "none") for interval in ("year", "quarter")),
        *((interval, dimension) for _, interval, dimension in _ACCOUNT_TABLES),
    ]
    readers: dict[str, Callable[[AsyncSession], Awaitable[object]]] = {
        "registry_summary(today)": lambda s: registry_summary(s, as_of=today, region=None),
        "registry_summary(past day, one region)": lambda s: registry_summary(s, as_of=past, region="470000000"),
        "registry_summary(today, group_by=region)": lambda s: registry_summary(
            s, as_of=today, region=None, group_by="region"
        ),
        "flow_counts(companies_registered, month, 5 years)": lambda s: flow_counts(
            s, metric="companies_registered", interval="month", start=start, end=end, group_by=None, region=None
        ),
        "flow_counts(companies_registered, month, 5 years, by region)": lambda s: flow_counts(
            s, metric="companies_registered", interval="month", start=start, end=end, group_by="region", region=None
        ),
        "flow_counts(companies_registered, year, 5 years, by legal form, one region)": lambda s: flow_counts(
            s,
            metric="companies_registered",
            interval="year",
            start=start,
            end=end,
            group_by="legal_form",
            region="750000000",
        ),
        "licences_in_force(today)": lambda s: licences_in_force(s, as_of=today, region=None),
        "licences_in_force(past day, one region)": lambda s: licences_in_force(s, as_of=past, region="470000000"),
        # As known at a moment: the fast readings next to the definitions they are tested against (same run).
        "known_bucket_stocks(year end, by region)": lambda s: known_bucket_stocks(
            s, as_of=year_end, region=None, known_at=known_at, by_region=True
        ),
        "history_bucket_stocks(year end, by region)": lambda s: history_bucket_stocks(
            s, as_of=year_end, region=None, known_at=known_at, by_region=True
        ),
        "known_licences_in_force(year end)": lambda s: known_licences_in_force(
            s, as_of=year_end, region=None, known_at=known_at
        ),
        "history_licences_in_force(year end)": lambda s: history_licences_in_force(
            s, as_of=year_end, region=None, known_at=known_at
        ),
        "stock_flow_accounts(year, country)": lambda s: stock_flow_accounts(
            s, year=today.year - 1, tables=[("year", "none")], known_at=known_at
        ),
        "stock_flow_accounts(year, country, from history)": lambda s: stock_flow_accounts(
            s, year=today.year - 1, tables=[("year", "none")], known_at=known_at, from_history=True
        ),
        "stock_flow_accounts(a release's tables)": lambda s: stock_flow_accounts(
            s, year=today.year - 1, tables=release_accounts, known_at=known_at
        ),
        "stock_flow_accounts(a release's tables, from history)": lambda s: stock_flow_accounts(
            s, year=today.year - 1, tables=release_accounts, known_at=known_at, from_history=True
        ),
    }
    results: list[Result] = []
    try:
        async with engine.connect() as connection:
            session = AsyncSession(bind=connection)
            for label, reader in readers.items():

                async def call(reader: Callable[[AsyncSession], Awaitable[object]] = reader) -> None:
                    await reader(session)

                results.append(await timed(call, engine, psql_url, label, calls, budget))
                print(_row(results[-1]), flush=True)
            await session.close()
    finally:
        await engine.dispose()
    return results


_Reader = Callable[[AsyncSession], Awaitable[object]]


@dataclass(frozen=True, slots=True)
class Pair:
    """A fast reading and its definition, timed in alternation (the same load on the machine for both)."""

    label: str
    calls: int
    fast_p50: float
    fast_p95: float
    definition_p50: float
    definition_p95: float

    @property
    def ratio(self) -> float:
        return self.definition_p50 / self.fast_p50 if self.fast_p50 else float("nan")


_ACCOUNT_TABLES: Any = [(interval, dimension) for interval in ("year", "quarter") for dimension in ("none", "region")]


async def make_checkpoint(url: str) -> tuple[float, int | None]:
    """One statistics checkpoint, as ``registry statistics checkpoint`` makes it: its seconds and id."""
    from registry.statistics.known_stocks import make_checkpoint as checkpoint

    engine = create_engine(url, pool_size=1)
    try:
        started = time.perf_counter()
        async with AsyncSession(bind=engine) as session, session.begin():
            made = await checkpoint(session, now=datetime.now(UTC))
        return time.perf_counter() - started, made
    finally:
        await engine.dispose()


async def measure_pairs(url: str, *, calls: int) -> list[Pair]:
    """Each fast reading as known at a moment against its definition, called alternately ``calls`` times each."""
    from licensing.rollups import history_licences_in_force, known_licences_in_force
    from registry.statistics.history_flows import history_flow_counts
    from registry.statistics.known_flows import known_flow_counts
    from registry.statistics.known_stocks import history_bucket_stocks, known_bucket_stocks
    from registry.statistics.stock_flow import stock_flow_accounts

    engine = create_engine(url, pool_size=2)
    today = date.today()
    year_end, past, known_at = date(today.year - 1, 12, 31), date(today.year - 2, 6, 30), datetime.now(UTC)
    five_years = {"start": date(today.year - 5, 1, 1), "end": year_end, "region": None, "known_at": known_at}
    pairs: dict[str, tuple[_Reader, _Reader]] = {
        "registrations per month, 5 years, by region": (
            lambda s: known_flow_counts(
                s, metric="companies_registered", interval="month", group_by="region", **five_years
            ),
            lambda s: history_flow_counts(
                s, metric="companies_registered", interval="month", group_by="region", **five_years
            ),
        ),
        "pivots to AI per year, 5 years": (
            lambda s: known_flow_counts(s, metric="pivots_to_ai", interval="year", group_by=None, **five_years),
            lambda s: history_flow_counts(s, metric="pivots_to_ai", interval="year", group_by=None, **five_years),
        ),
        "licences issued per quarter, 5 years, by licence type": (
            lambda s: known_flow_counts(
                s, metric="licences_issued", interval="quarter", group_by="licence_type", **five_years
            ),
            lambda s: history_flow_counts(
                s, metric="licences_issued", interval="quarter", group_by="licence_type", **five_years
            ),
        ),
        "licences in force, year end, country": (
            lambda s: known_licences_in_force(s, as_of=year_end, region=None, known_at=known_at),
            lambda s: history_licences_in_force(s, as_of=year_end, region=None, known_at=known_at),
        ),
        "licences in force, past day, one region": (
            lambda s: known_licences_in_force(s, as_of=past, region="750000000", known_at=known_at),
            lambda s: history_licences_in_force(s, as_of=past, region="750000000", known_at=known_at),
        ),
        "stocks, year end, by region": (
            lambda s: known_bucket_stocks(s, as_of=year_end, region=None, known_at=known_at, by_region=True),
            lambda s: history_bucket_stocks(s, as_of=year_end, region=None, known_at=known_at, by_region=True),
        ),
        "stock-flow account, last year, by quarter and every breakdown": (
            lambda s: stock_flow_accounts(s, year=today.year - 1, tables=_ACCOUNT_TABLES, known_at=known_at),
            lambda s: stock_flow_accounts(
                s, year=today.year - 1, tables=_ACCOUNT_TABLES, known_at=known_at, from_history=True
            ),
        ),
    }
    results: list[Pair] = []
    try:
        async with engine.connect() as connection:
            session = AsyncSession(bind=connection)
            for label, (fast, definition) in pairs.items():
                assert _comparable(await fast(session)) == _comparable(await definition(session)), label
                fast_times: list[float] = []
                definition_times: list[float] = []
                for _ in range(calls):
                    for reader, times in ((fast, fast_times), (definition, definition_times)):
                        started = time.perf_counter()
                        await reader(session)
                        times.append((time.perf_counter() - started) * 1000)
                results.append(
                    Pair(
                        label,
                        calls,
                        median(fast_times),
                        percentile(fast_times, 0.95),
                        median(definition_times),
                        percentile(definition_times, 0.95),
                    )
                )
                print(_pair_row(results[-1]), flush=True)
            await session.close()
    finally:
        await engine.dispose()
    return results


def _comparable(figures: object) -> object:
    """What a fast reading must share with its definition: a flow's values per period and group (the contributors
    of a group are counted as the live rollups count them), any other reading as it is."""
    if isinstance(figures, list):
        return sorted((row.period, row.grp or "", row.is_total, row.value) for row in figures if row.value)
    return figures


def _pair_row(pair: Pair) -> str:
    return (
        f"| {pair.label} | {pair.calls} | {pair.fast_p50:.1f} | {pair.fast_p95:.1f} | {pair.definition_p50:.1f} "
        f"| {pair.definition_p95:.1f} | {pair.ratio:.0f} |"
    )


def _row(result: Result) -> str:
    return (
        f"| `{result.label}` | {result.calls} | {result.p50:.1f} | {result.p95:.1f} | {result.sql_p50:.1f} "
        f"({result.statements}) | {result.ratio:.2f} |"
    )


def markdown(
    results: list[Result], *, companies: int, load_seconds: float, command: str, calls: int, budget: float
) -> str:
    """The results as the Markdown kept in ``bench/results.md``."""
    cpu = subprocess.run(["nproc"], capture_output=True, text=True, check=False).stdout.strip()
    lines = [
        "# Metrics benchmark",
        "",
        f"{companies:,} demo companies (demo bulk path, loaded in {load_seconds / 60:.0f} min), "
        f"PostgreSQL 18 embedded, {platform.python_implementation()} {platform.python_version()}, "
        f"{cpu} cores; run on {date.today().isoformat()} with `{command}`.",
        "",
        "API: the real ASGI app (httpx.ASGITransport, economist token), after 5 warm-up calls (1 for an endpoint "
        "slower than a second). Raw SQL: the "
        "statements the request ran (captured from SQLAlchemy, the token check included), prepared and executed "
        "in `psql` with `\\timing on`, summed per request, as many times as the API was called; (n) is the number of "
        f"statements. Ratio = API p50 / SQL p50. An endpoint gets {calls} calls or as many as fit in "
        f"{budget:.0f} s (at least {MIN_CALLS}).",
        "",
        "| endpoint | calls | p50 ms | p95 ms | raw SQL p50 ms (statements) | ratio |",
        "|---|---|---|---|---|---|",
        *(_row(result) for result in results),
        "",
    ]
    return "\n".join(lines)


_PAIR_HEADER = (
    "| reading | calls each | fast p50 ms | fast p95 ms | definition p50 ms | definition p95 ms | ratio |\n"
    "|---|---|---|---|---|---|---|"
)


def _load_average() -> str:
    return " ".join(f"{load:.2f}" for load in os.getloadavg())


@click.command()
@click.option("--companies", type=int, default=1_000_000, show_default=True, help="Size of the register.")
@click.option("--seed", type=int, default=2026, show_default=True)
@click.option("--calls", type=int, default=200, show_default=True, help="Calls per endpoint (after warm-up).")
@click.option("--budget", type=float, default=60.0, show_default=True, help="Seconds per endpoint at most.")
@click.option("--database-url", default=None, help="A server to create 'registry_bench' on (default: embedded).")
@click.option("--data-dir", type=click.Path(path_type=Path), default=ROOT / ".data" / "bench", show_default=True)
@click.option("--reuse/--reload", default=True, show_default=True, help="Reuse a database of the same size+seed.")
@click.option("--skip", multiple=True, help="Leave out endpoints whose label contains this text (repeatable).")
@click.option("--only", multiple=True, help="Keep only endpoints whose label contains this text (repeatable).")
@click.option("--readers/--no-readers", default=True, show_default=True, help="Time the rollup readers directly.")
@click.option("--output", type=click.Path(path_type=Path), default=ROOT / "bench" / "results.md", show_default=True)
def main(
    companies: int,
    seed: int,
    calls: int,
    budget: float,
    database_url: str | None,
    data_dir: Path,
    reuse: bool,
    skip: tuple[str, ...],
    only: tuple[str, ...],
    readers: bool,
    output: Path,
) -> None:
    """Load (or reuse) the bench database, then benchmark every metrics endpoint against raw SQL."""
    bench = prepare_database(database_url, data_dir)
    load_seconds = asyncio.run(ensure_loaded(bench.url, companies=companies, seed=seed, reuse=reuse))
    print("VACUUM ANALYZE", flush=True)
    analyze(bench.psql_url)
    seconds, made = asyncio.run(make_checkpoint(bench.url))
    print(f"statistics checkpoint {made} made in {seconds:.1f} s (the stock-flow account's changes included)")
    print("| endpoint | calls | p50 ms | p95 ms | raw SQL p50 ms (statements) | ratio |\n|---|---|---|---|---|---|")
    results = asyncio.run(measure(bench.url, bench.psql_url, calls=calls, budget=budget, skip=skip, only=only))
    print("rollup readers, called directly:")
    timed_readers = (
        asyncio.run(measure_rollup_functions(bench.url, bench.psql_url, calls=calls, budget=budget)) if readers else []
    )
    print(f"fast readings vs their definitions, alternately (load average {_load_average()}):")
    print(_PAIR_HEADER)
    pairs = asyncio.run(measure_pairs(bench.url, calls=max(MIN_CALLS, min(calls, 10))))
    command = "python bench/metrics.py " + " ".join(sys.argv[1:])
    text = markdown(
        results, companies=companies, load_seconds=load_seconds, command=command.strip(), calls=calls, budget=budget
    )
    text += "\n".join(
        [
            "",
            "The registry's part of /summary and the rollup readers not yet called by the routes, called directly "
            "(a session, no HTTP; ratio = Python p50 / SQL p50):",
            "",
            "| reader | calls | p50 ms | p95 ms | raw SQL p50 ms (statements) | ratio |",
            "|---|---|---|---|---|---|",
            *(_row(result) for result in timed_readers),
            "",
            f"Fast readings as known at a moment vs their definitions, called alternately (load average "
            f"{_load_average()}; ratio = definition p50 / fast p50):",
            "",
            _PAIR_HEADER,
            *(_pair_row(pair) for pair in pairs),
            "",
        ]
    )
    output.write_text(text)
    print(f"written to {output}")


if __name__ == "__main__":
    main()
