"""What the bulk import and export say when a file or a row cannot be used, in kk/ru/en."""

from __future__ import annotations

from collections.abc import Sequence

from registry.errors import FieldError, InvalidInput
from registry.i18n import Text

__all__ = ["duplicate_in_file", "file_problem", "missing_columns", "row_width", "unknown_columns"]


def duplicate_in_file(first_line: int) -> FieldError:
    """The BIN was already given on an earlier line of the same file (that line is the one imported)."""
    return FieldError(
        "bin",
        "import.duplicate_in_file",
        Text(
            kk="Бұл БСН файлдың {line}-жолында бұрын берілген.",
            ru="Этот БИН уже встречается в файле в строке {line}.",
            en="This BIN is already given on line {line} of the file.",
        ).format(line=first_line),
    )


def missing_columns(names: Sequence[str]) -> InvalidInput:
    """The header lacks columns every row needs."""
    return InvalidInput(
        "import.missing_columns",
        Text(
            kk="Файлда міндетті бағандар жоқ: {names}.",
            ru="В файле нет обязательных столбцов: {names}.",
            en="The file lacks required columns: {names}.",
        ).format(names=", ".join(names)),
    )


def unknown_columns(names: Sequence[str], known: Sequence[str]) -> InvalidInput:
    """The header names columns the mapping does not know (a typo would otherwise drop a field silently)."""
    return InvalidInput(
        "import.unknown_columns",
        Text(
            kk="Белгісіз бағандар: {names}. Рұқсат етілгендері: {known}.",
            ru="Неизвестные столбцы: {names}. Допустимые: {known}.",
            en="Unknown columns: {names}. Known columns: {known}.",
        ).format(names=", ".join(names), known=", ".join(known)),
    )


def file_problem(detail: str) -> InvalidInput:
    """The file cannot be read as CSV in UTF-8."""
    return InvalidInput(
        "import.unreadable",
        Text(
            kk="Файлды UTF-8 кодтауындағы CSV ретінде оқу мүмкін емес: {detail}.",
            ru="Файл не читается как CSV в кодировке UTF-8: {detail}.",
            en="The file cannot be read as CSV in UTF-8: {detail}.",
        ).format(detail=detail),
    )


def row_width(values: int, columns: int) -> FieldError:
    """A row with more values than the header has columns (a stray comma or an unquoted one)."""
    message = Text(
        kk="Жолда {values} мән бар, ал тақырыпта {columns} баған.",
        ru="В строке {values} {values:значение|значения|значений}, а в заголовке {columns} "
        "{columns:столбец|столбца|столбцов}.",
        en="The row has {values} {values:value|values} but the header has {columns} {columns:column|columns}.",
    )
    return FieldError("row", "import.row_width", message.format(values=values, columns=columns))
