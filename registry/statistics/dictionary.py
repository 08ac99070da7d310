"""The data dictionary: what every published metric means, where it comes from and how it is protected."""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal, TypeAlias

from registry.i18n import Text

__all__ = [
    "LICENSING_SERIES",
    "METRICS",
    "REGISTRY_SERIES",
    "SERIES_METRICS",
    "DisclosureRule",
    "MetricDefinition",
    "SeriesMetric",
    "SourceClass",
]

SeriesMetric: TypeAlias = Literal[
    "companies_registered",
    "born_ai_native",
    "pivots_to_ai",
    "pivots_away",
    "applications_submitted",
    "decisions_approved",
    "decisions_rejected",
    "licences_issued",
    "licences_suspended",
    "licences_revoked",
    "pivot_rate",
]
"""The flows (and the pivot rate) that ``/metrics/timeseries`` gives per period."""

REGISTRY_SERIES: tuple[SeriesMetric, ...] = ("companies_registered", "born_ai_native", "pivots_to_ai", "pivots_away")
"""Flows computed from the registry's own tables (the others come from the licence track)."""
LICENSING_SERIES: tuple[SeriesMetric, ...] = (
    "applications_submitted",
    "decisions_approved",
    "decisions_rejected",
    "licences_issued",
    "licences_suspended",
    "licences_revoked",
)
"""Flows computed from the licence track's tables."""
SERIES_METRICS: tuple[SeriesMetric, ...] = (*REGISTRY_SERIES, *LICENSING_SERIES, "pivot_rate")

DisclosureRule: TypeAlias = Literal[
    "threshold",
    "threshold_and_dominance",
    "threshold_on_base",
    "threshold_on_parts",
    "threshold_on_median",
    "public",
]

_RULES: dict[DisclosureRule, str] = {
    "threshold": "Threshold rule: a cell built from fewer than k companies (setting, default 3) is suppressed; "
    "secondary suppression keeps it from being derived from the published total.",
    "threshold_and_dominance": "Threshold rule, and the (2, 85 %) dominance rule: suppressed when the two largest "
    "companies make more than the dominance share (setting, default 85 %) of the cell; secondary suppression "
    "keeps it from being derived from the published total.",
    "threshold_on_base": "Suppressed when the applications it is computed from come from fewer than k companies.",
    "threshold_on_parts": "A count with a share or rate built on it: the count follows the threshold rule, and a "
    "cohort or high-growth count is protected together with its complement (base minus count) against the published "
    "base, so neither can be derived; the share or rate is withheld when its count is, or when its base has fewer "
    "than k companies.",
    "threshold_on_median": "A median: suppressed when it is computed from fewer than k companies.",
    "public": "Published exactly: counted only from public facts of the register (each company's public AI class, "
    "status, registration day, region, legal form and activity), which anyone can count from the public register, "
    "so suppressing them would protect nothing.",
}


SourceClass: TypeAlias = Literal["public", "confidential"]
"""``public``: derivable from the public register and feed; ``confidential``: from declarations' figures or from
licence applications, which are not public."""


@dataclass(frozen=True, slots=True)
class MetricDefinition:
    """One entry of the data dictionary (the metric catalogue)."""

    name: str
    """The metric's identifier in the API and in CSV files."""
    definition: str
    """What is counted or computed, precisely enough to reproduce it."""
    unit: str
    """The unit of a value: companies, FTE, applications, a share in [0, 1], days."""
    source: str
    """The tables (and columns) the metric is computed from."""
    disclosure_rule: DisclosureRule
    """Which disclosure rule protects the metric's cells."""
    source_class: SourceClass
    """Whether the figures come from public facts or confidential ones."""
    basis: Text
    """The time basis in plain words: what day or period a figure is for, and as known when."""
    definition_kk: str = ""
    """The definition in Kazakh."""
    definition_ru: str = ""
    """The definition in Russian."""

    @property
    def definitions(self) -> Text:
        """The definition in kk/ru/en."""
        return Text(kk=self.definition_kk, ru=self.definition_ru, en=self.definition)

    @property
    def disclosure(self) -> str:
        """The disclosure rule in words."""
        return _RULES[self.disclosure_rule]


