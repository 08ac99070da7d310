"""The oracle: each cell's true value and contributing companies, straight from the tables (its own SQL).

The rows are read once (companies and their history, declarations, applications, licences); every cell is then a
filter and a sum over them, following the data dictionary's definitions (registry/statistics/dictionary.py), not
the project's queries. A cell of a measure the oracle does not know gives ``None``.
"""

from __future__ import annotations

import bisect
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from tests.attacker.cells import COUNTRY, CellKey

_DECIDED = frozenset({"approved", "rejected"})
_FUNNEL_STATES: dict[str, Callable[[str], bool]] = {
    "applications_submitted": lambda state: True,
    "applications_decided": lambda state: state in _DECIDED,
    "applications_approved": lambda state: state == "approved",
    "applications_rejected": lambda state: state == "rejected",
    "applications_undecided": lambda state: state not in _DECIDED,
}
_DECISIONS = {"decisions_approved": "approved", "decisions_rejected": "rejected"}


@dataclass(frozen=True)
class TrueCell:
    """A cell's value and what each company contributes to it."""

    value: Decimal
    contributions: dict[uuid.UUID, Decimal]

    @property
    def contributors(self) -> int:
        return len(self.contributions)


@dataclass(frozen=True)
class Company:
    id: uuid.UUID
    region: str
    legal_form: str
    registration_date: date
    section: str
    division: str


class Oracle:
    """True values from rows read with :meth:`load`."""

    def __init__(self, rows: dict[str, list[Any]], divisions: dict[str, str]) -> None:
        self.companies = {
            r.id: Company(r.id, r.region_kato, r.legal_form, r.registration_date, r.section, r.division)
            for r in rows["companies"]
        }
        self.history = rows["history"]
        self.declarations = rows["declarations"]
        self.declarations_of: dict[uuid.UUID, list[Any]] = defaultdict(list)
        for declaration in self.declarations:
            self.declarations_of[declaration.company_id].append(declaration)
        self._states: dict[date, list[_Unit]] = {}
        self._by_day: dict[str, list[_Unit]] = {}
        self._cells: dict[CellKey, TrueCell | None] = {}
        self._licence_units = [
            _Unit(
                licence.company_id,
                licence.valid_from,
                licence.valid_until,
                self._facts(licence.company_id, licence_type=licence.licence_type),
            )
            for licence in rows["licences"]
        ]
        self.applications = rows["applications"]
        self.licences = rows["licences"]
        self.division_section = divisions
        """OKED division code → section (``none`` → ``none``)."""

    @classmethod
    async def load(cls, connection: AsyncConnection) -> Oracle:
        async def fetch(sql: str) -> list[Any]:
            return list((await connection.execute(text(sql))).all())

        rows = {
            "companies": await fetch(
                "SELECT c.id, c.region_kato, c.legal_form, c.registration_date, "
                "coalesce(a.section, 'none') AS section, "
                "coalesce(split_part(ca.oked_code, '.', 1), 'none') AS division "
                "FROM companies c LEFT JOIN company_activities ca ON ca.company_id = c.id AND ca.is_primary "
                "LEFT JOIN activities a ON a.code = ca.oked_code"
            ),
            "history": await fetch(
                "SELECT company_id, valid_from, valid_to, status, region_kato FROM company_history "
                "WHERE superseded_at IS NULL"
            ),
            "declarations": await fetch(
                "SELECT id, company_id, fiscal_year, quarter, ai_class, fte_ai, filed_at FROM declarations"
            ),
            "applications": await fetch(
                "SELECT company_id, licence_type, state, first_submitted_at, submitted_at, decided_at "
                "FROM licence_applications WHERE first_submitted_at IS NOT NULL"
            ),
            "licences": await fetch("SELECT company_id, licence_type, status, valid_from, valid_until FROM licences"),
        }
        divisions = dict(
            (
                await connection.execute(
                    text("SELECT DISTINCT split_part(code, '.', 1), section FROM activities WHERE level = 'division'")
                )
            ).all()
        )
        return cls(rows, {**divisions, "none": "none"})

    @property
    def regions(self) -> set[str]:
        return {c.region for c in self.companies.values()}

    def changes(self) -> set[tuple[date, str]]:
        """Days (and the region) on which a confidential stock (AI FTE) can change: filings and status changes."""
        found = {(_utc_day(d.filed_at), self.companies[d.company_id].region) for d in self.declarations}
        found |= {(h.valid_from, h.region_kato) for h in self.history}
        return found

    def cell(self, key: CellKey) -> TrueCell | None:
        """The cell's true value, or ``None`` for a measure the oracle does not compute."""
        if key not in self._cells:
            self._cells[key] = self._compute(key)
        return self._cells[key]

    def _compute(self, key: CellKey) -> TrueCell | None:
        if key.measure in _FUNNEL_STATES:
            counted = _FUNNEL_STATES[key.measure]
            return _sum(key, self._units("first_submitted_at", key), lambda facts: counted(facts["state"]))
        if key.measure in _DECISIONS:
            decided = _DECISIONS[key.measure]
            return _sum(key, self._units("decided_at", key), lambda facts: facts["state"] == decided)
        if key.measure in ("ai_fte", "companies_by_ai_class", "active_companies"):
            units = self._states_on(key.start)
            if key.measure == "ai_fte":
                return _sum(key, units, lambda facts: facts["ai_class"] != "undeclared", magnitude=True)
            return _sum(key, units, lambda facts: True)
        if key.measure == "companies_registered":
            return _sum(key, self._units("registration_date", key), lambda facts: True)
        if key.measure == "active_licences":
            if any(licence.status != "active" for licence in self.licences):
                return None  # suspensions and revocations need the licence history, which this oracle does not read
            in_force = [u for u in self._licence_units if u.since <= key.start <= u.until]
            return _sum(key, in_force, lambda facts: True)
        return None

    def _facts(self, company_id: uuid.UUID, **more: str) -> dict[str, str]:
        company = self.companies[company_id]
        return {
            "area": company.region,
            "legal_form": company.legal_form,
            "activity": company.section,
            "activity_division": company.division,
            **more,
        }

    def _units(self, day_field: str, key: CellKey) -> list[_Unit]:
        """The rows whose ``day_field`` falls in the key's window (by the UTC day)."""
        if day_field not in self._by_day:
            if day_field == "registration_date":
                rows = [
                    _Unit(c.id, c.registration_date, c.registration_date, self._facts(c.id))
                    for c in self.companies.values()
                ]
            else:
                rows = [
                    _Unit(a.company_id, day, day, self._facts(a.company_id, licence_type=a.licence_type, state=a.state))
                    for a in self.applications
                    if (day := _day_or_none(getattr(a, day_field))) is not None
                ]
            self._by_day[day_field] = sorted(rows, key=lambda unit: unit.since)
        rows = self._by_day[day_field]
        days = [unit.since for unit in rows]
        return rows[bisect.bisect_left(days, key.start) : bisect.bisect_right(days, key.end)]

    def _states_on(self, day: date) -> list[_Unit]:
        """Companies active on the day by their history (in its region that day), classed by their declaration for
        the latest ended period of the day's fiscal year or the one before (a year's own declaration after its Q4;
        the newest filed); the unit's amount is its AI FTE."""
        if day not in self._states:
            units = []
            for h in self.history:
                if h.valid_from <= day < h.valid_to and h.status == "active":
                    ai_class, fte_ai = self._class_on(h.company_id, day)
                    facts = {**self._facts(h.company_id, ai_class=ai_class), "area": h.region_kato}
                    units.append(_Unit(h.company_id, day, day, facts, fte_ai))
            self._states[day] = units
        return self._states[day]

    def _class_on(self, company_id: uuid.UUID, day: date) -> tuple[str, Decimal]:
        best: tuple[Any, ...] | None = None
        for d in self.declarations_of[company_id]:
            if not day.year - 1 <= d.fiscal_year <= day.year:
                continue
            end = _period_end(d.fiscal_year, d.quarter)
            if end > day:
                continue
            rank = (end, d.quarter is None, d.filed_at, str(d.id))
            if best is None or rank > best[0]:
                best = (rank, d.ai_class, Decimal(d.fte_ai))
        return ("undeclared", Decimal(0)) if best is None else (best[1], best[2])

    def quantile_base(self, key: CellKey) -> int:
        """How many decided applications a funnel's decision-time quantile is computed from."""
        decided = self.cell(CellKey("applications_decided", key.start, key.end, key.area, key.breakdown))
        return 0 if decided is None else int(decided.value)


