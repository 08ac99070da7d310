"""BIN rules: parts, check digit, and exactly which typos the check digit can and cannot catch.

The escape conditions below are derived by hand from one identity: the fallback weights are the first weights
plus 2 (mod 11) — 3 ≡ 1+2, …, 11 ≡ 9+2, 1 ≡ 10+2, 2 ≡ 11+2 — so with ``P = Σ d_i·i`` and ``S = Σ d_i`` over
the first 11 digits, the fallback sum is ``Q = P + 2S (mod 11)``. The tests check those derivations against
``parse_bin`` rather than trusting either.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from registry.companies.bin_rules import BinInfo, Division, EntityType, check_digit, make_bin, parse_bin
from registry.errors import InvalidInput

TODAY = date(2025, 6, 15)
ENTITY_TYPE_NAMES: dict[int, EntityType] = {
    4: "resident_legal_entity",
    5: "non_resident_legal_entity",
    6: "joint_individual_entrepreneurship",
}
DIVISION_NAMES: dict[int, Division] = {0: "head_office", 1: "branch", 2: "representative_office", 3: "peasant_farm"}


@st.composite
def valid_bins(draw: st.DrawFn) -> str:
    # Months from 1926-01: with TODAY in 2025 the two-digit years 26..99 mean 1926..1999.
    month = draw(st.dates(min_value=date(1926, 1, 1), max_value=TODAY)).replace(day=1)
    bin_ = make_bin(
        registration_month=month,
        entity_type_digit=draw(st.sampled_from([4, 5, 6])),
        division_digit=draw(st.integers(0, 3)),
        serial=draw(st.integers(0, 99_999)),
    )
    # About 1 prefix in 121 has no check digit; skip it rather than bias the serials.
    assume(bin_ is not None)
    assert bin_ is not None
    return bin_


def _parses(value: str) -> bool:
    try:
        parse_bin(value, today=TODAY)
    except InvalidInput:
        return False
    return True


def _error_codes(value: str) -> list[str]:
    with pytest.raises(InvalidInput) as caught:
        parse_bin(value, today=TODAY)
    return [error.code for error in caught.value.errors]


def _primary_sum(bin_: str) -> int:
    return sum(int(digit) * weight for weight, digit in enumerate(bin_[:11], start=1)) % 11


def _digit_sum(bin_: str) -> int:
    return sum(int(digit) for digit in bin_[:11])


def _well_formed(bin_: str) -> bool:
    """Month, entity type, division and not in the future: everything but the check digit."""
    year, month = int(bin_[:2]), int(bin_[2:4])
    in_future = year == TODAY.year % 100 and month > TODAY.month
    return 1 <= month <= 12 and not in_future and bin_[4] in "456" and bin_[5] in "0123"


def _change_keeps_check_digit(bin_: str, position: int, new_digit: int) -> bool:
    """Whether writing ``new_digit`` at 1-based ``position`` of a valid BIN leaves its check digit right."""
    if position == 12:
        return False  # the first 11 digits, hence the expected check digit, are unchanged
    primary, check = _primary_sum(bin_), int(bin_[11])
    delta = new_digit - int(bin_[position - 1])
    new_primary = (primary + position * delta) % 11
    if primary != 10 and new_primary != 10:
        # P moves by position·delta, 0 mod 11 only for position 11 (weight 11): the blind spot.
        return position == 11
    if primary != 10:
        # The changed number needs the fallback Q' = 10 + 2S'; the check digit stays P.
        return (10 + 2 * (_digit_sum(bin_) + delta)) % 11 == check
    if new_primary == 10:
        return False  # position 11 again: both use the fallback, which moves by 2·delta ≠ 0
    # The original's check digit came from the fallback; the changed number uses P'.
    return new_primary == check


def _swap_keeps_check_digit(bin_: str, position: int) -> bool:
    """Whether swapping the different digits at 1-based ``position`` and ``position + 1`` leaves a valid number."""
    if position == 11:
        # Digit 11 and the check digit c: P does not move (weight 11), so with P ≠ 10 the check digit must stay
        # c but is now d11 ≠ c; with P = 10 the new fallback is c + 2(c − d11), equal to d11 only if 3c ≡ 3·d11.
        return False
    primary, check = _primary_sum(bin_), int(bin_[11])
    new_primary = (primary + int(bin_[position - 1]) - int(bin_[position])) % 11  # S does not move
    if primary != 10 and new_primary != 10:
        return False  # P moves by d_i − d_(i+1), which is 1..9 away from 0 mod 11
    if primary != 10:
        return (10 + 2 * _digit_sum(bin_)) % 11 == check
    return new_primary == check


BIN_PARTS = {
    "month": st.dates(min_value=date(1926, 1, 1), max_value=TODAY),
    "entity_type_digit": st.sampled_from([4, 5, 6]),
    "division_digit": st.integers(0, 3),
    "serial": st.integers(0, 99_999),
}


@given(**BIN_PARTS)
def test_made_bins_parse_back_into_their_parts(
    month: date, entity_type_digit: int, division_digit: int, serial: int
) -> None:
    bin_ = make_bin(
        registration_month=month, entity_type_digit=entity_type_digit, division_digit=division_digit, serial=serial
    )
    assume(bin_ is not None)
    assert bin_ is not None
    assert parse_bin(f"  {bin_}\n", today=TODAY) == BinInfo(
        bin=bin_,
        registration_month=month.replace(day=1),
        entity_type=ENTITY_TYPE_NAMES[entity_type_digit],
        division=DIVISION_NAMES[division_digit],
        serial=serial,
    )


@given(**BIN_PARTS)
def test_make_bin_gives_none_exactly_when_no_check_digit_exists(
    month: date, entity_type_digit: int, division_digit: int, serial: int
) -> None:
    bin_ = make_bin(
        registration_month=month, entity_type_digit=entity_type_digit, division_digit=division_digit, serial=serial
    )
    prefix = f"{month:%y%m}{entity_type_digit}{division_digit}{serial:05d}"
    assert (bin_ is None) == (check_digit(prefix) is None)


@given(valid_bins())
def test_a_single_digit_change_is_caught_while_both_numbers_use_the_first_weights(bin_: str) -> None:
    for position in (*range(1, 11), 12):
        for new_digit in range(10):
            if new_digit == int(bin_[position - 1]):
                continue
            changed = f"{bin_[: position - 1]}{new_digit}{bin_[position:]}"
            if _primary_sum(bin_) != 10 and _primary_sum(changed) != 10:
                assert not _parses(changed), (bin_, changed)


@given(valid_bins())
def test_a_change_of_digit_11_goes_unnoticed_unless_the_fallback_weights_are_in_use(bin_: str) -> None:
    for new_digit in set(range(10)) - {int(bin_[10])}:
        changed = f"{bin_[:10]}{new_digit}{bin_[11]}"
        assert _parses(changed) == (_primary_sum(bin_) != 10), (bin_, changed)


@given(valid_bins())
def test_single_digit_changes_pass_exactly_when_the_derivation_says_so(bin_: str) -> None:
    for position in range(1, 13):
        for new_digit in set(range(10)) - {int(bin_[position - 1])}:
            changed = f"{bin_[: position - 1]}{new_digit}{bin_[position:]}"
            expected = _well_formed(changed) and _change_keeps_check_digit(bin_, position, new_digit)
            assert _parses(changed) == expected, (bin_, changed)


@given(valid_bins())
def test_an_adjacent_swap_is_caught_while_both_numbers_use_the_first_weights(bin_: str) -> None:
    for position in range(1, 12):
        swapped = f"{bin_[: position - 1]}{bin_[position]}{bin_[position - 1]}{bin_[position + 1 :]}"
        if swapped != bin_ and _primary_sum(bin_) != 10 and _primary_sum(swapped) != 10:
            assert not _parses(swapped), (bin_, swapped)


@given(valid_bins())
def test_adjacent_swaps_pass_exactly_when_the_derivation_says_so(bin_: str) -> None:
    for position in range(1, 12):
        swapped = f"{bin_[: position - 1]}{bin_[position]}{bin_[position - 1]}{bin_[position + 1 :]}"
        if swapped == bin_:
            continue
        expected = _well_formed(swapped) and _swap_keeps_check_digit(bin_, position)
        assert _parses(swapped) == expected, (bin_, swapped)


@pytest.mark.parametrize(
    ("original", "changed"),
    [
        pytest.param("971240001315", "971240001395", id="digit 11, weight 11 ≡ 0"),
        pytest.param("410350094940", "410350894940", id="digit 7, original needs the fallback weights"),
        pytest.param("720640598539", "720640589539", id="swap 8-9, changed number needs the fallback weights"),
        pytest.param("580651235628", "580651253628", id="swap 8-9, original needs the fallback weights"),
    ],
)
def test_known_typos_that_the_check_digit_cannot_catch(original: str, changed: str) -> None:
    assert parse_bin(original, today=TODAY).serial != parse_bin(changed, today=TODAY).serial


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(
            "971240001315",
            BinInfo("971240001315", date(1997, 12, 1), "resident_legal_entity", "head_office", 131),
            id="1997 head office",
        ),
        pytest.param(
            "940140000385",
            BinInfo("940140000385", date(1994, 1, 1), "resident_legal_entity", "head_office", 38),
            id="1994 head office",
        ),
        pytest.param(
            "240541000100",
            BinInfo("240541000100", date(2024, 5, 1), "resident_legal_entity", "branch", 10),
            id="2024 branch",
        ),
        pytest.param(
            "250652000047",
            BinInfo("250652000047", date(2025, 6, 1), "non_resident_legal_entity", "representative_office", 4),
            id="this month, representative office",
        ),
        pytest.param(
            " 180463000074 ",
            BinInfo("180463000074", date(2018, 4, 1), "joint_individual_entrepreneurship", "peasant_farm", 7),
            id="surrounding spaces",
        ),
    ],
)
def test_real_looking_bins_parse(value: str, expected: BinInfo) -> None:
    assert parse_bin(value, today=TODAY) == expected


@pytest.mark.parametrize(
    ("value", "codes", "english"),
    [
        ("97124000131", ["bin.length"], "A BIN has exactly 12 digits, but this one has 11."),
        ("9712400013155", ["bin.length"], "A BIN has exactly 12 digits, but this one has 13."),
        ("", ["bin.length"], "A BIN has exactly 12 digits, but this one has 0."),
        ("9712-4000131", ["bin.length"], "A BIN may contain only digits, but this one contains “-”."),
        ("９７１２４０００１３１５", ["bin.length"], "A BIN may contain only digits, but this one contains “９”."),
        (
            "971340001315",
            ["bin.month"],
            "Digits 3–4 of a BIN are the month of registration, and 13 is not a month (01–12).",
        ),
        (
            "970040001315",
            ["bin.month"],
            "Digits 3–4 of a BIN are the month of registration, and 00 is not a month (01–12).",
        ),
        ("250740000015", ["bin.future"], "The month of registration in the BIN (2025-07) is in the future."),
        ("971230001315", ["bin.entity_type"], "Digit 5 of a BIN is the entity type (4, 5 or 6), but here it is 3."),
        ("971247001315", ["bin.division"], "Digit 6 of a BIN is the division (0, 1, 2 or 3), but here it is 7."),
        ("971240001316", ["bin.check_digit"], "The check digit is 6 but should be 5."),
        (
            "980261408510",
            ["bin.check_digit"],
            "No BIN can start with 98026140851: these 11 digits have no valid check digit, so one of them is "
            "probably mistyped.",
        ),
        (
            "971379001316",
            ["bin.month", "bin.entity_type", "bin.division"],
            "Digits 3–4 of a BIN are the month of registration, and 13 is not a month (01–12).",
        ),
    ],
)
def test_each_wrong_part_is_named(value: str, codes: list[str], english: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_bin(value, today=TODAY)
    assert [error.code for error in caught.value.errors] == codes
    assert {error.field for error in caught.value.errors} == {"bin"}
    assert caught.value.code == codes[0]
    assert caught.value.message.en == english


def test_the_check_digit_message_speaks_all_three_languages() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_bin("971240001316", today=TODAY)
    message = caught.value.errors[0].message
    assert message.kk == "Бақылау цифры 6, бірақ 5 болуы керек."
    assert message.ru == "Контрольная цифра — 6, а должна быть 5."


def test_this_years_two_digits_are_this_century_and_later_ones_the_last() -> None:
    assert _error_codes("250740000015") == ["bin.future"]
    assert parse_bin("250740000015", today=date(2025, 7, 1)).registration_month == date(2025, 7, 1)
    assert parse_bin("260740000017", today=TODAY).registration_month == date(1926, 7, 1)


@pytest.mark.parametrize(
    ("first_eleven", "expected"),
    [
        ("97124000131", 5),  # first weights
        ("41035009494", 0),  # first sum 10, fallback 0
        ("98026140851", None),  # both sums 10
    ],
)
def test_check_digit(first_eleven: str, expected: int | None) -> None:
    assert check_digit(first_eleven) == expected


@pytest.mark.parametrize("first_eleven", ["9712400013", "971240001315", "97124000l31", "９７１２４０００１３１"])
def test_check_digit_needs_eleven_ascii_digits(first_eleven: str) -> None:
    with pytest.raises(ValueError, match="expected 11 digits"):
        check_digit(first_eleven)


def test_make_bin_returns_none_when_no_check_digit_exists() -> None:
    assert make_bin(registration_month=date(1998, 2, 1), entity_type_digit=6, division_digit=1, serial=40851) is None


@pytest.mark.parametrize(
    ("entity_type_digit", "division_digit", "serial", "match"),
    [(3, 0, 1, "entity type"), (4, 4, 1, "division"), (4, 0, -1, "serial"), (4, 0, 100_000, "serial")],
)
def test_make_bin_rejects_parts_out_of_range(
    entity_type_digit: int, division_digit: int, serial: int, match: str
) -> None:
    with pytest.raises(ValueError, match=match):
        make_bin(
            registration_month=TODAY,
            entity_type_digit=entity_type_digit,
            division_digit=division_digit,
            serial=serial,
        )
