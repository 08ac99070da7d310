"""The search key: a company name folded so that its Kazakh, Russian and English spellings meet.

The key is computed here, stored next to the names and compared with pg_trgm similarity, so ``Qazaq AI``,
``Казак ИИ``, ``Қазақ AI`` and ``Kazakh AI`` all become ``kazak ai`` and a typo or two still scores high.
The same function folds the query, so a fold that loses a distinction (``Ақ`` "white" and the legal form
``АҚ``, ``Хан`` and ``Кан``) costs precision, never recall.

Steps, in order:

1. ``™``, ``℠`` and ``№`` become spaces (NFKC would spell them ``TM``, ``SM``, ``No`` glued to the word); NFKC
   and casefold.
2. Latin letters that stand for a digraph keep it (``ş``, ``ș``, ``ś``, ``š`` → ``sh``; ``ç``, ``ć``, ``č`` →
   ``ch``; ``ž`` → ``zh``: Turkish, Kazakh Latin 2018/2021 and ISO 9 spellings of ш, ч, ж); then NFKD drops
   every other diacritic (``ó`` → ``o``, and also ``й`` → ``и``, ``ё`` → ``е``, ``ї`` → ``і``, ``ў`` → ``у``).
3. Cyrillic to Latin: Kazakh letters to their plain neighbours (``ә`` → ``a``, ``ғ`` → ``g``, ``қ`` → ``k``,
   ``ң`` → ``n``, ``ө`` → ``o``, ``ұ``/``ү`` → ``u``, ``һ`` → ``h``, ``і`` → ``i``), Russian by a simple scheme
   (``ж`` → ``zh``, ``х`` → ``kh``, ``ц`` → ``ts``, ``ч`` → ``ch``, ``ш``/``щ`` → ``sh``, ``ы`` → ``y``,
   ``ю`` → ``yu``, ``я`` → ``ya``, ``ъ``/``ь`` dropped).
4. Apostrophes are dropped inside words; every other character that is not ``a-z0-9`` separates words.
5. Each word is folded so that the Latin spellings meet the transliterated Cyrillic ones (see
   ``_SPELLING_FOLDS``): ``q`` → ``k``, ``kh`` → ``k``, ``x`` → ``ks``, ``c`` → ``s``/``k``, ``w`` → ``v``,
   ``j`` → ``zh``, ``y`` → ``i``, ``ph`` → ``f``, and doubled letters are written once.
6. The AI abbreviations ``ИИ`` (Russian), ``ЖИ`` (Kazakh "жасанды интеллект") and ``AI``, and the spelled-out
   phrases, become ``ai``; legal forms (``ТОО``, ``ЖШС``, ``LLP``, ``АО``, ``АҚ``, ``JSC``, …) are dropped
   from the start and the end of the name, where registers put them, unless nothing else is left.

The key is idempotent (``search_key(search_key(x)) == search_key(x)``) and contains only ``[a-z0-9 ]``
with single spaces between words.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence

__all__ = ["search_key"]

# Before NFKC: these compatibility characters would otherwise decompose into letters glued to the word.
_SYMBOLS_THAT_SPELL_LETTERS = str.maketrans({"™": " ", "℠": " ", "№": " "})

# Before NFKD, which would reduce them to a bare s, c or z.
_LATIN_DIGRAPH_LETTERS = str.maketrans(
    {"ş": "sh", "ș": "sh", "ś": "sh", "š": "sh", "ç": "ch", "ć": "ch", "č": "ch", "ž": "zh"}
)

# After NFKD: letters that carry no combining mark to strip but still have a plain Latin spelling.
_TO_LATIN = str.maketrans(
    {
        # Kazakh
        "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
        # Russian (й and ё arrive as и and е after NFKD)
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i", "к": "k",
        "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f",
        "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
        "я": "ya",
        # Ukrainian letters (ТОВ names)
        "є": "e", "ґ": "g",
        # Latin letters without a decomposition
        "ı": "i", "ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d", "þ": "th", "ŋ": "n",
        # Apostrophes join: O'Brien, Moody's
        "'": "", "’": "", "‘": "", "ʼ": "", "ʻ": "", "`": "",
    }
)  # fmt: skip

_NOT_KEY_CHARACTERS = re.compile(r"[^a-z0-9]+")
_REPEATED_LETTER = re.compile(r"([a-z])\1+")

# Applied in this order, to a word whose doubled letters are already single, until nothing changes (a
# replacement can complete a pattern with the letters before it: "dz" + "dzh" → "dz" + "zh"). That ends: the
# first pass removes every q, x, w, j and y and every c not before h, and no rule writes them back, so each
# later pass can only shorten the word.
_SPELLING_FOLDS: tuple[tuple[re.Pattern[str], str], ...] = (
    # "Tech" is Тех in Russian names (Агротех, Финтех): the English ch is a k here.
    (re.compile(r"tech"), "tek"),
    # Kazakh Latin q is қ, which Russian spellings write as к (Qazaq, Казак).
    (re.compile(r"q"), "k"),
    # Russian writes x as кс (Yandex, Яндекс; Maxat, Максат).
    (re.compile(r"x"), "ks"),
    (re.compile(r"ph+"), "f"),
    # c is с before e, i, y (Cinema, Синема) and к elsewhere (Robotics, Роботикс); ch stays, it is ч.
    (re.compile(r"c(?=[eiy])"), "s"),
    (re.compile(r"c(?!h)"), "k"),
    # Russian writes English w as в (Web, Веб).
    (re.compile(r"w"), "v"),
    # Kazakh Latin j is ж, and English j is дж, which we meet at zh (Jol, Жол; Jet, Джет).
    (re.compile(r"j"), "zh"),
    (re.compile(r"d+z+h"), "zh"),
    # Passport spellings put Ye for a leading Е (Yermek, Ермек).
    (re.compile(r"^ye"), "e"),
    # ы, й, і, и and y are one sound class across the spellings in use.
    (re.compile(r"y"), "i"),
    # х stands where Kazakh has қ (Казах, Қазақ), and English writes it kh (Kazakh): all meet at k.
    (re.compile(r"k+h+"), "k"),
)

_AI = "ai"
_AI_ABBREVIATIONS = frozenset({"ai", "zhi"})
"""Folded words that mean "artificial intelligence": AI, ЖИ (and ИИ, caught before folding, see below)."""

_AI_PHRASES = (
    "жасанды интеллект",
    "искусственный интеллект",
    "искусственного интеллекта",
    "artificial intelligence",
)

_LEGAL_FORMS = (
    # Kazakh
    "ЖШС",
    "АҚ",
    "ЖК",
    "жауапкершілігі шектеулі серіктестік",
    "жауапкершілігі шектеулі серіктестігі",
    "акционерлік қоғам",
    "акционерлік қоғамы",
    "жеке кәсіпкер",
    # Russian (and the Ukrainian ТОВ)
    "ТОО",
    "АО",
    "ИП",
    "ООО",
    "ОАО",
    "ЗАО",
    "ПАО",
    "ТОВ",
    "товарищество с ограниченной ответственностью",
    "акционерное общество",
    "индивидуальный предприниматель",
    # English and other Latin-script forms
    "LLP",
    "LLC",
    "JSC",
    "Ltd",
    "Limited",
    "Inc",
    "Incorporated",
    "Corp",
    "Corporation",
    "PLC",
    "LP",
    "GmbH",
    "IE",
    "limited liability partnership",
    "limited liability company",
    "joint stock company",
)


def search_key(text: str) -> str:
    """The folded, transliterated key of a name, for trigram search across scripts and spellings.

    Args:
        text: A name or a search query, in any script.

    Returns:
        Lowercase ASCII words (``[a-z0-9]``) separated by single spaces; empty when the text has no letters or
        digits that the key can spell.
    """
    raw_words = _latin_words(text)
    # ИИ becomes "ii" and then "i" once doubled letters are folded, like the Russian conjunction и; only the
    # unfolded word tells them apart.
    words = [_AI if raw == "ii" else _fold_word(raw) for raw in raw_words]
    words = _replace_phrases(words, _AI_PHRASE_WORDS, _AI)
    words = [_AI if word in _AI_ABBREVIATIONS else word for word in words]
    return " ".join(_without_legal_forms(words))


def _latin_words(text: str) -> list[str]:
    """Steps 1–4: the text as lowercase ASCII words, before spelling folds."""
    text = unicodedata.normalize("NFKC", text.translate(_SYMBOLS_THAT_SPELL_LETTERS)).casefold()
    text = unicodedata.normalize("NFKD", text.translate(_LATIN_DIGRAPH_LETTERS))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return _NOT_KEY_CHARACTERS.sub(" ", text.translate(_TO_LATIN)).split()


@functools.lru_cache(maxsize=1 << 16)
def _fold_word(word: str) -> str:
    """Step 5: one word's Latin spelling folded to the shared form (words recur across names: each is folded once)."""
    while True:
        folded = _REPEATED_LETTER.sub(r"\1", word)
        for pattern, replacement in _SPELLING_FOLDS:
            folded = pattern.sub(replacement, folded)
        # Folds can put two equal letters side by side (ck → kk); write them once, as at the start.
        folded = _REPEATED_LETTER.sub(r"\1", folded)
        if folded == word:
            return folded
        word = folded


