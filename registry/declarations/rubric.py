"""The AI-native rubric: a pure, versioned classification of one AI declaration.

Each criterion reports its value, its threshold, whether it passed and a one-line explanation in kk/ru/en
with the actual numbers. Thresholds come from the :class:`~registry.declarations.facts.RubricVersion`
handed in, so a later version with other numbers needs no code change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, Decimal, localcontext
from fractions import Fraction
from typing import Any, TypeAlias

from registry.declarations.facts import (
    AiClass,
    CompanyFacts,
    DeclarationFacts,
    ProductFacts,
    Provenance,
    RubricVersion,
    Stage,
)
from registry.i18n import Text

__all__ = [
    "PRE_REVENUE_FLAG",
    "CriterionResult",
    "CriterionValue",
    "Evaluation",
    "ai_revenue_share",
    "ai_spend_share",
    "ai_talent_share",
    "classify_declaration",
]

CriterionValue: TypeAlias = Decimal | int | bool | None
"""What a criterion measures or requires: a share, a count, a yes/no, or nothing when undefined."""

PRE_REVENUE_FLAG = "pre_revenue"
"""Flag of an evaluation whose M1 passed only under the pre-revenue exception."""

_DISPLAY_PLACES = Decimal("0.0001")


@dataclass(frozen=True, slots=True)
class CriterionResult:
    """The outcome of one criterion of the rubric."""

    id: str
    """``G1``, ``G2``, ``M1`` … ``M4``."""
    title: Text
    """The criterion's short name."""
    value: CriterionValue
    """What the declaration shows: a share, a count of products, a yes/no; ``None`` when undefined."""
    threshold: CriterionValue
    """What the rubric version requires, in the same unit as ``value``."""
    passed: bool
    """Whether the criterion is met."""
    required: bool
    """Whether the criterion takes part in the class (``False`` for criteria that are only reported)."""
    explanation: Text
    """One sentence with the actual numbers."""

    def to_dict(self) -> dict[str, Any]:
        """The result as a JSON-ready dict (shares as floats rounded to 4 places)."""
        return {
            "id": self.id,
            "title": self.title.as_dict(),
            "value": _json_value(self.value),
            "threshold": _json_value(self.threshold),
            "passed": self.passed,
            "required": self.required,
            "explanation": self.explanation.as_dict(),
        }


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The rubric's verdict on one declaration."""

    rubric_version: int
    """The rubric version that produced the evaluation."""
    ai_class: AiClass
    """ai_native, ai_enabled or non_ai."""
    criteria: tuple[CriterionResult, ...]
    """G1, G2, M1, M2, M3, M4 in this order."""
    flags: frozenset[str]
    """Remarks on how the class was reached, e.g. :data:`PRE_REVENUE_FLAG`."""

    def criterion(self, criterion_id: str) -> CriterionResult:
        """The result of one criterion.

        Args:
            criterion_id: ``G1`` … ``M4``.

        Raises:
            KeyError: The evaluation has no such criterion.
        """
        for result in self.criteria:
            if result.id == criterion_id:
                return result
        raise KeyError(criterion_id)

    def failed_criteria(self, *, required_only: bool = False) -> tuple[CriterionResult, ...]:
        """The criteria that did not pass, in rubric order.

        Args:
            required_only: Leave out criteria that are only reported (M4 in version 1).
        """
        return tuple(c for c in self.criteria if not c.passed and (c.required or not required_only))

    def to_dict(self) -> dict[str, Any]:
        """The evaluation as a JSON-ready dict: shares as floats rounded to 4 places, texts by language."""
        return {
            "rubric_version": self.rubric_version,
            "ai_class": self.ai_class.value,
            "criteria": [c.to_dict() for c in self.criteria],
            "flags": sorted(self.flags),
        }


def _json_value(value: CriterionValue) -> float | int | bool | None:
    if isinstance(value, Decimal):
        return float(value.quantize(_DISPLAY_PLACES, rounding=ROUND_HALF_EVEN))
    return value


# --- shares ---------------------------------------------------------------------------------------------


