"""The generic DTO table model: Qt contract, sorting, filtering, texts, export, the view."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtTest import QTest

from omclient import formatting as fmt
from omclient.services.dto import Dto
from omclient.ui.common.table_model import (
    Column,
    DtoTableModel,
    DtoTableView,
    area_text,
    date_text,
    natural_key,
    number_text,
)


class Zeile(Dto):
    nr: str
    name: str | None
    flaeche: Decimal | None
    bezug: dt.date | None
    aktiv: bool


COLUMNS = (
    Column("nr", "Nr.", width=60),
    Column("name", "Name", width=150),
    Column("flaeche", "Fläche", text=area_text, align="right", excel_format="#,##0.00"),
    Column("bezug", "Bezug", text=date_text, excel_format="DD.MM.YYYY"),
    Column("aktiv", "Aktiv", value=lambda r: "aktiv" if r.aktiv else "inaktiv"),
)

ROWS = [
    Zeile(
        nr="Top 10",
        name="Huber Anna",
        flaeche=Decimal("68.40"),
        bezug=dt.date(2015, 4, 1),
        aktiv=True,
    ),
    Zeile(nr="Top 2", name="Novak Eva", flaeche=Decimal("1254.25"), bezug=None, aktiv=True),
    Zeile(nr="Top 1", name=None, flaeche=None, bezug=dt.date(2001, 2, 1), aktiv=False),
    Zeile(
        nr="Top 3",
        name="berger Karl",
        flaeche=Decimal("6.5"),
        bezug=dt.date(2019, 8, 1),
        aktiv=True,
    ),
]


@pytest.fixture
def model(qapp):
    m = DtoTableModel(COLUMNS, muted=lambda r: not r.aktiv)
    m.set_rows(ROWS)
    return m


def column(model, key):
    c = model.column_index(key)
    return [model.text(r, c) for r in range(model.rowCount())]


def test_passes_qt_model_tester(qtmodeltester, model):
    qtmodeltester.check(model)
    model.sort(model.column_index("flaeche"), Qt.SortOrder.DescendingOrder)
    model.set_quick_filter("top")
    qtmodeltester.check(model)


def test_texts_headers_and_alignment(model):
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)] == [
        "Nr.",
        "Name",
        "Fläche",
        "Bezug",
        "Aktiv",
    ]
    assert model.rowCount() == 4
    assert column(model, "flaeche") == ["68,40 m²", "1.254,25 m²", "", "6,50 m²"]
    assert column(model, "bezug") == ["01.04.2015", "", "01.02.2001", "01.08.2019"]
    index = model.index(0, model.column_index("flaeche"))
    assert model.data(index, Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    assert model.data(model.index(2, 0), Qt.ItemDataRole.ForegroundRole) is not None
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ForegroundRole) is None
    assert model.data(model.index(1, 0), Qt.ItemDataRole.UserRole) is ROWS[1]


def test_sorting_is_natural_and_puts_empty_values_last(model):
    model.sort(0, Qt.SortOrder.AscendingOrder)
    assert column(model, "nr") == ["Top 1", "Top 2", "Top 3", "Top 10"]
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert column(model, "nr") == ["Top 10", "Top 3", "Top 2", "Top 1"]
    model.sort(model.column_index("name"), Qt.SortOrder.AscendingOrder)
    assert column(model, "name") == ["berger Karl", "Huber Anna", "Novak Eva", ""]
    model.sort(model.column_index("flaeche"), Qt.SortOrder.DescendingOrder)
    assert column(model, "flaeche") == ["1.254,25 m²", "68,40 m²", "6,50 m²", ""]
    model.sort(-1)
    assert column(model, "nr") == ["Top 10", "Top 2", "Top 1", "Top 3"]


def test_quick_filter_matches_any_column_and_all_words(model):
    model.set_quick_filter("HUBER")
    assert column(model, "nr") == ["Top 10"]
    model.set_quick_filter("m²")
    assert model.rowCount() == 3
    model.set_quick_filter("2019")
    assert column(model, "nr") == ["Top 3"]
    model.set_quick_filter("top eva")
    assert column(model, "nr") == ["Top 2"]
    model.set_quick_filter("inaktiv")
    assert column(model, "nr") == ["Top 1"]
    model.set_quick_filter("")
    assert model.rowCount() == 4


def test_predicate_sort_and_filter_combine_and_survive_reload(model, qtbot):
    model.sort(0, Qt.SortOrder.AscendingOrder)
    with qtbot.waitSignal(model.rows_changed):
        model.set_predicate(lambda r: r.aktiv)
    assert column(model, "nr") == ["Top 2", "Top 3", "Top 10"]
    model.set_quick_filter("a")  # Anna, Eva, Karl
    model.set_rows([*ROWS, Zeile(nr="Top 0", name="Zach", flaeche=None, bezug=None, aktiv=True)])
    assert column(model, "nr") == ["Top 0", "Top 2", "Top 3", "Top 10"]
    assert model.find_row(lambda r: r.nr == "Top 3") == 2
    assert model.find_row(lambda r: r.nr == "Top 1") == -1
    assert len(model.all_rows) == 5


def test_export_has_raw_numbers_and_dates(model):
    model.set_quick_filter("huber")
    headers, table = model.export_table()
    assert headers[2] == "Fläche"
    assert table == [["Top 10", "Huber Anna", Decimal("68.40"), dt.date(2015, 4, 1), "aktiv"]]
    _, texts = model.export_texts()
    assert texts == [["Top 10", "Huber Anna", "68,40 m²", "01.04.2015", "aktiv"]]


@given(st.decimals(min_value=-10_000_000, max_value=10_000_000, places=2, allow_nan=False))
def test_fast_texts_equal_the_formatting_module(value):
    assert area_text(value) == fmt.area(value)
    assert number_text(value) == fmt.number(value, 2)


@given(st.dates(min_value=dt.date(1900, 1, 1)))
def test_fast_date_equals_the_formatting_module(value):
    assert date_text(value) == fmt.date(value)


def test_natural_key_orders_numbers_inside_text():
    assert sorted(["L10", "l2", "G1", "10", "9"], key=natural_key) == ["9", "10", "G1", "l2", "L10"]


def test_view_activation_by_double_click_and_enter(model, qtbot):
    view = DtoTableView(model)
    qtbot.addWidget(view)
    view.resize(600, 300)
    view.show()
    qtbot.waitExposed(view)
    assert view.horizontalHeader().sectionSize(1) == 150
    rect = view.visualRect(model.index(1, 1))
    # a real double-click: press/release, then the double-click event
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(view.row_activated) as sig:
        QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert sig.args == [1]
    view.select_row(3)
    assert [r.nr for r in view.selected_rows()] == ["Top 3"]
    with qtbot.waitSignal(view.row_activated) as sig:
        QTest.keyClick(view, Qt.Key.Key_Return)
    assert sig.args == [3]


def test_view_sorts_by_header_click_and_remembers_columns(model, qtbot, tmp_path):
    view = DtoTableView(model)
    qtbot.addWidget(view)
    view.show()
    header = view.horizontalHeader()
    x = header.sectionViewportPosition(0) + 5
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert column(model, "nr") == ["Top 1", "Top 2", "Top 3", "Top 10"]
    header.resizeSection(1, 222)
    header.moveSection(4, 0)
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    view.save_state(settings, "liste")

    other_model = DtoTableModel(COLUMNS)
    other_model.set_rows(ROWS)
    other = DtoTableView(other_model)
    qtbot.addWidget(other)
    assert other.restore_state(settings, "liste")
    assert other.horizontalHeader().sectionSize(1) == 222
    assert other.horizontalHeader().logicalIndex(0) == 4
    assert [other_model.text(r, 0) for r in range(4)] == ["Top 1", "Top 2", "Top 3", "Top 10"]

    changed = DtoTableView(DtoTableModel(COLUMNS[:3]))
    qtbot.addWidget(changed)
    assert not changed.restore_state(settings, "liste")