_AS_OF = (
    "on the day as_of: a company's class is that of its declaration for the latest period that has ended, within "
    "that fiscal year or the one before (the newest filed for it by known_at); undeclared without one"
)
_YEAR_DECLARATION = (
    "declaration for a fiscal year (the newest filed by the end of as_of, the annual one before its quarters)"
)
_ACTIVE_IN_YEAR = (
    f"its {_YEAR_DECLARATION} reports revenue or employees above zero (Eurostat: an active enterprise has "
    "turnover or employment in the year); a company that did not declare the year is not counted as active"
)
_ANNUAL_PAIR = "annual declarations (quarter empty) for both t-1 and t, each the newest filed by the end of as_of"
_LIVE_PIVOTS = "pivot_events (series 'live', not retracted), dated by the end of the period they lead to"

_STOCK_BASIS = Text(
    kk="as_of күнгі қор: тізілім тарихы бойынша сол күні жұмыс істеп тұрған компаниялар, сол күнгі өңірі, "
    "ұйымдық-құқықтық нысаны және қызмет түрі бойынша, сол қаржы жылының немесе алдыңғы жылдың соңғы аяқталған "
    "кезеңіне берген декларациясы бойынша сыныпталады; known_at сәтінде белгілі болғандай (әдепкі бойынша — қазір).",
    ru="Запас на день as_of: компании, действующие в этот день по истории реестра, в регионе, "
    "организационно-правовой форме и виде деятельности этого дня, с классом по их декларации за последний "
    "завершённый период этого финансового года или предыдущего; как известно на момент known_at (по умолчанию — "
    "сейчас).",
    en="A stock on the day as_of: companies active that day by the register's history, in the region, legal form "
    "and activity of that day, classed by their declaration for the latest ended period of that fiscal year or the "
    "one before; as known at known_at (default: now).",
)
_LICENCE_STOCK_BASIS = Text(
    kk="as_of күнгі қор: мәртебе тарихы мен қолданылу мерзімі бойынша сол күні күшінде болған лицензиялар, иелері "
    "сол күнгі өңірінде; known_at сәтінде белгілі болғандай.",
    ru="Запас на день as_of: лицензии, действующие в этот день по истории их статуса и сроку действия, держатели — "
    "в своём регионе этого дня; как известно на момент known_at.",
    en="A stock on the day as_of: licences in force that day by their status history and validity, their holders "
    "in their region of that day; as known at known_at.",
)
_REGISTRATION_BASIS = Text(
    kk="Тіркелген күні (компания тарихының бірінші күні) бойынша ағын, сол күнгі өңір, ұйымдық-құқықтық нысан және "
    "қызмет түрі бойынша; known_at сәтінде белгілі болғандай.",
    ru="Поток по дню регистрации (первому дню истории компании), в регионе, организационно-правовой форме и виде "
    "деятельности этого дня; как известно на момент known_at.",
    en="A flow dated by the registration day (the first day of the company's history), in the region, legal form "
    "and activity of that day; as known at known_at.",
)
_PIVOT_BASIS = Text(
    kk="Өзгеріс апаратын декларацияланған кезеңнің соңғы күні бойынша ағын; known_at сәтіне дейін жазылған және сол "
    "кезде кері қайтарылмаған бет бұру оқиғалары, компанияның сол күнгі өңірі, нысаны және қызмет түрі бойынша.",
    ru="Поток по последнему дню декларируемого периода, к которому ведёт изменение; события разворота, записанные к "
    "known_at и не отозванные к тому моменту, в регионе, форме и виде деятельности компании в этот день.",
    en="A flow dated by the last day of the declared period the change leads to; pivot events recorded by known_at "
    "and not retracted by then, in the company's region, legal form and activity of that day.",
)
_LICENSING_FLOW_BASIS = Text(
    kk="Оқиға болған UTC күні бойынша ағын (алғашқы беру, шешім немесе лицензия беру), known_at сәтіне дейін "
    "жазылған, өтініш берушінің сол күнгі өңірі, нысаны және қызмет түрі бойынша.",
    ru="Поток по дню события по UTC (первая подача, решение или выдача лицензии), записанного к known_at, в "
    "регионе, форме и виде деятельности заявителя в этот день.",
    en="A flow dated by the UTC day it happened (first submission, decision or issue), recorded by known_at, in the "
    "applicant's region, legal form and activity of that day.",
)
_SANCTION_BASIS = Text(
    kk="Тоқтата тұру немесе кері қайтарып алу күшіне енген күн бойынша ағын, known_at сәтіне дейін жазылған, "
    "иесінің сол күнгі өңірі бойынша.",
    ru="Поток по дню вступления приостановления или отзыва в силу, записанного к known_at, в регионе держателя в "
    "этот день.",
    en="A flow dated by the day the suspension or revocation took effect, recorded by known_at, in the holder's "
    "region of that day.",
)
_RATE_BASIS = Text(
    kk="Қаржы жылдары бойынша: жылдағы AI-ға бет бұрулар оның бірінші күнгі тәуекел тобындағы компанияларға "
    "бөлінеді (тарих бойынша алдыңғы күні жұмыс істеген, соңғы декларацияланған кезеңі ai_enabled немесе non_ai); "
    "known_at сәтінде белгілі болғандай.",
    ru="По финансовым годам: развороты к ИИ за год, делённые на компании в группе риска на его первый день "
    "(действующие накануне по истории, последний задекларированный период — ai_enabled или non_ai); как известно "
    "на момент known_at.",
    en="Per fiscal year: pivots to AI in the year over the companies at risk on its first day (active the day "
    "before by the history, latest declared period before it ai_enabled or non_ai); as known at known_at.",
)
_COHORT_BASIS = Text(
    kk="Тіркелген жылы бойынша: known_at сәтінде (берілмесе — қазір) белгілі, тіркелген күні сол жылға түсетін "
    "компаниялар, тіркелген өңірі бойынша; әрбір келесі қаржы жылы — as_of күнінің соңына дейін (немесе known_at "
    "сәтіне дейін) берілген декларациясы бойынша.",
    ru="По году регистрации: компании, известные на момент known_at (если не задан — сейчас), с днём регистрации в "
    "этом году, в регионе регистрации; каждый следующий финансовый год — по его декларации, поданной до конца дня "
    "as_of (или к known_at).",
    en="By registration year: the companies known at known_at (now when not given) with their registration day in "
    "the year, in the region they were registered in; each later fiscal year from its declaration filed by the end "
    "of as_of (or by known_at).",
)
_GROWTH_BASIS = Text(
    kk="t қаржы жылы бойынша: t және салыстырылатын жыл (t−1, жылдам өсетіндер үшін t−3) үшін жылдық декларациялар, "
    "әрқайсысы as_of күнінің соңына дейін (немесе known_at сәтіне дейін) берілген ең соңғысы; өңір t жылдың соңында "
    "онда болған компанияларды қамтиды.",
    ru="По финансовому году t: годовые декларации за t и год сравнения (t−1, для быстрорастущих t−3), каждая — "
    "последняя поданная до конца дня as_of (или к known_at); регион включает компании, находившиеся в нём в конце "
    "t.",
    en="Per fiscal year t: annual declarations for t and the year compared (t−1, or t−3 for high growth), each the "
    "newest filed by the end of as_of (or by known_at); a region keeps the companies in it at the end of t.",
)
_FUNNEL_BASIS = Text(
    kk="from..to аралығында (UTC күндері) алғаш берілген өтінімдер, known_at сәтіне дейін жазылған берулер мен "
    "шешімдер бойынша (шешім түпкілікті); өтініш берушінің өңірі — алғаш берген күнгі.",
    ru="Заявки, впервые поданные в окне from..to (дни по UTC), с подачами и решениями, записанными к known_at "
    "(решение окончательно); регион заявителя — на день первой подачи.",
    en="Applications first submitted in the from..to window (UTC days), with the submissions and decisions recorded "
    "by known_at (a decision is final); the applicant's region of the day of first submission.",
)
_ACCOUNT_TIME_BASIS = Text(
    kk="Жылдар немесе тоқсандар бойынша: алдыңғы кезеңнің соңындағы және кезеңнің соңындағы AI-native қоры "
    "қорлардың негізінде (companies_by_ai_class қараңыз) және әр компанияның олардың арасындағы өзгерісі дәл бір "
    "ағынмен; known_at сәтінде белгілі болғандай.",
    ru="По годам или кварталам: запас AI-native на конец предыдущего периода и на конец периода на основе запасов "
    "(см. companies_by_ai_class) и изменение каждой компании между ними ровно одним потоком; как известно на момент "
    "known_at.",
    en="Per year or quarter: the AI-native stock at the end of the period before and at the period's end, on the "
    "basis of the stocks (see companies_by_ai_class), and every company's change between them as exactly one flow; "
    "as known at known_at.",
)

