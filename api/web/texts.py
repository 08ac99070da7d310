"""The layout's and the account pages' texts in kk, ru and en, defined once.

Each area's module keeps its own page texts beside it in the same shape (a ``dict[str, Text]``); a template reads
them with ``t("key")``, which looks in the page's area first and here second. Domain messages (refusals, field
errors) are never copied here: pages show the ``Text`` of the service's own error.
"""

from __future__ import annotations

from registry.i18n import Text

__all__ = ["LANGUAGE_NAMES", "LAYOUT_TEXTS"]

LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
"""Each language named in itself, as a language switch shows it."""

LAYOUT_TEXTS: dict[str, Text] = {
    "site_name": Text(kk="AlemAI тізілімі", ru="Реестр AlemAI", en="AlemAI Registry"),
    "site_tagline": Text(
        kk="Қазақстанның жасанды интеллект стартаптарының ұлттық тізілімі",
        ru="Национальный реестр ИИ-стартапов Казахстана",
        en="The national registry of AI startups of Kazakhstan",
    ),
    "skip_to_content": Text(kk="Негізгі мазмұнға өту", ru="Перейти к основному содержанию", en="Skip to content"),
    "main_navigation": Text(kk="Негізгі мәзір", ru="Основное меню", en="Main navigation"),
    "language": Text(kk="Тіл", ru="Язык", en="Language"),
    "account": Text(kk="Тіркелгі", ru="Учётная запись", en="Account"),
    "nav_home": Text(kk="Басты бет", ru="Главная", en="Home"),
    "nav_register": Text(kk="Тізілімнен іздеу", ru="Поиск в реестре", en="Search the register"),
    "nav_verify": Text(kk="Лицензияны тексеру", ru="Проверка лицензии", en="Verify a licence"),
    "nav_releases": Text(kk="Жариялау күнтізбесі", ru="Календарь публикаций", en="Release calendar"),
    "nav_dashboard": Text(kk="Көрсеткіштер тақтасы", ru="Панель показателей", en="Dashboard"),
    # The header's links of the founder area.
    "nav_founder_companies": Text(kk="Менің компанияларым", ru="Мои компании", en="My companies"),
    "nav_founder_applications": Text(kk="Өтінімдер", ru="Заявки", en="Applications"),
    "nav_founder_licences": Text(kk="Менің лицензияларым", ru="Мои лицензии", en="My licences"),
    # The header's links of the reviewer and admin areas (every page draws the header, so they live here).
    "nav_review_queue": Text(kk="Өтінімдер кезегі", ru="Очередь заявок", en="Queue"),
    "nav_review_licences": Text(kk="Лицензиялар", ru="Лицензии", en="Licences"),
    "nav_review_monitoring": Text(kk="Бақылау", ru="Мониторинг", en="Monitoring"),
    "nav_admin_accounts": Text(kk="Тіркелгілер", ru="Учётные записи", en="Accounts"),
    "nav_admin_rubric": Text(kk="Рубрика нұсқалары", ru="Версии рубрики", en="Rubric versions"),
    "nav_admin_calendar": Text(kk="Жариялау жоспары", ru="План публикаций", en="Release plan"),
    "sign_in": Text(kk="Кіру", ru="Войти", en="Sign in"),
    "sign_up": Text(kk="Тіркелу", ru="Зарегистрироваться", en="Sign up"),
    "sign_out": Text(kk="Шығу", ru="Выйти", en="Sign out"),
    "signed_in_as": Text(kk="Кірген тіркелгі: {email}", ru="Вы вошли как {email}", en="Signed in as {email}"),
    "role_founder": Text(kk="құрылтайшы", ru="основатель", en="founder"),
    "role_reviewer": Text(kk="сарапшы", ru="эксперт", en="reviewer"),
    "role_economist": Text(kk="экономист", ru="экономист", en="economist"),
    "role_admin": Text(kk="әкімші", ru="администратор", en="admin"),
    "footer_note": Text(
        kk="AlemAI хабының ресми тізілімі. Деректер ашық тізілімнен.",
        ru="Официальный реестр хаба AlemAI. Данные открытого реестра.",
        en="The official register of the AlemAI hub. Public register data.",
    ),
    "api_link": Text(kk="API құжаттамасы", ru="Документация API", en="API documentation"),
    "print": Text(kk="Басып шығару", ru="Печать", en="Print"),
    "form_has_errors": Text(
        kk="Пішінде қателер бар. Төмендегі өрістерді түзетіңіз.",
        ru="В форме есть ошибки. Исправьте поля ниже.",
        en="The form has errors. Correct the fields below.",
    ),
    "required": Text(kk="міндетті", ru="обязательно", en="required"),
    # The home page.
    "home_title": Text(kk="AlemAI тізілімі", ru="Реестр AlemAI", en="AlemAI Registry"),
    "home_intro": Text(
        kk="Компанияны атауы немесе БСН бойынша іздеңіз, лицензияны тексеріңіз немесе экожүйе көрсеткіштерін қараңыз.",
        ru="Найдите компанию по названию или БИН, проверьте лицензию или посмотрите показатели экосистемы.",
        en="Find a company by name or BIN, verify a licence, or look at the ecosystem's figures.",
    ),
    "home_founders": Text(
        kk="Құрылтайшылар тіркеліп, компанияны тіркей алады және AI-native лицензиясына өтініш бере алады.",
        ru="Основатели могут зарегистрироваться, внести компанию в реестр и подать заявку на лицензию AI-native.",
        en="Founders can sign up, register their company and apply for the AI-native licence.",
    ),
    # Sign-in and sign-up.
    "sign_in_title": Text(kk="Жүйеге кіру", ru="Вход в систему", en="Sign in"),
    "sign_up_title": Text(kk="Құрылтайшы ретінде тіркелу", ru="Регистрация основателя", en="Sign up as a founder"),
    "sign_up_intro": Text(
        kk="Хаб қызметкерлерінің тіркелгілерін әкімші ашады.",
        ru="Учётные записи сотрудников хаба создаёт администратор.",
        en="Hub staff accounts are created by an admin.",
    ),
    "email": Text(kk="Электрондық пошта", ru="Электронная почта", en="E-mail"),
    "password": Text(kk="Құпиясөз", ru="Пароль", en="Password"),
    "password_hint": Text(
        kk="Кемінде {count} таңба; бірнеше сөзден тұратын тіркес жақсы.",
        ru="Не менее {count} {count:символа|символов|символов}; лучше фраза из нескольких слов.",
        en="At least {count} {count:character|characters}; a phrase of several words is best.",
    ),
    "full_name": Text(kk="Толық аты-жөні", ru="Полное имя", en="Full name"),
    "preferred_language": Text(kk="Хат алмасу тілі", ru="Язык переписки", en="Preferred language"),
    "no_account": Text(kk="Тіркелгіңіз жоқ па?", ru="Нет учётной записи?", en="No account yet?"),
    "have_account": Text(kk="Тіркелгіңіз бар ма?", ru="Уже есть учётная запись?", en="Already have an account?"),
    "signed_in_home": Text(kk="Сіз жүйеге кірдіңіз.", ru="Вы вошли в систему.", en="You are signed in."),
    # Error pages.
    "error_404_title": Text(kk="Бет табылмады", ru="Страница не найдена", en="Page not found"),
    "error_404_text": Text(
        kk="Мұндай бет жоқ немесе оны көруге рұқсатыңыз жоқ.",
        ru="Такой страницы нет, или у вас нет доступа к ней.",
        en="There is no such page, or you may not see it.",
    ),
    "error_403_title": Text(kk="Рұқсат жоқ", ru="Доступ запрещён", en="Not allowed"),
    "error_403_text": Text(
        kk="Бұл әрекетке рұқсатыңыз жоқ.", ru="У вас нет прав на это действие.", en="You are not allowed to do this."
    ),
    "error_csrf_text": Text(
        kk="Пішін ескірген немесе басқа сайттан жіберілген. Бетті қайта ашып, қайталаңыз.",
        ru="Форма устарела или отправлена с другого сайта. Откройте страницу заново и повторите.",
        en="The form has expired or was sent from another site. Open the page again and retry.",
    ),
    "error_400_title": Text(kk="Сұрау жарамсыз", ru="Некорректный запрос", en="Bad request"),
    "error_500_title": Text(kk="Сервер қатесі", ru="Ошибка сервера", en="Server error"),
    "error_503_title": Text(kk="Қызмет уақытша қолжетімсіз", ru="Сервис временно недоступен", en="Unavailable"),
    "error_generic_title": Text(kk="Қате", ru="Ошибка", en="Error"),
    "error_go_home": Text(kk="Басты бетке оралу", ru="Вернуться на главную", en="Back to the home page"),
}
