"""A realistic synthetic ecosystem of companies, generated deterministically from a seed."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from registry.companies.bin_rules import make_bin
from registry.demo.names import LegalForm, company_names, website

__all__ = ["DemoCompany", "generate_companies"]

# Shares of AI and ICT startups by region: the two big cities and the capital dominate, every region has some.
REGION_WEIGHTS: dict[str, float] = {
    "750000000": 34,
    "710000000": 24,
    "790000000": 6,
    "470000000": 3,
    "350000000": 3,
    "630000000": 3,
    "150000000": 2.5,
    "550000000": 2.5,
    "230000000": 2,
    "190000000": 2,
    "310000000": 2,
    "110000000": 2,
    "100000000": 1.5,
    "390000000": 1.5,
    "430000000": 1.5,
    "590000000": 1.5,
    "610000000": 1.5,
    "330000000": 1,
    "620000000": 1,
    "270000000": 1,
}
PRIMARY_ACTIVITIES: dict[str, float] = {
    "62.01": 34,
    "62.02": 12,
    "62.09": 6,
    "63.11": 10,
    "63.12": 4,
    "63.99": 3,
    "58.29": 7,
    "72.19": 8,
    "72.11": 2,
    "62.03": 2,
    "72.20": 1,
    "70": 3,
    "73": 2,
    "85": 2,
    "86": 2,
    "01": 1,
    "49": 1,
}
SECONDARY_ACTIVITIES = ("62.02", "63.11", "72.19", "58.29", "62.09", "70", "85")
LEGAL_FORMS: dict[LegalForm, float] = {
    "llp": 88,
    "jsc": 4,
    "ie": 5,
    "branch": 1.5,
    "representative_office": 0.5,
    "other": 1,
}
FIRST_YEAR = 2015


@dataclass(frozen=True, slots=True)
class DemoCompany:
    """One generated company with its activities."""

    id: uuid.UUID
    bin: str
    name_kk: str
    name_ru: str
    name_en: str
    legal_form: str
    region_kato: str
    registration_date: date
    headcount: int
    website: str
    description: str
    activities: tuple[str, ...]
    primary_activity: str


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _registration_date(rng: random.Random, today: date) -> date:
    # More startups every year: weight years linearly so the ecosystem visibly grows.
    years = list(range(FIRST_YEAR, today.year + 1))
    year = rng.choices(years, weights=[1 + 0.6 * index for index in range(len(years))])[0]
    last_day = today if year == today.year else date(year, 12, 31)
    start = date(year, 1, 1)
    return start + timedelta(days=rng.randrange((last_day - start).days + 1))


def _legal_form(rng: random.Random) -> LegalForm:
    return rng.choices(list(LEGAL_FORMS), weights=list(LEGAL_FORMS.values()))[0]


def _bin(rng: random.Random, registered: date, used: set[str], legal_form: LegalForm) -> str:
    """A BIN whose entity type and division agree with the legal form (a branch is division 1, and so on)."""
    if legal_form == "ie":
        entity = 6  # joint individual entrepreneurship
    elif legal_form in {"branch", "representative_office"}:
        entity = 5 if rng.random() < 0.7 else 4  # mostly of foreign companies
    else:
        entity = 4
    division = {"branch": 1, "representative_office": 2}.get(legal_form, 0)
    while True:
        value = make_bin(
            registration_month=registered.replace(day=1),
            entity_type_digit=entity,
            division_digit=division,
            serial=rng.randrange(100_000),
        )
        if value is not None and value not in used:
            used.add(value)
            return value


def generate_companies(count: int, *, seed: int, today: date) -> Iterator[DemoCompany]:
    """``count`` companies with valid BINs consistent with their registration dates."""
    rng = random.Random(seed)
    used: set[str] = set()
    for _ in range(count):
        legal_form = _legal_form(rng)
        names = company_names(rng, legal_form=legal_form)
        registered = _registration_date(rng, today)
        primary = _pick(rng, PRIMARY_ACTIVITIES)
        extra = rng.sample(SECONDARY_ACTIVITIES, k=rng.choice((0, 0, 1, 2)))
        activities = tuple(dict.fromkeys([primary, *extra]))
        age_years = max(0.1, (today - registered).days / 365)
        headcount = max(1, int(rng.lognormvariate(1.6 + 0.25 * min(age_years, 8), 0.8)))
        yield DemoCompany(
            id=uuid.UUID(int=rng.getrandbits(128), version=4),
            bin=_bin(rng, registered, used, legal_form),
            name_kk=names.name_kk,
            name_ru=names.name_ru,
            name_en=names.name_en,
            legal_form=legal_form,
            region_kato=_pick(rng, REGION_WEIGHTS),
            registration_date=registered,
            headcount=min(headcount, 5000),
            website=website(names, rng),
            description=f"{names.name_en}: software and data products ({primary}).",
            activities=activities,
            primary_activity=primary,
        )
