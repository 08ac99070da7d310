"""A small hand-built ecosystem in Ulytau Region for the metrics tests, and helpers to read the metrics.

No other test registers companies in Ulytau (620000000), and every test runs in a transaction that is rolled back,
so filtering by that region sees exactly the companies built here. The expected figures are worked out by hand,
not by calling the code: public ones exactly, confidential ones from the disclosure rules (k = 3 companies,
dominance: two largest > 85 %) as a release protects them.

The ecosystem (registration date, legal form; declarations with the day they were filed):

======  ==========  =====  ===============================================================================
company registered  form   declarations
======  ==========  =====  ===============================================================================
A       2023-03-10  llp    2023 ai_native (filed 2024-03-01), 2024 ai_native 4 AI FTE (2025-03-01)
B       2023-05-20  llp    2023 non_ai (2024-03-01), 2024 ai_native 4 AI FTE (2025-03-01): pivot to AI in 2024
C       2023-08-01  jsc    2023 ai_native (2024-03-01), 2024 ai_native 4 AI FTE (2025-03-01), superseded by
                           2024 non_ai (2026-06-15 10:00 UTC): pivot away in 2024
H       2023-01-15  llp    2023 ai_native (2024-03-01); suspended since
D       2024-02-15  jsc    2024 ai_native 20 AI FTE of 25 (2025-03-01)
E, F    2024-04/06  jsc    2024 non_ai (2025-03-01)
J, N    2024-09/11  llp    J: 2024 non_ai (2025-03-01); N: none
K       2024-10-10  llp    2024 ai_enabled 2 AI FTE (2025-03-01)
G       2025-07-01  llp    2025 ai_native 4 AI FTE (filed 2026-08-01)
I       2026-07-01  llp    none
======  ==========  =====  ===============================================================================
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from api.database import Database
from tests.factories import account, register_company, unique_bin

ULYTAU = "620000000"
METRICS = "/api/v1/metrics"

# name: (registration date, legal form, [(fiscal year, class, AI FTE, filed at)])
ECOSYSTEM: dict[str, tuple[str, str, list[tuple[int, str, int, str]]]] = {
    "A": ("2023-03-10", "llp", [(2023, "ai_native", 4, "2024-03-01"), (2024, "ai_native", 4, "2025-03-01")]),
    "B": ("2023-05-20", "llp", [(2023, "non_ai", 0, "2024-03-01"), (2024, "ai_native", 4, "2025-03-01")]),
    "C": (
        "2023-08-01",
        "jsc",
        [
            (2023, "ai_native", 4, "2024-03-01"),
            (2024, "ai_native", 4, "2025-03-01"),
            (2024, "non_ai", 0, "2026-06-15T10:00:00+00:00"),
        ],
    ),
    "H": ("2023-01-15", "llp", [(2023, "ai_native", 4, "2024-03-01")]),
    "D": ("2024-02-15", "jsc", [(2024, "ai_native", 20, "2025-03-01")]),
    "E": ("2024-04-10", "jsc", [(2024, "non_ai", 0, "2025-03-01")]),
    "F": ("2024-06-10", "jsc", [(2024, "non_ai", 0, "2025-03-01")]),
    "J": ("2024-09-10", "llp", [(2024, "non_ai", 0, "2025-03-01")]),
    "K": ("2024-10-10", "llp", [(2024, "ai_enabled", 2, "2025-03-01")]),
    "N": ("2024-11-10", "llp", []),
    "G": ("2025-07-01", "llp", [(2025, "ai_native", 4, "2026-08-01")]),
    "I": ("2026-07-01", "llp", []),
}


# (company, kind, from class, to class, to period, series, retracted): the pivot events the pipeline derives from
# the declarations above, plus one retracted event and one of a recomputed series, which the metrics must ignore.
PIVOTS = [
    ("A", "born_ai_native", None, "ai_native", 2023, "live", False),
    ("C", "born_ai_native", None, "ai_native", 2023, "live", False),
    ("H", "born_ai_native", None, "ai_native", 2023, "live", False),
    ("D", "born_ai_native", None, "ai_native", 2024, "live", False),
    ("G", "born_ai_native", None, "ai_native", 2025, "live", False),
    ("B", "pivot_to_ai", "non_ai", "ai_native", 2024, "live", False),
    ("C", "pivot_away", "ai_native", "non_ai", 2024, "live", False),
    ("J", "pivot_to_ai", "non_ai", "ai_native", 2024, "live", True),
    ("K", "pivot_to_ai", "non_ai", "ai_native", 2024, "rubric-2", False),
]

_INSERT_DECLARATION = text(
    """
    INSERT INTO declarations (id, company_id, fiscal_year, revenue_total, revenue_ai, fte_total, fte_ai,
        opex_total, opex_ai, owns_data_library, filed_at, rubric_version, ai_class, evaluation)
    VALUES (gen_random_uuid(), :company, :year, 100000000, :revenue_ai, :fte_total, :fte_ai,
        40000000, 0, false, :filed_at, 1, :ai_class, '{}'::jsonb)
    """
)
_INSERT_PIVOT = text(
    """
    INSERT INTO pivot_events (id, company_id, series, kind, from_class, to_class, from_period, to_period,
        to_period_end, months_since_registration, rubric_version, detected_at, retracted_at)
    VALUES (gen_random_uuid(), :company, :series, :kind, :from_class, :to_class, :from_period, :to_period,
        make_date(:year, 12, 31), 12, 1, now(), CASE WHEN :retracted THEN now() END)
    """
)


HISTORY_KNOWN_SINCE = datetime(2023, 1, 1, tzinfo=UTC)
"""When the registry recorded the ecosystem's history (its companies, H's suspension)."""


def _moment(value: str) -> datetime:
    return datetime.fromisoformat(value if "T" in value else f"{value}T09:00:00+00:00")


async def build_ecosystem(client: httpx.AsyncClient, database: Database, connection: AsyncConnection) -> dict[str, str]:
    """Register the companies over HTTP; store their declarations (with the day filed) and pivot events directly.

    Declarations are immutable and stamped with the wall clock when filed over HTTP, so the filings of past days
    are written with their ``filed_at`` here.
    """
    founder = await account(client, database)
    ids: dict[str, str] = {}
    for name, (registered, legal_form, declarations) in ECOSYSTEM.items():
        day = date.fromisoformat(registered)
        company = await register_company(
            client,
            founder,
            bin=unique_bin(day.replace(day=1)),
            registration_date=registered,
            region=ULYTAU,
            legal_form=legal_form,
        )
        ids[name] = company["id"]
        for fiscal_year, ai_class, fte_ai, filed_at in declarations:
            revenue_ai = {"ai_native": 80_000_000, "ai_enabled": 20_000_000, "non_ai": 0}[ai_class]
            await connection.execute(
                _INSERT_DECLARATION,
                {
                    "company": company["id"],
                    "year": fiscal_year,
                    "revenue_ai": revenue_ai,
                    "fte_total": max(10, fte_ai + 5),
                    "fte_ai": fte_ai,
                    "filed_at": _moment(filed_at),
                    "ai_class": ai_class,
                },
            )
    for name, kind, from_class, to_class, year, series, retracted in PIVOTS:
        await connection.execute(
            _INSERT_PIVOT,
            {
                "company": ids[name],
                "series": series,
                "kind": kind,
                "from_class": from_class,
                "to_class": to_class,
                "from_period": None if from_class is None else str(year - 1),
                "to_period": str(year),
                "year": year,
                "retracted": retracted,
            },
        )
    # H has been suspended since 1 June 2024; the registry has known the whole history since before it began
    # (the tests ask about past days with known_at, so the history must not look recorded today).
    await connection.execute(text("SELECT set_config('registry.effective_on', '2024-06-01', true)"))
    await connection.execute(text("UPDATE companies SET status = 'suspended' WHERE id = :c"), {"c": ids["H"]})
    await connection.execute(text("SELECT set_config('registry.effective_on', '', true)"))
    await connection.execute(
        text(
            "UPDATE company_history SET recorded_at = :known, "
            "superseded_at = CASE WHEN superseded_at IS NOT NULL THEN CAST(:known AS timestamptz) END "
            "WHERE company_id = ANY(CAST(:ids AS uuid[]))"
        ),
        {"known": HISTORY_KNOWN_SINCE, "ids": list(ids.values())},
    )
    return ids


def cells(body: dict[str, Any]) -> dict[tuple[str, str | None], Any]:
    """``(metric, group) -> value``, or ``"C"`` for a withheld cell (no reason is published)."""
    assert all("reason" not in c for c in body["cells"]), "the reason a cell is withheld is for staff only"
    return {(c["metric"], c["group"]): ("C" if c["suppressed"] else c["value"]) for c in body["cells"]}


async def get(client: httpx.AsyncClient, headers: dict[str, str], path: str, **params: str) -> Any:
    response = await client.get(f"{METRICS}{path}", params={"region": ULYTAU, **params}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def numbers(body: dict[str, Any]) -> dict[tuple[str, str | None], Any]:
    """Like :func:`cells`, with published values as ``Decimal`` (magnitudes come as decimal strings)."""
    return {key: value if value == "C" else Decimal(str(value)) for key, value in cells(body).items()}


def points(body: dict[str, Any]) -> list[tuple[str, str | None, Any]]:
    assert all("reason" not in p for p in body["points"]), "the reason a cell is withheld is for staff only"
    return [(p["period"], p["group"], "C" if p["suppressed"] else p["value"]) for p in body["points"]]


APPLICATIONS = [
    ("A", "ai_native", "approved", "2025-03-03", "2025-03-13", "2025-03-24"),  # 10 days, in time
    ("B", "ai_native", "approved", "2025-04-01", "2025-04-21", "2025-04-22"),  # 20 days, in time
    ("D", "ai_native", "approved", "2025-06-02", "2025-06-06", "2025-06-23"),  # 4 days, in time
    ("C", "standard_digital", "rejected", "2025-05-05", "2025-06-04", "2025-05-26"),  # 30 days, late
    ("E", "standard_digital", "rejected", "2025-07-01", "2025-07-07", "2025-07-22"),  # 6 days, in time
    ("J", "standard_digital", "rejected", "2025-08-01", "2025-08-13", "2025-08-12"),  # 12 days, late
    ("K", "ai_native", "in_review", "2025-09-01", None, "2025-09-22"),
    ("N", "ai_native", "sent_back", "2025-09-15", None, "2025-10-06"),
    ("G", "ai_native", "withdrawn", "2025-10-01", None, "2025-10-22"),
    ("F", "standard_digital", "approved", "2024-12-20", "2025-01-09", "2025-01-14"),  # first submitted in 2024
]
# (company, licence type, valid from, valid until): issued on the day they become valid.
LICENCES = [
    ("A", "ai_native", "2025-03-13", "2027-03-12"),
    ("B", "ai_native", "2025-04-21", "2027-04-20"),
    ("D", "ai_native", "2025-06-06", "2027-06-05"),
    ("F", "standard_digital", "2025-01-09", "2026-01-08"),
]

_INSERT_APPLICATION = text(
    """
    INSERT INTO licence_applications (id, company_id, licence_type, declaration_id, state, submitted_at,
        first_submitted_at, decided_at, decision_due)
    VALUES (:id, :company, :licence_type,
        (SELECT id FROM declarations WHERE company_id = :company OR NOT EXISTS
            (SELECT 1 FROM declarations WHERE company_id = :company) ORDER BY company_id = :company DESC LIMIT 1),
        :state, :submitted, :submitted, :decided, :due)
    """
)
_INSERT_LICENCE = text(
    """
    INSERT INTO licences (id, number, licence_type, year, serial, company_id, application_id, status, valid_from,
        valid_until, created_at, updated_at)
    VALUES (gen_random_uuid(), :number, :licence_type, 2025, :serial, :company, :application, 'active', :valid_from,
        :valid_until, :issued, :issued)
    """
)


async def build_licence_track(connection: AsyncConnection, ids: dict[str, str]) -> None:
    """Store the applications and licences above directly, with their past dates."""
    applications: dict[str, uuid.UUID] = {}
    for name, licence_type, state, submitted, decided, due in APPLICATIONS:
        applications[name] = uuid.uuid4()
        await connection.execute(
            _INSERT_APPLICATION,
            {
                "id": applications[name],
                "company": ids[name],
                "licence_type": licence_type,
                "state": state,
                "submitted": _moment(submitted),
                "decided": None if decided is None else _moment(decided),
                "due": date.fromisoformat(due),
            },
        )
    for serial, (name, licence_type, valid_from, valid_until) in enumerate(LICENCES, start=99_001):
        await connection.execute(
            _INSERT_LICENCE,
            {
                "number": f"{'AIN' if licence_type == 'ai_native' else 'SDL'}-2025-{serial:05d}",
                "licence_type": licence_type,
                "serial": serial,
                "company": ids[name],
                "application": applications[name],
                "valid_from": date.fromisoformat(valid_from),
                "valid_until": date.fromisoformat(valid_until),
                "issued": _moment(valid_from),
            },
        )
