"""Flows and the pivot-rate base at national scale: per-company facts and monthly rollups kept by triggers.

**Flow facts** hold, per flow, company, day and licence type, how many rows of the flow's source happened (pivot
events, applications submitted, decisions, licences issued, suspended and revoked), with the company's region,
legal form and primary activity, and whether the row is the company's first of the flow in its month, quarter
and year (over all licence types, and within its licence type). The **flow monthly counts** sum the facts per
month, region and one breakdown (none, legal form, OKED section, OKED division or licence type): a period's value
is the sum of its months' rows and its contributors (distinct companies) the sum of the first-in-period marks.

**Pivot risk spans** say from which month to which a company is at risk of pivoting to AI (the class of its latest
declared period that ended before the month is ai_enabled or non_ai); the **pivot risk deltas** hold, per month and
region, companies entering minus leaving the risk set, so the base of a month is the sum of the deltas up to it.

A change recomputes the facts or spans of the companies it touches and moves the rollups by the difference, in the
statement's transaction. Changes of the same company are serialised by an advisory lock (a table lock for bulk
statements), taken before the facts are read again.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BULK = 256
"""Above this many companies a refresh locks its table instead of each company."""

# Every counted row of every flow, as registry.statistics.series and licensing.metrics define the flows; ``source``
# names the table whose change can alter the row (sanctions change with the event log and with their licence).
SOURCE_VIEW = """
CREATE VIEW flow_source_rows AS
SELECT 'pivot_events'::varchar AS source,
       CASE p.kind WHEN 'born_ai_native' THEN 'born_ai_native' WHEN 'pivot_to_ai' THEN 'pivots_to_ai'
            ELSE 'pivots_away' END::varchar AS metric,
       p.company_id, p.to_period_end AS day, ''::varchar AS licence_type
FROM pivot_events p WHERE p.series = 'live' AND p.retracted_at IS NULL
UNION ALL
SELECT 'applications', 'applications_submitted', a.company_id, (a.first_submitted_at AT TIME ZONE 'UTC')::date,
       a.licence_type
FROM licence_applications a WHERE a.first_submitted_at IS NOT NULL
UNION ALL
SELECT 'applications', 'decisions_' || a.state, a.company_id, (a.decided_at AT TIME ZONE 'UTC')::date, a.licence_type
FROM licence_applications a WHERE a.state IN ('approved', 'rejected') AND a.decided_at IS NOT NULL
UNION ALL
SELECT 'licences', 'licences_issued', l.company_id, (l.created_at AT TIME ZONE 'UTC')::date, l.licence_type
FROM licences l
UNION ALL
SELECT 'licences', CASE e.kind WHEN 'licence.suspended' THEN 'licences_suspended' ELSE 'licences_revoked' END,
       l.company_id, (e.occurred_at AT TIME ZONE 'UTC')::date, l.licence_type
FROM licences l
JOIN events e ON e.resource_type = 'licence' AND e.resource_id = l.id::text
    AND e.kind IN ('licence.suspended', 'licence.revoked')
"""

# The facts of the companies that ``{where}`` selects (a function takes the companies; the fill takes all).
_FACTS_SELECT = """
WITH src AS (
    SELECT s.metric, s.company_id, s.day, s.licence_type, count(*)::integer AS events
    FROM flow_source_rows s WHERE {where}
    GROUP BY 1, 2, 3, 4
)
SELECT s.metric, s.company_id, s.day, s.licence_type, c.region_kato, c.legal_form,
       coalesce(a.section, 'none'), coalesce(split_part(ca.oked_code, '.', 1), 'none'), s.events,
       (row_number() OVER (PARTITION BY s.metric, s.company_id, date_trunc('month', s.day) ORDER BY s.day, s.licence_type) = 1)::int,
       (row_number() OVER (PARTITION BY s.metric, s.company_id, date_trunc('quarter', s.day) ORDER BY s.day, s.licence_type) = 1)::int,
       (row_number() OVER (PARTITION BY s.metric, s.company_id, date_trunc('year', s.day) ORDER BY s.day, s.licence_type) = 1)::int,
       (row_number() OVER (PARTITION BY s.metric, s.company_id, s.licence_type, date_trunc('month', s.day) ORDER BY s.day) = 1)::int,
       (row_number() OVER (PARTITION BY s.metric, s.company_id, s.licence_type, date_trunc('quarter', s.day) ORDER BY s.day) = 1)::int,
       (row_number() OVER (PARTITION BY s.metric, s.company_id, s.licence_type, date_trunc('year', s.day) ORDER BY s.day) = 1)::int
