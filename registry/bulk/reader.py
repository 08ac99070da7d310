"""Reading an import file: its header through a column mapping, then each row with the line it starts on."""

from __future__ import annotations

import csv
from collections.abc import Container, Iterator
from dataclasses import dataclass
from typing import TextIO

from registry.bulk.checks import Rejection
from registry.bulk.columns import ColumnMapping, RawRow
from registry.bulk.errors import file_problem, row_width

__all__ = ["FileRow", "read_rows"]


@dataclass(frozen=True, slots=True)
class FileRow:
    """One data row of the file, as request fields (``fields``) or as a row that could not be read."""

    line: int
    """The line the row starts on (the header is line 1)."""
    end_line: int
    """The line the row ends on (a quoted value may span lines)."""
    fields: RawRow | Rejection


def read_rows(stream: TextIO, mapping: ColumnMapping, known_activities: Container[str]) -> Iterator[FileRow]:
    """The rows of a CSV file (UTF-8, comma-separated, header first), blank lines skipped.

    Raises:
        InvalidInput: the header does not fit the mapping, or the file is not CSV in UTF-8.
    """
    reader = csv.reader(stream)
    try:
        header = next(reader, None)
        if header is None:
            raise file_problem("the file is empty")
        fields = mapping.fields_of(header)
        line = reader.line_num + 1
        for values in reader:
            end_line = reader.line_num
            if not any(value.strip() for value in values):
                line = end_line + 1
                continue
            if len(values) > len(fields):
                bin_value = values[fields.index("bin")] if "bin" in fields else ""
                yield FileRow(line, end_line, Rejection(line, bin_value, (row_width(len(values), len(fields)),)))
            else:
                named = {field: value for field, value in zip(fields, values, strict=False) if field is not None}
                yield FileRow(line, end_line, mapping.convert(named, known_activities))
            line = end_line + 1
    except UnicodeDecodeError as error:
        raise file_problem(f"not UTF-8 near byte {error.start}") from error
    except csv.Error as error:
        raise file_problem(f"line {reader.line_num}: {error}") from error
