"""The password rule, in the manner of NIST SP 800-63B (section 3.1.1.2): length and a blocklist, no composition rules.

A password is refused when it is shorter than 12 or longer than 256 characters, when it is only whitespace, when it
contains the part of the account's e-mail address before the ``@``, or when it is easy to guess: a common or
breached password, or one trivially derived from one (digits or symbols appended, capitals, look-alike symbols,
reversed, typed with the wrong keyboard layout), a keyboard pattern, repetition, a sequence, a date, or the
account's own name. Guessability is zxcvbn's estimate (score 3 of 4, about 10⁸ guesses, is the least accepted)
over the password and its keyboard-layout twins, with the local lists of :mod:`registry.accounts.common_passwords`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

from zxcvbn import zxcvbn  # type: ignore[import-untyped]

from registry.accounts.common_passwords import LOCAL_COMMON_WORDS, TO_CYRILLIC_KEYS, TO_LATIN_KEYS
from registry.errors import FieldError
from registry.i18n import Text

__all__ = ["MAX_PASSWORD_LENGTH", "MIN_GUESSABILITY_SCORE", "MIN_PASSWORD_LENGTH", "password_problems"]

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256
MIN_GUESSABILITY_SCORE = 3
"""zxcvbn's score: 3 means at least about 10⁸ guesses; 0–2 are refused."""
_ESTIMATED_PREFIX = 72
"""zxcvbn estimates at most this many characters; a longer password is judged by its start."""
_LOCAL_WORDS = frozenset(LOCAL_COMMON_WORDS)

_TOO_SHORT = Text(
    kk="Құпиясөз кемінде {count} таңбадан тұруы керек.",
    ru="Пароль должен содержать не менее {count} {count:символа|символов|символов}.",
    en="The password must be at least {count} {count:character|characters} long.",
)
_TOO_LONG = Text(
    kk="Құпиясөз {count} таңбадан аспауы керек.",
    ru="Пароль должен содержать не более {count} {count:символа|символов|символов}.",
    en="The password must be at most {count} {count:character|characters} long.",
)
_WHITESPACE_ONLY = Text(
    kk="Құпиясөз тек бос орындардан тұра алмайды.",
    ru="Пароль не может состоять только из пробелов.",
    en="The password cannot consist of spaces only.",
)
_CONTAINS_EMAIL = Text(
    kk="Құпиясөзде электрондық пошта мекенжайыңыздың @ белгісіне дейінгі бөлігі болмауы керек.",
    ru="Пароль не должен содержать часть вашего адреса электронной почты до знака @.",
    en="The password must not contain the part of your e-mail address before the @.",
)
_GUESSABLE: Mapping[str, Text] = MappingProxyType(
    {
        "common": Text(
            kk="Бұл жиі қолданылатын құпиясөз немесе оған тек сандар, бас әріптер не ұқсас таңбалар қосылған нұсқасы "
            "(мысалы, P@ssw0rd1).",
            ru="Это распространённый пароль или он же с добавленными цифрами, заглавными буквами или похожими "
            "символами (например, P@ssw0rd1).",
            en="It is a commonly used password, or one with only digits, capital letters or look-alike symbols added "
            "(like P@ssw0rd1).",
        ),
        "personal": Text(
            kk="Ол сіздің атыңыздан немесе электрондық пошта мекенжайыңыздан құралған.",
            ru="Он составлен из вашего имени или адреса электронной почты.",
            en="It is built from your name or e-mail address.",
        ),
        "keyboard_pattern": Text(
            kk="Бұл пернетақтадағы көршілес пернелердің қатары не өрнегі (мысалы, qwerty, 1qaz2wsx немесе йцукен).",
            ru="Это ряд или узор соседних клавиш (например, qwerty, 1qaz2wsx или йцукен).",
            en="It follows a row or pattern of neighbouring keys (like qwerty, 1qaz2wsx or йцукен).",
        ),
        "repeated": Text(
            kk="Онда бір таңба немесе қысқа таңбалар тобы қайталанады (мысалы, aaaa немесе abcabc).",
            ru="В нём повторяется символ или короткая группа символов (например, aaaa или abcabc).",
            en="It repeats a character or a short group of characters (like aaaa or abcabc).",
        ),
        "sequence": Text(
            kk="Бұл қатарынан келетін таңбалар тізбегі (мысалы, abcdef немесе 123456).",
            ru="Это последовательность идущих подряд символов (например, abcdef или 123456).",
            en="It is a run of consecutive characters (like abcdef or 123456).",
        ),
        "date": Text(
            kk="Ол оңай табылатын күндерге немесе жылдарға негізделген.",
            ru="Он основан на датах или годах, которые легко угадать.",
            en="It relies on dates or years, which are easy to guess.",
        ),
        "common_words": Text(
            kk="Ол бірнеше жиі кездесетін сөзден немесе есімнен ғана тұрады.",
            ru="Он состоит лишь из нескольких распространённых слов или имён.",
            en="It is made of only a few common words or names.",
        ),
        "guessable": Text(
            kk="Оны табу тым оңай.",
            ru="Его слишком легко угадать.",
            en="It is too easy to guess.",
        ),
    }
)
"""Why a password is easy to guess, by the kind of the match that makes it so."""
_PATTERN_KINDS: Mapping[str, str] = MappingProxyType(
    {"spatial": "keyboard_pattern", "repeat": "repeated", "sequence": "sequence", "date": "date", "regex": "date"}
)


