"""Inert PDFs only: no scripts or other active content, and nothing but a PDF (no HTML polyglot).

A reviewer opens evidence in a PDF viewer, some of which run what a document asks them to. So a PDF is read as a
viewer would find its objects: the names outside stream data, and the names inside object streams (inflated,
within a budget), with obfuscated names (``/J#61vaScript``) decoded first. Anything that makes it active
(:data:`ACTIVE_PDF_NAMES`) refuses it, and so does anything that could make it also something else: a header
without a version, no end-of-file marker where readers look for it, HTML markup. What cannot be checked (an
encrypted or unusually compressed object stream) is refused too, never let through unread.
"""

from __future__ import annotations

import re
import zlib
from typing import NamedTuple

from registry.errors import FieldError, InvalidInput
from registry.i18n import Text

__all__ = ["ACTIVE_PDF_NAMES", "check_pdf"]

ACTIVE_PDF_NAMES = frozenset(
    {
        "JavaScript",  # a script action, or the document's name tree of scripts
        "JS",  # the script of a JavaScript action
        "AA",  # additional actions: run on opening or closing a page, on focus, keystrokes, printing, ...
        "Launch",  # runs a program or opens a file on the reviewer's computer
        "GoToR",  # opens another (remote) PDF: a path to a network share leaks the reviewer's credentials
        "GoToE",  # jumps into an embedded PDF
        "SubmitForm",  # sends form data to an address
        "ImportData",  # reads form data from a file
        "EmbeddedFile",  # a file (of any type) inside the PDF
        "EmbeddedFiles",  # the name tree of embedded files
        "RichMedia",  # Flash, video and 3D players
        "XFA",  # XML forms, with their own scripts
    }
)
"""PDF names (keys and values) that make a document active: a PDF holding any of them is refused.

``/OpenAction`` is not on the list: alone it sets the page and zoom a document opens at (LaTeX writes it), and what it
could run (a script, a launch) is on the list. Plain links (``/URI``) are allowed: a viewer asks before following.
"""

_HEADER = re.compile(rb"%PDF-\d\.\d")
_END_MARKER = b"%%EOF"
_END_WINDOW = 1024
"""Readers look for the end-of-file marker in the last 1024 bytes."""
_STREAM = re.compile(rb"stream(?:\r\n|\n|\r)")
_END_STREAM = b"endstream"
_END_STREAM_AHEAD = re.compile(rb"[ \t\r\n\f\x00]*endstream")
_WHITESPACE = frozenset(b" \t\r\n\f\x00")
_WINDOW = 4096
"""How far back from ``stream`` its dictionary is looked for."""
_NAME = re.compile(rb"/([^\x00\t\n\f\r /<>\[\]()%{}]*)")
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_DIRECT_LENGTH = re.compile(rb"/Length\s+(\d+)(?!\s+\d+\s+R)")
_FILTER = re.compile(rb"/Filter\s*(?:/([^\s/<>\[\]()%{}]+)|\[([^\]]*)\])")
_OBJECT_DEFINITION = re.compile(rb"\d+\s+\d+\s+obj\b|endobj")
_HTML_TAG = re.compile(
    rb"<\s*(?:!doctype|html|head|body|script|iframe|frameset|frame|object|embed|applet|svg|img|meta|link|style|form"
    rb"|base)[\s>/]",
    re.IGNORECASE,
)
_FLATE = frozenset({"FlateDecode", "Fl"})
_MAX_INFLATED_BYTES = 32 * 1024 * 1024
"""The most the object streams of one document may inflate to; beyond it the document cannot be checked."""

