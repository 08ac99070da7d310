"""Reference data shipped with the package: OKED activities and KATO regions."""

import csv
import re
import string
from functools import cache
from importlib.resources import files

import pytest

OKED_COLUMNS = ["code", "level", "parent_code", "section", "name_kk", "name_ru", "name_en"]
REGION_COLUMNS = ["kato", "kind", "name_en", "name_ru", "name_kk"]
NAME_COLUMNS = ("name_kk", "name_ru", "name_en")
KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")

SECTIONS = list(string.ascii_uppercase[:21])  # A..U
# NACE Rev. 2 divisions, by section (OKED NK RK 03-2019 keeps the same divisions).
DIVISIONS_BY_SECTION = {
    "A": ["01", "02", "03"],
    "B": ["05", "06", "07", "08", "09"],
    "C": [f"{n:02d}" for n in range(10, 34)],
    "D": ["35"],
    "E": ["36", "37", "38", "39"],
    "F": ["41", "42", "43"],
    "G": ["45", "46", "47"],
    "H": ["49", "50", "51", "52", "53"],
    "I": ["55", "56"],
    "J": ["58", "59", "60", "61", "62", "63"],
    "K": ["64", "65", "66"],
    "L": ["68"],
    "M": ["69", "70", "71", "72", "73", "74", "75"],
    "N": ["77", "78", "79", "80", "81", "82"],
    "O": ["84"],
    "P": ["85"],
    "Q": ["86", "87", "88"],
    "R": ["90", "91", "92", "93"],
    "S": ["94", "95", "96"],
    "T": ["97", "98"],
    "U": ["99"],
}
DIVISION_SECTION = {div: sec for sec, divs in DIVISIONS_BY_SECTION.items() for div in divs}
# Groups and classes seeded for the divisions that matter for AI companies.
CLASSES_BY_GROUP = {
    "58.1": ["58.11", "58.12", "58.13", "58.14", "58.19"],
    "58.2": ["58.21", "58.29"],
    "62.0": ["62.01", "62.02", "62.03", "62.09"],
    "63.1": ["63.11", "63.12"],
    "63.9": ["63.91", "63.99"],
    "72.1": ["72.11", "72.19"],
    "72.2": ["72.20"],
}
DETAILED_DIVISIONS = {"58", "62", "63", "72"}
CODE_PATTERNS = {
    "section": re.compile(r"[A-U]"),
    "division": re.compile(r"\d{2}"),
    "group": re.compile(r"\d{2}\.\d"),
    "class": re.compile(r"\d{2}\.\d{2}"),
}


def _load(name: str) -> tuple[list[str], list[dict[str, str]]]:
    resource = files("registry.reference") / "data" / name
    with resource.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


@cache
def oked() -> tuple[list[str], list[dict[str, str]]]:
    return _load("oked.csv")


@cache
def regions() -> tuple[list[str], list[dict[str, str]]]:
    return _load("regions.csv")


def oked_by_code() -> dict[str, dict[str, str]]:
    return {row["code"]: row for row in oked()[1]}


def oked_level(level: str) -> list[dict[str, str]]:
    return [row for row in oked()[1] if row["level"] == level]


def has_kazakh_letter(text: str) -> bool:
    return any(ch in KAZAKH_LETTERS for ch in text)


def test_oked_columns() -> None:
    assert oked()[0] == OKED_COLUMNS


def test_oked_file_has_no_bom() -> None:
    raw = (files("registry.reference") / "data" / "oked.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")


def test_oked_codes_unique() -> None:
    codes = [row["code"] for row in oked()[1]]
    assert len(codes) == len(set(codes))


def test_oked_levels_are_known() -> None:
    assert {row["level"] for row in oked()[1]} == set(CODE_PATTERNS)


def test_oked_codes_match_their_level() -> None:
    bad = [row["code"] for row in oked()[1] if not CODE_PATTERNS[row["level"]].fullmatch(row["code"])]
    assert bad == []


