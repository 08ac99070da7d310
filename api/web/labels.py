"""Codes of the public register as a reader sees them, in kk/ru/en (the pages show words, never codes).

The AI classes' labels are the rubric's own (:data:`registry.declarations.labels.AI_CLASS_LABELS`), the licence
statuses' the licensing messages' (:data:`licensing.errors.LICENCE_STATUS_WORDS`) and licence types' names their
catalogue's; what the domain has no words for yet is named here, once, for every page.
"""

from __future__ import annotations

from collections.abc import Mapping

from licensing.errors import LICENCE_STATUS_WORDS
from licensing.licence_types import LICENCE_TYPES
from registry.declarations.labels import AI_CLASS_LABELS
from registry.i18n import Text

__all__ = [
    "AUTONOMY_DEGREE_LABELS",
    "CAPABILITY_LABELS",
    "COMPANY_STATUS_LABELS",
    "EVIDENCE_KIND_LABELS",
    "LEGAL_FORM_LABELS",
    "RISK_DEGREE_LABELS",
    "SYSTEM_STATUS_LABELS",
    "label",
    "labels_of",
]

LEGAL_FORM_LABELS: Mapping[str, Text] = {
    "llp": Text(kk="ЖШС", ru="ТОО", en="LLP"),
    "jsc": Text(kk="АҚ", ru="АО", en="JSC"),
    "ie": Text(kk="Жеке кәсіпкер", ru="Индивидуальный предприниматель", en="Individual entrepreneur"),
    "branch": Text(kk="Филиал", ru="Филиал", en="Branch"),
    "representative_office": Text(kk="Өкілдік", ru="Представительство", en="Representative office"),
    "other": Text(kk="Басқа", ru="Другая", en="Other"),
}
COMPANY_STATUS_LABELS: Mapping[str, Text] = {
    "active": Text(kk="жұмыс істеп тұр", ru="действующая", en="active"),
    "suspended": Text(kk="тоқтатылған", ru="приостановлена", en="suspended"),
    "liquidated": Text(kk="таратылған", ru="ликвидирована", en="liquidated"),
}
CAPABILITY_LABELS: Mapping[str, Text] = {
    "computer_vision": Text(kk="Компьютерлік көру", ru="Компьютерное зрение", en="Computer vision"),
    "natural_language_processing": Text(
        kk="Табиғи тілді өңдеу", ru="Обработка естественного языка", en="Natural-language processing"
    ),
    "speech": Text(kk="Сөйлеу технологиялары", ru="Речевые технологии", en="Speech"),
    "decision_support": Text(kk="Шешім қабылдауды қолдау", ru="Поддержка принятия решений", en="Decision support"),
    "synthetic_content_generation": Text(
        kk="Синтетикалық контент жасау", ru="Генерация синтетического контента", en="Synthetic content generation"
    ),
    "machine_learning": Text(kk="Машиналық оқыту", ru="Машинное обучение", en="Machine learning"),
}
RISK_DEGREE_LABELS: Mapping[str, Text] = {
    "minimal": Text(kk="ең төмен", ru="минимальная", en="minimal"),
    "medium": Text(kk="орташа", ru="средняя", en="medium"),
    "high": Text(kk="жоғары", ru="высокая", en="high"),
}
AUTONOMY_DEGREE_LABELS: Mapping[str, Text] = {
    "low": Text(kk="төмен", ru="низкая", en="low"),
    "medium": Text(kk="орташа", ru="средняя", en="medium"),
    "high": Text(kk="жоғары", ru="высокая", en="high"),
}
SYSTEM_STATUS_LABELS: Mapping[str, Text] = {
    "development": Text(kk="әзірленуде", ru="в разработке", en="in development"),
    "on_market": Text(kk="нарықта", ru="на рынке", en="on the market"),
    "withdrawn": Text(kk="айналымнан алынған", ru="выведена из оборота", en="withdrawn"),
}
EVIDENCE_KIND_LABELS: Mapping[str, Text] = {
    "code_repository": Text(kk="Код репозиторийі", ru="Репозиторий кода", en="Code repository"),
    "model_card": Text(kk="Модель картасы", ru="Карточка модели", en="Model card"),
    "client_letter": Text(kk="Клиент хаты", ru="Письмо клиента", en="Client letter"),
    "invoice": Text(kk="Шот-фактура", ru="Счёт-фактура", en="Invoice"),
    "public_product_page": Text(kk="Өнімнің ашық беті", ru="Публичная страница продукта", en="Public product page"),
    "other": Text(kk="Басқа", ru="Другое", en="Other"),
}
"""The kinds of evidence an application carries (:data:`licensing.schemas.EvidenceKind`)."""

_VOCABULARIES: Mapping[str, Mapping[str, Text]] = {
    "ai_class": AI_CLASS_LABELS,
    "licence_status": LICENCE_STATUS_WORDS,
    "licence_type": {code: kind.name for code, kind in LICENCE_TYPES.items()},
    "legal_form": LEGAL_FORM_LABELS,
    "company_status": COMPANY_STATUS_LABELS,
    "capability": CAPABILITY_LABELS,
    "risk_degree": RISK_DEGREE_LABELS,
    "autonomy_degree": AUTONOMY_DEGREE_LABELS,
    "system_status": SYSTEM_STATUS_LABELS,
    "evidence_kind": EVIDENCE_KIND_LABELS,
}


def label(vocabulary: str, code: str | None, language: str) -> str:
    """The word for ``code`` of ``vocabulary`` in ``language`` (the code itself when it has none)."""
    if code is None:
        return ""
    text = _VOCABULARIES[vocabulary].get(code)
    return code if text is None else text.in_language(language)


def labels_of(vocabulary: str, language: str) -> list[tuple[str, str]]:
    """Every (code, word) of ``vocabulary`` for a ``<select>``."""
    return [(code, text.in_language(language)) for code, text in _VOCABULARIES[vocabulary].items()]
