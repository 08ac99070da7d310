"""Believable AI systems for demo companies: the systems their declared AI products are, as their owners declare them.

Each product an AI-native or AI-enabled company declared in its last two years is one system of the register, with
the degrees of risk and autonomy its owner would plausibly assign (AI law, Art. 17): a triage or credit-scoring model
is high risk, a crop monitor minimal. Some high-risk systems
carry a sector's trusted-list entry and an audit report, some do not (they show on monitoring).
"""

from __future__ import annotations

import functools
import hashlib
import random
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, NamedTuple

from registry.ai_systems.models import CAPABILITIES
from registry.database import utc_now
from registry.declarations.facts import AiClass, Stage
from registry.demo.bulk import EventBatch
from registry.demo.declarations import DemoHistory
from registry.search_key import search_key

__all__ = ["AI_SYSTEM_COLUMNS", "DemoAiSystem", "add_ai_system_rows", "generate_ai_systems"]


class _Profile(NamedTuple):
    purpose: str
    data_and_logic: str
    capabilities: tuple[str, ...]
    risk_weights: tuple[float, float, float]
    """Weights of minimal, medium, high."""
    autonomy_weights: tuple[float, float, float]
    """Weights of low, medium, high."""
    trusted_list_body: str


_DIGITAL_MINISTRY = "Ministry of Digital Development, Innovations and Aerospace Industry of the Republic of Kazakhstan"
_FINANCIAL_REGULATOR = "Agency of the Republic of Kazakhstan for Regulation and Development of the Financial Market"
_HEALTH_MINISTRY = "Ministry of Healthcare of the Republic of Kazakhstan"
_AGRICULTURE_MINISTRY = "Ministry of Agriculture of the Republic of Kazakhstan"
_TRANSPORT_MINISTRY = "Ministry of Transport of the Republic of Kazakhstan"

PROFILES: dict[str, _Profile] = {
    "Vision QA": _Profile(
        "Finds defects on production lines from camera images and stops the line for an operator's check.",
        "Convolutional network trained on labelled images from client plants; flags a defect above a threshold.",
        ("computer_vision", "machine_learning"),
        (5, 4, 1),
        (3, 5, 2),
        _DIGITAL_MINISTRY,
    ),
    "Qazaq NLP": _Profile(
        "Answers citizens' and customers' questions in Kazakh and Russian and routes requests to the right desk.",
        "Language model fine-tuned on a Kazakh-Russian corpus; retrieval over the client's knowledge base.",
        ("natural_language_processing",),
        (5, 4, 1),
        (4, 4, 2),
        _DIGITAL_MINISTRY,
    ),
    "Dala Forecast": _Profile(
        "Forecasts demand and yields for farms and retailers from weather, soil and sales data.",
        "Gradient-boosted trees over public weather data and the client's sales history; weekly retraining.",
        ("machine_learning",),
        (7, 3, 0),
        (6, 3, 1),
        _AGRICULTURE_MINISTRY,
    ),
    "Speech2Text KZ": _Profile(
        "Transcribes Kazakh and Russian calls and meetings, including code-switching between the two.",
        "Speech recognition model fine-tuned on licensed call-centre recordings; no speaker identification.",
        ("speech", "natural_language_processing"),
        (7, 3, 0),
        (5, 4, 1),
        _DIGITAL_MINISTRY,
    ),
    "Smart Routing": _Profile(
        "Plans delivery routes and loads for fleets and proposes them to dispatchers.",
        "Demand model and a route optimiser over road-network data; dispatchers confirm every plan.",
        ("decision_support", "machine_learning"),
        (3, 6, 1),
        (3, 5, 2),
        _TRANSPORT_MINISTRY,
    ),
    "Credit Scoring": _Profile(
        "Scores loan applicants of banks and microfinance organisations.",
        "Gradient-boosted model over credit-bureau and application data; explanations per decision.",
        ("machine_learning", "decision_support"),
        (0, 3, 7),
        (3, 5, 2),
        _FINANCIAL_REGULATOR,
    ),
    "Crop Monitor": _Profile(
        "Monitors crop health and field boundaries from satellite and drone imagery.",
        "Segmentation network on Sentinel-2 and drone images; reports per field each week.",
        ("computer_vision", "machine_learning"),
        (7, 3, 0),
        (5, 4, 1),
        _AGRICULTURE_MINISTRY,
    ),
    "Med Triage": _Profile(
        "Helps clinics' staff prioritise patients' requests and suggests the specialist to see.",
        "Classifier over symptoms described in Kazakh or Russian, trained on anonymised clinic records.",
        ("decision_support", "natural_language_processing"),
        (0, 2, 8),
        (5, 4, 1),
        _HEALTH_MINISTRY,
    ),
    "GenDocs": _Profile(
        "Drafts contracts, letters and reports from templates and the client's data.",
        "Third-party or fine-tuned large language model with templates; a person reviews every draft.",
        ("synthetic_content_generation", "natural_language_processing"),
        (3, 6, 1),
        (4, 4, 2),
        _DIGITAL_MINISTRY,
    ),
    "Fraud Radar": _Profile(
        "Flags suspicious payments and accounts for banks' and marketplaces' fraud teams.",
        "Anomaly detection and a supervised model over transaction streams; analysts confirm each block.",
        ("machine_learning", "decision_support"),
        (1, 5, 4),
        (2, 5, 3),
        _FINANCIAL_REGULATOR,
    ),
}
"""What each demo product does, and the degrees its owners tend to declare."""

