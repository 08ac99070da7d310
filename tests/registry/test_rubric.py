"""Property-based tests of the AI-native rubric: thresholds, the pre-revenue rule and the class formula."""

from __future__ import annotations

import dataclasses
import json
import math
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from registry.declarations.facts import (
    RUBRIC_V1,
    AiClass,
    Capability,
    CompanyFacts,
    DeclarationFacts,
    MissingThreshold,
    ProductFacts,
    Provenance,
    RubricVersion,
    Stage,
    validate_thresholds,
)
from registry.declarations.rubric import (
    PRE_REVENUE_FLAG,
    Evaluation,
    ai_revenue_share,
    ai_talent_share,
    classify_declaration,
)
from registry.errors import InvalidInput

CORE_VISION = ProductFacts(
    name="Inspector",
    capabilities=frozenset({Capability.COMPUTER_VISION}),
    is_core=True,
    provenance=Provenance.OWN_TRAINED,
    stage=Stage.PRODUCTION,
)
SIDE_CHATBOT = ProductFacts(
    name="Helpdesk bot",
    capabilities=frozenset({Capability.NATURAL_LANGUAGE_PROCESSING}),
    is_core=False,
    provenance=Provenance.THIRD_PARTY_API,
    stage=Stage.PRODUCTION,
)
# Passes every criterion of version 1 with room to spare; tests move one figure at a time.
NATIVE = DeclarationFacts(
    fiscal_year=2024,
    quarter=None,
    revenue_total=1_000_000,
    revenue_ai=800_000,
    fte_total=Decimal("10"),
    fte_ai=Decimal("4"),
    opex_total=500_000,
    opex_ai=200_000,
    owns_data_library=True,
    products=(CORE_VISION,),
)
OLD_COMPANY = CompanyFacts(registration_date=date(2015, 6, 1))


def evaluate(
    declaration: DeclarationFacts, company: CompanyFacts = OLD_COMPANY, rubric: RubricVersion = RUBRIC_V1
) -> Evaluation:
    return classify_declaration(declaration, company, rubric)


def results(evaluation: Evaluation) -> dict[str, bool]:
    return {criterion.id: criterion.passed for criterion in evaluation.criteria}


def share_at_least(part: int | Decimal, whole: int | Decimal, threshold: Decimal) -> bool:
    return whole != 0 and Fraction(part) / Fraction(whole) >= Fraction(threshold)


# --- strategies -----------------------------------------------------------------------------------------

money_totals = st.one_of(st.integers(0, 20), st.integers(0, 10**13))
fte_amounts = st.integers(0, 5_000).map(lambda tenths: Decimal(tenths).scaleb(-1))

products = st.builds(
    ProductFacts,
    name=st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=12),
    capabilities=st.frozensets(st.sampled_from(Capability)),
    is_core=st.booleans(),
    provenance=st.sampled_from(Provenance),
    stage=st.sampled_from(Stage),
)


@st.composite
def part_of(draw: st.DrawFn, totals: st.SearchStrategy[int]) -> tuple[int, int]:
    total = draw(totals)
    return total, draw(st.integers(0, total))


@st.composite
def fte_part_of(draw: st.DrawFn) -> tuple[Decimal, Decimal]:
    total = draw(fte_amounts)
    part = draw(st.integers(0, int(total * 10)))
    return total, Decimal(part).scaleb(-1)


@st.composite
def declarations(draw: st.DrawFn) -> DeclarationFacts:
    revenue_total, revenue_ai = draw(part_of(money_totals))
    opex_total, opex_ai = draw(part_of(money_totals))
    fte_total, fte_ai = draw(fte_part_of())
    return DeclarationFacts(
        fiscal_year=draw(st.integers(2000, 2035)),
        quarter=draw(st.one_of(st.none(), st.integers(1, 4))),
        revenue_total=revenue_total,
        revenue_ai=revenue_ai,
        fte_total=fte_total,
        fte_ai=fte_ai,
        opex_total=opex_total,
        opex_ai=opex_ai,
        owns_data_library=draw(st.booleans()),
        products=tuple(draw(st.lists(products, max_size=4))),
    )


