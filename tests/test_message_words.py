"""Every message a person reads in Kazakh or Russian is a sentence in that language, never an internal code.

The texts are collected three ways, so that none escapes:

* every ``Text(...)`` written in the source of ``registry``, ``licensing`` and ``api`` (read with ``ast``; a
  ``kk=``/``ru=`` argument that names a module constant or is an f-string is resolved or read by its literal parts);
* every :class:`~registry.i18n.Text` reachable from a module's globals once imported (dicts, tuples and dataclasses
  of texts: the reason catalogue, the licence types, the data dictionary, texts read from data files);
* the messages that factories build from a status, an action or a class, called with every value they take.

A Latin word in a kk or ru text fails the test unless it is in :data:`ALLOWED`, which says why each one is there.
``{placeholder}`` names are not read: they are filled before anyone sees the text.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from collections.abc import Iterator
from dataclasses import fields, is_dataclass
from pathlib import Path
from types import MappingProxyType, ModuleType
from typing import Any

import pytest

from api.i18n import translate_validation_message
from licensing import evidence, monitoring
from licensing.documents import sniff_document
from licensing.errors import company_not_active, licence_transition_not_allowed
from licensing.monitoring import REASONS
from licensing.workflow import ApplicationState
from registry.errors import DomainError
from registry.i18n import Text
from registry.statistics.dictionary import METRICS
from registry.statistics.series import group_not_available, interval_not_available

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("registry", "licensing", "api")

ALLOWED: dict[str, str] = {
    # Names of things, written as their owners write them.
    "AlemAI": "the registry's own name",
    "AI-native": "the licence's and the class's legal name, kept in Latin in all three languages",
    "AIN-2026-00001": "an example licence number, as printed on a licence",
    "Eurostat": "the statistical office whose definition is cited",
    "zxcvbn": "the password-strength estimator named in the password rule",
    # Standards, formats and protocol words a reader types or sees on a file.
    "URL": "standard abbreviation",
    "PDF": "file format",
    "PDF-1.7": "file-format version",
    "PNG": "file format",
    "JPEG": "file format",
    "HTML": "file format",
    "pdf": "a file's own extension (.pdf), echoed from the reader's upload",
    "png": "a file's own extension (.png), echoed from the reader's upload",
    "jpg": "a file's own extension (.jpg), echoed from the reader's upload",
    "XFA": "the PDF forms technology a PDF must not carry",
    "EOF": "the PDF end-of-file marker, named as PDF tools name it",
    "JSON": "data format",
    "SVG": "file format (a chart's drawing as a file)",
    "SDMX-CSV": "the SDMX standard's CSV format, named as the standard names it",
    "API": "the standard abbreviation, used as is in Kazakh and Russian (документация API)",
    "QR": "the code's standard name (QR-код, QR коды)",
    "CSV": "data format",
    "SDMX": "statistical data standard",
    "UTF-8": "text encoding",
    "NUL": "the character's standard name (U+0000)",
    "U": "part of the character code U+0000",
    "UTC": "time standard",
    "ISO": "standard (ISO 8601)",
    "RFC": "standard (RFC 3339)",
    "SHA-256": "hash standard",
    "UUID": "identifier standard (RFC 9562)",
    "Base64": "encoding standard (RFC 4648)",
    "null": "the JSON literal, named beside its words (пустое значение (null))",
    "GPU": "hardware term without a Kazakh or Russian abbreviation in official use",
    "IT": "the sector's name in Kazakhstan's tax law (IT-компании)",
    "ML": "standard abbreviation beside ЖИ/ИИ",
    "FTE": "full-time equivalent, the unit the declarations report",
    "ETag": "HTTP header the client must send back",
    "If-Match": "HTTP header the client must send",
    "Idempotency-Key": "HTTP header the client sends",
    "cookie": "HTTP term used as is in both languages",
    "http": "URL scheme the client types",
    "https": "URL scheme the client types",
    "multipart": "media type the client must send (multipart/form-data)",
    "form-data": "media type the client must send (multipart/form-data)",
    # Examples of what the reader types: a date-time and a time zone.
    "T09": "part of the example date-time 2026-11-20T09:00:00Z",
    "Z": "the UTC designator in ISO 8601",
    # Examples of weak passwords the password rule names: the reader's own kind of input.
    "qwerty": "example of a keyboard pattern",
    "qaz2wsx": "example of a keyboard pattern",
    "aaaa": "example of a repetition",
    "abcabc": "example of a repetition",
    "abcdef": "example of a sequence",
    "P@ssw0rd1": "example of a common password with substitutions",
    # The rubric's criterion codes, as the published rubric names them (M1 … M4).
    "M1": "the rubric's criterion code",
    "M2": "the rubric's criterion code",
    "M4": "the rubric's criterion code",
    # A name as the reader may type it in Latin script (the search hint's cross-script example).
    "Qazaq": "the Latin-script spelling of an example name the search finds in Cyrillic too",
    # Symbols of formulas in the data dictionary (k of the threshold rule, year t, t-1, t-3).
    "k": "the threshold rule's parameter, a mathematical symbol",
    "t": "the year of a formula, a mathematical symbol",
}
"""Latin tokens a Kazakh or Russian text may contain, and why."""

WIRE_NAMES: dict[str, str] = {
    "known_at": "the query parameter the message is about; the client must type it as the API spells it",
    "next_cursor": "the response field whose value the client must send back",
    "as_of": "a query parameter a validation message says is missing; the client must type it as the API spells it",
    "kind": "a field of the evidence form the client must send",
    "description": "a field of the evidence form the client must send",
    "url": "a field of the evidence form the client must send",
    "file": "a field of the evidence form the client must send",
}
"""Names of API fields and parameters a message tells the client to send: translating them would break the
instruction. Status, action, class and reason codes are not here: a sentence names them in words."""

DICTIONARY_TERMS = {
    *METRICS,
    # the query parameters and the path a definition tells the reader to use
    "as_of",
    "known_at",
    "from",
    "to",
    "group_by",
    "region",
    "interval",
    "year",
    "cohort",
    "years_after",
    "summary",
    # the class values the figures are broken down by (the ``group`` of a cell)
    "ai_native",
    "ai_enabled",
    "non_ai",
    "undeclared",
    "other",
    # the columns and series a definition is computed from, so that a statistician can reproduce it
    "fte_ai",
    "fte_t",
    "fte_t-1",
    "fte_t-3",
    "quarter",
    "decided_at",
    "submitted_at",
    "decision_due",
    "effective_on",
    "valid_from",
    "valid_until",
    "pivot_events",
    "live",
    # the years of a formula (t, t-1, t-3)
    "t-1",
    "t-3",
}
"""The data dictionary is the reference a statistician reproduces a figure from: its kk and ru definitions name the
metrics, parameters, group values and columns exactly as the API and the tables spell them. Only these names; any
other Latin word in a definition fails as everywhere else."""

_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-_.@'][A-Za-z0-9]+)*")
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def latin_codes(text: str, *, allowed: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """The Latin tokens of ``text`` outside ``{placeholders}`` that the allow-lists (and ``allowed``) do not explain."""
    tokens = _LATIN.findall(_PLACEHOLDER.sub(" ", text))
    return [token for token in tokens if token not in ALLOWED and token not in WIRE_NAMES and token not in allowed]


def allowed_at(where: str) -> set[str]:
    """What a text may name besides :data:`ALLOWED` and :data:`WIRE_NAMES`: the data dictionary's own terms."""
    in_dictionary = where.startswith(("registry.statistics.dictionary", "registry/statistics/dictionary.py"))
    return DICTIONARY_TERMS if in_dictionary else set()


