"""Detaildialog Einheit driven as a clerk/administrator does: Speichern, conflicts, closing,
the footer, the Register widgets in the dialog (sqlite and postgresql)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
)

from omclient.domain import Einheit
from omclient.ui.einheit import dialog as mod
from omclient.ui.einheit.dialog import EinheitDialog
from omclient.ui.einheit.indiv_felder import IndivFelderVerwaltenDialog
from tests.ui.einheit.helpers import click_named, editor_named, open_dialog, type_text


def test_save_writes_om_fields(qtbot, ctx, portfolio, answers) -> None:
    dialog = open_dialog(qtbot, ctx, portfolio)
    type_text(qtbot, editor_named(dialog, "lage"), "Hofseite")
    kategorie = editor_named(dialog, "kategorie")
    kategorie.setCurrentIndex(kategorie.findText("C"))
    status = editor_named(dialog, "status_kz")
    status.setCurrentIndex(status.findData("03"))
    bemerkung = editor_named(dialog, "bemerkung")
    assert isinstance(bemerkung, QPlainTextEdit)
    qtbot.keyClicks(bemerkung, "Fenster getauscht")
    assert dialog.windowTitle().startswith("*")
    click_named(qtbot, dialog, "speichern")
    assert answers.messages == []
    assert not dialog.windowTitle().startswith("*")
    with ctx.db.sessions() as s:
        e = s.get(Einheit, portfolio.einheit["1010/0001"])
        assert (e.lage, e.kategorie, e.status_kz, e.bemerkung) == (
            "Hofseite",
            "C",
            "03",
            "Fenster getauscht",
        )
        assert e.version == 2


def test_bad_date_is_reported_and_nothing_saved(qtbot, ctx, portfolio, answers) -> None:
    dialog = open_dialog(qtbot, ctx, portfolio)
    type_text(qtbot, editor_named(dialog, "lage"), "Hof")
    type_text(qtbot, editor_named(dialog, "datum_erstvermietung"), "31.02.2020")
    click_named(qtbot, dialog, "speichern")
    assert answers.messages and answers.messages[0][0] == "warning"
    assert "Datum Erstvermietung" in answers.messages[0][2]
    with ctx.db.sessions() as s:
        assert s.get(Einheit, portfolio.einheit["1010/0001"]).lage == "links"


def test_save_conflict_between_two_sessions_reported_nothing_lost(
    qtbot, ctx, admin_ctx, portfolio, answers
) -> None:
    first = open_dialog(qtbot, ctx, portfolio)
    second = open_dialog(qtbot, admin_ctx, portfolio)
    type_text(qtbot, editor_named(first, "lage"), "von Sabine")
    type_text(qtbot, editor_named(second, "lage"), "von Anton")
    click_named(qtbot, first, "speichern")
    answers.reply("warning", QMessageBox.StandardButton.No)
    click_named(qtbot, second, "speichern")
    kind, title, text = answers.messages[-1]
    assert (kind, title) == ("warning", "Bearbeitungskonflikt")
    assert "inzwischen von jemand anderem gespeichert" in text
    # nothing overwritten, nothing lost: the DB keeps the first save,
    # the second dialog keeps its input
    with ctx.db.sessions() as s:
        assert s.get(Einheit, portfolio.einheit["1010/0001"]).lage == "von Sabine"
    assert editor_named(second, "lage").text() == "von Anton"
    # choosing "reload" shows the saved state
    answers.reply("warning", QMessageBox.StandardButton.Yes)
    click_named(qtbot, second, "speichern")
    assert editor_named(second, "lage").text() == "von Sabine"


def test_close_with_unsaved_changes_asks(qtbot, ctx, portfolio, answers) -> None:
    dialog = open_dialog(qtbot, ctx, portfolio)
    type_text(qtbot, editor_named(dialog, "lage"), "Mitte")
    answers.reply("question", QMessageBox.StandardButton.Cancel)
    click_named(qtbot, dialog, "schliessen")
    assert dialog.isVisible()
    assert answers.titles() == ["Ungespeicherte Änderungen"]
    answers.reply("question", QMessageBox.StandardButton.Save)
    click_named(qtbot, dialog, "schliessen")
    assert not dialog.isVisible()
    with ctx.db.sessions() as s:
        assert s.get(Einheit, portfolio.einheit["1010/0001"]).lage == "Mitte"


def test_close_without_changes_does_not_ask(qtbot, ctx, portfolio, answers) -> None:
    dialog = open_dialog(qtbot, ctx, portfolio)
    click_named(qtbot, dialog, "schliessen")
    assert not dialog.isVisible() and answers.messages == []


def test_aktualisieren_reloads(qtbot, ctx, portfolio) -> None:
    dialog = open_dialog(qtbot, ctx, portfolio)
    with ctx.db.sessions.begin() as s:
        s.get(Einheit, portfolio.einheit["1010/0001"]).lage = "geändert von jemand anderem"
    assert editor_named(dialog, "lage").text() == "links"
    click_named(qtbot, dialog, "aktualisieren")
    assert editor_named(dialog, "lage").text() == "geändert von jemand anderem"


def test_dokumente_creates_and_opens_folder(qtbot, ctx, portfolio, monkeypatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(
        mod.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True
    )
    dialog = open_dialog(qtbot, ctx, portfolio)
    click_named(qtbot, dialog, "dokumente")
    folder = Path(opened[0])
    assert folder.is_dir()
    assert folder.relative_to(ctx.settings.dms_root).parts == (
        "01 Gemeinnützige Wohnbau Donau GmbH",
        "1010 Wohnanlage Donaufeld",
        "0001 Top 1",
    )


def test_navigation_opens_the_objekt(qtbot, ctx, portfolio, monkeypatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(ctx.navigator, "open_objekt", lambda oid, parent=None: calls.append(oid))
    dialog = open_dialog(qtbot, ctx, portfolio)
    click_named(qtbot, dialog, "navigation")
    assert calls == [portfolio.objekt["1010"]]


def test_drucken_shows_the_unit_in_the_print_preview(qtbot, ctx, portfolio) -> None:
    dialog = open_dialog(qtbot, ctx, portfolio)
    dialog.print_action.trigger()
    qtbot.waitUntil(lambda: dialog.preview is not None and dialog.preview.isVisible())
    assert dialog.preview.pdf.startswith(b"%PDF")
    assert "1010/0001" in dialog.preview.windowTitle()
    dialog.preview.close()


def test_berichte_button_lists_unit_reports(qtbot, ctx, portfolio) -> None:
    from omclient.reports.registry import ReportKontext, reports_for

    dialog = open_dialog(qtbot, ctx, portfolio)
    button = dialog.findChild(QPushButton, "berichte")
    expected = [spec.name for spec in reports_for(ReportKontext.EINHEIT)]
    shown = [a.text() for a in button.menu().actions()] if button.menu() else []
    assert shown == expected
    assert button.isEnabled() == bool(expected)


def test_personen_register_protects_rw_functions(qtbot, ctx, portfolio) -> None:
    dialog = open_dialog(qtbot, ctx, portfolio)
    dialog.tabs.setCurrentWidget(dialog.personen)
    view = dialog.personen.view
    model = view.model()
    rows = {model.index(r, 0).data(): r for r in range(model.rowCount())}
    assert set(rows) == {"Mieter", "Hausbesorger", "Notfallkontakt"}
    for funktion, editable in (
        ("Hausbesorger", False),
        ("Mieter", False),
        ("Notfallkontakt", True),
    ):
        rect = view.visualRect(model.index(rows[funktion], 0))
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        for name in (
            "funktionBearbeiten",
            "funktionLoeschen",
            "funktionKopieren",
            "enddatumDefinieren",
        ):
            assert dialog.findChild(QPushButton, name).isEnabled() is editable, (funktion, name)
    box = dialog.personen.auch_inaktive
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert model.rowCount() == 4


def test_clerk_cannot_open_indiv_felder_verwalten(qtbot, ctx, portfolio) -> None:
    dialog = open_dialog(qtbot, ctx, portfolio)
    button = dialog.findChild(QPushButton, "indivFelderVerwalten")
    assert not button.isEnabled()
    assert "nur Administratoren" in button.toolTip()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not isinstance(QApplication.activeModalWidget(), IndivFelderVerwaltenDialog)


def test_admin_opens_indiv_felder_verwalten(qtbot, admin_ctx, portfolio) -> None:
    dialog = open_dialog(qtbot, admin_ctx, portfolio)
    button = dialog.findChild(QPushButton, "indivFelderVerwalten")
    assert button.isEnabled()
    seen: list[list[str]] = []

    def inspect() -> None:
        widget = QApplication.activeModalWidget()
        if not isinstance(widget, IndivFelderVerwaltenDialog):
            QTimer.singleShot(20, inspect)
            return
        model = widget.view.model()
        seen.append([model.index(r, 1).data() for r in range(model.rowCount())])
        widget.accept()

    QTimer.singleShot(20, inspect)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert seen == [["Schornsteinfeger", "Rauchmelder geprüft", "Haustiere"]]


def test_indiv_felder_saved_with_speichern(qtbot, ctx, portfolio, answers) -> None:
    from omclient.domain.enums import IndivEntitaet
    from omclient.services import indiv

    dialog = open_dialog(qtbot, ctx, portfolio)
    dialog.tabs.setCurrentWidget(dialog.indiv)
    datum = dialog.indiv.editor("Rauchmelder geprüft")
    qtbot.keyClicks(datum, "15.10.2026")
    tiere = dialog.indiv.editor("Haustiere")
    assert isinstance(tiere, QComboBox)
    tiere.setCurrentIndex(tiere.findText("Hund"))
    assert dialog.windowTitle().startswith("*") or dialog.is_dirty()
    click_named(qtbot, dialog, "speichern")
    assert answers.messages == []
    with ctx.db.sessions() as s:
        werte = {
            w.feld.bezeichnung: w.anzeige
            for w in indiv.werte(s, IndivEntitaet.EINHEIT, portfolio.einheit["1010/0001"])
        }
    assert werte["Rauchmelder geprüft"] == "15.10.2026" and werte["Haustiere"] == "Hund"


def test_indiv_felder_bad_value_rejected(qtbot, ctx, portfolio, answers) -> None:
    dialog = open_dialog(qtbot, ctx, portfolio)
    type_text(qtbot, editor_named(dialog, "lage"), "Hofseite")
    qtbot.keyClicks(dialog.indiv.editor("Rauchmelder geprüft"), "gestern")
    click_named(qtbot, dialog, "speichern")
    assert answers.messages[0][0] == "warning"
    assert "Rauchmelder geprüft" in answers.messages[0][2]
    assert dialog.indiv.is_dirty() and editor_named(dialog, "lage").text() == "Hofseite"
    # one transaction: the valid Lage was not written either
    with ctx.db.sessions() as s:
        e = s.get(Einheit, portfolio.einheit["1010/0001"])
        assert (e.lage, e.version) == ("links", 1)


def test_ticket_from_ausstattung_appears_in_infogrid(
    qtbot, ctx, portfolio, answers, monkeypatch
) -> None:
    from omclient.domain.enums import InfoArt

    dialog = open_dialog(qtbot, ctx, portfolio)
    dialog.tabs.setCurrentWidget(dialog.ausstattung)
    view = dialog.ausstattung.view
    rect = view.visualRect(view.model().index(0, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.infogrid.anzahl(InfoArt.AUFTRAG) == 0

    def fill() -> None:
        widget = QApplication.activeModalWidget()
        if widget is None or widget.objectName() != "ticketDialog":
            QTimer.singleShot(20, fill)
            return
        qtbot.keyClicks(widget.findChild(QLineEdit, "betreff"), "Kratzer")
        widget.accept()

    QTimer.singleShot(20, fill)
    click_named(qtbot, dialog, "ausstattung_ticket")
    assert dialog.infogrid.anzahl(InfoArt.AUFTRAG) == 1
    assert answers.titles() == ["Ticket erstellt"]


def test_opened_through_navigator(qtbot, ctx, portfolio) -> None:
    window = ctx.navigator.open_einheit(portfolio.einheit["1010/0002"])
    assert isinstance(window, EinheitDialog)
    assert window.isVisible() and "1010/0002" in window.windowTitle()
    assert isinstance(window.findChild(QCheckBox, "behindertengerecht"), QCheckBox)
