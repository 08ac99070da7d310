"""The founder pages' texts in kk, ru and en (the public pages' words reused where they are the same words).

Domain messages are never copied here: refusals, criteria, states and send-back fields are the services' own texts.
"""

from __future__ import annotations

from api.web.public_texts import PUBLIC_TEXTS
from registry.i18n import Text

__all__ = ["FOUNDER_TEXTS"]

_OWN: dict[str, Text] = {
    # Navigation inside the area.
    "my_companies": Text(kk="Менің компанияларым", ru="Мои компании", en="My companies"),
    "my_applications": Text(kk="Менің өтінімдерім", ru="Мои заявки", en="My applications"),
    "my_licences": Text(kk="Менің лицензияларым", ru="Мои лицензии", en="My licences"),
    "company_sections": Text(kk="Компания бөлімдері", ru="Разделы компании", en="Company sections"),
    "company_overview": Text(kk="Шолу", ru="Обзор", en="Overview"),
    "declarations": Text(kk="Декларациялар", ru="Декларации", en="Declarations"),
    "members": Text(kk="Мүшелер", ru="Участники", en="Members"),
    "company": Text(kk="Компания", ru="Компания", en="Company"),
    "actions": Text(kk="Әрекеттер", ru="Действия", en="Actions"),
    "edit": Text(kk="Өзгерту", ru="Изменить", en="Edit"),
    "save": Text(kk="Сақтау", ru="Сохранить", en="Save"),
    "choose": Text(kk="Таңдаңыз", ru="Выберите", en="Choose"),
    "none_option": Text(kk="Жоқ", ru="Нет", en="None"),
    "yes": Text(kk="иә", ru="да", en="yes"),
    "no": Text(kk="жоқ", ru="нет", en="no"),
    "public_entry": Text(kk="Тізілімдегі ашық жазба", ru="Открытая запись в реестре", en="Public register entry"),
    # Companies.
    "no_companies_yet": Text(
        kk="Сізде әлі тіркелген компания жоқ.",
        ru="У вас пока нет зарегистрированных компаний.",
        en="You have not registered a company yet.",
    ),
    "register_company": Text(kk="Компанияны тіркеу", ru="Зарегистрировать компанию", en="Register a company"),
    "register_intro": Text(
        kk="Компанияның деректерін мемлекеттік тізілімдегідей енгізіңіз. Сіз компанияның иесі боласыз.",
        ru="Введите данные компании так, как они указаны в государственном реестре. Вы станете владельцем компании.",
        en="Enter the company's data as the state register has it. You become the company's owner.",
    ),
    "register_first": Text(
        kk="Алдымен компанияны тіркеңіз.", ru="Сначала зарегистрируйте компанию.", en="Register a company first."
    ),
    "bin_hint": Text(
        kk="12 цифр: тіркелген жылы мен айы, субъект түрі, бөлімше, реттік нөмір, бақылау цифры.",
        ru="12 цифр: год и месяц регистрации, вид субъекта, подразделение, порядковый номер, контрольная цифра.",
        en="12 digits: year and month of registration, entity type, division, serial number, check digit.",
    ),
    "company_name_kk": Text(
        kk="Атауы қазақша (ресми)", ru="Название на казахском (официальное)", en="Name in Kazakh (official)"
    ),
    "company_name_ru": Text(kk="Атауы орысша", ru="Название на русском", en="Name in Russian"),
    "company_name_en": Text(kk="Атауы ағылшынша", ru="Название на английском", en="Name in English"),
    "bin_valid": Text(kk="БСН {bin} дұрыс.", ru="БИН {bin} корректен.", en="BIN {bin} is well-formed."),
    "registration_date": Text(kk="Тіркелген күні", ru="Дата регистрации", en="Registration date"),
    "registration_date_hint": Text(
        kk="БСН-дегі айдан ерте емес және бүгіннен кеш емес.",
        ru="Не раньше месяца в БИН и не позже сегодняшнего дня.",
        en="Not before the month in the BIN, and not after today.",
    ),
    "primary_activity": Text(
        kk="Негізгі қызмет түрі (ЭҚЖЖ)", ru="Основной вид деятельности (ОКЭД)", en="Primary activity (OKED)"
    ),
    "primary_activity_hint": Text(
        kk="ЭҚЖЖ бойынша бөлім немесе сынып.", ru="Раздел или класс по ОКЭД.", en="An OKED division or class."
    ),
    "other_activities": Text(kk="Басқа қызмет түрлері", ru="Другие виды деятельности", en="Other activities"),
    "other_activities_hint": Text(
        kk="ЭҚЖЖ кодтары үтір арқылы, мысалы 62.02, 63.11.",
        ru="Коды ОКЭД через запятую, например 62.02, 63.11.",
        en="OKED codes separated by commas, e.g. 62.02, 63.11.",
    ),
    "headcount": Text(kk="Қызметкерлер саны", ru="Численность сотрудников", en="Headcount"),
    "website": Text(kk="Веб-сайт", ru="Веб-сайт", en="Website"),
    "website_hint": Text(
        kk="http:// немесе https:// басталады.",
        ru="Начинается с http:// или https://.",
        en="Starts with http:// or https://.",
    ),
    "description": Text(kk="Сипаттама", ru="Описание", en="Description"),
    "edit_company": Text(kk="Компания деректерін өзгерту", ru="Изменить данные компании", en="Edit the company"),
    "edit_conflict_title": Text(
        kk="Сіз бұл бетті ашқаннан кейін компанияны басқа біреу өзгертті.",
        ru="Пока вы редактировали, компанию изменил кто-то другой.",
        en="Someone else changed the company while you were editing it.",
    ),
    "edit_conflict_text": Text(
        kk="Сіздің мәндеріңіз сақталмады. Әр өрістің астында қазіргі мәні көрсетілген. Өз мәндеріңізді қалдырғыңыз "
        "келсе, пішінді қайта жіберіңіз; әйтпесе оларды түзетіңіз.",
        ru="Ваши значения не сохранены. Под каждым изменившимся полем показано текущее значение. Чтобы оставить свои "
        "значения, отправьте форму ещё раз; иначе исправьте их.",
        en="Your values were not saved. Under each field that changed you see its current value. Send the form again "
        "to keep your values, or correct them first.",
    ),
    "current_value": Text(kk="Қазіргі мәні: {value}", ru="Текущее значение: {value}", en="Current value: {value}"),
    "empty_value": Text(kk="(бос)", ru="(пусто)", en="(empty)"),
    # Members.
    "member_role": Text(kk="Рөлі", ru="Роль", en="Role"),
    "member_role_owner": Text(kk="иесі", ru="владелец", en="owner"),
    "member_role_member": Text(kk="мүше", ru="участник", en="member"),
    "member_since": Text(kk="Қосылған күні", ru="Добавлен", en="Added on"),
    "add_member": Text(kk="Мүше қосу", ru="Добавить участника", en="Add a member"),
    "add_member_hint": Text(
        kk="Тізілімде құрылтайшы ретінде тіркелген адамның поштасы.",
        ru="Почта человека, зарегистрированного в реестре как основатель.",
        en="The e-mail of a person signed up in the registry as a founder.",
    ),
    "member_added": Text(kk="{email} қосылды.", ru="{email} добавлен(а).", en="{email} was added."),
    "owners_add_members": Text(
        kk="Мүшелерді тек компания иелері қоса алады.",
        ru="Добавлять участников могут только владельцы компании.",
        en="Only the company's owners can add members.",
    ),
    "members_remove_note": Text(
        kk="Мүшені тізілімде әзірге алып тастауға болмайды.",
        ru="Удалить участника в реестре пока нельзя.",
        en="Removing a member is not possible in the registry yet.",
    ),
    # Declarations.
    "file_declaration": Text(kk="ЖИ декларациясын тапсыру", ru="Подать ИИ-декларацию", en="File the AI declaration"),
    "declaration_intro": Text(
        kk="Аяқталған қаржы жылының (немесе тоқсанның) көрсеткіштері. Тапсырмас бұрын рубриканың бағасын көре аласыз.",
        ru="Показатели за завершённый финансовый год (или квартал). До подачи можно увидеть оценку по рубрике.",
        en="The figures of a closed fiscal year (or quarter). Before you file, you can see the rubric's evaluation.",
    ),
    "declaration_final": Text(
        kk="Тапсырылған декларация өзгермейді: түзету — сол кезеңге жаңа декларация.",
        ru="Поданная декларация не меняется: исправление — это новая декларация за тот же период.",
        en="A filed declaration never changes: a correction is a new declaration for the same period.",
    ),
    "fiscal_year": Text(kk="Қаржы жылы", ru="Финансовый год", en="Fiscal year"),
    "fiscal_year_hint": Text(
        kk="Аяқталған жыл, мысалы өткен жыл.",
        ru="Завершённый год, например прошлый.",
        en="A closed year, e.g. last year.",
    ),
    "quarter": Text(kk="Тоқсан", ru="Квартал", en="Quarter"),
    "whole_year": Text(kk="Бүкіл жыл", ru="Весь год", en="The whole year"),
    "figures": Text(kk="Көрсеткіштер", ru="Показатели", en="Figures"),
    "revenue_total": Text(kk="Жалпы түсім, теңге", ru="Общая выручка, тенге", en="Total revenue, KZT"),
    "revenue_total_hint": Text(kk="Бүтін теңге.", ru="В целых тенге.", en="Whole tenge."),
    "revenue_ai": Text(
        kk="ЖИ өнімдерінен түсім, теңге", ru="Выручка от ИИ-продуктов, тенге", en="Revenue from AI products, KZT"
    ),
    "revenue_ai_hint": Text(
        kk="Жалпы түсімнен аспайды.", ru="Не больше общей выручки.", en="Not more than the total revenue."
    ),
    "fte_total": Text(kk="Қызметкерлер (ТЖЭ)", ru="Сотрудники (ЭПЗ)", en="Staff (FTE)"),
    "fte_total_hint": Text(
        kk="Толық жұмыс күніне келтірілген, мысалы 12,5.",
        ru="В эквиваленте полной занятости, например 12,5.",
        en="Full-time equivalents, e.g. 12.5.",
    ),
    "fte_ai": Text(
        kk="ML, деректер және ЖИ инженерлері (ТЖЭ)",
        ru="ML, данные и ИИ-инженеры (ЭПЗ)",
        en="ML, data and AI engineering staff (FTE)",
    ),
    "fte_ai_hint": Text(
        kk="Жалпы саннан аспайды.", ru="Не больше общей численности.", en="Not more than the total staff."
    ),
    "opex_total": Text(kk="Операциялық шығындар, теңге", ru="Операционные расходы, тенге", en="Operating costs, KZT"),
    "opex_total_hint": Text(
        kk="Еңбекақы шығындарымен бірге.", ru="Включая расходы на персонал.", en="Staff costs included."
    ),
    "opex_ai": Text(
        kk="ЖИ ҒЗТКЖ және есептеу шығындары, теңге",
        ru="Расходы на ИИ-НИОКР и вычисления, тенге",
        en="AI R&D and compute costs, KZT",
    ),
    "opex_ai_hint": Text(
        kk="Операциялық шығындардан аспайды.",
        ru="Не больше операционных расходов.",
        en="Not more than the operating costs.",
    ),
    "owns_data_library": Text(
        kk="Компанияның өз деректер кітапханасы бар",
        ru="У компании есть собственная библиотека данных",
        en="The company owns a data library",
    ),
    "ai_products": Text(kk="ЖИ өнімдері", ru="ИИ-продукты", en="AI products"),
    "ai_products_hint": Text(
        kk="Атауы бос өнім жіберілмейді.",
        ru="Продукт без названия не отправляется.",
        en="A product left without a name is not sent.",
    ),
    "product_number": Text(kk="{n}-өнім", ru="Продукт {n}", en="Product {n}"),
    "product_name": Text(kk="Өнім атауы", ru="Название продукта", en="Product name"),
    "product_description": Text(kk="Өнім сипаттамасы", ru="Описание продукта", en="Product description"),
    "is_core": Text(
        kk="ЖИ-сіз өнім жұмыс істемейді (негізгі)",
        ru="Без ИИ продукт не работает (ключевой)",
        en="Without the AI the product stops working (core)",
    ),
    "provenance": Text(kk="Модельдің шығу тегі", ru="Происхождение модели", en="Model provenance"),
    "provenance_own_trained": Text(kk="өзіміз оқытқан", ru="обучена самостоятельно", en="own trained"),
    "provenance_fine_tuned": Text(kk="өзіміз бейімдеген", ru="дообучена", en="fine-tuned"),
    "provenance_third_party_api": Text(kk="сыртқы API", ru="сторонний API", en="third-party API"),
    "stage": Text(kk="Кезеңі", ru="Стадия", en="Stage"),
    "stage_research": Text(kk="зерттеу", ru="исследование", en="research"),
    "stage_pilot": Text(kk="пилот", ru="пилот", en="pilot"),
    "stage_production": Text(kk="өнеркәсіптік пайдалану", ru="промышленная эксплуатация", en="production"),
    "product_system": Text(kk="Тізілімдегі ЖИ жүйесі", ru="ИИ-система в реестре", en="AI system in the register"),
    "preview_evaluation": Text(kk="Бағаны алдын ала көру", ru="Предварительная оценка", en="Preview the evaluation"),
    "file_it": Text(kk="Декларацияны тапсыру", ru="Подать декларацию", en="File the declaration"),
    "rubric_preview": Text(kk="Рубрика бойынша баға", ru="Оценка по рубрике", en="The rubric's evaluation"),
    "preview_hint": Text(
        kk="Көрсеткіштерді енгізіңіз: баға осы жерде көрсетіледі (скриптсіз — «Бағаны алдын ала көру» батырмасы).",
        ru="Введите показатели: оценка появится здесь (без скриптов — кнопка «Предварительная оценка»).",
        en="Enter the figures: the evaluation appears here (without scripts, use “Preview the evaluation”).",
    ),
    "preview_needs_fixes": Text(
        kk="Бағалау үшін мынаны түзетіңіз:", ru="Для оценки исправьте:", en="To evaluate, correct:"
    ),
    "evaluation_class": Text(kk="Сынып", ru="Класс", en="Class"),
    "flag_pre_revenue": Text(kk="түсімге дейінгі кезең", ru="до выручки", en="pre-revenue"),
    "passed": Text(kk="орындалды", ru="выполнен", en="passed"),
    "failed": Text(kk="орындалмады", ru="не выполнен", en="failed"),
    "reported_only": Text(kk="тек ақпарат үшін", ru="только для сведения", en="reported only"),
    "value": Text(kk="Мәні", ru="Значение", en="Value"),
    "threshold": Text(kk="Шегі", ru="Порог", en="Threshold"),
    "ai_class_now": Text(kk="Қазіргі ЖИ сыныбы", ru="Текущий класс ИИ", en="AI class now"),
    "ai_class_from": Text(
        kk="{period} кезеңінің декларациясы бойынша.",
        ru="По декларации за {period}.",
        en="From the declaration for {period}.",
    ),
    "no_declarations": Text(kk="Әлі декларация жоқ.", ru="Деклараций пока нет.", en="No declarations yet."),
    "declaration_history": Text(kk="Декларациялар тарихы", ru="История деклараций", en="Declaration history"),
    "filed_on": Text(kk="Тапсырылған күні", ru="Подана", en="Filed on"),
    "rubric_version": Text(kk="Рубрика нұсқасы", ru="Версия рубрики", en="Rubric version"),
    "state": Text(kk="Күйі", ru="Состояние", en="State"),
    "current": Text(kk="күшінде", ru="действует", en="current"),
    "superseded": Text(kk="ауыстырылған", ru="заменена", en="superseded"),
    "correct_declaration": Text(kk="Декларацияны түзету", ru="Исправить декларацию", en="Correct the declaration"),
    "pivots": Text(kk="ЖИ-ге бетбұрыс", ru="Развороты к ИИ", en="Pivots"),
    "no_pivots": Text(kk="Бетбұрыс әлі тіркелмеген.", ru="Разворотов пока нет.", en="No pivots recorded."),
    "pivot_born_ai_native": Text(kk="Басынан AI-native", ru="AI-native с рождения", en="Born AI-native"),
    "pivot_pivot_to_ai": Text(kk="ЖИ-ге бетбұрыс", ru="Разворот к ИИ", en="Pivot to AI"),
    "pivot_pivot_away": Text(kk="ЖИ-ден кету", ru="Отход от ИИ", en="Pivot away from AI"),
    "retracted": Text(kk="күшін жойған", ru="отозвано", en="retracted"),
    "reviewer_asks_to_fix": Text(
        kk="Сарапшы мына өрістерді түзетуді сұрады:", ru="Эксперт просит исправить:", en="The reviewer asks you to fix:"
    ),
    "named_by_reviewer": Text(kk="Сарапшы атап өтті", ru="Указано экспертом", en="Named by the reviewer"),
    # Applications.
    "start_application": Text(kk="Лицензияға өтінім беру", ru="Подать заявку на лицензию", en="Apply for a licence"),
    "start_application_for": Text(
        kk="{name}: лицензияға өтінім", ru="{name}: заявка на лицензию", en="{name}: apply for a licence"
    ),
    "no_applications": Text(kk="Әлі өтінім жоқ.", ru="Заявок пока нет.", en="No applications yet."),
    "requirements": Text(kk="Талаптар", ru="Требования", en="Requirements"),
    "benefits": Text(kk="Артықшылықтар", ru="Преимущества", en="Benefits"),
    "validity_months": Text(
        kk="Мерзімі: {n} ай.",
        ru="Срок действия: {n} {n:месяц|месяца|месяцев}.",
        en="Valid for {n} {n:month|months}.",
    ),
    "declaration_relied_on": Text(kk="Сүйенетін декларация", ru="Декларация для заявки", en="Declaration relied on"),
    "declaration_relied_on_hint": Text(
        kk="AI-native лицензиясы мен жаңарту соңғы жабылған қаржы жылының декларациясына сүйенеді.",
        ru="Лицензия AI-native и продление опираются на декларацию за последний закрытый финансовый год.",
        en="The AI-native licence and every renewal rely on the declaration for the last closed fiscal year.",
    ),
    "declare_first": Text(
        kk="Алдымен ЖИ декларациясын тапсырыңыз.",
        ru="Сначала подайте ИИ-декларацию.",
        en="File an AI declaration first.",
    ),
    "create_draft": Text(kk="Жоба жасау", ru="Создать черновик", en="Create the draft"),
    "renewal": Text(kk="Жаңарту", ru="Продление", en="Renewal"),
    "renewal_of": Text(kk="{number} жаңарту", ru="продление {number}", en="renewal of {number}"),
    "submitted_on": Text(kk="Тапсырылды", ru="Подана", en="Submitted on"),
    "decision_due": Text(kk="Шешім мерзімі", ru="Срок решения", en="Decision due"),
    "licence": Text(kk="Лицензия", ru="Лицензия", en="Licence"),
    "reason": Text(kk="Себебі", ru="Причина", en="Reason"),
    "decision_text": Text(kk="Сарапшының сөзі", ru="Комментарий эксперта", en="The reviewer's words"),
    "sent_back_title": Text(
        kk="Өтінім пысықтауға қайтарылды", ru="Заявка возвращена на доработку", en="Sent back for changes"
    ),
    "named_fields": Text(kk="Түзету керек:", ru="Нужно исправить:", en="To fix:"),
    "named_evidence_note": Text(
        kk="Сарапшы атаған дәлелдер төменде белгіленген.",
        ru="Материалы, на которые указал эксперт, отмечены ниже.",
        en="The evidence the reviewer named is marked below.",
    ),
    "answer_send_back": Text(
        kk="Түзетіп, дәлел қосып, өтінімді қайта тапсырыңыз.",
        ru="Исправьте, добавьте материалы и подайте заявку снова.",
        en="Make the changes, add evidence, and submit the application again.",
    ),
    "evaluation_at_submission": Text(kk="Тапсырғандағы баға", ru="Оценка при подаче", en="Evaluation at submission"),
    "evaluation_of_declaration": Text(
        kk="Декларацияның бағасы (тапсырғанда қайта есептеледі)",
        ru="Оценка декларации (пересчитывается при подаче)",
        en="The declaration's evaluation (evaluated again on submission)",
    ),
    "relies_on": Text(
        kk="{period} декларациясына сүйенеді.",
        ru="Опирается на декларацию за {period}.",
        en="Relies on the declaration for {period}.",
    ),
    "no_evaluation": Text(kk="Баға жоқ.", ru="Оценки нет.", en="No evaluation."),
    "declaration_and_note": Text(
        kk="Декларация және түсініктеме", ru="Декларация и пояснение", en="Declaration and note"
    ),
    "founder_note": Text(kk="Сарапшыға түсініктеме", ru="Пояснение для эксперта", en="Note to the reviewer"),
    "founder_note_hint": Text(kk="Ең көбі 4000 таңба.", ru="Не более 4000 символов.", en="At most 4000 characters."),
    "evidence": Text(kk="Дәлелдер", ru="Подтверждающие материалы", en="Evidence"),
    "no_evidence": Text(kk="Әлі дәлел жоқ.", ru="Материалов пока нет.", en="No evidence yet."),
    "add_evidence": Text(kk="Дәлел қосу", ru="Добавить материал", en="Add evidence"),
    "upload_limits": Text(
        kk="Не сілтеме, не бір файл: {types}, ең көбі {size} МБ. Файл мазмұны бойынша тексеріледі; белсенді мазмұны "
        "бар PDF (скрипттер, ендірілген файлдар) қабылданбайды.",
        ru="Либо ссылка, либо один файл: {types}, не больше {size} МБ. Файл проверяется по содержимому; PDF с "
        "активным содержимым (скрипты, вложенные файлы) не принимается.",
        en="Either a URL or one file: {types}, at most {size} MB. The file is checked by its content; a PDF with "
        "active content (scripts, embedded files) is refused.",
    ),
    "file_hint": Text(
        kk="{types}, ең көбі {size} МБ, бір файл.",
        ru="{types}, не больше {size} МБ, один файл.",
        en="{types}, at most {size} MB, one file.",
    ),
    "evidence_kind": Text(kk="Дәлел түрі", ru="Вид материала", en="Kind of evidence"),
    "kind_code_repository": Text(kk="Код репозиторийі", ru="Репозиторий кода", en="Code repository"),
    "kind_model_card": Text(kk="Модель картасы", ru="Карточка модели", en="Model card"),
    "kind_client_letter": Text(kk="Клиент хаты", ru="Письмо клиента", en="Client letter"),
    "kind_invoice": Text(kk="Шот-фактура", ru="Счёт-фактура", en="Invoice"),
    "kind_public_product_page": Text(
        kk="Өнімнің ашық беті", ru="Публичная страница продукта", en="Public product page"
    ),
    "kind_other": Text(kk="Басқа", ru="Другое", en="Other"),
    "evidence_description": Text(kk="Сипаттама", ru="Описание", en="Description"),
    "evidence_url": Text(kk="Сілтеме", ru="Ссылка", en="URL"),
    "evidence_url_hint": Text(
        kk="Файл жүктесеңіз, бос қалдырыңыз.",
        ru="Оставьте пустым, если загружаете файл.",
        en="Leave empty when you upload a file.",
    ),
    "evidence_file": Text(kk="Файл", ru="Файл", en="File"),
    "next_steps": Text(kk="Келесі қадамдар", ru="Дальнейшие действия", en="Next steps"),
    "submit_application": Text(kk="Өтінімді тапсыру", ru="Подать заявку", en="Submit the application"),
    "resubmit": Text(kk="Қайта тапсыру", ru="Подать снова", en="Submit again"),
    "submit_failing_note": Text(
        kk="Декларация AI-native деп бағаланбайды. Өтінімді бәрібір тапсыруға болады: шешімді сарапшы қабылдайды.",
        ru="Декларация не оценивается как AI-native. Заявку всё равно можно подать: решение примет эксперт.",
        en="The declaration does not evaluate as AI-native. You can still submit: a reviewer decides.",
    ),
    "withdraw": Text(kk="Өтінімді кері қайтарып алу", ru="Отозвать заявку", en="Withdraw the application"),
    "messages": Text(kk="Хабарламалар", ru="Сообщения", en="Messages"),
    # Licences.
    "public_verification": Text(kk="Ашық тексеру", ru="Публичная проверка", en="Public verification"),
    "renew": Text(kk="Жаңарту", ru="Продлить", en="Renew"),
    "renewal_note": Text(
        kk="Лицензияны мерзімі бітуге {days} күн қалғанда жаңартуға болады.",
        ru="Продлить лицензию можно за {days} {days:день|дня|дней} до окончания срока.",
        en="A licence can be renewed from {days} {days:day|days} before it expires.",
    ),
    # AI systems.
    "record_ai_system": Text(kk="ЖИ жүйесін тіркеу", ru="Внести ИИ-систему", en="Record an AI system"),
    "edit_ai_system": Text(kk="ЖИ жүйесін өзгерту", ru="Изменить ИИ-систему", en="Edit the AI system"),
    "not_your_system": Text(kk="ЖИ жүйесі табылмады.", ru="ИИ-система не найдена.", en="AI system not found."),
    "system_name": Text(kk="Сауда атауы", ru="Торговое название", en="Trade name"),
    "system_version": Text(kk="Нұсқасы", ru="Версия", en="Version"),
    "data_and_logic": Text(
        kk="Деректер мен логика (қысқаша)", ru="Данные и логика (кратко)", en="Data and logic (short)"
    ),
    "system_status": Text(kk="Күйі", ru="Статус", en="Status"),
    "degrees_hint": Text(
        kk="Дәрежелерді жүйе иесі белгілейді (ЖИ туралы заң, 17-бап); тізілім оны жазып алады.",
        ru="Степени присваивает владелец системы (закон об ИИ, статья 17); реестр их записывает.",
        en="The system's owner assigns the degrees (AI law, Article 17); the registry records them.",
    ),
    "degrees_declared_on": Text(kk="Дәрежелер жарияланған күн", ru="Степени заявлены", en="Degrees declared on"),
    "synthetic_output_labelled": Text(
        kk="Синтетикалық нәтиже таңбаланады",
        ru="Синтетический результат маркируется",
        en="Synthetic output is labelled",
    ),
}

FOUNDER_TEXTS: dict[str, Text] = {**PUBLIC_TEXTS, **_OWN}
"""The founder pages' texts: the public pages' words (BIN, region, licence …) and the founder's own."""