FROM src s
JOIN companies c ON c.id = s.company_id
LEFT JOIN company_activities ca ON ca.company_id = c.id AND ca.is_primary
LEFT JOIN activities a ON a.code = ca.oked_code
"""
FACTS_FUNCTION = (
    "CREATE FUNCTION flow_facts_of(ids uuid[], sources varchar[]) RETURNS TABLE (metric varchar, company_id uuid, day date, licence_type varchar, region_kato varchar, legal_form varchar, section varchar, division varchar, events integer, first_month integer, first_quarter integer, first_year integer, first_month_of_type integer, first_quarter_of_type integer, first_year_of_type integer) LANGUAGE sql STABLE AS $$"
    + _FACTS_SELECT.format(where="s.company_id = ANY(ids) AND s.source = ANY(sources)")
    + "$$"
)
FACTS_FILL = _FACTS_SELECT.format(where="true")

_FACT_COLUMNS = (
    "metric, company_id, day, licence_type, region_kato, legal_form, section, division, events, "
    "first_month, first_quarter, first_year, first_month_of_type, first_quarter_of_type, first_year_of_type"
)

# The monthly counts moved by facts added (sign 1) and removed (sign -1), one row per breakdown a fact belongs to.
_MONTHLY_UPSERT = """
keyed AS (
    SELECT ch.metric, date_trunc('month', ch.day)::date AS month, ch.region_kato, k.dim, k.grp,
           ch.sign * ch.events AS events,
           ch.sign * CASE WHEN k.dim = 'licence_type' THEN ch.first_month_of_type ELSE ch.first_month END AS fm,
           ch.sign * CASE WHEN k.dim = 'licence_type' THEN ch.first_quarter_of_type ELSE ch.first_quarter END AS fq,
           ch.sign * CASE WHEN k.dim = 'licence_type' THEN ch.first_year_of_type ELSE ch.first_year END AS fy
    FROM change ch
    CROSS JOIN LATERAL (VALUES ('', ''), ('legal_form', ch.legal_form), ('activity', ch.section),
                               ('activity_division', ch.division), ('licence_type', ch.licence_type)) AS k(dim, grp)
    WHERE k.dim <> 'licence_type' OR ch.licence_type <> ''
), net AS (
    SELECT metric, month, region_kato, dim, grp, sum(events)::integer AS events, sum(fm)::integer AS fm,
           sum(fq)::integer AS fq, sum(fy)::integer AS fy
    FROM keyed GROUP BY 1, 2, 3, 4, 5
    HAVING sum(events) <> 0 OR sum(fm) <> 0 OR sum(fq) <> 0 OR sum(fy) <> 0
)
INSERT INTO flow_monthly_counts AS t
    (metric, month, region_kato, dim, grp, events, first_month, first_quarter, first_year)
SELECT * FROM net ORDER BY 1, 2, 3, 4, 5
ON CONFLICT (metric, month, region_kato, dim, grp) DO UPDATE SET
    events = t.events + excluded.events, first_month = t.first_month + excluded.first_month,
    first_quarter = t.first_quarter + excluded.first_quarter, first_year = t.first_year + excluded.first_year