def source_files() -> list[Path]:
    return [path for package in PACKAGES for path in sorted((PROJECT_ROOT / package).rglob("*.py"))]


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(PROJECT_ROOT).with_suffix("").parts).removesuffix(".__init__")


def _literal(node: ast.expr, constants: dict[str, Any]) -> str | None:
    """The text of a ``kk=``/``ru=`` argument: a literal, the literal parts of an f-string, or a module constant."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(str(part.value) if isinstance(part, ast.Constant) else "{}" for part in node.values)
    if isinstance(node, ast.Name) and isinstance(constants.get(node.id), str):
        return str(constants[node.id])
    return None


def source_templates() -> Iterator[tuple[str, str, str]]:
    """``(where, language, template)`` of every ``Text(kk=…, ru=…)`` written in the packages."""
    for path in source_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = vars(importlib.import_module(module_name(path)))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Text"):
                continue
            for keyword in node.keywords:
                if keyword.arg in ("kk", "ru"):
                    template = _literal(keyword.value, constants)
                    if template is not None:
                        yield f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}", keyword.arg, template


def _texts_in(value: Any, seen: set[int], depth: int = 0) -> Iterator[Text]:
    if id(value) in seen or depth > 6:  # deep enough for catalogues of catalogues
        return
    seen.add(id(value))
    if isinstance(value, Text):
        yield value
    elif isinstance(value, dict | MappingProxyType):
        for item in value.values():
            yield from _texts_in(item, seen, depth + 1)
    elif isinstance(value, list | tuple | frozenset | set):
        for item in value:
            yield from _texts_in(item, seen, depth + 1)
    elif is_dataclass(value) and not isinstance(value, type):
        for field in fields(value):
            yield from _texts_in(getattr(value, field.name), seen, depth + 1)
        for name in ("definitions", "disclosures", "units"):  # the data dictionary's texts are properties
            if isinstance(getattr(type(value), name, None), property):
                yield from _texts_in(getattr(value, name), seen, depth + 1)


def package_modules() -> list[ModuleType]:
    modules = []
    for package_name in PACKAGES:
        package = importlib.import_module(package_name)
        modules.append(package)
        for info in pkgutil.walk_packages(package.__path__, f"{package_name}."):
            modules.append(importlib.import_module(info.name))
    return modules


def reachable_texts() -> Iterator[tuple[str, Text]]:
    """``(module, text)`` of every text reachable from a module's globals."""
    seen: set[int] = set()
    for module in package_modules():
        for name, value in vars(module).items():
            if isinstance(value, ModuleType) or name.startswith("__"):
                continue
            for text in _texts_in(value, seen):
                yield f"{module.__name__}.{name}", text