@dataclass(frozen=True)
class _Unit:
    """One row a cell may count: a company's application, licence, registration or state on a day."""

    company_id: uuid.UUID
    since: date
    until: date
    facts: dict[str, str]
    """Its region (``area``) and breakdown codes, and for applications its state."""
    amount: Decimal = Decimal(1)


def _sum(
    key: CellKey, units: list[_Unit], counted: Callable[[dict[str, str]], bool], *, magnitude: bool = False
) -> TrueCell:
    """The units of the key's area and breakdown that are counted: how many (or their amounts), per company."""
    wanted = [(dimension, code) for dimension, code in key.breakdown]
    if key.area != COUNTRY:
        wanted.append(("area", key.area))
    per_company: dict[uuid.UUID, Decimal] = defaultdict(Decimal)
    for unit in units:
        if all(unit.facts.get(dimension) == code for dimension, code in wanted) and counted(unit.facts):
            per_company[unit.company_id] += unit.amount if magnitude else Decimal(1)
    return TrueCell(sum(per_company.values(), Decimal(0)), dict(per_company))


def _day_or_none(moment: datetime | None) -> date | None:
    return None if moment is None else _utc_day(moment)


def _utc_day(moment: datetime) -> date:
    return moment.astimezone(UTC).date()


def _period_end(year: int, quarter: int | None) -> date:
    if quarter is None:
        return date(year, 12, 31)
    following = date(year + quarter * 3 // 12, quarter * 3 % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)
