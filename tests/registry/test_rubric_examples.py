"""Named example companies and the class a reviewer would agree with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from registry.declarations.facts import (
    RUBRIC_V1,
    AiClass,
    Capability,
    CompanyFacts,
    DeclarationFacts,
    ProductFacts,
    Provenance,
    Stage,
)
from registry.declarations.rubric import PRE_REVENUE_FLAG, classify_declaration

CV = Capability.COMPUTER_VISION
NLP = Capability.NATURAL_LANGUAGE_PROCESSING
SPEECH = Capability.SPEECH
DECISIONS = Capability.DECISION_SUPPORT
GENERATION = Capability.SYNTHETIC_CONTENT_GENERATION
ML = Capability.MACHINE_LEARNING
OWN = Provenance.OWN_TRAINED
TUNED = Provenance.FINE_TUNED
API = Provenance.THIRD_PARTY_API


@dataclass(frozen=True, slots=True)
class Example:
    story: str
    registered: date
    declaration: DeclarationFacts
    expected: AiClass
    failing: frozenset[str]
    flags: frozenset[str] = frozenset()


def product(
    name: str, *capabilities: Capability, core: bool, provenance: Provenance, stage: Stage = Stage.PRODUCTION
) -> ProductFacts:
    return ProductFacts(
        name=name, capabilities=frozenset(capabilities), is_core=core, provenance=provenance, stage=stage
    )


def figures(
    *,
    revenue: tuple[int, int],
    fte: tuple[str, str],
    opex: tuple[int, int],
    products: tuple[ProductFacts, ...],
    data_library: bool = False,
    year: int = 2024,
) -> DeclarationFacts:
    """A 2024 declaration; each pair is (total, AI part), money in KZT."""
    return DeclarationFacts(
        fiscal_year=year,
        quarter=None,
        revenue_total=revenue[0],
        revenue_ai=revenue[1],
        fte_total=Decimal(fte[0]),
        fte_ai=Decimal(fte[1]),
        opex_total=opex[0],
        opex_ai=opex[1],
        owns_data_library=data_library,
        products=products,
    )


EXAMPLES = [
    Example(
        story="Computer-vision startup selling a production inspection system, 80% AI revenue, 40% ML staff",
        registered=date(2021, 3, 15),
        declaration=figures(
            revenue=(500_000_000, 400_000_000),
            fte=("25", "10"),
            opex=(300_000_000, 120_000_000),
            products=(product("Weld inspection", CV, core=True, provenance=OWN),),
        ),
        expected=AiClass.AI_NATIVE,
        failing=frozenset(),
    ),
    Example(
        story="IT integrator reselling a bank chatbot built on a third-party API, not core, 15% of revenue",
        registered=date(2012, 9, 1),
        declaration=figures(
            revenue=(2_000_000_000, 300_000_000),
            fte=("120", "6"),
            opex=(1_800_000_000, 90_000_000),
            products=(product("Bank helpdesk bot", NLP, core=False, provenance=API),),
        ),
        expected=AiClass.AI_ENABLED,
        failing=frozenset({"G2", "M1", "M2", "M3", "M4"}),
    ),
    Example(
        story="Bank's digital subsidiary with a third-party chatbot, 2% AI revenue, 4% AI staff",
        registered=date(2016, 4, 20),
        declaration=figures(
            revenue=(9_000_000_000, 180_000_000),
            fte=("400", "16"),
            opex=(8_000_000_000, 200_000_000),
            products=(product("Customer chatbot", NLP, core=False, provenance=API),),
        ),
        expected=AiClass.NON_AI,
        failing=frozenset({"G2", "M1", "M2", "M3", "M4"}),
    ),
    Example(
        story="Pre-revenue LLM lab, one year old, with a fine-tuned Kazakh language model in pilot",
        registered=date(2023, 5, 10),
        declaration=figures(
            revenue=(0, 0),
            fte=("8", "6"),
            opex=(150_000_000, 110_000_000),
            products=(product("Kazakh LLM", NLP, GENERATION, core=True, provenance=TUNED, stage=Stage.PILOT),),
        ),
        expected=AiClass.AI_NATIVE,
        failing=frozenset(),
        flags=frozenset({PRE_REVENUE_FLAG}),
    ),
    Example(
        story="Agro trading firm with a research-stage yield model",
        registered=date(2009, 11, 2),
        declaration=figures(
            revenue=(6_000_000_000, 0),
            fte=("90", "2"),
            opex=(5_500_000_000, 30_000_000),
            products=(product("Yield forecast", ML, core=True, provenance=OWN, stage=Stage.RESEARCH),),
        ),
        expected=AiClass.NON_AI,
        failing=frozenset({"G1", "G2", "M1", "M2", "M4"}),
    ),
    Example(
        story="Speech-analytics SaaS for call centres, 65% AI revenue, few ML staff but a fine-tuned model",
        registered=date(2019, 2, 1),
        declaration=figures(
            revenue=(800_000_000, 520_000_000),
            fte=("40", "8"),
            opex=(600_000_000, 150_000_000),
            products=(product("Call analytics", SPEECH, NLP, core=True, provenance=TUNED),),
        ),
        expected=AiClass.AI_NATIVE,
        failing=frozenset({"M2"}),
    ),
    Example(
        story="Copywriting app that wraps a third-party LLM API, no own models, data or ML staff to speak of",
        registered=date(2023, 1, 20),
        declaration=figures(
            revenue=(60_000_000, 60_000_000),
            fte=("7", "1"),
            opex=(50_000_000, 20_000_000),
            products=(product("Ad copy writer", GENERATION, core=True, provenance=API),),
        ),
        expected=AiClass.AI_ENABLED,
        failing=frozenset({"M2", "M3"}),
    ),
    Example(
        story="Legal-tech assistant on a third-party LLM over its own annotated court-decision library",
        registered=date(2020, 7, 7),
        declaration=figures(
            revenue=(250_000_000, 175_000_000),
            fte=("20", "2"),
            opex=(200_000_000, 45_000_000),
            products=(product("Case search", NLP, core=True, provenance=API),),
            data_library=True,
        ),
        expected=AiClass.AI_NATIVE,
        failing=frozenset({"M2"}),
    ),
    Example(
        story="Five-year-old deep-tech lab with an own-trained model in pilot and still no revenue",
        registered=date(2019, 10, 1),
        declaration=figures(
            revenue=(0, 0),
            fte=("15", "12"),
            opex=(400_000_000, 300_000_000),
            products=(product("Satellite imagery", CV, core=True, provenance=OWN, stage=Stage.PILOT),),
        ),
        expected=AiClass.AI_ENABLED,
        failing=frozenset({"M1"}),
    ),
    Example(
        story="Online retailer with an own-trained recommender that the shop can run without, 12% AI revenue",
        registered=date(2014, 3, 3),
        declaration=figures(
            revenue=(12_000_000_000, 1_440_000_000),
            fte=("300", "24"),
            opex=(11_000_000_000, 500_000_000),
            products=(product("Recommendations", ML, core=False, provenance=OWN),),
        ),
        expected=AiClass.AI_ENABLED,
        failing=frozenset({"G2", "M1", "M2", "M4"}),
    ),
    Example(
        story="Credit-scoring fintech at exactly 50% AI revenue and exactly 30% ML staff",
        registered=date(2018, 8, 8),
        declaration=figures(
            revenue=(1_000_000_000, 500_000_000),
            fte=("50", "15"),
            opex=(700_000_000, 140_000_000),
            products=(product("Scoring engine", DECISIONS, ML, core=True, provenance=API),),
        ),
        expected=AiClass.AI_NATIVE,
        failing=frozenset({"M3"}),
    ),
    Example(
        story="Software dev shop piloting its first core vision product, 30% AI revenue",
        registered=date(2017, 5, 25),
        declaration=figures(
            revenue=(900_000_000, 270_000_000),
            fte=("60", "15"),
            opex=(850_000_000, 100_000_000),
            products=(product("Shelf scanner", CV, core=True, provenance=TUNED, stage=Stage.PILOT),),
        ),
        expected=AiClass.AI_ENABLED,
        failing=frozenset({"M1", "M2", "M4"}),
    ),
    Example(
        story="IT outsourcing company with no AI products",
        registered=date(2010, 1, 12),
        declaration=figures(
            revenue=(3_000_000_000, 0),
            fte=("200", "0"),
            opex=(2_800_000_000, 0),
            products=(),
        ),
        expected=AiClass.NON_AI,
        failing=frozenset({"G1", "G2", "M1", "M2", "M3", "M4"}),
    ),
]


@pytest.mark.parametrize("example", EXAMPLES, ids=[example.story for example in EXAMPLES])
def test_example_company_gets_the_class_a_reviewer_would_give(example: Example) -> None:
    evaluation = classify_declaration(example.declaration, CompanyFacts(example.registered), RUBRIC_V1)
    assert evaluation.ai_class is example.expected
    assert {c.id for c in evaluation.failed_criteria()} == example.failing
    assert evaluation.flags == example.flags