_DEFINITIONS = (
    MetricDefinition(
        "active_companies",
        "Companies active on as_of by the register's history: registered by that day and active on it.",
        "companies",
        "company_history (status, valid and recorded times)",
        "threshold",
        source_class="public",
        basis=_STOCK_BASIS,
    ),
    MetricDefinition(
        "companies_by_ai_class",
        f"Active companies by AI class (ai_native, ai_enabled, non_ai, undeclared), {_AS_OF}.",
        "companies",
        "companies, declarations (ai_class, fiscal_year, quarter, filed_at)",
        "threshold",
        source_class="public",
        basis=_STOCK_BASIS,
    ),
    MetricDefinition(
        "ai_fte",
        f"AI specialists employed: the sum of fte_ai over active companies by AI class, {_AS_OF}.",
        "FTE",
        "companies, declarations (fte_ai, filed_at)",
        "threshold_and_dominance",
        source_class="confidential",
        basis=_STOCK_BASIS,
    ),
    MetricDefinition(
        "active_licences",
        "Licences by type in force on as_of: within their validity (valid_from..valid_until) and active on that day "
        "by their status history; contributors are the licence holders.",
        "licences",
        "licences (licence_type, valid_from, valid_until), licence_history, company_history",
        "threshold",
        source_class="public",
        basis=_LICENCE_STOCK_BASIS,
    ),
    MetricDefinition(
        "companies_registered",
        "Companies by the period of their registration day (all statuses).",
        "companies",
        "company_history (the first day of each company's history)",
        "threshold",
        source_class="public",
        basis=_REGISTRATION_BASIS,
    ),
    MetricDefinition(
        "born_ai_native",
        f"Companies born AI-native: ai_native in their first declared period; {_LIVE_PIVOTS}.",
        "companies",
        "pivot_events (kind 'born_ai_native')",
        "threshold",
        source_class="public",
        basis=_PIVOT_BASIS,
    ),
    MetricDefinition(
        "pivots_to_ai",
        f"Pivots to AI: a company becomes ai_native after a period in another class; {_LIVE_PIVOTS}.",
        "pivots",
        "pivot_events (kind 'pivot_to_ai')",
        "threshold",
        source_class="public",
        basis=_PIVOT_BASIS,
    ),
    MetricDefinition(
        "pivots_away",
        f"Pivots away from AI: an ai_native company declares another class; {_LIVE_PIVOTS}.",
        "pivots",
        "pivot_events (kind 'pivot_away')",
        "threshold",
        source_class="public",
        basis=_PIVOT_BASIS,
    ),
    MetricDefinition(
        "applications_submitted",
        "Licence applications by the period (UTC date) of their first submission; resubmissions are not counted again.",
        "applications",
        "licence_applications (first_submitted_at)",
        "threshold",
        source_class="confidential",
        basis=_LICENSING_FLOW_BASIS,
    ),
    MetricDefinition(
        "licences_issued",
        "Licences by the period (UTC date) they were issued (created), renewals included.",
        "licences",
        "licences (created_at)",
        "threshold",
        source_class="public",
        basis=_LICENSING_FLOW_BASIS,
    ),
    MetricDefinition(
        "decisions_approved",
        "Licence applications approved, by the period (UTC date) of the decision.",
        "applications",
        "licence_applications (state 'approved', decided_at)",
        "threshold",
        source_class="confidential",
        basis=_LICENSING_FLOW_BASIS,
    ),
    MetricDefinition(
        "decisions_rejected",
        "Licence applications rejected, by the period (UTC date) of the decision.",
        "applications",
        "licence_applications (state 'rejected', decided_at)",
        "threshold",
        source_class="confidential",
        basis=_LICENSING_FLOW_BASIS,
    ),
    MetricDefinition(
        "licences_suspended",
        "Licence suspensions, by the period of the day they took effect (effective_on in the event log).",
        "suspensions",
        "events (kind 'licence.suspended', occurred_at), licences",
        "threshold",
        source_class="public",
        basis=_SANCTION_BASIS,
    ),
    MetricDefinition(
        "licences_revoked",
        "Licence revocations, by the period of the day they took effect (effective_on in the event log).",
        "revocations",
        "events (kind 'licence.revoked', occurred_at), licences",
        "threshold",
        source_class="public",
        basis=_SANCTION_BASIS,
    ),
    MetricDefinition(
        "pivot_rate",
        "Pivots to AI in the period / companies at risk of pivoting at the period's start: companies active on the "
        "day before the start by the register's history whose class in their latest declared period that ended before"
        " the start (the newest declaration filed for it) is ai_enabled or non_ai. Companies that never declared are "
        "not at risk (their first AI-native period is a birth). Per year only (interval=year): most pivots come from "
        "annual declarations, dated 31 December, so a monthly or quarterly rate would be 0 outside December. Not "
        "available with group_by.",
        "share (0..1)",
        f"{_LIVE_PIVOTS}; companies, declarations (ai_class, filed_at)",
        "threshold_on_parts",
        source_class="public",
        basis=_RATE_BASIS,
    ),
    MetricDefinition(
        "active_companies_by_region",
        "Active companies (as in active_companies) by KATO region, with summary?group_by=region.",
        "companies",
        "companies (status, registration_date, region_kato)",
        "threshold",
        source_class="public",
        basis=_STOCK_BASIS,
    ),
    MetricDefinition(
        "ai_native_companies_by_region",
        f"Active ai_native companies by KATO region, with summary?group_by=region, {_AS_OF}.",
        "companies",
        "companies, declarations (ai_class, filed_at)",
        "threshold",
        source_class="public",
        basis=_STOCK_BASIS,
    ),
    MetricDefinition(
        "cohort_companies",
        "Companies registered in the cohort year (all statuses), in the region they were registered in.",
        "companies",
        "companies (registration_date)",
        "threshold",
        source_class="public",
        basis=_COHORT_BASIS,
    ),
    MetricDefinition(
        "cohort_active",
        f"Companies of the cohort active in fiscal year cohort + years_after: {_ACTIVE_IN_YEAR}.",
        "companies",
        "companies, declarations (fiscal_year, quarter, revenue_total, fte_total, filed_at)",
        "threshold_on_parts",
        source_class="confidential",
        basis=_COHORT_BASIS,
    ),
    MetricDefinition(
        "cohort_share_active",
        "cohort_active / cohort_companies.",
        "share (0..1)",
        "companies, declarations",
        "threshold_on_parts",
        source_class="confidential",
        basis=_COHORT_BASIS,
    ),
    MetricDefinition(
        "cohort_ai_native",
        "Companies of the cohort active in fiscal year cohort + years_after (see cohort_active) whose "
        f"{_YEAR_DECLARATION} for that year is ai_native.",
        "companies",
        "companies, declarations (fiscal_year, quarter, ai_class, filed_at)",
        "threshold_on_parts",
        source_class="confidential",
        basis=_COHORT_BASIS,
    ),
    MetricDefinition(
        "cohort_share_ai_native",
        "cohort_ai_native / cohort_companies.",
        "share (0..1)",
        "companies, declarations",
        "threshold_on_parts",
        source_class="confidential",
        basis=_COHORT_BASIS,
    ),
    MetricDefinition(
        "headcount_growth_median",
        f"Median year-over-year growth of total FTE (fte_t / fte_t-1 - 1) over companies with {_ANNUAL_PAIR}, "
        "by the company's class in year t (ai_native or other); companies with 0 FTE in t-1 are left out.",
        "share (0.25 = +25 %)",
        "declarations (fiscal_year, quarter IS NULL, fte_total, ai_class, filed_at)",
        "threshold_on_median",
        source_class="confidential",
        basis=_GROWTH_BASIS,
    ),
    MetricDefinition(
        "revenue_growth_median",
        f"Median year-over-year growth of total revenue over companies with {_ANNUAL_PAIR}, by class in year t; "
        "companies with no revenue in t-1 are left out.",
        "share (0.25 = +25 %)",
        "declarations (fiscal_year, quarter IS NULL, revenue_total, ai_class, filed_at)",
        "threshold_on_median",
        source_class="confidential",
        basis=_GROWTH_BASIS,
    ),
    MetricDefinition(
        "high_growth_eligible",
        "Companies with at least 10 employees (total FTE) in their annual declaration for t-3 and an annual "
        "declaration for t (Eurostat's population for high-growth enterprises), by class in year t.",
        "companies",
        "declarations (fiscal_year, quarter IS NULL, fte_total, ai_class, filed_at)",
        "threshold",
        source_class="confidential",
        basis=_GROWTH_BASIS,
    ),
    MetricDefinition(
        "high_growth_enterprises",
        "Eurostat high-growth enterprises: eligible companies whose employees (total FTE) grew by more than 10 % a "
        "year on average over the three years t-3..t, i.e. fte_t > 1.331 x fte_t-3 (compared exactly); by class in "
        "year t.",
        "companies",
        "declarations (fiscal_year, quarter IS NULL, fte_total, ai_class, filed_at)",
        "threshold",
        source_class="confidential",
        basis=_GROWTH_BASIS,
    ),
    MetricDefinition(
        "high_growth_share",
        "high_growth_enterprises / high_growth_eligible.",
        "share (0..1)",
        "declarations",
        "threshold_on_parts",
        source_class="confidential",
        basis=_GROWTH_BASIS,
    ),
    MetricDefinition(
        "applications_decided",
        "Applications first submitted in the window that have been approved or rejected.",
        "applications",
        "licence_applications (first_submitted_at, state, decided_at)",
        "threshold",
        source_class="confidential",
        basis=_FUNNEL_BASIS,
    ),
    MetricDefinition(
        "applications_approved",
        "Applications first submitted in the window that have been approved.",
        "applications",
        "licence_applications (first_submitted_at, state)",
        "threshold",
        source_class="confidential",
        basis=_FUNNEL_BASIS,
    ),
    MetricDefinition(
        "applications_rejected",
        "Applications first submitted in the window that have been rejected.",
        "applications",
        "licence_applications (first_submitted_at, state)",
        "threshold",
        source_class="confidential",
        basis=_FUNNEL_BASIS,
    ),
    MetricDefinition(
        "applications_undecided",
        "Applications first submitted in the window that are not (or no longer) decided: in review, sent back or "
        "withdrawn.",
        "applications",
        "licence_applications (first_submitted_at, state)",
        "threshold",
        source_class="confidential",
        basis=_FUNNEL_BASIS,
    ),
    MetricDefinition(
        "approval_rate",
        "Approved applications / decided applications, of those first submitted in the window.",
        "share (0..1)",
        "licence_applications (state)",
        "threshold_on_base",
        source_class="confidential",
        basis=_FUNNEL_BASIS,
    ),
    MetricDefinition(
        "days_to_decision_median",
        "Median of (decided_at - submitted_at) in days over decided applications, from their latest submission.",
        "days",
        "licence_applications (submitted_at, decided_at)",
        "threshold_on_base",
        source_class="confidential",
        basis=_FUNNEL_BASIS,
    ),
    MetricDefinition(
        "days_to_decision_p90",
        "90th percentile (continuous) of (decided_at - submitted_at) in days over decided applications.",
        "days",
        "licence_applications (submitted_at, decided_at)",
        "threshold_on_base",
        source_class="confidential",
        basis=_FUNNEL_BASIS,
    ),
    MetricDefinition(
        "decided_within_service_level",
        "Share of decided applications decided on or before their decision_due date (15 working days after the "
        "latest submission).",
        "share (0..1)",
        "licence_applications (decided_at, decision_due)",
        "threshold_on_base",
        source_class="confidential",
        basis=_FUNNEL_BASIS,
    ),
)