"""

REFRESH_FUNCTION = f"""
CREATE FUNCTION flow_refresh(ids uuid[], sources varchar[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF cardinality(ids) > {BULK} THEN
        LOCK TABLE flow_facts IN SHARE ROW EXCLUSIVE MODE;
    ELSE
        LOCK TABLE flow_facts IN ROW EXCLUSIVE MODE;
        PERFORM pg_advisory_xact_lock(hashtextextended('flow_facts:' || id::text, 0))
        FROM unnest(ids) AS id ORDER BY id;
    END IF;
    -- A new statement, so a fresh snapshot: it sees what the transactions waited for committed.
    WITH old AS (
        DELETE FROM flow_facts f
        WHERE f.company_id = ANY(ids) AND f.metric IN (
            SELECT DISTINCT s.metric FROM flow_metric_sources s WHERE s.source = ANY(sources)
        )
        RETURNING {_FACT_COLUMNS}
    ), new AS (
        INSERT INTO flow_facts ({_FACT_COLUMNS}) SELECT * FROM flow_facts_of(ids, sources) RETURNING {_FACT_COLUMNS}
    ), change AS (
        SELECT 1 AS sign, * FROM new UNION ALL SELECT -1, * FROM old
    ), {_MONTHLY_UPSERT};
END;
$$
"""  # noqa: S608 - built from constants

# Which metrics each source yields (so a refresh from one source removes only those metrics' facts).
METRIC_SOURCES = (
    ("pivot_events", "born_ai_native"),
    ("pivot_events", "pivots_to_ai"),
    ("pivot_events", "pivots_away"),
    ("applications", "applications_submitted"),
    ("applications", "decisions_approved"),
    ("applications", "decisions_rejected"),
    ("licences", "licences_issued"),
    ("licences", "licences_suspended"),
    ("licences", "licences_revoked"),
)
ALL_SOURCES = "ARRAY['pivot_events', 'applications', 'licences']::varchar[]"

# Statement-level triggers with transition tables: one refresh per statement, COPY included.
FLOW_TRIGGER_FUNCTIONS = {
    "flows_after_pivot_events": ("SELECT array_agg(DISTINCT company_id) FROM changed_rows", "ARRAY['pivot_events']"),
    "flows_after_pivot_events_update": (
        "SELECT array_agg(DISTINCT company_id) FROM (SELECT company_id FROM new_rows "
        "UNION ALL SELECT company_id FROM old_rows) changed",
        "ARRAY['pivot_events']",
    ),
    "flows_after_applications": ("SELECT array_agg(DISTINCT company_id) FROM changed_rows", "ARRAY['applications']"),
    "flows_after_applications_update": (
        "SELECT array_agg(DISTINCT unnest) FROM new_rows n JOIN old_rows o ON o.id = n.id, "
        "unnest(ARRAY[n.company_id, o.company_id]) "
        "WHERE (n.company_id, n.licence_type, n.state, n.first_submitted_at, n.decided_at) IS DISTINCT FROM "
        "(o.company_id, o.licence_type, o.state, o.first_submitted_at, o.decided_at)",
        "ARRAY['applications']",
    ),
    "flows_after_licences": ("SELECT array_agg(DISTINCT company_id) FROM changed_rows", "ARRAY['licences']"),
    "flows_after_licences_update": (
        "SELECT array_agg(DISTINCT unnest) FROM new_rows n JOIN old_rows o ON o.id = n.id, "
        "unnest(ARRAY[n.company_id, o.company_id]) "
        "WHERE (n.company_id, n.licence_type, n.created_at) IS DISTINCT FROM (o.company_id, o.licence_type, o.created_at)",
        "ARRAY['licences']",
    ),
    "flows_after_events": (
        "SELECT array_agg(DISTINCT company_id) FROM (SELECT (SELECT l.company_id FROM licences l "
        "WHERE l.id = e.resource_id::uuid) AS company_id FROM changed_rows e "
        "WHERE e.resource_type = 'licence' AND e.kind IN ('licence.suspended', 'licence.revoked')) sanctioned "
        "WHERE company_id IS NOT NULL",
        "ARRAY['licences']",
    ),
    "flows_after_companies_update": (
        "SELECT array_agg(n.id) FROM new_rows n JOIN old_rows o ON o.id = n.id "
        "WHERE (n.region_kato, n.legal_form) IS DISTINCT FROM (o.region_kato, o.legal_form)",
        ALL_SOURCES,
    ),
    "flows_after_company_activities": (
        "SELECT array_agg(DISTINCT company_id) FROM changed_rows WHERE is_primary",
        ALL_SOURCES,
    ),
    "flows_after_company_activities_update": (
        "SELECT array_agg(DISTINCT company_id) FROM (SELECT company_id FROM new_rows WHERE is_primary "
        "UNION ALL SELECT company_id FROM old_rows WHERE is_primary) changed",
        ALL_SOURCES,
    ),
}
_OLD_AND_NEW = "OLD TABLE AS old_rows NEW TABLE AS new_rows"
FLOW_TRIGGERS = (
    ("flows_pivot_events_insert", "pivot_events", "INSERT", "NEW TABLE AS changed_rows", "flows_after_pivot_events"),
    ("flows_pivot_events_delete", "pivot_events", "DELETE", "OLD TABLE AS changed_rows", "flows_after_pivot_events"),
    ("flows_pivot_events_update", "pivot_events", "UPDATE", _OLD_AND_NEW, "flows_after_pivot_events_update"),
    (
        "flows_applications_insert",
        "licence_applications",
        "INSERT",
        "NEW TABLE AS changed_rows",
        "flows_after_applications",
    ),
    (
        "flows_applications_delete",
        "licence_applications",
        "DELETE",
        "OLD TABLE AS changed_rows",
        "flows_after_applications",
    ),
    ("flows_applications_update", "licence_applications", "UPDATE", _OLD_AND_NEW, "flows_after_applications_update"),
    ("flows_licences_insert", "licences", "INSERT", "NEW TABLE AS changed_rows", "flows_after_licences"),
    ("flows_licences_delete", "licences", "DELETE", "OLD TABLE AS changed_rows", "flows_after_licences"),
    ("flows_licences_update", "licences", "UPDATE", _OLD_AND_NEW, "flows_after_licences_update"),
    ("flows_events_insert", "events", "INSERT", "NEW TABLE AS changed_rows", "flows_after_events"),
    ("flows_companies_update", "companies", "UPDATE", _OLD_AND_NEW, "flows_after_companies_update"),
    (
        "flows_company_activities_insert",
        "company_activities",
        "INSERT",
        "NEW TABLE AS changed_rows",
        "flows_after_company_activities",
    ),
    (
        "flows_company_activities_delete",
        "company_activities",
        "DELETE",
        "OLD TABLE AS changed_rows",
        "flows_after_company_activities",
    ),
    (
        "flows_company_activities_update",
        "company_activities",
        "UPDATE",
        _OLD_AND_NEW,
        "flows_after_company_activities_update",
    ),
)

# The months a company is at risk of pivoting to AI, as registry.statistics.rates defines the base: an active
# company, from the month after its registration month, whose latest declared period that ended before the month
# (the newest filing for it; a year's own declaration counts after its Q4) has class ai_enabled or non_ai.
_RISK_SPANS_SELECT = """
WITH company AS (
    SELECT c.id, c.region_kato, (date_trunc('month', c.registration_date) + interval '1 month')::date AS first_month
    FROM companies c WHERE {where} AND c.status = 'active'
), declared AS (
    SELECT d.company_id, d.quarter, d.filed_at, d.id,
           (make_date(d.fiscal_year, 3 * coalesce(d.quarter, 4), 1) + interval '1 month')::date AS from_month,
           d.ai_class <> 'ai_native' AS at_risk
    FROM declarations d JOIN company c ON c.id = d.company_id
), period AS (
    SELECT DISTINCT ON (d.company_id, d.from_month) d.company_id, d.from_month, d.at_risk
    FROM declared d
    ORDER BY d.company_id, d.from_month, coalesce(d.quarter, 5) DESC, d.filed_at DESC, d.id DESC
), changed AS (
    SELECT p.*, p.at_risk IS DISTINCT FROM lag(p.at_risk) OVER w AS starts_run
    FROM period p WINDOW w AS (PARTITION BY p.company_id ORDER BY p.from_month)
), runs AS (
    SELECT ch.company_id, ch.at_risk, ch.from_month,
           coalesce(lead(ch.from_month) OVER (PARTITION BY ch.company_id ORDER BY ch.from_month), 'infinity'::date)
               AS to_month
    FROM changed ch WHERE ch.starts_run
)
SELECT r.company_id, c.region_kato, greatest(r.from_month, c.first_month), r.to_month
FROM runs r JOIN company c ON c.id = r.company_id
WHERE r.at_risk AND greatest(r.from_month, c.first_month) < r.to_month
"""
RISK_SPANS_FUNCTION = (
    "CREATE FUNCTION pivot_risk_spans_of(ids uuid[]) RETURNS TABLE "
    "(company_id uuid, region_kato varchar, from_month date, to_month date) LANGUAGE sql STABLE AS $$"
    + _RISK_SPANS_SELECT.format(where="c.id = ANY(ids)")
    + "$$"
)
RISK_SPANS_FILL = _RISK_SPANS_SELECT.format(where="true")

RISK_REFRESH_FUNCTION = f"""
CREATE FUNCTION pivot_risk_refresh(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF cardinality(ids) > {BULK} THEN
        LOCK TABLE pivot_risk_spans IN SHARE ROW EXCLUSIVE MODE;
    ELSE
        LOCK TABLE pivot_risk_spans IN ROW EXCLUSIVE MODE;
        PERFORM pg_advisory_xact_lock(hashtextextended('pivot_risk_spans:' || id::text, 0))
        FROM unnest(ids) AS id ORDER BY id;
    END IF;
    WITH old AS (
        DELETE FROM pivot_risk_spans s WHERE s.company_id = ANY(ids)
        RETURNING s.region_kato, s.from_month, s.to_month
    ), new AS (
        INSERT INTO pivot_risk_spans (company_id, region_kato, from_month, to_month)
        SELECT * FROM pivot_risk_spans_of(ids)
        RETURNING region_kato, from_month, to_month
    ), change AS (
        SELECT from_month AS month, region_kato, 1 AS companies FROM new
        UNION ALL SELECT to_month, region_kato, -1 FROM new WHERE to_month <> 'infinity'
        UNION ALL SELECT from_month, region_kato, -1 FROM old
        UNION ALL SELECT to_month, region_kato, 1 FROM old WHERE to_month <> 'infinity'
    ), net AS (
        SELECT month, region_kato, sum(companies)::integer AS companies FROM change
        GROUP BY 1, 2 HAVING sum(companies) <> 0
    )
    INSERT INTO pivot_risk_monthly_deltas AS t (month, region_kato, companies)
    SELECT * FROM net ORDER BY 1, 2
    ON CONFLICT (month, region_kato) DO UPDATE SET companies = t.companies + excluded.companies;
END;
$$
"""  # noqa: S608 - built from constants

RISK_TRIGGER_FUNCTIONS = {
    "pivot_risk_after_declarations": "SELECT array_agg(DISTINCT company_id) FROM changed_rows",
    "pivot_risk_after_companies_delete": "SELECT array_agg(DISTINCT id) FROM changed_rows",
    "pivot_risk_after_companies_update": (
        "SELECT array_agg(n.id) FROM new_rows n JOIN old_rows o ON o.id = n.id "
        "WHERE (n.status, n.region_kato, n.registration_date) IS DISTINCT FROM "
        "(o.status, o.region_kato, o.registration_date)"
    ),
}
RISK_TRIGGERS = (
    (
        "pivot_risk_declarations_insert",
        "declarations",
        "INSERT",
        "NEW TABLE AS changed_rows",
        "pivot_risk_after_declarations",
    ),
    (
        "pivot_risk_declarations_delete",
        "declarations",
        "DELETE",
        "OLD TABLE AS changed_rows",
        "pivot_risk_after_declarations",
    ),
    (
        "pivot_risk_companies_delete",
        "companies",
        "DELETE",
        "OLD TABLE AS changed_rows",
        "pivot_risk_after_companies_delete",
    ),
    ("pivot_risk_companies_update", "companies", "UPDATE", _OLD_AND_NEW, "pivot_risk_after_companies_update"),
)


def _trigger_function(name: str, ids_query: str, call: str) -> str:
    return f"""
CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids uuid[];
BEGIN
    ids := ({ids_query});
    IF ids IS NOT NULL THEN
        PERFORM {call};
    END IF;
    RETURN NULL;
END;
$$
"""


def _create_triggers(triggers: Sequence[tuple[str, str, str, str, str]]) -> None:
    for trigger, table, event, referencing, function in triggers:
        op.execute(
            f"CREATE TRIGGER {trigger} AFTER {event} ON {table} REFERENCING {referencing} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
        )


def upgrade() -> None:
    # Keyed by an identity: a refresh deletes and re-inserts a company's facts in one statement, where a natural key
    # would collide with the rows being deleted.
    op.create_table(
        "flow_facts",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=True), nullable=False),
        sa.Column("metric", sa.String(length=32), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("licence_type", sa.String(length=20), nullable=False),
        sa.Column("region_kato", sa.String(length=9), nullable=False),
        sa.Column("legal_form", sa.String(length=32), nullable=False),
        sa.Column("section", sa.String(length=4), nullable=False),
        sa.Column("division", sa.String(length=8), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        *(
            sa.Column(name, sa.Integer(), nullable=False)
            for name in (
                "first_month",
                "first_quarter",
                "first_year",
                "first_month_of_type",
                "first_quarter_of_type",
                "first_year_of_type",
            )
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flow_facts")),
    )
    op.create_index("ix_flow_facts_company_id", "flow_facts", ["company_id"])
    op.create_index("ix_flow_facts_metric_day", "flow_facts", ["metric", "day"])
    op.create_table(
        "flow_monthly_counts",
        sa.Column("metric", sa.String(length=32), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("region_kato", sa.String(length=9), nullable=False),
        sa.Column("dim", sa.String(length=20), nullable=False),
        sa.Column("grp", sa.String(length=32), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("first_month", sa.Integer(), nullable=False),
        sa.Column("first_quarter", sa.Integer(), nullable=False),
        sa.Column("first_year", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("metric", "month", "region_kato", "dim", "grp", name=op.f("pk_flow_monthly_counts")),
    )
    op.create_index(
        "ix_flow_monthly_counts_metric_dim_month", "flow_monthly_counts", ["metric", "dim", "month", "region_kato"]
    )
    op.create_table(
        "flow_metric_sources",
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("metric", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("source", "metric", name=op.f("pk_flow_metric_sources")),
    )
    op.bulk_insert(
        sa.table("flow_metric_sources", sa.column("source", sa.String()), sa.column("metric", sa.String())),
        [{"source": source, "metric": metric} for source, metric in METRIC_SOURCES],
    )
    op.execute(SOURCE_VIEW)
    op.execute(FACTS_FUNCTION)
    op.execute(REFRESH_FUNCTION)
    for name, (ids_query, sources) in FLOW_TRIGGER_FUNCTIONS.items():
        op.execute(_trigger_function(name, ids_query, f"flow_refresh(ids, {sources}::varchar[])"))
    _create_triggers(FLOW_TRIGGERS)

    op.create_table(
        "pivot_risk_spans",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=True), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("region_kato", sa.String(length=9), nullable=False),
        sa.Column("from_month", sa.Date(), nullable=False),
        sa.Column("to_month", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pivot_risk_spans")),
    )
    op.create_index("ix_pivot_risk_spans_company_id", "pivot_risk_spans", ["company_id"])
    op.create_table(
        "pivot_risk_monthly_deltas",
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("region_kato", sa.String(length=9), nullable=False),
        sa.Column("companies", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("month", "region_kato", name=op.f("pk_pivot_risk_monthly_deltas")),
    )
    op.execute(RISK_SPANS_FUNCTION)
    op.execute(RISK_REFRESH_FUNCTION)
    for name, ids_query in RISK_TRIGGER_FUNCTIONS.items():
        op.execute(_trigger_function(name, ids_query, "pivot_risk_refresh(ids)"))
    _create_triggers(RISK_TRIGGERS)

    # Fill from the register as it is (a database upgraded in place keeps its figures).
    op.execute(f"INSERT INTO flow_facts ({_FACT_COLUMNS}) {FACTS_FILL}")
    op.execute(
        f"WITH change AS (SELECT 1 AS sign, {_FACT_COLUMNS} FROM flow_facts), " + _MONTHLY_UPSERT  # noqa: S608 - constants
    )
    op.execute("INSERT INTO pivot_risk_spans (company_id, region_kato, from_month, to_month) " + RISK_SPANS_FILL)
    op.execute(
        "INSERT INTO pivot_risk_monthly_deltas (month, region_kato, companies) "
        "SELECT month, region_kato, sum(n) FROM ("
        "SELECT from_month AS month, region_kato, 1 AS n FROM pivot_risk_spans "
        "UNION ALL SELECT to_month, region_kato, -1 FROM pivot_risk_spans WHERE to_month <> 'infinity'"
        ") change GROUP BY 1, 2 HAVING sum(n) <> 0"
    )
    op.execute("ANALYZE flow_facts")
    op.execute("ANALYZE flow_monthly_counts")
    op.execute("ANALYZE pivot_risk_monthly_deltas")


def downgrade() -> None:
    for trigger, table, _, _, _ in (*RISK_TRIGGERS, *FLOW_TRIGGERS):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
    for name in (*RISK_TRIGGER_FUNCTIONS, *FLOW_TRIGGER_FUNCTIONS):
        op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    op.execute("DROP FUNCTION IF EXISTS pivot_risk_refresh(uuid[])")
    op.execute("DROP FUNCTION IF EXISTS pivot_risk_spans_of(uuid[])")
    op.drop_table("pivot_risk_monthly_deltas")
    op.drop_index("ix_pivot_risk_spans_company_id", table_name="pivot_risk_spans")
    op.drop_table("pivot_risk_spans")
    op.execute("DROP FUNCTION IF EXISTS flow_refresh(uuid[], varchar[])")
    op.execute("DROP FUNCTION IF EXISTS flow_facts_of(uuid[], varchar[])")
    op.execute("DROP VIEW IF EXISTS flow_source_rows")
    op.drop_table("flow_metric_sources")
    op.drop_index("ix_flow_monthly_counts_metric_dim_month", table_name="flow_monthly_counts")
    op.drop_table("flow_monthly_counts")
    op.drop_index("ix_flow_facts_metric_day", table_name="flow_facts")
    op.drop_index("ix_flow_facts_company_id", table_name="flow_facts")
    op.drop_table("flow_facts")
