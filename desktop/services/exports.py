"""Tables exported as CSV or XLSX: the one way a station writes a table for people to open.

The supervisor's dashboard, its audit viewer and its follow-up list all offer "export"; they
hand this module a header row and plain rows and get a file another program opens:

- **CSV** is UTF-8 with a byte-order mark, so that Excel on a Chinese Windows reads 中文 right,
  and comma-separated with RFC 4180 quoting (Python's ``csv``).
- **XLSX** is written by openpyxl (a well-kept library, not hand-made XML): one sheet, the
  header bold and frozen, dates and numbers as their own cell types.

Both guard against **formula injection**: a text cell starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return would be run as a formula by a spreadsheet (a citizen's
"address" of ``=HYPERLINK(…)``), so such text is written with a leading apostrophe in CSV and
as a plain string cell in XLSX (openpyxl's ``data_type = "s"``) — numbers stay numbers.

The file is written whole or not at all and owner-only (:func:`desktop.config.files.write_atomic`):
an export holds personal data.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path

from desktop.config.files import write_atomic
from desktop.domain.errors import CodedError

__all__ = ["Cell", "ExportError", "ExportFormat", "export_table", "table_bytes"]

#: What a cell may hold.
Cell = str | int | float | Decimal | dt.date | dt.datetime | None

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ExportFormat(enum.StrEnum):
    CSV = "csv"
    XLSX = "xlsx"

    @classmethod
    def for_path(cls, path: Path | str) -> ExportFormat:
        """The format a file name asks for (``.csv`` / ``.xlsx``), else :class:`ExportError`."""
        suffix = Path(path).suffix.lower().lstrip(".")
        try:
            return cls(suffix)
        except ValueError:
            raise ExportError("export.bad_format", suffix=suffix) from None


class ExportError(CodedError):
    """An export that cannot be written (``export.bad_format``, ``export.failed``)."""

    code = "export.failed"

    def __init__(self, code: str, **detail: object) -> None:
        if code == "export.bad_format":
            english = f"cannot export as {detail.get('suffix')!r}: choose .csv or .xlsx"
            chinese = "只能导出为 .csv 或 .xlsx 文件"
        else:
            english = f"the export could not be written: {detail.get('reason', '')}"
            chinese = "导出文件未能写入"
        super().__init__(english, chinese, code=code, detail=detail)


def _safe_text(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return _safe_text(value)
    return str(value)


def _csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_safe_text(h) for h in headers])
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx_bytes(
    headers: Sequence[str], rows: Iterable[Sequence[Cell]], *, sheet_title: str
) -> bytes:
    from openpyxl import Workbook  # imported when used: the CLI's start-up stays quick
    from openpyxl.styles import Font

    book = Workbook(write_only=False)
    sheet = book.active
    assert sheet is not None
    sheet.title = sheet_title[:31] or "Sheet1"  # Excel's limit on sheet names
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append([None if v is None else v for v in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
            elif isinstance(cell.value, dt.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm:ss"
            elif isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    for index, header in enumerate(headers, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = max(10, min(40, 2 * len(header) + 4))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def table_bytes(
    headers: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    fmt: ExportFormat,
    *,
    sheet_title: str = "OneWindow",
) -> bytes:
    """The file's bytes (for a test, or a caller that stores them elsewhere)."""
    if fmt is ExportFormat.CSV:
        return _csv_bytes(headers, rows)
    return _xlsx_bytes(headers, rows, sheet_title=sheet_title)


def export_table(
    path: Path | str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    fmt: ExportFormat | None = None,
    sheet_title: str = "OneWindow",
) -> Path:
    """Write the table to ``path`` (format from ``fmt`` or the file's suffix), owner-only."""
    chosen = fmt or ExportFormat.for_path(path)
    data = table_bytes(headers, rows, chosen, sheet_title=sheet_title)
    try:
        return write_atomic(path, data, dir_mode=None)
    except OSError as exc:
        raise ExportError("export.failed", reason=exc.strerror or str(exc)) from exc