companies = st.builds(CompanyFacts, registration_date=st.dates(date(1995, 1, 1), date(2035, 12, 31)))
shares = st.integers(0, 100).map(lambda hundredths: Decimal(hundredths).scaleb(-2))


@st.composite
def rubric_versions(draw: st.DrawFn) -> RubricVersion:
    thresholds = {
        "ai_revenue_share_min": draw(shares),
        "ai_talent_share_min": draw(shares),
        "ai_spend_share_min": draw(shares),
        "pre_revenue_max_age_years": Decimal(draw(st.integers(1, 10))),
        "ai_enabled_revenue_share_min": draw(shares),
        "ai_enabled_talent_share_min": draw(shares),
    }
    validate_thresholds(thresholds)
    return RubricVersion(version=draw(st.integers(2, 99)), effective_from=date(2027, 1, 1), thresholds=thresholds)


# --- M1, M2 and the ai_enabled thresholds ---------------------------------------------------------------


@given(revenue_total=st.integers(1, 10**13))
def test_m1_passes_at_the_threshold_and_fails_just_below(revenue_total: int) -> None:
    needed = math.ceil(Fraction(revenue_total) * Fraction(RUBRIC_V1.threshold("ai_revenue_share_min")))
    at = evaluate(dataclasses.replace(NATIVE, revenue_total=revenue_total, revenue_ai=needed))
    assert results(at)["M1"]
    assert at.ai_class is AiClass.AI_NATIVE
    below = evaluate(dataclasses.replace(NATIVE, revenue_total=revenue_total, revenue_ai=needed - 1))
    assert not results(below)["M1"]
    assert below.ai_class is not AiClass.AI_NATIVE


@given(half=st.integers(1, 10**12))
def test_m1_compares_exactly_so_one_half_passes(half: int) -> None:
    evaluation = evaluate(dataclasses.replace(NATIVE, revenue_total=2 * half, revenue_ai=half))
    m1 = evaluation.criterion("M1")
    assert m1.value == Decimal("0.5")
    assert m1.threshold == Decimal("0.50")
    assert m1.passed


@given(fte_total=st.integers(1, 100_000).map(lambda tenths: Decimal(tenths).scaleb(-1)))
def test_m2_passes_at_the_threshold_and_fails_just_below(fte_total: Decimal) -> None:
    exact = fte_total * RUBRIC_V1.threshold("ai_talent_share_min")
    # Without own models or data, M2 is the only way through (M2 ∨ M3), so the class follows it.
    no_m3 = dataclasses.replace(
        NATIVE,
        fte_total=fte_total,
        owns_data_library=False,
        products=(dataclasses.replace(CORE_VISION, provenance=Provenance.THIRD_PARTY_API),),
    )
    at = evaluate(dataclasses.replace(no_m3, fte_ai=exact))
    assert results(at)["M2"]
    assert at.ai_class is AiClass.AI_NATIVE
    below = evaluate(dataclasses.replace(no_m3, fte_ai=exact - Decimal("0.0001")))
    assert not results(below)["M2"]
    assert below.ai_class is AiClass.AI_ENABLED


def test_m2_fails_without_staff() -> None:
    m2 = evaluate(dataclasses.replace(NATIVE, fte_total=Decimal(0), fte_ai=Decimal(0))).criterion("M2")
    assert m2.value is None
    assert not m2.passed
    assert "cannot be computed" in m2.explanation.en


# A declaration that can never be ai_native (its only product is not core), so the class is ai_enabled or non_ai.
NOT_CORE = dataclasses.replace(NATIVE, products=(SIDE_CHATBOT,), fte_total=Decimal(100), fte_ai=Decimal(0))


