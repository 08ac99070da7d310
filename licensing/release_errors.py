"""Errors of official statistics releases and their calendar, with their messages in kk/ru/en."""

from __future__ import annotations

from datetime import date

from registry.errors import Conflict, FieldError, InvalidInput, NotFound
from registry.i18n import Text

__all__ = [
    "calendar_entry_exists",
    "calendar_entry_not_found",
    "period_not_closed",
    "planned_before_period_end",
    "release_not_found",
    "revision_of_other_period",
    "unknown_table",
]


def release_not_found(release_id: int) -> NotFound:
    """No release has this number."""
    return NotFound(
        "release.not_found",
        Text(
            kk=f"№{release_id} статистикалық шығарылым жоқ.",
            ru=f"Статистического выпуска № {release_id} нет.",
            en=f"There is no statistics release number {release_id}.",
        ),
    )


def period_not_closed(period: int, first_open: int) -> InvalidInput:
    """A release describes a fiscal year that has ended."""
    message = Text(
        kk=f"Шығарылым тек аяқталған қаржы жылына жасалады: {period} жыл әлі аяқталмаған "
        f"(ең соңғысы — {first_open - 1}).",
        ru=f"Выпуск готовится только за завершённый финансовый год: {period} год ещё не закончился "
        f"(последний завершённый — {first_open - 1}).",
        en=f"A release is made for a fiscal year that has ended: {period} has not "
        f"(the latest ended is {first_open - 1}).",
    )
    return InvalidInput(
        "release.period_not_closed", message, errors=[FieldError("period", "release.period_not_closed", message)]
    )


def revision_of_other_period(release_id: int, since_id: int) -> InvalidInput:
    """Changes are listed between releases of the same period."""
    message = Text(
        kk=f"№{since_id} және №{release_id} шығарылымдары әртүрлі кезеңге арналған: өзгерістер тек бір кезеңнің "
        "шығарылымдары арасында көрсетіледі.",
        ru=f"Выпуски № {since_id} и № {release_id} относятся к разным периодам: изменения показываются только между "
        "выпусками одного периода.",
        en=f"Releases {since_id} and {release_id} describe different periods: changes are listed between releases of "
        "the same period.",
    )
    return InvalidInput("release.other_period", message, errors=[FieldError("since", "release.other_period", message)])


def calendar_entry_exists(dataset: str, period: int) -> Conflict:
    """The calendar already plans this dataset for this period."""
    return Conflict(
        "calendar.entry_exists",
        Text(
            kk=f"Күнтізбеде «{dataset}» деректер жинағының {period} кезеңі бұрыннан бар.",
            ru=f"В календаре уже есть набор «{dataset}» за период {period}.",
            en=f"The calendar already has the dataset '{dataset}' for {period}.",
        ),
    )


def calendar_entry_not_found() -> NotFound:
    """No such calendar entry."""
    return NotFound(
        "calendar.not_found",
        Text(kk="Күнтізбе жазбасы табылмады.", ru="Запись календаря не найдена.", en="Calendar entry not found."),
    )


def unknown_table(table: str, known: list[str]) -> InvalidInput:
    """``?table=`` names no table of a release."""
    listed = ", ".join(known)
    message = Text(
        kk=f"Шығарылымда {table} кестесі жоқ. Кестелер: {listed}.",
        ru=f"В выпуске нет таблицы {table}. Таблицы: {listed}.",
        en=f"A release has no table {table}. The tables: {listed}.",
    )
    code = "release.unknown_table"
    return InvalidInput(code, message, errors=[FieldError("table", code, message)])


def planned_before_period_end(period: int, planned: date) -> InvalidInput:
    """A release of a fiscal year can only be planned for a day after the year has ended."""
    message = Text(
        kk=f"{period} қаржы жылының шығарылымын жыл аяқталғаннан кейін ғана жоспарлауға болады: {planned} — ерте.",
        ru=f"Выпуск за {period} финансовый год можно запланировать только после окончания года: {planned} — рано.",
        en=f"A release of fiscal year {period} can only be planned after the year has ended: {planned} is too early.",
    )
    code = "calendar.planned_too_early"
    return InvalidInput(code, message, errors=[FieldError("planned_date", code, message)])
