"""Statistics at national scale: summary rollups kept current by triggers, filled from existing data; indexes.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The spans of the given companies, derived as registry.statistics.metrics.registry_summary defines the stock:
# an active company counts from its registration day; on a day it is in the class of the newest declaration
# (by fiscal year, then quarter with the year's own declaration after its Q4, then filing time) among those filed
# by the end of that day (UTC); before its first counted filing it is 'undeclared'. Consecutive days in the same
# class with the same AI FTE make one span.
SPANS_FUNCTION = """
CREATE FUNCTION summary_spans(ids uuid[])
RETURNS TABLE (company_id uuid, region_kato varchar, ai_class varchar, fte_ai numeric, valid_from date, valid_to date)
LANGUAGE sql STABLE AS $$
WITH company AS (
    SELECT c.id, c.region_kato, c.registration_date FROM companies c WHERE c.id = ANY(ids) AND c.status = 'active'
), filing AS (
    SELECT d.company_id,
           greatest((d.filed_at AT TIME ZONE 'UTC')::date, c.registration_date) AS day,
           row_number() OVER (
               PARTITION BY d.company_id ORDER BY d.fiscal_year, coalesce(d.quarter, 5), d.filed_at, d.id
           ) AS rank,
           d.ai_class, d.fte_ai
    FROM declarations d JOIN company c ON c.id = d.company_id
), newest AS (
    SELECT f.company_id, f.day, max(max(f.rank)) OVER (PARTITION BY f.company_id ORDER BY f.day) AS rank
    FROM filing f GROUP BY f.company_id, f.day
), state AS (
    SELECT c.id AS company_id, c.registration_date AS day, 0 AS priority, 'undeclared'::varchar AS ai_class,
           0::numeric AS fte_ai
    FROM company c
    UNION ALL
    SELECT n.company_id, n.day, 1, f.ai_class, f.fte_ai
    FROM newest n JOIN filing f ON f.company_id = n.company_id AND f.rank = n.rank
), daily AS (
    SELECT DISTINCT ON (s.company_id, s.day) s.company_id, s.day, s.ai_class, s.fte_ai
    FROM state s ORDER BY s.company_id, s.day, s.priority DESC
), changed AS (
    SELECT d.*, (d.ai_class, d.fte_ai) IS DISTINCT FROM (
        lag(d.ai_class) OVER w, lag(d.fte_ai) OVER w
    ) AS starts_span
    FROM daily d WINDOW w AS (PARTITION BY d.company_id ORDER BY d.day)
)
SELECT ch.company_id, c.region_kato, ch.ai_class, ch.fte_ai, ch.day,
       coalesce(lead(ch.day) OVER (PARTITION BY ch.company_id ORDER BY ch.day), 'infinity'::date)
