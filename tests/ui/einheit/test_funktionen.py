"""The Funktionen widget (Register Personen / Funktionen) driven as a user does."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLineEdit,
    QMessageBox,
)
from sqlalchemy import select

from omclient.domain import Funktion
from omclient.domain.enums import InfoKontext
from omclient.ui.einheit.funktionen import FunktionenWidget
from tests.ui.einheit.helpers import click_row, row_of, when_dialog

EK = InfoKontext.EINHEIT


def _select(qtbot, view, text: str) -> None:
    click_row(qtbot, view, row_of(view, text))


def test_funktion_hinzufuegen_bearbeiten_enddatum_loeschen(qtbot, ctx, portfolio, boxes) -> None:
    e2 = portfolio.einheit["1010/0002"]
    widget = FunktionenWidget(ctx, EK, e2)
    qtbot.addWidget(widget)
    widget.show()

    def fill(dialog: QDialog) -> None:
        art = dialog.findChild(QComboBox, "funktionsart_id")
        texts = [art.itemText(i) for i in range(art.count())]
        assert not any(t.startswith(("31000", "41000", "51000", "61000")) for t in texts)
        art.setCurrentIndex(art.findText("90020 Notfallkontakt"))
        qtbot.keyClicks(dialog.findChild(QLineEdit, "personSuche"), "Gruber")
        dialog.accept()

    when_dialog(fill)
    qtbot.mouseClick(widget.hinzufuegen_button, Qt.MouseButton.LeftButton)
    row = row_of(widget.view, "Gruber Peter")
    assert widget.model.text(row, 0) == "Notfallkontakt"
    assert widget.model.text(row, 3) == "23.11.2026"

    _select(qtbot, widget.view, "Gruber Peter")

    def end(dialog: QDialog) -> None:
        edit = dialog.findChild(QLineEdit, "enddatum")
        edit.clear()
        qtbot.keyClicks(edit, "30.11.2026")
        dialog.accept()

    when_dialog(end)
    qtbot.mouseClick(widget.enddatum_button, Qt.MouseButton.LeftButton)
    assert widget.model.text(row_of(widget.view, "Gruber Peter"), 4) == "30.11.2026"

    _select(qtbot, widget.view, "Gruber Peter")
    boxes.answer(QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(widget.loeschen_button, Qt.MouseButton.LeftButton)
    with pytest.raises(AssertionError):
        row_of(widget.view, "Gruber Peter")
    with ctx.db.sessions() as s:
        assert s.scalar(select(Funktion).where(Funktion.einheit_id == e2)) is None


def test_funktion_kopieren_onto_other_units(qtbot, ctx, portfolio, boxes) -> None:
    widget = FunktionenWidget(ctx, EK, portfolio.einheit["1010/0001"])
    qtbot.addWidget(widget)
    widget.show()
    _select(qtbot, widget.view, "Notfallkontakt")

    def choose(dialog: QDialog) -> None:
        lst = dialog.liste
        for i in range(lst.count()):
            if lst.item(i).text().startswith(("0002", "0003")):
                lst.item(i).setCheckState(Qt.CheckState.Checked)
        dialog.accept()

    when_dialog(choose)
    qtbot.mouseClick(widget.kopieren_button, Qt.MouseButton.LeftButton)
    assert "Funktion kopiert" in boxes.titles
    with ctx.db.sessions() as s:
        copies = s.scalars(
            select(Funktion).where(
                Funktion.einheit_id.in_(
                    [portfolio.einheit["1010/0002"], portfolio.einheit["1010/0003"]]
                )
            )
        ).all()
    assert len(copies) == 2 and {c.person_id for c in copies} == {portfolio.person["Berger"]}


def test_rw_function_buttons_disabled(qtbot, ctx, portfolio) -> None:
    widget = FunktionenWidget(ctx, EK, portfolio.einheit["1010/0001"])
    qtbot.addWidget(widget)
    widget.show()
    _select(qtbot, widget.view, "Hausbesorger")
    for button in (
        widget.bearbeiten_button,
        widget.loeschen_button,
        widget.kopieren_button,
        widget.enddatum_button,
    ):
        assert not button.isEnabled()
        assert "d+ RW" in button.toolTip()
    assert widget.person_button.isEnabled()


def test_zur_person_opens_person(qtbot, ctx, portfolio, monkeypatch) -> None:
    opened: list[int] = []
    monkeypatch.setattr(ctx.navigator, "open_person", lambda pid, parent=None: opened.append(pid))
    widget = FunktionenWidget(ctx, EK, portfolio.einheit["1010/0001"])
    qtbot.addWidget(widget)
    widget.show()
    _select(qtbot, widget.view, "Hausbesorger")
    qtbot.mouseClick(widget.person_button, Qt.MouseButton.LeftButton)
    assert opened == [portfolio.person["Gruber"]]


def test_serienbriefe_menu_lists_funktion_templates(qtbot, ctx, portfolio, monkeypatch) -> None:
    from omclient.domain import SerienbriefVorlage
    from omclient.ui.einheit import funktionen as mod

    with ctx.db.sessions.begin() as s:
        s.add(
            SerienbriefVorlage(
                name="Hausbesorger-Info", hauptdatenmenge="Funktion", pfad="/tmp/hb.docx"
            )
        )
        s.add(
            SerienbriefVorlage(
                name="Mahnung", hauptdatenmenge="Bestandsverhaeltnis", pfad="/tmp/m.docx"
            )
        )
    opened: list[str] = []
    monkeypatch.setattr(
        mod.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True
    )
    widget = FunktionenWidget(ctx, EK, portfolio.einheit["1010/0001"])
    qtbot.addWidget(widget)
    widget.serienbriefe_menu.aboutToShow.emit()
    actions = widget.serienbriefe_menu.actions()
    assert [a.text() for a in actions] == ["Hausbesorger-Info"]
    actions[0].trigger()
    assert opened == ["/tmp/hb.docx"]


def test_double_click_on_bestandnehmer_opens_bestandsverhaeltnis(
    qtbot, ctx, portfolio, monkeypatch
) -> None:
    opened: list[int] = []
    monkeypatch.setattr(
        ctx.navigator, "open_bestandsverhaeltnis", lambda bid, parent=None: opened.append(bid)
    )
    widget = FunktionenWidget(ctx, EK, portfolio.einheit["1010/0001"])
    qtbot.addWidget(widget)
    widget.show()
    row = row_of(widget.view, "Mieter")
    rect = widget.view.visualRect(widget.model.index(row, 0))
    qtbot.mouseClick(widget.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(widget.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == [portfolio.bv["1010/0001/1"]]
