"""The rollups on the register's history and one time basis; registrations become a flow like the others.

* Summary spans: the class of each day comes from the declaration for the latest period ending in the twelve
  months to it (not from filing days), the status and region from the company's history.
* Flow facts: each row broken down by the company's region, legal form and primary activity on its own day;
  sanctions dated by the day they took effect; registrations (the first day of a company's history) are a flow of
  the flow rollups, which replace the registration counts.
* Licences in force: spans of each licence's status history within its validity, in its holder's region of the
  day.
* Pivot-rate base: the months a company was active by its history.

The definitions are frozen copies (``migrations/sql/0008_*.sql``) of the package's SQL files; every rollup is filled
again from the register.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

import importlib.util
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQL = Path(__file__).resolve().parent.parent / "sql"
SCRIPTS = ("0008_summary_rollups.sql", "0008_flow_rollups.sql", "0008_licence_rollups.sql")
ALL_IDS = "(SELECT coalesce(array_agg(id), '{}') FROM companies)"
NEW_TRIGGERS = (
    ("flows_companies_insert", "INSERT", "NEW TABLE AS new_rows", "flows_after_companies_insert"),
    ("flows_companies_delete", "DELETE", "OLD TABLE AS old_rows", "flows_after_companies_delete"),
)
ALL_SOURCES = "ARRAY['pivot_events', 'applications', 'licences', 'companies']::varchar[]"


def statements(script: str) -> list[str]:
    """The statements of a script of definitions ending in ``$$;`` (a view ends in ``);``)."""
    parts: list[str] = []
    for chunk in script.split("\n$$;"):
        if "CREATE" not in chunk:
            continue
        if "CREATE OR REPLACE VIEW" in chunk:
            view, _, rest = chunk.partition("\n);\n")
            parts.append(view.strip() + "\n)")
            chunk = rest
        parts.append(chunk.strip() + "\n$$")
    return parts


def upgrade() -> None:
    for trigger in (
        "registrations_companies_insert",
        "registrations_companies_delete",
        "registrations_companies_update",
    ):
        op.execute(f"DROP TRIGGER {trigger} ON companies")
    op.execute("DROP FUNCTION registrations_after_companies()")
    op.drop_table("registration_monthly_counts")
    op.drop_table("registration_daily_counts")
    op.create_table(
        "licence_spans",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=True), nullable=False),
        sa.Column("licence_id", sa.Uuid(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("region_kato", sa.String(length=9), nullable=False),
        sa.Column("licence_type", sa.String(length=20), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_licence_spans")),
    )
    op.create_index("ix_licence_spans_company_id", "licence_spans", ["company_id"])
    for name in SCRIPTS:
        for statement in statements((SQL / name).read_text(encoding="utf-8")):
            op.execute(statement)
    op.execute("INSERT INTO flow_metric_sources (source, metric) VALUES ('companies', 'companies_registered')")
    for trigger, event, referencing, function in NEW_TRIGGERS:
        op.execute(
            f"CREATE TRIGGER {trigger} AFTER {event} ON companies REFERENCING {referencing} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
        )
    op.execute("TRUNCATE summary_company_spans, summary_daily_deltas, summary_monthly_deltas")
    op.execute(f"SELECT summary_refresh({ALL_IDS})")
    op.execute("TRUNCATE flow_facts, flow_monthly_counts")
    op.execute(f"SELECT flow_refresh({ALL_IDS}, {ALL_SOURCES})")
    op.execute("TRUNCATE pivot_risk_spans, pivot_risk_monthly_deltas")
    op.execute(f"SELECT pivot_risk_refresh({ALL_IDS})")
    op.execute("TRUNCATE licence_daily_deltas, licence_monthly_deltas")
    op.execute(f"SELECT licence_refresh({ALL_IDS})")
    for table in ("summary_monthly_deltas", "flow_monthly_counts", "pivot_risk_monthly_deltas", "licence_spans"):
        op.execute(f"ANALYZE {table}")


def _revision(name: str) -> ModuleType:
    """An earlier migration module, for the definitions a downgrade restores."""
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(name))
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _replacing(definition: str) -> str:
    return definition.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION").replace(
        "CREATE VIEW", "CREATE OR REPLACE VIEW"
    )


def downgrade() -> None:
    rollups, flows = _revision("0004_statistics_rollups.py"), _revision("0005_flow_rollups.py")
    for trigger, _, _, function in NEW_TRIGGERS:
        op.execute(f"DROP TRIGGER {trigger} ON companies")
        op.execute(f"DROP FUNCTION {function}()")
    op.execute("DELETE FROM flow_metric_sources WHERE source = 'companies'")
    for definition in (
        rollups.SPANS_FUNCTION,
        rollups.LICENCES_FUNCTION,
        rollups.LICENCES_COMPANY_FUNCTION,
        flows.SOURCE_VIEW,
        flows.FACTS_FUNCTION,
        flows.RISK_SPANS_FUNCTION,
    ):
        op.execute(_replacing(definition))
    for name in (
        "flows_after_companies_update",
        "flows_after_company_activities",
        "flows_after_company_activities_update",
    ):
        ids_query, sources = flows.FLOW_TRIGGER_FUNCTIONS[name]
        op.execute(_replacing(flows._trigger_function(name, ids_query, f"flow_refresh(ids, {sources}::varchar[])")))
    op.execute("DROP FUNCTION licence_refresh(uuid[])")
    op.execute("DROP FUNCTION licence_spans_of(uuid[])")
    op.execute("DROP FUNCTION company_region_spans(uuid[], boolean)")
    op.drop_index("ix_licence_spans_company_id", table_name="licence_spans")
    op.drop_table("licence_spans")
    for table, key in (("registration_daily_counts", "day"), ("registration_monthly_counts", "month")):
        op.create_table(
            table,
            sa.Column(key, sa.Date(), nullable=False),
            sa.Column("region_kato", sa.String(length=9), nullable=False),
            sa.Column("legal_form", sa.String(length=32), nullable=False),
            sa.Column("companies", sa.Integer(), nullable=False),
            sa.PrimaryKeyConstraint(key, "region_kato", "legal_form", name=op.f(f"pk_{table}")),
        )
    op.execute(rollups.REGISTRATIONS_FUNCTION)
    for trigger, event, referencing in rollups.REGISTRATIONS_TRIGGERS:
        op.execute(
            f"CREATE TRIGGER {trigger} AFTER {event} ON companies REFERENCING {referencing} "
            "FOR EACH STATEMENT EXECUTE FUNCTION registrations_after_companies()"
        )
    op.execute("TRUNCATE summary_company_spans, summary_daily_deltas, summary_monthly_deltas")
    op.execute(f"SELECT summary_refresh({ALL_IDS})")
    op.execute("TRUNCATE flow_facts, flow_monthly_counts")
    op.execute(f"SELECT flow_refresh({ALL_IDS}, ARRAY['pivot_events', 'applications', 'licences']::varchar[])")
    op.execute("TRUNCATE pivot_risk_spans, pivot_risk_monthly_deltas")
    op.execute(f"SELECT pivot_risk_refresh({ALL_IDS})")
    op.execute("TRUNCATE licence_daily_deltas, licence_monthly_deltas")
    for statement in (*rollups.REGISTRATIONS_FILL, *rollups.LICENCES_FILL):
        op.execute(statement)