_ACCOUNT_BASIS = (
    "On the one time basis of stocks and flows: a company is in the AI-native stock at a period's end when the "
    "register's history (as known at known_at) has it active that day and its declaration for the latest ended "
    "period of that fiscal year or the one before is ai_native"
)
_ACCOUNT_SOURCE = "company_history (valid and recorded times), declarations (fiscal_year, quarter, filed_at)"
_ACCOUNT: tuple[tuple[str, str], ...] = (
    ("ai_native_opening", "AI-native companies at the end of the period before."),
    (
        "ai_native_births",
        "Entered the stock as newborns: registered in the twelve months to the period's end, with "
        "no declaration for any earlier period.",
    ),
    ("ai_native_pivots_to_ai", "Entered the stock from ai_enabled or non_ai at the opening."),
    (
        "ai_native_late_entries",
        "Entered the stock any other way: undeclared or not active at the opening (a first "
        "declaration long after registration, a return after two fiscal years without one, an active company again).",
    ),
    ("ai_native_moved_in", "AI-native at both ends, in another group (region, legal form or section) at the opening."),
    ("ai_native_pivots_away", "Left the stock for ai_enabled or non_ai at the closing."),
    (
        "ai_native_exits",
        "Left the stock any other way: not active at the closing (suspended, liquidated) or no "
        "declaration for this fiscal year or the one before.",
    ),
    ("ai_native_moved_out", "AI-native at both ends, in another group at the closing."),
    (
        "ai_native_closing",
        "AI-native companies at the end of the period: opening + births + pivots to AI + late "
        "entries + moved in - pivots away - exits - moved out.",
    ),
)
_ALL: tuple[MetricDefinition, ...] = (
    *_DEFINITIONS,
    *(
        MetricDefinition(
            name,
            f"{text} {_ACCOUNT_BASIS}.",
            "companies",
            _ACCOUNT_SOURCE,
            "public",
            source_class="public",
            basis=_ACCOUNT_TIME_BASIS,
        )
        for name, text in _ACCOUNT
    ),
)

METRICS = MappingProxyType({metric.name: metric for metric in _ALL})
"""Every published metric by name."""
