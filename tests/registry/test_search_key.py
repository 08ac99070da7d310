"""The search key: Kazakh, Russian and English spellings of one name meet; the key is stable and plain ASCII."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from registry.search_key import search_key

KEY_SHAPE = re.compile(r"(?:[a-z0-9]+(?: [a-z0-9]+)*)?")

# Letters where the folds interact (q, kh, x, c, ch, j, dzh, ph, y, ye, tech, doubled letters) in both scripts.
tricky_text = st.text(
    alphabet=st.sampled_from(list("acdeghijknpqstwxyz hkqc'-«»") + list("ИиЙйЖжХхЁёҚқҒғІіЫыЬьДдЗзЧчЯяЮюШщ")),
    max_size=30,
)


def _trigrams(text: str) -> set[str]:
    """pg_trgm's trigrams: each word padded with two spaces before and one after."""
    grams: set[str] = set()
    for word in text.split():
        padded = f"  {word} "
        grams.update(padded[index : index + 3] for index in range(len(padded) - 2))
    return grams


def _similarity(left: str, right: str) -> float:
    """pg_trgm's ``similarity``: shared trigrams over all trigrams."""
    left_grams, right_grams = _trigrams(left), _trigrams(right)
    return len(left_grams & right_grams) / len(left_grams | right_grams)


@pytest.mark.parametrize(
    "spellings",
    [
        pytest.param(["Qazaq AI", "Казак ИИ", "Қазақ AI", "Kazakh AI", "kazak ai"], id="qazaq ai"),
        pytest.param(
            ["«Қазақ AI» ТОО", "Qazaq AI LLP", "ТОО «Казак ИИ»", "АО «Kazakh AI»", "Қазақ ЖИ ЖШС"], id="legal forms"
        ),
        pytest.param(["Алматы Дата Лабс", "Almaty Data Labs", "ТОО «Алматы Дата Лабс»"], id="almaty data labs"),
        pytest.param(["«Тұлпар Дата» ЖШС", "ТОО «Тулпар Дата»", "Tulpar Data LLP"], id="tulpar data"),
        pytest.param(["Көкжиек Аналитикс", "Kókzhiek Analytics", "Kokzhiek Analytics"], id="kokzhiek"),
        pytest.param(["Қазақстан", "Казахстан", "Kazakhstan", "Qazaqstan"], id="kazakhstan"),
        pytest.param(["Ақыл Системс", "Акыл Системс", "Aqyl Systems"], id="aqyl"),
        pytest.param(["Бәйтерек Агротех", "Байтерек Агротех", "Baiterek AgroTech", "Bayterek Agrotech"], id="baiterek"),
        pytest.param(["Жол Робот", "Jol Robot", "Zhol Robot"], id="kazakh latin j"),
        pytest.param(["Максат Софт", "Maxat Soft", "Maksat Soft"], id="x"),
        pytest.param(["Синема Роботикс", "Cinema Robotics"], id="c"),
        pytest.param(["Ермек Дата", "Yermek Data"], id="leading ye"),
        pytest.param(["Şırın Data", "Шырын Дата", "Shyryn Data"], id="kazakh latin 2021"),
        pytest.param(["Qazaq AI™", "Qazaq AI ®", "“Qazaq AI”", "qazaq-ai", "  QAZAQ   AI  "], id="symbols"),
        pytest.param(
            [
                "Товарищество с ограниченной ответственностью «Қазақ AI»",
                "«Қазақ AI» жауапкершілігі шектеулі серіктестігі",
                "Qazaq AI Limited Liability Partnership",
                "Qazaq Artificial Intelligence",
                "Қазақ жасанды интеллект",
            ],
            id="spelled out",
        ),
    ],
)
def test_spellings_of_one_name_share_a_key(spellings: list[str]) -> None:
    assert len({search_key(spelling) for spelling in spellings}) == 1, [search_key(s) for s in spellings]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Qazaq AI", "kazak ai"),
        ("«Тұлпар Дата» ЖШС", "tulpar data"),
        ("Степп Роботикс", "step robotiks"),
        ("Щедрый Ёж", "shedri ezh"),
        ("Moody's Analytics", "modis analitiks"),
        ("Data №1", "data 1"),
        ("", ""),
        ("«»—!?", ""),
        ("深度学习", ""),
    ],
)
def test_key_examples(text: str, key: str) -> None:
    assert search_key(text) == key


@pytest.mark.parametrize(
    ("text", "key"),
    [
        pytest.param("ИИ", "ai", id="russian"),
        pytest.param("ЖИ", "ai", id="kazakh"),
        pytest.param("A.I.", "a i", id="dotted letters stay letters"),
        pytest.param("Данные и аналитика", "danie i analitika", id="the conjunction и is not ИИ"),
        pytest.param("искусственного интеллекта центр", "ai tsentr", id="genitive phrase"),
    ],
)
def test_ai_abbreviations(text: str, key: str) -> None:
    assert search_key(text) == key


@pytest.mark.parametrize(
    ("text", "key"),
    [
        pytest.param("ТОО", "to", id="a lone legal form is kept"),
        pytest.param("LLP LLC", "lp lk", id="nothing but legal forms is kept"),
        pytest.param("Data AO Systems", "data ao sistems", id="kept in the middle"),
        pytest.param("АО ТОО Data", "data", id="several at the start"),
        pytest.param("Data Ltd. Inc.", "data", id="several at the end"),
    ],
)
def test_legal_forms_are_dropped_only_at_the_ends(text: str, key: str) -> None:
    assert search_key(text) == key


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Tulpra Data", "ТОО «Тулпар Дата»"),
        ("Алматы Дата Лаб", "Almaty Data Labs LLP"),
        ("Kazakh Robotix", "«Қазақ Роботикс» ЖШС"),
        ("Samruk Vision", "ТОО «Самрук Вижн»"),
    ],
)
def test_small_typos_stay_above_pg_trgm_default_threshold(typed: str, stored: str) -> None:
    assert _similarity(search_key(typed), search_key(stored)) >= 0.3


@given(st.text())
def test_key_of_any_text_is_plain_ascii_words(text: str) -> None:
    assert KEY_SHAPE.fullmatch(search_key(text))


@given(st.one_of(st.text(), tricky_text))
def test_key_is_idempotent(text: str) -> None:
    key = search_key(text)
    assert search_key(key) == key


@given(tricky_text)
def test_key_of_tricky_text_is_plain_ascii_words(text: str) -> None:
    assert KEY_SHAPE.fullmatch(search_key(text))
