"""The data dictionary: what every published metric means, where it comes from and how it is protected."""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Final, Literal, TypeAlias

from registry.i18n import Text

__all__ = [
    "DECLARATION_SOURCES",
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

_RULES: dict[DisclosureRule, Text] = {
    "threshold": Text(
        kk="Құпия: тек ресми шығарылымдарда жарияланады (тірі сұраныстарда да солардан көшіріледі) және онда бір "
        "байланысқан жиын ретінде қорғалады: k-дан аз компаниядан құралған ұяшық (баптау, әдепкі 3) жасырылады, ал "
        "сызықтық бағдарламалау таңдаған қосымша ұяшықтар жасырылған ұяшықты жарияланғанның бәрінен екі жағынан k-дан "
        "жақын шектеуге мүмкіндік бермейді.",
        ru="Конфиденциально: публикуется только в официальных выпусках (и копируется из них в живых запросах) и "
        "защищается там как одно связанное множество: ячейка менее чем из k компаний (настройка, по умолчанию 3) "
        "скрывается, а дополнительные ячейки, выбранные линейным программированием, не позволяют оценить скрытую "
        "ячейку по всему опубликованному точнее, чем на k в обе стороны.",
        en="Confidential: published in official releases only (and copied from them on the live endpoints), "
        "protected there as one linked set: a cell of fewer than k companies (setting, default 3) is withheld, and "
        "further cells, chosen by linear programming, keep every withheld cell from being bounded closer than k "
        "either side from everything published.",
    ),
    "threshold_and_dominance": Text(
        kk="Құпия: тек ресми шығарылымдарда, бір байланысқан жиын ретінде қорғалады. Шектік ереже және (2, 85 %) "
        "басымдық ережесі: ең ірі екі компания ұяшықтың басымдық үлесінен (баптау, әдепкі 85 %) көбін құраса, ұяшық "
        "жасырылады; сызықтық бағдарламалау таңдаған қосымша жасырулар оны мәнінің 25 %-ынан жақын шектеуге жол "
        "бермейді.",
        ru="Конфиденциально: только в официальных выпусках, защищается как одно связанное множество. Пороговое "
        "правило и правило доминирования (2, 85 %): ячейка скрывается, когда две крупнейшие компании составляют больше "
        "доли доминирования (настройка, по умолчанию 85 %); дополнительные скрытия, выбранные линейным "
        "программированием, не позволяют оценить её точнее, чем на 25 % её значения в обе стороны.",
        en="Confidential: in official releases only, protected as one linked set. Threshold rule, and the (2, 85 %) "
        "dominance rule: withheld when the two largest companies make more than the dominance share (setting, "
        "default 85 %) of the cell; further cells, chosen by linear programming, keep it from being bounded closer "
        "than 25 % of its value either side.",
    ),
    "threshold_on_base": Text(
        kk="Құпия, тек шығарылымдардан: есептелген сандарының бірі жасырылса, жасырылады.",
        ru="Конфиденциально, только из выпусков: скрывается, когда скрыто одно из чисел, из которых он вычислен.",
        en="Confidential, from releases only: withheld when a count it is computed from is withheld.",
    ),
    "threshold_on_parts": Text(
        kk="Құпия, тек шығарылымдардан. Үлесі немесе коэффициенті бар сан: сан шектік ережеге бағынады және ешқашан "
        "жарияланбайтын толықтауышымен (негіз минус сан) бірге байланысқан жиында қорғалады, сондықтан екеуінің "
        "ешқайсысын шығаруға болмайды; саны жасырылса, үлес немесе коэффициент те жасырылады.",
        ru="Конфиденциально, только из выпусков. Число, на котором построена доля или коэффициент: число подчиняется "
        "пороговому правилу и защищается в связанном множестве вместе с никогда не публикуемым дополнением (база минус "
        "число), так что ни одно нельзя вывести; доля или коэффициент скрываются, когда скрыто число.",
        en="Confidential, from releases only. A count with a share or rate built on it: the count follows the "
        "threshold rule and is protected in the linked set together with its never-published complement (base minus "
        "count), so neither can be derived; the share or rate is withheld when its count is.",
    ),
    "threshold_on_median": Text(
        kk="Құпия, тек шығарылымдардан. Медиана немесе процентиль: кемінде 10 компаниядан (баптау) есептелгенде ғана "
        "жарияланады және сол көрсеткіштің басқа медианасы k-дан аз айырмашылығы бар компаниялардан есептелсе, "
        "жасырылады.",
        ru="Конфиденциально, только из выпусков. Медиана или процентиль: публикуется, только если вычислена не менее "
        "чем по 10 компаниям (настройка), и скрывается, когда другая медиана того же показателя вычислена по "
        "компаниям, отличающимся менее чем на k.",
        en="Confidential, from releases only. A median or percentile: published only when computed from at least 10 "
        "companies (setting), and withheld when another median of the same measure is computed from companies fewer "
        "than k apart.",
    ),
    "public": Text(
        kk="Дәл жарияланады: тек тізілімнің ашық деректерінен (әр компанияның ашық ЖИ сыныбы, мәртебесі, тіркелген "
        "күні, өңірі, ұйымдық-құқықтық нысаны және қызмет түрі) саналады, оларды кез келген адам ашық тізілімнен "
        "санай алады, сондықтан жасыру ештеңені қорғамайды.",
        ru="Публикуется точно: считается только по открытым сведениям реестра (открытый класс ИИ каждой компании, "
        "статус, день регистрации, регион, организационно-правовая форма и вид деятельности), которые любой может "
        "подсчитать по открытому реестру, поэтому скрытие ничего бы не защитило.",
        en="Published exactly: counted only from public facts of the register (each company's public AI class, "
        "status, registration day, region, legal form and activity), which anyone can count from the public "
        "register, so suppressing them would protect nothing.",
    ),
}


_UNITS: dict[str, Text] = {
    "FTE": Text(kk="FTE (толық жұмыс уақытының баламасы)", ru="FTE (эквивалент полной занятости)", en="FTE"),
    "applications": Text(kk="өтінімдер", ru="заявки", en="applications"),
    "companies": Text(kk="компаниялар", ru="компании", en="companies"),
    "days": Text(kk="күндер", ru="дни", en="days"),
    "licences": Text(kk="лицензиялар", ru="лицензии", en="licences"),
    "pivots": Text(kk="бет бұрулар", ru="развороты", en="pivots"),
    "revocations": Text(kk="кері қайтарып алулар", ru="отзывы", en="revocations"),
    "suspensions": Text(kk="тоқтата тұрулар", ru="приостановления", en="suspensions"),
    "share (0..1)": Text(kk="үлес (0..1)", ru="доля (0..1)", en="share (0..1)"),
    "share (0.25 = +25 %)": Text(kk="үлес (0,25 = +25 %)", ru="доля (0,25 = +25 %)", en="share (0.25 = +25 %)"),
}
"""Each metric's unit in words; ``unit`` itself stays the English label the releases and series carry."""


SourceClass: TypeAlias = Literal["public", "confidential"]
"""``public``: derivable from the public register and feed; ``confidential``: from declarations' figures or from
licence applications, which are not public."""


DECLARATION_SOURCES: Final = ("declarations", "pivot_events")
"""The tables of a metric's ``source`` that hold (or are detected from) the companies' declarations."""


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
    def units(self) -> Text:
        """The unit in kk/ru/en."""
        return _UNITS.get(self.unit, Text(kk=self.unit, ru=self.unit, en=self.unit))

    @property
    def from_declarations(self) -> bool:
        """Whether its figures come from the companies' declarations, directly or through the pivots found in them.

        A revision's change of such a figure after new filings is "new declarations".
        """
        return any(table in self.source for table in DECLARATION_SOURCES)

    @property
    def disclosure(self) -> str:
        """The disclosure rule in words (English)."""
        return _RULES[self.disclosure_rule].en

    @property
    def disclosures(self) -> Text:
        """The disclosure rule in words, in kk/ru/en."""
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
_AS_OF_KK = (
    "as_of күнгі жағдай бойынша: компанияның сыныбы — оның сол қаржы жылы немесе алдыңғы жыл ішінде аяқталған соңғы "
    "кезеңге берілген декларациясындағы сынып (known_at сәтіне дейін сол кезеңге берілгендердің ең соңғысы); "
    "декларациясы болмаса — undeclared"
)
_AS_OF_RU = (
    "по состоянию на день as_of: класс компании — класс её декларации за последний завершившийся период в пределах "
    "этого финансового года или предыдущего (последней из поданных за него к known_at); без такой декларации — "
    "undeclared"
)
_YEAR_RULE_KK = (
    "(as_of күнінің соңына дейін берілгендердің ең соңғысы; жылдық декларация сол жылдың тоқсандық декларацияларынан "
    "басым)"
)
_YEAR_RULE_RU = "(последняя из поданных до конца дня as_of; годовая — в приоритете перед квартальными за этот год)"
_YEAR_DECLARATION_KK = f"қаржы жылына берілген декларациясы {_YEAR_RULE_KK}"
_YEAR_DECLARATION_RU = f"декларация за финансовый год {_YEAR_RULE_RU}"
_ACTIVE_IN_YEAR_KK = (
    f"компания, егер оның {_YEAR_DECLARATION_KK} түсімді немесе қызметкерлер санын нөлден жоғары көрсетсе, белсенді "
    "болып саналады (Eurostat: белсенді кәсіпорынның жыл ішінде айналымы немесе жұмыспен қамтуы болады); сол жылға "
    "декларация бермеген компания белсенді болып саналмайды"
)
_ACTIVE_IN_YEAR_RU = (
    f"компания активна, если её {_YEAR_DECLARATION_RU} показывает выручку или численность сотрудников больше нуля "
    "(Eurostat: активное предприятие имеет оборот или занятость в течение года); компания, не подавшая декларацию за "
    "этот год, не считается активной"
)
_ANNUAL_PAIR_KK = (
    "t-1 және t жылдарының екеуіне де жылдық декларациясы (quarter өрісі бос; әрқайсысы — as_of күнінің соңына дейін "
    "берілгендердің ең соңғысы) бар"
)
_ANNUAL_PAIR_RU = (
    "годовые декларации (поле quarter пустое) и за t-1, и за t, каждая — последняя из поданных до конца дня as_of"
)
_LIVE_PIVOTS_KK = "pivot_events ('live' сериясы, кері қайтарылмағандар), күні — олар апаратын кезеңнің соңы"
_LIVE_PIVOTS_RU = "pivot_events (серия 'live', не отозванные), датированные концом периода, к которому они ведут"

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
    kk="Қаржы жылдары бойынша: жылдағы ЖИ-ге бет бұрулар оның бірінші күнгі тәуекел тобындағы компанияларға "
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
        "public",
        source_class="public",
        basis=_STOCK_BASIS,
        definition_kk="Тізілім тарихы бойынша as_of күні жұмыс істеп тұрған компаниялар: сол күнге дейін тіркелген "
        "және сол күні жұмыс істеп тұрған.",
        definition_ru="Компании, действующие на день as_of по истории реестра: зарегистрированные к этому дню и "
        "действующие в этот день.",
    ),
    MetricDefinition(
        "companies_by_ai_class",
        f"Active companies by AI class (ai_native, ai_enabled, non_ai, undeclared), {_AS_OF}.",
        "companies",
        "companies, declarations (ai_class, fiscal_year, quarter, filed_at)",
        "public",
        source_class="public",
        basis=_STOCK_BASIS,
        definition_kk="ЖИ сыныбы (ai_native, ai_enabled, non_ai, undeclared) бойынша жұмыс істеп тұрған "
        f"компаниялар, {_AS_OF_KK}.",
        definition_ru=f"Действующие компании по классу ИИ (ai_native, ai_enabled, non_ai, undeclared), {_AS_OF_RU}.",
    ),
    MetricDefinition(
        "ai_fte",
        f"AI specialists employed: the sum of fte_ai over active companies by AI class, {_AS_OF}.",
        "FTE",
        "companies, declarations (fte_ai, filed_at)",
        "threshold_and_dominance",
        source_class="confidential",
        basis=_STOCK_BASIS,
        definition_kk="Жұмыспен қамтылған ЖИ мамандары: жұмыс істеп тұрған компаниялар бойынша fte_ai сомасы, ЖИ "
        f"сыныбы бойынша, {_AS_OF_KK}.",
        definition_ru="Занятые ИИ-специалисты: сумма fte_ai по действующим компаниям в разрезе класса ИИ, "
        f"{_AS_OF_RU}.",
    ),
    MetricDefinition(
        "active_licences",
        "Licences by type in force on as_of: within their validity (valid_from..valid_until) and active on that day "
        "by their status history; contributors are the licence holders.",
        "licences",
        "licences (licence_type, valid_from, valid_until), licence_history, company_history",
        "public",
        source_class="public",
        basis=_LICENCE_STOCK_BASIS,
        definition_kk="as_of күні күшінде болған лицензиялар, түрі бойынша: қолданылу мерзімі "
        "(valid_from..valid_until) ішінде және мәртебе тарихы бойынша сол күні белсенді; ұяшықты құрайтын бірліктер "
        "— лицензия иелері.",
        definition_ru="Лицензии по видам, действующие на день as_of: в пределах срока действия "
        "(valid_from..valid_until) и активные в этот день по истории их статуса; единицы, формирующие ячейку, — "
        "держатели лицензий.",
    ),
    MetricDefinition(
        "companies_registered",
        "Companies by the period of their registration day (all statuses).",
        "companies",
        "company_history (the first day of each company's history)",
        "public",
        source_class="public",
        basis=_REGISTRATION_BASIS,
        definition_kk="Тіркелген күні түсетін кезең бойынша компаниялар (барлық мәртебелер).",
        definition_ru="Компании по периоду дня их регистрации (все статусы).",
    ),
    MetricDefinition(
        "born_ai_native",
        f"Companies born AI-native: ai_native in their first declared period; {_LIVE_PIVOTS}.",
        "companies",
        "pivot_events (kind 'born_ai_native')",
        "public",
        source_class="public",
        basis=_PIVOT_BASIS,
        definition_kk="AI-native болып пайда болған компаниялар: алғашқы декларацияланған кезеңінде ai_native; "
        f"{_LIVE_PIVOTS_KK}.",
        definition_ru="Компании, рождённые как AI-native: ai_native в первом задекларированном периоде; "
        f"{_LIVE_PIVOTS_RU}.",
    ),
    MetricDefinition(
        "pivots_to_ai",
        f"Pivots to AI: a company becomes ai_native after a period in another class; {_LIVE_PIVOTS}.",
        "pivots",
        "pivot_events (kind 'pivot_to_ai')",
        "public",
        source_class="public",
        basis=_PIVOT_BASIS,
        definition_kk="ЖИ-ге бет бұрулар: компания басқа сыныпта болған кезеңнен кейін ai_native болады; "
        f"{_LIVE_PIVOTS_KK}.",
        definition_ru="Развороты к ИИ: компания становится ai_native после периода в другом классе; "
        f"{_LIVE_PIVOTS_RU}.",
    ),
    MetricDefinition(
        "pivots_away",
        f"Pivots away from AI: an ai_native company declares another class; {_LIVE_PIVOTS}.",
        "pivots",
        "pivot_events (kind 'pivot_away')",
        "public",
        source_class="public",
        basis=_PIVOT_BASIS,
        definition_kk=f"ЖИ-ден бет бұрулар: ai_native компания басқа сыныпты декларациялайды; {_LIVE_PIVOTS_KK}.",
        definition_ru=f"Развороты от ИИ: компания ai_native декларирует другой класс; {_LIVE_PIVOTS_RU}.",
    ),
    MetricDefinition(
        "applications_submitted",
        "Licence applications by the period (UTC date) of their first submission; resubmissions are not counted again.",
        "applications",
        "licence_applications (first_submitted_at)",
        "threshold",
        source_class="confidential",
        basis=_LICENSING_FLOW_BASIS,
        definition_kk="Лицензияға өтінімдер, алғаш берілген кезеңі (UTC бойынша күні) бойынша; қайта берулер "
        "қайтадан есептелмейді.",
        definition_ru="Заявки на лицензию по периоду (дата по UTC) их первой подачи; повторные подачи повторно не "
        "учитываются.",
    ),
    MetricDefinition(
        "licences_issued",
        "Licences by the period (UTC date) they were issued (created), renewals included.",
        "licences",
        "licences (created_at)",
        "public",
        source_class="public",
        basis=_LICENSING_FLOW_BASIS,
        definition_kk="Лицензиялар, берілген (құрылған) кезеңі (UTC бойынша күні) бойынша, ұзартуларды қоса алғанда.",
        definition_ru="Лицензии по периоду (дата по UTC) их выдачи (создания), включая продления.",
    ),
    MetricDefinition(
        "decisions_approved",
        "Licence applications approved, by the period (UTC date) of the decision. Each approval issues a licence that "
        "day, which is on the public register, so this count is public.",
        "applications",
        "licence_applications (state 'approved', decided_at)",
        "public",
        source_class="public",
        basis=_LICENSING_FLOW_BASIS,
        definition_kk="Мақұлданған лицензияға өтінімдер, шешім кезеңі (UTC бойынша күні) бойынша.",
        definition_ru="Одобренные заявки на лицензию, по периоду (дата по UTC) решения.",
    ),
    MetricDefinition(
        "decisions_rejected",
        "Licence applications rejected, by the period (UTC date) of the decision.",
        "applications",
        "licence_applications (state 'rejected', decided_at)",
        "threshold",
        source_class="confidential",
        basis=_LICENSING_FLOW_BASIS,
        definition_kk="Бас тартылған лицензияға өтінімдер, шешім кезеңі (UTC бойынша күні) бойынша.",
        definition_ru="Отклонённые заявки на лицензию, по периоду (дата по UTC) решения.",
    ),
    MetricDefinition(
        "licences_suspended",
        "Licence suspensions, by the period of the day they took effect (effective_on in the event log).",
        "suspensions",
        "events (kind 'licence.suspended', occurred_at), licences",
        "public",
        source_class="public",
        basis=_SANCTION_BASIS,
        definition_kk="Лицензияларды тоқтата тұрулар, күшіне енген күні түсетін кезең бойынша (оқиғалар "
        "журналындағы effective_on).",
        definition_ru="Приостановления лицензий, по периоду дня их вступления в силу (effective_on в журнале событий).",
    ),
    MetricDefinition(
        "licences_revoked",
        "Licence revocations, by the period of the day they took effect (effective_on in the event log).",
        "revocations",
        "events (kind 'licence.revoked', occurred_at), licences",
        "public",
        source_class="public",
        basis=_SANCTION_BASIS,
        definition_kk="Лицензияларды кері қайтарып алулар, күшіне енген күні түсетін кезең бойынша (оқиғалар "
        "журналындағы effective_on).",
        definition_ru="Отзывы лицензий, по периоду дня их вступления в силу (effective_on в журнале событий).",
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
        "public",
        source_class="public",
        basis=_RATE_BASIS,
        definition_kk="Кезеңдегі ЖИ-ге бет бұрулар / кезең басында бет бұру тәуекелі бар компаниялар: тізілім "
        "тарихы бойынша кезең басталар алдындағы күні жұмыс істеп тұрған және кезең басталғанға дейін аяқталған "
        "соңғы декларацияланған кезеңіндегі сыныбы (сол кезеңге берілген ең соңғы декларация бойынша) ai_enabled "
        "немесе non_ai болатын компаниялар. Ешқашан декларация бермеген компаниялар тәуекел тобына кірмейді "
        "(олардың алғашқы AI-native кезеңі — пайда болу). Тек жылдар бойынша (interval=year): бет бұрулардың көбі "
        "31 желтоқсан күнімен белгіленетін жылдық декларациялардан туындайды, сондықтан айлық немесе тоқсандық "
        "коэффициент желтоқсаннан басқа айларда 0 болар еді. group_by параметрімен қолжетімсіз.",
        definition_ru="Развороты к ИИ за период / компании в группе риска разворота на начало периода: компании, "
        "действующие накануне начала периода по истории реестра, у которых класс в последнем задекларированном "
        "периоде, завершившемся до начала (по последней поданной за него декларации), — ai_enabled или non_ai. "
        "Компании, никогда не подававшие декларацию, не входят в группу риска (их первый период AI-native — "
        "рождение). Только по годам (interval=year): большинство разворотов приходится на годовые декларации, "
        "датированные 31 декабря, поэтому месячный или квартальный коэффициент вне декабря был бы равен 0. "
        "Недоступно с group_by.",
    ),
    MetricDefinition(
        "active_companies_by_region",
        "Active companies (as in active_companies) by KATO region, with summary?group_by=region.",
        "companies",
        "companies (status, registration_date, region_kato)",
        "public",
        source_class="public",
        basis=_STOCK_BASIS,
        definition_kk="ӘАОЖ өңірлері бойынша жұмыс істеп тұрған компаниялар (active_companies көрсеткішіндегідей), "
        "summary?group_by=region арқылы.",
        definition_ru="Действующие компании (как в active_companies) по регионам КАТО, через summary?group_by=region.",
    ),
    MetricDefinition(
        "ai_native_companies_by_region",
        f"Active ai_native companies by KATO region, with summary?group_by=region, {_AS_OF}.",
        "companies",
        "companies, declarations (ai_class, filed_at)",
        "public",
        source_class="public",
        basis=_STOCK_BASIS,
        definition_kk="ӘАОЖ өңірлері бойынша жұмыс істеп тұрған ai_native компаниялар, summary?group_by=region "
        f"арқылы, {_AS_OF_KK}.",
        definition_ru=f"Действующие компании ai_native по регионам КАТО, через summary?group_by=region, {_AS_OF_RU}.",
    ),
    MetricDefinition(
        "cohort_companies",
        "Companies registered in the cohort year (all statuses), in the region they were registered in.",
        "companies",
        "companies (registration_date)",
        "public",
        source_class="public",
        basis=_COHORT_BASIS,
        definition_kk="Когорта жылында тіркелген компаниялар (барлық мәртебелер), тіркелген өңірі бойынша.",
        definition_ru="Компании, зарегистрированные в год когорты (все статусы), в регионе их регистрации.",
    ),
    MetricDefinition(
        "cohort_active",
        f"Companies of the cohort active in fiscal year cohort + years_after: {_ACTIVE_IN_YEAR}.",
        "companies",
        "companies, declarations (fiscal_year, quarter, revenue_total, fte_total, filed_at)",
        "threshold_on_parts",
        source_class="confidential",
        basis=_COHORT_BASIS,
        definition_kk=f"cohort + years_after қаржы жылында белсенді болған когорта компаниялары: {_ACTIVE_IN_YEAR_KK}.",
        definition_ru=f"Компании когорты, активные в финансовом году cohort + years_after: {_ACTIVE_IN_YEAR_RU}.",
    ),
    MetricDefinition(
        "cohort_share_active",
        "cohort_active / cohort_companies.",
        "share (0..1)",
        "companies, declarations",
        "threshold_on_parts",
        source_class="confidential",
        basis=_COHORT_BASIS,
        definition_kk="Когортаның белсенді компанияларының үлесі: cohort_active / cohort_companies.",
        definition_ru="Доля активных компаний когорты: cohort_active / cohort_companies.",
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
        definition_kk="cohort + years_after қаржы жылында белсенді болған (cohort_active қараңыз) және сол қаржы "
        f"жылына берілген декларациясы {_YEAR_RULE_KK} бойынша сыныбы ai_native болатын когорта компаниялары.",
        definition_ru="Компании когорты, активные в финансовом году cohort + years_after (см. cohort_active), у "
        f"которых декларация за этот финансовый год {_YEAR_RULE_RU} имеет класс ai_native.",
    ),
    MetricDefinition(
        "cohort_share_ai_native",
        "cohort_ai_native / cohort_companies.",
        "share (0..1)",
        "companies, declarations",
        "threshold_on_parts",
        source_class="confidential",
        basis=_COHORT_BASIS,
        definition_kk="Когортадағы ai_native компаниялардың үлесі: cohort_ai_native / cohort_companies.",
        definition_ru="Доля компаний ai_native в когорте: cohort_ai_native / cohort_companies.",
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
        definition_kk=f"{_ANNUAL_PAIR_KK} компаниялар бойынша жалпы FTE санының жылдық өсімінің медианасы (fte_t / "
        "fte_t-1 - 1), компанияның t жылындағы сыныбы бойынша (ai_native немесе other); t-1 жылы FTE саны 0 болған "
        "компаниялар есепке алынбайды.",
        definition_ru="Медиана годового прироста общей численности FTE (fte_t / fte_t-1 - 1) по компаниям, имеющим "
        f"{_ANNUAL_PAIR_RU}, в разрезе класса компании в году t (ai_native или other); компании с 0 FTE в t-1 "
        "исключаются.",
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
        definition_kk=f"{_ANNUAL_PAIR_KK} компаниялар бойынша жалпы түсімнің жылдық өсімінің медианасы, t жылындағы "
        "сынып бойынша; t-1 жылы түсімі болмаған компаниялар есепке алынбайды.",
        definition_ru=f"Медиана годового прироста общей выручки по компаниям, имеющим {_ANNUAL_PAIR_RU}, в разрезе "
        "класса в году t; компании без выручки в t-1 исключаются.",
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
        definition_kk="t-3 жылына берілген жылдық декларациясында кемінде 10 қызметкері (жалпы FTE) бар және t "
        "жылына жылдық декларациясы бар компаниялар (Eurostat бойынша жылдам өсетін кәсіпорындар анықталатын "
        "жиынтық), t жылындағы сынып бойынша.",
        definition_ru="Компании, у которых в годовой декларации за t-3 не менее 10 сотрудников (общая численность "
        "FTE) и есть годовая декларация за t (совокупность Eurostat для быстрорастущих предприятий), в разрезе "
        "класса в году t.",
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
        definition_kk="Eurostat бойынша жылдам өсетін кәсіпорындар: қызметкерлер саны (жалпы FTE) t-3..t үш жылы "
        "ішінде жылына орта есеппен 10 %-дан астам өскен талапқа сай компаниялар, яғни fte_t > 1,331 × fte_t-3 (дәл "
        "салыстырылады); t жылындағы сынып бойынша.",
        definition_ru="Быстрорастущие предприятия по Eurostat: отвечающие условиям компании, численность "
        "сотрудников которых (общая FTE) росла в среднем более чем на 10 % в год за три года t-3..t, т. е. fte_t > "
        "1,331 × fte_t-3 (сравнение точное); в разрезе класса в году t.",
    ),
    MetricDefinition(
        "high_growth_share",
        "high_growth_enterprises / high_growth_eligible.",
        "share (0..1)",
        "declarations",
        "threshold_on_parts",
        source_class="confidential",
        basis=_GROWTH_BASIS,
        definition_kk="Жылдам өсетін кәсіпорындардың үлесі: high_growth_enterprises / high_growth_eligible.",
        definition_ru="Доля быстрорастущих предприятий: high_growth_enterprises / high_growth_eligible.",
    ),
    MetricDefinition(
        "applications_decided",
        "Applications first submitted in the window that have been approved or rejected.",
        "applications",
        "licence_applications (first_submitted_at, state, decided_at)",
        "threshold",
        source_class="confidential",
        basis=_FUNNEL_BASIS,
        definition_kk="from..to аралығында алғаш берілген, мақұлданған немесе бас тартылған өтінімдер.",
        definition_ru="Заявки, впервые поданные в окне, которые были одобрены или отклонены.",
    ),
    MetricDefinition(
        "applications_approved",
        "Applications first submitted in the window that have been approved.",
        "applications",
        "licence_applications (first_submitted_at, state)",
        "threshold",
        source_class="confidential",
        basis=_FUNNEL_BASIS,
        definition_kk="from..to аралығында алғаш берілген, мақұлданған өтінімдер.",
        definition_ru="Заявки, впервые поданные в окне, которые были одобрены.",
    ),
    MetricDefinition(
        "applications_rejected",
        "Applications first submitted in the window that have been rejected.",
        "applications",
        "licence_applications (first_submitted_at, state)",
        "threshold",
        source_class="confidential",
        basis=_FUNNEL_BASIS,
        definition_kk="from..to аралығында алғаш берілген, бас тартылған өтінімдер.",
        definition_ru="Заявки, впервые поданные в окне, которые были отклонены.",
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
        definition_kk="from..to аралығында алғаш берілген, шешім қабылданбаған (немесе шешімі енді жоқ) өтінімдер: "
        "қаралуда, пысықтауға қайтарылған немесе қайтарып алынған.",
        definition_ru="Заявки, впервые поданные в окне, по которым нет (или больше нет) решения: на рассмотрении, "
        "возвращённые на доработку или отозванные.",
    ),
    MetricDefinition(
        "approval_rate",
        "Approved applications / decided applications, of those first submitted in the window.",
        "share (0..1)",
        "licence_applications (state)",
        "threshold_on_base",
        source_class="confidential",
        basis=_FUNNEL_BASIS,
        definition_kk="Мақұлданған өтінімдер / шешім қабылданған өтінімдер, from..to аралығында алғаш "
        "берілгендердің ішінен.",
        definition_ru="Одобренные заявки / заявки с принятым решением, из впервые поданных в окне.",
    ),
    MetricDefinition(
        "days_to_decision_median",
        "Median of (decided_at - submitted_at) in days over decided applications, from their latest submission.",
        "days",
        "licence_applications (submitted_at, decided_at)",
        "threshold_on_base",
        source_class="confidential",
        basis=_FUNNEL_BASIS,
        definition_kk="Шешім қабылданған өтінімдер бойынша күнмен есептелген (decided_at - submitted_at) медианасы, "
        "соңғы берілген сәтінен бастап.",
        definition_ru="Медиана (decided_at - submitted_at) в днях по заявкам с принятым решением, считая от их "
        "последней подачи.",
    ),
    MetricDefinition(
        "days_to_decision_p90",
        "90th percentile (continuous) of (decided_at - submitted_at) in days over decided applications.",
        "days",
        "licence_applications (submitted_at, decided_at)",
        "threshold_on_base",
        source_class="confidential",
        basis=_FUNNEL_BASIS,
        definition_kk="Шешім қабылданған өтінімдер бойынша күнмен есептелген (decided_at - submitted_at) "
        "90-процентилі (үздіксіз).",
        definition_ru="90-й процентиль (непрерывный) величины (decided_at - submitted_at) в днях по заявкам с "
        "принятым решением.",
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
        definition_kk="Шешім қабылданған өтінімдердің ішінде decision_due күніне дейін немесе сол күні (соңғы "
        "берілгеннен кейінгі 15 жұмыс күні) шешім қабылданғандарының үлесі.",
        definition_ru="Доля заявок с принятым решением, по которым оно принято не позднее даты decision_due (15 "
        "рабочих дней после последней подачи).",
    ),
)

