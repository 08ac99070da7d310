"""The catalogues of reasons a reviewer gives for a rejection, a suspension or a revocation.

A decision always carries a code from a catalogue (so outcomes can be counted) and a free text (so the founder
knows exactly what to fix). Codes are stable identifiers; the labels may be reworded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from licensing.schemas import ReasonCatalogue, ReasonView, SendBackFieldView
from registry.errors import FieldError, InvalidInput
from registry.i18n import Text

__all__ = [
    "REINSTATEMENT_REASONS",
    "REJECTION_REASONS",
    "REVOCATION_REASONS",
    "SANCTION_REASONS",
    "SEND_BACK_FIELDS",
    "SUSPENSION_REASONS",
    "Reason",
    "RejectionReasonCode",
    "SanctionReasonCode",
    "check_send_back_fields",
    "known_reason_view",
    "reason_catalogue",
    "reason_view",
    "rejection_reason",
    "sanction_reason",
]

RejectionReasonCode = Literal[
    "not_ai_native",
    "insufficient_evidence",
    "evidence_not_verifiable",
    "declaration_inconsistent",
    "company_not_eligible",
    "duplicate_application",
    "other",
]
SanctionReasonCode = Literal[
    "monitoring_no_longer_ai_native",
    "declaration_not_filed",
    "false_information",
    "company_request",
    "company_suspended",
    "company_liquidated",
    "court_decision",
    "other",
]


@dataclass(frozen=True, slots=True)
class Reason:
    """One entry of a reason catalogue."""

    code: str
    """Stable identifier stored with the decision, e.g. ``not_ai_native``."""
    label: Text
    """Short name, e.g. for a drop-down list or a statistics table."""
    description: Text
    """What the reason means, shown to the founder next to the reviewer's own text."""


def _reason(code: str, label: Text, description: Text) -> tuple[str, Reason]:
    return code, Reason(code=code, label=label, description=description)


_OTHER = _reason(
    "other",
    Text(kk="Басқа себеп", ru="Иная причина", en="Other reason"),
    Text(
        kk="Шешім мәтінінде түсіндірілген басқа себеп.",
        ru="Иная причина, изложенная в тексте решения.",
        en="Another reason, explained in the decision text.",
    ),
)