FRAMEWORK_MESSAGES = (
    "Expected `int | null`, got `str`",
    "Expected `str`, got `int`",
    "Expected `array`, got `object`",
    "Expected `bool`, got `str`",
    "Expected `decimal`, got `str`",
    "Expected `float`, got `str`",
    "Invalid RFC3339 encoded datetime",
    "Invalid RFC3339 encoded date",
    "Invalid uuid",
    "Invalid base64",
    "Missing required query parameter 'as_of'",
    "Missing required header parameter 'If-Match'",
    "Expected `array` of length >= 1",
    "Expected `str` of length <= 200",
)
"""msgspec's and Litestar's messages as they come, to be worded in kk and ru."""


def built_texts() -> Iterator[tuple[str, Text]]:
    """Messages that factories build from a code: every value each one takes."""
    for status in ("active", "suspended", "revoked", "expired"):
        for action in ("suspended", "reinstated", "revoked"):
            yield (
                f"licence_transition_not_allowed({status}, {action})",
                (licence_transition_not_allowed(status, action).message),
            )
    for ai_class in ("ai_enabled", "non_ai"):
        word = monitoring._CLASS_WORDS[ai_class]
        yield f"monitoring {ai_class}", REASONS["no_longer_ai_native"].format(period="2025", ai_class=word)
    for state in ApplicationState:
        if state not in (ApplicationState.DRAFT, ApplicationState.SENT_BACK):
            yield f"evidence._not_editable({state})", evidence._not_editable(state).message
    for status in ("suspended", "liquidated"):
        yield f"company_not_active({status})", company_not_active(status).message
    for filename in ("scan.pdf", "photo.png", "photo.jpg", "notes.txt", None):
        with pytest.raises(DomainError) as refused:
            sniff_document(b"not a document", declared_filename=filename)
        yield f"sniff_document({filename})", refused.value.message
    for framework_message in FRAMEWORK_MESSAGES:
        yield (
            f"translate_validation_message({framework_message!r})",
            Text(
                kk=translate_validation_message(framework_message, "kk"),
                ru=translate_validation_message(framework_message, "ru"),
                en=translate_validation_message(framework_message, "en"),
            ),
        )
    for interval in ("month", "quarter", "year"):
        yield f"interval_not_available({interval})", interval_not_available(interval).message
    for group in ("region", "legal_form", "licence_type", "activity", "activity_division"):
        yield f"group_not_available({group})", group_not_available(group).message


def all_messages() -> list[tuple[str, str, str]]:
    messages = list(source_templates())
    for where, text in [*reachable_texts(), *built_texts()]:
        messages += [(where, "kk", text.kk), (where, "ru", text.ru)]
    return messages


def test_no_kazakh_or_russian_message_carries_a_latin_code() -> None:
    found = sorted(
        {
            f"{where} [{language}] {codes}: {text[:100]!r}"
            for where, language, text in all_messages()
            if (codes := latin_codes(text, allowed=allowed_at(where)))
        }
    )
    assert not found, "Latin codes inside kk/ru sentences:\n" + "\n".join(found)


def test_kazakh_says_revenue_one_way() -> None:
    """Revenue is «түсім»; «табыс» (income, profit) appears only in the name of the personal income tax."""
    uses = sorted({where for where, language, text in all_messages() if language == "kk" and _TABYS.search(text)})
    assert not uses, uses


_TABYS = re.compile(r"табыс(?!\s+салығы)", re.IGNORECASE)


def test_every_metric_has_its_unit_in_words() -> None:
    assert all(metric.units.ru != metric.unit for metric in METRICS.values())
    assert {metric.units.kk for metric in METRICS.values()} >= {"компаниялар", "үлес (0..1)"}


def test_the_collection_reaches_catalogues_and_built_messages() -> None:
    """The walk sees what a reader sees: source templates, catalogue entries and messages built from codes."""
    messages = all_messages()
    assert len({where for where, _, _ in messages}) > 300  # hundreds of messages
    texts = {text for _, _, text in messages}
    assert "Лицензию в статусе «действует» нельзя возобновить." in texts
    assert any("Дата должна быть" in text for text in texts)


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("К лицензии в статусе «active» нельзя применить действие «reinstated».", ["active", "reinstated"]),
        ("Компания больше не AI-native (2025: ai_enabled).", ["ai_enabled"]),
        ("Заявка в статусе in_review, reason_code не указан.", ["in_review", "reason_code"]),
        ("Лицензия AI-native, файл PDF, заголовок If-Match, поле {field}.", []),
    ],
)
def test_the_check_finds_codes_and_spares_allowed_names(text: str, codes: list[str]) -> None:
    assert latin_codes(text) == codes
