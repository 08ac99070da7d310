"""The admin pages' own words in kk, ru and en; refusals are the services' own messages."""

from __future__ import annotations

from registry.i18n import Text

__all__ = ["ADMIN_TEXTS"]

ADMIN_TEXTS: dict[str, Text] = {
    # Accounts.
    "accounts_title": Text(kk="Тіркелгілер", ru="Учётные записи", en="Accounts"),
    "new_account": Text(kk="Жаңа тіркелгі", ru="Новая учётная запись", en="New account"),
    "create": Text(kk="Құру", ru="Создать", en="Create"),
    "role": Text(kk="Рөлі", ru="Роль", en="Role"),
    "state": Text(kk="Күйі", ru="Состояние", en="State"),
    "active": Text(kk="белсенді", ru="действует", en="active"),
    "disabled": Text(kk="өшірілген", ru="отключена", en="disabled"),
    "created_on": Text(kk="Құрылған күні", ru="Создана", en="Created"),
    "next_page": Text(kk="Келесі бет", ru="Следующая страница", en="Next page"),
    "account_title": Text(kk="Тіркелгі: {email}", ru="Учётная запись: {email}", en="Account: {email}"),
    "back_to_accounts": Text(kk="Барлық тіркелгілер", ru="Все учётные записи", en="All accounts"),
    "change_role": Text(kk="Рөлін өзгерту", ru="Изменить роль", en="Change the role"),
    "disable": Text(kk="Тіркелгіні өшіру", ru="Отключить учётную запись", en="Disable the account"),
    "enable": Text(kk="Тіркелгіні қосу", ru="Включить учётную запись", en="Enable the account"),
    "disable_hint": Text(
        kk="Өшірілген тіркелгінің барлық сеанстары бірден аяқталады.",
        ru="Все сеансы отключённой учётной записи сразу завершаются.",
        en="A disabled account is signed out everywhere at once.",
    ),
    "done_created": Text(kk="Тіркелгі құрылды.", ru="Учётная запись создана.", en="The account was created."),
    "done_role": Text(kk="Рөлі өзгертілді.", ru="Роль изменена.", en="The role was changed."),
    "done_disabled": Text(
        kk="Тіркелгі өшірілді, оның сеанстары аяқталды.",
        ru="Учётная запись отключена, её сеансы завершены.",
        en="The account was disabled and its sessions ended.",
    ),
    "done_enabled": Text(kk="Тіркелгі қосылды.", ru="Учётная запись включена.", en="The account was enabled."),
    # Rubric versions.
    "rubric_title": Text(kk="Рубрика нұсқалары", ru="Версии рубрики", en="Rubric versions"),
    "col_version": Text(kk="Нұсқа", ru="Версия", en="Version"),
    "col_effective": Text(kk="Күшіне енеді", ru="Действует с", en="Effective from"),
    "col_thresholds": Text(kk="Шектер", ru="Пороги", en="Thresholds"),
    "col_notes": Text(kk="Ескертпелер", ru="Примечания", en="Notes"),
    "current": Text(kk="қазір қолданыста", ru="действует сейчас", en="in force"),
    "publish_heading": Text(kk="Жаңа нұсқаны жариялау", ru="Опубликовать новую версию", en="Publish a new version"),
    "publish_intro": Text(
        kk="Жаңа нұсқа көрсетілген күннен бастап қолданылады; бұрынғы нұсқалар мен олармен жасалған бағалаулар "
        "өзгермейді. Үлестер 0 мен 1 аралығында (0.5 = 50 %).",
        ru="Новая версия действует с указанной даты; прежние версии и сделанные по ним оценки не меняются. "
        "Доли — от 0 до 1 (0.5 = 50 %).",
        en="A new version applies from its date; earlier versions and the evaluations made with them never change. "
        "Shares are between 0 and 1 (0.5 = 50 %).",
    ),
    "effective_from": Text(kk="Күшіне енетін күні", ru="Дата вступления в силу", en="Effective from"),
    "notes": Text(kk="Ескертпелер", ru="Примечания", en="Notes"),
    "publish": Text(kk="Жариялау", ru="Опубликовать", en="Publish"),
    "done_published": Text(kk="Нұсқа жарияланды.", ru="Версия опубликована.", en="The version was published."),
    "threshold_ai_revenue_share_min": Text(
        kk="ЖИ түсімінің ең аз үлесі (M1, AI-native)",
        ru="Минимальная доля выручки от ИИ (M1, AI-native)",
        en="Minimum AI revenue share (M1, AI-native)",
    ),
    "threshold_ai_talent_share_min": Text(
        kk="ЖИ мамандарының ең аз үлесі (M2, AI-native)",
        ru="Минимальная доля ИИ-специалистов (M2, AI-native)",
        en="Minimum AI talent share (M2, AI-native)",
    ),
    "threshold_ai_spend_share_min": Text(
        kk="ЖИ шығындарының ең аз үлесі (M4, есеп үшін)",
        ru="Минимальная доля расходов на ИИ (M4, для сведения)",
        en="Minimum AI spend share (M4, reported)",
    ),
    "threshold_ai_enabled_revenue_share_min": Text(
        kk="ЖИ түсімінің ең аз үлесі («ЖИ қолданатын»)",
        ru="Минимальная доля выручки от ИИ («применяющая ИИ»)",
        en="Minimum AI revenue share (AI-enabled)",
    ),
    "threshold_ai_enabled_talent_share_min": Text(
        kk="ЖИ мамандарының ең аз үлесі («ЖИ қолданатын»)",
        ru="Минимальная доля ИИ-специалистов («применяющая ИИ»)",
        en="Minimum AI talent share (AI-enabled)",
    ),
    "threshold_pre_revenue_max_age_years": Text(
        kk="Түсімі жоқ компанияның ең үлкен жасы, жыл (M1)",
        ru="Наибольший возраст компании без выручки, лет (M1)",
        en="Oldest age of a pre-revenue company, years (M1)",
    ),
    # The release calendar.
    "calendar_title": Text(kk="Жариялау жоспары", ru="План публикаций", en="Release plan"),
    "calendar_intro": Text(
        kk="Ашық күнтізбедегі жоспарланған жариялымдар.",
        ru="Запланированные публикации открытого календаря.",
        en="Planned releases of the public calendar.",
    ),
    "public_calendar": Text(kk="Ашық күнтізбе", ru="Открытый календарь", en="The public calendar"),
    "col_dataset": Text(kk="Деректер жинағы", ru="Набор данных", en="Dataset"),
    "col_period": Text(kk="Кезең", ru="Период", en="Period"),
    "col_planned": Text(kk="Жоспарланған күні", ru="Плановая дата", en="Planned date"),
    "col_releases": Text(kk="Жасалған жариялымдар", ru="Сделанные выпуски", en="Releases made"),
    "remove": Text(kk="Күнтізбеден алып тастау", ru="Убрать из календаря", en="Take off the calendar"),
    "remove_entry": Text(
        kk="{period} жылғы {dataset} жариялымын алып тастау",
        ru="Убрать выпуск {dataset} за {period} год",
        en="Take the {dataset} release for {period} off the calendar",
    ),
    "plan_heading": Text(kk="Жариялымды жоспарлау", ru="Запланировать выпуск", en="Plan a release"),
    "plan": Text(kk="Күнтізбеге қосу", ru="Добавить в календарь", en="Add to the calendar"),
    "period_hint": Text(
        kk="Қаржы жылы, мысалы 2026", ru="Финансовый год, например 2026", en="A fiscal year, e.g. 2026"
    ),
    "done_planned": Text(kk="Жариялым жоспарланды.", ru="Выпуск запланирован.", en="The release was planned."),
    "done_removed": Text(
        kk="Жариялым күнтізбеден алынды.", ru="Выпуск убран из календаря.", en="The release was taken off the calendar."
    ),
    "nothing_here": Text(kk="Мұнда ештеңе жоқ.", ru="Здесь ничего нет.", en="Nothing here."),
}
