"""The evidence rules as pure functions: safe display names, inert PDFs only, a header that cannot be broken."""

from __future__ import annotations

import unicodedata
import zlib
from urllib.parse import unquote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from api.routes.evidence import attachment_disposition
from licensing.documents import MAX_FILENAME_LENGTH, accept_document, display_filename
from licensing.pdf_content import ACTIVE_PDF_NAMES, check_pdf
from registry.errors import InvalidInput

MEDIA_TYPES = ("application/pdf", "image/png", "image/jpeg")
EXTENSIONS = {"application/pdf": (".pdf",), "image/png": (".png",), "image/jpeg": (".jpg", ".jpeg", ".jpe", ".jfif")}
INVISIBLE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def pdf(*objects: bytes, tail: bytes = b"%%EOF\n") -> bytes:
    """A PDF with ``objects`` after a catalog and a page (offsets are not checked, as readers repair them)."""
    body = b"".join(b"%d 0 obj\n%s\nendobj\n" % (number, item) for number, item in enumerate(objects, start=4))
    return (
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
        b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
        b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n"
        + body
        + b"trailer\n<< /Size 9 /Root 1 0 R >>\nstartxref\n0\n"
        + tail
    )


def stream(data: bytes, dictionary: bytes = b"") -> bytes:
    return b"<< %s /Length %d >>\nstream\n%s\nendstream" % (dictionary, len(data), data)


def object_stream(
    objects: bytes, *, compress: bool = True, dictionary: bytes = b"/Type /ObjStm /N 1 /First 4"
) -> bytes:
    data = zlib.compress(b"9 0 " + objects) if compress else b"9 0 " + objects
    return stream(data, dictionary + (b" /Filter /FlateDecode" if compress else b""))


def refusal(content: bytes) -> InvalidInput:
    with pytest.raises(InvalidInput) as refused:
        check_pdf(content)
    assert [(error.field, error.code) for error in refused.value.errors] == [("file", refused.value.code)]
    return refused.value


# --- Display names -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "media_type", "shown"),
    [
        ("model-card.pdf", "application/pdf", "model-card.pdf"),
        ("../../../../etc/passwd.pdf", "application/pdf", "passwd.pdf"),
        ("C:\\Users\\aigerim\\Desktop\\invoice.pdf", "application/pdf", "invoice.pdf"),
        ("invoice\r\nSet-Cookie: x=1.pdf", "application/pdf", "invoice Set-Cookie_ x=1.pdf"),
        ("invoice\u202efdp.exe", "application/pdf", "invoicefdp.exe.pdf"),  # shown as it is, not as "invoiceexe.pdf"
        ("report\u2066\u2069\u200b\u200f\u061c\ufeff.pdf", "application/pdf", "report.pdf"),
        ("nul\x00byte\x07.png", "image/png", "nulbyte.png"),
        ("Счёт №12 2025.pdf", "application/pdf", "Счёт №12 2025.pdf"),
        ("Е\u0301септеме.pdf", "application/pdf", "Е\u0301септеме.pdf"),  # no composed form: stays as it is
        ("cafe\u0301.pdf", "application/pdf", "café.pdf"),  # NFC
        ("scan.PDF", "application/pdf", "scan.pdf"),
        ("looks-like-a-picture.png", "application/pdf", "looks-like-a-picture.png.pdf"),
        ("photo.jpeg", "image/jpeg", "photo.jpeg"),
        ("no-extension", "image/png", "no-extension.png"),
        ('a<b>c:d"e|f?g*.pdf', "application/pdf", "a_b_c_d_e_f_g_.pdf"),
        ("...hidden.pdf", "application/pdf", "hidden.pdf"),
        ("  spaced   out  .pdf", "application/pdf", "spaced out.pdf"),
        ("", "application/pdf", "document.pdf"),
        (None, "image/jpeg", "document.jpg"),
        ("\u202e\r\n/..", "application/pdf", "document.pdf"),
        ("x" * 500 + ".pdf", "application/pdf", "x" * (MAX_FILENAME_LENGTH - 4) + ".pdf"),
    ],
)
def test_display_names(raw: str | None, media_type: str, shown: str) -> None:
    assert display_filename(raw, media_type) == shown


@given(raw=st.text(max_size=300), media_type=st.sampled_from(MEDIA_TYPES))
def test_a_display_name_is_safe_bounded_typed_and_stable(raw: str, media_type: str) -> None:
    shown = display_filename(raw, media_type)
    assert 0 < len(shown) <= MAX_FILENAME_LENGTH
    assert not {"/", "\\", *'<>:"|?*'} & set(shown)
    assert all(unicodedata.category(character) not in INVISIBLE for character in shown)
    assert all(character == " " or not character.isspace() for character in shown)
    assert not shown.startswith((".", " "))
    assert shown == unicodedata.normalize("NFC", shown)
    assert shown.endswith(EXTENSIONS[media_type])
    assert display_filename(shown, media_type) == shown