FROM changed ch JOIN company c ON c.id = ch.company_id
WHERE ch.starts_span
$$
"""

# Replace the companies' spans and move the deltas by the difference, in one statement (so the delta rows are
# locked in one order: daily, then monthly, each by key).
REFRESH_FUNCTION = """
CREATE FUNCTION summary_refresh(ids uuid[]) RETURNS void LANGUAGE sql VOLATILE AS $$
WITH old AS (
    DELETE FROM summary_company_spans s WHERE s.company_id = ANY(ids)
    RETURNING s.region_kato, s.ai_class, s.fte_ai, s.valid_from, s.valid_to
), new AS (
    INSERT INTO summary_company_spans (company_id, region_kato, ai_class, fte_ai, valid_from, valid_to)
    SELECT * FROM summary_spans(ids)
    RETURNING region_kato, ai_class, fte_ai, valid_from, valid_to
), change AS (
    SELECT valid_from AS day, region_kato, ai_class, 1 AS companies, fte_ai FROM new
    UNION ALL SELECT valid_to, region_kato, ai_class, -1, -fte_ai FROM new WHERE valid_to <> 'infinity'
    UNION ALL SELECT valid_from, region_kato, ai_class, -1, -fte_ai FROM old
    UNION ALL SELECT valid_to, region_kato, ai_class, 1, fte_ai FROM old WHERE valid_to <> 'infinity'
), net AS (
    SELECT day, region_kato, ai_class, sum(companies)::integer AS companies, sum(fte_ai) AS fte_ai
    FROM change GROUP BY day, region_kato, ai_class
    HAVING sum(companies) <> 0 OR sum(fte_ai) <> 0
), daily AS (
    INSERT INTO summary_daily_deltas AS t (day, region_kato, ai_class, companies, fte_ai)
    SELECT * FROM net ORDER BY 1, 2, 3
    ON CONFLICT (day, region_kato, ai_class)
    DO UPDATE SET companies = t.companies + excluded.companies, fte_ai = t.fte_ai + excluded.fte_ai
)
INSERT INTO summary_monthly_deltas AS t (month, region_kato, ai_class, companies, fte_ai)
SELECT date_trunc('month', day)::date, region_kato, ai_class, sum(companies), sum(fte_ai)
FROM net GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
ON CONFLICT (month, region_kato, ai_class)
DO UPDATE SET companies = t.companies + excluded.companies, fte_ai = t.fte_ai + excluded.fte_ai
$$
"""

# Statement-level triggers with transition tables: one refresh per statement, COPY included.
TRIGGER_FUNCTIONS = {
    "summary_after_declarations": "SELECT array_agg(DISTINCT company_id) FROM changed_rows",
    "summary_after_companies_change": "SELECT array_agg(DISTINCT id) FROM changed_rows",
    "summary_after_companies_update": (
        "SELECT array_agg(n.id) FROM new_rows n JOIN old_rows o ON o.id = n.id "
        "WHERE (n.status, n.region_kato, n.registration_date) IS DISTINCT FROM "
        "(o.status, o.region_kato, o.registration_date)"
    ),
}
TRIGGERS = (
    (
        "summary_declarations_insert",
        "declarations",
        "INSERT",
        "NEW TABLE AS changed_rows",
        "summary_after_declarations",
    ),
    (
        "summary_declarations_delete",
        "declarations",
        "DELETE",
        "OLD TABLE AS changed_rows",
        "summary_after_declarations",
    ),
    ("summary_companies_insert", "companies", "INSERT", "NEW TABLE AS changed_rows", "summary_after_companies_change"),
    ("summary_companies_delete", "companies", "DELETE", "OLD TABLE AS changed_rows", "summary_after_companies_change"),
    (
        "summary_companies_update",
        "companies",
        "UPDATE",
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "summary_after_companies_update",
    ),
)


# Registrations per day (and month), region and legal form: what a statement adds and removes, netted.
_REGISTRATIONS_UPSERT = """
WITH change AS ({change}), net AS (
    SELECT day, region_kato, legal_form, sum(n)::integer AS companies FROM change
    GROUP BY day, region_kato, legal_form HAVING sum(n) <> 0
), daily AS (
    INSERT INTO registration_daily_counts AS t (day, region_kato, legal_form, companies)
    SELECT * FROM net ORDER BY 1, 2, 3
    ON CONFLICT (day, region_kato, legal_form) DO UPDATE SET companies = t.companies + excluded.companies
)
INSERT INTO registration_monthly_counts AS t (month, region_kato, legal_form, companies)
SELECT date_trunc('month', day)::date, region_kato, legal_form, sum(companies) FROM net GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
ON CONFLICT (month, region_kato, legal_form) DO UPDATE SET companies = t.companies + excluded.companies
"""
_ADDED = "SELECT registration_date AS day, region_kato, legal_form, 1 AS n FROM new_rows"
_REMOVED = "SELECT registration_date AS day, region_kato, legal_form, -1 AS n FROM old_rows"
REGISTRATIONS_FUNCTION = f"""
CREATE FUNCTION registrations_after_companies() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_REGISTRATIONS_UPSERT.format(change=_ADDED)};
    ELSIF TG_OP = 'DELETE' THEN
        {_REGISTRATIONS_UPSERT.format(change=_REMOVED)};
    ELSE
        {_REGISTRATIONS_UPSERT.format(change=_ADDED + " UNION ALL " + _REMOVED)};
    END IF;
    RETURN NULL;
