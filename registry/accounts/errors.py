"""Errors of the accounts domain, with their messages in kk/ru/en."""

from __future__ import annotations

from collections.abc import Sequence

from registry.errors import Conflict, FieldError, InvalidInput, NotFound, RateLimited, Unauthenticated
from registry.i18n import Text

__all__ = [
    "account_not_found",
    "bad_credentials",
    "email_taken",
    "last_active_admin",
    "too_many_attempts",
    "weak_password",
]


def email_taken() -> Conflict:
    """An account with this e-mail already exists."""
    message = Text(
        kk="Бұл электрондық поштамен тіркелгі бұрыннан бар.",
        ru="Учётная запись с таким адресом электронной почты уже существует.",
        en="An account with this e-mail address already exists.",
    )
    return Conflict("account.email_taken", message, errors=[FieldError("email", "account.email_taken", message)])


def bad_credentials() -> Unauthenticated:
    """Wrong e-mail or password, or a disabled account (deliberately not told apart)."""
    return Unauthenticated(
        "auth.bad_credentials",
        Text(
            kk="Электрондық пошта немесе құпиясөз қате, не тіркелгі бұғатталған.",
            ru="Неверный адрес электронной почты или пароль, либо учётная запись отключена.",
            en="Wrong e-mail or password, or the account is disabled.",
        ),
    )


def too_many_attempts(retry_after: int) -> RateLimited:
    """Too many failed sign-ins for this account or address."""
    return RateLimited(
        "auth.rate_limited",
        Text(
            kk="Кіру әрекеттері тым көп. {seconds} секундтан кейін қайталаңыз.",
            ru="Слишком много попыток входа. Повторите через {seconds} с.",
            en="Too many sign-in attempts. Try again in {seconds} {seconds:second|seconds}.",
        ).format(seconds=retry_after),
        details={"retry_after": retry_after},
    )


def account_not_found() -> NotFound:
    """No account with this id."""
    return NotFound(
        "account.not_found",
        Text(kk="Тіркелгі табылмады.", ru="Учётная запись не найдена.", en="Account not found."),
    )


def last_active_admin() -> Conflict:
    """The change would leave the registry without an active administrator."""
    return Conflict(
        "account.last_active_admin",
        Text(
            kk="Бұл өзгерістен кейін тізілімде бірде-бір белсенді әкімші қалмайды. "
            "Алдымен басқа тіркелгіні әкімші етіп тағайындаңыз.",
            ru="После этого изменения в реестре не останется ни одного действующего администратора. "
            "Сначала назначьте администратором другую учётную запись.",
            en="This change would leave the registry without an active administrator. "
            "Make another account an administrator first.",
        ),
    )


def weak_password(errors: Sequence[FieldError]) -> InvalidInput:
    """The password breaks the password rule; ``errors`` say how."""
    return InvalidInput(
        "account.weak_password",
        Text(
            kk="Бұл құпиясөзді қолдануға болмайды. Басқасын таңдаңыз, мысалы, бір-біріне қатысы жоқ бірнеше сөзден "
            "тұратын тіркес.",
            ru="Этот пароль использовать нельзя. Выберите другой, например фразу из нескольких не связанных между "
            "собой слов.",
            en="This password cannot be used. Choose another, for example a phrase of several unrelated words.",
        ),
        errors=errors,
    )
