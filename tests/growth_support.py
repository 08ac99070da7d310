"""A hand-built ecosystem in Ulytau Region for the cohort and growth metrics (see ``tests.metrics_support``).

Every test runs in a transaction that is rolled back and no other test of these metrics registers companies in
Ulytau (620000000) in the same test, so filtering by that region sees exactly these companies. Declarations are
annual unless a quarter is given and are filed on 1 March of the next year unless a day is given. Figures are
(class, total FTE, total revenue in millions of tenge):

======  ==========  ===========================================================================================
company registered  declarations
======  ==========  ===========================================================================================
P1      2021-02-01  2022 N 10/100, 2023 N 12/150, 2024 N 15/200, 2025 N 14/210
P2      2021-03-01  2022 X 20/100, 2023 X 22/90, 2024 N 30/120, 2025 N 40/180
P3      2021-04-01  2022 N 5/50, 2023 N 6/60, 2024 N 0/0 (no revenue, no staff: not active)
P4      2021-05-01  2022 X 12/80, 2023 X 12/80, 2024 X 13/88, 2025 X 15/100
P5      2021-06-01  none
Q1      2022-01-10  2023 N 8/40, 2024 N 10/60, 2025 N 12/66
Q2      2022-02-10  2023 X 3/10, 2024 X 3/12, 2025 Q4 only X 5/4
Q3      2022-03-10  2023 E 4/20, 2024 E 4/20, 2025 E 5/30, superseded by 2025 N 5/30 filed 2026-09-01
======  ==========  ===========================================================================================

N = ai_native, E = ai_enabled, X = non_ai.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import NamedTuple

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from api.database import Database
from tests.factories import account, register_company, unique_bin
from tests.metrics_support import ULYTAU

CLASSES = {"N": "ai_native", "E": "ai_enabled", "X": "non_ai"}

# company: (registered, declarations as in the table above: "year[ Qn] class FTE/revenue[ filed on]; ...")
GROWTH_ECOSYSTEM: dict[str, tuple[str, str]] = {
    "P1": ("2021-02-01", "2022 N 10/100; 2023 N 12/150; 2024 N 15/200; 2025 N 14/210"),
    "P2": ("2021-03-01", "2022 X 20/100; 2023 X 22/90; 2024 N 30/120; 2025 N 40/180"),
    "P3": ("2021-04-01", "2022 N 5/50; 2023 N 6/60; 2024 N 0/0"),
    "P4": ("2021-05-01", "2022 X 12/80; 2023 X 12/80; 2024 X 13/88; 2025 X 15/100"),
    "P5": ("2021-06-01", ""),
    "Q1": ("2022-01-10", "2023 N 8/40; 2024 N 10/60; 2025 N 12/66"),
    "Q2": ("2022-02-10", "2023 X 3/10; 2024 X 3/12; 2025 Q4 X 5/4"),
    "Q3": ("2022-03-10", "2023 E 4/20; 2024 E 4/20; 2025 E 5/30; 2025 N 5/30 2026-09-01"),
}


class Declared(NamedTuple):
    year: int
    quarter: int | None
    ai_class: str
    fte: Decimal
    revenue_millions: int
    filed_on: str


def declarations(spec: str) -> list[Declared]:
    """Parse ``"2025 Q4 X 5/4; 2025 N 5/30 2026-09-01"``: year, quarter, class, FTE/revenue and the day filed."""
    parsed = []
    for item in filter(None, (part.strip() for part in spec.split(";"))):
        words = item.split()
        year = int(words.pop(0))
        quarter = int(words.pop(0)[1:]) if words[0].startswith("Q") else None
        ai_class, figures = CLASSES[words[0]], words[1]
        fte_text, revenue_text = figures.split("/")
        fte, revenue = Decimal(fte_text), int(revenue_text)
        parsed.append(
            Declared(year, quarter, ai_class, fte, revenue, words[2] if len(words) > 2 else f"{year + 1}-03-01")
        )
    return parsed


_INSERT = text(
    """
    INSERT INTO declarations (id, company_id, fiscal_year, quarter, revenue_total, revenue_ai, fte_total, fte_ai,
        opex_total, opex_ai, owns_data_library, filed_at, rubric_version, ai_class, evaluation)
    VALUES (gen_random_uuid(), :company, :year, :quarter, :revenue, 0, :fte, 0, 0, 0, false, :filed_at, 1,
        :ai_class, '{}'::jsonb)
    """
)


async def build_growth_ecosystem(client: httpx.AsyncClient, database: Database, connection: AsyncConnection) -> None:
    """Register the companies over HTTP and store their declarations (with the day filed) directly.

    The register's history of the companies is dated as recorded before it begins (releases are made as known at
    the tests' fixed "now", which is earlier than the wall clock that stamped the registrations).
    """
    founder = await account(client, database)
    ids = []
    for registered, spec in GROWTH_ECOSYSTEM.values():
        day = date.fromisoformat(registered)
        company = await register_company(
            client, founder, bin=unique_bin(day.replace(day=1)), registration_date=registered, region=ULYTAU
        )
        ids.append(company["id"])
        await store_declarations(connection, company["id"], spec)
    await backdate_history(connection, ids)


async def backdate_history(connection: AsyncConnection, ids: list[str]) -> None:
    """Date the register's history of these companies as recorded on 2020-01-01."""
    await connection.execute(
        text(
            "UPDATE company_history SET recorded_at = :known, "
            "superseded_at = CASE WHEN superseded_at IS NOT NULL THEN CAST(:known AS timestamptz) END "
            "WHERE company_id = ANY(CAST(:ids AS uuid[]))"
        ),
        {"known": datetime(2020, 1, 1, tzinfo=UTC), "ids": ids},
    )


async def store_declarations(connection: AsyncConnection, company_id: str, spec: str) -> None:
    """Store a company's declarations as :func:`declarations` parses them, each filed at 09:00 UTC of its day."""
    for declared in declarations(spec):
        await connection.execute(
            _INSERT,
            {
                "company": company_id,
                "year": declared.year,
                "quarter": declared.quarter,
                "revenue": declared.revenue_millions * 1_000_000,
                "fte": declared.fte,
                "filed_at": datetime.fromisoformat(f"{declared.filed_on}T09:00:00+00:00"),
                "ai_class": declared.ai_class,
            },
        )