@given(revenue_total=st.integers(1, 10**13))
def test_ai_enabled_revenue_share_threshold(revenue_total: int) -> None:
    needed = math.ceil(Fraction(revenue_total) * Fraction(RUBRIC_V1.threshold("ai_enabled_revenue_share_min")))
    at = evaluate(dataclasses.replace(NOT_CORE, revenue_total=revenue_total, revenue_ai=needed))
    assert at.ai_class is AiClass.AI_ENABLED
    below = evaluate(dataclasses.replace(NOT_CORE, revenue_total=revenue_total, revenue_ai=needed - 1))
    assert below.ai_class is AiClass.NON_AI


@given(fte_total=st.integers(1, 100_000).map(lambda tenths: Decimal(tenths).scaleb(-1)))
def test_ai_enabled_talent_share_threshold(fte_total: Decimal) -> None:
    exact = fte_total * RUBRIC_V1.threshold("ai_enabled_talent_share_min")
    no_revenue = dataclasses.replace(NOT_CORE, revenue_ai=0, fte_total=fte_total)
    assert evaluate(dataclasses.replace(no_revenue, fte_ai=exact)).ai_class is AiClass.AI_ENABLED
    below = dataclasses.replace(no_revenue, fte_ai=exact - Decimal("0.0001"))
    assert evaluate(below).ai_class is AiClass.NON_AI


def test_ai_enabled_needs_an_ai_system_in_pilot_or_production() -> None:
    research_only = dataclasses.replace(NATIVE, products=(dataclasses.replace(CORE_VISION, stage=Stage.RESEARCH),))
    evaluation = evaluate(research_only)
    assert not results(evaluation)["G1"]
    assert evaluation.ai_class is AiClass.NON_AI


# --- the pre-revenue rule -------------------------------------------------------------------------------

PRE_REVENUE = dataclasses.replace(NATIVE, revenue_total=0, revenue_ai=0)


@given(fiscal_year=st.integers(2000, 2035), days=st.integers(1, 3 * 365))
def test_pre_revenue_passes_m1_when_under_three_years_at_year_end(fiscal_year: int, days: int) -> None:
    # Registered after 31 December three years before: not yet three years old on 31 December of the year.
    registered = date(fiscal_year - 3, 12, 31) + timedelta(days=days)
    evaluation = evaluate(dataclasses.replace(PRE_REVENUE, fiscal_year=fiscal_year), CompanyFacts(registered))
    assert results(evaluation)["M1"]
    assert evaluation.criterion("M1").value is None
    assert PRE_REVENUE_FLAG in evaluation.flags
    assert evaluation.ai_class is AiClass.AI_NATIVE
    assert "pre-revenue" in evaluation.criterion("M1").explanation.en


@given(fiscal_year=st.integers(2000, 2035), days=st.integers(0, 20 * 366))
def test_pre_revenue_exception_ends_at_three_years(fiscal_year: int, days: int) -> None:
    registered = date(fiscal_year - 3, 12, 31) - timedelta(days=days)
    evaluation = evaluate(dataclasses.replace(PRE_REVENUE, fiscal_year=fiscal_year), CompanyFacts(registered))
    assert not results(evaluation)["M1"]
    assert PRE_REVENUE_FLAG not in evaluation.flags
    assert evaluation.ai_class is AiClass.AI_ENABLED
    assert "does not apply" in evaluation.criterion("M1").explanation.en


@given(
    declaration=declarations(),
    registered=st.dates(date(1995, 1, 1), date(2035, 12, 31)),
    revenue_total=st.integers(1, 10**13),
)
def test_young_company_with_revenue_is_judged_on_its_share(
    declaration: DeclarationFacts, registered: date, revenue_total: int
) -> None:
    with_revenue = dataclasses.replace(
        declaration, revenue_total=revenue_total, revenue_ai=min(declaration.revenue_ai, revenue_total)
    )
    evaluation = evaluate(with_revenue, CompanyFacts(registered))
    minimum = RUBRIC_V1.threshold("ai_revenue_share_min")
    assert results(evaluation)["M1"] is share_at_least(with_revenue.revenue_ai, revenue_total, minimum)
    assert PRE_REVENUE_FLAG not in evaluation.flags