def _share(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    if whole == 0:
        return None
    # Enough digits that the quotient of any realistic KZT or FTE figures is exact to far below display.
    with localcontext() as context:
        context.prec = 50
        return Decimal(part) / Decimal(whole)


def _at_least(part: Decimal | int, whole: Decimal | int, threshold: Decimal) -> bool:
    """Whether ``part / whole >= threshold``, exactly (no rounding of the quotient can tip it)."""
    if whole == 0:
        return False
    return Fraction(part) / Fraction(whole) >= Fraction(threshold)


def ai_revenue_share(declaration: DeclarationFacts) -> Decimal | None:
    """AI revenue as a fraction of total revenue, ``None`` when there is no revenue."""
    return _share(declaration.revenue_ai, declaration.revenue_total)


def ai_talent_share(declaration: DeclarationFacts) -> Decimal | None:
    """AI staff (FTE) as a fraction of total staff, ``None`` when there is no staff."""
    return _share(declaration.fte_ai, declaration.fte_total)


def ai_spend_share(declaration: DeclarationFacts) -> Decimal | None:
    """AI R&D and compute as a fraction of operating costs, ``None`` when there are no costs."""
    return _share(declaration.opex_ai, declaration.opex_total)


# --- formatting -----------------------------------------------------------------------------------------


def _localised(name: str, text: str) -> dict[str, str]:
    """``{name}`` for English (decimal point) and ``{name}_c`` for Kazakh and Russian (decimal comma)."""
    return {name: text, f"{name}_c": text.replace(".", ",")}


def _threshold_percent(threshold: Decimal) -> Decimal:
    """A threshold share as a percent without trailing zeros: 0.50 → 50, 0.125 → 12.5."""
    percent = (threshold * 100).normalize()
    # normalize() turns 50 into 5E+1; quantizing to the unit brings back a plain integer.
    return percent.quantize(Decimal(1)) if percent == percent.to_integral_value() else percent


def _share_params(share: Decimal, threshold: Decimal) -> dict[str, str]:
    """Placeholders ``pct``/``pct_c`` (the share) and ``min``/``min_c`` (the threshold) as percents."""
    minimum = _threshold_percent(threshold)
    exponent = minimum.as_tuple().exponent
    places = min(-1, exponent if isinstance(exponent, int) else 0)
    # Truncate, never round, to at least the threshold's precision: 49.96 % must not read "50.0 %" next to
    # a failed 50 % test, and a share shown equal to the threshold has really reached it.
    percent = (share * 100).quantize(Decimal(1).scaleb(places), rounding=ROUND_DOWN)
    return _localised("pct", format(percent, "f")) | _localised("min", format(minimum, "f"))


def _period_params(declaration: DeclarationFacts) -> dict[str, str]:
    """The declaration's period in each language, shaped to fit the sentences below."""
    year = declaration.fiscal_year
    if declaration.quarter is None:
        return {"period_en": str(year), "period_ru": f"за {year} год", "period_kk": f"{year} жылы", "year": str(year)}
    quarter = declaration.quarter
    return {
        "period_en": f"Q{quarter} {year}",
        "period_ru": f"за {quarter}-й квартал {year} года",
        "period_kk": f"{year} жылғы {quarter}-тоқсанда",
        "year": str(year),
    }


# --- texts ----------------------------------------------------------------------------------------------

_TITLES = {
    "G1": Text(kk="ЖИ жүйесі", ru="ИИ-система", en="AI system"),
    "G2": Text(kk="Өнімнің негізінде ЖИ", ru="ИИ в основе продукта", en="AI at the core"),
    "M1": Text(kk="ЖИ түсімінің үлесі", ru="Доля выручки от ИИ", en="AI revenue share"),
    "M2": Text(kk="ЖИ мамандарының үлесі", ru="Доля ИИ-специалистов", en="AI talent share"),
    "M3": Text(kk="Меншікті модельдер немесе деректер", ru="Собственные модели или данные", en="Own models or data"),
    "M4": Text(kk="ЖИ шығындарының үлесі", ru="Доля расходов на ИИ", en="AI spend share"),
}

_G1_TEXT = Text(
    kk="Тізбедегі мүмкіндіктері бар, пилоттық немесе өнеркәсіптік пайдалану сатысындағы ЖИ өнімдерінің саны: "
    "{count}; кемінде біреуі қажет.",
    ru="ИИ-продуктов с возможностями из перечня на стадии пилота или промышленной эксплуатации: {count}; "
    "требуется не менее одного.",
    en="AI products with a listed capability in pilot or production: {count}; at least 1 is required.",
)
_G2_TEXT = Text(
    kk="Пилоттық немесе өнеркәсіптік пайдалану сатысындағы негізгі ЖИ өнімдерінің (ЖИ-сіз жұмыс істемейді) саны: "
    "{count}; кемінде біреуі қажет.",
    ru="Ключевых ИИ-продуктов (без ИИ они перестают работать) на стадии пилота или промышленной эксплуатации: "
    "{count}; требуется не менее одного.",
    en="Core AI products (they stop working without the AI) in pilot or production: {count}; at least 1 is required.",
)
_M1_SHARE = Text(
    kk="ЖИ өнімдерінен түскен түсімнің жалпы түсімдегі үлесі — {pct_c}%; кемінде {min_c}% қажет.",
    ru="Выручка от ИИ-продуктов составляет {pct_c} % общей выручки; требуется не менее {min_c} %.",
    en="AI revenue is {pct}% of total revenue; at least {min}% is required.",
)
_M1_PRE_REVENUE = Text(
    kk="{period_kk} түсім жоқ, ал {registered_c} тіркелген компанияның {year} жылдың соңындағы жасы "
    "{max_age} жылдан кем, сондықтан түсімі жоқ компания ретінде өлшемшарт орындалды.",
    ru="Выручки {period_ru} нет, а возраст компании (зарегистрирована {registered_c}) на конец {year} года — "
    "менее {max_age} {max_age:года|лет|лет}, поэтому критерий выполнен как для компании без выручки.",
    en="No revenue in {period_en}, and the company, registered on {registered}, is under {max_age} "
    "{max_age:year|years} old at the end of {year}, so it passes as pre-revenue.",
)
_M1_NO_REVENUE = Text(
    kk="{period_kk} түсім жоқ, ал {registered_c} тіркелген компанияның {year} жылдың соңындағы жасы кемінде "
    "{max_age} жыл, сондықтан түсімі жоқ компанияларға арналған ерекшелік қолданылмайды.",
    ru="Выручки {period_ru} нет, а возраст компании (зарегистрирована {registered_c}) на конец {year} года — "
    "не менее {max_age} {max_age:года|лет|лет}, поэтому исключение для компаний без выручки не применяется.",
    en="No revenue in {period_en}, and the company, registered on {registered}, is {max_age} or more "
    "{max_age:year|years} old at the end of {year}, so the pre-revenue exception does not apply.",
)
_M2_SHARE = Text(
    kk="ML, деректер және ЖИ-инженерия рөлдеріндегі қызметкерлердің жалпы штат санындағы (FTE) үлесі — "
    "{pct_c}%; кемінде {min_c}% қажет.",
    ru="Сотрудники в ролях ML, данных и ИИ-инженерии составляют {pct_c} % общей численности (FTE); "
    "требуется не менее {min_c} %.",
    en="Staff in ML, data and AI-engineering roles is {pct}% of total FTE; at least {min}% is required.",
)
_M2_NO_STAFF = Text(
    kk="Қызметкерлер саны (FTE) нөлге тең, сондықтан ЖИ мамандарының үлесін есептеу мүмкін емес; "
    "кемінде {min_c}% қажет.",
    ru="Численность сотрудников (FTE) равна нулю, поэтому долю ИИ-специалистов рассчитать нельзя; "
    "требуется не менее {min_c} %.",
    en="No staff (FTE) is declared, so the AI talent share cannot be computed; at least {min}% is required.",
)
_M3_MODELS_AND_DATA = Text(
    kk="Компанияда өзі оқытқан немесе қосымша оқытылған модельдер ({products}) және меншікті деректер кітапханасы бар.",
    ru="У компании есть собственные или дообученные модели ({products}) и собственная библиотека данных.",
    en="The company has own-trained or fine-tuned models ({products}) and owns a data library.",
)
_M3_MODELS = Text(
    kk="Компанияда өзі оқытқан немесе қосымша оқытылған модельдер бар ({products}).",
    ru="У компании есть собственные или дообученные модели ({products}).",
    en="The company has own-trained or fine-tuned models ({products}).",
)
_M3_DATA = Text(
    kk="Компанияның меншікті деректер кітапханасы бар; өнімдерінде өзі оқытқан немесе қосымша оқытылған модель жоқ.",
    ru="Компания владеет собственной библиотекой данных; собственных или дообученных моделей в продуктах нет.",
    en="The company owns a data library; none of its products uses an own-trained or fine-tuned model.",
)
_M3_NEITHER = Text(
    kk="Бірде-бір өнім өзі оқытқан немесе қосымша оқытылған модельді пайдаланбайды және компанияның деректер "
    "кітапханасы жоқ; екеуінің бірі қажет.",
    ru="Ни один продукт не использует собственную или дообученную модель, и библиотеки данных у компании нет; "
    "требуется одно из двух.",
    en="No product uses an own-trained or fine-tuned model and the company owns no data library; "
    "one of the two is required.",
)
_M4_SHARE = Text(
    kk="ЖИ бойынша ҒЗТКЖ мен есептеу шығындарының операциялық шығындардағы үлесі — {pct_c}%; {min_c}% бағдары "
    "анықтама үшін көрсетіледі, рубриканың осы нұсқасында міндетті емес.",
    ru="Расходы на ИИ-НИОКР и вычисления составляют {pct_c} % операционных расходов; ориентир {min_c} % "
    "приводится справочно и в этой версии рубрики не обязателен.",
    en="AI R&D and compute are {pct}% of operating costs; the {min}% reference level is reported only, "
    "not required in this rubric version.",
)
_M4_NO_COSTS = Text(
    kk="Операциялық шығындар нөлге тең, сондықтан ЖИ шығындарының үлесін есептеу мүмкін емес; көрсеткіш "
    "анықтамалық және рубриканың осы нұсқасында міндетті емес.",
    ru="Операционные расходы равны нулю, поэтому долю расходов на ИИ рассчитать нельзя; показатель справочный "
    "и в этой версии рубрики не обязателен.",
    en="No operating costs are declared, so the AI spend share cannot be computed; it is reported only, "
    "not required in this rubric version.",
)


# --- criteria -------------------------------------------------------------------------------------------

_OWN_MODELS = frozenset({Provenance.OWN_TRAINED, Provenance.FINE_TUNED})
_OPERATING_STAGES = frozenset({Stage.PILOT, Stage.PRODUCTION})


def _operating_ai_products(declaration: DeclarationFacts) -> tuple[ProductFacts, ...]:
    """AI products (at least one listed capability) that are past research: pilot or production."""
    return tuple(p for p in declaration.products if p.capabilities and p.stage in _OPERATING_STAGES)


def _product_count(criterion_id: str, count: int, template: Text) -> CriterionResult:
    return CriterionResult(
        id=criterion_id,
        title=_TITLES[criterion_id],
        value=count,
        threshold=1,
        passed=count >= 1,
        required=True,
        explanation=template.format(count=count),
    )


def _ai_system(declaration: DeclarationFacts) -> CriterionResult:
    return _product_count("G1", len(_operating_ai_products(declaration)), _G1_TEXT)


def _ai_at_the_core(declaration: DeclarationFacts) -> CriterionResult:
    core = [p for p in _operating_ai_products(declaration) if p.is_core]
    return _product_count("G2", len(core), _G2_TEXT)


def _age_in_years(born: date, on: date) -> int:
    """Whole years from ``born`` to ``on``, as a person's age (a 29 February start has its birthday on 1 March)."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _revenue_share(
    declaration: DeclarationFacts, company: CompanyFacts, rubric: RubricVersion
) -> tuple[CriterionResult, bool]:
    """M1, and whether it passed only under the pre-revenue exception."""
    minimum = rubric.threshold("ai_revenue_share_min")
    share = ai_revenue_share(declaration)
    if share is not None:
        passed = _at_least(declaration.revenue_ai, declaration.revenue_total, minimum)
        explanation = _M1_SHARE.format(**_share_params(share, minimum))
        pre_revenue = False
    else:
        max_age = rubric.threshold("pre_revenue_max_age_years")
        # The design's "registered < 3 years" is measured at the end of the declared fiscal year, so that a
        # declaration's result does not depend on the day it is evaluated.
        age = _age_in_years(company.registration_date, date(declaration.fiscal_year, 12, 31))
        passed = pre_revenue = max_age > age
        registered = company.registration_date
        explanation = (_M1_PRE_REVENUE if pre_revenue else _M1_NO_REVENUE).format(
            **_period_params(declaration),
            **_localised("max_age", format(max_age.normalize(), "f")),
            registered=registered.isoformat(),
            registered_c=registered.strftime("%d.%m.%Y"),
        )
    result = CriterionResult(
        id="M1",
        title=_TITLES["M1"],
        value=share,
        threshold=minimum,
        passed=passed,
        required=True,
        explanation=explanation,
    )
    return result, pre_revenue


def _share_criterion(
    criterion_id: str,
    part: Decimal | int,
    whole: Decimal | int,
    minimum: Decimal,
    texts: tuple[Text, Text],
    *,
    required: bool,
) -> CriterionResult:
    """A criterion of the form ``part / whole >= minimum``; ``texts`` are (with a share, with no denominator)."""
    share = _share(part, whole)
    with_share, without_share = texts
    if share is None:
        explanation = without_share.format(**_localised("min", format(_threshold_percent(minimum), "f")))
    else:
        explanation = with_share.format(**_share_params(share, minimum))
    return CriterionResult(
        id=criterion_id,
        title=_TITLES[criterion_id],
        value=share,
        threshold=minimum,
        passed=_at_least(part, whole, minimum),
        required=required,
        explanation=explanation,
    )


def _talent_share(declaration: DeclarationFacts, rubric: RubricVersion) -> CriterionResult:
    minimum = rubric.threshold("ai_talent_share_min")
    texts = (_M2_SHARE, _M2_NO_STAFF)
    return _share_criterion("M2", declaration.fte_ai, declaration.fte_total, minimum, texts, required=True)


def _spend_share(declaration: DeclarationFacts, rubric: RubricVersion) -> CriterionResult:
    minimum = rubric.threshold("ai_spend_share_min")
    texts = (_M4_SHARE, _M4_NO_COSTS)
    return _share_criterion("M4", declaration.opex_ai, declaration.opex_total, minimum, texts, required=False)


def _own_models_or_data(declaration: DeclarationFacts) -> CriterionResult:
    # Any stage counts: a model the company trained itself is its own asset even while still in research.
    own = [p.name for p in declaration.products if p.capabilities and p.provenance in _OWN_MODELS]
    library = declaration.owns_data_library
    if own and library:
        template = _M3_MODELS_AND_DATA
    elif own:
        template = _M3_MODELS
    elif library:
        template = _M3_DATA
    else:
        template = _M3_NEITHER
    return CriterionResult(
        id="M3",
        title=_TITLES["M3"],
        value=bool(own) or library,
        threshold=True,
        passed=bool(own) or library,
        required=True,
        explanation=template.format(products=", ".join(own)),
    )


# --- class ----------------------------------------------------------------------------------------------


def _is_ai_enabled(declaration: DeclarationFacts, rubric: RubricVersion) -> bool:
    """The share half of the ai_enabled test (G1 is checked by the caller)."""
    revenue = _at_least(
        declaration.revenue_ai, declaration.revenue_total, rubric.threshold("ai_enabled_revenue_share_min")
    )
    talent = _at_least(declaration.fte_ai, declaration.fte_total, rubric.threshold("ai_enabled_talent_share_min"))
    return revenue or talent


def classify_declaration(declaration: DeclarationFacts, company: CompanyFacts, rubric: RubricVersion) -> Evaluation:
    """Evaluate one declaration against one rubric version.

    Class: ai_native = G1 ∧ G2 ∧ M1 ∧ (M2 ∨ M3); ai_enabled = not ai_native ∧ G1 ∧ (AI revenue share ≥
    ``ai_enabled_revenue_share_min`` ∨ AI talent share ≥ ``ai_enabled_talent_share_min``); otherwise
    non_ai. M4 is reported and never changes the class.

    Args:
        declaration: The declaration's figures and products (filed or a draft being previewed).
        company: What the rubric needs about the company (its registration date).
        rubric: The rubric version to apply; every threshold is read from it.

    Returns:
        The evaluation: the class, each criterion's result, and flags such as :data:`PRE_REVENUE_FLAG`.

    Raises:
        MissingThreshold: ``rubric`` lacks a threshold (validated versions never do).
    """
    g1 = _ai_system(declaration)
    g2 = _ai_at_the_core(declaration)
    m1, pre_revenue = _revenue_share(declaration, company, rubric)
    m2 = _talent_share(declaration, rubric)
    m3 = _own_models_or_data(declaration)
    m4 = _spend_share(declaration, rubric)
    if g1.passed and g2.passed and m1.passed and (m2.passed or m3.passed):
        ai_class = AiClass.AI_NATIVE
    elif g1.passed and _is_ai_enabled(declaration, rubric):
        ai_class = AiClass.AI_ENABLED
    else:
        ai_class = AiClass.NON_AI
    return Evaluation(
        rubric_version=rubric.version,
        ai_class=ai_class,
        criteria=(g1, g2, m1, m2, m3, m4),
        flags=frozenset({PRE_REVENUE_FLAG}) if pre_revenue else frozenset(),
    )