_LIST_CODES = {
    _DIGITAL_MINISTRY: "MDDIAI",
    _FINANCIAL_REGULATOR: "ARDFM",
    _HEALTH_MINISTRY: "MH",
    _AGRICULTURE_MINISTRY: "MA",
    _TRANSPORT_MINISTRY: "MT",
}
"""The short codes of the bodies in their lists' references."""
_RISK = ("minimal", "medium", "high")
_AUTONOMY = ("low", "medium", "high")
_AUDITORS = ("QazAudit AI", "Astana Hub Assurance", "Central Asia Tech Audit", "Kazakhstan AI Certification Centre")


@dataclass(frozen=True, slots=True)
class DemoAiSystem:
    """One generated AI system of a demo company."""

    id: uuid.UUID
    name: str
    product_name: str
    """The declared AI product this system is (declarations' products link to it)."""
    system_version: str
    purpose: str
    capabilities: tuple[str, ...]
    data_and_logic: str
    status: str
    risk_degree: str
    autonomy_degree: str
    degrees_declared_on: date
    trusted_list: tuple[str, date, str] | None
    """(body, decision date, reference)."""
    audit_report: tuple[str, str] | None
    """(reference, SHA-256 hex)."""
    copyright_certificate: tuple[str, str] | None
    """(reference, SHA-256 hex)."""
    synthetic_output_labelled: bool


def _document_hash(system_id: uuid.UUID, kind: str) -> str:
    return hashlib.sha256(f"{system_id}:{kind}".encode()).hexdigest()


def _day_between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange(max(1, (last - first).days + 1)))


def generate_ai_systems(history: DemoHistory, rng: random.Random, *, today: date) -> list[DemoAiSystem]:
    """The systems of a company whose latest class is AI-native or AI-enabled: its last two years' products.

    A product of the latest declaration is in development or on the market; one the company stopped declaring has
    been withdrawn. The degrees were declared around the first declaration naming the product.
    """
    if not history.declarations:
        return []
    if history.declarations[-1].evaluation.ai_class not in {AiClass.AI_NATIVE, AiClass.AI_ENABLED}:
        return []
    current = {product.name for product in history.declarations[-1].facts.products}
    recent = current | {product.name for d in history.declarations[-2:] for product in d.facts.products}
    first_declared: dict[str, tuple[date, Stage]] = {}
    for declaration in history.declarations:
        for product in declaration.facts.products:
            if product.name in recent:
                first_declared.setdefault(product.name, (declaration.filed_at.date(), product.stage))
    return [
        _system(rng, name, PROFILES[name], declared, stage, withdrawn=name not in current, today=today)
        for name, (declared, stage) in first_declared.items()
        if name in PROFILES
    ]


