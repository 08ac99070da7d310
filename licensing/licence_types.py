"""The two licence types the hub issues, as data, and the month arithmetic of their validity."""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import MappingProxyType
from typing import Literal

from registry.errors import FieldError, InvalidInput
from registry.i18n import Text

__all__ = ["LICENCE_TYPES", "LicenceType", "LicenceTypeCode", "add_months", "licence_type"]

LicenceTypeCode = Literal["ai_native", "standard_digital"]


@dataclass(frozen=True, slots=True, kw_only=True)
class LicenceType:
    """A kind of licence: how it is numbered, how long it lasts, what it asks for and what it gives."""

    code: LicenceTypeCode
    """Stable identifier, e.g. ``ai_native``."""
    prefix: str
    """The first part of the licence number, e.g. ``AIN`` in ``AIN-2026-00001``."""
    validity_months: int = 12
    """How long a licence is valid from the decision date."""
    requires_ai_native_evaluation: bool
    """Whether submitting runs the rubric and a reviewer expects an ``ai_native`` evaluation."""
    name: Text
    """The name shown to founders and on the public register."""
    requirements: Text
    """What a company needs to qualify."""
    benefits: Text
    """What the licence gives, shown to founders before they apply."""

    def valid_until(self, valid_from: date) -> date:
        """The last day on which a licence valid from ``valid_from`` is valid: exactly the stated months.

        The term runs out on the day of the last month that has the number of its first day (or on that month's
        last day when it has no such day), and ``valid_until`` is the day before that: a 12-month licence valid
        from 15 March 2026 is valid until 14 March 2027 inclusive (365 days), one from 29 February 2028 until
        27 February 2029, one from 1 January 2026 until 31 December 2026. A renewal starts the next day.
        """
        return add_months(valid_from, self.validity_months) - timedelta(days=1)