END;
$$
"""
REGISTRATIONS_TRIGGERS = (
    ("registrations_companies_insert", "INSERT", "NEW TABLE AS new_rows"),
    ("registrations_companies_delete", "DELETE", "OLD TABLE AS old_rows"),
    ("registrations_companies_update", "UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
)
REGISTRATIONS_FILL = (
    "INSERT INTO registration_daily_counts (day, region_kato, legal_form, companies) "
    "SELECT registration_date, region_kato, legal_form, count(*) FROM companies GROUP BY 1, 2, 3",
    "INSERT INTO registration_monthly_counts (month, region_kato, legal_form, companies) "
    "SELECT date_trunc('month', day)::date, region_kato, legal_form, sum(companies) "
    "FROM registration_daily_counts GROUP BY 1, 2, 3",
)


# Active licences in force: +1 on valid_from and -1 the day after valid_until, per holder's region and type.
_LICENCES_UPSERT = """
WITH change AS ({change}), net AS (
    SELECT day, region_kato, licence_type, sum(n)::integer AS licences FROM change
    GROUP BY day, region_kato, licence_type HAVING sum(n) <> 0
), daily AS (
    INSERT INTO licence_daily_deltas AS t (day, region_kato, licence_type, licences)
    SELECT * FROM net ORDER BY 1, 2, 3
    ON CONFLICT (day, region_kato, licence_type) DO UPDATE SET licences = t.licences + excluded.licences
)
INSERT INTO licence_monthly_deltas AS t (month, region_kato, licence_type, licences)
SELECT date_trunc('month', day)::date, region_kato, licence_type, sum(licences) FROM net GROUP BY 1, 2, 3
ORDER BY 1, 2, 3
ON CONFLICT (month, region_kato, licence_type) DO UPDATE SET licences = t.licences + excluded.licences
"""


def _licence_change(rows: str, sign: int, region: str = "c.region_kato", join: str = "") -> str:
    source = f"{rows} l JOIN companies c ON c.id = l.company_id {join} WHERE l.status = 'active'"
    return (
        f"SELECT l.valid_from AS day, {region} AS region_kato, l.licence_type, {sign} AS n FROM {source} "  # noqa: S608 - built from constants
        f"UNION ALL SELECT l.valid_until + 1, {region}, l.licence_type, {-sign} FROM {source}"
    )


LICENCES_FUNCTION = f"""
CREATE FUNCTION licences_after_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_LICENCES_UPSERT.format(change=_licence_change("new_rows", 1))};
    ELSIF TG_OP = 'DELETE' THEN
        {_LICENCES_UPSERT.format(change=_licence_change("old_rows", -1))};
    ELSE
        {_LICENCES_UPSERT.format(change=_licence_change("new_rows", 1) + " UNION ALL " + _licence_change("old_rows", -1))};
    END IF;
    RETURN NULL;
END;
$$
"""
# A company that moves region takes its licences' deltas along.
_MOVED = "JOIN new_rows n ON n.id = l.company_id JOIN old_rows o ON o.id = n.id AND o.region_kato <> n.region_kato"
LICENCES_COMPANY_FUNCTION = f"""
CREATE FUNCTION licences_after_companies_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {
    _LICENCES_UPSERT.format(
        change=_licence_change("licences", 1, "n.region_kato", _MOVED)
        + " UNION ALL "
        + _licence_change("licences", -1, "o.region_kato", _MOVED)
    )
};
    RETURN NULL;
END;
$$
"""
LICENCES_TRIGGERS = (
    ("licences_insert", "licences", "INSERT", "NEW TABLE AS new_rows", "licences_after_change"),
    ("licences_delete", "licences", "DELETE", "OLD TABLE AS old_rows", "licences_after_change"),
    ("licences_update", "licences", "UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows", "licences_after_change"),
    (
        "licences_companies_update",
        "companies",
        "UPDATE",
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "licences_after_companies_update",
    ),
)
LICENCES_FILL = (
    "INSERT INTO licence_daily_deltas (day, region_kato, licence_type, licences) "  # noqa: S608 - built from constants
    "SELECT day, region_kato, licence_type, sum(n) FROM ("
    + _licence_change("licences", 1)
    + ") change GROUP BY 1, 2, 3 HAVING sum(n) <> 0",
    "INSERT INTO licence_monthly_deltas (month, region_kato, licence_type, licences) "
    "SELECT date_trunc('month', day)::date, region_kato, licence_type, sum(licences) "
    "FROM licence_daily_deltas GROUP BY 1, 2, 3",
)


def _trigger_function(name: str, ids_query: str) -> str:
    return f"""
CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids uuid[];
BEGIN
    ids := ({ids_query});
    IF ids IS NOT NULL THEN
        PERFORM summary_refresh(ids);
    END IF;
    RETURN NULL;