@given(declaration=declarations(), company=companies)
def test_pre_revenue_flag_means_zero_revenue_and_under_three_years(
    declaration: DeclarationFacts, company: CompanyFacts
) -> None:
    evaluation = evaluate(declaration, company)
    young = company.registration_date > date(declaration.fiscal_year - 3, 12, 31)
    assert (PRE_REVENUE_FLAG in evaluation.flags) is (declaration.revenue_total == 0 and young)
    if declaration.revenue_total == 0:
        assert results(evaluation)["M1"] is young


# --- the class formula ----------------------------------------------------------------------------------


def class_from_criteria(evaluation: Evaluation, rubric: RubricVersion) -> AiClass:
    passed = results(evaluation)
    if passed["G1"] and passed["G2"] and passed["M1"] and (passed["M2"] or passed["M3"]):
        return AiClass.AI_NATIVE
    revenue_share = evaluation.criterion("M1").value
    talent_share = evaluation.criterion("M2").value
    assert not isinstance(revenue_share, bool)
    assert not isinstance(talent_share, bool)
    revenue_ok = revenue_share is not None and revenue_share >= rubric.threshold("ai_enabled_revenue_share_min")
    talent_ok = talent_share is not None and talent_share >= rubric.threshold("ai_enabled_talent_share_min")
    if passed["G1"] and (revenue_ok or talent_ok):
        return AiClass.AI_ENABLED
    return AiClass.NON_AI


@given(declaration=declarations(), company=companies)
def test_class_follows_the_formula_over_the_criteria(declaration: DeclarationFacts, company: CompanyFacts) -> None:
    evaluation = evaluate(declaration, company)
    assert [c.id for c in evaluation.criteria] == ["G1", "G2", "M1", "M2", "M3", "M4"]
    assert evaluation.rubric_version == 1
    assert evaluation.ai_class is class_from_criteria(evaluation, RUBRIC_V1)


@given(declaration=declarations(), company=companies)
def test_criteria_follow_the_declared_facts(declaration: DeclarationFacts, company: CompanyFacts) -> None:
    passed = results(evaluate(declaration, company))
    operating = [p for p in declaration.products if p.capabilities and p.stage is not Stage.RESEARCH]
    own = [p for p in declaration.products if p.capabilities and p.provenance is not Provenance.THIRD_PARTY_API]
    assert passed["G1"] is bool(operating)
    assert passed["G2"] is any(p.is_core for p in operating)
    assert passed["M2"] is share_at_least(declaration.fte_ai, declaration.fte_total, Decimal("0.30"))
    assert passed["M3"] is (bool(own) or declaration.owns_data_library)
    assert passed["M4"] is share_at_least(declaration.opex_ai, declaration.opex_total, Decimal("0.20"))


@given(declaration=declarations(), company=companies, spend=part_of(money_totals))
def test_m4_never_changes_the_class(
    declaration: DeclarationFacts, company: CompanyFacts, spend: tuple[int, int]
) -> None:
    opex_total, opex_ai = spend
    original = evaluate(declaration, company)
    respent = evaluate(dataclasses.replace(declaration, opex_total=opex_total, opex_ai=opex_ai), company)
    assert respent.ai_class is original.ai_class
    assert original.criterion("M4").required is False
    assert all(c.required for c in original.criteria if c.id != "M4")


# --- other rubric versions ------------------------------------------------------------------------------


@given(declaration=declarations(), company=companies, rubric=rubric_versions())
def test_every_threshold_comes_from_the_rubric_version(
    declaration: DeclarationFacts, company: CompanyFacts, rubric: RubricVersion
) -> None:
    evaluation = evaluate(declaration, company, rubric)
    passed = results(evaluation)
    assert evaluation.rubric_version == rubric.version
    assert evaluation.ai_class is class_from_criteria(evaluation, rubric)
    if declaration.revenue_total:
        minimum = rubric.threshold("ai_revenue_share_min")
        assert passed["M1"] is share_at_least(declaration.revenue_ai, declaration.revenue_total, minimum)
    else:
        max_age = int(rubric.threshold("pre_revenue_max_age_years"))
        assert passed["M1"] is (company.registration_date > date(declaration.fiscal_year - max_age, 12, 31))
    minimum = rubric.threshold("ai_talent_share_min")
    assert passed["M2"] is share_at_least(declaration.fte_ai, declaration.fte_total, minimum)
    assert evaluation.criterion("M2").threshold == minimum
    minimum = rubric.threshold("ai_spend_share_min")
    assert passed["M4"] is share_at_least(declaration.opex_ai, declaration.opex_total, minimum)


