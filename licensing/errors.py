"""Errors of the licensing domain, with their messages in kk/ru/en."""

from __future__ import annotations

from datetime import date

from registry.errors import Conflict, FieldError, InvalidInput, NotFound, PreconditionFailed
from registry.i18n import Text

__all__ = [
    "LICENCE_STATUS_WORDS",
    "active_licence_exists",
    "application_not_found",
    "company_not_active",
    "declaration_not_last_closed_year",
    "declaration_not_usable",
    "evidence_not_found",
    "licence_already_held",
    "licence_not_found",
    "licence_transition_not_allowed",
    "open_application_exists",
    "stale_application",
    "stale_licence",
]


def application_not_found() -> NotFound:
    """No such application, or not the caller's."""
    return NotFound(
        "application.not_found", Text(kk="Өтінім табылмады.", ru="Заявка не найдена.", en="Application not found.")
    )


def evidence_not_found() -> NotFound:
    """No such evidence item on the application."""
    return NotFound(
        "evidence.not_found", Text(kk="Дәлел табылмады.", ru="Доказательство не найдено.", en="Evidence not found.")
    )


def licence_not_found() -> NotFound:
    """No licence with this number."""
    return NotFound(
        "licence.not_found",
        Text(kk="Мұндай нөмірлі лицензия жоқ.", ru="Лицензии с таким номером нет.", en="No licence has this number."),
    )


def stale_application(current_version: int) -> PreconditionFailed:
    """``If-Match`` named an older version of the application."""
    return PreconditionFailed(
        "application.stale",
        Text(
            kk="Өтінім сіз оқығаннан кейін өзгерді. Қайта жүктеп, қайталаңыз.",
            ru="Заявка изменилась после того, как вы её прочитали. Обновите и повторите.",
            en="The application has changed since you read it. Reload it and try again.",
        ),
        details={"current_etag": f'"{current_version}"'},
    )


def stale_licence(current_version: int) -> PreconditionFailed:
    """``If-Match`` named an older version of the licence."""
    return PreconditionFailed(
        "licence.stale",
        Text(
            kk="Лицензия сіз оқығаннан кейін өзгерді.",
            ru="Лицензия изменилась после того, как вы её прочитали.",
            en="The licence has changed since you read it.",
        ),
        details={"current_etag": f'"{current_version}"'},
    )


def invalid_effective_day(errors: list[FieldError]) -> InvalidInput:
    """The day a licence's status change would take effect is not allowed."""
    return InvalidInput(
        "licence.invalid_effective_day",
        Text(
            kk="Лицензия мәртебесінің өзгеру күні дұрыс емес.",
            ru="Недопустимая дата изменения статуса лицензии.",
            en="The day the licence's status change takes effect is not valid.",
        ),
        errors=errors,
    )


def declaration_not_usable(field: str = "declaration_id") -> InvalidInput:
    """The declaration is not one of the company's current declarations."""
    message = Text(
        kk="Декларация осы компанияның ағымдағы декларациясы болуы керек.",
        ru="Декларация должна быть действующей декларацией этой компании.",
        en="The declaration must be a current (not superseded) declaration of this company.",
    )
    return InvalidInput(
        "application.declaration_invalid",
        message,
        errors=[FieldError(field, "application.declaration_invalid", message)],
    )


def declaration_not_last_closed_year(accepted: tuple[int, ...], given: str, *, renewal: bool) -> InvalidInput:
    """An AI-native licence, and every renewal, relies on the annual declaration for the last closed fiscal year."""
    years = " / ".join(str(year) for year in accepted)
    if renewal:
        message = Text(
            kk="Ұзарту соңғы жабылған қаржы жылының ({years}) жылдық декларациясына сүйенуі керек, ал өтінім "
            "{given} кезеңінің декларациясына сүйенеді. {years} жылғы декларацияны беріп, соны таңдаңыз.",
            ru="Продление должно опираться на годовую декларацию за последний закрытый финансовый год ({years}), "
            "а заявка опирается на декларацию за период {given}. Подайте декларацию за {years} год и выберите её.",
            en="A renewal must rely on the annual declaration for the last closed fiscal year ({years}); this "
            "application relies on the declaration for {given}. File the declaration for {years} and choose it.",
        )
    else:
        message = Text(
            kk="AI-native лицензиясы соңғы жабылған қаржы жылының ({years}) жылдық декларациясына сүйенеді, ал "
            "өтінім {given} кезеңінің декларациясына сүйенеді. {years} жылғы декларацияны беріп, соны таңдаңыз.",
            ru="Лицензия AI-native опирается на годовую декларацию за последний закрытый финансовый год "
            "({years}), а заявка опирается на декларацию за период {given}. Подайте декларацию за {years} год и "
            "выберите её.",
            en="The AI-native licence relies on the annual declaration for the last closed fiscal year ({years}); "
            "this application relies on the declaration for {given}. File the declaration for {years} and choose "
            "it.",
        )
    message = message.format(years=years, given=given)
    code = "application.renewal_declaration" if renewal else "application.declaration_not_last_closed_year"
    return InvalidInput(code, message, errors=[FieldError("declaration_id", code, message)])


