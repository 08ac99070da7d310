"""Errors of the companies domain, with their messages in kk/ru/en."""

from __future__ import annotations

import uuid

from registry.errors import AccessDenied, Conflict, FieldError, InvalidInput, NotFound, PreconditionFailed
from registry.i18n import Text

__all__ = [
    "FIELD_MESSAGES",
    "company_not_found",
    "duplicate_bin",
    "field_error",
    "invalid_company",
    "member_exists",
    "not_owner",
    "stale_company",
]

FIELD_MESSAGES: dict[str, Text] = {
    "company.region_unknown": Text(
        kk="Мұндай КАТО коды бар бірінші деңгейлі өңір жоқ: {value}.",
        ru="Нет региона первого уровня с кодом КАТО {value}.",
        en="There is no first-level region with KATO code {value}.",
    ),
    "company.activity_unknown": Text(
        kk="ЭҚЖЖ коды табылмады: {value}.",
        ru="Код ОКЭД не найден: {value}.",
        en="Unknown OKED code: {value}.",
    ),
    "company.primary_not_listed": Text(
        kk="Негізгі қызмет түрі қызмет түрлерінің тізімінде болуы керек.",
        ru="Основной вид деятельности должен входить в список видов деятельности.",
        en="The primary activity must be one of the listed activities.",
    ),
    "company.registration_before_bin": Text(
        kk="Тіркеу күні БСН-дағы айдан ({month}) ерте болмауы керек.",
        ru="Дата регистрации не может быть раньше месяца, указанного в БИН ({month}).",
        en="The registration date cannot be earlier than the month in the BIN ({month}).",
    ),
    "company.registration_in_future": Text(
        kk="Тіркеу күні болашақта болмауы керек.",
        ru="Дата регистрации не может быть в будущем.",
        en="The registration date cannot be in the future.",
    ),
    "company.member_unknown_email": Text(
        kk="Бұл электрондық поштамен құрылтайшы тіркелгісі жоқ.",
        ru="Учётной записи основателя с таким адресом нет.",
        en="There is no founder account with this e-mail address.",
    ),
    "company.status_admin_only": Text(
        kk="Компания мәртебесін тек әкімші өзгерте алады.",
        ru="Статус компании может изменить только администратор.",
        en="Only an administrator can change a company's status.",
    ),
}


def field_error(field: str, code: str, **params: object) -> FieldError:
    """A field error with the catalogue message for ``code``."""
    return FieldError(field, code, FIELD_MESSAGES[code].format(**params))


def invalid_company(errors: list[FieldError]) -> InvalidInput:
    """The company data breaks one or more rules."""
    return InvalidInput(
        "company.invalid",
        Text(
            kk="Компания деректерінде қателер бар.",
            ru="В данных компании есть ошибки.",
            en="The company data has errors.",
        ),
        errors=errors,
    )


def company_not_found() -> NotFound:
    """No such company (or the caller may not see its private resources)."""
    return NotFound(
        "company.not_found", Text(kk="Компания табылмады.", ru="Компания не найдена.", en="Company not found.")
    )


def duplicate_bin(existing_id: uuid.UUID) -> Conflict:
    """A company with this BIN is already registered."""
    message = Text(
        kk="Бұл БСН-мен компания бұрыннан тіркелген.",
        ru="Компания с таким БИН уже зарегистрирована.",
        en="A company with this BIN is already registered.",
    )
    return Conflict(
        "company.duplicate_bin",
        message,
        errors=[FieldError("bin", "company.duplicate_bin", message)],
        details={"existing_company_id": str(existing_id)},
    )


def stale_company(current_version: int) -> PreconditionFailed:
    """``If-Match`` named an older version of the company."""
    return PreconditionFailed(
        "company.stale",
        Text(
            kk="Компания сіз оқығаннан кейін өзгертілді. Қайта жүктеп, қайталаңыз.",
            ru="Компания изменилась после того, как вы её прочитали. Обновите данные и повторите.",
            en="The company has changed since you read it. Reload it and try again.",
        ),
        details={"current_etag": f'"{current_version}"'},
    )


def not_owner() -> AccessDenied:
    """Only an owner (or an admin) may add members."""
    return AccessDenied(
        "company.not_owner",
        Text(
            kk="Мүшелерді тек компания иесі қоса алады.",
            ru="Добавлять участников может только владелец компании.",
            en="Only an owner of the company can add members.",
        ),
    )


def member_exists() -> Conflict:
    """The account is already a member."""
    return Conflict(
        "company.member_exists",
        Text(
            kk="Бұл тіркелгі компанияның мүшесі болып табылады.",
            ru="Эта учётная запись уже является участником компании.",
            en="This account is already a member of the company.",
        ),
    )