def test_a_lower_revenue_threshold_in_version_2_admits_a_42_percent_company() -> None:
    declaration = dataclasses.replace(NATIVE, revenue_ai=420_000)
    version_2 = RubricVersion(
        version=2,
        effective_from=date(2027, 1, 1),
        thresholds={**RUBRIC_V1.thresholds, "ai_revenue_share_min": Decimal("0.40")},
    )
    assert evaluate(declaration).ai_class is AiClass.AI_ENABLED
    evaluation = evaluate(declaration, rubric=version_2)
    assert evaluation.ai_class is AiClass.AI_NATIVE
    assert evaluation.rubric_version == 2
    assert evaluation.criterion("M1").explanation.en == (
        "AI revenue is 42.0% of total revenue; at least 40% is required."
    )


def test_a_longer_pre_revenue_window_in_version_2() -> None:
    four_years_old = CompanyFacts(registration_date=date(2020, 6, 1))
    version_2 = RubricVersion(
        version=2,
        effective_from=date(2027, 1, 1),
        thresholds={**RUBRIC_V1.thresholds, "pre_revenue_max_age_years": Decimal(5)},
    )
    assert evaluate(PRE_REVENUE, four_years_old).ai_class is AiClass.AI_ENABLED
    assert evaluate(PRE_REVENUE, four_years_old, version_2).flags == {PRE_REVENUE_FLAG}


# --- explanations and the wire form ---------------------------------------------------------------------


def test_explanation_gives_the_numbers_in_three_languages() -> None:
    m1 = evaluate(dataclasses.replace(NATIVE, revenue_ai=420_000)).criterion("M1")
    assert m1.explanation.en == "AI revenue is 42.0% of total revenue; at least 50% is required."
    assert "42,0 %" in m1.explanation.ru
    assert "50 %" in m1.explanation.ru
    assert "42,0%" in m1.explanation.kk
    assert m1.title.kk
    assert m1.title.ru == "Доля выручки от ИИ"


def test_displayed_share_is_truncated_so_it_never_reads_as_passing() -> None:
    m1 = evaluate(dataclasses.replace(NATIVE, revenue_total=100_000, revenue_ai=49_996)).criterion("M1")
    assert not m1.passed
    assert "49.9%" in m1.explanation.en


@given(declaration=declarations(), company=companies)
def test_every_explanation_is_one_line_in_each_language(declaration: DeclarationFacts, company: CompanyFacts) -> None:
    for criterion in evaluate(declaration, company).criteria:
        for text in criterion.explanation.as_dict().values():
            assert text
            assert "\n" not in text
            assert "{" not in text


@given(declaration=declarations(), company=companies)
def test_to_dict_is_json_ready(declaration: DeclarationFacts, company: CompanyFacts) -> None:
    evaluation = evaluate(declaration, company)
    data = json.loads(json.dumps(evaluation.to_dict()))
    assert data["ai_class"] == evaluation.ai_class.value
    assert data["flags"] == sorted(evaluation.flags)
    for wire, criterion in zip(data["criteria"], evaluation.criteria, strict=True):
        assert wire["id"] == criterion.id
        assert set(wire["explanation"]) == {"kk", "ru", "en"}
        if isinstance(criterion.value, Decimal):
            assert wire["value"] == round(float(criterion.value), 4)


def test_failed_criteria_lists_what_the_founder_must_fix() -> None:
    declaration = dataclasses.replace(NATIVE, revenue_ai=100_000, opex_ai=0)
    evaluation = evaluate(declaration)
    assert [c.id for c in evaluation.failed_criteria()] == ["M1", "M4"]
    assert [c.id for c in evaluation.failed_criteria(required_only=True)] == ["M1"]


