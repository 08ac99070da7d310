"""Texts in the registry's three languages: Kazakh, Russian and English."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["LANGUAGES", "Language", "Text"]

Language = Literal["kk", "ru", "en"]
LANGUAGES: tuple[Language, ...] = ("kk", "ru", "en")


@dataclass(frozen=True, slots=True)
class Text:
    """One user-facing text in Kazakh, Russian and English.

    Templates use ``str.format`` placeholders, filled by :meth:`format`.
    """

    kk: str
    """Kazakh (the official language)."""
    ru: str
    """Russian."""
    en: str
    """English (the default when a caller names no language)."""

    def format(self, **params: Any) -> Text:
        """Fill the placeholders of all three languages with the same values."""
        return Text(kk=self.kk.format(**params), ru=self.ru.format(**params), en=self.en.format(**params))

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