def _folded_phrases(phrases: Iterable[str]) -> tuple[tuple[str, ...], ...]:
    """Phrases folded word by word, longest first so that a long form wins over its first word."""
    folded = {tuple(_fold_word(word) for word in _latin_words(phrase)) for phrase in phrases}
    return tuple(sorted(folded, key=lambda words: (-len(words), words)))


_AI_PHRASE_WORDS = _folded_phrases(_AI_PHRASES)
_LEGAL_FORM_WORDS = _folded_phrases(_LEGAL_FORMS)


def _replace_phrases(words: Sequence[str], phrases: Sequence[tuple[str, ...]], replacement: str) -> list[str]:
    result: list[str] = []
    index = 0
    while index < len(words):
        match = next((phrase for phrase in phrases if tuple(words[index : index + len(phrase)]) == phrase), None)
        if match is None:
            result.append(words[index])
            index += 1
        else:
            result.append(replacement)
            index += len(match)
    return result


def _without_legal_forms(words: list[str]) -> list[str]:
    """Step 6: legal forms stripped from both ends; a name that is nothing but legal forms is kept whole."""
    start, end = 0, len(words)
    while start < end and (phrase := _legal_form_at(words[start:end], at_start=True)):
        start += len(phrase)
    while start < end and (phrase := _legal_form_at(words[start:end], at_start=False)):
        end -= len(phrase)
    return words[start:end] if start < end else words


def _by_edge_word(phrases: Sequence[tuple[str, ...]], edge: int) -> dict[str, tuple[tuple[str, ...], ...]]:
    """The phrases by their first (``edge=0``) or last (``-1``) word, each list in the order of ``phrases``."""
    grouped: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        grouped.setdefault(phrase[edge], []).append(phrase)
    return {word: tuple(group) for word, group in grouped.items()}


_LEGAL_FORMS_BY_FIRST_WORD = _by_edge_word(_LEGAL_FORM_WORDS, 0)
_LEGAL_FORMS_BY_LAST_WORD = _by_edge_word(_LEGAL_FORM_WORDS, -1)


def _legal_form_at(words: Sequence[str], *, at_start: bool) -> tuple[str, ...]:
    """The longest legal form at the start (or end) of ``words``; only the forms with that edge word are tried."""
    candidates = (_LEGAL_FORMS_BY_FIRST_WORD if at_start else _LEGAL_FORMS_BY_LAST_WORD).get(
        words[0] if at_start else words[-1], ()
    )
    for phrase in candidates:
        edge = words[: len(phrase)] if at_start else words[len(words) - len(phrase) :]
        if len(phrase) <= len(words) and tuple(edge) == phrase:
            return phrase
    return ()
