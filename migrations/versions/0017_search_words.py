"""Register search by words: a trigram-indexed dictionary of the search keys' distinct words, postings from each word
to the companies holding it in similarity order, kept by statement-level triggers (``registry/companies/sql/
search_words.sql``, run here from its frozen copy ``migrations/sql/0017_search_words.sql``), and a GIN index on the
keys' words; the filter-only pages get indexes in their own order (region or class, newest first).

The dictionary and postings are filled from the companies already registered.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01
"""

from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCRIPT = Path(__file__).resolve().parent.parent / "sql" / "0017_search_words.sql"
BACKFILL = (
    """
    INSERT INTO company_search_postings (word, key_trigrams, company_id)
    SELECT w.word, w.key_trigrams, w.company_id
    FROM companies c CROSS JOIN LATERAL company_search_words_of(c.search_key, c.id) AS w
    """,
    """
    INSERT INTO company_search_words (word)
    SELECT DISTINCT p.word FROM company_search_postings p
    """,
)


def _script_statements() -> list[str]:
    """The frozen script's statements: each ends at a ``;`` outside a ``$$`` body (asyncpg runs one at a time)."""
    found: list[str] = []
    current: list[str] = []
    quoted = False
    for line in SCRIPT.read_text().splitlines():
        if not current and (not line.strip() or line.lstrip().startswith("--")):
            continue
        current.append(line)
        quoted ^= line.count("$$") % 2 == 1
        if not quoted and line.rstrip().endswith(";"):
            found.append("\n".join(current).rstrip().removesuffix(";"))
            current = []
    return found


def upgrade() -> None:
    op.create_table(
        "company_search_words",
        sa.Column("word", sa.String(length=1000), nullable=False),
        sa.PrimaryKeyConstraint("word", name=op.f("pk_company_search_words")),
    )
    op.create_index(
        "ix_company_search_words_word_trgm",
        "company_search_words",
        ["word"],
        unique=False,
        postgresql_using="gin",
        postgresql_ops={"word": "gin_trgm_ops"},
    )
    op.create_table(
        "company_search_postings",
        sa.Column("word", sa.String(length=1000), nullable=False),
        sa.Column("key_trigrams", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("word", "key_trigrams", "company_id", name=op.f("pk_company_search_postings")),
    )
    for statement in _script_statements():
        op.execute(statement)
    for statement in BACKFILL:
        op.execute(statement)
    op.create_index(
        "ix_companies_search_words",
        "companies",
        [sa.text("string_to_array(search_key, ' ')")],
        unique=False,
        postgresql_using="gin",
    )
    op.create_index(
        "ix_companies_region_kato_registration_date_id", "companies", ["region_kato", "registration_date", "id"]
    )
    op.create_index("ix_companies_ai_class_registration_date_id", "companies", ["ai_class", "registration_date", "id"])
    op.drop_index("ix_companies_region_kato", table_name="companies")
    op.drop_index("ix_companies_ai_class", table_name="companies")


def downgrade() -> None:
    op.create_index("ix_companies_ai_class", "companies", ["ai_class"], unique=False)
    op.create_index("ix_companies_region_kato", "companies", ["region_kato"], unique=False)
    op.drop_index("ix_companies_ai_class_registration_date_id", table_name="companies")
    op.drop_index("ix_companies_region_kato_registration_date_id", table_name="companies")
    op.drop_index("ix_companies_search_words", table_name="companies")
    op.execute("DROP TRIGGER company_search_words_removed ON companies")
    op.execute("DROP TRIGGER company_search_words_changed ON companies")
    op.execute("DROP TRIGGER company_search_words_added ON companies")
    op.execute("DROP FUNCTION company_search_words_removed()")
    op.execute("DROP FUNCTION company_search_words_changed()")
    op.execute("DROP FUNCTION company_search_words_added()")
    op.execute("DROP FUNCTION company_search_words_of(text, uuid)")
    op.drop_table("company_search_postings")
    op.drop_index("ix_company_search_words_word_trgm", table_name="company_search_words", postgresql_using="gin")
    op.drop_table("company_search_words")