def test_oked_has_all_21_sections() -> None:
    sections = oked_level("section")
    assert [row["code"] for row in sections] == SECTIONS
    for row in sections:
        assert row["parent_code"] == ""
        assert row["section"] == row["code"]


def test_oked_has_all_88_divisions() -> None:
    divisions = oked_level("division")
    assert len(divisions) == 88
    assert {row["code"] for row in divisions} == set(DIVISION_SECTION)


@pytest.mark.parametrize(("division", "section"), sorted(DIVISION_SECTION.items()))
def test_oked_division_parent_is_its_section(division: str, section: str) -> None:
    row = oked_by_code()[division]
    assert row["level"] == "division"
    assert row["parent_code"] == section
    assert row["section"] == section
    assert oked_by_code()[section]["level"] == "section"


@pytest.mark.parametrize("group", sorted(CLASSES_BY_GROUP))
def test_oked_group_parent_is_its_division(group: str) -> None:
    row = oked_by_code()[group]
    assert row["level"] == "group"
    assert row["parent_code"] == group[:2]
    assert row["section"] == DIVISION_SECTION[group[:2]]


@pytest.mark.parametrize(
    ("klass", "group"),
    [(klass, group) for group, classes in sorted(CLASSES_BY_GROUP.items()) for klass in classes],
)
def test_oked_class_present_with_group_parent(klass: str, group: str) -> None:
    row = oked_by_code()[klass]
    assert row["level"] == "class"
    assert row["parent_code"] == group
    assert row["section"] == DIVISION_SECTION[group[:2]]


def test_oked_groups_and_classes_only_for_seeded_divisions() -> None:
    groups = {row["code"] for row in oked_level("group")}
    classes = {row["code"] for row in oked_level("class")}
    assert groups == set(CLASSES_BY_GROUP)
    assert classes == {klass for group in CLASSES_BY_GROUP.values() for klass in group}
    assert {code[:2] for code in groups | classes} == DETAILED_DIVISIONS


def test_oked_every_parent_exists_and_section_is_consistent() -> None:
    by_code = oked_by_code()
    for row in oked()[1]:
        if row["level"] == "section":
            continue
        parent = by_code[row["parent_code"]]
        assert parent["section"] == row["section"], row["code"]


@pytest.mark.parametrize("column", NAME_COLUMNS)
def test_oked_names_not_empty(column: str) -> None:
    empty = [row["code"] for row in oked()[1] if not row[column].strip()]
    assert empty == []


def test_oked_names_have_no_stray_whitespace() -> None:
    for row in oked()[1]:
        for column in NAME_COLUMNS:
            value = row[column]
            assert value == value.strip(), (row["code"], column)
            assert "  " not in value, (row["code"], column)


def test_oked_kazakh_names_use_kazakh_letters() -> None:
    rows = oked()[1]
    with_letters = sum(has_kazakh_letter(row["name_kk"]) for row in rows)
    assert with_letters / len(rows) > 0.5


def test_oked_russian_and_english_names_are_not_kazakh() -> None:
    for row in oked()[1]:
        assert not has_kazakh_letter(row["name_ru"]), row["code"]
        assert row["name_en"].isascii(), row["code"]


def test_oked_ai_relevant_names() -> None:
    by_code = oked_by_code()
    assert by_code["62.01"]["name_en"] == "Computer programming activities"
    assert by_code["72"]["name_ru"] == "Научные исследования и разработки"
    assert by_code["J"]["name_kk"] == "Ақпарат және байланыс"


def test_regions_columns() -> None:
    assert regions()[0] == REGION_COLUMNS


def test_regions_has_20_first_level_units() -> None:
    rows = regions()[1]
    assert len(rows) == 20
    assert len({row["kato"] for row in rows}) == 20
    kinds = [row["kind"] for row in rows]
    assert kinds.count("region") == 17
    assert kinds.count("city") == 3


@pytest.mark.parametrize("row", regions()[1], ids=lambda row: row["kato"])
def test_region_row(row: dict[str, str]) -> None:
    assert re.fullmatch(r"\d{9}", row["kato"])
    for column in NAME_COLUMNS:
        assert row[column].strip(), column