@given(raw=st.text(max_size=300), media_type=st.sampled_from(MEDIA_TYPES))
def test_the_content_disposition_cannot_be_broken_and_carries_the_name(raw: str, media_type: str) -> None:
    shown = display_filename(raw, media_type)
    header = attachment_disposition(shown)
    assert header.isascii()
    assert all(32 <= ord(character) < 127 for character in header), "no control characters, no line breaks"
    kind, fallback, extended = header.split("; ")
    assert kind == "attachment"
    assert fallback.startswith('filename="') and fallback.endswith('"')
    assert '"' not in fallback[len('filename="') : -1] and "\\" not in fallback
    assert extended.startswith("filename*=UTF-8''")
    assert unquote(extended.removeprefix("filename*=UTF-8''"), errors="strict") == shown


def test_the_disposition_of_a_kazakh_name() -> None:
    assert attachment_disposition("Шот-фактура.pdf") == (
        "attachment; filename=\"document.pdf\"; filename*=UTF-8''%D0%A8%D0%BE%D1%82-%D1%84%D0%B0%D0%BA%D1%82%D1%83"
        "%D1%80%D0%B0.pdf"
    )
    assert attachment_disposition("café menu (v2).pdf") == (
        "attachment; filename=\"cafe menu (v2).pdf\"; filename*=UTF-8''caf%C3%A9%20menu%20%28v2%29.pdf"
    )


# --- Inert PDFs ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        pdf(),
        pdf(b"<< /Type /Action /S /URI /URI (https://tulpar.kz) >>"),  # a link
        pdf(b"<< /OpenAction [3 0 R /FitH null] >>"),  # open at the first page, full width (LaTeX does this)
        pdf(stream(zlib.compress(b"BT /F1 12 Tf (Hello <b>) Tj ET"), b"/Filter /FlateDecode")),
        pdf(stream(b"<x:xmpmeta><rdf:RDF><dc:format>application/pdf</dc:format></rdf:RDF></x:xmpmeta>")),
        pdf(object_stream(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")),
        pdf(stream(bytes(range(256)) * 64, b"/Filter /DCTDecode")),  # binary image data is not read as text
        pdf(tail=b"%%EOF\n" + b"\x00" * 1000),  # padding after the marker, as some scanners write
    ],
    ids=["minimal", "link", "open-at-page", "compressed-content", "xmp", "object-stream", "binary-image", "padding"],
)
def test_inert_pdfs_are_accepted(content: bytes) -> None:
    check_pdf(content)
    assert accept_document(content, declared_filename="evidence.pdf") == "application/pdf"


@pytest.mark.parametrize(
    ("content", "names"),
    [
        (pdf(b"<< /OpenAction << /S /JavaScript /JS (app.alert('pwned')) >> >>"), ["/JS", "/JavaScript"]),
        (pdf(b"<< /Type /Action /S /Launch /F (cmd.exe) >>"), ["/Launch"]),
        (pdf(b"<< /Type /Page /AA << /O 7 0 R >> >>"), ["/AA"]),
        (pdf(b"<< /S /GoToR /F (\\\\\\\\attacker\\\\share\\\\x.pdf) >>"), ["/GoToR"]),
        (pdf(b"<< /Names << /EmbeddedFiles 8 0 R >> >>"), ["/EmbeddedFiles"]),
        (pdf(stream(b"MZ\x90\x00", b"/Type /EmbeddedFile")), ["/EmbeddedFile"]),
        (pdf(b"<< /Subtype /RichMedia >>"), ["/RichMedia"]),
        (pdf(b"<< /AcroForm << /XFA 8 0 R >> >>"), ["/XFA"]),
        (pdf(b"<< /S /SubmitForm /F (https://evil.example) >>"), ["/SubmitForm"]),
        (pdf(b"<< /S /J#61va#53cript /J#53 (x) >>"), ["/JS", "/JavaScript"]),  # names written with # escapes
        (pdf(object_stream(b"<< /S /JavaScript /JS (x) >>")), ["/JS", "/JavaScript"]),  # inside a compressed one
        (pdf(object_stream(b"<< /S /Launch >>", dictionary=b"/N 1 /First 4")), ["/Launch"]),  # without its /Type
        # An object hidden in what a wrong /Length says is stream data is still found.
        (
            pdf(b"<< /Length 200 >>\nstream\nxx\nendstream\nendobj\n8 0 obj\n<< /S /JavaScript /JS (x) >>\nendobj"),
            ["/JS", "/JavaScript"],
        ),
    ],
    ids=[
        "open-action-javascript",
        "launch",
        "additional-actions",
        "remote-goto",
        "embedded-files",
        "embedded-file",
        "rich-media",
        "xfa",
        "submit-form",
        "escaped-names",
        "object-stream",
        "untyped-object-stream",
        "object-in-stream-data",
    ],
)
def test_active_pdfs_are_refused_naming_what_is_active(content: bytes, names: list[str]) -> None:
    refused = refusal(content)
    assert refused.code == "document.pdf_active_content"
    assert refused.details == {"active_content": names}
    assert refused.message.en.startswith(f"The PDF contains active content ({', '.join(names)}).")
    assert all(", ".join(names) in text for text in refused.message.as_dict().values())
    assert "активное содержимое" in refused.message.ru and "белсенді мазмұн" in refused.message.kk