def _system(
    rng: random.Random,
    product_name: str,
    profile: _Profile,
    declared: date,
    stage: Stage,
    *,
    withdrawn: bool,
    today: date,
) -> DemoAiSystem:
    """One system, its degrees declared around ``declared`` (the first filing naming it) and before today."""
    system_id = uuid.UUID(int=rng.getrandbits(128), version=4)
    risk = rng.choices(_RISK, weights=profile.risk_weights)[0]
    if withdrawn:
        status = "withdrawn"
    elif stage is Stage.RESEARCH or rng.random() < 0.15:
        status = "development"
    else:
        status = "on_market"
    yesterday = today - timedelta(days=1)
    declared_on = _day_between(rng, declared - timedelta(days=60), min(declared, yesterday))
    trusted_list = audit_report = copyright_certificate = None
    if risk == "high" and rng.random() < 0.55:
        decided = _day_between(rng, declared_on, yesterday)
        reference = f"TL-{_LIST_CODES[profile.trusted_list_body]}-{decided.year}-{rng.randrange(1, 999):03d}"
        trusted_list = (profile.trusted_list_body, decided, reference)
    if (risk == "high" and rng.random() < 0.6) or (risk == "medium" and rng.random() < 0.15):
        audited = _day_between(rng, declared_on, yesterday)
        reference = f"Audit report AR-{audited.year}-{rng.randrange(1, 9999):04d}, {rng.choice(_AUDITORS)}"
        audit_report = (reference, _document_hash(system_id, "audit"))
    if rng.random() < 0.3:
        copyright_certificate = (
            f"Copyright certificate No. {rng.randrange(10_000, 99_999)} (Kazpatent)",
            _document_hash(system_id, "copyright"),
        )
    generative = "synthetic_content_generation" in profile.capabilities
    return DemoAiSystem(
        id=system_id,
        name=product_name,
        product_name=product_name,
        system_version=f"{rng.randrange(1, 4)}.{rng.randrange(10)}",
        purpose=profile.purpose,
        capabilities=profile.capabilities,
        data_and_logic=profile.data_and_logic,
        status=status,
        risk_degree=risk,
        autonomy_degree=rng.choices(_AUTONOMY, weights=profile.autonomy_weights)[0],
        degrees_declared_on=declared_on,
        trusted_list=trusted_list,
        audit_report=audit_report,
        copyright_certificate=copyright_certificate,
        synthetic_output_labelled=generative and rng.random() < 0.8,
    )


AI_SYSTEM_COLUMNS = (
    "id",
    "company_id",
    "name",
    "system_version",
    "purpose",
    "capabilities",
    "data_and_logic",
    "status",
    "risk_degree",
    "autonomy_degree",
    "degrees_declared_on",
    "degrees_declared_by",
    "trusted_list_body",
    "trusted_list_decision_date",
    "trusted_list_reference",
    "audit_report_reference",
    "audit_report_sha256",
    "copyright_certificate_reference",
    "copyright_certificate_sha256",
    "synthetic_output_labelled",
    "search_key",
    "version",
    "created_at",
    "updated_at",
)


@functools.lru_cache(maxsize=1 << 12)
def _system_search_key(name: str) -> str:
    return search_key(name)


def add_ai_system_rows(
    records: list[tuple[Any, ...]],
    events: EventBatch,
    *,
    company_id: uuid.UUID,
    systems: list[DemoAiSystem],
    owner: uuid.UUID | None,
) -> None:
    """Add the systems' rows (for ``COPY``, in :data:`AI_SYSTEM_COLUMNS` order) and their ``ai_system.recorded`` events.

    The events carry the fields ``registry.ai_systems.service.record_ai_system`` records; the degrees are declared
    by the company's owner (``None`` when the demo has none).
    """
    now = utc_now()
    for s in systems:
        capabilities = sorted(s.capabilities, key=CAPABILITIES.index)
        trusted_body, trusted_day, trusted_reference = s.trusted_list or (None, None, None)
        audit_reference, audit_sha256 = s.audit_report or (None, None)
        copyright_reference, copyright_sha256 = s.copyright_certificate or (None, None)
        records.append(
            (
                s.id,
                company_id,
                s.name,
                s.system_version,
                s.purpose,
                capabilities,
                s.data_and_logic,
                s.status,
                s.risk_degree,
                s.autonomy_degree,
                s.degrees_declared_on,
                owner,
                trusted_body,
                trusted_day,
                trusted_reference,
                audit_reference,
                audit_sha256,
                copyright_reference,
                copyright_sha256,
                s.synthetic_output_labelled,
                _system_search_key(s.name),
                1,
                now,
                now,
            )
        )
        events.append(
            actor_id=owner,
            kind="ai_system.recorded",
            resource_type="ai_system",
            resource_id=s.id,
            data={
                "company_id": str(company_id),
                "name": s.name,
                "purpose": s.purpose,
                "capabilities": capabilities,
                "risk_degree": s.risk_degree,
                "autonomy_degree": s.autonomy_degree,
                "status": s.status,
            },
            confidential={
                "system_version": s.system_version,
                "data_and_logic": s.data_and_logic,
                "trusted_list_body": trusted_body,
                "trusted_list_decision_date": trusted_day.isoformat() if trusted_day else None,
                "trusted_list_reference": trusted_reference,
                "audit_report_sha256": audit_sha256,
                "copyright_certificate_sha256": copyright_sha256,
                "synthetic_output_labelled": s.synthetic_output_labelled,
            },
            public=True,
        )
