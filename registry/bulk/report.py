"""The report of rejected rows: one CSV line per broken rule, with the file's line number and the message.

Columns: ``line`` (the line of the import file the row starts on, the header being line 1), ``bin`` (as given),
``field`` (as the API names it, e.g. ``bin``, ``activities.1``, ``owner_email``), ``code`` (stable, as in the API's
problem+json ``errors[].code``), then ``message_kk``, ``message_ru``, ``message_en`` — or only the languages asked for.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from typing import TextIO

from registry.bulk.checks import Rejection
from registry.i18n import Language

__all__ = ["RejectionReport"]


class RejectionReport:
    """Writes rejections as they come, so a million-row import never keeps them in memory."""

    def __init__(self, stream: TextIO, languages: Sequence[Language]) -> None:
        self.languages = tuple(languages)
        self.writer = csv.writer(stream, lineterminator="\n")
        self.writer.writerow(["line", "bin", "field", "code", *(f"message_{language}" for language in self.languages)])
        self.rows = 0
        """Rejected rows written so far."""

    def write(self, rejection: Rejection) -> None:
        """One line per broken rule of the row."""
        self.rows += 1
        for error in rejection.errors:
            messages = [error.message.in_language(language) for language in self.languages]
            self.writer.writerow([rejection.line, rejection.bin, error.field, error.code, *messages])
