"""The password rule as a pure function: what it refuses, what it accepts, and that it says so in three languages."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from registry.accounts.common_passwords import LOCAL_COMMON_WORDS, TO_CYRILLIC_KEYS, TO_LATIN_KEYS
from registry.accounts.rules import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, password_problems
from registry.i18n import LANGUAGES

EMAIL = "nurlan.abenov@example.kz"
COMMON = ["password", "qwerty", "iloveyou", "dragon", "пароль", "құпиясөз", "алматы", "kazakhstan", "football"]


def codes(password: str, email: str = EMAIL, full_name: str = "Нұрлан Әбенов") -> list[str]:
    return [problem.code for problem in password_problems(password, email=email, full_name=full_name)]


@given(st.text(alphabet=" \t\n\r\u00a0\u2003", min_size=MIN_PASSWORD_LENGTH, max_size=MAX_PASSWORD_LENGTH))
def test_whitespace_only_is_refused_as_such(password: str) -> None:
    assert codes(password) == ["password.whitespace_only"]


@given(
    word=st.sampled_from(COMMON),
    suffix=st.text(alphabet="0123456789!?.", min_size=0, max_size=4),
    capitalised=st.booleans(),
)
def test_a_common_word_with_digits_or_symbols_added_is_refused(word: str, suffix: str, capitalised: bool) -> None:
    password = (word.capitalize() if capitalised else word) + suffix
    password += "1234567890"[: max(0, MIN_PASSWORD_LENGTH - len(password))]
    assert codes(password), password


@given(word=st.sampled_from(["password", "qwerty123", "dragon", "monkey"]), digits=st.integers(1000, 9999))
def test_a_common_password_typed_in_the_wrong_layout_is_refused(word: str, digits: int) -> None:
    assert codes(f"{word}{digits}".translate(TO_CYRILLIC_KEYS) + "!!"), word


@given(prefix=st.sampled_from(["", "my ", "X"]), suffix=st.sampled_from([" saxaul kettle", "#Orbit-7 lantern"]))
def test_the_emails_local_part_anywhere_is_refused(prefix: str, suffix: str) -> None:
    assert "password.contains_email" in codes(f"{prefix}NURLAN.abenov{suffix}")


def test_short_and_overlong_passwords_are_refused() -> None:
    assert codes("a" * (MIN_PASSWORD_LENGTH - 1)) == ["password.too_short"]
    assert codes("amber saxaul " * 20 + "x" * 20) == ["password.too_long"]


@pytest.mark.parametrize(
    "password",
    ["amber saxaul kettle lantern", "Nurlan rides north past Charyn", "тау бұлақ жолбарыс нейросеть", "x7#Lq9!vR2@mZ"],
)
def test_strong_passwords_pass(password: str) -> None:
    assert codes(password) == []


def test_every_local_word_is_refused_even_with_a_year() -> None:
    for word in LOCAL_COMMON_WORDS:
        password = f"{word}2026!".ljust(MIN_PASSWORD_LENGTH, "1")
        assert codes(password), password


def test_the_layout_tables_are_inverse() -> None:
    keys = "`qwertyuiop[]asdfghjkl;'zxcvbnm,.~QWERTYUIOP{}ASDFGHJKL:\"ZXCVBNM<>"
    assert keys.translate(TO_CYRILLIC_KEYS).translate(TO_LATIN_KEYS) == keys
    assert "gfhjkm".translate(TO_CYRILLIC_KEYS) == "пароль"


@pytest.mark.parametrize(
    "password",
    [" " * 12, "password1234", "qwertyuiop12", "aaaaaaaaaaaa", "abcdefghijkl", "1990-01-01!!", "Тр0ub4dor&3"],
)
def test_every_message_is_in_three_languages(password: str) -> None:
    problems = password_problems(password, email=EMAIL)
    assert problems
    for problem in problems:
        assert problem.field == "password"
        texts = [problem.message.in_language(language) for language in LANGUAGES]
        assert all(texts) and len(set(texts)) == 3
