"""Believable names for the synthetic demo ecosystem: companies, people and websites.

Brands combine Kazakh words (Tulpar, Samruk, Altyn Dala…), cities and English words with tech words (Data,
Vision, Robotics…) and often a tail (Solutions, Group, Astana, a second tech word…): about a million brands, so
100,000 draws are some three-quarters distinct without numbered suffixes, which would look machine-made. Every
choice comes from the ``rng`` passed in, so a seed reproduces the whole ecosystem.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

__all__ = ["LEGAL_FORM_WORDS", "CompanyNames", "LegalForm", "company_names", "person_name", "website"]

LegalForm = Literal["llp", "jsc", "ie", "branch", "representative_office", "other"]


class _Word(NamedTuple):
    latin: str
    kk: str
    ru: str


def _words(rows: Iterable[tuple[str, str] | tuple[str, str, str]]) -> tuple[_Word, ...]:
    """Words from ``(latin, kk, ru)`` rows; ``(latin, cyrillic)`` when Kazakh and Russian spell it alike."""
    return tuple(_Word(row[0], row[1], row[-1]) for row in rows)


_KAZAKH_NOUNS = _words(
    (
        ("Tulpar", "Тұлпар", "Тулпар"), ("Samruk", "Самұрық", "Самрук"), ("Baiterek", "Бәйтерек", "Байтерек"),
        ("Dala", "Дала"), ("Aqyl", "Ақыл", "Акыл"), ("Kokzhiek", "Көкжиек", "Кокжиек"),
        ("Saryarqa", "Сарыарқа", "Сарыарка"), ("Zhuldyz", "Жұлдыз", "Жулдыз"), ("Nur", "Нұр", "Нур"),
        ("Aspan", "Аспан"), ("Qyran", "Қыран", "Кыран"), ("Sunkar", "Сұңқар", "Сункар"), ("Tengri", "Тәңір", "Тенгри"),
        ("Kun", "Күн", "Кун"), ("Shyraq", "Шырақ", "Шырак"), ("Orda", "Орда"), ("Qazyna", "Қазына", "Казына"),
        ("Bilim", "Білім", "Билим"), ("Zerde", "Зерде"), ("Tanba", "Таңба", "Танба"), ("Tumar", "Тұмар", "Тумар"),
        ("Qanat", "Қанат", "Канат"), ("Sana", "Сана"), ("Alatau", "Алатау"), ("Altai", "Алтай"),
        ("Irbis", "Ілбіс", "Ирбис"), ("Burkit", "Бүркіт", "Беркут"), ("Zhetisu", "Жетісу", "Жетысу"),
        ("Saq", "Сақ", "Сак"), ("Umai", "Ұмай", "Умай"), ("Arman", "Арман"), ("Samal", "Самал"), ("Zhebe", "Жебе"),
        ("Erkin", "Еркін", "Еркин"), ("Bolashaq", "Болашақ", "Болашак"), ("Tamyr", "Тамыр"),
        ("Qalqan", "Қалқан", "Калкан"), ("Zhol", "Жол"), ("Tolqyn", "Толқын", "Толкын"), ("Bulaq", "Бұлақ", "Булак"),
        ("Shanyraq", "Шаңырақ", "Шанырак"), ("Kokpar", "Көкпар", "Кокпар"), ("Bereke", "Береке"), ("Keruen", "Керуен"),
        ("Aiqyn", "Айқын", "Айкын"), ("Orken", "Өркен", "Оркен"), ("Zhiger", "Жігер", "Жигер"), ("Kemel", "Кемел"),
        ("Shugyla", "Шұғыла", "Шугыла"), ("Sheber", "Шебер"), ("Talap", "Талап"), ("Sapar", "Сапар"),
        ("Temir", "Темір", "Темир"), ("Erlik", "Ерлік", "Ерлик"), ("Almas", "Алмас"), ("Zhauhar", "Жауһар", "Жаухар"),
        ("Mura", "Мұра", "Мура"), ("Ulagat", "Ұлағат", "Улагат"), ("Yntymaq", "Ынтымақ", "Ынтымак"),
    )
)  # fmt: skip

_KAZAKH_ADJECTIVES = _words(
    (
        ("Altyn", "Алтын"), ("Kok", "Көк", "Кок"), ("Qara", "Қара", "Кара"), ("Zhana", "Жаңа", "Жана"),
        ("Uly", "Ұлы", "Улы"), ("Dana", "Дана"), ("Zhas", "Жас"), ("Kumis", "Күміс", "Кумис"), ("Asyl", "Асыл"),
        ("Nurly", "Нұрлы", "Нурлы"),
    )
)  # fmt: skip

_CITIES = _words(
    (
        ("Almaty", "Алматы"), ("Astana", "Астана"), ("Shymkent", "Шымкент"), ("Qaraganda", "Қарағанды", "Караганда"),
        ("Aqtobe", "Ақтөбе", "Актобе"), ("Atyrau", "Атырау"), ("Aqtau", "Ақтау", "Актау"), ("Taraz", "Тараз"),
        ("Turkistan", "Түркістан", "Туркестан"), ("Qostanai", "Қостанай", "Костанай"), ("Pavlodar", "Павлодар"),
        ("Semey", "Семей"), ("Oskemen", "Өскемен", "Оскемен"), ("Kokshetau", "Көкшетау", "Кокшетау"),
        ("Baikonur", "Байқоңыр", "Байконур"), ("Balqash", "Балқаш", "Балхаш"),
    )
)  # fmt: skip

_ENGLISH_HEADS = _words(
    (
        ("Steppe", "Степп"), ("Nomad", "Номад"), ("Eurasia", "Еуразия", "Евразия"), ("Caspian", "Каспиан"),
        ("Orion", "Орион"), ("Polaris", "Поларис"), ("Atlas", "Атлас"), ("Vector", "Вектор"), ("Quantum", "Квантум"),
        ("Silkway", "Силквэй"), ("Zenith", "Зенит"), ("Horizon", "Хорайзон"), ("Deep", "Дип"), ("Smart", "Смарт"),
    )
)  # fmt: skip

_TECH_NOUNS = _words(
    (
        ("Data", "Дата"), ("AI", "AI"), ("Vision", "Вижн"), ("Labs", "Лабс"), ("Analytics", "Аналитикс"),
        ("Robotics", "Роботикс"), ("Cloud", "Клауд"), ("Soft", "Софт"), ("Tech", "Тех"), ("Systems", "Системс"),
        ("Logistics", "Логистикс"), ("AgroTech", "Агротех"), ("MedTech", "Медтех"), ("FinTech", "Финтех"),
        ("EdTech", "Эдтех"), ("Mind", "Майнд"), ("Sense", "Сенс"), ("Bots", "Ботс"), ("Code", "Код"),
        ("Logic", "Лоджик"), ("Metrics", "Метрикс"), ("Insight", "Инсайт"), ("Digital", "Диджитал"),
        ("Intelligence", "Интеллидженс"), ("Dynamics", "Дайнемикс"), ("Networks", "Нетворкс"),
        ("Semantics", "Семантикс"), ("Voice", "Войс"), ("Scan", "Скан"), ("Lingua", "Лингва"),
    )
)  # fmt: skip

# These read well before a noun only: Altyn Neuro, never Tulpar Data Neuro.
_TECH_PREFIXES = _words(
    (
        ("Neuro", "Нейро"), ("Med", "Мед"), ("Agro", "Агро"), ("Fin", "Фин"), ("Geo", "Гео"),
    )
)  # fmt: skip

_TECH_WORDS = (*_TECH_NOUNS, *_TECH_PREFIXES)

_TAILS = (
    *_words(
        (
            ("Solutions", "Солюшнс"), ("Group", "Груп"), ("KZ", "KZ"), ("Hub", "Хаб"), ("Pro", "Про"),
            ("Central Asia", "Орталық Азия", "Центральная Азия"), ("Qazaqstan", "Қазақстан", "Казахстан"),
            ("Partners", "Партнерс"), ("Global", "Глобал"), ("360", "360"), ("Studio", "Студио"),
            ("Ventures", "Венчурс"), ("Plus", "Плюс"), ("Team", "Тим"), ("Research", "Ресерч"),
            ("Technologies", "Текнолоджис"),
        )
    ),
    *_CITIES[:5],
    # A second tech word reads naturally as a tail too: Tulpar Data Vision, Astana AgroTech Labs.
    *_TECH_NOUNS,
)  # fmt: skip

LEGAL_FORM_WORDS: dict[LegalForm, tuple[str, str, str]] = {
    # (Kazakh after the quoted brand, Russian before it, English after the brand); "other" carries no form words.
    "llp": ("ЖШС", "ТОО", "LLP"),
    "jsc": ("АҚ", "АО", "JSC"),
    "ie": ("ЖК", "ИП", "IE"),
    "branch": ("филиалы", "Филиал", "Branch"),
    "representative_office": ("өкілдігі", "Представительство", "Representative Office"),
    "other": ("", "", ""),
}
"""The words of each legal form in the kk / ru / en names; a name carries its own form's words and no other's."""


@dataclass(frozen=True, slots=True)
class CompanyNames:
    """One company's names in the registry's three languages."""

    name_kk: str
    """Official Kazakh name, e.g. ``«Тұлпар Дата» ЖШС``."""
    name_ru: str
    """Russian name, e.g. ``ТОО «Тулпар Дата»``."""
    name_en: str
    """English name, e.g. ``Tulpar Data LLP``."""
    brand: str
    """The brand in Latin letters, without the legal form, e.g. ``Tulpar Data``."""
    legal_form: LegalForm
    """The legal form the names carry the words of (:data:`LEGAL_FORM_WORDS`)."""


def company_names(rng: random.Random, *, legal_form: LegalForm | None = None) -> CompanyNames:
    """Draw a believable Kazakhstan startup name in Kazakh, Russian and English.

    Args:
        rng: The source of every choice; the same seed gives the same names.
        legal_form: The company's legal form, whose words the names carry; drawn when ``None`` (about 1 company in
            20 is then a joint-stock company, the rest LLPs).

    Returns:
        The three names, the Latin brand and the legal form.
    """
    words = _brand_words(rng)
    # Many registered names keep a Latin brand in the Cyrillic forms too: ТОО «Tulpar Data».
    keep_latin = rng.random() < 0.35
    brand_kk = " ".join(word.latin if keep_latin else word.kk for word in words)
    brand_ru = " ".join(word.latin if keep_latin else word.ru for word in words)
    brand = " ".join(word.latin for word in words)
    if legal_form is None:
        legal_form = "jsc" if rng.random() < 0.05 else "llp"
    form_kk, form_ru, form_en = LEGAL_FORM_WORDS[legal_form]
    return CompanyNames(
        name_kk=f"«{brand_kk}» {form_kk}".strip(),
        name_ru=f"{form_ru} «{brand_ru}»".strip(),
        name_en=f"{brand} {form_en}".strip(),
        brand=brand,
        legal_form=legal_form,
    )


def _brand_words(rng: random.Random) -> list[_Word]:
    """Head word(s), one tech word and sometimes a tail, without a word twice."""
    words = [*_head(rng), rng.choice(_TECH_WORDS)]
    if rng.random() < 0.7:
        tail = rng.choice(_TAILS)
        if all(tail.latin != word.latin for word in words):
            words.append(tail)
    return words


def _head(rng: random.Random) -> list[_Word]:
    kind = rng.random()
    if kind < 0.3:
        return [rng.choice(_KAZAKH_NOUNS)]
    if kind < 0.7:
        return [rng.choice(_KAZAKH_ADJECTIVES), rng.choice(_KAZAKH_NOUNS)]
    if kind < 0.88:
        return [rng.choice(_CITIES)]
    return [rng.choice(_ENGLISH_HEADS)]


class _GivenName(NamedTuple):
    cyrillic: str
    latin: str


class _Surname(NamedTuple):
    cyrillic: str
    latin: str
    inflects: bool
    """Whether the female form adds -а / -a (Иванова), unlike Ким or Шевченко."""


class _RussianFather(NamedTuple):
    son: str
    daughter: str


_KAZAKH_MEN = tuple(
    _GivenName(*pair)
    for pair in (
        ("Нұрлан", "Nurlan"), ("Ерлан", "Yerlan"), ("Асқар", "Askar"), ("Дәурен", "Dauren"),
        ("Бауыржан", "Baurzhan"), ("Айдос", "Aidos"), ("Данияр", "Daniyar"), ("Арман", "Arman"),
        ("Ержан", "Yerzhan"), ("Мади", "Madi"), ("Алихан", "Alikhan"), ("Тимур", "Timur"), ("Санжар", "Sanzhar"),
        ("Әлібек", "Alibek"), ("Ерболат", "Yerbolat"), ("Серік", "Serik"), ("Қайрат", "Kairat"),
        ("Руслан", "Ruslan"), ("Дархан", "Darkhan"), ("Ақжол", "Akzhol"), ("Мақсат", "Maksat"),
        ("Ғалым", "Galym"), ("Болат", "Bolat"), ("Ілияс", "Iliyas"), ("Азамат", "Azamat"),
    )
)  # fmt: skip

_KAZAKH_WOMEN = tuple(
    _GivenName(*pair)
    for pair in (
        ("Айгерім", "Aigerim"), ("Әсел", "Assel"), ("Динара", "Dinara"), ("Гүлнар", "Gulnar"), ("Мадина", "Madina"),
        ("Жанар", "Zhanar"), ("Аружан", "Aruzhan"), ("Томирис", "Tomiris"), ("Әлия", "Aliya"),
        ("Салтанат", "Saltanat"), ("Ақмарал", "Akmaral"), ("Дана", "Dana"), ("Ажар", "Azhar"), ("Камила", "Kamila"),
        ("Жансая", "Zhansaya"), ("Гүлназ", "Gulnaz"), ("Айнұр", "Ainur"), ("Сәуле", "Saule"), ("Балжан", "Balzhan"),
        ("Іңкәр", "Inkar"),
    )
)  # fmt: skip

_KAZAKH_SURNAMES = tuple(
    _Surname(cyrillic, latin, inflects=True)
    for cyrillic, latin in (
        ("Серікбаев", "Serikbayev"), ("Ахметов", "Akhmetov"), ("Жақсыбеков", "Zhaksybekov"), ("Омаров", "Omarov"),
        ("Әбдірахманов", "Abdrakhmanov"), ("Байжанов", "Baizhanov"), ("Қасымов", "Kassymov"), ("Есенов", "Yessenov"),
        ("Ибраев", "Ibrayev"), ("Жұмабаев", "Zhumabayev"), ("Сұлтанов", "Sultanov"),
        ("Мұхамеджанов", "Mukhamedzhanov"), ("Тұрсынов", "Tursynov"), ("Оспанов", "Ospanov"),
        ("Ермеков", "Yermekov"), ("Садықов", "Sadykov"), ("Исабеков", "Issabekov"), ("Нұрпейісов", "Nurpeisov"),
        ("Бекмұхамбетов", "Bekmukhambetov"), ("Төлеубаев", "Tuleubayev"), ("Сейітов", "Seitov"),
        ("Қалиев", "Kaliyev"), ("Мамыров", "Mamyrov"), ("Әлімжанов", "Alimzhanov"), ("Смағұлов", "Smagulov"),
    )
)  # fmt: skip

_RUSSIAN_MEN = (
    (_GivenName("Сергей", "Sergey"), _RussianFather("Сергеевич", "Сергеевна")),
    (_GivenName("Алексей", "Alexey"), _RussianFather("Алексеевич", "Алексеевна")),
    (_GivenName("Андрей", "Andrey"), _RussianFather("Андреевич", "Андреевна")),
    (_GivenName("Дмитрий", "Dmitry"), _RussianFather("Дмитриевич", "Дмитриевна")),
    (_GivenName("Владимир", "Vladimir"), _RussianFather("Владимирович", "Владимировна")),
    (_GivenName("Александр", "Alexander"), _RussianFather("Александрович", "Александровна")),
    (_GivenName("Игорь", "Igor"), _RussianFather("Игоревич", "Игоревна")),
    (_GivenName("Виктор", "Viktor"), _RussianFather("Викторович", "Викторовна")),
    (_GivenName("Евгений", "Yevgeny"), _RussianFather("Евгеньевич", "Евгеньевна")),
    (_GivenName("Максим", "Maxim"), _RussianFather("Максимович", "Максимовна")),
    (_GivenName("Олег", "Oleg"), _RussianFather("Олегович", "Олеговна")),
    (_GivenName("Павел", "Pavel"), _RussianFather("Павлович", "Павловна")),
)

_RUSSIAN_WOMEN = tuple(
    _GivenName(*pair)
    for pair in (
        ("Анна", "Anna"), ("Екатерина", "Yekaterina"), ("Ольга", "Olga"), ("Наталья", "Natalya"), ("Елена", "Yelena"),
        ("Ирина", "Irina"), ("Мария", "Maria"), ("Татьяна", "Tatyana"), ("Юлия", "Yulia"), ("Светлана", "Svetlana"),
        ("Дарья", "Darya"), ("Ксения", "Ksenia"),
    )
)  # fmt: skip

_RUSSIAN_SURNAMES = (
    *(
        _Surname(cyrillic, latin, inflects=True)
        for cyrillic, latin in (
            ("Иванов", "Ivanov"), ("Петров", "Petrov"), ("Кузнецов", "Kuznetsov"), ("Смирнов", "Smirnov"),
            ("Попов", "Popov"), ("Волков", "Volkov"), ("Новиков", "Novikov"), ("Морозов", "Morozov"),
            ("Соколов", "Sokolov"), ("Лебедев", "Lebedev"), ("Козлов", "Kozlov"), ("Федоров", "Fedorov"),
        )
    ),
    _Surname("Шевченко", "Shevchenko", inflects=False),
    _Surname("Бондаренко", "Bondarenko", inflects=False),
)  # fmt: skip

# Koreans have lived in Kazakhstan since 1937; their surnames do not change for women.
_KOREAN_SURNAMES = tuple(
    _Surname(cyrillic, latin, inflects=False)
    for cyrillic, latin in (
        ("Ким", "Kim"),
        ("Пак", "Pak"),
        ("Цой", "Tsoi"),
        ("Тен", "Ten"),
        ("Ли", "Li"),
        ("Хван", "Khvan"),
    )
)


def person_name(rng: random.Random) -> str:
    """Draw a believable full name of a person in Kazakhstan.

    Args:
        rng: The source of every choice.

    Returns:
        A Cyrillic name in the official order (``Серікбаев Нұрлан Асқарұлы``) or a Latin one in passport order
        (``Nurlan Serikbayev``); mostly Kazakh, some Russian and Korean.
    """
    female = rng.random() < 0.45
    origin = rng.random()
    if origin < 0.75:
        given, surname, patronymic = _kazakh_person(rng, female=female)
    else:
        given, surname, patronymic = _russian_person(rng, female=female, korean=origin >= 0.9)
    surname_cyrillic = surname.cyrillic + ("а" if female and surname.inflects else "")
    surname_latin = surname.latin + ("a" if female and surname.inflects else "")
    if rng.random() < 0.4:
        return f"{given.latin} {surname_latin}"
    return " ".join(part for part in (surname_cyrillic, given.cyrillic, patronymic) if part)


def _kazakh_person(rng: random.Random, *, female: bool) -> tuple[_GivenName, _Surname, str]:
    given = rng.choice(_KAZAKH_WOMEN if female else _KAZAKH_MEN)
    father = rng.choice(_KAZAKH_MEN).cyrillic
    # Kazakh patronymics: father's name + ұлы (son of) / қызы (daughter of); some people register none.
    patronymic = "" if rng.random() < 0.2 else father + ("қызы" if female else "ұлы")
    return given, rng.choice(_KAZAKH_SURNAMES), patronymic


def _russian_person(rng: random.Random, *, female: bool, korean: bool) -> tuple[_GivenName, _Surname, str]:
    given = rng.choice(_RUSSIAN_WOMEN) if female else rng.choice(_RUSSIAN_MEN)[0]
    father = rng.choice(_RUSSIAN_MEN)[1]
    surname = rng.choice(_KOREAN_SURNAMES if korean else _RUSSIAN_SURNAMES)
    return given, surname, father.daughter if female else father.son


_TOP_LEVEL_DOMAINS = (".kz", ".ai", ".com", ".tech", ".io")
_DOMAIN_WEIGHTS = (50, 20, 15, 8, 7)


def website(names: CompanyNames, rng: random.Random) -> str:
    """Draw a believable website address for a company.

    Args:
        names: The company's names; the address is made from its Latin brand.
        rng: The source of every choice.

    Returns:
        An ``https://`` URL such as ``https://tulpardata.kz`` or ``https://www.tulpar-data.ai``.
    """
    words = _slug_words(names.brand)
    label = ("-" if rng.random() < 0.3 else "").join(words)
    if len(label) > 63:  # a DNS label's limit; the first two words still name the company
        label = "".join(words[:2])[:63]
    top_level = rng.choices(_TOP_LEVEL_DOMAINS, weights=_DOMAIN_WEIGHTS)[0]
    www = "www." if rng.random() < 0.25 else ""
    return f"https://{www}{label}{top_level}"


def _slug_words(brand: str) -> Sequence[str]:
    ascii_brand = unicodedata.normalize("NFKD", brand).encode("ascii", "ignore").decode().lower()
    return ["".join(char for char in word if char.isalnum()) for word in ascii_brand.split()]
