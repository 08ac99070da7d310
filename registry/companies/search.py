"""Register search by words: the bounded set of companies a name query ranks, found through the word dictionary.

A query's key (:func:`registry.search_key.search_key`) is split into words. Each word is matched against the
dictionary of the register's distinct words (``company_search_words``, some tens of thousands of words with a
trigram index) by pg_trgm word similarity, so typos, prefixes and other scripts find their spellings there
(``kazah`` → ``kazak``). The companies are then reached from those dictionary words, never by comparing the query
with every name:

* per word, the companies holding it with the fewest key trigrams first (``company_search_postings``): for a word
  a name holds, fewer trigrams is a higher similarity, so these are the word's best matches;
* for a query of several words, also the companies holding a spelling of every word, and (three words or more)
  those holding the rarest word and one other, the most similar first (a GIN index on the key's words).

Every set is bounded (:data:`CANDIDATES`), so the ranking that follows (the score the whole-register scan used)
reads some hundreds of names, not the tens of thousands that hold a common word. The sets do not depend on the
page, so a cursor walks one fixed, deterministic list of the best matches.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Select, Text, and_, bindparam, func, literal_column, or_, select, text, union
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from registry.companies.models import Company, CompanySearchPosting

__all__ = [
    "CANDIDATES",
    "CANDIDATES_PER_WORD_OF_MANY",
    "HOLDERS_COUNTED",
    "QUERY_WORDS",
    "SEARCH_THRESHOLD",
    "VARIANTS_PER_WORD",
    "WORD_THRESHOLD",
    "QueryWord",
    "candidate_ids",
    "word_variants",
]

SEARCH_THRESHOLD = 0.45
"""Least word similarity of the query's key to a company's key for a match (tolerates small typos)."""

WORD_THRESHOLD = 0.5
"""Least word similarity of a query word to a dictionary word it may stand for: a typo or two of a word, or a word
it begins (``kazah`` → ``kazak``, ``shanirka`` → ``shanirak``), but not every word sharing its first letters."""

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

HOLDERS_COUNTED = 2000
"""Holders of a spelling counted at most, to tell a query's rarest word (a count past this is "common")."""

_VARIANTS = text(
    """
    SELECT q.position, v.word,
        (SELECT count(*) FROM (SELECT FROM company_search_postings p WHERE p.word = v.word LIMIT :counted) AS c)
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


class QueryWord(NamedTuple):
    """A word of a query as the dictionary knows it."""

    spellings: tuple[str, ...]
    """The dictionary words it stands for, the most similar first (itself first when the dictionary holds it)."""
    holders: tuple[int, ...]
    """How many companies hold each spelling, counted up to :data:`HOLDERS_COUNTED`."""


async def word_variants(session: AsyncSession, key: str) -> list[QueryWord]:
    """For each of the key's first distinct words, the dictionary words it stands for, the most similar first.

    Uses the session's ``pg_trgm.word_similarity_threshold`` (set by the caller to :data:`WORD_THRESHOLD`).

    Args:
        session: The request's session.
        key: A query's search key.

    Returns:
        One entry per query word, in the query's order; a word that matches nothing is left out.
    """
    words = [word for word in dict.fromkeys(key.split()) if word != "|"][:QUERY_WORDS]
    rows = await session.execute(_VARIANTS, {"words": words, "variants": VARIANTS_PER_WORD, "counted": HOLDERS_COUNTED})
    spellings: dict[int, list[str]] = {}
    holders: dict[int, list[int]] = {}
    for position, word, count in rows:
        spellings.setdefault(int(position), []).append(str(word))
        holders.setdefault(int(position), []).append(int(count))
    return [QueryWord(tuple(found), tuple(holders[position])) for position, found in spellings.items()]


def _spellings_read(word: QueryWord, query_words: Sequence[str], per_word: int) -> tuple[str, ...]:
    exact = word.spellings[0] in query_words and word.holders[0] >= per_word
    return word.spellings[:1] if exact else word.spellings


def _key_words() -> ColumnElement[list[str]]:
    # The literal separator keeps the expression identical to the index ix_companies_search_words.
    return func.string_to_array(Company.search_key, literal_column("' '"), type_=ARRAY(Text))


def _holding(words: Sequence[str], name: str) -> ColumnElement[bool]:
    """The company's key holds one of ``words`` (through the GIN index on the key's words)."""
    return _key_words().op("&&")(bindparam(name, list(words), type_=ARRAY(Text)))


def _best_holders(
    words: Sequence[str], query_words: Sequence[QueryWord], where: ColumnElement[bool] | None, per_word: int
) -> Select[Any]:
    """Per query word, ``per_word`` holders of each of its spellings with the fewest key trigrams (the most similar).

    A word the dictionary holds, held by ``per_word`` companies or more, is read alone: its holders outrank those of
    its other spellings.
    """
    matched = sorted({word for found in query_words for word in _spellings_read(found, words, per_word)})
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


def _most_similar_holding(key: str, condition: ColumnElement[bool], where: ColumnElement[bool] | None) -> Select[Any]:
    """The :data:`CANDIDATES` keys meeting ``condition`` most similar to the query's key.

    Similarity, not length: a key that spells a name twice (``altin irbis data | altin ilbis data``) is long but
    has few more trigrams, and ranks high.
    """
    holding = select(Company.id.label("id")).correlate(None).where(condition)
    if where is not None:
        holding = holding.where(where)
    return holding.order_by(func.similarity(key, Company.search_key).desc(), Company.id).limit(CANDIDATES)


def candidate_ids(key: str, query_words: Sequence[QueryWord], where: ColumnElement[bool] | None) -> Select[Any]:
    """The ids of the companies a search ranks, each set bounded.

    A query of one word: its best holders. Of several: the companies holding a spelling of every word, those
    holding the rarest word and one other (three words or more), and a few best holders of each word.

    Args:
        key: The query's search key.
        query_words: :func:`word_variants` of the query's key.
        where: The page's other conditions on :class:`Company` (filters, membership), applied before each bound.

    Returns:
        A ``SELECT`` of company ids.
    """
    if len(query_words) < 2:
        return _best_holders(key.split(), query_words, where, CANDIDATES)
    holds = [_holding(word.spellings, f"words_{index}") for index, word in enumerate(query_words)]
    sets = [
        _best_holders(key.split(), query_words, where, CANDIDATES_PER_WORD_OF_MANY),
        _most_similar_holding(key, and_(*holds), where),
    ]
    if len(holds) >= 3:
        # Pairs with the rarest word only: every pair of common words would read thousands of names.
        rarest = min(range(len(query_words)), key=lambda index: sum(query_words[index].holders))
        with_rarest = or_(*(and_(holds[rarest], hold) for index, hold in enumerate(holds) if index != rarest))
        sets.append(_most_similar_holding(key, with_rarest, where))
    found = union(*(part.subquery().select() for part in sets)).subquery()
    return select(found.c.id)
