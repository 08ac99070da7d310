"""Every numeric setting has a range; outside it (or not a number) the command stops with one line naming both."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from api.cli import main
from api.setting_bounds import SETTING_BOUNDS, Bounds
from api.settings import Settings

NUMERIC_TYPES = {"int", "float", "Decimal"}


def outside(bounds: Bounds) -> list[str]:
    """Values a typo makes: zero or below the range, negative, absurdly large, not a number, not finite."""
    values = [str(bounds.low - 1), "-5", str(bounds.high * 1000), "ten", "", "nan", "inf"]
    if bounds.low > 0:
        values.append("0")
    if bounds.whole:
        values.append(str(bounds.low + Decimal("0.5")))
    return [value for value in values if value != ""]


def test_every_numeric_setting_has_bounds() -> None:
    numeric = [field.name for field in dataclasses.fields(Settings) if str(field.type) in NUMERIC_TYPES]
    assert len(numeric) == len(SETTING_BOUNDS)  # and each variable sets one of them (below)


@pytest.mark.parametrize("variable", SETTING_BOUNDS)
def test_both_ends_of_the_range_are_accepted(variable: str) -> None:
    bounds = SETTING_BOUNDS[variable]
    defaults = dataclasses.asdict(Settings())
    fields: set[str] = set()
    for end in (bounds.low, bounds.high):
        read = dataclasses.asdict(Settings.from_env({variable: str(end)}))
        changed = {name: value for name, value in read.items() if value != defaults[name]}
        assert all(Decimal(str(value)) == end for value in changed.values()), (variable, changed)
        fields |= changed.keys()
    assert len(fields) == 1, fields  # one end at least differs from the default


CASES = [(variable, value) for variable, bounds in SETTING_BOUNDS.items() for value in outside(bounds)]


@pytest.mark.parametrize(("variable", "value"), CASES, ids=[f"{variable}={value}" for variable, value in CASES])
def test_a_value_outside_the_range_stops_the_command_in_one_line(variable: str, value: str) -> None:
    result = CliRunner().invoke(main, ["db", "current"], env={variable: value, "DATABASE_URL": None})
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert result.stderr.strip().splitlines() == [
        f"Error: {variable}={value!r} is not accepted: it must be {SETTING_BOUNDS[variable].describe()}"
    ]


@pytest.mark.parametrize(
    ("variable", "described"),
    [
        ("REGISTRY_DB_POOL_TIMEOUT", "a number from 0.1 to 600 seconds"),
        ("REGISTRY_LOGIN_ATTEMPTS_PER_ACCOUNT", "a whole number from 1 to 1000"),
        ("REGISTRY_SDC_DOMINANCE_SHARE", "a number from 0.01 to 1"),
    ],
)
def test_the_range_is_said_as_an_operator_reads_it(variable: str, described: str) -> None:
    assert SETTING_BOUNDS[variable].describe() == described


def test_the_readme_gives_every_range() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    configuration = readme.partition("## Configuration")[2].partition("\n## ")[0]
    for variable, bounds in SETTING_BOUNDS.items():
        short = variable.removeprefix("REGISTRY_LOGIN_ATTEMPTS")  # the table writes `_PER_ADDRESS` after its sibling
        assert short in configuration, variable
        assert f"{bounds.low}–{bounds.high}" in configuration, variable


@pytest.mark.parametrize("variable", ["REGISTRY_LOG_JSON", "REGISTRY_SQL_ECHO"])
def test_an_on_off_setting_takes_its_words_and_stops_at_a_typo(variable: str) -> None:
    field = {"REGISTRY_LOG_JSON": "log_json", "REGISTRY_SQL_ECHO": "sql_echo"}[variable]
    for words, expected in ((("1", "true", "Yes", " on "), True), (("0", "false", "NO", "off"), False)):
        for word in words:
            assert getattr(Settings.from_env({variable: word}), field) is expected, word
    assert getattr(Settings.from_env({variable: ""}), field) is getattr(Settings(), field)
    result = CliRunner().invoke(main, ["db", "current"], env={variable: "flase", "DATABASE_URL": None})
    assert result.exit_code != 0
    assert result.stderr.strip().splitlines() == [
        f"Error: {variable}='flase' is not accepted: it must be 1/0, true/false, yes/no or on/off"
    ]
