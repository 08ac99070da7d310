"""Errors of the AI-systems register, with their messages in kk/ru/en."""

from __future__ import annotations

from registry.errors import AccessDenied, FieldError, NotFound, PreconditionFailed
from registry.i18n import Text

__all__ = ["ai_system_not_found", "not_a_member", "stale_ai_system", "unknown_ai_system_in_product"]


def ai_system_not_found() -> NotFound:
    """No such AI system."""
    return NotFound(
        "ai_system.not_found",
        Text(kk="ЖИ жүйесі табылмады.", ru="Система ИИ не найдена.", en="The AI system was not found."),
    )


def not_a_member() -> AccessDenied:
    """The caller may read the system but not record or change the company's systems."""
    return AccessDenied(
        "ai_system.not_member",
        Text(
            kk="ЖИ жүйелерін тек компания мүшелері мен әкімшілер тіркей және өзгерте алады.",
            ru="Регистрировать и изменять системы ИИ могут только участники компании и администраторы.",
            en="Only the company's members and administrators can record and change its AI systems.",
        ),
    )


def stale_ai_system(current_version: int) -> PreconditionFailed:
    """``If-Match`` named an older version."""
    return PreconditionFailed(
        "ai_system.stale",
        Text(
            kk="ЖИ жүйесін сіз оқығаннан кейін біреу өзгертті. Жаңа нұсқасын ашып, өзгерісті қайталаңыз.",
            ru="Систему ИИ изменили после того, как вы её открыли. Откройте новую версию и повторите изменение.",
            en="Somebody changed the AI system after you read it. Open the new version and make your change again.",
        ),
        details={"current_etag": f'"{current_version}"'},
    )


def unknown_ai_system_in_product(position: int) -> FieldError:
    """A declaration's product names a system the company has not recorded."""
    return FieldError(
        f"products.{position}.ai_system_id",
        "declaration.ai_system_unknown",
        Text(
            kk="Бұл ЖИ жүйесі осы компанияның тізілімінде жоқ.",
            ru="Этой системы ИИ нет в реестре систем этой компании.",
            en="This AI system is not in this company's register of AI systems.",
        ),
    )