@given(
    name=st.sampled_from(sorted(ACTIVE_PDF_NAMES)),
    escaped=st.lists(st.booleans(), min_size=13, max_size=13),
    where=st.sampled_from(["dictionary", "object-stream", "array"]),
)
def test_an_active_name_is_found_however_it_is_written_and_wherever_it_is(
    name: str, escaped: list[bool], where: str
) -> None:
    written = "".join(
        f"#{ord(character):02X}" if escape else character for character, escape in zip(name, escaped, strict=False)
    ).encode()
    item = b"<< /Type /Annot /%s 8 0 R >>" % written
    content = {
        "dictionary": pdf(item),
        "object-stream": pdf(object_stream(item)),
        "array": pdf(b"[ /%s ]" % written),
    }[where]
    refused = refusal(content)
    assert (refused.code, refused.details) == ("document.pdf_active_content", {"active_content": [f"/{name}"]})


def test_the_list_of_active_names_is_the_documented_one() -> None:
    scripts_and_actions = {"JavaScript", "JS", "AA", "Launch", "GoToR", "GoToE", "SubmitForm", "ImportData"}
    files_media_and_forms = {"EmbeddedFile", "EmbeddedFiles", "RichMedia", "XFA"}
    assert scripts_and_actions | files_media_and_forms == ACTIVE_PDF_NAMES


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"%PDF-<html><script>alert(1)</script></html>", "no_version"),
        (b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n", "no_end_marker"),
        (pdf(tail=b"%%EOF\n" + b" " * 2000), "no_end_marker"),
        (pdf(b"(<!DOCTYPE html><html><script>alert(1)</script>)"), "html"),
        (pdf(b"<< /Title (x) >>\n<IMG SRC=x onerror=alert(1)>"), "html"),
        (pdf(stream(b"<html><body onload=alert(1)></body></html>")), "html"),  # plain stream data
        (pdf(stream(b"<script>alert(1)</script>", b"/Filter /FlateDecode")), "html"),  # claims to be compressed
    ],
    ids=["no-version", "html-then-no-eof", "eof-too-early", "html-doctype", "html-img", "html-in-stream", "fake-flate"],
)
def test_a_pdf_that_is_also_something_else_is_refused(content: bytes, reason: str) -> None:
    refused = refusal(content)
    assert (refused.code, refused.details) == ("document.pdf_not_only_pdf", {"reason": reason})
    assert refused.message.en.startswith("The file starts like a PDF but")
    assert refused.message.ru.startswith("Файл начинается как PDF, но")
    assert refused.message.kk.startswith("Файл PDF сияқты басталады, бірақ")


@pytest.mark.parametrize(
    "content",
    [
        pdf(stream(b"\x8a\x13\x00\xfe encrypted bytes", b"/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode")),
        pdf(object_stream(b"<< >>", compress=False, dictionary=b"/Type /ObjStm /N 1 /First 4 /Filter /LZWDecode")),
        pdf(
            stream(
                zlib.compress(zlib.compress(b"9 0 << /S /JavaScript >>")),
                b"/Type /ObjStm /N 1 /First 4 /Filter [/FlateDecode /FlateDecode]",
            )
        ),
        pdf(object_stream(b"<< >>", dictionary=b"/Type /ObjStm /N 1 /First 4 /DecodeParms << /Predictor 12 >>")),
    ],
    ids=["encrypted", "lzw", "twice-compressed", "predictor"],
)
def test_object_streams_that_cannot_be_read_are_refused(content: bytes) -> None:
    refused = refusal(content)
    assert refused.code == "document.pdf_uncheckable"
    assert refused.message.en.startswith("The PDF could not be checked for active content")


def test_an_object_stream_that_inflates_beyond_the_budget_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("licensing.pdf_content._MAX_INFLATED_BYTES", 1024)
    bomb = stream(zlib.compress(b"9 0 " + b" " * 4096), b"/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode")
    assert refusal(pdf(bomb)).code == "document.pdf_uncheckable"


def test_pngs_and_jpegs_are_not_read_as_pdfs() -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"/JavaScript <html>"
    assert accept_document(png, declared_filename="logo.png") == "image/png"