def test_shares_are_none_without_a_denominator() -> None:
    empty = dataclasses.replace(NATIVE, revenue_total=0, revenue_ai=0, fte_total=Decimal(0), fte_ai=Decimal(0))
    assert ai_revenue_share(empty) is None
    assert ai_talent_share(empty) is None
    assert ai_revenue_share(NATIVE) == Decimal("0.8")
    assert ai_talent_share(NATIVE) == Decimal("0.4")


# --- rubric versions as data ----------------------------------------------------------------------------


def test_version_1_thresholds_are_the_designs() -> None:
    assert dict(RUBRIC_V1.thresholds) == {
        "ai_revenue_share_min": Decimal("0.50"),
        "ai_talent_share_min": Decimal("0.30"),
        "ai_spend_share_min": Decimal("0.20"),
        "pre_revenue_max_age_years": Decimal("3"),
        "ai_enabled_revenue_share_min": Decimal("0.10"),
        "ai_enabled_talent_share_min": Decimal("0.10"),
    }
    validate_thresholds(RUBRIC_V1.thresholds)


def test_a_missing_threshold_is_a_clear_error() -> None:
    with pytest.raises(MissingThreshold, match="rubric version 1 has no threshold 'ai_magic_min'"):
        RUBRIC_V1.threshold("ai_magic_min")


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"ai_revenue_share_min": Decimal("1.5")}, "thresholds.ai_revenue_share_min", "rubric.threshold.share_range"),
        ({"ai_talent_share_min": Decimal("-0.1")}, "thresholds.ai_talent_share_min", "rubric.threshold.share_range"),
        (
            {"pre_revenue_max_age_years": Decimal(0)},
            "thresholds.pre_revenue_max_age_years",
            "rubric.threshold.age_range",
        ),
        (
            {"pre_revenue_max_age_years": Decimal("2.5")},
            "thresholds.pre_revenue_max_age_years",
            "rubric.threshold.age_range",
        ),
        ({"ai_spend_share_min": Decimal("NaN")}, "thresholds.ai_spend_share_min", "rubric.threshold.not_a_number"),
        ({"ai_spend_share_min": "0.2"}, "thresholds.ai_spend_share_min", "rubric.threshold.not_a_number"),
        (
            {"ai_revenue_share_minimum": Decimal("0.5")},
            "thresholds.ai_revenue_share_minimum",
            "rubric.threshold.unknown",
        ),
    ],
    ids=["share-above-1", "negative-share", "zero-age", "fractional-age", "nan", "string", "unknown-name"],
)
def test_invalid_thresholds_are_rejected_field_by_field(change: dict[str, object], field: str, code: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        validate_thresholds({**RUBRIC_V1.thresholds, **change})
    assert [(e.field, e.code) for e in caught.value.errors] == [(field, code)]
    assert caught.value.code == "rubric.invalid_thresholds"


def test_missing_thresholds_are_each_named() -> None:
    thresholds = dict(RUBRIC_V1.thresholds)
    del thresholds["ai_talent_share_min"], thresholds["pre_revenue_max_age_years"]
    with pytest.raises(InvalidInput) as caught:
        validate_thresholds(thresholds)
    assert {e.field for e in caught.value.errors} == {
        "thresholds.ai_talent_share_min",
        "thresholds.pre_revenue_max_age_years",
    }
    assert all(e.code == "rubric.threshold.missing" for e in caught.value.errors)


def test_a_published_version_cannot_change_under_its_evaluations() -> None:
    thresholds = dict(RUBRIC_V1.thresholds)
    version = RubricVersion(version=3, effective_from=date(2028, 1, 1), thresholds=thresholds)
    thresholds["ai_revenue_share_min"] = Decimal("0.9")
    assert version.threshold("ai_revenue_share_min") == Decimal("0.50")
    with pytest.raises(TypeError):
        version.thresholds["ai_revenue_share_min"] = Decimal("0.9")  # type: ignore[index]
