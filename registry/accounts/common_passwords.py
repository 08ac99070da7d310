"""What the password rule knows beyond zxcvbn's English lists: local words and the Russian keyboard layout.

zxcvbn ranks passwords against lists from breaches of mostly English-speaking sites. People here also choose
Russian and Kazakh words, in Cyrillic or transliterated, and type Russian words with the keyboard left in the
Latin layout (``gfhjkm`` is ``пароль``) or Latin ones with it left in Cyrillic (``зфыыцщкв`` is ``password``).
"""

from __future__ import annotations

__all__ = ["LOCAL_COMMON_WORDS", "TO_CYRILLIC_KEYS", "TO_LATIN_KEYS"]

LOCAL_COMMON_WORDS: tuple[str, ...] = (
    # "password" in Russian and Kazakh, in Cyrillic and transliterated.
    "пароль",
    "parol",
    "құпиясөз",
    "купиясоз",
    "qupiyasoz",
    "kupiyasoz",
    "мойпароль",
    "пароли",
    # Words and names that top Russian-language breach lists.
    "йцукен",
    "любовь",
    "люблю",
    "ятебялюблю",
    "lyubov",
    "lubov",
    "privet",
    "привет",
    "солнышко",
    "solnyshko",
    "котик",
    "зайка",
    "наташа",
    "natasha",
    "марина",
    "татьяна",
    "светлана",
    "анастасия",
    "москва",
    "россия",
    "кошка",
    "собака",
    "мама",
    "папа",
    # Kazakh words, places and the service's own names (context-specific words, as NIST SP 800-63B asks).
    "сәлем",
    "салем",
    "salem",
    "жаным",
    "zhanym",
    "janym",
    "махаббат",
    "mahabbat",
    "анашым",
    "қазақ",
    "казах",
    "qazaq",
    "kazakh",
    "қазақстан",
    "казахстан",
    "qazaqstan",
    "kazakhstan",
    "алматы",
    "almaty",
    "астана",
    "astana",
    "нурсултан",
    "nursultan",
    "шымкент",
    "shymkent",
    "караганда",
    "karaganda",
    "алаш",
    "alash",
    "alemai",
    "alem",
    "astanahub",
    "registry",
    "реестр",
    "тізілім",
    "tizilim",
    # Famous passphrases that are in every breach corpus despite their length.
    "correcthorsebatterystaple",
    "correct horse battery staple",
)
"""Ranked like zxcvbn's own lists: the earlier a word, the sooner an attacker tries it."""

_LATIN_KEYS = "`qwertyuiop[]asdfghjkl;'zxcvbnm,.~QWERTYUIOP{}ASDFGHJKL:\"ZXCVBNM<>"
_CYRILLIC_KEYS = "ёйцукенгшщзхъфывапролджэячсмитьбюЁЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮ"
TO_CYRILLIC_KEYS = str.maketrans(_LATIN_KEYS, _CYRILLIC_KEYS)
"""What a text typed in the Latin layout says when read in the Russian ЙЦУКЕН layout (the same keys)."""
TO_LATIN_KEYS = str.maketrans(_CYRILLIC_KEYS, _LATIN_KEYS)
"""What a text typed in the Russian layout says when read in the Latin QWERTY layout."""
