"""The rules a company's data must meet, as pure functions over plain values (no database).

The API's registration (:func:`registry.companies.service.register_company`) and the bulk import
(:mod:`registry.bulk`) both judge a new company by :func:`new_company_errors`.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from datetime import date

from registry.companies.bin_rules import parse_bin
from registry.companies.errors import field_error
from registry.companies.schemas import CompanyCreate
from registry.errors import FieldError, InvalidInput

__all__ = ["new_company_errors", "reference_errors", "registration_date_errors"]


def reference_errors(
    *,
    region: str | None,
    activities: Sequence[str] | None,
    primary: str | None,
    known_regions: Container[str],
    known_activities: Container[str],
) -> list[FieldError]:
    """Why a region, activities and primary activity are not a company's (``None`` leaves one unchecked).

    ``known_regions`` and ``known_activities`` hold the reference codes that exist (at least those asked about).
    """
    errors: list[FieldError] = []
    if region is not None and region not in known_regions:
        errors.append(field_error("region", "company.region_unknown", value=region))
    if activities is not None:
        errors.extend(
            field_error(f"activities.{index}", "company.activity_unknown", value=code)
            for index, code in enumerate(activities)
            if code not in known_activities
        )
        if primary is not None and primary not in activities:
            errors.append(field_error("primary_activity", "company.primary_not_listed"))
    return errors


def new_company_errors(
    request: CompanyCreate, *, today: date, known_regions: Container[str], known_activities: Container[str]
) -> list[FieldError]:
    """Every rule a new company breaks.

    Its BIN part by part, its registration date against the BIN and today, its region and activities: the API's
    registration and the bulk import both judge by this.
    """
    errors: list[FieldError] = []
    bin_month: date | None = None
    try:
        bin_month = parse_bin(request.bin, today=today).registration_month
    except InvalidInput as error:
        errors.extend(error.errors)
    errors += registration_date_errors(request.registration_date, bin_month, today)
    errors += reference_errors(
        region=request.region,
        activities=request.activities,
        primary=request.primary_activity,
        known_regions=known_regions,
        known_activities=known_activities,
    )
    return errors


def registration_date_errors(registration_date: date, bin_month: date | None, today: date) -> list[FieldError]:
    """Why a registration date cannot be: after ``today``, or before the month its BIN names (when known)."""
    errors: list[FieldError] = []
    if registration_date > today:
        errors.append(field_error("registration_date", "company.registration_in_future"))
    if bin_month is not None and registration_date < bin_month:
        errors.append(
            field_error("registration_date", "company.registration_before_bin", month=bin_month.strftime("%Y-%m"))
        )
    return errors