def active_licence_exists(number: str, renewal_opens: date) -> Conflict:
    """The company already holds this licence and it is too early to renew."""
    return Conflict(
        "application.licence_held",
        Text(
            kk="Компанияда {number} лицензиясы бар. Ұзартуға өтінімді {opens} бастап беруге болады.",
            ru="У компании уже есть лицензия {number}. Заявку на продление можно подать с {opens}.",
            en="The company already holds licence {number}. A renewal can be filed from {opens}.",
        ).format(number=number, opens=renewal_opens.isoformat()),
        details={"licence_number": number, "renewal_opens": renewal_opens.isoformat()},
    )


_COMPANY_STATUS_WORDS = {
    "suspended": Text(kk="тоқтатылған", ru="приостановлена", en="suspended"),
    "liquidated": Text(kk="таратылған", ru="ликвидирована", en="liquidated"),
}


def company_not_active(status: str) -> Conflict:
    """A licence cannot be issued to a company that is not active."""
    word = _COMPANY_STATUS_WORDS.get(status, Text(kk=status, ru=status, en=status))
    return Conflict(
        "licence.company_not_active",
        Text(
            kk="Компания {kk}: оған лицензия беруге болмайды.",
            ru="Компания {ru}: выдать ей лицензию нельзя.",
            en="The company is {en}: a licence cannot be issued to it.",
        ).format(kk=word.kk, ru=word.ru, en=word.en),
        details={"company_status": status},
    )


def licence_already_held() -> Conflict:
    """Issuing would give the company a second licence of the type in force over the same days."""
    return Conflict(
        "licence.already_held",
        Text(
            kk="Компанияда осы түрдегі қолданыстағы лицензия бар; екіншісін беруге болмайды.",
            ru="У компании уже есть действующая лицензия этого вида; вторую выдать нельзя.",
            en="The company already holds a licence of this type in force; a second one cannot be issued.",
        ),
    )


def open_application_exists(application_id: str) -> Conflict:
    """The company already has an open application for this licence type."""
    return Conflict(
        "application.open_exists",
        Text(
            kk="Компанияның осы лицензия түріне ашық өтінімі бар.",
            ru="У компании уже есть открытая заявка на этот вид лицензии.",
            en="The company already has an open application for this licence type.",
        ),
        details={"application_id": application_id},
    )


LICENCE_STATUS_WORDS = {
    "active": Text(kk="қолданыста", ru="действует", en="active"),
    "suspended": Text(kk="тоқтатыла тұрған", ru="приостановлена", en="suspended"),
    "revoked": Text(kk="кері қайтарып алынған", ru="отозвана", en="revoked"),
    "expired": Text(kk="мерзімі өткен", ru="срок действия истёк", en="expired"),
}
"""A licence's status as a reader sees it (the API's ``status`` value is the English code)."""
_LICENCE_ACTION_WORDS = {
    "suspended": Text(kk="тоқтата тұруға", ru="приостановить", en="suspended"),
    "reinstated": Text(kk="қайта күшіне енгізуге", ru="возобновить", en="reinstated"),
    "revoked": Text(kk="кері қайтарып алуға", ru="отозвать", en="revoked"),
}
"""What the refused action would have done: Kazakh before «болмайды», Russian after «нельзя»."""


def licence_transition_not_allowed(status: str, action: str) -> Conflict:
    """E.g. reinstating a licence that is not suspended."""
    return Conflict(
        "licence.transition_not_allowed",
        Text(
            kk="Лицензия «{status}» мәртебесінде: оны {action} болмайды.",
            ru="Лицензию в статусе «{status}» нельзя {action}.",
            en="A licence that is {status} cannot be {action}.",
        ).format(
            status=LICENCE_STATUS_WORDS.get(status, Text(kk=status, ru=status, en=status)),
            action=_LICENCE_ACTION_WORDS.get(action, Text(kk=action, ru=action, en=action)),
        ),
    )
