"""The reviewer pages' own words in kk, ru and en (headings, column names, buttons).

Domain words are never copied here: state and action names are the workflow's (:data:`licensing.workflow.STATE_LABELS`,
:data:`~licensing.workflow.ACTION_LABELS`), reasons and send-back fields the catalogue's
(:func:`licensing.reasons.reason_catalogue`), criteria and their explanations the stored evaluation's, refusals the
services' own messages.
"""

from __future__ import annotations

from registry.i18n import Text

__all__ = ["REVIEW_TEXTS"]

REVIEW_TEXTS: dict[str, Text] = {
    # The queue.
    "queue_title": Text(kk="Өтінімдер кезегі", ru="Очередь заявок", en="Application queue"),
    "queue_service_level": Text(
        kk="Қызмет деңгейі: алғашқы әрекет {first} жұмыс күні ішінде, шешім {decision} жұмыс күні ішінде.",
        ru="Уровень обслуживания: первое действие — в течение {first} рабочих дней, решение — в течение "
        "{decision} рабочих дней.",
        en="Service level: first action within {first} working days, decision within {decision} working days.",
    ),
    "filter_status": Text(kk="Күйі", ru="Статус", en="Status"),
    "filter_licence_type": Text(kk="Лицензия түрі", ru="Вид лицензии", en="Licence type"),
    "filter_any": Text(kk="Кез келген", ru="Любой", en="Any"),
    "filter_apply": Text(kk="Көрсету", ru="Показать", en="Show"),
    "filters": Text(kk="Сүзгілер", ru="Фильтры", en="Filters"),
    "overdue_heading": Text(kk="Мерзімі өткендер", ru="Просроченные", en="Overdue"),
    "on_time_heading": Text(kk="Мерзімі өтпегендер", ru="В пределах срока", en="Within the service level"),
    "nothing_here": Text(kk="Мұнда ештеңе жоқ.", ru="Здесь ничего нет.", en="Nothing here."),
    "next_page": Text(kk="Келесі бет", ru="Следующая страница", en="Next page"),
    "col_company": Text(kk="Компания", ru="Компания", en="Company"),
    "col_licence_type": Text(kk="Лицензия түрі", ru="Вид лицензии", en="Licence type"),
    "col_state": Text(kk="Күйі", ru="Статус", en="Status"),
    "col_submitted": Text(kk="Тапсырылған күні", ru="Подана", en="Submitted"),
    "col_first_action": Text(kk="Алғашқы әрекет", ru="Первое действие", en="First action"),
    "col_decision": Text(kk="Шешім", ru="Решение", en="Decision"),
    "col_reviewer": Text(kk="Сарапшы", ru="Эксперт", en="Reviewer"),
    "due_on": Text(kk="{day} дейін", ru="до {day}", en="by {day}"),
    "days_left": Text(
        kk="{n} жұмыс күні қалды",
        ru="осталось {n} {n:рабочий день|рабочих дня|рабочих дней}",
        en="{n} working {n:day|days} left",
    ),
    "days_overdue": Text(
        kk="{n} жұмыс күні кешікті",
        ru="просрочено на {n} {n:рабочий день|рабочих дня|рабочих дней}",
        en="{n} working {n:day|days} overdue",
    ),
    "due_today": Text(kk="бүгін соңғы күн", ru="последний день сегодня", en="due today"),
    "met": Text(kk="орындалды", ru="выполнено", en="done"),
    "claimed_by_you": Text(kk="сіз", ru="вы", en="you"),
    "claimed_by_other": Text(kk="басқа сарапшы", ru="другой эксперт", en="another reviewer"),
    "not_claimed": Text(kk="алынбаған", ru="не взята", en="not claimed"),
    # One application.
    "application_title": Text(kk="Өтінім: {company}", ru="Заявка: {company}", en="Application: {company}"),
    "back_to_queue": Text(kk="Кезекке оралу", ru="Назад к очереди", en="Back to the queue"),
    "company_entry": Text(kk="Тізілімдегі жазба", ru="Запись в реестре", en="Register entry"),
    "renewal_of": Text(kk="Жаңартылатын лицензия", ru="Продлевает лицензию", en="Renews licence"),
    "licence_issued": Text(kk="Берілген лицензия", ru="Выданная лицензия", en="Licence issued"),
    "founder_note": Text(kk="Құрылтайшының түсініктемесі", ru="Пояснение основателя", en="Founder's note"),
    "done_claim": Text(kk="Өтінім қарауға алынды.", ru="Заявка взята на рассмотрение.", en="The application is yours."),
    "done_send_back": Text(
        kk="Өтінім пысықтауға қайтарылды.", ru="Заявка возвращена на доработку.", en="The application was sent back."
    ),
    "done_approve": Text(
        kk="Өтінім мақұлданды, лицензия берілді.",
        ru="Заявка одобрена, лицензия выдана.",
        en="The application was approved and the licence issued.",
    ),
    "done_reject": Text(kk="Өтінім қабылданбады.", ru="Заявка отклонена.", en="The application was rejected."),
    "evaluation_heading": Text(kk="Рубрика бойынша бағалау", ru="Оценка по рубрике", en="The rubric's evaluation"),
    "evaluation_summary": Text(
        kk="Сынып: {ai_class}; рубрика нұсқасы {version}.",
        ru="Класс: {ai_class}; версия рубрики {version}.",
        en="Class: {ai_class}; rubric version {version}.",
    ),
    "no_evaluation": Text(
        kk="Бағалау жоқ: бұл лицензия түрі рубрикаға сүйенбейді немесе өтінім әлі тапсырылмаған.",
        ru="Оценки нет: этот вид лицензии не опирается на рубрику, или заявка ещё не подана.",
        en="No evaluation: this licence type does not rely on the rubric, or the application is not submitted yet.",
    ),
    "col_criterion": Text(kk="Критерий", ru="Критерий", en="Criterion"),
    "col_value": Text(kk="Мәні", ru="Значение", en="Value"),
    "col_threshold": Text(kk="Шегі", ru="Порог", en="Threshold"),
    "col_result": Text(kk="Нәтиже", ru="Результат", en="Result"),
    "col_explanation": Text(kk="Түсіндірме", ru="Пояснение", en="Explanation"),
    "passed": Text(kk="өтті", ru="выполнен", en="pass"),
    "failed": Text(kk="өтпеді", ru="не выполнен", en="fail"),
    "reported_only": Text(kk="(тек есеп үшін)", ru="(только для сведения)", en="(reported only)"),
    "yes": Text(kk="иә", ru="да", en="yes"),
    "no": Text(kk="жоқ", ru="нет", en="no"),
    "flags": Text(kk="Белгілер", ru="Отметки", en="Flags"),
    "relied_declaration": Text(kk="Сүйенетін декларация", ru="Декларация заявки", en="Declaration relied on"),
    "relied_summary": Text(
        kk="{period} кезеңі, {filed} берілген, сыныбы: {ai_class}, рубрика нұсқасы {version}.",
        ru="Период {period}, подана {filed}, класс: {ai_class}, версия рубрики {version}.",
        en="Period {period}, filed {filed}, class: {ai_class}, rubric version {version}.",
    ),
    "superseded": Text(kk="кейінгі декларациямен ауыстырылды", ru="заменена более поздней", en="superseded"),
    "evidence_heading": Text(kk="Дәлелдер", ru="Подтверждающие материалы", en="Evidence"),
    "no_evidence": Text(kk="Дәлел қосылмаған.", ru="Материалы не приложены.", en="No evidence was added."),
    "col_kind": Text(kk="Түрі", ru="Вид", en="Kind"),
    "col_description": Text(kk="Сипаттама", ru="Описание", en="Description"),
    "col_source": Text(kk="Дереккөз", ru="Источник", en="Source"),
    "open_link": Text(kk="Сілтемені ашу", ru="Открыть ссылку", en="Open the link"),
    "download": Text(
        kk="{name} жүктеп алу ({size} КБ)", ru="Скачать {name} ({size} КБ)", en="Download {name} ({size} KB)"
    ),
    "history_heading": Text(kk="Декларациялар тарихы", ru="История деклараций", en="Declaration history"),
    "no_declarations": Text(kk="Декларация жоқ.", ru="Деклараций нет.", en="No declarations."),
    "col_period": Text(kk="Кезең", ru="Период", en="Period"),
    "col_filed": Text(kk="Берілген күні", ru="Подана", en="Filed"),
    "col_class": Text(kk="Сыныбы", ru="Класс", en="Class"),
    "col_revenue": Text(kk="Түсім / ЖИ түсімі, ₸", ru="Выручка / от ИИ, ₸", en="Revenue / from AI, KZT"),
    "col_staff": Text(kk="Қызметкерлер / ЖИ, ТЖЭ", ru="Сотрудники / в ИИ, ЭПЗ", en="Staff / in AI, FTE"),
    "col_spend": Text(kk="Шығындар / ЖИ-ге, ₸", ru="Расходы / на ИИ, ₸", en="Costs / on AI, KZT"),
    "pivots_heading": Text(kk="Бетбұрыстар", ru="Повороты к ИИ", en="Pivots"),
    "no_pivots": Text(kk="Бетбұрыс жоқ.", ru="Поворотов нет.", en="No pivots."),
    "pivot_born_ai_native": Text(kk="AI-native болып құрылды", ru="Создана как AI-native", en="Born AI-native"),
    "pivot_pivot_to_ai": Text(kk="ЖИ-ге бетбұрыс", ru="Поворот к ИИ", en="Pivot to AI"),
    "pivot_pivot_away": Text(kk="ЖИ-ден бас тарту", ru="Отход от ИИ", en="Pivot away from AI"),
    "pivot_line": Text(
        kk="{from_period} → {to_period}, тіркелгеннен кейін {months} ай",
        ru="{from_period} → {to_period}, через {months} мес. после регистрации",
        en="{from_period} → {to_period}, {months} months after registration",
    ),
    "systems_heading": Text(kk="ЖИ жүйелері", ru="Системы ИИ", en="AI systems"),
    "no_systems": Text(kk="ЖИ жүйесі тіркелмеген.", ru="Системы ИИ не внесены.", en="No AI systems recorded."),
    "col_name": Text(kk="Атауы", ru="Название", en="Name"),
    "col_purpose": Text(kk="Мақсаты", ru="Назначение", en="Purpose"),
    "col_risk": Text(kk="Тәуекел дәрежесі", ru="Степень риска", en="Risk degree"),
    "col_autonomy": Text(kk="Дербестік дәрежесі", ru="Степень автономности", en="Autonomy degree"),
    "event_created": Text(kk="Өтінім жобасы ашылды", ru="Создан черновик заявки", en="Draft started"),
    "event_evidence_added": Text(kk="Дәлел қосылды", ru="Добавлен материал", en="Evidence added"),
    "event_updated": Text(kk="Өтінім өзгертілді", ru="Заявка изменена", en="Application changed"),
    "timeline_heading": Text(kk="Өтінім тарихы", ru="Ход заявки", en="Timeline"),
    "send_back_notes": Text(kk="Пысықтауға қайтару", ru="Возврат на доработку", en="Sent back for"),
    "decision_heading": Text(kk="Шешім", ru="Решение", en="Decision"),
    "actions_heading": Text(kk="Әрекеттер", ru="Действия", en="Actions"),
    "no_actions": Text(
        kk="Бұл күйде сіз үшін әрекет жоқ.",
        ru="В этом статусе действий для вас нет.",
        en="No action is open to you now.",
    ),
    "send_back_fields": Text(kk="Түзетілетін өрістер", ru="Что исправить", en="Fields to fix"),
    "send_back_evidence": Text(kk="Түзетілетін дәлелдер", ru="Какие материалы исправить", en="Evidence to fix"),
    "message": Text(kk="Құрылтайшыға хабарлама", ru="Сообщение основателю", en="Message to the founder"),
    "approve_note": Text(
        kk="Құрылтайшыға ескертпе (міндетті емес)",
        ru="Комментарий основателю (необязательно)",
        en="Note to the founder (optional)",
    ),
    "reason": Text(kk="Себеп", ru="Причина", en="Reason"),
    "reason_text": Text(kk="Түсіндірме", ru="Пояснение", en="Explanation"),
    "choose": Text(kk="Таңдаңыз", ru="Выберите", en="Choose"),
    # Licences.
    "licences_title": Text(kk="Лицензиялар", ru="Лицензии", en="Licences"),
    "find_licence": Text(
        kk="Лицензияны нөмірі бойынша ашу", ru="Открыть лицензию по номеру", en="Open a licence by its number"
    ),
    "open": Text(kk="Ашу", ru="Открыть", en="Open"),
    "col_number": Text(kk="Нөмірі", ru="Номер", en="Number"),
    "col_valid_until": Text(kk="Жарамдылық мерзімі", ru="Действует до", en="Valid until"),
    "col_valid": Text(kk="Жарамдылығы", ru="Срок действия", en="Validity"),
    "licence_title": Text(kk="Лицензия {number}", ru="Лицензия {number}", en="Licence {number}"),
    "status_reason": Text(kk="Күй себебі", ru="Причина статуса", en="Reason for the status"),
    "certificate": Text(kk="Куәлік", ru="Свидетельство", en="Certificate"),
    "effective_on": Text(kk="Күшіне енетін күні", ru="Дата вступления в силу", en="Takes effect on"),
    "effective_on_hint": Text(
        kk="Бос қалса — бүгін. Өткен күн — сол күннен бастап түзету.",
        ru="Если пусто — сегодня. Прошедшая дата — исправление с этого дня.",
        en="Empty: today. A day in the past corrects the record from that day on.",
    ),
    "suspend": Text(kk="Тоқтата тұру", ru="Приостановить", en="Suspend"),
    "reinstate": Text(kk="Қалпына келтіру", ru="Возобновить", en="Reinstate"),
    "revoke": Text(kk="Кері қайтарып алу", ru="Отозвать", en="Revoke"),
    "done_suspend": Text(kk="Лицензия тоқтатылды.", ru="Лицензия приостановлена.", en="The licence was suspended."),
    "done_reinstate": Text(
        kk="Лицензия қалпына келтірілді.", ru="Лицензия возобновлена.", en="The licence was reinstated."
    ),
    "done_revoke": Text(kk="Лицензия кері қайтарылды.", ru="Лицензия отозвана.", en="The licence was revoked."),
    "no_sanctions": Text(
        kk="Бұл лицензияның күйін енді өзгертуге болмайды.",
        ru="Статус этой лицензии больше нельзя изменить.",
        en="This licence's status can no longer be changed.",
    ),
    # Monitoring.
    "monitoring_title": Text(kk="Бақылау", ru="Мониторинг", en="Monitoring"),
    "monitoring_licences": Text(
        kk="Талаптарға сай болмауы мүмкін AI-native лицензия иелері",
        ru="Держатели лицензии AI-native, которые могут больше не соответствовать",
        en="AI-native licence holders that may no longer qualify",
    ),
    "monitoring_systems": Text(
        kk="Кепілдігі жоқ жоғары тәуекелді ЖИ жүйелері",
        ru="Системы ИИ высокого риска без подтверждений",
        en="High-risk AI systems without assurance",
    ),
    "col_why": Text(kk="Себебі", ru="Причина", en="Why"),
    "col_status": Text(kk="Күйі", ru="Статус", en="Status"),
}
