"""The dashboard's texts in kk, ru and en, defined once (the page, its charts, their CSV and SVG files use them).

Numbers the texts mention (the disclosure rule's parameters, the service level, a declaration deadline) are
placeholders filled from the settings and definitions the statistics and licensing code use, never written here.
"""

from __future__ import annotations

from registry.i18n import Text

__all__ = ["DASHBOARD_TEXTS"]

DASHBOARD_TEXTS: dict[str, Text] = {
    "title": Text(kk="Экожүйе көрсеткіштері", ru="Показатели экосистемы", en="Ecosystem dashboard"),
    "intro": Text(
        kk="AI-native компаниялар, олардың құрылуы мен бетбұрыстары, лицензиялау және өңірлер — диаграммалар мен "
        "кестелерде.",
        ru="AI-native компании, их создание и повороты, лицензирование и регионы — в диаграммах и таблицах.",
        en="AI-native companies, their births and pivots, licensing and regions, as charts and tables.",
    ),
    "sign_in_to_see": Text(
        kk="Диаграммалар хаб қызметкерлеріне (экономистер, сарапшылар, әкімшілер) арналған: көру үшін кіріңіз.",
        ru="Диаграммы доступны сотрудникам хаба (экономистам, рецензентам, администраторам): войдите, чтобы их "
        "увидеть.",
        en="The charts are for hub staff (economists, reviewers and admins): sign in to see them.",
    ),
    "forbidden": Text(
        kk="Сіздің тіркелгіңіз экожүйе статистикасын көре алмайды: дашборд экономистерге, сарапшыларға және "
        "әкімшілерге арналған.",
        ru="У вашей учётной записи нет доступа к статистике экосистемы: панель предназначена для экономистов, "
        "рецензентов и администраторов.",
        en="Your account cannot see ecosystem statistics: the dashboard is for economists, reviewers and admins.",
    ),
    # The release and the view.
    "release_heading": Text(kk="Ресми шығарылым", ru="Официальный выпуск", en="Official release"),
    "release_info": Text(
        kk="{period} қаржы жылының {id} шығарылымы ({revision} редакция), тізілім {date} күні білгендей: {status}.",
        ru="Выпуск {id} за {period} финансовый год (редакция {revision}), как реестр знал на {date}: {status}.",
        en="Release {id} of fiscal year {period} (revision {revision}), as the registry knew it on {date}: {status}.",
    ),
    "release_provisional": Text(
        kk="алдын ала — декларация тапсыру мерзімі өтпеген еді",
        ru="предварительный — срок подачи деклараций ещё не прошёл",
        en="provisional — the declaration deadline had not passed",
    ),
    "release_final": Text(kk="түпкілікті", ru="окончательный", en="final"),
    "release_csv": Text(kk="Кесте (CSV)", ru="Таблица (CSV)", en="Tidy CSV"),
    "release_sdmx": Text(kk="SDMX-CSV", ru="SDMX-CSV", en="SDMX-CSV"),
    "release_structure": Text(kk="SDMX құрылымы", ru="Структура SDMX", en="SDMX structure"),
    "no_release": Text(
        kk="Ресми шығарылым әлі жоқ: бұл ағымдағы деректер.",
        ru="Официального выпуска ещё нет: это текущие данные.",
        en="No official release yet: these are the live figures.",
    ),
    "live_info": Text(
        kk="Ағымдағы деректер: әр декларациямен және түзетумен өзгереді ({date} күнгі жағдай).",
        ru="Текущие данные: они меняются с каждой декларацией и исправлением (на {date}).",
        en="Live figures: they change with every declaration and correction (as of {date}).",
    ),
    # The filters.
    "filters": Text(kk="Сүзгілер", ru="Фильтры", en="Filters"),
    "view": Text(kk="Деректер", ru="Данные", en="Figures"),
    "view_release": Text(
        kk="Ресми шығарылым {id}: {period} қаржы жылы",
        ru="Официальный выпуск {id}: {period} финансовый год",
        en="Official release {id}: fiscal year {period}",
    ),
    "view_live": Text(
        kk="Ағымдағы деректер (осы уақытқа дейін тіркелгеннің бәрі)",
        ru="Текущие данные (всё, что записано на сейчас)",
        en="Live figures (everything recorded so far)",
    ),
    "from_year": Text(kk="Кезең басы", ru="С года", en="From year"),
    "to_year": Text(kk="Кезең соңы", ru="По год", en="To year"),
    "region": Text(kk="Өңір", ru="Регион", en="Region"),
    "whole_country": Text(kk="Бүкіл ел", ru="Вся страна", en="Whole country"),
    "show": Text(kk="Көрсету", ru="Показать", en="Show"),
    "filters_in_address": Text(
        kk="Таңдалған сүзгілер бет мекенжайында сақталады: сілтемені бөлісуге болады.",
        ru="Выбранные фильтры сохраняются в адресе страницы: ссылкой можно поделиться.",
        en="The chosen filters are kept in the page's address: the link can be shared.",
    ),
    # Charts, their marks and downloads.
    "download": Text(kk="Жүктеп алу", ru="Скачать", en="Download"),
    "download_csv": Text(kk="{chart}: деректер (CSV)", ru="{chart}: данные (CSV)", en="{chart}: figures (CSV)"),
    "download_svg": Text(kk="{chart}: сурет (SVG)", ru="{chart}: рисунок (SVG)", en="{chart}: chart (SVG)"),
    "suppressed": Text(kk="жасырылған", ru="скрыто", en="suppressed"),
    "suppressed_note": Text(
        kk="құпия деректерді қорғау үшін жасырылған",
        ru="скрыто для защиты конфиденциальных данных",
        en="withheld to protect confidential figures",
    ),
    "provisional": Text(kk="алдын ала", ru="предварительно", en="provisional"),
    "provisional_short": Text(kk="алдын ала", ru="предв.", en="prov."),
    "provisional_note": Text(
        kk="{years}: алдын ала деректер — декларацияларды {deadline} дейін тапсыруға болады, сандар өзгеруі мүмкін.",
        ru="{years}: предварительные данные — декларации можно подать до {deadline}, цифры могут измениться.",
        en="{years}: provisional — declarations may be filed until {deadline}, so the figures may still change.",
    ),
    "no_figures": Text(
        kk="Бұл көрініс үшін көрсеткіштер жоқ.", ru="Для этого вида данных нет.", en="No figures for this view."
    ),
    "data_table": Text(kk="Деректер кестесі", ru="Таблица данных", en="Data table"),
    "year": Text(kk="Жыл", ru="Год", en="Year"),
    "stage": Text(kk="Кезең", ru="Этап", en="Stage"),
    "value": Text(kk="Мәні", ru="Значение", en="Value"),
    "stock_title": Text(kk="AI-native компаниялар", ru="AI-native компании", en="AI-native companies"),
    "stock_caption": Text(
        kk="Әр жылдың соңындағы белсенді AI-native компаниялар ({year} жылы үшін {today}).",
        ru="Действующие AI-native компании на конец каждого года ({today} для {year}).",
        en="Active AI-native companies at the end of each year ({today} for {year}).",
    ),
    "stock_caption_release": Text(
        kk="Әр жылдың соңындағы белсенді AI-native компаниялар.",
        ru="Действующие AI-native компании на конец каждого года.",
        en="Active AI-native companies at the end of each year.",
    ),
    "companies_by_ai_class": Text(kk="AI-native компаниялар", ru="AI-native компании", en="AI-native companies"),
    "flows_title": Text(
        kk="AI-native болып құрылғандар және бетбұрыстар",
        ru="Созданные AI-native и повороты",
        en="Born AI-native and pivots",
    ),
    "flows_caption": Text(
        kk="Жыл сайынғы компаниялар: AI-native болып құрылған, ЖИ-ге бет бұрған, ЖИ-ден бас тартқан.",
        ru="Компании по годам: созданные как AI-native, повернувшие к ИИ, отказавшиеся от ИИ.",
        en="Companies per year: born AI-native, pivoting to AI, pivoting away from AI.",
    ),
    "born_ai_native": Text(kk="AI-native болып құрылған", ru="Созданы AI-native", en="Born AI-native"),
    "pivots_to_ai": Text(kk="ЖИ-ге бетбұрыс", ru="Поворот к ИИ", en="Pivots to AI"),
    "pivots_away": Text(kk="ЖИ-ден бас тарту", ru="Отказ от ИИ", en="Pivots away from AI"),
    "funnel_title": Text(kk="Лицензиялау воронкасы", ru="Воронка лицензирования", en="Licensing funnel"),
    "funnel_caption": Text(
        kk="{year} қаржы жылында алғаш берілген өтінімдер, бүкіл ел бойынша, {release} шығарылымынан.",
        ru="Заявки, впервые поданные в {year} финансовом году, вся страна, из выпуска {release}.",
        en="Applications first submitted in fiscal year {year}, the whole country, from release {release}.",
    ),
    "funnel_unreleased": Text(
        kk="Өтінімдер құпия: воронка тек ресми шығарылымдарда жарияланады, ал {year} жылға дейінгі қаржы "
        "жылдарының әлі шығарылымы жоқ.",
        ru="Заявки конфиденциальны: воронка публикуется только в официальных выпусках, а за финансовые годы до "
        "{year} выпусков ещё нет.",
        en="Applications are confidential: the funnel is published in official releases only, and no fiscal year "
        "up to {year} has one yet.",
    ),
    "applications_submitted": Text(kk="Берілген", ru="Подано", en="Submitted"),
    "applications_decided": Text(kk="Шешім қабылданған", ru="Решено", en="Decided"),
    "applications_approved": Text(kk="Мақұлданған", ru="Одобрено", en="Approved"),
    "days_to_decision_median": Text(
        kk="Шешімге дейінгі күндер медианасы", ru="Медиана дней до решения", en="Median days to decision"
    ),
    "days_to_decision_p90": Text(kk="90-процентиль, күн", ru="90-й перцентиль, дней", en="90th percentile, days"),
    "approval_rate": Text(kk="Мақұлдау үлесі", ru="Доля одобренных", en="Approval rate"),
    "decided_within_service_level": Text(
        kk="{days} жұмыс күні ішінде шешілген",
        ru="Решено за {days} {days:рабочий день|рабочих дня|рабочих дней}",
        en="Decided within {days} working {days:day|days}",
    ),
    "days": Text(kk="{value} күн", ru="{value} дн.", en="{value} days"),
    "regions_title": Text(kk="Өңірлер бойынша компаниялар", ru="Компании по регионам", en="Companies by region"),
    "regions_caption": Text(
        kk="{date} күнгі әр өңірдегі белсенді және AI-native компаниялар (бүкіл ел; таңдалған өңір ерекшеленген).",
        ru="Действующие и AI-native компании в каждом регионе на {date} (вся страна; выбранный регион выделен).",
        en="Active and AI-native companies in each region on {date} (whole country; the selected region highlighted).",
    ),
    "active_companies_by_region": Text(kk="Белсенді компаниялар", ru="Действующие компании", en="Active companies"),
    "ai_native_companies_by_region": Text(
        kk="AI-native компаниялар", ru="AI-native компании", en="AI-native companies"
    ),
    # The disclosure rule, its parameters from the settings the statistics use.
    "disclosure_heading": Text(kk="Құпиялылықты қорғау", ru="Статистическая тайна", en="Disclosure control"),
    "disclosure_note": Text(
        kk="Құпия көрсеткіш {k}-тен аз компаниядан құралса немесе оның {share} %-дан астамын ең ірі {n} компания "
        "берсе, жарияланбайды; медиана мен процентиль кемінде {quantile} компаниядан есептеледі. Жасырылған "
        "көрсеткіш сан ретінде емес, штрихталған «жасырылған» белгісімен көрсетіледі.",
        ru="Конфиденциальный показатель, построенный менее чем по {k} {k:компании|компаниям|компаниям} или более "
        "чем на {share} % определяемый {n} {n:крупнейшей компанией|крупнейшими компаниями|крупнейшими компаниями}"
        ", не публикуется; медиана и перцентиль считаются не менее чем по {quantile} "
        "{quantile:компании|компаниям|компаниям}. Скрытый показатель показан штриховкой с пометкой «скрыто», а не "
        "числом.",
        en="A confidential figure built from fewer than {k} {k:company|companies}, or more than {share} % of it "
        "from its {n} largest {n:contributor|contributors}, is withheld; medians and percentiles need at least "
        "{quantile} {quantile:company|companies}. A withheld figure is drawn hatched and marked “suppressed”, never "
        "as a number.",
    ),
    "public_note": Text(
        kk="Тізілімнің ашық деректерінен алынған көрсеткіштер (компаниялар, ЖИ сыныбы, құрылу мен бетбұрыстар) дәл "
        "жарияланады.",
        ru="Показатели из открытых данных реестра (компании, класс ИИ, создание и повороты) публикуются точно.",
        en="Figures from the public register (companies, AI class, births and pivots) are published exactly.",
    ),
}
