"""Main window Objekt list: Einheiten / Bestandsnehmerdaten open the overview on their Register."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt

from omclient.ui.objekt.dialog import ObjektDialog
from omclient.ui.objekt.main_window import MainWindow
from omclient.ui.uebersicht.window import EinheitenUebersicht


@pytest.fixture(autouse=True)
def _forget_settings(qapp):
    """Column order/sorting of the lists are remembered per user: start each test fresh."""
    for group in ("einheitenuebersicht", "hauptfenster/sb"):
        QSettings().remove(group)
    yield
    for group in ("einheitenuebersicht", "hauptfenster/sb"):
        QSettings().remove(group)


@pytest.fixture
def window(ctx, qtbot):
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def overviews(ctx):
    return [w for w in ctx.navigator.open_windows if isinstance(w, EinheitenUebersicht)]


def test_einheiten_and_bestandsnehmerdaten_open_the_right_register(window, ctx, qtbot, portfolio):
    window.table.select_row(0)
    qtbot.mouseClick(window.einheiten_button, Qt.MouseButton.LeftButton)
    window.table.select_row(1)
    qtbot.mouseClick(window.bestandnehmer_button, Qt.MouseButton.LeftButton)
    opened = overviews(ctx)
    assert [(w.objekt_id, w.current_register()) for w in opened] == [
        (portfolio.objekt["1010"], "einheiten"),
        (portfolio.objekt["2020"], "bestandnehmer"),
    ]
    assert all(w.isVisible() for w in opened)
    window.table.select_row(0)
    window.action_bestandnehmer.trigger()
    assert len(overviews(ctx)) == 3  # a second overview of the same Objekt


def test_enter_opens_the_overview_on_the_last_register(window, ctx, qtbot, portfolio):
    first = ctx.navigator.open_uebersicht(portfolio.objekt["1010"], "bestandnehmer")
    first.close()
    window.table.setFocus()
    window.table.select_row(2)
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    last = overviews(ctx)[-1]
    assert (last.objekt_id, last.current_register()) == (portfolio.objekt["3030"], "bestandnehmer")


def test_search_then_enter_in_the_search_field(window, ctx, qtbot, portfolio):
    qtbot.keyClicks(window.search_edit, "Graz")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    qtbot.keyClick(window.search_edit, Qt.Key.Key_Return)
    assert [w.objekt_id for w in overviews(ctx)] == [portfolio.objekt["2020"]]


def test_stammdaten_opens_the_objekt_dialog(window, ctx, qtbot, portfolio):
    window.table.select_row(0)
    qtbot.mouseClick(window.stammdaten_button, Qt.MouseButton.LeftButton)
    dialogs = [w for w in ctx.navigator.open_windows if isinstance(w, ObjektDialog)]
    assert [d.objekt_id for d in dialogs] == [portfolio.objekt["1010"]]


def test_objekt_list_columns_and_sorting(window, qtbot):
    model = window.model
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(7)] == [
        "Objekt-Nr.",
        "Bezeichnung",
        "Adresse",
        "PLZ",
        "Ort",
        "Mandant",
        "Einheiten",
    ]
    assert [model.text(0, c) for c in range(7)] == [
        "1010",
        "Wohnanlage Donaufeld",
        "Donaufelder Straße 101",
        "1210",
        "Wien",
        "Gemeinnützige Wohnbau Donau GmbH",
        "7",
    ]
    window.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert [model.text(r, 1) for r in range(3)] == [
        "Linzer Hof",
        "Stadthaus Graz",
        "Wohnanlage Donaufeld",
    ]
