"""CSV and Excel export of lists."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import openpyxl
import pytest

from omclient.errors import ValidationError
from omclient.services.listen_export import write_csv, write_xlsx

HEADERS = ["Einheitennummer", "Nettonutzfläche", "Bezug", "Name"]


def test_csv_is_excel_friendly(tmp_path):
    path = tmp_path / "liste.csv"
    assert write_csv(path, HEADERS, [["0001", "68,40 m²", "01.04.2015", "Café; Sonne"]]) == 1
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the umlauts
    text = raw.decode("utf-8-sig").splitlines()
    assert text == [
        "Einheitennummer;Nettonutzfläche;Bezug;Name",
        '0001;68,40 m²;01.04.2015;"Café; Sonne"',
    ]


def test_xlsx_keeps_numbers_and_dates(tmp_path):
    path = tmp_path / "liste.xlsx"
    rows = [["0001", Decimal("68.40"), dt.date(2015, 4, 1), "Huber Anna"], ["0002", None, None, ""]]
    write_xlsx(path, HEADERS, rows, formats=[None, "#,##0.00", "DD.MM.YYYY", None], title="E 1010")
    sheet = openpyxl.load_workbook(path).active
    assert sheet.title == "E 1010"
    assert [c.value for c in sheet[1]] == HEADERS
    assert sheet[1][0].font.bold
    assert sheet["B2"].value == pytest.approx(68.4)
    assert sheet["B2"].number_format == "#,##0.00"
    assert sheet["C2"].value.date() == dt.date(2015, 4, 1)
    assert sheet["C2"].number_format == "DD.MM.YYYY"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:D3"


def test_unwritable_target_is_a_clear_message(tmp_path):
    with pytest.raises(ValidationError, match="kann nicht geschrieben werden"):
        write_csv(tmp_path / "fehlt" / "x.csv", HEADERS, [])