REJECTION_REASONS: Mapping[str, Reason] = MappingProxyType(
    dict(
        (
            _reason(
                "not_ai_native",
                Text(kk="Компания AI-native емес", ru="Компания не является AI-native", en="Not an AI-native company"),
                Text(
                    kk="Декларацияны қолданыстағы әдістеме бойынша бағалау компанияның AI-native екенін көрсетпейді.",
                    ru="Оценка декларации по действующей методике не показывает, что компания является AI-native.",
                    en="The evaluation of the declaration under the current rubric does not show an AI-native company.",
                ),
            ),
            _reason(
                "insufficient_evidence",
                Text(kk="Дәлелдер жеткіліксіз", ru="Недостаточно подтверждений", en="Insufficient evidence"),
                Text(
                    kk="Ұсынылған дәлелдер мәлімделген ЖИ өнімдерін, түсімді немесе қызметкерлерді растамайды.",
                    ru="Представленные материалы не подтверждают заявленные ИИ-продукты, выручку или персонал.",
                    en="The evidence does not support the declared AI products, revenue or staff.",
                ),
            ),
            _reason(
                "evidence_not_verifiable",
                Text(
                    kk="Дәлелдерді тексеру мүмкін емес",
                    ru="Материалы невозможно проверить",
                    en="Evidence cannot be verified",
                ),
                Text(
                    kk="Сілтемелер ашылмайды, құжаттар оқылмайды немесе дәлелдердің дереккөзін растау мүмкін емес.",
                    ru="Ссылки не открываются, документы нечитаемы или источник материалов невозможно подтвердить.",
                    en="Links do not open, documents cannot be read, or the source of the evidence cannot be "
                    "confirmed.",
                ),
            ),
            _reason(
                "declaration_inconsistent",
                Text(kk="Декларация қайшылықты", ru="Декларация противоречива", en="Declaration is inconsistent"),
                Text(
                    kk="Декларациядағы көрсеткіштер бір-біріне, дәлелдерге немесе бұрынғы декларацияларға қайшы "
                    "келеді.",
                    ru="Показатели декларации противоречат друг другу, материалам или прежним декларациям.",
                    en="Figures in the declaration contradict each other, the evidence or earlier declarations.",
                ),
            ),
            _reason(
                "company_not_eligible",
                Text(
                    kk="Компания талаптарға сай емес",
                    ru="Компания не соответствует требованиям",
                    en="Company is not eligible",
                ),
                Text(
                    kk="Компания қызметін тоқтата тұрған немесе таратылған, не өзге себеппен бұл лицензияны ала "
                    "алмайды.",
                    ru="Деятельность компании приостановлена или компания ликвидирована, либо по иной причине она не "
                    "может получить эту лицензию.",
                    en="The company is suspended or liquidated, or cannot hold this licence for another reason.",
                ),
            ),
            _reason(
                "duplicate_application",
                Text(kk="Қайталанған өтінім", ru="Повторная заявка", en="Duplicate application"),
                Text(
                    kk="Компанияда осы түрдегі қолданыстағы лицензия немесе оған басқа аяқталмаған өтінім бар.",
                    ru="У компании уже есть действующая лицензия этого типа или другая незавершённая заявка на неё.",
                    en="The company already holds an active licence of this type or has another open application "
                    "for one.",
                ),
            ),
            _OTHER,
        )
    )
)
"""Why an application is rejected, by code."""

SANCTION_REASONS: Mapping[str, Reason] = MappingProxyType(
    dict(
        (
            _reason(
                "monitoring_no_longer_ai_native",
                Text(kk="Енді AI-native емес", ru="Больше не является AI-native", en="No longer AI-native"),
                Text(
                    kk="Мониторинг көрсеткендей, соңғы декларациясы бойынша компания енді AI-native болып саналмайды.",
                    ru="Мониторинг показал, что по последней декларации компания больше не классифицируется как "
                    "AI-native.",
                    en="Monitoring shows that the company's latest declaration no longer classifies it as AI-native.",
                ),
            ),
            _reason(
                "declaration_not_filed",
                Text(kk="Декларация тапсырылмаған", ru="Декларация не подана", en="Declaration not filed"),
                Text(
                    kk="Компания соңғы аяқталған қаржы жылы үшін ЖИ декларациясын тапсырмаған.",
                    ru="Компания не подала декларацию об ИИ за последний завершённый финансовый год.",
                    en="The company has not filed its AI declaration for the last closed fiscal year.",
                ),
            ),
            _reason(
                "false_information",
                Text(kk="Анық емес мәліметтер", ru="Недостоверные сведения", en="False information"),
                Text(
                    kk="Лицензия анық емес мәліметтер негізінде алынған немесе компания кейін анық емес мәліметтер "
                    "ұсынған.",
                    ru="Лицензия получена на основании недостоверных сведений либо компания позднее представила "
                    "недостоверные сведения.",
                    en="The licence was obtained with false information, or the company later filed false information.",
                ),
            ),
            _reason(
                "company_request",
                Text(kk="Компанияның өтініші бойынша", ru="По заявлению компании", en="At the company's request"),
                Text(
                    kk="Компания лицензияны тоқтата тұруды немесе кері қайтарып алуды сұрады.",
                    ru="Компания попросила приостановить или отозвать лицензию.",
                    en="The company asked for its licence to be suspended or revoked.",
                ),
            ),
            _reason(
                "company_suspended",
                Text(kk="Компания тоқтатылды", ru="Компания приостановлена", en="Company suspended"),
                Text(
                    kk="Тізілім компанияның қызметін тоқтата тұрды: оның лицензиялары да сол күннен тоқтатылады. "
                    "Компания қайта жұмыс істегенде лицензиялар өздігінен жаңартылмайды.",
                    ru="Реестр приостановил компанию: её лицензии приостанавливаются с того же дня. Когда компания "
                    "возобновит работу, лицензии сами не возобновляются.",
                    en="The register suspended the company: its licences are suspended from the same day. They are "
                    "not reinstated by themselves when the company is.",
                ),
            ),
            _reason(
                "company_liquidated",
                Text(kk="Компания таратылды", ru="Компания ликвидирована", en="Company liquidated"),
                Text(
                    kk="Компания таратылды: оның лицензиялары сол күннен кері қайтарылады.",
                    ru="Компания ликвидирована: её лицензии отзываются с того же дня.",
                    en="The company was liquidated: its licences are revoked from the same day.",
                ),
            ),
            _reason(
                "court_decision",
                Text(kk="Сот шешімі", ru="Решение суда", en="Court decision"),
                Text(
                    kk="Сот шешімі лицензияны тоқтата тұруды немесе кері қайтарып алуды талап етеді.",
                    ru="Решение суда требует приостановить или отозвать лицензию.",
                    en="A court decision requires the licence to be suspended or revoked.",
                ),
            ),
            _OTHER,
        )
    )
)
"""Why a licence is suspended or revoked, by code."""

