from __future__ import annotations

from PySide6.QtCore import Qt

from omclient.ui.objekt.main_window import MainWindow


def _shown_numbers(window: MainWindow) -> list[str]:
    return [row.objekt_nr for row in window.model.visible_rows()]


def test_lists_all_objekte_and_searches_as_you_type(qtbot, ctx):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert _shown_numbers(window) == ["1010", "2020", "3030"]
    assert window.status_label.text() == "3 Objekte"
    qtbot.keyClicks(window.search_edit, "20")
    qtbot.waitUntil(lambda: _shown_numbers(window) == ["2020"])
    window.search_edit.clear()
    qtbot.waitUntil(lambda: len(_shown_numbers(window)) == 3)
    qtbot.keyClicks(window.search_edit, "graz")
    qtbot.waitUntil(lambda: window.status_label.text() == "1 Objekt zu „graz“")
    assert _shown_numbers(window) == ["2020"]


def test_objekt_actions_need_a_selection(qtbot, ctx, portfolio):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert not window.einheiten_button.isEnabled()
    assert not window.action_bestandnehmer.isEnabled()
    window.table.selectRow(1)
    assert window.einheiten_button.isEnabled()
    assert window.action_bestandnehmer.isEnabled()
    assert window.current_objekt_id() == portfolio.objekt["2020"]


def test_status_bar_names_database_and_user(qtbot, ctx):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    texts = " ".join(w.text() for w in window.statusBar().findChildren(type(window.status_label)))
    assert "Benutzer: Sabine Sachbearbeiter (Sachbearbeiter)" in texts
    assert ("SQLite:" in texts) or ("PostgreSQL:" in texts)


def test_menus_are_german(qtbot, ctx):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles == ["Datei", "Objekt", "Extras", "Hilfe"]
    assert window.action_einheiten.shortcut().toString() == "Ctrl+E"
    assert Qt.Key.Key_F5 in [window.action_aktualisieren.shortcut()[0].key()]