LICENCE_TYPES: Mapping[str, LicenceType] = MappingProxyType(
    {
        "ai_native": LicenceType(
            code="ai_native",
            prefix="AIN",
            requires_ai_native_evaluation=True,
            name=Text(
                kk="AI-native лицензиясы (жасанды интеллект компаниялары)",
                ru="Лицензия AI-native (компании искусственного интеллекта)",
                en="AI-native licence (artificial intelligence companies)",
            ),
            requirements=Text(
                kk="Қазақстанда тіркелген (жарамды БСН бар) жұмыс істеп тұрған компания және қолданыстағы әдістеме "
                "бойынша AI-native деп бағаланған соңғы аяқталған қаржы жылына арналған ЖИ декларациясы: бизнестің "
                "өзегінде тұрған, пилоттық немесе өнеркәсіптік пайдаланудағы кемінде бір ЖИ өнімі; түсімнің кемінде "
                "50 %-ы ЖИ өнімдерінен (немесе түсімі әлі жоқ және 3 жылдан аз бұрын тіркелген компания); "
                "қызметкерлердің кемінде 30 %-ы ЖИ саласында немесе өз модельдері не деректері. Декларацияны код "
                "репозиторийлері, модель карталары, клиенттердің хаттары сияқты дәлелдер растайды.",
                ru="Действующая компания, зарегистрированная в Казахстане (с действительным БИН), и декларация об ИИ "
                "за последний завершённый финансовый год, которую текущая методика относит к классу AI-native: хотя "
                "бы один ИИ-продукт в пилотной или промышленной эксплуатации, лежащий в основе бизнеса; не менее "
                "50 % выручки от ИИ-продуктов (или выручки ещё нет и компании меньше 3 лет); не менее 30 % "
                "сотрудников в ИИ-ролях или собственные модели либо данные. Декларацию подтверждают материалы: "
                "репозитории кода, карточки моделей, письма клиентов.",
                en="An active company registered in Kazakhstan (with a valid BIN) and an AI declaration for the last "
                "closed fiscal year that the current rubric classifies as AI-native: at least one AI product in "
                "pilot or production at the core of the business; at least 50 % of revenue from AI products (or no "
                "revenue yet and registered less than 3 years ago); at least 30 % of staff in AI roles, or its own "
                "models or data. Evidence such as code repositories, model cards and client letters supports the "
                "declaration.",
            ),
            benefits=Text(
                kk="Өтінімдерді басым тәртіппен қарау; хабтың технологиялық паркі қатысушысының салықтық "
                "преференциялары (Салық кодексінде технологиялық парк қатысушылары үшін көзделген корпоративтік және "
                "жеке табыс салығы, әлеуметтік салық және бағдарламалық қамтамасыз ету мен ЖИ қызметтеріне ҚҚС "
                "бойынша жеңілдіктер); шетелдік ЖИ мамандары үшін визалық режим мен жұмысқа рұқсат алудың "
                "жеңілдетілген тәртібі; хабтың GPU кластеріндегі есептеу гранттарына және модельдерді оқыту мен "
                "сынауға арналған деректер құмсалғыштарына қолжетімділік; ашық тізілімдегі AI-native белгісі.",
                ru="Приоритетное рассмотрение заявок; налоговые преференции участника технопарка хаба (льготы по "
                "корпоративному и индивидуальному подоходному налогу, социальному налогу и НДС на программное "
                "обеспечение и ИИ-услуги, предусмотренные Налоговым кодексом для участников технопарка); упрощённый "
                "визовый режим и порядок получения разрешений на работу для иностранных ИИ-специалистов; доступ к "
                "грантам на вычислительные ресурсы GPU-кластера хаба и к песочницам данных для обучения и "
                "тестирования моделей; отметка AI-native в публичном реестре.",
                en="Priority review of applications; the tax preferences of a participant of the hub's technology "
                "park (relief from corporate and individual income tax, social tax and VAT on software and AI "
                "services, as the Tax Code provides for technology park participants); a simplified visa and "
                "work-permit regime for foreign AI specialists; access to compute grants on the hub's GPU cluster "
                "and to data sandboxes for training and testing models; the AI-native mark in the public register.",
            ),
        ),
        "standard_digital": LicenceType(
            code="standard_digital",
            prefix="SDL",
            requires_ai_native_evaluation=False,
            name=Text(
                kk="Стандартты цифрлық лицензия",
                ru="Стандартная цифровая лицензия",
                en="Standard digital licence",
            ),
            requirements=Text(
                kk="Қазақстанда тіркелген (жарамды БСН бар), цифрлық бизнеспен (бағдарламалық қамтамасыз ету, "
                "IT қызметтері, онлайн платформалар немесе деректерді өңдеу) айналысатын жұмыс істеп тұрған "
                "компания және соңғы аяқталған қаржы жылына арналған ЖИ декларациясы. AI-native бағалауы талап "
                "етілмейді.",
                ru="Действующая компания, зарегистрированная в Казахстане (с действительным БИН), которая ведёт "
                "цифровой бизнес (программное обеспечение, ИТ-услуги, онлайн-платформы или обработка данных), и "
                "декларация об ИИ за последний завершённый финансовый год. Оценка AI-native не требуется.",
                en="An active company registered in Kazakhstan (with a valid BIN) that runs a digital business "
                "(software, IT services, online platforms or data processing), and an AI declaration for the last "
                "closed fiscal year. No AI-native evaluation is required.",
            ),
            benefits=Text(
                kk="Цифрлық бизнеске арналған әдеттегі лицензия: тексерілетін лицензия нөмірімен ашық тізілімге "
                "енгізу, хабтың жалпы қолдау бағдарламаларына (акселерация, менторлық, іс-шаралар) қолжетімділік, "
                "ал декларациясы талаптарға сай болғанда AI-native бағытына өтінім беру мүмкіндігі.",
                ru="Обычная лицензия для цифрового бизнеса: внесение в публичный реестр с проверяемым номером "
                "лицензии, доступ к общим программам поддержки хаба (акселерация, менторство, мероприятия) и "
                "возможность подать заявку на трек AI-native, когда декларация будет соответствовать требованиям.",
                en="The normal licence for a digital business: a listing in the public register with a verifiable "
                "licence number, access to the hub's general support programmes (acceleration, mentoring, events), "
                "and the option to apply for the AI-native track once the declaration qualifies.",
            ),
        ),
    }
)
"""The licence types by code."""

_UNKNOWN = Text(
    kk="Лицензия түрі белгісіз. Жарамды түрлер: {codes}.",
    ru="Неизвестный тип лицензии. Допустимые типы: {codes}.",
    en="Unknown licence type. Valid types: {codes}.",
)


def licence_type(code: str, *, field: str = "licence_type") -> LicenceType:
    """The licence type with ``code``.

    Args:
        code: ``ai_native`` or ``standard_digital``.
        field: The request field the code came in, for the error's field list.

    Raises:
        InvalidInput: With code ``licence_type.unknown``, listing the valid codes, when there is no such type.
    """
    found = LICENCE_TYPES.get(code)
    if found is None:
        message = _UNKNOWN.format(codes=", ".join(LICENCE_TYPES))
        raise InvalidInput(
            "licence_type.unknown",
            message,
            errors=[FieldError(field=field, code="licence_type.unknown", message=message)],
            details={"valid_codes": list(LICENCE_TYPES)},
        )
    return found


def add_months(d: date, months: int) -> date:
    """``d`` moved by ``months`` calendar months, clamped to the end of a shorter month.

    ``add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)``; ``months`` may be negative.

    Raises:
        TypeError: ``d`` is a datetime (its time would be silently dropped).
        ValueError: The result is outside the years 1–9999.
    """
    if isinstance(d, datetime):
        raise TypeError("add_months takes a date, not a datetime")
    year, month_index = divmod(d.year * 12 + d.month - 1 + months, 12)
    month = month_index + 1
    if not date.min.year <= year <= date.max.year:
        raise ValueError(f"{months} months from {d.isoformat()} is outside the years 1–9999")
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))