_UNKNOWN = Text(
    kk="Себеп коды белгісіз. Жарамды кодтар: {codes}.",
    ru="Неизвестный код причины. Допустимые коды: {codes}.",
    en="Unknown reason code. Valid codes: {codes}.",
)


def rejection_reason(code: str, *, field: str = "reason_code") -> Reason:
    """The rejection reason with ``code``.

    Args:
        code: A code of :data:`REJECTION_REASONS`.
        field: The request field the code came in, for the error's field list.

    Raises:
        InvalidInput: With code ``reason.unknown``, listing the valid codes, when ``code`` is not in the catalogue.
    """
    return _look_up(REJECTION_REASONS, code, field=field)


def sanction_reason(code: str, *, field: str = "reason_code", allowed: tuple[str, ...] | None = None) -> Reason:
    """The suspension, reinstatement or revocation reason with ``code``.

    Args:
        code: A code of :data:`SANCTION_REASONS`.
        field: The request field the code came in, for the error's field list.
        allowed: The codes that fit the decision (e.g. :data:`SUSPENSION_REASONS`); all of them when None.

    Raises:
        InvalidInput: With code ``reason.unknown``, listing the valid codes, when ``code`` is not among them.
    """
    catalogue = SANCTION_REASONS if allowed is None else {c: SANCTION_REASONS[c] for c in allowed}
    return _look_up(catalogue, code, field=field)


def _look_up(catalogue: Mapping[str, Reason], code: str, *, field: str) -> Reason:
    reason = catalogue.get(code)
    if reason is None:
        message = _UNKNOWN.format(codes=", ".join(catalogue))
        raise InvalidInput(
            "reason.unknown",
            message,
            errors=[FieldError(field=field, code="reason.unknown", message=message)],
            details={"valid_codes": list(catalogue)},
        )
    return reason


