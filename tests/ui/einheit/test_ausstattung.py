"""Register Ausstattung of the Einheit dialog: every button's effect."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QInputDialog,
    QLineEdit,
    QMessageBox,
)
from sqlalchemy import select

from omclient.domain import Ausstattung, Instandhaltung
from omclient.ui.einheit.ausstattung import AusstattungWidget


@pytest.fixture
def boxes(monkeypatch):
    shown: list[str] = []
    state: dict[str, object] = {"item": None}

    def fake(parent, title, text, *args, **kwargs):
        shown.append(title)
        return QMessageBox.StandardButton.Yes

    for kind in ("question", "warning", "information"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(fake))

    def get_item(parent, title, label, items, current=0, editable=False, *a, **k):
        shown.append(title)
        match = next(i for i in items if str(state["item"]) in i)
        return match, True

    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(get_item))

    class Boxes:
        titles = shown

        def choose(self, text: str) -> None:
            state["item"] = text

    return Boxes()


@pytest.fixture
def register(qtbot, ctx, portfolio):
    opened: list[str] = []
    widget = AusstattungWidget(
        ctx, portfolio.einheit["1010/0001"], open_documents=lambda: opened.append("dms")
    )
    widget.opened = opened
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _names(widget: AusstattungWidget) -> list[str]:
    return [widget.model.text(r, 1) for r in range(widget.model.rowCount())]


def _select(qtbot, widget: AusstattungWidget, bezeichnung: str) -> None:
    row = _names(widget).index(bezeichnung)
    rect = widget.view.visualRect(widget.model.index(row, 0))
    qtbot.mouseClick(widget.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _click(qtbot, widget: AusstattungWidget, key: str) -> None:
    qtbot.mouseClick(widget.buttons[key], Qt.MouseButton.LeftButton)


def _when_dialog(name: str, action) -> None:
    def handle() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, QDialog) and widget.objectName() == name:
            action(widget)
        else:
            QTimer.singleShot(20, handle)

    QTimer.singleShot(20, handle)


def test_only_this_units_items_and_group_filter(qtbot, register) -> None:
    assert _names(register) == ["Parkett Eiche", "Badewanne", "Einbauküche", "Kellerabteil Nr. 12"]
    register.gruppe.setCurrentIndex(register.gruppe.findText("Sanitär"))
    assert _names(register) == ["Badewanne"]
    register.gruppe.setCurrentIndex(0)
    box = register.auch_inaktive
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert "Gastherme (alt)" in _names(register)


def test_hinzufuegen_and_bearbeiten(qtbot, register) -> None:
    def fill(dialog: QDialog) -> None:
        gruppe = dialog.findChild(QComboBox, "gruppe_id")
        gruppe.setCurrentIndex(gruppe.findText("Balkon/Loggia"))
        qtbot.keyClicks(dialog.findChild(QLineEdit, "bezeichnung"), "Loggia verglast")
        qtbot.keyClicks(dialog.findChild(QLineEdit, "menge"), "6,5")
        dialog.accept()

    _when_dialog("ausstattungDialog", fill)
    _click(qtbot, register, "hinzufuegen")
    assert "Loggia verglast" in _names(register)
    row = _names(register).index("Loggia verglast")
    assert register.model.text(row, 3) == "6,50"

    _select(qtbot, register, "Loggia verglast")

    def edit(dialog: QDialog) -> None:
        raum = dialog.findChild(QLineEdit, "raum")
        qtbot.keyClicks(raum, "Wohnzimmer")
        dialog.accept()

    _when_dialog("ausstattungDialog", edit)
    _click(qtbot, register, "bearbeiten")
    assert register.model.text(_names(register).index("Loggia verglast"), 2) == "Wohnzimmer"


def test_entfernen_kopieren_inaktiv(qtbot, ctx, portfolio, register, boxes) -> None:
    _select(qtbot, register, "Badewanne")
    boxes.choose("diese Einheit")
    _click(qtbot, register, "kopieren")
    assert _names(register).count("Badewanne") == 2
    _select(qtbot, register, "Badewanne")
    _click(qtbot, register, "entfernen")
    assert _names(register).count("Badewanne") == 1
    _select(qtbot, register, "Badewanne")
    _click(qtbot, register, "inaktiv")
    assert "Badewanne" not in _names(register)
    with ctx.db.sessions() as s:
        items = s.scalars(select(Ausstattung).where(Ausstattung.bezeichnung == "Badewanne")).all()
        assert [i.aktiv for i in items] == [False]


def test_verschieben_to_another_unit(qtbot, ctx, portfolio, register, boxes) -> None:
    _select(qtbot, register, "Kellerabteil Nr. 12")
    boxes.choose("0002 Top 2")
    _click(qtbot, register, "verschieben")
    assert "Kellerabteil Nr. 12" not in _names(register)
    with ctx.db.sessions() as s:
        item = s.scalar(select(Ausstattung).where(Ausstattung.bezeichnung == "Kellerabteil Nr. 12"))
        assert item.einheit_id == portfolio.einheit["1010/0002"]


def test_vorlage_buchen(qtbot, register, boxes) -> None:
    boxes.choose("Grundausstattung Wohnung")
    _click(qtbot, register, "vorlage")
    assert {"Waschtisch", "WC", "Gegensprechanlage"} <= set(_names(register))
    assert boxes.titles[-1] == "Vorlage gebucht"


def test_instandhaltung_erfassen(qtbot, ctx, register) -> None:
    _select(qtbot, register, "Badewanne")

    def fill(dialog: QDialog) -> None:
        qtbot.keyClicks(dialog.findChild(QLineEdit, "ergebnis"), "Silikonfuge erneuern")
        qtbot.keyClicks(dialog.findChild(QLineEdit, "naechste_faelligkeit"), "23.11.2027")
        dialog.accept()

    _when_dialog("instandhaltungDialog", fill)
    _click(qtbot, register, "instandhaltung")
    row = _names(register).index("Badewanne")
    assert register.model.text(row, 8) == "23.11.2026"
    assert register.model.text(row, 9) == "23.11.2027"
    with ctx.db.sessions() as s:
        p = s.scalar(select(Instandhaltung))
        assert p.ergebnis == "Silikonfuge erneuern" and p.datum == dt.date(2026, 11, 23)


def test_gehe_zu_and_dms(qtbot, ctx, portfolio, register, monkeypatch) -> None:
    opened: list[int] = []
    monkeypatch.setattr(ctx.navigator, "open_objekt", lambda oid, parent=None: opened.append(oid))
    register.goto_objekt.trigger()
    assert opened == [portfolio.objekt["1010"]]
    _click(qtbot, register, "dms")
    assert register.opened == ["dms"]


def test_einheit_dialog_dms_opens_ausstattung_subfolder(qtbot, ctx, portfolio, monkeypatch) -> None:
    from omclient.ui.einheit import dialog as mod

    urls: list[str] = []
    monkeypatch.setattr(
        mod.QDesktopServices, "openUrl", lambda url: urls.append(url.toLocalFile()) or True
    )
    dialog = mod.EinheitDialog(ctx, portfolio.einheit["1010/0001"])
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.ausstattung.buttons["dms"], Qt.MouseButton.LeftButton)
    assert Path(urls[0]).name == "Ausstattung" and Path(urls[0]).is_dir()


def test_gehe_zu_aufteilung_and_wohnanlage(qtbot, ctx, portfolio, monkeypatch) -> None:
    from omclient.ui.einheit.dialog import EinheitDialog

    opened: list[tuple[int, str]] = []
    monkeypatch.setattr(
        ctx.navigator,
        "open_uebersicht",
        lambda oid, reg="einheiten", parent=None: opened.append((oid, reg)),
    )
    dialog = EinheitDialog(ctx, portfolio.einheit["1010/0001"])
    qtbot.addWidget(dialog)
    dialog.tabs.setCurrentWidget(dialog.ausstattung)
    menu = dialog.ausstattung.buttons["gehezu"].menu()
    actions = {a.text(): a for a in menu.actions()}
    actions["Zur Aufteilungs&gruppe (Flächen / Aufteilung)"].trigger()
    assert dialog.tabs.tabText(dialog.tabs.currentIndex()) == "&Flächen / Aufteilung"
    actions["Zur &Wohnanlage (Einheitenübersicht)"].trigger()
    assert opened == [(portfolio.objekt["1010"], "einheiten")]
