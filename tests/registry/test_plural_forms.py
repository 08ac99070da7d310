"""Plural forms of the three languages, and the ``{n:one|few|many}`` placeholder that writes them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from registry.i18n import Text, plural, plural_category


@pytest.mark.parametrize(
    ("n", "category"),
    [
        *[(0, "many"), (1, "one"), (2, "few"), (4, "few"), (5, "many"), (11, "many"), (12, "many"), (14, "many")],
        *[(20, "many"), (21, "one"), (22, "few"), (25, "many"), (101, "one"), (111, "many"), (112, "many")],
        *[(122, "few"), ("3", "few"), ("1.5", "other")],
    ],
)
def test_russian_categories(n: object, category: str) -> None:
    assert plural_category(n, "ru") == category


@given(st.integers(min_value=0, max_value=200))
def test_russian_forms_follow_the_last_two_digits(n: int) -> None:
    word = plural(n, kk="күн", ru=("день", "дня", "дней"), en=("day", "days")).ru
    last, last_two = n % 10, n % 100
    if 11 <= last_two <= 14:  # 11-14 always take the genitive plural
        assert word == "дней"
    elif last == 1:
        assert word == "день"
    elif 2 <= last <= 4:
        assert word == "дня"
    else:
        assert word == "дней"
    assert plural_category(n, "ru") == plural_category(n + 100, "ru")


@given(st.integers(min_value=0, max_value=200))
def test_english_has_one_and_other_and_kazakh_one_form(n: int) -> None:
    word = plural(n, kk="күн", ru=("день", "дня", "дней"), en=("day", "days"))
    assert word.en == ("day" if n == 1 else "days")
    assert word.kk == "күн"


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, Text(kk="Кемінде 1 элемент.", ru="Не менее 1 элемента.", en="At least 1 item.")),
        (3, Text(kk="Кемінде 3 элемент.", ru="Не менее 3 элементов.", en="At least 3 items.")),
        (21, Text(kk="Кемінде 21 элемент.", ru="Не менее 21 элемента.", en="At least 21 items.")),
    ],
)
def test_a_template_picks_the_form_for_its_number(n: int, expected: Text) -> None:
    template = Text(
        kk="Кемінде {n} элемент.",
        ru="Не менее {n} {n:элемента|элементов|элементов}.",
        en="At least {n} {n:item|items}.",
    )
    assert template.format(n=n) == expected


def test_a_text_value_is_written_in_each_language() -> None:
    status = Text(kk="қолданыста", ru="действует", en="active")
    template = Text(kk="Мәртебесі: {status}.", ru="Статус: {status}.", en="Status: {status}.")
    assert template.format(status=status) == Text(
        kk="Мәртебесі: қолданыста.", ru="Статус: действует.", en="Status: active."
    )


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("Expected `array` of length >= 1", {"ru": "Не менее 1 элемента.", "en": "At least 1 item."}),
        ("Expected `str` of length <= 2", {"ru": "Не более 2 символов.", "en": "At most 2 characters."}),
        ("Expected `str` of length >= 1", {"ru": "Не менее 1 символа.", "en": "At least 1 character."}),
    ],
)
def test_validation_messages_count_correctly(message: str, expected: dict[str, str]) -> None:
    from api.i18n import translate_validation_message

    assert {language: translate_validation_message(message, language) for language in expected} == expected
