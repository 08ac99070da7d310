"""Framework validation messages (msgspec, Litestar) reach kk and ru readers in their language."""

from __future__ import annotations

import re

import httpx
import pytest

from api.i18n import translate_validation_message

ENGLISH_FRAGMENTS = ("Invalid", "Missing required", "Expected", "parameter", "got `")


@pytest.mark.parametrize(
    ("message", "language", "wanted"),
    [
        ("Invalid RFC3339 encoded date", "ru", "Недопустимое значение (дата): нужен формат ISO 8601"),
        ("Invalid RFC3339 encoded datetime", "kk", "Мәні жарамсыз (күн мен уақыт)"),
        ("Invalid RFC3339 encoded date", "en", "Not a valid date: use ISO 8601 / RFC 3339, e.g. 2026-11-20."),
        # A moment's example is a moment: a day alone would be refused again.
        ("Invalid RFC3339 encoded datetime", "en", "Not a valid datetime: use ISO 8601 / RFC 3339, e.g. 2026-11-20T"),
        (
            "Invalid RFC3339 encoded datetime",
            "ru",
            "Недопустимое значение (дата и время): нужен формат ISO 8601 / RFC 3339, например 2026-11-20T09:00:00Z.",
        ),
        (
            "Missing required query parameter 'since' for path /api/v1/statistics/releases/1/changes",
            "ru",
            "Отсутствует обязательный параметр запроса: since.",
        ),
        (
            "Missing required query parameter 'from' for path /api/v1/metrics/licensing",
            "kk",
            "Міндетті сұрау параметрі жоқ: from.",
        ),
        ("Missing required header parameter 'If-Match' for path /x", "en", "Required header is missing: If-Match."),
        ("Expected `int`, got `float`", "ru", "Неверный тип: ожидается целое число."),
        ("Expected `int | null`, got `float`", "kk", "Түрі дұрыс емес: бүтін сан немесе бос мән (null) күтілді."),
        ("Expected `datetime` with a timezone component", "ru", "Нужно указать часовой пояс"),
        ("Invalid UUID", "ru", "Недопустимое значение (UUID)."),
        ("Some message no pattern knows", "ru", "Недопустимое значение."),
        ("Some message no pattern knows", "kk", "Мәні жарамсыз."),
        ("Some message no pattern knows", "en", "Some message no pattern knows"),
    ],
)
def test_framework_messages_are_worded_in_the_callers_language(message: str, language: str, wanted: str) -> None:
    assert translate_validation_message(message, language).startswith(wanted)


@pytest.mark.parametrize("language", ["kk", "ru"])
@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/companies?registered_from=2020-13-01", "registered_from"),
        ("/api/v1/companies?limit=1.5", "limit"),
        ("/api/v1/events?after=ten", "after"),
        ("/api/v1/statistics/releases/1/changes", None),
    ],
)
async def test_no_english_framework_message_reaches_a_kk_or_ru_reader(
    client: httpx.AsyncClient, language: str, url: str, field: str | None
) -> None:
    response = await client.get(url, headers={"Accept-Language": language})
    assert response.status_code == 422
    [error] = response.json()["errors"]
    if field is not None:
        assert error["field"] == field
    assert not any(fragment in error["message"] for fragment in ENGLISH_FRAGMENTS), error["message"]
    assert re.search("[а-яәіңғүұқөһ]", error["message"].lower()), error["message"]


async def test_a_missing_query_parameter_is_named_in_the_message(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/statistics/releases/1/changes", headers={"Accept-Language": "ru"})
    assert response.json()["errors"][0]["message"] == "Отсутствует обязательный параметр запроса: since."
