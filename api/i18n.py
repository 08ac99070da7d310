"""Choosing the response language and the HTTP layer's own messages."""

from __future__ import annotations

import re

from registry.i18n import LANGUAGES, Text

__all__ = ["HTTP_MESSAGES", "negotiate_language", "translate_validation_message"]


def negotiate_language(accept_language: str | None) -> str:
    """The best of kk/ru/en for an ``Accept-Language`` header (English when none fits)."""
    if not accept_language:
        return "en"
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept_language.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in LANGUAGES and quality > 0:
            ranked.append((-quality, position, primary))
    return sorted(ranked)[0][2] if ranked else "en"


HTTP_MESSAGES: dict[str, Text] = {
    "validation": Text(
        kk="Сұраудағы деректер жарамсыз.", ru="Данные запроса содержат ошибки.", en="The request data is not valid."
    ),
    "not_found": Text(kk="Ресурс табылмады.", ru="Ресурс не найден.", en="The resource was not found."),
    "method_not_allowed": Text(
        kk="Бұл әдіс бұл мекенжай үшін рұқсат етілмеген.",
        ru="Этот метод не разрешён для данного адреса.",
        en="This method is not allowed for this address.",
    ),
    "unauthenticated": Text(kk="Жүйеге кіру қажет.", ru="Требуется вход в систему.", en="You need to sign in."),
    "token_invalid": Text(
        kk="Кіру токені жарамсыз немесе мерзімі өткен. Қайта кіріңіз.",
        ru="Токен доступа недействителен или истёк. Войдите снова.",
        en="The access token is invalid or has expired. Sign in again.",
    ),
    "forbidden": Text(
        kk="Бұл әрекетке рұқсатыңыз жоқ.",
        ru="У вас нет прав на это действие.",
        en="You are not allowed to do this.",
    ),
    "too_large": Text(
        kk="Сұрау денесі тым үлкен (ең көбі {limit} байт).",
        ru="Тело запроса слишком большое (не более {limit} {limit:байта|байт|байт}).",
        en="The request body is too large (at most {limit} {limit:byte|bytes}).",
    ),
    "if_match_required": Text(
        kk="Бұл сұрау үшін If-Match тақырыбы қажет (ресурстың соңғы ETag мәні).",
        ru="Для этого запроса нужен заголовок If-Match (последний ETag ресурса).",
        en="This request needs an If-Match header with the resource's latest ETag.",
    ),
    "idempotency_mismatch": Text(
        kk="Бұл Idempotency-Key басқа сұрау денесімен қолданылған.",
        ru="Этот Idempotency-Key уже использован с другим телом запроса.",
        en="This Idempotency-Key was already used with a different request body.",
    ),
    "internal": Text(
        kk="Сервердің ішкі қатесі. Кейінірек қайталаңыз.",
        ru="Внутренняя ошибка сервера. Повторите позже.",
        en="Internal server error. Please try again later.",
    ),
    "bad_request": Text(kk="Сұрау жарамсыз.", ru="Некорректный запрос.", en="The request is not valid."),
    "unavailable": Text(kk="Дерекқор қолжетімсіз.", ru="База данных недоступна.", en="The database is not available."),
}

_PLACES = {
    "query": Text(kk="сұрау параметрі", ru="параметр запроса", en="query parameter"),
    "header": Text(kk="тақырып", ru="заголовок", en="header"),
    "cookie": Text(kk="cookie", ru="cookie", en="cookie"),
    "path": Text(kk="жол параметрі", ru="параметр пути", en="path parameter"),
}
"""Where Litestar looked for a missing parameter, as its message names it."""

