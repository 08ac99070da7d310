"""Demo names: reproducible, complete in three languages, varied and believable."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from registry.demo.names import CompanyNames, company_names, person_name, website
from registry.search_key import search_key

CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def _draws(seed: int, count: int) -> list[tuple[CompanyNames, str, str]]:
    rng = random.Random(seed)
    return [(names := company_names(rng), website(names, rng), person_name(rng)) for _ in range(count)]


@pytest.mark.parametrize("seed", [0, 1, 2025])
def test_a_seed_reproduces_the_same_names(seed: int) -> None:
    assert _draws(seed, 200) == _draws(seed, 200)


def test_different_seeds_give_different_names() -> None:
    assert _draws(1, 50) != _draws(2, 50)


@given(st.integers(min_value=0, max_value=2**32))
def test_all_three_names_are_present_and_fit_the_columns(seed: int) -> None:
    names = company_names(random.Random(seed))
    for name in (names.name_kk, names.name_ru, names.name_en, names.brand):
        assert name.strip() == name
        assert 0 < len(name) <= 200


@given(st.integers(min_value=0, max_value=2**32))
def test_names_follow_each_languages_legal_form_convention(seed: int) -> None:
    names = company_names(random.Random(seed))
    form_kk, form_ru, form_en = {"llp": ("ЖШС", "ТОО", "LLP"), "jsc": ("АҚ", "АО", "JSC")}[names.legal_form]
    assert re.fullmatch(rf"«[^«»]+» {form_kk}", names.name_kk)
    assert re.fullmatch(rf"{form_ru} «[^«»]+»", names.name_ru)
    assert names.name_en == f"{names.brand} {form_en}"
    assert not CYRILLIC.search(names.name_en)


@given(st.integers(min_value=0, max_value=2**32))
def test_the_search_key_of_the_english_name_is_the_brands(seed: int) -> None:
    names = company_names(random.Random(seed))
    assert search_key(names.name_en) == search_key(names.brand)


def test_ten_thousand_draws_are_varied() -> None:
    rng = random.Random(7)
    brands = [company_names(rng).brand for _ in range(10_000)]
    assert len(set(brands)) >= 5_000


def test_both_scripts_and_both_legal_forms_occur() -> None:
    rng = random.Random(11)
    drawn = [company_names(rng) for _ in range(2_000)]
    assert any(CYRILLIC.search(names.name_kk) for names in drawn)
    assert any(not CYRILLIC.search(names.name_kk.removesuffix(" ЖШС")) for names in drawn)
    assert {names.legal_form for names in drawn} == {"llp", "jsc"}


@given(st.integers(min_value=0, max_value=2**32))
def test_person_names_are_two_or_three_words_in_one_script(seed: int) -> None:
    name = person_name(random.Random(seed))
    words = name.split()
    assert 2 <= len(words) <= 3
    assert len(name) <= 200
    scripts = {bool(CYRILLIC.search(word)) for word in words}
    assert len(scripts) == 1
    if scripts == {False}:
        assert len(words) == 2  # Latin names are in passport order, without a patronymic


def test_person_names_mix_scripts_and_origins() -> None:
    rng = random.Random(3)
    names = {person_name(rng) for _ in range(2_000)}
    assert len(names) > 1_000
    assert any(CYRILLIC.search(name) for name in names)
    assert any(not CYRILLIC.search(name) for name in names)
    assert any(name.endswith(("ұлы", "қызы")) for name in names)
    assert any(name.endswith(("вич", "вна")) for name in names)


@given(st.integers(min_value=0, max_value=2**32))
def test_websites_are_https_addresses_made_from_the_brand(seed: int) -> None:
    rng = random.Random(seed)
    names = company_names(rng)
    url = website(names, rng)
    match = re.fullmatch(r"https://(?:www\.)?([a-z0-9-]{1,63})\.(kz|ai|com|tech|io)", url)
    assert match is not None, url
    first_word = re.sub(r"[^a-z0-9]", "", names.brand.split()[0].lower())
    assert match.group(1).startswith(first_word)