END;
$$
"""


def upgrade() -> None:
    op.create_table(
        "summary_company_spans",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=True), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("region_kato", sa.String(length=9), nullable=False),
        sa.Column("ai_class", sa.String(length=16), nullable=False),
        sa.Column("fte_ai", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), server_default=sa.text("'infinity'"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_summary_company_spans")),
    )
    op.create_index("ix_summary_company_spans_company_id", "summary_company_spans", ["company_id"])
    op.create_index("ix_summary_company_spans_class_fte", "summary_company_spans", ["ai_class", "fte_ai"])
    op.create_index(
        "ix_summary_company_spans_region_class_fte", "summary_company_spans", ["region_kato", "ai_class", "fte_ai"]
    )
    for table, key in (("summary_daily_deltas", "day"), ("summary_monthly_deltas", "month")):
        op.create_table(
            table,
            sa.Column(key, sa.Date(), nullable=False),
            sa.Column("region_kato", sa.String(length=9), nullable=False),
            sa.Column("ai_class", sa.String(length=16), nullable=False),
            sa.Column("companies", sa.Integer(), nullable=False),
            sa.Column("fte_ai", sa.Numeric(precision=16, scale=2), nullable=False),
            sa.PrimaryKeyConstraint(key, "region_kato", "ai_class", name=op.f(f"pk_{table}")),
        )
    op.execute(SPANS_FUNCTION)
    op.execute(REFRESH_FUNCTION)
    for name, ids_query in TRIGGER_FUNCTIONS.items():
        op.execute(_trigger_function(name, ids_query))
    for trigger, table, event, referencing, function in TRIGGERS:
        op.execute(
            f"CREATE TRIGGER {trigger} AFTER {event} ON {table} REFERENCING {referencing} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
        )
    for table, key in (("registration_daily_counts", "day"), ("registration_monthly_counts", "month")):
        op.create_table(
            table,
            sa.Column(key, sa.Date(), nullable=False),
            sa.Column("region_kato", sa.String(length=9), nullable=False),
            sa.Column("legal_form", sa.String(length=32), nullable=False),
            sa.Column("companies", sa.Integer(), nullable=False),
            sa.PrimaryKeyConstraint(key, "region_kato", "legal_form", name=op.f(f"pk_{table}")),
        )
    op.execute(REGISTRATIONS_FUNCTION)
    for trigger, event, referencing in REGISTRATIONS_TRIGGERS:
        op.execute(
            f"CREATE TRIGGER {trigger} AFTER {event} ON companies REFERENCING {referencing} "
            "FOR EACH STATEMENT EXECUTE FUNCTION registrations_after_companies()"
        )
    for table, key in (("licence_daily_deltas", "day"), ("licence_monthly_deltas", "month")):
        op.create_table(
            table,
            sa.Column(key, sa.Date(), nullable=False),
            sa.Column("region_kato", sa.String(length=9), nullable=False),
            sa.Column("licence_type", sa.String(length=20), nullable=False),
            sa.Column("licences", sa.Integer(), nullable=False),
            sa.PrimaryKeyConstraint(key, "region_kato", "licence_type", name=op.f(f"pk_{table}")),
        )
    op.execute(LICENCES_FUNCTION)
    op.execute(LICENCES_COMPANY_FUNCTION)
    for trigger, table, event, referencing, function in LICENCES_TRIGGERS:
        op.execute(
            f"CREATE TRIGGER {trigger} AFTER {event} ON {table} REFERENCING {referencing} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
        )
    # Fill the rollups from the register as it is (a database upgraded in place keeps its figures).
    op.execute("SELECT summary_refresh(array_agg(id)) FROM companies HAVING count(*) > 0")
    for statement in (*REGISTRATIONS_FILL, *LICENCES_FILL):
        op.execute(statement)


def downgrade() -> None:
    for trigger, table, _, _, _ in LICENCES_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
    op.execute("DROP FUNCTION IF EXISTS licences_after_companies_update()")
    op.execute("DROP FUNCTION IF EXISTS licences_after_change()")
    op.drop_table("licence_monthly_deltas")
    op.drop_table("licence_daily_deltas")
    for trigger, _, _ in REGISTRATIONS_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON companies")
    op.execute("DROP FUNCTION IF EXISTS registrations_after_companies()")
    op.drop_table("registration_monthly_counts")
    op.drop_table("registration_daily_counts")
    for trigger, table, _, _, _ in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
    for name in TRIGGER_FUNCTIONS:
        op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    op.execute("DROP FUNCTION IF EXISTS summary_refresh(uuid[])")
    op.execute("DROP FUNCTION IF EXISTS summary_spans(uuid[])")
    op.drop_table("summary_monthly_deltas")
    op.drop_table("summary_daily_deltas")
    op.drop_index("ix_summary_company_spans_region_class_fte", table_name="summary_company_spans")
    op.drop_index("ix_summary_company_spans_class_fte", table_name="summary_company_spans")
    op.drop_index("ix_summary_company_spans_company_id", table_name="summary_company_spans")
    op.drop_table("summary_company_spans")
