"""Errors of declarations and the rubric, with their messages in kk/ru/en."""

from __future__ import annotations

from registry.errors import FieldError, InvalidInput
from registry.i18n import Text

__all__ = ["FIELD_MESSAGES", "declaration_field_error", "invalid_declaration", "invalid_rubric_version"]

FIELD_MESSAGES: dict[str, Text] = {
    "declaration.revenue_ai_exceeds_total": Text(
        kk="ЖИ өнімдерінен түскен түсім ({ai}) жалпы түсімнен ({total}) аспауы керек.",
        ru="Выручка от ИИ-продуктов ({ai}) не может превышать общую выручку ({total}).",
        en="AI revenue ({ai}) cannot exceed total revenue ({total}).",
    ),
    "declaration.fte_ai_exceeds_total": Text(
        kk="ЖИ мамандарының саны ({ai}) қызметкерлердің жалпы санынан ({total}) аспауы керек.",
        ru="Число ИИ-специалистов ({ai}) не может превышать общую численность ({total}).",
        en="AI staff ({ai} FTE) cannot exceed total staff ({total} FTE).",
    ),
    "declaration.opex_ai_exceeds_total": Text(
        kk="ЖИ ғылыми-зерттеу және есептеу шығындары ({ai}) жалпы операциялық шығындардан ({total}) аспауы керек.",
        ru="Расходы на ИИ-разработки и вычисления ({ai}) не могут превышать операционные расходы ({total}).",
        en="AI R&D and compute costs ({ai}) cannot exceed total operating costs ({total}).",
    ),
    "declaration.product_needs_capability": Text(
        kk="Әр ЖИ өнімі үшін кемінде бір мүмкіндікті көрсетіңіз.",
        ru="Для каждого ИИ-продукта укажите хотя бы одну возможность.",
        en="Name at least one capability for each AI product.",
    ),
    "declaration.period_in_future": Text(
        kk="Кезең ({period}) әлі басталған жоқ.",
        ru="Период ({period}) ещё не начался.",
        en="The period ({period}) has not started yet.",
    ),
    "declaration.period_not_ended": Text(
        kk="Кезең ({period}) әлі аяқталған жоқ: декларацияны {first_day} бастап беруге болады.",
        ru="Период ({period}) ещё не закончился: декларацию можно подать начиная с {first_day}.",
        en="The period ({period}) has not ended yet: its declaration can be filed from {first_day}.",
    ),
    "declaration.period_before_registration": Text(
        kk="Кезең ({period}) компания тіркелгенге ({registered}) дейін аяқталған.",
        ru="Период ({period}) закончился до регистрации компании ({registered}).",
        en="The period ({period}) ended before the company was registered ({registered}).",
    ),
    "rubric.effective_in_past": Text(
        kk="Жаңа нұсқа өткен күннен бастап күшіне ене алмайды.",
        ru="Новая версия не может вступать в силу задним числом.",
        en="A new version cannot take effect on a date that has passed.",
    ),
    "rubric.effective_not_after_current": Text(
        kk="Жаңа нұсқа соңғы нұсқадан ({latest}) кейін күшіне енуі керек.",
        ru="Новая версия должна вступать в силу после последней ({latest}).",
        en="A new version must take effect after the latest one ({latest}).",
    ),
}


def declaration_field_error(field: str, code: str, **params: object) -> FieldError:
    """A field error with the catalogue message for ``code``."""
    return FieldError(field, code, FIELD_MESSAGES[code].format(**params))


def invalid_declaration(errors: list[FieldError]) -> InvalidInput:
    """The declaration's figures are inconsistent."""
    return InvalidInput(
        "declaration.invalid",
        Text(
            kk="Декларацияда қателер бар.",
            ru="В декларации есть ошибки.",
            en="The declaration has errors.",
        ),
        errors=errors,
    )


def invalid_rubric_version(errors: list[FieldError]) -> InvalidInput:
    """The new rubric version cannot be published."""
    return InvalidInput(
        "rubric.invalid",
        Text(
            kk="Рубриканың жаңа нұсқасын жариялау мүмкін емес.",
            ru="Новую версию рубрики нельзя опубликовать.",
            en="The new rubric version cannot be published.",
        ),
        errors=errors,
    )
