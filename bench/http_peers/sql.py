"""The SELECTs the registry's read routes run, written out once for the raw asyncpg peer and the write loop."""

from __future__ import annotations

COMPANY_COLUMNS = (
    "c.id, c.bin, c.name_kk, c.name_ru, c.name_en, c.legal_form, c.region_kato, c.registration_date, c.status, "
    "c.ai_class, c.headcount, c.website, c.description, c.version, c.created_at, c.updated_at"
)
COMPANY_BY_ID = f"SELECT {COMPANY_COLUMNS} FROM companies c WHERE c.id = $1"
COMPANY_BY_BIN = f"SELECT {COMPANY_COLUMNS} FROM companies c WHERE c.bin = $1"
FIRST_PAGE = f"SELECT {COMPANY_COLUMNS} FROM companies c ORDER BY c.registration_date DESC, c.id DESC LIMIT $1"
ACTIVITIES = (
    "SELECT ca.company_id, ca.is_primary, a.code, a.name_kk, a.name_ru, a.name_en "
    "FROM company_activities ca JOIN activities a ON a.code = ca.oked_code "
    "WHERE ca.company_id = ANY($1::uuid[]) ORDER BY ca.company_id, ca.is_primary DESC, a.code"
)
REGIONS = "SELECT kato, name_kk, name_ru, name_en FROM regions WHERE kato = ANY($1::text[])"
LICENCES = (
    "SELECT number, licence_type, status, valid_from, valid_until, status_reason_code, status_text, version "
    "FROM licences WHERE company_id = $1 ORDER BY valid_from DESC, number"
)
LICENCE_BY_NUMBER = (
    "SELECT l.number, l.licence_type, l.status, l.valid_from, l.valid_until, l.version, "
    "c.name_kk, c.name_ru, c.bin, c.status AS company_status "
    "FROM licences l JOIN companies c ON c.id = l.company_id WHERE l.number = $1"
)