_PATTERNS: list[tuple[re.Pattern[str], Text]] = [
    (
        re.compile(r"Missing required (?P<place>query|header|cookie|path) parameter '(?P<name>[^']+)'"),
        Text(
            kk="Міндетті {place} жоқ: {name}.",
            ru="Отсутствует обязательный {place}: {name}.",
            en="Required {place} is missing: {name}.",
        ),
    ),
    (
        re.compile(r"Invalid RFC3339 encoded (?P<type>datetime|date|time)"),
        Text(
            kk="Мәні жарамсыз ({type}): ISO 8601 / RFC 3339 пішімі қажет, мысалы {example}.",
            ru="Недопустимое значение ({type}): нужен формат ISO 8601 / RFC 3339, например {example}.",
            en="Not a valid {type}: use ISO 8601 / RFC 3339, e.g. {example}.",
        ),
    ),
    (
        re.compile(r"Expected `datetime` with a timezone component"),
        Text(
            kk="Уақыт белдеуі көрсетілуі керек (мысалы Z немесе +05:00).",
            ru="Нужно указать часовой пояс (например Z или +05:00).",
            en="A time zone is required (e.g. Z or +05:00).",
        ),
    ),
    (
        re.compile(r"Object contains unknown field `(?P<name>[^`]+)`"),
        Text(kk="Белгісіз өріс: {name}.", ru="Неизвестное поле: {name}.", en="Unknown field: {name}."),
    ),
    (
        re.compile(r"Object missing required field `(?P<name>[^`]+)`"),
        Text(
            kk="Міндетті өріс жоқ: {name}.",
            ru="Отсутствует обязательное поле: {name}.",
            en="Required field is missing: {name}.",
        ),
    ),
    (
        re.compile(r"Expected `str` of length <= (?P<n>\d+)"),
        Text(
            kk="Ең көбі {n} таңба болуы керек.",
            ru="Не более {n} {n:символа|символов|символов}.",
            en="At most {n} {n:character|characters}.",
        ),
    ),
    (
        re.compile(r"Expected `str` of length >= (?P<n>\d+)"),
        Text(
            kk="Кемінде {n} таңба болуы керек.",
            ru="Не менее {n} {n:символа|символов|символов}.",
            en="At least {n} {n:character|characters}.",
        ),
    ),
    (
        re.compile(r"Expected `array` of length <= (?P<n>\d+)"),
        Text(
            kk="Ең көбі {n} элемент болуы керек.",
            ru="Не более {n} {n:элемента|элементов|элементов}.",
            en="At most {n} {n:item|items}.",
        ),
    ),
    (
        re.compile(r"Expected `array` of length >= (?P<n>\d+)"),
        Text(
            kk="Кемінде {n} элемент болуы керек.",
            ru="Не менее {n} {n:элемента|элементов|элементов}.",
            en="At least {n} {n:item|items}.",
        ),
    ),
    (
        re.compile(r"Expected `(?:int|float|decimal)` >= (?P<n>[-\d.]+)"),
        Text(kk="Мәні кемінде {n} болуы керек.", ru="Значение должно быть не меньше {n}.", en="Must be at least {n}."),
    ),
    (
        re.compile(r"Expected `(?:int|float|decimal)` <= (?P<n>[-\d.]+)"),
        Text(kk="Мәні ең көбі {n} болуы керек.", ru="Значение должно быть не больше {n}.", en="Must be at most {n}."),
    ),
    (
        re.compile(r"Expected `str` matching regex"),
        Text(kk="Пішімі дұрыс емес.", ru="Неверный формат.", en="The format is not valid."),
    ),
    (
        re.compile(r"Invalid enum value (?P<value>.+)"),
        Text(
            kk="Рұқсат етілмеген мән: {value}.", ru="Недопустимое значение: {value}.", en="Value not allowed: {value}."
        ),
    ),
    (
        re.compile(r"Expected `(?P<type>[a-z][a-z | ]*)`(?:, got `(?P<got>[a-z]+)`)?"),
        Text(
            kk="Түрі дұрыс емес: {type} күтілді.",
            ru="Неверный тип: ожидается {type}.",
            en="Wrong type: expected {type}.",
        ),
    ),
    (
        re.compile(r"Invalid (?P<type>date|datetime|uuid|UUID|decimal|base64)"),
        Text(kk="Мәні жарамсыз ({type}).", ru="Недопустимое значение ({type}).", en="Not a valid {type}."),
    ),
]


_TYPES = {
    "str": Text(kk="мәтін", ru="строка", en="str"),
    "int": Text(kk="бүтін сан", ru="целое число", en="int"),
    "float": Text(kk="сан", ru="число", en="float"),
    "decimal": Text(kk="ондық сан", ru="десятичное число", en="decimal"),
    "bool": Text(kk="логикалық мән", ru="логическое значение", en="bool"),
    "array": Text(kk="тізім", ru="массив", en="array"),
    "object": Text(kk="объект", ru="объект", en="object"),
    "null": Text(kk="бос мән (null)", ru="пустое значение (null)", en="null"),
    "date": Text(kk="күн", ru="дата", en="date"),
    "datetime": Text(kk="күн мен уақыт", ru="дата и время", en="datetime"),
    "time": Text(kk="уақыт", ru="время", en="time"),
    "uuid": Text(kk="UUID", ru="UUID", en="uuid"),
    "UUID": Text(kk="UUID", ru="UUID", en="UUID"),
    "base64": Text(kk="Base64", ru="Base64", en="base64"),
}
"""The JSON and msgspec type names a validation message quotes, as a kk or ru reader says them."""
_EXAMPLES = {"date": "2026-11-20", "datetime": "2026-11-20T09:00:00Z", "time": "09:00:00Z"}
"""A valid value of each RFC 3339 type, quoted in the message that refuses an invalid one (a date for a moment
would be refused again)."""
_TYPE_SEPARATOR = Text(kk=" немесе ", ru=" или ", en=" | ")


def _type_words(types: str, language: str) -> str:
    """``int | null`` as «целое число или пустое значение (null)» (English keeps msgspec's names)."""
    if language not in ("kk", "ru"):
        return types
    words = [
        _TYPES.get(name.strip(), Text(kk=name, ru=name, en=name)).in_language(language) for name in types.split("|")
    ]
    return _TYPE_SEPARATOR.in_language(language).join(words)


_UNRECOGNISED = Text(kk="Мәні жарамсыз.", ru="Недопустимое значение.", en="The value is not valid.")
"""What kk and ru readers get for a framework message we have no wording for (English keeps the original)."""


def translate_validation_message(message: str, language: str) -> str:
    """Our wording of a msgspec/Litestar validation message in ``language``.

    An unrecognised message is kept as it is in English and replaced by a generic one in kk and ru, so that a
    reader who asked for Kazakh or Russian never gets an English sentence.
    """
    for pattern, text in _PATTERNS:
        match = pattern.search(message)
        if match:
            params: dict[str, object] = {key: value or "" for key, value in match.groupdict().items()}
            if "place" in params:
                params["place"] = _PLACES[str(params["place"])].in_language(language)
            if "type" in params:
                params["example"] = _EXAMPLES.get(str(params["type"]), "")
                params["type"] = _type_words(str(params["type"]), language)
            return text.format(**params).in_language(language)
    return message if language == "en" else _UNRECOGNISED.in_language(language)