_ACCOUNT_BASIS = (
    "On the one time basis of stocks and flows: a company is in the AI-native stock at a period's end when the "
    "register's history (as known at known_at) has it active that day and its declaration for the latest ended "
    "period of that fiscal year or the one before is ai_native"
)
_ACCOUNT_BASIS_KK = (
    "Қорлар мен ағындардың бірыңғай уақыт негізінде: компания кезең соңында AI-native қорына кіреді, егер тізілім "
    "тарихы бойынша (known_at сәтінде белгілі болғандай) ол сол күні жұмыс істеп тұрса және оның сол қаржы жылының "
    "немесе алдыңғы жылдың соңғы аяқталған кезеңіне берілген декларациясы ai_native болса"
)
_ACCOUNT_BASIS_RU = (
    "На единой временной основе запасов и потоков: компания входит в запас AI-native на конец периода, если по "
    "истории реестра (как известно на момент known_at) она действует в этот день и её декларация за последний "
    "завершённый период этого финансового года или предыдущего имеет класс ai_native"
)
_ACCOUNT_SOURCE = "company_history (valid and recorded times), declarations (fiscal_year, quarter, filed_at)"
_ACCOUNT: tuple[tuple[str, str, str, str], ...] = (
    (
        "ai_native_opening",
        "AI-native companies at the end of the period before.",
        "Алдыңғы кезеңнің соңындағы AI-native компаниялар.",
        "Компании AI-native на конец предыдущего периода.",
    ),
    (
        "ai_native_births",
        "Entered the stock as newborns: registered in the twelve months to the period's end, with no declaration "
        "for any earlier period.",
        "Қорға жаңадан пайда болғандар ретінде кірді: кезең соңына дейінгі он екі айда тіркелген, одан бұрынғы "
        "кезеңдердің ешқайсысына декларациясы жоқ.",
        "Вошли в запас как вновь созданные: зарегистрированы в течение двенадцати месяцев до конца периода, без "
        "декларации за какой-либо более ранний период.",
    ),
    (
        "ai_native_pivots_to_ai",
        "Entered the stock from ai_enabled or non_ai at the opening.",
        "Қорға кезең басындағы ai_enabled немесе non_ai сыныбынан кірді.",
        "Вошли в запас из ai_enabled или non_ai на начало периода.",
    ),
    (
        "ai_native_late_entries",
        "Entered the stock any other way: undeclared or not active at the opening (a first declaration long after "
        "registration, a return after two fiscal years without one, an active company again).",
        "Қорға басқа жолмен кірді: кезең басында undeclared болған немесе жұмыс істемеген (тіркелгеннен кейін көп "
        "уақыт өткен соң берілген алғашқы декларация, декларациясыз өткен екі қаржы жылынан кейін қайта оралу, "
        "компанияның қайта жұмыс істей бастауы).",
        "Вошли в запас иным путём: undeclared или не действующие на начало периода (первая декларация спустя долгое "
        "время после регистрации, возвращение после двух финансовых лет без декларации, компания снова действует).",
    ),
    (
        "ai_native_moved_in",
        "AI-native at both ends, in another group (region, legal form or section) at the opening.",
        "Кезеңнің басында да, соңында да AI-native, кезең басында басқа топта (өңір, ұйымдық-құқықтық нысан немесе "
        "секция) болған.",
        "AI-native и на начало, и на конец периода, на начало — в другой группе (регион, организационно-правовая "
        "форма или секция).",
    ),
    (
        "ai_native_pivots_away",
        "Left the stock for ai_enabled or non_ai at the closing.",
        "Қордан кезең соңында ai_enabled немесе non_ai сыныбына ауысып шықты.",
        "Вышли из запаса в ai_enabled или non_ai на конец периода.",
    ),
    (
        "ai_native_exits",
        "Left the stock any other way: not active at the closing (suspended, liquidated) or no declaration for this "
        "fiscal year or the one before.",
        "Қордан басқа жолмен шықты: кезең соңында жұмыс істемейді (тоқтатылған, таратылған) немесе осы қаржы жылына "
        "да, алдыңғы жылға да декларациясы жоқ.",
        "Вышли из запаса иным путём: не действуют на конец периода (приостановлены, ликвидированы) или нет "
        "декларации за этот финансовый год или предыдущий.",
    ),
    (
        "ai_native_moved_out",
        "AI-native at both ends, in another group at the closing.",
        "Кезеңнің басында да, соңында да AI-native, кезең соңында басқа топта.",
        "AI-native и на начало, и на конец периода, на конец — в другой группе.",
    ),
    (
        "ai_native_closing",
        "AI-native companies at the end of the period: opening + births + pivots to AI + late entries + moved in - "
        "pivots away - exits - moved out.",
        "Кезең соңындағы AI-native компаниялар: бастапқы қор + пайда болғандар + ЖИ-ге бет бұрулар + кеш кірулер + "
        "ауысып келгендер - ЖИ-ден бет бұрулар - шығулар - ауысып кеткендер.",
        "Компании AI-native на конец периода: начальный запас + рождения + развороты к ИИ + поздние входы + "
        "перешедшие из других групп - развороты от ИИ - выбытия - перешедшие в другие группы.",
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
            definition_kk=f"{kk} {_ACCOUNT_BASIS_KK}.",
            definition_ru=f"{ru} {_ACCOUNT_BASIS_RU}.",
        )
        for name, text, kk, ru in _ACCOUNT
    ),
)

METRICS = MappingProxyType({metric.name: metric for metric in _ALL})
"""Every published metric by name."""
