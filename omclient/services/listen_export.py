"""Export of a list as the user sees it: CSV (for Excel in Austria) and .xlsx.

Both take the header titles and the rows. CSV cells are the display texts,
separated by ";" and written UTF-8 with BOM so Excel shows umlauts. In .xlsx,
numbers and dates stay numbers and dates (``formats`` gives a column's number
format), so the sheet can be summed and sorted.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from omclient.errors import ValidationError


def write_csv(path: Path, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> int:
    """Write ``rows`` under ``headers`` as CSV; returns the number of data rows."""
    try:
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, delimiter=";", quoting=csv.QUOTE_MINIMAL)
            writer.writerow(headers)
            writer.writerows(["" if c is None else c for c in row] for row in rows)
    except OSError as exc:
        raise ValidationError(f"Die Datei {path} kann nicht geschrieben werden: {exc}") from exc
    return len(rows)


def write_xlsx(
    path: Path,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    formats: Sequence[str | None] | None = None,
    title: str = "Liste",
) -> int:
    """Write an Excel workbook with one sheet: bold header, frozen, with auto-filter.

    ``formats[i]`` is the number format of column ``i`` (e.g. ``#,##0.00``,
    ``DD.MM.YYYY``); Decimal cells are written as numbers. Returns the number
    of data rows.
    """
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _sheet_title(title)
    sheet.append(list(headers))
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
    widths = [len(h) for h in headers]
    for row in rows:
        sheet.append([_cell_value(v) for v in row])
        for n, value in enumerate(row):
            widths[n] = max(widths[n], len(_width_text(value)))
    if formats:
        for n, number_format in enumerate(formats):
            if not number_format:
                continue
            for (cell,) in sheet.iter_rows(
                min_row=2, min_col=n + 1, max_col=n + 1, max_row=len(rows) + 1
            ):
                cell.number_format = number_format
    for n, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(n + 1)].width = min(max(width + 2, 6), 60)
    sheet.freeze_panes = "A2"
    if headers:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"
    try:
        workbook.save(path)
    except OSError as exc:
        raise ValidationError(f"Die Datei {path} kann nicht geschrieben werden: {exc}") from exc
    return len(rows)


def _cell_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    return value


def _width_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return "00.00.0000"
    return str(value)


def _sheet_title(title: str) -> str:
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in title).strip()
    return (cleaned or "Liste")[:31]
