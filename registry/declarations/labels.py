"""The AI classes' names as people read them, in kk/ru/en (the codes stay ``ai_native``, ``ai_enabled``, ``non_ai``)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from registry.i18n import Text

__all__ = ["AI_CLASS_LABELS", "ai_class_label"]

AI_CLASS_LABELS: Mapping[str, Text] = MappingProxyType(
    {
        "ai_native": Text(kk="AI-native", ru="AI-native", en="AI-native"),
        "ai_enabled": Text(kk="ЖИ қолданатын", ru="применяющая ИИ", en="AI-enabled"),
        "non_ai": Text(kk="ЖИ қолданбайтын", ru="без ИИ", en="non-AI"),
    }
)
"""Each AI class's label; AI-native is the licence track's own name in every language."""


def ai_class_label(code: str) -> Text:
    """The label of an AI class code (the code itself for one no longer in the rubric)."""
    return AI_CLASS_LABELS.get(code, Text(kk=code, ru=code, en=code))
