"""Detaildialog Einheit driven as a clerk/administrator does (sqlite and postgresql)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QWidget,
)
from sqlalchemy import select

from omclient.domain import Einheit, GlobaleVariable, Interessent, is_rw_owned, rw_owned_fields
from omclient.ui.einheit import dialog as mod
from omclient.ui.einheit.dialog import EinheitDialog
from omclient.ui.einheit.indiv_felder import IndivFelderVerwaltenDialog


@pytest.fixture
def answers(monkeypatch):
    """Scripted answers for QMessageBox; records every message shown."""

    shown: list[tuple[str, str, str]] = []
    replies: dict[str, QMessageBox.StandardButton] = {}

    def fake(kind: str):
        def box(parent, title, text, *args, **kwargs):
            shown.append((kind, title, text))
            return replies.get(kind, QMessageBox.StandardButton.Ok)

        return staticmethod(box)

    for kind in ("question", "warning", "information"):
        monkeypatch.setattr(QMessageBox, kind, fake(kind))

    class Answers:
        messages = shown

        def reply(self, kind: str, button: QMessageBox.StandardButton) -> None:
            replies[kind] = button

        def titles(self) -> list[str]:
            return [t for _, t, _ in shown]

    return Answers()


def _open(qtbot, ctx, portfolio, key: str = "1010/0001") -> EinheitDialog:
    dialog = EinheitDialog(ctx, portfolio.einheit[key])
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _editor(dialog: EinheitDialog, name: str) -> QWidget:
    widget = dialog.findChild(QWidget, name)
    assert widget is not None, name
    return widget


def _label(dialog: EinheitDialog, name: str) -> QLabel:
    label = dialog.findChild(QLabel, f"label_{name}")
    assert label is not None, name
    return label


def _type(qtbot, edit: QLineEdit, text: str) -> None:
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def _click(qtbot, dialog: QWidget, name: str) -> None:
    button = dialog.findChild(QPushButton, name)
    assert button is not None, name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_rw_fields_disabled_and_italic_om_fields_editable(qtbot, ctx, portfolio) -> None:
    dialog = _open(qtbot, ctx, portfolio)
    with ctx.db.sessions() as s:
        einheit = s.get(Einheit, portfolio.einheit["1010/0001"])
        rw = {
            n
            for n in dialog.allgemein.form.fields
            if n in rw_owned_fields(Einheit) and is_rw_owned(einheit, n)
        }
        om = set(dialog.allgemein.form.fields) - {
            n for n in dialog.allgemein.form.fields if is_rw_owned(einheit, n)
        }
    assert {"top_nr", "wohnungscode", "strasse", "bemerkung_fibu", "heizkostenfirma"} <= rw
    for name in rw:
        assert _label(dialog, name).font().italic(), name
        assert not _editor(dialog, name).isEnabled(), name
    assert {"lage", "kategorie", "stiegenhaus_id", "vergabestelle_id", "mietzins_kategorie"} <= om
    for name in om:
        assert not _label(dialog, name).font().italic(), name
        assert _editor(dialog, name).isEnabled(), name
    # Stockwerk was converted for Top 1 …
    assert _label(dialog, "stockwerk").font().italic()
    # … the Verkettung Register (from RW) shows its status in italics
    assert dialog.findChild(QLabel, "verkettungStatus").font().italic()


def test_stockwerk_editable_when_not_converted(qtbot, ctx, portfolio) -> None:
    dialog = _open(qtbot, ctx, portfolio, "1010/0007")
    combo = _editor(dialog, "stockwerk")
    assert isinstance(combo, QComboBox) and combo.isEnabled()
    assert not _label(dialog, "stockwerk").font().italic()
    assert [combo.itemText(i) for i in range(combo.count())][1:] == [
        "UG",
        "EG",
        "1. OG",
        "2. OG",
        "3. OG",
        "4. OG",
        "DG",
    ]


def test_daten_shows_rw_values_and_stiegenhaus_hint(qtbot, ctx, portfolio) -> None:
    dialog = _open(qtbot, ctx, portfolio)
    assert _editor(dialog, "einheit_nr").text() == "0001"
    assert _editor(dialog, "heizkostenordnungsbegriff").text() == "HKO-1010-01"
    stiege = _editor(dialog, "stiegenhaus_id")
    assert isinstance(stiege, QComboBox)
    assert stiege.toolTip() == "1 – Stiege 1 – Donaufelder Straße 101"
    kategorie = _editor(dialog, "kategorie")
    assert [kategorie.itemText(i) for i in range(1, kategorie.count())] == ["A", "B", "C", "D"]
    vergabe = _editor(dialog, "vergabestelle_id")
    texts = [vergabe.itemText(i) for i in range(vergabe.count())]
    assert "Land NÖ (nicht berechtigt)" not in texts and vergabe.currentText().startswith(
        "Stadt Wien"
    )


def test_unterbestandsart_only_when_1306_defines_some(qtbot, ctx, portfolio) -> None:
    miete = _open(qtbot, ctx, portfolio, "1010/0001")
    combo = _editor(miete, "unterbestandsart")
    assert combo.isVisible() and _label(miete, "unterbestandsart").isVisible()
    assert [combo.itemText(i) for i in range(1, combo.count())] == [
        "Dienstwohnung",
        "Untermiete gestattet",
    ]
    eigentum = _open(qtbot, ctx, portfolio, "1010/0003")
    assert not _editor(eigentum, "unterbestandsart").isVisible()
    assert not _label(eigentum, "unterbestandsart").isVisible()


def test_indiv_daten_labels_and_hiding(qtbot, ctx, portfolio) -> None:
    dialog = _open(qtbot, ctx, portfolio)
    bereich = dialog.findChild(QGroupBox, "bereich_indiv_daten")
    assert bereich.isVisible()
    assert _label(dialog, "indiv_daten_1").text() == "Fernwärme-Kunden-Nr.:"
    assert _label(dialog, "indiv_daten_4").text() == "Hausverwaltung:"
    assert not _editor(dialog, "indiv_daten_3").isVisible()  # variable 3 is empty
    with ctx.db.sessions.begin() as s:
        for v in s.scalars(select(GlobaleVariable)):
            v.wert = ""
    qtbot.mouseClick(dialog.findChild(QPushButton, "aktualisieren"), Qt.MouseButton.LeftButton)
    assert not bereich.isVisible()


def test_save_writes_om_fields(qtbot, ctx, portfolio, answers) -> None:
    dialog = _open(qtbot, ctx, portfolio)
    _type(qtbot, _editor(dialog, "lage"), "Hofseite")
    kategorie = _editor(dialog, "kategorie")
    kategorie.setCurrentIndex(kategorie.findText("C"))
    status = _editor(dialog, "status_kz")
    status.setCurrentIndex(status.findData("03"))
    bemerkung = _editor(dialog, "bemerkung")
    assert isinstance(bemerkung, QPlainTextEdit)
    qtbot.keyClicks(bemerkung, "Fenster getauscht")
    assert dialog.windowTitle().startswith("*")
    _click(qtbot, dialog, "speichern")
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
    dialog = _open(qtbot, ctx, portfolio)
    _type(qtbot, _editor(dialog, "lage"), "Hof")
    _type(qtbot, _editor(dialog, "datum_erstvermietung"), "31.02.2020")
    _click(qtbot, dialog, "speichern")
    assert answers.messages and answers.messages[0][0] == "warning"
    assert "Datum Erstvermietung" in answers.messages[0][2]
    with ctx.db.sessions() as s:
        assert s.get(Einheit, portfolio.einheit["1010/0001"]).lage == "links"


def test_save_conflict_between_two_sessions_reported_nothing_lost(
    qtbot, ctx, admin_ctx, portfolio, answers
) -> None:
    first = _open(qtbot, ctx, portfolio)
    second = _open(qtbot, admin_ctx, portfolio)
    _type(qtbot, _editor(first, "lage"), "von Sabine")
    _type(qtbot, _editor(second, "lage"), "von Anton")
    _click(qtbot, first, "speichern")
    answers.reply("warning", QMessageBox.StandardButton.No)
    _click(qtbot, second, "speichern")
    kind, title, text = answers.messages[-1]
    assert (kind, title) == ("warning", "Bearbeitungskonflikt")
    assert "inzwischen von jemand anderem gespeichert" in text
    # nothing overwritten, nothing lost: the DB keeps the first save,
    # the second dialog keeps its input
    with ctx.db.sessions() as s:
        assert s.get(Einheit, portfolio.einheit["1010/0001"]).lage == "von Sabine"
    assert _editor(second, "lage").text() == "von Anton"
    # choosing "reload" shows the saved state
    answers.reply("warning", QMessageBox.StandardButton.Yes)
    _click(qtbot, second, "speichern")
    assert _editor(second, "lage").text() == "von Sabine"


def test_close_with_unsaved_changes_asks(qtbot, ctx, portfolio, answers) -> None:
    dialog = _open(qtbot, ctx, portfolio)
    _type(qtbot, _editor(dialog, "lage"), "Mitte")
    answers.reply("question", QMessageBox.StandardButton.Cancel)
    _click(qtbot, dialog, "schliessen")
    assert dialog.isVisible()
    assert answers.titles() == ["Ungespeicherte Änderungen"]
    answers.reply("question", QMessageBox.StandardButton.Save)
    _click(qtbot, dialog, "schliessen")
    assert not dialog.isVisible()
    with ctx.db.sessions() as s:
        assert s.get(Einheit, portfolio.einheit["1010/0001"]).lage == "Mitte"


def test_close_without_changes_does_not_ask(qtbot, ctx, portfolio, answers) -> None:
    dialog = _open(qtbot, ctx, portfolio)
    _click(qtbot, dialog, "schliessen")
    assert not dialog.isVisible() and answers.messages == []


def test_aktualisieren_reloads(qtbot, ctx, portfolio) -> None:
    dialog = _open(qtbot, ctx, portfolio)
    with ctx.db.sessions.begin() as s:
        s.get(Einheit, portfolio.einheit["1010/0001"]).lage = "geändert von jemand anderem"
    assert _editor(dialog, "lage").text() == "links"
    _click(qtbot, dialog, "aktualisieren")
    assert _editor(dialog, "lage").text() == "geändert von jemand anderem"


def test_dokumente_creates_and_opens_folder(qtbot, ctx, portfolio, monkeypatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(
        mod.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True
    )
    dialog = _open(qtbot, ctx, portfolio)
    _click(qtbot, dialog, "dokumente")
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
    dialog = _open(qtbot, ctx, portfolio)
    _click(qtbot, dialog, "navigation")
    assert calls == [portfolio.objekt["1010"]]


def test_interessentensuche_lists_matching(qtbot, ctx, portfolio) -> None:
    with ctx.db.sessions.begin() as s:
        s.add(
            Interessent(
                nachname="Sucher",
                vorname="Sonja",
                email="sonja@example.at",
                erstellt_am=dt.datetime(2026, 11, 1, 10),
                zimmer_min=3,
                flaeche_min=Decimal("60"),
            )
        )
        s.add(
            Interessent(
                nachname="Groß",
                vorname="Gerd",
                erstellt_am=dt.datetime(2026, 11, 1, 10),
                zimmer_min=5,
            )
        )
    dialog = _open(qtbot, ctx, portfolio)
    dialog.interessenten_action.trigger()
    found = dialog.findChild(QDialog, "interessentenDialog")
    assert found is not None
    table = found.findChild(QTableView, "interessentenListe")
    names = [table.model().index(r, 0).data() for r in range(table.model().rowCount())]
    assert names == ["Sucher Sonja"]


def test_drucken_uses_report_layer_or_says_unavailable(qtbot, ctx, portfolio, answers) -> None:
    dialog = _open(qtbot, ctx, portfolio)
    dialog.print_action.trigger()
    try:
        import omclient.reports.einheit_druck  # noqa: F401
    except ModuleNotFoundError:
        assert answers.titles() == ["Drucken"]
    else:
        assert dialog.preview.pdf.startswith(b"%PDF")
        assert "1010/0001" in dialog.preview.windowTitle()
        dialog.preview.close()


def test_berichte_button_lists_unit_reports(qtbot, ctx, portfolio) -> None:
    from omclient.reports.registry import ReportKontext, reports_for

    dialog = _open(qtbot, ctx, portfolio)
    button = dialog.findChild(QPushButton, "berichte")
    expected = [spec.name for spec in reports_for(ReportKontext.EINHEIT)]
    shown = [a.text() for a in button.menu().actions()] if button.menu() else []
    assert shown == expected
    assert button.isEnabled() == bool(expected)


def test_personen_register_protects_rw_functions(qtbot, ctx, portfolio) -> None:
    dialog = _open(qtbot, ctx, portfolio)
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


def test_flaechen_register_grouped_by_sachbereich(qtbot, ctx, portfolio) -> None:
    dialog = _open(qtbot, ctx, portfolio)
    boxes = [b.title() for b in dialog.flaechen.page.findChildren(QGroupBox)]
    assert boxes == ["BK – Betriebskosten", "HK – Heizkosten", "IK – Instandhaltung"]
    bk = dialog.findChild(QTableView, "flaechen_BK")
    assert bk.model().index(0, 1).data() == "BK Wohnungen"
    assert bk.model().index(0, 2).data() == "68,40 m²"
    assert "68,40 m²" in dialog.findChild(QLabel, "flaechenKopf").text()


def test_clerk_cannot_open_indiv_felder_verwalten(qtbot, ctx, portfolio) -> None:
    dialog = _open(qtbot, ctx, portfolio)
    button = dialog.findChild(QPushButton, "indivFelderVerwalten")
    assert not button.isEnabled()
    assert "nur Administratoren" in button.toolTip()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not isinstance(QApplication.activeModalWidget(), IndivFelderVerwaltenDialog)


def test_admin_opens_indiv_felder_verwalten(qtbot, admin_ctx, portfolio) -> None:
    dialog = _open(qtbot, admin_ctx, portfolio)
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

    dialog = _open(qtbot, ctx, portfolio)
    dialog.tabs.setCurrentWidget(dialog.indiv)
    datum = dialog.indiv.editor("Rauchmelder geprüft")
    qtbot.keyClicks(datum, "15.10.2026")
    tiere = dialog.indiv.editor("Haustiere")
    assert isinstance(tiere, QComboBox)
    tiere.setCurrentIndex(tiere.findText("Hund"))
    assert dialog.windowTitle().startswith("*") or dialog.is_dirty()
    _click(qtbot, dialog, "speichern")
    assert answers.messages == []
    with ctx.db.sessions() as s:
        werte = {
            w.feld.bezeichnung: w.anzeige
            for w in indiv.werte(s, IndivEntitaet.EINHEIT, portfolio.einheit["1010/0001"])
        }
    assert werte["Rauchmelder geprüft"] == "15.10.2026" and werte["Haustiere"] == "Hund"


def test_indiv_felder_bad_value_rejected(qtbot, ctx, portfolio, answers) -> None:
    dialog = _open(qtbot, ctx, portfolio)
    _type(qtbot, _editor(dialog, "lage"), "Hofseite")
    qtbot.keyClicks(dialog.indiv.editor("Rauchmelder geprüft"), "gestern")
    _click(qtbot, dialog, "speichern")
    assert answers.messages[0][0] == "warning"
    assert "Rauchmelder geprüft" in answers.messages[0][2]
    assert dialog.indiv.is_dirty() and _editor(dialog, "lage").text() == "Hofseite"
    # one transaction: the valid Lage was not written either
    with ctx.db.sessions() as s:
        e = s.get(Einheit, portfolio.einheit["1010/0001"])
        assert (e.lage, e.version) == ("links", 1)


def test_ticket_from_ausstattung_appears_in_infogrid(
    qtbot, ctx, portfolio, answers, monkeypatch
) -> None:
    from omclient.domain.enums import InfoArt

    dialog = _open(qtbot, ctx, portfolio)
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
    _click(qtbot, dialog, "ausstattung_ticket")
    assert dialog.infogrid.anzahl(InfoArt.AUFTRAG) == 1
    assert answers.titles() == ["Ticket erstellt"]


def test_opened_through_navigator(qtbot, ctx, portfolio) -> None:
    window = ctx.navigator.open_einheit(portfolio.einheit["1010/0002"])
    assert isinstance(window, EinheitDialog)
    assert window.isVisible() and "1010/0002" in window.windowTitle()
    assert isinstance(window.findChild(QCheckBox, "behindertengerecht"), QCheckBox)


def test_vergaberecht_of_non_berechtigte_stelle_is_named(qtbot, ctx, portfolio) -> None:
    with ctx.db.sessions.begin() as s:
        s.get(Einheit, portfolio.einheit["1010/0002"]).vergabestelle_id = portfolio.vergabestelle[
            "land"
        ]
    dialog = _open(qtbot, ctx, portfolio, "1010/0002")
    combo = _editor(dialog, "vergabestelle_id")
    assert combo.currentText() == "Land NÖ (nicht berechtigt) (nicht zuweisungsberechtigt)"
    assert not _editor(dialog, "erstbezug").placeholderText()
    assert _editor(dialog, "datum_erstvermietung").placeholderText() == "TT.MM.JJJJ"
