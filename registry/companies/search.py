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

import itertools
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, Text, and_, bindparam, func, literal_column, or_, select, text, union
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from registry.companies.models import Company, CompanySearchPosting

__all__ = [
    "CANDIDATES",
    "CANDIDATES_PER_WORD_OF_MANY",
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

VARIANTS_PER_WORD = 3
"""The dictionary words a query word may stand for: itself when the dictionary holds it, then the most similar
(typos, longer words it begins)."""

CANDIDATES = 100
"""Companies read per set: the holders of a single word, of all the words, of all but one. A name search lists at
most a few hundred companies, the best first; filters narrow the sets before they are bounded."""

CANDIDATES_PER_WORD_OF_MANY = 20
"""Holders read per word of a query of several words: partial matches on one rare word, after the sets above."""

_VARIANTS = text(
    """
    SELECT q.position, v.word
    FROM unnest(CAST(:words AS text[])) WITH ORDINALITY AS q(word, position)
    CROSS JOIN LATERAL (
        SELECT d.word FROM company_search_words d
        WHERE q.word <% d.word
        ORDER BY d.word = q.word DESC, word_similarity(q.word, d.word) DESC, similarity(q.word, d.word) DESC, d.word
        LIMIT :variants
    ) AS v
    ORDER BY q.position
    """
)


async def word_variants(session: AsyncSession, key: str) -> list[list[str]]:
    """For each of the key's first distinct words, the dictionary words it stands for, the most similar first.

    Uses the session's ``pg_trgm.word_similarity_threshold`` (set by the caller to :data:`SEARCH_THRESHOLD`).

    Args:
        session: The request's session.
        key: A query's search key.

    Returns:
        One list per query word, in the query's order, the word itself first when the dictionary holds it; a word
        that matches nothing is left out.
    """
    words = [word for word in dict.fromkeys(key.split()) if word != "|"][:QUERY_WORDS]
    rows = await session.execute(_VARIANTS, {"words": words, "variants": VARIANTS_PER_WORD})
    variants: dict[int, list[str]] = {}
    for position, word in rows:
        variants.setdefault(int(position), []).append(str(word))
    return list(variants.values())


def _key_words() -> ColumnElement[list[str]]:
    # The literal separator keeps the expression identical to the index ix_companies_search_words.
    return func.string_to_array(Company.search_key, literal_column("' '"), type_=ARRAY(Text))


def _holding(words: Sequence[str], name: str) -> ColumnElement[bool]:
    """The company's key holds one of ``words`` (through the GIN index on the key's words)."""
    return _key_words().op("&&")(bindparam(name, list(words), type_=ARRAY(Text)))


def _best_holders(
    words: Sequence[str], variants: Sequence[Sequence[str]], where: ColumnElement[bool] | None, per_word: int
) -> Select[Any]:
    """Per query word, ``per_word`` holders of each of its spellings with the fewest key trigrams (the most similar).

    A word the dictionary holds is read alone: its holders outrank those of its other spellings.
    """
    matched = sorted({word for found in variants for word in (found[:1] if found[0] in words else found)})
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
    best = (
        holders.order_by(CompanySearchPosting.key_trigrams, CompanySearchPosting.company_id)
        .limit(per_word)
        .lateral("holders")
    )
    return select(best.c.company_id.label("id")).select_from(variant).join(best, text("true")).correlate(None)


def _shortest_holding(condition: ColumnElement[bool], where: ColumnElement[bool] | None) -> Select[Any]:
    """The :data:`CANDIDATES` shortest keys meeting ``condition`` (for names holding the words, the most similar)."""
    holding = select(Company.id.label("id")).correlate(None).where(condition)
    if where is not None:
        holding = holding.where(where)
    return holding.order_by(func.length(Company.search_key), Company.id).limit(CANDIDATES)


def candidate_ids(
    words: Sequence[str], variants: Sequence[Sequence[str]], where: ColumnElement[bool] | None
) -> Select[Any]:
    """The ids of the companies a search ranks, each set bounded.

    A query of one word: its best holders. Of several: the companies holding a spelling of every word, those
    holding spellings of two of them (three words or more), and a few best holders of each word.

    Args:
        words: The query key's words.
        variants: :func:`word_variants` of the query's key.
        where: The page's other conditions on :class:`Company` (filters, membership), applied before each bound.

    Returns:
        A ``SELECT`` of company ids.
    """
    if len(variants) < 2:
        return _best_holders(words, variants, where, CANDIDATES)
    holds = [_holding(words, f"words_{index}") for index, words in enumerate(variants)]
    sets = [
        _best_holders(words, variants, where, CANDIDATES_PER_WORD_OF_MANY),
        _shortest_holding(and_(*holds), where),
    ]
    if len(holds) >= 3:
        two_of_them = or_(*(and_(first, second) for first, second in itertools.combinations(holds, 2)))
        sets.append(_shortest_holding(two_of_them, where))
    found = union(*(part.subquery().select() for part in sets)).subquery()
    return select(found.c.id)