SEND_BACK_FIELDS: Mapping[str, Text] = MappingProxyType(
    {
        "declaration_id": Text(
            kk="Өтінім сүйенетін декларация",
            ru="Декларация, на которую опирается заявка",
            en="The declaration relied on",
        ),
        "revenue_total": Text(kk="Жалпы түсім", ru="Общая выручка", en="Total revenue"),
        "revenue_ai": Text(kk="ЖИ өнімдерінен түсім", ru="Выручка от ИИ-продуктов", en="Revenue from AI products"),
        "fte_total": Text(kk="Қызметкерлер саны (ТЖЭ)", ru="Численность сотрудников (ЭПЗ)", en="Staff (FTE)"),
        "fte_ai": Text(kk="ЖИ саласындағы қызметкерлер (ТЖЭ)", ru="Сотрудники в ИИ-ролях (ЭПЗ)", en="AI staff (FTE)"),
        "opex_total": Text(kk="Операциялық шығындар", ru="Операционные расходы", en="Operating expenses"),
        "opex_ai": Text(kk="ЖИ-ге операциялық шығындар", ru="Операционные расходы на ИИ", en="AI operating expenses"),
        "products": Text(kk="ЖИ өнімдері", ru="ИИ-продукты", en="AI products"),
        "owns_data_library": Text(
            kk="Өз деректер кітапханасы", ru="Собственная библиотека данных", en="Own data library"
        ),
        "evidence": Text(kk="Дәлелдер", ru="Подтверждающие материалы", en="Evidence"),
        "founder_note": Text(kk="Құрылтайшының түсініктемесі", ru="Пояснение основателя", en="Founder's note"),
    }
)
"""What a reviewer may name in a send-back for the founder to fix, with its label."""

_UNKNOWN_FIELD = Text(
    kk="Қайтаруда мұндай өріс жоқ: «{field}». Жарамды өрістер: {fields}.",
    ru="В возврате на доработку нет такого поля: «{field}». Допустимые поля: {fields}.",
    en="A send-back cannot name “{field}”. Valid fields: {fields}.",
)

SUSPENSION_REASONS = tuple(code for code in SANCTION_REASONS if code != "company_liquidated")
"""The sanction codes that fit a suspension (a liquidation revokes)."""
REVOCATION_REASONS = tuple(code for code in SANCTION_REASONS if code != "company_suspended")
"""The sanction codes that fit a revocation (a company's suspension suspends)."""
REINSTATEMENT_REASONS = tuple(code for code in SANCTION_REASONS if not code.startswith("company_"))
"""The sanction codes that fit a reinstatement (the register never reinstates a licence by itself)."""


def check_send_back_fields(fields: list[str]) -> None:
    """Raise ``send_back.unknown_field`` (422, per field) unless every name is in :data:`SEND_BACK_FIELDS`."""
    unknown = [(index, name) for index, name in enumerate(fields) if name not in SEND_BACK_FIELDS]
    if not unknown:
        return
    listed = ", ".join(SEND_BACK_FIELDS)
    errors = [
        FieldError(f"fields.{index}", "send_back.unknown_field", _UNKNOWN_FIELD.format(field=name, fields=listed))
        for index, name in unknown
    ]
    raise InvalidInput("send_back.unknown_field", errors[0].message, errors=errors, details={"valid_fields": listed})


def reason_view(reason: Reason) -> ReasonView:
    """The wire view of a catalogue entry."""
    return ReasonView(code=reason.code, label=reason.label.as_dict(), description=reason.description.as_dict())


def known_reason_view(catalogue: Mapping[str, Reason], code: str | None) -> ReasonView | None:
    """The view of ``code`` in ``catalogue``, or None for no code (or one retired from the catalogue)."""
    reason = catalogue.get(code) if code else None
    return reason_view(reason) if reason else None


def reason_catalogue() -> ReasonCatalogue:
    """Every catalogue, for ``GET /reference/reasons``."""
    return ReasonCatalogue(
        rejection=[reason_view(reason) for reason in REJECTION_REASONS.values()],
        send_back=[SendBackFieldView(field=name, label=label.as_dict()) for name, label in SEND_BACK_FIELDS.items()],
        suspension=[reason_view(SANCTION_REASONS[code]) for code in SUSPENSION_REASONS],
        reinstatement=[reason_view(SANCTION_REASONS[code]) for code in REINSTATEMENT_REASONS],
        revocation=[reason_view(SANCTION_REASONS[code]) for code in REVOCATION_REASONS],
    )
