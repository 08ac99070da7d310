"""Uploaded evidence documents: which files are accepted, decided by their content.

A file's name and its declared media type are whatever the client says; the first bytes are what a reviewer's
viewer will act on. So the type is sniffed from the content (magic numbers), and an HTML page or an executable
renamed to ``.pdf`` is refused. When the content is an accepted type under the wrong extension (a PDF named
``.png``), the content wins and the file is stored as what it is.

A PDF must also be inert and only a PDF (:mod:`licensing.pdf_content`): no scripts or other active content, a
version in its header, an end-of-file marker, no HTML. And the name shown back is never the client's raw name
(:func:`display_filename`).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal

from licensing.pdf_content import check_pdf
from registry.errors import FieldError, InvalidInput
from registry.i18n import Text

__all__ = [
    "ALLOWED_MEDIA_TYPES",
    "MAX_DOCUMENT_BYTES",
    "MAX_FILENAME_LENGTH",
    "DocumentMediaType",
    "accept_document",
    "display_filename",
    "sha256_hex",
    "sniff_document",
]

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
"""The largest document accepted (10 MiB): enough for a scanned letter or invoice, small enough to keep in memory."""

DocumentMediaType = Literal["application/pdf", "image/png", "image/jpeg"]

# The signature must start at byte 0. PDF readers tolerate junk before "%PDF-", but that tolerance is how
# HTML/PDF polyglots get past checks, and every PDF a real tool writes starts with the header.
_SIGNATURES: tuple[tuple[bytes, DocumentMediaType], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)

ALLOWED_MEDIA_TYPES: Mapping[DocumentMediaType, str] = MappingProxyType(
    {"application/pdf": "PDF", "image/png": "PNG", "image/jpeg": "JPEG"}
)
"""The accepted media types and the names users know them by."""

_EXTENSIONS: Mapping[str, DocumentMediaType] = MappingProxyType(
    {
        ".pdf": "application/pdf",
        ".png": "image/png",
        ".jpg": "image/jpeg",
        ".jpeg": "image/jpeg",
        ".jpe": "image/jpeg",
        ".jfif": "image/jpeg",
    }
)

_MAX_EXTENSION_LENGTH = 10
_ALLOWED = ", ".join(ALLOWED_MEDIA_TYPES.values())
_EMPTY = Text(kk="Файл бос.", ru="Файл пуст.", en="The file is empty.")
_TOO_LARGE = Text(
    kk="Файл тым үлкен: ең үлкен көлемі {limit} МБ.",
    ru="Файл слишком большой: максимальный размер {limit} МБ.",
    en="The file is too large: the maximum size is {limit} MB.",
)
_UNSUPPORTED = Text(
    kk="Файл түріне қолдау көрсетілмейді. Рұқсат етілген түрлер: {allowed}.",
    ru="Этот тип файла не поддерживается. Допустимые типы: {allowed}.",
    en="This type of file is not supported. Allowed types: {allowed}.",
)
_NOT_WHAT_THE_NAME_SAYS = Text(
    kk="Файл атауы {extension} деп аяқталады, бірақ мазмұны {kind} құжаты емес. Рұқсат етілген түрлер: {allowed}.",
    ru="Имя файла оканчивается на {extension}, но его содержимое не является документом {kind}. "
    "Допустимые типы: {allowed}.",
    en="The file name ends in {extension}, but its content is not a {kind} file. Allowed types: {allowed}.",
)


def sniff_document(content: bytes, *, declared_filename: str | None = None, field: str = "file") -> DocumentMediaType:
    """The media type of an uploaded document, judged by its content.

    Args:
        content: The whole file.
        declared_filename: The name the client gave, used only to explain a refusal
            (e.g. "ends in .pdf, but its content is not a PDF file").
        field: The request field the file came in, for the error's field list.

    Returns:
        ``application/pdf``, ``image/png`` or ``image/jpeg``.

    Raises:
        InvalidInput: With code ``document.empty``, ``document.too_large`` or ``document.unsupported_type``.
    """
    if not content:
        raise _invalid("document.empty", _EMPTY, field=field)
    if len(content) > MAX_DOCUMENT_BYTES:
        raise _invalid(
            "document.too_large",
            _TOO_LARGE.format(limit=MAX_DOCUMENT_BYTES // (1024 * 1024)),
            field=field,
            details={"max_bytes": MAX_DOCUMENT_BYTES, "size": len(content)},
        )
    for signature, media_type in _SIGNATURES:
        if content.startswith(signature):
            return media_type
    extension = _extension(declared_filename)
    claimed = _EXTENSIONS.get(extension) if extension else None
    if claimed is None:
        message = _UNSUPPORTED.format(allowed=_ALLOWED)
    else:
        message = _NOT_WHAT_THE_NAME_SAYS.format(
            extension=extension, kind=ALLOWED_MEDIA_TYPES[claimed], allowed=_ALLOWED
        )
    raise _invalid(
        "document.unsupported_type",
        message,
        field=field,
        details={"allowed_types": list(ALLOWED_MEDIA_TYPES), "declared_extension": extension},
    )


def sha256_hex(content: bytes) -> str:
    """The SHA-256 digest of ``content`` as 64 lower-case hexadecimal characters."""
    return hashlib.sha256(content).hexdigest()


def _extension(filename: str | None) -> str | None:
    # Only the extension is echoed back in messages, never the whole client-chosen name.
    if not filename:
        return None
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    _, dot, suffix = name.rpartition(".")
    # Real extensions are short; anything longer is not worth naming back to the user.
    if not dot or not suffix or len(suffix) > _MAX_EXTENSION_LENGTH:
        return None
    return "." + suffix.lower()


def _invalid(code: str, message: Text, *, field: str, details: Mapping[str, object] | None = None) -> InvalidInput:
    return InvalidInput(code, message, errors=[FieldError(field=field, code=code, message=message)], details=details)


def accept_document(content: bytes, *, declared_filename: str | None = None, field: str = "file") -> DocumentMediaType:
    """The media type of an uploaded document that the registry stores: sniffed, and for a PDF, inert.

    Raises:
        InvalidInput: As :func:`sniff_document` and :func:`licensing.pdf_content.check_pdf` do.
    """
    media_type = sniff_document(content, declared_filename=declared_filename, field=field)
    if media_type == "application/pdf":
        check_pdf(content, field=field)
    return media_type


# --- The name shown back -------------------------------------------------------------------------------------------

MAX_FILENAME_LENGTH = 120
"""The longest display name kept (characters, extension included)."""

_CANONICAL_EXTENSIONS: Mapping[str, str] = MappingProxyType(
    {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}
)
# Control (Cc), format (Cf: the bidi overrides and isolates, zero-width characters, the BOM), surrogate, private-use,
# unassigned characters and line/paragraph separators: none belongs in a name a reviewer reads.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_RESERVED = re.compile(r'[<>:"|?*]')
"""Characters no common file system takes in a name (``/`` and ``\\`` end the path before this applies)."""


def display_filename(raw: str | None, media_type: str) -> str:
    """The name under which a document is stored and shown: the client's name made safe, never refused.

    The client's name is a hint about the file, not part of the evidence, so it is cleaned rather than refused: only
    the last path segment is kept (``../../etc/passwd.pdf`` is ``passwd.pdf``); whitespace runs (CR/LF and tabs
    included) become one space; control, format (bidi overrides such as U+202E, zero-width characters), private-use
    and unassigned characters are removed; ``<>:"|?*`` become ``_``; leading and trailing dots and spaces go; the
    result is NFC and at most :data:`MAX_FILENAME_LENGTH` characters, and it ends in an extension of the type its
    content has (``scan.png`` holding a PDF is shown as ``scan.png.pdf``). An empty result is ``document.pdf`` (or
    ``.png``, ``.jpg``). Applying it again changes nothing.
    """
    cleaned = "".join(_visible(character) for character in unicodedata.normalize("NFC", raw or ""))
    cleaned = re.sub(r" +", " ", cleaned.replace("\\", "/").rsplit("/", 1)[-1])
    cleaned = _RESERVED.sub("_", cleaned).strip(". ")
    extension = _extension(cleaned)
    if extension is None or _EXTENSIONS.get(extension) != media_type:
        stem, extension = cleaned, _CANONICAL_EXTENSIONS.get(media_type, "")
    else:
        stem = cleaned[: -len(extension)]
    stem = unicodedata.normalize("NFC", stem[: MAX_FILENAME_LENGTH - len(extension)]).rstrip(". ")
    return unicodedata.normalize("NFC", (stem or "document") + extension)


def _visible(character: str) -> str:
    if character.isspace():
        return " "
    return "" if unicodedata.category(character) in _INVISIBLE_CATEGORIES else character