_ACTIVE_CONTENT = Text(
    kk="PDF файлында белсенді мазмұн бар ({names}). Тізілім скрипттері, ашылғанда іске қосылатын әрекеттері, "
    "бағдарлама немесе басқа файл ашатын әрекеттері, ендірілген файлдары, мультимедиасы немесе XFA формалары бар "
    "PDF файлдарын қабылдамайды. Құжатты қарапайым PDF ретінде сақтап (немесе PDF-ке басып шығарып), қайта жүктеңіз.",
    ru="PDF содержит активное содержимое ({names}). Реестр не принимает PDF со скриптами, действиями при открытии, "
    "запуском программ или открытием других файлов, вложенными файлами, мультимедиа или формами XFA. Сохраните "
    "документ как обычный PDF (или распечатайте в PDF) и загрузите снова.",
    en="The PDF contains active content ({names}). The registry does not accept PDFs with scripts, actions run on "
    "opening, actions that launch programs or open other files, embedded files, multimedia or XFA forms. Save the "
    "document as a plain PDF (or print it to PDF) and upload it again.",
)
_UNCHECKABLE = Text(
    kk="PDF файлын белсенді мазмұнға тексеру мүмкін болмады: ол шифрланған немесе тізілім оқи алмайтын тәсілмен "
    "сығылған. Құпиясөзсіз сақтап (немесе PDF-ке басып шығарып), қайта жүктеңіз.",
    ru="PDF не удалось проверить на активное содержимое: он зашифрован или сжат способом, который реестр не читает. "
    "Сохраните его без пароля (или распечатайте в PDF) и загрузите снова.",
    en="The PDF could not be checked for active content: it is encrypted or compressed in a way the registry does "
    "not read. Save it without a password (or print it to PDF) and upload it again.",
)
_NOT_ONLY_A_PDF = {
    "no_version": Text(
        kk="Файл PDF сияқты басталады, бірақ PDF емес: тақырыбында нұсқасы жоқ (мысалы, %PDF-1.7).",
        ru="Файл начинается как PDF, но не является им: в заголовке нет версии (например, %PDF-1.7).",
        en="The file starts like a PDF but is not one: its header has no version (such as %PDF-1.7).",
    ),
    "no_end_marker": Text(
        kk="Файл PDF сияқты басталады, бірақ PDF сияқты аяқталмайды: соңында %%EOF белгісі жоқ. Файлды қайта "
        "сақтап, жүктеңіз.",
        ru="Файл начинается как PDF, но не заканчивается как PDF: в конце нет метки %%EOF. Сохраните файл заново "
        "и загрузите.",
        en="The file starts like a PDF but does not end like one: there is no %%EOF marker at its end. Save it again "
        "and upload it.",
    ),
    "html": Text(
        kk="Файл PDF сияқты басталады, бірақ ішінде HTML белгілеуі бар. Тізілім тек таза PDF қабылдайды.",
        ru="Файл начинается как PDF, но содержит HTML-разметку. Реестр принимает только чистый PDF.",
        en="The file starts like a PDF but contains HTML markup. The registry accepts only plain PDFs.",
    ),
}


class _Stream(NamedTuple):
    names: frozenset[str]
    """The names in the stream's dictionary."""
    filters: tuple[str, ...]
    """``/Filter``, in the order they apply."""
    body: bytes


def check_pdf(content: bytes, *, field: str = "file") -> None:
    """Refuse a PDF that is not inert, or not only a PDF.

    Args:
        content: The whole file (it starts with ``%PDF-``).
        field: The request field the file came in, for the error's field list.

    Raises:
        InvalidInput: ``document.pdf_not_only_pdf`` (no version in the header, no ``%%EOF`` in the last 1024 bytes,
            HTML markup; ``details.reason`` says which), ``document.pdf_active_content`` (names of
            :data:`ACTIVE_PDF_NAMES`, listed in ``details.active_content``), or ``document.pdf_uncheckable``
            (object streams that are encrypted, compressed other than with Flate alone, or too large inflated).
    """
    if not _HEADER.match(content):
        raise _not_only_a_pdf("no_version", field)
    if _END_MARKER not in content[-_END_WINDOW:]:
        raise _not_only_a_pdf("no_end_marker", field)
    outside, streams = _split_streams(content)
    names = _names(outside)
    readable = [outside]
    budget = _MAX_INFLATED_BYTES
    for stream in streams:
        if _OBJECT_DEFINITION.search(stream.body):
            # A viewer finds objects by their offsets: one inside what claims to be stream data is still an object.
            readable.append(stream.body)
            names |= _names(stream.body)
        if "ObjStm" in stream.names or {"N", "First"} <= stream.names:
            objects = _object_stream(stream, budget)
            if objects is None:
                raise _invalid("document.pdf_uncheckable", _UNCHECKABLE, field=field)
            budget -= len(objects)
            readable.append(objects)
            names |= _names(objects)
        elif not stream.filters or (stream.filters[0] in _FLATE and not _inflates(stream.body)):
            readable.append(stream.body)  # plain data, or data that only claims to be compressed
    active = sorted(names & ACTIVE_PDF_NAMES)
    if active:
        listed = [f"/{name}" for name in active]
        raise _invalid(
            "document.pdf_active_content",
            _ACTIVE_CONTENT.format(names=", ".join(listed)),
            field=field,
            details={"active_content": listed},
        )
    if any(_HTML_TAG.search(part) for part in readable):
        raise _not_only_a_pdf("html", field)


