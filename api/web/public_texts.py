"""The public pages' texts in kk, ru and en."""

from __future__ import annotations

from registry.i18n import Text

__all__ = ["PUBLIC_TEXTS"]

PUBLIC_TEXTS: dict[str, Text] = {
    # Register search.
    "search_title": Text(kk="Тізілімнен іздеу", ru="Поиск в реестре", en="Search the register"),
    "search_label": Text(
        kk="Компания атауы (кез келген тілде) немесе БСН",
        ru="Название компании (на любом языке) или БИН",
        en="Company name (in any language) or BIN",
    ),
    "search_hint": Text(
        kk="Кирилл немесе латын әрпімен жазуға болады: «Qazaq», «Казак» және «Қазақ» бірдей табылады.",
        ru="Можно писать кириллицей или латиницей: «Qazaq», «Казак» и «Қазақ» находят одно и то же.",
        en="Cyrillic or Latin script: “Qazaq AI”, “Казак ИИ” and “Қазақ AI” find the same companies.",
    ),
    "search_button": Text(kk="Іздеу", ru="Найти", en="Search"),
    "filters": Text(kk="Сүзгілер", ru="Фильтры", en="Filters"),
    "any": Text(kk="Кез келген", ru="Любой", en="Any"),
    "region": Text(kk="Өңір", ru="Регион", en="Region"),
    "activity": Text(kk="Қызмет түрі (ЭҚЖЖ)", ru="Вид деятельности (ОКЭД)", en="Activity (OKED)"),
    "status": Text(kk="Мәртебесі", ru="Статус", en="Status"),
    "ai_class": Text(kk="ЖИ сыныбы", ru="Класс ИИ", en="AI class"),
    "licence_type": Text(kk="Лицензия түрі", ru="Вид лицензии", en="Licence type"),
    "licence_status": Text(kk="Лицензия мәртебесі", ru="Статус лицензии", en="Licence status"),
    "registered_from": Text(kk="Тіркелген күні, бастап", ru="Дата регистрации, с", en="Registered from"),
    "registered_to": Text(kk="Тіркелген күні, дейін", ru="Дата регистрации, по", en="Registered until"),
    "clear": Text(kk="Сүзгілерді тазалау", ru="Сбросить фильтры", en="Clear the filters"),
    "results": Text(kk="Нәтижелер", ru="Результаты", en="Results"),
    "no_results": Text(
        kk="Ештеңе табылмады. Басқа жазылуын немесе азырақ сүзгіні көріңіз.",
        ru="Ничего не найдено. Попробуйте другое написание или меньше фильтров.",
        en="Nothing found. Try another spelling or fewer filters.",
    ),
    "no_company_with_bin": Text(
        kk="Бұл БСН-мен компания тізілімде жоқ.",
        ru="Компании с этим БИН в реестре нет.",
        en="No company with this BIN is in the register.",
    ),
    "next_page": Text(kk="Келесі бет", ru="Следующая страница", en="Next page"),
    "first_page": Text(kk="Бірінші бет", ru="Первая страница", en="First page"),
    "name": Text(kk="Атауы", ru="Название", en="Name"),
    "bin": Text(kk="БСН", ru="БИН", en="BIN"),
    "registered": Text(kk="Тіркелген күні", ru="Дата регистрации", en="Registered"),
    "not_classified": Text(kk="сыныпталмаған", ru="не классифицирована", en="not classified"),
    # A company's page.
    "company_names": Text(kk="Атаулары", ru="Наименования", en="Names"),
    "name_kk": Text(kk="Қазақ тілінде", ru="На казахском", en="In Kazakh"),
    "name_ru": Text(kk="Орыс тілінде", ru="На русском", en="In Russian"),
    "name_en": Text(kk="Ағылшын тілінде", ru="На английском", en="In English"),
    "legal_form": Text(kk="Ұйымдық-құқықтық нысаны", ru="Организационно-правовая форма", en="Legal form"),
    "activities": Text(kk="Қызмет түрлері", ru="Виды деятельности", en="Activities"),
    "primary": Text(kk="негізгі", ru="основной", en="primary"),
    "licences": Text(kk="Лицензиялар", ru="Лицензии", en="Licences"),
    "no_licences": Text(kk="Лицензиясы жоқ.", ru="Лицензий нет.", en="No licences."),
    "number": Text(kk="Нөмірі", ru="Номер", en="Number"),
    "valid": Text(kk="Қолданылу мерзімі", ru="Срок действия", en="Valid"),
    "certificate": Text(kk="Куәлік", ru="Свидетельство", en="Certificate"),
    "ai_systems": Text(kk="ЖИ жүйелері", ru="Системы ИИ", en="AI systems"),
    "no_ai_systems": Text(
        kk="Тіркелген ЖИ жүйесі жоқ.", ru="Зарегистрированных систем ИИ нет.", en="No AI systems recorded."
    ),
    "purpose": Text(kk="Мақсаты", ru="Назначение", en="Purpose"),
    "capabilities": Text(kk="Мүмкіндіктері", ru="Возможности", en="Capabilities"),
    "risk_degree": Text(kk="Тәуекел дәрежесі", ru="Степень риска", en="Risk degree"),
    "autonomy_degree": Text(kk="Дербестік дәрежесі", ru="Степень автономности", en="Autonomy degree"),
    "declared_by_owner": Text(
        kk="Дәрежелерді жүйе иесі жариялайды (ЖИ туралы заң, 17-бап); тізілім оларды жіктемейді.",
        ru="Степени объявляет владелец системы (закон об ИИ, ст. 17); реестр их не классифицирует.",
        en="The degrees are declared by the system's owner (AI law, Art. 17); the registry does not classify them.",
    ),
    "back_to_search": Text(kk="Іздеуге оралу", ru="Вернуться к поиску", en="Back to the search"),
    # Licence verification.
    "verify_title": Text(kk="Лицензияны тексеру", ru="Проверка лицензии", en="Verify a licence"),
    "verify_label": Text(kk="Лицензия нөмірі", ru="Номер лицензии", en="Licence number"),
    "verify_hint": Text(kk="Мысалы: AIN-2026-00001", ru="Например: AIN-2026-00001", en="For example: AIN-2026-00001"),
    "verify_button": Text(kk="Тексеру", ru="Проверить", en="Verify"),
    "licence_title": Text(kk="{number} лицензиясы", ru="Лицензия {number}", en="Licence {number}"),
    "licence_status_now": Text(kk="Бүгінгі мәртебесі", ru="Статус на сегодня", en="Status today"),
    "licensee": Text(kk="Лицензиат", ru="Лицензиат", en="Licensee"),
    "licensee_status": Text(kk="Лицензиаттың мәртебесі", ru="Статус лицензиата", en="Licensee's status"),
    "valid_from": Text(kk="Басталуы", ru="Действует с", en="Valid from"),
    "valid_until": Text(kk="Аяқталуы", ru="Действует по", en="Valid until"),
    "checked_on": Text(kk="Тексерілген күні: {day}", ru="Проверено: {day}", en="Checked on {day}"),
    "open_certificate": Text(
        kk="Басып шығаруға арналған куәлік", ru="Свидетельство для печати", en="Printable certificate"
    ),
    # The certificate.
    "certificate_title": Text(kk="Лицензия куәлігі", ru="Свидетельство о лицензии", en="Licence certificate"),
    "certificate_issuer": Text(
        kk="AlemAI хабы — Қазақстанның ЖИ стартаптарының ұлттық тізілімі",
        ru="Хаб AlemAI — национальный реестр ИИ-стартапов Казахстана",
        en="AlemAI hub — the national registry of AI startups of Kazakhstan",
    ),
    "certificate_verify": Text(
        kk="Лицензияның қазіргі мәртебесін тексеру үшін QR кодын сканерлеңіз немесе мына мекенжайды ашыңыз:",
        ru="Чтобы проверить текущий статус лицензии, отсканируйте QR-код или откройте адрес:",
        en="To check the licence's current status, scan the QR code or open:",
    ),
    "qr_title": Text(
        kk="{number} лицензиясын тексеру бетінің QR коды",
        ru="QR-код страницы проверки лицензии {number}",
        en="QR code of the verification page of licence {number}",
    ),
    "status_as_of": Text(kk="{day} күнгі мәртебесі", ru="Статус на {day}", en="Status on {day}"),
    # Releases.
    "releases_title": Text(kk="Жариялау күнтізбесі", ru="Календарь публикаций", en="Release calendar"),
    "releases_intro": Text(
        kk="Ресми статистикалық жариялымдар: жоспарланған күндері және жарияланған нұсқалары.",
        ru="Официальные статистические выпуски: плановые даты и опубликованные версии.",
        en="Official statistics releases: their planned dates and the versions published.",
    ),
    "planned": Text(kk="Жоспарланғандар", ru="Запланированные", en="Planned"),
    "dataset": Text(kk="Деректер жиыны", ru="Набор данных", en="Dataset"),
    "period": Text(kk="Кезең", ru="Период", en="Period"),
    "planned_date": Text(kk="Жоспарланған күні", ru="Плановая дата", en="Planned date"),
    "made": Text(kk="Жарияланды", ru="Опубликовано", en="Published"),
    "none_yet": Text(kk="әлі жоқ", ru="пока нет", en="not yet"),
    "nothing_planned": Text(
        kk="Жоспарланған жариялым жоқ.", ru="Запланированных выпусков нет.", en="No release planned."
    ),
    "published": Text(kk="Жарияланған шығарылымдар", ru="Опубликованные выпуски", en="Published releases"),
    "no_releases": Text(kk="Әлі жариялым жоқ.", ru="Выпусков пока нет.", en="No release yet."),
    "release_number": Text(kk="Шығарылым", ru="Выпуск", en="Release"),
    "revision": Text(kk="Нұсқа", ru="Редакция", en="Revision"),
    "provisional": Text(kk="алдын ала", ru="предварительный", en="provisional"),
    "final": Text(kk="түпкілікті", ru="окончательный", en="final"),
    "made_on": Text(kk="Жасалған күні", ru="Дата выпуска", en="Made on"),
    "tables": Text(kk="Кестелер", ru="Таблицы", en="Tables"),
    "dashboard_link": Text(
        kk="Негізгі көрсеткіштер графиктерде: көрсеткіштер тақтасы",
        ru="Основные показатели на графиках: панель показателей",
        en="The headline figures as charts: the dashboard",
    ),
}
