"""Register search by words: the bounded set of companies a name query ranks, found through the word dictionary.

A query's key (:func:`registry.search_key.search_key`) is split into words. Each word is matched against the
dictionary of the register's distinct words (``company_search_words``, a few thousand words with a trigram index)
by pg_trgm word similarity, so typos and prefixes find their spellings there (``kazah`` → ``kazak``). The companies
are then reached from those dictionary words, never by comparing the query with every name:

* per matched word, the companies holding it with the fewest key trigrams first (``company_search_postings``): for a
  word a name holds, fewer trigrams is a higher similarity, so these are the word's best matches;
* for a query of several words, also the companies holding a spelling of every word (a GIN index on the key's
  words), the most similar first.

Both are bounded (:data:`CANDIDATES_PER_WORD` each), so the ranking that follows (the same score as before) reads
hundreds of names, not the tens of thousands that hold a common word. The candidates do not depend on the page, so
a cursor walks one fixed, deterministic list of the best matches.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, Select, Text, bindparam, func, literal_column, select, text, union
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from registry.companies.models import Company, CompanySearchPosting

__all__ = [
    "CANDIDATES_PER_WORD",
    "QUERY_WORDS",
    "SEARCH_THRESHOLD",
    "VARIANTS_PER_WORD",
    "candidate_ids",
    "word_variants",
]

SEARCH_THRESHOLD = 0.45
"""Least word similarity for a match: of a query word to a dictionary word, and of the query's key to a company's
key (tolerates small typos)."""

QUERY_WORDS = 8
"""The first distinct words of a query that are matched (a name has fewer; more would only add cost)."""

VARIANTS_PER_WORD = 6
"""The dictionary words a query word may stand for, the most similar first (its own spelling, typos, longer words
it begins)."""

CANDIDATES_PER_WORD = 200
"""Companies read per matched word (and for all the words together): a name search lists at most this many per
word, the best first. At least the largest page (``limit`` ≤ 200), so a page is never cut short by the bound."""

_VARIANTS = text(
    """
    SELECT q.position, v.word
    FROM unnest(CAST(:words AS text[])) WITH ORDINALITY AS q(word, position)
    CROSS JOIN LATERAL (
        SELECT d.word FROM company_search_words d
        WHERE q.word <% d.word
        ORDER BY word_similarity(q.word, d.word) DESC, similarity(q.word, d.word) DESC, d.word
        LIMIT :variants
    ) AS v
    ORDER BY q.position
    """
)


async def word_variants(session: AsyncSession, key: str) -> list[list[str]]:
    """For each of the key's first distinct words, the dictionary words it matches, the most similar first.

    Uses the session's ``pg_trgm.word_similarity_threshold`` (set by the caller to :data:`SEARCH_THRESHOLD`).

    Args:
        session: The request's session.
        key: A query's search key.

    Returns:
        One list per query word, in the query's order; a word that matches nothing is left out.
    """
    words = list(dict.fromkeys(key.split()))[:QUERY_WORDS]
    rows = await session.execute(_VARIANTS, {"words": words, "variants": VARIANTS_PER_WORD})
    variants: dict[int, list[str]] = {}
    for position, word in rows:
        variants.setdefault(int(position), []).append(str(word))
    return list(variants.values())


def _key_words() -> ColumnElement[list[str]]:
    # The literal separator keeps the expression identical to the index ix_companies_search_words.
    return func.string_to_array(Company.search_key, literal_column("' '"), type_=ARRAY(Text))


def candidate_ids(
    key: str, variants: Sequence[Sequence[str]], where: ColumnElement[bool] | None
) -> Select[tuple[object]]:
    """The ids of the companies a search ranks: the best holders of each matched word, and of all the words together.

    Args:
        key: The query's search key (orders the holders of all the words).
        variants: :func:`word_variants` of the key.
        where: The page's other conditions on :class:`Company` (filters, membership), applied before each bound.

    Returns:
        A ``SELECT`` of company ids, at most :data:`CANDIDATES_PER_WORD` per matched word and one more such set.
    """
    matched = sorted({word for words in variants for word in words})
    variant = (
        func.unnest(bindparam("variant_words", matched, type_=ARRAY(Text)))
        .table_valued("word")
        .render_derived(name="variant")
    )
    # Not correlated with the page's own FROM companies: these are sets of their own.
    holders = (
        select(CompanySearchPosting.company_id)
        .where(CompanySearchPosting.word == variant.c.word)
        .correlate_except(Company, CompanySearchPosting)
    )
    if where is not None:
        holders = holders.join(Company, Company.id == CompanySearchPosting.company_id).where(where)
    best_holders = (
        holders.order_by(CompanySearchPosting.key_trigrams, CompanySearchPosting.company_id)
        .limit(CANDIDATES_PER_WORD)
        .lateral("holders")
    )
    per_word = (
        select(best_holders.c.company_id.label("id"))
        .select_from(variant)
        .join(best_holders, text("true"))
        .correlate(None)
    )
    if len(variants) < 2:
        return per_word
    holding_all = (
        select(Company.id.label("id"))
        .correlate(None)
        .where(
            *(
                _key_words().op("&&")(bindparam(f"words_{index}", list(words), type_=ARRAY(Text)))
                for index, words in enumerate(variants)
            )
        )
    )
    if where is not None:
        holding_all = holding_all.where(where)
    holding_all = holding_all.order_by(func.similarity(key, Company.search_key).desc(), Company.id).limit(
        CANDIDATES_PER_WORD
    )
    return select(union(per_word, holding_all.subquery().select()).subquery().c.id)
