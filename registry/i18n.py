"""Texts in the registry's three languages: Kazakh, Russian and English, with their plural rules."""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

__all__ = ["LANGUAGES", "Language", "PluralCategory", "Text", "plural", "plural_category"]

Language = Literal["kk", "ru", "en"]
LANGUAGES: tuple[Language, ...] = ("kk", "ru", "en")

PluralCategory = Literal["one", "few", "many", "other"]
"""CLDR plural categories used by our three languages (``few``/``many`` are Russian only)."""


def plural_category(n: object, language: str) -> PluralCategory:
    """The CLDR plural category of the number ``n`` in ``language``.

    * English: ``one`` for exactly 1, ``other`` otherwise.
    * Russian: ``one`` for 1, 21, 31, … (not 11); ``few`` for 2–4, 22–24, … (not 12–14); ``many`` for 0, 5–20,
      25–30, …; ``other`` for a fraction (which takes the genitive singular, as ``few`` does).
    * Kazakh: a noun after a numeral stays singular («5 күн»), so always ``other``.

    ``n`` may be an ``int`` or a numeral as text (validation messages carry limits as text).
    """
    try:
        number = Decimal(str(n))
    except InvalidOperation:
        return "other"
    whole = number == number.to_integral_value()
    if language == "kk":
        return "other"
    if language == "ru":
        if not whole:
            return "other"
        value = abs(int(number))
        if value % 10 == 1 and value % 100 != 11:
            return "one"
        if 2 <= value % 10 <= 4 and not 12 <= value % 100 <= 14:
            return "few"
        return "many"
    return "one" if whole and abs(int(number)) == 1 else "other"


def _choose(n: object, language: str, forms: Sequence[str]) -> str:
    """The form of ``forms`` for ``n``: Russian gives (one, few, many), English (one, other), Kazakh one form."""
    category = plural_category(n, language)
    if language == "ru" and len(forms) == 3:
        return forms[{"one": 0, "few": 1, "many": 2, "other": 1}[category]]
    if len(forms) == 2:
        return forms[0] if category == "one" else forms[1]
    return forms[0]


def plural(n: object, *, kk: str, ru: tuple[str, str, str], en: tuple[str, str]) -> Text:
    """The word for ``n`` things in each language.

    Args:
        n: The count.
        kk: The Kazakh word (singular after a numeral: «3 файл»).
        ru: The Russian forms for one, few and many, in the case the sentence needs: ``("файл", "файла",
            "файлов")`` after a bare numeral, ``("файла", "файлов", "файлов")`` after «не более».
        en: The English singular and plural.
    """
    return Text(kk=kk, ru=_choose(n, "ru", ru), en=_choose(n, "en", en))


class _LanguageFormatter(string.Formatter):
    """``str.format`` for one language, with plural forms and texts as values.

    ``{n:файл|файла|файлов}`` writes the form of the word for the number ``n`` (Russian: one|few|many; English:
    one|other; Kazakh: one form), and a :class:`Text` value is written in the formatter's language.
    """

    def __init__(self, language: Language) -> None:
        self.language = language

    def format_field(self, value: Any, format_spec: str) -> str:
        if "|" in format_spec:
            return _choose(value, self.language, format_spec.split("|"))
        if isinstance(value, Text):
            value = value.in_language(self.language)
        return str(super().format_field(value, format_spec))


_FORMATTERS = {language: _LanguageFormatter(language) for language in LANGUAGES}


@dataclass(frozen=True, slots=True)
class Text:
    """One user-facing text in Kazakh, Russian and English.

    Templates use ``str.format`` placeholders, filled by :meth:`format`; ``{n:one|few|many}`` picks a plural form.
    """

    kk: str
    """Kazakh (the official language)."""
    ru: str
    """Russian."""
    en: str
    """English (the default when a caller names no language)."""

    def format(self, **params: Any) -> Text:
        """Fill the placeholders of all three languages; a :class:`Text` value goes in each in its own language."""
        return Text(
            kk=_FORMATTERS["kk"].format(self.kk, **params),
            ru=_FORMATTERS["ru"].format(self.ru, **params),
            en=_FORMATTERS["en"].format(self.en, **params),
        )

    def in_language(self, language: str) -> str:
        """The text in ``language``, English when the language is not one of ours."""
        if language == "kk":
            return self.kk
        if language == "ru":
            return self.ru
        return self.en

    def as_dict(self) -> dict[str, str]:
        """The three texts keyed by language code."""
        return {"kk": self.kk, "ru": self.ru, "en": self.en}

    @classmethod
    def from_mapping(cls, texts: Mapping[str, str]) -> Text:
        """Build a text from a ``{"kk": …, "ru": …, "en": …}`` mapping."""
        return cls(kk=texts["kk"], ru=texts["ru"], en=texts["en"])