def _split_streams(content: bytes) -> tuple[bytes, list[_Stream]]:
    """The document without its stream data, and each stream."""
    outside: list[bytes] = []
    streams: list[_Stream] = []
    position = 0
    for keyword in _STREAM.finditer(content):
        start, body_start = keyword.start(), keyword.end()
        if start < position:
            continue  # inside the data of the stream before
        lowest = max(position, start - _WINDOW)
        end = start
        while end > lowest and content[end - 1] in _WHITESPACE:
            end -= 1
        if content[max(lowest, end - 2) : end] != b">>":
            continue  # "endstream", or the word in text: not the start of a stream's data
        opening = content.rfind(b"obj", lowest, start)
        dictionary = _unescape(content[lowest if opening == -1 else opening + 3 : start])
        body_end = _stream_end(content, body_start, dictionary)
        outside.append(content[position:start])
        streams.append(
            _Stream(
                names=frozenset(_names(dictionary)), filters=_filters(dictionary), body=content[body_start:body_end]
            )
        )
        position = body_end
    outside.append(content[position:])
    return b"\n".join(outside), streams


def _stream_end(content: bytes, body_start: int, dictionary: bytes) -> int:
    """Where a stream's data ends: after its direct ``/Length`` when ``endstream`` follows, else at ``endstream``."""
    lengths = _DIRECT_LENGTH.findall(dictionary)
    if lengths:
        end = body_start + int(lengths[-1])
        if _END_STREAM_AHEAD.match(content, end):
            return end
    found = content.find(_END_STREAM, body_start)
    return len(content) if found == -1 else found


def _unescape(data: bytes) -> bytes:
    return _NAME_ESCAPE.sub(lambda escape: bytes([int(escape.group(1), 16)]), data)


def _names(data: bytes) -> set[str]:
    return {_unescape(match.group(1)).decode("latin-1") for match in _NAME.finditer(data)}


def _filters(dictionary: bytes) -> tuple[str, ...]:
    found = _FILTER.findall(dictionary)
    if not found:
        return ()
    single, array = found[-1]
    listed = [single] if single else [match.group(1) for match in _NAME.finditer(array)]
    return tuple(name.decode("latin-1") for name in listed)


def _object_stream(stream: _Stream, budget: int) -> bytes | None:
    """The objects of an object stream, or ``None`` when they cannot be read within ``budget`` bytes."""
    if stream.names & {"DecodeParms", "DP"}:
        return None  # a predictor could split names apart
    if not stream.filters:
        return stream.body
    if len(stream.filters) != 1 or stream.filters[0] not in _FLATE:
        return None
    try:
        objects = zlib.decompressobj().decompress(stream.body, budget + 1)
    except zlib.error:
        return None  # encrypted, or corrupt
    return None if len(objects) > budget else objects


def _inflates(body: bytes) -> bool:
    try:
        zlib.decompressobj().decompress(body[:1024], 1)
    except zlib.error:
        return False
    return True


def _not_only_a_pdf(reason: str, field: str) -> InvalidInput:
    return _invalid("document.pdf_not_only_pdf", _NOT_ONLY_A_PDF[reason], field=field, details={"reason": reason})


def _invalid(code: str, message: Text, *, field: str, details: dict[str, object] | None = None) -> InvalidInput:
    return InvalidInput(code, message, errors=[FieldError(field=field, code=code, message=message)], details=details)