def password_problems(password: str, *, email: str, full_name: str = "") -> list[FieldError]:
    """What is wrong with ``password`` for the account with ``email`` and ``full_name`` (empty: nothing).

    Args:
        password: The password as the person typed it.
        email: The account's e-mail address.
        full_name: The account's name, whose words are as guessable as the e-mail's.

    Returns:
        One :class:`~registry.errors.FieldError` on ``password`` per problem, in kk/ru/en.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        return [_problem("password.too_short", _TOO_SHORT.format(count=MIN_PASSWORD_LENGTH))]
    if len(password) > MAX_PASSWORD_LENGTH:
        return [_problem("password.too_long", _TOO_LONG.format(count=MAX_PASSWORD_LENGTH))]
    if not password.strip():
        return [_problem("password.whitespace_only", _WHITESPACE_ONLY)]
    variants = _layout_twins(password)
    problems = []
    local = _local_part(email)
    if len(local) >= 3 and any(local in variant.lower() for variant in variants):
        problems.append(_problem("password.contains_email", _CONTAINS_EMAIL))
    personal = [local] if len(local) >= 3 else []
    personal += [*_words(local), *_words(email.partition("@")[2].split(".")[0]), *_words(full_name)]
    kind = _guessability_problem(variants, personal)
    if kind is not None:
        problems.append(_problem(f"password.{kind}", _GUESSABLE[kind]))
    return problems


def _guessability_problem(variants: list[str], personal: list[str]) -> str | None:
    """Why the password is easy to guess, or ``None``.

    zxcvbn scores a common password with a few digits or symbols around it (``qwerty912345``, ``password2000!!``)
    as three cheap parts that together reach about 10⁸ guesses. But such a password is exactly a breached one
    "trivially derived", the first thing a cracker tries, so the password must stay strong without its longest
    common part, and without the person's name and address.
    """
    estimates = [_estimate(variant, personal) for variant in variants]
    weakest = min(estimates, key=lambda estimate: float(estimate["guesses"]))
    if int(weakest["score"]) < MIN_GUESSABILITY_SCORE:
        return _weakness(weakest["sequence"])
    for variant, estimate in zip(variants, estimates, strict=True):
        common = [match["token"] for match in estimate["sequence"] if _kind_of_dictionary_match(match) == "common"]
        longest = max(common, key=len, default="")
        if len(longest) >= 4 and _weak_without(variant, [longest.lower()], personal):
            return "common"
        found = [word for word in personal if word and word in variant.lower()]
        if found and _weak_without(variant, found, personal):
            return "personal"
    return None


def _estimate(variant: str, personal: list[str]) -> dict[str, Any]:
    # zxcvbn keeps the user inputs in a module-global dictionary while it estimates: call it from one thread (the
    # event loop, a few milliseconds a password), never from a pool of threads.
    estimate: dict[str, Any] = zxcvbn(variant[:_ESTIMATED_PREFIX], user_inputs=[*personal, *LOCAL_COMMON_WORDS])
    return estimate


def _weak_without(variant: str, parts: list[str], personal: list[str]) -> bool:
    """Whether what is left of ``variant`` once ``parts`` are taken out (in any letter case) is easy to guess."""
    remainder = variant.lower()
    for part in sorted(parts, key=len, reverse=True):
        remainder = remainder.replace(part, "")
    return int(_estimate(remainder, personal)["score"]) < MIN_GUESSABILITY_SCORE


def _problem(code: str, message: Text) -> FieldError:
    return FieldError("password", code, message)


def _layout_twins(password: str) -> list[str]:
    """The password, and what its keys spell in the other keyboard layout when that differs."""
    variants = [password]
    for table in (TO_LATIN_KEYS, TO_CYRILLIC_KEYS):
        twin = password.translate(table)
        if twin not in variants:
            variants.append(twin)
    return variants


def _local_part(email: str) -> str:
    return email.strip().lower().partition("@")[0]


def _words(text: str) -> list[str]:
    """The words of a name or an address (``aigerim.sarsenova-90`` has ``aigerim`` and ``sarsenova``)."""
    return [word for word in re.split(r"[\W_\d]+", text.lower()) if len(word) >= 3]


def _weakness(sequence: Iterable[Mapping[str, Any]]) -> str:
    """The kind of the longest match that is not brute force: what makes the password guessable."""
    matches = [match for match in sequence if match["pattern"] != "bruteforce"]
    if not matches:
        return "guessable"
    match = max(matches, key=lambda found: len(found["token"]))
    if match["pattern"] != "dictionary":
        return _PATTERN_KINDS.get(match["pattern"], "guessable")
    return _kind_of_dictionary_match(match)


def _kind_of_dictionary_match(match: Mapping[str, Any]) -> str:
    """``common`` (a password list or a local word), ``personal`` (name, address) or ``common_words``."""
    if match["pattern"] != "dictionary":
        return "none"
    if match["dictionary_name"] == "passwords":
        return "common"
    if match["dictionary_name"] == "user_inputs":
        return "common" if match["matched_word"] in _LOCAL_WORDS else "personal"
    return "common_words"
