from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from licensing.documents import MAX_DOCUMENT_BYTES, sha256_hex, sniff_document
from registry.errors import InvalidInput

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 48
    + b"This program cannot be run in DOS mode."
)


@pytest.mark.parametrize(
    ("content", "filename", "media_type"),
    [
        (PDF, "invoice.pdf", "application/pdf"),
        (PNG, "model-card.png", "image/png"),
        (JPEG, "client-letter.jpg", "image/jpeg"),
        (JPEG, "scan.JPEG", "image/jpeg"),
        (PDF, None, "application/pdf"),
        # The content decides, not the name.
        (PDF, "evidence.png", "application/pdf"),
        (PNG, "screenshot", "image/png"),
    ],
)
def test_accepted_documents(content: bytes, filename: str | None, media_type: str) -> None:
    assert sniff_document(content, declared_filename=filename) == media_type


def test_a_document_of_exactly_the_maximum_size_is_accepted() -> None:
    content = PDF + b"\x00" * (MAX_DOCUMENT_BYTES - len(PDF))
    assert sniff_document(content) == "application/pdf"


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(InvalidInput) as invalid:
        sniff_document(b"", declared_filename="invoice.pdf")
    assert invalid.value.code == "document.empty"
    assert invalid.value.message.en == "The file is empty."
    assert [(error.field, error.code) for error in invalid.value.errors] == [("file", "document.empty")]


def test_a_file_over_the_limit_is_refused() -> None:
    content = PDF + b"\x00" * (MAX_DOCUMENT_BYTES - len(PDF) + 1)
    with pytest.raises(InvalidInput) as invalid:
        sniff_document(content, declared_filename="invoice.pdf")
    assert invalid.value.code == "document.too_large"
    assert invalid.value.message.en == "The file is too large: the maximum size is 10 MB."
    assert invalid.value.message.ru == "Файл слишком большой: максимальный размер 10 МБ."
    assert invalid.value.details == {"max_bytes": 10 * 1024 * 1024, "size": MAX_DOCUMENT_BYTES + 1}


@pytest.mark.parametrize("content", [HTML, EXE, b"PK\x03\x04 a zip", b"  %PDF-1.7 with leading junk"])
def test_a_disguised_file_is_refused_and_the_message_says_why(content: bytes) -> None:
    with pytest.raises(InvalidInput) as invalid:
        sniff_document(content, declared_filename="invoice.pdf")
    assert invalid.value.code == "document.unsupported_type"
    message = invalid.value.message
    assert message.en == (
        "The file name ends in .pdf, but its content is not a PDF file. Allowed types: PDF, PNG, JPEG."
    )
    assert ".pdf" in message.kk
    assert ".pdf" in message.ru
    assert all("PDF, PNG, JPEG" in text for text in message.as_dict().values())
    assert invalid.value.details == {
        "allowed_types": ["application/pdf", "image/png", "image/jpeg"],
        "declared_extension": ".pdf",
    }


def test_an_html_page_named_jpg_names_jpeg() -> None:
    with pytest.raises(InvalidInput) as invalid:
        sniff_document(HTML, declared_filename="photos/team.JPG")
    assert invalid.value.message.en.startswith("The file name ends in .jpg, but its content is not a JPEG file.")


@pytest.mark.parametrize("filename", [None, "", "report.docx", "no-extension", "x." + "a" * 200])
def test_an_unsupported_type_lists_the_allowed_types(filename: str | None) -> None:
    with pytest.raises(InvalidInput) as invalid:
        sniff_document(b"plain text, not a document", declared_filename=filename)
    assert invalid.value.code == "document.unsupported_type"
    assert invalid.value.message.en == "This type of file is not supported. Allowed types: PDF, PNG, JPEG."
    assert invalid.value.message.kk.endswith("Рұқсат етілген түрлер: PDF, PNG, JPEG.")
    assert invalid.value.message.ru.endswith("Допустимые типы: PDF, PNG, JPEG.")
    assert [(error.field, error.code) for error in invalid.value.errors] == [("file", "document.unsupported_type")]


def test_the_field_name_can_be_given() -> None:
    with pytest.raises(InvalidInput) as invalid:
        sniff_document(b"", field="evidence.document")
    assert invalid.value.errors[0].field == "evidence.document"


def test_sha256_hex_of_a_known_value() -> None:
    assert sha256_hex(b"") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert sha256_hex(b"abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


@given(content=st.binary(max_size=4096))
def test_sha256_hex_is_lowercase_hex_of_the_digest(content: bytes) -> None:
    digest = sha256_hex(content)
    assert digest == hashlib.sha256(content).hexdigest()
    assert len(digest) == 64
    assert digest == digest.lower()


SIGNATURES = [(b"%PDF-", "application/pdf"), (b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg")]
SIGNATURE_BYTES = tuple(signature for signature, _ in SIGNATURES)


@given(signature=st.sampled_from(SIGNATURES), rest=st.binary(max_size=256))
def test_content_with_a_signature_is_accepted_whatever_its_name(signature: tuple[bytes, str], rest: bytes) -> None:
    assert sniff_document(signature[0] + rest, declared_filename="upload.exe") == signature[1]


@given(content=st.binary(min_size=1, max_size=256).filter(lambda content: not content.startswith(SIGNATURE_BYTES)))
def test_content_without_a_signature_is_refused(content: bytes) -> None:
    with pytest.raises(InvalidInput, match=r"^document\.unsupported_type:"):
        sniff_document(content, declared_filename="upload.pdf")
