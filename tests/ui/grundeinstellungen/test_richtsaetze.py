"""Grundeinstellungen → Richtsätze: administrators edit, clerks only read."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox

from omclient.services import kaution, richtsaetze
from omclient.services.kaution import Zinsmethode
from omclient.ui.grundeinstellungen.richtsaetze import RichtsaetzeDialog
from omclient.ui.objekt.main_window import MainWindow

D = dt.date


def rows(dialog: RichtsaetzeDialog) -> list[list[str]]:
    model = dialog.model
    return [
        [model.data(model.index(r, c)) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def protokoll(dialog: RichtsaetzeDialog) -> list[list[str]]:
    model = dialog.protokoll_model
    return [
        [model.data(model.index(r, c)) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def open_dialog(qtbot, ctx) -> RichtsaetzeDialog:
    dialog = RichtsaetzeDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def fill(qtbot, editor, **values: str) -> None:
    for name, text in values.items():
        line = editor.editor(name)
        assert isinstance(line, QLineEdit)
        line.clear()
        qtbot.keyClicks(line, text)


def double_click_row(qtbot, dialog: RichtsaetzeDialog, row: int) -> None:
    view = dialog.table
    rect = view.visualRect(dialog.model.index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_lists_newest_first_with_end_dates_and_the_current_rate(
    qtbot, ctx, portfolio, qtmodeltester
):
    dialog = open_dialog(qtbot, ctx)
    assert dialog.windowTitle() == "Grundeinstellungen – Richtsätze"
    assert rows(dialog) == [
        ["01.01.2024", "laufend", "2,00 %", "aktuell", ""],
        ["01.01.2023", "31.12.2023", "1,50 %", "", ""],
        ["01.01.2019", "31.12.2022", "0,125 %", "", ""],
        ["01.01.2015", "31.12.2018", "0,50 %", "", ""],
    ]
    qtmodeltester.check(dialog.model)
    qtmodeltester.check(dialog.protokoll_model)


def test_clerk_sees_everything_read_only(qtbot, ctx, portfolio):
    dialog = open_dialog(qtbot, ctx)
    assert dialog.hinweis_label.isVisible()
    assert "nur Administratoren" in dialog.hinweis_label.text()
    for button in (dialog.neu_button, dialog.bearbeiten_button, dialog.loeschen_button):
        assert not button.isEnabled()
    assert not dialog.kest_edit.isEnabled()
    assert not dialog.methode_combo.isEnabled()
    assert not dialog.einstellungen_button.isEnabled()
    double_click_row(qtbot, dialog, 0)
    assert dialog.editor is None


def test_admin_adds_a_richtsatz(qtbot, admin_ctx, portfolio):
    dialog = open_dialog(qtbot, admin_ctx)
    assert dialog.hinweis_label.isHidden()
    assert not dialog.bearbeiten_button.isEnabled()  # nothing selected yet
    qtbot.mouseClick(dialog.neu_button, Qt.MouseButton.LeftButton)
    editor = dialog.editor
    assert editor is not None and editor.isVisible()
    assert editor.windowTitle() == "Neuer Richtsatz"
    fill(qtbot, editor, gueltig_ab="01.07.2025", zinssatz="1,25", bemerkung="Senkung Juli")
    qtbot.mouseClick(editor.ok_button, Qt.MouseButton.LeftButton)
    assert not editor.isVisible()
    assert rows(dialog)[0] == ["01.07.2025", "laufend", "1,25 %", "aktuell", "Senkung Juli"]
    assert rows(dialog)[1][:2] == ["01.01.2024", "30.06.2025"]
    assert dialog.table.selected_rows()[0].gueltig_ab == D(2025, 7, 1)
    assert protokoll(dialog)[0][1:6] == ["admin", "angelegt", "01.07.2025", "", "1,25 %"]
    with admin_ctx.db.sessions() as session:
        assert kaution.load_richtsaetze(session)[D(2025, 7, 1)] == Decimal("1.25")


def test_duplicate_date_keeps_the_form_open_and_saves_nothing(qtbot, admin_ctx, portfolio):
    dialog = open_dialog(qtbot, admin_ctx)
    qtbot.mouseClick(dialog.neu_button, Qt.MouseButton.LeftButton)
    editor = dialog.editor
    fill(qtbot, editor, gueltig_ab="01.01.2023", zinssatz="3")
    qtbot.mouseClick(editor.ok_button, Qt.MouseButton.LeftButton)
    assert editor.isVisible()
    assert editor.fehler_label.isVisible()
    assert "Für den 01.01.2023 gibt es bereits einen Richtsatz" in editor.fehler_label.text()
    assert editor.editor("zinssatz").text() == "3"  # the input is kept
    assert len(rows(dialog)) == 4
    assert protokoll(dialog) == []
    fill(qtbot, editor, zinssatz="abc")
    qtbot.mouseClick(editor.ok_button, Qt.MouseButton.LeftButton)
    assert "kein gültiger Betrag" in editor.fehler_label.text()
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible()
    assert len(rows(dialog)) == 4


def test_admin_edits_by_double_click(qtbot, admin_ctx, portfolio):
    dialog = open_dialog(qtbot, admin_ctx)
    double_click_row(qtbot, dialog, 1)  # 01.01.2023, 1,5 %
    editor = dialog.editor
    assert editor is not None
    assert editor.windowTitle() == "Richtsatz ab 01.01.2023 bearbeiten"
    assert editor.editor("gueltig_ab").text() == "01.01.2023"
    assert editor.editor("zinssatz").text() == "1,500"
    fill(qtbot, editor, zinssatz="1,375", bemerkung="korrigiert laut Bank")
    qtbot.mouseClick(editor.ok_button, Qt.MouseButton.LeftButton)
    assert rows(dialog)[1] == [
        "01.01.2023",
        "31.12.2023",
        "1,375 %",
        "",
        "korrigiert laut Bank",
    ]
    assert protokoll(dialog)[0][2:6] == ["geändert", "01.01.2023", "1,50 %", "1,375 %"]


def test_delete_asks_first(qtbot, admin_ctx, portfolio, monkeypatch):
    dialog = open_dialog(qtbot, admin_ctx)
    double_click_row(qtbot, dialog, 0)
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Escape)
    asked = []

    def answer(reply):
        def question(parent, title, text, *args):
            asked.append(text)
            return reply

        return staticmethod(question)

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    qtbot.mouseClick(dialog.loeschen_button, Qt.MouseButton.LeftButton)
    assert len(rows(dialog)) == 4
    assert "Den Richtsatz ab 01.01.2024 (2,00 %) löschen?" in asked[0]
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    dialog.table.select_row(0)
    qtbot.mouseClick(dialog.loeschen_button, Qt.MouseButton.LeftButton)
    assert [r[0] for r in rows(dialog)] == ["01.01.2023", "01.01.2019", "01.01.2015"]
    assert rows(dialog)[0][1:4] == ["laufend", "1,50 %", "aktuell"]
    assert protokoll(dialog)[0][2:6] == ["gelöscht", "01.01.2024", "2,00 %", ""]


def test_admin_changes_kest_and_day_count(qtbot, admin_ctx, portfolio):
    dialog = open_dialog(qtbot, admin_ctx)
    assert dialog.kest_edit.text() == "25,00"
    assert dialog.methode_combo.currentData() == "30E/360"
    dialog.kest_edit.clear()
    qtbot.keyClicks(dialog.kest_edit, "27,5")
    dialog.methode_combo.setCurrentIndex(dialog.methode_combo.findData("act/365"))
    qtbot.mouseClick(dialog.einstellungen_button, Qt.MouseButton.LeftButton)
    assert dialog.einstellungen_status.text() == "Gespeichert: KESt 27,5 %, Zinstage act/365."
    with admin_ctx.db.sessions() as session:
        saved = kaution.load_settings(session)
    assert (saved.kest_prozent, saved.zinsmethode) == (Decimal("27.5"), Zinsmethode.ACT_365)


def test_invalid_kest_is_refused_inline(qtbot, admin_ctx, portfolio):
    dialog = open_dialog(qtbot, admin_ctx)
    dialog.kest_edit.clear()
    qtbot.keyClicks(dialog.kest_edit, "150")
    qtbot.mouseClick(dialog.einstellungen_button, Qt.MouseButton.LeftButton)
    assert "zwischen 0 und 100" in dialog.einstellungen_status.text()
    with admin_ctx.db.sessions() as session:
        assert kaution.load_settings(session).kest_prozent == Decimal("25")


def test_changes_made_elsewhere_show_after_reload(qtbot, admin_ctx, portfolio):
    dialog = open_dialog(qtbot, admin_ctx)
    richtsaetze.add_richtsatz(admin_ctx.db.sessions, admin_ctx.user, D(2026, 1, 1), Decimal("1"))
    assert len(rows(dialog)) == 4
    dialog.reload()
    assert rows(dialog)[0][:3] == ["01.01.2026", "laufend", "1,00 %"]


def test_main_window_offers_richtsaetze_under_grundeinstellungen(qtbot, ctx, monkeypatch):
    opened = []
    monkeypatch.setattr(RichtsaetzeDialog, "exec", lambda self: opened.append(self) or 0)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    texts = [a.text() for a in window.menu_grundeinstellungen.actions()]
    assert "&Richtsätze…" in texts
    window.action_richtsaetze.trigger()
    assert len(opened) == 1
    assert opened[0].windowTitle() == "Grundeinstellungen – Richtsätze"
